// Package content is the site model: pages, sections, taxonomies, the news
// ticker, pagers, archives and related news. It is pure data: it receives
// parsed files and rendered Markdown and does no I/O.
package content

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/frontmatter"
	"github.com/warta-portal/warta/internal/indodate"
	"github.com/warta-portal/warta/internal/markdown"
	"github.com/warta-portal/warta/internal/slug"
)

// Kind is the content type of a page, given by its section.
type Kind string

const (
	KindNews       Kind = "berita"
	KindInnovation Kind = "inovasi"
	KindAgency     Kind = "opd"
	KindPage       Kind = "page"
)

// Page is one content file after loading.
type Page struct {
	File    string // site-relative path of the .md file: content/berita/x.md
	Bundle  string // site-relative folder of a page bundle, or ""
	Kind    Kind
	Section string // first folder under content/, or "" for top-level pages
	Key     string // file or bundle name: the agency key for opd pages
	Slug    string
	Path    string // URL path under the site root: /berita/<slug>/

	FrontMatter
	Date, Lastmod, PublishDate, ExpiryDate time.Time
	Initiated, Trial, Implemented          time.Time
	// PinUntil ends a pin (zero: pinned while Pin is set).
	PinUntil time.Time
	// Ralat are the page's corrections with their dates read, oldest first.
	Ralat []Ralat
	// Archived is set by Assemble on a page past its expiryDate that its
	// section keeps at its URL (sections.<name>.expired: archive).
	Archived bool

	Doc       *markdown.Doc // body facts; Doc.HTML is empty when loaded lazily
	Resources []string      // bundle files other than index.md, site-relative
	// Picture is the cover image (front-matter image) as published, set
	// by the build's images stage; nil without an image.
	Picture *Picture
	// BodyPictures are the bundle images the body shows, by their
	// destination as written in the Markdown ("foto.jpg"); set by the
	// build's images stage. Content writes each as a <picture>.
	BodyPictures map[string]*Picture
	// SourceHash is the hash of the file's bytes (set when a build cache
	// is used; zero otherwise).
	SourceHash [32]byte

	// Set when the site is assembled.
	AgencyPage  *Page
	Mentions    []*Page // news items that name this innovation
	Innovated   []*Page // innovations named by this news item
	RelatedNews []*Page
	Prev, Next  *Page // older and newer item of the same section
	Terms       map[string][]*Term
	AgencyNews  []*Page // for agency pages: their news, newest first
	AgencyInno  []*Page // for agency pages: their innovations

	fm        *frontmatter.Doc
	scheduled bool // set by Assemble: dated after the build's now

	loadContent func() ([]byte, error)
}

// Ralat is one correction of a page: when and what.
type Ralat struct {
	Date time.Time
	Text string
	// HasClock: the date was written with its time, which layouts then show.
	HasClock bool
}

// DateISO is the correction's date for <time datetime>, without a time
// when none was written (see Page.DateISO).
func (r Ralat) DateISO() string {
	if r.HasClock {
		return r.Date.Format(time.RFC3339)
	}
	return r.Date.Format(time.DateOnly)
}

// Modified is the page's last change for readers and feeds: the newest
// of lastmod and its corrections' dates.
func (p *Page) Modified() time.Time {
	m := p.Lastmod
	for _, r := range p.Ralat {
		if r.Date.After(m) {
			m = r.Date
		}
	}
	return m
}

// PinnedAt reports whether the page is pinned at time now.
func (p *Page) PinnedAt(now time.Time) bool {
	return p.Pin && (p.PinUntil.IsZero() || now.Before(p.PinUntil))
}

