package stacks

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/template"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafka-efs/kafka-efs/constructs/efscsidriver"
)

// The Terraform tier: Terraform (or OpenTofu) itself, with the real hashicorp/aws provider
// from a local filesystem mirror, initializes and validates every synthesized stack and
// runs the Terraform-native tests of testdata/terraform beside it. See
// testdata/terraform/README.md for the conventions.

// Environment variables of the tier.
const (
	// envTerraform names the binary to run instead of terraform on PATH, e.g. OpenTofu's tofu.
	envTerraform = "KAFKA_EFS_TERRAFORM"
	// envProviderMirror names the folder holding registry.terraform.io/hashicorp/aws/...
	envProviderMirror = "KAFKA_EFS_PROVIDER_MIRROR"
	// envTierReport names a file the tier appends one line per stack to (CI prints it).
	envTierReport = "KAFKA_EFS_TIER_REPORT"
)

// tftestDir holds the .tftest.hcl files: common/ for every stack, <stack>/ for one.
const tftestDir = "testdata/terraform"

// variablesTFTestStack is the stack whose variable blocks the generated variables file
// tests. It declares every variable, and the other stacks declare theirs the same way
// (TestVariablesIdenticalInEveryStack), so one stack is enough.
const variablesTFTestStack = "prod"

// variablesTFTestDir is the folder of testdata/terraform holding the file generated from
// variableCases, variablesTFTestFile, and the hand-written files of the variables only
// some stacks declare. They run beside variable blocks alone (variablesModule), laid out
// as variablesTFTestModules says, not beside a stack.
const (
	variablesTFTestDir  = "variables"
	variablesTFTestFile = "variables.tftest.hcl"
)

// variablesTFTestModules are the stacks whose variable blocks the files of
// variablesTFTestDir plan, by folder: "." (the root, which the generated file plans) for
// variablesTFTestStack, a folder that a run loads with source = "./<folder>" for a stack
// declaring a variable the others lack.
var variablesTFTestModules = map[string]string{
	".":                 variablesTFTestStack,
	"cluster-prod":      "cluster-prod",
	existingDriverStack: existingDriverStack,
}

// tierPassed marks the tier's report line of a stack whose files all passed: .ci/run and
// the benchmark count these lines.
const tierPassed = "tier passed"

// providerMirrorPlaces are where a hashicorp/aws mirror is looked for when
// KAFKA_EFS_PROVIDER_MIRROR is unset: /opt/tf-plugins (this project's CI image), then
// Terraform's implicit local mirror folders. "~" is the user's home.
var providerMirrorPlaces = []string{
	"/opt/tf-plugins",
	"~/.terraform.d/plugins",
	"~/.local/share/terraform/plugins",
	"/usr/local/share/terraform/plugins",
	"/usr/share/terraform/plugins",
}

// tfTool is the Terraform or OpenTofu binary the tier runs.
type tfTool struct {
	path    string
	name    string // "terraform" or "tofu", as the report names it
	version string // e.g. 1.11.4
	// registry is the host the binary resolves source "aws" to.
	registry string
}

// findTool returns the binary named by KAFKA_EFS_TERRAFORM, else terraform on PATH, and
// what `<bin> version` says it is.
func findTool() (tfTool, error) {
	path := os.Getenv(envTerraform)
	if path == "" {
		p, err := exec.LookPath("terraform")
		if err != nil {
			return tfTool{}, fmt.Errorf("terraform is not on PATH: install Terraform 1.10 or later, or set %s=/path/to/terraform (or tofu)", envTerraform)
		}
		path = p
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "version")
	cmd.Env = append(slices.Clone(os.Environ()), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return tfTool{}, fmt.Errorf("%s version: %v (set %s to a Terraform or OpenTofu binary)", path, err, envTerraform)
	}
	// The version line may follow warnings (about the CLI configuration, for one).
	m := regexp.MustCompile(`(?m)^(Terraform|OpenTofu) v(\S+)`).FindStringSubmatch(string(out))
	switch {
	case m == nil:
		return tfTool{}, fmt.Errorf("%s version printed %q: neither Terraform nor OpenTofu", path, out)
	case m[1] == "OpenTofu":
		return tfTool{path: path, name: "tofu", version: m[2], registry: "registry.opentofu.org"}, nil
	default:
		return tfTool{path: path, name: "terraform", version: m[2], registry: "registry.terraform.io"}, nil
	}
}

// providerMirror is a local filesystem mirror of hashicorp/aws 5.x for this platform.
type providerMirror struct {
	root    string // the folder holding registry.terraform.io/
	version string // e.g. 5.100.0
	binary  string // the provider executable
}

// findProviderMirror looks in KAFKA_EFS_PROVIDER_MIRROR alone when it is set, else in
// providerMirrorPlaces, for registry.terraform.io/hashicorp/aws/<5.x>/<os>_<arch>/
// terraform-provider-aws_*, and returns the highest 5.x found in the first place that
// has one. It never scans the disk.
func findProviderMirror() (providerMirror, error) {
	places := providerMirrorPlaces
	if env := os.Getenv(envProviderMirror); env != "" {
		places = []string{env}
	}
	home, _ := os.UserHomeDir()
	platform := runtime.GOOS + "_" + runtime.GOARCH
	var looked []string
	for _, place := range places {
		if rest, ok := strings.CutPrefix(place, "~/"); ok {
			if home == "" {
				continue
			}
			place = filepath.Join(home, rest)
		}
		looked = append(looked, place)
		bins, _ := filepath.Glob(filepath.Join(place, "registry.terraform.io", "hashicorp", "aws", "5.*", platform, "terraform-provider-aws_*"))
		var best providerMirror
		for _, bin := range bins {
			version := filepath.Base(filepath.Dir(filepath.Dir(bin)))
			if info, err := os.Stat(bin); err != nil || !info.Mode().IsRegular() || !semverPattern.MatchString(version) {
				continue
			}
			if best.binary == "" || compareVersions(version, best.version) > 0 {
				best = providerMirror{root: place, version: version, binary: bin}
			}
		}
		if best.binary != "" {
			return best, nil
		}
	}
	return providerMirror{}, fmt.Errorf("no hashicorp/aws 5.x provider for %s in %s: set %s to the folder holding "+
		"registry.terraform.io/hashicorp/aws/<5.x>/%s/terraform-provider-aws_* "+
		"(`terraform providers mirror <folder>` in a synthesized stack writes one)",
		platform, strings.Join(looked, ", "), envProviderMirror, platform)
}

var semverPattern = regexp.MustCompile(`^\d+\.\d+\.\d+$`)

// compareVersions compares two x.y.z versions numerically.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range as {
		x, _ := strconv.Atoi(as[i])
		y, _ := strconv.Atoi(bs[i])
		if c := cmp.Compare(x, y); c != 0 {
			return c
		}
	}
	return 0
}

// tierUnavailable skips the test with one line saying what is missing, or fails it in CI
// (CI=true), where a missing tool or provider must not pass for a green tier.
func tierUnavailable(t *testing.T, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("Terraform tier cannot run in CI: %v", err)
	}
	t.Skipf("SKIPPED, NOT PASSED: Terraform tier: %v", err)
}

// tierSetup is what every stack of the tier shares.
type tierSetup struct {
	tool   tfTool
	mirror providerMirror
	// cliConfig is the CLI configuration: the mirror for hashicorp/aws, no other source.
	cliConfig string
	// home stands in for the user's home, so nothing is written outside the test's temp
	// folders.
	home string
	// tmp is the processes' TMPDIR, a short path of its own: Terraform talks to each
	// provider process over a Unix socket created there, and a socket path may not exceed
	// 108 bytes, which t.TempDir's names (long test names, nested in go test's and the
	// benchmark's temp folders) can.
	tmp string
	// slots bounds the Terraform processes running at once (one per core).
	slots chan struct{}
	// report appends lines to KAFKA_EFS_TIER_REPORT.
	reportMu sync.Mutex
}

