// Package render turns the site model and layouts into outputs: pages,
// lists, term and archive pages, feeds, the sitemap, redirects and copied
// files. Every output is planned first, so two sources that would write
// one URL are reported (naming both files); then every output that can be
// made is rendered, in parallel across cores, and streamed to the target,
// and every failure of the run is reported together.
//
// render declares the two interfaces it consumes and imports neither
// implementation: Target (a folder or memory, from package publish) and
// Reuser, the reuse oracle (package cache). Each output is planned with the
// inputs it is made from (Inputs), declared where it is planned; with a
// Reuser, an output whose inputs did not change since the last build is
// kept instead of made.
package render

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/layout"
	"github.com/warta-portal/warta/internal/search"
)

// Options configure a render.
type Options struct {
	Site    *content.Site
	Layouts *layout.Set
	Target  Target
	// Source is the site folder; bundle resources are read from it.
	Source fs.FS
	// Files are copied as they are: destination name → source.
	Files   []File
	Workers int
	// SitemapLimit overrides SitemapLimit (tests split small sites).
	SitemapLimit int
	// Images are the photos' renditions (the build's images stage).
	Images Images
	// SearchDocs are the analysed forms of pages for the search index,
	// made as they were loaded; pages without one are analysed when the
	// index is built.
	SearchDocs map[*content.Page]search.Doc
	// SearchPrev is the previous build's search index Memo, which the index
	// is updated from (search.Options.Prev); SearchMemoize asks for the
	// new one in Result.SearchMemo.
	SearchPrev    *search.Memo
	SearchMemoize bool
	// SearchFetch gets the whole Doc of one of SearchDocs given by its Key
	// alone (search.Options.Fetch).
	SearchFetch func(key [32]byte) (search.Doc, bool)
	// Reuse, when set, keeps outputs of the previous build whose declared
	// inputs did not change (see Inputs); nil makes every output.
	Reuse Reuser
}

// File is a file copied into the output.
type File struct {
	Name   string // output name, e.g. css/warta.css
	FS     fs.FS
	Src    string
	Origin string // for messages: static/css/warta.css
}

// Result counts what was rendered.
type Result struct {
	Pages int // HTML pages (index.html files), redirects excluded
	Files int // every output file
	// Reused counts pages kept from the previous build without rendering.
	Reused int
	// SearchMemo is the search index's Memo (Options.SearchMemoize), nil
	// when there is none.
	SearchMemo *search.Memo
}

// bigOutput is the size in bytes above which a worker hands its buffer to
// the target instead of copying it: most pages are 10–40 KB, a few site-wide
// files (sitemaps, open data) megabytes.
const bigOutput = 1 << 20

// job is one planned output.
type job struct {
	name   string // output file name: berita/x/index.html
	origin string // the file that asked for it
	line   int    // and the line in it, when known
	page   bool
	// inputs of the output, when it may be reused; run by the workers
	// only when there is a Reuser.
	inputs func() Inputs
	run    func(b *bytes.Buffer) error
	copy   *File
	long   bool // takes much longer than a page: started first
}

