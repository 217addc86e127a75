package cache

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/warta-portal/warta/internal/publish"
)

// sampleManifest is the manifest of a site of n articles, shaped like a
// real one: a page and a card image per article, a folder per page.
func sampleManifest(n int) Manifest {
	m := Manifest{Sigs: map[string]Key{}, Dest: publish.Record{Token: Key{9, 8, 7},
		Files: map[string]publish.Stamp{}, Tree: publish.Listing{}, Spare: publish.Listing{}}}
	m.Dest.Tree["."] = publish.Folder{Names: "berita/\x00index.html\x00"}
	for i := range n {
		dir := fmt.Sprintf("berita/%d-warga-rasakan-manfaat-pembayaran-pajak-%d", i%7, i)
		for j, name := range []string{dir + "/index.html", dir + "/og.png"} {
			m.Sigs[name] = Key{byte(i), byte(i >> 8), byte(j)}
			m.Dest.Files[name] = publish.Stamp{Size: int64(1000 + i), ModTime: 1_700_000_000_000_000_000 + int64(i), Mode: 0o644, Shared: i%3 == 0}
		}
		m.Dest.Tree[dir] = publish.Folder{ModTime: 1_700_000_000_000_000_000 - int64(i), ChangeTime: int64(i), Names: "index.html\x00og.png\x00"}
		m.Dest.Spare[dir] = publish.Folder{Names: "index.html\x00"}
	}
	return m
}

func TestManifestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, m := range []Manifest{sampleManifest(300), {}, {Sigs: map[string]Key{"": {1}}, Dest: publish.Record{Files: map[string]publish.Stamp{"a": {Size: -1, ModTime: -5}}}}} {
		got, _, err := decodeManifest(encodeManifest(m, manifestOrder{}))
		if err != nil {
			t.Fatal(err)
		}
		// Empty maps come back empty, not nil.
		for _, l := range []*publish.Listing{&m.Dest.Tree, &m.Dest.Spare} {
			if *l == nil {
				*l = publish.Listing{}
			}
		}
		if m.Sigs == nil {
			m.Sigs = map[string]Key{}
		}
		if m.Dest.Files == nil {
			m.Dest.Files = map[string]publish.Stamp{}
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("round trip changed the manifest of %d outputs", len(m.Sigs))
		}
	}
	if !bytes.Equal(encodeManifest(sampleManifest(50), manifestOrder{}), encodeManifest(sampleManifest(50), manifestOrder{})) {
		t.Error("the same manifest encodes differently")
	}
}

// TestManifestOrderChangesNothing encodes manifests with the order of an
// earlier one: the same bytes as without, whatever was added or removed.
func TestManifestOrderChangesNothing(t *testing.T) {
	t.Parallel()
	_, order, err := decodeManifest(encodeManifest(sampleManifest(40), manifestOrder{}))
	if err != nil {
		t.Fatal(err)
	}
	grown := sampleManifest(60) // outputs and folders added, before and after the others
	grown.Sigs["0-first"], grown.Dest.Files["zz-last"] = Key{1}, publish.Stamp{Size: 1}
	shrunk := sampleManifest(40)
	for name := range shrunk.Sigs {
		if strings.HasSuffix(name, "og.png") {
			delete(shrunk.Sigs, name) // still a file: in the union
		}
	}
	delete(shrunk.Dest.Files, "berita/3-warga-rasakan-manfaat-pembayaran-pajak-10/og.png")
	delete(shrunk.Sigs, "berita/3-warga-rasakan-manfaat-pembayaran-pajak-10/index.html")
	delete(shrunk.Dest.Files, "berita/3-warga-rasakan-manfaat-pembayaran-pajak-10/index.html")
	delete(shrunk.Dest.Tree, "berita/3-warga-rasakan-manfaat-pembayaran-pajak-10")
	for _, m := range []Manifest{sampleManifest(40), grown, shrunk, {}} {
		if !bytes.Equal(encodeManifest(m, order), encodeManifest(m, manifestOrder{})) {
			t.Errorf("the order of an earlier manifest changed the encoding of one of %d outputs", len(m.Sigs))
		}
	}
}

