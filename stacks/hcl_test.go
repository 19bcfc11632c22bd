package stacks

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// envCdktfCLI names the cdktf executable of the pinned cdktf-cli (0.20.12) that
// TestHCLRoute runs; .ci/run sets it after installing the CLI.
const envCdktfCLI = "KAFKA_EFS_CDKTF_CLI"

// TestHCLRoute takes the HCL way out of cdktf as a user would: `cdktf synth --hcl`, through
// the real CLI and app, must exit 0 and end with the app's summary line for every stack,
// counting the same resources as the JSON synth; every stack's cdk.tf must then pass
// terraform init (from the provider mirror) and terraform validate. It needs the CLI, so
// it runs only when KAFKA_EFS_CDKTF_CLI names it (.ci/run's HCL step); otherwise it skips.
func TestHCLRoute(t *testing.T) {
	cli := os.Getenv(envCdktfCLI)
	if cli == "" {
		t.Skipf("SKIPPED, NOT PASSED: set %s to the cdktf executable of cdktf-cli 0.20.12 (npm install --prefix DIR cdktf-cli@0.20.12; DIR/node_modules/.bin/cdktf)", envCdktfCLI)
	}
	tool, mirror := tierTools(t)
	setup := newTierSetup(t, tool, mirror, t.TempDir())

	out := filepath.Join(t.TempDir(), "cdktf.out")
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, cli, "synth", "--hcl", "--output", out)
	cmd.Dir = ".." // the module root, where cdktf.json is
	cmd.Env = appEnv("CHECKPOINT_DISABLE=1")
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	require.NoError(t, cmd.Run(), "cdktf synth --hcl:\n%s", output.String())

	report, err := SynthReport(out, Environments())
	require.NoError(t, err)
	for i, env := range Environments() {
		dir := filepath.Join(out, "stacks", env.Stack)
		assert.FileExists(t, filepath.Join(dir, "cdk.tf"))
		assert.NoFileExists(t, filepath.Join(dir, "cdk.tf.json"), "an HCL synth writes HCL only")
		want := fmt.Sprintf("kafka-efs: synthesized %s: %d resources in %s", env.Stack, resourceCount(synthesized[env.Stack]), dir)
		assert.Equal(t, want, report[i], "the HCL file declares what the JSON synth does")
		assert.Contains(t, output.String(), want, "the app's summary line, through the CLI")
	}
	if t.Failed() {
		return
	}
	for _, env := range Environments() {
		t.Run(env.Stack, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(out, "stacks", env.Stack)
			if msg, code := setup.run(t, dir, "init", "-backend=false", "-input=false", "-no-color"); code != 0 {
				t.Fatalf("%s init of the HCL failed (exit %d):\n%s", tool.name, code, msg)
			}
			msg, code := setup.run(t, dir, "validate", "-no-color")
			if code != 0 {
				t.Fatalf("%s validate of the HCL failed (exit %d):\n%s", tool.name, code, msg)
			}
			t.Logf("%s %s %s: cdktf synth --hcl, validate passed%s", tool.name, tool.version, env.Stack, warnings(msg))
		})
	}
}

// resourceCount is how many resource blocks a synthesized stack declares.
func resourceCount(s stackJSON) int {
	n := 0
	for _, byName := range s.block("resource") {
		n += len(byName.(map[string]any))
	}
	return n
}

// warnings returns ", with warnings: <summaries>" for the warnings in validate's output.
func warnings(out string) string {
	var w []string
	for line := range strings.SplitSeq(out, "\n") {
		if s, ok := strings.CutPrefix(strings.TrimLeft(line, "│╷ "), "Warning: "); ok {
			w = append(w, s)
		}
	}
	if len(w) == 0 {
		return ""
	}
	return ", with warnings: " + strings.Join(w, "; ")
}
