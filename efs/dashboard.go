package efs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
)

// The dashboard body follows CloudWatch's "Dashboard Body Structure and Syntax"; the
// metric math is the EFS user guide's ("Using metric math with Amazon EFS"). It is built
// from the types below and encoding/json, never from hand-written JSON.

// dashboardBody is the whole body of an aws_cloudwatch_dashboard.
type dashboardBody struct {
	Start          string            `json:"start"`
	PeriodOverride string            `json:"periodOverride"`
	Widgets        []dashboardWidget `json:"widgets"`
}

// dashboardWidget places one widget on the 24-column grid.
type dashboardWidget struct {
	Type       string `json:"type"` // "metric" or "alarm"
	X          int    `json:"x"`
	Y          int    `json:"y"`
	Width      int    `json:"width"`
	Height     int    `json:"height"`
	Properties any    `json:"properties"` // *metricWidget or *alarmWidget
}

// metricWidget is a graph of metrics and metric math expressions.
type metricWidget struct {
	Title       string             `json:"title"`
	Region      string             `json:"region"`
	View        string             `json:"view"`
	Stacked     bool               `json:"stacked"`
	Period      int                `json:"period"`
	Metrics     []widgetMetric     `json:"metrics"`
	Annotations *widgetAnnotations `json:"annotations,omitempty"`
	YAxis       widgetYAxis        `json:"yAxis"`
}

// alarmWidget shows the state of alarms.
type alarmWidget struct {
	Title  string   `json:"title"`
	Alarms []string `json:"alarms"`
}

// widgetAnnotations holds the alarms' thresholds as horizontal lines.
type widgetAnnotations struct {
	Horizontal []horizontalAnnotation `json:"horizontal"`
}

type horizontalAnnotation struct {
	Label string  `json:"label"`
	Value float64 `json:"value"`
	Fill  string  `json:"fill"` // "above" or "below": the side that breaches
}

type widgetYAxis struct {
	Left yAxisSide `json:"left"`
}

type yAxisSide struct {
	Label     string   `json:"label"`
	Min       float64  `json:"min"`
	Max       *float64 `json:"max,omitempty"`
	ShowUnits bool     `json:"showUnits"`
}

// widgetMetric is one entry of a widget's metrics array: an AWS/EFS metric of the file
// system (Metric set) or an expression over the ids of other entries (Expression set).
// CloudWatch writes both as arrays: [namespace, name, dimension, value, ..., options]
// and [options].
type widgetMetric struct {
	Metric     string
	Dimensions []string // further dimension name and value pairs after FileSystemId
	fileSystem string
	Expression string
	ID         string
	Stat       string
	Label      string
	Hidden     bool // an input of an expression, not drawn
}

// metricOptions is the rendering options object of a widgetMetric.
type metricOptions struct {
	Expression string `json:"expression,omitempty"`
	ID         string `json:"id"`
	Stat       string `json:"stat,omitempty"`
	Label      string `json:"label,omitempty"`
	Visible    *bool  `json:"visible,omitempty"`
}

// MarshalJSON writes the metric in CloudWatch's array form.
func (m widgetMetric) MarshalJSON() ([]byte, error) {
	opts := metricOptions{Expression: m.Expression, ID: m.ID, Stat: m.Stat, Label: m.Label}
	if m.Hidden {
		hidden := false
		opts.Visible = &hidden
	}
	if m.Expression != "" {
		return json.Marshal([]any{opts})
	}
	entry := []any{CloudWatchNamespace, m.Metric, "FileSystemId", m.fileSystem}
	for _, d := range m.Dimensions {
		entry = append(entry, d)
	}
	return json.Marshal(append(entry, opts))
}

// Metric math of the dashboard, from the EFS user guide.
func dashboardMiBpsExpression(id string) string {
	// Sum of bytes over the period, in MiB, per second of the period.
	return "(" + id + " / 1048576) / PERIOD(" + id + ")"
}

func dashboardIOPSExpression(id string) string {
	// SampleCount of an IOBytes metric is the number of operations in the period.
	return id + " / PERIOD(" + id + ")"
}

// Grid of the dashboard: two graphs per row.
const (
	dashboardColumns      = 24
	dashboardWidgetWidth  = 12
	dashboardWidgetHeight = 6
	dashboardAlarmsHeight = 3
	dashboardPeriod       = 300 // seconds, for graphs no alarm watches
	storagePeriod         = 3600
)

// DashboardName is the CloudWatch dashboard of the file system: "<project>-<env>-efs".
func (c Config) DashboardName() string { return c.Name() + "-efs" }

