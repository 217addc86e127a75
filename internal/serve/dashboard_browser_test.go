package serve

import (
	"bytes"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserDashboard opens the editor's dashboard on the sample portal:
// the draft waiting for review, the archived announcement, edit links from
// editURL, and a broken file listed with its line as soon as it is saved.
// It then opens the expired announcement: banner, corrections box, edit
// link.
func TestBrowserDashboard(t *testing.T) {
	ctx := browser(t)
	files, site := portal(t)
	files["warta.yaml"] += "\neditURL: https://github.com/contoh/portal/edit/main/{file}\n"
	dir, s, base := startServing(t, files)
	var draft string
	for _, p := range site.All {
		if p.Draft {
			draft = p.Title
		}
	}
	if draft == "" {
		t.Fatal("the sample portal has no draft to list")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"__warta/")); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the draft is listed", pageHas("Draf menunggu tinjauan (1)")+" && "+pageHas(draft))
	until(t, ctx, "the expired announcement is in the archive list", pageHas("Sudah berakhir, di arsip (1)")+" && "+pageHas("Jadwal Workshop Inovasi bagi Kepala OPD"))
	until(t, ctx, "rows link to their edit page", `[...document.querySelectorAll("a")].some(a => a.href === "https://github.com/contoh/portal/edit/main/content/pengumuman/jadwal-workshop-inovasi-kepala-opd.md" && a.textContent === "Sunting halaman ini")`)
	waitFor(t, "the dashboard to open its live-reload stream", func() bool { return s.OpenTabs() >= 1 })

	writeFile(t, dir, "content/berita/rusak.md", "---\ntitle: Rusak\ndate: 31/02/2024\n---\nIsi.\n")
	until(t, ctx, "the open dashboard shows the failure", overlayJS+`.includes("content/berita/rusak.md")`)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"__warta/")); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the broken file is listed with its line", `[...document.querySelectorAll("li.err")].some(li => li.innerText.includes("content/berita/rusak.md:3") && li.innerText.includes("31/02/2024"))`)

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"pengumuman/jadwal-workshop-inovasi-kepala-opd/")); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the expired banner is shown", pageHas("Pengumuman ini sudah berakhir pada Rabu, 11 November 2020"))
	until(t, ctx, "the corrections box is shown", `(() => { const r = document.querySelector(".notice-ralat"); return !!r && r.innerText.includes("Ralat") && r.innerText.includes("Auditorium Rumah Dinas Gubernur") })()`)
	until(t, ctx, "the page has its edit link", `[...document.querySelectorAll("a")].some(a => a.textContent === "Sunting halaman ini" && a.href.endsWith("/content/pengumuman/jadwal-workshop-inovasi-kepala-opd.md"))`)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("meta[name=viewport]") ? "ok" : ""`))
	if err != nil || !strings.Contains(got, "ok") {
		t.Errorf("the page has no viewport: %v", err)
	}
}

// TestDashboardAndEditLinksStayInThePreview: with editURL set, the built
// files carry neither the dashboard nor the edit links; only the answers of
// the preview do.
func TestDashboardAndEditLinksStayInThePreview(t *testing.T) {
	dir, s, _ := newServer(t)
	writeFile(t, dir, "warta.yaml", "editURL: https://gitlab.example.go.id/humas/portal/-/edit/main/{file}\n")
	if err := s.Rebuild(t.Context()); err != nil {
		t.Fatal(err)
	}
	for name, data := range unpacked(t, s.site.Load()) {
		if bytes.Contains(data, []byte("Sunting halaman ini")) || strings.HasPrefix(name, "__warta") {
			t.Errorf("%s carries the preview's dashboard or edit link", name)
		}
	}
	page := get(t, s, "/berita/pertama/").Body.String()
	if !strings.Contains(page, `href="https://gitlab.example.go.id/humas/portal/-/edit/main/content/berita/pertama.md"`) {
		t.Error("the preview page has no edit link")
	}
	if dash := get(t, s, "/__warta/"); dash.Code != 200 || !strings.Contains(dash.Body.String(), "Meja redaksi") {
		t.Errorf("dashboard: %d", dash.Code)
	}
}
