package stacks

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
// counting the same resource blocks as the JSON synth; every stack's cdk.tf must then pass the
// whole Terraform tier (init from the provider mirror, validate, and the stack's terraform
// test files, as TestTerraformTier runs them on the JSON). It needs the CLI, so it runs
// only when KAFKA_EFS_CDKTF_CLI names it (.ci/run's HCL step); otherwise it skips.
func TestHCLRoute(t *testing.T) {
	t.Parallel()
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

	// The app's stacks under the CLI's environment, which sets no KAFKA_EFS_* variable.
	stacks := StackNames(Clusters(), Environments(), SettingsFromEnv(func(string) string { return "" }))
	report, err := SynthReport(out, stacks)
	require.NoError(t, err)
	for i, stack := range stacks {
		dir := filepath.Join(out, "stacks", stack)
		assert.FileExists(t, filepath.Join(dir, "cdk.tf"))
		assert.NoFileExists(t, filepath.Join(dir, "cdk.tf.json"), "an HCL synth writes HCL only")
		want := fmt.Sprintf("kafka-efs: synthesized %s: %d resource blocks in %s", stack, resourceCount(synthesizedStack(stack)), dir)
		assert.Equal(t, want, report[i], "the HCL file declares what the JSON synth does")
		assert.Contains(t, output.String(), want, "the app's summary line, through the CLI")
	}
	if t.Failed() {
		return
	}
	// The tier's Terraform tests (testdata/terraform) run on the file system stacks' HCL as
	// on their JSON: the same addresses, plans and output values under mock providers, so
	// the HCL plans what the JSON does. The cluster stacks, whose runs the tier makes in one
	// process with the file systems they serve, are initialized and validated.
	envs := map[string]bool{}
	for _, env := range Environments() {
		envs[env.Stack] = true
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			hcl, err := os.ReadFile(filepath.Join(out, "stacks", stack, "cdk.tf"))
			require.NoError(t, err)
			if envs[stack] {
				setup.testConfig(t, stack, "cdk.tf", hcl)
			} else {
				setup.validateConfig(t, stack, "cdk.tf", hcl)
			}
		})
	}
}

// resourceCount is how many resource blocks a synthesized stack declares.
// synthesizedStack returns the JSON synth of a file system or cluster stack.
func synthesizedStack(name string) stackJSON {
	if s, ok := synthesized[name]; ok {
		return s
	}
	return synthesizedClusters[name]
}

func resourceCount(s stackJSON) int {
	n := 0
	for _, byName := range s.block("resource") {
		n += len(byName.(map[string]any))
	}
	return n
}
