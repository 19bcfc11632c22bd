package kafkaefs

import (
	"fmt"
	"strings"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsiampolicydocument"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sqsqueue"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sqsqueuepolicy"
)

// Silence is a failure: an event rule hears only what AWS sends, so a backup that never
// starts (plan or selection gone, resource unselected) or a notification EventBridge
// cannot deliver needs an alarm on what should be there.

// deadLetterRetentionSeconds keeps an undelivered notification 14 days, SQS's maximum.
const deadLetterRetentionSeconds = 14 * 24 * 3600

// DeadLetterQueueName names the queue that keeps the backup notifications EventBridge
// could not deliver to AlarmActions.
func (c Config) DeadLetterQueueName() string { return c.BackupName() + "-events-dlq" }

// newDeadLetterQueue adds the encrypted dead-letter queue of the backup event targets:
// encrypted with the Config's key when it is a key ARN (its policy must admit
// events.amazonaws.com, which the stacks' key policy does), else with SQS's own keys
// (SSE-SQS), which need no key policy.
func (k *KafkaEfs) newDeadLetterQueue() sqsqueue.SqsQueue {
	c := k.Config
	cfg := &sqsqueue.SqsQueueConfig{
		Name:                    jsii.String(c.DeadLetterQueueName()),
		MessageRetentionSeconds: jsii.Number(deadLetterRetentionSeconds),
		Tags:                    k.tags(c.DeadLetterQueueName()),
	}
	if key := c.vaultKmsKeyArn(); key != "" {
		cfg.KmsMasterKeyId = jsii.String(key)
	} else {
		cfg.SqsManagedSseEnabled = jsii.Bool(true)
	}
	q := sqsqueue.NewSqsQueue(k.Construct, jsii.String("backup-events-dlq"), cfg)
	k.Backup.DeadLetterQueue = q
	return q
}

// newDeadLetterQueuePolicy lets EventBridge send to the queue for the construct's rules
// only (EventBridge user guide, "Granting permissions to the dead-letter queue":
// events.amazonaws.com, sqs:SendMessage, aws:SourceArn of the rule).
func (k *KafkaEfs) newDeadLetterQueuePolicy(q sqsqueue.SqsQueue) {
	var rules []string
	for _, r := range k.Backup.EventRules {
		rules = append(rules, *r.Arn())
	}
	if rc := k.Backup.RestoreCheck; rc != nil {
		rules = append(rules, *rc.Rule.Arn())
	}
	doc := dataawsiampolicydocument.NewDataAwsIamPolicyDocument(k.Construct, jsii.String("backup-events-dlq-policy-document"),
		&dataawsiampolicydocument.DataAwsIamPolicyDocumentConfig{
			Statement: &[]*dataawsiampolicydocument.DataAwsIamPolicyDocumentStatement{{
				Sid:       jsii.String("BackupEventRulesDeadLetters"),
				Effect:    jsii.String("Allow"),
				Actions:   jsii.Strings("sqs:SendMessage"),
				Resources: jsii.Strings(*q.Arn()),
				Principals: &[]*dataawsiampolicydocument.DataAwsIamPolicyDocumentStatementPrincipals{{
					Type: jsii.String("Service"), Identifiers: jsii.Strings("events.amazonaws.com"),
				}},
				Condition: &[]*dataawsiampolicydocument.DataAwsIamPolicyDocumentStatementCondition{{
					Test: jsii.String("ArnEquals"), Variable: jsii.String("aws:SourceArn"), Values: jsii.Strings(rules...),
				}},
			}},
		})
	sqsqueuepolicy.NewSqsQueuePolicy(k.Construct, jsii.String("backup-events-dlq-policy"), &sqsqueuepolicy.SqsQueuePolicyConfig{
		QueueUrl: q.Url(),
		Policy:   doc.Json(),
	})
}

// backupAlarm is one alarm of the backup side: a plain metric alarm, or (with Sum over
// the event rules) a metric math alarm summing one metric per rule.
type backupAlarm struct {
	Key, Title       string
	Namespace        string
	Metric           string
	Statistic        string
	PeriodSeconds    int
	Evaluations      int
	Comparison       string
	Threshold        float64
	TreatMissingData string
	// dimensions returns the metric's dimensions; with PerRule, those of one rule.
	dimensions func(k *KafkaEfs) map[string]*string
	// PerRule sums the metric over the construct's event rules (dimension RuleName).
	PerRule bool
	// Action says what to do, for the description.
	Action string
}

