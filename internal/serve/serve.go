// Package serve is the editor's preview: it builds the site into memory, serves it over HTTP with live reload, rebuilds it on every change and shows failed builds in the browser.
//
// Every build is a full build into a fresh publish.Memory, swapped in
// through an atomic pointer only when it succeeded: a request during a
// rebuild gets the last complete site, a failed rebuild leaves the last
// good site in place, and no page is ever stale or half-built. Drafts and
// future items are shown. The live-reload script is added to HTML
// responses by the handler; it is never part of the built files, so it
// cannot reach public/.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/warta-portal/warta/internal/build"
	"github.com/warta-portal/warta/internal/cache"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/publish"
	"github.com/warta-portal/warta/internal/watch"
)

// Options configure a Server.
type Options struct {
	// Build says what to build. The server sets Target (a fresh in-memory
	// target per build), Drafts and Future; Build.SourceDir is the folder
	// Run watches.
	Build build.Options
	// LoopbackOnly refuses requests whose Host is not this computer
	// (localhost, 127.0.0.1, [::1]): a web page elsewhere cannot use DNS
	// rebinding to read the preview, drafts included. Set it when the
	// server listens on loopback only.
	LoopbackOnly bool
	// Debounce is the quiet time that ends a burst of file events; 0 means
	// watch.DefaultDebounce.
	Debounce time.Duration
	// Log receives one line per build and the errors of failed builds; nil
	// discards them.
	Log io.Writer
	// Lang is the language of the log: "id" (Indonesian) or English.
	Lang string
}

// Server builds, serves and rebuilds one site. It is an http.Handler.
type Server struct {
	opts  Options
	log   io.Writer
	id    string // differs between runs, so tabs left open reload after a restart
	site  atomic.Pointer[site]
	state atomic.Pointer[status]

	buildMu sync.Mutex // one build at a time
	seq     uint64     // build attempts, under buildMu
	good    uint64     // successful builds, under buildMu
	// Under buildMu: what the next build may reuse. Unchanged files are not
	// parsed again, and pages whose inputs did not change are taken from
	// the last good build instead of being rendered.
	memo cache.Memo
	last *publish.Memory
	// warned holds the warnings of the last good build (Error()), so a
	// rebuild prints only those it brought.
	warned map[string]bool
	quick  *build.Quick // renders an edited page against the last good build

	tabs    tabs
	closing chan struct{} // closed when Run stops: ends event streams
	stop    sync.Once
}

// site is one complete build, never modified after it is published.
type site struct {
	files  map[string][]byte // packed (publish.Pack); read them with file
	assets string            // assetsVersion(files)
	base   string            // the base URL's path: "/" or "/portal/"
	gen    string            // identifies this build to the pages it serves
	pages  int
	took   time.Duration
	built  time.Time
	desk   *desk // the dashboard's lists; nil for the waiting page
}

// status is what open tabs should know: the site being served and, when
// the last build failed, why.
type status struct {
	seq     uint64
	gen     string   // of the served site; "" before the first good build
	failure *failure // nil when the last build succeeded
}

// New returns a server that has built nothing yet; call Rebuild or Run.
func New(o Options) *Server {
	s := &Server{
		opts:    o,
		log:     o.Log,
		id:      strconv.FormatInt(time.Now().UnixNano(), 36),
		closing: make(chan struct{}),
	}
	if s.log == nil {
		s.log = io.Discard
	}
	s.state.Store(&status{})
	return s
}

// Rebuild builds the site and, if the build succeeds, swaps it in and
// tells every open tab to reload; if it fails, the last good site stays
// and every open tab shows the errors.
func (s *Server) Rebuild(ctx context.Context) error { return s.rebuild(ctx, nil) }

