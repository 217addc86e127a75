package content

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/innovation"
	"github.com/warta-portal/warta/internal/slug"
)

// Site is the assembled model every layout reads.
type Site struct {
	Config      *config.Config
	Home        *Section // title and description from content/_index.md
	Sections    map[string]*Section
	News        []*Page    // published news, newest first
	Innovations []*Page    // newest first
	Agencies    []*Page    // by title
	Pages       []*Page    // top-level plain pages (content/*.md), by weight then title
	Other       []*Section // other sections (content/pengumuman/...), by name
	All         []*Page    // every published page, in a stable order
	Taxonomies  []*Taxonomy
	Facets      []*Facet // the innovation catalog's filters
	Ticker      []*Page
	Archive     []*Year
	Menu        []MenuItem
	Excluded    []*Page // drafts, future and expired pages left out

	// Now is the build's notion of now (Options.Now).
	Now time.Time
	// Headline is the home page's lead item: the newest pinned news item,
	// else the newest news item; nil without news.
	Headline *Page
	// Pinned are the news items pinned at Now, newest first.
	Pinned []*Page
	// Scheduled are the items that will become public later (not drafts),
	// soonest first, whether or not this build shows them.
	Scheduled []*Page
	// Expiring are the published items with an expiryDate after Now,
	// soonest first.
	Expiring []*Page

	agencies    map[string]*Page
	innovations map[string]*Page
	byPath      map[string]*Page
	// bitsAt is the length from which relate probes a posting list by its
	// bits (0: 64; tests lower it).
	bitsAt int
}

// Section is a top-level content folder with its _index.md.
type Section struct {
	Name        string
	Title       string
	Description string
	Path        string
	File        string  // the _index.md, if any
	Page        *Page   // the parsed _index.md, if any
	Pages       []*Page // for other sections: their pages, newest first
	// Archived are the section's expired pages kept at their URLs
	// (sections.<name>.expired: archive), newest first; listed at
	// ArchivePath.
	Archived []*Page
}

// ArchivePath is the URL path of the section's archive of expired pages.
func (s *Section) ArchivePath() string { return s.Path + "arsip/" }

// Crumb is one step of a breadcrumb trail.
type Crumb struct {
	Name string
	URL  string
}

// MenuItem is one link of the main menu.
type MenuItem struct {
	Name   string
	URL    string
	Weight int
}

// Options select what is published.
type Options struct {
	Drafts  bool      // include drafts
	Future  bool      // include items dated after Now
	Expired bool      // include items whose expiryDate has passed
	Now     time.Time // the build's notion of now
	// Related, when set, keeps the ranking of related news between
	// builds (see RelatedMemo).
	Related RelatedMemo
}

var sectionTitles = map[string]string{"berita": "Berita", "inovasi": "Katalog Inovasi", "opd": "Perangkat Daerah"}

