package build

import (
	"bytes"
	"encoding/xml"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/publish"
)

// TestFeedsParse reads every generated feed with a real feed parser and
// checks absolute links, dates with offsets and that entries name pages
// that exist.
func TestFeedsParse(t *testing.T) {
	for _, site := range []string{"lists", "basic"} {
		mem, _ := buildMem(t, siteFS(t, site), Options{})
		feeds := 0
		for name, data := range mem.Files {
			if path.Ext(name) != ".xml" || strings.HasPrefix(name, "sitemap") {
				continue
			}
			feeds++
			f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
			if err != nil {
				t.Errorf("%s/%s: %v", site, name, err)
				continue
			}
			if f.FeedType != "atom" || f.Title == "" || f.UpdatedParsed == nil {
				t.Errorf("%s/%s: type %q title %q updated %v", site, name, f.FeedType, f.Title, f.Updated)
			}
			if !bytes.Contains(data, []byte(`<updated>20`)) || !bytes.Contains(data, []byte(`+07:00</updated>`)) {
				t.Errorf("%s/%s: updated without offset", site, name)
			}
			for _, it := range f.Items {
				u, err := url.Parse(it.Link)
				if err != nil || !u.IsAbs() {
					t.Errorf("%s/%s: entry link %q not absolute", site, name, it.Link)
					continue
				}
				file := strings.TrimPrefix(u.Path, "/") + "index.html"
				if _, ok := mem.Files[file]; !ok {
					t.Errorf("%s/%s: entry %s has no page", site, name, it.Link)
				}
				if it.PublishedParsed == nil || it.UpdatedParsed == nil || it.Description == "" {
					t.Errorf("%s/%s: entry %s lacks dates or summary", site, name, it.Link)
				}
			}
		}
		if feeds < 5 {
			t.Errorf("%s: only %d feeds", site, feeds)
		}
	}
	mem, _ := buildMem(t, siteFS(t, "basic"), Options{})
	f, _ := gofeed.NewParser().Parse(bytes.NewReader(mem.Files["feed.xml"]))
	var withImage bool
	for _, it := range f.Items {
		for _, e := range it.Enclosures {
			withImage = withImage || strings.HasSuffix(e.URL, "/berita/sekda-buka-workshop/foto.jpg")
		}
	}
	if !withImage {
		t.Error("site feed: the image is not an enclosure")
	}
}

// TestSitemapMatchesFiles checks the sitemap against the files: every
// entry has a page, every page (but redirects and 404) is listed.
func TestSitemapMatchesFiles(t *testing.T) {
	for _, limit := range []int{0, 10} {
		fsys := siteFS(t, "lists")
		mem, _ := buildMemLimit(t, fsys, limit)
		locs := sitemapLocs(t, mem.Files)
		listed := map[string]bool{}
		for _, loc := range locs {
			u, _ := url.Parse(loc)
			file := strings.TrimPrefix(u.Path, "/") + "index.html"
			if _, ok := mem.Files[file]; !ok {
				t.Errorf("sitemap lists %s: no such page", loc)
			}
			listed[file] = true
		}
		for name, data := range mem.Files {
			if strings.HasSuffix(name, "index.html") && !bytes.Contains(data, []byte(`http-equiv="refresh"`)) && !listed[name] {
				t.Errorf("limit %d: page %s not in the sitemap", limit, name)
			}
		}
		if limit > 0 && !bytes.Contains(mem.Files["sitemap.xml"], []byte("<sitemapindex")) {
			t.Error("above the limit the sitemap is not an index")
		}
		if !bytes.Contains(mem.Files["robots.txt"], []byte("Sitemap: https://daftar.example/sitemap.xml")) {
			t.Error("robots.txt does not name the sitemap")
		}
	}
}

