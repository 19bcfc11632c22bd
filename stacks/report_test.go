package stacks

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSynthReportReadsJSONAndHCL: the summary finds each stack's file through the
// manifest, cdk.tf.json or cdk.tf, and counts resource blocks in both, and says so (a
// for_each block once, however many resources its collection makes; a nested block, a
// data source or a quoted "resource" never).
func TestSynthReportReadsJSONAndHCL(t *testing.T) {
	out := t.TempDir()
	write := func(rel, content string) {
		t.Helper()
		p := filepath.Join(out, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	write("manifest.json", `{"stacks": {
		"json": {"synthesizedStackPath": "stacks/json/cdk.tf.json"},
		"hcl": {"synthesizedStackPath": "stacks/hcl/cdk.tf"}}}`)
	write("stacks/json/cdk.tf.json", `{"resource": {"aws_efs_file_system": {"fs": {}},
		"aws_efs_mount_target": {"mt": {"for_each": "${toset(var.subnets)}"}}, "aws_efs_access_point": {"a": {}, "b": {}}},
		"data": {"aws_region": {"r": {}}}}`)
	write("stacks/hcl/cdk.tf", `data "aws_region" "r" {
}
resource "aws_efs_file_system" "fs" {
lifecycle {
prevent_destroy = true
}
}
resource "aws_efs_mount_target" "mt" {
for_each = "${toset(var.subnets)}"
description = "resource \"x\" \"y\" {"
}
`)
	lines, err := SynthReport(out, []string{"json", "hcl"})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"kafka-efs: synthesized json: 4 resource blocks in " + filepath.Join(out, "stacks", "json"),
		"kafka-efs: synthesized hcl: 2 resource blocks in " + filepath.Join(out, "stacks", "hcl"),
	}, lines)

	_, err = SynthReport(out, []string{"unsynthesized"})
	assert.ErrorContains(t, err, "names no synthesized file for stack unsynthesized")
	require.NoError(t, os.Remove(filepath.Join(out, "stacks", "hcl", "cdk.tf")))
	_, err = SynthReport(out, []string{"hcl"})
	assert.ErrorContains(t, err, filepath.Join("stacks", "hcl", "cdk.tf"))
}

// quotedSummary matches a summary line quoted in the documentation, with its number and
// the words before " in", once line breaks are folded into spaces.
var quotedSummary = regexp.MustCompile(`kafka-efs: synthesized ([a-z0-9-]+): (\d+) ([a-z]+(?: [a-z]+)?) in `)

// TestDocsQuoteTheSummaryLine: where README.md, help or docs/ quote the summary line of a
// shipped stack, it says "resource blocks" and the number the stack synthesizes today.
func TestDocsQuoteTheSummaryLine(t *testing.T) {
	files := []string{"../README.md", "../help"}
	docs, err := filepath.Glob("../docs/*.md")
	require.NoError(t, err)
	quotes := 0
	for _, f := range append(files, docs...) {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		text := strings.Join(strings.Fields(string(raw)), " ")
		for _, m := range quotedSummary.FindAllStringSubmatch(text, -1) {
			quotes++
			stack, words := m[1], m[3]
			n, err := strconv.Atoi(m[2])
			require.NoError(t, err)
			where := strings.TrimPrefix(f, "../")
			assert.Equal(t, "resource blocks", words, "%s quotes %q: the line counts resource blocks, and says so", where, m[0])
			s, ok := synthesized[stack]
			if !ok {
				s, ok = synthesizedClusters[stack]
			}
			if !assert.True(t, ok, "%s quotes the summary of %s, which is no shipped stack: quote one, or write <n> for the number", where, stack) {
				continue
			}
			assert.Equal(t, resourceCount(s), n, "%s quotes %q: stack %s synthesizes %d resource blocks today; update the quote", where, m[0], stack, resourceCount(s))
		}
	}
	assert.NotZero(t, quotes, "README.md quotes the summary line of dev")
}
