package content

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warta-portal/warta/internal/diag"
)

// relatedSite assembles n news items dated one hour apart, each with one
// to three tags drawn from a skewed pool (tag 0 on about half of them)
// and one of four categories, and five innovations (drafts, published
// with Options.Drafts) with tags of the same pool. With pair, the news
// items also take turns at tag a and tag b, and the oldest and the newest
// have those two alone.
func relatedSite(t *testing.T, n int, seed uint64, pair bool) *Site {
	t.Helper()
	cfg := testConfig(t)
	r := rand.New(rand.NewPCG(seed, 1))
	tags := func() string {
		var ts []string
		for range 1 + r.IntN(3) {
			k := 0
			if r.IntN(2) == 0 {
				k = 1 + r.IntN(40)
			}
			if v := fmt.Sprintf("t%d", k); !slices.Contains(ts, v) {
				ts = append(ts, v)
			}
		}
		return "[" + strings.Join(ts, ", ") + "]"
	}
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var pages []*Page
	for i := range n {
		ts := tags()
		switch {
		case !pair:
		case i == 0 || i == n-1:
			ts = "[a, b]"
		case i%2 == 0:
			ts = strings.Replace(ts, "[", "[a, ", 1)
		default:
			ts = strings.Replace(ts, "[", "[b, ", 1)
		}
		src := fmt.Sprintf("---\ntitle: Berita %d\ndate: %s\ntags: %s\ncategories: [k%d]\n---\nIsi.\n", i, base.Add(time.Duration(i)*time.Hour).Format("2006-01-02 15:04"), ts, r.IntN(4))
		p, errs := parse(t, cfg, fmt.Sprintf("content/berita/b%d.md", i), src)
		if errs.Errors() {
			t.Fatal(errs.Err())
		}
		pages = append(pages, p)
	}
	for i := range 5 {
		src := fmt.Sprintf("---\ntitle: Inovasi %d\ndraft: true\ntags: %s\n---\nIsi.\n", i, tags()) // a draft: its profile may lack fields
		p, _ := parse(t, cfg, fmt.Sprintf("content/inovasi/i%d.md", i), src)
		pages = append(pages, p)
	}
	s, errs := Assemble(cfg, pages, Options{Now: base.AddDate(10, 0, 0), Drafts: true})
	if errs.Errors() {
		t.Fatal(errs.Err())
	}
	return s
}

// wantRelated ranks p's related news the slow way, as relate documents
// it: every other news item sharing a tag or category with p, scored 1024
// per tag and 1 per category it shares; higher score first, then newer;
// filled up with the newest others.
func wantRelated(s *Site, p *Page, n int) []string {
	type cand struct {
		q     *Page
		score int
	}
	shared := func(tax string, q *Page) int {
		k := 0
		for _, t := range p.Terms[tax] {
			if slices.Contains(q.Terms[tax], t) {
				k++
			}
		}
		return k
	}
	var cands []cand
	for _, q := range s.News {
		if c := (cand{q, 1024*shared("tags", q) + shared("categories", q)}); q != p && c.score > 0 {
			cands = append(cands, c)
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return b.score - a.score })
	var out []string
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, c.q.Slug)
	}
	for _, q := range s.News {
		if len(out) >= n {
			break
		}
		if q != p && !slices.ContainsFunc(cands, func(c cand) bool { return c.q == q }) {
			out = append(out, q.Slug)
		}
	}
	return out
}

// TestRelatedRanking: "Berita Lainnya" as the README and relate say, on
// a small site (where pages share few tags and the category decides), on
// a larger one whose most used tags are listed by hundreds of news items
// (the oldest item, which shares two such tags alone with the newest, is
// its first), and with relatedCount 40, more than some pages share tags
// with.
func TestRelatedRanking(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		n    int
		pair bool
		k    int
	}{
		{"small", 40, false, 5},
		{"popular tags", 768, true, 5},
		{"more related than share a tag", 120, false, 40},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := relatedSite(t, tt.n, uint64(tt.n), tt.pair)
			if tt.k != s.Config.RelatedCount {
				for _, p := range slices.Concat(s.News, s.Innovations) {
					p.RelatedNews = nil
				}
				var errs diag.List
				s.relate(tt.k, nil, &errs)
				if errs.Errors() {
					t.Fatal(errs.Err())
				}
			}
			for _, p := range slices.Concat(s.News, s.Innovations) {
				if got, want := slugs(p.RelatedNews), wantRelated(s, p, tt.k); !slices.Equal(got, want) {
					t.Fatalf("%s: RelatedNews = %v, want %v", p.File, got, want)
				}
			}
			if tt.pair {
				newest, oldest := s.News[0], s.News[len(s.News)-1]
				if len(newest.RelatedNews) == 0 || newest.RelatedNews[0] != oldest {
					t.Errorf("the newest item's first related item is not the oldest, which alone shares both its tags")
				}
			}
		})
	}
}

// mapMemo is a RelatedMemo in a map, counting what it is asked.
type mapMemo struct {
	m          map[[32]byte][]int32
	hits, puts int
}

func (m *mapMemo) Ranking(k [32]byte) ([]int32, bool) {
	r, ok := m.m[k]
	if ok {
		m.hits++
	}
	return r, ok
}

func (m *mapMemo) KeepRanking(k [32]byte, r []int32) { m.m[k] = r; m.puts++ }

