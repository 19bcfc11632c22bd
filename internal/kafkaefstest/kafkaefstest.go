// Package kafkaefstest holds what the KafkaEfs construct's synthesized JSON must show
// wherever it is synthesized: the alarms with their default tuning, the file system
// policy's fixed statements and the mount options of its manifests. The construct's own
// tests (constructs/kafkaefs, package kafkaefs_test) and the stacks' tests share it. The
// functions that read a stack take its JSON as tfjson.Doc or any other map type of it.
package kafkaefstest

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"

	"github.com/kafka-efs/kafka-efs/efs"
	"github.com/kafka-efs/kafka-efs/internal/tfjson"
)

// FsRef is the reference to an attribute of the stack's only file system.
func FsRef[D ~map[string]any](t *testing.T, stack D, attr string) string {
	t.Helper()
	s := tfjson.Doc(stack)
	return tfjson.Ref("aws_efs_file_system", tfjson.NameOf(t, s, "aws_efs_file_system"), attr)
}

// Alarm is what one alarm must watch and when it fires: a plain metric (metric and
// statistic) or metric math (expression over inputs, "Metric/Statistic" each).
type Alarm struct {
	Metric, Statistic string
	Expression        string
	Inputs            []string
	Comparison        string
	Threshold         float64
	Period, Evals     float64
	// Missing is the treatment of missing data; "" means notBreaching.
	Missing string
}

// DefaultAlarms are the alarms with their default tuning.
var DefaultAlarms = map[string]Alarm{
	"io_limit":      {Metric: "PercentIOLimit", Statistic: "Average", Comparison: "GreaterThanThreshold", Threshold: 95, Period: 300, Evals: 3},
	"burst_credits": {Metric: "BurstCreditBalance", Statistic: "Minimum", Comparison: "LessThanThreshold", Threshold: 377487360000, Period: 300, Evals: 3}, // 100 MiB/s for 1 h, in bytes
	// ClientConnections is per minute: the Sum over a period divided by its minutes.
	"client_connections": {Expression: "m1 / (PERIOD(m1) / 60)", Inputs: []string{"ClientConnections/Sum"},
		Comparison: "GreaterThanThreshold", Threshold: 1000, Period: 300, Evals: 3},
	// No client left: ClientConnections is not published, and silence is the failure.
	"clients_gone": {Expression: "m1 / (PERIOD(m1) / 60)", Inputs: []string{"ClientConnections/Sum"},
		Comparison: "LessThanThreshold", Threshold: 1, Period: 300, Evals: 3, Missing: "breaching"},
	"throughput_utilization": {Expression: "(m1 / PERIOD(m1)) / m2 * 100", Inputs: []string{"MeteredIOBytes/Sum", "PermittedThroughput/Average"},
		Comparison: "GreaterThanThreshold", Threshold: 80, Period: 300, Evals: 3},
	// Elastic only: MeteredIOBytes as MiB/s against a ceiling, and the bytes Elastic
	// bills (data and metadata, reads and writes) as US dollars per day at us-east-1's
	// prices (one period of a day) against a budget.
	"metered_throughput": {Expression: "(m1 / 1048576) / PERIOD(m1)", Inputs: []string{"MeteredIOBytes/Sum"},
		Comparison: "GreaterThanThreshold", Threshold: 500, Period: 300, Evals: 3},
	"metered_data": {Expression: "((m1 + m2) * 0.03 + (m3 + m4) * 0.06) / 1073741824 * 86400 / PERIOD(m1)",
		Inputs:     []string{"DataReadIOBytes/Sum", "MetadataReadIOBytes/Sum", "DataWriteIOBytes/Sum", "MetadataWriteIOBytes/Sum"},
		Comparison: "GreaterThanThreshold", Threshold: 30, Period: 86400, Evals: 1},
}

// AlarmsByKey returns the alarms of a synthesized stack by key, the suffix of their name
// after "<name>-efs-".
func AlarmsByKey[D ~map[string]any](t *testing.T, stack D, name string) map[string]map[string]any {
	t.Helper()
	doc := tfjson.Doc(stack)
	out := map[string]map[string]any{}
	for _, a := range doc.Resources("aws_cloudwatch_metric_alarm") {
		alarmName, _ := a["alarm_name"].(string)
		key, ok := strings.CutPrefix(alarmName, name+"-efs-")
		require.True(t, ok, "alarm name %q", alarmName)
		out[key] = a
	}
	return out
}

