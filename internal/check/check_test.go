package check

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/build"
	"github.com/warta-portal/warta/internal/publish"
)

var now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func fixture(t *testing.T, file string) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// TestPlantedMistakes: each kind of mistake is found, with file and line.
func TestPlantedMistakes(t *testing.T) {
	rep, err := Run(context.Background(), Options{Source: fixture(t, "testdata/planted.txtar"), Theme: warta.Theme(), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		kind, file string
		line       int
		sev        Severity
		text       string
	}{
		{"image-alt", "content/berita/gambar/index.md", 8, Error, `gambar "foto.jpg" tanpa teks alternatif`},
		{"image-unused", "content/berita/gambar/sisa.png", 0, Warning, "gambar tidak dipakai oleh content/berita/gambar/index.md"},
		{"title-long", "content/berita/judul-panjang.md", 2, Warning, "judul 111 karakter"},
		{"summary-missing", "content/berita/tanpa-ringkasan.md", 2, Warning, "ringkasan (summary) kosong"},
		{"date-future", "content/berita/masa-depan.md", 3, Warning, "tanggal 2030-01-01 00:00 di masa depan"},
		{"heading-skip", "content/berita/judul-lompat.md", 8, Warning, `h4 "Terlalu Dalam" melompati tingkat (sebelumnya h1)`},
		{"link-empty", "content/berita/tautan-kosong.md", 6, Error, `tautan ke "/berita/baik/" tanpa teks`},
		{"title-duplicate", "content/berita/judul-ganda.md", 2, Warning, "judul sama dengan content/berita/baik.md"},
		{"broken-link", "content/berita/tautan-rusak.md", 6, Error, `tautan "/berita/tidak-ada/" menuju halaman yang tidak ada`},
		{"broken-anchor", "content/berita/tautan-rusak.md", 6, Error, `tautan "/berita/baik/#tidak-ada" menuju bagian (#)`},
		{"html-dropped", "content/berita/asing.md", 9, Warning, `HTML mentah <div> dibuang bersama teksnya`},
		{"liquid", "content/berita/asing.md", 11, Warning, `tag Liquid/Jinja {{ site.baseurl }} tercetak sebagai teks`},
		{"liquid", "content/berita/asing.md", 11, Warning, `tag Liquid/Jinja {% include iklan.html %}`},
		{"shortcode", "content/berita/asing.md", 13, Warning, `shortcode Hugo "youtube"`},
		{"kramdown-ial", "content/berita/asing.md", 16, Warning, `daftar atribut kramdown {: .text-center }`},
		{"heading-nospace", "content/berita/asing.md", 18, Warning, `"##Judul Tanpa Spasi" menjadi paragraf`},
		{"image-missing", "content/berita/asing.md", 5, Error, `berkas gambar "/images/tidak-ada.jpg" tidak ada`},
		{"image-missing", "content/berita/asing.md", 20, Error, `berkas gambar "hilang.jpg" tidak ada`},
		{"content", "content/berita/tanpa-alt-lama.md", 5, Warning, `image: tanpa teks alternatif: tulis image: {src: "/img/sampul.png", alt:`},
		{"alias-nowhere", "content/berita/ditarik.md", 6, Warning, `alamat lama "/2020/11/berita-lama.html" tidak akan mengarah ke mana pun: halaman ini tidak terbit (draft: true)`},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			for _, f := range rep.Findings {
				if f.Kind == tt.kind && f.File == tt.file && f.Line == tt.line && f.Severity == tt.sev && strings.Contains(f.Message, tt.text) {
					return
				}
			}
			t.Errorf("not found: %+v\nfindings: %+v", tt, rep.Findings)
		})
	}
	for _, f := range rep.Findings {
		if f.File == "content/berita/baik.md" {
			t.Errorf("finding on the good page: %+v", f)
		}
		if strings.HasPrefix(f.File, "public/") && strings.Contains(f.Message, "tidak-ada.jpg") {
			t.Errorf("a missing front-matter image blamed on a generated page: %+v", f)
		}
	}
}

