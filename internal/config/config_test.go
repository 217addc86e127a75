package config

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestDefaultsWithoutFile(t *testing.T) {
	c, err := Load(fstest.MapFS{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Language != "id" || c.Location.String() != "Asia/Jakarta" || c.BaseURL != "/" || c.Paginate != 10 || c.TickerCount != 10 {
		t.Errorf("defaults: %+v", c)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"title: X\npaginat: 5\n", "warta.yaml:2: paginat: unknown key"},
		{"paginate: banyak\n", `warta.yaml:1: expected a whole number, got "banyak"`},
		{"timezone: Asia/Jakarta\n  x: [\n", "warta.yaml:"},
	}
	for _, tt := range tests {
		_, err := Load(fstest.MapFS{File: {Data: []byte(tt.src)}})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got %v, want %q", tt.src, err, tt.want)
		}
	}
	c := Default()
	c.TimeZone, c.Paginate, c.BaseURL = "Mars/Olympus", 0, "ftp://x/"
	err := c.Validate()
	for _, w := range []string{"timezone: unknown time zone", "paginate: must be 1 or more", "baseURL: cannot read"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("Validate: %v lacks %q", err, w)
		}
	}
}

func TestURLs(t *testing.T) {
	c := Default()
	c.BaseURL = "https://contoh.go.id/portal"
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, rel, abs string }{
		{"/berita/x/", "/portal/berita/x/", "https://contoh.go.id/portal/berita/x/"},
		{"/", "/portal/", "https://contoh.go.id/portal/"},
		{"https://lain.go.id/", "https://lain.go.id/", "https://lain.go.id/"},
		{"mailto:a@b", "mailto:a@b", "mailto:a@b"},
	}
	for _, tt := range tests {
		if got := c.RelURL(tt.in); got != tt.rel {
			t.Errorf("RelURL(%q) = %q", tt.in, got)
		}
		if got := c.AbsURL(tt.in); got != tt.abs {
			t.Errorf("AbsURL(%q) = %q", tt.in, got)
		}
	}
}
