package stacks

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// backupRuleKeys are the job kinds whose failures EventBridge forwards, with the
// detail-type and state field of their events.
var backupRuleKeys = map[string][2]string{
	"backup_job":  {"Backup Job State Change", "state"},
	"copy_job":    {"Copy Job State Change", "state"},
	"restore_job": {"Restore Job State Change", "status"},
}

// TestBackupEventRules: every prod stack forwards failed backup, copy (where it copies)
// and restore jobs to its alarm topic, one rule per job kind on AWS Backup's events, one
// target each on the topic; dev, without a plan or topic, has none.
func TestBackupEventRules(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		rules := s.resources("aws_cloudwatch_event_rule")
		targets := s.resources("aws_cloudwatch_event_target")
		if !w.backupPlan {
			assert.Empty(t, rules)
			assert.Empty(t, targets)
			return
		}
		keys := slices.Sorted(maps.Keys(backupRuleKeys))
		if w.backupCopyRegion == "" {
			keys = slices.DeleteFunc(keys, func(k string) bool { return k == "copy_job" })
		}
		require.Equal(t, len(keys), len(rules), "stack %s: event rules (a copy rule only where the plan copies)", name)
		require.Equal(t, len(keys), len(targets), "stack %s: event targets", name)
		topicArn := ref("aws_sns_topic", nameOf(t, s, "aws_sns_topic"), "arn")
		for _, key := range keys {
			kind := backupRuleKeys[key]
			ruleName, rule := resourceNamed(t, s, "aws_cloudwatch_event_rule", "backup-event-"+key)
			assert.Equal(t, "confluent-kafka-"+name+"-efs-"+key, rule["name"])
			assert.NotContains(t, rule, "event_bus_name", "AWS Backup sends to the default bus")
			var pattern struct {
				Source     []string                   `json:"source"`
				DetailType []string                   `json:"detail-type"`
				Detail     map[string]json.RawMessage `json:"detail"`
			}
			require.NoError(t, json.Unmarshal([]byte(rule["event_pattern"].(string)), &pattern), key)
			assert.Equal(t, []string{"aws.backup"}, pattern.Source, key)
			assert.Equal(t, []string{kind[0]}, pattern.DetailType, key)
			states := string(pattern.Detail[kind[1]])
			if key == "restore_job" {
				states = string(pattern.Detail["$or"])
			}
			assert.Contains(t, states, `"FAILED"`, "%s: failures in detail.%s", key, kind[1])

			_, target := resourceNamed(t, s, "aws_cloudwatch_event_target", "backup-event-"+key+"-target-0")
			assert.Equal(t, topicArn, target["arn"], key)
			assert.Equal(t, ref("aws_cloudwatch_event_rule", ruleName, "name"), target["rule"], key)
			tr := target["input_transformer"].(map[string]any)
			assert.Contains(t, tr["input_template"], `Runbook: docs/operations.md, section \"`+key+` notification\"`, key)
			assert.Equal(t, "$.detail."+kind[1], tr["input_paths"].(map[string]any)["state"], key)
		}
	})
}

