package stacks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// appBuild builds the real app binary (the module's main package) while TestMain
// synthesizes: the link uses the second core while jsii keeps the first busy. It lives
// here rather than in a main_test.go because a test binary of package main would link
// the AWS bindings once more only to run this one test.
type appBuild struct {
	dir, bin string
	cmd      *exec.Cmd
	output   bytes.Buffer
}

// startAppBuild starts `go build` of the app into a new temporary folder.
func startAppBuild() (*appBuild, error) {
	dir, err := os.MkdirTemp("", "kafka-efs-app-")
	if err != nil {
		return nil, err
	}
	b := &appBuild{dir: dir, bin: filepath.Join(dir, "kafka-efs")}
	b.cmd = exec.Command("go", "build", "-o", b.bin, "github.com/kafka-efs/kafka-efs")
	b.cmd.Stdout, b.cmd.Stderr = &b.output, &b.output
	if err := b.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return b, nil
}

// wait returns the binary once built.
func (b *appBuild) wait(t *testing.T) string {
	t.Helper()
	require.NotNil(t, b, "the app build did not start")
	if b.cmd.ProcessState == nil {
		require.NoError(t, b.cmd.Wait(), "go build:\n%s", b.output.String())
	}
	require.True(t, b.cmd.ProcessState.Success(), "go build:\n%s", b.output.String())
	return b.bin
}

// close waits for the build if needed and removes its folder.
func (b *appBuild) close() {
	if b == nil {
		return
	}
	if b.cmd.ProcessState == nil {
		b.cmd.Wait()
	}
	os.RemoveAll(b.dir)
}

var app *appBuild

// TestAppRefusesBrokenConfigurationBeforeWriting runs the real app binary with broken
// configurations: bad values, a misspelled variable (the misspelling of the issue,
// KAFKA_EFS_PROJET, which once synthesized the defaults and exited 0) and a misspelled key
// of cdktf.json. Each must exit 1, name every problem (the closest known name for a
// misspelling), and leave an existing output folder exactly as it was.
func TestAppRefusesBrokenConfigurationBeforeWriting(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the runs of the app binary belong to the full go test ./... (TestLoadSettings and the settings tests check the same refusals in-process)")
	}
	bin := app.wait(t)
	cases := []struct {
		name    string
		context map[string]any
		env     []string
		want    []string
	}{
		{"bad values", map[string]any{"project": "confluent-kafka"}, []string{"KAFKA_EFS_PROJECT=Kafka_EFS!", "KAFKA_EFS_REGION=mars-1"},
			append([]string{`KAFKA_EFS_REGION = "mars-1": must be an AWS region name`}, eachStack(`: ProjectName = "Kafka_EFS!": `)...)},
		{"misspelled variable", map[string]any{"project": "confluent-kafka"}, []string{"KAFKA_EFS_PROJET=acme"},
			[]string{"KAFKA_EFS_PROJET: not a setting nor a variable of the tests; did you mean KAFKA_EFS_PROJECT?"}},
		{"misspelled key", map[string]any{"projet": "acme"}, nil,
			[]string{"cdktf.json context.projet: no such setting; did you mean project?"}},
		{"bad value in the file", map[string]any{"region": "mars-1"}, nil,
			[]string{`cdktf.json context.region = "mars-1": must be an AWS region name`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeSettingsFile(t, t.TempDir(), c.context)
			out := filepath.Join(dir, "cdktf.out")
			earlier := filepath.Join(out, "stacks", "dev", "cdk.tf.json")
			require.NoError(t, os.MkdirAll(filepath.Dir(earlier), 0o755))
			require.NoError(t, os.WriteFile(earlier, []byte(`{"earlier":"synth"}`), 0o644))
			past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
			require.NoError(t, os.Chtimes(earlier, past, past))
			before := snapshotTree(t, out)

			cmd := exec.Command(bin)
			cmd.Dir = dir
			cmd.Env = appEnv(append([]string{"CDKTF_OUTDIR=" + out, "TMPDIR=" + dir}, c.env...)...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()

			var exit *exec.ExitError
			require.True(t, errors.As(err, &exit), "want exit status 1, got %v", err)
			assert.Equal(t, 1, exit.ExitCode())
			msg := stderr.String()
			assert.True(t, strings.HasPrefix(msg, "kafka-efs: invalid configuration, nothing synthesized:\n"), msg)
			for _, want := range c.want {
				assert.Contains(t, msg, want)
			}
			assert.Empty(t, stdout.String())
			assert.Equal(t, before, snapshotTree(t, out), "the earlier output folder changed")
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			assert.ElementsMatch(t, []string{"cdktf.json", "cdktf.out"}, names, "only the settings and cdktf.out may remain in the folder (and TMPDIR)")
		})
	}
}