func (s *Server) rebuild(ctx context.Context, changed []string) error {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	s.showEdit(changed)
	o := s.opts.Build
	mem := publish.NewPackedFrom(s.last)
	o.Target, o.Drafts, o.Future, o.Memo = mem, true, true, &s.memo
	start := time.Now()
	res, err := build.Run(ctx, o)
	mem.Forget()
	took := time.Since(start).Round(time.Millisecond)
	if err != nil && ctx.Err() != nil {
		return err // stopping: nothing to tell the tabs
	}
	s.seq++
	done, failed := s.tr("Rebuilt", "Dibangun ulang"), s.tr("Rebuild", "Pembangunan ulang")
	if s.good == 0 {
		done, failed = s.tr("Built", "Dibangun"), s.tr("Build", "Pembangunan")
	}
	why := s.describe(changed)
	if err != nil {
		f := newFailure(err, o.Source, o.Theme)
		s.state.Store(&status{seq: s.seq, gen: s.state.Load().gen, failure: f})
		s.tabs.notify()
		keep := s.tr("still serving the last good site", "pratinjau tetap menampilkan hasil terakhir yang berhasil")
		if s.site.Load() == nil {
			keep = s.tr("nothing to serve until it builds", "belum ada yang dapat ditampilkan sampai berhasil dibangun")
		}
		fmt.Fprintf(s.log, s.tr("%s failed in %s%s: %s; %s\n", "%s gagal dalam %s%s: %s; %s\n"), failed, took, why, s.count(f.Total, "error", "errors", "galat"), keep)
		for _, d := range f.diags {
			fmt.Fprintf(s.log, "  %s\n", s.text(d))
		}
		if f.More > 0 {
			fmt.Fprintf(s.log, s.tr("  … and %d more\n", "  … dan %d lagi\n"), f.More)
		}
		return err
	}
	s.good++
	s.last, s.quick = mem, res.Quick
	st := &site{files: mem.Files, assets: assetsVersion(mem.Files), base: "/", gen: s.id + "-" + strconv.FormatUint(s.good, 10), pages: res.Pages, took: took, built: time.Now()}
	if res.Site != nil {
		st.desk = newDesk(res.Site, res.Warnings)
	}
	if res.Site != nil && res.Site.Config != nil && res.Site.Config.Base != nil {
		st.base = cleanBase(res.Site.Config.Base.Path)
	}
	s.site.Store(st)
	s.state.Store(&status{seq: s.seq, gen: st.gen})
	s.tabs.notify()
	warned := ""
	if n := len(res.Warnings); n > 0 {
		warned = ", " + s.count(n, "warning", "warnings", "peringatan")
	}
	fmt.Fprintf(s.log, s.tr("%s in %s%s: %d pages, %d files%s\n", "%s dalam %s%s: %d halaman, %d berkas%s\n"), done, took, why, res.Pages, res.Files, warned)
	s.printWarnings(res.Warnings)
	return nil
}

// text is d as the log says it, in the editor's language: with its file
// and line when it has a file.
func (s *Server) text(d *diag.Diagnostic) string {
	if d.File == "" {
		return d.Message(s.lang())
	}
	return d.Localized(s.lang())
}

// maxNewWarnings bounds the warnings one build prints: an imported
// archive may bring hundreds, which the dashboard lists.
const maxNewWarnings = 10

// printWarnings prints the warnings the last good build did not have (all
// of them after the first build), at most maxNewWarnings, and points to
// the dashboard for the rest: the count alone would leave the editor
// guessing what an edit did.
func (s *Server) printWarnings(warnings diag.List) {
	now := make(map[string]bool, len(warnings))
	var fresh diag.List
	for _, d := range warnings {
		k := d.Error()
		now[k] = true
		if !s.warned[k] {
			fresh = append(fresh, d)
		}
	}
	s.warned = now
	fresh.Sort()
	for i, d := range fresh {
		if i == maxNewWarnings {
			fmt.Fprintf(s.log, s.tr("  … and %d more warnings\n", "  … dan %d peringatan lagi\n"), len(fresh)-i)
			break
		}
		fmt.Fprintf(s.log, s.tr("  warning: %s\n", "  peringatan: %s\n"), s.text(d))
	}
	if len(fresh) > 0 {
		fmt.Fprintf(s.log, s.tr("  every warning: the preview's dashboard, %s\n", "  semua peringatan: dasbor pratinjau, %s\n"), reservedPrefix)
	}
}

// file returns the bytes of the site's file name.
func (st *site) file(name string) ([]byte, bool) {
	b, ok := st.files[name]
	if !ok {
		return nil, false
	}
	data, err := publish.Unpack(b)
	return data, err == nil
}

