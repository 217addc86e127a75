package serve

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/warta-portal/warta/internal/slug"
)

// catalogRecord is what the filter reads of a katalog.json item.
type catalogRecord struct {
	Stage          string   `json:"stage"`
	Digital        bool     `json:"digital"`
	Form           string   `json:"form"`
	AffairsPrimary string   `json:"affairs_primary"`
	AffairsRelated []string `json:"affairs_related"`
	Year           int      `json:"year"`
	AgencyKey      string   `json:"agency_key"`
}

// keys are the facet values of a record, as the static facet pages name
// them (the README's "keys with _ become -").
func (r catalogRecord) keys() map[string][]string {
	k := map[string][]string{
		"tahapan": {slug.Make(r.Stage)},
		"jenis":   {map[bool]string{true: "digital", false: "non-digital"}[r.Digital]},
		"bentuk":  {slug.Make(r.Form)},
		"urusan":  {slug.Make(r.AffairsPrimary)},
		"opd":     {r.AgencyKey},
	}
	for _, a := range r.AffairsRelated {
		k["urusan"] = append(k["urusan"], slug.Make(a))
	}
	if r.Year > 0 {
		k["tahun"] = []string{strconv.Itoa(r.Year)}
	}
	return k
}

// selection is the ticked values, by facet.
type selection map[string][]string

// passes reports whether keys k match every facet of s except skip: any
// value within a facet, every facet.
func (s selection) passes(k map[string][]string, skip string) bool {
	for f, vals := range s {
		if f == skip || len(vals) == 0 {
			continue
		}
		if !slices.ContainsFunc(k[f], func(v string) bool { return slices.Contains(vals, v) }) {
			return false
		}
	}
	return true
}

// facetLink is a filter link as the page shows it.
type facetLink struct {
	Facet, Value, Checked, Count, Background string
}

const facetLinksJS = `Array.from(document.querySelectorAll(".facets a[data-facet]")).map(function (a) {
  return {Facet: a.dataset.facet, Value: a.dataset.value, Checked: a.getAttribute("aria-checked") || "",
    Count: a.querySelector(".count").textContent, Background: getComputedStyle(a).backgroundColor};
})`

