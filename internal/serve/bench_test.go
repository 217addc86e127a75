package serve

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	neturl "net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkRebuildOneArticle measures the editor's loop: save one
// article's body, then wait for the reload event of the page's tab and
// for the page to serve the new bytes. It includes the watcher's debounce
// and the page shown at once (build.Quick); each save then waits for the
// full rebuild that follows. Metrics: save-ms-median and save-ms-max,
// from the write to the new bytes served; build-ms/op, the full rebuilds;
// heap-MiB and sys-MiB, the Go heap and the memory taken from the OS
// after the saves, and rss-MiB, the resident memory once freed pages went
// back to the OS (the server and the benchmark share the process).
//
// WARTA_BENCH_CORPUS names a corpus made by the shared generator
// (cd /work/shared/bench && go run gen.go -n 10000 -out /tmp/bench-10000);
// it is copied, not changed. Without it, a small corpus is generated here.
//
//	WARTA_BENCH_CORPUS=/tmp/bench-10000 go test -run '^$' -bench RebuildOneArticle -benchtime 5x ./internal/serve
func BenchmarkRebuildOneArticle(b *testing.B) {
	dir := b.TempDir()
	if corpus := os.Getenv("WARTA_BENCH_CORPUS"); corpus != "" {
		if err := os.CopyFS(dir, os.DirFS(corpus)); err != nil {
			b.Fatalf("copying WARTA_BENCH_CORPUS=%s: %v", corpus, err)
		}
	} else {
		writeSite(b, dir, smallCorpus(500))
	}
	article, err := firstArticle(dir)
	if err != nil {
		b.Fatal(err)
	}
	original, err := os.ReadFile(filepath.Join(dir, article))
	if err != nil {
		b.Fatal(err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/"
	s := New(Options{Build: buildOptions(dir, base)})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}()
	waitWithin(b, 30*time.Minute, "the first build", func() bool { return s.site.Load() != nil || s.state.Load().failure != nil })
	if f := s.state.Load().failure; f != nil {
		b.Fatalf("the corpus does not build: %s", f.payload)
	}
	st := s.site.Load()
	b.Logf("%s: %d pages, %d files; first build %s", article, st.pages, len(st.files), st.took.Round(time.Millisecond))

	// The tab of the edited page, as the page's own script opens it.
	page := strings.TrimSuffix(strings.TrimPrefix(article, "content/"), ".md") + "/"
	ev := subscribeTo(b, base+"__warta/events?page="+neturl.QueryEscape(page+"index.html"))
	ev.timeout = 15 * time.Minute
	ev.expect(b, "hello")
	url := base + page
	var (
		builds time.Duration
		saves  []time.Duration // from the write to the new bytes received
	)
	i := 0
	for b.Loop() {
		i++
		mark := fmt.Sprintf("Penanda suntingan nomor %d.", i)
		data := strings.TrimRight(string(original), "\n") + "\n\n" + mark + "\n"
		seq := s.state.Load().seq
		saved := time.Now()
		if err := os.WriteFile(filepath.Join(dir, article), []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
		ev.expect(b, "reload")
		code, body := fetch(b, url)
		if code != 200 || !strings.Contains(body, mark) {
			b.Fatalf("after the reload %s answers %d without the edit", url, code)
		}
		saves = append(saves, time.Since(saved))
		// The full rebuild follows the page shown; the next save waits
		// for it, as an editor's next save comes seconds later.
		waitWithin(b, 15*time.Minute, "the full rebuild", func() bool { return s.state.Load().seq > seq })
		builds += s.site.Load().took
	}
	slices.Sort(saves)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(float64(builds.Milliseconds())/float64(i), "build-ms/op")
	b.ReportMetric(ms(saves[len(saves)/2]), "save-ms-median")
	b.ReportMetric(ms(saves[len(saves)-1]), "save-ms-max")
	b.ReportMetric(float64(len(s.site.Load().files)), "files")
	// What the server holds after the saves, after a collection.
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(m.Sys)/(1<<20), "sys-MiB")
	// Resident memory once freed pages went back to the system (as the
	// runtime's scavenger does in the background within minutes).
	debug.FreeOSMemory()
	if status, err := os.ReadFile("/proc/self/status"); err == nil {
		for line := range strings.Lines(string(status)) {
			if f := strings.Fields(line); len(f) == 3 && f[0] == "VmRSS:" {
				if kb, err := strconv.Atoi(f[1]); err == nil {
					b.ReportMetric(float64(kb)/1024, "rss-MiB")
				}
			}
		}
	}
}

// firstArticle picks the news article to edit, by name.
func firstArticle(dir string) (string, error) {
	var found string
	err := fs.WalkDir(os.DirFS(dir), "content/berita", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if found == "" && !d.IsDir() && strings.HasSuffix(p, ".md") && d.Name() != "_index.md" && d.Name() != "index.md" {
			found = p
		}
		return nil
	})
	if found == "" && err == nil {
		err = fmt.Errorf("no article in %s/content/berita", dir)
	}
	return found, err
}

// smallCorpus is a portal of n news articles over a few agencies and tags,
// enough to exercise lists, tags, archives and feeds.
func smallCorpus(n int) map[string]string {
	files := map[string]string{
		"warta.yaml":               "title: Portal Uji Kinerja\n",
		"content/_index.md":        "---\ntitle: Portal Uji Kinerja\n---\n",
		"content/berita/_index.md": "---\ntitle: Berita\n---\n",
	}
	agencies := []string{"bappeda", "dinkes", "diskominfo", "dukcapil", "bpsdm"}
	for _, a := range agencies {
		files["content/opd/"+a+".md"] = "---\ntitle: \"" + strings.ToUpper(a) + "\"\n---\n\nPerangkat daerah " + a + ".\n"
	}
	tags := []string{"pelayanan publik", "inovasi", "kesehatan", "pendidikan", "digitalisasi", "desa", "perizinan"}
	para := strings.Repeat("Pemerintah daerah terus memperbaiki pelayanan publik bagi warga dengan cara yang mudah dipahami. ", 8)
	for i := 1; i <= n; i++ {
		day := time.Date(2021, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * 7 * time.Hour)
		files[fmt.Sprintf("content/berita/berita-nomor-%04d.md", i)] = fmt.Sprintf(
			"---\ntitle: \"Berita Nomor %d tentang Pelayanan\"\ndate: %s\nagency: %s\ntags: [%q, %q]\ncategories: [\"Pemerintahan\"]\n---\n\n%s\n\n## Rincian\n\n%s\n\n- satu\n- dua\n- tiga\n",
			i, day.Format("2006-01-02 15:04"), agencies[i%len(agencies)], tags[i%len(tags)], tags[(i/3)%len(tags)], para, para)
	}
	return files
}
