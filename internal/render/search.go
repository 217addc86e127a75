package render

// search plans the search page at /cari/.
func (p *planner) search() {
	d := &Data{Kind: "search", Title: "Cari", Description: "Cari berita dan profil inovasi " + p.site.Config.Title + ".", Section: "cari"}
	for _, y := range p.site.Archive {
		d.SearchYears = append(d.SearchYears, y.Year)
	}
	p.page("/cari/", "the search page", d, "_default/search.html")
}
