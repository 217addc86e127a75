package importer_test

// The fixtures are real exports, kept unchanged in ../shared/fixtures/import
// (see its README): the Blogger backup is from natefinch/blogimport
// (MIT (c) 2014 Nate Finch), the WordPress.com WXR from jekyll/jekyll-import
// (MIT (c) Tom Preston-Werner and the jekyll-import contributors), the
// Jekyll archive is BlankOn/beranda's news (CC-BY-SA-3.0, authors named in
// each post).

import (
	"context"
	"encoding/xml"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/build"
	"github.com/warta-portal/warta/internal/importer"
)

func fixture(t *testing.T, rel string) string {
	t.Helper()
	// The copy in testdata (see its README for sources and licences) first.
	for _, root := range []string{"testdata/fixtures/import", "../../../shared/fixtures/import", "../../../../shared/fixtures/import"} {
		p := filepath.Join(root, rel)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("fixture %s not found beside the repository", rel)
	}
	t.Skipf("fixture %s not found beside the repository", rel)
	return ""
}

// want is a post of a source as the test reads it, independently of the
// importer.
type want struct {
	title string
	date  time.Time
	tags  []string
	old   string // old URL path
	draft bool
}

// importAndBuild imports src into a new site, builds it, and returns the
// site folder and the result.
func importAndBuild(t *testing.T, kind, src string) (string, *importer.Result) {
	t.Helper()
	site := t.TempDir()
	res, err := importer.Run(context.Background(), importer.Options{Kind: kind, Source: src, Into: site})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	// A second run changes nothing.
	again, err := importer.Run(context.Background(), importer.Options{Kind: kind, Source: src, Into: site})
	if err != nil {
		t.Fatalf("second import: %v", err)
	}
	if len(again.Written) != 0 {
		t.Errorf("second import wrote %v", again.Written)
	}
	if len(again.Same) != len(res.Written) {
		t.Errorf("second import found %d files unchanged, first wrote %d", len(again.Same), len(res.Written))
	}
	out, err := build.Run(context.Background(), build.Options{
		Source: build.DirFS(site), SourceDir: site, Destination: filepath.Join(site, "public"),
		Theme: warta.Theme(), NoMinify: true,
	})
	if err != nil {
		t.Fatalf("build of the imported site failed: %v", err)
	}
	for _, w := range out.Warnings {
		t.Logf("build warning: %v", w)
	}
	return site, res
}

var (
	refreshRe = regexp.MustCompile(`http-equiv="refresh" content="0; url=([^"]+)"`)
	timeRe    = regexp.MustCompile(`<time datetime="([^"]+)"`)
)

// checkPosts checks every post of ws in the built site: reached through
// its old URL, with its title, date and tags.
func checkPosts(t *testing.T, site string, ws []want) {
	t.Helper()
	pub := filepath.Join(site, "public")
	for _, w := range ws {
		if w.draft {
			continue
		}
		old := w.old
		if strings.HasSuffix(old, "/") {
			old += "index.html"
		}
		redirect, err := os.ReadFile(filepath.Join(pub, filepath.FromSlash(old)))
		if err != nil {
			t.Errorf("%q: old URL %s: %v", w.title, w.old, err)
			continue
		}
		m := refreshRe.FindSubmatch(redirect)
		if m == nil {
			t.Errorf("%q: %s is not a redirect", w.title, w.old)
			continue
		}
		page, err := os.ReadFile(filepath.Join(pub, filepath.FromSlash(string(m[1])), "index.html"))
		if err != nil {
			t.Errorf("%q: %s redirects to %s: %v", w.title, w.old, m[1], err)
			continue
		}
		text := html.UnescapeString(string(page))
		if !strings.Contains(text, "<h1") || !strings.Contains(text, strings.Join(strings.Fields(w.title), " ")) {
			t.Errorf("%q: page %s lacks the title", w.title, m[1])
		}
		tm := timeRe.FindSubmatch(page)
		if tm == nil {
			t.Errorf("%q: page %s has no <time datetime>", w.title, m[1])
		} else if got, err := time.Parse(time.RFC3339, html.UnescapeString(string(tm[1]))); err != nil || !got.Equal(w.date.Truncate(time.Second)) {
			t.Errorf("%q: date %s, want the instant %s", w.title, tm[1], w.date)
		}
		for _, tag := range w.tags {
			if !strings.Contains(text, tag) {
				t.Errorf("%q: page %s lacks the tag %q", w.title, m[1], tag)
			}
		}
	}
}

func entriesAccounted(t *testing.T, res *importer.Result, entries int, except ...string) {
	t.Helper()
	n := 0
	for _, c := range res.Counts {
		if strings.HasPrefix(c.What, "images") || slices.Contains(except, c.What) {
			continue
		}
		n += c.N
	}
	if n != entries {
		t.Errorf("the report accounts for %d entries, the source has %d: %+v", n, entries, res.Counts)
	}
}

