package layout

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/warta-portal/warta/internal/config"
)

func TestTruncateAndNum(t *testing.T) {
	tests := []struct {
		n        int
		in, want string
	}{
		{20, "Sekda minta OPD ciptakan inovasi pelayanan publik", "Sekda minta OPD…"},
		{100, "pendek", "pendek"},
		{5, "Jambi, kota", "Jambi…"},
	}
	for _, tt := range tests {
		if got := Truncate(tt.n, tt.in); got != tt.want {
			t.Errorf("Truncate(%d, %q) = %q, want %q", tt.n, tt.in, got, tt.want)
		}
	}
	for in, want := range map[int]string{0: "0", 999: "999", 1000: "1.000", 1234567: "1.234.567", -4500: "-4.500"} {
		if got := Num(in); got != want {
			t.Errorf("Num(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestSiteOverridesThemeAndLookupOrder(t *testing.T) {
	cfg := config.Default()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	theme := fstest.MapFS{
		"_default/baseof.html": {Data: []byte(`<main>{{ block "main" . }}{{ end }}</main>`)},
		"_default/single.html": {Data: []byte(`{{ define "main" }}theme single{{ end }}`)},
		"berita/single.html":   {Data: []byte(`{{ define "main" }}theme berita {{ template "partials/x.html" . }}{{ end }}`)},
		"partials/x.html":      {Data: []byte(`theme partial`)},
		"assets/css/a.css":     {Data: []byte(`not a template {{`)},
	}
	site := fstest.MapFS{
		"partials/x.html": {Data: []byte(`site partial`)},
		"standalone.html": {Data: []byte(`alone {{ date .T }}`)},
	}
	set, err := Load(Options{Theme: theme, Site: site, Config: &cfg})
	if err != nil {
		t.Fatal(err)
	}
	if set.Stock() {
		t.Error("Stock() with an overriding site partial")
	}
	if got := set.Lookup("inovasi/single.html", "_default/single.html"); got != "_default/single.html" {
		t.Errorf("lookup fell to %q", got)
	}
	var b bytes.Buffer
	if err := set.Execute(&b, "berita/single.html", nil); err != nil {
		t.Fatal(err)
	}
	if b.String() != "<main>theme berita site partial</main>" {
		t.Errorf("got %q", b.String())
	}
	b.Reset()
	if err := set.Execute(&b, "standalone.html", struct{ T any }{}); err == nil || !strings.Contains(err.Error(), "layouts/standalone.html:1") {
		t.Errorf("execute error %v should name layouts/standalone.html:1", err)
	}
}

func TestParseErrorNamesFile(t *testing.T) {
	cfg := config.Default()
	_ = cfg.Validate()
	_, err := Load(Options{Theme: fstest.MapFS{"index.html": {Data: []byte("ok\n{{ range }}")}}, Config: &cfg})
	if err == nil || !strings.Contains(err.Error(), "(embedded theme) layouts/index.html:2: template:") {
		t.Errorf("got %v", err)
	}
}