// newTierSetup writes the CLI configuration into dir. For OpenTofu, which resolves
// source "aws" to registry.opentofu.org, it lays out a mirror of its own in dir that
// links the provider binary (a linked folder higher up is not followed).
func newTierSetup(t *testing.T, tool tfTool, mirror providerMirror, dir string) *tierSetup {
	t.Helper()
	s := &tierSetup{tool: tool, mirror: mirror, home: filepath.Join(dir, "home"),
		slots: make(chan struct{}, runtime.NumCPU())}
	require.NoError(t, os.MkdirAll(s.home, 0o700))
	parent := os.TempDir()
	if len(parent) > 60 { // leaves room for tf-<10 digits>/plugin<10 digits> and a margin
		parent = "/tmp"
	}
	tmp, err := os.MkdirTemp(parent, "tf-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(tmp) })
	s.tmp = tmp
	root := mirror.root
	if tool.registry != "registry.terraform.io" {
		root = filepath.Join(dir, "mirror")
		platformDir := filepath.Join(root, tool.registry, "hashicorp", "aws", mirror.version, runtime.GOOS+"_"+runtime.GOARCH)
		require.NoError(t, os.MkdirAll(platformDir, 0o700))
		require.NoError(t, os.Symlink(mirror.binary, filepath.Join(platformDir, filepath.Base(mirror.binary))))
	}
	s.cliConfig = filepath.Join(dir, "cli.tfrc")
	provider := tool.registry + "/hashicorp/aws"
	config := fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = [%q]
  }
  direct {
    exclude = [%q]
  }
}
`, root, provider, provider)
	require.NoError(t, os.WriteFile(s.cliConfig, []byte(config), 0o600))
	return s
}

// env is the environment of a Terraform process working in dir: the caller's without
// TF_*, TOFU_* and CHECKPOINT_* variables, the tier's CLI configuration, the data folder
// in dir, and home and temp folders of the test's own.
func (s *tierSetup) env(dir string) []string {
	return append(terraformEnv(s.cliConfig),
		"TF_DATA_DIR="+filepath.Join(dir, ".terraform"),
		"HOME="+s.home,
		"XDG_CONFIG_HOME="+filepath.Join(s.home, ".config"),
		"XDG_DATA_HOME="+filepath.Join(s.home, ".local", "share"),
		"XDG_CACHE_HOME="+filepath.Join(s.home, ".cache"),
		"TMPDIR="+s.tmp,
		// Terraform and each provider process it starts (two per run) allocate heavily
		// while loading the provider's schema: collecting garbage less often cut the CPU
		// of the variables file by about a fifth here (25 to 20 s), for about 10% more
		// memory at peak (550 MB).
		"GOGC=400",
	)
}

// run runs the tool in dir once a process slot is free, and returns its combined output
// and exit status. A run that cannot start or times out fails the test.
func (s *tierSetup) run(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	out, code, err := s.start(t, dir, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out, code
}

// start is run for other goroutines than the test's: it returns the error.
func (s *tierSetup) start(t *testing.T, dir string, args ...string) (string, int, error) {
	return s.startEnv(t, dir, nil, args...)
}

// startEnv is start with variables added to the process's environment.
func (s *tierSetup) startEnv(t *testing.T, dir string, extra []string, args ...string) (string, int, error) {
	s.slots <- struct{}{}
	defer func() { <-s.slots }()
	return runTerraformNice(t.Context(), batchNice, s.tool.path, dir, append(s.env(dir), extra...), args...)
}

// report logs line and appends it to KAFKA_EFS_TIER_REPORT when set.
func (s *tierSetup) report(t *testing.T, line string) {
	t.Helper()
	t.Log(line)
	path := os.Getenv(envTierReport)
	if path == "" {
		return
	}
	s.reportMu.Lock()
	defer s.reportMu.Unlock()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Errorf("tier report %s: %v", path, err)
		return
	}
	defer f.Close()
	if _, err := fmt.Fprintln(f, line); err != nil {
		t.Errorf("tier report %s: %v", path, err)
	}
}

// tierTools returns the Terraform binary and the provider mirror, or skips the test (fails
// it in CI) when either is missing.
func tierTools(t *testing.T) (tfTool, providerMirror) {
	t.Helper()
	tool, err := findTool()
	if err != nil {
		tierUnavailable(t, err)
	}
	mirror, err := findProviderMirror()
	if err != nil {
		tierUnavailable(t, err)
	}
	return tool, mirror
}

// TestTerraformTier runs Terraform's own tests of every stack: terraform init
// -backend=false from the provider mirror, then terraform test (which validates every
// module before each run) of the .tftest.hcl files of testdata/terraform, in two folders
// side by side, up to one Terraform process per core: the variables' refusals beside the
// variable blocks alone (testVariables), and every other file in one folder holding every
// stack (testStacks). The production stacks' file system, key and vault locks must make
// the teardown of the mock applies fail (prevent_destroy), and nothing else may fail.
func TestTerraformTier(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("-short: the Terraform tier (init, validate and terraform test of every stack) is skipped on purpose; go test ./... runs it")
	}
	tool, mirror := tierTools(t)
	t.Logf("%s %s (%s), hashicorp/aws %s from %s", tool.name, tool.version, tool.path, mirror.version, mirror.root)
	setup := newTierSetup(t, tool, mirror, t.TempDir())
	t.Run(tierStacksGroup, func(t *testing.T) {
		t.Parallel()
		setup.testStacks(t)
	})
	t.Run(variablesTFTestDir, func(t *testing.T) {
		t.Parallel()
		setup.testVariables(t)
	})
}

// testVariables runs the files of variablesTFTestDir beside the variable blocks of the
// stacks of variablesTFTestModules alone, in one process: every case of variableCases is
// one run of the generated file, and each variable that only some stacks declare has its
// runs in a hand-written one, checked by Terraform's own evaluation of the validation
// blocks as synthesized. Without resources or providers there is no provider schema to
// load, so the runs take well under a second where 16 plans of the whole stack with
// mocked providers took 40 s of CPU. That the stacks plan with valid values is the other
// files' work (subnets.tftest.hcl, the cluster group).
func (s *tierSetup) testVariables(t *testing.T) {
	prefix := fmt.Sprintf("%s %s %s:", s.tool.name, s.tool.version, variablesTFTestDir)
	dir := t.TempDir()
	for sub, stack := range variablesTFTestModules {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, sub), 0o700))
		writeJSON(t, filepath.Join(dir, sub, "variables.tf.json"), variablesModule(t, stack))
	}
	paths, err := filepath.Glob(filepath.Join(tftestDir, variablesTFTestDir, "*.tftest.hcl"))
	require.NoError(t, err)
	var files []string
	handWritten := 0 // runs of the files besides the generated one
	for _, p := range paths {
		text, err := os.ReadFile(p)
		require.NoError(t, err)
		name := filepath.Base(p)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), text, 0o600))
		files = append(files, name)
		if name != variablesTFTestFile {
			for line := range strings.SplitSeq(string(text), "\n") {
				if tierRunStart.MatchString(line) {
					handWritten++
				}
			}
		}
	}
	require.Contains(t, files, variablesTFTestFile)
	// No provider to install: init only links the folders the runs load as modules.
	if out, code := s.run(t, dir, "init", "-backend=false", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("%s init failed (exit %d):\n%s", s.tool.name, code, out)
	}
	out, code := s.run(t, dir, "test", "-json")
	r := parseTFTest(out, code)
	if !assertTFTest(t, s.tool.name, files, r) {
		t.Logf("%s test %s, its messages:\n%s", s.tool.name, strings.Join(files, " "), messages(r.raw))
	}
	assert.Equal(t, len(variableCases)+handWritten, r.passed, "one passed run per case of variableCases, and the hand-written runs")
	if t.Failed() {
		s.report(t, prefix+" FAILED (see the go test output)")
		return
	}
	s.report(t, fmt.Sprintf("%s %s test: %d passed, %d failed (every variable case, beside the variable blocks of %s)",
		prefix, s.tool.name, r.passed, r.failed+r.errored, strings.Join(slices.Sorted(maps.Values(variablesTFTestModules)), ", ")))
}

// variablesModule is a configuration holding a stack's variable blocks as synthesized,
// and nothing else.
func variablesModule(t *testing.T, stack string) map[string]any {
	t.Helper()
	vars := tierModuleOf(t, stack).block("variable")
	require.NotEmpty(t, vars, "stack %s declares no variable", stack)
	return map[string]any{"variable": vars}
}

// oneClusterGroup names the tier's run over one cluster and the file systems it serves:
// testdata/terraform/cluster/, beside the configurations testOneCluster lays out.
const oneClusterGroup = "cluster"

// oneCluster is the cluster whose stack is the cluster group's root module.
const oneCluster = "prod"

// oneClusterLayout is where testOneCluster puts each stack's JSON as synthesized: the
// cluster's stack is the root module, the others are modules that runs load by folder.
var oneClusterLayout = map[string]string{
	"cluster-" + oneCluster: ".",
	"cluster-dev":           "cluster-dev",
	existingDriverStack:     existingDriverStack,
}

// The node role lookup of a file system stack of oneCluster, laid out alone
// (nodeRoleLookupModule) for the runs that give it roles of other trusts: its
// postconditions are all they check, and a run planning the lookup alone cost about 1 s
// of CPU here where one planning the whole stack cost about 4 s.
const (
	nodeRoleLookupStack  = "prod"
	nodeRoleLookupFolder = "prod-node-role"
)

// nodeRoleLookupTypes are the data sources of a file system stack's node role lookup
// (stacks/clusters.go): the role found by name, then read for its trust. Their
// postconditions refuse a missing role and a role that is not the cluster's driver's;
// they refer to nothing but each other (Terraform's validation of the module fails on a
// reference to anything else).
var nodeRoleLookupTypes = []string{"aws_iam_roles", "aws_iam_role"}

// nodeRoleLookupModule is a configuration holding a stack's node role lookup as
// synthesized (nodeRoleLookupTypes, with the stack's required providers), and nothing
// else.
func nodeRoleLookupModule(t *testing.T, stack string) stackJSON {
	t.Helper()
	mod := tierModuleOf(t, stack)
	data := map[string]any{}
	for _, typ := range nodeRoleLookupTypes {
		byName, ok := mod.block("data")[typ]
		require.True(t, ok, "stack %s has no data.%s", stack, typ)
		data[typ] = byName
	}
	return stackJSON{
		"terraform": map[string]any{"required_providers": mod.block("terraform")["required_providers"]},
		"data":      data,
	}
}

// tierStacksGroup names the tier's folder of every stack (testStacks).
const tierStacksGroup = "stacks"

// testStacks runs the files of the cluster group and of every file system stack in one
// folder: cluster prod's stack is its root module, as the cluster group's files expect,
// every other configuration a folder of its own (oneClusterLayout, nodeRoleLookupFolder,
// and each file system stack under its name), and each file system stack's files are
// copied as <stack>.<file> with every run loading the stack's folder (moduleRuns). Every
// Terraform process loads the provider's schema (about 3 s of CPU with the provider's
// start), so the folder takes two processes, side by side (testFiles): the files with
// real providers, and the mocked ones against a provider server. Then, per stack, the runs
// that passed and the refused destroys of its files, and the checks across stacks that
// Terraform cannot make (layOutCluster).
func (s *tierSetup) testStacks(t *testing.T) {
	dir := t.TempDir()
	s.layOutCluster(t, dir)
	files := oneClusterTFTests(t)
	owner := map[string]string{}
	for name := range files {
		owner[name] = oneClusterGroup
	}
	envs := Environments()
	for _, env := range envs {
		folder := filepath.Join(dir, env.Stack)
		require.NoDirExists(t, folder, "stack %s: its folder is taken by the cluster group's layout", env.Stack)
		require.NoError(t, os.MkdirAll(folder, 0o700))
		raw, ok := rawSynth[env.Stack]
		require.True(t, ok, "stack %s was not synthesized", env.Stack)
		require.NoError(t, os.WriteFile(filepath.Join(folder, "cdk.tf.json"), []byte(raw), 0o600))
		for name, text := range stackTFTests(t, env.Stack) {
			moved, err := moduleRuns(text, env.Stack)
			require.NoError(t, err, "%s beside %s", name, env.Stack)
			files[env.Stack+"."+name] = moved
			owner[env.Stack+"."+name] = env.Stack
		}
	}
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600))
	}
	if out, code := s.run(t, dir, "init", "-backend=false", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("%s init failed (exit %d):\n%s", s.tool.name, code, out)
	}
	assertProviderLinked(t, filepath.Join(dir, ".terraform"))
	r := s.testFiles(t, dir, files)
	failed := t.Failed()

	// What each stack's files (and the cluster group's) passed and refused.
	passed := map[string]int{}
	for file, n := range r.passedIn {
		passed[owner[file]] += n
	}
	refused := map[string][]string{}
	for addr, in := range r.refused {
		for _, file := range in {
			if !slices.Contains(refused[owner[file]], addr) {
				refused[owner[file]] = append(refused[owner[file]], addr)
			}
		}
	}
	for _, env := range envs {
		t.Run(env.Stack, func(t *testing.T) {
			prefix := fmt.Sprintf("%s %s %s:", s.tool.name, s.tool.version, env.Stack)
			want := wantRefusedDestroy(t, env.Stack)
			assert.ElementsMatch(t, want, refused[env.Stack], "resources whose destroy was refused (prevent_destroy) in the teardowns of %s's files", env.Stack)
			if failed || t.Failed() {
				s.report(t, prefix+" FAILED (see the go test output)")
				return
			}
			s.report(t, s.passedLine(prefix, passed[env.Stack], want))
		})
	}
	t.Run(oneClusterGroup, func(t *testing.T) {
		prefix := fmt.Sprintf("%s %s %s:", s.tool.name, s.tool.version, oneClusterGroup)
		assert.Empty(t, refused[oneClusterGroup], "the cluster group's plans destroy nothing")
		if failed || t.Failed() {
			s.report(t, prefix+" FAILED (see the go test output)")
			return
		}
		s.report(t, fmt.Sprintf("%s %s test: %d passed, 0 failed (cluster-%s, cluster-dev, %s's node role lookup, %s)",
			prefix, s.tool.name, passed[oneClusterGroup], oneCluster, nodeRoleLookupStack, existingDriverStack))
	})
}

// moduleRuns makes every run of a composed file system stack's test file load the stack
// from folder: a module block as each run's first lines. Overrides, variables and
// providers at the file's top level then apply to that module, as they applied to the
// stack as the root module (Terraform and OpenTofu alike). A run that loads a module
// already is an error: the file was written for the cluster group.
func moduleRuns(text, folder string) (string, error) {
	var out []string
	for i, line := range strings.Split(text, "\n") {
		if tierModuleSource.MatchString(line) {
			return "", fmt.Errorf("line %d: a run loads a module already", i+1)
		}
		out = append(out, line)
		if tierRunStart.MatchString(line) {
			out = append(out, "  module {", fmt.Sprintf("    source = %q", "./"+folder), "  }")
		}
	}
	return strings.Join(out, "\n"), nil
}

// layOutCluster writes into dir the configurations of the cluster group: cluster prod's
// stack as the root module, the others in their folders (oneClusterLayout), and prod's
// node role lookup alone (nodeRoleLookupFolder). Then it checks what the runs cannot:
// nothing EKS allows once per cluster is declared twice across cluster prod's stack and
// the file system stacks it serves.
func (s *tierSetup) layOutCluster(t *testing.T, dir string) {
	for stack, sub := range oneClusterLayout {
		raw, ok := rawSynth[stack]
		require.True(t, ok, "stack %s was not synthesized", stack)
		require.NoError(t, os.MkdirAll(filepath.Join(dir, sub), 0o700))
		require.NoError(t, os.WriteFile(filepath.Join(dir, sub, "cdk.tf.json"), []byte(raw), 0o600))
	}
	require.NoError(t, os.MkdirAll(filepath.Join(dir, nodeRoleLookupFolder), 0o700))
	writeJSON(t, filepath.Join(dir, nodeRoleLookupFolder, "node-role.tf.json"), nodeRoleLookupModule(t, nodeRoleLookupStack))

	served := []string{"cluster-" + oneCluster}
	for _, env := range Environments() {
		if env.Cluster == oneCluster {
			served = append(served, env.Stack)
		}
	}
	seen := map[string]string{}
	for _, stack := range served {
		doc := tierModuleOf(t, stack)
		for _, k := range oncePerCluster(doc) {
			assert.NotContains(t, seen, k, "%s and %s both declare %s on cluster %s", seen[k], stack, k, oneCluster)
			seen[k] = stack
		}
		for _, typ := range []string{"aws_eks_addon", "aws_eks_pod_identity_association"} {
			for name, r := range doc.resources(typ) {
				assert.False(t, r["count"] != nil || r["for_each"] != nil, "%s: %s.%s must be declared once, without count or for_each", stack, typ, name)
			}
		}
	}
	assert.Len(t, seen, 4, "cluster %s: two add-ons and two associations, all in its stack", oneCluster)
}

// oneClusterTFTests returns the files of the cluster group, composed for the
// configurations testOneCluster lays out.
func oneClusterTFTests(t *testing.T) map[string]string {
	t.Helper()
	mods := tierModules{nodeRoleLookupFolder: nodeRoleLookupModule(t, nodeRoleLookupStack)}
	for stack, sub := range oneClusterLayout {
		mods[sub] = tierModuleOf(t, stack)
	}
	files := composedTFTests(t, oneClusterGroup, "", mods)
	require.NotEmpty(t, files, "no .tftest.hcl in %s/%s", tftestDir, oneClusterGroup)
	return files
}

// validateConfig initializes and validates one stack's configuration, file holding
// content, in its own temp folder, and reports it.
func (s *tierSetup) validateConfig(t *testing.T, stack, file string, content []byte) {
	prefix := fmt.Sprintf("%s %s %s (%s):", s.tool.name, s.tool.version, stack, file)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, file), content, 0o600))
	if out, code := s.run(t, dir, "init", "-backend=false", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("%s init failed (exit %d):\n%s", s.tool.name, code, out)
	}
	if out, code := s.run(t, dir, "validate", "-no-color"); code != 0 {
		s.report(t, prefix+" FAILED (see the go test output)")
		t.Fatalf("%s validate failed (exit %d):\n%s", s.tool.name, code, out)
	}
	s.report(t, prefix+" validate passed")
}

// testConfig runs the tier on one stack's configuration, file (cdk.tf.json, or cdk.tf from
// cdktf synth --hcl) holding content, in its own temp folder.
func (s *tierSetup) testConfig(t *testing.T, stack, file string, content []byte) {
	start := time.Now()
	prefix := fmt.Sprintf("%s %s %s:", s.tool.name, s.tool.version, stack)
	if file != "cdk.tf.json" {
		prefix = fmt.Sprintf("%s %s %s (%s):", s.tool.name, s.tool.version, stack, file)
	}
	t.Cleanup(func() {
		if t.Failed() {
			s.report(t, prefix+" FAILED (see the go test output)")
		}
	})
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, file), content, 0o600))
	files := copyTFTests(t, stack, dir)

	if out, code := s.run(t, dir, "init", "-backend=false", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("%s init failed (exit %d):\n%s", s.tool.name, code, out)
	}
	assertProviderLinked(t, filepath.Join(dir, ".terraform"))
	// No terraform validate: terraform test validates the configuration before every run,
	// and a process of its own would load the provider's schema once more. The files with
	// real providers run in one process, the mocked ones in another against a provider
	// server (providerserver_test.go).
	total := s.testFiles(t, dir, files)
	want := wantRefusedDestroy(t, stack)
	assert.ElementsMatch(t, want, slices.Collect(maps.Keys(total.refused)),
		"resources whose destroy was refused (prevent_destroy) in the teardowns")
	if t.Failed() {
		return
	}
	t.Logf("%s: %s", stack, time.Since(start).Round(100*time.Millisecond))
	s.report(t, s.passedLine(prefix, total.passed, want))
}

// passedLine is a stack's report line once every run of its files passed: how many, and
// the destroys its teardowns refused as expected (want).
func (s *tierSetup) passedLine(prefix string, passed int, want []string) string {
	line := fmt.Sprintf("%s %s: %s test: %d passed, 0 failed", prefix, tierPassed, s.tool.name, passed)
	if len(want) > 0 {
		line += "; destroy refused as expected: " + strings.Join(want, ", ")
	}
	return line
}

// tftestGroups are the folders of testdata/terraform whose files run beside a file system
// stack, besides the stack's own folder: common/ beside every one, production/ beside the
// production ones (Config.IsProduction: prevent_destroy, a customer-managed key, AWS
// Backup and alarms).
var tftestGroups = []struct {
	dir    string
	serves func(Environment) bool
}{
	{"common", func(Environment) bool { return true }},
	{"production", func(e Environment) bool { return e.Config.IsProduction() }},
}

// tierEnvironment returns the environment of a file system stack.
func tierEnvironment(t *testing.T, stack string) Environment {
	t.Helper()
	i := slices.IndexFunc(Environments(), func(e Environment) bool { return e.Stack == stack })
	require.GreaterOrEqual(t, i, 0, "stack %s is not in Environments()", stack)
	return Environments()[i]
}

// stackTFTests returns the test files that run beside a file system stack, composed
// (composeTFTest) for its synthesized JSON, by name: its groups' and its own folder's.
// Two files of one name would overwrite each other: that fails the test.
func stackTFTests(t *testing.T, stack string) map[string]string {
	t.Helper()
	env := tierEnvironment(t, stack)
	dirs := []string{}
	for _, g := range tftestGroups {
		if g.serves(env) {
			dirs = append(dirs, g.dir)
		}
	}
	files := map[string]string{}
	for _, sub := range append(dirs, stack) {
		for name, text := range composedTFTests(t, sub, stack, tierModules{".": tierModuleOf(t, stack)}) {
			require.NotContains(t, files, name, "%s/%s: a file of this name is already copied beside stack %s", sub, name, stack)
			files[name] = text
		}
	}
	require.NotEmpty(t, files, "no .tftest.hcl for stack %s in %s", stack, tftestDir)
	return files
}

// composedTFTests reads the .tftest.hcl files of one folder of testdata/terraform and
// composes each for mods, beside stack ("" for the cluster group).
func composedTFTests(t *testing.T, sub, stack string, mods tierModules) map[string]string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(tftestDir, sub, "*.tftest.hcl"))
	require.NoError(t, err)
	files := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		text, err := composeTFTest(string(b), stack, mods)
		require.NoError(t, err, "%s", p)
		files[filepath.Base(p)] = text
	}
	return files
}

// copyTFTests writes the composed test files of a file system stack into dir and returns
// them, by name.
func copyTFTests(t *testing.T, stack, dir string) map[string]string {
	t.Helper()
	files := stackTFTests(t, stack)
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600))
	}
	return files
}

// tierModuleOf decodes a synthesized stack's JSON (file system, cluster or the
// existing-driver variant).
func tierModuleOf(t *testing.T, stack string) stackJSON {
	t.Helper()
	raw, ok := rawSynth[stack]
	require.True(t, ok, "stack %s was not synthesized", stack)
	var s stackJSON
	require.NoError(t, json.Unmarshal([]byte(raw), &s))
	return s
}

// The shared blocks of the tier's files. Terraform's test files cannot include one
// another, so the tier does: a line `# tier:include <name>` is replaced, as the file is
// copied beside its stack, by what <name> stands for, indented as the line is:
//
//   - real-providers: a provider "aws" block with fake credentials and no AWS call for
//     every provider configuration (alias, region) the stack declares (file level);
//   - mock-providers: a mock_provider "aws" block for each of them (file level);
//   - overrides: an override_data for every data source that calls AWS in the module in
//     scope (the stack, or in a run the module its module block loads), answered from
//     tierDataAnswers, except those the scope overrides itself. OpenTofu refuses an
//     override of a data source the module lacks, so they come from the module's JSON;
//   - any other name: the fragment testdata/terraform/shared/<name>.hcl, e.g. assertions
//     that several runs make.
var tierInclude = regexp.MustCompile(`^([ \t]*)# tier:include (\S+)[ \t]*$`)

