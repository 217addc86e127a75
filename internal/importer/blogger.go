package importer

import (
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"os"
	"path"
	"strings"
	"time"

	"github.com/warta-portal/warta/internal/diag"
)

// Namespaces of Blogger's exports.
const (
	nsBlogger2018 = "http://schemas.google.com/blogger/2018" // Takeout feed.atom
	nsKind        = "http://schemas.google.com/g/2005#kind"  // legacy backup: kind of entry
	kindPrefix    = "http://schemas.google.com/blogger/2008/kind#"
)

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomEntry struct {
	ID        string   `xml:"id"`
	Published string   `xml:"published"`
	Updated   string   `xml:"updated"`
	Title     atomText `xml:"title"`
	Content   atomText `xml:"content"`
	Summary   atomText `xml:"summary"`
	Category  []struct {
		Scheme string `xml:"scheme,attr"`
		Term   string `xml:"term,attr"`
	} `xml:"category"`
	Link []struct {
		Rel  string `xml:"rel,attr"`
		Type string `xml:"type,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Author []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Control struct {
		Draft string `xml:"draft"`
	} `xml:"http://purl.org/atom/app# control"`
	// Takeout (2018 schema).
	Type     string `xml:"http://schemas.google.com/blogger/2018 type"`
	Status   string `xml:"http://schemas.google.com/blogger/2018 status"`
	Filename string `xml:"http://schemas.google.com/blogger/2018 filename"`
	Meta     string `xml:"http://schemas.google.com/blogger/2018 metaDescription"`
}

// readBlogger reads a legacy Blogger backup or a Takeout feed.atom.
func readBlogger(file string, t *tally) ([]*post, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, errorf(file, 0, "cannot read the source: %v", err)
	}
	defer f.Close()
	name := displayName(file)
	t.add("comments (not imported)", 0)
	dec := xml.NewDecoder(f)
	var (
		posts    []*post
		exported time.Time // the feed's <updated>: when the backup was made
		blogHost string
		depth    int
		takeout  bool
	)
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, errorf(name, line, "not a Blogger export: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if el.Name.Local != "feed" {
					return nil, errorf(name, line, "not a Blogger export: the file starts with <%s>, expected an Atom <feed>", el.Name.Local)
				}
				for _, a := range el.Attr {
					if a.Value == nsBlogger2018 {
						takeout = true
					}
				}
				continue
			}
			if depth == 2 && el.Name.Local == "updated" {
				var s string
				if err := dec.DecodeElement(&s, &el); err == nil {
					exported, _ = time.Parse(time.RFC3339, strings.TrimSpace(s))
				}
				depth--
				continue
			}
			if depth == 2 && el.Name.Local == "title" {
				var s string
				if err := dec.DecodeElement(&s, &el); err == nil && t.title == "" {
					t.title = strings.TrimSpace(s)
				}
				depth--
				continue
			}
			if depth == 2 && el.Name.Local == "link" && blogHost == "" {
				for _, a := range el.Attr {
					if a.Name.Local == "href" && strings.Contains(a.Value, "://") && !strings.Contains(a.Value, "www.blogger.com") {
						if u, err := url.Parse(a.Value); err == nil {
							blogHost = u.Host
						}
					}
				}
			}
			if depth != 2 || el.Name.Local != "entry" {
				continue
			}
			line, _ = dec.InputPos()
			var e atomEntry
			if err := dec.DecodeElement(&e, &el); err != nil {
				return nil, errorf(name, line, "entry: %v", err)
			}
			depth--
			if e.Type != "" {
				takeout = true
			}
			if p := bloggerEntry(name, line, &e, takeout, exported, t); p != nil {
				posts = append(posts, p)
			}
		case xml.EndElement:
			depth--
		}
	}
	for _, p := range posts {
		p.host = blogHost
	}
	return posts, nil
}

// bloggerEntry turns one entry into a post, or counts it as skipped.
func bloggerEntry(file string, line int, e *atomEntry, takeout bool, exported time.Time, t *tally) *post {
	title := strings.TrimSpace(e.Title.Text)
	kind, status := "", "LIVE"
	if takeout {
		kind, status = strings.ToLower(e.Type), strings.ToUpper(strings.TrimSpace(e.Status))
	} else {
		for _, c := range e.Category {
			if c.Scheme == nsKind {
				kind = strings.TrimPrefix(c.Term, kindPrefix)
			}
		}
		if strings.EqualFold(strings.TrimSpace(e.Control.Draft), "yes") {
			status = "DRAFT"
		}
	}
	switch kind {
	case "post", "page":
	case "comment":
		t.add("comments (not imported)", 1)
		return nil
	case "settings":
		t.add("settings entries (skipped)", 1)
		return nil
	case "template":
		t.skip(file, line, "template entries (skipped)", "the Blogger template %q is not imported: warta's theme replaces it (layouts/)", title)
		return nil
	default:
		if kind == "" {
			kind = "unknown"
		}
		t.skip(file, line, "other entries (skipped)", "entry of kind %q (%s) is not a post or page; skipped", kind, title)
		return nil
	}
	if status == "DELETED" || status == "SOFT_TRASHED" || status == "TRASHED" {
		t.skip(file, line, "deleted posts (skipped)", "%q is deleted in Blogger (status %s); skipped", title, status)
		return nil
	}
	p := &post{src: file, line: line, id: bloggerID(e.ID), page: kind == "page", title: title, html: true}
	p.body = e.Content.Text
	if e.Content.Type == "text" {
		p.body = "<pre>" + htmlEscape(e.Content.Text) + "</pre>"
	}
	p.date = parseRFC3339(e.Published, file, line, "published", t)
	p.update = parseRFC3339(e.Updated, "", 0, "", nil)
	p.draft = status == "DRAFT"
	p.sched = status == "SCHEDULED" || (!p.draft && !exported.IsZero() && p.date.After(exported))
	if len(e.Author) > 0 {
		p.author = strings.TrimSpace(e.Author[0].Name)
	}
	if p.author == "Unknown" || p.author == "Anonymous" {
		p.author = ""
	}
	p.sum = strings.TrimSpace(e.Meta)
	if p.sum == "" && e.Summary.Text != "" {
		p.sum = strings.TrimSpace(stripTags(e.Summary.Text))
	}
	for _, c := range e.Category {
		if c.Scheme != nsKind && strings.TrimSpace(c.Term) != "" {
			p.tags = append(p.tags, strings.TrimSpace(c.Term))
		}
	}
	oldURL := e.Filename
	for _, l := range e.Link {
		if l.Rel == "alternate" && oldURL == "" {
			oldURL = l.Href
		}
	}
	if oldURL != "" {
		if u, err := url.Parse(oldURL); err == nil && u.Path != "" {
			p.slug = strings.TrimSuffix(path.Base(u.Path), ".html")
			if !p.draft {
				// Blogger's mobile form ?m=1 is the same file on a static host.
				p.old = append(p.old, u.Path)
			}
		}
	}
	return p
}

// bloggerID is the numeric id at the end of tag:blogger.com,1999:blog-1.post-2.
func bloggerID(id string) string {
	if i := strings.LastIndexAny(id, "-."); i >= 0 {
		return id[i+1:]
	}
	return id
}

// parseRFC3339 reads an Atom date, keeping its offset. A date it cannot
// read is noted (when t is given) and zero.
func parseRFC3339(s, file string, line int, field string, t *tally) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse(time.RFC3339, s)
	if err != nil {
		if t != nil {
			t.note(file, line, field, "cannot read the date %q; the post gets the date of the import's other fields or none", s)
		}
		return time.Time{}
	}
	return d.Truncate(time.Second)
}

// errorf is an error naming the source file and line.
func errorf(file string, line int, format string, args ...any) error {
	return diag.Errorf(file, line, "", format, args...)
}
