package kafkaefs

import (
	"fmt"
	"strconv"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchloggroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
)

// cloudwatchNamespace is where EFS publishes its metrics, per file system (dimension
// FileSystemId).
const cloudwatchNamespace = "AWS/EFS"

// Defaults of every AlarmTuning: EFS publishes its metrics every minute; five-minute
// periods over three evaluations ride out short spikes.
const (
	DefaultAlarmPeriodSeconds     = 300
	DefaultAlarmEvaluationPeriods = 3
)

// Default thresholds, in the unit of each alarm.
const (
	// DefaultIOLimitThresholdPercent: PercentIOLimit above it, in percent.
	DefaultIOLimitThresholdPercent = 95
	// DefaultBurstCreditThresholdBytes is one hour of bursting at 100 MiB/s, in bytes:
	// below it a bursting file system is about to drop to its baseline throughput.
	DefaultBurstCreditThresholdBytes = 100 * 1024 * 1024 * 3600
	// DefaultClientConnectionsThreshold: average NFS client connections over the period.
	DefaultClientConnectionsThreshold = 1000
	// DefaultThroughputUtilizationThresholdPercent: percent of the permitted throughput.
	DefaultThroughputUtilizationThresholdPercent = 80
)

// DefaultAlarmRunbookURL is where alarm descriptions point when Config.AlarmRunbookURL is
// empty: the README of this repository, whose "Troubleshooting" section has one entry per
// alarm.
const DefaultAlarmRunbookURL = "README.md"

// alarmTreatMissingData is how every alarm treats a period without data: EFS publishes
// PercentIOLimit, MeteredIOBytes and ClientConnections only while clients do I/O or are
// connected, so no data means an idle file system, not a breach.
const alarmTreatMissingData = "notBreaching"

// alarm is one CloudWatch alarm of the spec, with the modes where its metric means
// something. A metric alarm has Metric and Statistic; a metric math alarm has Expression
// over the queries in Metrics.
type alarm struct {
	Key string
	// Field is the Config field that tunes the alarm; tuning returns its value.
	Field  string
	tuning func(Config) AlarmTuning
	// Title names the alarm on the dashboard and in descriptions.
	Title string
	// Unit of the threshold, for descriptions and messages.
	Unit string
	// Comparison and DefaultThreshold: the alarm fires when the value compares true.
	Comparison       string
	DefaultThreshold float64
	// MaxThreshold bounds the threshold from above; every threshold must be above 0.
	// 0 means no upper bound other than a finite number.
	MaxThreshold float64
	// Action says what an operator does when the alarm fires.
	Action string
	// Metric and Statistic define a plain metric alarm.
	Metric, Statistic string
	// Expression, over the ids of Metrics, defines a metric math alarm.
	Expression string
	Metrics    []mathMetric
	// appliesTo reports whether the metric is published and meaningful for the modes;
	// Requires says which modes, for the messages of a tuning that cannot apply.
	appliesTo func(performance, throughput string) bool
	Requires  string
}

// mathMetric is one input of a metric math expression.
type mathMetric struct{ ID, Metric, Statistic string }

// Metric math of the alarms and the dashboard, as the EFS user guide writes it
// ("Using metric math with Amazon EFS").
const (
	// ClientConnections is reported per minute: the Sum over a period divided by the
	// minutes in the period is the average number of connections.
	clientConnectionsExpression = "m1 / (PERIOD(m1) / 60)"
	// MeteredIOBytes (bytes per period) over the period, against PermittedThroughput
	// (bytes per second): there is no raw utilization metric.
	throughputUtilizationExpression = "(m1 / PERIOD(m1)) / m2 * 100"
)

