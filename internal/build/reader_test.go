package build

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/publish"
)

// pngBytes is the start of a real PNG file: its signature and IHDR chunk,
// enough for content sniffing.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde")

// readerSite is a small news site with the inputs readers trip over:
// a quoted first paragraph, look-alike tags, body headings named like the
// theme's sections, an image file name with spaces and an upper-case
// extension, credit codes already in parentheses, a date without a time,
// a draft and a future item.
func readerSite() fstest.MapFS {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"warta.yaml":            f("title: Portal Uji\nbaseURL: https://portal.example.go.id/\n"),
		"content/opd/dinkes.md": f("---\ntitle: Dinas Kesehatan\nphone: \"(0741) 123456 / 0812-3456-789\"\n---\n"),
		"content/berita/kutipan/index.md": f(`---
title: Gubernur Siap Hadapi Musim Hujan
date: 2025-06-01
credit: "(JP-Hms/Lee)"
categories: [Zeta, Alpha]
tags: [C, "C++", "c#", "Pelayanan Publik"]
agency: dinkes
image:
  src: foto utama.PNG
  alt: Gubernur memberi keterangan
  caption: Gubernur di kantornya.
  credit: "(Foto: Humas)"
---
"Kami siap," kata Gubernur -- kemarin... di AT&amp;T &lt;Jambi&gt;.

## Berita Lainnya

Isi.

## Konten

## Info Terkini
`),
		"content/berita/kutipan/foto utama.PNG": {Data: pngBytes},
		"content/berita/lain.md": f(`---
title: Berita Lain dengan Jam
date: 2025-06-02 10:30
credit: JP-Hms/Ari
categories: [Alpha]
tags: [c, "pelayanan  publik", "Pelayanan Públik"]
---
Paragraf biasa.
`),
		"content/berita/draf.md":  f("---\ntitle: Draf Terbaru\ndate: 2025-06-03 08:00\ndraft: true\n---\nBelum terbit.\n"),
		"content/berita/nanti.md": f("---\ntitle: Berita Terjadwal\ndate: 2026-06-01 08:00\n---\nNanti.\n"),
	}
}

// parseHTML parses a built page.
func parseHTML(t *testing.T, b []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// walk calls f for every element of n.
func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, c string) bool {
	v, _ := attr(n, "class")
	return slices.Contains(strings.Fields(v), c)
}

