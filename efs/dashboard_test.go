package efs

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodedWidget is a dashboard widget as CloudWatch reads it back.
type decodedWidget struct {
	Type                      string
	X, Y, Width, Height       int
	Properties                map[string]any
	title                     string
	metrics, expressions      []string         // "Metric/Stat" of the drawn and hidden metrics; expressions
	storageClasses            []string         // StorageClass dimension values
	annotations               []map[string]any // horizontal annotations
	fileSystemIDs, regionRefs map[string]bool
}

// decodeDashboard decodes a dashboard body strictly enough to fail on a malformed one:
// valid JSON, a widgets array, metric entries in CloudWatch's array form.
func decodeDashboard(t *testing.T, body string) []decodedWidget {
	t.Helper()
	var doc struct {
		Start, PeriodOverride string
		Widgets               []decodedWidget
	}
	dec := json.NewDecoder(strings.NewReader(body))
	require.NoError(t, dec.Decode(&doc), body)
	require.False(t, dec.More(), "trailing data after the body")
	require.NotEmpty(t, doc.Widgets)
	for i := range doc.Widgets {
		w := &doc.Widgets[i]
		w.title, _ = w.Properties["title"].(string)
		w.fileSystemIDs, w.regionRefs = map[string]bool{}, map[string]bool{}
		if r, ok := w.Properties["region"].(string); ok {
			w.regionRefs[r] = true
		}
		if a, ok := w.Properties["annotations"].(map[string]any); ok {
			for _, h := range a["horizontal"].([]any) {
				w.annotations = append(w.annotations, h.(map[string]any))
			}
		}
		metrics, _ := w.Properties["metrics"].([]any)
		for _, m := range metrics {
			entry := m.([]any)
			opts := entry[len(entry)-1].(map[string]any)
			if e, ok := opts["expression"].(string); ok {
				require.Len(t, entry, 1, "an expression entry holds its options only")
				w.expressions = append(w.expressions, opts["id"].(string)+"="+e)
				continue
			}
			require.GreaterOrEqual(t, len(entry), 5, "namespace, name, FileSystemId, value, options: %v", entry)
			assert.Equal(t, "AWS/EFS", entry[0])
			assert.Equal(t, "FileSystemId", entry[2])
			w.fileSystemIDs[entry[3].(string)] = true
			w.metrics = append(w.metrics, entry[1].(string)+"/"+opts["stat"].(string))
			if len(entry) == 7 {
				assert.Equal(t, "StorageClass", entry[4])
				w.storageClasses = append(w.storageClasses, entry[5].(string))
			}
		}
	}
	return doc.Widgets
}

func widgetTitles(ws []decodedWidget) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.title)
	}
	return out
}

func widgetByTitle(t *testing.T, ws []decodedWidget, title string) decodedWidget {
	t.Helper()
	for _, w := range ws {
		if w.title == title {
			return w
		}
	}
	t.Fatalf("no widget %q in %v", title, widgetTitles(ws))
	return decodedWidget{}
}

