package layout

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/content"
)

func TestTruncateAndNum(t *testing.T) {
	tests := []struct {
		n        int
		in, want string
	}{
		{20, "Sekda minta OPD ciptakan inovasi pelayanan publik", "Sekda minta OPD…"},
		{100, "pendek", "pendek"},
		{5, "Jambi, kota", "Jambi…"},
	}
	for _, tt := range tests {
		if got := Truncate(tt.n, tt.in); got != tt.want {
			t.Errorf("Truncate(%d, %q) = %q, want %q", tt.n, tt.in, got, tt.want)
		}
	}
	for in, want := range map[int]string{0: "0", 999: "999", 1000: "1.000", 1234567: "1.234.567", -4500: "-4.500"} {
		if got := Num(in); got != want {
			t.Errorf("Num(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestSiteOverridesThemeAndLookupOrder(t *testing.T) {
	cfg := config.Default()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	theme := fstest.MapFS{
		"_default/baseof.html": {Data: []byte(`<main>{{ block "main" . }}{{ end }}</main>`)},
		"_default/single.html": {Data: []byte(`{{ define "main" }}theme single{{ end }}`)},
		"berita/single.html":   {Data: []byte(`{{ define "main" }}theme berita {{ template "partials/x.html" . }}{{ end }}`)},
		"partials/x.html":      {Data: []byte(`theme partial`)},
		"assets/css/a.css":     {Data: []byte(`not a template {{`)},
	}
	site := fstest.MapFS{
		"partials/x.html": {Data: []byte(`site partial`)},
		"standalone.html": {Data: []byte(`alone {{ date .T }}`)},
	}
	set, err := Load(Options{Theme: theme, Site: site, Config: &cfg})
	if err != nil {
		t.Fatal(err)
	}
	if set.Stock() {
		t.Error("Stock() with an overriding site partial")
	}
	if got := set.Lookup("inovasi/single.html", "_default/single.html"); got != "_default/single.html" {
		t.Errorf("lookup fell to %q", got)
	}
	var b bytes.Buffer
	if err := set.Execute(&b, "berita/single.html", nil); err != nil {
		t.Fatal(err)
	}
	if b.String() != "<main>theme berita site partial</main>" {
		t.Errorf("got %q", b.String())
	}
	b.Reset()
	if err := set.Execute(&b, "standalone.html", struct{ T any }{}); err == nil || !strings.Contains(err.Error(), "layouts/standalone.html:1") {
		t.Errorf("execute error %v should name layouts/standalone.html:1", err)
	}
}

func TestParseErrorNamesFile(t *testing.T) {
	cfg := config.Default()
	_ = cfg.Validate()
	_, err := Load(Options{Theme: fstest.MapFS{"index.html": {Data: []byte("ok\n{{ range }}")}}, Config: &cfg})
	if err == nil || !strings.Contains(err.Error(), "(embedded theme) layouts/index.html:2: template:") {
		t.Errorf("got %v", err)
	}
}

func TestCoverOf(t *testing.T) {
	t.Parallel()
	r := func(u string, w int) content.Rendition {
		return content.Rendition{URL: u, Width: w, Height: w * 9 / 16}
	}
	pic := &content.Picture{URL: "/f.jpg", Width: 1600, Height: 900,
		WebP: []content.Rendition{r("/f_w800.webp", 800)}, Fallback: []content.Rendition{r("/f_w800.jpg", 800), r("/f.jpg", 1600)},
		Thumb: []content.Rendition{r("/f_t480.webp", 480)}, ThumbFallback: []content.Rendition{r("/f_t480.jpg", 480)}}
	page := func(w, h int, p *content.Picture) *content.Page {
		pg := &content.Page{Picture: p}
		pg.Image = content.Image{URL: "/luar.jpg", Width: w, Height: h}
		return pg
	}
	tests := []struct {
		name  string
		p     *content.Page
		thumb any
		want  string
	}{
		{"no renditions, no size", page(0, 0, nil), nil, "/luar.jpg 960x540 0 0"},
		{"no renditions, card", page(0, 0, nil), true, "/luar.jpg 480x270 0 0"},
		{"no renditions, stated size", page(640, 480, nil), true, "/luar.jpg 640x480 0 0"},
		{"renditions", page(0, 0, pic), nil, "/f.jpg 1600x900 1 2"},
		{"renditions, card crop", page(0, 0, pic), true, "/f_t480.jpg 480x270 1 1"},
		{"renditions, thumb false", page(0, 0, pic), false, "/f.jpg 1600x900 1 2"},
	}
	for _, tt := range tests {
		c := CoverOf(tt.p, tt.thumb)
		if got := fmt.Sprintf("%s %dx%d %d %d", c.Src, c.Width, c.Height, len(c.WebP), len(c.Fallback)); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestJSONLDMatchesMaps: articleLD and crumbsLD give the bytes
// html/template wrote for the same data as maps (encoding/json sorts map
// keys; the structs declare their fields in that order), so the theme's
// output did not change when jsonld.html stopped building maps.
func TestJSONLDMatchesMaps(t *testing.T) {
	t.Parallel()
	cfg := &config.Config{Title: "Portal <Jambi> & \u2028", BaseURL: "https://example.go.id/"}
	at := time.Date(2020, 11, 11, 10, 30, 0, 0, time.FixedZone("WIB", 7*3600))
	news := &content.Page{Kind: content.KindNews, Date: at, Lastmod: at.Add(time.Hour), Path: "/berita/a/"}
	news.Title = `Judul "kutip" </script>`
	profile := &content.Page{Date: at, Path: "/inovasi/b/", ExpiryDate: at.AddDate(1, 0, 0)}
	profile.Title = "Profil"
	for _, p := range []*content.Page{news, profile} {
		typ := "Article"
		if p.IsNews() {
			typ = "NewsArticle"
		}
		m := map[string]any{"@context": "https://schema.org", "@type": typ, "headline": p.Title,
			"datePublished": p.DateISO(), "dateModified": p.Modified().Format(time.RFC3339),
			"mainEntityOfPage": cfg.AbsURL(p.Path), "description": p.Lead(),
			"author":    map[string]any{"@type": "Person", "name": cfg.Title},
			"publisher": map[string]any{"@type": "Organization", "name": cfg.Title, "logo": map[string]any{"@type": "ImageObject", "url": cfg.AbsURL("/icon-512.png")}},
			"image":     cfg.AbsURL("/icon-512.png")}
		if !p.ExpiryDate.IsZero() {
			m["expires"] = p.ExpiryDate.Format(time.RFC3339)
		}
		want := inScript(t, m)
		js, err := articleLD(cfg, p)
		if got := inScript(t, js); err != nil || got != want {
			t.Errorf("articleLD(%q) = %s, %v\nwant %s", p.Title, js, err, want)
		}
	}
	crumbs := []content.Crumb{{Name: "Beranda", URL: "/"}, {Name: `A "b" <c>`, URL: "/berita/a/"}}
	items := []map[string]any{}
	for i, c := range crumbs {
		items = append(items, map[string]any{"@type": "ListItem", "position": i + 1, "name": c.Name, "item": cfg.AbsURL(c.URL)})
	}
	want := inScript(t, map[string]any{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})
	js, err := crumbsLD(cfg, crumbs)
	if got := inScript(t, js); err != nil || got != want {
		t.Errorf("crumbsLD = %s, %v\nwant %s", got, err, want)
	}
}

// inScript is v as html/template writes it in a JSON-LD script element.
func inScript(t *testing.T, v any) string {
	t.Helper()
	var b strings.Builder
	tm := template.Must(template.New("").Parse(`<script type="application/ld+json">{{ . }}</script>`))
	if err := tm.Execute(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
