package efs

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafka-efs/kafka-efs/internal/doclinks"
)

// TestEnabledAlarmsByMode checks which alarms each mode combination gets: PercentIOLimit
// only for generalPurpose, BurstCreditBalance only for bursting, connections always,
// throughput utilization for bursting and provisioned, and under elastic the metered
// throughput ceiling and the cost guard instead; none at all with alarms off. (maxIO + elastic is refused
// by Validate, but enabledAlarms only looks at the modes.)
func TestEnabledAlarmsByMode(t *testing.T) {
	tests := []struct {
		performance, throughput string
		want                    []string
	}{
		{"", "", []string{"io_limit", "burst_credits", "client_connections", "throughput_utilization"}},
		{PerformanceGeneralPurpose, ThroughputBursting, []string{"io_limit", "burst_credits", "client_connections", "throughput_utilization"}},
		// The EFS user guide documents no PercentIOLimit under elastic (efs-metrics.html).
		{PerformanceGeneralPurpose, ThroughputElastic, []string{"client_connections", "metered_throughput", "metered_data"}},
		{PerformanceGeneralPurpose, ThroughputProvisioned, []string{"io_limit", "client_connections", "throughput_utilization"}},
		{PerformanceMaxIO, ThroughputBursting, []string{"burst_credits", "client_connections", "throughput_utilization"}},
		{PerformanceMaxIO, ThroughputElastic, []string{"client_connections", "metered_throughput", "metered_data"}},
		{PerformanceMaxIO, ThroughputProvisioned, []string{"client_connections", "throughput_utilization"}},
	}
	for _, tt := range tests {
		t.Run(tt.performance+"+"+tt.throughput, func(t *testing.T) {
			c := Config{PerformanceMode: tt.performance, ThroughputMode: tt.throughput, CreateCloudwatchAlarms: true}
			var got []string
			for _, a := range c.EnabledAlarms() {
				got = append(got, a.Key)
			}
			assert.Equal(t, tt.want, got)

			c.CreateCloudwatchAlarms = false
			assert.Empty(t, c.EnabledAlarms(), "alarms off")
		})
	}
}

// wantAlarm is what an alarm must watch and when it fires.
type wantAlarm struct {
	metrics    string // "Metric/Statistic", several joined by ", " for metric math
	expression string // "" for a plain metric alarm
	comparison string
	threshold  float64
	period     int // seconds
	evals      int
}

// TestAlarmDefaults pins every alarm's metric, statistic, expression, comparison,
// threshold, period and evaluation count at their defaults.
func TestAlarmDefaults(t *testing.T) {
	want := map[string]wantAlarm{
		"io_limit":      {"PercentIOLimit/Average", "", "GreaterThanThreshold", 95, 300, 3},
		"burst_credits": {"BurstCreditBalance/Minimum", "", "LessThanThreshold", 377_487_360_000, 300, 3},
		"client_connections": {"ClientConnections/Sum", "m1 / (PERIOD(m1) / 60)",
			"GreaterThanThreshold", 1000, 300, 3},
		"throughput_utilization": {"MeteredIOBytes/Sum, PermittedThroughput/Average", "(m1 / PERIOD(m1)) / m2 * 100",
			"GreaterThanThreshold", 80, 300, 3},
	}
	c := Config{ProjectName: "kafka", Environment: "dev", ThroughputMode: ThroughputBursting, CreateCloudwatchAlarms: true}
	got := c.EnabledAlarms()
	require.Len(t, got, len(want))
	for _, a := range got {
		assert.Equal(t, want[a.Key], describeAlarm(a), a.Key)
	}
}

