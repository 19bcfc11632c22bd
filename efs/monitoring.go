package efs

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// CloudWatchNamespace is where EFS publishes its metrics, per file system (dimension
// FileSystemId).
const CloudWatchNamespace = "AWS/EFS"

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
	// DefaultMeteredThroughputThresholdMiBps is the Elastic throughput ceiling, in MiB/s
	// of metered I/O (MeteredIOBytes: reads count one third) averaged over the period.
	// Elastic scales far above it (GiB/s), so it is a ceiling of your choosing, not AWS's:
	// sustained, 500 MiB/s meters about 41 TiB a day. Set it to what the Kafka clients
	// should never exceed.
	DefaultMeteredThroughputThresholdMiBps = 500
	// DefaultElasticCostThresholdUSDPerDay is the Elastic cost guard, in US dollars a day
	// of the reads and writes Elastic bills, at the list prices of Config.PriceRegion: $30
	// is 1,000 GiB read, or 500 GiB written, a day at us-east-1's $0.03 and $0.06 per GB
	// (read 2026-12-01), about $900 a month: twenty times prod's scenario (docs/cost.md).
	DefaultElasticCostThresholdUSDPerDay = 30
	// DefaultReplicationLagThresholdSeconds: TimeSinceLastSync above twice EFS
	// replication's 15-minute design RPO.
	DefaultReplicationLagThresholdSeconds = 1800
)

// The cost guard looks at whole days unless tuned: one period of a day, evaluated once.
const (
	meteredDataPeriodSeconds     = 86400
	meteredDataEvaluationPeriods = 1
)

// alarmTreatMissingData is how an alarm treats a period without data unless its
// TreatMissingData says otherwise: EFS publishes PercentIOLimit, MeteredIOBytes and
// ClientConnections only while clients do I/O or are connected, so no data means an idle
// file system, not a breach. Where silence means failure (no client left, replication
// that stopped reporting), the alarm says "breaching".
const alarmTreatMissingData = "notBreaching"

// Alarm is one CloudWatch alarm of the spec, with the modes where its metric means
// something. A metric alarm has Metric and Statistic; a metric math alarm has Expression
// over the queries in Metrics.
type Alarm struct {
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
	// DefaultPeriodSeconds and DefaultEvaluationPeriods replace the package defaults
	// when not 0.
	DefaultPeriodSeconds, DefaultEvaluationPeriods int
	// action says what an operator does when the alarm fires, for the modes at hand:
	// the way out of a limit depends on which modes the file system can still move to.
	action func(performance, throughput string) string
	// Metric and Statistic define a plain metric alarm.
	Metric, Statistic string
	// Expression, over the ids of Metrics, defines a metric math alarm.
	Expression string
	Metrics    []MathMetric
	// expressionFor, when set, writes Expression for the Config (the cost guard's prices
	// are its region's) and says what it rests on, for the description.
	expressionFor func(Config) (expression, basis string)
	// appliesTo reports whether the metric is published and meaningful for the modes;
	// Requires says which modes, for the messages of a tuning that cannot apply.
	appliesTo func(performance, throughput string) bool
	Requires  string
	// enabled, when set, also decides from the rest of the Config (production, replication).
	enabled func(Config) bool
	// TreatMissingData replaces alarmTreatMissingData when set.
	TreatMissingData string
	// Graph names the alarm whose dashboard graph also draws this one's threshold.
	Graph string
	// Replication adds the dimension DestinationFileSystemId (the replica) beside
	// FileSystemId: TimeSinceLastSync is published with both.
	Replication bool
}

// TreatMissingDataOrDefault is the alarm's treatment of a period without data.
func (a Alarm) TreatMissingDataOrDefault() string {
	if a.TreatMissingData != "" {
		return a.TreatMissingData
	}
	return alarmTreatMissingData
}

// MathMetric is one input of a metric math expression.
type MathMetric struct{ ID, Metric, Statistic string }