// CheckAlarm compares a synthesized alarm with want: metric (or metric math), statistic,
// period, threshold, comparison, evaluation count, missing data, and actions on alarm and
// on OK; its description must say what to do and name its docs/operations.md entry.
func CheckAlarm[D ~map[string]any](t *testing.T, stack D, key string, a map[string]any, want Alarm, actions []any) {
	t.Helper()
	doc := tfjson.Doc(stack)
	dimensions := map[string]any{"FileSystemId": FsRef(t, doc, "id")}
	assert.Equal(t, want.Comparison, a["comparison_operator"], key)
	assert.Equal(t, want.Threshold, a["threshold"], key)
	assert.Equal(t, want.Evals, a["evaluation_periods"], key)
	missing := want.Missing
	if missing == "" {
		missing = "notBreaching"
	}
	assert.Equal(t, missing, a["treat_missing_data"], key)
	assert.Equal(t, actions, a["alarm_actions"], key)
	assert.Equal(t, actions, a["ok_actions"], key)
	description, _ := a["alarm_description"].(string)
	assert.True(t, strings.HasSuffix(description, `Runbook: docs/operations.md, section "`+key+` alarm"`), "%s: description %q", key, description)
	assert.Contains(t, description, fmt.Sprintf(" for %v periods of %v s: ", want.Evals, want.Period), key)
	if want.Expression == "" {
		assert.Equal(t, "AWS/EFS", a["namespace"], key)
		assert.Equal(t, want.Metric, a["metric_name"], key)
		assert.Equal(t, want.Statistic, a["statistic"], key)
		assert.Equal(t, want.Period, a["period"], key)
		assert.Equal(t, dimensions, a["dimensions"], key)
		assert.NotContains(t, a, "metric_query", key)
		return
	}
	for _, field := range []string{"metric_name", "namespace", "statistic", "dimensions", "period"} {
		assert.NotContains(t, a, field, "%s: a metric math alarm has no %s", key, field)
	}
	queries := []any{map[string]any{"id": "e1", "expression": want.Expression, "label": key, "return_data": true}}
	for i, in := range want.Inputs {
		name, stat, _ := strings.Cut(in, "/")
		queries = append(queries, map[string]any{"id": fmt.Sprintf("m%d", i+1), "metric": map[string]any{
			"namespace": "AWS/EFS", "metric_name": name, "stat": stat, "period": want.Period, "dimensions": dimensions,
		}})
	}
	assert.Equal(t, queries, a["metric_query"], key)
}

// PolicyStatements returns the statements of the stack's file system policy document,
// by Sid, after checking that the policy resource uses that document, the only one, on the
// file system.
func PolicyStatements[D ~map[string]any](t *testing.T, stack D) map[string]map[string]any {
	t.Helper()
	doc := tfjson.Doc(stack)
	policy := doc.Only(t, "aws_efs_file_system_policy")
	assert.Equal(t, FsRef(t, doc, "id"), policy["file_system_id"])
	docs := doc.Objects("data", "aws_iam_policy_document")
	docName := tfjson.PolicyDocumentOf(t, policy)
	require.Contains(t, docs, docName)

	out := tfjson.Statements(t, doc, docName)
	require.Len(t, out, len(docs[docName]["statement"].([]any)), "duplicate Sid")
	for sid, st := range out {
		assert.Equal(t, tfjson.Strings(FsRef(t, doc, "arn")), st["resources"], sid)
	}
	return out
}

// AwsPrincipals is the principals block for AWS identifiers.
func AwsPrincipals(ids ...string) []any {
	return []any{map[string]any{"type": "AWS", "identifiers": tfjson.Strings(ids...)}}
}

// OneCondition is a one-condition list.
func OneCondition(test, variable string, values ...string) []any {
	return []any{map[string]any{"test": test, "variable": variable, "values": tfjson.Strings(values...)}}
}

// DenyNonSecureTransport is the statement every policy starts with.
var DenyNonSecureTransport = map[string]any{
	"effect": "Deny", "principals": AwsPrincipals("*"), "actions": tfjson.Strings("*"),
	"condition": OneCondition("Bool", "aws:SecureTransport", "false"),
}

// CheckStatement compares a statement with want, ignoring sid and resources (checked by
// PolicyStatements).
func CheckStatement(t *testing.T, want map[string]any, got map[string]any, sid string) {
	t.Helper()
	g := maps.Clone(got)
	delete(g, "sid")
	delete(g, "resources")
	assert.Equal(t, want, g, sid)
}

// VolumeOutputs names, by access point root directory, the output holding that access
// point's PersistentVolume and claim.
var VolumeOutputs = map[string]string{
	"/kafka-backups":         "kubernetes_pv_kafka_backups",
	"/kafka-connect-plugins": "kubernetes_pv_kafka_connect",
	"/shared-logs":           "kubernetes_pv_shared_logs",
}

