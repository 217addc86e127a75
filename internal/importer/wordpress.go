package importer

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"time"
)

type wxrText struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

type wxrItem struct {
	Title    string    `xml:"title"`
	Link     string    `xml:"link"`
	Creator  string    `xml:"creator"`
	GUID     string    `xml:"guid"`
	Encoded  []wxrText `xml:"encoded"` // content:encoded and excerpt:encoded
	PostID   string    `xml:"post_id"`
	Date     string    `xml:"post_date"`
	DateGMT  string    `xml:"post_date_gmt"`
	Modified string    `xml:"post_modified_gmt"`
	Name     string    `xml:"post_name"`
	Status   string    `xml:"status"`
	Parent   string    `xml:"post_parent"`
	Type     string    `xml:"post_type"`
	Password string    `xml:"post_password"`
	Attached string    `xml:"attachment_url"`
	Category []struct {
		Domain   string `xml:"domain,attr"`
		Nicename string `xml:"nicename,attr"`
		Name     string `xml:",chardata"`
	} `xml:"category"`
	Meta []struct {
		Key   string `xml:"meta_key"`
		Value string `xml:"meta_value"`
	} `xml:"postmeta"`
	Comment []struct {
		Approved string `xml:"comment_approved"`
	} `xml:"comment"`
}

type wxrAuthor struct {
	Login   string `xml:"author_login"`
	Display string `xml:"author_display_name"`
}

// wpSkipped are post types that are not content, with the reason given.
var wpSkipped = map[string]string{
	"attachment":          "an uploaded file, not a page (used as a cover or image where a post names it)",
	"nav_menu_item":       "a menu entry: set menus in warta.yaml (menu)",
	"wp_navigation":       "a block-editor menu: set menus in warta.yaml (menu)",
	"wp_global_styles":    "the block theme's global styles: warta's theme replaces them",
	"wp_template":         "a block theme template: warta's layouts replace it",
	"wp_template_part":    "a block theme template part: warta's layouts replace it",
	"wp_block":            "a reusable block: its content is already inside the posts that use it",
	"custom_css":          "the theme's custom CSS: warta's theme replaces it",
	"customize_changeset": "a Customizer draft of theme settings",
	"oembed_cache":        "WordPress's cache of embed answers",
	"revision":            "an older revision of a post",
	"wp_font_family":      "a theme font",
	"wp_font_face":        "a theme font",
}

