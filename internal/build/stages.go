package build

import (
	"context"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/warta-portal/warta/internal/cache"
	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/imaging"
	"github.com/warta-portal/warta/internal/layout"
	"github.com/warta-portal/warta/internal/markdown"
	"github.com/warta-portal/warta/internal/publish"
	"github.com/warta-portal/warta/internal/render"
	"github.com/warta-portal/warta/internal/search"
	"github.com/warta-portal/warta/internal/source"
)

// run is one build in progress: what each stage hands the next.
type run struct {
	o   Options
	res *Result

	cfg         config.Config
	rawCfg      []byte // warta.yaml as written, part of the reuse key
	workers     int
	tree        source.Tree
	store       *cache.Cache  // the build cache folder, if any
	opening     chan struct{} // closed when the store is open (or failed to open: storeErr); nil: none
	storeErr    error
	pages       []*content.Page
	docs        []search.Doc // pages' analysed forms for the search index, by b.pages' index
	analyses    *cache.Analyses
	site        *content.Site
	siteLayouts fs.FS
	set         *layout.Set
	frags       *publish.Fragments // fragments minified once; nil without minifying
	dir         *publish.Dir       // when publishing to disk
	outputs     *cache.Outputs     // the reuse oracle, when outputs may be kept
	imager      *imaging.Processor
	sources     []*imaging.Source // the images pages use, prepared
	dest        opening           // the destination being opened beside load (openDest)
	manifest    cache.Manifest    // what the last build with the store wrote to the destination; set by openDest
	searchMemo  searchMemo        // the search index's Memo, last build's and this one's
	saving      sync.WaitGroup    // startSave's work
	bodies      *spill            // rendered bodies between load and render; nil: in memory
	lightened   bool              // load lightened every page (lightenEarly)
	md          *markdown.Renderer
	// errs are the problems found so far: the stages after load go on
	// (render every page that can be rendered), so a build reports every
	// error in one run, and stops before commit.
	errs diag.List
}

// failed adds errs of a stage that could go on and returns nil.
func (b *run) failed(errs diag.List) error {
	b.res.Warnings = append(b.res.Warnings, errs.Warnings()...)
	for _, d := range errs {
		if !d.Warning {
			b.errs.Add(d)
		}
	}
	return nil
}

// stop returns every error found so far with err, sorted by file and line.
func (b *run) stop(err error) error {
	all := append(slices.Clone(b.errs), diag.All(err)...)
	all.Sort()
	return all.Err()
}

// config reads warta.yaml, applies the flags that override it, checks the
// result and the destination.
func (b *run) config(context.Context) error {
	o := b.o
	if b.o.Now.IsZero() {
		b.o.Now = time.Now()
	}
	if b.workers = o.Workers; b.workers < 1 {
		b.workers = runtime.GOMAXPROCS(0)
	}
	cfg, err := config.LoadWith(o.Source, config.Overrides{BaseURL: o.BaseURL, RelativeURLs: o.RelativeURLs})
	if err != nil {
		return err
	}
	if cfg.Base.Host == "" {
		// Atom requires absolute ids and links, and sitemaps absolute
		// locations (sitemaps.org): say so rather than publish relative ones.
		b.res.Warnings.Add(diag.Warnf(config.File, 0, "baseURL", "%q is not an absolute address, so the feeds, sitemap.xml and robots.txt get relative URLs that feed readers and search engines cannot follow: write baseURL: https://portal.example.go.id/ in %s or build with --baseURL", cfg.BaseURL, config.File))
	}
	b.cfg = cfg
	b.rawCfg, _ = fs.ReadFile(o.Source, config.File) // absent: the defaults, covered by the version
	if o.Target == nil && o.SourceDir != "" {
		return publish.CheckDest(o.Destination, o.SourceDir)
	}
	return nil
}

// source lists the site's files. The cache is opened meanwhile (its
// indexes decoded on the other cores): load needs it first.
func (b *run) source(context.Context) (err error) {
	if b.o.CacheDir != "" {
		b.opening = make(chan struct{})
		go func() {
			defer close(b.opening)
			b.store, b.storeErr = cache.Open(b.o.CacheDir, cache.Version())
		}()
	}
	if b.tree, err = source.Walk(b.o.Source); err != nil {
		return err // one diagnostic per link or file at fault
	}
	if len(b.tree.Content) == 0 {
		return noMarkdown(b.tree.Skipped)
	}
	b.res.Warnings.Add(skipWarnings(b.tree.Skipped)...)
	return nil
}

