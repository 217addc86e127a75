package source

import (
	"slices"
	"testing"
	"testing/fstest"
)

func TestWalk(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":               {},
		"content/berita/a.md":             {},
		"content/berita/a.md~":            {},
		"content/berita/.a.md.swp":        {},
		"content/berita/#a.md#":           {},
		"content/berita/b/index.md":       {},
		"content/berita/b/foto.jpg":       {},
		"content/berita/b/lampiran/x.pdf": {},
		"content/berita/b/lampiran/y.md":  {},
		"content/berita/gambar-lepas.jpg": {},
		"content/berita/b/catatan.md":     {},
		"content/berita/c.markdown":       {},
		"content/berita/d.mdown":          {},
		"content/berita/e.mkd":            {},
		"content/berita/f.mkdn":           {},
		"content/berita/g.MD":             {},
		"content/berita/h/index.markdown": {},
		"content/.git/config":             {},
		"static/css/a.css":                {},
		"static/.DS_Store":                {},
	}
	tree, err := Walk(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range tree.Content {
		got = append(got, e.Path)
		if e.Path == "content/berita/b/index.md" && !slices.Equal(e.Resources, []string{"content/berita/b/foto.jpg", "content/berita/b/lampiran/x.pdf"}) {
			t.Errorf("bundle resources %v", e.Resources)
		}
	}
	want := []string{"content/_index.md", "content/berita/a.md", "content/berita/b/index.md",
		"content/berita/c.markdown", "content/berita/d.mdown", "content/berita/e.mkd", "content/berita/f.mkdn",
		"content/berita/g.MD", "content/berita/h/index.markdown"}
	if !slices.Equal(got, want) {
		t.Errorf("content %v, want %v", got, want)
	}
	wantSkipped := []Skip{
		{Path: "content/berita/b/catatan.md", Bundle: "content/berita/b/index.md"},
		{Path: "content/berita/b/lampiran/y.md", Bundle: "content/berita/b/index.md"},
		{Path: "content/berita/gambar-lepas.jpg"},
	}
	if !slices.Equal(tree.Skipped, wantSkipped) {
		t.Errorf("skipped %v, want %v", tree.Skipped, wantSkipped)
	}
	if !slices.Equal(tree.Static, []string{"static/css/a.css"}) {
		t.Errorf("static %v", tree.Static)
	}
}

func TestWalkWithoutFolders(t *testing.T) {
	tree, err := Walk(fstest.MapFS{})
	if err != nil || len(tree.Content) != 0 {
		t.Errorf("%v %v", tree, err)
	}
}
