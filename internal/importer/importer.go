// Package importer moves a blog from Blogger, WordPress, Jekyll or Hugo into
// a warta site, losing nothing without a word.
//
// Run reads one source (Options.Kind):
//
//   - blogger: the legacy "Back up content" Atom export (entries whose
//     kind is post, page, comment, settings or template) or the Takeout
//     feed.atom (blogger:type POST, PAGE, COMMENT; blogger:status LIVE,
//     DRAFT, SCHEDULED, DELETED);
//   - wordpress: a WXR 1.0–1.2 export (post types post, page, attachment,
//     nav_menu_item, wp_global_styles, …; statuses publish, future, draft,
//     pending, private, trash);
//   - jekyll: a site folder (_posts/, _drafts/, pages with front matter,
//     _config.yml for timezone and permalink);
//   - hugo: a site folder (content/, hugo.toml|yaml|json or config.*).
//
// and writes, under Options.Into, one page bundle per post at
// content/berita/<slug>/index.md and per page at content/<slug>/index.md,
// with warta's canonical YAML front matter (title, date with its offset,
// publishDate for scheduled items, draft, author, summary, categories,
// tags, image, aliases). The old URLs become aliases: Blogger
// /yyyy/mm/slug.html (the mobile ?m=1 form is the same file on a static
// host), WordPress /yyyy/mm/dd/slug/ (the ?p=ID form cannot be a file and
// is listed in the report for a server rewrite), Jekyll's permalink
// pattern, Hugo's url and aliases. HTML bodies become Markdown through
// github.com/JohannesKaufmann/html-to-markdown/v2 (the converter Hugo
// uses); embeds that warta's sanitizer allows stay raw HTML, others become
// links. Liquid, kramdown and Hugo shortcode syntax is converted or removed.
//
// Run never overwrites a file: a file that exists with the same bytes is
// left alone (so a second run changes nothing), and a post whose folder
// holds another page moves to the next free slug (slug-2, …). The report
// (IMPORT.md in the site and a summary) counts every entry of the source
// by what became of it and lists every guess and every skipped item with
// its reason.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/source"
)

// Kinds are the sources Run reads.
var Kinds = []string{"blogger", "wordpress", "jekyll", "hugo"}

// Options configure one import.
type Options struct {
	Kind   string // one of Kinds
	Source string // the export file (blogger, wordpress) or site folder (jekyll, hugo)
	Into   string // the warta site folder written to; created when missing
	// DownloadImages fetches remote images into the page bundles and
	// rewrites their links; without it they stay remote and are listed.
	DownloadImages bool
	Client         *http.Client // for downloads; nil means a client with a 60 s timeout
	Lang           string       // language of the report: "id" or English
}

// Result is what one import did.
type Result struct {
	Counts  []Count // entries of the source by what became of them, in report order
	Written []string
	Same    []string // files that already held the same bytes
	Notes   diag.List
	Report  string // the report's file name in the site, e.g. IMPORT.md
	Summary string // the report's counts, for a terminal
}

// Count is how many entries of one kind met one fate.
type Count struct {
	What string // "posts imported", "comments (not imported)", …
	N    int
}

// post is one item of any source on its way to a page bundle.
type post struct {
	src    string // source file the entry came from (display path)
	line   int    // line of the entry in src, 0 if unknown
	id     string // the source's id, for messages and ?p= links
	page   bool   // a plain page (content/<slug>/) rather than news
	title  string
	slug   string // wanted slug, before dedupe
	date   time.Time
	update time.Time
	draft  bool
	sched  bool // published in the future at export time
	author string
	sum    string
	cats   []string
	tags   []string
	cover  string // URL or site-absolute path or source-relative file
	body   string
	html   bool     // body is HTML, else Markdown
	old    []string // old URLs: site paths
	query  []string // old URLs with a query (?p=12): listed, not written
	// localRoot is the folder site-absolute paths of local files (images)
	// resolve against (Jekyll and Hugo sources); "" for exports.
	localRoot string
	// fileDir is the folder the source file lives in, for relative links.
	fileDir string
	host    string // the blog's own host: absolute links to it become site paths
	// bundle files of a Hugo page bundle: name in the bundle → file on disk.
	bundle map[string]string
}

