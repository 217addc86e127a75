package content

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/diag"
)

func testConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg := config.Default()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return &cfg
}

func parse(t *testing.T, cfg *config.Config, file, src string) (*Page, diag.List) {
	t.Helper()
	p, errs := Parse(cfg, Source{File: file, Data: []byte(src)})
	if p == nil {
		t.Fatalf("%s: not parsed: %v", file, errs.Err())
	}
	return p, errs
}

// TestDraftLacksAreWarnings guards that a draft's missing required keys
// are warnings, and errors once it would be published.
func TestDraftLacksAreWarnings(t *testing.T) {
	cfg := testConfig(t)
	fresh := "---\ntitle: \"\"\ndraft: true\nsummary: \"\"\nagency: \"\"\nstage: \"\"\ndigital:\n---\n"
	for _, draft := range []bool{true, false} {
		src := fresh
		if !draft {
			src = strings.Replace(src, "draft: true", "draft: false", 1)
		}
		var all diag.List
		news, errs := parse(t, cfg, "content/berita/x.md", src)
		all = append(all, errs...)
		in, errs := parse(t, cfg, "content/inovasi/y.md", src)
		all = append(all, errs...)
		_, errs = Assemble(cfg, []*Page{news, in}, Options{Drafts: true, Now: time.Now()})
		all = append(all, errs...)
		var missing int
		for _, d := range all {
			if strings.HasPrefix(d.Msg, "missing") {
				missing++
				if d.Warning != draft {
					t.Errorf("draft=%v: %s is warning=%v", draft, d, d.Warning)
				}
			}
		}
		if missing < 8 {
			t.Errorf("draft=%v: %d missing-key findings, want at least 8:\n%v", draft, missing, all)
		}
	}
}

// TestJekyllKeys checks Jekyll's keys with a Hugo meaning.
func TestJekyllKeys(t *testing.T) {
	cfg := testConfig(t)
	cfg.Aliases.Permalinks = true
	p, errs := parse(t, cfg, "content/berita/arsip/2019-05-12-jembatan.md",
		"---\ntitle: J\ndate: 2019-05-12 23:30:00 +0000\npublished: false\ndescription: Ringkas.\ncategories: [Berita, Daerah]\nimage: /x.png\npermalink: /lama/jembatan.html\n---\n")
	if !p.Draft || p.Summary != "Ringkas." || p.Image.Src != "/x.png" {
		t.Errorf("draft %v summary %q image %q", p.Draft, p.Summary, p.Image.Src)
	}
	// Jekyll dates the URL in the site's zone: 23:30 UTC is the 13th in WIB.
	want := []string{"/lama/jembatan.html", "/berita/daerah/2019/05/13/jembatan.html"}
	if !slices.Equal(p.Aliases, want) {
		t.Errorf("aliases %v, want %v", p.Aliases, want)
	}
	if len(errs) != 1 || !errs[0].Warning || errs[0].Field != "image" || errs[0].Line != 7 {
		t.Errorf("want one warning for the image without alt at line 7, got %v", errs)
	}
	p, _ = parse(t, cfg, "content/berita/hugo.md", "---\ntitle: H\ndate: 2019-05-12\nurl: /2019/05/hugo-lama/\n---\n")
	if !slices.Equal(p.Aliases, []string{"/2019/05/hugo-lama/"}) {
		t.Errorf("Hugo url: aliases %v", p.Aliases)
	}
	cfg.Aliases.Permalinks = false
	p, _ = parse(t, cfg, "content/berita/2019-05-12-jembatan.md", "---\ntitle: J\ndate: 2019-05-12\npermalink: /lama.html\n---\n")
	if len(p.Aliases) != 0 {
		t.Errorf("aliases without the setting: %v", p.Aliases)
	}
}

// TestNoFrontMatterSaidOnce: a page without front matter, or an empty
// file, gets one error saying what to write at its start, not a missing
// title and date; a section's _index.md may still be empty.
func TestNoFrontMatterSaidOnce(t *testing.T) {
	cfg := testConfig(t)
	for _, tc := range []struct{ file, src, want string }{
		{"content/berita/a.md", "", "content/berita/a.md:1: the file is empty: start it with the front matter"},
		{"content/berita/b.md", "\n\n  \n", "content/berita/b.md:1: the file is empty"},
		{"content/berita/c.md", "Hanya teks.\n", "content/berita/c.md:1: the file has no front matter: start it with a line ---"},
		{"content/kontak.md", "\nTelepon kantor.\n", "content/kontak.md:1: the file has no front matter"},
	} {
		p, errs := Parse(cfg, Source{File: tc.file, Data: []byte(tc.src)})
		if p != nil || len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tc.want) {
			t.Errorf("%s: page %v, %v; want one error %q", tc.file, p != nil, errs.Err(), tc.want)
		}
		for _, e := range errs {
			if e.Message("id") == e.Msg {
				t.Errorf("no Indonesian for %q", e.Msg)
			}
		}
	}
	if p, errs := Parse(cfg, Source{File: "content/berita/_index.md", Data: nil}); p == nil || errs.Errors() {
		t.Errorf("an empty _index.md: %v", errs.Err())
	}
}
