package kafkaefs

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchloggroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
	"github.com/kafka-efs/kafka-efs/efs"
)

// newAlarms adds the alarms, each notifying AlarmActions when it fires and when it clears.
func (k *KafkaEfs) newAlarms() {
	k.Alarms = map[string]cloudwatchmetricalarm.CloudwatchMetricAlarm{}
	actions := jsii.Strings(k.Config.AlarmActions...)
	dimensions := &map[string]*string{"FileSystemId": k.FileSystem.Id()}
	for _, a := range k.Config.EnabledAlarms() {
		cfg := &cloudwatchmetricalarm.CloudwatchMetricAlarmConfig{
			AlarmName:          jsii.String(k.Config.Name() + "-efs-" + a.Key),
			AlarmDescription:   jsii.String(a.Description(k.Config)),
			ComparisonOperator: jsii.String(a.Comparison),
			Threshold:          jsii.Number(a.Threshold),
			EvaluationPeriods:  jsii.Number(a.EvaluationPeriods),
			AlarmActions:       actions,
			OkActions:          actions,
			TreatMissingData:   jsii.String(a.TreatMissingDataOrDefault()),
			Tags:               k.tags(k.Config.Name() + "-efs-" + a.Key),
		}
		if a.Expression == "" {
			cfg.Dimensions = dimensions
			if a.Replication {
				cfg.Dimensions = &map[string]*string{"FileSystemId": k.FileSystem.Id(), "DestinationFileSystemId": k.Replication.Destination().FileSystemId()}
			}
			cfg.Namespace = jsii.String(efs.CloudWatchNamespace)
			cfg.MetricName = jsii.String(a.Metric)
			cfg.Statistic = jsii.String(a.Statistic)
			cfg.Period = jsii.Number(a.PeriodSeconds)
		} else {
			queries := []*cloudwatchmetricalarm.CloudwatchMetricAlarmMetricQuery{{
				Id: jsii.String("e1"), Expression: jsii.String(a.Expression),
				Label: jsii.String(a.Key), ReturnData: jsii.Bool(true),
			}}
			for _, m := range a.Metrics {
				queries = append(queries, &cloudwatchmetricalarm.CloudwatchMetricAlarmMetricQuery{
					Id: jsii.String(m.ID),
					Metric: &cloudwatchmetricalarm.CloudwatchMetricAlarmMetricQueryMetric{
						Namespace: jsii.String(efs.CloudWatchNamespace), MetricName: jsii.String(m.Metric),
						Stat: jsii.String(m.Statistic), Period: jsii.Number(a.PeriodSeconds),
						Dimensions: dimensions,
					},
				})
			}
			cfg.MetricQuery = &queries
		}
		k.Alarms[a.Key] = cloudwatchmetricalarm.NewCloudwatchMetricAlarm(k.Construct, jsii.String("alarm-"+a.Key), cfg)
	}
}

// newLogGroup adds the log group, encrypted with the Config's KMS key when it is a key
// (CloudWatch Logs takes a key ARN, not an alias) and kept for LogRetentionDays.
func (k *KafkaEfs) newLogGroup() {
	c := k.Config
	cfg := &cloudwatchloggroup.CloudwatchLogGroupConfig{
		Name:            jsii.String(c.LogGroupName()),
		RetentionInDays: jsii.Number(c.LogRetentionDaysOrDefault()),
		Tags:            k.tags(c.LogGroupName()),
	}
	if c.KmsKeyID != "" && !efs.IsKmsAliasArn(c.KmsKeyID) {
		cfg.KmsKeyId = jsii.String(c.KmsKeyID)
	}
	k.LogGroup = cloudwatchloggroup.NewCloudwatchLogGroup(k.Construct, jsii.String("log-group"), cfg)
}