// entryNote is an entry of the source that did not become a page, or a
// remark about one that did.
type tally struct {
	title   string // the old site's title, for a new warta.yaml
	baseURL string // the old site's base path (Jekyll's baseurl), stripped from links
	counts  map[string]int
	notes   diag.List
}

func (t *tally) add(what string, n int) {
	if t.counts == nil {
		t.counts = map[string]int{}
	}
	t.counts[what] += n
}

// skip records an entry left out and why.
func (t *tally) skip(file string, line int, what, format string, args ...any) {
	t.add(what, 1)
	t.notes.Add(diag.Warnf(file, line, "", format, args...))
}

// note records a guess or a conversion.
func (t *tally) note(file string, line int, field, format string, args ...any) {
	t.notes.Add(diag.Warnf(file, line, field, format, args...))
}

// countOrder is the order of the report's counts; others follow sorted.
var countOrder = []string{
	"posts imported", "drafts imported", "scheduled posts imported", "pages imported",
	"comments (not imported)",
}

// Run imports o.Source into o.Into. It returns the result with every
// note even when it fails; the error names the file and line it could not
// read. Files are only ever added, never replaced.
func Run(ctx context.Context, o Options) (*Result, error) {
	if !slices.Contains(Kinds, o.Kind) {
		return nil, fmt.Errorf("unknown source %q: use one of %s", o.Kind, strings.Join(Kinds, ", "))
	}
	if o.Into == "" {
		o.Into = "."
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: 60 * time.Second}
	}
	st, err := os.Stat(o.Source)
	if err != nil {
		return nil, diag.Errorf(o.Source, 0, "", "cannot read the source: %v", err)
	}
	wantDir := o.Kind == "jekyll" || o.Kind == "hugo"
	if st.IsDir() != wantDir {
		if wantDir {
			return nil, diag.Errorf(o.Source, 0, "", "a %s source is the site folder, not a file", o.Kind)
		}
		return nil, diag.Errorf(o.Source, 0, "", "a %s source is the export file (.xml or .atom), not a folder", o.Kind)
	}
	if abs, err := filepath.Abs(o.Into); err == nil {
		if src, err := filepath.Abs(o.Source); err == nil && (abs == src || strings.HasPrefix(abs, src+string(filepath.Separator))) && wantDir {
			return nil, diag.Errorf(o.Into, 0, "", "the warta site must be outside the %s folder it is imported from", o.Kind)
		}
	}
	var t tally
	var posts []*post
	switch o.Kind {
	case "blogger":
		posts, err = readBlogger(o.Source, &t)
	case "wordpress":
		posts, err = readWordPress(o.Source, &t)
	case "jekyll":
		posts, err = readJekyll(o.Source, &t)
	case "hugo":
		posts, err = readHugo(o.Source, &t)
	}
	if err != nil {
		return &Result{Notes: t.notes}, err
	}
	w, err := newWriter(ctx, o, &t)
	if err != nil {
		return &Result{Notes: t.notes}, err
	}
	w.siteTitle, w.baseURLPath = t.title, t.baseURL
	if err := w.writeAll(posts); err != nil {
		return w.result(), err
	}
	return w.result(), nil
}

// errStopped is returned when the context ends an import half-way; the
// files written so far are whole.
var errStopped = errors.New("import stopped; the pages written so far are complete, run it again to finish")

// readConfig reads the configuration file name (slash path) of the source
// site folder dir under the rules its content is read by (source.ReadFileIn):
// no link out of the site followed, no pipe or device opened. A missing
// file is nil, nil; anything else unreadable is an error naming it.
func readConfig(dir, name string) ([]byte, error) {
	data, err := source.ReadFileIn(dir, filepath.Join(dir, filepath.FromSlash(name)))
	var le *source.LinkError
	switch {
	case err == nil:
		return data, nil
	case errors.Is(err, fs.ErrNotExist) && !errors.As(err, &le):
		return nil, nil
	}
	return nil, errorf(name, 0, "cannot read the configuration: %v", err)
}
