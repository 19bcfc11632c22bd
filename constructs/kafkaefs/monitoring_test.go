package kafkaefs

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEnabledAlarmsByMode checks which alarms each mode combination gets: PercentIOLimit
// only for generalPurpose, BurstCreditBalance only for bursting, connections and
// throughput utilization always; none at all with alarms off. (maxIO + elastic is refused
// by Validate, but enabledAlarms only looks at the modes.)
func TestEnabledAlarmsByMode(t *testing.T) {
	tests := []struct {
		performance, throughput string
		want                    []string
	}{
		{"", "", []string{"io_limit", "burst_credits", "client_connections", "throughput_utilization"}},
		{PerformanceGeneralPurpose, ThroughputBursting, []string{"io_limit", "burst_credits", "client_connections", "throughput_utilization"}},
		{PerformanceGeneralPurpose, ThroughputElastic, []string{"io_limit", "client_connections", "throughput_utilization"}},
		{PerformanceGeneralPurpose, ThroughputProvisioned, []string{"io_limit", "client_connections", "throughput_utilization"}},
		{PerformanceMaxIO, ThroughputBursting, []string{"burst_credits", "client_connections", "throughput_utilization"}},
		{PerformanceMaxIO, ThroughputElastic, []string{"client_connections", "throughput_utilization"}},
		{PerformanceMaxIO, ThroughputProvisioned, []string{"client_connections", "throughput_utilization"}},
	}
	for _, tt := range tests {
		t.Run(tt.performance+"+"+tt.throughput, func(t *testing.T) {
			c := Config{PerformanceMode: tt.performance, ThroughputMode: tt.throughput, CreateCloudwatchAlarms: true}
			var got []string
			for _, a := range c.enabledAlarms() {
				got = append(got, a.Key)
			}
			assert.Equal(t, tt.want, got)

			c.CreateCloudwatchAlarms = false
			assert.Empty(t, c.enabledAlarms(), "alarms off")
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
	got := c.enabledAlarms()
	require.Len(t, got, len(want))
	for _, a := range got {
		assert.Equal(t, want[a.Key], describeAlarm(a), a.Key)
	}
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
	for _, a := range c.enabledAlarms() {
		got[a.Key] = describeAlarm(a)
	}
	assert.Equal(t, wantAlarm{"PercentIOLimit/Average", "", "GreaterThanThreshold", 90, 60, 5}, got["io_limit"])
	assert.Equal(t, wantAlarm{"BurstCreditBalance/Minimum", "", "LessThanThreshold", 1e12, 300, 3}, got["burst_credits"])
	assert.Equal(t, 900, got["client_connections"].period)
	assert.Equal(t, 1000.0, got["client_connections"].threshold)
	assert.Equal(t, 1, got["throughput_utilization"].evals)
	assert.Equal(t, 300, got["throughput_utilization"].period)
}

func describeAlarm(a alarmSettings) wantAlarm {
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
// window, what to do, and the README entry, which must exist; a hosted runbook URL
// replaces the relative README path.
func TestAlarmDescriptionsSayWhatToDo(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	c := Config{ProjectName: "kafka", Environment: "dev", ThroughputMode: ThroughputBursting, CreateCloudwatchAlarms: true,
		ClientConnectionsAlarm: AlarmTuning{Threshold: 400, PeriodSeconds: 600, EvaluationPeriods: 2}}
	for _, a := range c.enabledAlarms() {
		d := a.description(c)
		assert.LessOrEqual(t, len(d), 1024, "CloudWatch limits descriptions to 1024 characters")
		assert.Contains(t, d, a.Action, a.Key)
		assert.True(t, strings.HasSuffix(d, "Runbook: README.md#"+a.Key+"-alarm"), d)
		assert.True(t, strings.Contains(string(readme), "\n### "+a.Key+" alarm\n"), "README has no troubleshooting entry %q", "### "+a.Key+" alarm")
	}
	d := alarmByKey(t, c, "client_connections").description(c)
	assert.Contains(t, d, "above 400 connections for 2 periods of 600 s")
	assert.Contains(t, alarmByKey(t, c, "burst_credits").description(c), "below 377487360000 bytes for 3 periods of 300 s")

	c.AlarmRunbookURL = "https://github.com/acme/kafka-efs/blob/main/README.md"
	assert.True(t, strings.HasSuffix(alarmByKey(t, c, "io_limit").description(c),
		"Runbook: https://github.com/acme/kafka-efs/blob/main/README.md#io_limit-alarm"))
}

func alarmByKey(t *testing.T, c Config, key string) alarmSettings {
	t.Helper()
	for _, a := range c.enabledAlarms() {
		if a.Key == key {
			return a
		}
	}
	t.Fatalf("no alarm %s", key)
	return alarmSettings{}
}
