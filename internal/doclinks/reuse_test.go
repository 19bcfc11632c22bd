package doclinks

import (
	"fmt"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reuseExamplesCode holds the code that docs/reuse.md quotes, between
// "// docs/reuse.md: <name>" and "// docs/reuse.md: end"; go test compiles it and the
// construct's TestReuseExamples synthesizes it.
const reuseExamplesCode = "constructs/kafkaefs/example_test.go"

var (
	// regionRE is one quoted region of reuseExamplesCode: its name and code.
	regionRE = regexp.MustCompile(`(?s)\n// docs/reuse\.md: (\w+)\n\n(.*?)\n\n// docs/reuse\.md: end\n`)
	// quotedBlockRE is a Go block of docs/reuse.md with the name of the region it quotes.
	quotedBlockRE = regexp.MustCompile("(?s)<!-- example_test\\.go: (\\w+) -->\n```go\n(.*?)```")
)

// TestReuseExamplesMatchCode: each Go block of docs/reuse.md is, byte for byte, the
// region of example_test.go it names, and every region is shown, so the page's examples
// are code that compiles and synthesizes. UPDATE_EXAMPLES=true copies the code into the
// page.
func TestReuseExamplesMatchCode(t *testing.T) {
	source, err := os.ReadFile(path.Join(root, reuseExamplesCode))
	require.NoError(t, err)
	regions := map[string]string{}
	for _, m := range regionRE.FindAllStringSubmatch(string(source), -1) {
		regions[m[1]] = m[2] + "\n"
	}
	require.NotEmpty(t, regions, "%s marks no region for docs/reuse.md", reuseExamplesCode)

	page, err := os.ReadFile(path.Join(root, "docs/reuse.md"))
	require.NoError(t, err)
	if os.Getenv("UPDATE_EXAMPLES") == "true" {
		var missing error
		updated := quotedBlockRE.ReplaceAllStringFunc(string(page), func(block string) string {
			name := quotedBlockRE.FindStringSubmatch(block)[1]
			code, ok := regions[name]
			if !ok {
				missing = fmt.Errorf("docs/reuse.md quotes region %s, which %s does not have", name, reuseExamplesCode)
				return block
			}
			return "<!-- example_test.go: " + name + " -->\n```go\n" + code + "```"
		})
		require.NoError(t, missing)
		require.NoError(t, os.WriteFile(path.Join(root, "docs/reuse.md"), []byte(updated), 0o644))
		page = []byte(updated)
	}

	shown := map[string]bool{}
	for _, m := range quotedBlockRE.FindAllStringSubmatch(string(page), -1) {
		name, block := m[1], m[2]
		shown[name] = true
		code, ok := regions[name]
		if !assert.True(t, ok, "docs/reuse.md quotes region %s, which %s does not have", name, reuseExamplesCode) {
			continue
		}
		assert.Equal(t, code, block, "docs/reuse.md shows %s as it no longer is in %s: run UPDATE_EXAMPLES=true go test ./internal/doclinks/ and read the diff", name, reuseExamplesCode)
	}
	for name := range regions {
		assert.True(t, shown[name], "docs/reuse.md does not show region %s of %s", name, reuseExamplesCode)
	}
	// Every Go block of the page is a quoted region: none can drift unchecked.
	assert.Equal(t, len(quotedBlockRE.FindAllString(string(page), -1)), strings.Count(string(page), "```go\n"),
		"a Go block of docs/reuse.md quotes no region of %s", reuseExamplesCode)
}
