package publish

import (
	"bytes"
	"io/fs"
	"path"
	"strings"

	"golang.org/x/net/html"
)

// Relative wraps a target and rewrites the site's own links in HTML pages
// as paths relative to each page, with index.html spelled out, so a built
// site works when opened from disk (file://) or copied anywhere. Links to
// other hosts, fragments and the canonical link are left alone.
type Relative struct {
	filter
	base string // the site's base path: "/" or "/portal/"
}

// NewRelative returns the filter for a site published at base path base.
func NewRelative(t Target, base string) *Relative {
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return &Relative{filter: filter{t}, base: base}
}

var linkAttrs = map[string]bool{"href": true, "src": true, "action": true, "poster": true, "data-catalog": true}

// WriteFile rewrites HTML pages; other files pass through.
func (r *Relative) WriteFile(name string, data []byte) error {
	// 404.html is served at whatever depth the missing URL had: its links
	// stay site-absolute so they work from any of them.
	if path.Ext(name) == ".html" && name != "404.html" {
		data = r.rewrite(name, data)
	}
	return r.Target.WriteFile(name, data)
}

// CopyFile passes static files through unchanged.
func (r *Relative) CopyFile(name string, src fs.FS, srcName string) error {
	return r.Target.CopyFile(name, src, srcName)
}

func (r *Relative) rewrite(name string, data []byte) []byte {
	dir := path.Dir("/" + name) // the page's folder, site-relative
	var out bytes.Buffer
	out.Grow(len(data) + len(data)/16)
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		raw := z.Raw()
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		tok := z.Token()
		changed := false
		canonical := tok.Data == "link" && attr(tok, "rel") == "canonical"
		refresh := tok.Data == "meta" && strings.EqualFold(attr(tok, "http-equiv"), "refresh")
		for i, a := range tok.Attr {
			if refresh && a.Key == "content" {
				// "0; url=/berita/x/": the redirect of an old URL.
				if before, u, ok := strings.Cut(a.Val, "url="); ok {
					if rel, ok := r.relative(dir, u); ok {
						tok.Attr[i].Val = before + "url=" + rel
						changed = true
					}
				}
				continue
			}
			if a.Key == "srcset" {
				// "/a_w360.webp 360w, /a_w720.webp 720w" (HTML, srcset attribute).
				cands := strings.Split(a.Val, ",")
				for j, c := range cands {
					u, desc, _ := strings.Cut(strings.TrimSpace(c), " ")
					if rel, ok := r.relative(dir, u); ok {
						cands[j] = strings.TrimSpace(rel + " " + desc)
						changed = true
					}
				}
				tok.Attr[i].Val = strings.Join(cands, ", ")
				continue
			}
			if !linkAttrs[a.Key] || canonical {
				continue
			}
			if rel, ok := r.relative(dir, a.Val); ok {
				tok.Attr[i].Val = rel
				changed = true
			}
		}
		if !changed {
			out.Write(raw)
			continue
		}
		out.WriteString(tok.String())
	}
}

// relative turns a site-absolute URL into one relative to dir.
func (r *Relative) relative(dir, u string) (string, bool) {
	if !strings.HasPrefix(u, r.base) || strings.HasPrefix(u, "//") {
		return "", false
	}
	p, frag, _ := strings.Cut("/"+strings.TrimPrefix(u, r.base), "#")
	p, query, _ := strings.Cut(p, "?")
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	rel := relPath(dir, p)
	if query != "" {
		rel += "?" + query
	}
	if frag != "" {
		rel += "#" + frag
	}
	return rel, true
}

// relPath is the path from folder dir to file p, both absolute.
func relPath(dir, p string) string {
	from := strings.Split(strings.Trim(dir, "/"), "/")
	if dir == "/" {
		from = nil
	}
	to := strings.Split(strings.TrimPrefix(p, "/"), "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(to[i:], "/")
}

func attr(t html.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
