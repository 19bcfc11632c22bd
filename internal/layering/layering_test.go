package layering

import (
	"slices"
	"strings"
	"sync"
	"testing"
)

const (
	module = "github.com/kafka-efs/kafka-efs"
	root   = "../.."

	// maxConstructLines bounds the non-test code of constructs/kafkaefs: the wiring of
	// typed resources only (issue 27).
	maxConstructLines = 2500
	// minPureLines is the least non-test code in pure packages (issue 27).
	minPureLines = 2500
)

// mustBePure are the packages that must never depend on a Heavy module: the plain Go
// halves of the constructs (efs for kafkaefs, efs/csidriver for efscsidriver) and the
// internal checks and helpers that need no jsii. A new package under efs/ is pure by the
// same rule (TestPurePackages lists them by prefix).
var mustBePure = []string{
	module + "/efs",
	module + "/efs/cost",
	module + "/efs/csidriver",
	module + "/internal/designdoc",
	module + "/internal/doclinks",
	module + "/internal/layering",
}

// listed holds go list's answer for ./..., without and with the tests: one go list
// process each for the whole test binary (three tests read the first), on the critical
// path of go test -short ./..., where every package's tests wait for a free core.
var listed [2]struct {
	once sync.Once
	pkgs map[string]Package
	err  error
}

func packages(t *testing.T, test bool) map[string]Package {
	t.Helper()
	l := &listed[0]
	if test {
		l = &listed[1]
	}
	l.once.Do(func() {
		var pkgs []Package
		if pkgs, l.err = List(root, test, "./..."); l.err == nil {
			l.pkgs = map[string]Package{}
			for _, p := range pkgs {
				l.pkgs[p.ImportPath] = p
			}
		}
	})
	if l.err != nil {
		t.Fatal(l.err)
	}
	return l.pkgs
}

func mustBePurePackage(path string) bool {
	return slices.Contains(mustBePure, path) || strings.HasPrefix(path, module+"/efs/")
}

// TestPurePackages: the pure packages import nothing that loads jsii, and the tests of efs
// and of the packages under it link none of it either, so they never start the kernel
// (nor make go test link the provider bindings for them).
func TestPurePackages(t *testing.T) {
	pkgs := packages(t, false)
	for _, path := range mustBePure {
		if _, ok := pkgs[path]; !ok {
			t.Errorf("%s: no such package; update mustBePure", path)
		}
	}
	for path, p := range pkgs {
		if mustBePurePackage(path) && !Pure(p) {
			t.Errorf("%s must stay pure Go but depends on %s", path, strings.Join(HeavyDeps(p), ", "))
		}
	}
	for path, p := range packages(t, true) {
		if (path == module+"/efs" || strings.HasPrefix(path, module+"/efs/")) && !Pure(p) {
			t.Errorf("the tests of %s link %s: they would start jsii", path, strings.Join(HeavyDeps(p), ", "))
		}
	}
}

// TestHouseNumbers: constructs/kafkaefs holds at most maxConstructLines of non-test code,
// the pure packages at least minPureLines.
func TestHouseNumbers(t *testing.T) {
	pkgs := packages(t, false)
	construct, ok := pkgs[module+"/constructs/kafkaefs"]
	if !ok {
		t.Fatal("no package constructs/kafkaefs")
	}
	n, err := Lines(construct)
	if err != nil {
		t.Fatal(err)
	}
	if n > maxConstructLines {
		t.Errorf("constructs/kafkaefs has %d lines of non-test code, more than %d: move what needs no jsii into efs", n, maxConstructLines)
	}
	pure := 0
	var names []string
	for path, p := range pkgs {
		if Pure(p) {
			names = append(names, strings.TrimPrefix(path, module+"/"))
			l, err := Lines(p)
			if err != nil {
				t.Fatal(err)
			}
			pure += l
		}
	}
	if pure < minPureLines {
		t.Errorf("pure packages hold %d lines of non-test code, fewer than %d", pure, minPureLines)
	}
	slices.Sort(names)
	t.Logf("constructs/kafkaefs: %d lines; pure packages (%s): %d lines", n, strings.Join(names, ", "), pure)
}

// TestInternalImportsNoConstruct: no package under internal/ imports a construct package,
// so the house's arrows run one way (constructs and stacks use internal, never back).
func TestInternalImportsNoConstruct(t *testing.T) {
	for path, p := range packages(t, false) {
		if !strings.HasPrefix(path, module+"/internal/") {
			continue
		}
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, module+"/constructs/") {
				t.Errorf("%s imports the construct package %s", path, imp)
			}
		}
	}
}

// TestHeavyDeps: the rule itself, on made-up packages.
func TestHeavyDeps(t *testing.T) {
	p := Package{Deps: []string{"fmt", "github.com/aws/jsii-runtime-go/internal/kernel", "github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystem", "github.com/aws/aws-sdk-go"}}
	if got := HeavyDeps(p); len(got) != 2 || Pure(p) {
		t.Errorf("HeavyDeps = %v, want the jsii and provider packages", got)
	}
	if !Pure(Package{Deps: []string{"fmt", "k8s.io/api/core/v1"}}) {
		t.Error("a package on the standard library and k8s.io is pure")
	}
}