// Content is the rendered body. A body set by SetLazyHTML is read each
// time it is asked for and not kept, so pages whose output is kept never
// load it and a build does not hold every page's body until its end.
func (p *Page) Content() (template.HTML, error) {
	if p.loadContent == nil {
		if p.Doc == nil {
			return "", nil
		}
		return template.HTML(p.withPictures(p.Doc.HTML)), nil // sanitized or raw-HTML-free by the renderer
	}
	b, err := p.loadContent()
	if err != nil {
		return "", diag.Errorf(p.File, p.fm.BodyLine, "", "%v", err)
	}
	if len(b) == 0 {
		return "", nil
	}
	// b is the caller's alone (SetLazyHTML): the string is made of it,
	// not of a copy.
	return template.HTML(p.withPictures(unsafe.String(&b[0], len(b)))), nil // stored from the renderer's output
}

// ReleaseBody drops the Markdown source once it is rendered, so a build
// does not hold every file in memory; Body returns nil afterwards.
func (p *Page) ReleaseBody() { p.fm.Body = nil }

// Body is the Markdown body and the file line it starts on.
func (p *Page) Body() ([]byte, int) { return p.fm.Body, p.fm.BodyLine }

// SetLazyHTML sets the page's body facts (doc.HTML empty) and the function
// that makes the HTML each time a layout asks for it. The page itself
// does no I/O; whoever sets load (a build cache) does. Each call of load
// returns a slice that nothing else holds or changes afterwards: Content
// makes its string of those bytes without copying them.
func (p *Page) SetLazyHTML(doc *markdown.Doc, load func() ([]byte, error)) {
	p.Doc, p.loadContent = doc, load
}

// Clone returns a copy of a parsed page without anything Assemble adds
// (links to other pages, terms), so a parse can serve several builds.
func (p *Page) Clone() *Page {
	return &Page{
		File: p.File, Bundle: p.Bundle, Kind: p.Kind, Section: p.Section, Key: p.Key, Slug: p.Slug, Path: p.Path,
		FrontMatter: p.FrontMatter,
		Date:        p.Date, Lastmod: p.Lastmod, PublishDate: p.PublishDate, ExpiryDate: p.ExpiryDate,
		Initiated: p.Initiated, Trial: p.Trial, Implemented: p.Implemented,
		PinUntil: p.PinUntil, Ralat: p.Ralat,
		Doc: p.Doc, Resources: p.Resources, SourceHash: p.SourceHash,
		fm: p.fm, loadContent: p.loadContent,
	}
}

// WithBody returns a copy of p, an assembled page, carrying the body of
// next: the same file parsed again after an edit, its body rendered. It
// reports false, and returns nil, when the edit changed more than the body
// (the front matter, the bundle's files, the file itself): only a whole
// build can say what such an edit changes. The copy keeps p's links to
// other pages; p itself is not modified. The preview uses it to show an
// edited page at once, before the full rebuild (serve).
func (p *Page) WithBody(next *Page) (*Page, bool) {
	if next == nil || next.Doc == nil || next.File != p.File || !slices.Equal(next.Resources, p.Resources) ||
		!reflect.DeepEqual(next.FrontMatter, p.FrontMatter) {
		return nil, false
	}
	c := p.Clone()
	c.Archived, c.Picture, c.scheduled = p.Archived, p.Picture, p.scheduled
	c.AgencyPage, c.Mentions, c.Innovated, c.RelatedNews = p.AgencyPage, p.Mentions, p.Innovated, p.RelatedNews
	c.Prev, c.Next, c.Terms = p.Prev, p.Next, p.Terms
	c.AgencyNews, c.AgencyInno = p.AgencyNews, p.AgencyInno
	c.Doc, c.fm, c.loadContent, c.SourceHash = next.Doc, next.fm, nil, next.SourceHash
	return c, true
}

// Line is the line of the front-matter key path in the page's file.
func (p *Page) Line(key string) int { return p.fm.Line(key) }

// IsNews and friends make templates read well.
func (p *Page) IsNews() bool       { return p.Kind == KindNews }
func (p *Page) IsInnovation() bool { return p.Kind == KindInnovation }
func (p *Page) IsAgency() bool     { return p.Kind == KindAgency }

