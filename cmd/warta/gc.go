package main

import (
	"bufio"
	"io/fs"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/warta-portal/warta/internal/build"
	"github.com/warta-portal/warta/internal/imaging"
)

// smallSite is the number of content files below which the garbage
// collector may let the heap grow four times the live data instead of two.
// On the 1,000-article benchmark corpus that saves about 12 % of CPU time
// for about 75 MB more memory; on 10,000 articles the same setting would
// cost more memory (+45 %) than it saves time (5 %), so large sites keep
// Go's default.
const smallSite = 3000

// photoBytes is the size of the images under content/ and static/ (about
// one camera photo) past
// which the collector keeps Go's default even for a small site: each
// photo processed leaves tens of megabytes of decoded pixels behind, and
// a heap goal of five times the live data lets that pile up (the photo
// benchmark, 2 photos of 12 megapixels: 420 MiB peak with GOGC=400,
// 222 MiB with the default).
const photoBytes = 2 << 20

// memoryShare is the part of the machine's memory (or of the cgroup's
// limit, when lower) the collector keeps the heap under by default: past
// it, the collector runs more often rather than letting the heap grow
// (Go's soft memory limit, runtime/debug.SetMemoryLimit).
const memoryShare = 0.75

// tuneGC sets the collector for the size of the site in source (its
// pages, and its photos: see photoBytes), unless the
// operator chose GOGC themselves, and sets the soft memory limit to
// memoryShare of the machine's memory unless GOMEMLIMIT chose one. It
// lives in main because the collector's setting is the whole process's:
// the CLI, run in-process by tests, never changes it.
func tuneGC(source string) {
	if os.Getenv("GOMEMLIMIT") == "" {
		if total := machineMemory(); total > 0 {
			debug.SetMemoryLimit(int64(float64(total) * memoryShare))
		}
	}
	if os.Getenv("GOGC") != "" {
		return
	}
	n, photos := 0, int64(0)
	errStop := fs.SkipAll
	// Through the build's file system, so a content/ that is a symbolic
	// link is followed and nothing else outside the site is.
	walk := func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if strings.HasSuffix(p, ".md") {
			if n++; n >= smallSite {
				return errStop
			}
		} else if imaging.IsImage(p) {
			if info, err := d.Info(); err == nil {
				photos += info.Size()
			}
		}
		return nil
	}
	fsys := build.DirFS(source)
	_ = fs.WalkDir(fsys, "content", walk)
	if n < smallSite {
		_ = fs.WalkDir(fsys, "static", walk)
	}
	if n < smallSite && photos < photoBytes {
		debug.SetGCPercent(400)
	}
}

// machineMemory is the memory this process may use, in bytes: the
// smaller of the machine's (MemTotal in /proc/meminfo) and the cgroup v2
// limit (memory.max), or 0 when neither is known (not Linux).
func machineMemory() int64 {
	var total int64
	if f, err := os.Open("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if kb, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
				if v, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")), 10, 64); err == nil {
					total = v << 10
				}
				break
			}
		}
		f.Close()
	}
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if v, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && v > 0 && v < math.MaxInt64 && (total == 0 || v < total) {
			total = v // "max" (no limit) does not parse
		}
	}
	return total
}
