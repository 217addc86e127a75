package cache

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/warta-portal/warta/internal/markdown"
)

// fill sets every field of the value v points to, at any depth (slices
// get two elements), to a value other than its zero, different per call:
// a field the codec forgets then comes back unlike the original. A kind
// fill does not know fails the test: the codec must learn it first.
func fill(t *testing.T, v reflect.Value, seed *int) {
	t.Helper()
	*seed++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("isi %d ✓", *seed))
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(*seed) * -37)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(t, v.Field(i), seed)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(t, v.Index(i), seed)
		}
	default:
		t.Fatalf("markdown.Doc holds a %s: teach encodeDocs and decodeDocs to carry it", v.Type())
	}
}

// TestDocsCodecCoversEveryField round-trips Docs with every field set.
func TestDocsCodecCoversEveryField(t *testing.T) {
	t.Parallel()
	seed := 0
	m := map[Key]*markdown.Doc{}
	for i := range 5 {
		d := &markdown.Doc{}
		fill(t, reflect.ValueOf(d).Elem(), &seed)
		m[Key{byte(i * 40)}] = d
	}
	m[Key{1}] = &markdown.Doc{} // nothing at all
	got, err := decodeDocs(encodeDocs(m))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("round trip changed the docs:\n got %+v\nwant %+v", got[Key{}], m[Key{}])
	}
	if got, err := decodeDocs(encodeDocs(map[Key]*markdown.Doc{})); err != nil || len(got) != 0 {
		t.Errorf("empty shard: %v, %v", got, err)
	}
}

func TestDocsCodecRefusesOtherShapes(t *testing.T) {
	t.Parallel()
	seed := 0
	m := map[Key]*markdown.Doc{}
	for i := range 3 {
		d := &markdown.Doc{}
		fill(t, reflect.ValueOf(d).Elem(), &seed)
		m[Key{byte(i)}] = d
	}
	b := encodeDocs(m)
	for i := range len(b) {
		if _, err := decodeDocs(b[:i]); err == nil {
			t.Fatalf("a shard cut at %d of %d bytes was read", i, len(b))
		}
	}
	if _, err := decodeDocs(append(bytes.Clone(b), 0)); err == nil {
		t.Error("a shard with a trailing byte was read")
	}
	for i := range len(b) {
		c := bytes.Clone(b)
		c[i] ^= 0x81
		_, _ = decodeDocs(c) // must not panic
	}
	if _, err := decodeDocs([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}); err == nil {
		t.Error("a huge count was read")
	}
	// Keys out of order (a payload made otherwise): the second entry's
	// key is made smaller than the first's.
	c := bytes.Clone(b)
	one := encodeDocs(map[Key]*markdown.Doc{{0}: m[Key{0}]})
	c[len(one)] = 0 // the second key's first byte, after count and entry 0
	if c[len(one)+1] = 0; bytes.Equal(c, b) {
		t.Fatal("the edit changed nothing")
	}
	if _, err := decodeDocs(c); err == nil {
		t.Error("keys out of order were read")
	}
}

// sampleDocs is one shard of the body index of 10,000 articles: 625
// bodies with a summary, a few headings, links and an image each.
func sampleDocs() map[Key]*markdown.Doc {
	m := map[Key]*markdown.Doc{}
	for i := range 625 {
		d := &markdown.Doc{Summary: strings.Repeat("Pemerintah provinsi meluncurkan layanan baru. ", 4), Words: 400 + i}
		for j := range 4 {
			d.Headings = append(d.Headings, markdown.Heading{Level: 2, Text: fmt.Sprintf("Bagian %d dari layanan", j), ID: fmt.Sprintf("bagian-%d-dari-layanan", j), Line: 10 + j*8})
			d.Links = append(d.Links, markdown.Ref{Dest: fmt.Sprintf("/berita/artikel-%d-%d/", i, j), Text: "baca juga artikel terkait", Line: 12 + j*8})
		}
		d.Images = []markdown.Ref{{Dest: "foto.jpg", Text: "Suasana peluncuran layanan", Line: 5}}
		m[Key{byte(i), byte(i >> 8), 7}] = d
	}
	return m
}

// BenchmarkDocs compares the body index's form with gob on one shard.
func BenchmarkDocs(b *testing.B) {
	m := sampleDocs()
	var g bytes.Buffer
	if err := gob.NewEncoder(&g).Encode(m); err != nil {
		b.Fatal(err)
	}
	c := encodeDocs(m)
	b.Logf("%d docs: gob %d bytes, own form %d", len(m), g.Len(), len(c))
	b.Run("decode/own", func(b *testing.B) {
		for b.Loop() {
			if _, err := decodeDocs(c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode/gob", func(b *testing.B) {
		for b.Loop() {
			var out map[Key]*markdown.Doc
			if err := gob.NewDecoder(bytes.NewReader(g.Bytes())).Decode(&out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encode/own", func(b *testing.B) {
		for b.Loop() {
			encodeDocs(m)
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