// TestDashboardWidgetsByMode: the mode-specific graphs exist only where EFS publishes
// their metric (PercentIOLimit for generalPurpose, BurstCreditBalance for bursting);
// every dashboard has throughput, utilization (metered throughput and the daily pace of
// metered data under elastic), IOPS, connections and storage; the alarm status widget
// exists with alarms only.
func TestDashboardWidgetsByMode(t *testing.T) {
	permitted := []string{"Throughput (MiB/s)", "Permitted throughput used (%)", "IOPS"}
	metered := []string{"Throughput (MiB/s)", "Metered throughput (MiB/s)", "Elastic data access cost, daily pace (USD/day)", "IOPS"}
	tail := []string{"Client connections (average)", "Storage by class (bytes)"}
	ioLimit, burst := "I/O limit used (PercentIOLimit, %)", "Burst credit balance (bytes)"
	tests := []struct {
		performance, throughput string
		extra                   []string
	}{
		{PerformanceGeneralPurpose, ThroughputBursting, []string{ioLimit, burst}},
		{PerformanceGeneralPurpose, ThroughputElastic, []string{ioLimit}},
		{PerformanceGeneralPurpose, ThroughputProvisioned, []string{ioLimit}},
		{PerformanceMaxIO, ThroughputBursting, []string{burst}},
		{PerformanceMaxIO, ThroughputProvisioned, nil},
	}
	for _, tt := range tests {
		for _, withAlarms := range []bool{false, true} {
			name := tt.performance + "+" + tt.throughput
			if withAlarms {
				name += "+alarms"
			}
			t.Run(name, func(t *testing.T) {
				c := Config{ProjectName: "kafka", Environment: "dev", PerformanceMode: tt.performance, ThroughputMode: tt.throughput,
					CreateCloudwatchAlarms: withAlarms}
				arns := map[string]string{}
				for _, a := range c.EnabledAlarms() {
					arns[a.Key] = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + a.Key
				}
				body, err := c.DashboardJSON("fs-0123456789abcdef0", "us-east-1", arns)
				require.NoError(t, err)
				ws := decodeDashboard(t, body)

				common := permitted
				if tt.throughput == ThroughputElastic {
					common = metered
				}
				want := append(append(append([]string{}, common...), tt.extra...), tail...)
				if withAlarms {
					want = append([]string{"Alarms of kafka-dev EFS"}, want...)
					require.Equal(t, "alarm", ws[0].Type)
					var keys []string
					for _, a := range c.EnabledAlarms() {
						keys = append(keys, arns[a.Key])
					}
					assert.Equal(t, anySlice(keys), ws[0].Properties["alarms"])
				}
				assert.Equal(t, want, widgetTitles(ws))
				for _, w := range ws[len(ws)-len(want)+boolInt(withAlarms):] {
					assert.Equal(t, "metric", w.Type, w.title)
					assert.Equal(t, map[string]bool{"fs-0123456789abcdef0": true}, w.fileSystemIDs, w.title)
					assert.Equal(t, map[string]bool{"us-east-1": true}, w.regionRefs, w.title)
				}
				// Alarms as annotations: each alarm's threshold on its graph, and only there.
				annotated := 0
				for _, w := range ws {
					annotated += len(w.annotations)
					if !withAlarms {
						assert.Empty(t, w.annotations, w.title)
					}
				}
				assert.Equal(t, len(c.EnabledAlarms()), annotated)
				checkGrid(t, ws)
			})
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func anySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// checkGrid: widgets fit the 24-column grid and do not overlap.
func checkGrid(t *testing.T, ws []decodedWidget) {
	t.Helper()
	taken := map[[2]int]string{}
	for _, w := range ws {
		assert.True(t, w.X >= 0 && w.Width >= 1 && w.X+w.Width <= 24, "%s: x %d width %d", w.title, w.X, w.Width)
		for x := w.X; x < w.X+w.Width; x++ {
			for y := w.Y; y < w.Y+w.Height; y++ {
				if other, ok := taken[[2]int{x, y}]; ok {
					t.Errorf("%s overlaps %s at %d,%d", w.title, other, x, y)
				}
				taken[[2]int{x, y}] = w.title
			}
		}
	}
}

// TestDashboardGraphs pins the metric math and inputs of each graph, the tuned
// thresholds drawn as annotations, and the storage classes drawn for the lifecycle.
func TestDashboardGraphs(t *testing.T) {
	c := Config{ProjectName: "kafka", Environment: "dev", ThroughputMode: ThroughputBursting, CreateCloudwatchAlarms: true,
		TransitionToIA:         "AFTER_30_DAYS",
		ClientConnectionsAlarm: AlarmTuning{Threshold: 400, PeriodSeconds: 600},
		BurstCreditAlarm:       AlarmTuning{Threshold: 1e12}}
	body, err := c.DashboardJSON("fs-1", "eu-west-1", map[string]string{})
	require.NoError(t, err)
	ws := decodeDashboard(t, body)
	defer checkElasticDashboard(t)

	tp := widgetByTitle(t, ws, "Throughput (MiB/s)")
	assert.Equal(t, []string{"TotalIOBytes/Sum", "DataReadIOBytes/Sum", "DataWriteIOBytes/Sum", "MetadataIOBytes/Sum", "PermittedThroughput/Average"}, tp.metrics)
	assert.Equal(t, []string{"e1=(m1 / 1048576) / PERIOD(m1)", "e2=(m2 / 1048576) / PERIOD(m2)", "e3=(m3 / 1048576) / PERIOD(m3)",
		"e4=(m4 / 1048576) / PERIOD(m4)", "e5=m5 / 1048576"}, tp.expressions)
	assert.Empty(t, tp.annotations)

	ut := widgetByTitle(t, ws, "Permitted throughput used (%)")
	assert.Equal(t, []string{"MeteredIOBytes/Sum", "PermittedThroughput/Average"}, ut.metrics)
	assert.Equal(t, []string{"e1=(m1 / PERIOD(m1)) / m2 * 100"}, ut.expressions)
	assert.Equal(t, []map[string]any{{"label": "alarm kafka-dev-efs-throughput_utilization: > 80", "value": 80.0, "fill": "above"}}, ut.annotations)

	iops := widgetByTitle(t, ws, "IOPS")
	assert.Equal(t, []string{"TotalIOBytes/SampleCount", "DataReadIOBytes/SampleCount", "DataWriteIOBytes/SampleCount", "MetadataIOBytes/SampleCount"}, iops.metrics)
	assert.Equal(t, []string{"e1=m1 / PERIOD(m1)", "e2=m2 / PERIOD(m2)", "e3=m3 / PERIOD(m3)", "e4=m4 / PERIOD(m4)"}, iops.expressions)

	cc := widgetByTitle(t, ws, "Client connections (average)")
	assert.Equal(t, []string{"ClientConnections/Sum"}, cc.metrics)
	assert.Equal(t, []string{"e1=m1 / (PERIOD(m1) / 60)"}, cc.expressions)
	assert.Equal(t, 600.0, cc.Properties["period"], "the graph uses the alarm's period")
	assert.Equal(t, []map[string]any{{"label": "alarm kafka-dev-efs-client_connections: > 400", "value": 400.0, "fill": "above"}}, cc.annotations)

	bc := widgetByTitle(t, ws, "Burst credit balance (bytes)")
	assert.Equal(t, []string{"BurstCreditBalance/Minimum"}, bc.metrics)
	assert.Equal(t, []map[string]any{{"label": "alarm kafka-dev-efs-burst_credits: < 1000000000000", "value": 1e12, "fill": "below"}}, bc.annotations)

	io := widgetByTitle(t, ws, "I/O limit used (PercentIOLimit, %)")
	assert.Equal(t, []string{"PercentIOLimit/Average", "PercentIOLimit/Maximum"}, io.metrics)
	assert.Equal(t, 95.0, io.annotations[0]["value"])

	st := widgetByTitle(t, ws, "Storage by class (bytes)")
	assert.Equal(t, []string{"Total", "Standard", "IA"}, st.storageClasses)
	assert.Equal(t, []string{"StorageBytes/Average", "StorageBytes/Average", "StorageBytes/Average"}, st.metrics)

	c.TransitionToIA, c.TransitionToArchive = "", ""
	assert.Equal(t, []string{"Total", "Standard"}, c.storageClasses())
	c.TransitionToIA, c.TransitionToArchive = "AFTER_30_DAYS", "AFTER_90_DAYS"
	assert.Equal(t, []string{"Total", "Standard", "IA", "Archive"}, c.storageClasses())
}

// checkElasticDashboard: under elastic, PermittedThroughput (the file system's maximum,
// GiB/s) is drawn nowhere, lest it flatten the traffic against the axis; the metered
// throughput and the cost guard's daily pace (dollars) carry their alarms' thresholds.
func checkElasticDashboard(t *testing.T) {
	c := Config{ProjectName: "kafka", Environment: "prod", ThroughputMode: ThroughputElastic, CreateCloudwatchAlarms: true,
		MeteredDataAlarm: AlarmTuning{Threshold: 200}}
	body, err := c.DashboardJSON("fs-1", "us-east-1", map[string]string{})
	require.NoError(t, err)
	assert.NotContains(t, body, "PermittedThroughput")
	ws := decodeDashboard(t, body)

	tp := widgetByTitle(t, ws, "Throughput (MiB/s)")
	assert.Equal(t, []string{"TotalIOBytes/Sum", "DataReadIOBytes/Sum", "DataWriteIOBytes/Sum", "MetadataIOBytes/Sum"}, tp.metrics)
	assert.Len(t, tp.expressions, 4)

	mt := widgetByTitle(t, ws, "Metered throughput (MiB/s)")
	assert.Equal(t, []string{"MeteredIOBytes/Sum"}, mt.metrics)
	assert.Equal(t, []string{"e1=(m1 / 1048576) / PERIOD(m1)"}, mt.expressions)
	assert.Equal(t, []map[string]any{{"label": "alarm kafka-prod-efs-metered_throughput: > 500", "value": 500.0, "fill": "above"}}, mt.annotations)

	md := widgetByTitle(t, ws, "Elastic data access cost, daily pace (USD/day)")
	assert.Equal(t, []string{"DataReadIOBytes/Sum", "MetadataReadIOBytes/Sum", "DataWriteIOBytes/Sum", "MetadataWriteIOBytes/Sum"}, md.metrics)
	assert.Equal(t, []string{"e1=" + usEast1CostGuard}, md.expressions, "the alarm's own metric math, at the region's prices")
	assert.Equal(t, 3600.0, md.Properties["period"], "hourly points of the daily pace: a day's period leaves a 12-hour graph empty")
	assert.Equal(t, []map[string]any{{"label": "alarm kafka-prod-efs-metered_data: > 200", "value": 200.0, "fill": "above"}}, md.annotations)
}

// TestDashboardTokens: with cdktf tokens in place of the IDs, the body is still valid
// JSON holding each token once per use, and no other Terraform template sequence.
func TestDashboardTokens(t *testing.T) {
	c := Config{ProjectName: "kafka", Environment: "prod", ThroughputMode: ThroughputElastic, CreateCloudwatchAlarms: true}
	body, err := c.DashboardJSON("${TfToken[TOKEN.1]}", "${TfToken[TOKEN.2]}", map[string]string{
		"io_limit": "${TfToken[TOKEN.3]}", "client_connections": "${TfToken[TOKEN.4]}", "metered_throughput": "${TfToken[TOKEN.5]}",
	})
	require.NoError(t, err)
	ws := decodeDashboard(t, body)
	// No io_limit under elastic (no PercentIOLimit documented there): its token is unused.
	assert.Equal(t, []any{"${TfToken[TOKEN.4]}", "${TfToken[TOKEN.5]}"}, ws[0].Properties["alarms"])
	assert.NotContains(t, reToken.ReplaceAllString(body, ""), "${")
	assert.NotContains(t, body, "%{")
}

func TestDashboardURL(t *testing.T) {
	c := Config{ProjectName: "kafka", Environment: "prod"}
	assert.Equal(t, "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/kafka-prod-efs",
		c.DashboardURL("eu-west-1"))
}
