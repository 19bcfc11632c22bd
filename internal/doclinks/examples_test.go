package doclinks

import (
	"fmt"
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

	if os.Getenv("UPDATE_EXAMPLES") == "true" {
		updated, err := updateExamples(string(page), string(source))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path.Join(root, "docs/examples.md"), []byte(updated), 0o644))
		page = []byte(updated)
	}
	blocks := goBlocks(string(page))
	require.NotEmpty(t, blocks, "docs/examples.md shows no environment")
	for _, block := range blocks {
		lines := goLines(block)
		require.Greater(t, len(lines), 2, "block %q", block)
		inner := lines[1 : len(lines)-1] // the entry without its braces
		stack := stackLineRE.FindStringSubmatch(block)
		require.NotNil(t, stack, "a Go block of docs/examples.md names no Stack:\n%s", block)
		assert.True(t, containsRun(code, inner),
			"docs/examples.md shows stack %s as it no longer is in stacks/environments.go: run UPDATE_EXAMPLES=true go test ./internal/doclinks/ and read the diff\n%s",
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

// updateExamples replaces each Go block of the page with its stack's entry as
// stacks/environments.go has it: from the "{" line before `Stack: "<name>"` to the "}"
// that closes it, indentation shifted to the block's.
func updateExamples(page, source string) (string, error) {
	lines := strings.Split(source, "\n")
	var err error
	out := goBlockRE.ReplaceAllStringFunc(page, func(block string) string {
		m := stackLineRE.FindStringSubmatch(block)
		if m == nil {
			return block
		}
		i := slices.IndexFunc(lines, func(l string) bool { return strings.TrimSpace(l) == `Stack: "`+m[1]+`",` })
		if i < 1 || strings.TrimSpace(lines[i-1]) != "{" {
			err = fmt.Errorf("stacks/environments.go has no entry for stack %s", m[1])
			return block
		}
		indent := strings.TrimSuffix(lines[i-1], "{")
		end := slices.Index(lines[i:], indent+"},")
		if end < 0 {
			err = fmt.Errorf("stacks/environments.go: the entry of stack %s does not end", m[1])
			return block
		}
		entry := lines[i-1 : i+end+1]
		var b strings.Builder
		b.WriteString("```go\n")
		for j, l := range entry {
			l = strings.TrimPrefix(l, indent)
			if j == len(entry)-1 {
				l = "}"
			}
			b.WriteString(l + "\n")
		}
		b.WriteString("```")
		return b.String()
	})
	return out, err
}