// TestElasticAlarmDefaults pins the alarms that replace throughput utilization under
// elastic: MeteredIOBytes as MiB/s above 500 over 3 periods of 300 s, and as GiB per day
// above 500 over one period of a day.
func TestElasticAlarmDefaults(t *testing.T) {
	c := Config{ProjectName: "kafka", Environment: "prod", ThroughputMode: ThroughputElastic, CreateCloudwatchAlarms: true}
	got := map[string]wantAlarm{}
	for _, a := range c.EnabledAlarms() {
		got[a.Key] = describeAlarm(a)
	}
	assert.Equal(t, wantAlarm{"MeteredIOBytes/Sum", "(m1 / 1048576) / PERIOD(m1)", "GreaterThanThreshold", 500, 300, 3}, got["metered_throughput"])
	assert.Equal(t, wantAlarm{costGuardInputs, usEast1CostGuard, "GreaterThanThreshold", 30, 86400, 1}, got["metered_data"])
	assert.NotContains(t, got, "throughput_utilization", "PermittedThroughput is the elastic maximum: a ratio against it never fires")

	c.MeteredThroughputAlarm = AlarmTuning{Threshold: 200, EvaluationPeriods: 2}
	c.MeteredDataAlarm = AlarmTuning{Threshold: 50, PeriodSeconds: 3600}
	got = map[string]wantAlarm{}
	for _, a := range c.EnabledAlarms() {
		got[a.Key] = describeAlarm(a)
	}
	assert.Equal(t, wantAlarm{"MeteredIOBytes/Sum", "(m1 / 1048576) / PERIOD(m1)", "GreaterThanThreshold", 200, 300, 2}, got["metered_throughput"])
	assert.Equal(t, wantAlarm{costGuardInputs, usEast1CostGuard, "GreaterThanThreshold", 50, 3600, 1}, got["metered_data"])
}

// The cost guard's inputs and its metric math at us-east-1's prices ($0.03 per GB read,
// $0.06 per GB written, GB = 2^30 bytes), as dollars per day of the period.
const (
	costGuardInputs  = "DataReadIOBytes/Sum, MetadataReadIOBytes/Sum, DataWriteIOBytes/Sum, MetadataWriteIOBytes/Sum"
	usEast1CostGuard = "((m1 + m2) * 0.03 + (m3 + m4) * 0.06) / 1073741824 * 86400 / PERIOD(m1)"
)

// TestCostGuardInDollars: the Elastic cost guard prices the bytes Elastic bills (reads
// and writes, data and metadata) at the price table of the file system's region, and its
// default threshold is the documented $30 a day: 1,000 GiB read or 500 GiB written at
// us-east-1's prices. The old guard over MeteredIOBytes (reads at one third) stayed
// quiet on 1,500 GiB of reads a day, $45 of Elastic reads.
func TestCostGuardInDollars(t *testing.T) {
	const gib = 1 << 30
	c := Config{ProjectName: "kafka", Environment: "prod", ThroughputMode: ThroughputElastic, CreateCloudwatchAlarms: true,
		PriceRegion: "us-east-1"}
	a := alarmByKey(t, c, "metered_data")
	require.Equal(t, usEast1CostGuard, a.Expression)
	p := PriceLists["us-east-1"]
	assert.Equal(t, 30.0, a.Threshold)
	assert.InDelta(t, 1000, a.Threshold/p.ElasticReadPerGB, 1e-9, "$30 a day is 1,000 GiB read at us-east-1's read price")
	assert.InDelta(t, 500, a.Threshold/p.ElasticWritePerGB, 1e-9, "$30 a day is 500 GiB written at us-east-1's write price")

	day := func(dataRead, metaRead, dataWrite, metaWrite float64) map[string]float64 {
		return map[string]float64{"m1": dataRead * gib, "m2": metaRead * gib, "m3": dataWrite * gib, "m4": metaWrite * gib, "PERIOD(m1)": 86400}
	}
	for _, tt := range []struct {
		name string
		vars map[string]float64
		want float64
	}{
		{"1,000 GiB of data read in a day: the threshold", day(1000, 0, 0, 0), 30},
		{"500 GiB of data written in a day: the threshold", day(0, 0, 500, 0), 30},
		{"metadata bills like data: reads at the read price, writes at the write price", day(250, 250, 125, 125), 30},
		{"1,500 GiB read a day, 500 GiB of MeteredIOBytes: $45, above the guard", day(1500, 0, 0, 0), 45},
		{"an hour's pace, scaled to a day", map[string]float64{"m1": 1000.0 / 24 * gib, "m2": 0, "m3": 0, "m4": 0, "PERIOD(m1)": 3600}, 30},
	} {
		assert.InDelta(t, tt.want, evalMath(t, a.Expression, tt.vars), 1e-9, tt.name)
	}
	d := a.Description(c)
	assert.Contains(t, d, "Elastic data access cost (cost guard) of EFS kafka-prod above 30 USD/day for 1 periods of 86400 s: ")
	assert.Contains(t, d, ": billed reads (data + metadata) at $0.03/GB, writes (data + metadata) at $0.06/GB, us-east-1 list prices read 2026-12-01; Elastic throughput bills")
	assert.NotContains(t, d, "MeteredIOBytes)", "the guard does not price the metered bytes")
	long := c
	long.PriceRegion, long.RunbookBaseURL = "eu-west-1", "https://"+strings.Repeat("a", 392) // the longest base Validate takes
	assert.LessOrEqual(t, len(alarmByKey(t, long, "metered_data").Description(long)), 1024, "CloudWatch's limit")

	// The prices are the region's table, whatever it holds.
	PriceLists["test-region-1"] = PriceList{Region: "test-region-1", Read: "2026-12-02", ElasticReadPerGB: 0.04, ElasticWritePerGB: 0.07}
	t.Cleanup(func() { delete(PriceLists, "test-region-1") })
	c.PriceRegion = "test-region-1"
	a = alarmByKey(t, c, "metered_data")
	assert.Equal(t, "((m1 + m2) * 0.04 + (m3 + m4) * 0.07) / 1073741824 * 86400 / PERIOD(m1)", a.Expression)
	assert.Contains(t, a.Description(c), "at $0.04/GB, writes (data + metadata) at $0.07/GB, test-region-1 list prices read 2026-12-02;")

	// A region the table lacks is priced at us-east-1's, and the description says so.
	for region, want := range map[string]string{"eu-west-1": "NOT eu-west-1's (PriceRegion: none in the price table)", "": "NOT an unnamed region's (PriceRegion: none in the price table)"} {
		c.PriceRegion = region
		a = alarmByKey(t, c, "metered_data")
		assert.Equal(t, usEast1CostGuard, a.Expression, region)
		assert.Contains(t, a.Description(c), "us-east-1 list prices read 2026-12-01, "+want, region)
	}

	// metered_throughput keeps MeteredIOBytes and says what it measures.
	mt := alarmByKey(t, c, "metered_throughput")
	assert.Contains(t, mt.Description(c), "Metered throughput (MeteredIOBytes, reads counted at one third) of EFS kafka-prod above 500 MiB/s")
}

