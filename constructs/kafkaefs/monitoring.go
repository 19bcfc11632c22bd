package kafkaefs

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchloggroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
)

// cloudwatchNamespace is where EFS publishes its metrics, per file system (dimension
// FileSystemId).
const cloudwatchNamespace = "AWS/EFS"

// alarmPeriodSeconds is the period of every alarm: EFS publishes metrics every minute;
// five-minute periods over three evaluations ride out short spikes.
const alarmPeriodSeconds = 300

// alarm is one CloudWatch alarm of the spec, with the modes where its metric means
// something. A metric alarm has Metric and Statistic; a metric math alarm has Expression
// over the queries in Metrics.
type alarm struct {
	Key         string
	Description string
	// Comparison and Threshold: the alarm fires when the value compares true.
	Comparison string
	Threshold  float64
	// Metric and Statistic define a plain metric alarm.
	Metric, Statistic string
	// Expression, over the ids of Metrics, defines a metric math alarm.
	Expression string
	Metrics    []mathMetric
	// appliesTo reports whether the metric is published and meaningful for the modes.
	appliesTo func(performance, throughput string) bool
}

// mathMetric is one input of a metric math expression.
type mathMetric struct{ ID, Metric, Statistic string }

// burstCreditThresholdBytes is one hour of bursting at 100 MiB/s, in bytes: below it a
// bursting file system is about to drop to its baseline throughput.
const burstCreditThresholdBytes = 100 * 1024 * 1024 * 3600

// alarms is the spec's alarm table.
var alarms = []alarm{
	{
		Key:         "io_limit",
		Description: "EFS is close to the I/O limit of the General Purpose performance mode (PercentIOLimit above 95%)",
		Comparison:  "GreaterThanThreshold", Threshold: 95,
		Metric: "PercentIOLimit", Statistic: "Average",
		// EFS publishes PercentIOLimit for generalPurpose file systems only.
		appliesTo: func(perf, _ string) bool { return perf == PerformanceGeneralPurpose },
	},
	{
		Key:         "burst_credits",
		Description: "EFS burst credits are below one hour at 100 MiB/s: throughput will drop to the baseline",
		Comparison:  "LessThanThreshold", Threshold: burstCreditThresholdBytes,
		Metric: "BurstCreditBalance", Statistic: "Minimum",
		// Only bursting file systems spend burst credits.
		appliesTo: func(_, tp string) bool { return tp == ThroughputBursting },
	},
	{
		Key:         "client_connections",
		Description: "More than 1000 NFS client connections: pods may not be unmounting EFS",
		Comparison:  "GreaterThanThreshold", Threshold: 1000,
		Metric: "ClientConnections", Statistic: "Sum",
		appliesTo: func(_, _ string) bool { return true },
	},
	{
		Key:         "throughput_utilization",
		Description: "EFS throughput utilization above 80% of the permitted throughput",
		Comparison:  "GreaterThanThreshold", Threshold: 80,
		// MeteredIOBytes (bytes per period) over the period, against PermittedThroughput
		// (bytes per second): there is no raw utilization metric.
		Expression: "(m1 / PERIOD(m1)) / m2 * 100",
		Metrics: []mathMetric{
			{ID: "m1", Metric: "MeteredIOBytes", Statistic: "Sum"},
			{ID: "m2", Metric: "PermittedThroughput", Statistic: "Average"},
		},
		appliesTo: func(_, _ string) bool { return true },
	},
}

// enabledAlarms returns the alarms to create for the Config: none unless alarms are on,
// and only those whose metric means something for the performance and throughput modes.
func (c Config) enabledAlarms() []alarm {
	if !c.CreateCloudwatchAlarms {
		return nil
	}
	var out []alarm
	for _, a := range alarms {
		if a.appliesTo(c.performanceMode(), c.throughputMode()) {
			out = append(out, a)
		}
	}
	return out
}

// newAlarms adds the alarms, each notifying AlarmActions when it fires and when it clears.
func (k *KafkaEfs) newAlarms() {
	k.Alarms = map[string]cloudwatchmetricalarm.CloudwatchMetricAlarm{}
	actions := jsii.Strings(k.Config.AlarmActions...)
	dimensions := &map[string]*string{"FileSystemId": k.FileSystem.Id()}
	for _, a := range k.Config.enabledAlarms() {
		cfg := &cloudwatchmetricalarm.CloudwatchMetricAlarmConfig{
			AlarmName:          jsii.String(k.Config.Name() + "-efs-" + a.Key),
			AlarmDescription:   jsii.String(a.Description),
			ComparisonOperator: jsii.String(a.Comparison),
			Threshold:          jsii.Number(a.Threshold),
			EvaluationPeriods:  jsii.Number(3),
			AlarmActions:       actions,
			OkActions:          actions,
			TreatMissingData:   jsii.String("notBreaching"),
			Tags:               k.tags(k.Config.Name() + "-efs-" + a.Key),
		}
		if a.Expression == "" {
			cfg.Namespace = jsii.String(cloudwatchNamespace)
			cfg.MetricName = jsii.String(a.Metric)
			cfg.Statistic = jsii.String(a.Statistic)
			cfg.Period = jsii.Number(alarmPeriodSeconds)
			cfg.Dimensions = dimensions
		} else {
			queries := []*cloudwatchmetricalarm.CloudwatchMetricAlarmMetricQuery{{
				Id: jsii.String("e1"), Expression: jsii.String(a.Expression),
				Label: jsii.String(a.Key), ReturnData: jsii.Bool(true),
			}}
			for _, m := range a.Metrics {
				queries = append(queries, &cloudwatchmetricalarm.CloudwatchMetricAlarmMetricQuery{
					Id: jsii.String(m.ID),
					Metric: &cloudwatchmetricalarm.CloudwatchMetricAlarmMetricQueryMetric{
						Namespace: jsii.String(cloudwatchNamespace), MetricName: jsii.String(m.Metric),
						Stat: jsii.String(m.Statistic), Period: jsii.Number(alarmPeriodSeconds),
						Dimensions: dimensions,
					},
				})
			}
			cfg.MetricQuery = &queries
		}
		k.Alarms[a.Key] = cloudwatchmetricalarm.NewCloudwatchMetricAlarm(k.Construct, jsii.String("alarm-"+a.Key), cfg)
	}
}

// LogGroupName is the CloudWatch Logs group for the file system's client logs.
func (c Config) LogGroupName() string { return "/aws/efs/" + c.Name() }

// newLogGroup adds the log group, encrypted with the Config's KMS key when it is a key
// (CloudWatch Logs takes a key ARN, not an alias) and kept for LogRetentionDays.
func (k *KafkaEfs) newLogGroup() {
	c := k.Config
	cfg := &cloudwatchloggroup.CloudwatchLogGroupConfig{
		Name:            jsii.String(c.LogGroupName()),
		RetentionInDays: jsii.Number(c.logRetentionDays()),
		Tags:            k.tags(c.LogGroupName()),
	}
	if c.KmsKeyID != "" && !isKmsAliasArn(c.KmsKeyID) {
		cfg.KmsKeyId = jsii.String(c.KmsKeyID)
	}
	k.LogGroup = cloudwatchloggroup.NewCloudwatchLogGroup(k.Construct, jsii.String("log-group"), cfg)
}