// tierStackFragments name the includes that stand for what the stack the file runs
// beside checks besides every stack's checks: testdata/terraform/<stack>/<name>.hcl, or
// nothing. stack-apply goes in common/outputs.tftest.hcl's run, so every stack is applied
// (mocked) once (a mocked apply and its teardown cost about 6 s of CPU here); stack-plan
// goes in common/subnets.tftest.hcl's run, so every stack is planned with the real
// provider once (a plan of a whole stack, about 3 s).
const (
	tierStackApply = "stack-apply"
	tierStackPlan  = "stack-plan"
)

var tierStackFragments = []string{tierStackApply, tierStackPlan}

// tierSharedDir holds the fragments a tier file includes by name.
const tierSharedDir = tftestDir + "/shared"

// tierModules are the configurations a test file plans, by folder: "." for the stack
// beside which it runs, "<folder>" for the one a run loads with source = "./<folder>".
type tierModules map[string]stackJSON

// The values every answer and mock gives: one account, the VPC, subnet and node
// security group the files' variables name (baseVariableValues).
const (
	tierAccount = "123456789012"
	tierVPC     = "vpc-0123456789abcdef0"
	tierSubnet  = "subnet-0123456789abcde00"
	tierZone    = "us-east-1a"
	// tierMockNodeRole is the node role a mocked file finds: one name beside every
	// stack, which common/outputs.tftest.hcl asserts the file system policy admits.
	tierMockNodeRole = "confluent-kafka-cluster-efs-csi-node"
)

