package build

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/cache"
)

// settle waits out the build cache's racy window, so that the files
// written before it are old enough for the cache's file index (see
// cache.RacyWindow), as an editor's files are between saves: builds then
// take unchanged files from the index without reading them.
func settle() { time.Sleep(cache.RacyWindow + 100*time.Millisecond) }

// TestCachedBuildMatchesUncached edits content, layouts and configuration
// step by step; after each step a build that uses the cache (and keeps
// unchanged pages) must give exactly the bytes of a build without it.
func TestCachedBuildMatchesUncached(t *testing.T) {
	site := t.TempDir()
	ar, err := txtar.ParseFile("testdata/sites/lists.txtar")
	if err != nil {
		t.Fatal(err)
	}
	basic, err := txtar.ParseFile("testdata/sites/basic.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(ar.Files, basic.Files...) {
		if f.Name == "warta.yaml" && strings.Contains(string(f.Data), "Portal Uji") {
			continue // keep the lists fixture's configuration
		}
		writeFile(t, filepath.Join(site, f.Name), string(f.Data))
	}
	// The site layouts start as copies of the theme's, so a step can edit one.
	single, _ := fs.ReadFile(warta.Theme(), "berita/single.html")
	writeFile(t, filepath.Join(site, "layouts/berita/single.html"), string(single))
	settle()

	cacheDir, cached, fresh := t.TempDir(), filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "public")
	build := func(dest, cacheDir string) Result {
		t.Helper()
		res, err := Run(context.Background(), Options{Source: os.DirFS(site), Destination: dest, Theme: warta.Theme(), Now: now, CacheDir: cacheDir})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	edit := func(name string, f func(string) string) func() {
		return func() {
			p := filepath.Join(site, name)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, p, f(string(b)))
		}
	}
	steps := []struct {
		name string
		do   func()
	}{
		{"first build", func() {}},
		{"nothing changed", func() {}},
		{"article body", edit("content/berita/berita-nomor-5.md", func(s string) string { return s + "\nKalimat tambahan.\n" })},
		{"article title shown in related lists and pagers", edit("content/berita/berita-nomor-7.md", func(s string) string {
			return strings.Replace(s, "title: Berita Nomor 7", "title: Judul Baru Nomor 7", 1)
		})},
		{"tags changed", edit("content/berita/berita-nomor-8.md", func(s string) string {
			return strings.Replace(s, "tags: [", `tags: ["topik baru", `, 1)
		})},
		{"new article", func() {
			writeFile(t, filepath.Join(site, "content/berita/baru.md"), "---\ntitle: Berita Baru\ndate: 2020-12-30\ntags: [pelayanan publik]\n---\nIsi baru.\n")
		}},
		{"article deleted", func() { os.Remove(filepath.Join(site, "content/berita/berita-nomor-10.md")) }},
		{"article renamed", func() {
			os.Rename(filepath.Join(site, "content/berita/berita-nomor-9.md"), filepath.Join(site, "content/berita/nomor-sembilan.md"))
		}},
		{"section title", edit("content/berita/_index.md", func(s string) string { return strings.Replace(s, "title: Kabar Daerah", "title: Kabar Terbaru", 1) })},
		{"other section's page", func() {
			writeFile(t, filepath.Join(site, "content/pengumuman/rapat.md"), "---\ntitle: Rapat\ndate: 2020-12-21\n---\nRapat.\n")
		}},
		{"agency title", edit("content/opd/bpsdm.md", func(s string) string { return strings.Replace(s, "title: BPSDM", "title: Badan SDM", 1) })},
		{"innovation stage", edit("content/inovasi/antrean-daring.md", func(s string) string {
			return strings.Replace(strings.Replace(s, "stage: penerapan", "stage: uji_coba", 1), ", implemented: 2020-11-18", "", 1)
		})},
		{"layout", edit("layouts/berita/single.html", func(s string) string { return strings.Replace(s, "Berita Lainnya", "Baca Juga", 1) })},
		{"config", edit("warta.yaml", func(s string) string {
			return strings.Replace(s, "title: Portal Daftar", "title: Portal Daftar Baru", 1)
		})},
		{"back to a page's earlier bytes", edit("content/berita/berita-nomor-5.md", func(s string) string { return strings.Replace(s, "\nKalimat tambahan.\n", "", 1) })},
	}
	for i, st := range steps {
		st.do()
		res := build(cached, cacheDir)
		build(fresh, "")
		if diff := compareTrees(cached, fresh); diff != "" {
			t.Fatalf("step %d (%s): cached build differs from an uncached one: %s", i, st.name, diff)
		}
		if len(res.Notes) > 0 {
			t.Errorf("step %d (%s): the cache could not use its own files: %q", i, st.name, res.Notes)
		}
		if st.name == "nothing changed" && res.Written != 0 {
			t.Errorf("nothing changed, yet %d files written", res.Written)
		}
		if st.name == "article body" && (res.Reused < res.Pages/2 || res.Reused == res.Pages) {
			t.Errorf("article body edited: %d of %d pages reused", res.Reused, res.Pages)
		}
	}
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func compareTrees(a, b string) string {
	ta, tb := readTreeNoT(a), readTreeNoT(b)
	var diffs []string
	for n, x := range ta {
		if y, ok := tb[n]; !ok {
			diffs = append(diffs, n+" only in cached")
		} else if !bytes.Equal(x, y) {
			diffs = append(diffs, n+" differs")
		}
	}
	for n := range tb {
		if _, ok := ta[n]; !ok {
			diffs = append(diffs, n+" missing from cached")
		}
	}
	if len(diffs) > 8 {
		diffs = append(diffs[:8], "…")
	}
	return strings.Join(diffs, "; ")
}

func readTreeNoT(dir string) map[string][]byte {
	m := map[string][]byte{}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = b
		return nil
	})
	return m
}
