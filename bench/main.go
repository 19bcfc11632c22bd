// Command bench measures what kafka-efs costs above the floor that cdktf, jsii and the
// AWS provider bindings set for any Go app (see docs/design.md "Mind the jsii floor"), and
// checks the targets of the benchmark issue. Run it from the repository:
//
//	go run ./bench            # 5 runs of each synth; -h for the flags
//
// It builds the app and the floor app (bench/floor), runs them alternately, each run with
// a fresh TMPDIR and CDKTF_OUTDIR, and compares medians of wall time, CPU time and peak
// memory of the whole process tree (Go and Node). It then times `go test -count=1 ./...`
// and `go test -count=1 -short ./...` alternately (-short also with ./stacks/ named first,
// and over ./stacks/ alone), with `go test -count=1 -skip ^TestDeployTier$ ./...` between
// them (the differences are the Terraform tier and the deploy tier), the same suite in a
// copy of the repository with one more test binary that starts jsii (the cost that decides
// where the construct's tests live), `cdktf synth` through the CLI and a build with an
// empty build cache, and counts what each run left in its temp folder. Figures compare
// within one run only: run it on a quiet machine. Linux only (it reads /proc).
package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Targets of the benchmark issues: upper limits of ratios measured in one run, and of the
// wall time the Terraform tier adds.
const (
	synthWallLimit = 1.15 // app synth wall time / floor synth wall time
	synthMemLimit  = 1.15 // app synth peak memory / floor synth peak memory
	shortWallLimit = 2.5  // go test -count=1 -short ./... wall time / floor synth wall time
	cliWallLimit   = 1.5  // cdktf synth wall time / direct app synth wall time
	// tierAddedLimit is the most wall time, in seconds, that the Terraform tier may add:
	// go test ./... minus go test -short ./..., medians of the same session.
	tierAddedLimit = 45.0
	// deployAddedLimit is the most wall time, in seconds, that the deploy tier
	// (TestDeployTier: every stack applied, re-planned and destroyed against moto_server)
	// may add: go test ./... minus go test -skip TestDeployTier ./..., medians of the same
	// session.
	deployAddedLimit = 120.0
)

// deployLines is how many lines the deploy tier reports when it runs: one per stack, the
// interrupted apply and the import of a file system left behind.
const deployLines = 7

// tierStacks is how many stacks the Terraform tier reports on when it runs.
const tierStacks = 3

// cliVersion is the cdktf CLI the project pins.
const cliVersion = "0.20.12"

type options struct {
	runs, testRuns              int
	skipTest, skipCLI, skipCold bool
	skipLayout                  bool
	strict                      bool
	interval, timeout           time.Duration
}

func main() {
	var o options
	flag.IntVar(&o.runs, "runs", 5, "runs of each synth (app, floor, CLI), alternated")
	flag.IntVar(&o.testRuns, "test-runs", 1, "runs of go test -count=1 ./... and of go test -count=1 -short ./..., alternated")
	flag.BoolVar(&o.skipTest, "skip-test", false, "do not time go test (full and -short)")
	flag.BoolVar(&o.skipCLI, "skip-cli", false, "do not time cdktf synth through the CLI")
	flag.BoolVar(&o.skipCold, "skip-cold", false, "do not time a build with an empty build cache")
	flag.BoolVar(&o.skipLayout, "skip-layout", false, "do not time go test with one more jsii test binary (the test layout decision)")
	flag.BoolVar(&o.strict, "strict", false, "exit 1 if a target is missed")
	// Each reading scans /proc for every process of the machine: at 10 ms that took about
	// 15% of a core with 70 processes, more with the tiers' hundred, on the two cores it
	// measures. At 50 ms the synths (5 s) still get a hundred readings for their peak.
	flag.DurationVar(&o.interval, "interval", 50*time.Millisecond, "how often to read the process tree (each reading scans /proc)")
	flag.DurationVar(&o.timeout, "timeout", 10*time.Minute, "time limit of one measured command")
	flag.Parse()
	if o.runs < 1 || o.testRuns < 1 {
		fmt.Fprintln(os.Stderr, "bench: -runs and -test-runs must be at least 1")
		os.Exit(2)
	}
	os.Exit(run(o))
}

