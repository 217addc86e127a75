package main

import (
	"bufio"
	"io/fs"
	"math"
	"os"
	"path"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"

	"github.com/warta-portal/warta/internal/build"
	"github.com/warta-portal/warta/internal/imaging"
	"github.com/warta-portal/warta/internal/source"
)

// smallSite is the number of content files below which the garbage
// collector may let the heap grow four times the live data (GOGC=400)
// instead of 2.5 times (largeGC): on the 1,000-article benchmark corpus that
// saves about 12 % of CPU time for about 75 MB more memory.
const smallSite = 3000

// largeGC is the collector's growth (GOGC) for a cold build of a site of
// smallSite files or more: a heap 2.5 times the live data before it
// collects, where Go's default is twice. Rendering allocates tens of
// gigabytes at 10,000 articles while 100–140 MB stay live, so the default
// collected about 90 times in one build; 150 collects 58 times. Measured
// on the 10,000-article benchmark corpus, 3 rounds alternating with other
// builds running: 16.4 s of user CPU instead of 17.1 (-4 %), peak
// resident 354–372 MiB instead of 301–326 (Hugo 0.166 takes 1,652 MiB
// for the same site; the target is a quarter of that). 200 saved
// about twice as much CPU but peaked at 436–440 MiB, over that bound.
// The soft memory limit (baseLimit) still bounds the heap of the largest
// sites, where it binds first.
const largeGC = 150

// photoBytes is the size of the images under content/ and static/ (about
// one camera photo) past
// which the collector keeps Go's default even for a small site: each
// photo processed leaves tens of megabytes of decoded pixels behind, and
// a heap goal of five times the live data lets that pile up (the photo
// benchmark, 2 photos of 12 megapixels: 420 MiB peak with GOGC=400,
// 222 MiB with the default).
const photoBytes = 2 << 20

// warmGC is the collector's growth (GOGC) for a build whose cache holds
// the last build into the same destination. Such a build decodes the
// cache's indexes into a heap that grows from nothing to its largest size
// in a second or two and then ends: a goal of nine times the live data
// spares it most collections, and the soft memory limit (baseLimit) still
// bounds the heap of a large site. Measured 2026-12-02 on the
// 10,000-article corpus, one article changed, every build after a sync,
// 5 interleaved rounds, medians: GOGC=100 1.28 s wall, 2.13 s CPU,
// 327 MiB; 200 1.20 s, 1.95 s, 353 MiB; 400 1.18 s, 1.88 s, 434 MiB;
// 800 1.15 s, 1.80 s, 412 MiB; off 1.16 s, 1.80 s, 500 MiB. (An earlier
// measurement that found no gain above 100 timed rebuilds while the
// kernel was still writing back the full build before them.) A warm
// build that renders every page again (the site's title changed) then
// grows to the limit: 654 MiB at 10,000 articles, against 492 MiB with
// 100, in 7.6 s instead of 12.4.
const warmGC = 800

// memoryShare is the part of the machine's memory (or of the cgroup's
// limit, when lower) the collector keeps the heap under at most: past it,
// the collector runs more often rather than letting the heap grow (Go's
// soft memory limit, runtime/debug.SetMemoryLimit).
const memoryShare = 0.75

// baseLimit and perFile make the default soft memory limit of a build:
// baseLimit plus perFile for each content file (news, profile, page).
// While rendering, a cold build holds 7–10 KiB per file (the model, the
// cards kept for the lists; measured from 10,000 to 100,000 articles, live
// heap after a collection, GODEBUG=gctrace=1), and Go's default lets the
// heap grow to twice that before collecting. Under the limit the heap
// stays within several hundred megabytes of what is live: a site of
// 100,000 articles and 20,000 profiles gets 1.76 GiB, where it peaked at
// 3.3 GiB without one; the collector runs more often for it (its share
// of the CPU time went from 13 % at 10,000 articles to 21 % at 100,000).
// With 12 KiB a file (1.87 GiB) its peak resident memory was 1,988–2,034
// MiB across runs, at or past 2 GiB; with 11 KiB, 1,861 MiB, for the
// same CPU time (255.9 s of user time against 255.7; 2026-12-02, one
// build each). A site of 10,000 articles never reaches its limit
// (641 MiB), so its build runs as before.
const (
	baseLimit = 512 << 20
	perFile   = 11 << 10
)