// Metric math of the alarms and the dashboard, as the EFS user guide writes it
// ("Using metric math with Amazon EFS").
const (
	// ClientConnections is reported per minute: the Sum over a period divided by the
	// minutes in the period is the average number of connections.
	clientConnectionsExpression = "m1 / (PERIOD(m1) / 60)"
	// MeteredIOBytes (bytes per period) over the period, against PermittedThroughput
	// (bytes per second): there is no raw utilization metric.
	throughputUtilizationExpression = "(m1 / PERIOD(m1)) / m2 * 100"
	// MeteredIOBytes (bytes per period) as MiB per second of the period.
	meteredThroughputExpression = "(m1 / 1048576) / PERIOD(m1)"
)

// elasticCostMetrics are the bytes Elastic throughput bills, by the EFS user guide's
// metrics page ("CloudWatch metrics for Amazon EFS"): the actual bytes of data reads,
// metadata reads, data writes and metadata writes. MeteredIOBytes is not one of them: it
// counts reads at one third ("read operations discounted according to the throughput
// limit"), the way EFS meters throughput against its limits, while Elastic bills reads
// and writes at their own prices per GB (EFS pricing page; "How do I estimate Elastic
// Throughput mode costs", AWS re:Post, sums these four metrics the same way). Reads
// come first (m1, m2), writes after (m3, m4): elasticCostExpression relies on it.
var elasticCostMetrics = []MathMetric{
	{ID: "m1", Metric: "DataReadIOBytes", Statistic: "Sum"},
	{ID: "m2", Metric: "MetadataReadIOBytes", Statistic: "Sum"},
	{ID: "m3", Metric: "DataWriteIOBytes", Statistic: "Sum"},
	{ID: "m4", Metric: "MetadataWriteIOBytes", Statistic: "Sum"},
}

// bytesPerBilledGB is the GB of AWS's Elastic price list, 2^30 bytes: a published
// reconciliation of these four metrics with Cost Explorer's Elastic data access line
// agreed within 0.12% at 2^30 bytes and missed by 7.5% at 10^9 (docs/cost.md).
const bytesPerBilledGB = 1 << 30

// elasticCostExpression is the cost guard's metric math: the bytes of elasticCostMetrics
// at p's Elastic read and write prices, in US dollars per day of the period.
func elasticCostExpression(p PriceList) string {
	return fmt.Sprintf("((m1 + m2) * %s + (m3 + m4) * %s) / %d * 86400 / PERIOD(m1)",
		strconv.FormatFloat(p.ElasticReadPerGB, 'f', -1, 64), strconv.FormatFloat(p.ElasticWritePerGB, 'f', -1, 64),
		bytesPerBilledGB)
}

// costGuard returns the cost guard's expression for the Config's price region and the
// prices it uses, said in words; a region PriceLists lacks is priced at
// DefaultPriceRegion's, and the words say so.
func (c Config) costGuard() (expression, basis string) {
	p, ok := PriceLists[c.PriceRegion]
	if !ok {
		p = PriceLists[DefaultPriceRegion]
	}
	basis = fmt.Sprintf("billed reads (data + metadata) at $%s/GB, writes (data + metadata) at $%s/GB, %s list prices read %s",
		FormatPrice(p.ElasticReadPerGB), FormatPrice(p.ElasticWritePerGB), p.Region, p.Read)
	if !ok {
		region := c.PriceRegion
		if region == "" {
			region = "an unnamed region"
		}
		basis += fmt.Sprintf(", NOT %s's (PriceRegion: none in the price table)", region)
	}
	return elasticCostExpression(p), basis
}

// canGoElastic: Elastic throughput needs General Purpose (AWS refuses elastic + maxIO).
func canGoElastic(performance string) bool { return performance == PerformanceGeneralPurpose }