// titleOf makes a section title from its folder name: "pengumuman-resmi"
// → "Pengumuman Resmi".
func titleOf(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// PublicAt is when p becomes public: the later of its date and publishDate.
func (p *Page) PublicAt() time.Time {
	if p.PublishDate.After(p.Date) {
		return p.PublishDate
	}
	return p.Date
}

// Expired reports whether p's expiryDate has passed at now.
func (p *Page) Expired(now time.Time) bool {
	return !p.ExpiryDate.IsZero() && !p.ExpiryDate.After(now)
}

// Published reports whether p is published under o.
func (o Options) Published(p *Page) bool {
	if p.Draft && !o.Drafts {
		return false
	}
	if !o.Future && (p.Date.After(o.Now) || p.PublishDate.After(o.Now)) {
		return false
	}
	if !o.Expired && p.Expired(o.Now) {
		return false
	}
	return true
}

// Shown reports whether p becomes a page of the site under o: published,
// or kept in its section's archive of expired pages.
func (o Options) Shown(cfg *config.Config, p *Page) bool {
	return o.Published(p) || o.archived(cfg, p)
}

// archived reports whether p is published only because its section keeps
// expired pages in an archive.
func (o Options) archived(cfg *config.Config, p *Page) bool {
	if o.Expired || !p.Expired(o.Now) || cfg.ExpiredPolicy(p.Section) != config.ExpiredArchive {
		return false
	}
	q := o
	q.Expired = true
	return q.Published(p)
}

// Assemble links pages into a site: sections, agencies, innovations,
// taxonomies, related news, the ticker and the archive. pages must already
// be rendered; index pages (_index.md) give section titles.
func Assemble(cfg *config.Config, pages []*Page, o Options) (*Site, diag.List) {
	var errs diag.List
	s := &Site{
		Config:      cfg,
		Sections:    map[string]*Section{},
		Now:         o.Now,
		agencies:    map[string]*Page{},
		innovations: map[string]*Page{},
	}
	s.Home = &Section{Name: "", Title: cfg.Title, Description: cfg.Description, Path: "/"}
	for name, title := range sectionTitles {
		s.Sections[name] = &Section{Name: name, Title: title, Path: "/" + name + "/"}
	}
	slices.SortFunc(pages, func(a, b *Page) int { return strings.Compare(a.File, b.File) })
	for _, p := range pages {
		if isIndex(p.File) {
			sec := s.Home
			if p.Section != "" {
				if sec = s.Sections[p.Section]; sec == nil {
					sec = &Section{Name: p.Section, Path: "/" + p.Section + "/"}
					s.Sections[p.Section] = sec
				}
			}
			sec.File, sec.Page = p.File, p
			if p.Title != "" {
				sec.Title = p.Title
			}
			if d := cmp.Or(p.Description, p.Summary); d != "" {
				sec.Description = d
			}
			continue
		}
		if !p.Draft && p.PublicAt().After(o.Now) {
			s.Scheduled = append(s.Scheduled, p)
		}
		if o.archived(cfg, p) {
			p.Archived = true
			sec := s.section(p.Section)
			sec.Archived = append(sec.Archived, p)
			continue
		}
		if !o.Published(p) {
			s.Excluded = append(s.Excluded, p)
			continue
		}
		if p.ExpiryDate.After(o.Now) {
			s.Expiring = append(s.Expiring, p)
		}

		p.scheduled = p.Date.After(o.Now) || p.PublishDate.After(o.Now)
		switch p.Kind {
		case KindNews:
			s.News = append(s.News, p)
		case KindInnovation:
			s.Innovations = append(s.Innovations, p)
			s.innovations[p.Slug] = p
			s.innovations[p.Key] = p
		case KindAgency:
			s.Agencies = append(s.Agencies, p)
			s.agencies[p.Key] = p
		default:
			if p.Section == "" {
				s.Pages = append(s.Pages, p)
				break
			}
			sec := s.section(p.Section)
			sec.Pages = append(sec.Pages, p)
		}
	}
	byDate := func(a, b *Page) int {
		return cmp.Or(b.Date.Compare(a.Date), strings.Compare(a.Path, b.Path))
	}
	slices.SortFunc(s.News, byDate)
	slices.SortFunc(s.Innovations, byDate)
	slices.SortFunc(s.Agencies, func(a, b *Page) int {
		return cmp.Or(strings.Compare(a.Title, b.Title), strings.Compare(a.Path, b.Path))
	})
	slices.SortFunc(s.Pages, func(a, b *Page) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), strings.Compare(a.Title, b.Title), strings.Compare(a.Path, b.Path))
	})
	slices.SortFunc(s.Scheduled, func(a, b *Page) int {
		return cmp.Or(a.PublicAt().Compare(b.PublicAt()), strings.Compare(a.Path, b.Path))
	})
	slices.SortFunc(s.Expiring, func(a, b *Page) int {
		return cmp.Or(a.ExpiryDate.Compare(b.ExpiryDate), strings.Compare(a.Path, b.Path))
	})
	for name, sec := range s.Sections {
		slices.SortFunc(sec.Archived, func(a, b *Page) int {
			return cmp.Or(b.Date.Compare(a.Date), strings.Compare(a.Path, b.Path))
		})
		if _, known := sectionTitles[name]; !known {
			slices.SortFunc(sec.Pages, func(a, b *Page) int {
				return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(a.Weight, b.Weight), strings.Compare(a.Path, b.Path))
			})
			s.Other = append(s.Other, sec)
		}
	}
	slices.SortFunc(s.Other, func(a, b *Section) int { return strings.Compare(a.Name, b.Name) })
	s.All = slices.Concat(s.News, s.Innovations, s.Agencies, s.Pages)
	for _, sec := range s.Other {
		s.All = append(s.All, sec.Pages...)
	}
	for _, name := range slices.Sorted(maps.Keys(s.Sections)) {
		s.All = append(s.All, s.Sections[name].Archived...)
	}
	s.byPath = make(map[string]*Page, len(s.All))
	for _, p := range s.All {
		s.byPath[p.Path] = p
	}

	s.linkAgenciesAndInnovations(&errs)
	for _, p := range s.Innovations {
		found := innovation.Validate(p.Profile())
		if p.Draft {
			// A draft shown in the preview is work in progress: what it
			// still lacks is a warning until it would be published.
			for _, d := range found {
				if strings.HasPrefix(d.Msg, "missing:") {
					d.Warning = true
				}
			}
		}
		errs = append(errs, found...)
	}
	facets := make(chan []*Facet) // beside the taxonomies: they read, never write, the pages
	go func() { facets <- buildFacets(s) }()
	s.Taxonomies = buildTaxonomies(cfg, slices.Concat(s.News, s.Innovations), &errs)
	s.Facets = <-facets
	for _, t := range s.Taxonomies {
		for _, term := range t.Terms {
			for _, p := range term.Pages {
				if p.Terms == nil {
					p.Terms = map[string][]*Term{}
				}
				p.Terms[t.Name] = append(p.Terms[t.Name], term)
			}
		}
	}
	// A page shows its terms in the order it lists them: the first
	// category is its main one.
	for _, p := range slices.Concat(s.News, s.Innovations) {
		for name, terms := range p.Terms {
			order := map[string]int{}
			for i, v := range valuesOf(p, name) {
				if k := slug.Term(v); k != "" {
					if _, ok := order[k]; !ok {
						order[k] = i
					}
				}
			}
			slices.SortStableFunc(terms, func(a, b *Term) int { return cmp.Compare(order[a.Slug], order[b.Slug]) })
		}
	}
	s.relate(cfg.RelatedCount, o.Related, &errs)
	for i, p := range s.News {
		if i > 0 {
			p.Next = s.News[i-1]
		}
		if i+1 < len(s.News) {
			p.Prev = s.News[i+1]
		}
	}
	for _, p := range s.News {
		if p.PinnedAt(o.Now) {
			s.Pinned = append(s.Pinned, p)
		}
	}
	switch {
	case len(s.Pinned) > 0:
		s.Headline = s.Pinned[0]
	case len(s.News) > 0:
		s.Headline = s.News[0]
	}
	for _, p := range slices.Concat(s.Pinned, s.News) {
		if len(s.Ticker) == cfg.TickerCount {
			break
		}
		if p.InTicker() && !slices.Contains(s.Ticker, p) {
			s.Ticker = append(s.Ticker, p)
		}
	}
	s.Archive = buildArchive(s.News)
	s.Menu = buildMenu(cfg, s.Pages, map[string]bool{"/berita/": len(s.News) == 0, "/inovasi/": len(s.Innovations) == 0, "/opd/": len(s.Agencies) == 0}, &errs)
	return s, errs
}

