package render

import (
	"bytes"
	"encoding/xml"
	"testing"
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
