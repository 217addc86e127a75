// Package build is the only package that knows the order of the stages:
// config, source, frontmatter + markdown (per file, in parallel), content
// (the site model), layout, render and publish. A failed stage publishes
// nothing; every error of a stage is reported together.
package build

import (
	"context"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/warta-portal/warta/internal/cache"
	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/layout"
	"github.com/warta-portal/warta/internal/markdown"
	"github.com/warta-portal/warta/internal/publish"
	"github.com/warta-portal/warta/internal/render"
	"github.com/warta-portal/warta/internal/source"
)

// Options configure one build.
type Options struct {
	Source      fs.FS  // the site folder
	SourceDir   string // the site folder on disk, for destination checks; "" for in-memory sources
	Destination string // output folder on disk; ignored when Target is set
	Target      publish.Target
	Theme       fs.FS // the embedded default theme (layouts)
	BaseURL     string
	// RelativeURLs overrides the configuration's relativeURLs when true.
	RelativeURLs bool
	Drafts       bool
	Future       bool
	Expired      bool
	NoMinify     bool
	Now          time.Time // zero: time.Now()
	Workers      int
	// SitemapLimit overrides the 50,000 URLs per sitemap file (tests).
	SitemapLimit int
	// Parsed, when set, keeps parsed pages between builds in one process
	// (the preview server): unchanged files are not parsed again.
	Parsed *ParseCache
	// CacheDir turns on the build cache in that folder: rendered Markdown
	// is reused by content hash, and pages whose inputs did not change
	// keep their previous file. "" builds without a cache.
	CacheDir string
}

// Result describes a finished build.
type Result struct {
	Site      *content.Site
	Pages     int
	Files     int
	Written   int64
	Unchanged int64
	Reused    int // pages kept from the previous build without rendering (with a cache)
	Warnings  diag.List
	Duration  time.Duration
	Stages    []Stage // how long each stage took, in order
}

// Stage is the time one stage of the build took.
type Stage struct {
	Name     string
	Duration time.Duration
}

// Run builds the site. On error the destination is left as it was.
func Run(ctx context.Context, o Options) (res Result, err error) {
	start := time.Now()
	defer func() { res.Duration = time.Since(start) }()
	last := start
	stage := func(name string) {
		now := time.Now()
		res.Stages = append(res.Stages, Stage{name, now.Sub(last)})
		last = now
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	workers := o.Workers
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}

	cfg, err := config.Load(o.Source)
	if err != nil {
		return res, err
	}
	if o.BaseURL != "" {
		cfg.BaseURL = o.BaseURL
	}
	if err := cfg.Validate(); err != nil {
		return res, err
	}

	if o.Target == nil && o.SourceDir != "" {
		if err := publish.CheckDest(o.Destination, o.SourceDir); err != nil {
			return res, err
		}
	}

	stage("config")
	tree, err := source.Walk(o.Source)
	if err != nil {
		return res, err // one diagnostic per link or file at fault
	}
	if len(tree.Content) == 0 {
		return res, diag.Errorf("content", 0, "", "no Markdown files found: put pages in content/ (for example content/berita/judul.md)")
	}

	var bc *cache.Cache
	if o.CacheDir != "" {
		registerGob()
		if bc, err = cache.Open(o.CacheDir, cache.Version()); err != nil {
			// The cache only saves time: build without it.
			res.Warnings.Add(diag.Warnf(o.CacheDir, 0, "", "build cache not usable, building without it: %v", err))
			bc = nil
		}
	}
	mdOpts := markdown.Options{RawHTML: cfg.Markdown.RawHTML, BasePath: cfg.Base.Path}
	md := markdown.New(mdOpts)
	sel := content.Options{Drafts: o.Drafts, Future: o.Future, Expired: o.Expired, Now: o.Now}
	signed := false
	if r, ok := o.Target.(publish.Reuser); ok && r.Signed() {
		signed = true
	}
	mdKey := fmt.Sprintf("%+v", mdOpts)
	o.Parsed.begin(mdKey + "\x00" + cfg.TimeZone + "\x00" + cfg.BaseURL)
	ps := &parser{fsys: o.Source, cfg: &cfg, md: md, mdKey: mdKey, bc: bc, parsed: o.Parsed, hash: bc != nil || signed, sel: sel}
	stage("walk")
	pages, errs := ps.all(tree.Content, workers)
	o.Parsed.end()

	stage("parse+markdown")
	site, aerrs := content.Assemble(&cfg, pages, sel)
	stage("assemble")
	errs = append(errs, aerrs...)
	res.Site = site
	res.Warnings = append(res.Warnings, errs.Warnings()...)
	if errs.Errors() {
		errs.Sort()
		return res, errs.Err()
	}

	var siteLayouts fs.FS
	if fi, err := fs.Stat(o.Source, "layouts"); err == nil && fi.IsDir() {
		siteLayouts, _ = fs.Sub(o.Source, "layouts")
	}
	set, err := layout.Load(layout.Options{Theme: o.Theme, Site: siteLayouts, Config: &cfg, Data: &render.Data{Site: site}})
	if err != nil {
		return res, err
	}

	target := o.Target
	var dir *publish.Dir
	if target == nil {
		if dir, err = publish.NewDir(o.Destination); err != nil {
			return res, err
		}
		if bc != nil {
			dir.EnableReuse(bc.Manifest(o.Destination))
		}
		defer func() {
			if err != nil {
				_ = dir.Abort()
			}
		}()
		target = dir
	}
	if o.RelativeURLs {
		cfg.RelativeURLs = true
	}
	if cfg.RelativeURLs {
		target = publish.NewRelative(target, cfg.Base.Path)
	}
	if !o.NoMinify {
		target = publish.NewMinify(target)
	}

	// Pages are kept unrendered only when every layout is the theme's:
	// the signatures cover what the theme's layouts read, and a site's own
	// layout may read more. Rendered Markdown is reused either way.
	var globalKey []byte
	if r, ok := target.(publish.Reuser); ok && r.Signed() && set.Stock() {
		var version cache.Key // in one process (serve), warta cannot change
		if bc != nil {
			version = bc.Version()
		}
		rawCfg, _ := fs.ReadFile(o.Source, config.File) // absent: the defaults, covered by the version
		globalKey = buildKey(version, rawCfg, o, set.Key())
	}
	stage("layouts")
	rr, err := render.Run(ctx, render.Options{
		Site: site, Layouts: set, Target: target, Source: o.Source,
		Files: copies(o.Theme, siteLayouts, o.Source, tree.Static), Workers: workers, SitemapLimit: o.SitemapLimit,
		GlobalKey: globalKey,
	})
	res.Pages, res.Files, res.Reused = rr.Pages, rr.Files, rr.Reused
	if err != nil {
		return res, err
	}
	if dir != nil {
		stage("render+write")
		if err := dir.Commit(); err != nil {
			return res, err
		}
		st := dir.Stats()
		res.Written, res.Unchanged = st.Written, st.Unchanged
	}
	if bc != nil {
		// A cache that cannot be saved costs the next build time, not this
		// build its result.
		if dir != nil {
			_ = bc.SaveManifest(o.Destination, dir.Manifest())
		}
		_ = bc.Save()
	}
	stage("commit+cache")
	return res, nil
}

