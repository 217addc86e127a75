// Package config reads warta.yaml into the site's typed, validated,
// immutable configuration. The file is optional: without it the defaults
// serve (language id, time zone Asia/Jakarta, baseURL "/").
package config

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the site's zone must load on machines without tzdata

	"go.yaml.in/yaml/v3"
	"golang.org/x/net/idna"

	"github.com/warta-portal/warta/internal/diag"
)

// File is the name of the configuration file at the site root.
const File = "warta.yaml"

// Config is the site configuration, read and checked by LoadWith with the
// command line's overrides already applied; treat it as read-only.
type Config struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	BaseURL     string `yaml:"baseURL"`
	Language    string `yaml:"language"`
	TimeZone    string `yaml:"timezone"`
	Author      string `yaml:"author"`
	Copyright   string `yaml:"copyright"`
	// Publisher names the organisation in structured data and feeds.
	Publisher string `yaml:"publisher"`

	Paginate     int `yaml:"paginate"`
	TickerCount  int `yaml:"tickerCount"`
	RelatedCount int `yaml:"relatedCount"`
	FeedCount    int `yaml:"feedCount"`

	// Taxonomies maps a front-matter key to its URL segment:
	// tags → tag, categories → kategori.
	Taxonomies map[string]string `yaml:"taxonomies"`

	// RelativeURLs writes the site's own links relative to each page, with
	// index.html spelled out, so the built site works from file:// too.
	RelativeURLs bool `yaml:"relativeURLs"`

	Markdown Markdown `yaml:"markdown"`
	Aliases  Aliases  `yaml:"aliases"`
	Search   Search   `yaml:"search"`
	// Sections sets per-section rules, keyed by the section's folder name.
	Sections map[string]SectionRules `yaml:"sections"`
	Newsroom Newsroom                `yaml:"newsroom"`
	Feedback Feedback                `yaml:"feedback"`
	// EditURL is the pattern of a page's edit link in the preview, with
	// {file} standing for the content file's site-relative path, e.g.
	// https://github.com/org/portal/edit/main/{file}. Empty: no link.
	EditURL string         `yaml:"editURL"`
	Menu    []MenuEntry    `yaml:"menu"`
	Params  map[string]any `yaml:"params"`

	// Resolved by Validate.
	Location *time.Location `yaml:"-"`
	Base     *url.URL       `yaml:"-"`
}

// Markdown configures rendering of content bodies.
type Markdown struct {
	// RawHTML lets raw HTML in Markdown through a sanitizer allow-list;
	// without it, raw HTML is dropped.
	RawHTML bool `yaml:"rawHTML"`
}

// Search configures the search page /cari/ and its index.
type Search struct {
	// Disabled leaves out /cari/, its index and the header's search form,
	// for a portal searched by other means.
	Disabled bool `yaml:"disabled"`
}

// Aliases configures redirects from old URLs.
type Aliases struct {
	// BloggerLabels writes /search/label/<Label> redirects for every tag.
	BloggerLabels bool `yaml:"bloggerLabels"`
	// Permalinks makes a page's Jekyll `permalink` an alias, and, for a
	// file named like a Jekyll post (2019-05-12-judul.md), Jekyll's default
	// post URL /:categories/:year/:month/:day/:title.html too.
	Permalinks bool `yaml:"permalinks"`
}

// SectionRules are the rules of one section.
type SectionRules struct {
	// Expired says what happens to a page past its expiryDate: "hide"
	// leaves it out (Hugo's behaviour, its URL answers 404); "archive"
	// keeps it at its URL with a banner and lists it on the section's
	// archive page (/<section>/arsip/) instead of the current lists.
	Expired string `yaml:"expired"`
}

// Expiry policies of SectionRules.Expired.
const (
	ExpiredHide    = "hide"
	ExpiredArchive = "archive"
)

// Newsroom holds the editorial rules that warta check applies.
type Newsroom struct {
	// PinMaxDays: warta check warns about a pinned item older than this
	// many days (default 14).
	PinMaxDays int `yaml:"pinMaxDays"`
	// CorrectionAfterDays: a published news item whose body changed more
	// than this many days after its date needs a corrections entry
	// (default 2; 0 turns the check off).
	CorrectionAfterDays int `yaml:"correctionAfterDays"`
}

// Feedback is the "Tanggapan" box at the end of an article: where readers
// send a complaint or ask for information, in place of comments.
type Feedback struct {
	// Lapor is the office's SP4N-LAPOR! address; empty: the national one.
	Lapor string `yaml:"lapor"`
	// PPID is the information office's page or address; empty: /ppid/ when
	// the site has that page.
	PPID string `yaml:"ppid"`
	// Off hides the box.
	Off bool `yaml:"off"`
}

// ExpiredPolicy is the expiry rule of section name: the configured one,
// else "archive" for pengumuman and "hide" for every other section.
func (c *Config) ExpiredPolicy(name string) string {
	if r, ok := c.Sections[name]; ok && r.Expired != "" {
		return r.Expired
	}
	if name == "pengumuman" {
		return ExpiredArchive
	}
	return ExpiredHide
}