// run takes every measurement and prints the table. It returns 2 if the benchmark could
// not run, 1 if the synths failed or -strict is set and a target is missed, else 0.
func run(o options) int {
	repo, err := moduleRoot()
	if err != nil {
		return fail(err)
	}
	scratch, err := os.MkdirTemp("", "kafka-efs-bench-*")
	if err != nil {
		return fail(err)
	}
	defer os.RemoveAll(scratch)
	r := runner{scratch: scratch, interval: o.interval, timeout: o.timeout}

	fmt.Println(machine())
	b, err := buildBinaries(r, repo)
	if err != nil {
		return fail(err)
	}
	app, floor, err := benchSynth(r, o.runs, b)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	rows := append(synthRows(app, floor), invalidConfigRow(r, b.app))
	if o.skipTest {
		rows = append(rows, skipRow("go test -count=1 ./...", "-skip-test"))
	} else {
		rows = append(rows, testRows(benchTests(r, repo, o.testRuns), floor)...)
	}
	if o.skipTest || o.skipLayout {
		rows = append(rows, skipRow("one more jsii test binary", "-skip-test or -skip-layout"))
	} else {
		l, err := benchLayout(r, repo, o.testRuns)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
		}
		rows = append(rows, layoutRows(l, err)...)
	}
	if o.skipCLI {
		rows = append(rows, skipRow("cdktf synth (CLI)", "-skip-cli"))
	} else {
		cli, err := benchCLI(r, repo, o.runs, app[0].stacks)
		rows = append(rows, cliRows(cli, err, app)...)
	}
	if o.skipCold {
		rows = append(rows, skipRow("cold build", "-skip-cold"))
	} else {
		rows = append(rows, coldRow(benchCold(r, repo), b.warm))
	}

	fmt.Println()
	printTable(os.Stdout, rows)
	fmt.Println("load after:", loadAvg())
	if o.strict && slices.ContainsFunc(rows, func(r row) bool { return r.verdict == "FAIL" }) {
		return 1
	}
	return 0
}

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "bench:", err)
	return 2
}

// moduleRoot returns the folder of go.mod, so the benchmark runs from anywhere in the repo.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside the kafka-efs module (go env GOMOD: %q, %v)", gomod, err)
	}
	return filepath.Dir(gomod), nil
}

// binaries are the two programs under test, built with the warm build cache.
type binaries struct {
	app, floor string
	warm       time.Duration // wall time of the warm build of the app
}

// buildBinaries builds the app and the floor into the scratch folder. Building first
// keeps compile time out of the synth figures; `go run .` would add it.
func buildBinaries(r runner, repo string) (binaries, error) {
	b := binaries{app: filepath.Join(r.scratch, "app"), floor: filepath.Join(r.scratch, "floor")}
	for _, t := range []struct{ out, pkg string }{{b.app, "."}, {b.floor, "./bench/floor"}} {
		res := r.measure([]string{"go", "build", "-o", t.out, t.pkg}, repo, os.Environ())
		if res.err != nil {
			return b, res.err
		}
		fmt.Printf("built %-13s in %.2fs (warm build cache)\n", t.pkg, res.wall.Seconds())
		if t.pkg == "." {
			b.warm = res.wall
		}
	}
	return b, nil
}

// benchSynth runs the app and the floor alternately, so that drift in the machine's load
// hits both alike. The floor synthesizes as many stacks as the app wrote.
func benchSynth(r runner, runs int, b binaries) (app, floor series, err error) {
	appJob := job{name: "app synth", argv: []string{b.app}, setOutdir: true}
	floorJob := job{name: "floor synth", argv: []string{b.floor}, setOutdir: true}
	for i := 1; i <= runs; i++ {
		a := r.run(appJob)
		fmt.Println(describe(appJob.name, i, a))
		if a.err != nil || a.stacks == 0 {
			return nil, nil, fmt.Errorf("the app did not synthesize (%d stacks written)", a.stacks)
		}
		app = append(app, a)
		floorJob.env = []string{"BENCH_STACKS=" + strconv.Itoa(a.stacks)}
		f := r.run(floorJob)
		fmt.Println(describe(floorJob.name, i, f))
		if f.err != nil || f.stacks != a.stacks {
			return nil, nil, fmt.Errorf("the floor wrote %d stacks, the app %d", f.stacks, a.stacks)
		}
		floor = append(floor, f)
	}
	return app, floor, nil
}

func synthRows(app, floor series) []row {
	appLeft, appNames := app.leftovers()
	floorLeft, floorNames := floor.leftovers()
	return []row{
		ratioRow("synth wall, app vs floor", app.wall(), floor.wall(), "s", synthWallLimit),
		ratioRow("synth CPU user+sys, app vs floor", app.cpu(), floor.cpu(), "s", 0),
		ratioRow("synth peak memory, app vs floor", app.peakMiB(), floor.peakMiB(), "MiB", synthMemLimit),
		leftoverRow("temp entries left by app synth", appLeft, appNames),
		leftoverRow("temp entries left by floor synth", floorLeft, floorNames),
	}
}

