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

	"github.com/kafka-efs/kafka-efs/internal/kafkaefstest"
)

// backupRuleKeys are the events EventBridge forwards, with the detail-type of their
// events and the field their pattern keys on.
var backupRuleKeys = map[string][2]string{
	"backup_job":        {"Backup Job State Change", "state"},
	"backup_job_issues": {"Backup Job State Change", "statusMessage"},
	"copy_job":          {"Copy Job State Change", "state"},
	"restore_job":       {"Restore Job State Change", "restoreTestingPlanArn"},
	"restore_cleanup":   {"Restore Job State Change", "deletionStatus"},
	"vault_change":      {"Backup Vault State Change", "backupVaultName"},
}

// TestBackupEventRules: every prod stack forwards its backup events to its alarm topic,
// one rule per event kind on AWS Backup's events (the copy rule only where the plan
// copies, no account-wide rule unless KAFKA_EFS_MANUAL_RESTORE_ALERTS names the stack),
// one target each on the topic with the dead-letter queue; dev, without a plan or topic,
// has none.
func TestBackupEventRules(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		rules := byPrefix(s, "aws_cloudwatch_event_rule", "kafka-efs_backup-event-")
		targets := byPrefix(s, "aws_cloudwatch_event_target", "kafka-efs_backup-event-")
		if !w.backupPlan {
			assert.Empty(t, s.resources("aws_cloudwatch_event_rule"))
			assert.Empty(t, s.resources("aws_cloudwatch_event_target"))
			assert.Empty(t, rules)
			assert.Empty(t, targets)
			assert.Empty(t, s.resources("aws_sqs_queue"))
			return
		}
		keys := slices.Sorted(maps.Keys(backupRuleKeys))
		if w.backupCopyRegion == "" {
			keys = slices.DeleteFunc(keys, func(k string) bool { return k == "copy_job" })
		}
		require.Equal(t, len(keys), len(rules), "stack %s: event rules (a copy rule only where the plan copies)", name)
		require.Equal(t, len(keys), len(targets), "stack %s: event targets", name)
		topicArn := ref("aws_sns_topic", nameOf(t, s, "aws_sns_topic"), "arn")
		dlqArn := ref("aws_sqs_queue", nameOf(t, s, "aws_sqs_queue"), "arn")
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
			assert.Contains(t, pattern.Detail, kind[1], key)

			_, target := resourceNamed(t, s, "aws_cloudwatch_event_target", "backup-event-"+key+"-target-0")
			assert.Equal(t, topicArn, target["arn"], key)
			assert.Equal(t, ref("aws_cloudwatch_event_rule", ruleName, "name"), target["rule"], key)
			assert.Equal(t, map[string]any{"arn": dlqArn}, target["dead_letter_config"], key)
			tr := target["input_transformer"].(map[string]any)
			assert.Contains(t, tr["input_template"], `Runbook: docs/operations.md, section \"`+key+` notification\"`, key)
		}
	})
}