// tierDataAnswers answers, by type, the data sources that call AWS: the values object of
// an override_data for the data source config, as HCL. A new type that calls AWS needs
// an entry; one that makes no call goes in tierOfflineData. The mock providers answer
// the same types with the same values (the node role excepted: tierMockNodeRole).
var tierDataAnswers = map[string]func(config map[string]any) (string, error){
	"aws_caller_identity": func(map[string]any) (string, error) {
		return fmt.Sprintf(`{ account_id = %q, arn = "arn:aws:iam::%s:root", user_id = %q }`, tierAccount, tierAccount, tierAccount), nil
	},
	// The node role of the stack's cluster, found by the exact name its cluster stack
	// gives it (name_regex ^<name>$), as if that stack were deployed.
	"aws_iam_roles": func(config map[string]any) (string, error) {
		regex, _ := config["name_regex"].(string)
		m := exactRoleName.FindStringSubmatch(regex)
		if m == nil {
			return "", fmt.Errorf("name_regex %q is not ^<role name>$: answer the lookup in the file", regex)
		}
		return nodeRoleValues(m[1]), nil
	},
	// The node role found, read for its trust: the one the cluster stack gives it (Pod
	// Identity for the node service account of a cluster in the tier's region). Its name
	// is an expression over the lookup: tierOverrides passes the lookup's name_regex.
	"aws_iam_role": func(config map[string]any) (string, error) {
		regex, _ := config["name_regex"].(string)
		m := exactRoleName.FindStringSubmatch(regex)
		if m == nil {
			return "", fmt.Errorf("no aws_iam_roles lookup ^<role name>$ beside it (%q): answer the read in the file", regex)
		}
		return nodeRoleTrustValues(m[1], podIdentityTrustJSON("us-east-1")), nil
	},
	// The region's EKS clusters: those the files' eks_cluster_name values name.
	"aws_eks_clusters": func(map[string]any) (string, error) {
		return fmt.Sprintf(`{ names = [%q, %q] }`, tierEksClusters[0], tierEksClusters[1]), nil
	},
	// The cluster read by name: its Kubernetes version and OIDC issuer (IRSA's trust).
	"aws_eks_cluster": func(map[string]any) (string, error) {
		return fmt.Sprintf(`{ version = %q, identity = [{ oidc = [{ issuer = "https://oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF" }] }] }`, tierKubernetesVersion), nil
	},
	// What EKS offers for that version: the pinned driver is both the default and the newest.
	"aws_eks_addon_version": func(map[string]any) (string, error) {
		return fmt.Sprintf(`{ version = %q }`, efscsidriver.DefaultDriverAddonVersion), nil
	},
	// Every subnet in the variables' VPC; one private subnet per zone. OpenTofu gives every
	// instance of a data source the same override (and refuses an instance address as a
	// target), which is why the zone check reads the per-zone list.
	"aws_subnet": func(map[string]any) (string, error) {
		return fmt.Sprintf(`{ vpc_id = %q, availability_zone = %q }`, tierVPC, tierZone), nil
	},
	"aws_subnets": func(map[string]any) (string, error) { return fmt.Sprintf(`{ ids = [%q] }`, tierSubnet), nil },
}