// MenuEntry is one link of the main menu.
type MenuEntry struct {
	Name   string `yaml:"name"`
	URL    string `yaml:"url"`
	Weight int    `yaml:"weight"`
}

// Default returns the configuration used when warta.yaml is absent.
func Default() Config {
	return Config{
		Title:        "Portal Berita",
		BaseURL:      "/",
		Language:     "id",
		TimeZone:     "Asia/Jakarta",
		Paginate:     10,
		TickerCount:  10,
		RelatedCount: 5,
		FeedCount:    20,
		Taxonomies:   map[string]string{"tags": "tag", "categories": "kategori"},
		Newsroom:     Newsroom{PinMaxDays: 14, CorrectionAfterDays: 2},
		Menu: []MenuEntry{
			{Name: "Beranda", URL: "/", Weight: 1},
			{Name: "Berita", URL: "/berita/", Weight: 2},
			{Name: "Inovasi", URL: "/inovasi/", Weight: 3},
			{Name: "Perangkat Daerah", URL: "/opd/", Weight: 4},
			{Name: "Arsip", URL: "/arsip/", Weight: 5},
			{Name: "Tentang", URL: "/tentang/", Weight: 6},
		},
	}
}

// Overrides are command-line settings applied over warta.yaml before the
// result is checked, so their errors read like the file's.
type Overrides struct {
	BaseURL      string // --baseURL: replaces baseURL when not empty
	RelativeURLs bool   // --relativeURLs: turns relativeURLs on
}

// Load reads warta.yaml from fsys (absent is fine) over the defaults and
// checks it; see LoadWith.
func Load(fsys fs.FS) (Config, error) { return LoadWith(fsys, Overrides{}) }

// LoadWith reads warta.yaml from fsys (absent is fine) over the defaults,
// applies o and checks the result. Every problem is a *diag.Diagnostic
// naming warta.yaml, the line and the key (or the flag, for a value given
// on the command line), all of them joined: unknown keys (so typos do not
// pass silently), values of the wrong kind, and values out of range. The
// Config returned is complete (Location and Base set); callers treat it as
// read-only.
func LoadWith(fsys fs.FS, o Overrides) (Config, error) {
	c := Default()
	data, err := fs.ReadFile(fsys, File)
	var lines map[string]int
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return c, diag.Errorf(File, 0, "", "cannot read: %v", err)
	default:
		var root yaml.Node
		if yaml.Unmarshal(data, &root) == nil {
			lines = map[string]int{}
			keyLines(&root, "", lines)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
			return c, yamlErr(err, lines)
		}
	}
	flag := false
	if o.BaseURL != "" {
		c.BaseURL, flag = o.BaseURL, true
	}
	if o.RelativeURLs {
		c.RelativeURLs = true
	}
	return c, c.check(lines, flag)
}

// keyAt is the dotted path of the key written at line (the deepest, when
// a line holds more than one, as in "newsroom: {pinMaxDays: x}"), or "".
func keyAt(lines map[string]int, line int) string {
	key := ""
	for k, l := range lines {
		if l == line && (len(k) > len(key) || len(k) == len(key) && k < key) {
			key = k
		}
	}
	return key
}

// keyLines records the line of every key under n by its dotted path.
func keyLines(n *yaml.Node, prefix string, lines map[string]int) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			keyLines(c, prefix, lines)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := prefix + n.Content[i].Value
			lines[k] = n.Content[i].Line
			keyLines(n.Content[i+1], k+".", lines)
		}
	}
}

var (
	lineRe    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownRe = regexp.MustCompile(`^field (\S+) not found in type`)
	typeRe    = regexp.MustCompile("^cannot unmarshal !!(\\w+) `(.*)` into (\\S+)$")
)

// yamlErr rewrites the YAML library's messages as diagnostics at their
// line of warta.yaml; lines (the line of each key, see keyLines) names
// the key of a value of the wrong kind, which the library does not.
func yamlErr(err error, lines map[string]int) error {
	msgs := []string{err.Error()}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	var out diag.List
	for _, m := range msgs {
		line, msg := 0, strings.TrimPrefix(m, "yaml: ")
		if g := lineRe.FindStringSubmatch(m); g != nil {
			line, _ = strconv.Atoi(g[1])
			msg = g[2]
		}
		if g := unknownRe.FindStringSubmatch(msg); g != nil {
			out.Add(diag.Errorf(File, line, g[1], "unknown key; check its spelling (the keys are listed in README.md, Configuration)"))
		} else if g := typeRe.FindStringSubmatch(msg); g != nil {
			want := map[string]string{"int": "a whole number", "string": "text", "bool": "true or false"}[g[3]]
			if want == "" {
				want = "a different kind of value"
			}
			out.Add(diag.Errorf(File, line, keyAt(lines, line), "expected %s, got %s", want, strconv.Quote(g[2])))
		} else {
			out.Add(diag.Errorf(File, line, "", "cannot read: %s", msg))
		}
	}
	out.Sort()
	return out.Err()
}