// load parses every content file and renders the Markdown of those that
// are published, on every core.
func (b *run) load(ctx context.Context) error {
	o := b.o
	if b.opening != nil {
		<-b.opening
		if err := b.storeErr; err != nil {
			// The cache only saves time: build without it.
			b.store = nil
			b.res.Warnings.Add(diag.Warnf(o.CacheDir, 0, "", "build cache not usable, building without it: %v", err))
		}
	}
	if fi, err := fs.Stat(o.Source, "layouts"); err == nil && fi.IsDir() {
		b.siteLayouts, _ = fs.Sub(o.Source, "layouts")
	}
	// Heading ids keep clear of the layouts' own ids (aria-labelledby,
	// the skip link); they are part of mdKey, so cached bodies follow.
	layoutIDs, err := layout.IDs(o.Theme, b.siteLayouts)
	if err != nil {
		return fmt.Errorf("reading the layouts: %w", err)
	}
	b.openDest(ctx)
	b.openSearchMemo()
	mdOpts := markdown.Options{RawHTML: b.cfg.Markdown.RawHTML, BasePath: b.cfg.Base.Path, ReservedIDs: layoutIDs}
	mdKey := fmt.Sprintf("%+v", mdOpts)
	sel := b.selection()
	o.Memo.Begin(mdKey + "\x00" + b.cfg.TimeZone + "\x00" + b.cfg.BaseURL)
	b.md = markdown.New(mdOpts)
	l := cache.NewLoader(cache.LoadOptions{
		FS: o.Source, Config: &b.cfg, Markdown: b.md, MarkdownKey: mdKey, Store: b.store, Memo: o.Memo,
		Render: func(p *content.Page, file string) bool { return sel.Shown(&b.cfg, p) || content.IsIndex(file) },
	})
	var (
		errs diag.List
		mu   sync.Mutex
	)
	if o.Memo == nil {
		// The preview's memo keeps pages from one build to the next: their
		// bodies stay in memory. A build holds them in a file until render.
		b.bodies = newSpill("")
	}
	b.pages = make([]*content.Page, len(b.tree.Content))
	b.docs = make([]search.Doc, len(b.pages))
	analyse := b.analyser(mdKey)
	b.lightened = b.lightenEarly()
	parallel(len(b.pages), b.workers, func(i int) {
		if ctx.Err() != nil {
			return // stopped (SIGINT, SIGTERM): Run reports it after this stage
		}
		p, local := l.Load(b.tree.Content[i])
		b.pages[i] = p
		if analyse != nil && p != nil && p.Doc != nil && (p.Kind == content.KindNews || p.Kind == content.KindInnovation) {
			// The search index's analysis, while the body is in memory.
			d, err := analyse(p)
			b.docs[i] = d
			local = append(local, diag.All(err)...)
		}
		if b.lightened {
			lightenPage(p) // after the analysis
		}
		b.bodies.keep(p) // after the analysis, which reads the body
		mu.Lock()
		errs = append(errs, local...)
		mu.Unlock()
	})
	o.Memo.End()
	return b.failed(errs)
}

// openDest starts opening the destination (publish.NewDir: its lock, the
// last build's record from the cache, the spare tree's listing) beside
// the load and assemble stages: for a build with a warm cache that is a
// tenth of its time, which render would otherwise wait for. The lock is
// held from here to the end of the build; a build into a caller's target
// opens nothing.
func (b *run) openDest(ctx context.Context) {
	if b.o.Target != nil {
		return
	}
	b.dest.done = make(chan struct{})
	go func() {
		defer close(b.dest.done)
		since := func() publish.Record {
			if b.store == nil {
				return publish.Record{}
			}
			b.manifest = b.store.Manifest(b.o.Destination) // under the lock: the last build's
			return b.manifest.Dest
		}
		b.dest.dir, b.dest.err = publish.NewDir(ctx, b.o.Destination, publish.DirOptions{Waiting: b.o.Waiting, Since: since})
	}()
}

// openSearchMemo starts reading the search index's Memo that the last
// build into the destination kept (cache.SearchIndex), beside the load
// stage; render updates the index from it.
func (b *run) openSearchMemo() {
	if b.store == nil || b.o.Target != nil || b.cfg.Search.Disabled {
		return
	}
	b.searchMemo.done = make(chan struct{})
	go func() {
		defer close(b.searchMemo.done)
		b.searchMemo.prev = b.store.SearchIndex(b.o.Destination)
	}()
}

// searchMemo is the search index's Memo of the last build, being read by
// openSearchMemo, and the one this build made.
type searchMemo struct {
	done       chan struct{} // closed when prev is set; nil: not read
	prev, next *search.Memo
}