// alarms is the spec's alarm table, with the two Elastic alarms that replace throughput
// utilization there: under Elastic, PermittedThroughput reports the file system's
// maximum (GiB/s), so a utilization ratio stays near zero (EFS user guide, Managing
// throughput: watch MeteredIOBytes instead).
var alarms = []Alarm{
	{
		Key: "io_limit", Field: "IOLimitAlarm", tuning: func(c Config) AlarmTuning { return c.IOLimitAlarm },
		Title: "I/O limit (PercentIOLimit)", Unit: "%",
		Comparison: "GreaterThanThreshold", DefaultThreshold: DefaultIOLimitThresholdPercent, MaxThreshold: 100,
		// AWS recommends General Purpose for all file systems (CreateFileSystem API
		// reference): Max I/O is no longer the way out.
		action: func(_, tp string) string {
			a := "clients are close to the General Purpose I/O limit and will see latency rise: find the busiest clients " +
				"and spread or batch their metadata operations (many small files, directory scans, opens and closes)"
			if tp != ThroughputElastic {
				a += "; Elastic throughput gives General Purpose its highest IOPS limits, so consider ThroughputMode elastic"
			}
			return a + "; do not move to maxIO: AWS recommends General Purpose for every file system"
		},
		Metric: "PercentIOLimit", Statistic: "Average",
		// The EFS user guide ("CloudWatch metrics for Amazon EFS",
		// https://docs.aws.amazon.com/efs/latest/ug/efs-metrics.html) defines
		// PercentIOLimit as how close a file system is to "the I/O limit of the General
		// Purpose performance mode" (earlier editions: "only submitted for file systems
		// using the General Purpose performance mode"), a limit the performance page
		// gives for bursting and provisioned throughput; it documents no PercentIOLimit
		// for Elastic, whose IOPS scale with the load. An alarm on a metric that may never
		// be published stays OK for ever, so Elastic gets none: metered_throughput
		// watches the load there.
		appliesTo: func(perf, tp string) bool { return perf == PerformanceGeneralPurpose && tp != ThroughputElastic },
		Requires: "PerformanceMode " + PerformanceGeneralPurpose + " with ThroughputMode " + ThroughputBursting + " or " + ThroughputProvisioned +
			" (the EFS user guide documents PercentIOLimit for General Purpose, and no I/O limit percentage under elastic)",
	},
	{
		Key: "burst_credits", Field: "BurstCreditAlarm", tuning: func(c Config) AlarmTuning { return c.BurstCreditAlarm },
		Title: "Burst credits (BurstCreditBalance)", Unit: "bytes",
		Comparison: "LessThanThreshold", DefaultThreshold: DefaultBurstCreditThresholdBytes,
		action: func(perf, _ string) string {
			a := "throughput will soon drop to the baseline of the stored size: reduce the load, or switch ThroughputMode to "
			if canGoElastic(perf) {
				return a + "elastic (or provisioned) before the credits run out"
			}
			return a + "provisioned before the credits run out (maxIO cannot use elastic)"
		},
		Metric: "BurstCreditBalance", Statistic: "Minimum",
		// Only bursting file systems spend burst credits.
		appliesTo: func(_, tp string) bool { return tp == ThroughputBursting },
		Requires:  "ThroughputMode " + ThroughputBursting + " (only bursting file systems spend burst credits)",
	},
	{
		Key: "client_connections", Field: "ClientConnectionsAlarm", tuning: func(c Config) AlarmTuning { return c.ClientConnectionsAlarm },
		Title: "Client connections (average)", Unit: "connections",
		Comparison: "GreaterThanThreshold", DefaultThreshold: DefaultClientConnectionsThreshold, MaxThreshold: maxClientConnections,
		action: func(_, _ string) string {
			return "more NFS clients than expected: look for pods or nodes that mount without unmounting " +
				"(kubectl get pods -A -o wide on the nodes that mount the file system) and for a CSI driver restart loop"
		},
		Expression: clientConnectionsExpression,
		Metrics:    []MathMetric{{ID: "m1", Metric: "ClientConnections", Statistic: "Sum"}},
		appliesTo:  func(_, _ string) bool { return true },
	},
	{
		// All clients gone: a mount target, a zone or the CSI driver failed, or every
		// node left. ClientConnections is published only while clients are connected,
		// so no data is the failure itself. Production only: dev is often idle.
		Key: "clients_gone", tuning: func(Config) AlarmTuning { return AlarmTuning{} },
		Title: "Client connections (none left)", Unit: "connections",
		Comparison: "LessThanThreshold", DefaultThreshold: 1,
		action: func(_, _ string) string {
			return "no NFS client is connected: Kafka Connect and the backups lost the file system; check the mount targets " +
				"(aws efs describe-mount-targets), the nodes' security group and the CSI driver's node pods; during planned " +
				"maintenance disable the alarm's actions first (docs/operations.md)"
		},
		Expression:       clientConnectionsExpression,
		Metrics:          []MathMetric{{ID: "m1", Metric: "ClientConnections", Statistic: "Sum"}},
		appliesTo:        func(_, _ string) bool { return true },
		enabled:          func(c Config) bool { return c.IsProduction() },
		TreatMissingData: "breaching",
		Graph:            "client_connections",
	},
	{
		// TimeSinceLastSync (seconds), published with FileSystemId and
		// DestinationFileSystemId (EFS user guide, efs-metrics.html). EFS replication is
		// designed for an RPO of 15 minutes for most file systems (EFS user guide,
		// "Replicating file systems"): twice that, three times running, is lag; a
		// replication that stopped reporting is as bad.
		Key: "replication_lag", tuning: func(Config) AlarmTuning { return AlarmTuning{} },
		Title: "Replication lag (TimeSinceLastSync)", Unit: "seconds",
		Comparison: "GreaterThanThreshold", DefaultThreshold: DefaultReplicationLagThresholdSeconds,
		action: func(_, _ string) string {
			return "the replica in ReplicationRegion is behind: aws efs describe-replication-configurations shows its status; " +
				"a large write burst catches up by itself, an ERROR status needs the replica's region and key checked"
		},
		Metric: "TimeSinceLastSync", Statistic: "Maximum",
		appliesTo:        func(_, _ string) bool { return true },
		enabled:          func(c Config) bool { return c.ReplicationRegion != "" },
		TreatMissingData: "breaching",
		Replication:      true,
	},
	{
		Key: "throughput_utilization", Field: "ThroughputUtilizationAlarm", tuning: func(c Config) AlarmTuning { return c.ThroughputUtilizationAlarm },
		Title: "Permitted throughput used", Unit: "%",
		Comparison: "GreaterThanThreshold", DefaultThreshold: DefaultThroughputUtilizationThresholdPercent, MaxThreshold: 100,
		// After a switch to provisioned or a raise of the amount, AWS refuses decreases
		// and mode changes for 24 hours, never further raises (EFS user guide, "Managing
		// file system throughput"; UpdateFileSystem API reference): raising is always open.
		action: func(perf, tp string) string {
			a := "clients are close to the throughput EFS permits and will be throttled: find the heaviest readers " +
				"and writers on the dashboard and spread them in time; "
			switch {
			case tp == ThroughputProvisioned && canGoElastic(perf):
				return a + "raise ProvisionedThroughputInMibps (raises are allowed at any time; AWS then refuses decreases and mode changes for 24 hours) or switch ThroughputMode to elastic"
			case tp == ThroughputProvisioned:
				return a + "raise ProvisionedThroughputInMibps (raises are allowed at any time; AWS then refuses decreases and mode changes for 24 hours; maxIO cannot use elastic)"
			case canGoElastic(perf):
				return a + "switch ThroughputMode to elastic (or provisioned)"
			}
			return a + "switch ThroughputMode to provisioned (maxIO cannot use elastic)"
		},
		Expression: throughputUtilizationExpression,
		Metrics: []MathMetric{
			{ID: "m1", Metric: "MeteredIOBytes", Statistic: "Sum"},
			{ID: "m2", Metric: "PermittedThroughput", Statistic: "Average"},
		},
		appliesTo: func(_, tp string) bool { return tp != ThroughputElastic },
		Requires:  "ThroughputMode " + ThroughputBursting + " or " + ThroughputProvisioned + " (under elastic, PermittedThroughput is the file system's maximum: MeteredThroughputAlarm replaces it)",
	},
	{
		// MeteredIOBytes is EFS's throughput meter, reads counted at one third (EFS user
		// guide, metrics): what Elastic's throughput limits see, not what it bills.
		Key: "metered_throughput", Field: "MeteredThroughputAlarm", tuning: func(c Config) AlarmTuning { return c.MeteredThroughputAlarm },
		Title: "Metered throughput (MeteredIOBytes, reads counted at one third)", Unit: "MiB/s",
		Comparison: "GreaterThanThreshold", DefaultThreshold: DefaultMeteredThroughputThresholdMiBps, MaxThreshold: maxElasticThroughputMiBps,
		action: func(_, _ string) string {
			return "clients drive more throughput than this file system should ever need, and Elastic bills every GB: " +
				"find the heaviest readers and writers on the dashboard (a replay, a runaway connector, a backup job in a loop) " +
				"and stop or throttle them; raise MeteredThroughputAlarm.Threshold only if the traffic is expected"
		},
		Expression: meteredThroughputExpression,
		Metrics:    []MathMetric{{ID: "m1", Metric: "MeteredIOBytes", Statistic: "Sum"}},
		appliesTo:  func(_, tp string) bool { return tp == ThroughputElastic },
		Requires:   "ThroughputMode " + ThroughputElastic + " (bursting and provisioned file systems have ThroughputUtilizationAlarm)",
	},
	{
		// The cost guard: what Elastic bills for reads and writes, in dollars a day.
		Key: "metered_data", Field: "MeteredDataAlarm", tuning: func(c Config) AlarmTuning { return c.MeteredDataAlarm },
		Title: "Elastic data access cost (cost guard)", Unit: "USD/day",
		Comparison: "GreaterThanThreshold", DefaultThreshold: DefaultElasticCostThresholdUSDPerDay,
		DefaultPeriodSeconds: meteredDataPeriodSeconds, DefaultEvaluationPeriods: meteredDataEvaluationPeriods,
		action: func(_, _ string) string {
			return "Elastic throughput bills every GB read and written, and this pace costs more than budgeted: " +
				"find who reads and writes on the dashboard; if the load is expected, raise MeteredDataAlarm.Threshold " +
				"(and the budget); if it stays high for weeks, price provisioned throughput against it"
		},
		expressionFor: Config.costGuard,
		Metrics:       elasticCostMetrics,
		appliesTo:     func(_, tp string) bool { return tp == ThroughputElastic },
		Requires:      "ThroughputMode " + ThroughputElastic + " (only Elastic bills reads and writes per GB)",
	},
}