// DashboardJSON renders the dashboard of the Config: the file system's throughput (MiB/s;
// with the permitted throughput and the share of it used, except under Elastic, which
// draws the metered throughput and the cost guard's daily pace in dollars instead), IOPS, PercentIOLimit (generalPurpose
// only), BurstCreditBalance (bursting only), client connections and storage by storage
// class (IA and Archive only where lifecycle moves files there), with each alarm's
// threshold drawn on its graph and, with alarms, their states on top. fileSystemID,
// region and the alarm ARNs (by alarm key) may be cdktf tokens.
func (c Config) DashboardJSON(fileSystemID, region string, alarmARNs map[string]string) (string, error) {
	byKey := map[string]TunedAlarm{}
	for _, a := range c.EnabledAlarms() {
		byKey[a.Key] = a
	}
	metric := func(id, name, stat string, hidden bool, label string) widgetMetric {
		return widgetMetric{Metric: name, fileSystem: fileSystemID, ID: id, Stat: stat, Hidden: hidden, Label: label}
	}
	expr := func(id, expression, label string) widgetMetric {
		return widgetMetric{Expression: expression, ID: id, Label: label}
	}
	// graph is one time series widget; yMax > 0 caps its axis (percentages), and the alarm
	// of alarmKey, when created, draws its threshold and sets the period.
	graph := func(title, unit string, yMax float64, alarmKey string, metrics ...widgetMetric) *metricWidget {
		w := &metricWidget{Title: title, Region: region, View: "timeSeries", Period: dashboardPeriod, Metrics: metrics,
			YAxis: widgetYAxis{Left: yAxisSide{Label: unit, ShowUnits: false}}}
		if yMax > 0 {
			w.YAxis.Left.Max = &yMax
		}
		// The alarm of alarmKey, and those drawn on its graph (Graph), in table order.
		for _, a := range c.EnabledAlarms() {
			if alarmKey == "" || (a.Key != alarmKey && a.Graph != alarmKey) {
				continue
			}
			fill, op := "above", ">"
			if a.Comparison == "LessThanThreshold" {
				fill, op = "below", "<"
			}
			if w.Annotations == nil {
				w.Period = a.PeriodSeconds
				w.Annotations = &widgetAnnotations{}
			}
			w.Annotations.Horizontal = append(w.Annotations.Horizontal, horizontalAnnotation{
				Label: fmt.Sprintf("alarm %s-efs-%s: %s %s", c.Name(), a.Key, op, formatNumber(a.Threshold)),
				Value: a.Threshold, Fill: fill,
			})
		}
		return w
	}

	// Under Elastic, PermittedThroughput is the file system's maximum (GiB/s): drawn
	// beside the traffic it would flatten it to the axis, and a share of it means nothing.
	// The metered throughput and the cost guard's daily pace take their place.
	elastic := c.ThroughputModeOrDefault() == ThroughputElastic
	inputs := []widgetMetric{
		metric("m1", "TotalIOBytes", "Sum", true, ""),
		metric("m2", "DataReadIOBytes", "Sum", true, ""),
		metric("m3", "DataWriteIOBytes", "Sum", true, ""),
		metric("m4", "MetadataIOBytes", "Sum", true, ""),
	}
	lines := []widgetMetric{
		expr("e1", dashboardMiBpsExpression("m1"), "Total"),
		expr("e2", dashboardMiBpsExpression("m2"), "Read"),
		expr("e3", dashboardMiBpsExpression("m3"), "Write"),
		expr("e4", dashboardMiBpsExpression("m4"), "Metadata"),
	}
	if !elastic {
		inputs = append(inputs, metric("m5", "PermittedThroughput", "Average", true, ""))
		lines = append(lines, expr("e5", "m5 / 1048576", "Permitted"))
	}
	throughput := append(inputs, lines...)
	var graphs []*metricWidget
	graphs = append(graphs, graph("Throughput (MiB/s)", "MiB/s", 0, "", throughput...))
	if elastic {
		graphs = append(graphs, graph("Metered throughput (MiB/s)", "MiB/s", 0, "metered_throughput",
			metric("m1", "MeteredIOBytes", "Sum", true, ""),
			expr("e1", meteredThroughputExpression, "Metered"),
		))
		// The cost guard's daily pace per hour: one point a day would leave a 12-hour
		// graph empty.
		costExpression, _ := c.costGuard()
		var costMetrics []widgetMetric
		for _, m := range elasticCostMetrics {
			costMetrics = append(costMetrics, metric(m.ID, m.Metric, m.Statistic, true, ""))
		}
		pace := graph("Elastic data access cost, daily pace (USD/day)", "USD/day", 0, "metered_data",
			append(costMetrics, expr("e1", costExpression, "Billed reads and writes"))...,
		)
		pace.Period = storagePeriod
		graphs = append(graphs, pace)
	} else {
		graphs = append(graphs, graph("Permitted throughput used (%)", "%", 100, "throughput_utilization",
			metric("m1", "MeteredIOBytes", "Sum", true, ""),
			metric("m2", "PermittedThroughput", "Average", true, ""),
			expr("e1", throughputUtilizationExpression, "Used"),
		))
	}
	graphs = append(graphs, graph("IOPS", "operations/s", 0, "",
		metric("m1", "TotalIOBytes", "SampleCount", true, ""),
		metric("m2", "DataReadIOBytes", "SampleCount", true, ""),
		metric("m3", "DataWriteIOBytes", "SampleCount", true, ""),
		metric("m4", "MetadataIOBytes", "SampleCount", true, ""),
		expr("e1", dashboardIOPSExpression("m1"), "Total"),
		expr("e2", dashboardIOPSExpression("m2"), "Read"),
		expr("e3", dashboardIOPSExpression("m3"), "Write"),
		expr("e4", dashboardIOPSExpression("m4"), "Metadata"),
	))
	if c.PerformanceModeOrDefault() == PerformanceGeneralPurpose {
		graphs = append(graphs, graph("I/O limit used (PercentIOLimit, %)", "%", 100, "io_limit",
			metric("m1", "PercentIOLimit", "Average", false, "Average"),
			metric("m2", "PercentIOLimit", "Maximum", false, "Maximum"),
		))
	}
	if c.ThroughputModeOrDefault() == ThroughputBursting {
		graphs = append(graphs, graph("Burst credit balance (bytes)", "bytes", 0, "burst_credits",
			metric("m1", "BurstCreditBalance", "Minimum", false, "Minimum"),
		))
	}
	graphs = append(graphs, graph("Client connections (average)", "connections", 0, "client_connections",
		metric("m1", "ClientConnections", "Sum", true, ""),
		expr("e1", clientConnectionsExpression, "Connections"),
	))
	storage := []widgetMetric{}
	for _, class := range c.storageClasses() {
		m := metric("", "StorageBytes", "Average", false, class)
		m.ID = "s" + fmt.Sprint(len(storage)+1)
		m.Dimensions = []string{"StorageClass", class}
		storage = append(storage, m)
	}
	sg := graph("Storage by class (bytes)", "bytes", 0, "", storage...)
	sg.Period = storagePeriod
	graphs = append(graphs, sg)

	var body dashboardBody
	body.Start, body.PeriodOverride = "-PT12H", "inherit"
	y := 0
	if len(byKey) > 0 {
		var arns []string
		for _, a := range c.EnabledAlarms() {
			if arn, ok := alarmARNs[a.Key]; ok {
				arns = append(arns, arn)
			}
		}
		body.Widgets = append(body.Widgets, dashboardWidget{Type: "alarm", Width: dashboardColumns, Height: dashboardAlarmsHeight,
			Properties: &alarmWidget{Title: "Alarms of " + c.Name() + " EFS", Alarms: arns}})
		y = dashboardAlarmsHeight
	}
	for i, g := range graphs {
		body.Widgets = append(body.Widgets, dashboardWidget{Type: "metric",
			X: (i % 2) * dashboardWidgetWidth, Y: y + (i/2)*dashboardWidgetHeight,
			Width: dashboardWidgetWidth, Height: dashboardWidgetHeight, Properties: g})
	}

	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(body); err != nil {
		return "", err
	}
	out := string(bytes.TrimSpace(b.Bytes()))
	// Terraform reads every string of the synthesized JSON as a template: only the
	// tokens (resolved to references) may start an interpolation or a directive.
	if bad := reTemplateSequence.FindString(reToken.ReplaceAllString(out, "")); bad != "" {
		return "", fmt.Errorf("dashboard body holds a Terraform template sequence %q", bad)
	}
	return out, nil
}

var (
	reToken            = regexp.MustCompile(`\$\{TfToken\[[^\]]*\]\}`)
	reTemplateSequence = regexp.MustCompile(`[$%]\{`)
)

// storageClasses are the StorageClass dimension values of StorageBytes worth drawing:
// the total and Standard always, IA and Archive where lifecycle moves files there.
func (c Config) storageClasses() []string {
	classes := []string{"Total", "Standard"}
	if c.TransitionToIA != "" {
		classes = append(classes, "IA")
	}
	if c.TransitionToArchive != "" {
		classes = append(classes, "Archive")
	}
	return classes
}

// DashboardURL is the CloudWatch console address of the dashboard in region (commercial
// partition console).
func (c Config) DashboardURL(region string) string {
	return "https://" + region + ".console.aws.amazon.com/cloudwatch/home?region=" + region +
		"#dashboards/dashboard/" + c.DashboardName()
}
