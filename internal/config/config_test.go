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
		{"paginate: banyak\n", `warta.yaml:1: paginate: expected a whole number, got "banyak"`},
		{"title: X\nnewsroom:\n  pinMaxDays: lama\n", `warta.yaml:3: newsroom.pinMaxDays: expected a whole number, got "lama"`},
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

func TestCheckErrorsNameTheLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		o         Overrides
		want      []string
	}{
		{"count below one", "title: X\npaginate: 0\n", Overrides{}, []string{"warta.yaml:2: paginate: must be 1 or more, got 0"}},
		{"several at once, by line", "feedCount: 0\ntimezone: Mars/Olympus\n", Overrides{},
			[]string{"warta.yaml:1: feedCount: must be 1 or more, got 0", `warta.yaml:2: timezone: unknown time zone "Mars/Olympus"`}},
		{"nested key", "newsroom:\n  correctionAfterDays: -2\n", Overrides{}, []string{"warta.yaml:2: newsroom.correctionAfterDays: must be 0 or more, got -2"}},
		{"section rule", "sections:\n  pengumuman:\n    expired: hapus\n", Overrides{}, []string{`warta.yaml:3: sections.pengumuman.expired: "hapus" is not allowed`}},
		{"host without scheme", "baseURL: portal.example.go.id\n", Overrides{}, []string{`warta.yaml:1: baseURL: "portal.example.go.id/" has no scheme and host: write the full address, https://portal.example.go.id/`}},
		{"scheme-relative", "baseURL: //portal.example.go.id/\n", Overrides{}, []string{"warta.yaml:1: baseURL:", "has no scheme and host"}},
		{"flag blamed, not the file", "baseURL: https://a.go.id/\n", Overrides{BaseURL: "a.go.id"}, []string{`--baseURL: "a.go.id/" has no scheme`}},
		{"flag fixes the file", "baseURL: a.go.id\n", Overrides{BaseURL: "https://a.go.id/"}, nil},
		{"path only is fine", "baseURL: /portal/\n", Overrides{}, nil},
		{"without a file", "", Overrides{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fsys := fstest.MapFS{}
			if tt.src != "" {
				fsys[File] = &fstest.MapFile{Data: []byte(tt.src)}
			}
			c, err := LoadWith(fsys, tt.o)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected %v", err)
				}
				if c.Location == nil || c.Base == nil {
					t.Error("derived fields not set")
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%v\nlacks %q", err, w)
				}
			}
		})
	}
}

func TestRelativeURLsFlagAppliedBeforeTheCheck(t *testing.T) {
	t.Parallel()
	c, err := LoadWith(fstest.MapFS{}, Overrides{RelativeURLs: true})
	if err != nil || !c.RelativeURLs {
		t.Errorf("relativeURLs %v, %v", c.RelativeURLs, err)
	}
}

// TestURLsArePercentEncoded: site paths with spaces or other letters, and
// an internationalised host, come out as valid URIs.
func TestURLsArePercentEncoded(t *testing.T) {
	c := Default()
	c.BaseURL = "https://pörtal.contoh.go.id:8443/portal kita/"
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"/berita/x/foto utama.PNG":          "https://xn--prtal-jua.contoh.go.id:8443/portal%20kita/berita/x/foto%20utama.PNG",
		"/tag/c-plus-plus/":                 "https://xn--prtal-jua.contoh.go.id:8443/portal%20kita/tag/c-plus-plus/",
		"/berita/é/#bagian":                 "https://xn--prtal-jua.contoh.go.id:8443/portal%20kita/berita/%C3%A9/#bagian",
		"https://lain.go.id/foto besar.jpg": "https://lain.go.id/foto%20besar.jpg",
	} {
		if got := c.AbsURL(in); got != want {
			t.Errorf("AbsURL(%q) = %q, want %q", in, got, want)
		}
	}
}
