package build

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/markdown"
)

// TestBodiesLeaveTheHeap: after the load stage a build keeps no page's
// rendered body in memory (the bodies wait in a temporary file), yet
// every article's page holds its body.
func TestBodiesLeaveTheHeap(t *testing.T) {
	t.Parallel()
	// BodyFacts: the headings say what each page's body holds.
	mem, res := buildMem(t, siteFS(t, "basic"), Options{NoMinify: true, BodyFacts: true})
	bodies := 0
	for _, p := range res.Site.All {
		if p.Doc == nil {
			continue
		}
		if p.Doc.HTML != "" {
			t.Errorf("%s: the build still holds the rendered body (%d bytes)", p.File, len(p.Doc.HTML))
		}
		if p.Kind != content.KindNews || len(p.Doc.Headings) == 0 {
			continue
		}
		out := mem.Files[strings.TrimPrefix(p.Path, "/")+"index.html"]
		for _, h := range p.Doc.Headings {
			if !bytes.Contains(out, []byte(`id="`+h.ID+`"`)) {
				t.Errorf("%s: page %s lacks its body's heading %q", p.File, p.Path, h.ID)
			}
		}
		bodies++
	}
	if bodies == 0 {
		t.Fatal("no article with a body in the fixture: the test checks nothing")
	}
}

// TestSpillGivesBackEachBody: bodies written from many goroutines read
// back whole, each its own, as often as asked; the file leaves no trace
// in its folder, and after close a read is an error naming the page's
// file, not an empty body.
func TestSpillGivesBackEachBody(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := newSpill(dir)
	if s == nil {
		t.Fatal("no spill file in a writable folder")
	}
	cfg := config.Default()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	pages := make([]*content.Page, 200)
	want := make([]string, len(pages))
	parallel(len(pages), 4, func(i int) {
		want[i] = strings.Repeat("<p>"+strings.Repeat("x", i)+"</p>", i%7+1)
		p, errs := content.Parse(&cfg, content.Source{File: "content/berita/a.md", Data: []byte("---\ntitle: A\ndate: 2020-01-01\n---\nbadan\n")})
		if p == nil {
			t.Error(errs)
			return
		}
		p.Doc = &markdown.Doc{HTML: want[i], Words: i}
		s.keep(p)
		pages[i] = p
	})
	for round := range 2 {
		for i, p := range pages {
			if p.Doc.HTML != "" || p.Doc.Words != i {
				t.Fatalf("page %d: Doc = %+v, want its facts without the HTML", i, p.Doc)
			}
			got, err := p.Content()
			if err != nil || string(got) != want[i] {
				t.Fatalf("round %d, page %d: Content() = %.40q, %v; want %.40q", round, i, got, err, want[i])
			}
		}
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("the spill file is visible in its folder: %s", left[0].Name())
	}
	s.close()
	if _, err := pages[0].Content(); err == nil || !strings.Contains(err.Error(), "content/berita/a.md") {
		t.Errorf("Content() after close: %v, want an error naming the file", err)
	}
}

// TestBodyFactsOnlyWhenAsked: a build with the theme drops the headings
// and links of its pages' bodies before rendering (no theme output reads
// them), and keeps them, as check needs them, with BodyFacts; the first
// paragraph stays where it is the page's lead.
func TestBodyFactsOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	count := func(res Result) (headings, links, summaries int) {
		for _, p := range res.Site.All {
			if p.Doc != nil {
				headings += len(p.Doc.Headings)
				links += len(p.Doc.Links)
				if p.Doc.Summary != "" && p.Lead() == p.Doc.Summary {
					summaries++ // the summary Lead shows: kept
				}
			}
		}
		return
	}
	_, lean := buildMem(t, siteFS(t, "basic"), Options{NoMinify: true})
	_, full := buildMem(t, siteFS(t, "basic"), Options{NoMinify: true, BodyFacts: true})
	h, l, s := count(full)
	if h == 0 || l == 0 || s == 0 {
		t.Fatalf("with BodyFacts: %d headings, %d links, %d summaries; the fixture has all three", h, l, s)
	}
	if h, l, s2 := count(lean); h != 0 || l != 0 || s2 != s {
		t.Errorf("without BodyFacts: %d headings, %d links, %d summaries; want 0, 0 and %d", h, l, s2, s)
	}
}