// TestBrowserCatalogFilterCombinations ticks and unticks facet values on
// /inovasi/ and on a facet page and compares the cards, the status and
// every value's count with what katalog.json says; a ticked value looks
// ticked; unticking the last value brings back the page as served; on a
// phone the filters start folded below the first results.
func TestBrowserCatalogFilterCombinations(t *testing.T) {
	ctx := browserWithin(t, 2*time.Minute) // many steps; each waits on its own
	files, _ := portal(t)
	_, _, base := startServing(t, files)

	res, err := http.Get(base + "inovasi/katalog.json")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var cat struct{ Items []catalogRecord }
	if err := json.Unmarshal(raw, &cat); err != nil || len(cat.Items) < 5 {
		t.Fatalf("katalog.json: %v (%d items)", err, len(cat.Items))
	}
	expect := func(s selection) (hits int, counts map[string]int) {
		counts = map[string]int{}
		for _, r := range cat.Items {
			k := r.keys()
			if s.passes(k, "") {
				hits++
			}
			for f, vals := range k {
				if s.passes(k, f) {
					for _, v := range vals {
						counts[f+"="+v]++
					}
				}
			}
		}
		return hits, counts
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	cards := `document.querySelectorAll("#katalog-hasil .card").length`
	ready := `document.querySelector('.facets a[data-facet][role="checkbox"]') !== null && document.querySelector(".facets-panel").open`
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"inovasi/")); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the filter takes over", ready)
	served, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`[document.getElementById("katalog-status").innerText, `+cards+`, !document.querySelector(".catalog-main .pager") || !document.querySelector(".catalog-main .pager").hidden]`))
	if err != nil {
		t.Fatal(err)
	}

	// check compares the page with katalog.json for selection s.
	check := func(step string, s selection) {
		t.Helper()
		hits, counts := expect(s)
		status := fmt.Sprintf("%d inovasi", hits)
		if len(s) > 0 {
			status += " sesuai saringan"
		}
		until(t, ctx, step+": "+status, cards+` === `+strconv.Itoa(hits)+` && document.getElementById("katalog-status").innerText === `+jsString(status))
		links, err := chromedp.Run(ctx, chromedp.Evaluate[[]facetLink](facetLinksJS))
		if err != nil {
			t.Fatal(err)
		}
		var on, off string
		for _, l := range links {
			ticked := slices.Contains(s[l.Facet], l.Value)
			if want := fmt.Sprintf("(%d)", counts[l.Facet+"="+l.Value]); l.Count != want {
				t.Errorf("%s: %s=%s shows %s, want %s", step, l.Facet, l.Value, l.Count, want)
			}
			if (l.Checked == "true") != ticked {
				t.Errorf("%s: %s=%s aria-checked=%q", step, l.Facet, l.Value, l.Checked)
			}
			if ticked {
				on = l.Background
			} else if off == "" {
				off = l.Background
			}
		}
		if on != "" && (on == off || on != "rgb(11, 79, 108)") {
			t.Errorf("%s: a ticked value has background %s, an unticked one %s: they must differ, the ticked one the theme's primary", step, on, off)
		}
	}
	click := func(facet, value string) {
		t.Helper()
		sel := `.facets a[data-facet="` + facet + `"][data-value="` + value + `"]`
		// A reader opens the facet's folded list first.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function () { var d = document.querySelector(`+jsString(sel)+`).closest("details.facet"); d.open = true; return true; })()`)); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.facets a[data-facet="`+facet+`"][data-value="`+value+`"]`))); err != nil {
			t.Fatal(err)
		}
	}

	s := selection{}
	steps := []struct{ facet, value string }{
		{"tahapan", "penerapan"}, {"jenis", "digital"}, {"tahapan", "uji-coba"},
		{"bentuk", "pelayanan-publik"}, {"urusan", "kesehatan"}, {"urusan", "komunikasi-dan-informatika"},
	}
	toggle := func(f, v string) {
		if i := slices.Index(s[f], v); i >= 0 {
			s[f] = slices.Delete(s[f], i, i+1)
			if len(s[f]) == 0 {
				delete(s, f)
			}
		} else {
			s[f] = append(s[f], v)
		}
	}
	for _, st := range steps {
		toggle(st.facet, st.value)
		click(st.facet, st.value)
		check("tick "+st.facet+"="+st.value, s)
	}
	for i := len(steps) - 1; i > 0; i-- {
		toggle(steps[i].facet, steps[i].value)
		click(steps[i].facet, steps[i].value)
		check("untick "+steps[i].facet+"="+steps[i].value, s)
	}
	click(steps[0].facet, steps[0].value)
	until(t, ctx, "unticking the last value brings back the page as served",
		`(function (w) { var p = document.querySelector(".catalog-main .pager");
		  return document.getElementById("katalog-status").innerText === w[0] && `+cards+` === w[1] && (!p || !p.hidden) === w[2] && location.search === ""; })(`+mustJSON(t, served)+`)`)

	// A facet page keeps its value when another is added.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"inovasi/tahapan/penerapan/")); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the facet page's filter takes over", ready)
	check("facet page", selection{"tahapan": {"penerapan"}})
	click("jenis", "digital")
	check("facet page + digital", selection{"tahapan": {"penerapan"}, "jenis": {"digital"}})
	until(t, ctx, "the URL keeps both", `location.search.includes("tahapan=penerapan") && location.search.includes("jenis=digital")`)
	click("tahapan", "penerapan")
	check("facet page, its own value unticked", selection{"jenis": {"digital"}})

	// On a phone, the filters start folded and the first results show.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 640, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"inovasi/")); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the phone's filters are folded to one line just above the results",
		`(function () { var p = document.querySelector(".facets-panel"), c = document.querySelector("#katalog-hasil .card");
		  return document.querySelector('.facets a[role="checkbox"]') !== null && !p.open && p.getBoundingClientRect().height < 64 &&
		    c.getBoundingClientRect().top - p.getBoundingClientRect().bottom < 160; })()`)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}
