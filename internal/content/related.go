package content

import (
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/slug"
)

// RelatedScan is the number of a tag's or category's news items, the most
// recent, that offer themselves as related news of each page listing it.
// A page's related news are ranked among these candidates, each scored on
// all the terms it shares with the page, so ranking one page costs at most
// RelatedScan per term it lists, whatever the size of the site: a popular
// tag's list grows with the site, and scanning it whole for every page
// made ranking grow with the square of the site (5 s of a 100,000-article
// build). A term listed by at most RelatedScan news items (every term of a
// site of that many) is scanned whole, so the ranking is the same as over
// every news item. Past it, an older item that shares several of a page's
// popular terms and is among the newest RelatedScan of none of them is not
// a candidate. Hugo bounds its related index likewise, by dropping
// keywords that too many pages use (related.indices.cardinalityThreshold).
const RelatedScan = 256

// relate fills RelatedNews ("Berita Lainnya") of every news item and
// innovation: other news ranked by shared tags, then shared category, then
// recency; never the page itself. A `related:` list in front matter (slugs
// or paths) overrides the ranking.
//
// Candidates come from the tag and category posting lists, at most
// RelatedScan of each (see there), so the cost is bounded per page, not
// pages × pages.
func (s *Site) relate(n int, errs *diag.List) {
	index := make(map[*Page]int32, len(s.News))
	for i, p := range s.News {
		index[p] = int32(i)
	}
	// Every tag and category gets a number; posting[t] lists its news as
	// indexes into News, most recent first; weight[t] is what sharing it
	// scores; termsOf a page lists the numbers of its terms.
	var (
		posting [][]int32
		weight  []int32
		termsOf = map[*Page][]int32{}
	)
	for _, t := range s.Taxonomies {
		if t.Name != "tags" && t.Name != "categories" {
			continue
		}
		w := int32(1)
		if t.Name == "tags" {
			w = 1 << 10
		}
		for _, term := range t.Terms {
			id := int32(len(posting))
			var list []int32
			for _, p := range term.Pages {
				if i, ok := index[p]; ok {
					list = append(list, i)
				}
				termsOf[p] = append(termsOf[p], id)
			}
			slices.Sort(list) // News is newest first
			posting = append(posting, list)
			weight = append(weight, w)
		}
	}
	r := &ranker{site: s, n: n, self: index, posting: posting, weight: weight, termsOf: termsOf, newsTerms: make([][]int32, len(s.News))}
	for i, p := range s.News {
		r.newsTerms[i] = termsOf[p]
	}
	r.bySlug = map[string]*Page{}
	for _, p := range s.News {
		r.bySlug[p.Slug] = p
		r.bySlug[p.Path] = p
	}
	all := slices.Concat(s.News, s.Innovations)
	// Pages are ranked independently: split them over the cores, each
	// worker with its own score array. Errors are gathered per page so the
	// report does not depend on scheduling.
	perPage := make([]*diag.Diagnostic, len(all))
	workers := max(1, min(runtime.GOMAXPROCS(0), len(all)/500))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			score := make([]int32, len(s.News))
			var touched []int32
			for i := w; i < len(all); i += workers {
				perPage[i] = r.one(all[i], score, &touched)
			}
		}()
	}
	wg.Wait()
	for _, d := range perPage {
		errs.Add(d)
	}
}

// ranker holds what ranking every page's related news reads (see relate).
type ranker struct {
	site      *Site
	n         int
	self      map[*Page]int32 // news item → its index in News
	bySlug    map[string]*Page
	posting   [][]int32
	weight    []int32
	termsOf   map[*Page][]int32
	newsTerms [][]int32 // termsOf of each news item, by index
}

// one ranks the related news of p; score must be all zero and is left so.
func (r *ranker) one(p *Page, score []int32, touchedBuf *[]int32) *diag.Diagnostic {
	s, n := r.site, r.n
	if len(p.FrontMatter.Related) > 0 {
		var bad *diag.Diagnostic
		for _, rel := range p.FrontMatter.Related {
			q := r.bySlug[rel]
			if q == nil {
				q = r.bySlug[slug.Make(strings.Trim(strings.TrimPrefix(rel, "/berita/"), "/"))]
			}
			if q == nil {
				if bad == nil {
					bad = diag.Errorf(p.File, p.Line("related"), "related", "%q is not a news item (write its slug, e.g. %s)", rel, "sekda-minta-opd-ciptakan-inovasi")
				}
				continue
			}
			if q != p {
				p.RelatedNews = append(p.RelatedNews, q)
			}
		}
		return bad
	}
	self := int32(-1)
	if i, ok := r.self[p]; ok {
		self = i
	}
	own := r.termsOf[p]
	touched := (*touchedBuf)[:0]
	var cut []int32 // the terms whose list was cut: the last index scanned of each, after its term
	for _, t := range own {
		list := r.posting[t]
		if len(list) > RelatedScan {
			list = list[:RelatedScan]
			cut = append(cut, t, list[len(list)-1])
		}
		w := r.weight[t]
		for _, q := range list {
			if score[q] == 0 {
				touched = append(touched, q)
			}
			score[q] += w
		}
	}
	// A candidate past the part of a cut list that was scanned may still
	// be in it: scored on every term the two share, as over whole lists.
	for i := 0; i < len(cut); i += 2 {
		t, last := cut[i], cut[i+1]
		for _, q := range touched {
			if q > last && slices.Contains(r.newsTerms[q], t) {
				score[q] += r.weight[t]
			}
		}
	}
	// Keep the best n in order: higher score first, then more recent
	// (News is newest first, so a lower index is more recent).
	better := func(a, b int32) bool { return score[a] > score[b] || score[a] == score[b] && a < b }
	best := make([]int32, 0, n+1)
	for _, q := range touched {
		if q == self || len(best) == n && !better(q, best[n-1]) {
			continue
		}
		at := len(best)
		for at > 0 && better(q, best[at-1]) {
			at--
		}
		best = slices.Insert(best, at, q)
		if len(best) > n {
			best = best[:n]
		}
	}
	for _, q := range best {
		p.RelatedNews = append(p.RelatedNews, s.News[q])
	}
	// Fewer sharing pages than n: fill with the most recent news.
	for q := int32(0); int(q) < len(s.News) && len(p.RelatedNews) < n; q++ {
		if q != self && score[q] == 0 {
			p.RelatedNews = append(p.RelatedNews, s.News[q])
		}
	}
	for _, q := range touched {
		score[q] = 0
	}
	*touchedBuf = touched
	return nil
}