func text(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// find returns the elements of doc for which ok holds.
func find(doc *html.Node, ok func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	walk(doc, func(n *html.Node) {
		if ok(n) {
			out = append(out, n)
		}
	})
	return out
}

func metaContent(doc *html.Node, key string) string {
	for _, n := range find(doc, func(n *html.Node) bool { return n.Data == "meta" }) {
		if v, _ := attr(n, "property"); v == key {
			c, _ := attr(n, "content")
			return c
		}
		if v, _ := attr(n, "name"); v == key {
			c, _ := attr(n, "content")
			return c
		}
	}
	return ""
}

func jsonLD(t *testing.T, doc *html.Node, typ string) map[string]any {
	t.Helper()
	for _, n := range find(doc, func(n *html.Node) bool {
		v, _ := attr(n, "type")
		return n.Data == "script" && v == "application/ld+json"
	}) {
		var m map[string]any
		if err := json.Unmarshal([]byte(text(n)), &m); err != nil {
			t.Fatalf("JSON-LD does not parse: %v\n%s", err, text(n))
		}
		if m["@type"] == typ {
			return m
		}
	}
	t.Fatalf("no %s JSON-LD", typ)
	return nil
}

// TestSummaryEscapedOnce: the automatic summary of a quoted lead reaches
// meta, og, JSON-LD, cards and the Atom summary as the real characters.
func TestSummaryEscapedOnce(t *testing.T) {
	mem, _ := buildMem(t, readerSite(), Options{})
	const want = "“Kami siap,” kata Gubernur – kemarin… di AT&T <Jambi>."
	page := parseHTML(t, mem.Files["berita/kutipan/index.html"])
	for _, key := range []string{"description", "og:description"} {
		if got := metaContent(page, key); got != want {
			t.Errorf("meta %s = %q, want %q", key, got, want)
		}
	}
	if got := jsonLD(t, page, "NewsArticle")["description"]; got != want {
		t.Errorf("JSON-LD description = %q, want %q", got, want)
	}
	for _, list := range []string{"berita/index.html", "index.html", "tag/c/index.html", "kategori/zeta/index.html", "arsip/2025/06/index.html"} {
		doc := parseHTML(t, mem.Files[list])
		found := false
		for _, n := range find(doc, func(n *html.Node) bool {
			return hasClass(n, "card-lead") || n.Data == "p" && n.Parent != nil && hasClass(n.Parent.Parent, "headline-item")
		}) {
			if strings.HasPrefix(text(n), "“Kami siap,”") {
				found = true
			}
			if strings.Contains(text(n), "&") && !strings.Contains(text(n), "AT&T") || strings.Contains(text(n), "&amp;") || strings.Contains(text(n), "&ldquo;") {
				t.Errorf("%s: card text escaped twice: %q", list, text(n))
			}
		}
		if !found {
			t.Errorf("%s: no card shows the lead as text", list)
		}
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(mem.Files["feed.xml"]))
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range feed.Items {
		if strings.HasSuffix(it.Link, "/berita/kutipan/") && it.Description != want {
			t.Errorf("Atom summary = %q, want %q", it.Description, want)
		}
	}
	if bytes.Contains(mem.Files["feed.xml"], []byte("&amp;ldquo;")) {
		t.Error("feed.xml holds an entity escaped twice")
	}
}

// TestLookAlikeTermsStayApart: "C", "C++" and "C#" are three tags with
// three URLs; case, spacing and diacritic variants are one; a page lists
// its terms in its own order, so its first category is the one it named
// first.
func TestLookAlikeTermsStayApart(t *testing.T) {
	mem, res := buildMem(t, readerSite(), Options{})
	for _, p := range []string{"tag/c/index.html", "tag/c-plus-plus/index.html", "tag/c-sharp/index.html", "tag/pelayanan-publik/index.html"} {
		if _, ok := mem.Files[p]; !ok {
			t.Errorf("no %s", p)
		}
	}
	tags := res.Site.Taxonomy("tags")
	if n := len(tags.Terms); n != 4 {
		t.Errorf("%d tags, want 4 (c, c-plus-plus, c-sharp, pelayanan-publik)", n)
	}
	names := func(file string) []string {
		var out []string
		for _, nav := range find(parseHTML(t, mem.Files[file]), func(n *html.Node) bool { return hasClass(n, "tags") }) {
			for _, a := range find(nav, func(n *html.Node) bool { return n.Data == "a" }) {
				out = append(out, text(a))
			}
		}
		return out
	}
	if got := names("berita/lain/index.html"); !slices.Equal(got, []string{"C", "Pelayanan Publik"}) {
		t.Errorf("tags of lain: %q, want [C Pelayanan Publik]", got)
	}
	if got := names("berita/kutipan/index.html"); !slices.Equal(got, []string{"C", "C++", "c#", "Pelayanan Publik"}) {
		t.Errorf("tags of kutipan: %q", got)
	}
	for _, pp := range tags.Terms {
		if pp.Slug == "pelayanan-publik" && pp.Count() != 2 {
			t.Errorf("%s has %d pages, want 2 (spelling variants are one term)", pp.Slug, pp.Count())
		}
	}
	art := parseHTML(t, mem.Files["berita/kutipan/index.html"])
	if cats := find(art, func(n *html.Node) bool { return hasClass(n, "card-cat") }); len(cats) == 0 || text(cats[0]) != "Zeta" {
		t.Errorf("article shows another category than its first (Zeta)")
	}
}

// TestHeadingIDsKeepClearOfTheTheme: on every page, each id is used once,
// so aria-labelledby and the skip link reach the theme's own elements.
func TestHeadingIDsKeepClearOfTheTheme(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{"reader": readerSite()} {
		mem, _ := buildMem(t, fsys, Options{})
		checkIDs(t, name, mem.Files)
	}
	mem, _ := buildMem(t, os.DirFS("../.."), Options{})
	checkIDs(t, "portal", mem.Files)
}

func checkIDs(t *testing.T, site string, files map[string][]byte) {
	t.Helper()
	pages := 0
	for name, b := range files {
		if path.Ext(name) != ".html" {
			continue
		}
		pages++
		doc := parseHTML(t, b)
		seen := map[string]int{}
		walk(doc, func(n *html.Node) {
			if id, ok := attr(n, "id"); ok {
				seen[id]++
			}
		})
		for id, c := range seen {
			if c > 1 {
				t.Errorf("%s/%s: id %q used %d times", site, name, id, c)
			}
		}
		walk(doc, func(n *html.Node) {
			if ref, ok := attr(n, "aria-labelledby"); ok && seen[ref] != 1 {
				t.Errorf("%s/%s: aria-labelledby=%q names no single element", site, name, ref)
			}
		})
	}
	if pages < 5 {
		t.Fatalf("%s: only %d pages", site, pages)
	}
}

// TestURLsArePercentEncoded: every URL the build writes in attributes,
// JSON-LD, feeds and sitemaps parses and is written in its encoded form;
// the image's media type comes from its bytes.
func TestURLsArePercentEncoded(t *testing.T) {
	mem, _ := buildMem(t, readerSite(), Options{})
	const img = "https://portal.example.go.id/berita/kutipan/foto%20utama.PNG"
	page := parseHTML(t, mem.Files["berita/kutipan/index.html"])
	if got := metaContent(page, "og:image"); got != img {
		t.Errorf("og:image %q, want %q", got, img)
	}
	if got := jsonLD(t, page, "NewsArticle")["image"]; got != img {
		t.Errorf("JSON-LD image %q, want %q", got, img)
	}
	feed := string(mem.Files["feed.xml"])
	for _, want := range []string{`<link rel="enclosure" href="` + img + `" type="image/png"`, `<media:content url="` + img + `" type="image/png"`} {
		if !strings.Contains(feed, want) {
			t.Errorf("feed lacks %s", want)
		}
	}
	if _, ok := mem.Files["berita/kutipan/foto utama.PNG"]; !ok {
		t.Error("the image is not copied under its own name")
	}
	valid := func(where, u string) {
		if u == "" {
			return
		}
		p, err := url.Parse(u)
		if err != nil || strings.ContainsAny(u, " \t\n<>\"{}|\\^`") || p.String() != u && p.Opaque == "" {
			t.Errorf("%s: URL %q is not percent-encoded", where, u)
		}
	}
	for name, b := range mem.Files {
		switch path.Ext(name) {
		case ".html":
			walk(parseHTML(t, b), func(n *html.Node) {
				for _, k := range []string{"href", "src"} {
					if v, ok := attr(n, k); ok {
						valid(name+" "+k, v)
					}
				}
				if p, _ := attr(n, "property"); strings.HasSuffix(p, ":url") || strings.HasSuffix(p, ":image") {
					c, _ := attr(n, "content")
					valid(name+" "+p, c)
				}
			})
		case ".xml":
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(b))
			if err != nil {
				continue // sitemaps: checked by TestSitemapMatchesFiles
			}
			for _, it := range feed.Items {
				valid(name+" link", it.Link)
				for _, e := range it.Enclosures {
					valid(name+" enclosure", e.URL)
				}
			}
		}
	}
}

