package stacks

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kafka-efs/kafka-efs/constructs/efscsidriver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The deploy tier: every stack the app writes is applied, planned again and destroyed by
// Terraform with the real hashicorp/aws provider from the mirror, against moto_server (an
// AWS emulator) on 127.0.0.1. What the emulator cannot do stands in the gap table of
// docs/testing.md ("Emulator gaps"), which the tier reads; see docs/testing.md "The deploy
// tier" for what it proves and what it cannot.

// Environment variables of the deploy tier.
const (
	// envMotoServer names the moto_server executable to run instead of moto_server on PATH.
	envMotoServer = "KAFKA_EFS_MOTO_SERVER"
	// envDeployPython names the Python that runs testdata/deploy/emulator.py (with boto3)
	// instead of python3 on PATH.
	envDeployPython = "KAFKA_EFS_DEPLOY_PYTHON"
)

// motoSeries is the moto release series the gap table was written against: another series
// may have closed a gap or opened one, so the tier refuses it.
const motoSeries = "5.2."

// deployScript is the tier's hands in the emulator (boto3).
const deployScript = "testdata/deploy/emulator.py"

// gapTableDoc is the file holding the gap table, from the stacks package.
const gapTableDoc = "../docs/testing.md"

// operationsDoc holds the import command for a file system left outside the state.
const operationsDoc = "../docs/operations.md"

// interruptStack is the stack whose apply is interrupted and whose file system is imported.
const interruptStack = "dev"

// gapCover is how the tier steps over one gap of the emulator.
type gapCover string

const (
	// coverNotApplied: the resources of the type are left out of the apply, re-plan and
	// destroy (-target names every other resource): the emulator lacks the API creating
	// or reading them.
	coverNotApplied gapCover = "not applied"
	// coverForgotten: the resources are applied, then removed from the state before the
	// destroy (terraform state rm): the emulator lacks the API deleting them, and deleting
	// their parent removes them (a file system's policy goes with the file system).
	coverForgotten gapCover = "forgotten before destroy"
	// coverReplan: a re-plan change of the named attributes is forgiven: the emulator does
	// not read them back.
	coverReplan gapCover = "re-plan change forgiven"
	// coverSetting: the emulator runs with the setting named in the cover cell.
	coverSetting gapCover = "emulator setting"
)

// gapRow is one row of the gap table.
type gapRow struct {
	typ     string   // resource type, or data.<type> for a data source
	attrs   []string // attributes whose re-plan change is forgiven (coverReplan only)
	missing string   // what the emulator lacks
	moto    string   // the moto version the gap was seen with
	cover   gapCover
	setting string // NAME=VALUE (coverSetting only)
}

// gapHeader is the gap table's header row in docs/testing.md.
var gapHeader = []string{"resource type", "attribute", "what moto lacks", "moto", "cover"}

var settingCover = regexp.MustCompile("^emulator setting `([A-Z_]+=[^`]+)`$")

// parseGapTable reads the gap table (the Markdown table whose header is gapHeader) from
// the text of docs/testing.md.
func parseGapTable(md string) ([]gapRow, error) {
	var rows []gapRow
	in := false
	for i, line := range strings.Split(md, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			if in {
				break
			}
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for j := range cells {
			cells[j] = strings.TrimSpace(cells[j])
		}
		if !in {
			in = slices.Equal(cells, gapHeader)
			continue
		}
		if strings.Trim(strings.Join(cells, ""), "-: ") == "" {
			continue // the delimiter row
		}
		if len(cells) != len(gapHeader) {
			return nil, fmt.Errorf("line %d: %d cells, want %d (%s)", i+1, len(cells), len(gapHeader), strings.Join(gapHeader, ", "))
		}
		r := gapRow{typ: strings.Trim(cells[0], "`"), missing: cells[2], moto: cells[3], cover: gapCover(cells[4])}
		for _, a := range strings.Split(cells[1], ",") {
			if a = strings.Trim(strings.TrimSpace(a), "`"); a != "" {
				r.attrs = append(r.attrs, a)
			}
		}
		if m := settingCover.FindStringSubmatch(cells[4]); m != nil {
			r.cover, r.setting = coverSetting, m[1]
		}
		switch {
		case !regexp.MustCompile(`^(data\.)?aws_[a-z0-9_]+$`).MatchString(r.typ):
			return nil, fmt.Errorf("line %d: resource type %q: want aws_... or data.aws_...", i+1, cells[0])
		case !slices.Contains([]gapCover{coverNotApplied, coverForgotten, coverReplan, coverSetting}, r.cover):
			return nil, fmt.Errorf("line %d: cover %q: want %q, %q, %q or \"emulator setting `NAME=VALUE`\"", i+1, cells[4], coverNotApplied, coverForgotten, coverReplan)
		case (r.cover == coverReplan) != (len(r.attrs) > 0):
			return nil, fmt.Errorf("line %d: the attribute column names the attributes of a %q row, and only there", i+1, coverReplan)
		case !strings.HasPrefix(r.moto, motoSeries):
			return nil, fmt.Errorf("line %d: moto %q: the table is for moto %sx", i+1, r.moto, motoSeries)
		case r.missing == "":
			return nil, fmt.Errorf("line %d: say what moto lacks", i+1)
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no gap table (header | %s |)", strings.Join(gapHeader, " | "))
	}
	return rows, nil
}

// gaps is the parsed gap table, by cover.
type gaps []gapRow

func loadGaps(t *testing.T) gaps {
	t.Helper()
	raw, err := os.ReadFile(gapTableDoc)
	require.NoError(t, err)
	rows, err := parseGapTable(string(raw))
	require.NoError(t, err, "%s: the gap table", gapTableDoc)
	return rows
}

// types returns the types of the rows with that cover.
func (g gaps) types(c gapCover) map[string]bool {
	m := map[string]bool{}
	for _, r := range g {
		if r.cover == c {
			m[r.typ] = true
		}
	}
	return m
}

// forgiven reports whether a re-plan change of typ's attribute attr stands in the table.
func (g gaps) forgiven(typ, attr string) bool {
	return slices.ContainsFunc(g, func(r gapRow) bool {
		return r.cover == coverReplan && r.typ == typ && slices.Contains(r.attrs, attr)
	})
}

// settings returns the emulator settings of the table, NAME=VALUE.
func (g gaps) settings() []string {
	var s []string
	for _, r := range g {
		if r.cover == coverSetting && !slices.Contains(s, r.setting) {
			s = append(s, r.setting)
		}
	}
	return s
}

// TestEmulatorGapTable reads the gap table without the emulator (so -short too): every
// row names a type some stack declares (a row outlives no type), in a well-formed row.
// The deploy tier proves the rest: a type without its row fails to apply, re-plan or
// destroy there.
func TestEmulatorGapTable(t *testing.T) {
	declared := map[string]bool{}
	for _, stack := range deployStacks() {
		var doc stackJSON
		require.NoError(t, json.Unmarshal([]byte(rawSynth[stack]), &doc))
		for typ := range doc.block("resource") {
			declared[typ] = true
		}
		for typ := range doc.block("data") {
			declared["data."+typ] = true
		}
	}
	for _, r := range loadGaps(t) {
		assert.True(t, declared[r.typ], "%s: the gap table names %s, which no stack declares: remove the row", gapTableDoc, r.typ)
	}
}

// deployStacks are the stacks the app writes with its default settings.
func deployStacks() []string {
	return StackNames(Clusters(), Environments(), testSettings)
}

// emulator is one moto_server on 127.0.0.1 for the whole test process.
type emulator struct {
	url     string
	python  string
	program string // emulator.py
	log     string
	account atomic.Int64 // the last account handed out
}

// findMoto returns moto_server and a Python with boto3 and moto of motoSeries, or what is
// missing.
func findMoto() (server, python string, err error) {
	server = os.Getenv(envMotoServer)
	if server == "" {
		if server, err = exec.LookPath("moto_server"); err != nil {
			return "", "", fmt.Errorf("moto_server is not on PATH: pip install 'moto[server]==5.2.*' (or set %s)", envMotoServer)
		}
	}
	python = cmpOr(os.Getenv(envDeployPython), "python3")
	out, err := exec.Command(python, "-c", "import sys, boto3, moto; print(moto.__version__, sys.executable)").CombinedOutput()
	if err != nil {
		return "", "", fmt.Errorf("%s cannot import boto3 and moto (%v: %s): pip install 'moto[server]==5.2.*' (or set %s)", python, err, bytes.TrimSpace(out), envDeployPython)
	}
	v, exe, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	if !strings.HasPrefix(v, motoSeries) {
		return "", "", fmt.Errorf("moto %s: the gap table of %s is for moto %sx: pip install 'moto[server]==5.2.*'", v, gapTableDoc, motoSeries)
	}
	// The interpreter itself rather than a wrapper in front of it (pyenv's shim is a shell
	// script costing a third of a second of CPU per run).
	if filepath.IsAbs(exe) {
		python = exe
	}
	return server, python, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// startEmulator starts moto_server with settings (NAME=VALUE) on a free port of
// 127.0.0.1, waits until it answers, and stops its whole process group when t ends.
func startEmulator(t *testing.T, server, python string, settings []string) *emulator {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	script, err := filepath.Abs(deployScript)
	require.NoError(t, err)
	e := &emulator{url: fmt.Sprintf("http://127.0.0.1:%d", port), python: python, program: script,
		log: filepath.Join(t.TempDir(), "moto.log")}
	e.account.Store(100000000000)
	logFile, err := os.Create(e.log)
	require.NoError(t, err)
	defer logFile.Close()
	cmd := exec.Command(server, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.Env = append(awsFreeEnv(), settings...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// A group of its own, so that the kill reaches the Python behind a wrapper (pyenv's
	// shim); and a kill when the test process dies without its cleanups (a panic, a
	// timeout).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			raw, _ := os.ReadFile(e.log)
			t.Fatalf("moto_server did not listen on 127.0.0.1:%d within 60 s:\n%s", port, raw)
		}
		time.Sleep(200 * time.Millisecond)
	}
	return e
}

// awsFreeEnv is the test's environment without AWS_* variables, so that no profile,
// credential or endpoint of the user's can reach a process of the tier.
func awsFreeEnv() []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "AWS_") })
}

