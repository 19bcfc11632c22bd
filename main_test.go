package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain closes jsii, whose runtime the bindings unpack into the temp folder as this
// test binary starts, so that the folder is removed.
func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// TestBrokenConfigurationExitsBeforeWriting builds the real app binary and runs it with
// a broken configuration: it must exit 1, name every problem with its stack and field,
// and leave an existing output folder exactly as it was.
func TestBrokenConfigurationExitsBeforeWriting(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "kafka-efs")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())

	out := filepath.Join(dir, "cdktf.out")
	earlier := filepath.Join(out, "stacks", "dev", "cdk.tf.json")
	require.NoError(t, os.MkdirAll(filepath.Dir(earlier), 0o755))
	require.NoError(t, os.WriteFile(earlier, []byte(`{"earlier":"synth"}`), 0o644))
	past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	require.NoError(t, os.Chtimes(earlier, past, past))
	before := snapshotTree(t, out)

	cmd := exec.Command(bin)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"CDKTF_OUTDIR="+out,
		"KAFKA_EFS_PROJECT=Kafka_EFS!",
		"KAFKA_EFS_REGION=mars-1",
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()

	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "want exit status 1, got %v", err)
	assert.Equal(t, 1, exit.ExitCode())
	msg := stderr.String()
	assert.Contains(t, msg, "invalid configuration, nothing synthesized")
	assert.Contains(t, msg, `KAFKA_EFS_REGION = "mars-1"`)
	for _, stack := range []string{"dev", "prod", "prod-high-performance"} {
		assert.Contains(t, msg, "stack "+stack+`: ProjectName = "Kafka_EFS!"`)
	}
	assert.Empty(t, stdout.String())
	assert.Equal(t, before, snapshotTree(t, out), "the earlier output folder changed")
}

// snapshotTree records every path under root with its size, mode, time and content.
func snapshotTree(t *testing.T, root string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	require.NoError(t, filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		entry := info.Mode().String() + " " + info.ModTime().UTC().Format(time.RFC3339Nano)
		if !d.IsDir() {
			content, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			entry += " " + string(content)
		}
		tree[path] = entry
		return nil
	}))
	return tree
}
