package main

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/warta-portal/warta/internal/build"
)

// TestMachineMemory reads the memory the way the default memory limit
// does; on Linux it is known and no more than /proc/meminfo's total.
func TestMachineMemory(t *testing.T) {
	t.Parallel()
	got := machineMemory()
	if runtime.GOOS != "linux" {
		t.Skipf("no /proc/meminfo on %s", runtime.GOOS)
	}
	if _, err := os.Stat("/proc/meminfo"); err != nil {
		t.Skipf("no /proc/meminfo: %v", err)
	}
	if got < 64<<20 || got > 1<<50 {
		t.Fatalf("machineMemory() = %d bytes, want a machine's memory", got)
	}
}

// TestDefaultLimit: the soft memory limit grows with the site's files
// and stays within memoryShare of the machine.
func TestDefaultLimit(t *testing.T) {
	t.Parallel()
	const gib = 1 << 30
	for _, tt := range []struct {
		files   int
		perFile int64
		total   int64
		want    int64
	}{
		{0, perFile, 24 * gib, baseLimit},
		{12_030, perFile, 24 * gib, baseLimit + 12_030*perFile},     // 10,000 articles: 641 MiB
		{120_030, perFile, 24 * gib, baseLimit + 120_030*perFile},   // 100,000 articles: 1.76 GiB
		{120_030, perFile, 2 * gib, 3 * gib / 2},                    // a small machine: 3/4 of it
		{120_030, perFile, 0, baseLimit + 120_030*perFile},          // unknown memory
		{12_030, servePerFile, 24 * gib, baseLimit + 12_030*24<<10}, // the preview of 10,000 articles: 794 MiB
	} {
		if got := defaultLimit(tt.files, tt.perFile, tt.total); got != tt.want {
			t.Errorf("defaultLimit(%d, %d, %d) = %d, want %d", tt.files, tt.perFile, tt.total, got, tt.want)
		}
	}
	// The build's resident memory came to the limit and 52 MiB more.
	// The preview's must stay within the 1 GB it may hold at 10,000.
	if l := defaultLimit(12_030, servePerFile, 24<<30); l > 900<<20 {
		t.Errorf("the 10,000-article preview's limit %d MiB: too near 1 GB", l>>20)
	}
	if l := defaultLimit(120_030, perFile, 24<<30); l > 1850<<20 {
		t.Errorf("100,000 articles' limit %d MiB: too near the 2 GiB the build may take", l>>20)
	}
}

// TestRaisedLimit: the limit leaves a quarter of the live heap free, is
// never lowered, and never passes the ceiling.
func TestRaisedLimit(t *testing.T) {
	t.Parallel()
	const mib = 1 << 20
	for _, tt := range []struct {
		limit, live, other, ceiling, want int64
	}{
		{1000 * mib, 400 * mib, 20 * mib, 0, 1000 * mib},           // room enough: kept
		{1000 * mib, 800 * mib, 20 * mib, 0, 1020 * mib},           // 800 + 200 + 20
		{1000 * mib, 800 * mib, 20 * mib, 18000 * mib, 1020 * mib}, // under the ceiling
		{1000 * mib, 900 * mib, 20 * mib, 1010 * mib, 1010 * mib},  // capped by the ceiling
		{1000 * mib, 900 * mib, 20 * mib, 900 * mib, 1000 * mib},   // never lowered
		{1000 * mib, 0, 0, 0, 1000 * mib},
	} {
		if got := raisedLimit(tt.limit, tt.live, tt.other, tt.ceiling); got != tt.want {
			t.Errorf("raisedLimit(%d, %d, %d, %d MiB) = %d MiB, want %d MiB", tt.limit/mib, tt.live/mib, tt.other/mib, tt.ceiling/mib, got/mib, tt.want/mib)
		}
	}
}

// TestFloorPercent: the growth lets the heap reach the floor, and never
// falls below the percent asked for.
func TestFloorPercent(t *testing.T) {
	t.Parallel()
	const mib = 1 << 20
	for _, tt := range []struct {
		live, floor   int64
		percent, want int
	}{
		{4 * mib, 192 * mib, 150, 4700},  // the first collection at 192 MiB
		{64 * mib, 192 * mib, 150, 200},  // 64 MiB live: 128 more
		{96 * mib, 192 * mib, 150, 150},  // 2.5 times 96 is past the floor
		{200 * mib, 192 * mib, 150, 150}, // more live than the floor
		{0, 192 * mib, 150, 150},         // nothing read
	} {
		if got := floorPercent(tt.live, tt.floor, tt.percent); got != tt.want {
			t.Errorf("floorPercent(%d MiB, %d MiB, %d) = %d, want %d", tt.live/mib, tt.floor/mib, tt.percent, got, tt.want)
		}
	}
}

// TestAfterGC: the hook runs after a collection, and again after the
// next one.
func TestAfterGC(t *testing.T) {
	ran := make(chan struct{}, 8)
	afterGC(func() {
		select {
		case ran <- struct{}{}:
		default:
		}
	})
	for range 2 {
		got := false
		for !got {
			runtime.GC() // the hook runs in the finalizer goroutine, after the collection
			select {
			case <-ran:
				got = true
			default:
				runtime.Gosched()
			}
		}
	}
}

// TestGCPercent: the collector's growth for each kind of build.
func TestGCPercent(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		files  int
		photos int64
		warm   bool
		want   int
	}{
		{12_030, 0, true, warmGC},               // one edit at 10,000 articles
		{12_030, 0, false, largeGC},             // a cold build of 10,000 articles
		{120_030, 0, false, largeGC},            // 100,000: the memory limit binds first
		{1_200, 0, false, 400},                  // the 1,000-article corpus
		{1_200, photoBytes, false, 100},         // a small site with camera photos
		{smallSite, photoBytes, false, largeGC}, // photos of large sites are not counted
	} {
		if got := gcPercent(tt.files, tt.photos, tt.warm); got != tt.want {
			t.Errorf("gcPercent(%d, %d, %v) = %d, want %d", tt.files, tt.photos, tt.warm, got, tt.want)
		}
	}
}

// TestCountFiles: every Markdown file under content/, in nested folders
// (page bundles) too, and the bytes of the images beside them.
func TestCountFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"content/_index.md":                  "---\n---\n",
		"content/berita/a.md":                "---\n---\n",
		"content/berita/b/index.md":          "---\n---\n",
		"content/berita/b/foto.jpg":          "0123456789",
		"content/inovasi/c/d/index.md":       "---\n---\n",
		"content/inovasi/c/d/catatan.txt":    "tidak dihitung",
		"static/gambar/logo.png":             "01234",
		"content/berita/b/lampiran/peta.png": "0123",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	n, photos := 0, int64(0)
	countFiles(build.DirFS(dir), "content", &n, &photos)
	if n != 4 || photos != 14 {
		t.Errorf("content: %d files, %d bytes of images; want 4 and 14", n, photos)
	}
	countFiles(build.DirFS(dir), "static", &n, &photos)
	if n != 4 || photos != 19 {
		t.Errorf("with static: %d files, %d bytes of images; want 4 and 19", n, photos)
	}
	n = 0
	countFiles(build.DirFS(dir), "missing", &n, &photos)
	if n != 0 {
		t.Errorf("a missing folder counted %d files", n)
	}
}
