package stacks

import (
	"bytes"
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

// TestAppRefusesBrokenConfigurationBeforeWriting runs the real app binary with a broken
// configuration: it must exit 1, name every problem with its stack and field, and leave
// an existing output folder exactly as it was.
func TestAppRefusesBrokenConfigurationBeforeWriting(t *testing.T) {
	bin := app.wait(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "cdktf.out")
	earlier := filepath.Join(out, "stacks", "dev", "cdk.tf.json")
	require.NoError(t, os.MkdirAll(filepath.Dir(earlier), 0o755))
	require.NoError(t, os.WriteFile(earlier, []byte(`{"earlier":"synth"}`), 0o644))
	past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	require.NoError(t, os.Chtimes(earlier, past, past))
	before := snapshotTree(t, out)

	cmd := exec.Command(bin)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"CDKTF_OUTDIR="+out,
		"TMPDIR="+dir,
		"KAFKA_EFS_PROJECT=Kafka_EFS!",
		"KAFKA_EFS_REGION=mars-1",
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()

	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "want exit status 1, got %v", err)
	assert.Equal(t, 1, exit.ExitCode())
	msg := stderr.String()
	assert.Contains(t, msg, "invalid configuration, nothing synthesized")
	assert.Contains(t, msg, `KAFKA_EFS_REGION = "mars-1": must be an AWS region name`)
	for _, env := range Environments() {
		assert.Contains(t, msg, "stack "+env.Stack+`: ProjectName = "Kafka_EFS!": `)
	}
	assert.Empty(t, stdout.String())
	assert.Equal(t, before, snapshotTree(t, out), "the earlier output folder changed")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "only cdktf.out may remain in the folder (and TMPDIR): the app left %v", entries)
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

// TestAppReportsRunAndWarnsAboutLocalProductionState runs the real app binary as a
// fresh machine would (no KAFKA_EFS_* set) and with a state bucket: both exit 0 and end
// with one line per stack (name, number of resource blocks, folder); only the first warns, in one
// stderr line naming the production stacks and KAFKA_EFS_STATE_BUCKET. The two runs
// synthesize every stack (about 2.5 s of CPU each) side by side; -short leaves them to
// the full run, as TestLocalStateWarning covers the warning's text and its cases.
func TestAppReportsRunAndWarnsAboutLocalProductionState(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the two runs of the app binary belong to the full go test ./...")
	}
	bin := app.wait(t)
	for _, tc := range []struct {
		name string
		env  []string
		warn bool
	}{
		{"fresh machine", nil, true},
		{"state bucket", []string{"KAFKA_EFS_STATE_BUCKET=acme-tfstate"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			cmd := exec.Command(bin)
			cmd.Dir = dir
			cmd.Env = appEnv(append([]string{"CDKTF_OUTDIR=" + out, "TMPDIR=" + dir}, tc.env...)...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			require.NoError(t, cmd.Run(), "stderr:\n%s", stderr.String())

			var want []string
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
			}
			assert.Equal(t, strings.Join(want, "\n")+"\n", stdout.String())

			var warnings []string
			for _, line := range strings.Split(stderr.String(), "\n") {
				if strings.Contains(line, "warning") {
					warnings = append(warnings, line)
				}
			}
			if !tc.warn {
				assert.Empty(t, warnings)
				return
			}
			require.Len(t, warnings, 1, "stderr:\n%s", stderr.String())
			// The binary runs with no KAFKA_EFS_* variable; TestLocalStateWarning pins the
			// stacks the warning names.
			assert.Equal(t, LocalStateWarning(Clusters(), Environments(), SettingsFromEnv(func(string) string { return "" })), warnings[0])
			assert.Contains(t, warnings[0], "set KAFKA_EFS_STATE_BUCKET")
		})
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
