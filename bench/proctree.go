package main

// Linux only: the process tree is read from /proc.

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// clockTicks is USER_HZ, the unit of the CPU times in /proc/<pid>/stat. It is 100 on every
// Linux architecture Go supports, whatever the kernel's own HZ.
const clockTicks = 100

var pageSize = int64(os.Getpagesize())

// procStat holds the fields of /proc/<pid>/stat that the benchmark needs.
type procStat struct {
	ppid int
	// cpuTicks is utime+stime+cutime+cstime: the process's own CPU time plus that of the
	// children it has waited for.
	cpuTicks int64
	// rssPages is the resident set size, the same figure as VmRSS in /proc/<pid>/status.
	rssPages int64
}

// treeReading is one look at a process and all its live descendants.
type treeReading struct {
	rss   int64         // sum of the resident set sizes, bytes
	cpu   time.Duration // sum of the procStat.cpuTicks, see treePeak.cpu
	procs int           // processes in the tree
}

// treePeak sums up the readings of one run.
type treePeak struct {
	// rss is the largest sum of the tree's resident set sizes seen in one reading. Shared
	// pages (libraries, the mapped Go binary) count once per process that maps them, as
	// with VmRSS; Go and Node share next to nothing, so the sum is close to the true
	// footprint.
	rss int64
	// cpu is the largest CPU total seen: each live process's own time plus that of the
	// children it reaped. It misses what ran after the last reading (at most one interval)
	// and any orphan reparented away from the tree, so it is a lower bound of the rusage.
	cpu      time.Duration
	maxProcs int
	readings int
}

// readStat parses /proc/<pid>/stat; ok is false if the process is gone.
func readStat(pid string) (procStat, bool) {
	data, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return procStat{}, false
	}
	// The command name (field 2) may hold spaces and parentheses: fields are counted
	// from the last ')'. After it, index 0 is field 3 (state).
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return procStat{}, false
	}
	f := bytes.Fields(data[i+1:])
	if len(f) < 22 {
		return procStat{}, false
	}
	num := func(k int) int64 { n, _ := strconv.ParseInt(string(f[k]), 10, 64); return n }
	return procStat{
		ppid:     int(num(1)),
		cpuTicks: num(11) + num(12) + num(13) + num(14), // fields 14-17
		rssPages: num(21),                               // field 24
	}, true
}

// readTree sums the stats of root and every live descendant. /proc/<pid>/task/*/children
// is not compiled into every kernel (not this one), so it scans every process and follows
// the parent links.
func readTree(root int) treeReading {
	d, err := os.Open("/proc")
	if err != nil {
		return treeReading{}
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	stats := make(map[int]procStat, len(names))
	children := make(map[int][]int, len(names))
	for _, name := range names {
		pid, err := strconv.Atoi(name)
		if err != nil {
			continue
		}
		if st, ok := readStat(name); ok {
			stats[pid] = st
			children[st.ppid] = append(children[st.ppid], pid)
		}
	}
	var r treeReading
	for queue := []int{root}; len(queue) > 0; queue = queue[1:] {
		pid := queue[0]
		st, ok := stats[pid]
		if !ok {
			continue
		}
		r.rss += st.rssPages * pageSize
		r.cpu += time.Duration(st.cpuTicks) * time.Second / clockTicks
		r.procs++
		queue = append(queue, children[pid]...)
	}
	return r
}

// watchTree reads the tree of root every interval until stop is closed, then sends the
// peaks on the returned channel.
func watchTree(root int, interval time.Duration, stop <-chan struct{}) <-chan treePeak {
	out := make(chan treePeak, 1)
	go func() {
		var p treePeak
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			r := readTree(root)
			if r.procs > 0 {
				p.readings++
				p.rss = max(p.rss, r.rss)
				p.cpu = max(p.cpu, r.cpu)
				p.maxProcs = max(p.maxProcs, r.procs)
			}
			select {
			case <-stop:
				out <- p
				return
			case <-tick.C:
			}
		}
	}()
	return out
}
