package efs

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// Backup failures reach AlarmActions through EventBridge: AWS Backup sends a "... State
// Change" event to the default event bus of the job's region for every state a backup,
// copy or restore job goes through, and for every change of a vault (AWS Backup
// developer guide, "Monitoring AWS Backup events using Amazon EventBridge",
// https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html; its example
// events are stacks/testdata/events/). The vault notification API is no substitute:
// BACKUP_JOB_FAILED and most other failure events are deprecated and never sent
// (PutBackupVaultNotifications API reference).
//
// A copy job of a backup plan runs in the source region, so its events reach the rules
// of this stack's region; a restore started in the copy region reports there only
// (docs/backups.md says how to follow one).

// BackupEvent is one kind of AWS Backup event that an EventBridge rule forwards.
type BackupEvent struct {
	// Key names the rule (<BackupName>-<Key>) and its runbook entry ("<Key> notification").
	Key string
	// What says in the rule's description what it forwards.
	What string
	// DetailType is the event's detail-type.
	DetailType string
	// detail returns the rule's detail pattern; plan is the ARN of the stack's restore
	// testing plan (a Terraform reference).
	detail func(c Config, plan string) map[string]any
	// Paths are the input paths of the notification (name: JSON path), Text its text
	// with <name> placeholders, before the runbook reference.
	Paths map[string]string
	Text  func(c Config) string
	// appliesTo reports whether the Config needs the rule; nil means always.
	appliesTo func(p BackupPlan) bool
	// accountWide rules see every matching event of the account and region: one stack
	// at most creates them (BackupPlan.ForwardManualRestoreFailures), named by project.
	accountWide bool
}

// The state values of AWS Backup's job enums that mean failure: BackupJobState (FAILED,
// ABORTED, EXPIRED: not started within the start window), CopyJobState (FAILED; it has no
// ABORTED or EXPIRED), RestoreJobStatus (FAILED, ABORTED), and DescribeRestoreJob's
// ValidationStatus (FAILED, TIMED_OUT) and DeletionStatus (FAILED).
var (
	backupJobFailures         = []string{"FAILED", "ABORTED", "EXPIRED"}
	copyJobFailures           = []string{"FAILED"}
	restoreJobFailures        = []string{"FAILED", "ABORTED"}
	restoreValidationFailures = []string{"FAILED", "TIMED_OUT"}
	restoreDeletionFailures   = []string{"FAILED"}
)

// common input paths of every notification.
func eventPaths(extra map[string]string) map[string]string {
	p := map[string]string{"time": "$.time", "region": "$.region", "account": "$.account"}
	for k, v := range extra {
		p[k] = v
	}
	return p
}

