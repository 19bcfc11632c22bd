package kafkaefs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatcheventrule"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatcheventtarget"
)

// Backup failures reach AlarmActions through EventBridge: AWS Backup sends a "... Job
// State Change" event to the default event bus of the job's region for every state a
// backup, copy or restore job goes through (AWS Backup developer guide, Monitoring AWS
// Backup events using Amazon EventBridge). The vault notification API is no substitute:
// BACKUP_JOB_FAILED and most other failure events are deprecated and never sent
// (PutBackupVaultNotifications API reference), and no AWS/Backup metric carries a
// restore test's validation.
//
// A copy job of a backup plan runs in the source region, so its events reach the rules
// of this stack's region; a restore started in the copy region reports there only
// (docs/backups.md says how to follow one).

// backupEvent is one kind of AWS Backup job whose failures an EventBridge rule forwards.
type backupEvent struct {
	// Key names the rule (<BackupName>-<Key>) and its runbook entry ("<Key> notification").
	Key string
	// Job is what the notification calls the job ("backup job").
	Job string
	// DetailType is the event's detail-type.
	DetailType string
	// StateField is the detail field holding the job's state: backup and copy job events
	// carry "state", restore job events "status" (the developer guide's examples), as in
	// the API's BackupJob.State, CopyJob.State and DescribeRestoreJob's Status.
	StateField string
	// FailedStates are the values of StateField that mean failure, from the API's enums:
	// BackupJobState (FAILED, ABORTED, EXPIRED: not started within the start window),
	// CopyJobState (FAILED; it has no ABORTED or EXPIRED), RestoreJobStatus (FAILED,
	// ABORTED).
	FailedStates []string
	// IDField is the detail field of the job's ID.
	IDField string
	// match returns the detail fields, beside the state, that keep the rule to this file
	// system's jobs.
	match func(c Config) map[string]any
	// Validation, for restore jobs, also forwards a failed or timed-out validation
	// (DescribeRestoreJob's ValidationStatus, which restore job events may carry).
	Validation bool
	// appliesTo reports whether the Config runs such jobs; nil means always.
	appliesTo func(p BackupPlan) bool
}

// backupEvents is the table of forwarded job failures.
var backupEvents = []backupEvent{
	{
		Key: "backup_job", Job: "backup job", DetailType: "Backup Job State Change",
		StateField: "state", FailedStates: []string{"FAILED", "ABORTED", "EXPIRED"}, IDField: "backupJobId",
		// Backup job events name their vault, failed ones included.
		match: func(c Config) map[string]any { return map[string]any{"backupVaultName": []string{c.BackupName()}} },
	},
	{
		Key: "copy_job", Job: "copy job", DetailType: "Copy Job State Change",
		StateField: "state", FailedStates: []string{"FAILED"}, IDField: "copyJobId",
		// Copy job events name their source vault by ARN, whose account is known only at
		// deploy time: a suffix match keeps the pattern a literal.
		match: func(c Config) map[string]any {
			return map[string]any{"sourceBackupVaultArn": []any{map[string]string{"suffix": ":backup-vault:" + c.BackupName()}}}
		},
		appliesTo: func(p BackupPlan) bool { return p.CopyDestinationVaultArn != "" },
	},
	{
		Key: "restore_job", Job: "restore job (restore tests included)", DetailType: "Restore Job State Change",
		StateField: "status", FailedStates: []string{"FAILED", "ABORTED"}, IDField: "restoreJobId",
		// A failed restore event names neither its vault nor its source (the developer
		// guide's example carries resourceType and the role only): every EFS restore of
		// the account and region is forwarded rather than risk missing this one's.
		match: func(Config) map[string]any {
			return map[string]any{"resourceType": []string{RestoreTestingResourceType}}
		},
		Validation: true,
	},
}

// restoreValidationFailures are the ValidationStatus values (PutRestoreValidationResult)
// that mean the restored data did not pass.
var restoreValidationFailures = []string{"FAILED", "TIMED_OUT"}

// heading is the event's entry in RunbookDoc.
func (e backupEvent) heading() string { return e.Key + " notification" }

// ruleName names the rule: BackupName (at most 50 characters) and the key fit
// EventBridge's 64.
func (e backupEvent) ruleName(c Config) string { return c.BackupName() + "-" + e.Key }

