package importer

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/build"
)

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func buildSite(t *testing.T, site string) {
	t.Helper()
	_, err := build.Run(context.Background(), build.Options{
		Source: build.DirFS(site), SourceDir: site, Destination: filepath.Join(site, "public"),
		Theme: warta.Theme(), NoMinify: true,
	})
	if err != nil {
		t.Fatalf("build of the imported site: %v", err)
	}
}

func mustContain(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s lacks %q:\n%s", what, sub, s)
		}
	}
}

func TestTakeout(t *testing.T) {
	t.Parallel()
	site := t.TempDir()
	res, err := Run(context.Background(), Options{Kind: "blogger", Source: "testdata/takeout.atom", Into: site})
	if err != nil {
		t.Fatal(err)
	}
	post := read(t, filepath.Join(site, "content/berita/jembatan-baru-diresmikan/index.md"))
	mustContain(t, "the live post", post,
		"title: Jembatan Baru Diresmikan", `date: "2021-03-01T02:30:00Z"`, "author: Humas",
		"summary: Jembatan sepanjang 120 meter.", "- Infrastruktur", "- Pembangunan",
		"- /2021/03/jembatan-baru-diresmikan.html",
		"![](https://blogger.googleusercontent.com/img/b/AbC/s320/jembatan.jpg)", // not downloaded: stays remote
		`<iframe src="https://www.youtube.com/embed/abcdefghijk"`,
		"[Konten tersemat: www.facebook.com]")
	if strings.Contains(post, "alert(1)") || strings.Contains(post, "<script") {
		t.Errorf("a script reached the page:\n%s", post)
	}
	mustContain(t, "the draft", read(t, filepath.Join(site, "content/berita/draf-pengumuman/index.md")), "draft: true")
	mustContain(t, "the page", read(t, filepath.Join(site, "content/kontak/index.md")), "title: Kontak", "- /p/kontak.html")
	untitled := read(t, filepath.Join(site, "content/berita/blog-post/index.md"))
	mustContain(t, "the untitled post", untitled, "title: Tanpa judul tetapi", `date: "2021-05-01T02:30:00+08:00"`)
	if _, err := os.Stat(filepath.Join(site, "content/berita/terhapus")); err == nil {
		t.Error("a deleted post was imported")
	}
	report := read(t, filepath.Join(site, res.Report))
	mustContain(t, "IMPORT.md", report, "| comments (not imported) | 1 |", "| deleted posts (skipped) | 1 |",
		"| posts imported | 2 |", "| drafts imported | 1 |", "| pages imported | 1 |", "no title", "script(s) removed",
		"https://blogger.googleusercontent.com/img/b/AbC/s320/jembatan.jpg")
	buildSite(t, site)
	mustContain(t, "the built post", read(t, filepath.Join(site, "public/berita/jembatan-baru-diresmikan/index.html")),
		`<iframe src="https://www.youtube.com/embed/abcdefghijk"`)
	mustContain(t, "the old URL", read(t, filepath.Join(site, "public/2021/03/jembatan-baru-diresmikan.html")),
		"url=/berita/jembatan-baru-diresmikan/")
}

