package search

import (
	"encoding/json"
	"maps"
	"math/rand/v2"
	"testing"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/markdown"
)

// TestRecordsAreWrittenAsEncodingJSONWritesThem: record blocks are written
// by hand, byte for byte as encoding/json would write them.
func TestRecordsAreWrittenAsEncodingJSONWritesThem(t *testing.T) {
	t.Parallel()
	odd := []string{
		"", "Pelatihan Kerja", `kutip "ganda" dan \ garis`, "<script>&amp;</script>", "baris\nbaru\ttab\r\b\f\x00\x1f\x7f",
		"bukan UTF-8: \xff\xfe akhir", "pemisah\u2028baris\u2029paragraf", "emoji 🙂 dan aksara ꦗꦮ", "\xe2\x80", "Rp 58,4 miliar…",
	}
	var recs []record
	for i, s := range odd {
		recs = append(recs, record{Title: s, URL: "berita/" + s, Date: "2024-01-02", Section: "berita", Agency: s, Tags: odd[:i], Excerpt: s, Image: s})
	}
	recs = append(recs, record{}) // no tags: []
	got := appendRecords(nil, recs)
	var rows [][]any
	for _, r := range recs {
		tags := r.Tags
		if tags == nil {
			tags = []string{}
		}
		rows = append(rows, []any{r.Title, r.URL, r.Date, r.Section, r.Agency, tags, r.Excerpt, r.Image})
	}
	want, err := json.Marshal(rows)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// The sizing pass of Build must count exactly the bytes plist.add
// appends, or the lists outgrow their share of the block and are copied.
func TestSizerMatchesPlist(t *testing.T) {
	for _, v := range []uint64{0, 1, 127, 128, 16383, 16384, 1<<21 - 1, 1 << 21, 1<<63 - 1, 1 << 63} {
		if got, want := uvarintLen(v), len(appendUvarint(nil, v)); got != want {
			t.Errorf("uvarintLen(%d) = %d, want %d", v, got, want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		z, pl := sizer{last: -1, lastW: -1}, plist{last: -1, lastW: -1}
		id := uint32(0)
		for range rng.IntN(300) {
			id += uint32(rng.IntN(3)) * uint32(1+rng.IntN(1<<uint(rng.IntN(20)))) // repeats too
			w := uint8(rng.IntN(4))
			z.add(id, w)
			pl.add(id, w)
		}
		if z.list != len(pl.list) || z.listW != len(pl.listW) {
			t.Fatalf("sizer %d/%d bytes, plist %d/%d", z.list, z.listW, len(pl.list), len(pl.listW))
		}
	}
}

// TestBodyCharacterReferences: a body's character references are decoded
// before its words are cut (chunk by chunk, in analyzer.add), so a body
// gives the terms of its text as a reader sees it; titles and other
// plain-text fields are not decoded.
func TestBodyCharacterReferences(t *testing.T) {
	terms := func(title, body string) map[string]uint8 {
		p := &content.Page{Doc: &markdown.Doc{HTML: body}}
		p.Title = title
		d, err := newAnalyzer().doc(p)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]uint8{}
		d.each(func(n uint32, w uint8) { got[d.Table.Terms[n]] = w })
		return got
	}
	for _, c := range []struct{ html, text string }{
		{"<p>&quot;Sekolah&quot; &amp; Puskesmas</p>", `<p>"Sekolah" & Puskesmas</p>`},
		{"<p>kerja&#32;sama, gotong&#x20;royong</p>", "<p>kerja sama, gotong royong</p>"},
		{"<p>caf&eacute;&nbsp;rakyat &lt;b&gt;tebal</p>", "<p>café\u00a0rakyat [b] tebal</p>"},
		{"<p>anak&#45;anak</p>", "<p>anak-anak</p>"},
	} {
		if got, want := terms("", c.html), terms("", c.text); !maps.Equal(got, want) {
			t.Errorf("%q: terms %v, want those of %q: %v", c.html, got, c.text, want)
		}
	}
	if got := terms("Q&amp;A", ""); got["amp"] != weightTitle {
		t.Errorf("a title's %q was decoded: %v", "&amp;", got)
	}
}
