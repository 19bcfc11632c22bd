package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// job is one command to measure. Each run of it gets a fresh temp folder (TMPDIR) so that
// whatever it leaves behind can be counted, and a fresh output folder.
type job struct {
	name string
	// argv is the command; the word "{out}" stands for the run's output folder.
	argv []string
	dir  string
	env  []string // added to the environment after TMPDIR (and CDKTF_OUTDIR, GOTMPDIR)
	// setOutdir sets CDKTF_OUTDIR to the run's output folder.
	setOutdir bool
	// ownGoTmp points GOTMPDIR at a folder of its own, so that the go command's build
	// folders do not count as leftovers of the programs it runs.
	ownGoTmp bool
}

// result is what one run of a job cost and left behind.
type result struct {
	wall time.Duration
	// cpu is user+sys from the rusage that wait returns for the child: the kernel adds to
	// a process the times of every descendant it waited for, and every process in these
	// trees waits for its children (jsii's Go runtime waits for Node, go test for the
	// compilers and test binaries, the CLI for `go run` and so on), so this is the CPU
	// time of the whole tree, Node included. sampledCPU cross-checks it.
	cpu time.Duration
	// sampledCPU is the same total read from /proc while the tree ran (treePeak.cpu), a
	// lower bound: if cpu is not at least about this much, part of the tree escaped.
	sampledCPU time.Duration
	// peakRSS is the largest sum of VmRSS over the live tree, read every interval.
	peakRSS  int64
	maxProcs int
	readings int
	// leftovers are the top-level entries of the run's TMPDIR after it ended, and
	// leftoverFiles the number of files (not folders) under them.
	leftovers     []string
	leftoverFiles int
	// stacks is the number of stacks/<name>/cdk.tf.json files in the output folder.
	stacks int
	stdout []byte
	err    error // the command's failure, with the end of its stderr
}

// runner runs jobs under one scratch folder with one sampling interval and time limit.
type runner struct {
	scratch  string
	interval time.Duration
	timeout  time.Duration
}

// run runs j once in fresh folders and measures it. The folders are removed afterwards.
func (r runner) run(j job) result {
	root, err := os.MkdirTemp(r.scratch, "run-*")
	if err != nil {
		return result{err: err}
	}
	defer os.RemoveAll(root)
	tmp, out, gotmp := filepath.Join(root, "tmp"), filepath.Join(root, "out"), filepath.Join(root, "gotmp")
	for _, d := range []string{tmp, gotmp} {
		if err := os.Mkdir(d, 0o755); err != nil {
			return result{err: err}
		}
	}

	env := append(os.Environ(), "TMPDIR="+tmp)
	if j.setOutdir {
		env = append(env, "CDKTF_OUTDIR="+out)
	}
	if j.ownGoTmp {
		env = append(env, "GOTMPDIR="+gotmp)
	}
	argv := make([]string, len(j.argv))
	for i, a := range j.argv {
		argv[i] = strings.ReplaceAll(a, "{out}", out)
	}

	res := r.measure(argv, j.dir, append(env, j.env...))
	res.leftovers, res.leftoverFiles = listTree(tmp)
	res.stacks = countStacks(out)
	return res
}

// measure starts argv in its own process group, watches its tree until it exits and
// returns its costs. On timeout the whole group is killed.
func (r runner) measure(argv []string, dir string, env []string) result {
	ctx, cancel := context.WithTimeout(context.Background(), r.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	// A descendant that outlives the command and holds its output open must not hang us.
	cmd.WaitDelay = 10 * time.Second

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{err: err}
	}
	stop := make(chan struct{})
	peaks := watchTree(cmd.Process.Pid, r.interval, stop)
	err := cmd.Wait()
	wall := time.Since(start)
	close(stop)
	p := <-peaks

	res := result{
		wall: wall, sampledCPU: p.cpu, peakRSS: p.rss,
		maxProcs: p.maxProcs, readings: p.readings, stdout: stdout.Bytes(),
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if err != nil {
		// go test reports failures on stdout and leaves stderr empty.
		why := stderr.String()
		if strings.TrimSpace(why) == "" {
			why = stdout.String()
		}
		res.err = fmt.Errorf("%s: %w\n%s", strings.Join(argv, " "), err, tail(why, 20))
	}
	return res
}

// listTree returns the top-level entries of dir and the number of files under it.
func listTree(dir string) (top []string, files int) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		top = append(top, e.Name())
	}
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
		}
		return nil
	})
	return top, files
}

// countStacks counts the synthesized stacks in a cdktf output folder.
func countStacks(out string) int {
	m, _ := filepath.Glob(filepath.Join(out, "stacks", "*", "cdk.tf.json"))
	return len(m)
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// errSkipped marks a measurement that was not taken, with the reason.
var errSkipped = errors.New("skipped")