// pattern is the rule's event pattern, as JSON.
func (e backupEvent) pattern(c Config) string {
	detail := e.match(c)
	failed := map[string]any{e.StateField: e.FailedStates}
	if e.Validation {
		detail["$or"] = []any{failed, map[string]any{"validationStatus": restoreValidationFailures}}
	} else {
		detail[e.StateField] = e.FailedStates
	}
	return mustJSON(map[string]any{
		"source":      []string{"aws.backup"},
		"detail-type": []string{e.DetailType},
		"detail":      detail,
	})
}

// inputPaths and inputTemplate turn the event into the notification's text: what failed,
// when, why (statusMessage) and where the runbook is.
func (e backupEvent) inputPaths() map[string]string {
	p := map[string]string{
		"id": "$.detail." + e.IDField, "state": "$.detail." + e.StateField, "message": "$.detail.statusMessage",
		"time": "$.time", "region": "$.region", "account": "$.account",
	}
	if e.Validation {
		p["validation"] = "$.detail.validationStatus"
		p["resource"] = "$.detail.createdResourceArn"
	} else {
		p["resource"] = "$.detail.resourceArn"
	}
	return p
}

func (e backupEvent) inputTemplate(c Config) string {
	text := fmt.Sprintf("AWS Backup %s <id> of EFS %s (%s) ended <state>", e.Job, c.Name(), "<resource>")
	if e.Validation {
		text += ", validation <validation>"
	}
	text += " at <time> in <region>, account <account>: <message>. Runbook: " + runbookRef(c.RunbookBaseURL, e.heading())
	// An input template whose output is a string is that string in JSON quotes.
	return strconv.Quote(text)
}

// mustJSON encodes v, which holds only strings, slices and maps: it cannot fail.
func mustJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return string(bytes.TrimSpace(b.Bytes()))
}

// backupEventsEnabled reports whether the Config forwards backup failures: with a
// BackupPlan and someone to tell (AlarmActions, SNS topics).
func (c Config) backupEventsEnabled() bool { return c.BackupPlan != nil && len(c.AlarmActions) > 0 }

// enabledBackupEvents returns the job kinds whose failures the Config forwards: backup
// and restore jobs, and copy jobs where the plan copies; none without a BackupPlan or
// someone to tell.
func (c Config) enabledBackupEvents() []backupEvent {
	if !c.backupEventsEnabled() {
		return nil
	}
	var out []backupEvent
	for _, e := range backupEvents {
		if e.appliesTo == nil || e.appliesTo(*c.BackupPlan) {
			out = append(out, e)
		}
	}
	return out
}

// BackupEventRuleNames returns the names of the EventBridge rules that forward backup,
// copy and restore job failures to AlarmActions.
func (c Config) BackupEventRuleNames() []string {
	var names []string
	for _, e := range c.enabledBackupEvents() {
		names = append(names, e.ruleName(c))
	}
	return names
}

// newBackupEvents adds one EventBridge rule per enabled job kind and one target per
// AlarmActions topic. Each topic's policy must let
// events.amazonaws.com publish with aws:SourceArn of the rules, and an encrypted topic's
// key must let events.amazonaws.com use it (the stacks do both).
func (k *KafkaEfs) newBackupEvents() {
	c := k.Config
	for _, e := range c.enabledBackupEvents() {
		rule := cloudwatcheventrule.NewCloudwatchEventRule(k.Construct, jsii.String("backup-event-"+e.Key), &cloudwatcheventrule.CloudwatchEventRuleConfig{
			Name:         jsii.String(e.ruleName(c)),
			Description:  jsii.String("Forwards every failed " + e.Job + " of EFS " + c.Name() + " to the alarm topic"),
			EventPattern: jsii.String(e.pattern(c)),
			Tags:         k.tags(e.ruleName(c)),
		})
		k.Backup.EventRules = append(k.Backup.EventRules, rule)
		paths := map[string]*string{}
		for name, path := range e.inputPaths() {
			paths[name] = jsii.String(path)
		}
		for i, action := range c.AlarmActions {
			cloudwatcheventtarget.NewCloudwatchEventTarget(k.Construct, jsii.String(fmt.Sprintf("backup-event-%s-target-%d", e.Key, i)),
				&cloudwatcheventtarget.CloudwatchEventTargetConfig{
					Rule:     rule.Name(),
					TargetId: jsii.String(fmt.Sprintf("alarm-action-%d", i)),
					Arn:      jsii.String(action),
					InputTransformer: &cloudwatcheventtarget.CloudwatchEventTargetInputTransformer{
						InputPaths:    &paths,
						InputTemplate: jsii.String(e.inputTemplate(c)),
					},
				})
		}
	}
}