// TestAlarmAdvicePerMode: each alarm's advice holds for the modes it exists in. AWS
// recommends General Purpose for every file system, so no advice suggests maxIO; maxIO
// cannot go elastic, so no advice for it suggests elastic.
func TestAlarmAdvicePerMode(t *testing.T) {
	for _, perf := range []string{PerformanceGeneralPurpose, PerformanceMaxIO} {
		for _, tp := range []string{ThroughputBursting, ThroughputElastic, ThroughputProvisioned} {
			c := Config{ProjectName: "kafka", Environment: "dev", PerformanceMode: perf, ThroughputMode: tp, CreateCloudwatchAlarms: true}
			for _, a := range c.EnabledAlarms() {
				name := perf + "+" + tp + " " + a.Key
				assert.NotContains(t, a.Action, "maxIO file system", name)
				assert.NotContains(t, a.Action, "plan a move", name)
				if perf == PerformanceMaxIO {
					assert.NotRegexp(t, `(to|switch ThroughputMode to) elastic`, a.Action, name)
				}
				if tp == ThroughputElastic {
					assert.NotContains(t, a.Action, "ThroughputMode to elastic", name+": it is elastic already")
				}
			}
		}
	}
	advice := func(perf, tp, key string) string {
		c := Config{ProjectName: "kafka", Environment: "dev", PerformanceMode: perf, ThroughputMode: tp, CreateCloudwatchAlarms: true}
		return alarmByKey(t, c, key).Action
	}
	assert.Contains(t, advice(PerformanceGeneralPurpose, ThroughputBursting, "io_limit"), "do not move to maxIO")
	assert.Contains(t, advice(PerformanceGeneralPurpose, ThroughputBursting, "burst_credits"), "switch ThroughputMode to elastic")
	assert.Contains(t, advice(PerformanceMaxIO, ThroughputBursting, "burst_credits"), "provisioned")
	assert.Contains(t, advice(PerformanceMaxIO, ThroughputProvisioned, "throughput_utilization"), "raise ProvisionedThroughputInMibps")
	assert.Contains(t, advice(PerformanceGeneralPurpose, ThroughputProvisioned, "throughput_utilization"), "or switch ThroughputMode to elastic")
}

