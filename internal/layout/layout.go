// Package layout loads the site's html/template layouts over the embedded
// default theme and executes them.
//
// A file in the site's layouts/ overrides the embedded file of the same
// name. Layouts are grouped as in Hugo:
//
//	_default/baseof.html      the base page; page layouts fill its blocks
//	partials/*.html           shared fragments: {{ template "partials/card.html" . }}
//	<section>/single.html     one page of a section (berita, inovasi, opd)
//	<section>/list.html       a section's list pages
//	_default/single.html      any page without a section layout
//	_default/list.html        any list without a section layout
//	_default/term.html        one taxonomy term's pages
//	_default/terms.html       a taxonomy's term index
//	index.html, 404.html      home and not-found pages
//
// Which layout a page gets is Order's lookup table (the README's
// "Layouts"). A page layout that only defines blocks ({{ define "main" }}) is executed
// through _default/baseof.html; one with content of its own is executed
// alone. Files under assets/ and archetypes/ are not templates.
package layout

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
	"time"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/source"
)

// Base is the base layout page layouts fill.
const Base = "_default/baseof.html"

// Options say where layouts come from.
type Options struct {
	Theme  fs.FS // the embedded default theme (its root holds _default/, partials/, ...)
	Site   fs.FS // the site's layouts/ folder; nil when it has none
	Config *config.Config
	// Data is what cached fragments are executed with (the site model).
	Data any
	// Context, when set, stops every execution once it is done (a build
	// stopped by SIGINT or SIGTERM): the next write of a layout fails.
	Context context.Context
	// PageDeadline bounds one execution of a page layout (and of each
	// cached partial); 0 means DefaultPageDeadline.
	PageDeadline time.Duration
	// Splicer, when set, is given each fragment once it is rendered, and
	// pages hold what it returns in its place (see Splicer).
	Splicer Splicer
}

// Splicer lets pages hold a short stand-in for each fragment that a later
// stage replaces by the fragment's bytes, transformed once (package
// publish minifies each fragment once, not on every page that shows it).
// Only a call that writes the fragment as it is ({{ fragment "x" . }},
// nothing else in its pipeline) gets a stand-in; a page whose stand-in
// the layout's escaping changed (a fragment in an attribute, a script, a
// title) is executed again with the fragments themselves, so a page's
// bytes, once its stand-ins are replaced, are the same as without a
// Splicer.
type Splicer interface {
	// Stand returns what a page holds in place of the fragment html, or
	// false when html is to be written as it is. With a stand-in, the Set
	// lets go of html (a build's cards and entries take megabytes); again
	// renders the same bytes anew, for the rare page that needs them.
	Stand(html string, again Source) (stand string, ok bool)
	// Whole reports whether every stand-in in page is as Stand returned
	// it: not escaped, not cut.
	Whole(page []byte) bool
}

// DefaultPageDeadline is how long one page's layout may run. A page takes
// milliseconds; only a layout that recurses without end comes near it, and
// it then fails with its file instead of holding the build.
const DefaultPageDeadline = 30 * time.Second

// ErrDeadline is wrapped by the error of an execution that ran past the
// page deadline.
var ErrDeadline = errors.New("took longer than the page deadline")

// Set is a loaded, immutable set of layouts; safe for concurrent Execute.
type Set struct {
	pages  map[string]*template.Template // by file name
	entry  map[string]string             // file name → template to execute
	origin map[string]string             // file name → path shown in errors
	cache  sync.Map                      // name → *cached, once rendered
	shared *template.Template            // base layout and partials, never executed: cloned per cached partial
	frag   *template.Template            // the partials for fragments (executed concurrently)
	frags  [fragShards]fragShard         // the fragments rendered, by the address of their page
	// spliced are the page layouts whose fragment calls write stand-ins
	// (see Splicer), by file name; nil without a Splicer.
	spliced map[string]*template.Template
	splicer Splicer
	// sources is the block source takes fragSources from (sourcesMu).
	sources   []fragSource
	sourcesMu sync.Mutex
	ctx       context.Context
	limit     time.Duration
	data      any
	key       []byte // hash of every layout file, for build caches
	stock     bool   // no site layout differs from the theme's
	// src holds the layouts' text while Load parses them, so a parse
	// error can be placed on its line (templateErr); nil after.
	src map[string][]byte
}

// Stock reports whether the site's layouts, if any, are the theme's own:
// then every page reads only what the theme's layouts read.
func (s *Set) Stock() bool { return s.stock }

