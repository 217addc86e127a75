package content

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/slug"
)

// relate fills RelatedNews ("Berita Lainnya") of every news item and
// innovation: other news ranked by shared tags, then shared category, then
// recency; never the page itself. A `related:` list in front matter (slugs
// or paths) overrides the ranking.
//
// Each page's candidates come from the posting lists of its tags and
// categories, read with MaxScore's pruning (ranker): the ranking stays
// exact. Bounding the lists read instead, as Hugo's related content drops
// keywords too many pages use, changed "Berita Lainnya" on 18 % of the
// articles of the 10,000-article benchmark corpus and on 58 % of 100,000
// in a model of its tag frequencies (mostly which pages sharing as many
// tags also share the category). Summing every list a page touches cost
// time growing with the square of the site: 13 s of CPU at 100,000
// articles, where the pruned reading takes 2.4 s (assembling the model:
// 13.7 s → 4.4 s; at 10,000 articles 0.43 s → 0.23 s).
//
// With a memo (Options.Related) a ranking is kept between builds under the
// digest of everything it reads (rankingKey): an edit that changes no
// page's tags, categories, date order or related: list, as most edits of
// a body or title, takes the last ranking instead of ranking every page
// again (a tenth of a one-article rebuild's CPU time at 10,000 articles).
func (s *Site) relate(n int, memo RelatedMemo, errs *diag.List) {
	index := make(map[*Page]int, len(s.News))
	for i, p := range s.News {
		index[p] = i
	}
	posting := map[string][][]int{} // taxonomy → per term: indexes into News
	termOf := map[*Page]map[string][]int{}
	for _, t := range s.Taxonomies {
		if t.Name != "tags" && t.Name != "categories" {
			continue
		}
		for _, term := range t.Terms {
			ti := len(posting[t.Name])
			var list []int
			for _, p := range term.Pages {
				if i, ok := index[p]; ok {
					list = append(list, i)
				}
				if termOf[p] == nil {
					termOf[p] = map[string][]int{}
				}
				termOf[p][t.Name] = append(termOf[p][t.Name], ti)
			}
			if !slices.IsSorted(list) { // term pages are in News order, newest first
				slices.Sort(list)
			}
			posting[t.Name] = append(posting[t.Name], list)
		}
	}
	// A long list is probed (ranker) by a bit per news item rather than by
	// search: at most 128 lists per term a page has can be that long, so
	// their bits take at most 16 bytes per item and term.
	bits := map[string][][]uint64{}
	for tax, lists := range posting {
		bits[tax] = make([][]uint64, len(lists))
		for ti, list := range lists {
			if len(list) >= max(cmp.Or(s.bitsAt, 64), len(s.News)/128) {
				b := make([]uint64, (len(s.News)+63)/64)
				for _, q := range list {
					b[q/64] |= 1 << (q % 64)
				}
				bits[tax][ti] = b
			}
		}
	}
	bySlug := map[string]*Page{}
	for _, p := range s.News {
		bySlug[p.Slug] = p
		bySlug[p.Path] = p
	}
	all := slices.Concat(s.News, s.Innovations)
	var key [32]byte
	if memo != nil {
		key = rankingKey(n, len(s.News), all, index, termOf)
		if r, ok := memo.Ranking(key); ok && s.applyRanking(r, n, all) {
			// Only the pages that list their own are ranked: their
			// slugs are looked up (and reported) every time.
			for _, p := range all {
				if len(p.FrontMatter.Related) > 0 {
					errs.Add(s.relateOne(p, n, index, bySlug, posting, bits, termOf, nil))
				}
			}
			return
		}
	}
	// Pages are ranked independently: split them over the cores, each
	// worker with its own ranker. Errors are gathered per page so the
	// report does not depend on scheduling.
	perPage := make([]*diag.Diagnostic, len(all))
	workers := max(1, min(runtime.GOMAXPROCS(0), len(all)/500))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var r ranker
			for i := w; i < len(all); i += workers {
				perPage[i] = s.relateOne(all[i], n, index, bySlug, posting, bits, termOf, &r)
			}
		}()
	}
	wg.Wait()
	for _, d := range perPage {
		errs.Add(d)
	}
	if memo != nil {
		memo.KeepRanking(key, ranking(all, index))
	}
}

