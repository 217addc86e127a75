package layout

import (
	"encoding/json"
	"html/template"
	"time"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/content"
)

// The schema.org structured data of a page (JSON-LD, https://json-ld.org/
// and https://developers.google.com/search/docs/appearance/structured-data/article),
// built in Go rather than from dict calls in jsonld.html: a template built
// it from eleven maps per page and html/template marshalled them by
// reflection, 0.75 s of a 10,000-article build's 25 s of CPU. The fields
// are declared in byte order of their JSON names, so the output is the
// bytes encoding/json gave for the maps (it sorts map keys).

type ldArticle struct {
	Context          string      `json:"@context"`
	Type             string      `json:"@type"`
	Author           ldNamed     `json:"author"`
	DateModified     string      `json:"dateModified"`
	DatePublished    string      `json:"datePublished"`
	Description      string      `json:"description"`
	Expires          string      `json:"expires,omitempty"`
	Headline         string      `json:"headline"`
	Image            string      `json:"image"`
	MainEntityOfPage string      `json:"mainEntityOfPage"`
	Publisher        ldPublisher `json:"publisher"`
}

type ldNamed struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type ldPublisher struct {
	Type string `json:"@type"`
	Logo ldURL  `json:"logo"`
	Name string `json:"name"`
}

type ldURL struct {
	Type string `json:"@type"`
	URL  string `json:"url"`
}

type ldCrumbs struct {
	Context string   `json:"@context"`
	Type    string   `json:"@type"`
	Items   []ldItem `json:"itemListElement"`
}

type ldItem struct {
	Type     string `json:"@type"`
	Item     string `json:"item"`
	Name     string `json:"name"`
	Position int    `json:"position"`
}

// articleLD is the NewsArticle (news) or Article (another dated page)
// of p as JSON-LD: headline, dates (RFC 3339 or a date), canonical URL,
// lead, author (the site when none), publisher with the site's icon,
// cover image (the icon when none), and expires when the page has an
// expiry date.
func articleLD(cfg *config.Config, p *content.Page) (template.JS, error) {
	ld := ldArticle{
		Context:          "https://schema.org",
		Type:             "Article",
		Author:           ldNamed{"Person", or(p.Author, cfg.Title)},
		DateModified:     p.Modified().Format(time.RFC3339),
		DatePublished:    p.DateISO(),
		Description:      p.Lead(),
		Headline:         p.Title,
		Image:            cfg.AbsURL(or(p.Image.URL, "/icon-512.png")),
		MainEntityOfPage: cfg.AbsURL(p.Path),
		Publisher:        ldPublisher{"Organization", ldURL{"ImageObject", cfg.AbsURL("/icon-512.png")}, or(cfg.Publisher, cfg.Title)},
	}
	if p.IsNews() {
		ld.Type = "NewsArticle"
	}
	if !p.ExpiryDate.IsZero() {
		ld.Expires = p.ExpiryDate.Format(time.RFC3339)
	}
	return marshalLD(ld)
}

// crumbsLD is the BreadcrumbList of c as JSON-LD: each crumb a ListItem
// with its absolute URL and its position from 1.
func crumbsLD(cfg *config.Config, c []content.Crumb) (template.JS, error) {
	ld := ldCrumbs{Context: "https://schema.org", Type: "BreadcrumbList", Items: make([]ldItem, len(c))}
	for i, x := range c {
		ld.Items[i] = ldItem{"ListItem", cfg.AbsURL(x.URL), x.Name, i + 1}
	}
	return marshalLD(ld)
}

// marshalLD encodes v for a <script type="application/ld+json"> element.
// encoding/json writes <, > and & as \u003c, \u003e and \u0026 and
// U+2028 and U+2029 as escapes, so the text can neither end the script
// element nor break JavaScript: html/template's own rule for a value in
// a script (its jsValEscaper marshals the same way), which a template.JS
// skips.
func marshalLD(v any) (template.JS, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return template.JS(b), nil
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
