package content

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/indodate"
	"github.com/warta-portal/warta/internal/slug"
)

// Taxonomy is a way of grouping pages: tags, categories, or a configured
// one such as region.
type Taxonomy struct {
	Name    string // front-matter key: tags
	Segment string // URL segment: tag
	Title   string // "Tag"
	Path    string // /tag/
	Terms   []*Term
}

// Term is one value of a taxonomy, with its pages newest first. Spellings
// that differ only in case, spacing, punctuation or diacritics are one
// term, shown with the most common spelling; "C" and "C++" are two
// (slug.Term).
type Term struct {
	Taxonomy *Taxonomy
	Name     string
	Slug     string
	Path     string
	Pages    []*Page
}

// Count is the number of pages of the term.
func (t *Term) Count() int { return len(t.Pages) }

var taxonomyTitles = map[string]string{"tags": "Tag", "categories": "Kategori"}

// buildTaxonomies groups pages by term. A value with no letter or digit a
// URL can hold (only emoji, or a script slugs do not spell) is a warning
// at the page's line, never dropped silently.
func buildTaxonomies(cfg *config.Config, pages []*Page, errs *diag.List) []*Taxonomy {
	names := make([]string, 0, len(cfg.Taxonomies))
	for n := range cfg.Taxonomies {
		names = append(names, n)
	}
	slices.Sort(names)
	// Taxonomies are built side by side, each with its own diagnostics,
	// added in name order as one after the other would.
	out := make([]*Taxonomy, len(names))
	found := make([]diag.List, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() { out[i] = buildTaxonomy(cfg, name, pages, &found[i]) })
	}
	wg.Wait()
	for _, f := range found {
		*errs = append(*errs, f...)
	}
	return out
}

// buildTaxonomy builds the taxonomy name of pages.
func buildTaxonomy(cfg *config.Config, name string, pages []*Page, errs *diag.List) *Taxonomy {
	seg := cfg.Taxonomies[name]
	t := &Taxonomy{Name: name, Segment: seg, Path: "/" + seg + "/", Title: taxonomyTitles[name]}
	if t.Title == "" {
		t.Title = strings.ToUpper(name[:1]) + name[1:]
	}
	type where struct {
		file, value string
		line        int
	}
	type acc struct {
		term      *Term
		spellings map[string]int
		folds     map[string]where // spelling without case, spacing, punctuation or diacritics → first use
	}
	byKey := map[string]*acc{}
	for _, p := range pages {
		seen := map[string]bool{}
		for _, v := range valuesOf(p, name) {
			key := slug.Term(v)
			if key == "" {
				if strings.TrimSpace(v) != "" {
					errs.Add(diag.Warnf(p.File, p.Line(name), name, "%q has no letters or digits for its URL and is left out: write it in Latin letters, e.g. %s: [%s]", v, name, "pelayanan-publik"))
				}
				continue
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			a := byKey[key]
			if a == nil {
				a = &acc{term: &Term{Taxonomy: t, Slug: key, Path: t.Path + key + "/"}, spellings: map[string]int{}, folds: map[string]where{}}
				byKey[key] = a
			}
			// Spellings that differ in more than case, spacing,
			// punctuation or diacritics ("C" and "C♯") are different
			// terms that the URL cannot tell apart: say so, naming both.
			f := fold(v)
			if _, ok := a.folds[f]; !ok {
				for _, w := range a.folds {
					errs.Add(diag.Errorf(p.File, p.Line(name), name, "%q and %q (%s:%d) are different terms with one URL %s: write them alike, or make them differ in letters or digits", v, w.value, w.file, w.line, a.term.Path))
					break
				}
				a.folds[f] = where{p.File, v, p.Line(name)}
			}
			a.spellings[strings.Join(strings.Fields(v), " ")]++
			a.term.Pages = append(a.term.Pages, p)
		}
	}
	for _, a := range byKey {
		best, n := "", -1
		for sp, c := range a.spellings {
			if c > n || c == n && sp < best {
				best, n = sp, c
			}
		}
		a.term.Name = best
		slices.SortFunc(a.term.Pages, func(x, y *Page) int {
			return cmp.Or(y.Date.Compare(x.Date), strings.Compare(x.Path, y.Path))
		})
		t.Terms = append(t.Terms, a.term)
	}
	slices.SortFunc(t.Terms, func(a, b *Term) int { return strings.Compare(a.Slug, b.Slug) })
	return t
}

// ByCount returns the terms, most pages first.
func (t *Taxonomy) ByCount() []*Term {
	terms := slices.Clone(t.Terms)
	slices.SortStableFunc(terms, func(a, b *Term) int { return cmp.Compare(len(b.Pages), len(a.Pages)) })
	return terms
}

// valuesOf returns the taxonomy values a page declares.
func valuesOf(p *Page, name string) []string {
	switch name {
	case "tags":
		return p.Tags
	case "categories":
		return p.Categories
	}
	switch v := p.Params[name].(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, fmt.Sprint(x))
		}
		return out
	}
	return nil
}

// Year of the news archive.
type Year struct {
	Year   int
	Path   string
	Months []*Month
	Count  int
}

// Month of the news archive: /arsip/2020/11/.
type Month struct {
	Year  int
	Month time.Month
	Title string // "November 2020"
	Path  string
	Pages []*Page
}

func buildArchive(news []*Page) []*Year {
	var years []*Year
	for _, p := range news { // newest first
		y, m := p.Date.Year(), p.Date.Month()
		if len(years) == 0 || years[len(years)-1].Year != y {
			years = append(years, &Year{Year: y, Path: fmt.Sprintf("/arsip/%04d/", y)})
		}
		yr := years[len(years)-1]
		if len(yr.Months) == 0 || yr.Months[len(yr.Months)-1].Month != m {
			yr.Months = append(yr.Months, &Month{Year: y, Month: m, Title: indodate.MonthYear(p.Date), Path: fmt.Sprintf("/arsip/%04d/%02d/", y, m)})
		}
		mo := yr.Months[len(yr.Months)-1]
		mo.Pages = append(mo.Pages, p)
		yr.Count++
	}
	return years
}

// fold is a term as readers tell terms apart: without case, spacing,
// punctuation or diacritics, "&" read as "dan", other symbols kept.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r == '&':
			b.WriteString("dan")
		case unicode.Is(unicode.Mn, r), unicode.IsSpace(r), unicode.IsPunct(r):
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