// hugoSource writes testdata/hugo.txtar, a small Hugo site, into a new
// folder and returns it.
func hugoSource(t *testing.T) string {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/hugo.txtar")
	if err != nil {
		t.Fatal(err)
	}
	src := t.TempDir()
	for _, f := range ar.Files {
		name := filepath.Join(src, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return src
}

func TestHugo(t *testing.T) {
	t.Parallel()
	src := hugoSource(t)
	site := t.TempDir()
	res, err := Run(context.Background(), Options{Kind: "hugo", Source: src, Into: site})
	if err != nil {
		t.Fatal(err)
	}
	post := read(t, filepath.Join(site, "content/berita/rapat-kerja/index.md"))
	mustContain(t, "the YAML post", post,
		"title: Rapat Kerja Daerah", `date: "2023-03-04T10:00:00+08:00"`, "- Berita", "- rapat", "- Pemerintahan",
		"summary: Rapat kerja tahunan.", "- /2023/03/rapat-kerja/", "- /lama/rapat.html",
		`<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"`,
		"![Peserta rapat](rapat.jpg)\n*Suasana rapat*",
		"Lihat juga /berita/panen-raya-2023/ dan catatan penting.",
		"{{< youtube x >}}") // inside a code fence: as written
	if _, err := os.Stat(filepath.Join(site, "content/berita/rapat-kerja/rapat.jpg")); err != nil {
		t.Errorf("the figure's image was not copied from static/: %v", err)
	}
	bundle := read(t, filepath.Join(site, "content/berita/panen-raya-2023/index.md"))
	mustContain(t, "the JSON bundle", bundle, "title: Panen Raya", `date: "2023-04-01T08:30:00+08:00"`,
		"src: sawah.png", "![Sawah](sawah.png)", "- /2023/04/panen-raya-2023/")
	if _, err := os.Stat(filepath.Join(site, "content/berita/panen-raya-2023/sawah.png")); err != nil {
		t.Errorf("the bundle's resource was not copied: %v", err)
	}
	mustContain(t, "the TOML page", read(t, filepath.Join(site, "content/tentang-kami/index.md")), "title: Tentang Kami", "- /tentang-kami.html")
	mustContain(t, "the draft", read(t, filepath.Join(site, "content/berita/konsep/index.md")), "draft: true")
	report := read(t, filepath.Join(site, res.Report))
	mustContain(t, "IMPORT.md", report, "| section and home pages (_index, skipped) | 2 |", "{{< notice >}} removed",
		"{{< figure >}} → image", "{{< youtube >}} → embedded video", "{{< ref >}} → the page's new URL")
	buildSite(t, site)
	mustContain(t, "the old URL", read(t, filepath.Join(site, "public/lama/rapat.html")), "url=/berita/rapat-kerja/")
}

func TestDownloadImages(t *testing.T) {
	t.Parallel()
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/foto/kantor.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(png)
		case "/halaman.html":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<p>not an image</p>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	export := `<?xml version='1.0' encoding='utf-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>
<entry><id>tag:blogger.com,1999:blog-1.post-7</id><blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status>
<title>Kantor Baru</title><published>2022-01-01T00:00:00Z</published>
<content type='html'>&lt;img src="` + srv.URL + `/foto/kantor.png"&gt; &lt;img src="` + srv.URL + `/hilang.jpg"&gt; &lt;img src="` + srv.URL + `/halaman.html"&gt;</content>
<blogger:filename>/2022/01/kantor-baru.html</blogger:filename></entry></feed>`
	dir := t.TempDir()
	src := filepath.Join(dir, "feed.atom")
	if err := os.WriteFile(src, []byte(export), 0o644); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "site")
	o := Options{Kind: "blogger", Source: src, Into: site, DownloadImages: true, Client: srv.Client()}
	res, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	post := read(t, filepath.Join(site, "content/berita/kantor-baru/index.md"))
	mustContain(t, "the post", post, "![](kantor.png)", srv.URL+"/hilang.jpg", srv.URL+"/halaman.html")
	if got := read(t, filepath.Join(site, "content/berita/kantor-baru/kantor.png")); got != string(png) {
		t.Errorf("the downloaded image differs from the served one")
	}
	report := read(t, filepath.Join(site, res.Report))
	mustContain(t, "IMPORT.md", report, "| images downloaded into bundles | 1 |", "| images left remote | 2 |", "404", "text/html, not an image")
	before := hits.Load()
	again, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	// Only the two images that failed are asked for again (so the report
	// gives the same reasons); nothing is written.
	if len(again.Written) != 0 || hits.Load()-before != 2 {
		t.Errorf("a second run wrote %v and made %d requests; want none and 2", again.Written, hits.Load()-before)
	}
	buildSite(t, site)
}

func TestBloggerOriginal(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://1.bp.blogspot.com/-abc/XYZ/AAAA/def/s1600/foto.jpg":          "https://1.bp.blogspot.com/-abc/XYZ/AAAA/def/s0/foto.jpg",
		"https://1.bp.blogspot.com/-abc/XYZ/AAAA/def/s72-c/foto.jpg":          "https://1.bp.blogspot.com/-abc/XYZ/AAAA/def/s0/foto.jpg",
		"https://blogger.googleusercontent.com/img/b/R29v/w400-h300/foto.jpg": "https://blogger.googleusercontent.com/img/b/R29v/s0/foto.jpg",
		"https://blogger.googleusercontent.com/img/a/AVvXsEg=s320":            "https://blogger.googleusercontent.com/img/a/AVvXsEg=s0",
		"https://example.org/s1600/foto.jpg":                                  "https://example.org/s1600/foto.jpg",
	} {
		if got := bloggerOriginal(in); got != want {
			t.Errorf("bloggerOriginal(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestJekyllURL(t *testing.T) {
	t.Parallel()
	d := mustDate(t, "2020-12-27 09:00:00 +0700")
	for _, c := range []struct{ pattern, stem, want string }{
		{jekyllPermalinks["date"], "lokakarya-tim-jaminan-kualitas ", "/berita/2020/12/27/lokakarya-tim-jaminan-kualitas.html"},
		{jekyllPermalinks["pretty"], "pengembang-blankOn-menyertakan", "/berita/2020/12/27/pengembang-blankOn-menyertakan/"},
		{"/:categories/:title/", "kuliah-penerjemah-i-di-upb-", "/berita/kuliah-penerjemah-i-di-upb/"},
		{"/:year/:i_month/:title:output_ext", "a", "/2020/12/a.html"},
	} {
		if got := jekyllURL(c.pattern, d, []string{"Berita"}, c.stem, ".md"); got != c.want {
			t.Errorf("jekyllURL(%q, %q) = %q, want %q", c.pattern, c.stem, got, c.want)
		}
	}
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, ok := parseDate(s, time.UTC)
	if !ok {
		t.Fatalf("parseDate(%q) failed", s)
	}
	return d
}

// TestHugoConfigIsReadAsContentIs guards that the source site's
// configuration file is read under the rules its content is: a link out
// of the site is refused (naming the file), never read into warta.yaml,
// and a named pipe is never waited on.
func TestHugoConfigIsReadAsContentIs(t *testing.T) {
	t.Parallel()
	outside := filepath.Join(t.TempDir(), "rahasia.toml")
	if err := os.WriteFile(outside, []byte("title = \"Rahasia Negara\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		plant func(p string) error
		want  string
	}{
		{"link out", func(p string) error { return os.Symlink(outside, p) }, "outside the site folder"},
		{"pipe", func(p string) error { return syscall.Mkfifo(p, 0o644) }, "named pipe"},
	} {
		src := hugoSource(t)
		cfg := filepath.Join(src, "hugo.toml")
		if err := os.Remove(cfg); err != nil {
			t.Fatal(err)
		}
		if err := tt.plant(cfg); err != nil {
			t.Fatal(err)
		}
		site := t.TempDir()
		var err error
		done := make(chan error, 1)
		go func() {
			_, err := Run(context.Background(), Options{Kind: "hugo", Source: src, Into: site})
			done <- err
		}()
		select {
		case err = <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: the import still waits after 20 s", tt.name)
		}
		if err == nil || !strings.Contains(err.Error(), "hugo.toml") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v; want an error naming hugo.toml with %q", tt.name, err, tt.want)
		}
		if b, err := os.ReadFile(filepath.Join(site, "warta.yaml")); err == nil && strings.Contains(string(b), "Rahasia") {
			t.Errorf("%s: warta.yaml took the title of a file outside the site:\n%s", tt.name, b)
		}
	}
}
