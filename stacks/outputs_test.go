package stacks

import (
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// outputNamesFile lists the output names of every shipped stack as they were when the
// construct stopped adding outputs itself (see the file's header).
const outputNamesFile = "testdata/output-names.txt"

// TestOutputNames: every shipped stack (cluster stacks, file system stacks and the
// existing-driver variant of prod) has exactly the outputs the committed list names, so
// terraform output file_system_id and every documented command keep working.
func TestOutputNames(t *testing.T) {
	raw, err := os.ReadFile(outputNamesFile)
	require.NoError(t, err)
	want := map[string][]string{}
	for _, line := range strings.Split(string(raw), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		stack, name, ok := strings.Cut(line, " ")
		require.True(t, ok, "%s: line %q is not \"<stack> <output>\"", outputNamesFile, line)
		want[stack] = append(want[stack], name)
	}
	require.ElementsMatch(t, slices.Collect(maps.Keys(rawSynth)), slices.Collect(maps.Keys(want)),
		"%s lists every synthesized stack", outputNamesFile)
	for stack, text := range rawSynth {
		var doc struct {
			Output map[string]json.RawMessage `json:"output"`
		}
		require.NoError(t, json.Unmarshal([]byte(text), &doc), stack)
		assert.Equal(t, slices.Sorted(slices.Values(want[stack])), slices.Sorted(maps.Keys(doc.Output)),
			"stack %s: its outputs differ from %s: a renamed or lost output breaks terraform output <name> for its users; a new one is a line there", stack, outputNamesFile)
	}
}