// buildKey covers every input all pages share: warta itself, the
// configuration file as written (the configuration is derived from it and
// the options), the options that change output, and the layouts.
func buildKey(v cache.Key, rawCfg []byte, o Options, layouts []byte) []byte {
	h := sha256.New()
	h.Write(v[:])
	fmt.Fprintf(h, "%d\n", len(rawCfg))
	h.Write(rawCfg)
	fmt.Fprintf(h, "minify=%v drafts=%v future=%v expired=%v baseURL=%q relative=%v\n", !o.NoMinify, o.Drafts, o.Future, o.Expired, o.BaseURL, o.RelativeURLs)
	h.Write(layouts)
	return h.Sum(nil)
}

// parser reads, parses and renders content files.
type parser struct {
	fsys   fs.FS
	cfg    *config.Config
	md     *markdown.Renderer
	mdKey  string // the renderer's options, part of cache keys
	bc     *cache.Cache
	parsed *ParseCache
	hash   bool // compute source hashes (for signatures)
	sel    content.Options
}

// all parses every entry in parallel. Excluded pages (drafts, future,
// expired) are parsed but not rendered.
func (ps *parser) all(entries []source.Entry, workers int) ([]*content.Page, diag.List) {
	var (
		mu    sync.Mutex
		errs  diag.List
		pages = make([]*content.Page, len(entries))
		wg    sync.WaitGroup
		next  = make(chan int)
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p, local := ps.one(entries[i])
				pages[i] = p
				if len(local) > 0 {
					mu.Lock()
					errs = append(errs, local...)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range entries {
		next <- i
	}
	close(next)
	wg.Wait()
	out := pages[:0]
	for _, p := range pages {
		if p != nil {
			out = append(out, p)
		}
	}
	return out, errs
}

func (ps *parser) one(e source.Entry) (*content.Page, diag.List) {
	// A file unchanged since the last build (same size and time) is taken
	// from the parse cache without reading it.
	var sk statKey
	if ps.parsed != nil {
		if fi, err := fs.Stat(ps.fsys, e.Path); err == nil {
			ino, ctime, ok := changeOf(fi)
			sk = statKey{e.Path, fi.Size(), fi.ModTime().UnixNano(), ino, ctime, ok}
			if h, ok := ps.parsed.hashOf(sk); ok {
				src := content.Source{File: e.Path, Resources: e.Resources, Hash: h}
				if p, errs, ok := ps.parsed.get(src); ok {
					return ps.finish(p, errs, e)
				}
			}
		}
	}
	data, err := fs.ReadFile(ps.fsys, e.Path)
	if err != nil {
		return nil, diag.List{diag.Errorf(e.Path, 0, "", "cannot read: %v", err)}
	}
	src := content.Source{File: e.Path, Data: data, Resources: e.Resources}
	if ps.hash || ps.parsed != nil {
		src.Hash = sha256.Sum256(data)
	}
	ps.parsed.recordHash(sk, src.Hash)
	p, errs, ok := ps.parsed.get(src)
	if ok {
		return ps.finish(p, errs, e)
	}
	p, errs = ps.parse(src)
	p, errs = ps.finish(p, errs, e)
	ps.parsed.put(src, p, errs)
	return p, errs
}

// parse is content.Parse, taking the decoded front matter from the build
// cache when the file's bytes are known: decoding YAML is the largest cost
// of a build after an edit.
func (ps *parser) parse(src content.Source) (*content.Page, diag.List) {
	if ps.bc == nil {
		return content.Parse(ps.cfg, src)
	}
	key := ps.bc.Key("frontmatter", src.Data)
	if v, ok := ps.bc.Value(key); ok {
		if d, ok := v.(*content.Decoded); ok {
			return content.FromDecoded(ps.cfg, src, d)
		}
	}
	d, errs := content.Decode(src)
	if d == nil {
		return nil, errs
	}
	if len(errs) == 0 {
		ps.bc.PutValue(key, d) // only clean files: their diagnostics need no keeping
	}
	p, more := content.FromDecoded(ps.cfg, src, d)
	return p, append(errs, more...)
}

// registerGob names the types the build cache stores as interfaces, once
// per process (gob's registry is global).
var registerGob = sync.OnceFunc(func() {
	gob.Register(&content.Decoded{})
	gob.Register([]any{})
	gob.Register(map[string]any{})
	gob.Register(time.Time{})
})

// finish renders the body of a page that is published and not rendered yet.
func (ps *parser) finish(p *content.Page, errs diag.List, e source.Entry) (*content.Page, diag.List) {
	if p != nil && p.Doc == nil && (ps.sel.Shown(ps.cfg, p) || path.Base(e.Path) == "_index.md") {
		errs = append(slices.Clone(errs), renderBody(p, ps.md, ps.mdKey, ps.bc)...)
		if ps.parsed == nil && ps.bc == nil {
			p.ReleaseBody() // nothing will ask for it again
		}
	}
	return p, errs
}

// renderBody renders p's Markdown, or takes it from the cache.
func renderBody(p *content.Page, md *markdown.Renderer, mdKey string, bc *cache.Cache) diag.List {
	var key cache.Key
	if bc != nil {
		body, line := p.Body()
		key = bc.DocKey(mdKey, line, body)
		if doc, load, ok := bc.Doc(key); ok {
			// If another build sharing the folder removed the file, render
			// again rather than fail: the cache only saves time.
			p.UseRendered(doc, func() ([]byte, error) {
				if b, err := load(); err == nil {
					return b, nil
				}
				d, err := md.Render(body, line)
				if err != nil {
					return nil, err
				}
				return []byte(d.HTML), nil
			})
			return nil
		}
	}
	if err := p.Render(md); err != nil {
		return diag.All(err)
	}
	if bc != nil {
		_ = bc.PutDoc(key, p.Doc) // a full cache folder only costs speed
	}
	return nil
}

// copies lists the files copied as they are: the theme's assets, the
// site's layouts/assets over them, and static/ over both.
func copies(theme, siteLayouts, site fs.FS, static []string) []render.File {
	byName := map[string]render.File{}
	var order []string
	add := func(f render.File) {
		if _, ok := byName[f.Name]; !ok {
			order = append(order, f.Name)
		}
		byName[f.Name] = f
	}
	for _, l := range []struct {
		fsys   fs.FS
		origin string
	}{{theme, "(embedded theme) layouts/"}, {siteLayouts, "layouts/"}} {
		if l.fsys == nil {
			continue
		}
		_ = fs.WalkDir(l.fsys, "assets", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			add(render.File{Name: p[len("assets/"):], FS: l.fsys, Src: p, Origin: l.origin + p})
			return nil
		})
	}
	for _, p := range static {
		add(render.File{Name: p[len("static/"):], FS: site, Src: p, Origin: p})
	}
	out := make([]render.File, 0, len(order))
	for _, n := range order {
		out = append(out, byName[n])
	}
	return out
}

// DirFS is the site folder dir as the build reads it: source.DirFS, which
// reads nothing from outside the site and never opens devices or pipes.
func DirFS(dir string) fs.FS { return source.DirFS(dir) }
