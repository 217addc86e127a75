package render

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/warta-portal/warta/internal/content"

	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/layout"
	"github.com/warta-portal/warta/internal/search"
)

// search plans the search page at /cari/. Its job also writes the index's
// files (package search), whose names are hashes of their bytes and so are
// known only once the index is built (startSearch); it is a long job, so
// it runs beside the pages rather than after them.
func (p *planner) search() {
	const origin = "the search page"
	if p.site.Config.Search.Disabled {
		return
	}
	l := p.searchLayout()
	if l == "" {
		p.errs.Add(diag.Errorf(origin, 0, "", "no layout for /cari/: add layouts/_default/search.html"))
		return
	}
	d := &Data{Kind: "search", Title: "Cari", Description: "Cari berita dan profil inovasi " + p.site.Config.Title + ".",
		Section: "cari", Path: "/cari/", Site: p.site}
	d.nav = p.nav(d.Path, d.Section, d.Kind)
	ix := p.indexing // started by plan (startSearch) when l is found
	built, made := ix.built, ix.made
	p.add(job{name: "cari/index.html", origin: origin, page: true, long: true, run: func(b *bytes.Buffer) error {
		<-built
		idx, err := ix.idx, ix.err
		if err != nil {
			return err
		}
		for _, f := range idx.Files {
			if err := p.target.WriteFile(f.Name, f.Data); err != nil {
				return diag.Errorf(origin, 0, "", "writing %s: %v", f.Name, err)
			}
			if done := made[f.Name]; done != nil {
				done()
			}
		}
		p.extraFiles.Add(int64(len(idx.Files) + idx.Kept))
		d.SearchIndex = template.JS(idx.Manifest) // JSON from encoding/json: no "</script"
		d.SearchYears = idx.Years
		return p.set.Execute(b, l, d)
	}})
}

// indexing is the search index being built beside the plan.
type indexing struct {
	built chan struct{} // closed when idx or err is set
	idx   *search.Index
	err   error
	made  map[string]func() // the index's files not kept: their made, by name (see Reuser)
}

// startSearch starts building the search index in the background, at the
// start of the plan: it is the longest job of a build that keeps most
// pages (a third of a second of CPU at 10,000 articles), and the rest of
// the plan (a twentieth of a second, on one core) goes on beside it. The
// index's files are named by what they hold: one of the same name in the
// previous build holds the same bytes. The search page's job (search)
// only waits for it.
func (p *planner) startSearch() {
	if p.site.Config.Search.Disabled || p.searchLayout() == "" {
		return // nothing to build; search reports a missing layout
	}
	ix := &indexing{built: make(chan struct{}), made: map[string]func(){}}
	keep := func(name string) bool {
		kept, done := p.reuse.Keep(name, Inputs{Values: []string{"search file", name}, Hashed: true})
		ix.made[name] = done
		return kept
	}
	o := p.searchOpts
	o.Thumbnail = p.thumbnail
	if p.reuse != nil {
		o.Keep = keep
	}
	p.background.Go(func() {
		defer close(ix.built)
		ix.idx, ix.err = search.Build(p.site, o)
	})
	// The analyses are not needed after it: let them go, rather than
	// hold them beside the pages rendered until the end.
	p.searchOpts.Docs, p.searchOpts.Prev = nil, nil
	p.indexing = ix
}

// searchLayout is the layout of the search page, or "" when there is none.
func (p *planner) searchLayout() string {
	return p.set.Lookup(layout.Order(layout.Search, "", "")...)
}

// thumbnail is the site path of a page's image when the build publishes
// that image (a bundle resource or a file under static/), else "".
func (p *planner) thumbnail(pg *content.Page) string {
	u := pg.Image.URL
	if u == "" {
		return ""
	}
	for _, r := range pg.Resources {
		if pg.Path+strings.TrimPrefix(r, pg.Bundle+"/") == u {
			return u
		}
	}
	if strings.HasPrefix(u, "/") && p.static["static"+u] {
		return u
	}
	return ""
}
