package efs

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRestoreCheckSchedule: the check runs StartWindowHours + RestoreCheckGraceHours
// after the restore test's monthly schedule, carrying hours into days, and refuses a
// schedule it cannot shift (a weekday, several hours, a day past 28 once shifted).
func TestRestoreCheckSchedule(t *testing.T) {
	ok := []struct {
		schedule string
		start    int
		want     string
	}{
		{DefaultRestoreTestingSchedule, DefaultRestoreTestingStartWindowHours, "cron(0 8 4 * ? *)"}, // 08:00 + 48 h
		{"cron(30 23 1 * ? *)", 1, "cron(30 0 3 * ? *)"},                                            // 23:00 + 25 h crosses two midnights
		{"cron(5 8 20 * ? *)", 168, "cron(5 8 28 * ? *)"},                                           // the latest a week's window allows
		{"cron(0 0 1 * ? *)", 23, "cron(0 23 2 * ? *)"},
	}
	for _, tc := range ok {
		got, problem := RestoreCheckSchedule(RestoreTesting{Schedule: tc.schedule, StartWindowHours: tc.start})
		assert.Empty(t, problem, tc.schedule)
		assert.Equal(t, tc.want, got, "%s + %d h", tc.schedule, tc.start)
	}
	for _, bad := range []struct {
		schedule string
		start    int
	}{
		{"cron(0 8 ? * MON#1 *)", 24}, // a weekday: "+N hours" is not a weekday of the same rank
		{"cron(0 * 2 * ? *)", 24},     // every hour
		{"cron(0 8 2 1 ? *)", 24},     // once a year
		{"cron(0 8 29 * ? *)", 1},     // February has no 29th (some years)
		{"cron(0 8 21 * ? *)", 168},   // the check would fall on the 29th
		{"cron(0 8 L * ? *)", 24},
	} {
		got, problem := RestoreCheckSchedule(RestoreTesting{Schedule: bad.schedule, StartWindowHours: bad.start})
		assert.Empty(t, got, bad.schedule)
		assert.NotEmpty(t, problem, bad.schedule)
	}
	_, problem := RestoreCheckSchedule(RestoreTesting{Schedule: "cron(0 8 21 * ? *)", StartWindowHours: 168})
	assert.Contains(t, problem, "on day 29")
}

// TestRestoreCheckLookback: the check looks back over this month's test (its delay and an
// hour's slack) and never reaches last month's, at least 28 days earlier.
func TestRestoreCheckLookback(t *testing.T) {
	def := BackupPlan{}.RestoreTestingOrDefault()
	assert.Equal(t, int64(49*3600*1000), restoreCheckLookbackMillis(def))
	longest := RestoreTesting{StartWindowHours: maxRestoreTestingHours}
	assert.Less(t, restoreCheckLookbackMillis(longest), int64((28*24-RestoreCheckDelayHours(longest))*3600*1000),
		"last month's test completed before last month's check, at least 28 days before this one")
}

// TestRestoreCheckDefinition parses the state machine: JSONata, the SDK call with the
// plan, COMPLETED and the look-back, the Choice on the count, and one SNS publish per
// topic in a chain whose last state ends the execution.
func TestRestoreCheckDefinition(t *testing.T) {
	c := Config{ProjectName: "kafka", Environment: "prod",
		AlarmActions: []string{"arn:aws:sns:us-east-1:123456789012:a", "arn:aws:sns:us-east-1:123456789012:b"}}
	def := c.RestoreCheckDefinition("aws", testPlanArn, BackupPlan{}.RestoreTestingOrDefault())
	var sm struct {
		QueryLanguage, StartAt string
		States                 map[string]map[string]any
	}
	require.NoError(t, json.Unmarshal([]byte(def), &sm))
	assert.Equal(t, "JSONata", sm.QueryLanguage)
	assert.Equal(t, "ListCompletedRestoreJobs", sm.StartAt)
	require.Len(t, sm.States, 5)

	list := sm.States["ListCompletedRestoreJobs"]
	assert.Equal(t, "Task", list["Type"])
	assert.Equal(t, "arn:aws:states:::aws-sdk:backup:listRestoreJobs", list["Resource"])
	assert.Equal(t, map[string]any{
		"ByRestoreTestingPlanArn": testPlanArn,
		"ByStatus":                "COMPLETED",
		"ByCompleteAfter":         "{% $fromMillis($millis() - 176400000) %}",
	}, list["Arguments"])
	assert.Equal(t, "{% {'completed': $count($states.result.RestoreJobs)} %}", list["Output"])
	assert.Equal(t, "AnyRestoreCompleted", list["Next"])

	choice := sm.States["AnyRestoreCompleted"]
	assert.Equal(t, "Choice", choice["Type"])
	assert.Equal(t, []any{map[string]any{"Condition": "{% $states.input.completed > 0 %}", "Next": "RestoreTestCompleted"}}, choice["Choices"])
	assert.Equal(t, "NotifyAlarmAction0", choice["Default"])
	assert.Equal(t, map[string]any{"Type": "Succeed"}, sm.States["RestoreTestCompleted"])

	for i, next := range []string{"NotifyAlarmAction1", ""} {
		n := sm.States[[]string{"NotifyAlarmAction0", "NotifyAlarmAction1"}[i]]
		require.NotNil(t, n, i)
		assert.Equal(t, "arn:aws:states:::sns:publish", n["Resource"])
		args := n["Arguments"].(map[string]any)
		assert.Equal(t, c.AlarmActions[i], args["TopicArn"])
		assert.Equal(t, "Restore test missing: EFS kafka-prod", args["Subject"])
		assert.LessOrEqual(t, len(args["Subject"].(string)), 100, "SNS subject limit")
		msg := args["Message"].(string)
		assert.Contains(t, msg, "EFS kafka-prod")
		assert.Contains(t, msg, testPlanArn)
		assert.Contains(t, msg, `Runbook: docs/operations.md, section "restore_check notification"`)
		if next != "" {
			assert.Equal(t, next, n["Next"])
			assert.NotContains(t, n, "End")
		} else {
			assert.Equal(t, true, n["End"])
			assert.NotContains(t, n, "Next")
		}
	}
}
