package kafkaefs

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatcheventrule"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatcheventtarget"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawscalleridentity"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsiampolicydocument"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrole"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrolepolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sfnstatemachine"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sqsqueue"
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

// restoreCheckSchedule returns the check's schedule, an AWS cron expression
// restoreCheckDelayHours after the restore test's, or a problem naming what is allowed.
func restoreCheckSchedule(t RestoreTesting) (string, string) {
	m := reMonthlyCron.FindStringSubmatch(t.Schedule)
	if m == nil {
		return "", `must be a monthly AWS cron expression "cron(M H D * ? *)" (one minute, one hour, day of month 1 to 28) while AlarmActions are set: ` +
			`the check that a restore test completed runs once a month after it (e.g. "cron(0 8 2 * ? *)")`
	}
	minute, _ := strconv.Atoi(m[1])
	hour, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	total := hour + restoreCheckDelayHours(t)
	day += total / 24
	if day > 28 {
		return "", fmt.Sprintf("day of month %s is too late: the check that the restore test completed runs StartWindowHours (%d) + %d hours after it, "+
			"on day %d, and must stay within day 28 (every month has it): choose an earlier day", m[3], t.StartWindowHours, RestoreCheckGraceHours, day)
	}
	return fmt.Sprintf("cron(%d %d %d * ? *)", minute, total%24, day), ""
}

// restoreCheckDelayHours is the time from the test's scheduled start to the check: the
// start window, then the grace for the restore to complete.
func restoreCheckDelayHours(t RestoreTesting) int { return t.StartWindowHours + RestoreCheckGraceHours }

// restoreCheckLookbackMillis is how far back the check looks for a completed restore
// job: from this month's scheduled start (and a little more), never back to last
// month's test, which completed at least 28 days - 8 days earlier.
func restoreCheckLookbackMillis(t RestoreTesting) int64 {
	return int64(restoreCheckDelayHours(t)+restoreCheckSlackHours) * 3600 * 1000
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
	t := p.restoreTesting()
	if _, problem := restoreCheckSchedule(t); problem != "" {
		r.add("BackupPlan.RestoreTesting.Schedule", t.Schedule, problem)
	}
}

// RestoreCheck is the monthly check that the restore test completed.
type RestoreCheck struct {
	// Rule starts the state machine once a month (ScheduleExpression).
	Rule cloudwatcheventrule.CloudwatchEventRule
	// StateMachine lists the plan's completed restore jobs and notifies when none.
	StateMachine sfnstatemachine.SfnStateMachine
	// RuleRole lets the rule start the state machine; MachineRole is the machine's.
	RuleRole, MachineRole iamrole.IamRole
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
		c.Name(), plan, restoreCheckDelayHours(t)+restoreCheckSlackHours, t.Schedule, t.StartWindowHours, RestoreCheckGraceHours,
		runbookRef(c.RunbookBaseURL, restoreCheckHeading()))
}

// Names of the state machine's states.
const (
	restoreCheckListState   = "ListCompletedRestoreJobs"
	restoreCheckChoiceState = "AnyRestoreCompleted"
	restoreCheckDoneState   = "RestoreTestCompleted"
)

