package search

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/markdown"
)

// BenchmarkBuildPostings joins 12,000 synthetic documents of 300 terms
// each (Zipf over 150,000 words, as the 10,000-article corpus has) into
// postings and shards: the part of Build a one-article rebuild pays whole.
func BenchmarkBuildPostings(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	z := rand.NewZipf(rng, 1.1, 2, 150000)
	site := &content.Site{}
	docs := map[*content.Page]Doc{}
	k := NewPacker()
	t0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 12000 {
		p := &content.Page{Path: fmt.Sprintf("/berita/p%d/", i), Kind: content.KindNews, Date: t0.Add(time.Duration(i) * time.Hour), Doc: &markdown.Doc{}}
		p.Title = "judul"
		seen := map[string]bool{}
		tb := &Table{}
		var enc []byte
		for len(tb.Terms) < 300 {
			t := fmt.Sprintf("t%d", z.Uint64())
			if seen[t] {
				continue
			}
			seen[t] = true
			enc = appendUvarint(enc, uint64(len(tb.Terms))<<2|uint64(rng.IntN(3)))
			tb.Terms = append(tb.Terms, t)
		}
		d := Doc{Table: tb, Enc: enc}
		docs[p] = Doc{Table: k.Table(), Enc: k.Add(d)}
		site.News = append(site.News, p)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := Build(site, Options{Docs: docs}); err != nil {
			b.Fatal(err)
		}
	}
}