// TestAlarmTuning: every tuned value reaches its alarm, and only its alarm.
func TestAlarmTuning(t *testing.T) {
	c := Config{ProjectName: "kafka", Environment: "dev", ThroughputMode: ThroughputBursting, CreateCloudwatchAlarms: true,
		IOLimitAlarm:               AlarmTuning{Threshold: 90, PeriodSeconds: 60, EvaluationPeriods: 5},
		BurstCreditAlarm:           AlarmTuning{Threshold: 1e12},
		ClientConnectionsAlarm:     AlarmTuning{PeriodSeconds: 900},
		ThroughputUtilizationAlarm: AlarmTuning{EvaluationPeriods: 1},
	}
	got := map[string]wantAlarm{}
	for _, a := range c.EnabledAlarms() {
		got[a.Key] = describeAlarm(a)
	}
	assert.Equal(t, wantAlarm{"PercentIOLimit/Average", "", "GreaterThanThreshold", 90, 60, 5}, got["io_limit"])
	assert.Equal(t, wantAlarm{"BurstCreditBalance/Minimum", "", "LessThanThreshold", 1e12, 300, 3}, got["burst_credits"])
	assert.Equal(t, 900, got["client_connections"].period)
	assert.Equal(t, 1000.0, got["client_connections"].threshold)
	assert.Equal(t, 1, got["throughput_utilization"].evals)
	assert.Equal(t, 300, got["throughput_utilization"].period)
}

func describeAlarm(a TunedAlarm) wantAlarm {
	var metrics []string
	if a.Expression == "" {
		metrics = append(metrics, a.Metric+"/"+a.Statistic)
	}
	for _, m := range a.Metrics {
		metrics = append(metrics, m.Metric+"/"+m.Statistic)
	}
	return wantAlarm{strings.Join(metrics, ", "), a.Expression, a.Comparison, a.Threshold, a.PeriodSeconds, a.EvaluationPeriods}
}

// TestAlarmMath evaluates the metric math of the alarms on data CloudWatch would return.
// ClientConnections is reported once a minute: 1000 clients connected for a whole
// five-minute period give a Sum of 5000, and the alarm must see 1000, not 5000 (the
// old alarm compared the Sum with its threshold and fired at about 200 clients).
func TestAlarmMath(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		name       string
		expression string
		vars       map[string]float64
		want       float64
	}{
		{"connections over 5 minutes", clientConnectionsExpression, map[string]float64{"m1": 5 * 1000, "PERIOD(m1)": 300}, 1000},
		{"connections over 1 minute", clientConnectionsExpression, map[string]float64{"m1": 1000, "PERIOD(m1)": 60}, 1000},
		{"connections over 1 hour", clientConnectionsExpression, map[string]float64{"m1": 60 * 250, "PERIOD(m1)": 3600}, 250},
		// 50 MiB/s metered against 100 MiB/s permitted, for 300 s: 50 %.
		{"utilization half", throughputUtilizationExpression, map[string]float64{"m1": 50 * mib * 300, "m2": 100 * mib, "PERIOD(m1)": 300}, 50},
		{"utilization full, 1 minute", throughputUtilizationExpression, map[string]float64{"m1": 200 * mib * 60, "m2": 200 * mib, "PERIOD(m1)": 60}, 100},
		// The dashboard's MiB/s: 30 MiB/s for 300 s.
		{"throughput MiB/s", dashboardMiBpsExpression("m1"), map[string]float64{"m1": 30 * mib * 300, "PERIOD(m1)": 300}, 30},
		// The dashboard's IOPS: 1200 operations a minute.
		{"IOPS", dashboardIOPSExpression("m1"), map[string]float64{"m1": 1200, "PERIOD(m1)": 60}, 20},
		// Metered throughput: 600 MiB/s for 300 s.
		{"metered MiB/s", meteredThroughputExpression, map[string]float64{"m1": 600 * mib * 300, "PERIOD(m1)": 300}, 600},
		// The cost guard: $0.60 of writes (10 GiB) in one hour is a pace of $14.40 a day.
		{"cost guard USD/day, hourly", usEast1CostGuard, map[string]float64{"m1": 0, "m2": 0, "m3": 10 * 1024 * mib, "m4": 0, "PERIOD(m1)": 3600}, 14.4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.want, evalMath(t, tt.expression, tt.vars), 1e-9)
		})
	}
}