// TestRelatedMemo: a ranking kept in a memo gives every page the related
// news a fresh ranking gives it; a change of what the ranking reads (a
// page's tags, the count wanted) is ranked again, and a kept ranking that
// does not fit the pages (damaged, of another site) is not used.
func TestRelatedMemo(t *testing.T) {
	t.Parallel()
	s := relatedSite(t, 300, 7, true)
	all := slices.Concat(s.News, s.Innovations)
	s.News[3].FrontMatter.Related = []string{s.News[9].Slug} // listed, not ranked
	rank := func(k int, memo RelatedMemo) map[*Page][]string {
		t.Helper()
		for _, p := range all {
			p.RelatedNews = nil
		}
		var errs diag.List
		s.relate(k, memo, &errs)
		if errs.Errors() {
			t.Fatal(errs.Err())
		}
		out := map[*Page][]string{}
		for _, p := range all {
			out[p] = slugs(p.RelatedNews)
		}
		return out
	}
	same := func(got, want map[*Page][]string) {
		t.Helper()
		for _, p := range all {
			if !slices.Equal(got[p], want[p]) {
				t.Fatalf("%s: RelatedNews = %v, want %v", p.File, got[p], want[p])
			}
		}
	}
	memo := &mapMemo{m: map[[32]byte][]int32{}}
	fresh := rank(5, nil)
	same(rank(5, memo), fresh)
	if memo.hits != 0 || memo.puts != 1 {
		t.Fatalf("first ranking: %d hits, %d kept; want 0, 1", memo.hits, memo.puts)
	}
	same(rank(5, memo), fresh)
	if memo.hits != 1 {
		t.Fatalf("second ranking with the same pages: %d hits, want 1", memo.hits)
	}
	if got := slugs(s.News[3].RelatedNews); !slices.Equal(got, []string{s.News[9].Slug}) {
		t.Errorf("a related: list with a kept ranking gave %v", got)
	}

	same(rank(7, memo), rank(7, nil)) // another count: another key
	if memo.hits != 1 {
		t.Fatalf("another count was served from the memo (%d hits)", memo.hits)
	}

	// A page's tags change: ranked again, as a fresh ranking.
	p := s.News[10]
	tags := s.Taxonomies[slices.IndexFunc(s.Taxonomies, func(t *Taxonomy) bool { return t.Name == "tags" })]
	var term *Term
	for _, tm := range tags.Terms {
		if !slices.Contains(tm.Pages, p) {
			term = tm
			break
		}
	}
	term.Pages = append(term.Pages, p)
	hits := memo.hits
	same(rank(5, memo), rank(5, nil))
	if memo.hits != hits {
		t.Fatalf("a page's new tag was served from the memo")
	}

	// Every kept ranking damaged: not used, ranked afresh.
	for k, r := range memo.m {
		memo.m[k] = r[:len(r)-1]
	}
	hits = memo.hits
	same(rank(5, memo), rank(5, nil))
	if memo.hits != hits+1 {
		t.Fatalf("the damaged ranking was not looked up (%d hits, want %d)", memo.hits, hits+1)
	}
}

// TestRelatedRankingRandom: the pruned ranking (ranker) against the slow
// one on sites of random shapes: pages with no tag or up to four, none to
// three categories, pools from a handful of terms to many, counts from 1
// to more than most pages share anything with.
func TestRelatedRankingRandom(t *testing.T) {
	t.Parallel()
	for seed := range uint64(24) {
		r := rand.New(rand.NewPCG(seed, 2))
		n := 20 + r.IntN(400)
		tagPool, catPool := 1+r.IntN(60), 1+r.IntN(8)
		k := []int{1, 3, 5, 12, 60}[r.IntN(5)]
		cfg := testConfig(t)
		terms := func(prefix string, most, pool int) string {
			var ts []string
			for range r.IntN(most + 1) {
				v := fmt.Sprintf("%s%d", prefix, int(float64(pool)*r.Float64()*r.Float64())) // skewed: low numbers often
				if !slices.Contains(ts, v) {
					ts = append(ts, v)
				}
			}
			return "[" + strings.Join(ts, ", ") + "]"
		}
		base := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
		var pages []*Page
		for i := range n {
			date := base.Add(time.Duration(r.IntN(n/2+1)) * time.Hour) // ties: the path decides
			src := fmt.Sprintf("---\ntitle: Berita %d\ndate: %s\ntags: %s\ncategories: %s\n---\nIsi.\n", i, date.Format("2006-01-02 15:04"), terms("t", 4, tagPool), terms("k", 3, catPool))
			p, errs := parse(t, cfg, fmt.Sprintf("content/berita/b%03d.md", i), src)
			if errs.Errors() {
				t.Fatal(errs.Err())
			}
			pages = append(pages, p)
		}
		s, errs := Assemble(cfg, pages, Options{Now: base.AddDate(10, 0, 0)})
		if errs.Errors() {
			t.Fatal(errs.Err())
		}
		for _, p := range s.News {
			p.RelatedNews = nil
		}
		if seed%2 == 1 {
			s.bitsAt = 1 // every list probed by its bits
		}
		s.relate(k, nil, &errs)
		for _, p := range s.News {
			if got, want := slugs(p.RelatedNews), wantRelated(s, p, k); !slices.Equal(got, want) {
				t.Fatalf("seed %d (%d pages, %d tags, %d categories, count %d): %s: RelatedNews = %v, want %v", seed, n, tagPool, catPool, k, p.File, got, want)
			}
		}
	}
}
