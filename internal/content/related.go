package content

import (
	"crypto/sha256"
	"encoding/binary"
	"runtime"
	"slices"
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
// Scores are accumulated in a dense array over the news list through the
// tag and category indexes, so the cost is the sum of the posting lists a
// page touches, not pages × pages. That sum grows with the site (a popular
// tag's list does), but bounding the lists read, as Hugo's related content
// drops keywords too many pages use, changed "Berita Lainnya" on 18 % of
// the articles of the 10,000-article benchmark corpus and on 58 % of
// 100,000 in a model of its tag frequencies (mostly which pages sharing
// as many tags also share the category), for about 1 % of the build's
// time: the ranking stays exact.
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
			posting[t.Name] = append(posting[t.Name], list)
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
					errs.Add(s.relateOne(p, n, index, bySlug, posting, termOf, nil, nil))
				}
			}
			return
		}
	}
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
			var touched []int
			for i := w; i < len(all); i += workers {
				perPage[i] = s.relateOne(all[i], n, index, bySlug, posting, termOf, score, &touched)
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

// relateOne ranks the related news of p; score must be all zero and is
// left so.
func (s *Site) relateOne(p *Page, n int, index map[*Page]int, bySlug map[string]*Page, posting map[string][][]int, termOf map[*Page]map[string][]int, score []int32, touchedBuf *[]int) *diag.Diagnostic {
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
	touched := (*touchedBuf)[:0]
	add := func(tax string, w int32) {
		for _, ti := range termOf[p][tax] {
			for _, q := range posting[tax][ti] {
				if score[q] == 0 {
					touched = append(touched, q)
				}
				score[q] += w
			}
		}
	}
	add("tags", 1<<10)
	add("categories", 1)
	// Keep the best n in order: higher score first, then more recent
	// (News is newest first, so a lower index is more recent).
	better := func(a, b int) bool { return score[a] > score[b] || score[a] == score[b] && a < b }
	best := make([]int, 0, n+1)
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
	for q := 0; q < len(s.News) && len(p.RelatedNews) < n; q++ {
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
