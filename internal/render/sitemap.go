package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
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

// sitemapLimit is a variable only so tests can split small sites.
func (p *planner) sitemap() {
	cfg := p.site.Config
	// Every planned HTML page except redirects and the 404 page.
	var urls []sitemapURL
	lastmod := map[string]string{}
	archived := map[string]bool{}
	for _, pg := range p.site.All {
		if m := pg.Modified(); !m.IsZero() {
			lastmod[pg.Path] = m.Format(time.RFC3339)
		}
		archived[pg.Path] = pg.Archived
	}
	for _, j := range p.jobs {
		if !j.page || j.name == "404.html" || !strings.HasSuffix(j.name, "index.html") {
			continue
		}
		u := "/" + strings.TrimSuffix(j.name, "index.html")
		su := sitemapURL{Loc: cfg.AbsURL(u), Lastmod: lastmod[u]}
		if archived[u] {
			su.Changefreq = "never"
		}
		urls = append(urls, su)
	}
	limit := p.sitemapLimit
	if limit == 0 {
		limit = SitemapLimit
	}
	write := func(name string, v any) {
		p.bytesJob(name, "content", func(b *bytes.Buffer) error {
			b.WriteString(xml.Header)
			enc := xml.NewEncoder(b)
			enc.Indent("", " ")
			return enc.Encode(v)
		})
	}
	if len(urls) <= limit {
		write("sitemap.xml", urlset{NS: sitemapNS, URLs: urls})
		return
	}
	idx := sitemapIndex{NS: sitemapNS}
	for i := 0; i*limit < len(urls); i++ {
		part := fmt.Sprintf("sitemap-%d.xml", i+1)
		write(part, urlset{NS: sitemapNS, URLs: urls[i*limit : min(len(urls), (i+1)*limit)]})
		idx.Sitemaps = append(idx.Sitemaps, sitemapURL{Loc: cfg.AbsURL("/" + part)})
	}
	write("sitemap.xml", idx)
}

func (p *planner) robots() {
	cfg := p.site.Config
	p.bytesJob("robots.txt", "content", func(b *bytes.Buffer) error {
		fmt.Fprintf(b, "User-agent: *\nAllow: /\n\nSitemap: %s\n", cfg.AbsURL("/sitemap.xml"))
		return nil
	})
}
