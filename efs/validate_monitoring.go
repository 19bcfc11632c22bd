package efs

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"unicode/utf8"
)

// CloudWatch's limits on an alarm's evaluation window (PutMetricAlarm): Period x
// EvaluationPeriods at most one day for periods under an hour, seven days otherwise.
// EFS publishes its metrics once a minute, so a period is a whole number of minutes.
const (
	minAlarmPeriodSeconds     = 60
	maxAlarmPeriodSeconds     = 86400
	maxAlarmWindowShortPeriod = 86400  // seconds, for periods under an hour
	maxAlarmWindowLongPeriod  = 604800 // seconds, for periods of an hour or more
	maxRunbookBaseURLLength   = 400
)

// checkAlarmTunings checks each alarm's thresholds, period and evaluation count, and
// refuses a tuning that would never be used: alarms off, or an alarm whose metric EFS
// does not publish for the modes.
func checkAlarmTunings(c Config, r *fieldReport) {
	modesKnown := checkEnumQuiet(c.ThroughputMode, throughputModes) && checkEnumQuiet(c.PerformanceMode, performanceModes)
	for _, a := range alarms {
		t := a.tuning(c)
		if t.IsZero() {
			continue
		}
		switch {
		case !c.CreateCloudwatchAlarms:
			r.add(a.Field, formatTuning(t), "given but CreateCloudwatchAlarms is false, so no alarm uses it: set CreateCloudwatchAlarms to true or leave "+a.Field+" empty")
			continue
		case modesKnown && !a.appliesTo(c.PerformanceModeOrDefault(), c.ThroughputModeOrDefault()):
			r.add(a.Field, formatTuning(t), fmt.Sprintf("the %s alarm exists only with %s (got %s and %s): leave %s empty",
				a.Key, a.Requires, c.PerformanceModeOrDefault(), c.ThroughputModeOrDefault(), a.Field))
			continue
		}
		checkAlarmThreshold(r, a, t.Threshold)
		checkAlarmWindow(r, a, t)
	}
}

func checkAlarmThreshold(r *fieldReport, a Alarm, v float64) {
	field := a.Field + ".Threshold"
	value := strconv.FormatFloat(v, 'g', -1, 64)
	switch {
	case v == 0:
	case math.IsNaN(v) || math.IsInf(v, 0) || v < 0:
		r.add(field, value, fmt.Sprintf("must be 0 (default %s %s) or a positive number of %s", formatNumber(a.DefaultThreshold), a.Unit, a.Unit))
	case a.MaxThreshold > 0 && v > a.MaxThreshold:
		r.add(field, value, fmt.Sprintf("must be at most %s %s (default %s)", formatNumber(a.MaxThreshold), a.Unit, formatNumber(a.DefaultThreshold)))
	}
}

func checkAlarmWindow(r *fieldReport, a Alarm, t AlarmTuning) {
	field := a.Field
	defaultPeriod, defaultEvals := a.defaultWindow()
	p, n := t.PeriodSeconds, t.EvaluationPeriods
	periodOK := true
	switch {
	case p == 0:
	case p < minAlarmPeriodSeconds || p > maxAlarmPeriodSeconds || p%60 != 0:
		periodOK = false
		r.add(field+".PeriodSeconds", strconv.Itoa(p), fmt.Sprintf(
			"must be 0 (default %d) or a multiple of 60 from %d to %d seconds: EFS publishes its metrics once a minute",
			defaultPeriod, minAlarmPeriodSeconds, maxAlarmPeriodSeconds))
	}
	if n < 0 {
		r.add(field+".EvaluationPeriods", strconv.Itoa(n), fmt.Sprintf("must be 0 (default %d) or at least 1", defaultEvals))
		return
	}
	if !periodOK {
		return
	}
	if p == 0 {
		p = defaultPeriod
	}
	if n == 0 {
		n = defaultEvals
	}
	limit, what := maxAlarmWindowShortPeriod, "one day for periods under an hour"
	if p >= 3600 {
		limit, what = maxAlarmWindowLongPeriod, "seven days for periods of an hour or more"
	}
	if p*n > limit {
		r.add(field+".EvaluationPeriods", strconv.Itoa(t.EvaluationPeriods), fmt.Sprintf(
			"%d periods of %d s make %d s: CloudWatch limits an alarm's evaluation to %s (%d s); use fewer or shorter periods",
			n, p, p*n, what, limit))
	}
}

// reRunbookBaseURL: https, a host, an optional port and a path of URL path characters.
// No query or fragment (each link appends /docs/operations.md#<entry>), no white space
// (it would cut the link in a mail), no quotes, angle brackets or $ (the link also sits
// in an EventBridge input template and in Terraform strings, where ${ interpolates).
var reRunbookBaseURL = regexp.MustCompile(`^https://[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?(:[0-9]{1,5})?(/[a-zA-Z0-9._~!&'()*+,;=:@%/-]*)?$`)

// CheckRunbookBaseURL reports why v cannot be a runbook base URL, or nil; "" is allowed
// (descriptions then name the document in words). The stacks call it for
// KAFKA_EFS_RUNBOOK_BASE_URL, Validate for Config.RunbookBaseURL.
func CheckRunbookBaseURL(v string) error {
	switch {
	case v == "":
		return nil
	case utf8.RuneCountInString(v) > maxRunbookBaseURLLength:
		return fmt.Errorf("must be at most %d characters: it ends every alarm description, which CloudWatch caps at 1024", maxRunbookBaseURLLength)
	case !reRunbookBaseURL.MatchString(v):
		return errors.New("must be an https:// address of this repository's tree, such as https://github.com/acme/kafka-efs/blob/main, " +
			"without query, fragment, white space, quotes or $: each alarm appends /docs/operations.md#<entry>")
	}
	return nil
}

func checkRunbookBaseURL(c Config, r *fieldReport) {
	if err := CheckRunbookBaseURL(c.RunbookBaseURL); err != nil {
		r.add("RunbookBaseURL", c.RunbookBaseURL, err.Error())
	}
}

// formatTuning renders a tuning like Go's %+v does.
func formatTuning(t AlarmTuning) string { return fmt.Sprintf("%+v", t) }

// formatNumber renders a float without exponent or trailing zeros.
func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
