package doclinks

import (
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExamplesMatchEnvironments: each Go block of docs/examples.md quotes an entry of
// stacks/environments.go as it is, comments and alignment aside, so the page cannot
// drift from the stacks it describes. An environment without a block is fine: adding one
// stays a one-file change.
func TestExamplesMatchEnvironments(t *testing.T) {
	page, err := os.ReadFile(path.Join(root, "docs/examples.md"))
	require.NoError(t, err)
	source, err := os.ReadFile(path.Join(root, "stacks/environments.go"))
	require.NoError(t, err)
	code := goLines(string(source))

	blocks := goBlocks(string(page))
	require.NotEmpty(t, blocks, "docs/examples.md shows no environment")
	for _, block := range blocks {
		lines := goLines(block)
		require.Greater(t, len(lines), 2, "block %q", block)
		inner := lines[1 : len(lines)-1] // the entry without its braces
		stack := stackLineRE.FindStringSubmatch(block)
		require.NotNil(t, stack, "a Go block of docs/examples.md names no Stack:\n%s", block)
		assert.True(t, containsRun(code, inner),
			"docs/examples.md shows stack %s as it no longer is in stacks/environments.go: copy the entry from there (comments may go)\n%s",
			stack[1], block)
	}
}

var (
	goBlockRE   = regexp.MustCompile("(?s)```go\n(.*?)```")
	stackLineRE = regexp.MustCompile(`Stack:\s+"([^"]+)"`)
	spacesRE    = regexp.MustCompile(`\s+`)
)

func goBlocks(markdown string) []string {
	var out []string
	for _, m := range goBlockRE.FindAllStringSubmatch(markdown, -1) {
		out = append(out, m[1])
	}
	return out
}

// goLines returns the lines of Go code without comments, blank lines or alignment.
// (environments.go has no "//" inside a string.)
func goLines(code string) []string {
	var out []string
	for _, line := range strings.Split(code, "\n") {
		line, _, _ = strings.Cut(line, "//")
		if line = strings.TrimSpace(spacesRE.ReplaceAllString(line, " ")); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// containsRun reports whether run appears in lines as consecutive lines.
func containsRun(lines, run []string) bool {
	for i := range lines {
		if i+len(run) <= len(lines) && slices.Equal(lines[i:i+len(run)], run) {
			return true
		}
	}
	return false
}