// maxClientConnections is EFS's quota of client connections per file system.
const maxClientConnections = 25000

// maxElasticThroughputMiBps bounds the metered throughput ceiling, in MiB/s of
// MeteredIOBytes: 20 GiB/s. The EFS quotas page ("Amazon EFS quotas", Elastic throughput
// per Regional file system) gives us-east-1 and six other regions 60 GiB/s of reads and
// 5 GiB/s of writes (metered throughput), every other region 10 and 1; reads meter at one
// third, so 60 GiB/s of reads is 20 GiB/s of metered I/O, the most one direction can
// show anywhere. A ceiling above it could only fire on a mix at both maxima at once.
const maxElasticThroughputMiBps = 20 * 1024

// TunedAlarm is one alarm with its tuning resolved: defaults in place of zeros.
type TunedAlarm struct {
	Alarm
	Threshold         float64
	PeriodSeconds     int
	EvaluationPeriods int
	// Action is the advice for the Config's modes.
	Action string
}

// defaultWindow returns the alarm's default period and evaluation count.
func (a Alarm) defaultWindow() (periodSeconds, evaluationPeriods int) {
	periodSeconds, evaluationPeriods = DefaultAlarmPeriodSeconds, DefaultAlarmEvaluationPeriods
	if a.DefaultPeriodSeconds != 0 {
		periodSeconds = a.DefaultPeriodSeconds
	}
	if a.DefaultEvaluationPeriods != 0 {
		evaluationPeriods = a.DefaultEvaluationPeriods
	}
	return periodSeconds, evaluationPeriods
}