// exactRoleName matches a name_regex that matches one role name only.
var exactRoleName = regexp.MustCompile(`^\^([A-Za-z0-9_-]+)\$$`)

// tierOfflineData are the data source types whose read makes no AWS call.
var tierOfflineData = []string{"aws_iam_policy_document", "aws_partition", "aws_region"}

// The EKS side the tier's cluster files plan against: the clusters eks_cluster_name
// names in cluster/one-cluster.tftest.hcl, and their Kubernetes version.
var tierEksClusters = [2]string{"kafka-prod", "kafka-dev"}

const tierKubernetesVersion = "1.33"

// podIdentityTrustJSON is the trust the cluster stack gives the node role (one
// aws_iam_policy_document statement: efscsidriver.PodIdentityTrust), as IAM returns it.
func podIdentityTrustJSON(region string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"EksPodIdentity","Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},` +
		`"Action":["sts:TagSession","sts:AssumeRole"],"Condition":{"StringEquals":{` +
		`"aws:RequestTag/kubernetes-service-account":"efs-csi-node-sa","aws:RequestTag/kubernetes-namespace":"kube-system",` +
		`"aws:RequestTag/eks-cluster-arn":"arn:aws:eks:` + region + `:` + tierAccount + `:cluster/kafka-prod"}}}]}`
}

// nodeRoleTrustValues is what data.aws_iam_role reads for a role of a name and trust:
// its computed attributes only. OpenTofu refuses an override of name, an argument.
func nodeRoleTrustValues(name, trust string) string {
	return fmt.Sprintf(`{ arn = "arn:aws:iam::%s:role/%s", assume_role_policy = %q }`, tierAccount, name, trust)
}

// nodeRoleValues is what data.aws_iam_roles finds for a role name.
func nodeRoleValues(name string) string {
	return fmt.Sprintf(`{ arns = ["arn:aws:iam::%s:role/%s"], names = [%q] }`, tierAccount, name, name)
}

// tierScope is a part of a test file whose override_data blocks apply together: the file
// outside its runs, or one run.
type tierScope struct {
	module  string          // the folder of the module it plans: "." or a run's source
	targets map[string]bool // the data sources it overrides itself
}

var (
	tierRunStart     = regexp.MustCompile(`^run "[^"]*" \{$`)
	tierModuleSource = regexp.MustCompile(`^\s*source\s*=\s*"\./([^"]+)"\s*$`)
	tierTarget       = regexp.MustCompile(`^\s*target\s*=\s*(data\.[A-Za-z0-9_]+\.[A-Za-z0-9_-]+)\s*$`)
)