// TestAlarmTopicPolicy: the topic's policy lets the account manage it and admits exactly
// two publishers: CloudWatch for this file system's alarms, and EventBridge for the
// stack's three backup rules, each by aws:SourceArn.
func TestAlarmTopicPolicy(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		if w.alarmTopic == "" {
			assert.Empty(t, s.resources("aws_sns_topic_policy"))
			return
		}
		topicArn := ref("aws_sns_topic", nameOf(t, s, "aws_sns_topic"), "arn")
		p := s.only(t, "aws_sns_topic_policy")
		assert.Equal(t, topicArn, p["arn"])
		sts := statements(t, s, policyDocumentOf(t, p))
		sids := []string{"AccountManagesTopic", "CloudWatchAlarmsPublish"}
		if w.backupPlan {
			sids = append(sids, "BackupEventRulesPublish") // the backup event rules
		}
		require.ElementsMatch(t, sids, slices.Collect(maps.Keys(sts)))
		account := "${data.aws_caller_identity.account.account_id}"
		prefix := "arn:${data.aws_partition.partition.partition}:"
		region := "${data.aws_region.region.name}"
		for _, st := range sts {
			assert.Equal(t, "Allow", st["effect"])
			assert.Equal(t, []any{topicArn}, st["resources"])
		}
		assert.Equal(t, []any{map[string]any{"type": "AWS", "identifiers": []any{prefix + "iam::" + account + ":root"}}},
			sts["AccountManagesTopic"]["principals"])

		cw := sts["CloudWatchAlarmsPublish"]
		assert.Equal(t, []any{map[string]any{"type": "Service", "identifiers": []any{"cloudwatch.amazonaws.com"}}}, cw["principals"])
		assert.Equal(t, []any{"sns:Publish"}, cw["actions"])
		assert.ElementsMatch(t, []any{
			map[string]any{"test": "ArnLike", "variable": "aws:SourceArn",
				"values": []any{prefix + "cloudwatch:" + region + ":" + account + ":alarm:confluent-kafka-" + name + "-efs-*"}},
			map[string]any{"test": "StringEquals", "variable": "aws:SourceAccount", "values": []any{account}},
		}, cw["condition"])
		// Every alarm's name matches the pattern.
		for _, a := range s.resources("aws_cloudwatch_metric_alarm") {
			assert.True(t, strings.HasPrefix(a["alarm_name"].(string), "confluent-kafka-"+name+"-efs-"), a["alarm_name"])
		}

		if !w.backupPlan {
			return
		}
		ev := sts["BackupEventRulesPublish"]
		assert.Equal(t, []any{map[string]any{"type": "Service", "identifiers": []any{"events.amazonaws.com"}}}, ev["principals"])
		assert.Equal(t, []any{"sns:Publish"}, ev["actions"])
		var rules []any
		for ruleName := range s.resources("aws_cloudwatch_event_rule") {
			rules = append(rules, ref("aws_cloudwatch_event_rule", ruleName, "arn"))
		}
		require.Len(t, ev["condition"], 1)
		c := ev["condition"].([]any)[0].(map[string]any)
		assert.Equal(t, "ArnEquals", c["test"])
		assert.Equal(t, "aws:SourceArn", c["variable"])
		assert.ElementsMatch(t, rules, c["values"], "exactly the stack's backup rules")
	})
}

// keyStatementSids are the statements of the stack's key for what the stack has: the
// account, EFS and CloudWatch Logs always; SNS and CloudWatch with a topic; AWS Backup and
// the backup role with a plan; EventBridge with both (for the backup event rules).
func keyStatementSids(w expected) []string {
	sids := []string{"AccountAdministersKey", "EfsUsesKey", "CloudWatchLogsUsesKey"}
	if w.alarmTopic != "" {
		sids = append(sids, "SnsUsesKey", "CloudWatchAlarmsPublishToTopic")
	}
	if w.backupPlan {
		sids = append(sids, "BackupUsesKey", "BackupRoleUsesKey", "BackupRoleGrantsToAwsResources")
	}
	if w.alarmTopic != "" && w.backupPlan {
		sids = append(sids, "EventBridgePublishesToTopic")
	}
	return sids
}

