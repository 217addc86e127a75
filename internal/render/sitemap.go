package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/warta-portal/warta/internal/content"
)

// Sitemaps (sitemaps.org 0.9).
const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// SitemapLimit is the protocol's maximum of URLs per sitemap file.
const SitemapLimit = 50000

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
	// Changefreq is "never" for expired pages kept in an archive.
	Changefreq string `xml:"changefreq,omitempty"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// sitemapEntry is one URL of the sitemap as the plan keeps it until the
// sitemap is written: the page's output name and its content page, if
// any. Its text (absolute URL, RFC 3339 time) is made when the file is:
// at 100,000 articles the 220,000 URLs made at plan time held 100 MB
// through the whole render.
type sitemapEntry struct {
	name string // its index.html
	pg   *content.Page
}

func (p *planner) sitemap() {
	// Every planned HTML page except redirects and the 404 page.
	byPath := make(map[string]*content.Page, len(p.site.All))
	for _, pg := range p.site.All {
		byPath[pg.Path] = pg
	}
	var entries []sitemapEntry
	for _, j := range p.jobs {
		if !j.page || j.name == "404.html" || !strings.HasSuffix(j.name, "index.html") {
			continue
		}
		entries = append(entries, sitemapEntry{j.name, byPath["/"+strings.TrimSuffix(j.name, "index.html")]})
	}
	limit := p.sitemapLimit
	if limit == 0 {
		limit = SitemapLimit
	}
	cfg := p.site.Config
	urls := func(part []sitemapEntry) []sitemapURL {
		out := make([]sitemapURL, len(part))
		for i, e := range part {
			out[i].Loc = cfg.AbsURL("/" + strings.TrimSuffix(e.name, "index.html"))
			if e.pg == nil {
				continue
			}
			if m := e.pg.Modified(); !m.IsZero() {
				out[i].Lastmod = m.Format(time.RFC3339)
			}
			if e.pg.Archived {
				out[i].Changefreq = "never"
			}
		}
		return out
	}
	write := func(name string, v func() any) {
		p.bytesJob(name, "content", func(b *bytes.Buffer) error {
			b.WriteString(xml.Header)
			enc := xml.NewEncoder(b)
			enc.Indent("", " ")
			return enc.Encode(v())
		})
	}
	if len(entries) <= limit {
		write("sitemap.xml", func() any { return urlset{NS: sitemapNS, URLs: urls(entries)} })
		return
	}
	idx := sitemapIndex{NS: sitemapNS}
	for i := 0; i*limit < len(entries); i++ {
		part := fmt.Sprintf("sitemap-%d.xml", i+1)
		these := entries[i*limit : min(len(entries), (i+1)*limit)]
		write(part, func() any { return urlset{NS: sitemapNS, URLs: urls(these)} })
		idx.Sitemaps = append(idx.Sitemaps, sitemapURL{Loc: cfg.AbsURL("/" + part)})
	}
	write("sitemap.xml", func() any { return idx })
}

func (p *planner) robots() {
	cfg := p.site.Config
	p.bytesJob("robots.txt", "content", func(b *bytes.Buffer) error {
		fmt.Fprintf(b, "User-agent: *\nAllow: /\n\nSitemap: %s\n", cfg.AbsURL("/sitemap.xml"))
		return nil
	})
}
