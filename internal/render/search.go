package render

import (
	"bytes"
	"html/template"

	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/search"
)

// search plans the search page at /cari/ and the files of its index
// (package search).
func (p *planner) search() {
	d := &Data{Kind: "search", Title: "Cari", Description: "Cari berita dan profil inovasi " + p.site.Config.Title + ".", Section: "cari"}
	idx, err := search.Build(p.site, search.Options{Workers: p.workers})
	if err != nil {
		p.errs.Add(diag.All(err)...)
		return
	}
	d.SearchIndex = template.JS(idx.Manifest) // JSON from encoding/json: no "</script"
	d.SearchYears = idx.Years
	p.page("/cari/", "the search page", d, "_default/search.html")
	for _, f := range idx.Files {
		p.bytesJob(f.Name, "the search index", func(b *bytes.Buffer) error {
			_, err := b.Write(f.Data)
			return err
		})
	}
}
