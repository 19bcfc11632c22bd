package stacks

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// LocalStateWarning returns one line warning that the production stacks keep local state,
// naming them and the setting to set, or "" when none does: the cluster stacks of
// clusters (under s) meant for remote state (Cluster.RemoteState), whose roles and
// associations a second apply from elsewhere would fail to create again, and the
// production stacks among envs. Local state
// is a file on one disk: unlocked (two applies at once corrupt it), unshared (a
// colleague's apply does not see it) and lost with the disk, while it holds the only
// record of a file system that refuses to be destroyed.
func LocalStateWarning(clusters []Cluster, envs []Environment, s Settings) string {
	var local []string
	for _, c := range ClusterStacks(clusters, s) {
		if c.RemoteState && s.StateBucket == "" {
			local = append(local, c.Stack())
		}
	}
	for _, env := range envs {
		if usesLocalState(env, s) && env.Config.IsProduction() {
			local = append(local, env.Stack)
		}
	}
	if len(local) == 0 {
		return ""
	}
	return fmt.Sprintf("kafka-efs: warning: production stacks %s keep their Terraform state in local files (%s), unlocked and unshared: set %s to keep it in S3 (see README, \"Configure\")",
		strings.Join(local, ", "), LocalStatePath(s.ProjectName, "<stack>"), settingRef("stateBucket"))
}

// LegacyStateWarnings returns one warning line per stack that keeps local state under s
// while root (the folder that holds cdktf.out, where local state lives) has its state
// under the earlier name, terraform.<stack>.tfstate, and none under LocalStatePath:
// Terraform would start that stack from empty state and try to create everything again.
func LegacyStateWarnings(root string, clusters []Cluster, envs []Environment, s Settings) []string {
	var stacks []string
	for _, c := range ClusterStacks(clusters, s) {
		if !c.RemoteState || s.StateBucket == "" {
			stacks = append(stacks, c.Stack())
		}
	}
	for _, env := range envs {
		if usesLocalState(env, s) {
			stacks = append(stacks, env.Stack)
		}
	}
	var lines []string
	for _, stack := range stacks {
		legacy, current := "terraform."+stack+".tfstate", LocalStatePath(s.ProjectName, stack)
		if exists(filepath.Join(root, legacy)) && !exists(filepath.Join(root, current)) {
			lines = append(lines, fmt.Sprintf("kafka-efs: warning: %s holds the state of stack %s under its earlier name: "+
				"move it to %s before the next diff or deploy, or Terraform plans the stack from empty state (docs/configuration.md, \"Local state files\")",
				legacy, stack, current))
		}
	}
	return lines
}

// exists reports whether path names a file or folder.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// usesLocalState reports whether the stack of env keeps its state locally under s: the
// rule addBackend follows.
func usesLocalState(env Environment, s Settings) bool {
	return !env.RemoteState || s.StateBucket == ""
}

// SynthReport returns one line per synthesized stack (StackNames): its name, how many
// resource blocks its synthesized file under outdir declares, and its folder. It says
// "resource blocks", not "resources": a block with for_each or count (the mount targets,
// one per subnet; the alarm subscriptions, one per address) becomes as many resources as
// its collection has elements, which only the plan knows (deploy-time variables). It
// finds each file through outdir's manifest.json, as the cdktf CLI does: cdk.tf.json, or
// cdk.tf when the app renders HCL (`cdktf synth --hcl` sets SYNTH_HCL_OUTPUT for the app,
// and cdktf's App writes the file name to the manifest).
func SynthReport(outdir string, stacks []string) ([]string, error) {
	manifestPath, synthesized, err := readManifest(outdir)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, name := range stacks {
		rel := synthesized[name]
		if rel == "" {
			return nil, fmt.Errorf("%s names no synthesized file for stack %s", manifestPath, name)
		}
		path := filepath.Join(outdir, rel)
		n, err := countResources(path)
		if err != nil {
			return nil, err
		}
		lines = append(lines, fmt.Sprintf("kafka-efs: synthesized %s: %d resource blocks in %s", name, n, filepath.Dir(path)))
	}
	return lines, nil
}

// hclResourceBlock matches the first line of a resource block as cdktf's HCL renderer
// writes it, at the start of a line: resource "<type>" "<name>" {
var hclResourceBlock = regexp.MustCompile(`(?m)^resource "[^"]+" "[^"]+" \{$`)

// countResources returns how many resource blocks the Terraform file at path declares:
// JSON (.tf.json) or HCL as cdktf writes it.
func countResources(path string) (int, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	if !strings.HasSuffix(path, ".json") {
		return len(hclResourceBlock.FindAll(raw, -1)), nil
	}
	var doc struct {
		Resource map[string]map[string]json.RawMessage `json:"resource"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	n := 0
	for _, byName := range doc.Resource {
		n += len(byName)
	}
	return n, nil
}

// readManifest reads cdktf's outdir/manifest.json, as the cdktf CLI does, and returns its
// path and each stack's synthesizedStackPath (relative to outdir), by stack name.
func readManifest(outdir string) (string, map[string]string, error) {
	manifestPath := filepath.Join(outdir, "manifest.json")
	raw, err := os.ReadFile(manifestPath)
	if err != nil {
		return manifestPath, nil, err
	}
	var manifest struct {
		Stacks map[string]struct {
			SynthesizedStackPath string `json:"synthesizedStackPath"`
		} `json:"stacks"`
	}
	if err := json.Unmarshal(raw, &manifest); err != nil {
		return manifestPath, nil, fmt.Errorf("%s: %w", manifestPath, err)
	}
	paths := map[string]string{}
	for name, st := range manifest.Stacks {
		paths[name] = st.SynthesizedStackPath
	}
	return manifestPath, paths, nil
}