// TestCreditsPrintedOnce: a credit code or photo credit written with or
// without parentheses is printed once in parentheses.
func TestCreditsPrintedOnce(t *testing.T) {
	mem, _ := buildMem(t, readerSite(), Options{})
	for file, want := range map[string][]string{
		"berita/kutipan/index.html": {"(JP-Hms/Lee)", "(Foto: Humas)"},
		"berita/lain/index.html":    {"(JP-Hms/Ari)"},
	} {
		doc := parseHTML(t, mem.Files[file])
		var got []string
		for _, n := range find(doc, func(n *html.Node) bool { return hasClass(n, "credit-line") || hasClass(n, "credit") }) {
			got = append(got, text(n))
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: credits %q, want %q", file, got, want)
		}
	}
}

// TestTimeOnlyWhenWritten: a date without a time shows no "00.00 WIB".
func TestTimeOnlyWhenWritten(t *testing.T) {
	mem, _ := buildMem(t, readerSite(), Options{})
	meta := func(file string) (string, string) {
		doc := parseHTML(t, mem.Files[file])
		for _, n := range find(doc, func(n *html.Node) bool { return hasClass(n, "article-meta") }) {
			tm := find(n, func(n *html.Node) bool { return n.Data == "time" })[0]
			dt, _ := attr(tm, "datetime")
			return text(tm), dt
		}
		t.Fatalf("%s: no article meta", file)
		return "", ""
	}
	if txt, dt := meta("berita/kutipan/index.html"); txt != "Minggu, 1 Juni 2025" || dt != "2025-06-01" {
		t.Errorf("date only: shows %q datetime %q, want \"Minggu, 1 Juni 2025\" and 2025-06-01", txt, dt)
	}
	if txt, dt := meta("berita/lain/index.html"); txt != "Senin, 2 Juni 2025, 10.30 WIB" || dt != "2025-06-02T10:30:00+07:00" {
		t.Errorf("date and time: shows %q datetime %q", txt, dt)
	}
}