// backupAlarms: every metric and dimension as the services publish them.
var backupAlarms = []backupAlarm{
	{
		// AWS/Backup NumberOfBackupJobsCompleted, dimensions BackupVaultName and
		// ResourceType (AWS Backup developer guide, "Monitoring AWS Backup metrics with
		// CloudWatch"; CloudWatch user guide, OTel enrichment table for AWS/Backup: Sum,
		// BackupVaultName, ResourceType). No data for a day is no completed job.
		Key: "backup_completed", Title: "Completed backup jobs (NumberOfBackupJobsCompleted)",
		Namespace: "AWS/Backup", Metric: "NumberOfBackupJobsCompleted", Statistic: "Sum",
		PeriodSeconds: 86400, Evaluations: 1, Comparison: "LessThanThreshold", Threshold: 1,
		TreatMissingData: "breaching",
		dimensions: func(k *KafkaEfs) map[string]*string {
			return map[string]*string{"BackupVaultName": k.Backup.Vault.Name(), "ResourceType": jsii.String(RestoreTestingResourceType)}
		},
		Action: "no backup job of the vault completed in a day: check that the plan, its selection of the file system and the vault exist " +
			"(aws backup list-backup-jobs --by-backup-vault-name <vault>) and that no job is stuck; take a backup by hand if the last one is too old",
	},
	{
		// AWS/Events FailedInvocations, dimension RuleName: invocations that failed
		// permanently (EventBridge user guide, "Monitoring EventBridge"). No data is
		// nothing to deliver.
		Key: "event_delivery", Title: "Failed deliveries of backup notifications (FailedInvocations)",
		Namespace: "AWS/Events", Metric: "FailedInvocations", Statistic: "Sum",
		PeriodSeconds: 300, Evaluations: 1, Comparison: "GreaterThanThreshold", Threshold: 0,
		TreatMissingData: "notBreaching", PerRule: true,
		Action: "EventBridge could not deliver a backup notification to the alarm topic: read it from the dead-letter queue " +
			"and check the topic's policy and key policy (events.amazonaws.com)",
	},
	{
		// AWS/SQS ApproximateNumberOfMessagesVisible, dimension QueueName (SQS developer
		// guide, "Available CloudWatch metrics for Amazon SQS"): SQS reports it for an
		// active queue, and a dead-letter queue is idle when all is well.
		Key: "event_dead_letters", Title: "Undelivered backup notifications (dead-letter queue)",
		Namespace: "AWS/SQS", Metric: "ApproximateNumberOfMessagesVisible", Statistic: "Maximum",
		PeriodSeconds: 300, Evaluations: 1, Comparison: "GreaterThanThreshold", Threshold: 0,
		TreatMissingData: "notBreaching",
		dimensions: func(k *KafkaEfs) map[string]*string {
			return map[string]*string{"QueueName": k.Backup.DeadLetterQueue.Name()}
		},
		Action: "notifications wait in the dead-letter queue: read them (aws sqs receive-message), act on each, then delete them",
	},
	{
		// AWS/States ExecutionsFailed, dimension StateMachineArn (Step Functions
		// developer guide, "Monitoring Step Functions metrics using Amazon CloudWatch":
		// execution metrics). The check runs once a month; no data is no failure. A day
		// covers the check's retries.
		Key: "restore_check_failed", Title: "Failed runs of the monthly restore test check (ExecutionsFailed)",
		Namespace: "AWS/States", Metric: "ExecutionsFailed", Statistic: "Sum",
		PeriodSeconds: 86400, Evaluations: 1, Comparison: "GreaterThanThreshold", Threshold: 0,
		TreatMissingData: "notBreaching",
		dimensions: func(k *KafkaEfs) map[string]*string {
			return map[string]*string{"StateMachineArn": k.Backup.RestoreCheck.StateMachine.Arn()}
		},
		Action: "the check that this month's restore test completed could not run to the end, so nobody knows: read the failed execution's history " +
			"(aws stepfunctions list-executions --status-filter FAILED), then list the plan's restore jobs by hand",
	},
}

// heading is the alarm's entry in RunbookDoc.
func (a backupAlarm) heading() string { return a.Key + " alarm" }

func (a backupAlarm) description(c Config) string {
	return fmt.Sprintf("%s of EFS %s: %s. Runbook: %s", a.Title, c.Name(), a.Action, runbookRef(c.RunbookBaseURL, a.heading()))
}

// newBackupAlarms adds the backupAlarms, notifying AlarmActions when they fire and clear.
func (k *KafkaEfs) newBackupAlarms() {
	c := k.Config
	k.Backup.Alarms = map[string]cloudwatchmetricalarm.CloudwatchMetricAlarm{}
	actions := jsii.Strings(c.AlarmActions...)
	for _, a := range backupAlarms {
		name := c.Name() + "-efs-" + a.Key
		cfg := &cloudwatchmetricalarm.CloudwatchMetricAlarmConfig{
			AlarmName:          jsii.String(name),
			AlarmDescription:   jsii.String(a.description(c)),
			ComparisonOperator: jsii.String(a.Comparison),
			Threshold:          jsii.Number(a.Threshold),
			EvaluationPeriods:  jsii.Number(a.Evaluations),
			AlarmActions:       actions,
			OkActions:          actions,
			TreatMissingData:   jsii.String(a.TreatMissingData),
			Tags:               k.tags(name),
		}
		if !a.PerRule {
			dims := a.dimensions(k)
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
				Id: jsii.String("e1"), Expression: jsii.String(sumExpression(ids)),
				Label: jsii.String(a.Key), ReturnData: jsii.Bool(true),
			}}, queries...)
			cfg.MetricQuery = &queries
		}
		k.Backup.Alarms[a.Key] = cloudwatchmetricalarm.NewCloudwatchMetricAlarm(k.Construct, jsii.String("alarm-"+a.Key), cfg)
	}
}

// sumExpression adds the series of ids point by point: SUM([m0, m1]) is one series.
func sumExpression(ids []string) string { return "SUM([" + strings.Join(ids, ", ") + "])" }
