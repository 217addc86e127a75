package layout

// Kind is the kind of page a layout is looked up for.
type Kind int

const (
	Home     Kind = iota // the home page
	Single               // an article, innovation profile or agency: a page of a section
	Page                 // a plain page (content/tentang.md, content/pengumuman/x.md)
	List                 // a section's list pages
	Facet                // a catalog facet value's list (/inovasi/tahapan/...)
	Term                 // one taxonomy term's pages
	Terms                // a taxonomy's term index
	Archive              // the news archive
	Month                // one month of the archive
	Search               // the search page
	NotFound             // 404.html
)

// Order is the lookup order of layouts for a page of kind k in section
// (empty for top-level pages) whose front matter names layout (may be
// empty): the first that exists wins. It is the README's table "Layouts";
// as in Hugo, a section's own layout comes before _default's.
func Order(k Kind, section, layout string) []string {
	switch k {
	case Home:
		return []string{"index.html"}
	case Single, Page:
		var l []string
		if layout != "" {
			if section != "" {
				l = append(l, section+"/"+layout+".html")
			}
			l = append(l, "_default/"+layout+".html")
		}
		if section != "" {
			l = append(l, section+"/single.html")
		}
		if k == Page {
			l = append(l, "_default/page.html")
		}
		return append(l, "_default/single.html")
	case List:
		return []string{section + "/list.html", "_default/list.html"}
	case Facet:
		return []string{"inovasi/list.html", "_default/list.html"}
	case Term:
		return []string{"_default/term.html", "_default/list.html"}
	case Terms:
		return []string{"_default/terms.html"}
	case Archive:
		return []string{"_default/archive.html"}
	case Month:
		return []string{"_default/month.html", "_default/list.html"}
	case Search:
		return []string{"_default/search.html"}
	case NotFound:
		return []string{"404.html", "_default/404.html"}
	}
	return nil
}
