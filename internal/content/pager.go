package content

import "strconv"

// PageSegment is the URL segment of list pages after the first:
// /berita/halaman/2/.
const PageSegment = "halaman"

// Pager is one page of a paginated list. Page 1 lives at the list's own
// URL; pages 2.. at <base>halaman/<n>/.
type Pager[T any] struct {
	Number, Total int
	Items         []T
	Base          string // URL of page 1
	URL           string
	Prev, Next    string // "" at the ends
	Links         []PagerLink
}

// PagerLink is one numbered link of a pager; Gap marks an ellipsis.
type PagerLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// PagerURL is the URL of page n of the list at base.
func PagerURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + PageSegment + "/" + strconv.Itoa(n) + "/"
}

// Paginate splits items into pages of size. An empty list still has one
// (empty) page so its URL exists.
func Paginate[T any](items []T, size int, base string) []*Pager[T] {
	out := make([]*Pager[T], Pages(len(items), size))
	for i := range out {
		out[i] = PagerAt(items, size, base, i+1)
	}
	return out
}

// Pages is how many pages Paginate makes of n items, size to a page: at
// least one.
func Pages(n, size int) int {
	if size < 1 {
		size = 10
	}
	return max(1, (n+size-1)/size)
}

// PagerAt is page number n (from 1) of Paginate(items, size, base), made
// alone: a build plans tens of thousands of list pages and makes each
// one's pager only when it renders it.
func PagerAt[T any](items []T, size int, base string, n int) *Pager[T] {
	if size < 1 {
		size = 10
	}
	total := Pages(len(items), size)
	lo, hi := (n-1)*size, min(len(items), n*size)
	p := &Pager[T]{Number: n, Total: total, Items: items[lo:hi], Base: base, URL: PagerURL(base, n)}
	if n > 1 {
		p.Prev = PagerURL(base, n-1)
	}
	if n < total {
		p.Next = PagerURL(base, n+1)
	}
	p.Links = pagerLinks(base, n, total)
	return p
}

// pagerLinks shows the first, the last and two on each side of the
// current page, with gaps between: 1 … 4 5 [6] 7 8 … 20.
func pagerLinks(base string, cur, total int) []PagerLink {
	if total <= 1 {
		return nil
	}
	// Only the numbers shown are visited: at most 9 links, whatever the
	// total (a list of 1,000 pages has as many pagers).
	links := make([]PagerLink, 0, 9)
	last := 0
	add := func(n int) {
		if n <= last || n > total {
			return // shown already, or past the end
		}
		if last != 0 && n > last+1 {
			links = append(links, PagerLink{Gap: true})
		}
		links = append(links, PagerLink{Number: n, URL: PagerURL(base, n), Current: n == cur})
		last = n
	}
	add(1)
	for n := cur - 2; n <= cur+2; n++ {
		add(n)
	}
	add(total)
	return links
}
