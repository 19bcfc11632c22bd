package stacks

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A provider server: the mirror's provider binary started once, serving every instance of
// the provider a Terraform process asks for, where Terraform would start it once per
// provider configuration for every walk of every run (validate, plan, apply, and the
// teardown's plan and apply: 23 starts for prod's three runs, 0.5 to 1 s of CPU each,
// two thirds of the process's CPU). Terraform reaches it through TF_REATTACH_PROVIDERS,
// as terraform-plugin-testing does in the providers' own acceptance tests; OpenTofu reads
// the same variable.
//
// A server holds at most one provider configuration at a time. Terraform's mock provider
// (internal/providers/mock.go, Terraform 1.11) never configures the provider it wraps: it
// asks it for its schema, and to validate resource and data source blocks, which read no
// state; so the Terraform tier's mocked files share one (testFiles), and the files with
// real providers keep Terraform's own processes: prod's two configurations (its default
// region and backup_copy's) would overwrite each other's region in one server.
// TestVaultLockImport has one configuration, which each of its commands configures in
// turn, as terraform-plugin-testing configures a server at every walk of a command. That
// needs AWS_CA_BUNDLE out of the server's environment (no server talks to AWS): with it
// set, this provider fails its second ConfigureProvider in one process ("unable to add
// custom RootCAs HTTPClient"). Each server serves one test or one Terraform process, so
// the Stop that Terraform sends a provider on an interrupt reaches no other.

// realProviderBlock matches a provider "aws" block at the top level of a test file.
var realProviderBlock = regexp.MustCompile(`(?m)^provider\s+"aws"\s*\{`)

// mockProviderBlock matches a mock_provider "aws" block at the top level of a test file.
var mockProviderBlock = regexp.MustCompile(`(?m)^mock_provider\s+"aws"\s*\{`)

// tierProcess is one terraform test process of the tier: the files it runs (-filter),
// and whether every provider of theirs is mocked, so that they run against a provider
// server.
type tierProcess struct {
	files  []string
	mocked bool
}

// tierProcesses splits composed test files, by name, into at most two processes: the
// files whose providers are all mocked, and the others. A file without any provider block
// fails: Terraform would look for real credentials.
func tierProcesses(files map[string]string) ([]tierProcess, error) {
	var mocked, real []string
	for _, name := range slices.Sorted(maps.Keys(files)) {
		text := files[name]
		switch {
		case realProviderBlock.MatchString(text):
			real = append(real, name)
		case mockProviderBlock.MatchString(text):
			mocked = append(mocked, name)
		default:
			return nil, fmt.Errorf("%s: no provider \"aws\" or mock_provider \"aws\" block at its top level", name)
		}
	}
	var ps []tierProcess
	if len(real) > 0 {
		ps = append(ps, tierProcess{files: real})
	}
	if len(mocked) > 0 {
		ps = append(ps, tierProcess{files: mocked, mocked: true})
	}
	return ps, nil
}

// testFiles runs the composed files, written in dir (initialized), in the processes
// tierProcesses gives, side by side, each checked with assertTFTest, and returns their
// results added up. A failed process logs its messages.
func (s *tierSetup) testFiles(t *testing.T, dir string, files map[string]string) tfTestResult {
	t.Helper()
	ps, err := tierProcesses(files)
	require.NoError(t, err)
	results := make([]tfTestResult, len(ps))
	errs := make([]error, len(ps))
	var wg sync.WaitGroup
	for i, p := range ps {
		wg.Go(func() {
			args := []string{"test", "-json"}
			for _, f := range p.files {
				args = append(args, "-filter="+f)
			}
			var extra []string
			if p.mocked {
				server, err := s.startProviderServer(s.env(s.tmp))
				if err != nil {
					errs[i] = err
					return
				}
				defer server.stop()
				extra = append(extra, server.env)
			}
			out, code, err := s.startEnv(t, dir, extra, args...)
			results[i], errs[i] = parseTFTest(out, code), err
		})
	}
	wg.Wait()
	var total tfTestResult
	for i, p := range ps {
		require.NoError(t, errs[i])
		r := results[i]
		if !assertTFTest(t, s.tool.name, p.files, r) {
			t.Logf("%s test %s (mocked providers: %v), its messages:\n%s", s.tool.name, strings.Join(p.files, " "), p.mocked, messages(r.raw))
		}
		total.add(r)
	}
	return total
}

