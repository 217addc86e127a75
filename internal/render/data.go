package render

import (
	"html/template"
	"slices"
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

	nav *Nav // shared with the pages whose menu marks the same entries
}

// IsCurrent reports whether a menu URL is this page's section, for
// aria-current.
func (d *Data) IsCurrent(url string) bool { return isCurrent(d.Path, d.Section, url) }

func isCurrent(path, section, url string) bool {
	if url == "/" {
		return path == "/"
	}
	return path == url || section != "" && strings.HasPrefix(url, "/"+section+"/")
}

// CurrentPage is "page" when url is exactly this page, "true" when it is its
// section, "" otherwise: the value of aria-current.
func (d *Data) CurrentPage(url string) string { return currentPage(d.Path, d.Section, url) }

func currentPage(path, section, url string) string {
	switch {
	case path == url:
		return "page"
	case isCurrent(path, section, url):
		return "true"
	}
	return ""
}

// Nav is what the site's header shows of this page: the site's menu,
// which entry is current, and the page's kind. Pages of one kind whose
// menu marks the same entries (the articles of one section) share one
// Nav, so the theme renders their header and menu once (fragments,
// partials/site-header.html and partials/menu.html).
func (d *Data) Nav() *Nav {
	if d.nav != nil {
		return d.nav
	}
	return &Nav{Site: d.Site, Kind: d.Kind, path: d.Path, section: d.Section}
}

// Nav is the header's view of a page: its menu and kind (see Data.Nav).
type Nav struct {
	Site    *content.Site
	Kind    string // the page's Data.Kind: the search page's header has no search form
	path    string
	section string
}

// CurrentPage is Data.CurrentPage of the pages that share n.
func (n *Nav) CurrentPage(url string) string { return currentPage(n.path, n.section, url) }

// navKey says which menu entries a page marks and what kind of page it
// is: its path matters only when it is a menu entry's URL (or the home
// page), its section and kind always.
type navKey struct{ path, section, kind string }

// nav returns the Nav of a page of kind at path in section, one per
// navKey. The workers ask for it as they make pages' data.
func (p *planner) nav(path, section, kind string) *Nav {
	p.navMu.Lock()
	defer p.navMu.Unlock()
	k := navKey{section: section, kind: kind}
	if path == "/" || slices.ContainsFunc(p.site.Menu, func(m content.MenuItem) bool { return m.URL == path }) {
		k.path = path
	}
	if n := p.navs[k]; n != nil {
		return n
	}
	if p.navs == nil {
		p.navs = map[navKey]*Nav{}
	}
	// A page that is no entry's URL stands for all such pages: none
	// of them is "page" for an entry, so its own path does.
	n := &Nav{Site: p.site, Kind: kind, path: path, section: section}
	p.navs[k] = n
	return n
}

func crumbs(s *content.Site, p *content.Page) []content.Crumb {
	c := []content.Crumb{{Name: "Beranda", URL: "/"}}
	if sec := s.Sections[p.Section]; sec != nil {
		c = append(c, content.Crumb{Name: sec.Title, URL: sec.Path})
	}
	return append(c, content.Crumb{Name: p.Title, URL: p.Path})
}