// account is a fresh emulator account: each workspace works in its own, so that the
// workspaces run side by side and each inventory holds one workspace's resources.
type account struct{ key, secret string }

// env is what a process needs to reach the emulator as that account, and only it.
func (e *emulator) env(a account) []string {
	return []string{
		"AWS_ENDPOINT_URL=" + e.url,
		"AWS_ACCESS_KEY_ID=" + a.key,
		"AWS_SECRET_ACCESS_KEY=" + a.secret,
		"AWS_EC2_METADATA_DISABLED=true",
		// The SDK retries a server error 25 times by default (the provider's max_retries):
		// an API the emulator lacks would hold the apply for minutes.
		"AWS_MAX_ATTEMPTS=2",
	}
}

// script runs emulator.py and decodes its JSON answer into v.
func (e *emulator) script(t *testing.T, v any, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, e.python, append([]string{e.program}, args...)...)
	cmd.Env = append(awsFreeEnv(), "AWS_ENDPOINT_URL="+e.url)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "emulator.py %s: %s", args[0], stderr.String())
	require.NoError(t, json.Unmarshal(out, v), "emulator.py %s printed %q", args[0], out)
}

// prepared is what emulator.py workspace created for a stack.
type prepared struct {
	VpcID                  string   `json:"vpc_id"`
	PrivateSubnetIDs       []string `json:"private_subnet_ids"`
	EksNodeSecurityGroupID string   `json:"eks_node_security_group_id"`
	EksClusterNames        []string `json:"eks_cluster_names"`
}

func (e *emulator) inventory(t *testing.T, a account) map[string][]string {
	t.Helper()
	var inv map[string][]string
	e.script(t, &inv, "inventory", a.key, a.secret)
	return inv
}

func (e *emulator) fileSystems(t *testing.T, a account, token string) []string {
	t.Helper()
	ids, err := e.quickFileSystems(t.Context(), a, token)
	require.NoError(t, err)
	return ids
}

// quickFileSystems asks the emulator's EFS API directly, without a Python process (a
// second of CPU), for the file systems with the creation token: the interrupted apply
// polls it. moto reads the
// account from the access key in the Authorization header and checks no signature.
func (e *emulator) quickFileSystems(ctx context.Context, a account, token string) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.url+"/2015-02-01/file-systems?CreationToken="+url.QueryEscape(token), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+a.key+"/20260101/us-east-1/elasticfilesystem/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var body struct {
		FileSystems []struct{ FileSystemId string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("DescribeFileSystems: HTTP %d, %v", resp.StatusCode, err)
	}
	var ids []string
	for _, f := range body.FileSystems {
		ids = append(ids, f.FileSystemId)
	}
	return ids, nil
}

// deployTier is what every scenario of the tier shares.
type deployTier struct {
	*tierSetup
	emu  *emulator
	gaps gaps
	// slots bounds the Terraform processes at once: they wait on the emulator (a single
	// Python process) as much as they compute.
	slots chan struct{}
}