// Key is a hash of every layout and asset file of the set (theme and
// site), so caches notice any change to them.
func (s *Set) Key() []byte { return s.key }

type cached struct {
	html  template.HTML
	err   error
	stand template.HTML // what a page holds in its place, when not ""
}

// Load parses every layout. Parse errors name the layout file and line.
func Load(o Options) (*Set, error) {
	files := map[string][]byte{}
	origin := map[string]string{}
	keyHash := sha256.New()
	read := func(fsys fs.FS, prefix string) error {
		if fsys == nil {
			return nil
		}
		// source.Files follows links to folders, which fs.WalkDir does
		// not; the build's walk has reported any link it refuses.
		names, errs := source.Files(fsys, ".")
		if err := errs.Err(); err != nil {
			return err
		}
		for _, p := range names {
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			io.WriteString(keyHash, prefix+p+"\x00")
			keyHash.Write(b)
			if path.Ext(p) != ".html" {
				continue
			}
			files[p], origin[p] = b, prefix+p
		}
		return nil
	}
	if err := read(o.Theme, "layouts/ (embedded theme) "); err != nil {
		return nil, err
	}
	themeFiles := map[string][]byte{}
	for n, b := range files {
		themeFiles[n] = b
	}
	if err := read(o.Site, "layouts/"); err != nil {
		return nil, err
	}
	stock := true
	for n, b := range files {
		if !bytes.Equal(themeFiles[n], b) {
			stock = false
		}
	}
	for p, o := range origin {
		origin[p] = strings.Replace(o, "layouts/ (embedded theme) ", "(embedded theme) layouts/", 1)
	}

	s := &Set{pages: map[string]*template.Template{}, entry: map[string]string{}, origin: origin, data: o.Data, key: keyHash.Sum(nil), stock: stock,
		ctx: o.Context, limit: o.PageDeadline, splicer: o.Splicer}
	if s.splicer != nil {
		s.spliced = map[string]*template.Template{}
	}
	if s.ctx == nil {
		s.ctx = context.Background()
	}
	if s.limit <= 0 {
		s.limit = DefaultPageDeadline
	}
	s.src = files
	defer func() { s.src = nil }()
	base := template.New("").Funcs(Funcs(o.Config, s))
	var errs diag.List
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	isShared := func(n string) bool { return n == Base || strings.HasPrefix(n, "partials/") }
	for _, n := range names {
		if isShared(n) {
			if _, err := base.New(n).Parse(string(files[n])); err != nil {
				errs.Add(s.templateErr(err))
			}
		}
	}
	if errs.Errors() {
		return nil, errs.Err()
	}
	shared, err := base.Clone()
	if err != nil {
		return nil, err
	}
	s.shared = shared
	if s.frag, err = base.Clone(); err != nil {
		return nil, err
	}
	s.frag.Funcs(template.FuncMap{"fragment": func(name string, _ any) (template.HTML, error) {
		return "", fmt.Errorf("fragment %q called inside a fragment: a fragment is rendered once per page it shows and cannot contain another (use template)", name)
	}})
	for _, n := range names {
		if isShared(n) || strings.HasPrefix(n, "assets/") || strings.HasPrefix(n, "archetypes/") {
			continue
		}
		t, err := base.Clone()
		if err == nil {
			_, err = t.New(n).Parse(string(files[n]))
		}
		if err != nil {
			errs.Add(s.templateErr(err))
			continue
		}
		if s.spliced != nil {
			if err := s.splice(n, t); err != nil {
				return nil, err
			}
		}
		s.pages[n] = t
		s.entry[n] = n
		if onlyDefines(t.Lookup(n)) && t.Lookup(Base) != nil {
			s.entry[n] = Base
		}
	}
	if errs.Errors() {
		return nil, errs.Err()
	}
	return s, nil
}

// onlyDefines reports whether t has no output of its own besides blanks.
func onlyDefines(t *template.Template) bool {
	if t == nil || t.Tree == nil {
		return true
	}
	for _, n := range t.Tree.Root.Nodes {
		if tn, ok := n.(*parse.TextNode); ok && len(bytes.TrimSpace(tn.Text)) == 0 {
			continue
		}
		return false
	}
	return true
}

// standFunc and standCachedFunc are the functions direct fragment and
// cached calls of a spliced layout call; no layout can name them (layouts
// are parsed without them).
const (
	standFunc       = "wartaSplicedFragment"
	standCachedFunc = "wartaSplicedCached"
)

