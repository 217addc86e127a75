package render

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/content"
)

// TestSitemapWriterAsEncodingXML checks the sitemap's own writer against
// encoding/xml's Encoder, indented by one space, on text that needs
// escaping and text that does not.
func TestSitemapWriterAsEncodingXML(t *testing.T) {
	type entry struct {
		Loc        string `xml:"loc"`
		Lastmod    string `xml:"lastmod,omitempty"`
		Changefreq string `xml:"changefreq,omitempty"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []entry  `xml:"url"`
	}
	type index struct {
		XMLName  xml.Name `xml:"sitemapindex"`
		NS       string   `xml:"xmlns,attr"`
		Sitemaps []entry  `xml:"sitemap"`
	}
	entries := []entry{
		{Loc: "https://example.go.id/"},
		{Loc: "https://example.go.id/berita/a/", Lastmod: "2020-11-11T08:00:00+07:00"},
		{Loc: "https://example.go.id/berita/b/", Lastmod: "2019-01-02T03:04:05Z", Changefreq: "never"},
		{Loc: "https://example.go.id/cari/?q=a&b=<c>'\"d\"", Changefreq: "never"},
		{Loc: "https://example.go.id/berita/kopi-\u00e9\u00e0-\u65e5\u672c/\t\r\n"},
		{Loc: "https://example.go.id/x\x01y\xffz/"},
		{Loc: "https://example.go.id/o'brien/"},
		{Loc: "https://example.go.id/\"kutip\"/"},
		{Loc: "https://example.go.id/a>b/"},
		{Loc: "https://example.go.id/a<b/"},
		{Loc: "https://example.go.id/a&b/"},
		{Loc: "https://example.go.id/a\x7fb/"},
		{Loc: "https://example.go.id/a\xffb/"},
		{Loc: "https://example.go.id/a\tb/"},
		{Loc: "https://example.go.id/a\x01b/"},
	}
	encode := func(v any) string {
		var b bytes.Buffer
		b.WriteString(xml.Header)
		enc := xml.NewEncoder(&b)
		enc.Indent("", " ")
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for n := 0; n <= len(entries); n++ {
		var b bytes.Buffer
		w := &sitemapWriter{b: &b}
		w.open("urlset")
		for _, e := range entries[:n] {
			w.entry("url", e.Loc, e.Lastmod, e.Changefreq)
		}
		w.close("urlset")
		if want := encode(urlset{NS: sitemapNS, URLs: entries[:n]}); b.String() != want {
			t.Errorf("%d URLs:\n%s\nencoding/xml:\n%s", n, b.String(), want)
		}
	}
	var b bytes.Buffer
	w := &sitemapWriter{b: &b}
	w.open("sitemapindex")
	for _, e := range entries[:2] {
		w.entry("sitemap", e.Loc, "", "")
	}
	w.close("sitemapindex")
	if want := encode(index{NS: sitemapNS, Sitemaps: []entry{{Loc: entries[0].Loc}, {Loc: entries[1].Loc}}}); b.String() != want {
		t.Errorf("index:\n%s\nencoding/xml:\n%s", b.String(), want)
	}
}

// TestSitemapURLs checks what a URL of the sitemap says of its page: the
// absolute URL, lastmod when the page was modified (its last correction
// counts), changefreq "never" for a page kept in an archive, nothing more
// for an output without a content page.
func TestSitemapURLs(t *testing.T) {
	cfg, err := config.Load(fstest.MapFS{config.File: {Data: []byte("baseURL: https://portal.example.go.id/\n")}})
	if err != nil {
		t.Fatal(err)
	}
	wib := time.FixedZone("WIB", 7*3600)
	edited := &content.Page{Lastmod: time.Date(2020, 11, 11, 8, 30, 0, 0, wib)}
	corrected := &content.Page{Lastmod: time.Date(2020, 11, 11, 8, 30, 0, 0, wib)}
	corrected.Ralat = append(corrected.Ralat, content.Ralat{Date: time.Date(2020, 11, 12, 9, 0, 0, 0, time.UTC)})
	archived := &content.Page{Archived: true}
	entries := []sitemapEntry{
		{"index.html", nil},
		{"berita/a/index.html", edited},
		{"berita/b/index.html", corrected},
		{"berita/c/index.html", archived},
		{"berita/d/index.html", &content.Page{}},
	}
	var b bytes.Buffer
	(&sitemapWriter{b: &b}).urls(&cfg, entries)
	want := xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <url>
  <loc>https://portal.example.go.id/</loc>
 </url>
 <url>
  <loc>https://portal.example.go.id/berita/a/</loc>
  <lastmod>2020-11-11T08:30:00+07:00</lastmod>
 </url>
 <url>
  <loc>https://portal.example.go.id/berita/b/</loc>
  <lastmod>2020-11-12T09:00:00Z</lastmod>
 </url>
 <url>
  <loc>https://portal.example.go.id/berita/c/</loc>
  <changefreq>never</changefreq>
 </url>
 <url>
  <loc>https://portal.example.go.id/berita/d/</loc>
 </url>
</urlset>`
	if got := b.String(); got != want {
		t.Errorf("sitemap:\n%s\nwant:\n%s", got, want)
	}
	if strings.Count(want, "<url>") != len(entries) {
		t.Fatal("the expected sitemap lost an entry")
	}
}
