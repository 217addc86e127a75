package render_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/cache"
	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/layout"
	"github.com/warta-portal/warta/internal/markdown"
	"github.com/warta-portal/warta/internal/publish"
	"github.com/warta-portal/warta/internal/render"
)

var now = time.Date(2021, 1, 1, 10, 0, 0, 0, time.UTC)

// site assembles files (name → text) into a model and loads the theme's
// layouts under siteLayouts.
func site(t *testing.T, files map[string]string, siteLayouts fstest.MapFS) (*content.Site, *layout.Set) {
	t.Helper()
	cfg, err := config.Load(fstest.MapFS{config.File: {Data: []byte("baseURL: https://portal.example.go.id/\n")}})
	if err != nil {
		t.Fatal(err)
	}
	md := markdown.New(markdown.Options{})
	var pages []*content.Page
	for name, text := range files {
		p, errs := content.Parse(&cfg, content.Source{File: name, Data: []byte(text), Hash: [32]byte{byte(len(text))}})
		if errs.Errors() {
			t.Fatal(errs.Err())
		}
		if err := p.Render(md); err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
	}
	s, errs := content.Assemble(&cfg, pages, content.Options{Now: now})
	if errs.Errors() {
		t.Fatal(errs.Err())
	}
	o := layout.Options{Theme: warta.Theme(), Config: &cfg, Data: &render.Data{Site: s}}
	if siteLayouts != nil {
		o.Site = siteLayouts
	}
	set, err := layout.Load(o)
	if err != nil {
		t.Fatal(err)
	}
	return s, set
}

func article(title, date, extra string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\n" + extra + "---\nIsi " + title + ".\n"
}

func TestRunReportsEveryFailureOfTheRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		files   map[string]string
		layouts fstest.MapFS
		want    []string // one line per diagnostic, in order
	}{
		{"two pages on one URL", map[string]string{
			"content/berita/a.md": article("A", "2020-11-11", "slug: sama\n"),
			"content/berita/b.md": article("B", "2020-11-12", "slug: sama\n"),
		}, nil, []string{"content/berita/a.md:4: two pages on one URL /berita/sama/: this file and content/berita/b.md"}},
		{"a clash and a broken layout, together", map[string]string{
			"content/berita/a.md": article("A", "2020-11-11", "slug: sama\n"),
			"content/berita/b.md": article("B", "2020-11-12", "slug: sama\n"),
		}, fstest.MapFS{"berita/single.html": {Data: []byte("{{define \"main\"}}\n{{template \"partials/nope.html\" .}}\n{{end}}\n")}},
			[]string{"content/berita/a.md:4: two pages on one URL", `layouts/berita/single.html:2: template: no such template "partials/nope.html"`}},
		{"nothing wrong", map[string]string{"content/berita/a.md": article("A", "2020-11-11", "")}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, set := site(t, tt.files, tt.layouts)
			mem := publish.NewMemory()
			_, err := render.Run(context.Background(), render.Options{Site: s, Layouts: set, Target: mem, Workers: 2})
			got := diag.All(err)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d: %v", len(got), len(tt.want), err)
			}
			for i, d := range got {
				if !strings.HasPrefix(d.Error(), tt.want[i]) {
					t.Errorf("diagnostic %d: %q, want it to begin %q", i, d.Error(), tt.want[i])
				}
			}
			if tt.want != nil && mem.Files["berita/index.html"] == nil {
				t.Error("the pages that could be rendered were not")
			}
		})
	}
}

// TestEveryPlannedOutputDeclaresItsInputs renders a site twice with the
// reuse oracle: the second run keeps every output that declares its
// inputs, makes the ones that read the whole site, and ends with the same
// files.
func TestEveryPlannedOutputDeclaresItsInputs(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"content/berita/a.md":  article("A", "2020-11-11", "tags: [pelayanan]\n"),
		"content/berita/b.md":  article("B", "2020-11-12", "tags: [pelayanan]\n"),
		"content/tentang.md":   "---\ntitle: Tentang\n---\nTentang kami.\n",
		"content/opd/bpsdm.md": "---\ntitle: BPSDM\n---\nBadan.\n",
	}
	s, set := site(t, files, nil)
	first := publish.NewMemory()
	o := cache.NewOutputs(cache.Key{1}, nil, first)
	r1, err := render.Run(context.Background(), render.Options{Site: s, Layouts: set, Target: first, Reuse: o, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	second := publish.NewMemoryFrom(first)
	o2 := cache.NewOutputs(cache.Key{1}, o.Sigs(), second)
	r2, err := render.Run(context.Background(), render.Options{Site: s, Layouts: set, Target: second, Reuse: o2, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if r1.Reused != 0 || r2.Reused == 0 || r2.Reused >= r2.Pages {
		t.Errorf("reused %d then %d of %d pages: want none, then all but the whole-site pages", r1.Reused, r2.Reused, r2.Pages)
	}
	for _, name := range []string{"berita/a/index.html", "berita/index.html", "tag/pelayanan/index.html", "tentang/index.html"} {
		if _, ok := o.Sigs()[name]; !ok {
			t.Errorf("%s declares no inputs", name)
		}
	}
	for _, name := range []string{"index.html", "arsip/index.html", "sitemap.xml"} {
		if _, ok := o.Sigs()[name]; ok {
			t.Errorf("%s reads the whole site, yet declares inputs", name)
		}
	}
	if len(second.Files) != len(first.Files) {
		t.Fatalf("%d files, then %d", len(first.Files), len(second.Files))
	}
	for name, b := range first.Files {
		if string(second.Files[name]) != string(b) {
			t.Errorf("%s differs", name)
		}
	}
}
