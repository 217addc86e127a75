package build

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/cache"
	"github.com/warta-portal/warta/internal/publish"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden")

// now is the build time of every test: after the fixtures' dates, before
// their future items.
var now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// siteFS reads a txtar fixture into an in-memory site folder.
func siteFS(t testing.TB, name string) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "sites", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return fsys
}

// testImages keeps the sample portal's photo renditions across the
// package's builds: each photo is processed once per test run.
var testImages cache.MemoryImages

func buildMem(t testing.TB, fsys fs.FS, o Options) (*publish.Memory, Result) {
	t.Helper()
	mem := publish.NewMemory()
	o.Source, o.Target, o.Theme = fsys, mem, warta.Theme()
	if o.Images == nil {
		o.Images = &testImages
	}
	if o.Now.IsZero() {
		o.Now = now
	}
	res, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return mem, res
}

func TestGoldenSites(t *testing.T) {
	entries, _ := filepath.Glob("testdata/sites/*.txtar")
	for _, e := range entries {
		name := strings.TrimSuffix(filepath.Base(e), ".txtar")
		t.Run(name, func(t *testing.T) {
			mem, _ := buildMem(t, siteFS(t, name), Options{NoMinify: true})
			golden := filepath.Join("testdata", "golden", name)
			if *update {
				_ = os.RemoveAll(golden)
				for n, b := range mem.Files {
					if themeAsset(n) {
						continue
					}
					p := filepath.Join(golden, filepath.FromSlash(n))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			want := map[string][]byte{}
			err := filepath.WalkDir(golden, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(golden, p)
				b, err := os.ReadFile(p)
				want[filepath.ToSlash(rel)] = b
				return err
			})
			if err != nil {
				t.Fatalf("%v (run go test ./internal/build -run TestGoldenSites -update, then read the diff)", err)
			}
			for n, b := range mem.Files {
				if themeAsset(n) {
					continue
				}
				w, ok := want[n]
				switch {
				case !ok:
					t.Errorf("%s: new output, not in golden", n)
				case !bytes.Equal(w, b):
					t.Errorf("%s: differs from golden:\n%s", n, firstDiff(string(w), string(b)))
				}
			}
			for n := range want {
				if _, ok := mem.Files[n]; !ok && !themeAsset(n) {
					t.Errorf("%s: in golden, no longer made", n)
				}
			}
		})
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n- " + x + "\n+ " + y
		}
	}
	return ""
}

// themeAsset reports copies of the theme's stylesheet, script and icons:
// they change with the theme's design, not with what the build does.
func themeAsset(name string) bool {
	return strings.HasPrefix(name, "css/") || strings.HasPrefix(name, "js/") ||
		strings.HasSuffix(name, ".png") || name == "favicon.svg" || name == "site.webmanifest"
}

func TestSelection(t *testing.T) {
	fsys := siteFS(t, "basic")
	mem, _ := buildMem(t, fsys, Options{})
	for _, n := range []string{"berita/draf/index.html", "berita/masa-depan/index.html"} {
		if _, ok := mem.Files[n]; ok {
			t.Errorf("%s published without --drafts/--future", n)
		}
	}
	if bytes.Contains(mem.Files["sitemap.xml"], []byte("draf")) || bytes.Contains(mem.Files["feed.xml"], []byte("Masa Depan")) {
		t.Error("draft or future item in sitemap or feed")
	}
	mem, _ = buildMem(t, fsys, Options{Drafts: true, Future: true})
	for _, n := range []string{"berita/draf/index.html", "berita/masa-depan/index.html"} {
		if _, ok := mem.Files[n]; !ok {
			t.Errorf("%s missing with --drafts --future", n)
		}
	}
}

func TestDeterministic(t *testing.T) {
	fsys := siteFS(t, "basic")
	a, _ := buildMem(t, fsys, Options{})
	b, _ := buildMem(t, fsys, Options{Workers: 1})
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files vs %d", len(a.Files), len(b.Files))
	}
	for n, x := range a.Files {
		if !bytes.Equal(x, b.Files[n]) {
			t.Errorf("%s differs between two builds", n)
		}
	}
}

func TestSeedArticleAndTicker(t *testing.T) {
	mem, _ := buildMem(t, os.DirFS("../.."), Options{})
	page := string(mem.Files["berita/sekda-minta-opd-ciptakan-inovasi-pelayanan-publik/index.html"])
	for _, want := range []string{"Rabu, 11 November 2020", `datetime="2020-11-11T10:30:00+07:00"`, "(JP-Hms/Lee)", "Berita Lainnya", "47"} {
		if !strings.Contains(page, want) {
			t.Errorf("seed article lacks %q", want)
		}
	}
	home := string(mem.Files["index.html"])
	for _, want := range []string{`<span class="ticker-label-long">Info </span>Terkini`, `class="ticker-toggle"`, `>Jeda</button>`} {
		if !strings.Contains(home, want) {
			t.Errorf("home lacks %q", want)
		}
	}
}

func TestDirPublishKeepsUnchangedAndRemovesStale(t *testing.T) {
	fsys := siteFS(t, "basic")
	dest := filepath.Join(t.TempDir(), "public")
	run := func() Result {
		res, err := Run(context.Background(), Options{Source: fsys, Destination: dest, Theme: warta.Theme(), Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	first := run()
	if first.Unchanged != 0 || first.Written == 0 {
		t.Fatalf("first build: %+v", first)
	}
	stale := filepath.Join(dest, "stale.html")
	if err := os.WriteFile(stale, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	about := filepath.Join(dest, "tentang", "index.html")
	if err := os.Chtimes(about, old, old); err != nil {
		t.Fatal(err)
	}
	second := run()
	if second.Written != 0 || second.Unchanged != first.Written {
		t.Errorf("second build: written %d unchanged %d, want 0 and %d", second.Written, second.Unchanged, first.Written)
	}
	if fi, err := os.Stat(about); err != nil || !fi.ModTime().Equal(old) {
		t.Errorf("unchanged file rewritten: %v %v", fi.ModTime(), err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("stale file survived the build")
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	// .public.prev is the replaced tree, kept as the next build's staging.
	if names := dirNames(entries); !slices.Equal(names, []string{".public.prev", "public"}) {
		t.Errorf("leftovers next to the destination: %v", names)
	}
}

func dirNames(es []fs.DirEntry) []string {
	var n []string
	for _, e := range es {
		n = append(n, e.Name())
	}
	return n
}