// Run renders everything into o.Target.
func Run(ctx context.Context, o Options) (Result, error) {
	workers := o.Workers
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	p := &planner{site: o.Site, set: o.Layouts, src: o.Source, owners: map[string]owner{}, sitemapLimit: o.SitemapLimit, workers: workers, target: o.Target, imgs: o.Images, reuse: o.Reuse, static: map[string]bool{}}
	// The planner holds the search analyses until the index is built (the
	// first job), and o, kept by the workers, does not hold them after.
	p.searchOpts = search.Options{Docs: o.SearchDocs, Workers: workers, Prev: o.SearchPrev, Memoize: o.SearchMemoize, Fetch: o.SearchFetch}
	o.SearchDocs, o.SearchPrev = nil, nil
	for _, f := range o.Files {
		if f.Origin == f.Src && strings.HasPrefix(f.Src, "static/") {
			p.static[f.Src] = true
		}
	}
	reuser := o.Reuse
	if reuser != nil {
		reuser.Share(shared(o.Site))
	}
	p.plan()
	processed := o.Images.processed()
	for _, f := range o.Files {
		f := f
		if processed[f.Src] != nil && f.FS == o.Source {
			continue // published by its renditions
		}
		p.add(job{name: f.Name, origin: f.Origin, copy: &f, inputs: copyInputs(f.FS, f.Src)})
	}
	p.manifest()
	p.owners = nil // every output is planned: the check for two on one URL is done
	// Outputs that could not be planned (two on one URL, no layout) are
	// reported with the failures of the others: every page that can be
	// rendered is, so one run reports every error.
	var (
		mu     sync.Mutex
		errs   diag.List
		seen   = map[string]bool{}
		wg     sync.WaitGroup
		reused atomic.Int64
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		for _, d := range diag.All(err) {
			if k := failureKey(d); !seen[k] { // one failing layout fails every page: say it once
				seen[k] = true
				errs.Add(d)
			}
		}
	}
	bt, ok := o.Target.(Borrower)
	borrows := ok && bt.Borrows()
	// run makes one job with the worker's buffer b.
	run := func(j *job, b *bytes.Buffer) {
		made := func() {}
		if j.inputs != nil && reuser != nil {
			var kept bool
			if kept, made = reuser.Keep(j.name, j.inputs()); kept {
				if j.page {
					reused.Add(1)
				}
				return
			}
		}
		if j.copy != nil {
			if err := o.Target.CopyFile(j.name, j.copy.FS, j.copy.Src); err != nil {
				fail(diag.Errorf(j.origin, 0, "", "copying: %v", err))
				return
			}
			made()
			return
		}
		b.Reset()
		if err := j.run(b); err != nil {
			fail(err)
			return
		}
		out := b.Bytes()
		switch {
		case cap(out) > bigOutput:
			// The catalog's open data, a sitemap: the target gets the
			// buffer itself rather than a copy, and the worker does not
			// keep a buffer that size for the pages after it.
			*b = bytes.Buffer{}
		case borrows:
			// The target is done with out when WriteFile returns.
		default:
			out = slices.Clone(out)
		}
		if err := o.Target.WriteFile(j.name, out); err != nil {
			fail(diag.Errorf(j.origin, 0, "", "writing %s: %v", j.name, err))
			return
		}
		made()
	}
	// Long jobs first, so they run beside the others rather than after.
	// The workers take the jobs in that order by one shared counter: a
	// channel's hand-off per job kept one of two cores idle a third of
	// the time in a one-article rebuild, whose 25,000 jobs are each a few
	// microseconds (keeping the output).
	order := make([]int32, 0, len(p.jobs))
	for _, long := range []bool{true, false} {
		for i := range p.jobs {
			if p.jobs[i].long == long {
				order = append(order, int32(i))
			}
		}
	}
	var taken, pages atomic.Int64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b bytes.Buffer
			for ctx.Err() == nil {
				k := taken.Add(1) - 1
				if k >= int64(len(order)) {
					return
				}
				j := &p.jobs[order[k]]
				if j.page {
					pages.Add(1)
				}
				run(j, &b)
				// What the job was made from (its page's data, a list's
				// pager) is garbage once it is done: the plan does not
				// hold every output's inputs until the last one is made.
				// Its names too: the job stays in the plan until the end.
				j.run, j.inputs, j.copy, j.name, j.origin = nil, nil, nil, "", ""
			}
		}()
	}
	wg.Wait()
	res := Result{Files: len(p.jobs), Pages: int(pages.Load())}
	p.background.Wait() // a job not run (stopped) may have started work
	res.Reused = int(reused.Load())
	res.Files += int(p.extraFiles.Load())
	if ix := p.indexing; ix != nil && ix.err == nil && ix.idx != nil {
		res.SearchMemo = ix.idx.Memo
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	errs = append(errs, p.errs...)
	if errs.Errors() {
		errs.Sort()
		return res, errs.Err()
	}
	return res, nil
}