// InTicker reports whether the item may appear in the news ticker.
func (p *Page) InTicker() bool { return p.Kind == KindNews && (p.Ticker == nil || *p.Ticker) }

// IsDigital reports the innovation's kind.
func (p *Page) IsDigital() bool { return p.Digital != nil && *p.Digital }

// Lead is the summary, or the first paragraph when there is none.
func (p *Page) Lead() string {
	if p.Summary != "" {
		return p.Summary
	}
	if p.Description != "" {
		return p.Description
	}
	if p.Doc != nil {
		return p.Doc.Summary
	}
	return ""
}

// Source is what to read for a content file: its site-relative name, its
// bytes and, for bundles, the other files of its folder.
type Source struct {
	File      string
	Data      []byte
	Resources []string
	Hash      [32]byte // optional: the hash of Data
}

// Parse reads one content file: front matter, typed fields, dates. It does
// not render the body (see Render), so excluded pages cost little.
func Parse(cfg *config.Config, src Source) (*Page, diag.List) {
	d, errs := Decode(src)
	if d == nil {
		return nil, errs
	}
	p, more := FromDecoded(cfg, src, d)
	return p, append(errs, more...)
}

// Decoded is a content file's front matter, decoded: the costly part of
// parsing, which a build cache may keep between builds (it is gob-encodable).
type Decoded struct {
	FrontMatter FrontMatter
	State       frontmatter.State
	// gob drops a pointer to a zero value (digital: false would come back
	// as "not written"), so optional booleans travel as value and presence.
	Digital, HasDigital bool
	Ticker, HasTicker   bool
	// Broken lists the lines of a front matter that did not parse, blanked
	// so its other keys could be decoded and checked (frontmatter.Doc's
	// Broken): FromDecoded then says what else is wrong and makes no page.
	// Never kept in a cache (its file has errors).
	Broken []int
}

// Decode parses and decodes the front matter of src. The Decoded is nil
// when the front matter cannot be read at all.
func Decode(src Source) (*Decoded, diag.List) {
	var errs diag.List
	fm, err := frontmatter.Parse(src.File, src.Data)
	if err != nil {
		errs.Add(diag.All(err)...)
		if fm == nil || fm.Broken == nil {
			return nil, errs
		}
	}
	if fm.Format == "" && !isIndex(src.File) {
		// Every page but a section's _index.md needs a title: said once,
		// with what to write, rather than as a missing title and date.
		if len(bytes.TrimSpace(src.Data)) == 0 {
			errs.Add(diag.Errorf(src.File, 1, "", "the file is empty: start it with the front matter, a line ---, then title: and date: on lines of their own, then a line ---, and the text after it"))
		} else {
			errs.Add(diag.Errorf(src.File, fm.BodyLine, "", "the file has no front matter: start it with a line ---, then title: and date: on lines of their own, then a line ---, before the text"))
		}
		return nil, errs
	}
	d := &Decoded{}
	decoded := diag.All(fm.Decode(&d.FrontMatter))
	if d.Broken = fm.Broken; d.Broken != nil {
		decoded = notBroken(d.Broken, decoded)
	}
	errs.Add(decoded...)
	f := &d.FrontMatter
	if f.Published != nil {
		f.Draft = f.Draft || !*f.Published // Jekyll's published: false
		f.Published = nil
	}
	if strings.TrimSpace(f.Summary) == "" {
		f.Summary = cmp.Or(f.Excerpt, f.Description) // as Jekyll's excerpt and Hugo's description serve
	}
	d.State = fm.State(src.Data)
	compactStrings(reflect.ValueOf(f).Elem())
	if v := d.FrontMatter.Digital; v != nil {
		d.Digital, d.HasDigital = *v, true
	}
	if v := d.FrontMatter.Ticker; v != nil {
		d.Ticker, d.HasTicker = *v, true
	}
	return d, errs
}

