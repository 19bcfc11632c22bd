package stacks

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Synth hygiene: a synth leaves exactly its own stacks under cdktf.out/stacks/, one
// format per stack folder (PruneOutdir, called by main after app.Synth).

// plant writes files (path relative to root: content) under root.
func plant(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		path := filepath.Join(root, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	}
}

// TestPruneOutdir: stale stacks' folders go, the other format's file goes, and everything
// else stays: lock files, a folder cdktf did not write, files outside stacks/, and what a
// symbolic link points to.
func TestPruneOutdir(t *testing.T) {
	root := t.TempDir()
	outdir := filepath.Join(root, "cdktf.out")
	plant(t, root, map[string]string{
		"cdktf.out/manifest.json": `{"version": "0.20.12", "stacks": {
			"dev":  {"synthesizedStackPath": "stacks/dev/cdk.tf.json"},
			"prod": {"synthesizedStackPath": "stacks/prod/cdk.tf"}}}`,
		"cdktf.out/stacks/dev/cdk.tf.json":                   "{}",
		"cdktf.out/stacks/dev/cdk.tf":                        "# stale HCL",
		"cdktf.out/stacks/dev/.terraform.lock.hcl":           "# lock",
		"cdktf.out/stacks/prod/cdk.tf":                       "# HCL",
		"cdktf.out/stacks/prod/cdk.tf.json":                  "{}",
		"cdktf.out/stacks/prod/.terraform.lock.hcl":          "# lock",
		"cdktf.out/stacks/retired/cdk.tf.json":               "{}",
		"cdktf.out/stacks/retired/.terraform.lock.hcl":       "# lock of a removed stack",
		"cdktf.out/stacks/old-hcl/cdk.tf":                    "# HCL of a removed stack",
		"cdktf.out/stacks/notes/README":                      "not cdktf's",
		"cdktf.out/other.txt":                                "outside stacks/",
		"elsewhere/cdk.tf.json":                              "{}",
		"cdktf.out/stacks/dev/.terraform/providers/marker":   "init",
		"cdktf.out/stacks/retired/.terraform/providers/mark": "init",
	})
	require.NoError(t, os.Symlink(filepath.Join(root, "elsewhere"), filepath.Join(outdir, "stacks", "linked")))

	// Under the CLI, stale stacks are the CLI's: only the other formats' files go.
	removed, err := PruneOutdir(outdir, false)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{filepath.Join(outdir, "stacks", "dev", "cdk.tf"), filepath.Join(outdir, "stacks", "prod", "cdk.tf.json")}, removed)
	assert.DirExists(t, filepath.Join(outdir, "stacks", "retired"))
	plant(t, root, map[string]string{"cdktf.out/stacks/dev/cdk.tf": "# stale HCL", "cdktf.out/stacks/prod/cdk.tf.json": "{}"})

	removed, err = PruneOutdir(outdir, true)
	require.NoError(t, err)
	stacks := filepath.Join(outdir, "stacks")
	assert.ElementsMatch(t, []string{
		filepath.Join(stacks, "dev", "cdk.tf"),
		filepath.Join(stacks, "prod", "cdk.tf.json"),
		filepath.Join(stacks, "retired"),
		filepath.Join(stacks, "old-hcl"),
	}, removed)
	for _, gone := range []string{"stacks/dev/cdk.tf", "stacks/prod/cdk.tf.json", "stacks/retired", "stacks/old-hcl"} {
		assert.NoFileExists(t, filepath.Join(outdir, gone))
		assert.NoDirExists(t, filepath.Join(outdir, gone))
	}
	for _, kept := range []string{"stacks/dev/cdk.tf.json", "stacks/dev/.terraform.lock.hcl", "stacks/dev/.terraform/providers/marker",
		"stacks/prod/cdk.tf", "stacks/prod/.terraform.lock.hcl", "stacks/notes/README", "other.txt", "manifest.json"} {
		assert.FileExists(t, filepath.Join(outdir, kept))
	}
	assert.FileExists(t, filepath.Join(root, "elsewhere", "cdk.tf.json"), "a link is not followed")

	again, err := PruneOutdir(outdir, true)
	require.NoError(t, err)
	assert.Empty(t, again, "a second pass finds nothing")

	// A manifest naming a path outside the stack's own folder is refused, not followed.
	plant(t, root, map[string]string{"cdktf.out/manifest.json": `{"stacks": {"dev": {"synthesizedStackPath": "../elsewhere/cdk.tf.json"}}}`})
	_, err = PruneOutdir(outdir, true)
	assert.ErrorContains(t, err, `synthesizedStackPath "../elsewhere/cdk.tf.json" is not stacks/dev/`)
	assert.FileExists(t, filepath.Join(root, "elsewhere", "cdk.tf.json"))
}

