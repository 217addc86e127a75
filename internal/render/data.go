package render

import (
	"html/template"
	"strings"

	"github.com/warta-portal/warta/internal/content"
)

// Data is what every layout receives as its dot.
type Data struct {
	Site        *content.Site
	Kind        string // home, berita, inovasi, opd, page, section, term, terms, archive, month, 404
	Title       string
	Description string
	Path        string // this page's URL path under the site root
	Section     string // menu entry to mark current: berita, inovasi, opd, tag, arsip, ...
	Image       string // share image path
	Feed        string // Atom feed of this page, for <link rel="alternate">
	NoIndex     bool

	Page        *content.Page
	SectionInfo *content.Section
	Pager       *content.Pager[*content.Page]
	TermPager   *content.Pager[*content.Term]
	Term        *content.Term
	Taxonomy    *content.Taxonomy
	Month       *content.Month
	FacetValue  *content.FacetValue // on catalog facet pages
	Breadcrumbs []content.Crumb

	// On the search page: the index manifest to inline (JSON) and the
	// years the indexed items span, newest first.
	SearchIndex template.JS
	SearchYears []int
}

// IsCurrent reports whether a menu URL is this page's section, for
// aria-current.
func (d *Data) IsCurrent(url string) bool {
	if url == "/" {
		return d.Path == "/"
	}
	return d.Path == url || d.Section != "" && strings.HasPrefix(url, "/"+d.Section+"/")
}

// CurrentPage is "page" when url is exactly this page, "true" when it is its
// section, "" otherwise: the value of aria-current.
func (d *Data) CurrentPage(url string) string {
	switch {
	case d.Path == url:
		return "page"
	case d.IsCurrent(url):
		return "true"
	}
	return ""
}

func crumbs(s *content.Site, p *content.Page) []content.Crumb {
	c := []content.Crumb{{Name: "Beranda", URL: "/"}}
	if sec := s.Sections[p.Section]; sec != nil {
		c = append(c, content.Crumb{Name: sec.Title, URL: sec.Path})
	}
	return append(c, content.Crumb{Name: p.Title, URL: p.Path})
}