// providerServer is the mirror's provider binary serving in debug mode (-debug), until
// stop.
type providerServer struct {
	cmd  *exec.Cmd
	env  string // TF_REATTACH_PROVIDERS=..., for the tool's registry
	once sync.Once
	done chan struct{}
	log  bytes.Buffer // its standard error, for a failure
}

// reattachLine is how the provider announces, on its standard output, where to reach it
// (terraform-plugin-go's tf5server.WithManagedDebug).
var reattachLine = regexp.MustCompile(`TF_REATTACH_PROVIDERS='(\{.*\})'`)

// providerServerTimeout bounds the wait for the provider's announcement (about 1 s here)
// and for its exit once interrupted.
const providerServerTimeout = time.Minute

// startProviderServer starts a provider server at the tier's priority with the
// environment env (the provider reads its own: AWS_ENDPOINT_URL, credentials) without
// AWS_CA_BUNDLE (above: no server talks to AWS); its Unix socket goes in env's TMPDIR.
func (s *tierSetup) startProviderServer(env []string) (*providerServer, error) {
	p := &providerServer{cmd: exec.Command(s.mirror.binary, "-debug"), done: make(chan struct{})}
	p.cmd.Env = slices.DeleteFunc(slices.Clone(env), func(kv string) bool { return strings.HasPrefix(kv, "AWS_CA_BUNDLE=") })
	p.cmd.Stderr = &p.log
	// A server waits for a signal: if the test binary dies without its cleanups (a
	// go test timeout), the kernel sends it one.
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("provider server %s: %v", s.mirror.binary, err)
	}
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, p.cmd.Process.Pid, batchNice)
	go func() {
		_ = p.cmd.Wait()
		close(p.done)
	}()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if m := reattachLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		close(found)
		// Keep reading, so that the provider never blocks on a full pipe.
		_, _ = io.Copy(io.Discard, stdout)
	}()
	var config string
	select {
	case config = <-found:
	case <-time.After(providerServerTimeout):
	}
	if config == "" {
		p.stop()
		return nil, fmt.Errorf("provider server %s -debug printed no TF_REATTACH_PROVIDERS line within %s; its standard error:\n%s",
			s.mirror.binary, providerServerTimeout, p.log.String())
	}
	reattach, err := reattachEnv(config, s.tool.registry)
	if err != nil {
		p.stop()
		return nil, fmt.Errorf("provider server %s: %v", s.mirror.binary, err)
	}
	p.env = reattach
	return p, nil
}

// reattachEnv rewrites the provider's reattach configuration (one provider, keyed by its
// registry.terraform.io address) for a tool whose registry is registry: OpenTofu resolves
// hashicorp/aws to registry.opentofu.org. The server must be in test mode ("Test": true):
// go-plugin then leaves the process alone when Terraform closes a provider instance, where
// otherwise the first instance closed would kill it for every later run.
func reattachEnv(config, registry string) (string, error) {
	var providers map[string]struct {
		Test bool `json:"Test"`
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(config), &raw); err != nil {
		return "", fmt.Errorf("reattach configuration %s: %v", config, err)
	}
	if err := json.Unmarshal([]byte(config), &providers); err != nil {
		return "", fmt.Errorf("reattach configuration %s: %v", config, err)
	}
	if len(raw) != 1 {
		return "", fmt.Errorf("reattach configuration %s: want one provider", config)
	}
	for addr, v := range raw {
		if !strings.HasSuffix(addr, "/hashicorp/aws") {
			return "", fmt.Errorf("reattach configuration %s: want hashicorp/aws, got %s", config, addr)
		}
		if !providers[addr].Test {
			return "", fmt.Errorf("reattach configuration %s: not in test mode (\"Test\": true)", config)
		}
		b, err := json.Marshal(map[string]json.RawMessage{registry + "/hashicorp/aws": v})
		if err != nil {
			return "", err
		}
		return "TF_REATTACH_PROVIDERS=" + string(b), nil
	}
	panic("unreachable")
}