// composeTFTest replaces the `# tier:include` lines of a test file (tierInclude) for the
// modules it plans. The file is laid out as terraform fmt writes it: a run starts with
// `run "<name>" {` and ends with `}`, both unindented.
func composeTFTest(src, stack string, mods tierModules) (string, error) {
	lines := strings.Split(src, "\n")
	// First the scopes: which lines belong to which run, what each run loads and overrides.
	scopes := []*tierScope{{module: ".", targets: map[string]bool{}}}
	scopeOf := make([]int, len(lines))
	cur := 0
	for i, line := range lines {
		switch {
		case tierRunStart.MatchString(line):
			scopes = append(scopes, &tierScope{module: ".", targets: map[string]bool{}})
			cur = len(scopes) - 1
		case line == "}":
			scopeOf[i] = cur
			cur = 0
			continue
		}
		scopeOf[i] = cur
		if m := tierModuleSource.FindStringSubmatch(line); m != nil && cur != 0 {
			scopes[cur].module = m[1]
		}
		if m := tierTarget.FindStringSubmatch(line); m != nil {
			scopes[cur].targets[m[1]] = true
		}
	}
	var out []string
	for i, line := range lines {
		m := tierInclude.FindStringSubmatch(line)
		if m == nil {
			out = append(out, line)
			continue
		}
		indent, name, scope := m[1], m[2], scopes[scopeOf[i]]
		var block string
		var err error
		switch name {
		case "real-providers", "mock-providers":
			if scopeOf[i] != 0 {
				return "", fmt.Errorf("line %d: %s goes at file level, not in a run", i+1, name)
			}
			block, err = tierProviders(mods, name == "mock-providers")
		case "overrides":
			mod, ok := mods[scope.module]
			if !ok {
				return "", fmt.Errorf("line %d: no module in folder %q here (have %v)", i+1, scope.module, slices.Sorted(maps.Keys(mods)))
			}
			block, err = tierOverrides(mod, scope.targets)
		case tierStackApply, tierStackPlan:
			if stack == "" {
				return "", fmt.Errorf("line %d: %s only beside a file system stack", i+1, name)
			}
			var b []byte
			b, err = os.ReadFile(filepath.Join(tftestDir, stack, name+".hcl"))
			switch {
			case errors.Is(err, fs.ErrNotExist):
				err = nil // the stack checks nothing more there
			case err == nil:
				// The fragment includes others (production-apply, production-plan):
				// compose it too.
				block, err = composeTFTest(string(b), stack, mods)
			}
		default:
			var b []byte
			b, err = os.ReadFile(filepath.Join(tierSharedDir, name+".hcl"))
			block = string(b)
		}
		if err != nil {
			return "", fmt.Errorf("line %d: tier:include %s: %w", i+1, name, err)
		}
		for l := range strings.SplitSeq(strings.TrimRight(block, "\n"), "\n") {
			if l != "" {
				l = indent + l
			}
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n"), nil
}

// tierProvider is one provider configuration a stack declares.
type tierProvider struct{ alias, region string }

// providersOf returns the aws provider configurations of every module, the default one
// first. Two modules giving one alias different regions is an error.
func providersOf(mods tierModules) ([]tierProvider, error) {
	regions := map[string]string{}
	for folder, mod := range mods {
		list, _ := mod.block("provider")["aws"].([]any)
		for _, p := range list {
			cfg, _ := p.(map[string]any)
			alias, _ := cfg["alias"].(string)
			region, _ := cfg["region"].(string)
			if r, ok := regions[alias]; ok && r != region {
				return nil, fmt.Errorf("module %s configures aws.%s in %s, another in %s", folder, alias, region, r)
			}
			regions[alias] = region
		}
	}
	if len(regions) == 0 {
		return nil, errors.New("no aws provider configured")
	}
	var out []tierProvider
	for _, alias := range slices.Sorted(maps.Keys(regions)) {
		out = append(out, tierProvider{alias, regions[alias]})
	}
	return out, nil
}

// tierProviders writes a provider (or, mocked, a mock_provider) "aws" block for every
// provider configuration of mods.
func tierProviders(mods tierModules, mocked bool) (string, error) {
	providers, err := providersOf(mods)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if !mocked {
		b.WriteString("# Fake credentials, and no call to STS, EC2 instance metadata or the region list: a plan\n" +
			"# of new resources then makes no AWS call. These blocks replace the stack's own provider\n" +
			"# blocks (region and default tags) in the test.\n")
	}
	for i, p := range providers {
		if i > 0 {
			b.WriteString("\n")
		}
		if !mocked {
			b.WriteString("provider \"aws\" {\n")
			values := map[string]any{
				"region":                      p.region,
				"access_key":                  "AKIAIOSFODNN7EXAMPLE",
				"secret_key":                  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
				"skip_credentials_validation": true,
				"skip_requesting_account_id":  true,
				"skip_metadata_api_check":     true,
				"skip_region_validation":      true,
			}
			if p.alias != "" {
				values["alias"] = p.alias
			}
			writeHCLAttributes(&b, "  ", values)
			b.WriteString("}\n")
			continue
		}
		if err := tierMockProvider.Execute(&b, tierMockValues(p, i)); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

// tierMockValues fills tierMockProvider for the i-th provider configuration: its region
// in every ARN, and a key ID and vault name of its own, so that an assertion tells the
// default provider's key and vault from the copy region's.
func tierMockValues(p tierProvider, i int) map[string]string {
	suffix := ""
	if p.alias != "" {
		suffix = "-" + strings.ReplaceAll(p.alias, "_", "-")
	}
	answer := func(typ string) string {
		v, err := tierDataAnswers[typ](nil)
		if err != nil {
			panic(err)
		}
		return v
	}
	return map[string]string{
		"Alias":         p.alias,
		"Region":        p.region,
		"Account":       tierAccount,
		"KeyID":         fmt.Sprintf("0123abcd-4567-89ab-cdef-0123456789%02x", 0xab+i),
		"Vault":         "confluent-kafka-efs" + suffix,
		"Subnet":        answer("aws_subnet"),
		"Subnets":       answer("aws_subnets"),
		"Identity":      answer("aws_caller_identity"),
		"NodeRole":      nodeRoleValues(tierMockNodeRole),
		"NodeRoleTrust": nodeRoleTrustValues(tierMockNodeRole, podIdentityTrustJSON(p.region)),
	}
}

// tierMockProvider is a mocked provider configuration: the lookups answered as in the
// real-provider files, and the values the provider validates (policy JSON, ARNs) or the
// outputs show (IDs) given recognizable defaults. OpenTofu, unlike Terraform, gives
// computed attributes mock values in a plan: the ARNs other resources use need valid ones.
var tierMockProvider = template.Must(template.New("mock").Parse(`mock_provider "aws" {
{{- if .Alias}}
  alias = "{{.Alias}}"
{{- end}}
  mock_data "aws_subnet" {
    defaults = {{.Subnet}}
  }
  mock_data "aws_subnets" {
    defaults = {{.Subnets}}
  }
  mock_data "aws_caller_identity" {
    defaults = {{.Identity}}
  }
  mock_data "aws_iam_roles" {
    defaults = {{.NodeRole}}
  }
  mock_data "aws_iam_role" {
    defaults = {{.NodeRoleTrust}}
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_region" {
    defaults = { name = "{{.Region}}" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:{{.Region}}:{{.Account}}:key/{{.KeyID}}", key_id = "{{.KeyID}}" }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:{{.Region}}:{{.Account}}:alerts" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::{{.Account}}:role/efs-csi-driver" }
  }
  mock_resource "aws_efs_file_system" {
    defaults = {
      id       = "fs-0123456789abcdef0"
      arn      = "arn:aws:elasticfilesystem:{{.Region}}:{{.Account}}:file-system/fs-0123456789abcdef0"
      dns_name = "fs-0123456789abcdef0.efs.{{.Region}}.amazonaws.com"
    }
  }
  mock_resource "aws_backup_vault" {
    defaults = { arn = "arn:aws:backup:{{.Region}}:{{.Account}}:backup-vault:{{.Vault}}" }
  }
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:{{.Region}}:{{.Account}}:events-dlq"
      url = "https://sqs.{{.Region}}.amazonaws.com/{{.Account}}/events-dlq"
    }
  }
  mock_resource "aws_cloudwatch_event_rule" {
    defaults = { arn = "arn:aws:events:{{.Region}}:{{.Account}}:rule/backup-event" }
  }
  mock_resource "aws_sfn_state_machine" {
    defaults = { arn = "arn:aws:states:{{.Region}}:{{.Account}}:stateMachine:restore-check" }
  }
}
`))

// tierOverrides writes an override_data for every data source of mod that calls AWS and
// that targets (the scope's own overrides) does not name. A data source of a type that
// neither tierDataAnswers nor tierOfflineData knows is an error: it would call AWS.
func tierOverrides(mod stackJSON, targets map[string]bool) (string, error) {
	var b bytes.Buffer
	b.WriteString("# The lookups that call AWS, answered as if the stacks they read were deployed.\n")
	n := 0
	data := mod.block("data")
	for _, typ := range slices.Sorted(maps.Keys(data)) {
		if slices.Contains(tierOfflineData, typ) {
			continue
		}
		answer, ok := tierDataAnswers[typ]
		if !ok {
			return "", fmt.Errorf("data source type %s calls AWS, and tierDataAnswers in stacks/terraform_test.go has no answer for it (or, if it makes no call, add it to tierOfflineData)", typ)
		}
		byName := mod.objects("data", typ)
		for _, name := range slices.Sorted(maps.Keys(byName)) {
			target := "data." + typ + "." + name
			if targets[target] {
				continue
			}
			config := byName[name]
			if typ == "aws_iam_role" {
				// The node role read names the role its lookup found (clusters.go).
				config = maps.Clone(config)
				for _, l := range mod.objects("data", "aws_iam_roles") {
					config["name_regex"] = l["name_regex"]
				}
			}
			values, err := answer(config)
			if err != nil {
				return "", fmt.Errorf("%s: %w", target, err)
			}
			fmt.Fprintf(&b, "override_data {\n  target = %s\n  values = %s\n}\n", target, values)
			n++
		}
	}
	if n == 0 {
		return "", nil
	}
	return b.String(), nil
}

// assertProviderLinked fails if init copied the provider (about 700 MB) into the data
// folder instead of linking it: the tier would write gigabytes per run.
func assertProviderLinked(t *testing.T, dataDir string) {
	t.Helper()
	var size int64
	require.NoError(t, filepath.WalkDir(dataDir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			size += info.Size()
		}
		return nil
	}))
	assert.Less(t, size, int64(1<<20), "init copied %d bytes into %s: the provider should be a link to the mirror", size, dataDir)
}

// wantRefusedDestroy is the resources whose destroy the teardowns must refuse: the
// production file system, its key and its backup vault locks, by their logical names in
// the synthesized JSON. The vaults (and the copy region's key) refuse destroy too, but a
// teardown never reaches them: each lock, which depends on its vault, is refused first.
func wantRefusedDestroy(t *testing.T, stack string) []string {
	t.Helper()
	if !tierEnvironment(t, stack).Config.IsProduction() {
		return nil
	}
	s := synthesized[stack]
	want := []string{
		"aws_efs_file_system." + nameOf(t, s, "aws_efs_file_system"),
		"aws_kms_key." + stackKeyName,
	}
	for name := range s.resources("aws_backup_vault_lock_configuration") {
		want = append(want, "aws_backup_vault_lock_configuration."+name)
	}
	return want
}

// tfTestResult is what one `terraform test -json` reported.
type tfTestResult struct {
	code                             int
	runs                             int // run blocks found (test_abstract)
	files                            []string
	passed, failed, errored, skipped int
	summary                          bool // a test_summary was printed
	// refused holds the resources whose destroy prevent_destroy refused in a teardown,
	// with the files whose teardown it was.
	refused map[string][]string
	// passedIn counts the runs that passed, by file.
	passedIn map[string]int
	errors   []string // every other error: file, run and diagnostic
	raw      string
}

func (r *tfTestResult) add(o tfTestResult) {
	r.passed += o.passed
	r.failed += o.failed
	r.errored += o.errored
	r.skipped += o.skipped
	if r.refused == nil {
		r.refused = map[string][]string{}
	}
	for addr, files := range o.refused {
		r.refused[addr] = append(r.refused[addr], files...)
	}
	if r.passedIn == nil {
		r.passedIn = map[string]int{}
	}
	for file, n := range o.passedIn {
		r.passedIn[file] += n
	}
}

// preventDestroy matches the refusal of a destroy by Terraform ("Resource X has
// lifecycle.prevent_destroy set") and by OpenTofu ("Resource instance X has
// prevent_destroy set").
var preventDestroy = regexp.MustCompile(`^Resource (?:instance )?(\S+) has (?:lifecycle\.)?prevent_destroy set`)

// parseTFTest reads the machine-readable output of terraform test (-json): one JSON
// object per line.
func parseTFTest(out string, code int) tfTestResult {
	r := tfTestResult{code: code, raw: out, refused: map[string][]string{}, passedIn: map[string]int{}}
	teardown := map[string]bool{} // files whose teardown has started
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 4<<20)
	for sc.Scan() {
		var m struct {
			Level    string              `json:"@level"`
			Message  string              `json:"@message"`
			File     string              `json:"@testfile"`
			Run      string              `json:"@testrun"`
			Type     string              `json:"type"`
			Abstract map[string][]string `json:"test_abstract"`
			TestFile struct {
				Progress string `json:"progress"`
			} `json:"test_file"`
			// Terraform reports a run's end with progress "complete" and its status;
			// OpenTofu with its status alone.
			TestRun struct {
				Status string `json:"status"`
			} `json:"test_run"`
			Summary struct {
				Passed, Failed, Errored, Skipped int
			} `json:"test_summary"`
			Diagnostic struct {
				Severity, Summary, Detail string
			} `json:"diagnostic"`
		}
		if json.Unmarshal(sc.Bytes(), &m) != nil {
			if strings.TrimSpace(sc.Text()) != "" {
				r.errors = append(r.errors, "not JSON: "+sc.Text())
			}
			continue
		}
		where := strings.Trim(m.File+"/"+m.Run, "/")
		switch m.Type {
		case "test_abstract":
			for file, runs := range m.Abstract {
				r.files = append(r.files, file)
				r.runs += len(runs)
			}
		case "test_run":
			if m.TestRun.Status == "pass" {
				r.passedIn[m.File]++
			}
		case "test_file":
			if m.TestFile.Progress == "teardown" {
				teardown[m.File] = true
			}
		case "test_summary":
			r.summary = true
			r.passed, r.failed, r.errored, r.skipped = m.Summary.Passed, m.Summary.Failed, m.Summary.Errored, m.Summary.Skipped
		case "diagnostic":
			if m.Diagnostic.Severity != "error" {
				continue
			}
			// A refusal counts only in a teardown (Terraform names the run whose state
			// it destroys; OpenTofu reports it after the file's runs).
			if addr := preventDestroy.FindStringSubmatch(m.Diagnostic.Detail); addr != nil && teardown[m.File] {
				r.refused[addr[1]] = append(r.refused[addr[1]], m.File)
				continue
			}
			r.errors = append(r.errors, fmt.Sprintf("%s: %s: %s", where, m.Diagnostic.Summary, m.Diagnostic.Detail))
		case "test_cleanup":
			// "left some resources in state": what follows a refused destroy, whose
			// diagnostic comes next; the refusal itself is checked. (OpenTofu also
			// writes errored_test.tfstate, in the test's temp folder.)
			teardown[m.File] = true
		default:
			if m.Level == "error" {
				r.errors = append(r.errors, where+": "+m.Message)
			}
		}
	}
	if err := sc.Err(); err != nil {
		r.errors = append(r.errors, "reading output: "+err.Error())
	}
	slices.Sort(r.files)
	return r
}

// messages returns the human-readable message of each line of -json output.
func messages(out string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(out, "\n") {
		var m struct {
			Message    string `json:"@message"`
			Diagnostic struct{ Detail string }
		}
		if json.Unmarshal([]byte(line), &m) != nil {
			b.WriteString(line + "\n")
			continue
		}
		b.WriteString(m.Message + "\n")
		if m.Diagnostic.Detail != "" {
			b.WriteString("    " + m.Diagnostic.Detail + "\n")
		}
	}
	return b.String()
}

// assertTFTest checks one terraform test invocation over files: every file ran, every
// run passed, and the only errors were refused destroys in teardowns. It reports
// whether all held.
func assertTFTest(t *testing.T, tool string, files []string, r tfTestResult) bool {
	t.Helper()
	ok := assert.True(t, r.summary, "%s test printed no summary (exit %d)", tool, r.code)
	ok = assert.Equal(t, slices.Sorted(slices.Values(files)), r.files, "files %s test found", tool) && ok
	ok = assert.Empty(t, r.errors, "%s test errors", tool) && ok
	ok = assert.Equal(t, 0, r.failed+r.errored+r.skipped, "runs failed, errored or skipped") && ok
	ok = assert.Equal(t, r.runs, r.passed, "runs passed out of %d", r.runs) && ok
	ok = assert.NotZero(t, r.runs, "no run blocks") && ok
	if len(r.refused) == 0 {
		// A refused destroy fails Terraform's exit status (not OpenTofu's); without one,
		// a failing exit status is a failure that the output did not explain.
		ok = assert.Equal(t, 0, r.code, "%s test exit status", tool) && ok
	}
	return ok
}

// TestVariablesIdenticalInEveryStack makes running the variable cases on one stack
// enough: every stack declares its variables exactly as that stack does, which declares
// them all; only the alarm subscriptions are absent from stacks without an alarm topic.
func TestVariablesIdenticalInEveryStack(t *testing.T) {
	base := synthesized[variablesTFTestStack].block("variable")
	require.NotEmpty(t, base)
	require.Len(t, base, len(variablesOf(true, false)), "%s declares every variable", variablesTFTestStack)
	envs := map[string]Environment{}
	for _, env := range Environments() {
		envs[env.Stack] = env
	}
	for name, s := range synthesized {
		declared := s.block("variable")
		var want []string
		for _, v := range variablesOf(envs[name].AlarmTopic != "", false) {
			want = append(want, v.name)
			assert.Equal(t, base[v.name], declared[v.name], "stack %s declares %s otherwise than %s", name, v.name, variablesTFTestStack)
		}
		assert.ElementsMatch(t, want, slices.Collect(maps.Keys(declared)), "variables of stack %s", name)
	}
}

// terraformEnv is the environment with every TF_*, TOFU_* and CHECKPOINT_* variable of
// the caller removed (TF_CLI_ARGS, TF_VAR_*, TF_DATA_DIR, TF_WORKSPACE,
// TF_PLUGIN_CACHE_DIR would change the run), cliConfig as the CLI configuration file, and
// no version check over the network.
func terraformEnv(cliConfig string) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "TF_") || strings.HasPrefix(kv, "TOFU_") || strings.HasPrefix(kv, "CHECKPOINT_")
	})
	return append(env,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1",
	)
}

