package kafkaefs

import (
	"fmt"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatcheventrule"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatcheventtarget"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawscalleridentity"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrole"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrolepolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sfnstatemachine"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sqsqueue"
	"github.com/kafka-efs/kafka-efs/efs"
)

// RestoreCheck is the monthly check that the restore test completed.
type RestoreCheck struct {
	// Rule starts the state machine once a month (ScheduleExpression).
	Rule cloudwatcheventrule.CloudwatchEventRule
	// StateMachine lists the plan's completed restore jobs and notifies when none.
	StateMachine sfnstatemachine.SfnStateMachine
	// RuleRole lets the rule start the state machine; MachineRole is the machine's.
	RuleRole, MachineRole iamrole.IamRole
}

// newRestoreCheck adds the monthly check, its roles, and the rule's target with the
// dead-letter queue dlq. Its failures are the restore_check_failed alarm's.
func (k *KafkaEfs) newRestoreCheck(dlq sqsqueue.SqsQueue) {
	c := k.Config
	t := c.BackupPlan.RestoreTestingOrDefault()
	schedule, problem := efs.RestoreCheckSchedule(t)
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
		[]efs.Condition{
			{Test: "ArnEquals", Variable: "aws:SourceArn", Values: []string{machineArn}},
			{Test: "StringEquals", Variable: "aws:SourceAccount", Values: []string{account}},
		},
		c.RestoreCheckMachinePermissions())
	rc.StateMachine = sfnstatemachine.NewSfnStateMachine(k.Construct, jsii.String("restore-check"), &sfnstatemachine.SfnStateMachineConfig{
		Name:       jsii.String(name),
		RoleArn:    rc.MachineRole.Arn(),
		Definition: k.jsonDocument(c.RestoreCheckDefinition(partition, plan, t)),
		Tags:       k.tags(name),
	})

	// The rule's role: trusted by EventBridge for this rule only, to start this machine.
	rc.RuleRole = k.newServiceRole("restore-check-rule", c.BackupName()+"-restore-evt", "events.amazonaws.com", "EventBridgeAssumesRole",
		"EventBridge starts the monthly restore test check of "+c.CreationToken(),
		[]efs.Condition{{Test: "ArnEquals", Variable: "aws:SourceArn", Values: []string{ruleArn}}},
		[]efs.Statement{{
			Sid: "StartRestoreCheck", Effect: "Allow",
			Actions: []string{"states:StartExecution"}, Resources: []string{*rc.StateMachine.Arn()},
		}})
	rc.Rule = cloudwatcheventrule.NewCloudwatchEventRule(k.Construct, jsii.String("restore-check-schedule"), &cloudwatcheventrule.CloudwatchEventRuleConfig{
		Name: jsii.String(name),
		Description: jsii.String(fmt.Sprintf("Checks monthly, %d hours after the restore test's schedule, that a restore test of EFS %s completed",
			efs.RestoreCheckDelayHours(t), c.Name())),
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

// newServiceRole adds a role that service assumes under conditions (statement sid), with
// statements as its only inline policy.
func (k *KafkaEfs) newServiceRole(id, name, service, sid, description string, conditions []efs.Condition, statements []efs.Statement) iamrole.IamRole {
	trust := k.iamDocument(id+"-trust", efs.ServiceTrust(sid, service, conditions...))
	role := iamrole.NewIamRole(k.Construct, jsii.String(id+"-role"), &iamrole.IamRoleConfig{
		Name:             jsii.String(name),
		Description:      jsii.String(description),
		AssumeRolePolicy: trust.Json(),
		Tags:             k.tags(name),
	})
	doc := k.iamDocument(id+"-policy-document", statements)
	iamrolepolicy.NewIamRolePolicy(k.Construct, jsii.String(id+"-policy"), &iamrolepolicy.IamRolePolicyConfig{
		Name:   jsii.String(name),
		Role:   role.Name(),
		Policy: doc.Json(),
	})
	return role
}
