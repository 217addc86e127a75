package search

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/markdown"
)

// memoSite is a synthetic site for the Memo's tests: documents of Zipf
// distributed terms (so that common terms get bitmaps and parts), tags,
// agencies and both kinds.
type memoSite struct {
	rng   *rand.Rand
	zipf  *rand.Zipf
	pages []*content.Page
	docs  map[*content.Page]Doc
	tags  map[string]*content.Term
	next  int
}

func newMemoSite(n int) *memoSite {
	rng := rand.New(rand.NewPCG(7, 11))
	s := &memoSite{rng: rng, zipf: rand.NewZipf(rng, 1.2, 2, 3000), docs: map[*content.Page]Doc{}, tags: map[string]*content.Term{}}
	for range n {
		s.add(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(s.next) * 7 * time.Hour))
	}
	return s
}

// add makes a page dated d with fresh random content.
func (s *memoSite) add(d time.Time) *content.Page {
	i := s.next
	s.next++
	p := &content.Page{Path: fmt.Sprintf("/berita/a%04d/", i), Kind: content.KindNews, Date: d, Doc: &markdown.Doc{}}
	if i%5 == 0 {
		p.Kind, p.Path = content.KindInnovation, fmt.Sprintf("/inovasi/a%04d/", i)
	}
	s.pages = append(s.pages, p)
	s.refill(p)
	return p
}

// refill gives p new text, title, tags and agency.
func (s *memoSite) refill(p *content.Page) {
	p.Title = fmt.Sprintf("judul %d", s.rng.IntN(1000))
	p.Summary = fmt.Sprintf("ringkasan %d", s.rng.IntN(1000))
	p.Agency = []string{"", "diskominfo", "dinkes", "bappeda"}[s.rng.IntN(4)]
	p.Terms = map[string][]*content.Term{}
	for range s.rng.IntN(3) {
		name := fmt.Sprintf("tag%d", s.rng.IntN(8))
		t := s.tags[name]
		if t == nil {
			t = &content.Term{Name: name, Slug: name}
			s.tags[name] = t
		}
		p.Terms["tags"] = append(p.Terms["tags"], t)
	}
	s.retext(p, 20+s.rng.IntN(60))
}

// retext gives p the text of n random terms.
func (s *memoSite) retext(p *content.Page, n int) {
	tb := &Table{}
	seen := map[string]bool{}
	var enc []byte
	for len(tb.Terms) < n {
		t := fmt.Sprintf("w%d", s.zipf.Uint64())
		if seen[t] {
			continue
		}
		seen[t] = true
		enc = appendUvarint(enc, uint64(len(tb.Terms))<<2|uint64(s.rng.IntN(4)))
		tb.Terms = append(tb.Terms, t)
	}
	s.setDoc(p, Doc{Table: tb, Enc: enc})
}

func (s *memoSite) setDoc(p *content.Page, d Doc) {
	h := sha256.New()
	d.each(func(n uint32, w uint8) { fmt.Fprintf(h, "%s:%d ", d.Table.Terms[n], w) })
	copy(d.Key[:], h.Sum(nil))
	s.docs[p] = d
}

func (s *memoSite) site() *content.Site {
	site := &content.Site{}
	for _, p := range s.pages {
		if p.Kind == content.KindInnovation {
			site.Innovations = append(site.Innovations, p)
		} else {
			site.News = append(site.News, p)
		}
	}
	return site
}

func (s *memoSite) remove(p *content.Page) {
	s.pages = slices.DeleteFunc(s.pages, func(q *content.Page) bool { return q == p })
	delete(s.docs, p)
}

// build builds the index with opts' Prev and Keep, asking for a Memo, and
// passes the Memo through its encoding as a cache would.
func (s *memoSite) build(t *testing.T, prev *Memo, keep func(string) bool) (*Index, *Memo) {
	t.Helper()
	idx, _ := s.buildLazy(t, prev, keep, false)
	return idx, idx.Memo.roundTrip(t)
}

