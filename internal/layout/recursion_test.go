package layout

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/warta-portal/warta/internal/config"
)

func load(t *testing.T, o Options, files map[string]string) *Set {
	t.Helper()
	fsys := fstest.MapFS{}
	for n, d := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(d)}
	}
	cfg := config.Default()
	o.Theme, o.Site, o.Config = fstest.MapFS{}, fsys, &cfg
	set, err := Load(o)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestCachedPartialThatIncludesItself guards against the hang of a partial
// that calls itself through cached (sync.Once waited on itself for ever):
// it is an error at the partial's file and line.
func TestCachedPartialThatIncludesItself(t *testing.T) {
	t.Parallel()
	set := load(t, Options{}, map[string]string{
		"index.html":          "<main>\n{{ cached \"partials/a.html\" }}\n</main>",
		"partials/a.html":     "<p>a</p>\n{{ cached \"partials/a.html\" }}",
		"x.html":              "{{ cached \"partials/b.html\" }}",
		"y.html":              "{{ cached \"partials/c.html\" }}",
		"partials/b.html":     "b\n\n{{ cached \"partials/c.html\" }}",
		"partials/c.html":     "c {{ cached \"partials/b.html\" }}",
		"partials/ok.html":    "ok",
		"partials/outer.html": "{{ cached \"partials/ok.html\" }}{{ cached \"partials/ok.html\" }}",
		"z.html":              "{{ cached \"partials/outer.html\" }}",
	})
	err := set.Execute(io.Discard, "index.html", nil)
	if err == nil || !strings.HasPrefix(err.Error(), "layouts/partials/a.html:2: template:") || !strings.Contains(err.Error(), "partials/a.html → partials/a.html") {
		t.Errorf("got %v", err)
	}
	// Two partials calling each other, asked for by two pages at once:
	// neither waits on the other's goroutine.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, page := range []string{"x.html", "y.html"} {
		wg.Go(func() { errs[i] = set.Execute(io.Discard, page, nil) })
	}
	wg.Wait()
	for i, err := range errs {
		if err == nil || !strings.Contains(err.Error(), "includes itself") {
			t.Errorf("page %d: got %v", i, err)
		}
	}
	var b strings.Builder
	if err := set.Execute(&b, "z.html", nil); err != nil || b.String() != "okok" {
		t.Errorf("a partial used twice is no loop: %q %v", b.String(), err)
	}
}

// TestTemplateThatCallsItself guards recursion through {{ template }}: Go
// stops it at 100,000 calls, reported at the layout's line.
func TestTemplateThatCallsItself(t *testing.T) {
	t.Parallel()
	set := load(t, Options{}, map[string]string{
		"index.html":      "{{ template \"partials/r.html\" . }}",
		"partials/r.html": "x\n{{ template \"partials/r.html\" . }}",
	})
	err := set.Execute(io.Discard, "index.html", nil)
	if err == nil || !strings.HasPrefix(err.Error(), "layouts/partials/r.html:2: template:") {
		t.Errorf("got %v", err)
	}
}

// TestExecutionStops guards the page deadline and a stopped build: the
// execution ends at its next write, with an error naming the layout.
func TestExecutionStops(t *testing.T) {
	t.Parallel()
	files := map[string]string{"index.html": "<p>{{ . }}</p>", "partials/a.html": "a", "p.html": "{{ cached \"partials/a.html\" }}"}
	set := load(t, Options{PageDeadline: 1}, files)
	err := set.Execute(io.Discard, "index.html", 1)
	if !strings.HasPrefix(fmtErr(err), "layouts/index.html: template: still running after 1ns") {
		t.Errorf("deadline: got %v", err)
	}
	if err := set.Execute(io.Discard, "p.html", 1); !strings.HasPrefix(fmtErr(err), "layouts/partials/a.html: template: still running") {
		t.Errorf("deadline in a cached partial: got %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	set = load(t, Options{Context: ctx}, files)
	if err := set.Execute(io.Discard, "index.html", 1); !errors.Is(err, context.Canceled) {
		t.Errorf("stopped build: got %v", err)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
