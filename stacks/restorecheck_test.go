package stacks

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafka-efs/kafka-efs/internal/kafkaefstest"
)

// byPrefix returns the resources of a type whose logical name starts with prefix, by name.
func byPrefix(s stackJSON, typ, prefix string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for name, r := range s.resources(typ) {
		if strings.HasPrefix(name, prefix) {
			out[name] = r
		}
	}
	return out
}

// driverRolePolicies returns a file system stack's role policies other than its restore
// check's roles' own: those would be the driver's, which belong to the cluster stack.
func driverRolePolicies(s stackJSON) map[string]map[string]any {
	out := s.resources("aws_iam_role_policy")
	for name := range byPrefix(s, "aws_iam_role_policy", "kafka-efs_restore-check-") {
		delete(out, name)
	}
	return out
}

// dataRef matches a reference to an attribute of a data source of the construct.
func dataRef(typ, attr string) string {
	return `\$\{data\.` + typ + `\.[A-Za-z0-9_-]+\.` + attr + `\}`
}

// TestRestoreCheck: every stack with a backup plan and an alarm topic checks monthly, on
// the 4th at 08:00 UTC (the default test's 08:00 on the 2nd, its 24-hour start window and
// 24 hours' grace), that a restore test of its own plan completed: an EventBridge
// schedule whose target (with the dead-letter queue) starts a JSONata state machine
// through a role trusted by that rule only; the machine lists the plan's COMPLETED
// restore jobs of the last 49 hours and publishes to the stack's topic when there are
// none, through a role trusted by Step Functions for that machine only. Its failed
// executions raise restore_check_failed. Stacks without a plan or topic have none.
func TestRestoreCheck(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		if !w.backupPlan || w.alarmTopic == "" {
			assert.Empty(t, s.resources("aws_sfn_state_machine"))
			return
		}
		base := "confluent-kafka-" + name + "-efs"
		topicArn := ref("aws_sns_topic", nameOf(t, s, "aws_sns_topic"), "arn")
		planArn := ref("aws_backup_restore_testing_plan", nameOf(t, s, "aws_backup_restore_testing_plan"), "arn")
		partition := dataRef("aws_partition", "partition")
		region := dataRef("aws_region", "name")
		account := dataRef("aws_caller_identity", "account_id")

		// The schedule.
		ruleName, rule := resourceNamed(t, s, "aws_cloudwatch_event_rule", "restore-check-schedule")
		assert.Equal(t, base+"-restore_check", rule["name"])
		assert.Equal(t, "cron(0 8 4 * ? *)", rule["schedule_expression"])
		assert.NotContains(t, rule, "event_pattern")
		assert.NotContains(t, rule, "event_bus_name", "schedules run on the default bus only")

		// The state machine.
		smName, sm := resourceNamed(t, s, "aws_sfn_state_machine", "restore-check")
		smArn := ref("aws_sfn_state_machine", smName, "arn")
		assert.Equal(t, base+"-restore_check", sm["name"])
		machineRoleName, machineRole := resourceNamed(t, s, "aws_iam_role", "restore-check-machine-role")
		assert.Equal(t, ref("aws_iam_role", machineRoleName, "arn"), sm["role_arn"])
		var def struct {
			QueryLanguage, StartAt string
			States                 map[string]map[string]any
		}
		require.NoError(t, json.Unmarshal([]byte(sm["definition"].(string)), &def))
		assert.Equal(t, "JSONata", def.QueryLanguage)
		list := def.States[def.StartAt]
		require.NotNil(t, list, def.StartAt)
		assert.Equal(t, "Task", list["Type"])
		assert.Regexp(t, "^arn:"+partition+`:states:::aws-sdk:backup:listRestoreJobs$`, list["Resource"])
		assert.Equal(t, map[string]any{
			"ByRestoreTestingPlanArn": planArn,
			"ByStatus":                "COMPLETED",
			"ByCompleteAfter":         "{% $fromMillis($millis() - 176400000) %}", // 49 hours
		}, list["Arguments"])
		choice := def.States[list["Next"].(string)]
		require.NotNil(t, choice)
		assert.Equal(t, "Choice", choice["Type"])
		c0 := choice["Choices"].([]any)[0].(map[string]any)
		assert.Equal(t, "{% $states.input.completed > 0 %}", c0["Condition"])
		assert.Equal(t, map[string]any{"Type": "Succeed"}, def.States[c0["Next"].(string)])
		notify := def.States[choice["Default"].(string)]
		require.NotNil(t, notify)
		assert.Regexp(t, "^arn:"+partition+`:states:::sns:publish$`, notify["Resource"])
		args := notify["Arguments"].(map[string]any)
		assert.Equal(t, topicArn, args["TopicArn"])
		msg := args["Message"].(string)
		for _, want := range []string{"EFS confluent-kafka-" + name + " ", planArn, `Runbook: docs/operations.md, section "restore_check notification"`} {
			assert.Contains(t, msg, want)
		}
		assert.Equal(t, true, notify["End"])
		assert.Len(t, def.States, 4, "one topic, one publish")

		// The target: the machine, through the rule's role, with the dead-letter queue.
		_, target := resourceNamed(t, s, "aws_cloudwatch_event_target", "restore-check-target")
		ruleRoleName, ruleRole := resourceNamed(t, s, "aws_iam_role", "restore-check-rule-role")
		assert.Equal(t, ref("aws_cloudwatch_event_rule", ruleName, "name"), target["rule"])
		assert.Equal(t, smArn, target["arn"])
		assert.Equal(t, ref("aws_iam_role", ruleRoleName, "arn"), target["role_arn"])
		assert.Equal(t, map[string]any{"arn": ref("aws_sqs_queue", nameOf(t, s, "aws_sqs_queue"), "arn")}, target["dead_letter_config"])

		// The rule's role: EventBridge, for this rule only; StartExecution on this machine only.
		assert.Equal(t, base+"-restore-evt", ruleRole["name"])
		trust := statements(t, s, policyDocumentOf(t, map[string]any{"policy": ruleRole["assume_role_policy"]}))["EventBridgeAssumesRole"]
		require.NotNil(t, trust)
		assert.Equal(t, []any{"sts:AssumeRole"}, trust["actions"])
		assert.Equal(t, []any{map[string]any{"type": "Service", "identifiers": []any{"events.amazonaws.com"}}}, trust["principals"])
		conds := trust["condition"].([]any)
		require.Len(t, conds, 1)
		cond := conds[0].(map[string]any)
		assert.Equal(t, "ArnEquals", cond["test"])
		assert.Equal(t, "aws:SourceArn", cond["variable"])
		assert.Regexp(t, "^arn:"+partition+":events:"+region+":"+account+":rule/"+regexp.QuoteMeta(base+"-restore_check")+"$", cond["values"].([]any)[0])
		_, rp := resourceNamed(t, s, "aws_iam_role_policy", "restore-check-rule-policy")
		assert.Equal(t, ref("aws_iam_role", ruleRoleName, "name"), rp["role"])
		sts := statements(t, s, policyDocumentOf(t, rp))
		require.Len(t, sts, 1)
		assert.Equal(t, []any{"states:StartExecution"}, sts["StartRestoreCheck"]["actions"])
		assert.Equal(t, []any{smArn}, sts["StartRestoreCheck"]["resources"])

		// The machine's role: Step Functions, for this machine of this account only.
		assert.Equal(t, base+"-restore-sfn", machineRole["name"])
		trust = statements(t, s, policyDocumentOf(t, map[string]any{"policy": machineRole["assume_role_policy"]}))["StepFunctionsAssumesRole"]
		require.NotNil(t, trust)
		assert.Equal(t, []any{map[string]any{"type": "Service", "identifiers": []any{"states.amazonaws.com"}}}, trust["principals"])
		byVar := map[string]map[string]any{}
		for _, c := range trust["condition"].([]any) {
			c := c.(map[string]any)
			byVar[c["variable"].(string)] = c
		}
		require.Len(t, byVar, 2)
		assert.Equal(t, "ArnEquals", byVar["aws:SourceArn"]["test"])
		assert.Regexp(t, "^arn:"+partition+":states:"+region+":"+account+":stateMachine:"+regexp.QuoteMeta(base+"-restore_check")+"$",
			byVar["aws:SourceArn"]["values"].([]any)[0])
		assert.Equal(t, "StringEquals", byVar["aws:SourceAccount"]["test"])
		assert.Regexp(t, "^"+account+"$", byVar["aws:SourceAccount"]["values"].([]any)[0])
		_, mp := resourceNamed(t, s, "aws_iam_role_policy", "restore-check-machine-policy")
		assert.Equal(t, ref("aws_iam_role", machineRoleName, "name"), mp["role"])
		sts = statements(t, s, policyDocumentOf(t, mp))
		require.Len(t, sts, 3)
		assert.Equal(t, []any{"backup:ListRestoreJobs"}, sts["ListRestoreJobs"]["actions"])
		assert.Equal(t, []any{"*"}, sts["ListRestoreJobs"]["resources"], "ListRestoreJobs takes no resource")
		assert.Equal(t, []any{"sns:Publish"}, sts["PublishToAlarmActions"]["actions"])
		assert.Equal(t, []any{topicArn}, sts["PublishToAlarmActions"]["resources"])
		assert.ElementsMatch(t, []any{"kms:GenerateDataKey*", "kms:Decrypt"}, sts["EncryptForTopic"]["actions"])
		assert.Equal(t, []any{stackKeyArn}, sts["EncryptForTopic"]["resources"], "the topic's key")

		// Its failures alarm.
		a := kafkaefstest.AlarmsByKey(t, s, "confluent-kafka-"+name)["restore_check_failed"]
		require.NotNil(t, a)
		assert.Equal(t, "AWS/States", a["namespace"])
		assert.Equal(t, "ExecutionsFailed", a["metric_name"])
		assert.Equal(t, "Sum", a["statistic"])
		assert.Equal(t, float64(86400), a["period"])
		assert.Equal(t, float64(1), a["evaluation_periods"])
		assert.Equal(t, "GreaterThanThreshold", a["comparison_operator"])
		assert.Equal(t, float64(0), a["threshold"])
		assert.Equal(t, "notBreaching", a["treat_missing_data"], "the check runs once a month")
		assert.Equal(t, map[string]any{"StateMachineArn": smArn}, a["dimensions"])
		assert.Equal(t, []any{topicArn}, a["alarm_actions"])
	})
}
