package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// jsiiBinaryLimit is the most wall time, in seconds, that one more test binary starting
// jsii may add to `go test ./...` for the construct's tests to live beside the construct
// (docs/design.md, "Where the tests live": the measurement and the decision).
const jsiiBinaryLimit = 5.0

// probePackage is where the layout benchmark adds its extra jsii test binary, in copies
// of the repository only.
const probePackage = "internal/jsiiprobe"

// probeTest is a test that costs what any test binary touching the AWS bindings costs: it
// starts the jsii kernel, loads the AWS assembly and synthesizes one resource. Moving the
// construct's tests into their own package adds exactly this fixed cost; their synths
// would only move, not multiply.
const probeTest = `package jsiiprobe

import (
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystem"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

func TestProbe(t *testing.T) {
	defer jsii.Close()
	stack := cdktf.NewTerraformStack(cdktf.Testing_App(nil), jsii.String("probe"))
	provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String("us-east-1")})
	efsfilesystem.NewEfsFileSystem(stack, jsii.String("fs"), &efsfilesystem.EfsFileSystemConfig{Encrypted: jsii.Bool(true)})
	if out := cdktf.Testing_Synth(stack, jsii.Bool(false)); !strings.Contains(*out, "aws_efs_file_system") {
		t.Fatalf("synthesized no file system: %s", *out)
	}
}
`

// layoutResults are runs of the test suite in two copies of the repository that differ
// only by the probe's extra jsii test binary.
type layoutResults struct {
	full, fullProbe, short, shortProbe series
}

// benchLayout copies the repository's files (as they are in the work tree) twice, adds the
// probe test to one copy, and runs `go test -count=1 ./...` and `go test -count=1 -short
// ./...` in both, alternately. The difference is what one more jsii test binary costs
// the suite, with everything else the suite runs in parallel beside it.
func benchLayout(r runner, repo string, runs int) (layoutResults, error) {
	var l layoutResults
	base, probe := filepath.Join(r.scratch, "layout-base"), filepath.Join(r.scratch, "layout-probe")
	for _, dst := range []string{base, probe} {
		if err := copyTracked(repo, dst); err != nil {
			return l, err
		}
	}
	if err := os.MkdirAll(filepath.Join(probe, probePackage), 0o755); err != nil {
		return l, err
	}
	if err := os.WriteFile(filepath.Join(probe, probePackage, "probe_test.go"), []byte(probeTest), 0o644); err != nil {
		return l, err
	}
	for i := 1; i <= runs; i++ {
		for _, m := range []struct {
			name, dir string
			short     bool
			s         *series
		}{
			{"go test (layout as is)", base, false, &l.full},
			{"go test (+1 jsii binary)", probe, false, &l.fullProbe},
			{"go test -short (layout as is)", base, true, &l.short},
			{"go test -short (+1 jsii binary)", probe, true, &l.shortProbe},
		} {
			argv := []string{"go", "test", "-count=1", "./..."}
			if m.short {
				argv = []string{"go", "test", "-count=1", "-short", "./..."}
			}
			res := r.run(job{name: m.name, argv: argv, dir: m.dir, ownGoTmp: true})
			fmt.Println(describe(m.name, i, res))
			if res.err != nil {
				return l, fmt.Errorf("%s: %w", m.name, res.err)
			}
			*m.s = append(*m.s, res)
		}
	}
	return l, nil
}

func layoutRows(l layoutResults, err error) []row {
	const metric = "  one more jsii test binary, go test ./... wall"
	if err != nil {
		return []row{skipRow(metric, "failed: see above")}
	}
	full := addedRow(metric, l.fullProbe.wall(), l.full.wall(), "as is", jsiiBinaryLimit)
	short := addedRow("  one more jsii test binary, -short wall", l.shortProbe.wall(), l.short.wall(), "as is", 0)
	short.target, short.verdict = "", ""
	return []row{full, short}
}

// copyTracked copies the files git tracks, plus untracked ones it does not ignore, from
// the work tree of repo to dst: the repository as the developer has it, without
// cdktf.out/ and other ignored output.
func copyTracked(repo, dst string) error {
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = repo
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("git ls-files: %v: %s", err, strings.TrimSpace(errb.String()))
	}
	for name := range strings.SplitSeq(strings.TrimSuffix(out.String(), "\x00"), "\x00") {
		src := filepath.Join(repo, name)
		info, err := os.Lstat(src)
		if os.IsNotExist(err) {
			continue // deleted in the work tree, not yet in the index
		}
		if err != nil {
			return err
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, name)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(to, data, info.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}