// splice keeps a copy of page layout t whose direct fragment and cached
// calls (an action of one command, "fragment" or "cached" with its
// arguments, as {{ fragment "partials/card.html" . }}) write the
// fragment's stand-in. A call whose result a pipeline reads on (len,
// printf, a variable) keeps the fragment itself. It must run before t is
// first executed.
func (s *Set) splice(name string, t *template.Template) error {
	c, err := t.Clone()
	if err != nil {
		return err
	}
	n := 0
	for _, x := range c.Templates() {
		if x.Tree != nil {
			n += spliceCalls(x.Tree.Root)
		}
	}
	if n > 0 {
		c.Funcs(template.FuncMap{standFunc: s.stand, standCachedFunc: s.standCached})
		s.spliced[name] = c
	}
	return nil
}

// spliceCalls points the direct fragment and cached calls under node to
// standFunc and standCachedFunc and returns how many it found.
func spliceCalls(node parse.Node) int {
	n := 0
	switch x := node.(type) {
	case *parse.ListNode:
		if x != nil {
			for _, c := range x.Nodes {
				n += spliceCalls(c)
			}
		}
	case *parse.ActionNode:
		p := x.Pipe
		if len(p.Decl) == 0 && len(p.Cmds) == 1 && len(p.Cmds[0].Args) > 0 {
			if id, ok := p.Cmds[0].Args[0].(*parse.IdentifierNode); ok {
				switch id.Ident {
				case "fragment":
					id.Ident = standFunc
					n++
				case "cached":
					id.Ident = standCachedFunc
					n++
				}
			}
		}
	case *parse.IfNode:
		n += spliceCalls(x.List) + spliceCalls(x.ElseList)
	case *parse.RangeNode:
		n += spliceCalls(x.List) + spliceCalls(x.ElseList)
	case *parse.WithNode:
		n += spliceCalls(x.List) + spliceCalls(x.ElseList)
	}
	return n
}

// Has reports whether a page layout of that name exists.
func (s *Set) Has(name string) bool { return s.pages[name] != nil }

// Lookup returns the first existing layout of names, or "".
func (s *Set) Lookup(names ...string) string {
	for _, n := range names {
		if s.pages[n] != nil {
			return n
		}
	}
	return ""
}

// Execute runs the page layout name with data into w. Errors name the
// layout file and line. An execution whose build was stopped fails at its
// next write (the context's error); one that runs past the page deadline,
// within 16 writes (ErrDeadline).
func (s *Set) Execute(w io.Writer, name string, data any) error {
	t := s.pages[name]
	if t == nil {
		return diag.Errorf("layouts/"+name, 0, "", "layout not found")
	}
	if c := s.spliced[name]; c != nil {
		if done, err := s.executeSpliced(w, c, name, data); done || err != nil {
			return err
		}
	}
	if err := t.ExecuteTemplate(s.guard(w), s.entry[name], data); err != nil {
		return s.execErr(err, name)
	}
	return nil
}

// executeSpliced runs the spliced copy c of page layout name into w, and
// reports whether it did. It writes nothing and reports false when a
// stand-in was escaped (Splicer.Whole) or the execution failed other than
// by the deadline or a stop: the layout itself then runs, with its own
// messages.
func (s *Set) executeSpliced(w io.Writer, c *template.Template, name string, data any) (bool, error) {
	b, direct := w.(*bytes.Buffer)
	if !direct {
		b = fragBuf.Get().(*bytes.Buffer)
		defer fragBuf.Put(b)
		b.Reset()
	}
	start := b.Len()
	err := c.ExecuteTemplate(s.guard(b), s.entry[name], data)
	if err != nil || !s.splicer.Whole(b.Bytes()[start:]) {
		b.Truncate(start)
		if err != nil && (errors.Is(err, ErrDeadline) || s.ctx.Err() != nil) {
			return false, s.execErr(err, name)
		}
		return false, nil
	}
	if !direct {
		if _, err := w.Write(b.Bytes()); err != nil {
			return false, err
		}
	}
	return true, nil
}

// execErr is a template error, or the deadline or stop that ended the
// execution of name.
func (s *Set) execErr(err error, name string) error {
	if errors.Is(err, ErrDeadline) {
		file := s.origin[name]
		if file == "" {
			file = "layouts/" + name
		}
		return diag.Errorf(file, 0, "", "template: still running after %s: does a layout or partial call itself without end?", s.limit)
	}
	if ctxErr := s.ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
		return ctxErr
	}
	var inner *diag.Diagnostic
	if errors.As(err, &inner) {
		return inner // from a cached partial: its file and line, not the caller's
	}
	return s.templateErr(err)
}