// planner collects jobs and checks that each output has one owner.
type planner struct {
	site   *content.Site
	set    *layout.Set
	src    fs.FS
	jobs   []job
	owners map[string]owner
	errs   diag.List
	// sitemapLimit overrides SitemapLimit in tests.
	sitemapLimit int
	workers      int
	target       Target
	extraFiles   atomic.Int64 // written by jobs beside their own output (the search index)
	imgs         Images
	// searchOpts is what the search index is built from (Options.Search*);
	// its Docs and Prev are let go once the index is started.
	searchOpts search.Options
	indexing   *indexing // the search index being built (startSearch)
	reuse      Reuser
	static     map[string]bool // the site's static/ files that are published
	facetsOnce sync.Once
	facetVals  []string // see facets
	// background is the work jobs started at planning and wait for (the
	// search index): done before Run returns, so nothing is written into
	// the target after.
	background sync.WaitGroup
	navMu      sync.Mutex
	navs       map[navKey]*Nav // the pages' menus (see Data.Nav)
}

func (p *planner) add(j job) {
	if !fs.ValidPath(j.name) { // by path element: "Pasar..jpg" is a name, ".." is not
		p.errs.Add(diag.Errorf(j.origin, 0, "", "output %q would leave the destination", j.name))
		return
	}
	if prev, ok := p.owners[j.name]; ok {
		url := "/" + strings.TrimSuffix(j.name, "index.html")
		// Blame the file whose slug or alias asked for the URL (a key at a
		// line of its own), and never a page warta makes itself.
		here, there := owner{j.origin, j.line}, prev
		if !here.chose() && there.chose() || !strings.HasPrefix(here.origin, "content/") && strings.HasPrefix(there.origin, "content/") {
			here, there = there, here
		}
		p.errs.Add(diag.Errorf(here.origin, here.line, "", "two pages on one URL %s: this file and %s (change a slug or alias)", url, there.origin))
		return
	}
	p.owners[j.name] = owner{j.origin, j.line}
	p.jobs = append(p.jobs, j)
}

// owner is the file (and line) that asked for an output.
type owner struct {
	origin string
	line   int
}

// chose reports whether the owner named the URL itself: a slug or alias
// key below the front matter's first line.
func (o owner) chose() bool { return strings.HasPrefix(o.origin, "content/") && o.line > 1 }

// page plans an HTML page at URL path urlPath rendered with the first
// existing layout of layouts.
func (p *planner) page(urlPath, origin string, data *Data, layouts ...string) {
	data.Path = urlPath
	data.Site = p.site
	p.lazyPage(urlPath, origin, data.Page, p.pageInputs(data), func() *Data { return data }, layouts...)
}

// lazyPage plans an HTML page whose data mk makes when it is rendered
// (then with Path and Site set), so the plan does not hold every page's
// data; pg is the page it shows, if any, and inputs as pageInputs says.
func (p *planner) lazyPage(urlPath, origin string, pg *content.Page, inputs func() Inputs, mk func() *Data, layouts ...string) {
	line := 0
	if pg != nil {
		line = pg.Line("slug")
	}
	name := strings.TrimPrefix(urlPath, "/") + "index.html"
	if strings.HasSuffix(urlPath, ".html") {
		name = strings.TrimPrefix(urlPath, "/")
	}
	l := p.set.Lookup(layouts...)
	if l == "" {
		p.errs.Add(diag.Errorf(origin, 0, "", "no layout for %s: add one of layouts/%s", urlPath, strings.Join(layouts, ", layouts/")))
		return
	}
	p.add(job{name: name, origin: origin, line: line, page: true, inputs: inputs, run: func(b *bytes.Buffer) error {
		data := mk()
		data.Path = urlPath
		data.Site = p.site
		data.nav = p.nav(urlPath, data.Section, data.Kind)
		return p.set.Execute(b, l, data)
	}})
}