// TestReaderDetails: the footer says "RSS/Atom", phones are tel: links, a
// news-only site has no empty catalog menus, a profile puts goals before
// its design text, and innovation cards on tag pages say "Inovasi".
func TestReaderDetails(t *testing.T) {
	mem, _ := buildMem(t, readerSite(), Options{})
	home := string(mem.Files["index.html"])
	if !strings.Contains(home, "RSS/Atom") || strings.Contains(home, "Umpan Atom") {
		t.Error("footer does not name the feed in readers' words")
	}
	for _, n := range find(parseHTML(t, mem.Files["index.html"]), func(n *html.Node) bool { return hasClass(n, "main-nav") }) {
		for _, a := range find(n, func(n *html.Node) bool { return n.Data == "a" }) {
			if h, _ := attr(a, "href"); h == "/inovasi/" {
				t.Error("a news-only site shows the empty Inovasi menu")
			}
		}
	}
	var tels []string
	for _, a := range find(parseHTML(t, mem.Files["opd/dinkes/index.html"]), func(n *html.Node) bool { return n.Data == "a" }) {
		if h, _ := attr(a, "href"); strings.HasPrefix(h, "tel:") {
			tels = append(tels, h+" "+text(a))
		}
	}
	if want := []string{"tel:0741123456 (0741) 123456", "tel:08123456789 0812-3456-789"}; !slices.Equal(tels, want) {
		t.Errorf("phone links %q, want %q", tels, want)
	}

	portal, _ := buildMem(t, os.DirFS("../.."), Options{})
	prof := string(portal.Files["inovasi/lacak-izin/index.html"])
	if i, j := strings.Index(prof, `id="tujuan-inovasi"`), strings.Index(prof, `id="uraian-inovasi"`); i < 0 || j < 0 || i > j {
		t.Error("profile puts the design text before Tujuan")
	}
	found := false
	for name, b := range portal.Files {
		if !strings.HasPrefix(name, "tag/") {
			continue
		}
		for _, c := range find(parseHTML(t, b), func(n *html.Node) bool { return hasClass(n, "card") }) {
			a := find(c, func(n *html.Node) bool { return n.Data == "a" && hasClass(n.Parent, "card-title") })
			if h, _ := attr(a[0], "href"); strings.HasPrefix(h, "/inovasi/") {
				found = true
				if cat := find(c, func(n *html.Node) bool { return hasClass(n, "card-cat") }); len(cat) == 0 || text(cat[0]) != "Inovasi" {
					t.Errorf("%s: innovation card without the Inovasi label", name)
				}
			}
		}
	}
	if !found {
		t.Error("no innovation card on any tag page")
	}
}

