package cache

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/markdown"
	"github.com/warta-portal/warta/internal/source"
)

// reads is a site folder that counts the files opened for reading
// (stat calls are not counted).
type reads struct {
	fs.StatFS
	mu     sync.Mutex
	opened map[string]int
}

func (r *reads) Open(name string) (fs.File, error) {
	r.mu.Lock()
	r.opened[name]++
	r.mu.Unlock()
	return r.StatFS.Open(name)
}

// TestFileIndexReadsOnlyChangedFiles: with the store's file index, a
// build reads only the content files whose size, times or inode changed
// since the last build, and every page equals one parsed from its file;
// a file changed within the racy window is not trusted; a stored body
// that cannot be read is made again from the file.
func TestFileIndexReadsOnlyChangedFiles(t *testing.T) {
	t.Parallel()
	site, store := t.TempDir(), t.TempDir()
	files := map[string]string{
		"content/berita/a.md":      "---\ntitle: Banjir di Kerinci\ndate: 2020-11-11\n---\nAir naik **dua meter**.\n",
		"content/berita/b.md":      "\ufeff---\ntitle: Pelatihan\ndate: 2020-11-12\n---\nDinas melatih pemuda.\n",
		"content/berita/c.md":      "---\ntitle: Draf\ndate: 2020-11-13\ndraft: true\n---\nBelum terbit.\n",
		"content/berita/_index.md": "---\ntitle: Berita\n---\n",
	}
	old := time.Now().Add(-time.Hour)
	for name, text := range files {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := config.Load(os.DirFS(site))
	if err != nil {
		t.Fatal(err)
	}
	md := markdown.New(markdown.Options{})
	// load loads every file; began is when the build began, as the racy
	// rule sees it (the files' change times are now).
	load := func(t *testing.T, began time.Time) (map[string]string, map[string]int, *Cache) {
		t.Helper()
		c, err := Open(store, Key{7})
		if err != nil {
			t.Fatal(err)
		}
		fsys := &reads{StatFS: os.DirFS(site).(fs.StatFS), opened: map[string]int{}}
		l := NewLoader(LoadOptions{FS: fsys, Config: &cfg, Markdown: md, MarkdownKey: "md", Store: c,
			Render: func(p *content.Page, file string) bool { return !p.Draft }})
		l.began = began
		got := map[string]string{}
		tree, err := source.Walk(os.DirFS(site))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range tree.Content {
			p, errs := l.Load(e)
			if len(errs) > 0 || p == nil {
				t.Fatalf("%s: %v", e.Path, errs)
			}
			html, err := p.Content()
			if err != nil {
				t.Fatal(err)
			}
			got[e.Path] = p.Title + "|" + p.Date.String() + "|" + string(html) + "|" + strings.Join(p.Tags, ",")
		}
		return got, fsys.opened, c
	}
	// want parses every file with no store at all.
	want := func(t *testing.T) map[string]string {
		t.Helper()
		got := map[string]string{}
		for name := range files {
			data, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(name)))
			if err != nil {
				t.Fatal(err)
			}
			p, errs := content.Parse(&cfg, content.Source{File: name, Data: data})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if !p.Draft {
				if err := p.Render(md); err != nil {
					t.Fatal(err)
				}
			}
			html, _ := p.Content()
			got[name] = p.Title + "|" + p.Date.String() + "|" + string(html) + "|" + strings.Join(p.Tags, ",")
		}
		return got
	}
	later := time.Now().Add(time.Minute) // every file's times are well before
	same := func(t *testing.T, got map[string]string) {
		t.Helper()
		w := want(t)
		for name := range files {
			if got[name] != w[name] {
				t.Errorf("%s:\n got %q\nwant %q", name, got[name], w[name])
			}
		}
	}

	got, opened, c := load(t, later)
	same(t, got)
	if len(opened) != len(files) {
		t.Fatalf("first build read %v, want every file", opened)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}

	got, opened, c = load(t, later)
	same(t, got)
	if len(opened) != 0 {
		t.Errorf("nothing changed, but the build read %v", opened)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}

	// Same size and modification time, other bytes: the change time
	// differs, so the file is read.
	a := filepath.Join(site, "content/berita/a.md")
	if err := os.WriteFile(a, []byte(strings.Replace(files["content/berita/a.md"], "dua", "ttg", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(a, old, old); err != nil {
		t.Fatal(err)
	}
	got, opened, c = load(t, later)
	same(t, got)
	if !strings.Contains(got["content/berita/a.md"], "ttg") || len(opened) != 1 || opened["content/berita/a.md"] != 1 {
		t.Errorf("after an edit keeping size and time: read %v, page %q", opened, got["content/berita/a.md"])
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}

	// A file changed just before the build (within the racy window) is
	// read, and read again next time: its stat values are not recorded.
	b := filepath.Join(site, "content/berita/b.md")
	if err := os.WriteFile(b, []byte(strings.Replace(files["content/berita/b.md"], "pemuda", "pemudi", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		got, opened, c = load(t, time.Now())
		same(t, got)
		if opened["content/berita/b.md"] != 1 {
			t.Errorf("round %d: a file changed just now was not read: %v", round, opened)
		}
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
	}

	// A stored body that cannot be read: the page is rendered from its
	// file, which is read for it.
	if err := filepath.WalkDir(filepath.Join(store), func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.Contains(p, string(filepath.Separator)+"html"+string(filepath.Separator)) {
			return os.Truncate(p, 10)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	got, opened, _ = load(t, later)
	same(t, got)
	if opened["content/berita/a.md"] != 1 {
		t.Errorf("a damaged stored body was not made again from its file: read %v", opened)
	}
}