// eachStack returns, for every file system stack, the start of an error line naming it
// followed by rest.
func eachStack(rest string) []string {
	var lines []string
	for _, env := range Environments() {
		lines = append(lines, "stack "+env.Stack+rest)
	}
	return lines
}

// snapshotTree records every path under root with its mode, time and content.
func snapshotTree(t *testing.T, root string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	require.NoError(t, filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		entry := info.Mode().String() + " " + info.ModTime().UTC().Format(time.RFC3339Nano)
		if !d.IsDir() {
			content, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			entry += " " + string(content)
		}
		tree[path] = entry
		return nil
	}))
	return tree
}

// appEnv is the test's environment without any KAFKA_EFS_* setting, plus extra.
func appEnv(extra ...string) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "KAFKA_EFS_") })
	return append(env, extra...)
}

// TestAppRuns runs the real app binary twice in one folder, over a planted cdktf.out (a
// stale stack's folder, dev in both formats, lock files, a file beside it), as a user
// runs it:
//
//  1. as a fresh clone would: the committed cdktf.json, no KAFKA_EFS_* set, as HCL
//     (SYNTH_HCL_OUTPUT=true, which `cdktf synth --hcl` sets for the app): JSON then HCL,
//     in the planted dev folder;
//  2. with a settings file of another project, region and state bucket plus a variable
//     overriding the region, as JSON (`go run .`): HCL then JSON, in every folder.
//
// Each exits 0 and leaves exactly its stacks under cdktf.out/stacks/, each in its format
// only, the lock files and the file beside cdktf.out kept. Each ends with one line per
// stack (name, number of resource blocks, folder), the second after a line naming the
// override, and there every stack carries the project and region (provider, default tags,
// state name); only the first warns, in one stderr line naming the production stacks and
// the stateBucket setting. Each run synthesizes every stack (about 7 s of CPU; a third,
// JSON from the committed cdktf.json, is .ci/run's `cdktf synth`, and TestSnapshots pins
// the default settings' JSON): -short leaves them to the full run, as TestLocalStateWarning
// covers the warning's text and its cases and TestPruneOutdir the pruning.
func TestAppRuns(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("-short: the runs of the app binary belong to the full go test ./...")
	}
	bin := app.wait(t)
	committed, err := os.ReadFile(filepath.Join("..", SettingsFile))
	require.NoError(t, err)
	root := t.TempDir()
	plant(t, root, staleOutdir)
	out := filepath.Join(root, "cdktf.out")
	for _, tc := range []struct {
		name     string
		context  map[string]any // nil: the committed cdktf.json
		env      []string
		file     string // the format written: cdk.tf.json, or cdk.tf under SYNTH_HCL_OUTPUT
		warn     bool
		project  string   // the project every stack must carry
		region   string   // the region of every stack's provider
		override []string // the summary's lines before the stacks'
	}{
		{name: "fresh machine, HCL", file: "cdk.tf", env: []string{"SYNTH_HCL_OUTPUT=true"}, warn: true},
		// The file's settings reach every stack; a variable overrides one and the summary
		// names it.
		{name: "settings file and an override", context: map[string]any{"project": "acme", "region": "eu-west-1", "stateBucket": "acme-tfstate"},
			file: "cdk.tf.json", env: []string{"KAFKA_EFS_REGION=eu-central-1"}, project: "acme", region: "eu-central-1",
			override: []string{`kafka-efs: setting region = "eu-central-1" from KAFKA_EFS_REGION for this run, over cdktf.json context.region = "eu-west-1"`}},
	} {
		// One after the other: each run finds what the one before left.
		if !t.Run(tc.name, func(t *testing.T) {
			if tc.context == nil {
				require.NoError(t, os.WriteFile(filepath.Join(root, SettingsFile), committed, 0o644))
			} else {
				writeSettingsFile(t, root, tc.context)
			}
			cmd := exec.Command(bin)
			cmd.Dir = root
			cmd.Env = appEnv(append([]string{"CDKTF_OUTDIR=" + out, "TMPDIR=" + t.TempDir()}, tc.env...)...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			require.NoError(t, cmd.Run(), "stderr:\n%s", stderr.String())
			// The app under SYNTH_HCL_OUTPUT leaves the stale folder to the CLI
			// (TestCLISynthFormats); the JSON run after it removes it.
			assertOneFormat(t, root, tc.file, tc.file == "cdk.tf")

			var warnings []string
			for _, line := range strings.Split(stderr.String(), "\n") {
				if strings.Contains(line, "warning") {
					warnings = append(warnings, line)
				}
			}
			if !tc.warn {
				assert.Empty(t, warnings)
			} else {
				require.Len(t, warnings, 1, "stderr:\n%s", stderr.String())
				// The binary runs with no KAFKA_EFS_* variable; TestLocalStateWarning pins the
				// stacks the warning names.
				assert.Equal(t, LocalStateWarning(Clusters(), Environments(), SettingsFromEnv(func(string) string { return "" })), warnings[0])
				assert.Contains(t, warnings[0], "set cdktf.json context.stateBucket (or KAFKA_EFS_STATE_BUCKET)")
			}
			want := tc.override
			for _, stack := range StackNames(Clusters(), Environments(), testSettings) {
				s, ok := synthesized[stack]
				if !ok {
					s = synthesizedClusters[stack]
				}
				count := 0
				for _, byName := range s.block("resource") {
					count += len(byName.(map[string]any))
				}
				require.NotZero(t, count)
				want = append(want, fmt.Sprintf("kafka-efs: synthesized %s: %d resource blocks in %s", stack, count, filepath.Join(out, "stacks", stack)))
				if tc.project != "" {
					checkStackSettings(t, filepath.Join(out, "stacks", stack, tc.file), stack, tc.project, tc.region)
				}
			}
			assert.Equal(t, strings.Join(want, "\n")+"\n", stdout.String())
		}) {
			return
		}
	}
}