// guard wraps w so that writes fail once the page deadline has passed
// (checked every clockEvery writes) or the build was stopped: template
// execution ends there.
func (s *Set) guard(w io.Writer) io.Writer {
	return &guarded{w: w, ctx: s.ctx, deadline: time.Now().Add(s.limit)}
}

type guarded struct {
	w        io.Writer
	ctx      context.Context
	deadline time.Time
	writes   int
}

// clockEvery is how many writes pass between two readings of the clock: a
// page makes thousands of small writes, and reading the clock for each
// cost 1 % of a build's CPU; a runaway layout writes without end, so it
// still stops within clockEvery writes of its deadline. The first write
// reads it too.
const clockEvery = 16

func (g *guarded) Write(p []byte) (int, error) {
	if err := g.ctx.Err(); err != nil {
		return 0, err
	}
	if g.writes++; g.writes%clockEvery == 1 && time.Now().After(g.deadline) {
		return 0, ErrDeadline
	}
	return g.w.Write(p)
}

// Partial runs a shared fragment once per build and returns its HTML; the
// ticker and menus are the same on every page, so they render once.
func (s *Set) Partial(name string) (template.HTML, error) { return s.partial(name, nil) }

// partial renders name for a page (chain empty) or for the cached partials
// in chain, which are being rendered by this goroutine and call it. A
// partial already in the chain includes itself: an error, not a wait for
// ever. Two goroutines asking for the same partial at once may both render
// it (the first result is kept): nothing waits on another goroutine, so no
// pair of partials that call each other can deadlock.
func (s *Set) partial(name string, chain []string) (template.HTML, error) {
	if v, ok := s.cache.Load(name); ok {
		c := v.(*cached)
		return c.html, c.err
	}
	if i := slices.Index(chain, name); i >= 0 {
		loop := append(slices.Clone(chain[i:]), name)
		return "", fmt.Errorf("cached partial %q includes itself (%s): a cached partial is the same on every page and cannot contain itself", name, strings.Join(loop, " → "))
	}
	if s.shared.Lookup(name) == nil {
		return "", fmt.Errorf("partial %q not found", name)
	}
	t, err := s.shared.Clone()
	if err != nil {
		return "", err
	}
	inner := append(slices.Clone(chain), name)
	t.Funcs(template.FuncMap{"cached": func(n string) (template.HTML, error) { return s.partial(n, inner) }})
	var b bytes.Buffer
	c := &cached{}
	if err := t.ExecuteTemplate(s.guard(&b), name, s.data); err != nil {
		c.err = s.execErr(err, name)
		if len(chain) > 0 {
			return "", c.err // the outer partial reports it at its own line; not kept
		}
	} else {
		c.html = template.HTML(b.String()) // output of an html/template: already escaped
		c.stand = s.standIn(c.html, text(c.html))
	}
	v, _ := s.cache.LoadOrStore(name, c)
	c = v.(*cached)
	return c.html, c.err
}

// Source renders a fragment anew: the same bytes as the first time (see
// Splicer.Stand). An alias, so a Splicer need not import this package.
type Source = interface{ Render() string }

// text renders HTML at hand: a cached partial's, for the Splicer.
type text template.HTML

func (t text) Render() string { return string(t) }

// fragSource renders a fragment anew, for the Splicer (see Set.source).
type fragSource struct {
	s    *Set
	name string
	ctx  any
}

// Render renders the fragment again: the same bytes as the first time.
func (f *fragSource) Render() string {
	h, _ := f.s.execFragment(f.name, f.ctx)
	return string(h)
}

// sourceBlock is how many fragSources Set.source makes at once.
const sourceBlock = 256

// source returns the fragSource of partial name for ctx, taken from a
// block of them: the Splicer keeps one for every fragment until the build
// ends, and made one by one (a closure each) they were small objects
// scattered among the render's garbage, each keeping its span from being
// freed (see publish.Fragments.hold).
func (s *Set) source(name string, ctx any) *fragSource {
	s.sourcesMu.Lock()
	defer s.sourcesMu.Unlock()
	if len(s.sources) == cap(s.sources) {
		s.sources = make([]fragSource, 0, sourceBlock)
	}
	// Within its capacity the block never moves: the pointer stays good.
	s.sources = append(s.sources, fragSource{s: s, name: name, ctx: ctx})
	return &s.sources[len(s.sources)-1]
}