// pageInputs declares what an HTML page shows, or nil for pages that
// read the whole site (home, archive, term indexes, the agency table):
// those are always made. A list shows its pager's items as cards.
func (p *planner) pageInputs(d *Data) func() Inputs {
	switch {
	case d.Kind == "section" && d.Section == "opd":
		return nil // the agency table counts every agency's innovations
	case d.Page != nil:
		return func() Inputs { return Inputs{Values: []string{"page", d.Path}, Pages: []*content.Page{d.Page}} }
	case d.Pager != nil:
		return func() Inputs {
			in := Inputs{Values: []string{"list", d.Kind, d.Title, d.Description, d.Feed, d.Section, d.Path,
				strconv.Itoa(d.Pager.Number), strconv.Itoa(d.Pager.Total)}, Cards: d.Pager.Items}
			if d.Section == "inovasi" {
				in.Values = append(in.Values, p.facets()...)
			}
			return in
		}
	}
	return nil
}

// facets lists the catalog's facet values and counts, shown beside every
// list of innovations; made once, as the site does not change while it
// renders (the callers copy it).
func (p *planner) facets() []string {
	p.facetsOnce.Do(func() {
		v := []string{"facets", strconv.Itoa(len(p.site.Innovations))}
		for _, f := range p.site.Facets {
			for _, fv := range f.Values {
				v = append(v, fv.Path, fv.Label, strconv.Itoa(fv.Count()))
			}
		}
		p.facetVals = v
	})
	return p.facetVals
}

// copyInputs declares a copied file: its bytes.
func copyInputs(fsys fs.FS, name string) func() Inputs {
	return func() Inputs { return Inputs{Values: []string{"copy", name}, Files: []SourceFile{{fsys, name}}} }
}

// bytesJob plans a non-HTML output made by f.
func (p *planner) bytesJob(name, origin string, f func(b *bytes.Buffer) error) {
	p.add(job{name: name, origin: origin, run: f})
}

func originOf(s *content.Section) string {
	if s != nil && s.File != "" {
		return s.File
	}
	if s != nil {
		return "content/" + s.Name
	}
	return "content"
}

func pageLayouts(pg *content.Page) []string {
	k := layout.Single
	if pg.Kind == content.KindPage {
		k = layout.Page
	}
	return layout.Order(k, pg.Section, pg.Layout)
}