// TestDeployTier applies, plans again and destroys every stack against moto_server (the
// cluster stacks in one workspace, the production ones in another: deployGroup; dev on its
// own: deployDev), proves the production stacks' protections by running them, converges
// an interrupted apply, proves the operations guide's import entry, and, with
// KAFKA_EFS_CDKTF_CLI set, deploys and destroys dev through the cdktf CLI. One emulator
// serves the whole test process.
func TestDeployTier(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("-short: the deploy tier (apply, re-plan and destroy of every stack against moto_server) is skipped on purpose; go test ./... runs it")
	}
	tool, mirror := tierTools(t)
	if tool.name != "terraform" {
		t.Skipf("SKIPPED, NOT PASSED: the deploy tier runs Terraform only (%s is %s)", tool.path, tool.name)
	}
	server, python, err := findMoto()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("deploy tier cannot run in CI: %v", err)
		}
		t.Skipf("SKIPPED, NOT PASSED: deploy tier: %v", err)
	}
	g := loadGaps(t)
	d := &deployTier{tierSetup: newTierSetup(t, tool, mirror, t.TempDir()), gaps: g, slots: make(chan struct{}, 4)}
	d.emu = startEmulator(t, server, python, g.settings())
	t.Logf("moto_server at %s (settings %v), %s %s, hashicorp/aws %s", d.emu.url, g.settings(), tool.name, tool.version, mirror.version)

	// The scenarios run side by side in goroutines rather than as parallel subtests, which
	// -parallel (GOMAXPROCS, 2 here) would run two at a time: a Terraform process spends
	// much of an apply waiting on the emulator and the provider's polls, and d.slots
	// bounds the processes.
	scenarios := map[string]func(*testing.T){"cdktf-cli": d.cdktfDeploy, interruptStack: d.deployDev}
	for _, group := range deployGroups() {
		scenarios[strings.Join(group, "+")] = func(t *testing.T) { d.deployGroup(t, group) }
	}
	// The longest first, so that they queue first for d.slots: the production stacks
	// (the most resources, the refusal), then dev (its scenarios one after the other).
	order := slices.SortedFunc(maps.Keys(scenarios), func(a, b string) int {
		rank := func(s string) int {
			switch {
			case strings.HasPrefix(s, "prod"):
				return 0
			case s == interruptStack:
				return 1
			}
			return 2
		}
		return cmp.Or(rank(a)-rank(b), strings.Compare(a, b))
	})
	var wg sync.WaitGroup
	for _, name := range order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.Run(name, scenarios[name])
		}()
		time.Sleep(10 * time.Millisecond) // in that order
	}
	wg.Wait()
	t.Cleanup(func() {
		if t.Failed() {
			// The request lines of successful calls say nothing about a failure.
			raw, _ := os.ReadFile(d.emu.log)
			lines := slices.DeleteFunc(strings.Split(string(raw), "\n"), func(l string) bool {
				return regexp.MustCompile(`" [23]\d\d -$`).MatchString(l)
			})
			t.Logf("moto_server's log, last lines:\n%s", strings.Join(lines[max(0, len(lines)-60):], "\n"))
		}
	})
}

// workspace is the stacks of one scenario laid out in a folder of their own, with an
// emulator account of their own: one stack as the root module (dev, whose proofs run the
// operations guide's commands as written), or several, each a module of a root that
// passes it its variables, as a user deploys them to one account and region. One
// Terraform process then applies, plans or destroys them together: every process loads
// the provider's schema (about 3.5 s of CPU), and a workspace per stack cost four or five
// processes per stack.
type workspace struct {
	d       *deployTier
	name    string // the stacks, joined by "+"
	dir     string
	acct    account
	members []*member
	targets []string // -target arguments, none when every resource applies
	base    map[string][]string
	prep    prepared
}

// member is one stack of a workspace.
type member struct {
	stack  string
	doc    stackJSON
	module string // "" for the root module, else "module.<stack>"
	dir    string // the folder of its cdk.tf.json
	// skipped are the resources left out (coverNotApplied); dependents those left out as
	// they refer to a skipped one: -target would apply what they refer to, the emulator's
	// gap included. Addresses in the workspace.
	skipped, dependents []string
}

// addr is the workspace address of the member's "type.name".
func (m *member) addr(local string) string {
	if m.module == "" {
		return local
	}
	return m.module + "." + local
}

// only is the workspace's one stack, for the scenarios that need it at the root.
func (w *workspace) only(t *testing.T) *member {
	t.Helper()
	require.Len(t, w.members, 1, "workspace %s", w.name)
	return w.members[0]
}

// emulatedCluster is the EKS cluster emulator.py creates for a cluster stack.
func emulatedCluster(stack string) string { return "kafka-" + stack }

