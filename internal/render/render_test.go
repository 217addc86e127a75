package render_test

import (
	"context"
	"io/fs"
	"os"
	"path"
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
	return siteAt(t, files, siteLayouts, now)
}

// siteAt is site built at time now.
func siteAt(t *testing.T, files map[string]string, siteLayouts fstest.MapFS, now time.Time) (*content.Site, *layout.Set) {
	t.Helper()
	return siteSpliced(t, files, siteLayouts, now, nil)
}

// siteSpliced is siteAt with the layouts' fragments given to splicer
// (when not nil).
func siteSpliced(t *testing.T, files map[string]string, siteLayouts fstest.MapFS, now time.Time, splicer *publish.Fragments) (*content.Site, *layout.Set) {
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
	if splicer != nil {
		o.Splicer = splicer
	}
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
			[]string{"content/berita/a.md:4: two pages on one URL", `layouts/berita/single.html:2: template: no layout or partial "partials/nope.html"`}},
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

// TestSharedFragmentsEqualPerPageMarkup renders the sample portal with the
// theme, whose header, main menu and catalog facets are fragments shared
// by many pages (Data.Nav, partials/site-header.html, partials/menu.html
// and partials/facet.html), and again with layouts that render them on
// every page from the page's own data: every file must be the same.
func TestSharedFragmentsEqualPerPageMarkup(t *testing.T) {
	t.Parallel()
	files := samplePortal(t)
	theme := warta.Theme()
	read := func(name string) string {
		b, err := fs.ReadFile(theme, name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	replace := func(s, old, new string) string {
		if !strings.Contains(s, old) {
			t.Fatalf("the theme no longer has %q", old)
		}
		return strings.Replace(s, old, new, 1)
	}
	perPage := fstest.MapFS{
		"partials/header.html": {Data: []byte(replace(read("partials/header.html"), `{{ fragment "partials/site-header.html" .Nav }}`,
			`{{ template "partials/site-header.html" . }}`))},
		"partials/site-header.html": {Data: []byte(replace(replace(read("partials/site-header.html"), `{{ template "partials/menu.html" . }}`,
			`<ul>{{ range .Site.Menu }}<li><a href="{{ relURL .URL }}"{{ with $.CurrentPage .URL }} aria-current="{{ . }}"{{ end }}>{{ .Name }}</a></li>{{ end }}</ul>`),
			`{{ with .CurrentPage "/" }} aria-current="{{ . }}"{{ end }}`, `{{ if eq .Path "/" }} aria-current="page"{{ end }}`))},
		"inovasi/list.html": {Data: []byte(replace(read("inovasi/list.html"), `{{ fragment "partials/facet.html" . }}`,
			`{{- $open := or (eq .Name "tahapan") (eq .Name "jenis") }}{{ range .Values }}{{ if eq $.Path .Path }}{{ $open = true }}{{ end }}{{ end }}
      <details class="facet"{{ if $open }} open{{ end }}><summary>{{ .Title }}</summary><ul>
          {{- range .Values }}
          <li><a href="{{ relURL .Path }}"{{ if eq $.Path .Path }} aria-current="page"{{ end }} data-facet="{{ .Facet.Name }}" data-value="{{ .Slug }}">{{ .Label }} <span class="count">({{ num .Count }})</span></a></li>
          {{- end }}</ul></details>`))},
	}
	render1 := func(layouts fstest.MapFS) map[string][]byte {
		// The day the sample portal's newest item is dated.
		s, set := siteAt(t, files, layouts, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
		mem := publish.NewMemory()
		// Minified: the replacements above are not indented as the theme.
		if _, err := render.Run(context.Background(), render.Options{Site: s, Layouts: set, Target: publish.NewMinify(mem), Workers: 2}); err != nil {
			t.Fatal(err)
		}
		return mem.Files
	}
	shared, each := render1(nil), render1(perPage)
	if len(shared) != len(each) {
		t.Fatalf("%d files with shared fragments, %d without", len(shared), len(each))
	}
	marked, facets := 0, 0
	for name, b := range each {
		if string(shared[name]) != string(b) {
			t.Errorf("%s differs:\n%s\nwithout shared fragments:\n%s", name, shared[name], b)
		}
		marked += strings.Count(string(b), `aria-current="true"`)
		facets += strings.Count(string(b), `<details class="facet"`)
	}
	if marked == 0 || facets == 0 {
		t.Errorf("%d menu entries marked, %d facets: the sample portal no longer tests them", marked, facets)
	}
}

// samplePortal returns the sample portal's content files (name → text).
func samplePortal(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	root := os.DirFS("../..")
	err := fs.WalkDir(root, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".md" {
			return err
		}
		b, err := fs.ReadFile(root, p)
		files[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestSplicedFragmentsEqualWholeMinify renders the sample portal minified
// twice: with every fragment and cached partial (cards, related news, the
// menu, facets, the ticker, the footer) minified once and spliced into
// the pages that show it (publish.Fragments), and with every page
// minified whole. Every file must be the same. So too with a site layout
// that shows fragments where they cannot be spliced (in a <pre>, an
// attribute, a script, a title, an <svg>, read by len and printf): those
// pages are minified whole.
func TestSplicedFragmentsEqualWholeMinify(t *testing.T) {
	t.Parallel()
	files := samplePortal(t)
	list := func(cards string) fstest.MapFS {
		return fstest.MapFS{"_default/list.html": {Data: []byte(`{{ define "main" }}
<div class="wrap">{{ with .Pager }}{{ range .Items }}` + cards + `{{ end }}{{ end }}</div>
{{ end }}`)}}
	}
	// escaped: the layout's escaping changes the stand-ins (the page is
	// executed again with the fragments); pipelines read the fragment.
	escaped := list(`
  <div title="{{ fragment "partials/card.html" . }}">x</div>
  <script>var card = {{ fragment "partials/card.html" . }};</script>
  <textarea>{{ cached "partials/footer.html" }}</textarea>
  <p>{{ len (fragment "partials/card.html" .) }} {{ printf "%.20s" (fragment "partials/card.html" .) }}</p>
  {{- $c := fragment "partials/card.html" . }}{{ $c }}`)
	// raw: the minifier keeps the stand-ins as they are or minifies them
	// otherwise (the page is minified whole); inline neighbours.
	raw := list(`
  <pre>{{ fragment "partials/card.html" . }}</pre>
  <svg>{{ fragment "partials/card.html" . }}</svg>
  <xmp>{{ fragment "partials/card.html" . }}</xmp>
  <span>a</span> {{ fragment "partials/card.html" . }} <b>b</b>x{{ cached "partials/footer.html" }}y`)
	sampleNow := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		layouts fstest.MapFS
	}{{"theme", nil}, {"escaped", escaped}, {"raw", raw}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			render1 := func(frags *publish.Fragments) map[string][]byte {
				s, set := siteSpliced(t, files, tc.layouts, sampleNow, frags)
				mem := publish.NewMemory()
				if _, err := render.Run(context.Background(), render.Options{Site: s, Layouts: set, Target: publish.NewMinify(mem).Splice(frags), Workers: 2}); err != nil {
					t.Fatal(err)
				}
				return mem.Files
			}
			frags := publish.NewFragments()
			whole, spliced := render1(nil), render1(frags)
			if len(whole) != len(spliced) {
				t.Fatalf("%d files minified whole, %d spliced", len(whole), len(spliced))
			}
			for name, b := range whole {
				if string(spliced[name]) != string(b) {
					t.Errorf("%s differs:\n%s\nminified whole:\n%s", name, spliced[name], b)
				}
			}
			n, pages, wholePages := frags.Stats()
			t.Logf("%d fragments, %d pages spliced, %d minified whole", n, pages, wholePages)
			if n < 50 || pages < 50 {
				t.Errorf("%d fragments, %d pages spliced: the sample portal no longer tests splicing", n, pages)
			}
			if tc.layouts == nil && wholePages > 0 {
				t.Errorf("%d pages of the theme minified whole", wholePages)
			}
			if tc.name == "raw" && wholePages == 0 {
				t.Errorf("no page of the raw layout minified whole: it no longer tests it")
			}
		})
	}
}

// TestSplicedPagesFailAsWhole: a fragment that fails, a missing one, or
// a page layout that fails after its fragments, reports the same errors
// (naming the fragment function as the layout does) with the fragments
// spliced as without.
func TestSplicedPagesFailAsWhole(t *testing.T) {
	t.Parallel()
	files := samplePortal(t)
	sampleNow := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for name, layouts := range map[string]fstest.MapFS{
		"fragment": {"partials/related.html": {Data: []byte(`<li>{{ .NoSuchField }}</li>`)}},
		"missing": {"_default/list.html": {Data: []byte(`{{ define "main" }}{{ with .Pager }}{{ range .Items }}
{{ fragment "partials/card.html" . }}{{ fragment "partials/NoSuchField.html" . }}{{ end }}{{ end }}{{ end }}`)}},
		"page": {"_default/list.html": {Data: []byte(`{{ define "main" }}<div>{{ with .Pager }}{{ range .Items }}
{{ fragment "partials/card.html" . }}{{ end }}{{ end }}{{ .NoSuchField }}</div>{{ end }}`)}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			render1 := func(frags *publish.Fragments) string {
				s, set := siteSpliced(t, files, layouts, sampleNow, frags)
				_, err := render.Run(context.Background(), render.Options{Site: s, Layouts: set, Target: publish.NewMinify(publish.NewMemory()).Splice(frags), Workers: 2})
				if err == nil {
					t.Fatal("no error")
				}
				return err.Error()
			}
			whole, spliced := render1(nil), render1(publish.NewFragments())
			if whole != spliced {
				t.Errorf("spliced:\n%s\nwhole:\n%s", spliced, whole)
			}
			if !strings.Contains(whole, "NoSuchField") {
				t.Errorf("not the layout's error: %s", whole)
			}
		})
	}
}
