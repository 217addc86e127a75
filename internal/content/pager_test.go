package content

import (
	"fmt"
	"testing"
)

func TestPaginate(t *testing.T) {
	items := make([]int, 25)
	pagers := Paginate(items, 10, "/berita/")
	if len(pagers) != 3 {
		t.Fatalf("%d pages", len(pagers))
	}
	tests := []struct {
		n               int
		url, prev, next string
		items           int
	}{
		{1, "/berita/", "", "/berita/halaman/2/", 10},
		{2, "/berita/halaman/2/", "/berita/", "/berita/halaman/3/", 10},
		{3, "/berita/halaman/3/", "/berita/halaman/2/", "", 5},
	}
	for _, tt := range tests {
		p := pagers[tt.n-1]
		if p.URL != tt.url || p.Prev != tt.prev || p.Next != tt.next || len(p.Items) != tt.items || p.Total != 3 {
			t.Errorf("page %d: %+v", tt.n, p)
		}
	}
	if empty := Paginate([]int{}, 10, "/tag/x/"); len(empty) != 1 || empty[0].URL != "/tag/x/" {
		t.Errorf("empty list: %+v", empty)
	}
}

func TestPagerLinksElide(t *testing.T) {
	links := pagerLinks("/b/", 6, 20)
	got := ""
	for _, l := range links {
		switch {
		case l.Gap:
			got += "… "
		case l.Current:
			got += fmt.Sprintf("[%d] ", l.Number)
		default:
			got += fmt.Sprintf("%d ", l.Number)
		}
	}
	if want := "1 … 4 5 [6] 7 8 … 20 "; got != want {
		t.Errorf("links %q, want %q", got, want)
	}
}