// TestRestoreRulesKeepToTheirPlan: each prod stack's restore rules match its own restore
// testing plan's ARN (a reference to the stack's aws_backup_restore_testing_plan), the
// two prod stacks' plans have different names (so different ARNs), and no restore rule
// of theirs matches a restore outside its plan.
func TestRestoreRulesKeepToTheirPlan(t *testing.T) {
	planNames := map[string]string{}
	for _, name := range []string{"prod", "prod-high-performance"} {
		s := synthesized[name]
		planRes := nameOf(t, s, "aws_backup_restore_testing_plan")
		planNames[name] = s.resources("aws_backup_restore_testing_plan")[planRes]["name"].(string)
		for _, key := range []string{"restore_job", "restore_cleanup"} {
			_, rule := resourceNamed(t, s, "aws_cloudwatch_event_rule", "backup-event-"+key)
			var pattern struct {
				Detail map[string]any `json:"detail"`
			}
			require.NoError(t, json.Unmarshal([]byte(rule["event_pattern"].(string)), &pattern))
			assert.Equal(t, []any{ref("aws_backup_restore_testing_plan", planRes, "arn")}, pattern.Detail["restoreTestingPlanArn"],
				"%s %s: its own plan, exactly", name, key)
			assert.NotContains(t, pattern.Detail, "resourceType", "%s %s: the plan, not every EFS restore", name, key)
		}
		for _, r := range s.resources("aws_cloudwatch_event_rule") {
			assert.NotContains(t, r["name"], "manual_restore", "no account-wide rule unless KAFKA_EFS_MANUAL_RESTORE_ALERTS names the stack")
		}
	}
	assert.NotEqual(t, planNames["prod"], planNames["prod-high-performance"])
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
		// The restore check's schedule starts a state machine, which publishes as its role.
		var rules []any
		for ruleName := range byPrefix(s, "aws_cloudwatch_event_rule", "kafka-efs_backup-event-") {
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
	targets := byPrefix(s, "aws_cloudwatch_event_target", "kafka-efs_backup-event-")
	require.Len(t, targets, len(backupRuleKeys)+1, "the stack's rules and, named by KAFKA_EFS_MANUAL_RESTORE_ALERTS, the manual restore rule")
	_, sm := resourceNamed(t, s, "aws_sfn_state_machine", "restore-check")
	assert.Contains(t, sm["definition"], "Runbook: "+settingsRunbookBaseURL+"/docs/operations.md#restore_check-notification", "the restore check's message links its entry")
	for _, target := range targets {
		tmpl := target["input_transformer"].(map[string]any)["input_template"].(string)
		assert.Regexp(t, `Runbook: `+settingsRunbookBaseURL+`/docs/operations\.md#[a-z_]+-notification"$`, tmpl)
	}
	_, manual := resourceNamed(t, s, "aws_cloudwatch_event_rule", "backup-event-manual_restore")
	assert.Equal(t, "confluent-kafka-efs-manual_restore", manual["name"], "one per project, account and region")
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
	settings.ManualRestoreAlerts = eu.Stack
	stack, err := New(app, eu, settings)
	if err != nil {
		settingsErr = err
		return
	}
	_, settingsDoc = synth(stack)
}

// TestBackupAlarms: every stack with a plan and a topic alarms on silence and on failed
// deliveries, each with its namespace, metric, dimensions, period, threshold and
// missing-data treatment, notifying the topic; the backup event targets have an encrypted
// dead-letter queue that admits EventBridge for the stack's rules only.
func TestBackupAlarms(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		if len(w.backupAlarms) == 0 {
			return
		}
		alarms := kafkaefstest.AlarmsByKey(t, s, "confluent-kafka-"+name)
		actions := []any{ref("aws_sns_topic", nameOf(t, s, "aws_sns_topic"), "arn")}
		vaultName, _ := vault(t, s)
		for _, key := range w.backupAlarms {
			a := alarms[key]
			require.NotNil(t, a, key)
			assert.Equal(t, actions, a["alarm_actions"], key)
			assert.Equal(t, actions, a["ok_actions"], key)
			assert.Equal(t, float64(1), a["evaluation_periods"], key)
			assert.True(t, strings.HasSuffix(a["alarm_description"].(string), `Runbook: docs/operations.md, section "`+key+` alarm"`), key)
		}
		bc := alarms["backup_completed"]
		assert.Equal(t, "AWS/Backup", bc["namespace"])
		assert.Equal(t, "NumberOfBackupJobsCompleted", bc["metric_name"])
		assert.Equal(t, "Sum", bc["statistic"])
		assert.Equal(t, float64(86400), bc["period"])
		assert.Equal(t, "LessThanThreshold", bc["comparison_operator"])
		assert.Equal(t, float64(1), bc["threshold"])
		assert.Equal(t, "breaching", bc["treat_missing_data"], "no data for a day is no completed backup")
		assert.Equal(t, map[string]any{"BackupVaultName": ref("aws_backup_vault", vaultName, "name"), "ResourceType": "EFS"}, bc["dimensions"])

		ed := alarms["event_delivery"]
		assert.Equal(t, "GreaterThanThreshold", ed["comparison_operator"])
		assert.Equal(t, float64(0), ed["threshold"])
		assert.Equal(t, "notBreaching", ed["treat_missing_data"])
		queries := ed["metric_query"].([]any)
		rules := byPrefix(s, "aws_cloudwatch_event_rule", "kafka-efs_backup-event-")
		require.Len(t, queries, len(rules)+1)
		var ids, ruleRefs []string
		for _, q := range queries[1:] {
			q := q.(map[string]any)
			ids = append(ids, q["id"].(string))
			m := q["metric"].(map[string]any)
			assert.Equal(t, "AWS/Events", m["namespace"])
			assert.Equal(t, "FailedInvocations", m["metric_name"])
			assert.Equal(t, "Sum", m["stat"])
			assert.Equal(t, float64(300), m["period"])
			ruleRefs = append(ruleRefs, m["dimensions"].(map[string]any)["RuleName"].(string))
		}
		var wantRefs []string
		for ruleName := range rules {
			wantRefs = append(wantRefs, ref("aws_cloudwatch_event_rule", ruleName, "name"))
		}
		assert.ElementsMatch(t, wantRefs, ruleRefs, "every rule's failed invocations")
		assert.Equal(t, map[string]any{"id": "e1", "expression": "SUM([" + strings.Join(ids, ", ") + "])",
			"label": "event_delivery", "return_data": true}, queries[0])

		dl := alarms["event_dead_letters"]
		queueName := nameOf(t, s, "aws_sqs_queue")
		assert.Equal(t, "AWS/SQS", dl["namespace"])
		assert.Equal(t, "ApproximateNumberOfMessagesVisible", dl["metric_name"])
		assert.Equal(t, "Maximum", dl["statistic"])
		assert.Equal(t, float64(300), dl["period"])
		assert.Equal(t, float64(0), dl["threshold"])
		assert.Equal(t, "notBreaching", dl["treat_missing_data"])
		assert.Equal(t, map[string]any{"QueueName": ref("aws_sqs_queue", queueName, "name")}, dl["dimensions"])

		q := s.only(t, "aws_sqs_queue")
		assert.Equal(t, "confluent-kafka-"+name+"-efs-events-dlq", q["name"])
		assert.Equal(t, stackKeyArn, q["kms_master_key_id"], "encrypted with the stack's key, which admits EventBridge")
		assert.Equal(t, float64(1209600), q["message_retention_seconds"])
		qp := s.only(t, "aws_sqs_queue_policy")
		assert.Equal(t, ref("aws_sqs_queue", queueName, "url"), qp["queue_url"])
		sts := statements(t, s, policyDocumentOf(t, qp))
		require.Len(t, sts, 1)
		st := sts["BackupEventRulesDeadLetters"]
		assert.Equal(t, []any{map[string]any{"type": "Service", "identifiers": []any{"events.amazonaws.com"}}}, st["principals"])
		assert.Equal(t, []any{"sqs:SendMessage"}, st["actions"])
		assert.Equal(t, []any{ref("aws_sqs_queue", queueName, "arn")}, st["resources"])
		// The backup rules, and the restore check's schedule, whose target has the queue too.
		var ruleArns []any
		for ruleName := range rules {
			ruleArns = append(ruleArns, ref("aws_cloudwatch_event_rule", ruleName, "arn"))
		}
		checkRule, _ := resourceNamed(t, s, "aws_cloudwatch_event_rule", "restore-check-schedule")
		ruleArns = append(ruleArns, ref("aws_cloudwatch_event_rule", checkRule, "arn"))
		c := st["condition"].([]any)[0].(map[string]any)
		assert.Equal(t, "ArnEquals", c["test"])
		assert.Equal(t, "aws:SourceArn", c["variable"])
		assert.ElementsMatch(t, ruleArns, c["values"])
	})
}

