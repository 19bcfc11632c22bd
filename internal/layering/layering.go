// Package layering keeps the house's layers apart, as issue 27 set them: the plain Go
// packages import no jsii, the construct package stays the thin wiring of typed
// resources, and no internal package depends on a construct. It reads the package graph
// with go list, never building or starting jsii, so its tests run in go test -short.
package layering

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Heavy are the module paths whose packages start or load the jsii kernel: the runtime,
// cdktf, the provider bindings and constructs. A package is pure when none of its
// dependencies lies under one of them.
var Heavy = []string{
	"github.com/aws/jsii-runtime-go",
	"github.com/hashicorp/terraform-cdk-go",
	"github.com/cdktf/",
	"github.com/aws/constructs-go",
}

// Package is what go list says of one package of the module.
type Package struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Imports    []string
	Deps       []string
}

// List runs go list -json over patterns in dir (the module root) and returns
// the packages, with Deps their transitive dependencies. test adds the dependencies of
// each package's tests (go list -test), under the package's own path.
func List(dir string, test bool, patterns ...string) ([]Package, error) {
	args := []string{"list", "-json=ImportPath,Dir,GoFiles,Imports,Deps,ForTest"}
	if test {
		args = append(args, "-test")
	}
	cmd := exec.Command("go", append(args, patterns...)...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	var pkgs []Package
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			Package
			ForTest string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		if test {
			// Keep the test variant "p [p.test]" under p's path; drop the test main.
			if p.ForTest == "" || strings.HasSuffix(p.ImportPath, ".test") {
				continue
			}
			p.ImportPath = p.ForTest
		}
		pkgs = append(pkgs, p.Package)
	}
	return pkgs, nil
}

// HeavyDeps returns the dependencies of p under a Heavy module path.
func HeavyDeps(p Package) []string {
	var heavy []string
	for _, d := range p.Deps {
		for _, h := range Heavy {
			if strings.HasPrefix(d, h) {
				heavy = append(heavy, d)
				break
			}
		}
	}
	return heavy
}

// Pure reports whether p depends on no Heavy module.
func Pure(p Package) bool { return len(HeavyDeps(p)) == 0 }

// Lines counts the lines of p's non-test Go files (go list's GoFiles), as wc -l does.
func Lines(p Package) (int, error) {
	n := 0
	for _, f := range p.GoFiles {
		b, err := os.ReadFile(filepath.Join(p.Dir, f))
		if err != nil {
			return 0, err
		}
		s := bufio.NewScanner(bytes.NewReader(b))
		for s.Scan() {
			n++
		}
	}
	return n, nil
}