// newWorkspace writes the stacks' JSON as synthesized (one at the root, or each in a
// module folder), a test-only backend moving the state into the folder (the app's stacks
// keep it beside the project), the variables that point them at what emulator.py
// prepared, and runs terraform init.
func (d *deployTier) newWorkspace(t *testing.T, stacks ...string) *workspace {
	t.Helper()
	w := &workspace{d: d, name: strings.Join(stacks, "+"), dir: t.TempDir()}
	args := []string{"workspace", strconv.FormatInt(d.emu.account.Add(1), 10)}
	var roles []string
	for _, stack := range stacks {
		raw, ok := rawSynth[stack]
		require.True(t, ok, "stack %s was not synthesized", stack)
		m := &member{stack: stack, dir: w.dir}
		if len(stacks) > 1 {
			m.module, m.dir = "module."+stack, filepath.Join(w.dir, stack)
			require.NoError(t, os.Mkdir(m.dir, 0o700))
		}
		require.NoError(t, json.Unmarshal([]byte(raw), &m.doc))
		require.NoError(t, os.WriteFile(filepath.Join(m.dir, "cdk.tf.json"), []byte(raw), 0o600))
		roles = append(roles, nodeRoles(m.doc)...)
		if _, ok := m.doc.block("variable")["eks_cluster_name"]; ok {
			args = append(args, "--eks-cluster", emulatedCluster(stack))
		}
		w.members = append(w.members, m)
	}
	slices.Sort(roles)
	for _, role := range slices.Compact(roles) {
		args = append(args, "--node-role", role)
	}
	if len(roles) > 0 {
		args = append(args, "--node-role-trust", nodeRoleTrust(t))
	}
	var made struct {
		Account   struct{ Key, Secret string }
		Prepared  prepared
		Inventory map[string][]string
	}
	d.emu.script(t, &made, args...)
	w.acct, w.prep, w.base = account{made.Account.Key, made.Account.Secret}, made.Prepared, made.Inventory

	backend := map[string]any{"backend": map[string]any{"local": map[string]any{"path": "terraform.tfstate"}}}
	modules := map[string]any{}
	for _, m := range w.members {
		values := map[string]any{}
		for name, v := range map[string]any{
			"vpc_id": w.prep.VpcID, "private_subnet_ids": w.prep.PrivateSubnetIDs,
			"eks_node_security_group_id": w.prep.EksNodeSecurityGroupID, "eks_cluster_name": emulatedCluster(m.stack),
		} {
			if _, ok := m.doc.block("variable")[name]; ok {
				values[name] = v
			}
		}
		if name, ok := values["eks_cluster_name"]; ok {
			require.Contains(t, w.prep.EksClusterNames, name, "emulator.py created the cluster of %s", m.stack)
		}
		if m.module == "" {
			writeJSON(t, filepath.Join(w.dir, "backend_override.tf.json"), map[string]any{"terraform": backend})
			writeJSON(t, filepath.Join(w.dir, "terraform.tfvars.json"), values)
		} else {
			values["source"] = "./" + m.stack
			modules[m.stack] = values
		}

		left := leftOut(m.doc, d.gaps.types(coverNotApplied))
		for _, typ := range slices.Sorted(maps.Keys(m.doc.block("resource"))) {
			for _, name := range slices.Sorted(maps.Keys(m.doc.resources(typ))) {
				switch addr := m.addr(typ + "." + name); left[typ+"."+name] {
				case leftGap:
					m.skipped = append(m.skipped, addr)
				case leftDependent:
					m.dependents = append(m.dependents, addr)
				default:
					w.targets = append(w.targets, "-target="+addr)
				}
			}
		}
		if len(m.dependents) > 0 {
			t.Logf("%s: left out with the gap table's types, as they refer to one of them: %s", m.stack, strings.Join(m.dependents, ", "))
		}
	}
	if len(modules) > 0 {
		// The modules keep their own provider blocks (region, default tags, the backup
		// copy's alias) and backend blocks, which Terraform ignores in a module, warning.
		writeJSON(t, filepath.Join(w.dir, "main.tf.json"), map[string]any{"terraform": backend, "module": modules})
	}
	if !slices.ContainsFunc(w.members, func(m *member) bool { return len(m.skipped) > 0 }) {
		w.targets = nil
	}
	if out, code := w.tf(t, "init", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("terraform init (exit %d):\n%s", code, out)
	}
	return w
}

// Why leftOut leaves a block out.
const (
	leftGap       = 1 // its type is "not applied" in the gap table
	leftDependent = 2 // it refers, directly or through other blocks, to a leftGap block
)

// leftOut returns the resource and data blocks of doc (addresses "type.name" and
// "data.type.name") that the deploy tier leaves out: those of the gap table's "not
// applied" types, and every block that refers to one of them, directly or through other
// blocks, in an expression or depends_on. -target applies what a target refers to, so
// targeting such a block would create the gap's resource after all.
func leftOut(doc stackJSON, notApplied map[string]bool) map[string]int {
	bodies := map[string]string{}
	left := map[string]int{}
	for _, kind := range []string{"resource", "data"} {
		for typ := range doc.block(kind) {
			for name, body := range doc.objects(kind, typ) {
				addr := typ + "." + name
				if kind == "data" {
					addr = "data." + addr
				} else if notApplied[typ] {
					left[addr] = leftGap
				}
				raw, _ := json.Marshal(body)
				bodies[addr] = string(raw)
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for addr, body := range bodies {
			if left[addr] != 0 {
				continue
			}
			for ref := range left {
				if regexp.MustCompile(`(^|[^A-Za-z0-9_.-])` + regexp.QuoteMeta(ref) + `([.\[]|"|$)`).MatchString(body) {
					left[addr], changed = leftDependent, true
					break
				}
			}
		}
	}
	return left
}

// nodeRoleTrust is the trust policy a cluster stack gives its node role
// (efscsidriver.PodIdentityTrust, for an emulated cluster of the stacks' region), as IAM
// JSON with ACCOUNT where the emulator account's ID goes: the file system stack's lookup
// refuses a role of the right name that trusts anything else.
func nodeRoleTrust(t *testing.T) string {
	t.Helper()
	var statements []map[string]any
	for _, st := range efscsidriver.PodIdentityTrust(efscsidriver.Scope{Partition: "aws", Region: testSettings.Region, Account: "ACCOUNT"},
		"kafka-emulated", efscsidriver.NodeServiceAccount) {
		conditions := map[string]map[string]any{}
		for _, c := range st.Conditions {
			if conditions[c.Test] == nil {
				conditions[c.Test] = map[string]any{}
			}
			// IAM returns a condition of one value as a string.
			conditions[c.Test][c.Variable] = c.Values
			if len(c.Values) == 1 {
				conditions[c.Test][c.Variable] = c.Values[0]
			}
		}
		statements = append(statements, map[string]any{
			"Sid": st.Sid, "Effect": st.Effect, "Action": st.Actions,
			"Principal": map[string][]string{st.PrincipalType: st.Principals}, "Condition": conditions,
		})
	}
	raw, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
	require.NoError(t, err)
	return string(raw)
}

// nodeRoles are the role names the stack looks up with an exact name_regex.
func nodeRoles(doc stackJSON) []string {
	var roles []string
	for _, r := range doc.objects("data", "aws_iam_roles") {
		if m := exactRoleName.FindStringSubmatch(fmt.Sprint(r["name_regex"])); m != nil {
			roles = append(roles, m[1])
		}
	}
	slices.Sort(roles)
	return slices.Compact(roles)
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, raw, 0o600))
}

// tf runs terraform in the workspace as its emulator account.
func (w *workspace) tf(t *testing.T, args ...string) (string, int) {
	t.Helper()
	w.d.slots <- struct{}{}
	defer func() { <-w.d.slots }()
	out, code, err := runTerraform(t.Context(), w.d.tool.path, w.dir, w.env(), args...)
	require.NoError(t, err)
	return out, code
}

func (w *workspace) env() []string {
	env := slices.DeleteFunc(w.d.env(w.dir), func(kv string) bool { return strings.HasPrefix(kv, "AWS_") })
	return append(env, w.d.emu.env(w.acct)...)
}

var applied = regexp.MustCompile(`Apply complete! Resources: (\d+) added, (\d+) changed, (\d+) destroyed`)