// alarms is the spec's alarm table.
var alarms = []alarm{
	{
		Key: "io_limit", Field: "IOLimitAlarm", tuning: func(c Config) AlarmTuning { return c.IOLimitAlarm },
		Title: "I/O limit (PercentIOLimit)", Unit: "%",
		Comparison: "GreaterThanThreshold", DefaultThreshold: DefaultIOLimitThresholdPercent, MaxThreshold: 100,
		Action: "clients are close to the General Purpose I/O limit and will see latency rise: find the busiest clients " +
			"and spread or batch their metadata operations; if it stays high, plan a move to a maxIO file system",
		Metric: "PercentIOLimit", Statistic: "Average",
		// EFS publishes PercentIOLimit for generalPurpose file systems only.
		appliesTo: func(perf, _ string) bool { return perf == PerformanceGeneralPurpose },
		Requires:  "PerformanceMode " + PerformanceGeneralPurpose + " (EFS publishes PercentIOLimit for General Purpose file systems only)",
	},
	{
		Key: "burst_credits", Field: "BurstCreditAlarm", tuning: func(c Config) AlarmTuning { return c.BurstCreditAlarm },
		Title: "Burst credits (BurstCreditBalance)", Unit: "bytes",
		Comparison: "LessThanThreshold", DefaultThreshold: DefaultBurstCreditThresholdBytes,
		Action: "throughput will soon drop to the baseline of the stored size: reduce the load, or switch " +
			"ThroughputMode to elastic (or provisioned) before the credits run out",
		Metric: "BurstCreditBalance", Statistic: "Minimum",
		// Only bursting file systems spend burst credits.
		appliesTo: func(_, tp string) bool { return tp == ThroughputBursting },
		Requires:  "ThroughputMode " + ThroughputBursting + " (only bursting file systems spend burst credits)",
	},
	{
		Key: "client_connections", Field: "ClientConnectionsAlarm", tuning: func(c Config) AlarmTuning { return c.ClientConnectionsAlarm },
		Title: "Client connections (average)", Unit: "connections",
		Comparison: "GreaterThanThreshold", DefaultThreshold: DefaultClientConnectionsThreshold, MaxThreshold: maxClientConnections,
		Action: "more NFS clients than expected: look for pods or nodes that mount without unmounting " +
			"(kubectl get pods -A -o wide on the nodes that mount the file system) and for a CSI driver restart loop",
		Expression: clientConnectionsExpression,
		Metrics:    []mathMetric{{ID: "m1", Metric: "ClientConnections", Statistic: "Sum"}},
		appliesTo:  func(_, _ string) bool { return true },
	},
	{
		Key: "throughput_utilization", Field: "ThroughputUtilizationAlarm", tuning: func(c Config) AlarmTuning { return c.ThroughputUtilizationAlarm },
		Title: "Permitted throughput used", Unit: "%",
		Comparison: "GreaterThanThreshold", DefaultThreshold: DefaultThroughputUtilizationThresholdPercent, MaxThreshold: 100,
		Action: "clients are close to the throughput EFS permits and will be throttled: find the heaviest readers " +
			"and writers on the dashboard; raise ProvisionedThroughputInMibps or move to elastic throughput",
		Expression: throughputUtilizationExpression,
		Metrics: []mathMetric{
			{ID: "m1", Metric: "MeteredIOBytes", Statistic: "Sum"},
			{ID: "m2", Metric: "PermittedThroughput", Statistic: "Average"},
		},
		appliesTo: func(_, _ string) bool { return true },
	},
}

// maxClientConnections is EFS's quota of client connections per file system.
const maxClientConnections = 25000

// alarmSettings is one alarm with its tuning resolved: defaults in place of zeros.
type alarmSettings struct {
	alarm
	Threshold         float64
	PeriodSeconds     int
	EvaluationPeriods int
}

// settings applies the Config's tuning of a, with the defaults for zero fields.
func (a alarm) settings(c Config) alarmSettings {
	t := a.tuning(c)
	s := alarmSettings{alarm: a, Threshold: t.Threshold, PeriodSeconds: t.PeriodSeconds, EvaluationPeriods: t.EvaluationPeriods}
	if s.Threshold == 0 {
		s.Threshold = a.DefaultThreshold
	}
	if s.PeriodSeconds == 0 {
		s.PeriodSeconds = DefaultAlarmPeriodSeconds
	}
	if s.EvaluationPeriods == 0 {
		s.EvaluationPeriods = DefaultAlarmEvaluationPeriods
	}
	return s
}

// Anchor is the README troubleshooting entry of the alarm: its heading is "<key> alarm".
func (a alarm) Anchor() string { return a.Key + "-alarm" }

// description says what fired, for how long, what to do and where to read more, in at
// most CloudWatch's 1024 characters.
func (s alarmSettings) description(c Config) string {
	op := "above"
	if s.Comparison == "LessThanThreshold" {
		op = "below"
	}
	return fmt.Sprintf("%s of EFS %s %s %s %s for %d periods of %d s: %s. Runbook: %s#%s",
		s.Title, c.Name(), op, strconv.FormatFloat(s.Threshold, 'f', -1, 64), s.Unit,
		s.EvaluationPeriods, s.PeriodSeconds, s.Action, c.alarmRunbookURL(), s.Anchor())
}

// alarmRunbookURL returns AlarmRunbookURL with its default applied.
func (c Config) alarmRunbookURL() string {
	if c.AlarmRunbookURL == "" {
		return DefaultAlarmRunbookURL
	}
	return c.AlarmRunbookURL
}

// enabledAlarms returns the alarms to create for the Config, tuned: none unless alarms
// are on, and only those whose metric means something for the performance and
// throughput modes.
func (c Config) enabledAlarms() []alarmSettings {
	if !c.CreateCloudwatchAlarms {
		return nil
	}
	var out []alarmSettings
	for _, a := range alarms {
		if a.appliesTo(c.performanceMode(), c.throughputMode()) {
			out = append(out, a.settings(c))
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
			AlarmDescription:   jsii.String(a.description(k.Config)),
			ComparisonOperator: jsii.String(a.Comparison),
			Threshold:          jsii.Number(a.Threshold),
			EvaluationPeriods:  jsii.Number(a.EvaluationPeriods),
			AlarmActions:       actions,
			OkActions:          actions,
			TreatMissingData:   jsii.String(alarmTreatMissingData),
			Tags:               k.tags(k.Config.Name() + "-efs-" + a.Key),
		}
		if a.Expression == "" {
			cfg.Namespace = jsii.String(cloudwatchNamespace)
			cfg.MetricName = jsii.String(a.Metric)
			cfg.Statistic = jsii.String(a.Statistic)
			cfg.Period = jsii.Number(a.PeriodSeconds)
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
