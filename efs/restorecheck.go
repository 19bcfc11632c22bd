package efs

import (
	"fmt"
	"regexp"
	"strconv"
)

// A restore test that never ran sends no event, and a CloudWatch alarm cannot watch a
// month: Period x EvaluationPeriods is at most 604,800 s, 7 days (PutMetricAlarm API
// reference). So once a month, a fixed time after the test's window, an EventBridge
// schedule starts a Step Functions state machine that asks AWS Backup for the plan's
// completed restore jobs (ListRestoreJobs with ByRestoreTestingPlanArn, ByStatus and
// ByCompleteAfter: AWS Backup API reference) and, when there is none, publishes to
// AlarmActions. No Lambda code: the call is Step Functions' AWS SDK integration and the
// arithmetic is JSONata ($millis, $fromMillis: Step Functions developer guide,
// "Transforming data with JSONata").

// RestoreCheckGraceHours is how long after the test's start window closes the check
// waits for the restore to complete: an EFS restore of a few hundred GB finishes in
// hours, so a day is room enough.
const RestoreCheckGraceHours = 24

// restoreCheckSlackHours widens the look-back beyond the delay, for a schedule that fires
// a little late; it stays far below the month that separates two tests.
const restoreCheckSlackHours = 1

// restoreCheckKey names the check's rule, state machine, roles ("<BackupName>-<key>") and
// its runbook entry ("<key> notification").
const restoreCheckKey = "restore_check"

// reMonthlyCron is the restore testing schedule the check can follow: one minute, one
// hour and one day of the month, every month of every year. Its "+N hours" is again a
// fixed day and time when the day stays within 28, which every month has.
var reMonthlyCron = regexp.MustCompile(`^cron\(([0-5]?[0-9]) ([01]?[0-9]|2[0-3]) ([1-9]|1[0-9]|2[0-8]) \* \? \*\)$`)

// RestoreCheckSchedule returns the check's schedule, an AWS cron expression
// RestoreCheckDelayHours after the restore test's, or a problem naming what is allowed.
func RestoreCheckSchedule(t RestoreTesting) (string, string) {
	m := reMonthlyCron.FindStringSubmatch(t.Schedule)
	if m == nil {
		return "", `must be a monthly AWS cron expression "cron(M H D * ? *)" (one minute, one hour, day of month 1 to 28) while AlarmActions are set: ` +
			`the check that a restore test completed runs once a month after it (e.g. "cron(0 8 2 * ? *)")`
	}
	minute, _ := strconv.Atoi(m[1])
	hour, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	total := hour + RestoreCheckDelayHours(t)
	day += total / 24
	if day > 28 {
		return "", fmt.Sprintf("day of month %s is too late: the check that the restore test completed runs StartWindowHours (%d) + %d hours after it, "+
			"on day %d, and must stay within day 28 (every month has it): choose an earlier day", m[3], t.StartWindowHours, RestoreCheckGraceHours, day)
	}
	return fmt.Sprintf("cron(%d %d %d * ? *)", minute, total%24, day), ""
}

// RestoreCheckDelayHours is the time from the test's scheduled start to the check: the
// start window, then the grace for the restore to complete.
func RestoreCheckDelayHours(t RestoreTesting) int { return t.StartWindowHours + RestoreCheckGraceHours }

// restoreCheckLookbackMillis is how far back the check looks for a completed restore
// job: from this month's scheduled start (and a little more), never back to last
// month's test, which completed at least 28 days - 8 days earlier.
func restoreCheckLookbackMillis(t RestoreTesting) int64 {
	return int64(RestoreCheckDelayHours(t)+restoreCheckSlackHours) * 3600 * 1000
}

// checkRestoreCheck refuses a restore testing schedule the check cannot follow, when the
// check exists (a BackupPlan and AlarmActions). Other problems of the schedule and start
// window are checkRestoreTesting's.
func checkRestoreCheck(c Config, r *fieldReport) {
	if !c.backupEventsEnabled() {
		return
	}
	p := c.BackupPlan
	if (p.RestoreTesting.Schedule != "" && cronProblem(p.RestoreTesting.Schedule) != "") ||
		p.RestoreTesting.StartWindowHours < 0 || p.RestoreTesting.StartWindowHours > maxRestoreTestingHours {
		return
	}
	t := p.RestoreTestingOrDefault()
	if _, problem := RestoreCheckSchedule(t); problem != "" {
		r.add("BackupPlan.RestoreTesting.Schedule", t.Schedule, problem)
	}
}