// staleStack is the planted folder of a removed environment.
const staleStack = "retired"

// staleOutdir is what an earlier synth of another shape left: a removed environment's
// folder, and a dev stack written in the other format, with dev's committed lock file.
var staleOutdir = map[string]string{
	"cdktf.out/stacks/" + staleStack + "/cdk.tf.json": "{}",
	"cdktf.out/stacks/dev/cdk.tf":                     "# an HCL synth's leftover",
	"cdktf.out/stacks/dev/cdk.tf.json":                "{}",
	"cdktf.out/stacks/dev/.terraform.lock.hcl":        "# committed lock",
	"cdktf.out/stacks/prod/.terraform.lock.hcl":       "# committed lock",
	"beside.txt": "outside cdktf.out",
}

// assertOneFormat checks that every stack folder under outdir holds only file (cdk.tf.json
// or cdk.tf), that the stale folder is gone (unless staleKept: the app run as the CLI
// runs it, which leaves that folder to the CLI), and that the lock files and the file
// outside cdktf.out stay.
func assertOneFormat(t *testing.T, root, file string, staleKept bool) {
	t.Helper()
	outdir := filepath.Join(root, "cdktf.out")
	entries, err := os.ReadDir(filepath.Join(outdir, "stacks"))
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	stacks := slices.Clone(deployStacks())
	want := stacks
	if staleKept {
		want = append(slices.Clone(stacks), staleStack)
	}
	slices.Sort(want)
	assert.Equal(t, want, names, "exactly this run's stacks under cdktf.out/stacks/")
	for _, stack := range stacks {
		assert.FileExists(t, filepath.Join(outdir, "stacks", stack, file))
		for _, other := range synthesizedFiles {
			if other != file {
				assert.NoFileExists(t, filepath.Join(outdir, "stacks", stack, other), "%s: one format per folder", stack)
			}
		}
	}
	for _, lock := range []string{"dev", "prod"} {
		assert.FileExists(t, filepath.Join(outdir, "stacks", lock, ".terraform.lock.hcl"), "a kept stack's lock file stays")
	}
	assert.FileExists(t, filepath.Join(root, "beside.txt"))
}

// TestCLISynthFormats does what TestAppRuns does through the pinned cdktf CLI, both ways: JSON then
// --hcl, and --hcl then JSON, from a planted cdktf.out (the CLI removes the stale stack's
// folder, the app the other format's file). It needs the CLI
// (KAFKA_EFS_CDKTF_CLI, set by .ci/run), else it skips.
func TestCLISynthFormats(t *testing.T) {
	t.Parallel()
	cli := os.Getenv(envCdktfCLI)
	if cli == "" {
		t.Skipf("SKIPPED, NOT PASSED: set %s to the cdktf executable of cdktf-cli 0.20.12", envCdktfCLI)
	}
	for _, order := range [][]string{{"cdk.tf.json", "cdk.tf"}, {"cdk.tf", "cdk.tf.json"}} {
		t.Run(order[0]+"-then-"+order[1], func(t *testing.T) {
			root := t.TempDir()
			plant(t, root, staleOutdir)
			for _, file := range order {
				args := []string{"synth", "--output", filepath.Join(root, "cdktf.out")}
				if file == "cdk.tf" {
					args = append(args, "--hcl")
				}
				ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
				cmd := exec.CommandContext(ctx, cli, args...)
				cmd.Dir = ".." // the project, where cdktf.json is
				cmd.Env = appEnv("CHECKPOINT_DISABLE=1")
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &out
				err := cmd.Run()
				cancel()
				require.NoError(t, err, "cdktf %v:\n%s", args, out.String())
				assertOneFormat(t, root, file, false)
			}
		})
	}
}