// restoreCheckDefinition is the state machine's Amazon States Language definition, in
// JSONata: list the plan's COMPLETED restore jobs completed within the look-back, count
// them, and publish to each topic when there are none. partition, plan and topics may
// be Terraform references.
func (c Config) restoreCheckDefinition(partition, plan string, t RestoreTesting) string {
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

// newRestoreCheck adds the monthly check, its roles, and the rule's target with the
// dead-letter queue dlq. Its failures are the restore_check_failed alarm's.
func (k *KafkaEfs) newRestoreCheck(dlq sqsqueue.SqsQueue) {
	c := k.Config
	t := c.BackupPlan.restoreTesting()
	schedule, problem := restoreCheckSchedule(t)
	if problem != "" {
		// Validate refuses such a schedule (checkRestoreCheck).
		panic("restore check: BackupPlan.RestoreTesting.Schedule " + problem)
	}
	name := c.RestoreCheckName()
	partition := *k.partition().Partition()
	region := *k.region().Name()
	account := *dataawscalleridentity.NewDataAwsCallerIdentity(k.Construct, jsii.String("restore-check-account"), nil).AccountId()
	plan := *k.Backup.RestoreTestingPlan.Arn()
	machineArn := "arn:" + partition + ":states:" + region + ":" + account + ":stateMachine:" + name
	ruleArn := "arn:" + partition + ":events:" + region + ":" + account + ":rule/" + name
	rc := &RestoreCheck{}
	k.Backup.RestoreCheck = rc

	// The machine's role: trusted by Step Functions for this state machine only
	// (aws:SourceArn, aws:SourceAccount: Step Functions developer guide, "Prevent
	// cross-service confused deputy").
	rc.MachineRole = k.newServiceRole("restore-check-machine", c.BackupName()+"-restore-sfn", "states.amazonaws.com", "StepFunctionsAssumesRole",
		"Step Functions checks that a restore test of "+c.CreationToken()+" completed",
		[]*policyCondition{
			condition("ArnEquals", "aws:SourceArn", jsii.String(machineArn)),
			condition("StringEquals", "aws:SourceAccount", jsii.String(account)),
		},
		k.restoreCheckMachinePolicy())
	rc.StateMachine = sfnstatemachine.NewSfnStateMachine(k.Construct, jsii.String("restore-check"), &sfnstatemachine.SfnStateMachineConfig{
		Name:       jsii.String(name),
		RoleArn:    rc.MachineRole.Arn(),
		Definition: k.jsonDocument(c.restoreCheckDefinition(partition, plan, t)),
		Tags:       k.tags(name),
	})

	// The rule's role: trusted by EventBridge for this rule only, to start this machine.
	rc.RuleRole = k.newServiceRole("restore-check-rule", c.BackupName()+"-restore-evt", "events.amazonaws.com", "EventBridgeAssumesRole",
		"EventBridge starts the monthly restore test check of "+c.CreationToken(),
		[]*policyCondition{condition("ArnEquals", "aws:SourceArn", jsii.String(ruleArn))},
		[]*policyStatement{{
			Sid: jsii.String("StartRestoreCheck"), Effect: jsii.String("Allow"),
			Actions: jsii.Strings("states:StartExecution"), Resources: jsii.Strings(*rc.StateMachine.Arn()),
		}})
	rc.Rule = cloudwatcheventrule.NewCloudwatchEventRule(k.Construct, jsii.String("restore-check-schedule"), &cloudwatcheventrule.CloudwatchEventRuleConfig{
		Name: jsii.String(name),
		Description: jsii.String(fmt.Sprintf("Checks monthly, %d hours after the restore test's schedule, that a restore test of EFS %s completed",
			restoreCheckDelayHours(t), c.Name())),
		ScheduleExpression: jsii.String(schedule),
		Tags:               k.tags(name),
	})
	cloudwatcheventtarget.NewCloudwatchEventTarget(k.Construct, jsii.String("restore-check-target"), &cloudwatcheventtarget.CloudwatchEventTargetConfig{
		Rule:             rc.Rule.Name(),
		TargetId:         jsii.String("restore-check"),
		Arn:              rc.StateMachine.Arn(),
		RoleArn:          rc.RuleRole.Arn(),
		DeadLetterConfig: &cloudwatcheventtarget.CloudwatchEventTargetDeadLetterConfig{Arn: dlq.Arn()},
	})
}

// restoreCheckMachinePolicy lets the machine list restore jobs (ListRestoreJobs takes no
// resource: Service Authorization Reference, AWS Backup), publish to AlarmActions and use
// the Config's key for an encrypted topic (SNS developer guide, "Encryption at rest": a
// publisher needs kms:GenerateDataKey* and kms:Decrypt). The stacks' topic policy and key
// policy delegate to the account's IAM policies (AccountManagesTopic,
// AccountAdministersKey), so this policy is enough there.
func (k *KafkaEfs) restoreCheckMachinePolicy() []*policyStatement {
	c := k.Config
	statements := []*policyStatement{
		{
			Sid: jsii.String("ListRestoreJobs"), Effect: jsii.String("Allow"),
			Actions: jsii.Strings("backup:ListRestoreJobs"), Resources: jsii.Strings("*"),
		},
		{
			Sid: jsii.String("PublishToAlarmActions"), Effect: jsii.String("Allow"),
			Actions: jsii.Strings("sns:Publish"), Resources: jsii.Strings(c.AlarmActions...),
		},
	}
	if key := c.vaultKmsKeyArn(); key != "" {
		statements = append(statements, &policyStatement{
			Sid: jsii.String("EncryptForTopic"), Effect: jsii.String("Allow"),
			Actions: jsii.Strings("kms:GenerateDataKey*", "kms:Decrypt"), Resources: jsii.Strings(key),
		})
	}
	return statements
}

// newServiceRole adds a role that service assumes under conditions (statement sid), with
// statements as its only inline policy.
func (k *KafkaEfs) newServiceRole(id, name, service, sid, description string, conditions []*policyCondition, statements []*policyStatement) iamrole.IamRole {
	trust := dataawsiampolicydocument.NewDataAwsIamPolicyDocument(k.Construct, jsii.String(id+"-trust"),
		&dataawsiampolicydocument.DataAwsIamPolicyDocumentConfig{
			Statement: &[]*policyStatement{{
				Sid:        jsii.String(sid),
				Effect:     jsii.String("Allow"),
				Actions:    jsii.Strings("sts:AssumeRole"),
				Principals: principals("Service", jsii.Strings(service)),
				Condition:  &conditions,
			}},
		})
	role := iamrole.NewIamRole(k.Construct, jsii.String(id+"-role"), &iamrole.IamRoleConfig{
		Name:             jsii.String(name),
		Description:      jsii.String(description),
		AssumeRolePolicy: trust.Json(),
		Tags:             k.tags(name),
	})
	doc := dataawsiampolicydocument.NewDataAwsIamPolicyDocument(k.Construct, jsii.String(id+"-policy-document"),
		&dataawsiampolicydocument.DataAwsIamPolicyDocumentConfig{Statement: &statements})
	iamrolepolicy.NewIamRolePolicy(k.Construct, jsii.String(id+"-policy"), &iamrolepolicy.IamRolePolicyConfig{
		Name:   jsii.String(name),
		Role:   role.Name(),
		Policy: doc.Json(),
	})
	return role
}
