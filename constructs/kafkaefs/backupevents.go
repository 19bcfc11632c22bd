package kafkaefs

import (
	"fmt"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatcheventrule"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatcheventtarget"
)

// newBackupEvents adds one EventBridge rule per enabled event, one target per
// AlarmActions topic (each with the dead-letter queue), the queue, the monthly restore
// check (restorecheck.go) and the alarms that
// watch delivery and silence (backupalarms.go). Each topic's policy must let
// events.amazonaws.com publish with aws:SourceArn of the rules, and an encrypted topic's
// key must let events.amazonaws.com use it (the stacks do both).
func (k *KafkaEfs) newBackupEvents() {
	c := k.Config
	events := c.EnabledBackupEvents()
	if len(events) == 0 {
		return
	}
	dlq := k.newDeadLetterQueue()
	plan := *k.Backup.RestoreTestingPlan.Arn()
	for _, e := range events {
		rule := cloudwatcheventrule.NewCloudwatchEventRule(k.Construct, jsii.String("backup-event-"+e.Key), &cloudwatcheventrule.CloudwatchEventRuleConfig{
			Name:         jsii.String(e.RuleName(c)),
			Description:  jsii.String("Forwards every " + e.What + " of EFS " + c.Name() + " to the alarm topic"),
			EventPattern: k.jsonDocument(e.Pattern(c, plan)),
			Tags:         k.tags(e.RuleName(c)),
		})
		k.Backup.EventRules = append(k.Backup.EventRules, rule)
		paths := map[string]*string{}
		for name, path := range e.Paths {
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
						InputTemplate: jsii.String(e.InputTemplate(c)),
					},
					DeadLetterConfig: &cloudwatcheventtarget.CloudwatchEventTargetDeadLetterConfig{Arn: dlq.Arn()},
				})
		}
	}
	k.newRestoreCheck(dlq)
	k.newDeadLetterQueuePolicy(dlq)
	k.newBackupAlarms()
}
