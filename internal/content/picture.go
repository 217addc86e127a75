package content

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Picture is an image as the build publishes it: renditions at several
// widths in WebP and in a fallback format (JPEG, or PNG for images with
// transparency), and for a page's cover a 1200×630 crop for link
// previews and 16:9 thumbnails for cards. Set by the build's images stage
// (internal/imaging); layouts read it through Page.Picture. A Picture
// without renditions (an image that could not be processed, reported
// when building) still has its URL and, when its header could be read,
// its real size.
type Picture struct {
	URL           string // site path of the published original (or of the largest fallback, which takes its name)
	Width, Height int    // upright size in pixels of the largest rendition (0 when unknown)
	Type          string // media type of the fallback renditions: image/jpeg, image/png (or the original's)
	WebP          []Rendition
	Fallback      []Rendition // the last one is published at URL
	Thumb         []Rendition // 16:9 crops for cards, in WebP
	ThumbFallback []Rendition // the same in the fallback format
	OG            *Rendition  // 1200×630 crop (or smaller, for small photos) for og:image

	// Of the source file, for checks.
	SourceWidth, SourceHeight int // upright, in pixels
	SourceBytes               int64
}

// Rendition is one published size of a picture.
type Rendition struct {
	URL           string // site path
	Width, Height int    // pixels
}

// Thumb is the URL of the smallest card thumbnail of the page's cover
// (WebP), or "" when it has none: for cards and search results.
func (p *Page) Thumb() string {
	if p.Picture == nil || len(p.Picture.Thumb) == 0 {
		return ""
	}
	return p.Picture.Thumb[0].URL
}

// bodySizes is the sizes attribute of the body's pictures: the article
// column (44rem from 48rem up; below, the screen less the page's 1rem
// margins).
const bodySizes = "(min-width: 48rem) 44rem, calc(100vw - 2rem)"

// withPictures rewrites each <img> of a rendered body whose src names one
// of the page's BodyPictures as that picture: a WebP <source> and the
// fallback <img>, both with srcset and sizes, the real width and height
// (no layout shift) and lazy loading; its other attributes (alt, title)
// are kept. Rendition URLs are written relative to the page, as the
// Markdown wrote the image's. An image without renditions (copied as it
// is) keeps its src and gets its real size when known. The body is
// returned unchanged when it names none of them.
func (p *Page) withPictures(body string) string {
	if len(p.BodyPictures) == 0 || !strings.Contains(body, "<img") {
		return body
	}
	var out strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(body))
	changed := false
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		raw := z.Raw()
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		t := z.Token()
		if t.DataAtom != atom.Img {
			out.Write(raw)
			continue
		}
		pic := p.bodyPicture(t)
		if pic == nil {
			out.Write(raw)
			continue
		}
		changed = true
		p.writePicture(&out, t, pic)
	}
	if !changed {
		return body
	}
	return out.String()
}

// bodyPicture is the picture an <img> of the body shows, or nil.
func (p *Page) bodyPicture(t xhtml.Token) *Picture {
	for _, a := range t.Attr {
		if a.Key != "src" {
			continue
		}
		if pic := p.BodyPictures[a.Val]; pic != nil {
			return pic
		}
		if u, err := url.PathUnescape(a.Val); err == nil {
			return p.BodyPictures[u]
		}
	}
	return nil
}

func (p *Page) writePicture(out *strings.Builder, t xhtml.Token, pic *Picture) {
	// rel is a rendition's URL relative to the page, percent-escaped
	// (a space would split a srcset candidate).
	rel := func(u string) string {
		if r, ok := strings.CutPrefix(u, p.Path); ok && p.Path != "" {
			u = r
		}
		return (&url.URL{Path: u}).EscapedPath()
	}
	srcset := func(rs []Rendition) string {
		var b strings.Builder
		for i, r := range rs {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %dw", rel(r.URL), r.Width)
		}
		return template.HTMLEscapeString(b.String())
	}
	if len(pic.WebP) > 0 {
		fmt.Fprintf(out, `<picture><source type="image/webp" srcset="%s" sizes="%s">`, srcset(pic.WebP), bodySizes)
	}
	out.WriteString("<img")
	for _, a := range t.Attr {
		switch a.Key {
		case "src", "srcset", "sizes", "width", "height", "loading", "decoding":
			if a.Key == "src" && len(pic.Fallback) == 0 {
				fmt.Fprintf(out, ` src="%s"`, template.HTMLEscapeString(a.Val))
			}
			continue
		}
		fmt.Fprintf(out, ` %s="%s"`, a.Key, template.HTMLEscapeString(a.Val))
	}
	if n := len(pic.Fallback); n > 0 {
		fmt.Fprintf(out, ` src="%s" srcset="%s" sizes="%s"`, template.HTMLEscapeString(rel(pic.Fallback[n-1].URL)), srcset(pic.Fallback), bodySizes)
	}
	if pic.Width > 0 && pic.Height > 0 {
		fmt.Fprintf(out, ` width="%d" height="%d"`, pic.Width, pic.Height)
	}
	out.WriteString(` loading="lazy" decoding="async">`)
	if len(pic.WebP) > 0 {
		out.WriteString("</picture>")
	}
}