// runTerraform runs the binary tf in dir and returns its combined output and exit code;
// the error is set when it could not start or outlived its 10 minutes.
func runTerraform(ctx context.Context, tf, dir string, env []string, args ...string) (string, int, error) {
	return runTerraformNice(ctx, 0, tf, dir, env, args...)
}

// batchNice is the scheduling priority (nice(1), 0 to 19) of the Terraform processes of
// the Terraform tier and of TestVaultLockImport: work that only needs CPU. The deploy
// tier's processes keep the default, 0: its applies, re-plans and destroys follow one
// another and wait on the provider's polls (an SQS queue's 25 s, a KMS key's 13 s), so
// they are the chain that decides when go test ./... ends; under the batch's load that
// chain slowed, and at its end one core idled while the rest of the chain ran alone.
const batchNice = 10

// runTerraformNice is runTerraform at the priority nice (0: the caller's); the providers
// Terraform starts inherit it.
func runTerraformNice(ctx context.Context, nice int, tf, dir string, env []string, args ...string) (string, int, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tf, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Start()
	if err == nil {
		if nice != 0 {
			// Before Terraform starts its providers (it reads its configuration first).
			_ = syscall.Setpriority(syscall.PRIO_PROCESS, cmd.Process.Pid, nice)
		}
		err = cmd.Wait()
	}
	var exit *exec.ExitError
	if err != nil && (!errors.As(err, &exit) || ctx.Err() != nil) {
		return out.String(), -1, fmt.Errorf("%s %s: %v\n%s", filepath.Base(tf), strings.Join(args, " "), err, out.String())
	}
	return out.String(), cmd.ProcessState.ExitCode(), nil
}