// apply applies the workspace (its targets) and returns the resources added.
func (w *workspace) apply(t *testing.T) int {
	t.Helper()
	out, code := w.tf(t, append([]string{"apply", "-auto-approve", "-input=false", "-no-color"}, w.targets...)...)
	m := applied.FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("%s: terraform apply failed (exit %d); a type the emulator cannot create needs a row in the gap table of %s:\n%s", w.name, code, gapTableDoc, messages(out))
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// owner is the member whose resource addr is (a workspace address, "module.<stack>." for
// a module).
func (w *workspace) owner(addr string) *member {
	for _, m := range w.members {
		if m.module != "" && strings.HasPrefix(addr, m.module+".") {
			return m
		}
	}
	for _, m := range w.members {
		if m.module == "" {
			return m
		}
	}
	return nil
}

// replan plans again and fails on any change the gap table does not forgive (an update
// of attributes named there). It returns the forgiven changes, "type.attr", by stack. It
// reads the changes from the plan's text (planChanges), not from `terraform show -json`
// of a saved plan, a process that loads the provider's schema again.
func (w *workspace) replan(t *testing.T) map[string][]string {
	t.Helper()
	out, code := w.tf(t, append([]string{"plan", "-detailed-exitcode", "-input=false", "-no-color"}, w.targets...)...)
	switch code {
	case 0:
		return nil
	case 2:
	default:
		t.Fatalf("%s: terraform plan after apply failed (exit %d):\n%s", w.name, code, messages(out))
	}
	changes, err := planChanges(out)
	require.NoError(t, err, "%s: the re-plan's changes:\n%s", w.name, out)
	forgiven := map[string][]string{}
	for _, c := range changes {
		switch c.action {
		case "read":
			continue
		case "update":
		default:
			t.Errorf("%s: the re-plan would %s %s: only an in-place update of an attribute the gap table names is forgiven", w.name, c.action, c.address)
			continue
		}
		stack := w.owner(c.address).stack
		typ := resourceType(c.address)
		for _, attr := range c.attrs {
			if w.d.gaps.forgiven(typ, attr) {
				forgiven[stack] = append(forgiven[stack], typ+"."+attr)
				continue
			}
			t.Errorf("%s: the re-plan changes %s.%s: a perpetual diff, or an emulator gap the table of %s does not name", w.name, c.address, attr, gapTableDoc)
		}
	}
	for stack, f := range forgiven {
		slices.Sort(f)
		forgiven[stack] = slices.Compact(f)
	}
	return forgiven
}

// resourceType is the type in a resource's address ("module.<name>.type.name[key]").
func resourceType(addr string) string {
	parts := strings.Split(addr, ".")
	for len(parts) > 2 && parts[0] == "module" {
		parts = parts[2:]
	}
	return parts[0]
}

// protected returns the member's resources with prevent_destroy ("type.name").
func (m *member) protected() []string {
	var addrs []string
	for typ := range m.doc.block("resource") {
		for name, r := range m.doc.resources(typ) {
			if lc, ok := r["lifecycle"].(map[string]any); ok && lc["prevent_destroy"] == true {
				addrs = append(addrs, typ+"."+name)
			}
		}
	}
	slices.Sort(addrs)
	return addrs
}

// refuseDestroy runs destroy on a workspace holding production stacks: Terraform must
// refuse it, naming each stack's file system among the protected resources, and change
// nothing. Then it writes a test-only override file in each such stack's folder (in the
// workspace alone) that lifts prevent_destroy (an override file may set lifecycle
// arguments one by one). It returns, by stack, what the refusal named.
func (w *workspace) refuseDestroy(t *testing.T) map[string]string {
	t.Helper()
	protected := map[*member][]string{}
	for _, m := range w.members {
		if p := m.protected(); len(p) > 0 {
			protected[m] = p
		}
	}
	if len(protected) == 0 {
		return nil
	}
	// No refresh: the refusal comes from the plan, before any call to the emulator.
	out, code := w.tf(t, "destroy", "-auto-approve", "-input=false", "-no-color", "-refresh=false")
	require.NotZero(t, code, "%s: destroy succeeded despite prevent_destroy:\n%s", w.name, out)
	// Terraform wraps its messages: read the addresses from the unwrapped text. It stops
	// at the first protected layer (the file system and the vault locks), so the keys,
	// destroyed after them, need not be named; every one named must be protected.
	flat := strings.Join(strings.Fields(out), " ")
	refused := map[string][]string{}
	for _, found := range regexp.MustCompile(`Resource (\S+) has lifecycle\.prevent_destroy set`).FindAllStringSubmatch(flat, -1) {
		m := w.owner(found[1])
		local := strings.TrimPrefix(found[1], m.module+".")
		assert.Contains(t, protected[m], local, "%s: the refusal names %s, which the stack does not protect", w.name, found[1])
		refused[m.stack] = append(refused[m.stack], local)
	}
	require.NotEmpty(t, refused, "%s: destroy failed, but not on prevent_destroy:\n%s", w.name, messages(out))
	assert.NotContains(t, out, "Destroy complete", w.name)
	lines := map[string]string{}
	for m, guarded := range protected {
		fsAddr := "aws_efs_file_system." + slices.Sorted(maps.Keys(m.doc.resources("aws_efs_file_system")))[0]
		assert.Contains(t, refused[m.stack], fsAddr, "%s: the refusal names the file system", m.stack)
		override := map[string]any{}
		for _, addr := range guarded {
			typ, name, _ := strings.Cut(addr, ".")
			byName, _ := override[typ].(map[string]any)
			if byName == nil {
				byName = map[string]any{}
				override[typ] = byName
			}
			byName[name] = map[string]any{"lifecycle": map[string]any{"prevent_destroy": false}}
		}
		writeJSON(t, filepath.Join(m.dir, "deploy_teardown_override.tf.json"), map[string]any{"resource": override})
		slices.Sort(refused[m.stack])
		lines[m.stack] = fmt.Sprintf("destroy refused by prevent_destroy (%s)", strings.Join(slices.Compact(refused[m.stack]), ", "))
	}
	return lines
}

// forgettable returns the workspace's resources of the coverForgotten types.
func (w *workspace) forgettable() []string {
	forgotten := w.d.gaps.types(coverForgotten)
	var forget []string
	for _, m := range w.members {
		for typ := range m.doc.block("resource") {
			if forgotten[typ] {
				for name := range m.doc.resources(typ) {
					forget = append(forget, m.addr(typ+"."+name))
				}
			}
		}
	}
	slices.Sort(forget)
	return forget
}

// destroy removes the coverForgotten resources from the state, destroys the workspace,
// and checks that the state holds no resource and the emulator account holds what it
// held before the apply.
func (w *workspace) destroy(t *testing.T) {
	t.Helper()
	w.stateRm(t, w.forgettable()...)
	// With a refresh, as a user's destroy runs: the provider detaches the managed policies
	// of a role only when the refreshed state lists them (managed_policy_arns), and
	// aws_iam_role_policy_attachments_exclusive detaches nothing when destroyed; without
	// it, DeleteRole fails with DeleteConflict. With the apply's targets: a data source only
	// the resources left out read (the cluster stacks' aws_eks_addon_version, whose API the
	// emulator lacks) is then not read either.
	out, code := w.tf(t, append([]string{"destroy", "-auto-approve", "-input=false", "-no-color"}, w.targets...)...)
	require.Zero(t, code, "%s: terraform destroy:\n%s", w.name, messages(out))
	assert.Empty(t, w.stateResources(t), "%s: the state holds resources after destroy", w.name)
	w.assertEmulatorAsBefore(t)
}

// stateRm removes the resources addrs (workspace addresses, "type.name" or
// "module.<stack>.type.name") from the workspace's state file: the resources stay in the
// emulator.
func (w *workspace) stateRm(t *testing.T, addrs ...string) {
	t.Helper()
	stateRm(t, filepath.Join(w.dir, "terraform.tfstate"), addrs...)
}

// stateRm removes the resources addrs ("type.name" or "module.<name>.type.name") from the
// local state file at path, as terraform state rm does, without a Terraform process (it
// loads the provider's schema: 2 CPU-s or more each). It fails when one of them is not in
// the state.
func stateRm(t *testing.T, path string, addrs ...string) {
	t.Helper()
	if len(addrs) == 0 {
		return
	}
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // the attributes' numbers, as written
	var state map[string]any
	require.NoError(t, dec.Decode(&state))
	require.Equal(t, json.Number("4"), state["version"], "%s: the state's format version", path)
	resources, _ := state["resources"].([]any)
	removed := map[string]bool{}
	resources = slices.DeleteFunc(resources, func(r any) bool {
		m, _ := r.(map[string]any)
		addr := fmt.Sprint(m["type"], ".", m["name"])
		if module, ok := m["module"].(string); ok {
			addr = module + "." + addr
		}
		if m["mode"] == "managed" && slices.Contains(addrs, addr) {
			removed[addr] = true
			return true
		}
		return false
	})
	for _, addr := range addrs {
		require.True(t, removed[addr], "%s: %s is not in the state", path, addr)
	}
	serial, err := state["serial"].(json.Number).Int64()
	require.NoError(t, err)
	state["resources"], state["serial"] = resources, serial+1
	out, err := json.MarshalIndent(state, "", "  ")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, out, 0o600))
}