// spare is the least room the limit leaves above the live heap, as a
// fraction of it: a site that holds more per file than perFile assumes
// gets its limit raised after a collection (see guardLimit), so the
// collector never runs back to back.
const spare = 0.25

// tuneGC sets the collector for the size of the site in the folder site (its
// pages, and its photos: see photoBytes) and for a warm cache (warm: see
// warmGC), with a floor under a large site's heap (heapFloor), unless the
// operator chose GOGC themselves, and the soft memory limit for its size
// (see baseLimit), within memoryShare of the machine's memory, unless
// GOMEMLIMIT chose one.
// It lives in main because the collector's setting is the whole
// process's: the CLI, run in-process by tests, never changes it. For a
// warm build it must run before the build starts (see hugeHeap), and
// files, when not 0, is the number of content files the cache recorded
// (cache.Warm), taken instead of counting them.
func tuneGC(site string, warm bool, files int) {
	n, photos := files, int64(0)
	fsys := build.DirFS(site)
	if !warm || n == 0 {
		n = 0
		countFiles(fsys, "content", &n, &photos)
	}
	if warm {
		// Before the limit and its guard: a collection that found the
		// reservation live would raise the limit for good (guardLimit).
		hugeHeap(defaultLimit(n, perFile, machineMemory()))
	}
	limitMemory(n, perFile)
	if os.Getenv("GOGC") != "" {
		return
	}
	if !warm && n < smallSite {
		countFiles(fsys, "static", &n, &photos)
	}
	percent := gcPercent(n, photos, warm)
	if percent != largeGC {
		debug.SetGCPercent(percent)
		return
	}
	// The first collection comes at the floor (Go's first goal is 4 MB
	// at GOGC=100), every later one as floorPercent says.
	debug.SetGCPercent(floorPercent(4<<20, heapFloor, largeGC))
	afterGC(func() {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		if s[0].Value.Kind() == metrics.KindUint64 {
			debug.SetGCPercent(floorPercent(int64(s[0].Value.Uint64()), heapFloor, largeGC))
		}
	})
}

// limitMemory sets the soft memory limit for a site of files content
// files, perFile bytes each (defaultLimit), raised after a collection when
// the live heap needs it (guardLimit), unless GOMEMLIMIT chose one.
func limitMemory(files int, perFile int64) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	total := machineMemory()
	debug.SetMemoryLimit(defaultLimit(files, perFile, total))
	ceiling := int64(0) // no ceiling on a machine of unknown memory
	if total > 0 {
		ceiling = int64(float64(total) * memoryShare)
	}
	afterGC(func() { guardLimit(ceiling) })
}

// tuneServe sets the preview's soft memory limit (limitMemory, with
// servePerFile): the preview holds the model, the rendered fragments and
// the output signatures between saves, and without a limit Go's default
// growth let a 10,000-article preview reach 1.2 GiB resident after five
// saves (1.3 GiB at its peak). The collector's growth stays Go's default
// (or GOGC).
func tuneServe(site string) {
	n, photos := 0, int64(0)
	countFiles(build.DirFS(site), "content", &n, &photos)
	limitMemory(n, servePerFile)
}

// countFiles walks the folder dir of fsys (the build's file system, so a
// content/ that is a symbolic link is followed and nothing else outside
// the site is), adding its content files to *n and, while *n is under
// smallSite, the bytes of its images to *photos. Folders are read
// unsorted (fs.ReadDirFile): a count needs no order, and sorting and
// fs.WalkDir's calls took 30 ms of a warm build's second at 10,000
// articles, before the build starts, against 10 ms.
func countFiles(fsys fs.FS, dir string, n *int, photos *int64) {
	f, err := fsys.Open(dir)
	if err != nil {
		return
	}
	var entries []fs.DirEntry
	if rd, ok := f.(fs.ReadDirFile); ok {
		entries, _ = rd.ReadDir(-1)
	}
	f.Close()
	for _, d := range entries {
		p := path.Join(dir, d.Name())
		switch {
		case d.IsDir():
			countFiles(fsys, p, n, photos)
		case source.IsMarkdown(p):
			*n++
		case *n < smallSite && imaging.IsImage(p):
			if info, err := d.Info(); err == nil {
				*photos += info.Size()
			}
		}
	}
}

