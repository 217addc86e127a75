package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/opendata"
)

var aliasTmpl = template.Must(template.New("alias").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.URL}}</title>
<link rel="canonical" href="{{.Abs}}"><meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{.URL}}"></head>
<body><p>Halaman ini telah dipindahkan ke <a href="{{.URL}}">{{.URL}}</a>.</p></body></html>
`))

// alias plans a redirect page at from pointing to the page at to.
func (p *planner) alias(from, to, origin string, line int) {
	name := strings.TrimPrefix(from, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	cfg := p.site.Config
	in := func() Inputs { return Inputs{Values: []string{"alias", to}} }
	p.add(job{name: name, origin: origin, line: line, inputs: in, run: func(b *bytes.Buffer) error {
		return aliasTmpl.Execute(b, map[string]string{"Lang": cfg.Language, "URL": cfg.RelURL(to), "Abs": cfg.AbsURL(to)})
	}})
}

// Atom 1.0 (RFC 4287), written with encoding/xml.
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Media    string      `xml:"xmlns:media,attr,omitempty"`
	Lang     string      `xml:"xml:lang,attr,omitempty"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   *atomPerson `xml:"author,omitempty"`
	Gen      string      `xml:"generator"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel    string `xml:"rel,attr,omitempty"`
	Href   string `xml:"href,attr"`
	Type   string `xml:"type,attr,omitempty"`
	Length int    `xml:"length,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Categories []atomCategory `xml:"category"`
	Media      *mediaContent  `xml:"media:content,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type mediaContent struct {
	URL    string `xml:"url,attr"`
	Type   string `xml:"type,attr,omitempty"`
	Medium string `xml:"medium,attr"`
}

// imageType is the media type of a page's image, from the file's own
// bytes when the site holds it (a bundle file or static/), so a PNG named
// .jpg or .PNG is still image/png; else from the extension, any case; ""
// when unknown (the type is then left out: RFC 4287 makes it optional).
func (p *planner) imageType(pg *content.Page) string {
	u := pg.Image.URL
	var names []string
	if rel, ok := strings.CutPrefix(u, pg.Path); ok && pg.Bundle != "" {
		names = append(names, pg.Bundle+"/"+rel)
	}
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		names = append(names, "static"+u)
	}
	for _, name := range names {
		if p.src == nil || !fs.ValidPath(name) {
			continue
		}
		f, err := p.src.Open(name)
		if err != nil {
			continue
		}
		head := make([]byte, 512)
		n, _ := io.ReadFull(f, head)
		f.Close()
		if t := http.DetectContentType(head[:n]); strings.HasPrefix(t, "image/") {
			return t
		}
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	switch strings.ToLower(path.Ext(u)) {
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	case ".webp":
		return "image/webp"
	case ".gif":
		return "image/gif"
	case ".avif":
		return "image/avif"
	case ".svg":
		return "image/svg+xml"
	}
	return ""
}

// feed plans an Atom feed of the newest items of pages at name.
func (p *planner) feed(name, origin, title, htmlPath string, pages []*content.Page) {
	name = strings.TrimPrefix(name, "/")
	cfg := p.site.Config
	n := min(len(pages), cfg.FeedCount)
	in := func() Inputs { return Inputs{Values: []string{"feed", name, title, htmlPath}, Cards: pages[:n]} }
	p.add(job{name: name, origin: origin, inputs: in, run: func(b *bytes.Buffer) error {
		f := atomFeed{
			Media:    "http://search.yahoo.com/mrss/",
			Lang:     cfg.Language,
			Title:    title,
			Subtitle: cfg.Description,
			ID:       cfg.AbsURL(htmlPath),
			Links: []atomLink{
				{Rel: "self", Href: cfg.AbsURL("/" + name), Type: "application/atom+xml"},
				{Rel: "alternate", Href: cfg.AbsURL(htmlPath), Type: "text/html"},
			},
			Gen: "warta",
		}
		if cfg.Publisher != "" || cfg.Title != "" {
			f.Author = &atomPerson{Name: firstNonEmpty(cfg.Publisher, cfg.Title)}
		}
		var updated time.Time
		for _, pg := range pages[:n] {
			if m := pg.Modified(); m.After(updated) {
				updated = m
			}
			e := atomEntry{
				Title:     pg.Title,
				ID:        cfg.AbsURL(pg.Path),
				Links:     []atomLink{{Rel: "alternate", Href: cfg.AbsURL(pg.Path), Type: "text/html"}},
				Published: pg.Date.Format(time.RFC3339),
				Updated:   pg.Modified().Format(time.RFC3339),
			}
			if pg.Author != "" {
				e.Author = &atomPerson{Name: pg.Author}
			}
			if lead := pg.Lead(); lead != "" {
				e.Summary = &atomText{Type: "text", Body: lead}
			}
			for _, t := range pg.Terms["tags"] {
				e.Categories = append(e.Categories, atomCategory{Term: t.Slug, Label: t.Name})
			}
			if pg.Image.URL != "" {
				abs, typ := cfg.AbsURL(pg.Image.URL), p.imageType(pg)
				e.Links = append(e.Links, atomLink{Rel: "enclosure", Href: abs, Type: typ})
				e.Media = &mediaContent{URL: abs, Type: typ, Medium: "image"}
			}
			f.Entries = append(f.Entries, e)
		}
		if updated.IsZero() {
			updated = time.Date(2000, 1, 1, 0, 0, 0, 0, cfg.Location)
		}
		f.Updated = updated.Format(time.RFC3339)
		b.WriteString(xml.Header)
		enc := xml.NewEncoder(b)
		enc.Indent("", " ")
		return enc.Encode(f)
	}})
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

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

// openData plans the catalog's JSON, CSV and JSON Schema, made from the
// same records (package opendata), never from a template.
func (p *planner) openData() {
	cfg := p.site.Config
	var recs []opendata.Record
	var once sync.Once
	records := func() []opendata.Record {
		once.Do(func() { recs = opendata.Records(p.site) })
		return recs
	}
	p.bytesJob("inovasi/katalog.json", "content/inovasi", func(b *bytes.Buffer) error {
		data, err := opendata.JSON(cfg, records())
		b.Write(data)
		return err
	})
	p.bytesJob("inovasi/katalog.csv", "content/inovasi", func(b *bytes.Buffer) error {
		data, err := opendata.CSV(records())
		b.Write(data)
		return err
	})
	p.bytesJob("inovasi/katalog.schema.json", "content/inovasi", func(b *bytes.Buffer) error {
		data, err := opendata.Schema(cfg)
		b.Write(data)
		return err
	})
}

// manifest plans the web app manifest from the configuration, with URLs
// relative to it so it works under a sub-path. A site's own
// static/site.webmanifest replaces it.
func (p *planner) manifest() {
	if _, own := p.owners["site.webmanifest"]; own {
		return
	}
	cfg := p.site.Config
	p.bytesJob("site.webmanifest", "the web app manifest", func(b *bytes.Buffer) error {
		short := cfg.Title
		if f := strings.Fields(short); len(f) > 2 {
			short = strings.Join(f[:2], " ")
		}
		m := map[string]any{
			"name": cfg.Title, "short_name": short, "lang": cfg.Language, "description": cfg.Description,
			"start_url": "./", "scope": "./", "display": "standalone",
			"background_color": "#ffffff", "theme_color": "#0b4f6c",
			"icons": []map[string]string{
				{"src": "favicon.svg", "sizes": "any", "type": "image/svg+xml"},
				{"src": "icon-192.png", "sizes": "192x192", "type": "image/png"},
				{"src": "icon-512.png", "sizes": "512x512", "type": "image/png"},
			},
		}
		enc := json.NewEncoder(b)
		enc.SetIndent("", " ")
		return enc.Encode(m)
	})
}