// checkStackSettings checks that the stack synthesized at path carries project and
// region: its provider's region and default project tag, and its state's name (a local
// file, or an S3 key of a production stack).
func checkStackSettings(t *testing.T, path, stack, project, region string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc struct {
		Provider struct {
			AWS []struct {
				Alias       string
				Region      string
				DefaultTags []struct{ Tags map[string]string } `json:"default_tags"`
			}
		}
		Terraform struct {
			Backend map[string]map[string]any
		}
	}
	require.NoError(t, json.Unmarshal(raw, &doc), path)
	var main int
	for _, p := range doc.Provider.AWS {
		if p.Alias == "" {
			main++
			assert.Equal(t, region, p.Region, "%s: the provider's region", stack)
			require.Len(t, p.DefaultTags, 1, stack)
			assert.Equal(t, project, p.DefaultTags[0].Tags["project"], "%s: the default project tag", stack)
		}
	}
	assert.Equal(t, 1, main, "%s: one default provider", stack)
	if local, ok := doc.Terraform.Backend["local"]; ok {
		assert.Equal(t, "../../../"+LocalStatePath(project, stack), local["path"], stack)
	} else {
		assert.Equal(t, StateKey(project, stack), doc.Terraform.Backend["s3"]["key"], stack)
	}
}

// TestLocalStateWarning: only production stacks (and the cluster stacks meant for remote
// state) with local state are named; dev and cluster-dev never.
func TestLocalStateWarning(t *testing.T) {
	envs := Environments()
	local := Settings{ProjectName: "confluent-kafka", Region: "us-east-1"}
	remote := local
	remote.StateBucket, remote.StateRegion = "acme-tfstate", "us-east-1"
	var production []string
	for _, c := range Clusters() {
		if c.RemoteState {
			production = append(production, c.Stack())
		}
	}
	for _, env := range envs {
		if expectationOf(t, env.Stack).production {
			production = append(production, env.Stack)
		}
	}
	assert.Contains(t, LocalStateWarning(Clusters(), envs, local), "production stacks "+strings.Join(production, ", ")+" keep")
	assert.Contains(t, production, "cluster-prod", "the prod cluster's state is shared")
	assert.Empty(t, LocalStateWarning(Clusters(), envs, remote))
	assert.Empty(t, LocalStateWarning(nil, []Environment{environment(t, "dev")}, local), "dev alone keeps local state by design")
	// A production environment that opts out of remote state is still warned about.
	prod := environment(t, "prod")
	prod.RemoteState = false
	assert.Contains(t, LocalStateWarning(nil, []Environment{prod}, remote), "production stacks prod keep")
	// A cluster whose driver exists already has no stack, and no state.
	noStack := local
	noStack.ExistingDriverClusters = []string{"prod"}
	assert.NotContains(t, LocalStateWarning(Clusters(), envs, noStack), "cluster-prod")
}