// backupEvents is the table of forwarded events. Field names and places are those of the
// developer guide's example events: backup and copy jobs report "state", restore jobs
// "status"; a restore job of a restore testing plan carries detail.restoreTestingPlanArn
// ("if your restore job is part of a restore testing plan, the parameter
// restoreTestingPlanArn is included"), and restore events carry DescribeRestoreJob's
// parameters (validationStatus, deletionStatus). The FAILED restore example names no
// vault, recovery point field or created resource: the recovery point is the event's
// resources[0], the only place every restore example names it.
var backupEvents = []BackupEvent{
	{
		Key: "backup_job", What: "failed backup job", DetailType: "Backup Job State Change",
		// Backup job events name their vault, failed ones included.
		detail: func(c Config, _ string) map[string]any {
			return map[string]any{"backupVaultName": []string{c.BackupName()}, "state": backupJobFailures}
		},
		Paths: eventPaths(map[string]string{"id": "$.detail.backupJobId", "state": "$.detail.state",
			"message": "$.detail.statusMessage", "resource": "$.detail.resourceArn"}),
		Text: func(c Config) string {
			return "AWS Backup backup job <id> of EFS " + c.Name() + " (<resource>) ended <state> at <time> in <region>, account <account>: <message>."
		},
	},
	{
		// "To monitor Completed with issues events, monitor COMPLETED jobs that have a
		// status message" (developer guide, EventBridge): a status message that is
		// present and not empty. anything-but never matches a missing field.
		Key: "backup_job_issues", What: "backup job completed with issues", DetailType: "Backup Job State Change",
		detail: func(c Config, _ string) map[string]any {
			return map[string]any{"backupVaultName": []string{c.BackupName()}, "state": []string{"COMPLETED"},
				"statusMessage": []any{map[string]any{"anything-but": []string{""}}}}
		},
		Paths: eventPaths(map[string]string{"id": "$.detail.backupJobId", "message": "$.detail.statusMessage",
			"resource": "$.detail.resourceArn", "recovery_point": "$.resources[0]"}),
		Text: func(c Config) string {
			return "AWS Backup backup job <id> of EFS " + c.Name() + " (<resource>) completed with issues at <time> in <region>, account <account>: <message>. Recovery point <recovery_point>."
		},
	},
	{
		Key: "copy_job", What: "failed copy job", DetailType: "Copy Job State Change",
		// Copy job events name their source vault by ARN, whose account is known only at
		// deploy time: a suffix match keeps the pattern a literal.
		detail: func(c Config, _ string) map[string]any {
			return map[string]any{"sourceBackupVaultArn": []any{map[string]string{"suffix": ":backup-vault:" + c.BackupName()}},
				"state": copyJobFailures}
		},
		Paths: eventPaths(map[string]string{"id": "$.detail.copyJobId", "state": "$.detail.state",
			"message": "$.detail.statusMessage", "resource": "$.detail.resourceArn", "destination": "$.detail.destinationBackupVaultArn"}),
		Text: func(c Config) string {
			return "AWS Backup copy job <id> of EFS " + c.Name() + " (<resource>) to <destination> ended <state> at <time> in <region>, account <account>: <message>."
		},
		appliesTo: func(p BackupPlan) bool { return p.CopyDestinationVaultArn != "" },
	},
	{
		// The stack's own restore tests only: another stack's plan is another team's.
		Key: "restore_job", What: "failed restore test", DetailType: "Restore Job State Change",
		detail: func(_ Config, plan string) map[string]any {
			return map[string]any{"restoreTestingPlanArn": []string{plan},
				"$or": []any{map[string]any{"status": restoreJobFailures}, map[string]any{"validationStatus": restoreValidationFailures}}}
		},
		Paths: eventPaths(map[string]string{"id": "$.detail.restoreJobId", "state": "$.detail.status",
			"message": "$.detail.statusMessage", "validation": "$.detail.validationStatus",
			"plan": "$.detail.restoreTestingPlanArn", "recovery_point": "$.resources[0]"}),
		Text: func(c Config) string {
			return "AWS Backup restore test <id> of restore testing plan <plan> (EFS " + c.Name() + ", recovery point <recovery_point>) ended <state>, validation <validation>, at <time> in <region>, account <account>: <message>."
		},
	},
	{
		// Restore testing deletes the restored file system after the validation window;
		// a failed deletion leaves a full copy billing until someone deletes it.
		Key: "restore_cleanup", What: "failed clean-up of a restore test", DetailType: "Restore Job State Change",
		detail: func(_ Config, plan string) map[string]any {
			return map[string]any{"restoreTestingPlanArn": []string{plan}, "deletionStatus": restoreDeletionFailures}
		},
		Paths: eventPaths(map[string]string{"id": "$.detail.restoreJobId", "deletion": "$.detail.deletionStatus",
			"message": "$.detail.deletionStatusMessage", "created": "$.detail.createdResourceArn",
			"plan": "$.detail.restoreTestingPlanArn"}),
		Text: func(c Config) string {
			return "AWS Backup could not delete the file system <created> restored by restore test <id> of plan <plan> (EFS " + c.Name() + "): deletion <deletion> at <time> in <region>, account <account>: <message>. It bills until deleted."
		},
	},
	{
		// Any state: CREATED, MODIFIED (a lock put, changed or removed: the example
		// carries isLocked) or DELETED.
		Key: "vault_change", What: "change of the backup vault or its lock", DetailType: "Backup Vault State Change",
		detail: func(c Config, _ string) map[string]any {
			return map[string]any{"backupVaultName": []string{c.BackupName()}}
		},
		Paths: eventPaths(map[string]string{"vault": "$.detail.backupVaultName", "state": "$.detail.state",
			"locked": "$.detail.isLocked"}),
		Text: func(c Config) string {
			return "AWS Backup vault <vault> of EFS " + c.Name() + " changed: <state> (locked: <locked>) at <time> in <region>, account <account>. If nobody planned it, treat it as an incident."
		},
	},
	{
		// Restores outside any restore testing plan: a person's restore of any EFS
		// recovery point of the account and region. Created by one stack at most.
		Key: "manual_restore", What: "failed EFS restore outside any restore testing plan (account-wide)", DetailType: "Restore Job State Change",
		detail: func(Config, string) map[string]any {
			return map[string]any{"resourceType": []string{RestoreTestingResourceType},
				"restoreTestingPlanArn": []any{map[string]bool{"exists": false}}, "status": restoreJobFailures}
		},
		Paths: eventPaths(map[string]string{"id": "$.detail.restoreJobId", "state": "$.detail.status",
			"message": "$.detail.statusMessage", "recovery_point": "$.resources[0]", "role": "$.detail.iamRoleArn"}),
		Text: func(Config) string {
			return "AWS Backup restore job <id> (an EFS restore outside any restore testing plan, recovery point <recovery_point>, role <role>) ended <state> at <time> in <region>, account <account>: <message>."
		},
		appliesTo:   func(p BackupPlan) bool { return p.ForwardManualRestoreFailures },
		accountWide: true,
	},
}

