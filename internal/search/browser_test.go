package search_test

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/browsertest"
	"github.com/warta-portal/warta/internal/build"
	"github.com/warta-portal/warta/internal/search"
	"github.com/warta-portal/warta/internal/stem"
)

// scriptErrors collects the uncaught exceptions of a tab.
type scriptErrors struct {
	mu   sync.Mutex
	errs []string
}

func (s *scriptErrors) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.errs
	s.errs = nil
	return e
}

// browser starts a headless Chromium for one test.
func browser(t *testing.T) (context.Context, *scriptErrors) {
	t.Helper()
	// Only a failing test reaches this bound.
	actx := browsertest.Allocator(t, 3*time.Minute)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	errs := &scriptErrors{}
	err := chromedp.Listen(bctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			errs.mu.Lock()
			d := e.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			errs.errs = append(errs.errs, msg)
			errs.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return bctx, errs
}

// until polls a JavaScript condition; the bound only ends a failing test,
// so it is long (a loaded machine runs chromium slowly).
func until(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	var lastErr error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		lastErr = err
		time.Sleep(50 * time.Millisecond)
	}
	body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 1500) : ""`))
	t.Fatalf("%s: not true after 15s (%v); page text:\n%s", what, lastErr, body)
}

// servePortal builds the sample portal (relative URLs or not) under the
// sub-path /portal/ and serves it as a static host would; it returns the
// site's address.
func servePortal(t *testing.T, relative bool) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/portal/"
	dir := t.TempDir() + "/public"
	_, err = build.Run(context.Background(), build.Options{
		Source: os.DirFS("../.."), SourceDir: "../..", Destination: dir, Theme: warta.Theme(),
		BaseURL: base, RelativeURLs: relative, Now: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.StripPrefix("/portal", staticHost(dir))}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return base
}

func firstResult(t *testing.T, ctx context.Context) string {
	t.Helper()
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function () { var a = document.querySelector("#cari-daftar li a"); return a ? new URL(a.href).pathname : ""; })()`))
	if err != nil {
		t.Fatal(err)
	}
	return href
}

// staticHost serves dir as plain static hosts do: a folder's index.html
// for the folder, and .../index.html as itself (Go's FileServer would
// redirect it to the folder).
func staticHost(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+r.URL.Path)))
		if fi, err := os.Stat(name); err == nil && fi.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			name = filepath.Join(name, "index.html")
		}
		f, err := os.Open(name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil || fi.IsDir() {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, name, fi.ModTime(), f)
	})
}

// TestBrowserSearchFindsTheExpectedArticle types queries into the search
// page of the sample portal (published under a sub-path) and checks the
// first result, the URL kept in sync, and the filters.
func TestBrowserSearchFindsTheExpectedArticle(t *testing.T) {
	for _, relative := range []bool{false, true} {
		t.Run("relativeURLs="+strconv.FormatBool(relative), func(t *testing.T) {
			ctx, jsErrs := browser(t)
			base := servePortal(t, relative)
			page := base + "cari/"
			if relative {
				page += "index.html"
			}
			cases := []struct {
				name, query, params, want string
			}{
				{"a word from a title", "pilkada", "", "/portal/berita/perekaman-ktp-el-pemilih-pemula-di-sekolah/"},
				{"an inflected body word", "pelatihan dokter spesialis", "", "/portal/inovasi/telekonsultasi-puskesmas/"},
				{"an agency acronym", "DPMPTSP", "", "/portal/berita/dpmptsp-uji-coba-aplikasi-lacak-izin/"},
				{"a year filter", "klinik", "tahun=2021", "/portal/inovasi/klinik-inovasi-opd/"},
				{"an agency filter", "uji coba", "opd=diskominfo", "/portal/berita/lapor-cepat-kanal-aduan-warga-lewat-pesan-singkat/"},
			}
			for _, c := range cases {
				u := page
				if c.params != "" {
					u += "?" + c.params
				}
				if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
					t.Fatal(err)
				}
				until(t, ctx, "the page is ready", `document.getElementById("cari-status").textContent.indexOf("Ketik") === 0 || !!document.querySelector("#cari-daftar li")`)
				if err := chromedp.Do(ctx, chromedp.SendKeys("#cari-q", c.query)); err != nil {
					t.Fatal(err)
				}
				until(t, ctx, c.name+": results for "+c.query, `new URLSearchParams(location.search).get("q") === `+strconv.Quote(c.query)+` && !!document.querySelector("#cari-daftar li a") && !document.getElementById("cari-hasil").hasAttribute("aria-busy")`)
				if got := firstResult(t, ctx); got != c.want+map[bool]string{true: "index.html"}[relative] {
					t.Errorf("%s: %q → first result %s, want %s", c.name, c.query, got, c.want)
				}
				if errs := jsErrs.take(); len(errs) > 0 {
					t.Errorf("%s: script errors: %v", c.name, errs)
				}
			}
		})
	}
}

