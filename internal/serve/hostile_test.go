package serve

import (
	"strings"
	"testing"
)

// TestPartialThatIncludesItselfKeepsThePreviewAlive guards the preview
// against a layout that calls itself through cached: it used to hang the
// rebuild for ever, so no later save rebuilt. Now the tab shows the error
// at the partial's line, and the next good save reloads it.
func TestPartialThatIncludesItselfKeepsThePreviewAlive(t *testing.T) {
	files := sampleSite()
	dir, _, base := startServing(t, files)
	ev := subscribe(t, base)
	ev.expect(t, "hello")

	// Two files, so maybe two rebuilds: the events of the first are skipped.
	writeFile(t, dir, "layouts/partials/putar.html", "<p>putar</p>\n{{ cached \"partials/putar.html\" }}\n")
	writeFile(t, dir, "layouts/index.html", "{{ cached \"partials/putar.html\" }}\n")
	e := skipUntil(t, ev, "errors", func(e event) bool { return strings.Contains(e.data, "includes itself") })
	if !strings.Contains(e.data, "layouts/partials/putar.html") || !strings.Contains(e.data, "includes itself") {
		t.Errorf("errors payload %s", e.data)
	}
	writeFile(t, dir, "layouts/partials/putar.html", "<p>putar sekali</p>\n")
	skipUntil(t, ev, "reload", func(event) bool { return true })
	if _, body := fetch(t, base); !strings.Contains(body, "putar sekali") {
		t.Error("the fixed partial is not served")
	}
}

// skipUntil skips events until one named name for which ok holds.
func skipUntil(t *testing.T, ev *events, name string, ok func(event) bool) event {
	t.Helper()
	for {
		if e := ev.next(t); e.name == name && ok(e) {
			return e
		}
	}
}
