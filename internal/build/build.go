// Package build is the only package that knows the order of the stages.
// Run is the pipeline, read top to bottom:
//
//	config    the configuration, with the command's flags applied before it is checked
//	source    the site's files (content/, static/)
//	load      every content file parsed, its Markdown rendered (in parallel);
//	          the destination opened beside it (lock, last record, spare tree)
//	assemble  the site model (content.Assemble)
//	images    the photos pages use, probed; renditions not in the cache made (imaging)
//	layouts   the theme's layouts under the site's own
//	render    every output planned, then made, into the target
//	commit    the destination replaced by the new build
//	save      what the next build may reuse
//
// A failed stage publishes nothing; its error (a *StageError) reports
// every problem of the stage together. Reuse between builds is the cache
// package's alone: build wires it in (cache.Loader for load, cache.Outputs
// as render's reuse oracle, publish's record into the cache's manifest),
// and no stage imports it.
package build

import (
	"context"
	"io/fs"
	"time"

	"github.com/warta-portal/warta/internal/cache"
	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/imaging"
	"github.com/warta-portal/warta/internal/publish"
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
	// Memo, when set, keeps what one build lends the next in one process
	// (the preview server): unchanged files are not parsed again, and with
	// a Target made by publish.NewMemoryFrom unchanged outputs are kept.
	Memo *cache.Memo
	// CacheDir turns on the build cache in that folder: decoded front
	// matter and rendered Markdown are reused by content hash, and outputs
	// whose inputs did not change keep their previous file. "" builds
	// without a cache.
	CacheDir string
	// Waiting is called once when another build is publishing into
	// Destination; this build then waits for it to end.
	Waiting func()
	// BodyFacts keeps every page's headings, links and notes (its
	// markdown.Doc) in Result.Site for the caller (check). Without it a
	// build with the theme's layouts drops them before rendering: no
	// output of the theme reads them.
	BodyFacts bool
	// Images keeps image renditions beyond one build when there is no
	// cache folder (tests and checks that build one site many times); nil
	// keeps them for this build only.
	Images imaging.Store
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
	// Notes say what the cache could not use (a damaged or foreign entry
	// read as a miss), once each; shown with --timings.
	Notes    diag.List
	Duration time.Duration
	Stages   []Stage // how long each stage took, in order
	// Quick renders an edited page against this build's model (the
	// preview's fast path); nil when the build failed.
	Quick *Quick
}

// Stage is the time one stage of the build took.
type Stage struct {
	Name     string
	Duration time.Duration
}

// StageError is the error of one stage. Its message is the stage's own
// (diagnostics name their file and line); Stage says where it stopped.
type StageError struct {
	Stage string
	Err   error
}

func (e *StageError) Error() string   { return e.Err.Error() }
func (e *StageError) Unwrap() []error { return []error{e.Err} }

// Run builds the site. On error the destination is left as it was.
func Run(ctx context.Context, o Options) (res Result, err error) {
	start := time.Now()
	b := &run{o: o, res: &res}
	defer func() {
		b.abort(err)
		res.Duration = time.Since(start)
	}()
	stages := []struct {
		name string
		do   func(context.Context) error
	}{
		{"config", b.config},
		{"source", b.source},
		{"load", b.load},
		{"assemble", b.assemble},
		{"images", b.images},
		{"layouts", b.layouts},
		{"render", b.render},
		{"commit", b.commit},
		{"save", b.save},
	}
	for _, st := range stages {
		began := time.Now()
		if err := ctx.Err(); err != nil {
			return res, &StageError{st.name, err}
		}
		if err := st.do(ctx); err != nil {
			return res, &StageError{st.name, err}
		}
		res.Stages = append(res.Stages, Stage{st.name, time.Since(began)})
	}
	res.Quick = &Quick{b: b}
	return res, nil
}
