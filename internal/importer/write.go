package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"go.yaml.in/yaml/v3"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/ownfile"
	"github.com/warta-portal/warta/internal/slug"
	"github.com/warta-portal/warta/internal/source"
)

// writer turns posts into page bundles under the site folder.
type writer struct {
	ctx  context.Context
	o    Options
	t    *tally
	conv *converter.Converter
	site string

	cfg         config.Config
	hasConfig   bool
	baseURLPath string            // Jekyll's baseurl, stripped from site-absolute links
	newPath     map[string]string // source key (Jekyll post file name) → new URL path

	claimed    map[string]bool // content-relative bundle folders chosen in this run
	rawHTML    []string        // titles of pages that keep embeds as HTML
	remote     []remoteImage
	missing    []missingImage
	downloaded int
	altGuessed int // covers whose alt text is the title
	siteTitle  string
	report     string
	written    []string
	same       []string
	rows       []row
	queries    []queryRow
}

// row is one page written (or found written) for the report.
type row struct {
	id    string
	src   string
	line  int
	title string
	state string
	file  string
	url   string
	old   []string
}

type queryRow struct{ old, to string }

// frontMatter is warta's canonical front matter, in the order written.
type frontMatter struct {
	Title       string   `yaml:"title"`
	Date        string   `yaml:"date,omitempty"`
	PublishDate string   `yaml:"publishDate,omitempty"`
	Lastmod     string   `yaml:"lastmod,omitempty"`
	Draft       bool     `yaml:"draft,omitempty"`
	Author      string   `yaml:"author,omitempty"`
	Summary     string   `yaml:"summary,omitempty"`
	Categories  []string `yaml:"categories,omitempty"`
	Tags        []string `yaml:"tags,omitempty"`
	Image       *cover   `yaml:"image,omitempty"`
	Aliases     []string `yaml:"aliases,omitempty"`
}

type cover struct {
	Src string `yaml:"src"`
	Alt string `yaml:"alt"`
}

// reservedTop are first path segments a page must not take: sections and
// the lists warta writes (README, "URLs").
var reservedTop = []string{"berita", "inovasi", "opd", "tag", "kategori", "arsip", "halaman", "feed.xml", "sitemap.xml", "robots.txt", "404.html", "index.html", "static", "assets"}

func newWriter(ctx context.Context, o Options, t *tally) (*writer, error) {
	w := &writer{ctx: ctx, o: o, t: t, conv: newConverter(), site: o.Into, claimed: map[string]bool{}, newPath: map[string]string{}}
	if st, err := os.Stat(o.Into); err == nil && !st.IsDir() {
		return nil, errorf(o.Into, 0, "--into must be a folder, not a file")
	}
	if _, err := os.Stat(filepath.Join(o.Into, "warta.yaml")); err == nil {
		cfg, err := config.Load(os.DirFS(o.Into))
		if err != nil {
			return nil, err
		}
		w.cfg, w.hasConfig = cfg, true
	} else {
		w.cfg = config.Default()
	}
	return w, nil
}

// writeAll chooses every post's folder first (so links between posts can
// be rewritten), then converts and writes them one by one.
func (w *writer) writeAll(posts []*post) error {
	type job struct {
		p  *post
		fm frontMatter
		b  *bundle
	}
	jobs := make([]job, 0, len(posts))
	for _, p := range posts {
		fm := w.frontMatter(p)
		b, err := w.place(p, fm)
		if err != nil {
			return err
		}
		jobs = append(jobs, job{p, fm, b})
	}
	for _, j := range jobs {
		if err := w.ctx.Err(); err != nil {
			return errStopped
		}
		if err := w.writePost(j.p, j.fm, j.b); err != nil {
			return err
		}
	}
	return w.finish(posts)
}

// frontMatter fills warta's keys from p and notes every guess.
func (w *writer) frontMatter(p *post) frontMatter {
	if strings.TrimSpace(p.title) == "" {
		guess := firstWords(plainText(p), 8)
		switch {
		case guess != "":
			p.title = guess
		case !p.date.IsZero():
			p.title = "Tanpa judul " + p.date.Format("2006-01-02")
		default:
			p.title = "Tanpa judul"
		}
		w.t.note(p.src, p.line, "title", "no title: used %q (write the real title)", p.title)
	}
	p.title = strings.Join(strings.Fields(p.title), " ")
	if p.date.IsZero() && !p.page {
		if !p.update.IsZero() {
			p.date = p.update
			w.t.note(p.src, p.line, "date", "%q has no publication date: used its last update, %s", p.title, p.update.Format(time.RFC3339))
		} else {
			p.page = true
			w.t.note(p.src, p.line, "date", "%q has no date at all: imported as a plain page, not news (add a date and move it to content/berita/ to make it news)", p.title)
		}
	}
	fm := frontMatter{Title: p.title, Draft: p.draft, Author: p.author, Summary: oneLine(p.sum, 600), Categories: dedupe(p.cats), Tags: dedupe(p.tags)}
	if !p.date.IsZero() {
		fm.Date = p.date.Format(time.RFC3339)
		if p.sched {
			fm.PublishDate = fm.Date
		}
		if !p.update.IsZero() && p.update.After(p.date.Add(time.Minute)) {
			fm.Lastmod = p.update.In(p.date.Location()).Format(time.RFC3339)
		}
	}
	return fm
}