// stateResources returns the managed resource instances in the workspace's state, read
// from the local backend's file (as terraform state list would list them, without a
// Terraform process).
func (w *workspace) stateResources(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	require.NoError(t, err)
	var state struct {
		Version   int
		Resources []struct {
			Module, Mode, Type, Name string
			Instances                []struct {
				IndexKey any `json:"index_key"`
			}
		}
	}
	require.NoError(t, json.Unmarshal(raw, &state))
	require.Equal(t, 4, state.Version, "%s: the state's format version", w.name)
	var addrs []string
	for _, r := range state.Resources {
		if r.Mode != "managed" {
			continue
		}
		addr := r.Type + "." + r.Name
		if r.Module != "" {
			addr = r.Module + "." + addr
		}
		for _, i := range r.Instances {
			if i.IndexKey != nil {
				addrs = append(addrs, fmt.Sprintf("%s[%s]", addr, mustJSON(i.IndexKey)))
			} else {
				addrs = append(addrs, addr)
			}
		}
	}
	slices.Sort(addrs)
	return addrs
}

// assertEmulatorAsBefore lists the account's resources through the emulator's API: only
// what emulator.py prepared may be left.
func (w *workspace) assertEmulatorAsBefore(t *testing.T) {
	t.Helper()
	after := w.d.emu.inventory(t, w.acct)
	for kind, ids := range after {
		var left []string
		for _, id := range ids {
			if !slices.Contains(w.base[kind], id) {
				left = append(left, id)
			}
		}
		assert.Empty(t, left, "%s: the emulator still holds %s after destroy", w.name, kind)
	}
}

// deployGroups are the workspaces of the stacks the app writes, but dev (deployDev): the
// cluster stacks in one, the other file system stacks in another, as a user deploys them,
// to one account and region.
func deployGroups() [][]string {
	var clusters, fileSystems []string
	for _, stack := range deployStacks() {
		switch _, cluster := synthesizedClusters[stack]; {
		case stack == interruptStack:
		case cluster:
			clusters = append(clusters, stack)
		default:
			fileSystems = append(fileSystems, stack)
		}
	}
	return slices.DeleteFunc([][]string{clusters, fileSystems}, func(g []string) bool { return len(g) == 0 })
}

// deployGroup applies, re-plans and destroys the stacks together in one workspace, and
// reports each.
func (d *deployTier) deployGroup(t *testing.T, stacks []string) {
	w := d.newWorkspace(t, stacks...)
	start := time.Now()
	w.apply(t)
	applyTime := time.Since(start)
	inState := w.stateResources(t)
	for _, m := range w.members {
		if fs := firstResource(m.doc, "aws_efs_file_system"); fs != nil {
			token := fmt.Sprint(fs["creation_token"])
			assert.Len(t, d.emu.fileSystems(t, w.acct, token), 1, "%s: the emulator holds one file system with token %s", m.stack, token)
		}
	}
	start = time.Now()
	forgiven := w.replan(t)
	replanTime := time.Since(start)
	refused := w.refuseDestroy(t)
	start = time.Now()
	w.destroy(t)
	destroyTime := time.Since(start)
	for _, m := range w.members {
		n := len(slices.DeleteFunc(slices.Clone(inState), func(addr string) bool { return w.owner(addr) != m }))
		note := ""
		if r := refused[m.stack]; r != "" {
			note = "; " + r
		}
		d.report(t, w.line(m, n, "", applyTime, replanTime, destroyTime, forgiven[m.stack], note))
	}
}

// line is the report line of a member applied (n resources), re-planned and destroyed;
// the times are the workspace's, which its other members share.
func (w *workspace) line(m *member, n int, applyNote string, apply, replan, destroy time.Duration, forgiven []string, refused string) string {
	note := "no change"
	if len(forgiven) > 0 {
		note = "changes forgiven by the gap table: " + strings.Join(forgiven, ", ")
	}
	notApplied := ""
	if len(m.skipped) > 0 {
		notApplied = fmt.Sprintf(" (%d not applied: gap table)", len(m.skipped))
		if len(m.dependents) > 0 {
			notApplied = fmt.Sprintf(" (%d not applied: gap table; %d more that refer to them)", len(m.skipped), len(m.dependents))
		}
	}
	shared := ""
	if len(w.members) > 1 {
		shared = fmt.Sprintf(" (one workspace: %s)", w.name)
	}
	return fmt.Sprintf("deploy %s: %d resources applied%s; apply %.1fs%s, re-plan %.1fs (%s), destroy %.1fs%s%s; emulator empty",
		m.stack, n, notApplied, apply.Seconds(), applyNote, replan.Seconds(), note, destroy.Seconds(), shared, refused)
}