// CheckMountOptions checks the Kubernetes manifests of a stack for the mount options opts
// and the mount command for tls and opts, and that they reference the file system and
// each access point.
func CheckMountOptions[D ~map[string]any](t *testing.T, stack D, opts ...string) {
	t.Helper()
	doc := tfjson.Doc(stack)
	fsID := FsRef(t, doc, "id")
	assert.Equal(t, "sudo mkdir -p /mnt/efs && sudo mount -t efs -o "+strings.Join(append([]string{"tls"}, opts...), ",")+" "+fsID+":/ /mnt/efs",
		doc.Output(t, "mount_command"))

	var sc storagev1.StorageClass
	tfjson.DecodeStrict(t, doc.Output(t, "kubernetes_storage_class").(string), &sc)
	assert.Equal(t, opts, sc.MountOptions, "StorageClass")
	assert.Equal(t, fsID, sc.Parameters["fileSystemId"])

	apByPath := map[string]string{}
	for name, ap := range doc.Resources("aws_efs_access_point") {
		apByPath[ap["root_directory"].(map[string]any)["path"].(string)] = tfjson.Ref("aws_efs_access_point", name, "id")
	}
	require.NotEmpty(t, apByPath)
	for path, apID := range apByPath {
		output, ok := VolumeOutputs[path]
		require.True(t, ok, "no volume output known for access point %s", path)
		manifest, _ := doc.Output(t, output).(string)
		docs := strings.Split(manifest, "---\n")
		require.Len(t, docs, 2, output)
		var pv corev1.PersistentVolume
		tfjson.DecodeStrict(t, docs[0], &pv)
		assert.Equal(t, opts, pv.Spec.MountOptions, output)
		require.NotNil(t, pv.Spec.CSI, output)
		assert.Equal(t, "efs:"+fsID+"::"+apID, pv.Spec.CSI.VolumeHandle, output, "driver v3 handle form")
		tfjson.DecodeStrict(t, docs[1], &corev1.PersistentVolumeClaim{})
	}
}

// DenyRootAccess is the root squash every policy enforces, for every principal.
var DenyRootAccess = map[string]any{
	"effect": "Deny", "principals": AwsPrincipals("*"), "actions": tfjson.Strings("elasticfilesystem:ClientRootAccess"),
}

// CheckEnforcedConditionKeys fails if a file system policy statement conditions on a key
// that EFS does not evaluate for NFS clients: such a condition sees the key missing.
func CheckEnforcedConditionKeys(t *testing.T, sts map[string]map[string]any) {
	t.Helper()
	enforced := []any{"aws:SecureTransport", "aws:SourceIp", "elasticfilesystem:AccessPointArn", "elasticfilesystem:AccessedViaMountTarget"}
	assert.ElementsMatch(t, enforced, tfjson.Strings(efs.ClientConditionKeys...))
	for sid, st := range sts {
		conditions, _ := st["condition"].([]any)
		for _, c := range conditions {
			assert.Contains(t, enforced, c.(map[string]any)["variable"], "statement %s conditions on a key EFS does not enforce for NFS clients", sid)
		}
	}
}

// NodeRoleNeedsAccessPoint is the statement that refuses the node role any mount that
// names no access point: Null on elasticfilesystem:AccessPointArn (an enforced key) is
// true exactly when the request carries none.
func NodeRoleNeedsAccessPoint(nodeRole any) map[string]any {
	return map[string]any{
		"effect": "Deny", "principals": []any{map[string]any{"type": "AWS", "identifiers": nodeRole}},
		"actions":   tfjson.Strings("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"),
		"condition": OneCondition("Null", "elasticfilesystem:AccessPointArn", "true"),
	}
}

// PlanRules returns the rules of the construct's backup plan, by name.
func PlanRules[D ~map[string]any](t *testing.T, stack D) map[string]map[string]any {
	t.Helper()
	s := tfjson.Doc(stack)
	_, plan := tfjson.ResourceNamed(t, s, "aws_backup_plan", "backup-plan")
	out := map[string]map[string]any{}
	for _, r := range plan["rule"].([]any) {
		rule := r.(map[string]any)
		out[rule["rule_name"].(string)] = rule
	}
	return out
}

// AllowMountAndWrite is the statement that lets principals (a decoded principals list)
// mount and write, through a mount target only.
func AllowMountAndWrite(principals []any) map[string]any {
	return map[string]any{
		"effect": "Allow", "principals": principals,
		"actions":   tfjson.Strings("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"),
		"condition": OneCondition("Bool", "elasticfilesystem:AccessedViaMountTarget", "true"),
	}
}