// place chooses the post's bundle folder: the wanted slug, or slug-2, …
// when the folder holds another page. A folder holding this very post
// from an earlier run (same title and date) is reused without writing.
func (w *writer) place(p *post, fm frontMatter) (*bundle, error) {
	base := slug.Make(p.slug)
	if base == "" {
		base = slug.Make(p.title)
	}
	if base == "" {
		base = "tanpa-judul"
	}
	base = shorten(base, 80)
	section := "berita"
	if p.page {
		section = ""
		if slices.Contains(reservedTop, base) || w.cfg.Taxonomies != nil && slices.Contains(mapValues(w.cfg.Taxonomies), base) {
			base += "-halaman"
		}
	} else if base == "halaman" {
		base = "halaman-berita"
	}
	if base != slug.Make(p.slug) && p.slug != "" {
		w.t.note(p.src, p.line, "slug", "%q: the old slug %q became %q", p.title, p.slug, base)
	}
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		rel := path.Join("content", section, name)
		if w.claimed[rel] {
			continue
		}
		dir := filepath.Join(w.site, filepath.FromSlash(rel))
		ours, taken, err := w.holds(dir, fm)
		if err != nil {
			return nil, err
		}
		if taken && !ours {
			continue
		}
		w.claimed[rel] = true
		if i > 1 {
			w.t.note(p.src, p.line, "slug", "%q: slug %q is taken; written as %q", p.title, base, name)
		}
		url := "/" + name + "/"
		if section != "" {
			url = "/" + section + "/" + name + "/"
		}
		if p.id != "" {
			w.newPath[p.id] = url
		}
		return &bundle{dir: dir, existing: ours, files: map[string]resource{}, byRef: map[string]string{}}, nil
	}
}

// holds reports whether dir (or dir.md) is taken, and whether by this
// post from an earlier import.
func (w *writer) holds(dir string, fm frontMatter) (ours, taken bool, err error) {
	if _, err := os.Lstat(dir + ".md"); err == nil {
		return false, true, nil
	}
	st, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return false, false, nil
	}
	if err != nil {
		return false, true, err
	}
	if !st.IsDir() {
		return false, true, nil
	}
	data, err := readExisting(filepath.Join(dir, "index.md"))
	if err != nil {
		return false, true, nil
	}
	var old struct {
		Title string `yaml:"title"`
		Date  string `yaml:"date"`
	}
	if fmText, ok := frontMatterText(data); ok && yaml.Unmarshal(fmText, &old) == nil {
		return old.Title == fm.Title && old.Date == fm.Date, true, nil
	}
	return false, true, nil
}

func frontMatterText(data []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return nil, false
	}
	i := bytes.Index(rest, []byte("\n---\n"))
	if i < 0 {
		return nil, false
	}
	return rest[:i+1], true
}