// firstResource returns the stack's first resource of typ (by name).
func firstResource(doc stackJSON, typ string) map[string]any {
	rs := doc.resources(typ)
	for _, name := range slices.Sorted(maps.Keys(rs)) {
		return rs[name]
	}
	return nil
}

// deployDev runs dev's scenarios in one workspace, one after the other, so that dev is
// initialized, applied and destroyed once (every Terraform process loads the provider's
// schema, seconds of CPU): its apply, interrupted once the file system exists and run
// again (interruptedApply); the re-plan, which must be empty; the troubleshooting entry for
// a file system left outside the state (importLeftBehind); the destroy. It reports one line
// for each proof once the destroy has left the emulator empty.
func (d *deployTier) deployDev(t *testing.T) {
	w := d.newWorkspace(t, interruptStack)
	m := w.only(t)
	token := fmt.Sprint(firstResource(m.doc, "aws_efs_file_system")["creation_token"])
	start := time.Now()
	second := d.interruptedApply(t, w, token)
	applyTime := time.Since(start)
	n := len(w.stateResources(t))
	start = time.Now()
	forgiven := w.replan(t)[interruptStack]
	replanTime := time.Since(start)
	added := d.importLeftBehind(t, w, token)
	start = time.Now()
	w.destroy(t)
	destroyTime := time.Since(start)
	d.report(t, w.line(m, n, " (interrupted, then run again)", applyTime, replanTime, destroyTime, forgiven, ""))
	d.report(t, fmt.Sprintf("deploy %s, interrupted apply: the second apply added %d resources; one file system for token %s; re-plan forgiven %v; emulator empty",
		interruptStack, second, token, forgiven))
	d.report(t, fmt.Sprintf("deploy %s, file system left outside the state: apply failed with FileSystemAlreadyExists; the import of %s; apply added %d; emulator empty",
		interruptStack, operationsDoc, added))
}

// interruptedApply interrupts the first apply of the workspace (dev) with SIGINT, as
// Ctrl-C does, once the file system exists in the emulator; the next apply must finish
// with one file system for the creation token. It returns what that apply added.
func (d *deployTier) interruptedApply(t *testing.T, w *workspace, token string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	// One operation at a time: the interrupt then finds the file system's creation alone in
	// flight. With Terraform's default of 10, it also cancels creations running beside it,
	// and one cut off after the emulator did the work leaves that resource outside the
	// state (seen under load: the log group, ResourceAlreadyExistsException; the security
	// group, InvalidGroup.Duplicate): docs/operations.md's entry covers those by hand.
	cmd := exec.CommandContext(ctx, d.tool.path, append([]string{"apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=1"}, w.targets...)...)
	cmd.Dir, cmd.Env = w.dir, w.env()
	// Ctrl-C signals the terminal's foreground process group: Terraform and its provider.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	d.slots <- struct{}{}
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	interrupted := false
	for !interrupted {
		select {
		case err := <-done:
			<-d.slots
			t.Fatalf("the apply ended (%v) before the file system appeared in the emulator:\n%s", err, out.String())
		case <-time.After(100 * time.Millisecond):
		}
		ids, err := d.emu.quickFileSystems(t.Context(), w.acct, token)
		require.NoError(t, err)
		if len(ids) > 0 {
			// A second more, inside the provider's wait for the file system (its first
			// poll comes 2 s after CreateFileSystem): the interrupt then cancels that wait,
			// after CreateFileSystem returned, so that what the next apply meets is what
			// the proof is about: the file system, in the state or caught by its token.
			select {
			case err := <-done:
				done <- err // the apply ended: its result is read below
			case <-time.After(time.Second):
			}
			// ESRCH: the apply ended between the poll and the signal; Wait tells how.
			if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil && !errors.Is(err, syscall.ESRCH) {
				t.Fatal(err)
			}
			interrupted = true
		}
	}
	err := <-done
	<-d.slots
	complete := applied.MatchString(out.String())
	t.Logf("interrupted apply: %v; it printed Apply complete: %v", err, complete)
	if complete {
		t.Log("the apply finished before the interrupt reached it: the second apply then has nothing to create")
	}
	n := w.apply(t)
	assert.Len(t, d.emu.fileSystems(t, w.acct, token), 1, "one file system for creation token %s after the interrupted and the second apply", token)
	return n
}

// importEntry is the heading of docs/operations.md's troubleshooting entry.
const importEntry = "## An apply fails with FileSystemAlreadyExists"

// importCommand finds the import command of the entry: the first line in it starting
// with "terraform -chdir=cdktf.out/stacks/<stack> import".
func importCommand(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(operationsDoc)
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(raw), "\n"+importEntry+"\n")
	require.True(t, ok, "%s has no section %q", operationsDoc, importEntry)
	if i := strings.Index(section, "\n## "); i >= 0 {
		section = section[:i]
	}
	for _, line := range strings.Split(section, "\n") {
		f := strings.Fields(line)
		if len(f) > 2 && f[0] == "terraform" && f[1] == "-chdir=cdktf.out/stacks/<stack>" && f[2] == "import" {
			return f[2:]
		}
	}
	t.Fatalf("%s, %q: no line `terraform -chdir=cdktf.out/stacks/<stack> import ...`", operationsDoc, importEntry)
	return nil
}

