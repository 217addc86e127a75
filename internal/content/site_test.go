package content

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestPlaceInSite: where a content file lands (README "URLs"): kind,
// section, key, slug and URL path, from its path and its slug key.
func TestPlaceInSite(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	for _, tt := range []struct {
		file, slug                           string
		kind                                 Kind
		section, key, wantSlug, path, bundle string
	}{
		{"content/berita/rapat-koordinasi.md", "", KindNews, "berita", "rapat-koordinasi", "rapat-koordinasi", "/berita/rapat-koordinasi/", ""},
		{"content/berita/dasbor/index.md", "", KindNews, "berita", "dasbor", "dasbor", "/berita/dasbor/", "content/berita/dasbor"},
		{"content/berita/x.md", "Rapat Kerja Gubernur & Bupati", KindNews, "berita", "x", "rapat-kerja-gubernur-dan-bupati", "/berita/rapat-kerja-gubernur-dan-bupati/", ""},
		{"content/berita/2020/arsip-lama.md", "", KindNews, "berita", "arsip-lama", "arsip-lama", "/berita/arsip-lama/", ""},
		{"content/inovasi/satu-data.md", "", KindInnovation, "inovasi", "satu-data", "satu-data", "/inovasi/satu-data/", ""},
		{"content/opd/diskominfo.md", "lain", KindAgency, "opd", "diskominfo", "diskominfo", "/opd/diskominfo/", ""}, // an agency's key is its file name
		{"content/tentang.md", "", KindPage, "", "tentang", "tentang", "/tentang/", ""},
		{"content/pengumuman/libur.md", "", KindPage, "pengumuman", "libur", "libur", "/pengumuman/libur/", ""},
		{"content/berita/Ékspo Kopi Jambi.md", "", KindNews, "berita", "Ékspo Kopi Jambi", "ekspo-kopi-jambi", "/berita/ekspo-kopi-jambi/", ""},
		{"content/berita/!!!.md", "", KindNews, "berita", "!!!", "halaman", "/berita/halaman/", ""},
	} {
		t.Run(tt.file, func(t *testing.T) {
			src := "---\ntitle: T\n"
			if tt.slug != "" {
				src += fmt.Sprintf("slug: %q\n", tt.slug)
			}
			p, _ := parse(t, cfg, tt.file, src+"---\n")
			got := [...]string{string(p.Kind), p.Section, p.Key, p.Slug, p.Path, p.Bundle}
			want := [...]string{string(tt.kind), tt.section, tt.key, tt.wantSlug, tt.path, tt.bundle}
			if got != want {
				t.Errorf("kind, section, key, slug, path, bundle = %q, want %q", got, want)
			}
		})
	}
}

// TestPublished: which items a build publishes (README "Command line":
// --drafts, --future, --expired; publishDate).
func TestPublished(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	for _, tt := range []struct {
		name                    string
		draft                   bool
		date, publish, expiry   time.Duration // from now; 0: unset
		drafts, future, expired bool
		want                    bool
	}{
		{name: "plain", date: -day, want: true},
		{name: "draft", draft: true, date: -day, want: false},
		{name: "draft with --drafts", draft: true, date: -day, drafts: true, want: true},
		{name: "dated tomorrow", date: day, want: false},
		{name: "dated tomorrow with --future", date: day, future: true, want: true},
		{name: "publishDate tomorrow", date: -day, publish: day, want: false},
		{name: "publishDate tomorrow with --future", date: -day, publish: day, future: true, want: true},
		{name: "publishDate passed", date: -2 * day, publish: -day, want: true},
		{name: "expired", date: -2 * day, expiry: -day, want: false},
		{name: "expires this instant", date: -2 * day, expiry: time.Nanosecond, want: true},
		{name: "expired with --expired", date: -2 * day, expiry: -day, expired: true, want: true},
		{name: "expires tomorrow", date: -day, expiry: day, want: true},
		{name: "draft, future and expired, all flags", draft: true, date: day, expiry: -day, drafts: true, future: true, expired: true, want: true},
		{name: "draft and future, --drafts only", draft: true, date: day, drafts: true, want: false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := &Page{}
			p.Draft = tt.draft
			at := func(d time.Duration) time.Time {
				if d == 0 {
					return time.Time{}
				}
				return now.Add(d)
			}
			p.Date, p.PublishDate, p.ExpiryDate = at(tt.date), at(tt.publish), at(tt.expiry)
			o := Options{Drafts: tt.drafts, Future: tt.future, Expired: tt.expired, Now: now}
			if got := o.Published(p); got != tt.want {
				t.Errorf("Published = %v, want %v", got, tt.want)
			}
		})
	}
}

// news makes a news page dated days before 2024-06-01 with extra front
// matter lines.
func news(t *testing.T, name string, days int, extra ...string) *Page {
	t.Helper()
	date := time.Date(2024, 6, 1, 8, 0, 0, 0, time.FixedZone("WIB", 7*3600)).AddDate(0, 0, -days)
	src := fmt.Sprintf("---\ntitle: %q\ndate: %s\nsummary: Ringkas.\n%s---\nIsi.\n", "Berita "+name, date.Format(time.RFC3339), strings.Join(extra, "\n")+"\n")
	p, errs := parse(t, testConfig(t), "content/berita/"+name+".md", src)
	if errs.Errors() {
		t.Fatalf("%s: %v", name, errs.Err())
	}
	return p
}

