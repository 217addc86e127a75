package build

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/publish"
)

// TestHostileMarkdown guards bodies made to stall the parser or to smuggle
// script past the sanitizer: the first are errors with their line, the
// second lose the dangerous URL and keep the rest.
func TestHostileMarkdown(t *testing.T) {
	t.Parallel()
	head := "---\ntitle: X\ndate: 2020-11-11\n---\nIsi.\n\n"
	for name, tt := range map[string]struct{ body, want string }{
		"200,000 nested block quotes": {strings.Repeat(">", 200000) + " x\n", "content/berita/x.md:7: block quotes or lists nested"},
		"100,000 nested lists":        {strings.Repeat("- ", 100000) + "x\n", "content/berita/x.md:7: block quotes or lists nested"},
		"unpaired emphasis":           {"Awal\n" + strings.Repeat("*a_", 20000) + "\n", "content/berita/x.md:7: a paragraph with more than"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fsys := fstest.MapFS{"content/berita/x.md": {Data: []byte(head + tt.body)}}
			_, err := Run(context.Background(), Options{Source: fsys, Target: nilTarget{}, Theme: warta.Theme(), Now: now})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v\nwant %s", err, tt.want)
			}
			for _, d := range diag.All(err) {
				if d.File == "" || d.Line == 0 {
					t.Errorf("not placed: %v", d)
				}
			}
		})
	}

	t.Run("script URLs in raw HTML", func(t *testing.T) {
		t.Parallel()
		body := `<video controls poster="javascript:alert(document.domain)"><source src=" JaVaScRiPt:alert(1)" type="video/mp4"><source src="film.mp4" type="video/mp4"></video>
<a href="&#106;avascript:alert(1)">a</a> <img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;" alt="x"> <form><button formaction="javascript:alert(1)">b</button></form>
`
		fsys := fstest.MapFS{
			"warta.yaml":          {Data: []byte("markdown:\n  rawHTML: true\n")},
			"content/berita/x.md": {Data: []byte(head + body)},
		}
		mem := publish.NewMemory()
		if _, err := Run(context.Background(), Options{Source: fsys, Target: mem, Theme: warta.Theme(), Now: now, NoMinify: true}); err != nil {
			t.Fatal(err)
		}
		page := string(mem.Files["berita/x/index.html"])
		if !strings.Contains(page, `src="film.mp4"`) {
			t.Errorf("the safe source was dropped:\n%s", page)
		}
		for _, bad := range []string{"alert(", "javascript:", "data:image/svg", "formaction"} {
			if strings.Contains(strings.ToLower(page), strings.ToLower(bad)) {
				t.Errorf("%s survived", bad)
			}
		}
	})
}

// TestTemplatesCannotHang guards layouts that call themselves: through
// cached (which used to wait on itself for ever at 0 % CPU) and through
// {{ template }}; each is an error at the layout's file and line.
func TestTemplatesCannotHang(t *testing.T) {
	t.Parallel()
	for name, tt := range map[string]struct {
		files map[string]string
		want  string
	}{
		"cached partial that includes itself": {map[string]string{
			"layouts/partials/menu.html": "<nav>\n{{ cached \"partials/menu.html\" }}\n</nav>\n",
			"layouts/berita/single.html": "{{ define \"main\" }}\n{{ cached \"partials/menu.html\" }}\n{{ end }}\n",
		}, "layouts/partials/menu.html:2: template:"},
		"two cached partials that include each other": {map[string]string{
			"layouts/partials/a.html":    "{{ cached \"partials/b.html\" }}",
			"layouts/partials/b.html":    "b\n{{ cached \"partials/a.html\" }}",
			"layouts/berita/single.html": "{{ define \"main\" }}{{ cached \"partials/a.html\" }}{{ end }}",
		}, "includes itself (partials/a.html → partials/b.html → partials/a.html)"},
		"template that calls itself": {map[string]string{
			"layouts/partials/r.html":    "x\n{{ template \"partials/r.html\" . }}",
			"layouts/berita/single.html": "{{ define \"main\" }}{{ template \"partials/r.html\" . }}{{ end }}",
		}, "layouts/partials/r.html:2: template:"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fsys := fstest.MapFS{"content/berita/x.md": {Data: []byte(okNews)}}
			for n, d := range tt.files {
				fsys[n] = &fstest.MapFile{Data: []byte(d)}
			}
			_, err := Run(context.Background(), Options{Source: fsys, Target: nilTarget{}, Theme: warta.Theme(), Now: now})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}