func (p *planner) plan() {
	s := p.site
	processed := p.imgs.processed()
	p.images()
	p.startSearch() // its page is planned below, in the order of the sitemap
	cfg := s.Config
	p.page("/", originOf(s.Home), &Data{Kind: "home", Title: s.Home.Title, Description: s.Home.Description, Feed: "/feed.xml"}, layout.Order(layout.Home, "", "")...)
	p.page("/404.html", "layouts/404.html", &Data{Kind: "404", Title: "Halaman tidak ditemukan", NoIndex: true}, layout.Order(layout.NotFound, "", "")...)

	for _, pg := range s.All {
		pg := pg
		p.single(pg)
		for _, r := range pg.Resources {
			if processed[r] != nil {
				continue // published by its renditions
			}
			// Keep the bundle's folders: img/foto.png stays img/foto.png.
			rel := strings.TrimPrefix(r, pg.Bundle+"/")
			if pg.Bundle == "" {
				rel = path.Base(r)
			}
			p.add(job{name: strings.TrimPrefix(pg.Path, "/") + rel, origin: pg.File, copy: &File{FS: p.src, Src: r, Origin: r}, inputs: copyInputs(p.src, r)})
		}
		for _, a := range pg.Aliases {
			p.alias(a, pg.Path, pg.File, pg.Line("aliases"))
		}
	}

	// Section lists.
	lists := []struct {
		name  string
		pages []*content.Page
		paged bool
	}{
		{"berita", s.News, true},
		{"inovasi", s.Innovations, true},
		{"opd", s.Agencies, false},
	}
	for _, l := range lists {
		sec := s.Sections[l.name]
		size := cfg.Paginate
		if !l.paged {
			size = max(1, len(l.pages))
		}
		feed := ""
		if l.name != "opd" {
			feed = sec.Path + "feed.xml"
		}
		p.pagedList(sec.Path, originOf(sec), l.pages, size, func() *Data {
			return &Data{Kind: "section", Title: sec.Title, Description: sec.Description, Section: l.name, SectionInfo: sec, Feed: feed}
		}, layout.Order(layout.List, l.name, "")...)
		if feed != "" {
			p.feed(sec.Path+"feed.xml", originOf(sec), sec.Title, sec.Path, l.pages)
		}
	}

	// Other sections (content/pengumuman/...): a list like the news.
	for _, sec := range s.Other {
		sec := sec
		p.pagedList(sec.Path, originOf(sec), sec.Pages, cfg.Paginate, func() *Data {
			return &Data{Kind: "section", Title: sec.Title, Description: sec.Description, Section: sec.Name, SectionInfo: sec}
		}, layout.Order(layout.List, sec.Name, "")...)
	}

	// Archives of expired pages that their sections keep (pengumuman).
	for _, name := range slices.Sorted(maps.Keys(s.Sections)) {
		sec := s.Sections[name]
		if len(sec.Archived) == 0 {
			continue
		}
		p.pagedList(sec.ArchivePath(), originOf(sec), sec.Archived, cfg.Paginate, func() *Data {
			return &Data{Kind: "section-archive", Title: "Arsip " + sec.Title, Description: fmt.Sprintf("%s yang sudah berakhir masa berlakunya.", sec.Title), Section: sec.Name, SectionInfo: sec}
		}, layout.Order(layout.List, sec.Name, "")...)
	}

	// Innovation catalog: a static page per facet value, and open data.
	for _, f := range s.Facets {
		for _, v := range f.Values {
			v := v
			p.pagedList(v.Path, "content/inovasi", v.Pages, cfg.Paginate, func() *Data {
				return &Data{Kind: "facet", Title: "Inovasi: " + v.Label, Description: fmt.Sprintf("%d inovasi dengan %s %s.", v.Count(), strings.ToLower(f.Title), v.Label),
					Section: "inovasi", SectionInfo: s.Sections["inovasi"], FacetValue: v}
			}, layout.Order(layout.Facet, "inovasi", "")...)
		}
	}
	p.openData()

	// Taxonomies.
	for _, t := range s.Taxonomies {
		t := t
		termPagers := content.Paginate(t.ByCount(), 100, t.Path)
		for _, tp := range termPagers {
			tp := tp
			p.page(tp.URL, "the "+t.Name+" taxonomy", &Data{Kind: "terms", Title: t.Title, Taxonomy: t, TermPager: tp, Section: t.Segment}, layout.Order(layout.Terms, "", "")...)
			if tp.Number == 2 {
				p.alias(t.Path+content.PageSegment+"/1/", t.Path, "the "+t.Name+" taxonomy", 0)
			}
		}
		for _, term := range t.Terms {
			term := term
			feed := term.Path + "feed.xml"
			title := t.Title + ": " + term.Name
			p.pagedList(term.Path, "the "+t.Name+" taxonomy", term.Pages, cfg.Paginate, func() *Data {
				return &Data{Kind: "term", Title: title, Description: fmt.Sprintf("%s %s: %d tulisan.", t.Title, term.Name, term.Count()), Term: term, Taxonomy: t, Section: t.Segment, Feed: feed}
			}, layout.Order(layout.Term, "", "")...)
			p.feed(feed, "the "+t.Name+" taxonomy", title, term.Path, term.Pages)
		}
	}

	p.search()

	// Archive.
	p.page("/arsip/", "the news archive", &Data{Kind: "archive", Title: "Arsip Berita", Section: "arsip"}, layout.Order(layout.Archive, "", "")...)
	for _, y := range s.Archive {
		for _, m := range y.Months {
			m := m
			p.pagedList(m.Path, "the news archive", m.Pages, cfg.Paginate, func() *Data {
				return &Data{Kind: "month", Title: "Arsip " + m.Title, Month: m, Section: "arsip"}
			}, layout.Order(layout.Month, "", "")...)
		}
	}

	p.feed("feed.xml", originOf(s.Home), cfg.Title, "/", slices.Concat(s.News, nil))
	p.sitemap()
	p.robots()
	if cfg.Aliases.BloggerLabels {
		if tags := s.Taxonomy("tags"); tags != nil {
			for _, term := range tags.Terms {
				p.alias("/search/label/"+bloggerLabel(term.Name)+"/", term.Path, "the Blogger label redirects", 0)
			}
		}
	}
}