// TestTierFilesCompose composes, without Terraform, every file of the tier as the tier
// does beside each stack (and the cluster group for its modules): every include must
// resolve and leave no `# tier:include` behind, every fragment of shared/ must be
// included somewhere, and every file must get provider blocks (without them Terraform
// looks for real credentials). KAFKA_EFS_TFTEST_OUT=<dir> writes the composed files to
// <dir>/<stack>/, for running them by hand (see testdata/terraform/README.md).
func TestTierFilesCompose(t *testing.T) {
	require.Equal(t, baseVariableValues()["vpc_id"], tierVPC, "the lookups' VPC is the variables' (a different one fails the mount targets' preconditions)")
	composed := map[string]map[string]string{oneClusterGroup: oneClusterTFTests(t)}
	for _, env := range Environments() {
		composed[env.Stack] = stackTFTests(t, env.Stack)
	}
	fragments, err := filepath.Glob(filepath.Join(tierSharedDir, "*.hcl"))
	require.NoError(t, err)
	unused := map[string]bool{}
	for _, f := range fragments {
		unused[strings.TrimSuffix(filepath.Base(f), ".hcl")] = true
	}
	for _, name := range tierStackFragments {
		unused[name] = true // a stack's fragment that no run includes would check nothing
	}
	out := os.Getenv("KAFKA_EFS_TFTEST_OUT")
	for _, stack := range slices.Sorted(maps.Keys(composed)) {
		asserts := 0
		for name, text := range composed[stack] {
			for line := range strings.SplitSeq(text, "\n") {
				assert.False(t, tierInclude.MatchString(line), "%s beside %s: %q is left", name, stack, line)
			}
			assert.Regexp(t, `(?m)^(mock_)?provider "aws" \{$`, text, "%s beside %s: no provider block (include real-providers or mock-providers)", name, stack)
			if stack != oneClusterGroup {
				_, err := moduleRuns(text, stack)
				assert.NoError(t, err, "%s beside %s: the tier runs it in the folder of every stack (testStacks)", name, stack)
			}
			asserts += strings.Count(text, "assert {")
			if out != "" {
				require.NoError(t, os.MkdirAll(filepath.Join(out, stack), 0o755))
				require.NoError(t, os.WriteFile(filepath.Join(out, stack, name), []byte(text), 0o644))
			}
		}
		for _, sub := range append([]string{oneClusterGroup, stack}, "common", "production") {
			paths, _ := filepath.Glob(filepath.Join(tftestDir, sub, "*.tftest.hcl"))
			for _, name := range tierStackFragments {
				if p := filepath.Join(tftestDir, sub, name+".hcl"); func() bool { _, err := os.Stat(p); return err == nil }() {
					paths = append(paths, p)
				}
			}
			for _, p := range paths {
				b, err := os.ReadFile(p)
				require.NoError(t, err)
				for line := range strings.SplitSeq(string(b), "\n") {
					if m := tierInclude.FindStringSubmatch(line); m != nil {
						delete(unused, m[2])
					}
				}
			}
		}
		t.Logf("%s: %d files, %d assert blocks", stack, len(composed[stack]), asserts)
	}
	assert.Empty(t, unused, "fragments (of %s, or a stack's) that no file includes", tierSharedDir)
}