func TestEnglishMessages(t *testing.T) {
	rep, err := Run(context.Background(), Options{Source: fixture(t, "testdata/planted.txtar"), Theme: warta.Theme(), Lang: "en", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.Kind == "image-alt" && !strings.Contains(f.Message, "has no alt text") {
			t.Errorf("message not in English: %q", f.Message)
		}
	}
}

func TestContentErrorsAreFindings(t *testing.T) {
	fsys := fstest.MapFS{"content/berita/x.md": {Data: []byte("---\ntitle: X\ndate: 11/11/2020\n---\n")}}
	rep, err := Run(context.Background(), Options{Source: fsys, Theme: warta.Theme(), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors() != 1 || rep.Findings[0].Line != 3 || rep.Findings[0].File != "content/berita/x.md" {
		t.Errorf("findings: %+v", rep.Findings)
	}
}

// TestInternalLinksResolve parses every generated page of the sample portal
// and the build fixtures and checks every internal link, asset and anchor.
func TestInternalLinksResolve(t *testing.T) {
	sources := []struct {
		name, baseURL string
		fsys          func(t *testing.T) fs.FS
	}{
		{"sample portal", "", func(t *testing.T) fs.FS { return os.DirFS("../..") }},
		{"basic", "", func(t *testing.T) fs.FS { return fixture(t, "../build/testdata/sites/basic.txtar") }},
		{"basic under a path", "https://uji.example/portal/", func(t *testing.T) fs.FS { return fixture(t, "../build/testdata/sites/basic.txtar") }},
		{"lists", "", func(t *testing.T) fs.FS { return fixture(t, "../build/testdata/sites/lists.txtar") }},
	}
	for _, src := range sources {
		t.Run(src.name, func(t *testing.T) {
			mem := publish.NewMemory()
			res, err := build.Run(context.Background(), build.Options{Source: src.fsys(t), Target: mem, Theme: warta.Theme(), BaseURL: src.baseURL, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			idx := newLinkIndex(mem.Files, res.Site.Config.Base.Path)
			var msgs []string
			for _, b := range idx.broken() {
				msgs = append(msgs, b.file+": "+b.target)
			}
			sort.Strings(msgs)
			for _, m := range msgs {
				t.Error(m)
			}
			if res.Pages < 10 {
				t.Errorf("only %d pages", res.Pages)
			}
		})
	}
}

// TestLinkIndexFindsBreakage guards the link checker itself.
func TestLinkIndexFindsBreakage(t *testing.T) {
	files := map[string][]byte{
		"index.html":   []byte(`<a href="/a/">a</a><a href="/hilang/">x</a><a href="/a/#ada">y</a><a href="/a/#tiada">z</a><img src="/img.png" alt="">`),
		"a/index.html": []byte(`<h2 id="ada">Ada</h2>`),
	}
	got := newLinkIndex(files, "/").broken()
	if len(got) != 3 {
		t.Errorf("broken = %+v, want /hilang/, /a/#tiada and /img.png", got)
	}
}

// TestBrokenLinkReportedOnce: a broken link in a Markdown body is reported
// at its .md line only, not again from the generated page; a broken link
// in a layout is still reported from the pages.
func TestBrokenLinkReportedOnce(t *testing.T) {
	for _, tt := range []struct{ name, baseURL, base string }{
		{"at the root", "https://uji.example/", ""},
		{"under a path", "https://uji.example/portal/", "/portal"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fixture(t, "testdata/reported-once.txtar")
			fsys["warta.yaml"] = &fstest.MapFile{Data: []byte("baseURL: " + tt.baseURL + "\n")}
			rep, err := Run(context.Background(), Options{Source: fsys, Theme: warta.Theme(), Lang: "en", Now: now})
			if err != nil {
				t.Fatal(err)
			}
			// count finds the link as the .md file has it and as the page does.
			count := func(written, inHTML string) (body, page int) {
				for _, f := range rep.Findings {
					switch {
					case f.Kind == "broken-link-page" && strings.Contains(f.Message, inHTML):
						page++
					case f.File == "content/berita/rusak.md" && strings.Contains(f.Message, written):
						body++
					}
				}
				return body, page
			}
			for _, l := range []struct{ written, inHTML string }{
				{tt.base + "/berita/tidak-ada/", tt.base + "/berita/tidak-ada/"},
				{"tidak-ada-juga/", "tidak-ada-juga/"},
				{tt.base + "/berita/baik/#tidak-ada", tt.base + "/berita/baik/#tidak-ada"},
				{tt.base + "/gambar/kafé ramai.jpg", tt.base + "/gambar/kaf%C3%A9%20ramai.jpg"},
			} {
				if body, page := count(l.written, l.inHTML); body != 1 || page != 0 {
					t.Errorf("%s: %d findings at the .md line, %d from pages; want 1 and 0\n%+v", l.written, body, page, rep.Findings)
				}
			}
			if _, page := count("", tt.base+"/tata-letak-hilang/"); page != 1 {
				t.Errorf("the layout's broken link: %d findings from pages, want 1\n%+v", page, rep.Findings)
			}
		})
	}
}

// TestRelativeBaseURL: check warns, as build does, that feeds and the
// sitemap need an absolute baseURL.
func TestRelativeBaseURL(t *testing.T) {
	fsys := fstest.MapFS{
		"content/berita/a.md": {Data: []byte("---\ntitle: A\ndate: 2020-11-11\nsummary: Ringkas.\n---\nIsi.\n")},
	}
	rep, err := Run(context.Background(), Options{Source: fsys, Theme: warta.Theme(), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.File == "warta.yaml" && f.Severity == Warning && strings.Contains(f.Message, "bukan alamat lengkap") {
			return
		}
	}
	t.Errorf("no baseURL warning in %+v", rep.Findings)
}

// jekyllFixture is the real Jekyll archive beside the repository (see
// ../shared/fixtures/README.md: BlankOn/beranda's news, CC-BY-SA-3.0,
// authors named in each post).
func jekyllFixture(t *testing.T) string {
	t.Helper()
	// The importer's copy (see its README for sources and licences) first.
	for _, root := range []string{"../importer/testdata/fixtures/import", "../../../shared/fixtures/import", "../../../../shared/fixtures/import"} {
		p := filepath.Join(root, "jekyll-beranda")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("fixture jekyll-beranda not found beside the repository")
	}
	t.Skip("fixture jekyll-beranda not found beside the repository")
	return ""
}

// TestJekyllArchiveDroppedIn: a real Jekyll archive copied unchanged into
// content/berita/ builds, every post is a page, and check names what the
// build could not map, each at its file and line; no file goes unnamed.
func TestJekyllArchiveDroppedIn(t *testing.T) {
	dir := jekyllFixture(t)
	fsys := fstest.MapFS{}
	var posts []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		name := "content/berita/jekyll-beranda/" + filepath.ToSlash(rel)
		fsys[name] = &fstest.MapFile{Data: b}
		if strings.HasPrefix(filepath.ToSlash(rel), "_posts/") {
			posts = append(posts, name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) < 100 {
		t.Fatalf("%d posts in the fixture", len(posts))
	}
	rep, err := Run(context.Background(), Options{Source: fsys, Theme: warta.Theme(), Lang: "en", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	named := map[string]bool{}
	for _, f := range rep.Findings {
		if f.Kind == "content" && f.Severity == Error {
			t.Errorf("the build refused it: %s:%d: %s", f.File, f.Line, f.Message)
		}
		if strings.HasPrefix(f.File, "public/") {
			t.Errorf("blamed on a generated page, not on the .md line: %+v", f)
		}
		kinds[f.Kind]++
		named[f.File] = true
		if f.Line == 0 && strings.HasSuffix(f.File, ".md") {
			t.Errorf("no line: %+v", f)
		}
	}
	// Every post is a page (the archive has no drafts), each with its
	// title and a date.
	res, err := build.Run(context.Background(), build.Options{Source: fsys, Target: publish.NewMemory(), Theme: warta.Theme(), Now: now})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	pages := map[string]bool{}
	for _, p := range res.Site.News {
		if p.Title != "" && !p.Date.IsZero() {
			pages[p.File] = true
		}
	}
	for _, p := range posts {
		if !pages[p] && !named[p] {
			t.Errorf("%s: lost without a message", p)
		} else if !pages[p] {
			t.Errorf("%s: not a page", p)
		}
	}
	// What the build cannot map is listed: kramdown attribute lists, the
	// cover image most posts name and the repository lacks, the iframe
	// dropped with raw HTML off, alt-less covers, files that are not pages.
	for _, k := range []string{"kramdown-ial", "image-missing", "html-dropped"} {
		if kinds[k] == 0 {
			t.Errorf("no %s finding; kinds: %v", k, kinds)
		}
	}
	for _, f := range []string{"content/berita/jekyll-beranda/_config.yml", "content/berita/jekyll-beranda/assets/posts/2020-12/rafi.jpeg"} {
		if !named[f] {
			t.Errorf("%s is neither published nor named", f)
		}
	}
}