func TestImportBloggerFixture(t *testing.T) {
	t.Parallel()
	src := fixture(t, "blogger/story-blogger-backup.xml")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Entry []struct {
			Title     string `xml:"title"`
			Published string `xml:"published"`
			Draft     string `xml:"control>draft"`
			Category  []struct {
				Scheme string `xml:"scheme,attr"`
				Term   string `xml:"term,attr"`
			} `xml:"category"`
			Link []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(data, &feed); err != nil {
		t.Fatal(err)
	}
	var ws []want
	for _, e := range feed.Entry {
		w := want{title: e.Title, draft: e.Draft == "yes"}
		post := false
		for _, c := range e.Category {
			if strings.HasSuffix(c.Term, "kind#post") {
				post = true
			} else if !strings.Contains(c.Scheme, "#kind") {
				w.tags = append(w.tags, c.Term)
			}
		}
		if !post {
			continue
		}
		w.date, _ = time.Parse(time.RFC3339, e.Published)
		for _, l := range e.Link {
			if l.Rel == "alternate" {
				w.old = strings.TrimPrefix(l.Href, "https://jimndella.blogspot.com")
			}
		}
		ws = append(ws, w)
	}
	if len(ws) != 7 {
		t.Fatalf("the fixture has %d posts, want 7", len(ws))
	}
	site, res := importAndBuild(t, "blogger", src)
	checkPosts(t, site, ws)
	entriesAccounted(t, res, len(feed.Entry))
	report, err := os.ReadFile(filepath.Join(site, "IMPORT.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"settings entries (skipped) | 52", "template entries (skipped) | 1", "drafts imported | 1"} {
		if !strings.Contains(string(report), s) {
			t.Errorf("IMPORT.md lacks %q", s)
		}
	}
}

func TestImportWordPressFixture(t *testing.T) {
	t.Parallel()
	src := fixture(t, "wordpress/sitetitle.wordpress.2025-01-19.000.xml")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var rss struct {
		Item []struct {
			Title    string `xml:"title"`
			Link     string `xml:"link"`
			Type     string `xml:"post_type"`
			Status   string `xml:"status"`
			DateGMT  string `xml:"post_date_gmt"`
			Category []struct {
				Domain string `xml:"domain,attr"`
				Name   string `xml:",chardata"`
			} `xml:"category"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(data, &rss); err != nil {
		t.Fatal(err)
	}
	var ws []want
	for _, it := range rss.Item {
		if it.Type != "post" {
			continue
		}
		w := want{title: it.Title, draft: it.Status != "publish"}
		w.date, _ = time.Parse("2006-01-02 15:04:05", it.DateGMT)
		w.old = strings.TrimPrefix(it.Link, "https://jekyllbot.wordpress.com")
		for _, c := range it.Category {
			if c.Domain == "post_tag" {
				w.tags = append(w.tags, c.Name)
			}
		}
		ws = append(ws, w)
	}
	if len(ws) != 7 {
		t.Fatalf("the fixture has %d posts, want 7", len(ws))
	}
	site, res := importAndBuild(t, "wordpress", src)
	checkPosts(t, site, ws)
	entriesAccounted(t, res, len(rss.Item), "comments (not imported)")
	report, err := os.ReadFile(filepath.Join(site, "IMPORT.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"wp_global_styles", "attachments (files, not pages) | 6", `"/?p=4"`} {
		if !strings.Contains(string(report), s) {
			t.Errorf("IMPORT.md lacks %q", s)
		}
	}
}

func TestImportJekyllFixture(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "jekyll-beranda")
	files, err := filepath.Glob(filepath.Join(dir, "_posts", "*"))
	if err != nil {
		t.Fatal(err)
	}
	jakarta, err := time.LoadLocation("Asia/Jakarta") // _config.yml: timezone
	if err != nil {
		t.Fatal(err)
	}
	name := regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})-(.*)\.md$`)
	var ws []want
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.SplitN(string(data), "\n---", 2)
		var fm struct {
			Title      string   `yaml:"title"`
			Date       string   `yaml:"date"`
			Tags       []string `yaml:"tags"`
			Categories []string `yaml:"categories"`
		}
		if err := yaml.Unmarshal([]byte(strings.TrimPrefix(parts[0], "---\n")), &fm); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		m := name.FindStringSubmatch(filepath.Base(f))
		if m == nil {
			t.Fatalf("%s: not a post name", f)
		}
		w := want{title: fm.Title, tags: fm.Tags}
		for _, l := range []string{"2006-01-02 15:04:05-07:00", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05", "2006-01-02"} {
			if d, err := time.ParseInLocation(l, fm.Date, jakarta); err == nil {
				w.date = d
				break
			}
		}
		if w.date.IsZero() {
			t.Fatalf("%s: date %q", f, fm.Date)
		}
		// Jekyll's default permalink: /:categories/:year/:month/:day/:title.html,
		// the date in the site's time zone.
		stem := strings.Trim(regexp.MustCompile(`[^\p{L}\p{N}._~!$&'()+,;=@]+`).ReplaceAllString(m[2], "-"), "-")
		w.old = "/" + strings.ToLower(strings.Join(fm.Categories, "/")) + w.date.In(jakarta).Format("/2006/01/02/") + stem + ".html"
		ws = append(ws, w)
	}
	if len(ws) != 117 {
		t.Fatalf("the fixture has %d posts, want 117", len(ws))
	}
	site, res := importAndBuild(t, "jekyll", dir)
	checkPosts(t, site, ws)
	entriesAccounted(t, res, len(ws))
	report, err := os.ReadFile(filepath.Join(site, "IMPORT.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"kramdown attribute lists ({: .class}) removed", "docs.google.com", "/assets/images/omw.png"} {
		if !strings.Contains(string(report), s) {
			t.Errorf("IMPORT.md lacks %q", s)
		}
	}
}
