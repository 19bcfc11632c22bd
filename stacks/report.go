package stacks

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// LocalStateWarning returns one line warning that the production stacks among envs keep
// local state, naming them and the variable to set, or "" when none does. Local state
// is a file on one disk: unlocked (two applies at once corrupt it), unshared (a
// colleague's apply does not see it) and lost with the disk, while it holds the only
// record of a file system that refuses to be destroyed.
func LocalStateWarning(envs []Environment, s Settings) string {
	var local []string
	for _, env := range envs {
		if usesLocalState(env, s) && env.Config.IsProduction() {
			local = append(local, env.Stack)
		}
	}
	if len(local) == 0 {
		return ""
	}
	return fmt.Sprintf("kafka-efs: warning: production stacks %s keep their Terraform state in local files (terraform.<stack>.tfstate), unlocked and unshared: set KAFKA_EFS_STATE_BUCKET to keep it in S3 (see README, Configure)",
		strings.Join(local, ", "))
}

// usesLocalState reports whether the stack of env keeps its state locally under s: the
// rule addBackend follows.
func usesLocalState(env Environment, s Settings) bool {
	return !env.RemoteState || s.StateBucket == ""
}

// SynthReport returns one line per synthesized stack (StackNames): its name, how many
// resource blocks its cdk.tf.json under outdir declares (a for_each block counts once)
// and its folder.
func SynthReport(outdir string, stacks []string) ([]string, error) {
	var lines []string
	for _, name := range stacks {
		dir := filepath.Join(outdir, "stacks", name)
		raw, err := os.ReadFile(filepath.Join(dir, "cdk.tf.json"))
		if err != nil {
			return nil, err
		}
		var doc struct {
			Resource map[string]map[string]json.RawMessage `json:"resource"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
		n := 0
		for _, byName := range doc.Resource {
			n += len(byName)
		}
		lines = append(lines, fmt.Sprintf("kafka-efs: synthesized %s: %d resources in %s", name, n, dir))
	}
	return lines, nil
}
