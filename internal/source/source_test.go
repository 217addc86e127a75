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
	want := []string{"content/_index.md", "content/berita/a.md", "content/berita/b/index.md"}
	if !slices.Equal(got, want) {
		t.Errorf("content %v, want %v", got, want)
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
