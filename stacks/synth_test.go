package stacks

import (
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/gkampitakis/go-snaps/snaps"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/stretchr/testify/require"

	"github.com/kafka-efs/kafka-efs/internal/tfjson"
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
	flag.Parse()
	raiseParallel()
	code := func() int {
		defer jsii.Close()
		var err error
		// The app binary is for the full run's tests only: -short leaves its link out.
		if !testing.Short() {
			if app, err = startAppBuild(); err != nil {
				panic(err)
			}
			defer app.close()
		}
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
		synthesizeSettingsVariant(testApp)
		synthesizeClusterVariants(testApp)
		return m.Run()
	}()
	os.Exit(code)
}

// parallelTests is how many parallel tests run at once unless -parallel is given. The
// full run's parallel tests (the tiers, the app binary's runs, the emulator tests) mostly
// wait on the processes they start, and each tier bounds its own Terraform processes by
// the cores (tierSetup.slots): go test's default, GOMAXPROCS (2 here), would run them two
// at a time and leave a core idle while a test waits on the emulator or the provider.
const parallelTests = 8

// raiseParallel sets -test.parallel to parallelTests, unless the command line set it.
func raiseParallel() {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		if err := flag.Set("test.parallel", strconv.Itoa(parallelTests)); err != nil {
			panic(err)
		}
	}
}

// synth synthesizes one stack and returns its JSON, as text and decoded (tfjson.Synth).
func synth(stack cdktf.TerraformStack) (string, stackJSON) {
	raw, doc := tfjson.Synth(stack)
	return raw, stackJSON(doc)
}

// stackJSON is a synthesized stack, decoded generically: a tfjson.Doc, whose methods the
// Terraform tier's files also call by these names.
type stackJSON tfjson.Doc

func (s stackJSON) block(path ...string) map[string]any { return tfjson.Doc(s).Block(path...) }
func (s stackJSON) objects(kind, typ string) map[string]map[string]any {
	return tfjson.Doc(s).Objects(kind, typ)
}
func (s stackJSON) resources(typ string) map[string]map[string]any {
	return tfjson.Doc(s).Resources(typ)
}
func (s stackJSON) output(t *testing.T, name string) any {
	t.Helper()
	return tfjson.Doc(s).Output(t, name)
}
func (s stackJSON) only(t *testing.T, typ string) map[string]any {
	t.Helper()
	return tfjson.Doc(s).Only(t, typ)
}

var bareReference = regexp.MustCompile(`([\[ ])((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z_]+)([,\]}])`)

// dashboardBody returns the body of an aws_cloudwatch_dashboard as JSON. The construct
// hands it over as ${jsonencode({"key" = value, ...})} (so the HCL rendering is valid
// too); cdktf writes that object with every key quoted, and no string of the body holds
// " = ", so replacing that and quoting the bare references gives back the JSON. terraform test (outputs.tftest.hcl) reads the evaluated body.
func dashboardBody(t *testing.T, dashboard map[string]any) []byte {
	t.Helper()
	expr, _ := dashboard["dashboard_body"].(string)
	inner, ok := strings.CutPrefix(expr, "${jsonencode(")
	require.True(t, ok, "dashboard_body is not ${jsonencode(...)}: %.80s", expr)
	inner, ok = strings.CutSuffix(inner, ")}")
	require.True(t, ok, "dashboard_body does not end the jsonencode: %.80s", expr)
	// A value that is only a reference comes out bare: aws_x.name.id, data.aws_y.name.z.
	inner = bareReference.ReplaceAllString(inner, `$1"$${$2}"$3`)
	doc := []byte(strings.ReplaceAll(inner, `" = `, `": `))
	require.True(t, json.Valid(doc), "dashboard_body's object is not JSON once its keys are: %.200s", doc)
	return doc
}

// snapshotDir and snapshotName are where TestSnapshots keeps the reviewed snapshots, one entry per stack.
const snapshotDir, snapshotName = "../__snapshots__", "stacks"

// TestSnapshots compares each stack's synthesized JSON with its reviewed snapshot in
// __snapshots__/. UPDATE_SNAPS=true go test ./... rewrites them. A stack without a
// snapshot (a new environment) is never added silently: go-snaps writes the entry and
// this test fails once with a line naming the stack, so the entry is reviewed before it
// is committed (with UPDATE_SNAPS=true, asked for, it only logs the line). Where go-snaps
// v0.5.25 sees CI (ciinfo: CI set to anything but "false", or BUILD_ID, RUN_ID and other
// vendors' variables), it writes nothing and fails with "snapshot not found"; this test
// adds what to do. UPDATE_SNAPS=always writes even there, and the test still fails.
func TestSnapshots(t *testing.T) {
	cfg := snaps.WithConfig(snaps.Dir(snapshotDir), snaps.Filename(snapshotName))
	path := filepath.Join(snapshotDir, snapshotName+".snap")
	// The cluster stacks, the file system stacks and the existing-driver variant of prod.
	names := append(StackNames(Clusters(), Environments(), testSettings), existingDriverStack)
	require.ElementsMatch(t, names, slices.Collect(maps.Keys(rawSynth)), "every synthesized stack has a snapshot")
	for _, stack := range names {
		t.Run(stack, func(t *testing.T) {
			shown := strings.TrimPrefix(path, "../") // as seen from the module root
			had := hasSnapshot(t, path, t.Name())
			cfg.MatchJSON(t, rawSynth[stack])
			switch {
			case had:
			case !hasSnapshot(t, path, t.Name()):
				t.Errorf("stack %s has no snapshot in %s, and none is written under CI: run go test ./stacks/ without CI, review the new entry and commit it", stack, shown)
			case os.Getenv("UPDATE_SNAPS") == "true":
				t.Logf("stack %s: snapshot added to %s: review it before committing", stack, shown)
			default:
				t.Errorf("stack %s: new snapshot added to %s: review it (git diff) and commit it; the next run passes", stack, shown)
			}
		})
	}
}

// hasSnapshot reports whether the snapshot file at path holds the first snapshot of the
// test named test (go-snaps' entry header "[<test> - 1]").
func hasSnapshot(t *testing.T, path, test string) bool {
	t.Helper()
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false
	}
	require.NoError(t, err)
	return slices.Contains(strings.Split(string(raw), "\n"), "["+test+" - 1]")
}