// TestManualRestoreAlertsSetting: KAFKA_EFS_MANUAL_RESTORE_ALERTS names one stack with a
// plan and a topic, or nothing; a list (two stacks would each create the account-wide
// rule) and a stack that cannot forward are refused before synthesis.
func TestManualRestoreAlertsSetting(t *testing.T) {
	envs := Environments()
	for _, ok := range []string{"", "prod", "prod-high-performance"} {
		s := SettingsFromEnv(func(k string) string { return map[string]string{"KAFKA_EFS_MANUAL_RESTORE_ALERTS": ok}[k] })
		assert.Equal(t, ok, s.ManualRestoreAlerts)
		assert.NoError(t, checkManualRestoreAlerts(envs, s), ok)
	}
	for value, want := range map[string]string{
		"prod,prod-high-performance": "must name one stack",
		"dev":                        "no BackupPlan and AlarmTopic",
		"staging":                    "must name a file system stack",
	} {
		s := testSettings
		s.ManualRestoreAlerts = value
		err := checkManualRestoreAlerts(envs, s)
		require.Error(t, err, value)
		assert.Contains(t, err.Error(), "cdktf.json context.manualRestoreAlerts = \""+value+"\"")
		assert.Contains(t, err.Error(), want)
		assert.ErrorContains(t, Check(envs, s), "manualRestoreAlerts", "Check refuses it before synthesis")
	}
}
