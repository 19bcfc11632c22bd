package efs

import (
	"fmt"
	"strings"
)

// Silence is a failure: an event rule hears only what AWS sends, so a backup that never
// starts (plan or selection gone, resource unselected) or a notification EventBridge
// cannot deliver needs an alarm on what should be there.

// DeadLetterRetentionSeconds keeps an undelivered notification 14 days, SQS's maximum.
const DeadLetterRetentionSeconds = 14 * 24 * 3600

// DeadLetterQueueName names the queue that keeps the backup notifications EventBridge
// could not deliver to AlarmActions.
func (c Config) DeadLetterQueueName() string { return c.BackupName() + "-events-dlq" }

// Placeholders of BackupAlarm.Dimensions: attributes of the construct's resources, known
// only at deploy time.
const (
	DimensionVaultName           = "<backup vault name>"
	DimensionDeadLetterQueueName = "<dead-letter queue name>"
	DimensionRestoreCheckArn     = "<restore check state machine ARN>"
)

// BackupAlarm is one alarm of the backup side: a plain metric alarm, or (with Sum over
// the event rules) a metric math alarm summing one metric per rule.
type BackupAlarm struct {
	Key, Title       string
	Namespace        string
	Metric           string
	Statistic        string
	PeriodSeconds    int
	Evaluations      int
	Comparison       string
	Threshold        float64
	TreatMissingData string
	// Dimensions are the metric's dimensions, by name: a literal value, or one of the
	// Dimension* placeholders that the construct replaces by its resource's attribute.
	// With PerRule, RuleName is added per rule instead.
	Dimensions map[string]string
	// PerRule sums the metric over the construct's event rules (dimension RuleName).
	PerRule bool
	// Action says what to do, for the description.
	Action string
}

// BackupAlarms: every metric and dimension as the services publish them.
var BackupAlarms = []BackupAlarm{
	{
		// AWS/Backup NumberOfBackupJobsCompleted, dimensions BackupVaultName and
		// ResourceType (AWS Backup developer guide, "Monitoring AWS Backup metrics with
		// CloudWatch"; CloudWatch user guide, OTel enrichment table for AWS/Backup: Sum,
		// BackupVaultName, ResourceType). No data for a day is no completed job.
		Key: "backup_completed", Title: "Completed backup jobs (NumberOfBackupJobsCompleted)",
		Namespace: "AWS/Backup", Metric: "NumberOfBackupJobsCompleted", Statistic: "Sum",
		PeriodSeconds: 86400, Evaluations: 1, Comparison: "LessThanThreshold", Threshold: 1,
		TreatMissingData: "breaching",
		Dimensions:       map[string]string{"BackupVaultName": DimensionVaultName, "ResourceType": RestoreTestingResourceType},
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
		Dimensions:       map[string]string{"QueueName": DimensionDeadLetterQueueName},
		Action:           "notifications wait in the dead-letter queue: read them (aws sqs receive-message), act on each, then delete them",
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
		Dimensions:       map[string]string{"StateMachineArn": DimensionRestoreCheckArn},
		Action: "the check that this month's restore test completed could not run to the end, so nobody knows: read the failed execution's history " +
			"(aws stepfunctions list-executions --status-filter FAILED), then list the plan's restore jobs by hand",
	},
}

// heading is the alarm's entry in RunbookDoc.
func (a BackupAlarm) heading() string { return a.Key + " alarm" }

// Description says what the alarm watches, what to do when it fires and where to read
// more, with c's name and runbook base.
func (a BackupAlarm) Description(c Config) string {
	return fmt.Sprintf("%s of EFS %s: %s. Runbook: %s", a.Title, c.Name(), a.Action, runbookRef(c.RunbookBaseURL, a.heading()))
}

// SumExpression adds the series of ids point by point: SUM([m0, m1]) is one series.
func SumExpression(ids []string) string { return "SUM([" + strings.Join(ids, ", ") + "])" }