// RelatedMemo keeps rankings of related news between builds, by the
// digest of what they were ranked from (cache.Cache and cache.Memo are
// ones). A ranking is, for each news item then innovation in Site order
// whose front matter has no related: list, the count of its related news
// followed by their indexes in Site.News.
type RelatedMemo interface {
	Ranking(key [32]byte) ([]int32, bool)
	KeepRanking(key [32]byte, ranking []int32)
}

// rankingKey is the digest of everything relateOne reads to rank: the
// count wanted, the news list's length, and for each page in order its
// index in the news list, whether it lists its own related news, and its
// tags' and categories' positions in their taxonomies (which, over all
// pages, give the posting lists). Titles, bodies and dates beyond the
// order are not read.
func rankingKey(n, news int, all []*Page, index map[*Page]int, termOf map[*Page]map[string][]int) [32]byte {
	b := make([]byte, 0, 32*len(all))
	num := func(v int) { b = binary.AppendVarint(b, int64(v)) }
	b = append(b, "related v1"...)
	num(n)
	num(news)
	num(len(all))
	for _, p := range all {
		i, ok := index[p]
		if !ok {
			i = -1
		}
		num(i)
		num(len(p.FrontMatter.Related))
		for _, tax := range []string{"tags", "categories"} {
			ts := termOf[p][tax]
			num(len(ts))
			for _, t := range ts {
				num(t)
			}
		}
	}
	return sha256.Sum256(b)
}

// ranking is the ranking relate made of all, in RelatedMemo's form.
func ranking(all []*Page, index map[*Page]int) []int32 {
	var r []int32
	for _, p := range all {
		if len(p.FrontMatter.Related) > 0 {
			continue
		}
		r = append(r, int32(len(p.RelatedNews)))
		for _, q := range p.RelatedNews {
			r = append(r, int32(index[q]))
		}
	}
	return r
}

// applyRanking sets the related news of all from a kept ranking r, and
// reports whether r fits them (a ranking of another shape, or naming a
// news item that is not there, sets nothing).
func (s *Site) applyRanking(r []int32, n int, all []*Page) bool {
	at := 0
	for _, p := range all {
		if len(p.FrontMatter.Related) > 0 {
			continue
		}
		if at >= len(r) || r[at] < 0 || int(r[at]) > n || at+1+int(r[at]) > len(r) {
			return false
		}
		for _, q := range r[at+1 : at+1+int(r[at])] {
			if q < 0 || int(q) >= len(s.News) {
				return false
			}
		}
		at += 1 + int(r[at])
	}
	if at != len(r) {
		return false
	}
	at = 0
	for _, p := range all {
		if len(p.FrontMatter.Related) > 0 {
			continue
		}
		k := int(r[at])
		p.RelatedNews = make([]*Page, k)
		for j, q := range r[at+1 : at+1+k] {
			p.RelatedNews[j] = s.News[q]
		}
		at += 1 + k
	}
	return true
}

// relateOne ranks the related news of p (r: the worker's buffers; nil
// for a page with a related: list).
func (s *Site) relateOne(p *Page, n int, index map[*Page]int, bySlug map[string]*Page, posting map[string][][]int, bits map[string][][]uint64, termOf map[*Page]map[string][]int, r *ranker) *diag.Diagnostic {
	if len(p.FrontMatter.Related) > 0 {
		var bad *diag.Diagnostic
		for _, r := range p.FrontMatter.Related {
			q := bySlug[r]
			if q == nil {
				q = bySlug[slug.Make(strings.Trim(strings.TrimPrefix(r, "/berita/"), "/"))]
			}
			if q == nil {
				if bad == nil {
					bad = diag.Errorf(p.File, p.Line("related"), "related", "%q is not a news item (write its slug, e.g. %s)", r, "sekda-minta-opd-ciptakan-inovasi")
				}
				continue
			}
			if q != p {
				p.RelatedNews = append(p.RelatedNews, q)
			}
		}
		return bad
	}
	self := -1
	if i, ok := index[p]; ok {
		self = i
	}
	r.lists = r.lists[:0]
	for _, ti := range termOf[p]["tags"] {
		r.lists = append(r.lists, cursor{list: posting["tags"][ti], bits: bits["tags"][ti], w: 1 << 10})
	}
	for _, ti := range termOf[p]["categories"] {
		r.lists = append(r.lists, cursor{list: posting["categories"][ti], bits: bits["categories"][ti], w: 1})
	}
	best := r.top(n, self)
	for _, c := range best {
		p.RelatedNews = append(p.RelatedNews, s.News[c.q])
	}
	if len(best) < n {
		// Fewer sharing pages than n (every one of them is in best): fill
		// with the most recent news.
		for q := 0; q < len(s.News) && len(p.RelatedNews) < n; q++ {
			if q != self && !slices.ContainsFunc(best, func(c scored) bool { return c.q == q }) {
				p.RelatedNews = append(p.RelatedNews, s.News[q])
			}
		}
	}
	return nil
}