// wait returns the last build's Memo (nil when none was read).
func (s *searchMemo) wait() *search.Memo {
	if s.done == nil {
		return nil
	}
	<-s.done
	return s.prev
}

// opening is a destination being opened by openDest.
type opening struct {
	done chan struct{} // closed when dir or err is set; nil: not opened
	dir  *publish.Dir
	err  error
}

// wait returns the opened destination (nil when none was opened).
func (d *opening) wait() (*publish.Dir, error) {
	if d.done == nil {
		return nil, nil
	}
	<-d.done
	return d.dir, d.err
}

// analyser returns what analyses a page for the search index (from the
// cache when it can), or nil when the site has no search.
func (b *run) analyser(mdKey string) func(*content.Page) (search.Doc, error) {
	if b.cfg.Search.Disabled {
		return nil
	}
	b.analyses = cache.NewAnalyses(b.store, b.o.Memo, mdKey+"\x00"+string(b.rawCfg))
	return b.analyses.Ref
}

func (b *run) selection() content.Options {
	return content.Options{Drafts: b.o.Drafts, Future: b.o.Future, Expired: b.o.Expired, Now: b.o.Now}
}

// assemble makes the site model.
func (b *run) assemble(context.Context) error {
	pages := b.pages[:0]
	for _, p := range b.pages {
		if p != nil {
			pages = append(pages, p)
		}
	}
	sel := b.selection()
	switch {
	case b.store != nil:
		sel.Related = b.store
	case b.o.Memo != nil:
		sel.Related = b.o.Memo
	}
	site, errs := content.Assemble(&b.cfg, pages, sel)
	b.site, b.res.Site = site, site
	return b.failed(errs)
}

// layouts loads the theme's layouts and the site's over them.
func (b *run) layouts(ctx context.Context) (err error) {
	lo := layout.Options{Theme: b.o.Theme, Site: b.siteLayouts, Config: &b.cfg, Data: &render.Data{Site: b.site}, Context: ctx}
	if !b.o.NoMinify {
		b.frags = publish.NewFragments()
		lo.Splicer = b.frags
	}
	b.set, err = layout.Load(lo)
	if err != nil {
		return b.stop(err) // nothing can be rendered without layouts
	}
	b.lighten()
	return nil
}

// lighten drops from every page's body facts what no output of the theme
// reads (headings, links, notes: for check, which asks to keep them with
// Options.BodyFacts; the first paragraph when the front matter has a
// summary or description, which Lead prefers), before the render stage,
// where a build's memory peaks. The word count and images stay. A site's own layouts
// may read anything, and the preview's pages serve the next build too:
// both keep everything.
func (b *run) lighten() {
	if b.o.BodyFacts || b.o.Memo != nil || !b.set.Stock() {
		return
	}
	if b.lightened {
		return
	}
	for _, p := range b.pages {
		lightenPage(p)
	}
}

// lightenEarly reports whether load may lighten each page as soon as it is
// analysed: the site has no layouts of its own, so the theme's are the
// layouts (see lighten), and the peak of a large site's load stage does
// not hold every page's headings and links (150 MB at 100,000 articles).
func (b *run) lightenEarly() bool {
	return !b.o.BodyFacts && b.o.Memo == nil && b.siteLayouts == nil
}

// lightenPage drops from p's body facts what no output of the theme reads.
func lightenPage(p *content.Page) {
	if p == nil || p.Doc == nil {
		return
	}
	d := *p.Doc // the Doc may be shared (a cache's entry): p gets its own
	d.Headings, d.Links, d.Notes = nil, nil, nil
	if p.Summary != "" || p.Description != "" {
		d.Summary = "" // Lead shows the front matter's
	}
	p.Doc = &d
}

// render makes every output into the target: a temporary folder beside
// the destination, or the caller's target.
func (b *run) render(ctx context.Context) error {
	o := b.o
	target, keeper := o.Target, cache.Keeper(nil)
	if target == nil {
		dir, err := b.dest.wait()
		if err != nil {
			return err
		}
		b.dir, target = dir, dir
		if b.store != nil {
			keeper = dir
		}
	} else if k, ok := target.(cache.Keeper); ok && o.Memo != nil {
		keeper = k
	}
	b.outputs = b.oracle(keeper)
	target = b.wrap(target)
	ro := render.Options{
		Site: b.site, Layouts: b.set, Target: target, Source: o.Source, Workers: b.workers, SitemapLimit: o.SitemapLimit,
		Files:  copies(o.Theme, b.siteLayouts, o.Source, b.tree.Static),
		Images: render.Images{Processor: b.imager, Sources: b.sources},
	}
	if b.outputs != nil {
		b.outputs.Prepare(b.site.All)
		ro.Reuse = b.outputs
	}
	if b.searchMemo.done != nil {
		ro.SearchPrev, ro.SearchMemoize = b.searchMemo.wait(), true
	}
	ro.SearchDocs = make(map[*content.Page]search.Doc, len(b.pages))
	for i, d := range b.docs {
		if d.Table != nil || d.Key != ([32]byte{}) { // whole, or by its Key (Analyses.Ref)
			ro.SearchDocs[b.pages[i]] = d
		}
	}
	if b.analyses != nil {
		ro.SearchFetch = b.analyses.Fetch
	}
	b.docs = nil
	rr, err := render.Run(ctx, ro)
	b.res.Pages, b.res.Files, b.res.Reused = rr.Pages, rr.Files, rr.Reused
	b.searchMemo.next = rr.SearchMemo
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil || len(b.errs) > 0 {
		return b.stop(err)
	}
	b.startSave()
	return nil
}