func slugs(pages []*Page) []string {
	var s []string
	for _, p := range pages {
		s = append(s, p.Slug)
	}
	return s
}

// TestAssembleNewsViews: the views over news (README "URLs" and
// "Front matter"): newest first, the ticker without `ticker: false` and
// within tickerCount, the headline, drafts left out.
func TestAssembleNewsViews(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.TickerCount = 3
	pages := []*Page{
		news(t, "c", 3), news(t, "a", 1), news(t, "e", 5), news(t, "b", 2, "ticker: false"),
		news(t, "d", 4), news(t, "draf", 0, "draft: true"),
	}
	s, errs := Assemble(cfg, pages, Options{Now: time.Date(2024, 6, 2, 0, 0, 0, 0, time.UTC)})
	if errs.Errors() {
		t.Fatal(errs.Err())
	}
	for _, tt := range []struct {
		view      string
		got, want []string
	}{
		{"News", slugs(s.News), []string{"a", "b", "c", "d", "e"}},
		{"Ticker", slugs(s.Ticker), []string{"a", "c", "d"}},
		{"Latest(2), after the headline", slugs(s.Latest(2)), []string{"b", "c"}},
		{"Excluded", slugs(s.Excluded), []string{"draf"}},
	} {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.view, tt.got, tt.want)
		}
	}
	if s.Headline == nil || s.Headline.Slug != "a" {
		t.Errorf("headline %v, want a", s.Headline)
	}
	if a := s.PageAt("/berita/a/"); a == nil || a.Next != nil || a.Prev == nil || a.Prev.Slug != "b" {
		t.Errorf("a: page %v, prev/next wrong", a)
	}
}

// TestAssembleTerms: tags that differ only in case, spacing or diacritics
// are one term shown with the most common spelling (README "URLs").
func TestAssembleTerms(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	pages := []*Page{
		news(t, "a", 1, `tags: ["Pelayanan Publik", "kopi"]`),
		news(t, "b", 2, `tags: ["pelayanan  publik"]`),
		news(t, "c", 3, `tags: ["Pelayanan Publik", "Kopi"]`),
		news(t, "d", 4, `tags: ["pélayanan publik", "kopi"]`, `categories: ["Ekonomi"]`),
	}
	s, errs := Assemble(cfg, pages, Options{Now: time.Date(2024, 6, 2, 0, 0, 0, 0, time.UTC)})
	if errs.Errors() {
		t.Fatal(errs.Err())
	}
	for _, tax := range s.Taxonomies {
		var got []string
		for _, term := range tax.Terms {
			got = append(got, fmt.Sprintf("%s=%s:%d", term.Slug, term.Name, len(term.Pages)))
		}
		slices.Sort(got)
		want := map[string][]string{
			"tags":       {"kopi=kopi:3", "pelayanan-publik=Pelayanan Publik:4"},
			"categories": {"ekonomi=Ekonomi:1"},
		}[tax.Name]
		if !slices.Equal(got, want) {
			t.Errorf("%s terms %v, want %v", tax.Name, got, want)
		}
	}
}

// TestSiblingInnovations: an innovation's profile lists its agency's other
// innovations, in the agency page's order, without itself; news and
// agency pages have none, nor an innovation alone in its agency.
func TestSiblingInnovations(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	var pages []*Page
	add := func(file, src string) {
		p, _ := parse(t, cfg, file, src)
		pages = append(pages, p)
	}
	add("content/opd/dinkes.md", "---\ntitle: Dinas Kesehatan\n---\n")
	add("content/opd/bappeda.md", "---\ntitle: Bappeda\n---\n")
	for i, name := range []string{"a", "b", "c"} {
		add("content/inovasi/"+name+".md", fmt.Sprintf("---\ntitle: Inovasi %s\nagency: dinkes\ndate: 2024-05-0%d\n---\nIsi.\n", name, i+1))
	}
	add("content/inovasi/sendiri.md", "---\ntitle: Sendiri\nagency: bappeda\ndate: 2024-05-09\n---\nIsi.\n")
	pages = append(pages, news(t, "kabar", 1, "agency: dinkes"))
	s, _ := Assemble(cfg, pages, Options{Now: time.Date(2024, 6, 2, 0, 0, 0, 0, time.UTC)})
	order := slugs(s.Agency("dinkes").AgencyInno)
	if len(order) != 3 {
		t.Fatalf("dinkes innovations %v, want a, b and c", order)
	}
	for _, name := range []string{"a", "b", "c"} {
		want := slices.DeleteFunc(slices.Clone(order), func(s string) bool { return s == name })
		if got := slugs(s.Innovation(name).SiblingInno()); !slices.Equal(got, want) {
			t.Errorf("%s: SiblingInno = %v, want %v", name, got, want)
		}
	}
	for _, p := range []*Page{s.Innovation("sendiri"), s.PageAt("/berita/kabar/"), s.Agency("dinkes")} {
		if got := p.SiblingInno(); got != nil {
			t.Errorf("%s: SiblingInno = %v, want none", p.File, slugs(got))
		}
	}
}