// compactStrings moves the strings of v (a settable struct, through its
// structs and slices; maps are left as they are) into one new block of
// memory. The YAML parser makes each value its own small object, amid
// the parser's garbage of the same sizes: a page's front matter then held
// about twenty objects scattered over as many spans, which every
// collection of a large build marked again, and which kept those spans
// from being freed whole.
func compactStrings(v reflect.Value) {
	n := 0
	eachString(v, func(s reflect.Value) { n += s.Len() })
	if n == 0 {
		return
	}
	block := make([]byte, 0, n)
	eachString(v, func(s reflect.Value) {
		str := s.String()
		if str == "" {
			return
		}
		off := len(block)
		block = append(block, str...)
		// block never grows past n, so its bytes never move, and nothing
		// writes them again.
		s.SetString(unsafe.String(&block[off], len(str)))
	})
}

// eachString calls f with each settable string of v, as compactStrings
// walks them.
func eachString(v reflect.Value, f func(reflect.Value)) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			f(v)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			eachString(v.Field(i), f)
		}
	case reflect.Slice:
		for i := range v.Len() {
			eachString(v.Index(i), f)
		}
	}
}

// FromDecoded makes the page of src from its decoded front matter: its
// place in the site, its dates and the checks of its fields.
func FromDecoded(cfg *config.Config, src Source, d *Decoded) (*Page, diag.List) {
	if d.Broken != nil {
		// What else is wrong with the keys that parsed, in this run;
		// no page.
		_, errs := fromDecoded(cfg, src, d)
		return nil, notBroken(d.Broken, errs)
	}
	return fromDecoded(cfg, src, d)
}

// notBroken leaves out of errs what follows from lines blanked (broken):
// a diagnostic at one of them, and a key said to be missing (it may be
// one blanked).
func notBroken(broken []int, errs diag.List) diag.List {
	var kept diag.List
	for _, e := range errs {
		if slices.Contains(broken, e.Line) || strings.HasPrefix(e.Msg, "missing") {
			continue
		}
		kept = append(kept, e)
	}
	return kept
}