// Validate fills derived fields and checks values, without line numbers;
// LoadWith does it for a configuration read from a file.
func (c *Config) Validate() error { return c.check(nil, false) }

// check fills derived fields and checks values; lines are the keys' lines
// in warta.yaml, flag says baseURL came from --baseURL.
func (c *Config) check(lines map[string]int, flag bool) error {
	var errs diag.List
	bad := func(key, format string, args ...any) {
		file := File
		if key == "baseURL" && flag {
			file, key = "--baseURL", ""
		}
		errs.Add(diag.Errorf(file, lines[key], key, format, args...))
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		bad("timezone", "unknown time zone %q (write e.g. Asia/Jakarta)", c.TimeZone)
		loc = time.UTC
	}
	c.Location = loc
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	u, err := url.Parse(c.BaseURL)
	switch {
	case err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") || (u.Scheme != "" && u.Host == ""):
		bad("baseURL", "cannot read %q (write e.g. https://example.go.id/)", c.BaseURL)
		u = &url.URL{Path: "/"}
	case u.Scheme == "" && !strings.HasPrefix(c.BaseURL, "/") || u.Scheme == "" && u.Host != "":
		// portal.example.go.id would be read as a path: every link, the
		// canonical URLs and the sitemap would break once deployed.
		bad("baseURL", "%q has no scheme and host: write the full address, https://%s", c.BaseURL, strings.TrimLeft(c.BaseURL, "/"))
		u = &url.URL{Path: "/"}
	}
	if h := u.Hostname(); h != "" {
		// An internationalised host is written in its ASCII form (IDNA,
		// RFC 5891), so every absolute URL the build writes is a URI:
		// https://pörtal.example/ → https://xn--prtal-jua.example/.
		if a, err := idna.Lookup.ToASCII(h); err != nil {
			bad("baseURL", "%q: the host %q is not a valid domain name (write e.g. https://example.go.id/)", c.BaseURL, h)
		} else if a != h {
			if p := u.Port(); p != "" {
				a += ":" + p
			}
			u.Host = a
		}
	}
	c.Base = u
	for _, n := range []struct {
		key string
		v   int
	}{{"paginate", c.Paginate}, {"tickerCount", c.TickerCount}, {"relatedCount", c.RelatedCount}, {"feedCount", c.FeedCount}} {
		if n.v < 1 {
			bad(n.key, "must be 1 or more, got %d", n.v)
		}
	}
	if c.Language == "" {
		c.Language = "id"
	}
	for name, r := range c.Sections {
		if r.Expired != "" && r.Expired != ExpiredHide && r.Expired != ExpiredArchive {
			bad("sections."+name+".expired", "%q is not allowed; use one of: %s, %s", r.Expired, ExpiredArchive, ExpiredHide)
		}
	}
	for _, n := range []struct {
		key string
		v   int
	}{{"newsroom.pinMaxDays", c.Newsroom.PinMaxDays}, {"newsroom.correctionAfterDays", c.Newsroom.CorrectionAfterDays}} {
		if n.v < 0 {
			bad(n.key, "must be 0 or more, got %d", n.v)
		}
	}
	errs.Sort()
	return errs.Err()
}

// RelURL is the path of site-relative p under the base URL's path:
// "/berita/x/" → "/portal/berita/x/" for baseURL https://h/portal/.
func (c *Config) RelURL(p string) string {
	if strings.HasPrefix(p, "//") || strings.Contains(p, "://") {
		// An external URL as written, percent-encoded where it needs to be
		// ("foto utama.jpg" → "foto%20utama.jpg").
		if u, err := url.Parse(p); err == nil {
			return u.String()
		}
		return p
	}
	if strings.HasPrefix(p, "#") || strings.HasPrefix(p, "mailto:") || strings.HasPrefix(p, "tel:") {
		return p
	}
	base := "/"
	if c.Base != nil && c.Base.Path != "" {
		base = c.Base.Path
	}
	return escapePath(strings.TrimSuffix(base, "/") + "/" + strings.TrimPrefix(p, "/"))
}

// escapePath percent-encodes the path of a site URL (RFC 3986: spaces,
// non-ASCII letters, "%"), keeping a query or fragment it ends with as is:
// "/berita/x/foto utama.jpg" → "/berita/x/foto%20utama.jpg".
func escapePath(p string) string {
	rest := ""
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p, rest = p[:i], p[i:]
	}
	return (&url.URL{Path: p}).EscapedPath() + rest
}

// AbsURL is the absolute URL of site-relative p; with a path-only baseURL
// it is the same as RelURL.
func (c *Config) AbsURL(p string) string {
	rel := c.RelURL(p)
	if c.Base == nil || c.Base.Host == "" || rel != "" && rel[0] != '/' {
		return rel
	}
	return c.Base.Scheme + "://" + c.Base.Host + rel
}
