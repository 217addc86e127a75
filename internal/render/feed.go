package render

import (
	"bytes"
	"encoding/xml"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/warta-portal/warta/internal/content"
)

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
