package content

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
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
// it: every news item but p that, among the RelatedScan newest news of
// one of p's tags or categories (all of them when scan is false), is
// scored 1024 per tag and 1 per category it shares with p; higher score
// first, then newer; filled up with the newest others. rank gives each
// term's news items their place among its news, newest first.
func wantRelated(s *Site, p *Page, n int, scan bool, rank map[*Term]map[*Page]int) []string {
	type cand struct {
		q     *Page
		i     int
		score int
	}
	shared := func(tax string, q *Page) []*Term {
		var out []*Term
		for _, t := range p.Terms[tax] {
			if slices.Contains(q.Terms[tax], t) {
				out = append(out, t)
			}
		}
		return out
	}
	var cands []cand
	for i, q := range s.News {
		if q == p {
			continue
		}
		st, sc := shared("tags", q), shared("categories", q)
		c := cand{q, i, 1024*len(st) + len(sc)}
		if c.score == 0 {
			continue
		}
		offered := !scan
		for _, t := range slices.Concat(st, sc) {
			if rank[t][q] < RelatedScan {
				offered = true
			}
		}
		if offered {
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

// TestRelatedRanking: "Berita Lainnya" as the README and relate say, on a
// site whose terms are all listed by fewer than RelatedScan news items
// (ranked over every news item) and on one whose most used tags are listed
// by more (ranked over the candidates each term offers: the oldest item,
// which shares two such tags with the newest, is not one of them).
func TestRelatedRanking(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		n    int
		scan bool
	}{
		{"every term under RelatedScan", RelatedScan / 2, false},
		{"a tag over RelatedScan", RelatedScan * 3, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := relatedSite(t, tt.n, uint64(tt.n), tt.scan)
			most := s.Taxonomy("tags").ByCount()[0]
			if tt.scan != (most.Count() > RelatedScan) {
				t.Fatalf("tag %s has %d pages: the site does not test what it says", most.Name, most.Count())
			}
			rank := map[*Term]map[*Page]int{}
			for _, tax := range s.Taxonomies {
				for _, term := range tax.Terms {
					rank[term] = map[*Page]int{}
					for _, q := range s.News {
						if slices.Contains(q.Terms[tax.Name], term) {
							rank[term][q] = len(rank[term])
						}
					}
				}
			}
			k, differs := s.Config.RelatedCount, 0
			for _, p := range slices.Concat(s.News, s.Innovations) {
				got := slugs(p.RelatedNews)
				want := wantRelated(s, p, k, tt.scan, rank)
				if !slices.Equal(got, want) {
					t.Fatalf("%s: RelatedNews = %v, want %v", p.File, got, want)
				}
				if tt.scan && !slices.Equal(want, wantRelated(s, p, k, false, rank)) {
					differs++
				}
			}
			if tt.scan && differs == 0 {
				t.Error("no page ranks differently over every news item: the site does not test the bound")
			}
			t.Logf("%d pages ranked otherwise than over every news item", differs)
		})
	}
}
