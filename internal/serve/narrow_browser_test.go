package serve

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// longWord is a title word no line can hold at 320 px.
const longWord = "Pemberdayaankesejahteraanmasyarakatberkelanjutanterpadu"

// narrowPortal is the sample portal with the longest things editors
// write: unbroken words in titles, a hashtag-style tag, a long agency name
// and e-mail, bare URLs and a wide table in a body, and a long innovation
// contact.
func narrowPortal(t *testing.T) map[string]string {
	files, _ := portal(t)
	files["content/opd/dinas-panjang.md"] = "---\ntitle: \"Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana " + longWord + "\"\n" +
		"address: \"Jl. " + longWord + " No. 1234567890, Kelurahan " + longWord + "\"\n" +
		"email: \"sekretariat.dinaspemberdayaanperempuanperlindungananak@example.go.id\"\n" +
		"phone: \"(0741) 1234567890 / 0812-3456-7890-1234\"\n---\n\nDinas dengan nama yang sangat panjang.\n"
	files["content/berita/judul-sangat-panjang.md"] = "---\ntitle: \"Gubernur Resmikan " + longWord + longWord + "\"\n" +
		"date: 2020-12-30 09:00\nagency: dinas-panjang\ncategories: [\"" + longWord + "\"]\n" +
		"tags: [\"#PelayananPublikProvinsiJambiHebat2024\", \"" + longWord + "\"]\n" +
		"summary: \"Ringkasan dengan " + longWord + longWord + " di dalamnya.\"\n---\n\n" +
		"Lihat https://jambiprov.go.id/" + strings.Repeat("halaman-yang-sangat-panjang/", 6) + " dan `kode_yang_sangat_panjang_" + longWord + "`.\n\n" +
		"| Kolom " + longWord + " | B | C | D | E | F | G | H |\n|---|---|---|---|---|---|---|---|\n" +
		"| " + longWord + longWord + " | 1.234.567 | 2.345.678 | 3.456.789 | 4.567.890 | 5.678.901 | 6.789.012 | 7.890.123 |\n\n" +
		"## " + longWord + " " + longWord + "\n\nIsi.\n"
	inno := files["content/inovasi/lacak-izin.md"]
	inno = strings.Replace(inno, `title: "Lacak Izin: Pelacakan Status Perizinan Daring"`, `title: "Lacak Izin `+longWord+`"`, 1)
	inno = strings.Replace(inno, `email: "lacakizin@example.go.id"`, `email: "pelacakan.status.perizinan.daring.provinsi@example.go.id"`, 1)
	inno = strings.Replace(inno, `tags: ["perizinan", "digitalisasi"]`, `tags: ["perizinan", "#PelayananPublikProvinsiJambiHebat2024"]`, 1)
	files["content/inovasi/lacak-izin.md"] = inno
	return files
}

// TestBrowserNothingScrollsSidewaysAt320 opens a page of every layout of
// the theme at 320 px, every filter and fold open, and checks that none
// scrolls sideways.
func TestBrowserNothingScrollsSidewaysAt320(t *testing.T) {
	ctx := browserWithin(t, 2*time.Minute)
	_, _, base := startServing(t, narrowPortal(t))
	phone(t, ctx, 320, false)
	pages := []string{
		"", "berita/", "berita/judul-sangat-panjang/", "tag/", "tag/pelayananpublikprovinsijambihebat2024/",
		"kategori/", "kategori/" + strings.ToLower(longWord) + "/", "arsip/", "arsip/2020/12/",
		"inovasi/", "inovasi/tahapan/penerapan/", "inovasi/lacak-izin/", "opd/", "opd/dinas-panjang/",
		"tentang/", "cari/", "tidak-ada/",
	}
	for _, p := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
			t.Fatal(err)
		}
		until(t, ctx, "/"+p+" has loaded", `document.readyState === "complete" && !!document.querySelector("main")`)
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(function () {
		  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
		  var w = document.documentElement.clientWidth, out = [];
		  if (document.documentElement.scrollWidth > w) out.push("page " + document.documentElement.scrollWidth + " > " + w);
		  document.querySelectorAll("main *, header *, footer *").forEach(function (e) {
		    var r = e.getBoundingClientRect(), s = getComputedStyle(e);
		    if (r.width && r.right > w + 0.5 && !e.closest(".ticker, pre, .visually-hidden, .ticker-label-long") && s.position !== "absolute")
		      out.push(e.tagName.toLowerCase() + "." + e.className + " right " + Math.round(r.right) + ": " + (e.textContent || "").trim().slice(0, 40));
		  });
		  return out.slice(0, 5);
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if len(wide) > 0 {
			t.Errorf("/%s scrolls sideways at 320 px: %s", p, strings.Join(wide, "; "))
		}
	}
}

// TestBrowserTickerOnPhones: at 360 px the moving ticker shows a good
// part of a headline (not a third of the width), and without JavaScript
// every headline can be brought into view from the keyboard.
func TestBrowserTickerOnPhones(t *testing.T) {
	ctx := browser(t)
	files, site := portal(t)
	_, _, base := startServing(t, files)
	phone(t, ctx, 360, false)
	if err := chromedp.Do(ctx, chromedp.Navigate(base)); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the ticker moves", `document.querySelector(".ticker").classList.contains("is-moving")`)
	chars, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(function () {
	  var v = document.querySelector(".ticker-viewport"), a = document.querySelector(".ticker-list a");
	  var c = document.createElement("canvas").getContext("2d"), s = getComputedStyle(a);
	  c.font = s.fontWeight + " " + s.fontSize + " " + s.fontFamily;
	  return v.clientWidth / (c.measureText(a.textContent).width / a.textContent.length);
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if chars < 28 {
		t.Errorf("the ticker shows about %.0f characters at 360 px; want 28 or more", chars)
	}

	// Without JavaScript: every headline is reachable.
	ctx = browser(t)
	phone(t, ctx, 360, true)
	if err := chromedp.Do(ctx, chromedp.Navigate(base)); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the page has loaded", `document.readyState === "complete" && !!document.querySelector(".ticker-list a")`)
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".ticker-list a").length`))
	if err != nil {
		t.Fatal(err)
	}
	if n != len(site.Ticker) || n < 3 {
		t.Fatalf("%d ticker links, the site has %d ticker items", n, len(site.Ticker))
	}
	until(t, ctx, "every headline shows whole", `(function () {
	  var w = document.documentElement.clientWidth, t = document.querySelector(".ticker").getBoundingClientRect();
	  return Array.prototype.every.call(document.querySelectorAll(".ticker-list a"), function (a) {
	    var r = a.getBoundingClientRect();
	    return r.width > 0 && r.left >= 0 && r.right <= w && r.top >= t.top && r.bottom <= t.bottom;
	  });
	})()`)
}