func fromDecoded(cfg *config.Config, src Source, d *Decoded) (*Page, diag.List) {
	var errs diag.List
	fm := frontmatter.Restore(src.File, src.Data, d.State)
	p := &Page{File: src.File, fm: fm, Resources: src.Resources, SourceHash: src.Hash, FrontMatter: d.FrontMatter}
	p.Digital, p.Ticker = nil, nil
	if d.HasDigital {
		v := d.Digital
		p.Digital = &v
	}
	if d.HasTicker {
		v := d.Ticker
		p.Ticker = &v
	}
	p.Aliases = slices.Clone(p.Aliases) // cleaned in place below; the Decoded may be shared
	p.placeInSite(src.File)

	// A draft is work in progress: what it still lacks is a warning until
	// it would be published.
	missing := diag.Errorf
	if p.Draft {
		missing = diag.Warnf
	}
	if strings.TrimSpace(p.Title) == "" && !isIndex(src.File) {
		errs.Add(missing(p.File, p.Line("title"), "title", "missing: every page needs a title (title: \"Judul\")"))
	}
	loc := cfg.Location
	date := func(field, s string, required bool) time.Time {
		if s == "" {
			if required {
				errs.Add(missing(p.File, p.Line(field), field, "missing: write the publication date, e.g. %s: 2020-11-11 10:30", field))
			}
			return time.Time{}
		}
		t, err := indodate.Parse(s, loc)
		if err != nil {
			errs.Add(diag.Errorf(p.File, p.Line(field), field, "cannot read %q (write %s)", strings.TrimSpace(s), indodate.Hint(s)))
		}
		return t
	}
	p.Date = date("date", p.FrontMatter.Date, p.Kind == KindNews && !isIndex(src.File))
	p.Lastmod = date("lastmod", p.FrontMatter.Lastmod, false)
	p.PublishDate = date("publishDate", p.FrontMatter.PublishDate, false)
	p.ExpiryDate = date("expiryDate", p.FrontMatter.ExpiryDate, false)
	if p.Lastmod.IsZero() {
		p.Lastmod = p.Date
	}
	p.PinUntil = date("pinUntil", p.FrontMatter.PinUntil, false)
	if !p.PinUntil.IsZero() && !p.Pin {
		errs.Add(diag.Warnf(p.File, p.Line("pinUntil"), "pinUntil", "has no effect without pin: true"))
	}
	for i, c := range p.Corrections {
		field := fmt.Sprintf("corrections.%d", i)
		r := Ralat{Text: strings.TrimSpace(c.Text), Date: date(field+".date", c.Date, true), HasClock: hasClock(c.Date)}
		if r.Text == "" {
			errs.Add(diag.Errorf(p.File, p.Line(field+".text"), field+".text", "missing: say what was corrected (text: \"...\")"))
		}
		if !r.Date.IsZero() && !p.Date.IsZero() && r.Date.Before(p.Date) {
			errs.Add(diag.Errorf(p.File, p.Line(field+".date"), field+".date", "%s is before the page's date %s: a correction comes after publication", c.Date, p.FrontMatter.Date))
		}
		p.Ralat = append(p.Ralat, r)
	}
	slices.SortStableFunc(p.Ralat, func(a, b Ralat) int { return a.Date.Compare(b.Date) })
	if p.Kind == KindInnovation {
		p.Initiated = date("dates.initiated", p.Dates.Initiated, false)
		p.Trial = date("dates.trial", p.Dates.Trial, false)
		p.Implemented = date("dates.implemented", p.Dates.Implemented, false)
	}
	if p.Image.Src != "" {
		switch {
		case strings.TrimSpace(p.Image.Alt) != "":
		case fm.Shorthand("image"):
			// "image: x.jpg", as archives from other generators hold it,
			// has no place for alt text: a warning (an error for check
			// --strict), not a reason to refuse the whole archive.
			errs.Add(diag.Warnf(p.File, p.Line("image"), "image", "no alt text: write image: {src: %q, alt: \"what the image shows\"}", p.Image.Src))
		default:
			errs.Add(missing(p.File, p.Line("image.src"), "image.alt", "missing: describe the image for readers who cannot see it (alt: \"...\")"))
		}
		p.Image.URL = p.resolve(p.Image.Src)
	}
	if cfg.Aliases.Permalinks {
		p.permalinkAliases(&errs)
	}
	for i, a := range p.Aliases {
		clean, ok := cleanAlias(a)
		if !ok {
			errs.Add(diag.Errorf(p.File, p.Line("aliases"), "aliases", "%q leaves the site: write a path such as /2020/11/judul.html", a))
			continue
		}
		p.Aliases[i] = clean
	}
	if s := strings.TrimSpace(p.FrontMatter.Slug); s == ".." || s == "." || strings.ContainsAny(s, "/\\") {
		errs.Add(diag.Errorf(p.File, p.Line("slug"), "slug", "%q leaves the site: a slug is one word or words joined by -, e.g. slug: judul-berita", p.FrontMatter.Slug))
	} else if p.FrontMatter.Slug != "" && slug.Make(p.FrontMatter.Slug) == "" {
		errs.Add(diag.Errorf(p.File, p.Line("slug"), "slug", "%q has no letters or digits: write e.g. slug: judul-berita", p.FrontMatter.Slug))
	}
	return p, errs
}