// TestPreviewMarksDraftsEverywhere: with drafts and future items shown
// (warta serve), each is marked wherever it appears: the home headline,
// the ticker, cards and lists.
func TestPreviewMarksDraftsEverywhere(t *testing.T) {
	mem, _ := buildMem(t, readerSite(), Options{Drafts: true, Future: true})
	home := parseHTML(t, mem.Files["index.html"])
	marked := func(n *html.Node, label string) bool {
		return len(find(n, func(m *html.Node) bool { return hasClass(m, "badge-draft") && text(m) == label })) > 0
	}
	for _, c := range []struct{ class, title, label string }{
		{"headline-item", "Berita Terjadwal", "TERJADWAL"},
		{"ticker", "Berita Terjadwal", "TERJADWAL"},
		{"ticker", "Draf Terbaru", "DRAF"},
		{"cards", "Draf Terbaru", "DRAF"},
	} {
		ok := false
		for _, box := range find(home, func(n *html.Node) bool { return hasClass(n, c.class) }) {
			for _, item := range find(box, func(n *html.Node) bool { return n.Data == "li" || n.Data == "article" || n.Data == "h3" }) {
				if strings.Contains(text(item), c.title) && marked(item, c.label) {
					ok = true
				}
			}
		}
		if !ok {
			t.Errorf("home %s: %q not marked %s", c.class, c.title, c.label)
		}
	}
	for _, file := range []string{"berita/index.html", "arsip/2025/06/index.html", "berita/lain/index.html", "berita/draf/index.html"} {
		if !marked(parseHTML(t, mem.Files[file]), "DRAF") {
			t.Errorf("%s: the draft is not marked", file)
		}
	}
	plain, _ := buildMem(t, readerSite(), Options{})
	for name, b := range plain.Files {
		if bytes.Contains(b, []byte("badge-draft")) && path.Ext(name) == ".html" {
			t.Errorf("%s: a published page is marked", name)
		}
	}
}

// TestRelativeBaseURLWarns: publishing feeds and a sitemap with the
// default baseURL "/" is a warning naming warta.yaml; an absolute one is
// quiet.
func TestRelativeBaseURLWarns(t *testing.T) {
	fsys := readerSite()
	_, res := buildMem(t, fsys, Options{})
	for _, d := range res.Warnings {
		if d.Field == "baseURL" {
			t.Errorf("absolute baseURL warned: %v", d)
		}
	}
	fsys["warta.yaml"] = &fstest.MapFile{Data: []byte("title: Portal Uji\n")}
	_, res = buildMem(t, fsys, Options{})
	found := false
	for _, d := range res.Warnings {
		if d.File == "warta.yaml" && d.Field == "baseURL" && strings.Contains(d.Message("id"), "baseURL: https://") {
			found = true
		}
	}
	if !found {
		t.Errorf("no baseURL warning; warnings: %v", res.Warnings)
	}
}

// TestLookAlikeTermsWithoutDistinctURLsAreReported: terms that differ in
// more than case, spacing, punctuation or diacritics but share a URL
// ("C" and "C♯") are an error naming both files and lines.
func TestLookAlikeTermsWithoutDistinctURLsAreReported(t *testing.T) {
	fsys := readerSite()
	fsys["content/berita/musik.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Musik\ndate: 2025-05-01\n\ntags: [\"C♯\"]\n---\nIsi.\n")}
	mem := publish.NewMemory()
	_, err := Run(context.Background(), Options{Source: fsys, Target: mem, Theme: warta.Theme(), Now: now})
	if err == nil {
		t.Fatal("no error for C and C♯ on one URL")
	}
	found := false
	for _, d := range diag.All(err) {
		msg := d.Error()
		if d.File == "content/berita/musik.md" && d.Line == 5 && strings.Contains(msg, `"C♯"`) && strings.Contains(msg, `"c" (content/berita/lain.md:6)`) && strings.Contains(msg, "/tag/c/") {
			found = true
		}
	}
	if !found {
		t.Errorf("the error does not name both terms, files and lines: %v", err)
	}
}