// fragKey is a fragment: a partial and the page (or term) it shows.
type fragKey struct {
	name string
	ctx  any // a pointer
}

// fragShards is the number of locks the fragments are spread over, so
// the workers rarely wait for each other.
const fragShards = 16

// fragShard holds some of a build's fragments. A plain map under a lock:
// a build keeps a fragment or two for every page, and a sync.Map entry
// costs several times the few hundred bytes of the fragment itself.
type fragShard struct {
	mu sync.RWMutex
	m  map[fragKey]cached
}

// Fragment returns the HTML of the partial name executed with ctx,
// rendered once per build for each ctx that is a pointer (a page, a term)
// and reused as trusted HTML wherever it appears: a page's card is the
// same on every list that shows it. Any other ctx is rendered each time.
// A fragment must show only what ctx and the site hold (not the page it
// appears on), and cannot call fragment itself.
func (s *Set) Fragment(name string, ctx any) (template.HTML, error) {
	c := s.fragment(name, ctx)
	if c.html == "" && c.stand != "" {
		return s.execFragment(name, ctx) // kept as its stand-in only
	}
	return c.html, c.err
}

// standCached is the cached function for a direct call in a spliced
// layout: the partial's stand-in when it has one.
func (s *Set) standCached(name string) (template.HTML, error) {
	h, err := s.partial(name, nil)
	if err == nil {
		if v, ok := s.cache.Load(name); ok && v.(*cached).stand != "" {
			return v.(*cached).stand, nil
		}
	}
	return h, err
}

// standIn returns the Splicer's stand-in for h, or "".
func (s *Set) standIn(h template.HTML, again Source) template.HTML {
	if s.splicer == nil || h == "" {
		return ""
	}
	stand, _ := s.splicer.Stand(string(h), again)
	return template.HTML(stand) // from the Splicer, for this build's pages only
}

// stand is Fragment for a direct call in a spliced layout: the
// fragment's stand-in when it has one.
func (s *Set) stand(name string, ctx any) (template.HTML, error) {
	c := s.fragment(name, ctx)
	if c.stand != "" {
		return c.stand, nil
	}
	return c.html, c.err
}

// fragment renders name with ctx, or returns its rendering from earlier
// in the build; with a Splicer, with its stand-in.
func (s *Set) fragment(name string, ctx any) cached {
	v := reflect.ValueOf(ctx)
	if ctx == nil || v.Kind() != reflect.Pointer {
		h, err := s.execFragment(name, ctx)
		return cached{html: h, err: err}
	}
	k := fragKey{name, ctx}
	sh := &s.frags[(v.Pointer()>>4)%fragShards]
	sh.mu.RLock()
	c, ok := sh.m[k]
	sh.mu.RUnlock()
	if ok {
		return c
	}
	// Two goroutines may both render one fragment; the first is kept.
	h, err := s.execFragment(name, ctx)
	c = cached{html: h, err: err}
	kept := c
	if err == nil {
		c.stand = s.standIn(h, s.source(name, ctx))
		if c.stand != "" {
			// Pages show its stand-in: the build keeps the fragment
			// minified (in the Splicer), not as rendered too.
			kept = cached{stand: c.stand}
		}
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if c, ok := sh.m[k]; ok {
		return c
	}
	if sh.m == nil {
		sh.m = map[fragKey]cached{}
	}
	sh.m[k] = kept
	return c
}

func (s *Set) execFragment(name string, ctx any) (template.HTML, error) {
	if s.frag.Lookup(name) == nil {
		return "", fmt.Errorf("partial %q not found", name)
	}
	b := fragBuf.Get().(*bytes.Buffer)
	defer fragBuf.Put(b)
	b.Reset()
	if err := s.frag.ExecuteTemplate(s.guard(b), name, ctx); err != nil {
		return "", s.execErr(err, name)
	}
	// Copied at its size: a fragment is kept for the whole build, and a
	// grown builder's string would keep its spare room (a third more on
	// average) with it.
	return template.HTML(b.String()), nil // output of an html/template: already escaped
}

// fragBuf holds the buffers fragments are written into before they are
// copied out at their size.
var fragBuf = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// unclosedMsg reports whether a parse error of text/template is one an
// action left without its "}}" leads to.
func unclosedMsg(msg string) bool {
	return strings.Contains(msg, "in operand") || strings.Contains(msg, "unclosed action") ||
		strings.Contains(msg, "unexpected EOF")
}

// unclosedAction returns the 1-based line of the first "{{" of src that is
// not closed by a "}}" before the next "{{" (or the end), 0 when every
// action is closed. Quotes inside actions are not parsed: a "{{" inside a
// string of an action is rare enough in layouts.
func unclosedAction(src string) int {
	for i := 0; ; {
		open := strings.Index(src[i:], "{{")
		if open < 0 {
			return 0
		}
		open += i
		rest := src[open+2:]
		end, next := strings.Index(rest, "}}"), strings.Index(rest, "{{")
		if end < 0 || (next >= 0 && next < end) {
			return strings.Count(src[:open], "\n") + 1
		}
		i = open + 2 + end + 2
	}
}

// tmplErr matches text/template's "template: NAME:LINE:COL: msg" and
// html/template's "html/template:NAME:LINE:COL: msg" (a missing partial).
var tmplErr = regexp.MustCompile(`^(?:html/)?template: ?([^:]+):(\d+)(?::\d+)?: (.*)$`)

// templateErr turns a template error into a diagnostic at its file:line.
func (s *Set) templateErr(err error) *diag.Diagnostic {
	msg := err.Error()
	if m := tmplErr.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		file := s.origin[m[1]]
		if file == "" {
			file = "layouts/" + m[1]
		}
		if src, ok := s.src[m[1]]; ok && unclosedMsg(m[3]) {
			// The parser stumbles where the next action begins, lines
			// after the {{ that lacks its }}.
			if at := unclosedAction(string(src)); at > 0 && at <= line {
				return diag.Errorf(file, at, "", "template: the action opened with {{ on this line is not closed: end it with }}")
			}
		}
		if d := plainTemplateErr(file, line, m[3]); d != nil {
			return d
		}
		return diag.Errorf(file, line, "", "template: %s", m[3])
	}
	return diag.Errorf("layouts", 0, "", "template: %s", strings.TrimPrefix(msg, "template: "))
}

