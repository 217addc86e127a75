package publish

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

func TestNamesLeavingTheDestinationAreRefused(t *testing.T) {
	d, err := NewDir(context.Background(), filepath.Join(t.TempDir(), "public"), DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	m := NewMemory()
	for _, name := range []string{"../x.html", "/etc/passwd", "a/../../x", `a\..\x`} {
		if err := d.WriteFile(name, []byte("x")); err == nil {
			t.Errorf("Dir wrote %q", name)
		}
		if err := m.WriteFile(name, []byte("x")); err == nil {
			t.Errorf("Memory wrote %q", name)
		}
	}
}

func TestCommitMovesOnlyChanges(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	publish := func(files map[string]string, m Record, keep ...string) (*Dir, Stats) {
		t.Helper()
		d, err := NewDir(context.Background(), dest, DirOptions{})
		if err != nil {
			t.Fatal(err)
		}
		d.Since(m)
		for _, n := range keep {
			if !d.Keep(n) {
				t.Errorf("%s not kept", n)
			}
		}
		for n, b := range files {
			if err := d.WriteFile(n, []byte(b)); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		d.Close()
		return d, d.Stats()
	}
	d, _ := publish(map[string]string{"a/index.html": "A", "b/index.html": "B", "x": "file"}, Record{})
	m := d.Record()
	_, st := publish(map[string]string{"a/index.html": "A", "x/index.html": "now a folder"}, m, "b/index.html")
	if st.Written != 1 || st.Unchanged != 2 {
		t.Errorf("stats %+v", st)
	}
	got := map[string]string{}
	filepath.WalkDir(dest, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && e.Name() != Marker && e.Name() != LockFile {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dest, p)
			got[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	want := map[string]string{"a/index.html": "A", "b/index.html": "B", "x/index.html": "now a folder"}
	if len(got) != len(want) {
		t.Errorf("tree %v, want %v", got, want)
	}
	for n, b := range want {
		if got[n] != b {
			t.Errorf("%s = %q, want %q", n, got[n], b)
		}
	}
	// reopen starts the next build with the record of the last.
	reopen := func() *Dir {
		t.Helper()
		d, err := NewDir(context.Background(), dest, DirOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Abort() })
		d.Since(m)
		return d
	}
	// A file changed by hand since is not trusted.
	os.WriteFile(filepath.Join(dest, "b/index.html"), []byte("edited"), 0o644)
	d2 := reopen()
	if d2.Keep("b/index.html") {
		t.Error("reused a file edited since the last build")
	}
	// Nor one whose permissions changed (same bytes, size and time): a
	// web server could no longer read it.
	if !d2.Keep("a/index.html") {
		t.Fatal("a/index.html, unchanged, was not kept")
	}
	d2.Abort()
	os.Chmod(filepath.Join(dest, "a/index.html"), 0o200)
	if reopen().Keep("a/index.html") {
		t.Error("reused a file whose permissions changed since the last build")
	}
}

func TestCheckDest(t *testing.T) {
	site := t.TempDir()
	os.MkdirAll(filepath.Join(site, "content"), 0o755)
	for _, dest := range []string{site, filepath.Dir(site), "/"} {
		if err := CheckDest(dest, site); err == nil {
			t.Errorf("CheckDest(%s) accepted", dest)
		}
	}
	if err := CheckDest(filepath.Join(site, "public"), site); err != nil {
		t.Errorf("public/ refused: %v", err)
	}
}

func TestMinifyKeepsWhatItCannotParse(t *testing.T) {
	m := NewMemory()
	f := NewMinify(m)
	f.WriteFile("a.html", []byte("<p>  halo   dunia </p>\n"))
	f.WriteFile("b.json", []byte("{ not json"))
	f.CopyFile("c.css", fstest.MapFS{"c.css": {Data: []byte("a {  color : red ; }")}}, "c.css")
	if got := string(m.Files["a.html"]); got != "<p>halo dunia</p>" {
		t.Errorf("html %q", got)
	}
	if got := string(m.Files["b.json"]); !strings.Contains(got, "not json") {
		t.Errorf("json %q", got)
	}
	if got := string(m.Files["c.css"]); got != "a{color:red}" {
		t.Errorf("css %q", got)
	}
}

func TestRelativeLinks(t *testing.T) {
	m := NewMemory()
	r := NewRelative(m, "/portal/")
	page := `<link rel="canonical" href="/portal/berita/x/"><link rel="stylesheet" href="/portal/css/a.css">` +
		`<a href="/portal/">Beranda</a> <a href="/portal/berita/x/#bagian">x</a> <a href="/portal/inovasi/?tahapan=penerapan">q</a>` +
		`<img src="/portal/berita/x/foto.jpg" alt="a &amp; b"> <a href="https://lain.go.id/">luar</a> <a href="#atas">atas</a> <p>1 &lt; 2</p>`
	r.WriteFile("berita/x/index.html", []byte(page))
	got := string(m.Files["berita/x/index.html"])
	for _, want := range []string{
		`<link rel="canonical" href="/portal/berita/x/">`,
		`href="../../css/a.css"`,
		`href="../../index.html"`,
		`href="index.html#bagian"`,
		`href="../../inovasi/index.html?tahapan=penerapan"`,
		`src="foto.jpg" alt="a &amp; b"`,
		`href="https://lain.go.id/"`,
		`href="#atas"`,
		`<p>1 &lt; 2</p>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	r.WriteFile("2020/11/lama.html", []byte(`<meta http-equiv="refresh" content="0; url=/portal/berita/x/">`))
	if got := string(m.Files["2020/11/lama.html"]); got != `<meta http-equiv="refresh" content="0; url=../../berita/x/index.html"/>` && got != `<meta http-equiv="refresh" content="0; url=../../berita/x/index.html">` {
		t.Errorf("redirect: %s", got)
	}
	r.WriteFile("index.html", []byte(`<a href="/portal/tag/">t</a>`))
	if got := string(m.Files["index.html"]); got != `<a href="tag/index.html">t</a>` {
		t.Errorf("home: %s", got)
	}
}

func TestDestinationsThatWouldLoseSources(t *testing.T) {
	site := t.TempDir()
	for _, d := range []string{"content/berita", "static", "layouts", ".git"} {
		os.MkdirAll(filepath.Join(site, d), 0o755)
	}
	os.WriteFile(filepath.Join(site, "catatan.txt"), []byte("x"), 0o644)
	for _, dest := range []string{"content", "content/berita", "static", "layouts", ".git", "catatan.txt"} {
		if err := CheckDest(filepath.Join(site, dest), site); err == nil {
			t.Errorf("CheckDest(%s) accepted", dest)
		}
	}
	// A non-empty folder warta did not write is refused; an empty one and
	// one with the marker are fine.
	foreign := filepath.Join(t.TempDir(), "dokumen")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "penting.docx"), []byte("x"), 0o644)
	if _, err := NewDir(context.Background(), foreign, DirOptions{}); err == nil || !strings.Contains(err.Error(), "did not write") {
		t.Errorf("foreign folder: %v", err)
	}
}

func TestSymlinkedDestinationIsPublishedThrough(t *testing.T) {
	dir := t.TempDir()
	real, link := filepath.Join(dir, "real"), filepath.Join(dir, "public")
	publishOnce := func(files map[string]string) {
		t.Helper()
		d, err := NewDir(context.Background(), link, DirOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for n, b := range files {
			d.WriteFile(n, []byte(b))
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		d.Close()
	}
	os.MkdirAll(real, 0o755)
	if err := os.Symlink(real, link); err != nil {
		t.Skip(err)
	}
	publishOnce(map[string]string{"a.html": "A", "b.html": "B"})
	publishOnce(map[string]string{"a.html": "A2"})
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(real, "a.html")); string(b) != "A2" {
		t.Errorf("a.html = %q", b)
	}
	if _, err := os.Stat(filepath.Join(real, "b.html")); !os.IsNotExist(err) {
		t.Error("stale b.html kept")
	}
}

func TestHiddenFilesInTheDestinationAreKept(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	for i := 0; i < 2; i++ {
		d, err := NewDir(context.Background(), dest, DirOptions{})
		if err != nil {
			t.Fatal(err)
		}
		d.WriteFile("index.html", []byte("x"))
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		d.Close()
		os.MkdirAll(filepath.Join(dest, ".git"), 0o755)
		os.WriteFile(filepath.Join(dest, ".git", "HEAD"), []byte("ref"), 0o644)
	}
	if _, err := os.Stat(filepath.Join(dest, ".git", "HEAD")); err != nil {
		t.Error("a deploy repository's .git was removed")
	}
}

// TestStaleFilesGoneWhenTheManifestIsOld: a build without the cache in
// between leaves the record out of date; stale files go all the same (the
// new tree holds only what the build made).
func TestStaleFilesGoneWhenTheManifestIsOld(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	publish := func(m Record, names ...string) Record {
		t.Helper()
		d, err := NewDir(context.Background(), dest, DirOptions{})
		if err != nil {
			t.Fatal(err)
		}
		d.Since(m)
		for _, n := range names {
			d.WriteFile(n, []byte(n))
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		d.Close()
		return d.Record()
	}
	m := publish(Record{}, "a.html")
	publish(Record{}, "a.html", "tmp1.html") // a build without the cache
	m = publish(m, "a.html")
	if _, err := os.Stat(filepath.Join(dest, "tmp1.html")); !os.IsNotExist(err) {
		t.Error("tmp1.html survived: the stale list came from an out-of-date manifest")
	}
	publish(m, "b.html") // the manifest is current: a.html goes by set difference
	if _, err := os.Stat(filepath.Join(dest, "a.html")); !os.IsNotExist(err) {
		t.Error("a.html survived")
	}
}

func TestLargeStaticFilesAreNotMinified(t *testing.T) {
	t.Parallel()
	big := "[" + strings.Repeat(`{ "a" : 1 },`, maxMinify/12+1) + "{}]"
	m := NewMemory()
	f := NewMinify(m)
	src := fstest.MapFS{"besar.json": {Data: []byte(big)}, "kecil.json": {Data: []byte(`{ "a" : 1 }`)}}
	f.CopyFile("besar.json", src, "besar.json")
	f.CopyFile("kecil.json", src, "kecil.json")
	if string(m.Files["besar.json"]) != big {
		t.Error("a file over the minify limit was changed")
	}
	if got := string(m.Files["kecil.json"]); got != `{"a":1}` {
		t.Errorf("small json %q", got)
	}
}

// TestMinifyIntoAFolderEqualsMinifyIntoMemory: a folder keeps nothing of
// what it is given, so Minify in front of it minifies into buffers it
// reuses; the files must be what Minify in front of memory (which keeps
// its own copy) makes, with many writers at once, and a file it cannot
// parse is written as it is.
func TestMinifyIntoAFolderEqualsMinifyIntoMemory(t *testing.T) {
	t.Parallel()
	dest := filepath.Join(t.TempDir(), "public")
	d, err := NewDir(context.Background(), dest, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	mem := NewMemory()
	inDir, inMem := NewMinify(d), NewMinify(mem)
	if !inDir.Borrows() || inMem.Borrows() {
		t.Fatalf("Borrows: in front of a folder %v, of memory %v", inDir.Borrows(), inMem.Borrows())
	}
	files := map[string]string{"b.json": "{ not json"}
	for i := range 200 {
		files[fmt.Sprintf("p%d/index.html", i)] = fmt.Sprintf("<p>  halaman   %d </p>\n%s", i, strings.Repeat("<li> butir </li>\n", i))
	}
	var wg sync.WaitGroup
	for n, s := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, f := range []*Minify{inDir, inMem} {
				if err := f.WriteFile(n, []byte(s)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	for n := range files {
		b, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(n)))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != string(mem.Files[n]) {
			t.Errorf("%s: %q in the folder, %q in memory", n, b, mem.Files[n])
		}
	}
	if got := string(mem.Files["p3/index.html"]); got != "<p>halaman 3</p><li>butir</li><li>butir</li><li>butir</li>" {
		t.Errorf("minified %q", got)
	}
}