// TestManifestRefusesOtherShapes decodes every cut of a manifest and
// payloads with a byte changed: each is refused or read whole, never a
// panic, and a cut is always refused.
func TestManifestRefusesOtherShapes(t *testing.T) {
	t.Parallel()
	b := encodeManifest(sampleManifest(20), manifestOrder{})
	for i := range len(b) {
		if _, _, err := decodeManifest(b[:i]); err == nil {
			t.Fatalf("a manifest cut at %d of %d bytes was read", i, len(b))
		}
	}
	if _, _, err := decodeManifest(append(bytes.Clone(b), 0)); err == nil {
		t.Error("a manifest with a trailing byte was read")
	}
	for i := 0; i < len(b); i += 3 {
		c := bytes.Clone(b)
		c[i] ^= 0xff
		_, _, _ = decodeManifest(c) // must not panic
	}
	// A count far beyond what the payload holds is refused before any
	// allocation.
	if _, _, err := decodeManifest([]byte{0xff, 0xff, 0xff, 0xff, 0x0f}); err == nil {
		t.Error("a huge count was read")
	}
	// Names out of order (a payload made otherwise) are refused.
	e := &manifestWriter{b: make([]byte, 32)}
	e.uint(2)
	for _, name := range []string{"b", "a"} {
		e.prev = "" // as if each were the first
		e.name(name)
		e.b = append(e.b, hasSig)
		e.b = append(e.b, make([]byte, 32)...)
	}
	e.uint(0)
	if _, _, err := decodeManifest(e.b); err == nil {
		t.Error("names out of order were read")
	}
	// An output with no signature and no file, or an unknown flag.
	for _, flags := range []byte{0, isShared, hasSig | 8} {
		e = &manifestWriter{b: make([]byte, 32)}
		e.uint(1)
		e.name("a")
		e.b = append(e.b, flags)
		e.b = append(e.b, make([]byte, 32)...)
		e.uint(0)
		if _, _, err := decodeManifest(e.b); err == nil {
			t.Errorf("an output of flags %d was read", flags)
		}
	}
	if _, _, err := decodeManifest(e.b); err == nil {
		t.Error("names out of order were read")
	}
}

// BenchmarkManifest compares the compact form with gob on a manifest of
// 10,000 articles.
func BenchmarkManifest(b *testing.B) {
	m := sampleManifest(10_000)
	var g bytes.Buffer
	if err := gob.NewEncoder(&g).Encode(m); err != nil {
		b.Fatal(err)
	}
	c := encodeManifest(m, manifestOrder{})
	_, order, err := decodeManifest(c)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("decode/compact", func(b *testing.B) {
		b.SetBytes(int64(len(c)))
		for b.Loop() {
			if _, _, err := decodeManifest(c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode/gob", func(b *testing.B) {
		b.SetBytes(int64(g.Len()))
		for b.Loop() {
			var out Manifest
			if err := gob.NewDecoder(bytes.NewReader(g.Bytes())).Decode(&out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encode/compact", func(b *testing.B) {
		for b.Loop() {
			encodeManifest(m, manifestOrder{})
		}
	})
	b.Run("encode/compact-after", func(b *testing.B) { // the order of the manifest read
		for b.Loop() {
			encodeManifest(m, order)
		}
	})
	b.Run("encode/gob", func(b *testing.B) {
		for b.Loop() {
			var out bytes.Buffer
			if err := gob.NewEncoder(&out).Encode(m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestWarmSaysTheLastCount checks the size hint kept beside a manifest:
// Warm gives the count saved for the same site folder, and 0 for another
// site, a damaged file, or a manifest saved since without a count.
func TestWarmSaysTheLastCount(t *testing.T) {
	t.Parallel()
	dir, site, other := t.TempDir(), t.TempDir(), t.TempDir()
	dest := filepath.Join(site, "public")
	c, err := Open(dir, Version())
	if err != nil {
		t.Fatal(err)
	}
	warm := func(source string) (bool, int) { return Warm(dir, Version(), dest, source) }
	if w, n := warm(site); w || n != 0 {
		t.Fatalf("before any save: warm %v, %d files", w, n)
	}
	if err := c.SaveManifest(dest, Manifest{Files: 12000, Source: site}); err != nil {
		t.Fatal(err)
	}
	if w, n := warm(site); !w || n != 12000 {
		t.Errorf("saved with 12000: warm %v, %d files", w, n)
	}
	if w, n := warm(other); !w || n != 0 {
		t.Errorf("another site into the same destination: warm %v, %d files; want true, 0", w, n)
	}
	if w, n := Warm(dir, Version(), filepath.Join(site, "lain"), site); w || n != 0 {
		t.Errorf("another destination: warm %v, %d files; want false, 0", w, n)
	}
	name, _ := c.manifestOf(dest)
	count := sizeName(name)
	good, err := os.ReadFile(count)
	if err != nil {
		t.Fatal(err)
	}
	for what, b := range map[string][]byte{
		"cut short":   good[:len(good)-1],
		"a byte more": append(slices.Clone(good), 0),
		"flipped":     append(slices.Clone(good[:len(good)-1]), good[len(good)-1]^1),
	} {
		if err := os.WriteFile(count, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if w, n := warm(site); !w || n != 0 {
			t.Errorf("count file %s: warm %v, %d files; want true, 0", what, w, n)
		}
	}
	if err := os.WriteFile(count, good, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := c.SaveManifest(dest, Manifest{}); err != nil {
		t.Fatal(err)
	}
	if w, n := warm(site); !w || n != 0 {
		t.Errorf("saved again without a count: warm %v, %d files; want true, 0", w, n)
	}
	if _, err := os.Stat(count); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the last count is still there: %v", err)
	}
}
