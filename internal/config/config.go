// Package config reads warta.yaml into the site's typed, validated,
// immutable configuration. The file is optional: without it the defaults
// serve (language id, time zone Asia/Jakarta, baseURL "/").
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // the site's zone must load on machines without tzdata

	"go.yaml.in/yaml/v3"
)

// File is the name of the configuration file at the site root.
const File = "warta.yaml"

// Config is the site configuration. Build options (drafts, future, baseURL
// from the command line) are applied by the caller before Validate.
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

// Load reads warta.yaml from fsys (absent is fine) over the defaults.
// Unknown keys are errors with their line, so typos do not pass silently.
func Load(fsys fs.FS) (Config, error) {
	c := Default()
	data, err := fs.ReadFile(fsys, File)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return c, yamlErr(err)
	}
	return c, nil
}

var (
	lineRe    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownRe = regexp.MustCompile(`^field (\S+) not found in type`)
	typeRe    = regexp.MustCompile("^cannot unmarshal !!(\\w+) `(.*)` into (\\S+)$")
)

// yamlErr rewrites the YAML library's messages as warta.yaml:LINE: ...
func yamlErr(err error) error {
	msgs := []string{err.Error()}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	var out []error
	for _, m := range msgs {
		line, msg := "", m
		if g := lineRe.FindStringSubmatch(m); g != nil {
			line, msg = g[1], g[2]
		}
		if g := unknownRe.FindStringSubmatch(msg); g != nil {
			msg = fmt.Sprintf("%s: unknown key; check its spelling (the keys are listed in README.md, Configuration)", g[1])
		} else if g := typeRe.FindStringSubmatch(msg); g != nil {
			want := map[string]string{"int": "a whole number", "string": "text", "bool": "true or false"}[g[3]]
			if want == "" {
				want = "a different kind of value"
			}
			msg = fmt.Sprintf("expected %s, got %q", want, g[2])
		}
		if line != "" {
			out = append(out, fmt.Errorf("%s:%s: %s", File, line, msg))
		} else {
			out = append(out, fmt.Errorf("%s: %s", File, strings.TrimPrefix(msg, "yaml: ")))
		}
	}
	return errors.Join(out...)
}

// Validate fills derived fields and checks values; call it once after
// command-line overrides are applied.
func (c *Config) Validate() error {
	var errs []error
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		errs = append(errs, fmt.Errorf("%s: timezone: unknown time zone %q (write e.g. Asia/Jakarta)", File, c.TimeZone))
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
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
		errs = append(errs, fmt.Errorf("%s: baseURL: cannot read %q (write e.g. https://example.go.id/)", File, c.BaseURL))
		u = &url.URL{Path: "/"}
	}
	c.Base = u
	for name, v := range map[string]*int{"paginate": &c.Paginate, "tickerCount": &c.TickerCount, "relatedCount": &c.RelatedCount, "feedCount": &c.FeedCount} {
		if *v < 1 {
			errs = append(errs, fmt.Errorf("%s: %s: must be 1 or more, got %d", File, name, *v))
		}
	}
	if c.Language == "" {
		c.Language = "id"
	}
	for name, r := range c.Sections {
		if r.Expired != "" && r.Expired != ExpiredHide && r.Expired != ExpiredArchive {
			errs = append(errs, fmt.Errorf("%s: sections.%s.expired: %q is not allowed; use one of: %s, %s", File, name, r.Expired, ExpiredArchive, ExpiredHide))
		}
	}
	if c.Newsroom.PinMaxDays < 0 || c.Newsroom.CorrectionAfterDays < 0 {
		errs = append(errs, fmt.Errorf("%s: newsroom: days must be 0 or more", File))
	}
	return errors.Join(errs...)
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
