package stacks

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// synthesized holds each file system stack's JSON, synthesized once for the whole test
// binary: every synth pays for the jsii kernel, so tests share the result and only read it.
var synthesized = map[string]stackJSON{}

// synthesizedClusters holds each cluster stack's JSON, by stack name.
var synthesizedClusters = map[string]stackJSON{}

// rawSynth holds the JSON of every stack as text (file system, cluster and the
// existing-driver variant), for the snapshots and the Terraform tier.
var rawSynth = map[string]string{}

// existingDriverStack is prod synthesized with KAFKA_EFS_EXISTING_DRIVER=prod: the file
// system stack for a cluster whose driver and roles exist already.
const existingDriverStack = "prod-existing-driver"

// testSettings are the defaults main uses when no KAFKA_EFS_* variable is set, so the
// snapshots show what `cdktf synth` produces out of the box.
var testSettings = SettingsFromEnv(func(string) string { return "" })

func TestMain(m *testing.M) {
	code := func() int {
		defer jsii.Close()
		var err error
		if app, err = startAppBuild(); err != nil {
			panic(err)
		}
		defer app.close()
		// Testing_App(nil) would create an output folder in the temp folder and never
		// remove it.
		outdir, err := os.MkdirTemp("", "stacks-synth-")
		if err != nil {
			panic(err)
		}
		defer os.RemoveAll(outdir)
		testApp := cdktf.Testing_App(&cdktf.TestingAppConfig{Outdir: jsii.String(outdir)})
		for _, c := range ClusterStacks(Clusters(), testSettings) {
			stack, err := NewCluster(testApp, c, testSettings)
			if err != nil {
				panic(err)
			}
			rawSynth[c.Stack()], synthesizedClusters[c.Stack()] = synth(stack)
		}
		for _, env := range Environments() {
			stack, err := New(testApp, env, testSettings)
			if err != nil {
				panic(err)
			}
			rawSynth[env.Stack], synthesized[env.Stack] = synth(stack)
			if env.Stack == "prod" {
				existing := testSettings
				existing.ExistingDriverClusters = []string{env.Cluster}
				env.Stack = existingDriverStack
				stack, err := New(testApp, env, existing)
				if err != nil {
					panic(err)
				}
				rawSynth[existingDriverStack], _ = synth(stack)
			}
		}
		synthesizeBackends(testApp)
		// The construct's own variants (construct_test.go) share the app and the kernel:
		// a second test binary synthesizing them would start a second kernel.
		synthesizeVariants(testApp)
		synthesizeClusterVariants(testApp)
		return m.Run()
	}()
	os.Exit(code)
}

// synth synthesizes one stack and returns its JSON, as text and decoded. jsii reports
// errors as panics; so does synth.
func synth(stack cdktf.TerraformStack) (string, stackJSON) {
	raw := *cdktf.Testing_Synth(stack, jsii.Bool(false))
	var parsed stackJSON
	if err := json.Unmarshal([]byte(raw), &parsed); err != nil {
		panic(err)
	}
	return raw, parsed
}

// stackJSON is a synthesized stack, decoded generically.
type stackJSON map[string]any

// block returns the object at path (e.g. "resource", "aws_efs_file_system"), or nil.
func (s stackJSON) block(path ...string) map[string]any {
	var cur any = map[string]any(s)
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	m, _ := cur.(map[string]any)
	return m
}

// objects returns the blocks of one kind ("resource" or "data") and type, by logical name.
func (s stackJSON) objects(kind, typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for name, r := range s.block(kind, typ) {
		out[name] = r.(map[string]any)
	}
	return out
}

// resources returns the resources of one type, by logical name.
func (s stackJSON) resources(typ string) map[string]map[string]any {
	return s.objects("resource", typ)
}

// output returns the value of a Terraform output, failing the test if it is missing.
func (s stackJSON) output(t *testing.T, name string) any {
	t.Helper()
	o, ok := s.block("output")[name].(map[string]any)
	if !ok {
		t.Fatalf("output %s missing", name)
	}
	return o["value"]
}

// only returns the single resource of a type, failing the test unless there is exactly one.
func (s stackJSON) only(t *testing.T, typ string) map[string]any {
	t.Helper()
	rs := s.resources(typ)
	if len(rs) != 1 {
		t.Fatalf("%d %s resources, want 1", len(rs), typ)
	}
	for _, r := range rs {
		return r
	}
	return nil
}