// evalMath evaluates a CloudWatch metric math expression of numbers, metric ids, + - * /,
// parentheses and PERIOD(id) calls, with vars giving each id and each PERIOD(id).
func evalMath(t *testing.T, expression string, vars map[string]float64) float64 {
	t.Helper()
	e, err := parser.ParseExpr(expression)
	require.NoError(t, err, expression)
	var eval func(ast.Expr) float64
	eval = func(e ast.Expr) float64 {
		switch e := e.(type) {
		case *ast.ParenExpr:
			return eval(e.X)
		case *ast.BasicLit:
			f, err := strconv.ParseFloat(e.Value, 64)
			require.NoError(t, err)
			return f
		case *ast.Ident:
			v, ok := vars[e.Name]
			require.True(t, ok, "no value for %s", e.Name)
			return v
		case *ast.CallExpr:
			name := fmt.Sprintf("%s(%s)", e.Fun.(*ast.Ident).Name, e.Args[0].(*ast.Ident).Name)
			v, ok := vars[name]
			require.True(t, ok, "no value for %s", name)
			return v
		case *ast.BinaryExpr:
			x, y := eval(e.X), eval(e.Y)
			switch e.Op {
			case token.ADD:
				return x + y
			case token.SUB:
				return x - y
			case token.MUL:
				return x * y
			case token.QUO:
				return x / y
			}
		}
		t.Fatalf("unsupported expression %T in %s", e, expression)
		return 0
	}
	return eval(e)
}

// TestAlarmDescriptionsSayWhatToDo: each description names the tuned threshold and
// window, what to do, and its runbook entry: in words without a base URL (a relative link
// is no link in a mail), as a link under RunbookBaseURL with one.
func TestAlarmDescriptionsSayWhatToDo(t *testing.T) {
	for _, tp := range []string{ThroughputBursting, ThroughputElastic} {
		c := Config{ProjectName: "kafka", Environment: "dev", ThroughputMode: tp, CreateCloudwatchAlarms: true,
			ClientConnectionsAlarm: AlarmTuning{Threshold: 400, PeriodSeconds: 600, EvaluationPeriods: 2}}
		for _, a := range c.EnabledAlarms() {
			d := a.Description(c)
			assert.LessOrEqual(t, len(d), 1024, "CloudWatch limits descriptions to 1024 characters")
			assert.Contains(t, d, a.Action, a.Key)
			assert.True(t, strings.HasSuffix(d, `Runbook: docs/operations.md, section "`+a.Key+` alarm"`), d)
			assert.NotContains(t, d, "#", "no relative link")
		}
		d := alarmByKey(t, c, "client_connections").Description(c)
		assert.Contains(t, d, "above 400 connections for 2 periods of 600 s")

		c.RunbookBaseURL = "https://github.com/acme/kafka-efs/blob/main"
		for _, a := range c.EnabledAlarms() {
			d := a.Description(c)
			assert.True(t, strings.HasSuffix(d, "Runbook: https://github.com/acme/kafka-efs/blob/main/docs/operations.md#"+a.Key+"-alarm"), d)
			assert.LessOrEqual(t, len(d), 1024)
		}
	}
	c := Config{ProjectName: "kafka", Environment: "dev", ThroughputMode: ThroughputBursting, CreateCloudwatchAlarms: true,
		RunbookBaseURL: "https://wiki.example.com/kafka-efs/"}
	assert.Contains(t, alarmByKey(t, c, "burst_credits").Description(c), "below 377487360000 bytes for 3 periods of 300 s")
	assert.True(t, strings.HasSuffix(alarmByKey(t, c, "io_limit").Description(c),
		"Runbook: https://wiki.example.com/kafka-efs/docs/operations.md#io_limit-alarm"), "one slash between base and path")
}

// TestRunbookLinks: every link an alarm or a backup notification can point at resolves to
// a heading of docs/operations.md (by the link checker's GitHub anchor rules), and every
// alarm and notification has one.
func TestRunbookLinks(t *testing.T) {
	links := RunbookLinks()
	assert.Len(t, links, len(alarms)+len(backupEvents)+len(BackupAlarms)+1, "and the restore check's notification")
	for _, l := range links {
		assert.True(t, strings.HasPrefix(l, RunbookDoc+"#"), l)
	}
	assert.NoError(t, doclinks.Check("..", links))
	assert.Contains(t, links, "docs/operations.md#io_limit-alarm")
	assert.Contains(t, links, "docs/operations.md#restore_job-notification")
	assert.Contains(t, links, "docs/operations.md#backup_completed-alarm")
	assert.Contains(t, links, "docs/operations.md#clients_gone-alarm")
	assert.Contains(t, links, "docs/operations.md#restore_check-notification")
	assert.Contains(t, links, "docs/operations.md#restore_check_failed-alarm")
	assert.Equal(t, "throughput_utilization-alarm", headingAnchor("throughput_utilization alarm"))
	assert.Equal(t, "a-backup-copy-or-restore-job-failed", headingAnchor("A backup, copy or restore job failed"))
}