// invalidConfigRow runs the app once with an invalid region, which it refuses before
// synthesizing anything, and counts what that run left in its temp folder: the jsii
// runtime is extracted there when the bindings' packages initialize, before main runs.
func invalidConfigRow(r runner, app string) row {
	j := job{name: "app, bad config", argv: []string{app}, setOutdir: true, env: []string{"KAFKA_EFS_REGION=mars-1"}}
	res := r.run(j)
	var exit *exec.ExitError
	if errors.As(res.err, &exit) && exit.ExitCode() == 1 {
		res.err = nil // the refusal we asked for
	} else if res.err == nil {
		res.err = errors.New("exit status 0: the invalid configuration was accepted")
	}
	fmt.Println(describe(j.name, 1, res))
	left, names := series{res}.leftovers()
	return leftoverRow("temp entries left by app, invalid config", left, names)
}

// testResults are the runs of the whole test suite, of the suite without the Terraform
// tier (-short), and of its build alone.
type testResults struct {
	full, short, buildOnly series
	// stacksFirst are the runs of -short with stacks first on the command line: the same
	// tests, but cmd/go links and runs the test binaries in the order of its package list
	// (./... is in path order, stacks last), so this one shows what that order costs.
	stacksFirst series
	// stacksOnly are the runs of -short over stacks alone: the one test binary of -short
	// that starts a jsii kernel, with the machine to itself. No order of the other
	// binaries makes -short faster than this.
	stacksOnly series
	// noDeploy are the runs of the whole suite without the deploy tier.
	noDeploy series
	// tierRan is false when a full run's Terraform tier reported fewer than tierStacks
	// stacks (it skipped, or failed): the full minus short figure then means nothing.
	tierRan bool
	// deployRan is false when a full run's deploy tier reported fewer than deployLines
	// lines (it skipped, or failed).
	deployRan bool
}

// benchTests times `go test -count=1 ./...` and `go test -count=1 -short ./...`
// alternately (-count=1 bypasses the test result cache; the build cache stays warm): the
// difference is what the Terraform and deploy tiers add; and `go test -count=1 -skip
// ^TestDeployTier$ ./...` in the same rotation, whose difference from the full run is
// the deploy tier's. First `go test -count=1 -short -run ^$ ./...`, which builds and
// links every test binary and runs its TestMain (where the suites synthesize once) but no
// test: what is left of the short run is the tests. The short runs come first in each
// rotation, as the floor's synths do: right after a full run (7 GB of processes, the
// kernel reclaiming) the same -short took 16.7 s and 24.7 CPU-s, and 11.3 s and 17 CPU-s
// on the settled machine minutes later; the edit loop is run on a settled machine.
// TMPDIR is fresh to count what the tests leave; GOTMPDIR gets a folder of its own, since
// the go command keeps its build folders there and removes them itself. The tier's report
// (KAFKA_EFS_TIER_REPORT) goes to the scratch folder, to tell whether the tier ran.
func benchTests(r runner, repo string, runs int) testResults {
	t := testResults{tierRan: true, deployRan: true}
	noDeploy := job{name: "go test -skip TestDeployTier", argv: []string{"go", "test", "-count=1", "-skip", "^TestDeployTier$", "./..."}, dir: repo, ownGoTmp: true}
	short := job{name: "go test -short", argv: []string{"go", "test", "-count=1", "-short", "./..."}, dir: repo, ownGoTmp: true}
	build := job{name: "go test -run ^$", argv: []string{"go", "test", "-count=1", "-short", "-run", "^$", "./..."}, dir: repo, ownGoTmp: true}
	stacksFirst := job{name: "-short, stacks 1st", argv: []string{"go", "test", "-count=1", "-short", "./stacks/", "./..."}, dir: repo, ownGoTmp: true}
	stacksOnly := job{name: "-short, stacks only", argv: []string{"go", "test", "-count=1", "-short", "./stacks/"}, dir: repo, ownGoTmp: true}
	res := r.run(build)
	fmt.Println(describe(build.name, 1, res))
	t.buildOnly = append(t.buildOnly, res)
	for i := 1; i <= runs; i++ {
		for _, f := range []struct {
			j   job
			out *series
		}{{short, &t.short}, {stacksFirst, &t.stacksFirst}, {stacksOnly, &t.stacksOnly}} {
			res = r.run(f.j)
			fmt.Println(describe(f.j.name, i, res))
			*f.out = append(*f.out, res)
		}

		report := filepath.Join(r.scratch, fmt.Sprintf("tier-report-%d.txt", i))
		full := job{name: "go test", argv: []string{"go", "test", "-count=1", "./..."}, dir: repo, ownGoTmp: true,
			env: []string{"KAFKA_EFS_TIER_REPORT=" + report}}
		res = r.run(full)
		fmt.Println(describe(full.name, i, res))
		printPackageTimes(res.stdout)
		t.full = append(t.full, res)
		lines, _ := os.ReadFile(report)
		fmt.Print(indent(string(lines)))
		if n := strings.Count(string(lines), ": tier passed: "); n < tierStacks {
			fmt.Printf("    the Terraform tier reported %d of %d stacks: it skipped or failed (see go test -run TestTerraformTier -v)\n", n, tierStacks)
			t.tierRan = false
		}
		if n := len(regexp.MustCompile(`(?m)^deploy .*; emulator empty`).FindAll(lines, -1)); n < deployLines {
			fmt.Printf("    the deploy tier reported %d of %d lines: it skipped or failed (see go test -run TestDeployTier -v)\n", n, deployLines)
			t.deployRan = false
		}

		res = r.run(noDeploy)
		fmt.Println(describe(noDeploy.name, i, res))
		t.noDeploy = append(t.noDeploy, res)
	}
	return t
}