// TestStackKeyAdmitsPublishers: the stack's key admits exactly the services that use it:
// EFS and AWS Backup through their endpoints, CloudWatch Logs for the log group, SNS, the
// two publishers of the topic, and the backup role by name (the prod stacks have all).
func TestStackKeyAdmitsPublishers(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		if !w.customerKey {
			return
		}
		key := s.resources("aws_kms_key")[stackKeyName]
		sts := statements(t, s, policyDocumentOf(t, key))
		require.ElementsMatch(t, keyStatementSids(w), slices.Collect(maps.Keys(sts)))
		if w.alarmTopic == "" {
			return
		}
		cw := sts["CloudWatchAlarmsPublishToTopic"]
		assert.Equal(t, []any{map[string]any{"type": "Service", "identifiers": []any{"cloudwatch.amazonaws.com"}}}, cw["principals"])
		assert.ElementsMatch(t, []any{"kms:Decrypt", "kms:GenerateDataKey*"}, cw["actions"])
		assert.Equal(t, []any{map[string]any{"test": "StringEquals", "variable": "aws:SourceAccount",
			"values": []any{"${data.aws_caller_identity.account.account_id}"}}}, cw["condition"])
		if !w.backupPlan {
			return
		}
		ev := sts["EventBridgePublishesToTopic"]
		assert.Equal(t, []any{map[string]any{"type": "Service", "identifiers": []any{"events.amazonaws.com"}}}, ev["principals"])
		assert.ElementsMatch(t, []any{"kms:Decrypt", "kms:GenerateDataKey*"}, ev["actions"])
		// The SNS developer guide: EventBridge's KMS calls carry no aws:SourceArn or
		// aws:SourceAccount, so a condition on them would drop every notification.
		assert.NotContains(t, ev, "condition")
		checkBackupRoleStatements(t, s, sts)
	})
}

// TestSettingsReachTheStack: KAFKA_EFS_RUNBOOK_BASE_URL turns every alarm's and backup
// notification's runbook into a link, and an eu-west-1 stack copies its backups within the
// EU by default.
func TestSettingsReachTheStack(t *testing.T) {
	require.NoError(t, settingsErr)
	s := settingsDoc
	require.NotNil(t, s)
	alarms := s.resources("aws_cloudwatch_metric_alarm")
	require.NotEmpty(t, alarms)
	for _, a := range alarms {
		key := strings.TrimPrefix(a["alarm_name"].(string), "confluent-kafka-prod-efs-")
		assert.True(t, strings.HasSuffix(a["alarm_description"].(string),
			"Runbook: "+settingsRunbookBaseURL+"/docs/operations.md#"+key+"-alarm"), a["alarm_description"])
	}
	targets := s.resources("aws_cloudwatch_event_target")
	require.Len(t, targets, 3)
	for _, target := range targets {
		tmpl := target["input_transformer"].(map[string]any)["input_template"].(string)
		assert.Regexp(t, `Runbook: `+settingsRunbookBaseURL+`/docs/operations\.md#(backup|copy|restore)_job-notification"$`, tmpl)
	}
	var copyRegion any
	for _, p := range s.block("provider")["aws"].([]any) {
		if p := p.(map[string]any); p["alias"] == BackupCopyProviderAlias {
			copyRegion = p["region"]
		}
	}
	assert.Equal(t, "eu-central-1", copyRegion, "no EU-to-US copy by default")
	assert.Equal(t, "eu-central-1", s.output(t, "backup_copy_region"))
}

// settingsDoc is prod synthesized with eu-west-1 and settingsRunbookBaseURL;
// settingsErr is what stopped synthesizeSettingsVariant, if anything.
var (
	settingsDoc stackJSON
	settingsErr error
)

const settingsRunbookBaseURL = "https://github.com/acme/kafka-efs/blob/main"

// synthesizeSettingsVariant adds prod in eu-west-1 with a runbook base URL to app, named
// settings-prod-eu, and synthesizes it: the settings reach the stack.
func synthesizeSettingsVariant(app cdktf.App) {
	eu, _ := environmentOf("prod")
	eu.Stack = "settings-prod-eu"
	settings := testSettings
	settings.Region, settings.RunbookBaseURL = "eu-west-1", settingsRunbookBaseURL
	settings.BackupCopyRegion = DefaultBackupCopyRegion(settings.Region)
	stack, err := New(app, eu, settings)
	if err != nil {
		settingsErr = err
		return
	}
	_, settingsDoc = synth(stack)
}
