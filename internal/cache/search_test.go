package cache

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/markdown"
	"github.com/warta-portal/warta/internal/search"
)

// analysed is a news page whose body counts how often it is read.
func analysed(file string, hash byte, body string, reads *int) *content.Page {
	p := &content.Page{File: file, Kind: content.KindNews, FrontMatter: content.FrontMatter{Title: "Pelatihan Kerja Pemuda"}, SourceHash: [32]byte{hash}}
	p.SetLazyHTML(&markdown.Doc{}, func() ([]byte, error) {
		*reads++
		return []byte(body), nil
	})
	return p
}

// flat writes a Doc as its terms and weights, whatever its table.
func flat(d search.Doc) string {
	var b strings.Builder
	for e := d.Enc; len(e) > 0; {
		v, n := binary.Uvarint(e)
		if n <= 0 || d.Table == nil || int(v>>2) >= len(d.Table.Terms) {
			return b.String() + " (malformed)"
		}
		fmt.Fprintf(&b, "%s:%d ", d.Table.Terms[v>>2], v&3)
		e = e[n:]
	}
	return b.String()
}

// TestAnalysesReadBodiesOnlyOfChangedPages: a second build with the same
// cache folder analyses (reads the body of) only a page whose file, bytes
// or setting changed, and gets the same Docs; a damaged file of Docs is a
// noted miss.
func TestAnalysesReadBodiesOnlyOfChangedPages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const body = "<p>Dinas melatih para pemuda menulis.</p>"
	build := func(setting string, pages ...*content.Page) []string {
		t.Helper()
		c, err := Open(dir, Key{1})
		if err != nil {
			t.Fatal(err)
		}
		a := NewAnalyses(c, nil, setting)
		var out []string
		for _, p := range pages {
			d, err := a.Doc(p)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, flat(d))
		}
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	var reads int
	first := build("md", analysed("content/berita/a.md", 1, body, &reads), analysed("content/berita/b.md", 2, body, &reads))
	if reads != 2 || !strings.Contains(first[0], "latih:") || first[0] != first[1] {
		t.Fatalf("first build: %d reads, Docs %q", reads, first)
	}
	tests := []struct {
		name  string
		pages []*content.Page
		set   string
		reads int
	}{
		{"unchanged", []*content.Page{analysed("content/berita/a.md", 1, body, &reads), analysed("content/berita/b.md", 2, body, &reads)}, "md", 0},
		{"one file's bytes", []*content.Page{analysed("content/berita/a.md", 1, body, &reads), analysed("content/berita/b.md", 3, body, &reads)}, "md", 1},
		{"a file renamed", []*content.Page{analysed("content/berita/c.md", 1, body, &reads)}, "md", 1},
		{"the setting", []*content.Page{analysed("content/berita/c.md", 1, body, &reads)}, "md2", 1},
	}
	for _, tc := range tests { // in order: each build starts from the last one's cache
		reads = 0
		got := build(tc.set, tc.pages...)
		if reads != tc.reads {
			t.Errorf("%s: %d bodies read, want %d", tc.name, reads, tc.reads)
		}
		for i := range got {
			if got[i] != first[0] {
				t.Errorf("%s: Doc %q, want %q", tc.name, got[i], first[0])
			}
		}
	}
	// Damage every file of Docs: the next build reads every body again.
	files, _ := filepath.Glob(filepath.Join(dir, "*", "search", "*.bin"))
	if len(files) == 0 {
		t.Fatal("no files of Docs in the cache")
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		b[len(b)-1] ^= 0xff
		os.WriteFile(f, b, 0o644)
	}
	c, err := Open(dir, Key{1})
	if err != nil {
		t.Fatal(err)
	}
	reads = 0
	if d, err := NewAnalyses(c, nil, "md2").Doc(analysed("content/berita/c.md", 1, body, &reads)); err != nil || flat(d) != first[0] || reads != 1 {
		t.Errorf("after damage: Doc %q, %v, %d reads", flat(d), err, reads)
	}
	if len(c.Notes()) == 0 {
		t.Error("the damage was not noted")
	}
}

// TestAnalysesRefByKey: Ref gives a page the cache folder holds by its Key
// alone (no terms read), Fetch gives its whole Doc, and the Docs given by
// Key stay in the folder for the next build as used ones do.
func TestAnalysesRefByKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const body = "<p>Dinas melatih para pemuda menulis.</p>"
	var reads int
	open := func() (*Cache, *Analyses) {
		t.Helper()
		c, err := Open(dir, Key{1})
		if err != nil {
			t.Fatal(err)
		}
		return c, NewAnalyses(c, nil, "md")
	}
	c, a := open()
	whole, err := a.Doc(analysed("content/berita/a.md", 1, body, &reads))
	if err != nil || whole.Key == ([32]byte{}) {
		t.Fatalf("Doc: %v, key %x", err, whole.Key)
	}
	for _, p := range []*content.Page{analysed("content/berita/b.md", 2, body, &reads), analysed("content/berita/c.md", 4, body, &reads)} {
		if _, err := a.Doc(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}

	c, a = open()
	reads = 0
	ref, err := a.Ref(analysed("content/berita/a.md", 1, body, &reads))
	if err != nil || ref.Table != nil || ref.Key != whole.Key || reads != 0 {
		t.Fatalf("Ref of a kept page: table %v, key %x (want %x), %v, %d reads", ref.Table, ref.Key, whole.Key, err, reads)
	}
	if c.search.lazy[c.search.docs[Key(ref.Key)].Table].t.Terms != nil {
		t.Error("Ref read the terms of a file")
	}
	got, ok := a.Fetch(ref.Key)
	if !ok || flat(got) != flat(whole) || got.Key != whole.Key {
		t.Errorf("Fetch: %q, %v; want %q", flat(got), ok, flat(whole))
	}
	if _, err := a.Ref(analysed("content/berita/c.md", 4, body, &reads)); err != nil { // never fetched
		t.Fatal(err)
	}
	changed, err := a.Ref(analysed("content/berita/b.md", 3, body, &reads))
	if err != nil || changed.Table == nil || reads != 1 {
		t.Errorf("Ref of a changed page: table %v, %v, %d reads", changed.Table, err, reads)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}

	// The Docs given by Key only were kept, fetched or not; so was b's new one.
	_, a = open()
	reads = 0
	for _, p := range []*content.Page{analysed("content/berita/a.md", 1, body, &reads), analysed("content/berita/b.md", 3, body, &reads), analysed("content/berita/c.md", 4, body, &reads)} {
		if d, err := a.Doc(p); err != nil || flat(d) != flat(whole) {
			t.Errorf("%s: %q, %v", p.File, flat(d), err)
		}
	}
	if reads != 0 {
		t.Errorf("%d bodies read: a Doc given by Key was dropped", reads)
	}
}