// indent prefixes every line of s with four spaces.
func indent(s string) string {
	if s == "" {
		return ""
	}
	return "    " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n    ") + "\n"
}

// printPackageTimes prints the time go test reports for each package, slowest first: the
// run time of the package's test binary, not its build.
func printPackageTimes(stdout []byte) {
	type pkg struct {
		name, status string
		secs         float64
	}
	var pkgs []pkg
	for line := range strings.SplitSeq(string(stdout), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || (f[0] != "ok" && f[0] != "FAIL") {
			continue
		}
		secs, err := strconv.ParseFloat(strings.TrimSuffix(f[2], "s"), 64)
		if err == nil {
			pkgs = append(pkgs, pkg{f[1], f[0], secs})
		}
	}
	slices.SortFunc(pkgs, func(a, b pkg) int { return cmp.Compare(b.secs, a.secs) })
	for _, p := range pkgs {
		fmt.Printf("    %-4s %-32s %6.2fs\n", p.status, p.name, p.secs)
	}
}

func testRows(t testResults, floor series) []row {
	failed := func(s series) string {
		if slices.ContainsFunc(s, func(r result) bool { return r.err != nil }) {
			return " (tests FAILED)"
		}
		return ""
	}
	left, names := t.full.leftovers()
	shortLeft, shortNames := t.short.leftovers()
	rows := []row{
		ratioRow("go test -count=1 -short ./... wall vs floor synth"+failed(t.short), t.short.wall(), floor.wall(), "s", shortWallLimit),
		ratioRow("  go test -short -run ^$ (build, link, TestMain)", t.buildOnly.wall(), floor.wall(), "s", 0),
		ratioRow("  go test -short ./stacks/ ./... (stacks linked first)"+failed(t.stacksFirst), t.stacksFirst.wall(), floor.wall(), "s", 0),
		ratioRow("  go test -short ./stacks/ (its one jsii binary alone)"+failed(t.stacksOnly), t.stacksOnly.wall(), floor.wall(), "s", 0),
		ratioRow("go test -count=1 ./... wall vs floor synth"+failed(t.full), t.full.wall(), floor.wall(), "s", 0),
	}
	if t.tierRan {
		rows = append(rows, addedRow("  Terraform tier: ./... -skip TestDeployTier minus -short, wall", t.noDeploy.wall(), t.short.wall(), "-short", tierAddedLimit))
	} else {
		rows = append(rows, skipRow("  Terraform tier: ./... -skip TestDeployTier minus -short, wall", "the tier did not run: see above"))
	}
	if t.deployRan {
		rows = append(rows, addedRow("  deploy tier: ./... minus ./... -skip TestDeployTier, wall", t.full.wall(), t.noDeploy.wall(), "-skip TestDeployTier", deployAddedLimit))
	} else {
		rows = append(rows, skipRow("  deploy tier: ./... minus ./... -skip TestDeployTier, wall", "the deploy tier did not run: see above"))
	}
	return append(rows,
		ratioRow("go test -short CPU user+sys vs floor synth", t.short.cpu(), floor.cpu(), "s", 0),
		ratioRow("go test CPU user+sys vs floor synth", t.full.cpu(), floor.cpu(), "s", 0),
		ratioRow("go test peak memory vs floor synth", t.full.peakMiB(), floor.peakMiB(), "MiB", 0),
		leftoverRow("temp entries left by go test -short", shortLeft, shortNames),
		leftoverRow("temp entries left by go test", left, names),
	)
}

