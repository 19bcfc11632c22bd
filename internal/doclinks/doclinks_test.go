package doclinks

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSlug pins GitHub's anchor rules on the headings this repository writes.
func TestSlug(t *testing.T) {
	for heading, want := range map[string]string{
		"Deploy":                                 "deploy",
		"Who mounts, and what the policy admits": "who-mounts-and-what-the-policy-admits",
		"Root access (break-glass)":              "root-access-break-glass",
		"io_limit alarm":                         "io_limit-alarm", // '_' stays
		`Troubleshooting: "Permission denied" or "access denied" on mount`: "troubleshooting-permission-denied-or-access-denied-on-mount",
		"`cdktf synth --hcl`, step by step":                                "cdktf-synth---hcl-step-by-step", // each space and hyphen kept
		"Two  spaces":                                                      "two--spaces",                    // spaces are not collapsed
		"[Linked](docs/x.md) **bold** text":                                "linked-bold-text",
		"Straße über Köln":                                                 "straße-über-köln", // letters beyond ASCII stay
		"1. Numbered":                                                      "1-numbered",
	} {
		assert.Equal(t, want, Slug(heading), "heading %q", heading)
	}
}

// TestHeadings: repeated anchors are numbered as GitHub numbers them, and lines in fenced
// code blocks (shell comments) are no headings.
func TestHeadings(t *testing.T) {
	md := strings.Join([]string{
		"# Title",
		"## Usage",
		"```sh",
		"# not a heading",
		"```",
		"## Usage",
		"  ## Usage 1 ##",
		"#hashtag is no heading",
		"   ~~~",
		"## fenced too",
		"   ~~~",
		"###### Deep `code`",
	}, "\n")
	var got []string
	for _, h := range Headings(md) {
		got = append(got, h.Anchor)
	}
	assert.Equal(t, []string{"title", "usage", "usage-1", "usage-1-1", "deep-code"}, got)
	assert.Equal(t, Heading{Text: "Deep code", Anchor: "deep-code", Line: 12}, Headings(md)[4])
}

// TestLinks: inline links (text wrapped onto the next line too), images, titles and
// reference definitions count; code spans and fenced blocks do not; an unmatched backtick
// opens no span. Line is the target's.
func TestLinks(t *testing.T) {
	md := strings.Join([]string{
		"See [Deploy](README.md#deploy) and [the",
		"runbook](docs/operations.md#io_limit-alarm \"title\").",
		"![diagram](<docs/a b.png>) `[not](a-link.md)` ``[nor](this.md)``",
		"```",
		"[nor](fenced.md)",
		"```",
		"[ref]: docs/ref.md#x",
		"[site](https://example.com/x.md)",
		"A lone ` is literal: [after](docs/after.md)",
	}, "\n")
	assert.Equal(t, []Link{
		{Target: "README.md#deploy", Line: 1},
		{Target: "docs/operations.md#io_limit-alarm", Line: 2},
		{Target: "docs/a b.png", Line: 3},
		{Target: "docs/ref.md#x", Line: 7},
		{Target: "https://example.com/x.md", Line: 8},
		{Target: "docs/after.md", Line: 9},
	}, Links(md))
}

// repo is a small repository: a README, a docs folder and a help file.
var repo = fstest.MapFS{
	"README.md": {Data: []byte("# kafka-efs\n\n## Deploy\n\n## Deploy\n\nSee [ops](docs/operations.md#io_limit-alarm), " +
		"[the second deploy](#deploy-1), [docs](docs/), [the logo](docs/logo.png#ignored) and [AWS](https://aws.amazon.com/efs/#x).\n")},
	"docs/operations.md": {Data: []byte("# Operations\n\n## io_limit alarm\n\nBack to [Deploy](../README.md#deploy).\n")},
	"docs/kubernetes.md": {Data: []byte("# After deploying: Kubernetes\n")},
	"docs/logo.png":      {Data: []byte{0x89}},
	"help": {Data: []byte("  After deploying (see docs/kubernetes.md \"After deploying\"; README \"Deploy\")\n" +
		"  More in docs/operations.md and https://github.com/acme/x/blob/main/gone.md\n")},
	"main.go": {Data: []byte("// see README, \"Deploy\"\nconst s = \"see README \\\"Deploy\\\"\"\n")},
}

// TestCheckFilesPassesAGoodRepository: every kind of link, reference and mention that
// resolves, and external links, which are not checked.
func TestCheckFilesPassesAGoodRepository(t *testing.T) {
	assert.NoError(t, newChecker(repo).checkFiles([]string{"README.md", "docs/operations.md", "docs/kubernetes.md", "help", "main.go"}))
}

// TestCheckFilesReportsEachDeadTarget: one line per dead target, naming the file, the line,
// the target and what is there instead.
func TestCheckFilesReportsEachDeadTarget(t *testing.T) {
	broken := fstest.MapFS{
		"README.md": {Data: []byte("# kafka-efs\n\nIt realizes `../shared/spec/efs-module.md`.\n\n" +
			"[ops](docs/operations.md#io-limit-alarm) [gone](docs/gone.md) [up](../spec.md) [self](#nothing)\n")},
		"docs/operations.md": repo["docs/operations.md"],
		"help":               {Data: []byte("see README \"Leaving cdktf\"\nsee docs/clusters.md \"Add a cluster\"\n")},
	}
	err := newChecker(broken).checkFiles([]string{"README.md", "help"})
	require.Error(t, err)
	assert.Equal(t, strings.Join([]string{
		"README.md:3: ../shared/spec/efs-module.md: points outside the repository: a clone has nothing there",
		"README.md:5: docs/operations.md#io-limit-alarm: docs/operations.md has no heading with anchor #io-limit-alarm (its anchors: io_limit-alarm, operations)",
		"README.md:5: docs/gone.md: no file docs/gone.md in the repository",
		"README.md:5: ../spec.md: points outside the repository: a clone has nothing there",
		"README.md:5: #nothing: README.md has no heading with anchor #nothing (its anchors: kafka-efs)",
		`help:1: README "Leaving cdktf": README.md has no heading "Leaving cdktf" (its headings: kafka-efs)`,
		`help:2: docs/clusters.md "Add a cluster": no file docs/clusters.md in the repository`,
	}, "\n"), err.Error())
}

// TestCheckRepositoryRelativeLinks: links built by code, such as alarm runbook links.
func TestCheckRepositoryRelativeLinks(t *testing.T) {
	c := newChecker(repo)
	assert.NoError(t, c.checkLinks([]string{"docs/operations.md#io_limit-alarm", "README.md", "README.md#deploy-1"}))
	assert.EqualError(t, c.checkLinks([]string{"docs/operations.md#burst_credits-alarm", "#deploy"}), strings.Join([]string{
		"link docs/operations.md#burst_credits-alarm: docs/operations.md has no heading with anchor #burst_credits-alarm (its anchors: io_limit-alarm, operations)",
		"link #deploy: names no file",
	}, "\n"))
}

// TestReferenceMatchesTheTextBeforeAColon: "After deploying" names "After deploying:
// Kubernetes", in any case; a mere prefix does not.
func TestReferenceMatchesTheTextBeforeAColon(t *testing.T) {
	c := newChecker(repo)
	assert.Empty(t, c.resolveReference("docs/kubernetes.md", "after deploying", "."))
	assert.Empty(t, c.resolveReference("docs/kubernetes.md", "After deploying: Kubernetes", "."))
	assert.NotEmpty(t, c.resolveReference("docs/kubernetes.md", "After", "."))
}