func sitemapLocs(t *testing.T, files map[string][]byte) []string {
	t.Helper()
	var doc struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			Lastmod string `xml:"lastmod"`
		} `xml:"url"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(files["sitemap.xml"], &doc); err != nil {
		t.Fatal(err)
	}
	var locs []string
	for _, u := range doc.URLs {
		locs = append(locs, u.Loc)
		if u.Lastmod != "" {
			if _, err := time.Parse(time.RFC3339, u.Lastmod); err != nil {
				t.Errorf("lastmod %q: %v", u.Lastmod, err)
			}
		}
	}
	for _, s := range doc.Sitemaps {
		u, _ := url.Parse(s.Loc)
		part := strings.TrimPrefix(u.Path, "/")
		var sub struct {
			URLs []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(files[part], &sub); err != nil {
			t.Fatalf("%s: %v", part, err)
		}
		if len(sub.URLs) > 10 {
			t.Errorf("%s has %d URLs, above the limit", part, len(sub.URLs))
		}
		for _, u := range sub.URLs {
			locs = append(locs, u.Loc)
		}
	}
	return locs
}

func TestListsPaginateAndRedirect(t *testing.T) {
	mem, _ := buildMem(t, siteFS(t, "lists"), Options{})
	has := func(name, want string) {
		t.Helper()
		if !strings.Contains(string(mem.Files[name]), want) {
			t.Errorf("%s lacks %q", name, want)
		}
	}
	// 27 news at 10 a page: 3 pages; page 1 only at its canonical URL.
	has("berita/index.html", `<link rel="next" href="/berita/halaman/2/">`)
	has("berita/halaman/2/index.html", `<link rel="prev" href="/berita/">`)
	has("berita/halaman/3/index.html", `aria-current="page">3</a>`)
	has("berita/halaman/1/index.html", `http-equiv="refresh" content="0; url=/berita/"`)
	has("berita/halaman/1/index.html", `<link rel="canonical" href="https://daftar.example/berita/">`)
	has("berita/halaman/1/index.html", `<meta name="robots" content="noindex">`)
	if _, ok := mem.Files["berita/halaman/4/index.html"]; ok {
		t.Error("a fourth news page")
	}
	// One tag of 25 items, spelled four ways.
	has("tag/pelayanan-publik/halaman/3/index.html", "Berita Nomor 1<")
	has("tag/index.html", `pelayanan publik <span class="count">(25)</span>`)
	has("tag/jumat-bersih/index.html", "Jum'at Bersih")
	// Archive with Indonesian month names.
	has("arsip/index.html", "Oktober 2020")
	has("arsip/2020/12/index.html", "Arsip Desember 2020")
	// Related override and ranking, previous/next.
	has("berita/berita-nomor-3/index.html", `<li><a href="/berita/berita-nomor-1/">Berita Nomor 1</a>`)
	// Old URLs.
	has("2020/12/lama-nomor-4.html", `url=/berita/berita-nomor-4/`)
	has("search/label/pelayanan publik/index.html", `url=/tag/pelayanan-publik/`)
	// Feed discovery on pages that have a feed.
	has("tag/pelayanan-publik/index.html", `<link rel="alternate" type="application/atom+xml" title="Tag: pelayanan publik" href="/tag/pelayanan-publik/feed.xml">`)
}

func TestRelatedRanking(t *testing.T) {
	mem, res := buildMem(t, siteFS(t, "lists"), Options{})
	_ = mem
	for i, p := range res.Site.News {
		if i+1 < len(res.Site.News) && p.Prev != res.Site.News[i+1] || p.Prev != nil && p.Prev.Date.After(p.Date) {
			t.Errorf("%s: previous article is not the next older one", p.Slug)
		}
		if len(p.RelatedNews) != 5 && len(p.FrontMatter.Related) == 0 {
			t.Errorf("%s: %d related", p.Slug, len(p.RelatedNews))
		}
		for i, r := range p.RelatedNews {
			if r == p {
				t.Errorf("%s relates to itself", p.Slug)
			}
			if i > 0 && len(p.FrontMatter.Related) == 0 {
				prev := p.RelatedNews[i-1]
				if shared(p, r) > shared(p, prev) {
					t.Errorf("%s: %s ranked below %s with more shared terms", p.Slug, r.Slug, prev.Slug)
				}
			}
		}
	}
}

// shared scores as the ranking does: shared tags first, then category.
func shared(a, b *content.Page) int {
	n := 0
	for _, x := range a.Terms["tags"] {
		for _, y := range b.Terms["tags"] {
			if x == y {
				n += 1024
			}
		}
	}
	for _, x := range a.Terms["categories"] {
		for _, y := range b.Terms["categories"] {
			if x == y {
				n++
			}
		}
	}
	return n
}

func buildMemLimit(t *testing.T, fsys fs.FS, limit int) (*publish.Memory, Result) {
	return buildMem(t, fsys, Options{SitemapLimit: limit})
}