// stop interrupts the server and waits for it to exit (killing it after
// providerServerTimeout). It may be called more than once.
func (p *providerServer) stop() {
	p.once.Do(func() {
		_ = p.cmd.Process.Signal(os.Interrupt)
		select {
		case <-p.done:
		case <-time.After(providerServerTimeout):
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
}

// TestTierProcesses checks how the tier splits a stack's test files between a provider
// server and Terraform's own provider processes.
func TestTierProcesses(t *testing.T) {
	real := "provider \"aws\" {\n  region = \"us-east-1\"\n}\nrun \"a\" {}\n"
	mocked := "mock_provider \"aws\" {\n}\nmock_provider \"aws\" {\n  alias = \"backup_copy\"\n}\nrun \"b\" {}\n"
	both := mocked + real
	ps, err := tierProcesses(map[string]string{"a.tftest.hcl": real, "b.tftest.hcl": mocked, "c.tftest.hcl": both, "d.tftest.hcl": mocked})
	require.NoError(t, err)
	assert.Equal(t, []tierProcess{
		{files: []string{"a.tftest.hcl", "c.tftest.hcl"}},
		{files: []string{"b.tftest.hcl", "d.tftest.hcl"}, mocked: true},
	}, ps, "a file with any real provider block runs with Terraform's own provider processes")

	ps, err = tierProcesses(map[string]string{"b.tftest.hcl": mocked})
	require.NoError(t, err)
	assert.Equal(t, []tierProcess{{files: []string{"b.tftest.hcl"}, mocked: true}}, ps)

	// An indented block is inside another (a run's module), not the file's provider.
	_, err = tierProcesses(map[string]string{"e.tftest.hcl": "run \"e\" {\n  provider \"aws\" {}\n}\n"})
	require.EqualError(t, err, `e.tftest.hcl: no provider "aws" or mock_provider "aws" block at its top level`)

	const announced = `{"registry.terraform.io/hashicorp/aws":{"Protocol":"grpc","ProtocolVersion":5,"Pid":7,"Test":true,"Addr":{"Network":"unix","String":"/tmp/plugin1"}}}`
	env, err := reattachEnv(announced, "registry.opentofu.org")
	require.NoError(t, err)
	assert.Equal(t, `TF_REATTACH_PROVIDERS={"registry.opentofu.org/hashicorp/aws":{"Protocol":"grpc","ProtocolVersion":5,"Pid":7,"Test":true,"Addr":{"Network":"unix","String":"/tmp/plugin1"}}}`, env)
	_, err = reattachEnv(strings.Replace(announced, `"Test":true`, `"Test":false`, 1), "registry.terraform.io")
	assert.ErrorContains(t, err, "not in test mode")
	_, err = reattachEnv(`{"registry.terraform.io/hashicorp/kubernetes":{"Test":true}}`, "registry.terraform.io")
	assert.ErrorContains(t, err, "want hashicorp/aws")
	_, err = reattachEnv(`not json`, "registry.terraform.io")
	assert.Error(t, err)
}

// TestModuleRuns checks how a file system stack's file is moved into the tier's folder of
// every stack: each run loads the stack's folder, and a file whose runs load modules of
// their own is refused.
func TestModuleRuns(t *testing.T) {
	got, err := moduleRuns("variables {\n  a = 1\n}\n\nrun \"one\" {\n  command = plan\n}\n\nrun \"two\" {\n}\n", "prod")
	require.NoError(t, err)
	assert.Equal(t, "variables {\n  a = 1\n}\n\nrun \"one\" {\n  module {\n    source = \"./prod\"\n  }\n  command = plan\n}\n\n"+
		"run \"two\" {\n  module {\n    source = \"./prod\"\n  }\n}\n", got)
	_, err = moduleRuns("run \"one\" {\n  module {\n    source = \"./cluster-dev\"\n  }\n}\n", "prod")
	assert.EqualError(t, err, "line 3: a run loads a module already")
}
