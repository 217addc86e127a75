package check

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/cache"
	"github.com/warta-portal/warta/internal/imaging"
)

func jpegOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestImageFindings: photos too large, too small for their slot, damaged
// or missing are each reported at the .md line that uses them.
func TestImageFindings(t *testing.T) {
	t.Parallel()
	small := jpegOf(t, 300, 200)
	// A valid JPEG followed by padding, as some cameras write: over the
	// size limit, and still an image.
	big := append(jpegOf(t, 800, 600), make([]byte, MaxImageBytes+1)...)
	damaged := jpegOf(t, 900, 600)
	damaged = damaged[:len(damaged)/2]
	fsys := fstest.MapFS{
		"warta.yaml": {Data: []byte("title: Uji\n")},
		"content/berita/foto/index.md": {Data: []byte(`---
title: Foto
date: 2020-11-11
summary: Ringkasan.
image:
  src: kecil.jpg
  alt: Foto kecil
---

Isi berita.

![Foto besar](besar.jpg)

![Foto rusak](rusak.jpg)

![Foto hilang](hilang.jpg)
`)},
		"content/berita/foto/kecil.jpg": {Data: small},
		"content/berita/foto/besar.jpg": {Data: big},
		"content/berita/foto/rusak.jpg": {Data: damaged},
	}
	rep, err := Run(context.Background(), Options{Source: fsys, Theme: warta.Theme(), Lang: "en", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		kind string
		line int
		text string
	}{
		{"image-small", 6, "cover photo kecil.jpg is only 300 pixels wide"},
		{"image-large", 12, "photo besar.jpg is 5.0 MB"},
		{"content", 14, "image rusak.jpg: cannot decode it"},
		{"image-missing", 16, "hilang.jpg"},
	}
	for _, w := range want {
		found := false
		for _, f := range rep.Findings {
			if f.Kind == w.kind && f.File == "content/berita/foto/index.md" && f.Line == w.line && strings.Contains(f.Message, w.text) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s finding at line %d with %q; findings:\n%+v", w.kind, w.line, w.text, rep.Findings)
		}
	}
}

// counting passes to a real store and counts the renditions put in it.
type counting struct {
	imaging.Store
	puts atomic.Int64
}

func (c *counting) Put(k imaging.Key, b []byte) error {
	c.puts.Add(1)
	return c.Store.Put(k, b)
}

// TestCheckKeepsRenditions: with the build cache's rendition store, a
// second check processes no photo again, and reports the same findings.
func TestCheckKeepsRenditions(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"warta.yaml":                     {Data: []byte("title: Uji\n")},
		"content/berita/foto/index.md":   {Data: []byte("---\ntitle: Foto\ndate: 2020-11-11\nsummary: Ringkasan.\nimage: {src: sampul.jpg, alt: Sampul}\n---\n\n![Isi](isi.jpg)\n")},
		"content/berita/foto/sampul.jpg": {Data: jpegOf(t, 900, 600)},
		"content/berita/foto/isi.jpg":    {Data: jpegOf(t, 500, 400)},
	}
	dir := t.TempDir()
	var reports []Report
	for i := range 2 {
		store := &counting{Store: cache.ImagesIn(dir, cache.Version())}
		rep, err := Run(context.Background(), Options{Source: fsys, Theme: warta.Theme(), Lang: "en", Now: now, Images: store})
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, rep)
		switch n := store.puts.Load(); {
		case i == 0 && n == 0:
			t.Fatal("the first check stored no rendition")
		case i == 1 && n != 0:
			t.Errorf("the second check processed the photos again (%d renditions stored)", n)
		}
	}
	if !reflect.DeepEqual(reports[0].Findings, reports[1].Findings) {
		t.Errorf("findings differ between the two checks:\n%v\n%v", reports[0].Findings, reports[1].Findings)
	}
}