func alarmByKey(t *testing.T, c Config, key string) TunedAlarm {
	t.Helper()
	for _, a := range c.EnabledAlarms() {
		if a.Key == key {
			return a
		}
	}
	t.Fatalf("no alarm %s", key)
	return TunedAlarm{}
}

// TestSilenceAlarms: where silence means failure the alarm counts missing data as
// breaching. clients_gone (production only) fires below one average connection over 3
// periods of 300 s and is drawn on the connections graph; replication_lag (only with
// replication) fires on TimeSinceLastSync (Maximum) above 1,800 s over 3 periods of 300 s,
// on both of its dimensions. Every other EFS alarm keeps idle periods as not breaching.
func TestSilenceAlarms(t *testing.T) {
	c := Config{ProjectName: "kafka", Environment: "prod", ThroughputMode: ThroughputElastic, CreateCloudwatchAlarms: true,
		ReplicationRegion: "us-west-2"}
	byKey := map[string]TunedAlarm{}
	for _, a := range c.EnabledAlarms() {
		byKey[a.Key] = a
	}
	require.Contains(t, byKey, "clients_gone")
	require.Contains(t, byKey, "replication_lag")
	assert.Equal(t, wantAlarm{"ClientConnections/Sum", "m1 / (PERIOD(m1) / 60)", "LessThanThreshold", 1, 300, 3}, describeAlarm(byKey["clients_gone"]))
	assert.Equal(t, "breaching", byKey["clients_gone"].TreatMissingDataOrDefault())
	assert.Equal(t, "client_connections", byKey["clients_gone"].Graph)
	assert.Equal(t, wantAlarm{"TimeSinceLastSync/Maximum", "", "GreaterThanThreshold", 1800, 300, 3}, describeAlarm(byKey["replication_lag"]))
	assert.Equal(t, "breaching", byKey["replication_lag"].TreatMissingDataOrDefault())
	assert.True(t, byKey["replication_lag"].Replication, "TimeSinceLastSync is published with DestinationFileSystemId")
	for key, a := range byKey {
		if key != "clients_gone" && key != "replication_lag" {
			assert.Equal(t, "notBreaching", a.TreatMissingDataOrDefault(), key)
		}
	}

	c.Environment, c.ReplicationRegion = "dev", ""
	for _, a := range c.EnabledAlarms() {
		assert.NotEqual(t, "clients_gone", a.Key, "dev is often idle")
		assert.NotEqual(t, "replication_lag", a.Key, "no replication")
	}
}

// TestBackupAlarms pins the backup side's alarms: no completed backup job of the vault's
// EFS resources in a day (missing data breaching), any failed EventBridge delivery of a
// rule, any message in the dead-letter queue (both idle when all is well), any failed
// execution of the monthly restore check in a day (idle between checks).
func TestBackupAlarms(t *testing.T) {
	type want struct {
		ns, metric, stat, cmp, missing string
		threshold                      float64
		period, evals                  int
		perRule                        bool
	}
	wants := map[string]want{
		"backup_completed":     {"AWS/Backup", "NumberOfBackupJobsCompleted", "Sum", "LessThanThreshold", "breaching", 1, 86400, 1, false},
		"event_delivery":       {"AWS/Events", "FailedInvocations", "Sum", "GreaterThanThreshold", "notBreaching", 0, 300, 1, true},
		"event_dead_letters":   {"AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", "GreaterThanThreshold", "notBreaching", 0, 300, 1, false},
		"restore_check_failed": {"AWS/States", "ExecutionsFailed", "Sum", "GreaterThanThreshold", "notBreaching", 0, 86400, 1, false},
	}
	require.Len(t, BackupAlarms, len(wants))
	for _, a := range BackupAlarms {
		assert.Equal(t, wants[a.Key], want{a.Namespace, a.Metric, a.Statistic, a.Comparison, a.TreatMissingData, a.Threshold,
			a.PeriodSeconds, a.Evaluations, a.PerRule}, a.Key)
	}
	assert.Equal(t, "SUM([m0, m1, m2])", SumExpression([]string{"m0", "m1", "m2"}))
	c := Config{ProjectName: "kafka", Environment: "prod"}
	assert.Contains(t, BackupAlarms[0].Description(c), `Runbook: docs/operations.md, section "backup_completed alarm"`)
}
