package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/content"
)

// Sitemaps (sitemaps.org 0.9).
const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// SitemapLimit is the protocol's maximum of URLs per sitemap file.
const SitemapLimit = 50000

// sitemapEntry is one URL of the sitemap as the plan keeps it until the
// sitemap is written: the page's output name and its content page, if
// any. Its text (absolute URL, RFC 3339 time) is made when the file is:
// at 100,000 articles the 220,000 URLs made at plan time held 100 MB
// through the whole render.
type sitemapEntry struct {
	name string // its index.html
	pg   *content.Page
}

// sitemap plans the sitemap: one file, or an index of files of at most
// the limit's URLs each. Its job is long (started first): it is written
// again whenever a page's date changes, and at 10,000 articles it was the
// last job of a one-article rebuild, run alone after the others.
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
	write := func(name string, each func(w *sitemapWriter)) {
		p.add(job{name: name, origin: "content", long: true, run: func(b *bytes.Buffer) error {
			each(&sitemapWriter{b: b})
			return nil
		}})
	}
	if len(entries) <= limit {
		write("sitemap.xml", func(w *sitemapWriter) { w.urls(cfg, entries) })
		return
	}
	var parts []string
	for i := 0; i*limit < len(entries); i++ {
		part := fmt.Sprintf("sitemap-%d.xml", i+1)
		these := entries[i*limit : min(len(entries), (i+1)*limit)]
		write(part, func(w *sitemapWriter) { w.urls(cfg, these) })
		parts = append(parts, cfg.AbsURL("/"+part))
	}
	write("sitemap.xml", func(w *sitemapWriter) {
		w.open("sitemapindex")
		for _, loc := range parts {
			w.entry("sitemap", loc, "", "")
		}
		w.close("sitemapindex")
	})
}

// sitemapWriter writes a sitemap as encoding/xml's Encoder with a
// one-space indent would (the files are minified after): a URL at a time
// into the output's buffer. encoding/xml's reflection took 27 ms for the
// 20,000 URLs of the 10,000-article benchmark site, the escaping of text
// that needs none most of the rest; this takes 3 ms.
type sitemapWriter struct {
	b     *bytes.Buffer
	empty bool // no entry since open: the end tag follows on the same line
}

func (w *sitemapWriter) urls(cfg *config.Config, entries []sitemapEntry) {
	w.open("urlset")
	var stamp []byte
	for _, e := range entries {
		lastmod, changefreq := "", ""
		if e.pg != nil {
			if m := e.pg.Modified(); !m.IsZero() {
				stamp = m.AppendFormat(stamp[:0], time.RFC3339)
				lastmod = string(stamp) // not kept: the buffer has it
			}
			if e.pg.Archived {
				changefreq = "never" // an expired page kept in an archive
			}
		}
		w.entry("url", cfg.AbsURL("/"+strings.TrimSuffix(e.name, "index.html")), lastmod, changefreq)
	}
	w.close("urlset")
}

func (w *sitemapWriter) open(root string) {
	w.b.WriteString(xml.Header)
	w.b.WriteString("<" + root + ` xmlns="` + sitemapNS + `">`)
	w.empty = true
}

func (w *sitemapWriter) close(root string) {
	if !w.empty {
		w.b.WriteByte('\n')
	}
	w.b.WriteString("</" + root + ">")
}

// entry writes one <url> or <sitemap> with its loc and, when not empty,
// lastmod and changefreq.
func (w *sitemapWriter) entry(tag, loc, lastmod, changefreq string) {
	w.empty = false
	w.b.WriteString("\n <" + tag + ">")
	w.text("loc", loc)
	if lastmod != "" {
		w.text("lastmod", lastmod)
	}
	if changefreq != "" {
		w.text("changefreq", changefreq)
	}
	w.b.WriteString("\n </" + tag + ">")
}

// text writes an element of character data, escaped as encoding/xml
// escapes it (xml.EscapeText), which text made only of printable ASCII
// other than the five special characters does not need.
func (w *sitemapWriter) text(tag, s string) {
	w.b.WriteString("\n  <")
	w.b.WriteString(tag)
	w.b.WriteByte('>')
	if plainXML(s) {
		w.b.WriteString(s)
	} else {
		_ = xml.EscapeText(w.b, []byte(s)) // a bytes.Buffer does not fail
	}
	w.b.WriteString("</")
	w.b.WriteString(tag)
	w.b.WriteByte('>')
}

// plainXML reports whether s is printable ASCII without & < > " or ':
// character data that xml.EscapeText leaves as it is.
func plainXML(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c > 0x7e, c == '&', c == '<', c == '>', c == '"', c == '\'':
			return false
		}
	}
	return true
}

func (p *planner) robots() {
	cfg := p.site.Config
	p.bytesJob("robots.txt", "content", func(b *bytes.Buffer) error {
		fmt.Fprintf(b, "User-agent: *\nAllow: /\n\nSitemap: %s\n", cfg.AbsURL("/sitemap.xml"))
		return nil
	})
}
