package stacks

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// UnderCdktfCLI reports whether the app runs under the cdktf CLI, which sets
// SYNTH_HCL_OUTPUT ("true" or "false") for the app on every synth.
func UnderCdktfCLI(getenv func(string) string) bool { return getenv("SYNTH_HCL_OUTPUT") != "" }

// synthesizedFiles are the names cdktf gives a stack's synthesized file: JSON, or HCL
// under `cdktf synth --hcl`.
var synthesizedFiles = []string{"cdk.tf.json", "cdk.tf"}

// PruneOutdir makes outdir/stacks/ hold exactly the stacks that outdir's manifest.json
// names, each in the one format it was synthesized in. cdktf writes each stack's file but
// removes nothing, so without this:
//   - a stack the app no longer writes (a renamed or removed environment) keeps its folder,
//     whose stale configuration `terraform -chdir=...` still applies;
//   - a JSON synth after an HCL one (or the reverse) leaves cdk.tf beside cdk.tf.json, and
//     Terraform, loading both, fails on duplicate resources.
//
// With staleStacks, it removes a folder of outdir/stacks/ that the manifest does not name
// and that holds a synthesized file (so a folder cdktf did not write stays); and always,
// in a named stack's folder, the synthesized file of the other format. Under the cdktf
// CLI, pass staleStacks false: `cdktf synth`, `diff` and `deploy` (cdktf-cli 0.20.12,
// @cdktf/cli-core SynthStack.synth) list the stack folders before running the app and
// remove those the app did not write after it exits, and fail when one is gone already.
// Everything else in a stack's folder stays: its dependency lock file (.terraform.lock.hcl, committed), .terraform/, plans. Nothing
// outside outdir/stacks/ is touched, and a symbolic link is removed, never followed. It
// returns the paths removed.
func PruneOutdir(outdir string, staleStacks bool) ([]string, error) {
	manifestPath, synthesized, err := readManifest(outdir)
	if err != nil {
		return nil, err
	}
	stacksDir := filepath.Join(outdir, "stacks")
	keep := map[string]string{} // stack folder name: its synthesized file's name
	for name, rel := range synthesized {
		dir, file := filepath.Split(filepath.Clean(filepath.FromSlash(rel)))
		if filepath.Clean(dir) != filepath.Join("stacks", name) || !slices.Contains(synthesizedFiles, file) {
			return nil, fmt.Errorf("%s: stack %s: synthesizedStackPath %q is not stacks/%s/<%s>",
				manifestPath, name, rel, name, strings.Join(synthesizedFiles, "|"))
		}
		keep[name] = file
	}
	entries, err := os.ReadDir(stacksDir)
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, e := range entries {
		path := filepath.Join(stacksDir, e.Name())
		if !e.IsDir() {
			continue
		}
		file, kept := keep[e.Name()]
		if !kept {
			if !staleStacks || !holdsSynthesizedFile(path) {
				continue
			}
			if err := os.RemoveAll(path); err != nil {
				return removed, err
			}
			removed = append(removed, path)
			continue
		}
		for _, other := range synthesizedFiles {
			if other == file {
				continue
			}
			p := filepath.Join(path, other)
			if err := os.Remove(p); err == nil {
				removed = append(removed, p)
			} else if !os.IsNotExist(err) {
				return removed, err
			}
		}
	}
	return removed, nil
}

// holdsSynthesizedFile reports whether dir holds a file cdktf synthesizes for a stack.
func holdsSynthesizedFile(dir string) bool {
	for _, f := range synthesizedFiles {
		if info, err := os.Lstat(filepath.Join(dir, f)); err == nil && info.Mode().IsRegular() {
			return true
		}
	}
	return false
}