// buildLazy is build; lazy gives Build every Doc by its Key alone, to be
// fetched, and returns the number of fetches.
func (s *memoSite) buildLazy(t *testing.T, prev *Memo, keep func(string) bool, lazy bool) (*Index, int) {
	t.Helper()
	o := Options{Docs: s.docs, Prev: prev, Memoize: true, Keep: keep}
	fetches := 0
	if lazy {
		byKey := map[[32]byte]Doc{}
		o.Docs = map[*content.Page]Doc{}
		for p, d := range s.docs {
			byKey[d.Key] = d
			o.Docs[p] = Doc{Key: d.Key}
		}
		o.Fetch = func(k [32]byte) (Doc, bool) {
			fetches++
			d, ok := byKey[k]
			return d, ok
		}
	}
	idx, err := Build(s.site(), o)
	if err != nil {
		t.Fatal(err)
	}
	if idx.Memo == nil {
		t.Fatal("no Memo")
	}
	return idx, fetches
}

// roundTrip passes m through its encoding, as the cache does.
func (m *Memo) roundTrip(t *testing.T) *Memo {
	t.Helper()
	b, err := m.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := DecodeMemo(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestMemoBuildsTheSameIndex changes a site in the ways editors do and
// checks that the index Build updates from the previous build's Memo is
// byte for byte the one it makes from nothing: the same files in the same
// order, the same manifest, the same next Memo, with and without parts.
func TestMemoBuildsTheSameIndex(t *testing.T) {
	edits := []struct {
		name    string
		edit    func(s *memoSite)
		updated bool // the Memo is used (few enough changes)
	}{
		{"nothing", func(s *memoSite) {}, true},
		{"one body", func(s *memoSite) { s.retext(s.pages[300], 50) }, true},
		{"one body, a word of its own", func(s *memoSite) {
			p := s.pages[123]
			d := s.docs[p]
			tb := &Table{Terms: append(slices.Clone(d.Table.Terms), "baruwijaya")}
			s.setDoc(p, Doc{Table: tb, Enc: appendUvarint(slices.Clone(d.Enc), uint64(len(tb.Terms)-1)<<2|2)})
		}, true},
		{"a word's only document loses it", func(s *memoSite) {
			counts := map[string]int{}
			for _, d := range s.docs {
				d.each(func(n uint32, w uint8) { counts[d.Table.Terms[n]]++ })
			}
			for _, p := range s.pages {
				d := s.docs[p]
				var enc []byte
				dropped := false
				d.each(func(n uint32, w uint8) {
					if counts[d.Table.Terms[n]] == 1 && !dropped {
						dropped = true
						return
					}
					enc = appendUvarint(enc, uint64(n)<<2|uint64(w))
				})
				if dropped {
					s.setDoc(p, Doc{Table: d.Table, Enc: enc})
					return
				}
			}
			panic("no word of one document")
		}, true},
		{"a title", func(s *memoSite) { s.pages[10].Title = "judul baru" }, true},
		{"tags and agency", func(s *memoSite) {
			p := s.pages[77]
			p.Terms = map[string][]*content.Term{"tags": {{Name: "Tag Baru", Slug: "tag-baru"}, {Name: "Tag Baru", Slug: "tag-baru"}}}
			p.Agency = "dinas-baru"
		}, true},
		{"a new article, the newest", func(s *memoSite) { s.add(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)) }, true},
		{"three new articles", func(s *memoSite) {
			for i := range 3 {
				s.add(time.Date(2030, 1, 1+i, 0, 0, 0, 0, time.UTC))
			}
		}, true},
		{"the newest article removed", func(s *memoSite) { s.remove(s.pages[len(s.pages)-1]) }, true},
		{"an old article removed (all later numbers move)", func(s *memoSite) { s.remove(s.pages[3]) }, false},
		{"an article dated back", func(s *memoSite) { s.pages[500].Date = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC) }, false},
		{"two dates swapped", func(s *memoSite) {
			s.pages[200].Date, s.pages[201].Date = s.pages[201].Date, s.pages[200].Date
		}, true},
		{"many bodies", func(s *memoSite) {
			for i := 0; i < len(s.pages); i += 3 {
				s.retext(s.pages[i], 40)
			}
		}, false},
	}
	for _, parts := range []bool{false, true} {
		if parts {
			defer SetParts(64, 40)()
		}
		for _, e := range edits {
			t.Run(fmt.Sprintf("%s, parts %v", e.name, parts), func(t *testing.T) {
				s := newMemoSite(600)
				before, memo := s.build(t, nil, nil)
				e.edit(s)
				updated, next := s.build(t, memo, nil)
				whole, wholeNext := s.build(t, nil, nil)
				if updated.updated != e.updated {
					t.Errorf("the Memo was used: %v, want %v", updated.updated, e.updated)
				}
				sameIndex(t, updated, whole)
				a, _ := next.AppendBinary(nil)
				b, _ := wholeNext.AppendBinary(nil)
				if !bytes.Equal(a, b) {
					t.Errorf("the next Memo differs (%d bytes, %d made from nothing)", len(a), len(b))
				}
				// With the previous build's files kept, both make the
				// same files again.
				had := map[string]bool{}
				for _, f := range before.Files {
					had[f.Name] = true
				}
				keep := func(name string) bool { return had[name] }
				updatedKept, _ := s.build(t, memo, keep)
				wholeKept, _ := s.build(t, nil, keep)
				sameIndex(t, updatedKept, wholeKept)
				if updatedKept.Kept != wholeKept.Kept {
					t.Errorf("%d files kept, %d from nothing", updatedKept.Kept, wholeKept.Kept)
				}
				// Docs given by their Keys: only the changed ones are
				// fetched when the Memo is used.
				lazy, fetches := s.buildLazy(t, memo, nil, true)
				sameIndex(t, lazy, whole)
				if want := len(s.pages); !e.updated && fetches != want {
					t.Errorf("%d Docs fetched, want all %d", fetches, want)
				}
				if e.updated && fetches > 5 {
					t.Errorf("%d Docs fetched for an edit of a few", fetches)
				}
				if parts && len(before.Files) > 0 && !slices.ContainsFunc(before.Files, func(f File) bool { return len(f.Name) == len("cari/i/")+12+len(".bin") }) {
					t.Error("no part made")
				}
			})
		}
	}
}