// The template errors said in plain words (plainTemplateErr): text/template's
// own, after "executing "NAME" at <ACTION>: " where it runs.
var (
	noField    = regexp.MustCompile(`^executing "[^"]*" at <([^>]*)>: can't evaluate field (\w+) in type (\S+)$`)
	nilPointer = regexp.MustCompile(`^executing "[^"]*" at <([^>]*)>: nil pointer evaluating (\S+)$`)
	noRange    = regexp.MustCompile(`^executing "[^"]*" at <([^>]*)>: range can't iterate over `)
	argCount   = regexp.MustCompile(`^executing "[^"]*" at <([^>]*)>: wrong number of args for (\w+): want (\d+) got (\d+)$`)
	noFunc     = regexp.MustCompile(`^function "([^"]+)" not defined$`)
	noTemplate = regexp.MustCompile(`^(?:executing "[^"]*" at <[^>]*>: )?(?:no such template|template: no template) "([^"]+)"`)
)

// plainTemplateErr says the common template errors in words a layout's
// author acts on, at file:line; nil for any other message.
func plainTemplateErr(file string, line int, msg string) *diag.Diagnostic {
	if m := noField.FindStringSubmatch(msg); m != nil {
		return diag.Errorf(file, line, "", "template: {{ %s }}: %s has no field or method %s: check its spelling against the README's \"Layouts\"", m[1], m[3], m[2])
	}
	if m := nilPointer.FindStringSubmatch(msg); m != nil {
		typ, field := m[2], ""
		if i := strings.LastIndexByte(typ, '.'); i > 0 {
			typ, field = typ[:i], typ[i+1:]
		}
		return diag.Errorf(file, line, "", "template: {{ %s }}: nothing there for this page (no %s to read %s from): guard it with {{ with ... }}", m[1], typ, field)
	}
	if m := noRange.FindStringSubmatch(msg); m != nil {
		return diag.Errorf(file, line, "", "template: {{ range %s }}: not a list, so range cannot go through it", m[1])
	}
	if m := argCount.FindStringSubmatch(msg); m != nil {
		return diag.Errorf(file, line, "", "template: {{ %s }}: %s takes %s arguments, given %s", m[1], m[2], m[3], m[4])
	}
	if m := noFunc.FindStringSubmatch(msg); m != nil {
		return diag.Errorf(file, line, "", "template: no function %q: check its spelling against the README's \"Layouts\"", m[1])
	}
	if m := noTemplate.FindStringSubmatch(msg); m != nil {
		return diag.Errorf(file, line, "", "template: no layout or partial %q: its file would be layouts/%s", m[1], m[1])
	}
	return nil
}
