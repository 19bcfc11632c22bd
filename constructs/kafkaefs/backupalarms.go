package kafkaefs

import (
	"fmt"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sqsqueue"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sqsqueuepolicy"
	"github.com/kafka-efs/kafka-efs/efs"
)

// newDeadLetterQueue adds the encrypted dead-letter queue of the backup event targets:
// encrypted with the Config's key when it is a key ARN (its policy must admit
// events.amazonaws.com, which the stacks' key policy does), else with SQS's own keys
// (SSE-SQS), which need no key policy.
func (k *KafkaEfs) newDeadLetterQueue() sqsqueue.SqsQueue {
	c := k.Config
	cfg := &sqsqueue.SqsQueueConfig{
		Name:                    jsii.String(c.DeadLetterQueueName()),
		MessageRetentionSeconds: jsii.Number(efs.DeadLetterRetentionSeconds),
		Tags:                    k.tags(c.DeadLetterQueueName()),
	}
	if key := c.VaultKmsKeyArn(); key != "" {
		cfg.KmsMasterKeyId = jsii.String(key)
	} else {
		cfg.SqsManagedSseEnabled = jsii.Bool(true)
	}
	q := sqsqueue.NewSqsQueue(k.Construct, jsii.String("backup-events-dlq"), cfg)
	k.Backup.DeadLetterQueue = q
	return q
}

// newDeadLetterQueuePolicy adds the queue's policy (efs.DeadLetterQueuePolicy) for the
// construct's rules.
func (k *KafkaEfs) newDeadLetterQueuePolicy(q sqsqueue.SqsQueue) {
	var rules []string
	for _, r := range k.Backup.EventRules {
		rules = append(rules, *r.Arn())
	}
	if rc := k.Backup.RestoreCheck; rc != nil {
		rules = append(rules, *rc.Rule.Arn())
	}
	doc := k.iamDocument("backup-events-dlq-policy-document", efs.DeadLetterQueuePolicy(*q.Arn(), rules))
	sqsqueuepolicy.NewSqsQueuePolicy(k.Construct, jsii.String("backup-events-dlq-policy"), &sqsqueuepolicy.SqsQueuePolicyConfig{
		QueueUrl: q.Url(),
		Policy:   doc.Json(),
	})
}

// newBackupAlarms adds the efs.BackupAlarms, notifying AlarmActions when they fire and clear.
func (k *KafkaEfs) newBackupAlarms() {
	c := k.Config
	k.Backup.Alarms = map[string]cloudwatchmetricalarm.CloudwatchMetricAlarm{}
	actions := jsii.Strings(c.AlarmActions...)
	for _, a := range efs.BackupAlarms {
		name := c.Name() + "-efs-" + a.Key
		cfg := &cloudwatchmetricalarm.CloudwatchMetricAlarmConfig{
			AlarmName:          jsii.String(name),
			AlarmDescription:   jsii.String(a.Description(c)),
			ComparisonOperator: jsii.String(a.Comparison),
			Threshold:          jsii.Number(a.Threshold),
			EvaluationPeriods:  jsii.Number(a.Evaluations),
			AlarmActions:       actions,
			OkActions:          actions,
			TreatMissingData:   jsii.String(a.TreatMissingData),
			Tags:               k.tags(name),
		}
		if !a.PerRule {
			dims := map[string]*string{}
			for name, v := range a.Dimensions {
				dims[name] = k.dimensionValue(v)
			}
			cfg.Namespace, cfg.MetricName, cfg.Statistic = jsii.String(a.Namespace), jsii.String(a.Metric), jsii.String(a.Statistic)
			cfg.Period, cfg.Dimensions = jsii.Number(a.PeriodSeconds), &dims
		} else {
			var ids []string
			queries := []*cloudwatchmetricalarm.CloudwatchMetricAlarmMetricQuery{}
			for i, r := range k.Backup.EventRules {
				id := fmt.Sprintf("m%d", i)
				ids = append(ids, id)
				queries = append(queries, &cloudwatchmetricalarm.CloudwatchMetricAlarmMetricQuery{
					Id: jsii.String(id),
					Metric: &cloudwatchmetricalarm.CloudwatchMetricAlarmMetricQueryMetric{
						Namespace: jsii.String(a.Namespace), MetricName: jsii.String(a.Metric),
						Stat: jsii.String(a.Statistic), Period: jsii.Number(a.PeriodSeconds),
						Dimensions: &map[string]*string{"RuleName": r.Name()},
					},
				})
			}
			queries = append([]*cloudwatchmetricalarm.CloudwatchMetricAlarmMetricQuery{{
				Id: jsii.String("e1"), Expression: jsii.String(efs.SumExpression(ids)),
				Label: jsii.String(a.Key), ReturnData: jsii.Bool(true),
			}}, queries...)
			cfg.MetricQuery = &queries
		}
		k.Backup.Alarms[a.Key] = cloudwatchmetricalarm.NewCloudwatchMetricAlarm(k.Construct, jsii.String("alarm-"+a.Key), cfg)
	}
}

// dimensionValue returns a backup alarm's dimension value: the attribute of the resource a
// placeholder stands for, or the literal.
func (k *KafkaEfs) dimensionValue(v string) *string {
	switch v {
	case efs.DimensionVaultName:
		return k.Backup.Vault.Name()
	case efs.DimensionDeadLetterQueueName:
		return k.Backup.DeadLetterQueue.Name()
	case efs.DimensionRestoreCheckArn:
		return k.Backup.RestoreCheck.StateMachine.Arn()
	}
	return jsii.String(v)
}