// settings applies the Config's tuning of a, with the defaults for zero fields.
func (a Alarm) settings(c Config) TunedAlarm {
	t := a.tuning(c)
	s := TunedAlarm{Alarm: a, Threshold: t.Threshold, PeriodSeconds: t.PeriodSeconds, EvaluationPeriods: t.EvaluationPeriods,
		Action: a.action(c.PerformanceModeOrDefault(), c.ThroughputModeOrDefault())}
	if a.expressionFor != nil {
		var basis string
		s.Expression, basis = a.expressionFor(c)
		s.Action = basis + "; " + s.Action
	}
	if s.Threshold == 0 {
		s.Threshold = a.DefaultThreshold
	}
	period, evals := a.defaultWindow()
	if s.PeriodSeconds == 0 {
		s.PeriodSeconds = period
	}
	if s.EvaluationPeriods == 0 {
		s.EvaluationPeriods = evals
	}
	return s
}

// Anchor is the alarm's entry in docs/operations.md: its heading is "<key> alarm".
func (a Alarm) Anchor() string { return a.Key + "-alarm" }

// RunbookDoc is the repo-relative document that holds every alarm's and backup
// notification's runbook entry.
const RunbookDoc = "docs/operations.md"

// runbookRef says where an entry of RunbookDoc is read: a link under base (a validated
// https:// address of this repository's tree) or, without one, the document and section
// in words, since a relative link means nothing in a mail or a pager.
func runbookRef(base, heading string) string {
	if base == "" {
		return fmt.Sprintf("%s, section %q", RunbookDoc, heading)
	}
	return strings.TrimSuffix(base, "/") + "/" + RunbookDoc + "#" + headingAnchor(heading)
}

