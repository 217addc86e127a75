package layout

import (
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/indodate"
	"github.com/warta-portal/warta/internal/innovation"
	"github.com/warta-portal/warta/internal/slug"
)

// Funcs is the function set layouts can call (documented in the README):
//
//	date t        "Rabu, 11 November 2020"
//	dateShort t   "11 November 2020"
//	clock t       "10.30 WIB"
//	monthYear t   "November 2020"
//	iso t         "2020-11-11T10:30:00+07:00" for <time datetime>
//	relURL p      p under the site's base path: "/portal/berita/x/"
//	absURL p      p as an absolute URL: "https://example.go.id/portal/berita/x/"
//	truncate n s  s cut at a word boundary to at most n characters, with "…"
//	slugify s     the site's slug of s
//	first n list  the first n items of list
//	add a b, sub a b
//	dict k v ...  a map for passing several values to a partial
//	merge m ...   a new map with the keys of every map, later ones winning
//	list v ...    a list of the values
//	label l key   Indonesian label of an innovation list value: label "stage" "uji_coba" → "Uji Coba"
//	labels l      every term of an innovation list (stage, form, initiator, status, digital, affairs, group)
//	num n         1234567 → "1.234.567"
//	upper s, lower s
//	cached name   the HTML of a partial, rendered once per build (ticker, menu)
//	fragment name p  the HTML of partial name for page (or term) p, rendered once
//	              per build for each p and reused on every page that shows it (cards)
//	stageCount pages stage   how many of pages are at an innovation stage
//	crumbList crumbs         breadcrumbs as schema.org ListItems
//	articleLD p   page p as schema.org JSON-LD (NewsArticle or Article), for a
//	              <script type="application/ld+json">
//	crumbsLD crumbs  breadcrumbs as a schema.org BreadcrumbList in JSON-LD
//	cover p thumb the cover photo of page p as picture.html shows it (see Cover)
//	phones s      the numbers in s, each {Text, URI}: "(0741) 123456 / 0812-345" →
//	              {"(0741) 123456", "tel:0741123456"}, {"0812-345", "tel:0812345"} (RFC 3966)
func Funcs(cfg *config.Config, s *Set) template.FuncMap {
	lists := innovation.Lists()
	return template.FuncMap{
		"date":      indodate.Long,
		"dateShort": indodate.Date,
		"clock":     indodate.Clock,
		"monthYear": indodate.MonthYear,
		"iso":       func(t time.Time) string { return t.Format(time.RFC3339) },
		"relURL":    func(p string) string { return cfg.RelURL(p) },
		"absURL":    func(p string) string { return cfg.AbsURL(p) },
		"truncate":  Truncate,
		"slugify":   slug.Make,
		"first":     first,
		"add":       func(a, b int) int { return a + b },
		"sub":       func(a, b int) int { return a - b },
		"dict":      dict,
		"merge":     merge,
		"list":      func(v ...any) []any { return v },
		"label": func(list, key string) string {
			return lists[list].Label(key)
		},
		"labels": func(list string) []innovation.Term { return lists[list].Terms },
		"num":    Num,
		"upper":  strings.ToUpper,
		"lower":  strings.ToLower,
		"cover":  CoverOf,
		"cached": func(name string) (template.HTML, error) { return s.Partial(name) },
		"fragment": func(name string, ctx any) (template.HTML, error) {
			return s.Fragment(name, ctx)
		},
		"stageCount": func(pages []*content.Page, stage string) int {
			n := 0
			for _, p := range pages {
				if p.Stage == stage {
					n++
				}
			}
			return n
		},
		"phones":    Phones,
		"articleLD": func(p *content.Page) (template.JS, error) { return articleLD(cfg, p) },
		"crumbsLD":  func(c []content.Crumb) (template.JS, error) { return crumbsLD(cfg, c) },
		"crumbList": func(c []content.Crumb) []map[string]any {
			out := make([]map[string]any, len(c))
			for i, x := range c {
				out[i] = map[string]any{"@type": "ListItem", "position": i + 1, "name": x.Name, "item": cfg.AbsURL(x.URL)}
			}
			return out
		},
	}
}

// Truncate cuts s at a word boundary to at most n characters and adds "…".
func Truncate(n int, s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexAny(cut, " \t\n"); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:-") + "…"
}

// Num writes n with Indonesian thousands separators.
func Num(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func first(n int, list any) (any, error) {
	v := reflect.ValueOf(list)
	if !v.IsValid() {
		return list, nil
	}
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return nil, fmt.Errorf("first: expected a list, got %T", list)
	}
	if n < v.Len() {
		return v.Slice(0, max(n, 0)).Interface(), nil
	}
	return list, nil
}

func merge(ms ...map[string]any) map[string]any {
	out := map[string]any{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: expected pairs of key and value, got %d values", len(kv))
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not text", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// Phone is one telephone number as written and as a tel: URI (RFC 3966,
// global "+62..." or local digits); URI is empty when Text has too few
// digits to dial.
type Phone struct {
	Text string
	URI  template.URL // only "tel:" followed by "+" and digits
}

// Phones splits s at "/", ",", ";" and " atau " into numbers and gives
// each its tel: URI, keeping the extension-free digits and a leading "+".
func Phones(s string) []Phone {
	var out []Phone
	s = strings.ReplaceAll(s, " atau ", "/")
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ',' || r == ';' }) {
		text := strings.TrimSpace(part)
		if text == "" {
			continue
		}
		var b strings.Builder
		for i, r := range text {
			switch {
			case r >= '0' && r <= '9':
				b.WriteRune(r)
			case r == '+' && i == 0:
				b.WriteRune(r)
			}
		}
		p := Phone{Text: text}
		if d := strings.TrimPrefix(b.String(), "+"); len(d) >= 3 {
			p.URI = template.URL("tel:" + b.String()) // only digits and a leading "+"
		}
		out = append(out, p)
	}
	return out
}

// Cover is a page's cover photo as partials/picture.html shows it: the
// <img> fallback's URL and size, and the renditions of its srcset lists.
type Cover struct {
	Src           string
	Width, Height int
	WebP          []content.Rendition // the <source type="image/webp"> candidates
	Fallback      []content.Rendition // the <img srcset> candidates
}

// CoverOf is the Cover of p (the card's 16:9 crop when thumb is true as
// {{ if }} reads it, absent is false): the
// front matter's image at its stated size (960×540 when not stated,
// 480×270 for a card), or the build's renditions of it, the largest
// fallback in src. One call in place of the two dozen actions that chose
// the same in the layout (a fifth of its CPU time at 10,000 articles).
func CoverOf(p *content.Page, thumbArg any) Cover {
	thumb, _ := template.IsTrue(thumbArg) // as {{ if }} reads it: absent is false
	c := Cover{Src: p.Image.URL, Width: p.Image.Width, Height: p.Image.Height}
	if c.Width == 0 {
		c.Width = 960
	}
	if c.Height == 0 {
		c.Height = 540
	}
	if thumb && p.Image.Width == 0 {
		c.Width, c.Height = 480, 270
	}
	if pic := p.Picture; pic != nil {
		c.Src = pic.URL
		if pic.Width != 0 {
			c.Width, c.Height = pic.Width, pic.Height
		}
		c.WebP, c.Fallback = pic.WebP, pic.Fallback
		if thumb && len(pic.ThumbFallback) > 0 {
			c.WebP, c.Fallback = pic.Thumb, pic.ThumbFallback
		}
	}
	if n := len(c.Fallback); n > 0 {
		last := c.Fallback[n-1]
		c.Src, c.Width, c.Height = last.URL, last.Width, last.Height
	}
	return c
}