func sameIndex(t *testing.T, got, want *Index) {
	t.Helper()
	if !bytes.Equal(got.Manifest, want.Manifest) {
		t.Errorf("manifest:\n%s\nfrom nothing:\n%s", got.Manifest, want.Manifest)
	}
	if len(got.Files) != len(want.Files) {
		t.Errorf("%d files, %d from nothing", len(got.Files), len(want.Files))
	}
	for i := range min(len(got.Files), len(want.Files)) {
		g, w := got.Files[i], want.Files[i]
		if g.Name != w.Name || !bytes.Equal(g.Data, w.Data) {
			t.Errorf("file %d: %s (%d bytes), from nothing %s (%d bytes)", i, g.Name, len(g.Data), w.Name, len(w.Data))
			return
		}
	}
}

// TestDecodeMemoRefusesOtherBytes: a Memo cut short, of other settings or
// with bytes after it is refused, never read as another.
func TestDecodeMemoRefusesOtherBytes(t *testing.T) {
	s := newMemoSite(50)
	_, m := s.build(t, nil, nil)
	b, _ := m.AppendBinary(nil)
	if _, err := DecodeMemo(b); err != nil {
		t.Fatal(err)
	}
	for _, cut := range []int{0, 1, 6, len(b) / 3, len(b) / 2, len(b) - 1} {
		if _, err := DecodeMemo(b[:cut]); err == nil {
			t.Errorf("cut at %d of %d: read", cut, len(b))
		}
	}
	if _, err := DecodeMemo(append(slices.Clone(b), 0)); err == nil {
		t.Error("a byte after it: read")
	}
	defer SetParts(64, 40)()
	if _, err := DecodeMemo(b); err == nil {
		t.Error("a Memo of other parts: read")
	}
}
