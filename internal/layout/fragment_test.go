package layout

import (
	"strings"
	"testing"
)

type fragPage struct {
	Title string
	Path  string
}

// TestFragment: a fragment's bytes are those of the same partial called
// with template, in every context the escaper sees it; it is rendered once
// per page (a page changed afterwards still shows its first rendering in
// that build); a value that is not a pointer is rendered every time; and a
// fragment that calls fragment is an error at its line, not a recursion.
func TestFragment(t *testing.T) {
	t.Parallel()
	set := load(t, Options{}, map[string]string{
		"partials/card.html": "<article><a href=\"{{ .Path }}\">{{ .Title }}</a></article>\n",
		"partials/loop.html": "<p>\n{{ fragment \"partials/card.html\" . }}</p>",
		"inline.html":        "<div>{{ range . }}{{ template \"partials/card.html\" . }}{{ end }}</div>",
		"frag.html":          "<div>{{ range . }}{{ fragment \"partials/card.html\" . }}{{ end }}</div>",
		"value.html":         "{{ fragment \"partials/card.html\" . }}",
		"loop.html":          "{{ fragment \"partials/loop.html\" . }}",
	})
	pages := []*fragPage{{`Banjir & "Longsor" <Kota>`, "/berita/a b/?x=1&y=<2>"}, {"Kedua", "javascript:alert(1)"}}
	run := func(name string, data any) string {
		t.Helper()
		var b strings.Builder
		if err := set.Execute(&b, name, data); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return b.String()
	}
	inline, frag := run("inline.html", pages), run("frag.html", pages)
	if inline != frag {
		t.Errorf("fragment differs from template:\n%s\n%s", frag, inline)
	}
	if !strings.Contains(frag, "#ZgotmplZ") || !strings.Contains(frag, "Banjir &amp; &#34;Longsor&#34; &lt;Kota&gt;") {
		t.Errorf("not escaped for its context: %s", frag)
	}

	first := run("frag.html", pages)
	pages[1].Title = "Diubah"
	if again := run("frag.html", pages); again != first {
		t.Errorf("a page's fragment was rendered again: %s", again)
	}
	if got := run("value.html", fragPage{"Nilai", "/n/"}); !strings.Contains(got, "Nilai") {
		t.Errorf("value: %s", got)
	}
	if got := run("value.html", fragPage{"Lain", "/l/"}); !strings.Contains(got, "Lain") {
		t.Errorf("a value was taken from the cache: %s", got)
	}

	var b strings.Builder
	err := set.Execute(&b, "loop.html", pages[0])
	if err == nil || !strings.HasPrefix(err.Error(), "layouts/partials/loop.html:2: template:") || !strings.Contains(err.Error(), "inside a fragment") {
		t.Errorf("fragment inside a fragment: %v", err)
	}
}