// headingAnchor is the anchor GitHub gives a Markdown heading: lower case, spaces to
// hyphens, punctuation other than hyphens and underscores dropped.
func headingAnchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// heading is the alarm's heading in RunbookDoc.
func (a Alarm) heading() string { return a.Key + " alarm" }

// RunbookLinks returns every repo-relative link an alarm description or a backup
// notification can point at ("docs/operations.md#io_limit-alarm", ...), whatever the
// modes: each must name a heading of RunbookDoc.
func RunbookLinks() []string {
	var links []string
	for _, a := range alarms {
		links = append(links, RunbookDoc+"#"+headingAnchor(a.heading()))
	}
	for _, e := range backupEvents {
		links = append(links, RunbookDoc+"#"+headingAnchor(e.heading()))
	}
	for _, a := range BackupAlarms {
		links = append(links, RunbookDoc+"#"+headingAnchor(a.heading()))
	}
	links = append(links, RunbookDoc+"#"+headingAnchor(restoreCheckHeading()))
	return links
}

// Description says what fired, for how long, what to do and where to read more, in at
// most CloudWatch's 1024 characters.
func (s TunedAlarm) Description(c Config) string {
	op := "above"
	if s.Comparison == "LessThanThreshold" {
		op = "below"
	}
	return fmt.Sprintf("%s of EFS %s %s %s %s for %d periods of %d s: %s. Runbook: %s",
		s.Title, c.Name(), op, strconv.FormatFloat(s.Threshold, 'f', -1, 64), s.Unit,
		s.EvaluationPeriods, s.PeriodSeconds, s.Action, runbookRef(c.RunbookBaseURL, s.heading()))
}

// EnabledAlarms returns the alarms to create for the Config, tuned: none unless alarms
// are on, and only those whose metric means something for the performance and
// throughput modes.
func (c Config) EnabledAlarms() []TunedAlarm {
	if !c.CreateCloudwatchAlarms {
		return nil
	}
	var out []TunedAlarm
	for _, a := range alarms {
		if a.appliesTo(c.PerformanceModeOrDefault(), c.ThroughputModeOrDefault()) && (a.enabled == nil || a.enabled(c)) {
			out = append(out, a.settings(c))
		}
	}
	return out
}

// LogGroupName is the CloudWatch Logs group for the file system's client logs.
func (c Config) LogGroupName() string { return "/aws/efs/" + c.Name() }