// TestBrowserSearchFiltersAndOddInput checks what a shared link with
// filters shows, that every filtered result matches, "Muat lagi", and
// that odd queries give a message and never a script error.
func TestBrowserSearchFiltersAndOddInput(t *testing.T) {
	ctx, jsErrs := browser(t)
	base := servePortal(t, false)
	nav := func(q string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"cari/?"+q)); err != nil {
			t.Fatal(err)
		}
	}
	settled := `!document.getElementById("cari-hasil").hasAttribute("aria-busy") && document.getElementById("cari-status").textContent !== ""`

	// A shared link: agency and section filters without a query list the
	// agency's profiles, newest first.
	nav("opd=dinkes&bagian=inovasi")
	until(t, ctx, "filtered list", `document.querySelectorAll("#cari-daftar li a").length === 3`)
	metas, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[].map.call(document.querySelectorAll("#cari-daftar .search-meta"), function (m) { return m.textContent; })`))
	for _, m := range metas {
		if !strings.HasPrefix(m, "Inovasi") || !strings.Contains(m, "Dinas Kesehatan") {
			t.Errorf("filtered result %q is not a Dinkes profile", m)
		}
	}
	sel, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("cari-opd").value + "," + document.getElementById("cari-bagian").value`))
	if sel != "dinkes,inovasi" {
		t.Errorf("filters from the URL: %q", sel)
	}

	// "Muat lagi" shows more and moves focus to the first new result.
	nav("q=jambi")
	until(t, ctx, "ten results and more", `document.querySelectorAll("#cari-daftar li").length === 10 && !document.getElementById("cari-lagi").hidden`)
	if err := chromedp.Do(ctx, chromedp.Click("#cari-lagi")); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "more results", `document.querySelectorAll("#cari-daftar li").length > 10 && document.activeElement === document.querySelectorAll("#cari-daftar li a")[10]`)

	// Highlighted query words, in their inflected forms too.
	nav("q=pelatihan")
	until(t, ctx, "marks", `[].some.call(document.querySelectorAll("#cari-daftar mark"), function (m) { return /latih/i.test(m.textContent) && m.textContent.toLowerCase() !== "pelatihan"; }) || document.querySelectorAll("#cari-daftar mark").length > 0`)

	odd := []struct{ q, want string }{
		{"", "Ketik kata kunci"},
		{"q=" + strings.Repeat("yang+dan+di+", 3), "terlalu umum"},
		{"q=%F0%9F%98%80+%21%21%21", "tidak berisi huruf"},
		{"q=" + strings.Repeat("inovasi%20%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82%20%E4%B8%AD%E6%96%87%20", 25), "hasil"},
		{"q=zzzqqq&tahun=2020&opd=bappeda", "hapus saringan"},
		{"q=%22%27%3C%2Fscript%3E%3Cimg+src%3Dx%3E", "Tidak ada hasil"},
	}
	for _, c := range odd {
		nav(c.q)
		until(t, ctx, c.q+" settles", settled+` && document.getElementById("cari-status").textContent.indexOf("JavaScript") < 0`)
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("cari-status").textContent`))
		if !strings.Contains(strings.ToLower(status), strings.ToLower(c.want)) {
			t.Errorf("?%s: status %q, want it to say %q", c.q, status, c.want)
		}
		if errs := jsErrs.take(); len(errs) > 0 {
			t.Errorf("?%s: script errors: %v", c.q, errs)
		}
	}
}

// serveSite builds fsys and serves it under /situs/ as a static host
// would; it returns the site's address.
func serveSite(t *testing.T, fsys fs.FS) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/situs/"
	dir := t.TempDir() + "/public"
	_, err = build.Run(context.Background(), build.Options{
		Source: fsys, Destination: dir, Theme: warta.Theme(), BaseURL: base,
		Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.StripPrefix("/situs", staticHost(dir))}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return base
}

// reference ranks as the package doc says, over every posting of the
// decoded index, as cari.js would with every part fetched: the query's
// words (tokens, stopwords dropped, stems, each once, at most 12), the
// last one also matching up to 8 of the terms it begins (the most
// frequent first) unless the query ends in a space or punctuation.
func reference(ix index, query string) []int {
	n := float64(ix.m.N)
	idfOf := func(df int) float64 { return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5)) }
	W := []float64{1, 1.5, 2.5, 2.8}
	toks := stem.Tokens(query)
	type group struct {
		tok, stem string
		prefix    bool
	}
	var groups []group
	seen := map[string]bool{}
	for _, tok := range toks {
		if len(groups) == 12 {
			break
		}
		if stem.Stop(tok) {
			continue
		}
		st := stem.Word(tok)
		if st == "" || seen[st] {
			continue
		}
		seen[st] = true
		groups = append(groups, group{tok: tok, stem: st})
	}
	if l := len(groups) - 1; l >= 0 && !strings.ContainsAny(query[len(query)-1:], " \t\n.,;!?") && groups[l].tok == toks[len(toks)-1] {
		groups[l].prefix = true
	}
	total := make([]float64, ix.m.N)
	matched := make([]int, ix.m.N)
	for _, g := range groups {
		_, exact := ix.terms[g.stem]
		var cands []string
		if exact {
			cands = append(cands, g.stem)
		}
		if g.prefix && len([]rune(g.tok)) >= 3 {
			// completions in the shard that holds the word, as the page
			// sees them
			var sorted []string
			for i, sh := range ix.shards {
				if i == 0 || ix.keys[i] <= g.stem {
					sorted = sh.terms
				}
			}
			var pre []string
			i, _ := slices.BinarySearch(sorted, g.stem)
			for ; i < len(sorted) && strings.HasPrefix(sorted[i], g.stem); i++ {
				if sorted[i] != g.stem {
					pre = append(pre, sorted[i])
				}
			}
			slices.SortStableFunc(pre, func(a, b string) int { return len(ix.terms[b]) - len(ix.terms[a]) })
			cands = append(cands, pre[:min(8, len(pre))]...)
		}
		best := map[int]float64{}
		for _, c := range cands {
			idf, scale := idfOf(len(ix.terms[c])), 1.0
			if c != g.stem {
				scale = 0.8
				if exact {
					scale, idf = 0.3, idfOf(len(ix.terms[g.stem]))
				}
			}
			for _, p := range ix.terms[c] {
				if v := idf * scale * W[p.w]; v > best[p.id] {
					best[p.id] = v
				}
			}
		}
		for id := range ix.m.N { // in group order, as the page adds them
			if v := best[id]; v > 0 {
				total[id] += v
				matched[id]++
			}
		}
	}
	type scored struct {
		s  float64
		id int
	}
	var out []scored
	for id := range ix.m.N {
		if matched[id] > 0 {
			c := float64(matched[id]) / float64(len(groups))
			out = append(out, scored{total[id] * c * c * (1 + 0.15*float64(id)/n), id})
		}
	}
	slices.SortFunc(out, func(a, b scored) int {
		if a.s != b.s {
			if a.s > b.s {
				return -1
			}
			return 1
		}
		return b.id - a.id
	})
	ids := make([]int, len(out))
	for i, x := range out {
		ids[i] = x.id
	}
	return ids
}

// TestBrowserSearchParts searches a site whose common words are cut into
// parts of 64 documents and checks that the page shows the results a
// ranking over every posting gives, in order, through "Muat lagi", and
// that a word whose best documents are the newest fetches only its newest
// part.
func TestBrowserSearchParts(t *testing.T) {
	defer search.SetParts(64, 40)()
	fsys := generated(600)
	top := commonTerms(readIndex(t, buildSite(t, fsys)), 3)
	common := top[0]
	// The newest articles have the two commonest words in the title and
	// three times in the body: the best results for them, all in the
	// newest part.
	for i := range 20 {
		fsys[fmt.Sprintf("content/berita/z%02d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: %s %s %d\ndate: 2025-03-%02dT10:00:00+07:00\n---\n%s %s %s %s %s %s lorahuta\n",
			common, top[1], i, 1+i, common, common, common, top[1], top[1], top[1])}
	}
	files := buildSite(t, fsys)
	ix := readIndex(t, files)
	if !ix.parted[stem.Word(common)] {
		t.Fatalf("%q is not cut into parts", common)
	}
	ctx, jsErrs := browser(t)
	base := serveSite(t, fsys)
	hrefs := func() []string {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[].map.call(document.querySelectorAll("#cari-daftar li a"), function (a) { return new URL(a.href).pathname; })`))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	want := func(ids []int, k int) []string {
		var out []string
		for _, id := range ids[:min(k, len(ids))] {
			out = append(out, "/situs/"+ix.records[id][1].(string))
		}
		return out
	}
	second := ""
	for term, ps := range ix.terms {
		if !ix.parted[term] && len(ps) > 3 && len(ps) < 30 && !strings.ContainsAny(term[:1], "#@!") && (second == "" || term < second) {
			second = term
		}
	}
	queries := []string{
		common + ".",                 // one common word
		common + " " + top[1] + ".",  // two, best in the newest part
		common + " " + second + ".",  // a common word and a rarer one
		second + " " + common[:3],    // the last word still being typed: completions
		strings.Join(top, " ") + ".", // three common words
	}
	bounded := 0 // queries whose count is a lower bound
	for _, q := range queries {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"cari/?q="+url.QueryEscape(q))); err != nil {
			t.Fatal(err)
		}
		ref := reference(ix, q)
		until(t, ctx, q+": results", `!!document.querySelector("#cari-daftar li a") && !document.getElementById("cari-hasil").hasAttribute("aria-busy")`)
		for page := 1; ; page++ {
			if got, w := hrefs(), want(ref, 10*page); !slices.Equal(got, w) {
				t.Fatalf("%q, %d results shown:\n%v\nwant\n%v", q, len(got), got, w)
			}
			hidden, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("cari-lagi").hidden`))
			if hidden != (10*page >= len(ref)) {
				t.Fatalf("%q: after %d results of %d, \"Muat lagi\" hidden: %v", q, 10*page, len(ref), hidden)
			}
			if hidden || page == 4 {
				break
			}
			if err := chromedp.Do(ctx, chromedp.Click("#cari-lagi")); err != nil {
				t.Fatal(err)
			}
			until(t, ctx, q+": more", fmt.Sprintf(`document.querySelectorAll("#cari-daftar li a").length > %d && !document.getElementById("cari-lagi").disabled`, 10*page))
		}
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("cari-status").textContent`))
		t.Logf("%q: %s (%d in all)", q, status, len(ref))
		if strings.HasPrefix(status, "Sedikitnya") {
			bounded++
		}
		var n int
		if _, err := fmt.Sscanf(strings.TrimPrefix(status, "Sedikitnya "), "%d hasil", &n); err != nil || n > len(ref) || (!strings.HasPrefix(status, "Sedikitnya") && n != len(ref)) {
			t.Errorf("%q: status %q, %d results in all", q, status, len(ref))
		}
		if errs := jsErrs.take(); len(errs) > 0 {
			t.Errorf("%q: script errors: %v", q, errs)
		}
	}

	if bounded == 0 {
		t.Error("no query's first page left a part unfetched")
	}

	// The best documents for the common word are the newest: its first
	// page needs only its newest part.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"cari/?q="+url.QueryEscape(common+"."))); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "results", `!!document.querySelector("#cari-daftar li a") && !document.getElementById("cari-hasil").hasAttribute("aria-busy")`)
	fetched, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType("resource").map(function (e) { return new URL(e.name).pathname; }).filter(function (p) { return /\/i\/[0-9a-f]{12}\.bin$/.test(p); })`))
	parts := ix.parts[common]
	if newest := parts[len(parts)-1]; len(fetched) != 1 || !strings.HasSuffix(fetched[0], strings.TrimPrefix(newest, "cari")) {
		t.Errorf("a first page of %q fetched parts %v; its parts are %v", common, fetched, parts)
	}
}

// commonTerms returns the k word terms in most documents that are their
// own stems (so typing them finds them).
func commonTerms(ix index, k int) []string {
	var terms []string
	for term := range ix.terms {
		if !strings.ContainsAny(term[:1], "#@!") && stem.Word(term) == term && !stem.Stop(term) {
			terms = append(terms, term)
		}
	}
	slices.SortFunc(terms, func(a, b string) int {
		if d := len(ix.terms[b]) - len(ix.terms[a]); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return terms[:k]
}
