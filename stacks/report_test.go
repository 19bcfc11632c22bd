package stacks

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSynthReportReadsJSONAndHCL: the summary finds each stack's file through the
// manifest, cdk.tf.json or cdk.tf, and counts resource blocks in both (a for_each block
// once; a nested block, a data source or a quoted "resource" never).
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
		"kafka-efs: synthesized json: 4 resources in " + filepath.Join(out, "stacks", "json"),
		"kafka-efs: synthesized hcl: 2 resources in " + filepath.Join(out, "stacks", "hcl"),
	}, lines)

	_, err = SynthReport(out, []string{"staging"})
	assert.ErrorContains(t, err, "names no synthesized file for stack staging")
	require.NoError(t, os.Remove(filepath.Join(out, "stacks", "hcl", "cdk.tf")))
	_, err = SynthReport(out, []string{"hcl"})
	assert.ErrorContains(t, err, filepath.Join("stacks", "hcl", "cdk.tf"))
}
