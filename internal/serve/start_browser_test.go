package serve

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// phone sets a 360 × 640 mobile viewport and, with noScript, turns the
// page's JavaScript off (the test still evaluates its own).
func phone(t *testing.T, ctx context.Context, width int64, noScript bool) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 640, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	if noScript {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
	}
}

// noSideways is true when the page does not scroll sideways.
const noSideways = `document.documentElement.scrollWidth <= document.documentElement.clientWidth`

// TestBrowserStartPageShowsTheFirstFailure: when the first build fails,
// the first response already names the file, the line and the lines
// around it, on a phone and with JavaScript off.
func TestBrowserStartPageShowsTheFirstFailure(t *testing.T) {
	files := sampleSite()
	files["content/berita/kedua.md"] = "---\ntitle: \"Berita Kedua\"\ndate: 11/11/2020\n---\n\nIsi.\n"
	_, _, base := startServing(t, files)

	res, err := http.Get(base)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		b.WriteString(string(buf[:n]))
		if err != nil {
			break
		}
	}
	page := b.String()
	for _, want := range []string{`name="viewport"`, `id="warta-error-overlay"`, "content/berita/kedua.md, baris 3", "2020-11-11", "&gt;    3 | date: 11/11/2020", "   2 | title: &#34;Berita Kedua&#34;"} {
		if !strings.Contains(page, want) {
			t.Errorf("first response lacks %q:\n%s", want, page)
		}
	}

	ctx := browser(t)
	phone(t, ctx, 360, true)
	if err := chromedp.Do(ctx, chromedp.Navigate(base)); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the errors show without the script", `(function () {
	  var o = document.getElementById("warta-error-overlay");
	  return !!o && o.innerText.includes("content/berita/kedua.md, baris 3") && !!o.querySelector("[aria-current]") &&
	    o.querySelector("[aria-current]").innerText.includes("date: 11/11/2020");
	})()`)
	until(t, ctx, "the page is laid out for the phone", `window.innerWidth === 360 && `+noSideways+` && document.querySelector("h1").getBoundingClientRect().right <= 360`)
}