// heading is the event's entry in RunbookDoc.
func (e BackupEvent) heading() string { return e.Key + " notification" }

// RuleName names the rule: BackupName (at most 50 characters) and the key fit
// EventBridge's 64. An account-wide rule is named by the project alone.
func (e BackupEvent) RuleName(c Config) string {
	if e.accountWide {
		return c.ProjectName + "-efs-" + e.Key
	}
	return c.BackupName() + "-" + e.Key
}

// Pattern is the rule's event pattern, as JSON; plan is the restore testing plan's ARN.
func (e BackupEvent) Pattern(c Config, plan string) string {
	return mustJSON(map[string]any{
		"source":      []string{"aws.backup"},
		"detail-type": []string{e.DetailType},
		"detail":      e.detail(c, plan),
	})
}

// InputTemplate is the notification's text and runbook reference. An input template
// whose output is a string is that string in JSON quotes.
func (e BackupEvent) InputTemplate(c Config) string {
	return strconv.Quote(e.Text(c) + " Runbook: " + runbookRef(c.RunbookBaseURL, e.heading()))
}

// mustJSON encodes v, which holds only strings, booleans, slices and maps: it cannot fail.
func mustJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return string(bytes.TrimSpace(b.Bytes()))
}

// backupEventsEnabled reports whether the Config forwards backup events: with a
// BackupPlan and someone to tell (AlarmActions, SNS topics).
func (c Config) backupEventsEnabled() bool { return c.BackupPlan != nil && len(c.AlarmActions) > 0 }

// EnabledBackupEvents returns the events the Config forwards: none without a BackupPlan
// or someone to tell.
func (c Config) EnabledBackupEvents() []BackupEvent {
	if !c.backupEventsEnabled() {
		return nil
	}
	var out []BackupEvent
	for _, e := range backupEvents {
		if e.appliesTo == nil || e.appliesTo(*c.BackupPlan) {
			out = append(out, e)
		}
	}
	return out
}

// BackupEventRuleNames returns the names of the EventBridge rules that forward backup
// events to AlarmActions.
func (c Config) BackupEventRuleNames() []string {
	var names []string
	for _, e := range c.EnabledBackupEvents() {
		names = append(names, e.RuleName(c))
	}
	return names
}