// ranker finds the best-scored news items of the posting lists a page
// touches: a news item's score is the sum of the weights of the lists
// holding it (1024 for each tag it shares with the page, 1 for each
// category), and the best are the n highest scores, the more recent
// (lower index) first among equal ones. It reads the lists document at a
// time in index order with MaxScore's pruning (Turtle and Flood,
// "Query evaluation: strategies and optimizations", 1995): once n items
// are held, a list whose weight, with the lighter ones', cannot lift an
// item past the n-th score is no longer walked but only probed (by
// galloping) for the items the other lists give. A popular tag's list, of
// thousands of items at 100,000 articles, is then mostly skipped, where
// summing every list a page touches cost time growing with the square of
// the site.
type ranker struct {
	lists []cursor
	best  []scored
}

// cursor is one posting list (news indexes, ascending) being read.
type cursor struct {
	list []int
	bits []uint64 // the list's items as bits, when it is long; else nil
	at   int
	w    int32
}

// has reports whether the list holds q (at least c.at's item: probes come
// in index order).
func (c *cursor) has(q int) bool {
	if c.bits != nil {
		return c.bits[q/64]&(1<<(q%64)) != 0
	}
	c.at += gallop(c.list[c.at:], q)
	return c.at < len(c.list) && c.list[c.at] == q
}

type scored struct {
	q     int
	score int32
}

// top returns the best n items of r.lists other than self, best first.
// When fewer than n are returned, they are every item the lists hold.
func (r *ranker) top(n, self int) []scored {
	cs := r.lists
	for i := range cs {
		cs[i].at = 0
	}
	// The lists that may stop being walked first: the lightest, and among
	// equal weights the longest.
	slices.SortStableFunc(cs, func(a, b cursor) int {
		if a.w != b.w {
			return int(a.w - b.w)
		}
		return len(b.list) - len(a.list)
	})
	best := r.best[:0]
	theta := int32(-1) // the n-th best score; -1 until n are held
	ne := 0            // cs[:ne] are only probed: their weights sum to at most theta
	var sum int32      // the weights of cs[:ne]
	for {
		q := -1
		for i := ne; i < len(cs); i++ {
			if c := &cs[i]; c.at < len(c.list) && (q < 0 || c.list[c.at] < q) {
				q = c.list[c.at]
			}
		}
		if q < 0 {
			break
		}
		var score int32
		for i := ne; i < len(cs); i++ {
			if c := &cs[i]; c.at < len(c.list) && c.list[c.at] == q {
				score += c.w
				c.at++
			}
		}
		if q == self {
			continue
		}
		// Probed from the heaviest down, while they could still lift q
		// past theta (rest: the weights of the lists left to probe).
		rest := sum
		for i := ne - 1; i >= 0 && score+rest > theta; i-- {
			c := &cs[i]
			rest -= c.w
			if c.has(q) {
				score += c.w
			}
		}
		// Items come in index order: q ranks after every held item of its
		// score.
		if len(best) == n && score <= theta {
			continue
		}
		at := len(best)
		for at > 0 && score > best[at-1].score {
			at--
		}
		best = slices.Insert(best, at, scored{q, score})
		if len(best) > n {
			best = best[:n]
		}
		if len(best) == n && n > 0 {
			theta = best[n-1].score
			for ne < len(cs) && sum+cs[ne].w <= theta {
				sum += cs[ne].w
				ne++
			}
		}
	}
	r.best = best
	return best
}

// gallop returns the least i with list[i] >= q (len(list) if none), by
// doubling steps then binary search: probes land near the last one.
func gallop(list []int, q int) int {
	if len(list) == 0 || list[0] >= q {
		return 0
	}
	hi := 1
	for hi < len(list) && list[hi-1] < q {
		hi *= 2
	}
	lo := hi / 2
	hi = min(hi, len(list))
	return lo + sort.SearchInts(list[lo:hi], q)
}