// single plans the page of pg itself (not its bundle's files or aliases).
//
// Its data is made when it is rendered: held for every page from the plan
// on, with the breadcrumbs, it took about 40 MB at 100,000 articles.
func (p *planner) single(pg *content.Page) {
	mk := func() *Data {
		d := &Data{Kind: string(pg.Kind), Page: pg, Title: pg.Title, Description: pg.Lead(), Section: pg.Section}
		if pg.Image.URL != "" {
			d.Image = pg.Image.URL
		}
		d.Breadcrumbs = crumbs(p.site, pg)
		return d
	}
	inputs := func() Inputs { return p.pageInputs(&Data{Kind: string(pg.Kind), Page: pg, Path: pg.Path})() }
	p.lazyPage(pg.Path, pg.File, pg, inputs, mk, pageLayouts(pg)...)
}

// Page renders the page of pg alone, as Run would among all the others,
// into o.Target (o.Reuse, o.Files and o.Workers are not used), and returns
// its output name. pg belongs to o.Site or stands in for one of its pages
// (content.Page.WithBody): the preview renders an edited page with it
// before rebuilding the whole site.
func Page(o Options, pg *content.Page) (string, error) {
	p := &planner{site: o.Site, set: o.Layouts, src: o.Source, owners: map[string]owner{}, workers: 1, target: o.Target, imgs: o.Images}
	p.single(pg)
	if len(p.errs) > 0 {
		return "", p.errs.Err()
	}
	j := p.jobs[0]
	var b bytes.Buffer
	if err := j.run(&b); err != nil {
		return "", err
	}
	if err := o.Target.WriteFile(j.name, b.Bytes()); err != nil {
		return "", diag.Errorf(j.origin, 0, "", "writing %s: %v", j.name, err)
	}
	return j.name, nil
}

// pagedList plans the pages of a list at base and redirects its
// /halaman/1/ to base.
func (p *planner) pagedList(base, origin string, pages []*content.Page, size int, mk func() *Data, layouts ...string) {
	total := content.Pages(len(pages), size)
	for n := 1; n <= total; n++ {
		// The page's data and pager are made when it is rendered (and
		// when its inputs are signed), not held by the plan: at 100,000
		// articles the list pages' pagers alone held 150 MB.
		url := content.PagerURL(base, n)
		data := func() *Data {
			d := mk()
			d.Pager = content.PagerAt(pages, size, base, n)
			if n > 1 {
				d.Title = fmt.Sprintf("%s (halaman %d)", d.Title, n)
			}
			d.Path = url
			d.Site = p.site
			return d
		}
		// Whether the page declares inputs depends on its kind, not on
		// its pager.
		var inputs func() Inputs
		d := mk()
		d.Pager = &content.Pager[*content.Page]{}
		if p.pageInputs(d) != nil {
			inputs = func() Inputs { return p.pageInputs(data())() }
		}
		p.lazyPage(url, origin, d.Page, inputs, data, layouts...)
	}
	if total > 1 {
		p.alias(base+content.PageSegment+"/1/", base, origin, 0)
	}
}

// bloggerLabel is the folder name of a Blogger label URL: the label as
// written (a static host decodes /search/label/Pelayanan%20Publik to it).
func bloggerLabel(name string) string {
	return strings.NewReplacer("/", "-", "\\", "-", "..", "-").Replace(name)
}

// failureKey is what makes two failures the same one: a layout's action
// that fails for every page is one fault, even where the message quotes
// each page's own value ("range can't iterate over <the page's title>"),
// so a layout's failure is keyed by its file, line and action, anything
// else by its whole message.
func failureKey(d *diag.Diagnostic) string {
	layout := strings.HasPrefix(d.File, "layouts/") || strings.Contains(d.File, "layouts/") && strings.HasPrefix(d.File, "(")
	if i := strings.Index(d.Msg, ">: "); layout && i >= 0 && strings.Contains(d.Msg[:i], " at <") {
		return d.File + ":" + strconv.Itoa(d.Line) + ":" + d.Msg[:i]
	}
	return d.Error()
}