// jekyllPost is the name of a Jekyll post: YYYY-MM-DD-title.
var jekyllPost = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})-(.+)$`)

// permalinkAliases adds the page's old URLs to its aliases: its Jekyll
// permalink or Hugo url, and for a file named like a Jekyll post, the URL Jekyll gives
// it by default (permalink: date, /:categories/:year/:month/:day/:title.html,
// https://jekyllrb.com/docs/permalinks/), dated in the site's time zone.
func (p *Page) permalinkAliases(errs *diag.List) {
	for _, key := range []string{"permalink", "url"} {
		pl := strings.TrimSpace(p.Permalink)
		if key == "url" {
			pl = strings.TrimSpace(p.FrontMatter.URL)
		}
		switch {
		case pl == "":
		case strings.Contains(pl, ":"):
			errs.Add(diag.Warnf(p.File, p.Line(key), key, "%q is a pattern, not a URL: write the old address in aliases, e.g. aliases: [/2020/11/judul.html]", pl))
		default:
			p.Aliases = append(p.Aliases, pl)
		}
	}
	base := path.Base(p.File)
	name := strings.TrimSuffix(base, path.Ext(base))
	m := jekyllPost.FindStringSubmatch(name)
	if m == nil || p.Bundle != "" {
		return
	}
	title := m[4]
	if p.FrontMatter.Slug != "" {
		title = p.FrontMatter.Slug
	}
	date := m[1] + "/" + m[2] + "/" + m[3]
	if !p.Date.IsZero() {
		date = p.Date.Format("2006/01/02")
	}
	var cats []string
	for _, c := range p.Categories {
		if c = strings.ToLower(strings.TrimSpace(c)); c != "" && !slices.Contains(cats, c) {
			cats = append(cats, c)
		}
	}
	parts := append(cats, date, title+".html")
	p.Aliases = append(p.Aliases, "/"+strings.Join(parts, "/"))
}

// Render converts the body with md. Safe to call from several goroutines
// on different pages.
func (p *Page) Render(md *markdown.Renderer) error {
	doc, err := md.Render(p.fm.Body, p.fm.BodyLine)
	var limit *markdown.LimitError
	if errors.As(err, &limit) {
		return diag.Errorf(p.File, limit.Line, "", limit.Format, limit.Args...)
	}
	if err != nil {
		return diag.Errorf(p.File, p.fm.BodyLine, "", "markdown: %v", err)
	}
	p.Doc = doc
	return nil
}

// IsIndex reports a section's or the home's index file: _index.md (or
// _index.markdown, ...).
func IsIndex(file string) bool { return isIndex(file) }

func isIndex(file string) bool {
	base := path.Base(file)
	return strings.TrimSuffix(base, path.Ext(base)) == "_index"
}

// placeInSite sets kind, section, key, slug and URL path from the file name.
func (p *Page) placeInSite(file string) {
	rel := strings.TrimPrefix(file, "content/")
	dir, base := path.Split(rel)
	name := strings.TrimSuffix(base, path.Ext(base))
	if name == "index" && dir != "" {
		p.Bundle = "content/" + strings.TrimSuffix(dir, "/")
		dir, name = path.Split(strings.TrimSuffix(dir, "/"))
	}
	section, _, _ := strings.Cut(strings.TrimSuffix(dir, "/"), "/")
	p.Section = section
	p.Key = name
	switch Kind(section) {
	case KindNews, KindInnovation, KindAgency:
		p.Kind = Kind(section)
	default:
		p.Kind = KindPage
	}
	s := p.FrontMatter.Slug
	if s == "" || p.Kind == KindAgency {
		s = name
	}
	p.Slug = slug.Make(s)
	if p.Slug == "" {
		p.Slug = "halaman"
	}
	if section == "" {
		p.Path = "/" + p.Slug + "/"
	} else {
		p.Path = "/" + section + "/" + p.Slug + "/"
	}
}

// resolve makes a bundle-relative src a site path; site-absolute and
// external URLs are kept.
func (p *Page) resolve(src string) string {
	if strings.HasPrefix(src, "/") || strings.Contains(src, "://") {
		return src
	}
	return path.Join(p.Path, src)
}

// cleanAlias makes an alias a clean site path or reports that it would
// leave the destination.
func cleanAlias(a string) (string, bool) {
	a = strings.TrimSpace(a)
	if a == "" || strings.Contains(a, "://") || strings.Contains(a, "\\") {
		return "", false
	}
	for _, seg := range strings.Split(a, "/") {
		if seg == ".." {
			return "", false
		}
	}
	c := path.Clean("/" + a)
	// An old URL without an extension is a folder (/lama → /lama/index.html),
	// as static hosts serve it; a file named "lama" would be downloaded.
	if (strings.HasSuffix(a, "/") || path.Ext(c) == "") && c != "/" {
		c += "/"
	}
	return c, c != "/"
}

// Linked lists, group by group, the pages p links to once the site is
// assembled: its agency, the previous and next item, related news, the
// innovations it names and the news naming it, the agency's other
// innovations, and an agency's news and innovations. A group holds nil
// for a missing single link. Whatever shows p in full shows these pages
// as cards, so a cache signs them with p.
func (p *Page) Linked() [][]*Page {
	return [][]*Page{{p.AgencyPage}, {p.Prev}, {p.Next}, p.RelatedNews, p.Innovated, p.Mentions, p.SiblingInno(), p.AgencyInno, p.AgencyNews}
}

// SiblingInno lists, for an innovation, the other innovations of its
// agency in the agency page's order (AgencyInno); nil for other pages and
// when there are none. It is made on each call and not kept: a list per
// innovation of all its agency's others would grow with the square of an
// agency's innovations (20,000 innovations of 30 agencies: 250 MB).
func (p *Page) SiblingInno() []*Page {
	if p.Kind != KindInnovation || p.AgencyPage == nil {
		return nil
	}
	var out []*Page
	for _, o := range p.AgencyPage.AgencyInno {
		if o.File != p.File { // by file: a preview's copy of p (WithBody) is p too
			if out == nil {
				out = make([]*Page, 0, len(p.AgencyPage.AgencyInno)-1)
			}
			out = append(out, o)
		}
	}
	return out
}

// HasClock reports whether the front matter gave the publication time and
// not only the day ("2020-11-11" has none), so layouts show "10.30 WIB"
// only when it was written.
func (p *Page) HasClock() bool { return hasClock(p.FrontMatter.Date) }

// DateISO is the publication date for <time datetime>: with the time and
// offset when the front matter gave a time ("2020-11-11T10:30:00+07:00"),
// the day alone otherwise ("2020-11-11"), as HTML's valid date strings allow.
func (p *Page) DateISO() string {
	if p.Date.IsZero() {
		return ""
	}
	if p.HasClock() {
		return p.Date.Format(time.RFC3339)
	}
	return p.Date.Format(time.DateOnly)
}

func hasClock(s string) bool { return len(strings.TrimSpace(s)) > len(time.DateOnly) }

// CreditCode is the news credit code without the parentheses the layouts
// print around it: credit "(JP-Hms/Lee)" and "JP-Hms/Lee" are both
// "JP-Hms/Lee".
func (p *Page) CreditCode() string { return unwrapParens(p.Credit) }

// CreditText is the image credit without surrounding parentheses, which
// the layouts add: "(Foto: Humas)" → "Foto: Humas".
func (i Image) CreditText() string { return unwrapParens(i.Credit) }

// unwrapParens trims space and any pairs of parentheses that enclose all
// of s: "((JP-Hms/Lee))" → "JP-Hms/Lee"; "(a) dan (b)" is kept.
func unwrapParens(s string) string {
	s = strings.TrimSpace(s)
	for len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' {
		depth, whole := 0, true
		for i, r := range s {
			switch r {
			case '(':
				depth++
			case ')':
				depth--
			}
			if depth == 0 && i < len(s)-1 {
				whole = false
				break
			}
		}
		if !whole {
			break
		}
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// Scheduled reports whether the page is dated after the build's now: it is
// only published with --future (the preview shows it, marked).
func (p *Page) Scheduled() bool { return p.scheduled }