// servePerFile is the preview's share of the memory limit per content
// file: about twice a build's (perFile), as the preview keeps 35–40 KiB
// a file live between saves. Measured on the 10,000-article corpus (12,000
// files, limit 800 MiB), five saves 4 s apart: 790 MiB resident after
// them (833 MiB peak), the first build 26 s and each rebuild 0.7–0.9 s;
// with a build's limit (656 MiB) the collector ran back to back near it
// (first build 36 s, rebuilds 1.35 s), and with none 950 MiB–1.2 GiB
// resident (1.3 GiB peak), 22 s and 0.7–0.9 s.
const servePerFile = 24 << 10

// heapFloor is the heap a cold build of a large site (largeGC) lets grow
// before it collects, however little of it is live. Loading the pages
// allocates gigabytes while the live heap grows from nothing to about
// 80 MB (10,000 articles): at 2.5 times the live data the collector ran
// 45 times before the first page was rendered, marking the same pages
// again and again, and 57 times in the whole build; with the floor, 26.
// Measured: 7 % fewer instructions (valgrind) for a site of 1,000
// articles and 2,000 innovations (128 MiB: 6 %); on the 10,000-article
// corpus peak resident memory stayed within the 300-360 MiB it was
// (256 MiB: 365-375 MiB).
const heapFloor = 192 << 20

// floorPercent is the collector's growth (GOGC) after a collection that
// left live bytes: percent, or more when that would collect before the
// heap reaches floor bytes.
func floorPercent(live, floor int64, percent int) int {
	if live <= 0 {
		return percent
	}
	return max(percent, int(floor*100/live)-100)
}

// gcPercent is the collector's growth (GOGC) for a build of files content
// files and photos bytes of images (counted only below smallSite files),
// with a warm cache or not: warmGC for a warm build, 400 for a small site
// without much in photos, Go's default (100) for a small site with
// photos (see photoBytes), largeGC for any other.
func gcPercent(files int, photos int64, warm bool) int {
	switch {
	case warm:
		return warmGC
	case files >= smallSite:
		return largeGC
	case photos < photoBytes:
		return 400
	}
	return 100
}

// defaultLimit is the soft memory limit in bytes for a site of files
// content files on a machine of total bytes (0: unknown): baseLimit plus
// perFile bytes a file (a build's: the constant perFile), at most
// memoryShare of total.
func defaultLimit(files int, perFile, total int64) int64 {
	limit := int64(baseLimit) + int64(files)*perFile
	if total > 0 {
		limit = min(limit, int64(float64(total)*memoryShare))
	}
	return limit
}

// raisedLimit is the soft memory limit after a collection that left live
// bytes of heap and other bytes of the runtime's own memory (stacks,
// metadata): limit, or more when that leaves less than spare of the live
// heap free, but never more than ceiling (memoryShare of the machine).
func raisedLimit(limit, live, other, ceiling int64) int64 {
	want := live + int64(float64(live)*spare) + other
	if ceiling > 0 {
		want = min(want, ceiling)
	}
	return max(limit, want)
}

// guardLimit raises the soft memory limit when the live heap has come
// near it (raisedLimit, up to ceiling bytes; 0: none); run after each
// collection.
func guardLimit(ceiling int64) {
	s := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	metrics.Read(s)
	for _, x := range s {
		if x.Value.Kind() != metrics.KindUint64 {
			return
		}
	}
	live := int64(s[0].Value.Uint64())
	other := int64(s[1].Value.Uint64())
	for _, x := range s[2:] {
		other -= int64(x.Value.Uint64())
	}
	limit := debug.SetMemoryLimit(-1) // -1 reads it
	if next := raisedLimit(limit, live, max(other, 0), ceiling); next != limit {
		debug.SetMemoryLimit(next)
	}
}

// afterGC runs f after each garbage collection, in the runtime's
// finalizer goroutine (f must be quick): an object that is only reachable
// from its own finalizer, which sets the finalizer again.
func afterGC(f func()) {
	runtime.SetFinalizer(&gcHook{f: f}, rearm)
}

type gcHook struct {
	f func()
	_ [16]byte // not a tiny allocation, whose finalizer may never run
}

func rearm(h *gcHook) {
	h.f()
	runtime.SetFinalizer(h, rearm)
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
