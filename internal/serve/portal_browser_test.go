package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/build"
	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/publish"
)

// portal returns the repository's sample portal (content and
// configuration) as files for startServing, and its model.
func portal(t *testing.T) (map[string]string, *content.Site) {
	t.Helper()
	files := map[string]string{}
	root := "../.."
	for _, top := range []string{"content", "warta.yaml"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			files[filepath.ToSlash(rel)] = string(b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	res, err := build.Run(context.Background(), build.Options{Source: os.DirFS(root), Target: publish.NewMemory(), Theme: warta.Theme(), Drafts: true, Future: true})
	if err != nil {
		t.Fatal(err)
	}
	return files, res.Site
}

// TestBrowserOldURLsOpenTheNewPage opens every alias of the sample content,
// Blogger-style /2020/11/x.html included, and waits for the browser to
// arrive at the page's own URL.
func TestBrowserOldURLsOpenTheNewPage(t *testing.T) {
	ctx := browser(t)
	files, site := portal(t)
	_, _, base := startServing(t, files)
	n := 0
	for _, p := range site.All {
		for _, a := range p.Aliases {
			n++
			if err := chromedp.Do(ctx, chromedp.Navigate(base+strings.TrimPrefix(a, "/"))); err != nil {
				t.Fatal(err)
			}
			until(t, ctx, a+" redirects to "+p.Path, `location.pathname === `+jsString(p.Path))
			until(t, ctx, p.Path+" shows its title", pageHas(p.Title))
		}
	}
	if n < 2 {
		t.Fatalf("the sample content has %d aliases", n)
	}
}

// TestBrowserCatalogFiltersInPlace checks the catalog's script: a shared
// URL with several facets shows exactly the matching profiles, and a click
// on a facet narrows the list and updates the URL.
func TestBrowserCatalogFiltersInPlace(t *testing.T) {
	ctx := browser(t)
	files, site := portal(t)
	_, _, base := startServing(t, files)
	count := func(keep func(p *content.Page) bool) int {
		n := 0
		for _, p := range site.Innovations {
			if keep(p) {
				n++
			}
		}
		return n
	}
	want := count(func(p *content.Page) bool { return p.Stage == "penerapan" && p.IsDigital() })
	// A desktop window: the filters sit open beside the results.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"inovasi/?tahapan=penerapan&jenis=digital")); err != nil {
		t.Fatal(err)
	}
	cards := `document.querySelectorAll("#katalog-hasil .card").length`
	until(t, ctx, "the shared filter applies", `document.getElementById("katalog-status").innerText.includes("sesuai saringan") && `+cards+` === `+strconv.Itoa(want))
	until(t, ctx, "the selected facets are marked", `document.querySelector('a[data-facet="jenis"][data-value="digital"]').getAttribute("aria-checked") === "true"`)

	// Adding a second stage widens within the facet (any of them).
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[data-facet="tahapan"][data-value="uji-coba"]`))); err != nil {
		t.Fatal(err)
	}
	want = count(func(p *content.Page) bool { return (p.Stage == "penerapan" || p.Stage == "uji_coba") && p.IsDigital() })
	until(t, ctx, "the click widens the stage and keeps the kind", cards+` === `+strconv.Itoa(want)+` && location.search.includes("tahapan=uji-coba") && location.search.includes("jenis=digital")`)
}

// TestBrowserTickerPauses checks the ticker's pause button works from the
// keyboard and that it stops the motion.
func TestBrowserTickerPauses(t *testing.T) {
	ctx := browser(t)
	files, _ := portal(t)
	_, _, base := startServing(t, files)
	if err := chromedp.Do(ctx, chromedp.Navigate(base)); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the ticker moves and offers a pause button", `document.querySelector(".ticker").classList.contains("is-moving") && !document.querySelector(".ticker-toggle").hidden`)
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(".ticker-toggle"))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the button pauses the ticker and now offers to play it", `document.querySelector(".ticker-toggle").innerText.trim() === "Putar" && !document.querySelector(".ticker-toggle").hasAttribute("aria-pressed") && getComputedStyle(document.querySelector(".ticker-list")).animationPlayState === "paused"`)
	// The hover and focus pause too: move focus away before checking it runs.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "pressed again, it offers to pause", `document.querySelector(".ticker-toggle").innerText.trim() === "Jeda" && !document.querySelector(".ticker").classList.contains("is-paused")`)
}
