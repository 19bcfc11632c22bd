package kafkaefs

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBackupEventPatterns pins each rule's event pattern: source aws.backup, its
// detail-type, the failure states in the field AWS Backup puts them in (state for backup
// and copy jobs, status for restore jobs: a rule on the wrong field never matches), and
// the filter that keeps it to this file system.
func TestBackupEventPatterns(t *testing.T) {
	c := Config{ProjectName: "kafka", Environment: "prod",
		BackupPlan:             &BackupPlan{CopyDestinationVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:kafka-prod-efs-copy"},
		CreateCloudwatchAlarms: true, AlarmActions: []string{"arn:aws:sns:us-east-1:123456789012:alerts"}}
	want := map[string]string{
		"backup_job": `{"detail":{"backupVaultName":["kafka-prod-efs"],"state":["FAILED","ABORTED","EXPIRED"]},` +
			`"detail-type":["Backup Job State Change"],"source":["aws.backup"]}`,
		"copy_job": `{"detail":{"sourceBackupVaultArn":[{"suffix":":backup-vault:kafka-prod-efs"}],"state":["FAILED"]},` +
			`"detail-type":["Copy Job State Change"],"source":["aws.backup"]}`,
		"restore_job": `{"detail":{"$or":[{"status":["FAILED","ABORTED"]},{"validationStatus":["FAILED","TIMED_OUT"]}],"resourceType":["EFS"]},` +
			`"detail-type":["Restore Job State Change"],"source":["aws.backup"]}`,
	}
	require.Len(t, backupEvents, len(want))
	for _, e := range backupEvents {
		assert.JSONEq(t, want[e.Key], e.pattern(c), e.Key)
	}
	assert.Equal(t, []string{"kafka-prod-efs-backup_job", "kafka-prod-efs-copy_job", "kafka-prod-efs-restore_job"}, c.BackupEventRuleNames())
	for _, n := range c.BackupEventRuleNames() {
		assert.LessOrEqual(t, len(n), 64, "EventBridge rule names")
	}

	c.BackupPlan = &BackupPlan{}
	assert.Equal(t, []string{"kafka-prod-efs-backup_job", "kafka-prod-efs-restore_job"}, c.BackupEventRuleNames(), "no copies, no copy jobs")
	c.AlarmActions, c.CreateCloudwatchAlarms = nil, false
	assert.Empty(t, c.BackupEventRuleNames(), "nobody to tell")
	c.AlarmActions, c.BackupPlan = []string{"arn:aws:sns:us-east-1:123456789012:alerts"}, nil
	assert.Empty(t, c.BackupEventRuleNames(), "no backups")
}

// TestBackupEventPatternsMatch runs the patterns on the developer guide's example events
// (trimmed), with this file system's names: the failures match, the successes do not.
func TestBackupEventPatternsMatch(t *testing.T) {
	c := Config{ProjectName: "kafka", Environment: "prod", BackupPlan: &BackupPlan{}}
	event := func(detailType string, detail map[string]any) map[string]any {
		return map[string]any{"source": "aws.backup", "detail-type": detailType, "detail": detail}
	}
	vault := "arn:aws:backup:us-east-1:123456789012:backup-vault:kafka-prod-efs"
	tests := []struct {
		key   string
		event map[string]any
		want  bool
	}{
		{"backup_job", event("Backup Job State Change", map[string]any{"backupVaultName": "kafka-prod-efs", "state": "FAILED"}), true},
		{"backup_job", event("Backup Job State Change", map[string]any{"backupVaultName": "kafka-prod-efs", "state": "EXPIRED"}), true},
		{"backup_job", event("Backup Job State Change", map[string]any{"backupVaultName": "kafka-prod-efs", "state": "COMPLETED"}), false},
		{"backup_job", event("Backup Job State Change", map[string]any{"backupVaultName": "other-efs", "state": "FAILED"}), false},
		{"copy_job", event("Copy Job State Change", map[string]any{"sourceBackupVaultArn": vault, "state": "FAILED"}), true},
		{"copy_job", event("Copy Job State Change", map[string]any{"sourceBackupVaultArn": vault, "state": "COMPLETED"}), false},
		{"copy_job", event("Copy Job State Change", map[string]any{"sourceBackupVaultArn": vault + "-copy", "state": "FAILED"}), false},
		{"restore_job", event("Restore Job State Change", map[string]any{"resourceType": "EFS", "status": "FAILED"}), true},
		{"restore_job", event("Restore Job State Change", map[string]any{"resourceType": "EFS", "status": "ABORTED"}), true},
		{"restore_job", event("Restore Job State Change", map[string]any{"resourceType": "EFS", "status": "COMPLETED", "validationStatus": "FAILED"}), true},
		{"restore_job", event("Restore Job State Change", map[string]any{"resourceType": "EFS", "status": "COMPLETED", "validationStatus": "SUCCESSFUL"}), false},
		{"restore_job", event("Restore Job State Change", map[string]any{"resourceType": "EFS", "status": "COMPLETED"}), false},
		// A restore job's "state" is CREATED only: the failure is in "status".
		{"restore_job", event("Restore Job State Change", map[string]any{"resourceType": "EFS", "state": "FAILED"}), false},
		{"restore_job", event("Restore Job State Change", map[string]any{"resourceType": "EBS", "status": "FAILED"}), false},
	}
	byKey := map[string]backupEvent{}
	for _, e := range backupEvents {
		byKey[e.Key] = e
	}
	for i, tt := range tests {
		var pattern map[string]any
		require.NoError(t, json.Unmarshal([]byte(byKey[tt.key].pattern(c)), &pattern))
		assert.Equal(t, tt.want, matchesPattern(pattern, tt.event), "case %d: %s %v", i, tt.key, tt.event)
	}
}

// matchesPattern is EventBridge's matching for the pattern features the rules use:
// value lists, {"suffix": ...} and "$or".
func matchesPattern(pattern, event map[string]any) bool {
	for key, want := range pattern {
		if key == "$or" {
			matched := false
			for _, alt := range want.([]any) {
				matched = matched || matchesPattern(alt.(map[string]any), event)
			}
			if !matched {
				return false
			}
			continue
		}
		got, ok := event[key]
		if !ok {
			return false
		}
		switch w := want.(type) {
		case map[string]any:
			sub, ok := got.(map[string]any)
			if !ok || !matchesPattern(w, sub) {
				return false
			}
		case []any:
			matched := false
			for _, v := range w {
				if m, ok := v.(map[string]any); ok {
					s, _ := got.(string)
					matched = matched || strings.HasSuffix(s, m["suffix"].(string))
				} else {
					matched = matched || v == got
				}
			}
			if !matched {
				return false
			}
		}
	}
	return true
}

// TestBackupEventMessages: each notification names the job, its state and reason, the
// file system and the runbook entry; the template is a JSON string whose placeholders all
// have an input path.
func TestBackupEventMessages(t *testing.T) {
	c := Config{ProjectName: "kafka", Environment: "prod", BackupPlan: &BackupPlan{},
		RunbookBaseURL: "https://github.com/acme/kafka-efs/blob/main"}
	for _, e := range backupEvents {
		tmpl := e.inputTemplate(c)
		text, err := strconv.Unquote(tmpl)
		require.NoError(t, err, tmpl)
		var s string
		require.NoError(t, json.Unmarshal([]byte(tmpl), &s), "an input template for a string is a JSON string")
		paths := e.inputPaths()
		for _, placeholder := range []string{"id", "state", "message", "resource", "time", "region"} {
			assert.Contains(t, text, "<"+placeholder+">", e.Key)
			assert.Contains(t, paths, placeholder, e.Key)
		}
		assert.Equal(t, "$.detail."+e.StateField, paths["state"], e.Key)
		assert.Equal(t, "$.detail."+e.IDField, paths["id"], e.Key)
		assert.Contains(t, text, "EFS kafka-prod")
		assert.True(t, strings.HasSuffix(text, "Runbook: https://github.com/acme/kafka-efs/blob/main/docs/operations.md#"+e.Key+"-notification"), text)
		assert.NotContains(t, tmpl, "${")
	}
	assert.Equal(t, "$.detail.status", backupEvents[2].inputPaths()["state"], "restore jobs report status")
	assert.Contains(t, backupEvents[2].inputTemplate(c), "validation <validation>")
	c.RunbookBaseURL = ""
	assert.Contains(t, backupEvents[0].inputTemplate(c), `Runbook: docs/operations.md, section \"backup_job notification\"`)
}