// findCLI returns the cdktf CLI: $CDKTF_CLI, else cdktf on the PATH.
func findCLI() (string, error) {
	if p := os.Getenv("CDKTF_CLI"); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath("cdktf"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("cdktf CLI not found: install with npm install -g cdktf-cli@%s or set CDKTF_CLI", cliVersion)
}

// benchCLI times `cdktf synth` from the repository, which runs the "app" command of
// cdktf.json (`go run .`, whose binary the go command caches) under the CLI's Node.js
// process. CHECKPOINT_DISABLE=1 turns off the CLI's online version check, which fails
// offline. Each run is followed by one of `go run .` alone, with the same output folder
// setting, to split the CLI's cost from its app command's. It returns errSkipped, wrapped,
// if the CLI is missing.
func benchCLI(r runner, repo string, runs, stacks int) (cliResults, error) {
	cli, err := findCLI()
	if err != nil {
		fmt.Println(err)
		return cliResults{}, fmt.Errorf("%w: %v", errSkipped, err)
	}
	version, _, _ := strings.Cut(commandOutput(cli, "--version"), "\n")
	fmt.Println("cdktf CLI:", cli, version)
	viaCLI := job{name: "cdktf synth", argv: []string{cli, "synth", "--output", "{out}"}, dir: repo,
		env: []string{"CHECKPOINT_DISABLE=1"}}
	goRun := job{name: "go run .", argv: []string{"go", "run", "."}, dir: repo, setOutdir: true}
	var c cliResults
	for i := 1; i <= runs; i++ {
		for _, m := range []struct {
			j job
			s *series
		}{{viaCLI, &c.cli}, {goRun, &c.goRun}} {
			res := r.run(m.j)
			if res.err == nil && res.stacks != stacks {
				res.err = fmt.Errorf("%s wrote %d stacks, the app %d", m.j.name, res.stacks, stacks)
			}
			fmt.Println(describe(m.j.name, i, res))
			if res.err != nil {
				return c, res.err
			}
			*m.s = append(*m.s, res)
		}
	}
	return c, nil
}

// cliResults are the runs of `cdktf synth` and of the app command it runs, `go run .`,
// alone: the difference between the two is the CLI's own cost.
type cliResults struct {
	cli, goRun series
}

func cliRows(c cliResults, err error, app series) []row {
	if err != nil {
		return []row{skipRow("cdktf synth (CLI)", "CLI missing or failed: see above")}
	}
	left, names := c.cli.leftovers()
	return []row{
		ratioRow("cdktf synth (CLI) wall vs direct synth", c.cli.wall(), app.wall(), "s", cliWallLimit),
		ratioRow("  go run . (its app command) vs direct", c.goRun.wall(), app.wall(), "s", 0),
		ratioRow("cdktf synth (CLI) peak memory vs direct", c.cli.peakMiB(), app.peakMiB(), "MiB", 0),
		leftoverRow("temp entries left by cdktf synth", left, names),
	}
}

// benchCold builds the app with GOCACHE pointing at an empty folder, so that every package
// is compiled, the standard library included. GOMODCACHE stays as it is: the module
// sources are already downloaded and extracted, so this is a cold build, not a first
// checkout. The cache is removed afterwards.
func benchCold(r runner, repo string) result {
	cache := filepath.Join(r.scratch, "gocache")
	defer os.RemoveAll(cache)
	env := append(os.Environ(), "GOCACHE="+cache)
	res := r.measure([]string{"go", "build", "-o", filepath.Join(r.scratch, "cold"), "."}, repo, env)
	fmt.Println(describe("cold build", 1, res))
	fmt.Printf("    build cache filled: %.0f MiB\n", mib(dirSize(cache)))
	return res
}

func coldRow(cold result, warm time.Duration) row {
	if cold.err != nil {
		return row{metric: "cold build (empty GOCACHE) vs warm", measured: "-", verdict: "FAIL"}
	}
	return ratioRow("cold build (empty GOCACHE) vs warm", cold.wall.Seconds(), warm.Seconds(), "s", 0)
}

// dirSize returns the total size of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}
