package archetype

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestDateInTheSitesZone(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 30, 1, 30, 0, 0, time.UTC)
	tests := []struct{ zone, want string }{
		{"Asia/Jakarta", "2026-11-30T08:30:00+07:00"},  // WIB
		{"Asia/Makassar", "2026-11-30T09:30:00+08:00"}, // WITA
		{"Asia/Jayapura", "2026-11-30T10:30:00+09:00"}, // WIT
	}
	for _, tt := range tests {
		loc, err := time.LoadLocation(tt.zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := NewData("x", "x", now, loc).Date; got != tt.want {
			t.Errorf("%s: %s, want %s", tt.zone, got, tt.want)
		}
	}
}

func TestFindAndFill(t *testing.T) {
	t.Parallel()
	theme := fstest.MapFS{"archetypes/berita.md": {Data: []byte("---\ntitle: {{ quote .Title }}\ndate: {{ .Date }}\n---\n")}}
	site := fstest.MapFS{"layouts/archetypes/inovasi.md": {Data: []byte("---\ntitle: {{ quote .Title }}\nslug: {{ .Slug }}\n---\n")}}
	tests := []struct {
		kind, origin, want, err string
	}{
		{"berita", "(embedded theme) layouts/archetypes/berita.md", "title: \"Rapat: \\\"Besar\\\"\"\ndate: 2020-11-11T10:00:00+07:00", ""},
		{"inovasi", "layouts/archetypes/inovasi.md", "slug: rapat", ""},
		{"opd", "", "", "no archetype for opd"},
	}
	d := Data{Title: `Rapat: "Besar"`, Date: "2020-11-11T10:00:00+07:00", Slug: "rapat"}
	for _, tt := range tests {
		text, origin, err := Find(site, theme, tt.kind)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: err %v, want %q", tt.kind, err, tt.err)
			}
			continue
		}
		if err != nil || origin != tt.origin {
			t.Fatalf("%s: %q, %v", tt.kind, origin, err)
		}
		out, err := Fill(origin, text, d)
		if err != nil || !strings.Contains(string(out), tt.want) {
			t.Errorf("%s: %q, %v; want %q", tt.kind, out, err, tt.want)
		}
	}
	if _, err := Fill("x", []byte("{{ .Nope }}"), d); err == nil {
		t.Error("a missing key filled silently")
	}
}