// RestoreCheckName names the check's rule and state machine: BackupName (at most 50
// characters) and the key fit EventBridge's 64. Its roles are
// <BackupName>-restore-sfn and -restore-evt, within IAM's 64.
func (c Config) RestoreCheckName() string { return c.BackupName() + "-" + restoreCheckKey }

// restoreCheckHeading is the check's entry in RunbookDoc.
func restoreCheckHeading() string { return restoreCheckKey + " notification" }

// restoreCheckMessage is what AlarmActions receive when no test completed.
func (c Config) restoreCheckMessage(plan string, t RestoreTesting) string {
	return fmt.Sprintf("No AWS Backup restore test of EFS %s completed in its monthly window: restore testing plan %s has no COMPLETED restore job "+
		"in the %d hours before this check (schedule %s, start window %d hours, %d hours' grace). Runbook: %s",
		c.Name(), plan, RestoreCheckDelayHours(t)+restoreCheckSlackHours, t.Schedule, t.StartWindowHours, RestoreCheckGraceHours,
		runbookRef(c.RunbookBaseURL, restoreCheckHeading()))
}

// Names of the state machine's states.
const (
	restoreCheckListState   = "ListCompletedRestoreJobs"
	restoreCheckChoiceState = "AnyRestoreCompleted"
	restoreCheckDoneState   = "RestoreTestCompleted"
)

// RestoreCheckDefinition is the state machine's Amazon States Language definition, in
// JSONata: list the plan's COMPLETED restore jobs completed within the look-back, count
// them, and publish to each topic when there are none. partition, plan and topics may
// be Terraform references.
func (c Config) RestoreCheckDefinition(partition, plan string, t RestoreTesting) string {
	notify := func(i int) string { return fmt.Sprintf("NotifyAlarmAction%d", i) }
	states := map[string]any{
		restoreCheckListState: map[string]any{
			"Type":     "Task",
			"Resource": "arn:" + partition + ":states:::aws-sdk:backup:listRestoreJobs",
			"Arguments": map[string]any{
				"ByRestoreTestingPlanArn": plan,
				"ByStatus":                "COMPLETED",
				"ByCompleteAfter":         fmt.Sprintf("{%% $fromMillis($millis() - %d) %%}", restoreCheckLookbackMillis(t)),
			},
			// RestoreJobs is absent or empty when none matched; $count of either is 0.
			"Output": "{% {'completed': $count($states.result.RestoreJobs)} %}",
			// Throttling and brief outages are retried; a lasting failure fails the
			// execution, which the restore_check_failed alarm reports.
			"Retry": []any{map[string]any{"ErrorEquals": []string{"States.ALL"}, "IntervalSeconds": 60, "MaxAttempts": 3, "BackoffRate": 2}},
			"Next":  restoreCheckChoiceState,
		},
		restoreCheckChoiceState: map[string]any{
			"Type":    "Choice",
			"Choices": []any{map[string]any{"Condition": "{% $states.input.completed > 0 %}", "Next": restoreCheckDoneState}},
			"Default": notify(0),
		},
		restoreCheckDoneState: map[string]any{"Type": "Succeed"},
	}
	for i, topic := range c.AlarmActions {
		s := map[string]any{
			"Type":     "Task",
			"Resource": "arn:" + partition + ":states:::sns:publish",
			"Arguments": map[string]any{
				"TopicArn": topic,
				// SNS limits a subject to 100 characters; Name is at most 50.
				"Subject": "Restore test missing: EFS " + c.Name(),
				"Message": c.restoreCheckMessage(plan, t),
			},
			"Retry": []any{map[string]any{"ErrorEquals": []string{"States.ALL"}, "IntervalSeconds": 60, "MaxAttempts": 3, "BackoffRate": 2}},
		}
		if i+1 < len(c.AlarmActions) {
			s["Next"] = notify(i + 1)
		} else {
			s["End"] = true
		}
		states[notify(i)] = s
	}
	return mustJSON(map[string]any{
		"Comment":       "Notifies AlarmActions when no restore test of EFS " + c.Name() + " completed in its monthly window",
		"QueryLanguage": "JSONata",
		"StartAt":       restoreCheckListState,
		"States":        states,
	})
}