// showEdit serves, before the full rebuild, the page of a content file
// whose body alone changed (the only change of the burst), rendered
// against the last good build (build.Quick): the editor sees the edit in
// milliseconds. The full build that follows gives that page the same
// bytes, so its tab does not reload twice, and refreshes every other page
// that shows the edited one.
func (s *Server) showEdit(changed []string) {
	cur := s.site.Load()
	if s.quick == nil || cur == nil || len(changed) != 1 || path.Ext(changed[0]) != ".md" || s.state.Load().failure != nil {
		return
	}
	start := time.Now()
	data, err := fs.ReadFile(s.opts.Build.Source, changed[0])
	if err != nil {
		return
	}
	name, out, ok := s.quick.Page(changed[0], data)
	if !ok {
		return
	}
	files := maps.Clone(cur.files)
	files[name] = publish.Pack(name, out)
	st := *cur
	st.files, st.gen = files, s.id+"-e"+strconv.FormatUint(s.seq+1, 10)
	s.site.Store(&st)
	s.state.Store(&status{seq: s.seq, gen: st.gen})
	s.tabs.notify()
	fmt.Fprintf(s.log, s.tr("Showed %s in %s; rebuilding the site\n", "%s ditampilkan dalam %s; situs dibangun ulang\n"), diag.Printable(changed[0]), time.Since(start).Round(time.Millisecond))
}

// Run serves on ln until ctx is cancelled: it starts watching
// Build.SourceDir, answers requests at once (a page that arrives before the
// first build reloads when it is done), builds, and rebuilds after every
// burst of changes. It returns nil after a clean stop.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	if s.opts.Build.SourceDir == "" {
		ln.Close()
		return errors.New("serve: Build.SourceDir is needed to watch the site")
	}
	w, err := watch.New(watch.Options{
		Root: s.opts.Build.SourceDir, Debounce: s.opts.Debounce,
		OnError: func(err error) { fmt.Fprintf(s.log, s.tr("watching: %v\n", "memantau berkas: %v\n"), err) },
	})
	if err != nil {
		ln.Close()
		return err
	}
	defer w.Close()

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	_ = s.rebuild(ctx, nil) // a failure is shown in the browser and the log
	var runErr error
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case err := <-served:
			runErr = err
			break loop
		case batch, ok := <-w.Changes():
			if !ok {
				break loop
			}
			_ = s.rebuild(ctx, batch)
		}
	}
	s.stop.Do(func() { close(s.closing) })
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && runErr == nil {
		runErr = err
	}
	if errors.Is(runErr, http.ErrServerClosed) {
		runErr = nil
	}
	return errors.Join(runErr, w.Close())
}

// describe names the changed files for the log line.
func (s *Server) describe(changed []string) string {
	changed = slices.Clone(changed)
	for i, c := range changed {
		changed[i] = diag.Printable(c)
	}
	switch n := len(changed); {
	case n == 0:
		return ""
	case n == 1 && changed[0] == watch.Everything:
		return s.tr(" (many files changed)", " (banyak berkas berubah)")
	case n <= 3:
		return " (" + strings.Join(changed, ", ") + ")"
	default:
		return fmt.Sprintf(s.tr(" (%s and %d more)", " (%s dan %d lagi)"), strings.Join(changed[:2], ", "), n-2)
	}
}

// count says n things: one and many are the English words, id the
// Indonesian one (which has no plural form).
func (s *Server) count(n int, one, many, id string) string {
	switch {
	case s.lang() == "id":
		return strconv.Itoa(n) + " " + id
	case n == 1:
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func (s *Server) lang() string {
	if s.opts.Lang == "id" {
		return "id"
	}
	return "en"
}

// tr picks the log message of the server's language.
func (s *Server) tr(en, id string) string {
	if s.lang() == "id" {
		return id
	}
	return en
}

// cleanBase makes a base path start and end with a slash.
func cleanBase(p string) string {
	p = "/" + strings.Trim(p, "/") + "/"
	if p == "//" {
		return "/"
	}
	return p
}