// wrap gives the target what every output passes through: relative links
// when asked for, then minifying.
func (b *run) wrap(target publish.Target) publish.Target {
	if b.cfg.RelativeURLs {
		target = publish.NewRelative(target, b.cfg.Base.Path)
	}
	if !b.o.NoMinify {
		target = publish.NewMinify(target).Splice(b.frags)
	}
	return target
}

// oracle returns the reuse oracle when outputs may be kept: with a keeper,
// and only when every layout is the theme's (outputs declare what the
// theme's layouts read; a site's own layout may read more).
func (b *run) oracle(k cache.Keeper) *cache.Outputs {
	if k == nil || !b.set.Stock() {
		return nil
	}
	var version cache.Key // in one process (the preview), warta cannot change
	prev := b.o.Memo.Sigs()
	if b.store != nil && b.dir != nil {
		version, prev = b.store.Version(), b.manifest.Sigs
	}
	o := b.o
	opts := fmt.Sprintf("minify=%v drafts=%v future=%v expired=%v baseURL=%q relative=%v", !o.NoMinify, o.Drafts, o.Future, o.Expired, o.BaseURL, o.RelativeURLs)
	return cache.NewOutputs(cache.SharedKey(version, b.rawCfg, []byte(opts), b.set.Key()), prev, k)
}

// commit replaces the destination with the new build.
func (b *run) commit(context.Context) error {
	if b.dir == nil {
		return nil
	}
	if err := b.dir.Commit(); err != nil {
		return err
	}
	st := b.dir.Stats()
	b.res.Written, b.res.Unchanged = st.Written, st.Unchanged
	return nil
}

// startSave starts keeping, beside commit, what the next build may reuse
// whatever becomes of this one's output: the cache's entries (parsed
// pages, analyses) and the search index's Memo; save waits for it. A
// cache that cannot be saved costs the next build time, not this build
// its result.
func (b *run) startSave() {
	if b.store == nil {
		return
	}
	b.saving.Go(func() { _ = b.store.Save() })
	if m := b.searchMemo.next; m != nil && !m.Same(b.searchMemo.prev) {
		b.saving.Go(func() { _ = b.store.SaveSearchIndex(b.o.Destination, m) })
	}
}

// save keeps what describes the committed destination (the manifest:
// the outputs' signatures and files) once startSave's work is done.
func (b *run) save(context.Context) error {
	var sigs map[string]cache.Key
	if b.outputs != nil {
		sigs = b.outputs.Sigs()
	}
	if b.o.Target != nil && b.o.Memo != nil {
		b.o.Memo.KeepSigs(sigs)
	}
	if b.store != nil {
		if b.dir != nil {
			_ = b.store.SaveManifest(b.o.Destination, cache.Manifest{Sigs: sigs, Dest: b.dir.Record(), Files: len(b.tree.Content), Source: b.o.SourceDir})
		}
		b.saving.Wait()
		b.res.Notes = b.store.Notes()
	}
	return nil
}

// abort discards the temporary folder of a failed build; either way the
// rendered bodies' file is removed and the destination's lock released.
func (b *run) abort(err error) {
	if b.opening != nil {
		<-b.opening // a cache being opened beside a failed stage
	}
	b.saving.Wait() // a cache being saved beside a failed commit
	b.bodies.close()
	if b.dir == nil {
		// A stage before render failed: the destination opened beside
		// it is released untouched.
		b.dir, _ = b.dest.wait()
	}
	if b.dir == nil {
		return
	}
	if err != nil {
		_ = b.dir.Abort()
	}
	b.dir.Close()
}

// parallel runs f(0..n-1) on workers goroutines.
func parallel(n, workers int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