// writePost converts the body, resolves images and writes the bundle.
func (w *writer) writePost(p *post, fm frontMatter, b *bundle) error {
	var body string
	var err error
	if p.html {
		body, err = w.htmlBody(p, b, p.body)
		if err != nil {
			return errorf(p.src, p.line, "%q: cannot read the HTML body: %v", p.title, err)
		}
	} else {
		body = w.markdownBody(p, b, p.body)
	}
	if p.cover != "" {
		src := w.image(p, b, p.cover)
		if src == p.cover && p.localRoot != "" && strings.HasPrefix(p.cover, "/") && !strings.HasPrefix(p.cover, "//") {
			w.t.note(p.src, p.line, "image", "%q: cover %s is not in the source folder; left out", p.title, p.cover)
		} else {
			fm.Image = &cover{Src: src, Alt: p.title}
			w.altGuessed++
		}
	}
	for name, src := range p.bundle {
		if _, ok := b.files[name]; !ok {
			b.files[name] = resource{from: src}
		}
	}
	for _, old := range p.old {
		if a := aliasPath(old); a != "" && !slices.Contains(fm.Aliases, a) && !w.isOwnURL(b, a) {
			fm.Aliases = append(fm.Aliases, a)
		}
	}
	rel, _ := filepath.Rel(w.site, b.dir)
	rel = filepath.ToSlash(rel)
	url := strings.TrimPrefix(rel, "content")
	url += "/"
	for _, q := range p.query {
		w.queries = append(w.queries, queryRow{q, url})
	}
	state := "post"
	switch {
	case p.page:
		state = "page"
	case p.draft:
		state = "draft"
	case p.sched:
		state = "scheduled"
	}
	w.t.add(map[string]string{"post": "posts imported", "page": "pages imported", "draft": "drafts imported", "scheduled": "scheduled posts imported"}[state], 1)
	if p.page && p.draft {
		state = "page, draft"
	}
	w.rows = append(w.rows, row{p.id, p.src, p.line, p.title, state, rel + "/index.md", url, fm.Aliases})

	var doc bytes.Buffer
	doc.WriteString("---\n")
	enc := yaml.NewEncoder(&doc)
	enc.SetIndent(2)
	if err := enc.Encode(fm); err != nil {
		return errorf(p.src, p.line, "%q: front matter: %v", p.title, err)
	}
	enc.Close()
	doc.WriteString("---\n\n")
	doc.WriteString(body)
	if b.existing {
		// Imported by an earlier run: index.md stays as it is; its files
		// are added only where missing.
		w.same = append(w.same, rel+"/index.md")
	} else if err := w.writeFile(filepath.Join(b.dir, "index.md"), doc.Bytes(), ""); err != nil {
		return err
	}
	names := make([]string, 0, len(b.files))
	for n := range b.files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		r := b.files[n]
		if err := w.writeFile(filepath.Join(b.dir, filepath.FromSlash(n)), r.data, r.from); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) isOwnURL(b *bundle, a string) bool {
	rel, _ := filepath.Rel(w.site, b.dir)
	return strings.TrimPrefix(filepath.ToSlash(rel), "content")+"/" == a
}

// aliasPath is an old URL as warta's aliases take it: a clean site path,
// or "" when it cannot be one.
func aliasPath(old string) string {
	old = strings.TrimSpace(old)
	if i := strings.IndexAny(old, "?#"); i >= 0 {
		old = old[:i]
	}
	if old == "" || old == "/" || strings.Contains(old, "\\") || !utf8.ValidString(old) {
		return ""
	}
	for _, seg := range strings.Split(old, "/") {
		if seg == ".." || seg == "." {
			return ""
		}
	}
	c := path.Clean("/" + old)
	if strings.HasSuffix(old, "/") && c != "/" {
		c += "/"
	}
	return c
}

// writeFile writes data (or a copy of from) to name unless name exists:
// with the same bytes it is counted as unchanged; with other bytes it is
// an error, as the import never replaces a file.
func (w *writer) writeFile(name string, data []byte, from string) error {
	rel, _ := filepath.Rel(w.site, name)
	rel = filepath.ToSlash(rel)
	if from != "" {
		read := os.ReadFile
		if w.o.Kind == "hugo" || w.o.Kind == "jekyll" {
			// A file of the source site: no links out of it, no FIFOs.
			read = func(name string) ([]byte, error) { return source.ReadFileIn(w.o.Source, name) }
		}
		b, err := read(from)
		if err != nil {
			return errorf(displayName(from), 0, "cannot read: %v", err)
		}
		data = b
	}
	if old, err := readExisting(name); err == nil {
		if bytes.Equal(old, data) {
			w.same = append(w.same, rel)
			return nil
		}
		return errorf(rel, 0, "exists with other content; the import never replaces a file (move it away or import into another folder)")
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return errorf(rel, 0, "cannot create the folder: %v", err)
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return errorf(rel, 0, "cannot write: %v", err)
	}
	_, err = io.Copy(f, bytes.NewReader(data))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return errorf(rel, 0, "cannot write: %v", err)
	}
	w.written = append(w.written, rel)
	return nil
}

func dedupe(l []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range l {
		s = strings.Join(strings.Fields(s), " ")
		k := slug.Make(s)
		if s == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// shorten cuts a slug at a hyphen to at most n bytes.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := s[:n]
	if i := strings.LastIndexByte(cut, '-'); i > n/2 {
		cut = cut[:i]
	}
	return strings.Trim(cut, "-")
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > max/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		return strings.Join(f[:n], " ") + "…"
	}
	return strings.Join(f, " ")
}

// plainText is the text of a post's body, for a title guess.
func plainText(p *post) string {
	if p.html {
		return stripTags(p.body)
	}
	return p.body
}

// displayName is a source file's name as the report shows it.
// An export is named by its base name, so the report is the same wherever
// the file lies.
func displayName(file string) string { return filepath.Base(file) }

// readExisting reads a file already in the site being imported into
// (ownfile.Read: no link followed, no pipe waited on, at most 1 GiB): the
// import compares it with what it would write.
func readExisting(name string) ([]byte, error) { return ownfile.Read(name, 1<<30) }