// readWordPress reads a WordPress eXtended RSS (WXR) export.
func readWordPress(file string, t *tally) ([]*post, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, errorf(file, 0, "cannot read the source: %v", err)
	}
	defer f.Close()
	name := displayName(file)
	t.add("comments (not imported)", 0)
	dec := xml.NewDecoder(f)
	dec.Strict = false // WXR written by plugins often holds stray entities
	type raw struct {
		line int
		item wxrItem
	}
	var (
		items   []raw
		authors = map[string]string{}
		host    string
		seenRSS bool
	)
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, errorf(name, line, "not a WordPress export (WXR): %v", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch el.Name.Local {
		case "rss":
			seenRSS = true
		case "title":
			var s string
			if dec.DecodeElement(&s, &el) == nil && t.title == "" {
				t.title = strings.TrimSpace(s)
			}
		case "base_blog_url":
			var s string
			if dec.DecodeElement(&s, &el) == nil {
				if u, err := url.Parse(strings.TrimSpace(s)); err == nil {
					host = u.Host
				}
			}
		case "author":
			if el.Name.Space == "" || strings.Contains(el.Name.Space, "wordpress.org/export") {
				var a wxrAuthor
				if dec.DecodeElement(&a, &el) == nil && a.Login != "" {
					authors[a.Login] = strings.TrimSpace(a.Display)
				}
			}
		case "item":
			line, _ = dec.InputPos()
			var it wxrItem
			if err := dec.DecodeElement(&it, &el); err != nil {
				return nil, errorf(name, line, "item: %v", err)
			}
			items = append(items, raw{line, it})
		}
	}
	if !seenRSS {
		return nil, errorf(name, 1, "not a WordPress export (WXR): no <rss> element")
	}
	// Attachments give featured images by id.
	attachURL := map[string]string{}
	for _, r := range items {
		if r.item.Type == "attachment" {
			attachURL[strings.TrimSpace(r.item.PostID)] = strings.TrimSpace(r.item.Attached)
		}
	}
	// The most common offset of the site, for items without a GMT date.
	offsets := map[int]int{}
	for _, r := range items {
		if off, ok := wpOffset(r.item.Date, r.item.DateGMT); ok {
			offsets[off]++
		}
	}
	siteOff, best := 0, 0
	for off, n := range offsets {
		if n > best || (n == best && off < siteOff) {
			siteOff, best = off, n
		}
	}
	var posts []*post
	for _, r := range items {
		it := &r.item
		typ := strings.TrimSpace(it.Type)
		title := strings.TrimSpace(it.Title)
		status := strings.TrimSpace(it.Status)
		switch {
		case typ == "post" || typ == "page":
		case typ == "attachment":
			t.add("attachments (files, not pages)", 1)
			continue
		case wpSkipped[typ] != "":
			t.skip(name, r.line, typ+" items (skipped)", "%s %q skipped: %s", typ, title, wpSkipped[typ])
			continue
		default:
			t.skip(name, r.line, "other post types (skipped)", "post type %q (%q) is not a post or page; skipped: import it by hand if it holds content", typ, title)
			continue
		}
		t.add("comments (not imported)", len(it.Comment))
		switch status {
		case "trash":
			t.skip(name, r.line, "trashed items (skipped)", "%q is in the WordPress trash; skipped", title)
			continue
		case "auto-draft", "inherit":
			t.skip(name, r.line, "automatic drafts (skipped)", "%q is an automatic draft (status %s) WordPress made, not written by anyone; skipped", title, status)
			continue
		}
		p := &post{src: name, line: r.line, id: strings.TrimSpace(it.PostID), page: typ == "page", title: title, html: true, host: host}
		for _, e := range it.Encoded {
			switch {
			case strings.Contains(e.XMLName.Space, "excerpt"):
				p.sum = strings.TrimSpace(stripTags(e.Text))
			default:
				p.body = e.Text
			}
		}
		if !strings.Contains(p.body, "<!-- wp:") && !blockTag.MatchString(p.body) {
			p.body = wpautop(p.body)
		}
		p.date = wpDate(it.Date, it.DateGMT, siteOff, name, r.line, t)
		if m := strings.TrimSpace(it.Modified); m != "" && !strings.HasPrefix(m, "0000") {
			if u, err := time.Parse("2006-01-02 15:04:05", m); err == nil {
				p.update = u
			}
		}
		switch status {
		case "publish":
		case "future":
			p.sched = true
		case "private":
			p.draft = true
			t.note(name, r.line, "draft", "%q is private in WordPress; imported as a draft so it stays off the public site", title)
		default: // draft, pending
			p.draft = true
		}
		if strings.TrimSpace(it.Password) != "" {
			p.draft = true
			t.note(name, r.line, "draft", "%q is password-protected in WordPress; imported as a draft (warta has no passwords)", title)
		}
		p.author = authors[strings.TrimSpace(it.Creator)]
		if p.author == "" {
			p.author = strings.TrimSpace(it.Creator)
		}
		for _, c := range it.Category {
			v := strings.TrimSpace(c.Name)
			if v == "" {
				continue
			}
			switch c.Domain {
			case "category":
				if c.Nicename == "uncategorized" {
					t.note(name, r.line, "categories", "%q: WordPress's default category %q left out", title, v)
					continue
				}
				p.cats = append(p.cats, v)
			case "post_tag":
				p.tags = append(p.tags, v)
			}
		}
		for _, m := range it.Meta {
			if m.Key == "_thumbnail_id" {
				if u := attachURL[strings.TrimSpace(m.Value)]; u != "" {
					p.cover = u
				}
			}
		}
		if n := strings.TrimSpace(it.Name); n != "" {
			if d, err := url.PathUnescape(n); err == nil {
				n = d
			}
			p.slug = n
		}
		if !p.draft {
			if u, err := url.Parse(strings.TrimSpace(it.Link)); err == nil && u.Path != "" && u.RawQuery == "" {
				if old, err := url.PathUnescape(u.EscapedPath()); err == nil && !strings.Contains(strings.TrimPrefix(old, "/"), "//") {
					p.old = append(p.old, old)
				}
			}
			if p.id != "" {
				p.query = append(p.query, fmt.Sprintf("/?p=%s", p.id))
				if p.page {
					p.query = append(p.query, fmt.Sprintf("/?page_id=%s", p.id))
				}
			}
		}
		if p.slug == "" && len(p.old) > 0 {
			p.slug = path.Base(strings.TrimSuffix(p.old[0], "/"))
		}
		posts = append(posts, p)
	}
	return posts, nil
}

var blockTag = regexp.MustCompile(`(?i)<(p|div|h[1-6]|ul|ol|table|blockquote|pre|figure)[\s>]`)

// wpautop makes paragraphs of a classic-editor body as WordPress shows
// it: a blank line separates paragraphs, a single newline is a line break
// (WordPress's wpautop, simplified to what survives Markdown conversion).
func wpautop(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, para := range regexp.MustCompile(`\n\s*\n`).Split(s, -1) {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(para, "\n", "<br>\n"))
		b.WriteString("</p>\n")
	}
	return b.String()
}

// wpOffset is the site's UTC offset in seconds from a local and a GMT
// post date.
func wpOffset(local, gmt string) (int, bool) {
	const layout = "2006-01-02 15:04:05"
	l, err1 := time.Parse(layout, strings.TrimSpace(local))
	g, err2 := time.Parse(layout, strings.TrimSpace(gmt))
	if err1 != nil || err2 != nil || strings.HasPrefix(gmt, "0000") {
		return 0, false
	}
	off := int(l.Sub(g).Seconds())
	off = int(math.Round(float64(off)/900)) * 900 // offsets are whole quarters of an hour
	return off, off > -14*3600 && off < 15*3600
}

// wpDate is the post's time in its site's offset.
func wpDate(local, gmt string, siteOff int, file string, line int, t *tally) time.Time {
	const layout = "2006-01-02 15:04:05"
	off, ok := wpOffset(local, gmt)
	if !ok {
		off = siteOff
		if strings.TrimSpace(local) != "" && !strings.HasPrefix(local, "0000") {
			t.note(file, line, "date", "no GMT date; read %q with the site's usual offset %s", strings.TrimSpace(local), offsetString(siteOff))
		}
	}
	zone := time.FixedZone(offsetString(off), off)
	d, err := time.ParseInLocation(layout, strings.TrimSpace(local), zone)
	if err != nil || d.Year() < 1 || strings.HasPrefix(local, "0000") {
		return time.Time{}
	}
	return d
}

func offsetString(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("%c%02d:%02d", sign, sec/3600, sec%3600/60)
}
