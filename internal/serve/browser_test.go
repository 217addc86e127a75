package serve

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/warta-portal/warta/internal/browsertest"
)

// browser starts a headless Chromium with a fresh profile, or skips the
// test when there is none (fails instead on CI, which installs it).
func browser(t *testing.T) context.Context {
	t.Helper()
	return browserWithin(t, 20*time.Second)
}

// browserWithin is browser for a test that needs the browser longer.
func browserWithin(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	actx := browsertest.Allocator(t, max(d, patience))
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	return bctx
}

// until polls a JavaScript condition in the page, across the reloads the
// live-reload script makes, until it holds.
func until(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(patience) // only a failing test waits this long
	var lastErr error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		lastErr = err
		time.Sleep(50 * time.Millisecond)
	}
	body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 2000) : ""`))
	t.Fatalf("timed out waiting until %s (last error %v); the page shows:\n%s", what, lastErr, body)
}

func jsString(s string) string { return strconv.Quote(s) }

func pageHas(text string) string {
	return `!!document.body && document.body.innerText.includes(` + jsString(text) + `)`
}

const overlayJS = `(function () { var o = document.getElementById("warta-error-overlay"); return o ? o.innerText : ""; })()`

func TestBrowserSeesEditsErrorsAndFixes(t *testing.T) {
	ctx := browser(t)
	dir, s, base := startServing(t, sampleSite())
	article := sampleSite()["content/berita/pertama.md"]

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"berita/pertama/")); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the article is shown", pageHas("Isi berita pertama yang asli."))
	waitFor(t, "the page to open its live-reload stream", func() bool { return s.OpenTabs() >= 1 })
	// Gone after a reload: proves the page reloaded itself.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.wartaTestMark = 1`)); err != nil {
		t.Fatal(err)
	}

	// An edit shows without a manual reload.
	writeFile(t, dir, "content/berita/pertama.md", strings.Replace(article, "yang asli", "yang diubah di editor", 1))
	until(t, ctx, "the edit is shown", pageHas("Isi berita pertama yang diubah di editor.")+` && window.wartaTestMark === undefined`)

	// Broken front matter: the overlay names the file and line; the last
	// good page stays behind it.
	waitFor(t, "the reloaded page to reconnect", func() bool { return s.OpenTabs() >= 1 })
	broken := strings.Replace(article, "date: 2024-05-01 09:00", "date: 31/31/2024", 1)
	writeFile(t, dir, "content/berita/pertama.md", broken)
	until(t, ctx, "the error overlay is shown", overlayJS+`.includes("Gagal membangun situs")`)
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](overlayJS))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"content/berita/pertama.md, baris 3", "date", "31/31/2024", "> 3 | date: 31/31/2024"} {
		if !strings.Contains(text, want) {
			t.Errorf("overlay lacks %q:\n%s", want, text)
		}
	}
	until(t, ctx, "the last good page stays behind the overlay", pageHas("yang diubah di editor"))

	// Fixing it clears the overlay and shows the fixed page.
	writeFile(t, dir, "content/berita/pertama.md", strings.Replace(broken, "31/31/2024", "2024-05-01 09:00", 1)+"\nParagraf tambahan setelah perbaikan.\n")
	until(t, ctx, "the overlay clears", overlayJS+` === "" && `+pageHas("Paragraf tambahan setelah perbaikan."))
}

func TestBrowserTabOpenedDuringAFailureShowsTheOverlay(t *testing.T) {
	ctx := browser(t)
	dir, _, base := startServing(t, sampleSite())
	writeFile(t, dir, "content/berita/kedua.md", "---\ntitle: [tidak ditutup\n---\n\nx\n")
	// The rebuild is asynchronous: a page loaded before it is told of the
	// failure when it happens, one loaded after when its stream connects.
	if err := chromedp.Do(ctx, chromedp.Navigate(base)); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the overlay names the broken file", overlayJS+`.includes("content/berita/kedua.md")`)
	// The site behind it is the last good one.
	until(t, ctx, "the home page is shown", pageHas("Berita Pertama"))
}