// section returns the section named name, made on first use.
func (s *Site) section(name string) *Section {
	sec := s.Sections[name]
	if sec == nil {
		sec = &Section{Name: name, Title: titleOf(name), Path: "/" + name + "/"}
		s.Sections[name] = sec
	}
	return sec
}

// PageAt returns the published page at URL path p ("/ppid/"), or nil.
func (s *Site) PageAt(path string) *Page { return s.byPath[path] }

// Latest are the newest n news items after the headline.
func (s *Site) Latest(n int) []*Page {
	var out []*Page
	for _, p := range s.News {
		if len(out) == n {
			break
		}
		if p != s.Headline {
			out = append(out, p)
		}
	}
	return out
}

// NextChange is the next time after Now at which the published site
// changes by the clock alone: an item becomes public, expires or ends its
// pin. Zero when nothing is due.
func (s *Site) NextChange() time.Time {
	var next time.Time
	soonest := func(t time.Time) {
		if t.After(s.Now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, p := range s.Scheduled {
		soonest(p.PublicAt())
	}
	for _, p := range s.Expiring {
		soonest(p.ExpiryDate)
	}
	for _, p := range s.Pinned {
		soonest(p.PinUntil)
	}
	return next
}

func (s *Site) linkAgenciesAndInnovations(errs *diag.List) {
	for _, p := range slices.Concat(s.News, s.Innovations) {
		if p.Agency == "" {
			continue
		}
		a := s.agencies[p.Agency]
		if a == nil {
			errs.Add(diag.Errorf(p.File, p.Line("agency"), "agency", "%q is not an agency page: add content/opd/%s.md or use one of: %s", p.Agency, p.Agency, s.agencyKeys()))
			continue
		}
		p.AgencyPage = a
		if p.Kind == KindNews {
			a.AgencyNews = append(a.AgencyNews, p)
		} else {
			a.AgencyInno = append(a.AgencyInno, p)
		}
	}
	for _, p := range s.News {
		for _, key := range p.FrontMatter.Innovations {
			in := s.innovations[slug.Make(key)]
			if in == nil {
				in = s.innovations[key]
			}
			if in == nil {
				errs.Add(diag.Errorf(p.File, p.Line("innovations"), "innovations", "%q is not an innovation profile (no content/inovasi/%s.md)", key, key))
				continue
			}
			p.Innovated = append(p.Innovated, in)
			in.Mentions = append(in.Mentions, p)
		}
	}
}

func (s *Site) agencyKeys() string {
	keys := make([]string, len(s.Agencies))
	for i, a := range s.Agencies {
		keys[i] = a.Key
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		return "(no agency pages yet)"
	}
	return strings.Join(keys, ", ")
}

// Agency returns the agency page of key, or nil.
func (s *Site) Agency(key string) *Page { return s.agencies[key] }

// Innovation returns the innovation profile of slug, or nil.
func (s *Site) Innovation(slug string) *Page { return s.innovations[slug] }

// Taxonomy returns the taxonomy named name ("tags"), or nil.
func (s *Site) Taxonomy(name string) *Taxonomy {
	for _, t := range s.Taxonomies {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Section returns the section named name, or nil.
func (s *Site) Section(name string) *Section { return s.Sections[name] }

// Featured are the innovations marked featured, or else the newest applied
// ones, at most n.
func (s *Site) Featured(n int) []*Page {
	var out []*Page
	for _, p := range s.Innovations {
		if p.Featured && len(out) < n {
			out = append(out, p)
		}
	}
	for _, p := range s.Innovations {
		if len(out) >= n {
			break
		}
		if !p.Featured && p.Stage == "penerapan" {
			out = append(out, p)
		}
	}
	return out
}

// listPaths are the lists every site has, whatever its content.
var listPaths = map[string]bool{"/": true, "/berita/": true, "/inovasi/": true, "/opd/": true, "/arsip/": true}

// buildMenu makes the main menu. The default menu leaves out the pages a
// site does not have and the sections that are empty (a news-only portal
// shows no "Inovasi"); a configured entry is kept, with a warning when it
// leads nowhere.
func buildMenu(cfg *config.Config, pages []*Page, empty map[string]bool, errs *diag.List) []MenuItem {
	var items []MenuItem
	exists := map[string]bool{}
	for _, p := range pages {
		exists[p.Path] = true
	}
	for _, t := range cfg.Taxonomies {
		exists["/"+t+"/"] = true
	}
	isDefault := slices.Equal(cfg.Menu, config.Default().Menu)
	for _, m := range cfg.Menu {
		if isDefault && empty[m.URL] {
			continue
		}
		if strings.HasPrefix(m.URL, "/") && !listPaths[m.URL] && !exists[m.URL] {
			// The default menu names pages a site may not have: leave them out
			// quietly; a configured entry that goes nowhere is worth a warning.
			if !isDefault {
				errs.Add(diag.Warnf(config.File, 0, "menu", "%q links to %s, which is not a page of the site", m.Name, m.URL))
			}
			continue
		}
		items = append(items, MenuItem{Name: m.Name, URL: m.URL, Weight: m.Weight})
	}
	for _, p := range pages {
		if p.Menu == "main" {
			items = append(items, MenuItem{Name: p.Title, URL: p.Path, Weight: p.Weight})
		}
	}
	slices.SortStableFunc(items, func(a, b MenuItem) int { return cmp.Compare(a.Weight, b.Weight) })
	return items
}
