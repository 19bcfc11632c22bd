package stacks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// motoServer is moto's AWS emulator, running on 127.0.0.1 for one test.
type motoServer struct {
	url    string
	client *http.Client
}

// startMoto starts moto_server on a free port of 127.0.0.1 in a process group of its own
// and stops the group when the test ends, on every path. Without moto_server the test is
// skipped, except under CI=true, where it fails.
func startMoto(t *testing.T) *motoServer {
	t.Helper()
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("moto_server is not on PATH: CI needs it (pip install 'moto[server]')")
		}
		t.Skip("moto_server is not on PATH")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	var logs bytes.Buffer
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Stdout, cmd.Stderr = &logs, &logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the shim and the Python it starts
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("moto_server output:\n%s", logs.String())
		}
	})
	m := &motoServer{url: fmt.Sprintf("http://127.0.0.1:%d", port), client: &http.Client{Timeout: 10 * time.Second}}
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := m.client.Get(m.url + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto_server did not answer on %s within a minute: %v", m.url, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// call makes one AWS JSON-protocol call (EventBridge 1.1, SQS 1.0) in us-east-1.
func (m *motoServer) call(t *testing.T, service, operation string, input any) map[string]any {
	t.Helper()
	protocol := map[string]struct{ target, version string }{
		"events": {"AWSEvents", "1.1"}, "sqs": {"AmazonSQS", "1.0"},
	}[service]
	target, version := protocol.target, protocol.version
	body, err := json.Marshal(input)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, m.url+"/", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-amz-json-"+version)
	req.Header.Set("X-Amz-Target", target+"."+operation)
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261206/us-east-1/"+service+
		"/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
	resp, err := m.client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s %s: %s", service, operation, raw)
	out := map[string]any{}
	if len(bytes.TrimSpace(raw)) > 0 {
		require.NoError(t, json.Unmarshal(raw, &out), "%s %s: %s", service, operation, raw)
	}
	return out
}

// emulatedRule is one synthesized rule on moto: its stack, key, the queue its target
// delivers the matched event to, and its target's synthesized input transformer.
type emulatedRule struct {
	stack, key, queueURL string
	transformer          map[string]any
}

// inputPath is the JSON path syntax the rules' input paths use: dot notation with array
// indices (EventBridge user guide, Input transformation).
var inputPath = regexp.MustCompile(`^\$((?:\.[A-Za-z0-9_-]+|\[[0-9]+\])+)$`)
var inputStep = regexp.MustCompile(`\.([A-Za-z0-9_-]+)|\[([0-9]+)\]`)

// renderInput fills a string input template from the event as EventBridge documents it:
// each <name> becomes the value at its input path; a path the event lacks gives an empty
// value. (moto renders templates by parsing the filled text as JSON, which fails on a
// value with a quote, such as the guide's backup statusMessage; so the test renders.)
func renderInput(t *testing.T, transformer map[string]any, event map[string]any) string {
	t.Helper()
	var text string
	require.NoError(t, json.Unmarshal([]byte(transformer["input_template"].(string)), &text), "a string template")
	for name, p := range transformer["input_paths"].(map[string]any) {
		m := inputPath.FindStringSubmatch(p.(string))
		require.NotNil(t, m, "input path %s", p)
		var v any = event
		for _, step := range inputStep.FindAllStringSubmatch(m[1], -1) {
			switch node := v.(type) {
			case map[string]any:
				v = node[step[1]]
			case []any:
				var i int
				fmt.Sscan(step[2], &i)
				if i < len(node) {
					v = node[i]
				} else {
					v = nil
				}
			default:
				v = nil
			}
		}
		value := ""
		if v != nil {
			value = fmt.Sprint(v)
		}
		text = strings.ReplaceAll(text, "<"+name+">", value)
	}
	return text
}

// planRef matches the Terraform reference to a stack's restore testing plan in a pattern.
var planRef = regexp.MustCompile(`\$\{aws_backup_restore_testing_plan\.([A-Za-z0-9_-]+)\.arn\}`)

// testAccount is moto's default account.
const testAccount = "123456789012"

// planArn is the ARN a stack's restore testing plan gets in the emulated account.
func planArn(planName string) string {
	return "arn:aws:backup:us-east-1:" + testAccount + ":restore-testing-plan:" + planName
}

// TestBackupRulesOnAWSExampleEvents sends AWS's documented example events
// (stacks/testdata/events, from the AWS Backup developer guide's EventBridge page), as
// published and with the fields a stack's own events carry, through the rules of prod
// and prod-high-performance (and the account-wide manual restore rule of a stack named
// by KAFKA_EFS_MANUAL_RESTORE_ALERTS) on moto's EventBridge: each rule with its
// synthesized pattern and its target's synthesized input transformer, on an event bus
// per stack, delivering the matched event to an SQS queue. It checks which rules match
// which event, so that a restore test of one stack's plan never pages the other, and what
// each rule's notification says of the event it matched. (moto 5.2's TestEventPattern
// answers an empty 200, so the rules run as rules.)
func TestBackupRulesOnAWSExampleEvents(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("-short: the emulator tests belong to the full go test ./... (efs's tests check the patterns' JSON)")
	}
	require.NoError(t, settingsErr)
	m := startMoto(t)
	docs := map[string]stackJSON{"prod": synthesized["prod"], "prod-high-performance": synthesized["prod-high-performance"],
		"manual": settingsDoc}
	names := map[string]struct{ vault, plan string }{}
	var rules []emulatedRule
	for stack, s := range docs {
		_, v := vault(t, s)
		planRes := nameOf(t, s, "aws_backup_restore_testing_plan")
		plan := s.resources("aws_backup_restore_testing_plan")[planRes]["name"].(string)
		names[stack] = struct{ vault, plan string }{v["name"].(string), plan}
		m.call(t, "events", "CreateEventBus", map[string]any{"Name": stack})
		for ruleRes, rule := range byPrefix(s, "aws_cloudwatch_event_rule", "kafka-efs_backup-event-") {
			key := strings.TrimPrefix(ruleRes, "kafka-efs_backup-event-")
			key = key[:strings.LastIndex(key, "_")] // the logical ID's hash
			if stack == "manual" && key != "manual_restore" {
				continue // the other rules are prod's, seen above
			}
			pattern := planRef.ReplaceAllStringFunc(rule["event_pattern"].(string), func(ref string) string {
				require.Equal(t, planRes, planRef.FindStringSubmatch(ref)[1], "%s %s: its own plan", stack, key)
				return planArn(plan)
			})
			require.NotContains(t, pattern, "${", "%s %s: a reference the emulator cannot resolve", stack, key)
			ruleName := stack + "-" + key
			m.call(t, "events", "PutRule", map[string]any{"Name": ruleName, "EventBusName": stack, "EventPattern": pattern})
			q := m.call(t, "sqs", "CreateQueue", map[string]any{"QueueName": ruleName})
			var target map[string]any
			for _, tg := range s.resources("aws_cloudwatch_event_target") {
				if tg["rule"] == ref("aws_cloudwatch_event_rule", ruleRes, "name") {
					target = tg
				}
			}
			require.NotNil(t, target, "%s %s: target", stack, key)
			m.call(t, "events", "PutTargets", map[string]any{"Rule": ruleName, "EventBusName": stack, "Targets": []any{map[string]any{
				"Id": "topic", "Arn": "arn:aws:sqs:us-east-1:" + testAccount + ":" + ruleName,
			}}})
			rules = append(rules, emulatedRule{stack: stack, key: key, queueURL: q["QueueUrl"].(string),
				transformer: target["input_transformer"].(map[string]any)})
		}
	}
	require.Len(t, rules, 2*len(backupRuleKeys)-1+1, "prod's rules, prod-high-performance's (no copy) and the manual one")

	prod, hp := names["prod"], names["prod-high-performance"]
	vaultArn := func(v string) string { return "arn:aws:backup:us-east-1:" + testAccount + ":backup-vault:" + v }
	recoveryPoint := "arn:aws:backup:us-east-1:" + testAccount + ":recovery-point:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
	// asTest makes a restore event one of plan's restore tests of an EFS recovery point.
	asTest := func(plan string, detail map[string]any) func(e map[string]any) {
		return func(e map[string]any) {
			d := e["detail"].(map[string]any)
			d["resourceType"], d["restoreTestingPlanArn"] = "EFS", planArn(plan)
			e["resources"] = []any{recoveryPoint}
			for k, v := range detail {
				d[k] = v
			}
		}
	}
	inVault := func(v string, detail map[string]any) func(e map[string]any) {
		return func(e map[string]any) {
			d := e["detail"].(map[string]any)
			d["backupVaultName"], d["backupVaultArn"] = v, vaultArn(v)
			for k, val := range detail {
				d[k] = val
			}
		}
	}
	tests := []struct {
		name, file string
		change     func(e map[string]any) // nil: as AWS publishes it
		want       []string               // "<stack>/<key>" of the rules that must match, no others
	}{
		{"restore failed, as published (EC2, no plan)", "restore-job-failed.json", nil, nil},
		{"prod's restore test failed", "restore-job-failed.json", asTest(prod.plan, nil), []string{"prod/restore_job"}},
		{"prod-high-performance's restore test failed", "restore-job-failed.json", asTest(hp.plan, nil),
			[]string{"prod-high-performance/restore_job"}},
		{"a person's EFS restore failed", "restore-job-failed.json", func(e map[string]any) {
			e["detail"].(map[string]any)["resourceType"] = "EFS"
			e["resources"] = []any{recoveryPoint}
		}, []string{"manual/manual_restore"}},
		{"prod's restore test completed", "restore-job-completed.json", asTest(prod.plan, nil), nil},
		{"prod's restore test validation failed", "restore-job-completed.json", asTest(prod.plan, map[string]any{"validationStatus": "FAILED"}),
			[]string{"prod/restore_job"}},
		{"prod-high-performance's validation timed out", "restore-job-completed.json",
			asTest(hp.plan, map[string]any{"validationStatus": "TIMED_OUT"}), []string{"prod-high-performance/restore_job"}},
		{"prod's restore test not cleaned up", "restore-job-completed.json",
			asTest(prod.plan, map[string]any{"deletionStatus": "FAILED", "deletionStatusMessage": "access denied"}), []string{"prod/restore_cleanup"}},
		{"prod-high-performance's restore test cleaned up", "restore-job-completed.json",
			asTest(hp.plan, map[string]any{"deletionStatus": "SUCCESSFUL"}), nil},
		{"backup failed, as published (another vault)", "backup-job-failed.json", nil, nil},
		{"prod's backup failed", "backup-job-failed.json", inVault(prod.vault, nil), []string{"prod/backup_job"}},
		{"prod-high-performance's backup expired", "backup-job-expired.json", inVault(hp.vault, nil),
			[]string{"prod-high-performance/backup_job"}},
		{"prod's backup completed", "backup-job-completed.json", inVault(prod.vault, nil), nil},
		{"prod's backup completed with issues", "backup-job-completed.json",
			inVault(prod.vault, map[string]any{"statusMessage": "Windows VSS backup attempt failed"}), []string{"prod/backup_job_issues"}},
		{"prod's backup pending, empty status message", "backup-job-pending.json", inVault(prod.vault, nil), nil},
		{"copy failed, as published (another vault)", "copy-job-failed.json", nil, nil},
		{"prod's copy failed", "copy-job-failed.json", func(e map[string]any) {
			e["detail"].(map[string]any)["sourceBackupVaultArn"] = vaultArn(prod.vault)
		}, []string{"prod/copy_job"}},
		{"vault modified, as published (another vault)", "backup-vault-modified.json", nil, nil},
		{"prod-high-performance's vault lock modified", "backup-vault-modified.json", func(e map[string]any) {
			e["detail"].(map[string]any)["backupVaultName"] = hp.vault
		}, []string{"prod-high-performance/vault_change"}},
	}
	messages := map[string]string{}
	for _, tt := range tests {
		raw, err := os.ReadFile(filepath.Join("testdata", "events", tt.file))
		require.NoError(t, err)
		var e map[string]any
		require.NoError(t, json.Unmarshal(raw, &e), tt.file)
		if tt.change != nil {
			tt.change(e)
		}
		detail, err := json.Marshal(e["detail"])
		require.NoError(t, err)
		for stack := range docs {
			out := m.call(t, "events", "PutEvents", map[string]any{"Entries": []any{map[string]any{
				"Source": e["source"], "DetailType": e["detail-type"], "Detail": string(detail),
				"Resources": e["resources"], "EventBusName": stack,
			}}})
			require.EqualValues(t, 0, out["FailedEntryCount"], tt.name)
		}
		var got []string
		for _, r := range rules {
			out := m.call(t, "sqs", "ReceiveMessage", map[string]any{"QueueUrl": r.queueURL, "MaxNumberOfMessages": 10})
			msgs, _ := out["Messages"].([]any)
			for _, msg := range msgs {
				got = append(got, r.stack+"/"+r.key)
				var delivered map[string]any
				body := msg.(map[string]any)["Body"].(string)
				require.NoError(t, json.Unmarshal([]byte(body), &delivered), "the matched event: %s", body)
				messages[tt.name+" "+r.stack+"/"+r.key] = renderInput(t, r.transformer, delivered)
				m.call(t, "sqs", "DeleteMessage", map[string]any{"QueueUrl": r.queueURL, "ReceiptHandle": msg.(map[string]any)["ReceiptHandle"]})
			}
		}
		slices.Sort(got)
		want := slices.Clone(tt.want)
		slices.Sort(want)
		assert.Equal(t, want, got, tt.name)
	}

	// The notifications name the plan and recovery point from the fields AWS sends.
	text := messages["prod's restore test failed prod/restore_job"]
	assert.Contains(t, text, "restore testing plan "+planArn(prod.plan))
	assert.Contains(t, text, "recovery point "+recoveryPoint)
	assert.Contains(t, text, "EFS confluent-kafka-prod,")
	assert.Contains(t, text, "ended FAILED")
	assert.Contains(t, text, "AWS Backup does not permit attaching a new instance profile")
	assert.NotContains(t, text, "confluent-kafka-prod-high-performance")
	hpText := messages["prod-high-performance's restore test failed prod-high-performance/restore_job"]
	assert.Contains(t, hpText, planArn(hp.plan))
	assert.Contains(t, hpText, "EFS confluent-kafka-prod-high-performance")
	assert.Contains(t, messages["a person's EFS restore failed manual/manual_restore"], "outside any restore testing plan, recovery point "+recoveryPoint)
	assert.Contains(t, messages["prod's restore test not cleaned up prod/restore_cleanup"], "deletion FAILED")
	assert.Contains(t, messages["prod's backup completed with issues prod/backup_job_issues"], "Windows VSS backup attempt failed")
}
