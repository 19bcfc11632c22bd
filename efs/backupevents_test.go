package efs

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testPlanArn = "arn:aws:backup:us-east-1:123456789012:restore-testing-plan:kafka_prod_efs-abc"

// TestBackupEventPatterns pins each rule's event pattern: source aws.backup, its
// detail-type, the values in the field AWS Backup puts them in (state for backup and copy
// jobs, status for restore jobs: a rule on the wrong field never matches), and the filter
// that keeps it to this file system or its restore testing plan.
func TestBackupEventPatterns(t *testing.T) {
	c := Config{ProjectName: "kafka", Environment: "prod",
		BackupPlan: &BackupPlan{CopyDestinationVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:kafka-prod-efs-copy",
			ForwardManualRestoreFailures: true},
		CreateCloudwatchAlarms: true, AlarmActions: []string{"arn:aws:sns:us-east-1:123456789012:alerts"}}
	want := map[string]string{
		"backup_job": `{"detail":{"backupVaultName":["kafka-prod-efs"],"state":["FAILED","ABORTED","EXPIRED"]},` +
			`"detail-type":["Backup Job State Change"],"source":["aws.backup"]}`,
		"backup_job_issues": `{"detail":{"backupVaultName":["kafka-prod-efs"],"state":["COMPLETED"],"statusMessage":[{"anything-but":[""]}]},` +
			`"detail-type":["Backup Job State Change"],"source":["aws.backup"]}`,
		"copy_job": `{"detail":{"sourceBackupVaultArn":[{"suffix":":backup-vault:kafka-prod-efs"}],"state":["FAILED"]},` +
			`"detail-type":["Copy Job State Change"],"source":["aws.backup"]}`,
		"restore_job": `{"detail":{"$or":[{"status":["FAILED","ABORTED"]},{"validationStatus":["FAILED","TIMED_OUT"]}],"restoreTestingPlanArn":["` + testPlanArn + `"]},` +
			`"detail-type":["Restore Job State Change"],"source":["aws.backup"]}`,
		"restore_cleanup": `{"detail":{"deletionStatus":["FAILED"],"restoreTestingPlanArn":["` + testPlanArn + `"]},` +
			`"detail-type":["Restore Job State Change"],"source":["aws.backup"]}`,
		"vault_change": `{"detail":{"backupVaultName":["kafka-prod-efs"]},"detail-type":["Backup Vault State Change"],"source":["aws.backup"]}`,
		"manual_restore": `{"detail":{"resourceType":["EFS"],"restoreTestingPlanArn":[{"exists":false}],"status":["FAILED","ABORTED"]},` +
			`"detail-type":["Restore Job State Change"],"source":["aws.backup"]}`,
	}
	require.Len(t, backupEvents, len(want))
	for _, e := range backupEvents {
		assert.JSONEq(t, want[e.Key], e.Pattern(c, testPlanArn), e.Key)
	}
	assert.Equal(t, []string{"kafka-prod-efs-backup_job", "kafka-prod-efs-backup_job_issues", "kafka-prod-efs-copy_job",
		"kafka-prod-efs-restore_job", "kafka-prod-efs-restore_cleanup", "kafka-prod-efs-vault_change", "kafka-efs-manual_restore"},
		c.BackupEventRuleNames())
	for _, n := range c.BackupEventRuleNames() {
		assert.LessOrEqual(t, len(n), 64, "EventBridge rule names")
	}

	c.BackupPlan = &BackupPlan{}
	assert.NotContains(t, c.BackupEventRuleNames(), "kafka-prod-efs-copy_job", "no copies, no copy jobs")
	assert.NotContains(t, c.BackupEventRuleNames(), "kafka-efs-manual_restore", "manual restores only where asked")
	c.AlarmActions, c.CreateCloudwatchAlarms = nil, false
	assert.Empty(t, c.BackupEventRuleNames(), "nobody to tell")
	c.AlarmActions, c.BackupPlan = []string{"arn:aws:sns:us-east-1:123456789012:alerts"}, nil
	assert.Empty(t, c.BackupEventRuleNames(), "no backups")
}

// TestBackupEventMessages: each notification's template is a JSON string whose
// placeholders all have an input path, names the file system (or, account-wide, says so)
// and ends with the runbook entry; the restore test's names its plan and recovery point
// from fields AWS sends, never createdResourceArn (absent from failed restore events).
func TestBackupEventMessages(t *testing.T) {
	c := Config{ProjectName: "kafka", Environment: "prod", BackupPlan: &BackupPlan{},
		RunbookBaseURL: "https://github.com/acme/kafka-efs/blob/main"}
	placeholder := regexp.MustCompile(`<([a-z_]+)>`)
	byKey := map[string]BackupEvent{}
	for _, e := range backupEvents {
		byKey[e.Key] = e
		tmpl := e.InputTemplate(c)
		var text string
		require.NoError(t, json.Unmarshal([]byte(tmpl), &text), "an input template for a string is a JSON string")
		unquoted, err := strconv.Unquote(tmpl)
		require.NoError(t, err)
		assert.Equal(t, unquoted, text)
		used := map[string]bool{}
		for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
			used[m[1]] = true
			assert.Contains(t, e.Paths, m[1], "%s: placeholder <%s> without an input path", e.Key, m[1])
		}
		for name, path := range e.Paths {
			assert.True(t, used[name], "%s: input path %s unused", e.Key, name)
			assert.True(t, strings.HasPrefix(path, "$."), path)
		}
		for _, p := range []string{"time", "region", "account"} {
			assert.True(t, used[p], "%s names %s", e.Key, p)
		}
		if !e.accountWide {
			assert.Contains(t, text, "EFS kafka-prod", e.Key)
		}
		assert.True(t, strings.HasSuffix(text, "Runbook: https://github.com/acme/kafka-efs/blob/main/docs/operations.md#"+e.Key+"-notification"), text)
		assert.NotContains(t, tmpl, "${")
	}
	rt := byKey["restore_job"]
	assert.Equal(t, "$.detail.restoreTestingPlanArn", rt.Paths["plan"])
	assert.Equal(t, "$.resources[0]", rt.Paths["recovery_point"])
	assert.Equal(t, "$.detail.status", rt.Paths["state"], "restore jobs report status")
	assert.NotContains(t, rt.Paths, "created", "failed restore events carry no createdResourceArn")
	assert.Equal(t, "$.detail.state", byKey["backup_job"].Paths["state"], "backup jobs report state")
	c.RunbookBaseURL = ""
	assert.Contains(t, byKey["backup_job"].InputTemplate(c), `Runbook: docs/operations.md, section \"backup_job notification\"`)
}

// TestRestoreTestingValidationWindow: an hour without a validator (nothing reads the
// copy), a day with one, and an explicit value wins.
func TestRestoreTestingValidationWindow(t *testing.T) {
	assert.Equal(t, 1, BackupPlan{}.RestoreTestingOrDefault().ValidationWindowHours)
	assert.Equal(t, 24, BackupPlan{RestoreTesting: RestoreTesting{Validator: true}}.RestoreTestingOrDefault().ValidationWindowHours)
	assert.Equal(t, 6, BackupPlan{RestoreTesting: RestoreTesting{Validator: true, ValidationWindowHours: 6}}.RestoreTestingOrDefault().ValidationWindowHours)
}
