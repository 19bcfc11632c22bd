package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// series is the runs of one job.
type series []result

// medianOf returns the median of f over the runs (the mean of the middle two for an even
// count); medians shrug off the odd run slowed by another process on the machine.
func medianOf(s series, f func(result) float64) float64 {
	v := make([]float64, len(s))
	for i, r := range s {
		v[i] = f(r)
	}
	slices.Sort(v)
	n := len(v)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

func (s series) wall() float64 {
	return medianOf(s, func(r result) float64 { return r.wall.Seconds() })
}
func (s series) cpu() float64 { return medianOf(s, func(r result) float64 { return r.cpu.Seconds() }) }
func (s series) sampledCPU() float64 {
	return medianOf(s, func(r result) float64 { return r.sampledCPU.Seconds() })
}
func (s series) peakMiB() float64 {
	return medianOf(s, func(r result) float64 { return mib(r.peakRSS) })
}

// leftovers returns the largest number of temp entries any run left, and their names.
func (s series) leftovers() (int, []string) {
	worst := result{}
	for _, r := range s {
		if len(r.leftovers) > len(worst.leftovers) {
			worst = r
		}
	}
	return len(worst.leftovers), worst.leftovers
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// describe is the one-line account of a run printed as the benchmark goes.
func describe(label string, i int, r result) string {
	s := fmt.Sprintf("%-16s run %d: wall %6.2fs  cpu %6.2fs (sampled %6.2fs)  peak %6.0f MiB  procs %2d  temp left %d",
		label, i, r.wall.Seconds(), r.cpu.Seconds(), r.sampledCPU.Seconds(), mib(r.peakRSS), r.maxProcs, len(r.leftovers))
	if len(r.leftovers) > 0 {
		s += fmt.Sprintf(" (%d files: %s)", r.leftoverFiles, strings.Join(r.leftovers, " "))
	}
	if r.sampledCPU > r.cpu+r.cpu/10+50*time.Millisecond {
		s += "  WARNING: rusage below the /proc samples: part of the tree was not waited for"
	}
	if r.err != nil {
		s += "\n  FAILED: " + strings.ReplaceAll(r.err.Error(), "\n", "\n    ")
	}
	return s
}

// row is one line of the summary table. verdict is PASS, FAIL, SKIP or empty (for a figure
// without a target).
type row struct {
	metric, measured, baseline, ratio, target, verdict string
}

// ratioRow compares measured with baseline against an upper limit on their ratio; a limit
// of 0 means no target.
func ratioRow(metric string, measured, baseline float64, unit string, limit float64) row {
	r := row{metric: metric, measured: format(measured, unit), baseline: format(baseline, unit)}
	if baseline > 0 {
		ratio := measured / baseline
		r.ratio = fmt.Sprintf("%.2fx", ratio)
		if limit > 0 {
			r.target = fmt.Sprintf("<= %.2fx", limit)
			r.verdict = verdict(ratio <= limit)
		}
	}
	return r
}

// addedRow checks what measured adds to baseline, in seconds, against an upper limit;
// the ratio column shows measured / baseline.
func addedRow(metric string, measured, baseline float64, baselineName string, limit float64) row {
	added := measured - baseline
	r := row{metric: metric, measured: format(added, "s"), baseline: format(baseline, "s") + " (" + baselineName + ")",
		target: fmt.Sprintf("<= +%.0f s", limit), verdict: verdict(added <= limit)}
	if baseline > 0 {
		r.ratio = fmt.Sprintf("%.2fx", measured/baseline)
	}
	return r
}

// leftoverRow checks that a run left nothing in its temp folder.
func leftoverRow(metric string, n int, names []string) row {
	r := row{metric: metric, measured: fmt.Sprint(n), target: "0", verdict: verdict(n == 0)}
	if n > 0 {
		r.baseline = strings.Join(names, " ")
		if len(r.baseline) > 40 {
			r.baseline = r.baseline[:37] + "..."
		}
	}
	return r
}

func skipRow(metric, why string) row {
	return row{metric: metric, measured: "-", baseline: why, verdict: "SKIP"}
}

func verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}

func format(v float64, unit string) string {
	switch unit {
	case "s":
		return fmt.Sprintf("%.2f s", v)
	case "MiB":
		return fmt.Sprintf("%.0f MiB", v)
	}
	return fmt.Sprint(v)
}

// printTable writes the summary table.
func printTable(w io.Writer, rows []row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "metric\tmeasured\tbaseline\tratio\ttarget\tresult")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.metric, r.measured, r.baseline, r.ratio, r.target, r.verdict)
	}
	tw.Flush()
}

// machine describes the machine in one line: figures only compare within one run, but
// this says where that run was.
func machine() string {
	node := os.Getenv("JSII_NODE")
	if node == "" {
		node = "node"
	}
	return fmt.Sprintf("machine: %s, %d cores, %.1f GiB; %s; node %s; load %s",
		cpuModel(), runtime.NumCPU(), memTotalGiB(), commandOutput("go", "env", "GOVERSION"),
		commandOutput(node, "--version"), loadAvg())
}

func cpuModel() string {
	if v := procField("/proc/cpuinfo", "model name"); v != "" {
		return v
	}
	return runtime.GOARCH
}

func memTotalGiB() float64 {
	var kb float64
	fmt.Sscan(procField("/proc/meminfo", "MemTotal"), &kb)
	return kb / (1 << 20)
}

// loadAvg returns the 1, 5 and 15 minute load averages: a high figure means other work
// shared the machine and the run is noisy.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// procField returns the value of the first "key: value" line of a /proc file.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func commandOutput(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}