// importLeftBehind proves the troubleshooting entry on the applied workspace (dev): the
// file system is taken out of the state (terraform state rm), so that the emulator holds
// a file system with the stack's creation token that the state does not, as an apply
// killed after CreateFileSystem leaves it; the apply must then fail with
// FileSystemAlreadyExists; the entry's import command, as written, adopts the file
// system; the apply then succeeds with that file system, no second one, and destroys
// nothing. It returns what that apply added.
func (d *deployTier) importLeftBehind(t *testing.T, w *workspace, token string) int {
	t.Helper()
	ids := d.emu.fileSystems(t, w.acct, token)
	require.Len(t, ids, 1, "one file system for creation token %s before it leaves the state", token)
	id := ids[0]
	addr := "aws_efs_file_system." + slices.Sorted(maps.Keys(w.only(t).doc.resources("aws_efs_file_system")))[0]
	// The file system policy (forgotten before destroy in the gap table) leaves the state
	// with it: the failing apply would replace it, and the emulator cannot delete one.
	forget := append([]string{addr}, w.forgettable()...)
	w.stateRm(t, forget...)
	out, code := w.tf(t, append([]string{"apply", "-auto-approve", "-input=false", "-no-color"}, w.targets...)...)
	require.NotZero(t, code, "the apply succeeded beside a file system with its creation token:\n%s", out)
	require.Contains(t, out, "FileSystemAlreadyExists", "the apply fails with the error the entry is about")

	cmd := importCommand(t)
	var args []string
	for _, a := range cmd {
		switch {
		case a == "<fs-id>":
			args = append(args, id)
		case strings.HasPrefix(a, "-var-file="):
			args = append(args, "-var-file=terraform.tfvars.json")
		case strings.Contains(a, "<"):
			t.Fatalf("%s: the import command has a placeholder %q the tier does not know", operationsDoc, a)
		default:
			args = append(args, strings.Trim(a, "'"))
		}
	}
	require.Contains(t, args, addr, "%s: the import command names the file system's address in the stacks, %s", operationsDoc, addr)
	// Options go before the address and the ID.
	args = slices.Insert(args, 1, "-input=false", "-no-color")
	out, code = w.tf(t, args...)
	require.Zero(t, code, "the documented import: terraform %s:\n%s", strings.Join(args, " "), out)
	out, code = w.tf(t, append([]string{"apply", "-auto-approve", "-input=false", "-no-color"}, w.targets...)...)
	m := applied.FindStringSubmatch(out)
	require.True(t, code == 0 && m != nil, "the apply after the documented import (exit %d):\n%s", code, messages(out))
	assert.Equal(t, "0", m[3], "the apply after the import destroys nothing: the imported file system is kept, not replaced")
	n, _ := strconv.Atoi(m[1])
	assert.Equal(t, []string{id}, d.emu.fileSystems(t, w.acct, token), "the apply adopted the file system left behind")
	return n
}

// cdktfDeploy runs the user's commands once, through the pinned cdktf CLI (KAFKA_EFS_CDKTF_CLI,
// set by .ci/run): cdktf deploy dev and cdktf destroy dev with --auto-approve, with only
// AWS_ENDPOINT_URL (and fake keys) pointing them at the emulator and the CLI
// configuration at the provider mirror. The app does not know about the emulator. The
// output folder is the test's own, so the state lands beside it, not in the project.
func (d *deployTier) cdktfDeploy(t *testing.T) {
	cli := os.Getenv(envCdktfCLI)
	if cli == "" {
		t.Skipf("SKIPPED, NOT PASSED: set %s to the cdktf executable of cdktf-cli 0.20.12 to deploy dev through the CLI (.ci/run does)", envCdktfCLI)
	}
	w := d.newWorkspace(t, interruptStack) // its account and prepared network; the CLI writes its own folder
	doc := w.only(t).doc
	root := t.TempDir()
	outdir := filepath.Join(root, "cdktf.out")
	vars := []string{
		"--var=vpc_id=" + w.prep.VpcID,
		"--var=private_subnet_ids=" + mustJSON(w.prep.PrivateSubnetIDs),
		"--var=eks_node_security_group_id=" + w.prep.EksNodeSecurityGroupID,
	}
	env := append(appEnv(w.d.emu.env(w.acct)...), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+d.cliConfig, "TF_IN_AUTOMATION=1")
	env = slices.DeleteFunc(env, func(kv string) bool {
		return strings.HasPrefix(kv, "AWS_PROFILE=") || strings.HasPrefix(kv, "TF_DATA_DIR=") || strings.HasPrefix(kv, "TF_WORKSPACE=")
	})
	run := func(args ...string) string {
		ctx, cancel := context.WithTimeout(t.Context(), 15*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, cli, append(args, "--output", outdir)...)
		cmd.Dir = ".." // the project, where cdktf.json is
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		require.NoError(t, cmd.Run(), "cdktf %s:\n%s", strings.Join(args, " "), out.String())
		return ansiEscape.ReplaceAllString(out.String(), "")
	}
	// The stack's committed lock file, as a user's clone has it (docs/testing.md "Provider
	// versions and the lock file"): without one, cdktf deploy runs `terraform providers
	// lock`, which asks the registry and ignores the mirror. The workspace's init wrote it
	// from the mirror; the synth keeps it.
	lock, err := os.ReadFile(filepath.Join(w.dir, ".terraform.lock.hcl"))
	require.NoError(t, err)
	plant(t, root, map[string]string{filepath.Join("cdktf.out", "stacks", interruptStack, ".terraform.lock.hcl"): string(lock)})
	start := time.Now()
	out := run(append([]string{"deploy", interruptStack, "--auto-approve"}, vars...)...)
	deployTime := time.Since(start)
	m := applied.FindStringSubmatch(out)
	require.NotNil(t, m, "cdktf deploy printed no 'Apply complete!':\n%s", out)
	assert.Contains(t, out, "file_system_id", "cdktf deploy prints the stack's outputs")
	token := fmt.Sprint(firstResource(doc, "aws_efs_file_system")["creation_token"])
	assert.Len(t, d.emu.fileSystems(t, w.acct, token), 1, "cdktf deploy created the file system")
	assert.NoFileExists(t, filepath.Join("..", "terraform."+interruptStack+".tfstate"), "the state stays out of the project")

	// The emulator lacks the deleting API of the coverForgotten types: forget them, as the
	// tier does, in the state the CLI wrote (the stack's local backend, beside cdktf.out).
	stackDir := filepath.Join(outdir, "stacks", interruptStack)
	forgotten := d.gaps.types(coverForgotten)
	for typ := range doc.block("resource") {
		if !forgotten[typ] {
			continue
		}
		for name := range doc.resources(typ) {
			o, code, err := runTerraform(t.Context(), d.tool.path, stackDir, env, "state", "rm", "-no-color", typ+"."+name)
			require.NoError(t, err)
			require.Zero(t, code, o)
		}
	}
	start = time.Now()
	out = run(append([]string{"destroy", interruptStack, "--auto-approve"}, vars...)...)
	destroyTime := time.Since(start)
	assert.Regexp(t, `Destroy complete! Resources: \d+ destroyed`, out, "cdktf destroy's summary")
	w.assertEmulatorAsBefore(t)
	d.report(t, fmt.Sprintf("deploy %s through cdktf-cli: cdktf deploy %.1fs (%s added), cdktf destroy %.1fs; emulator empty", interruptStack, deployTime.Seconds(), m[1], destroyTime.Seconds()))
}

// ansiEscape matches the terminal colour codes that cdktf and the Terraform it runs print.
var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]`)

func mustJSON(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(raw)
}
