package build

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/publish"
)

const okNews = "---\ntitle: Berita Baik\ndate: 2020-11-11\n---\nIsi.\n"

// TestBadInput checks that each kind of bad input gives its one-line error
// with file and line, and that the previous public/ is left as it was.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"unclosed front matter", map[string]string{"content/berita/x.md": "---\ntitle: X\ndate: 2020-11-11\n\nIsi tanpa penutup.\n"},
			[]string{`content/berita/x.md:1: front matter opened with "---" is not closed`}},
		{"malformed YAML", map[string]string{"content/berita/x.md": "---\ntitle: X\ndate: 2020-11-11\ntags: [a, b\n---\n"},
			[]string{`content/berita/x.md:4: tags: the list opened with [ on this line is not closed: end it with ] on the same line`}},
		{"colon in a headline", map[string]string{"content/berita/x.md": "---\ntitle: Gubernur: Kami Siap\ndate: 2020-11-11\n---\n"},
			[]string{`content/berita/x.md:2: title: a colon and a space inside the value of title: put the whole value in quotes, e.g. title: "Gubernur: Kami Siap"`}},
		{"saved as Windows-1252", map[string]string{"content/berita/x.md": "---\ntitle: Kunjungan ke Caf\xe9\ndate: 2020-11-11\n---\n"},
			[]string{`content/berita/x.md:2: title: this file is not saved as UTF-8 ("title: Kunjungan ke Café" is probably Windows-1252)`}},
		{"malformed TOML", map[string]string{"content/berita/x.md": "+++\ntitle = \"X\"\ndate = \n+++\n"},
			[]string{`content/berita/x.md:3: date: date has no value: write it after the =, e.g. date = "..."`}},
		{"group of keys where a list belongs", map[string]string{"content/berita/x.md": "---\ntitle: X\ndate: 2020-11-11\ntags: {pelayanan: publik}\n---\n"},
			[]string{`content/berita/x.md:4: tags: expected a list`}},
		{"date with a day that does not exist", map[string]string{"content/berita/x.md": "---\ntitle: X\ndate: 2012-10-030\n---\n"},
			[]string{`content/berita/x.md:3: date: cannot read "2012-10-030" (write 2012-10-30)`}},
		{"date hint never an impossible day", map[string]string{"content/berita/x.md": "---\ntitle: X\ndate: 31/02/2020\n---\n"},
			[]string{`content/berita/x.md:3: date: cannot read "31/02/2020" (write YYYY-MM-DD`}},
		{"image map without alt", map[string]string{"content/berita/x.md": "---\ntitle: X\ndate: 2020-11-11\nImage:\n  Src: a.jpg\n---\n"},
			[]string{`content/berita/x.md:5: image.alt: missing`}},
		{"JSON with a comma after the last key", map[string]string{"content/berita/x.md": "{\n\"title\": \"X\",\n\"date\": \"2020-11-11\",\n}\nIsi.\n"},
			[]string{`content/berita/x.md:4: JSON front matter: unexpected } here`}},
		{"missing title", map[string]string{"content/berita/x.md": "---\ndate: 2020-11-11\n---\n"},
			[]string{`content/berita/x.md:1: title: missing`}},
		{"missing date", map[string]string{"content/berita/x.md": "---\ntitle: X\n---\n"},
			[]string{`content/berita/x.md:1: date: missing`}},
		{"unreadable date", map[string]string{"content/berita/x.md": "---\ntitle: X\ndate: 11/11/2020\n---\n"},
			[]string{`content/berita/x.md:3: date: cannot read "11/11/2020" (write 2020-11-11)`}},
		{"image without alt", map[string]string{"content/berita/x.md": "---\ntitle: X\ndate: 2020-11-11\nimage:\n  src: a.jpg\n---\n"},
			[]string{`content/berita/x.md:5: image.alt: missing`}},
		{"two pages on one URL", map[string]string{
			"content/berita/a.md": "---\ntitle: A\ndate: 2020-11-11\nslug: sama\n---\n",
			"content/berita/b.md": "---\ntitle: B\ndate: 2020-11-12\nslug: Sama\n---\n"},
			[]string{`content/berita/a.md:4: two pages on one URL /berita/sama/: this file and content/berita/b.md`}},
		{"alias onto a page", map[string]string{
			"content/berita/a.md": "---\ntitle: A\ndate: 2020-11-11\n---\n",
			"content/berita/b.md": "---\ntitle: B\ndate: 2020-11-12\naliases: [/berita/a/]\n---\n"},
			[]string{`two pages on one URL /berita/a/`, `content/berita/b.md`, `content/berita/a.md`}},
		{"slug leaving the destination", map[string]string{"content/berita/x.md": "---\ntitle: X\ndate: 2020-11-11\nslug: ../../etc\n---\n"},
			[]string{`content/berita/x.md:4: slug: "../../etc" leaves the site`}},
		{"alias leaving the destination", map[string]string{"content/berita/x.md": "---\ntitle: X\ndate: 2020-11-11\naliases: [\"/../../x.html\"]\n---\n"},
			[]string{`content/berita/x.md:4: aliases: "/../../x.html" leaves the site`}},
		{"template that fails to parse", map[string]string{"layouts/berita/single.html": "{{ define \"main\" }}\n{{ if }}\n{{ end }}\n"},
			[]string{`layouts/berita/single.html:2: template: missing value for if`}},
		{"template action left open", map[string]string{"layouts/berita/single.html": "{{ define \"main\" }}\n<h1>{{ .Page.Title </h1>\n<p>{{ .Page.Summary }}</p>\n{{ end }}\n"},
			[]string{`layouts/berita/single.html:2: template: the action opened with {{ on this line is not closed: end it with }}`}},
		{"template that fails to execute", map[string]string{"layouts/berita/single.html": "{{ define \"main\" }}\n<p>{{ .Page.Nope }}</p>\n{{ end }}\n"},
			[]string{`layouts/berita/single.html:2: template: {{ .Page.Nope }}: *content.Page has no field or method Nope: check its spelling`}},
		{"template reading through nothing", map[string]string{"layouts/berita/single.html": "{{ define \"main\" }}\n<p>{{ .Page.Prev.Title }}</p>\n{{ end }}\n"},
			[]string{`layouts/berita/single.html:2: template: {{ .Page.Prev.Title }}: nothing there for this page (no *content.Page to read Title from): guard it with {{ with ... }}`}},
		{"template calling no function", map[string]string{"layouts/berita/single.html": "{{ define \"main\" }}\n<p>{{ judul .Page }}</p>\n{{ end }}\n"},
			[]string{`layouts/berita/single.html:2: template: no function "judul"`}},
		{"template naming no partial", map[string]string{"layouts/berita/single.html": "{{ define \"main\" }}\n{{ template \"partials/tiada.html\" . }}\n{{ end }}\n"},
			[]string{`layouts/berita/single.html:2: template: no layout or partial "partials/tiada.html": its file would be layouts/partials/tiada.html`}},
		{"unknown agency", map[string]string{"content/berita/x.md": "---\ntitle: X\ndate: 2020-11-11\nagency: dinas-entah\n---\n"},
			[]string{`content/berita/x.md:4: agency: "dinas-entah" is not an agency page`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"content/berita/baik.md": {Data: []byte(okNews)}}
			for n, d := range tt.files {
				fsys[n] = &fstest.MapFile{Data: []byte(d)}
			}
			dest := filepath.Join(t.TempDir(), "public")
			if err := os.MkdirAll(dest, 0o755); err != nil {
				t.Fatal(err)
			}
			marker := filepath.Join(dest, "index.html")
			if err := os.WriteFile(marker, []byte("previous build"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dest, publish.Marker), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Run(context.Background(), Options{Source: fsys, Destination: dest, Theme: warta.Theme(), Now: now})
			if err == nil {
				t.Fatal("build succeeded")
			}
			l := diag.All(err)
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			for _, d := range l {
				if d.File == "" || strings.Contains(d.Error(), "\n") {
					t.Errorf("not a one-line error with a file: %q", d.Error())
				}
			}
			if b, _ := os.ReadFile(marker); string(b) != "previous build" {
				t.Error("previous public/ was changed")
			}
			if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 1 {
				t.Errorf("temporary folders left: %v", dirNames(entries))
			}
		})
	}
}

// TestLayoutFaultSaidOnce guards that a layout's action failing on every
// page is one error, though the message quotes each page's own value (here
// its title): a site of 10,000 articles would otherwise print 10,000 lines
// for one line of a layout.
func TestLayoutFaultSaidOnce(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/berita/single.html": {Data: []byte("{{ define \"main\" }}\n{{ range .Page.Title }}x{{ end }}\n{{ end }}\n")},
		// A content error of each page still comes once per page.
		"content/berita/c.md": {Data: []byte("---\ntitle: C\ndate: kemarin\n---\n")},
		"content/berita/d.md": {Data: []byte("---\ntitle: D\ndate: lusa\n---\n")},
	}
	for i := range 5 {
		fsys[fmt.Sprintf("content/berita/b%d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Berita %d\ndate: 2020-11-1%d\n---\nIsi.\n", i, i)}
	}
	_, err := Run(context.Background(), Options{Source: fsys, Target: nilTarget{}, Theme: warta.Theme(), Now: now})
	var layout, content []string
	for _, d := range diag.All(err) {
		switch {
		case strings.HasPrefix(d.File, "layouts/"):
			layout = append(layout, d.Error())
		case strings.HasPrefix(d.File, "content/"):
			content = append(content, d.Error())
		}
	}
	if len(layout) != 1 || !strings.Contains(layout[0], "layouts/berita/single.html:2: template:") || !strings.Contains(layout[0], "{{ range .Page.Title }}: not a list") {
		t.Errorf("the layout's fault: want it once, at layouts/berita/single.html:2, got %q", layout)
	}
	if len(content) != 2 {
		t.Errorf("the content errors: want one for each of c.md and d.md, got %q", content)
	}
}

// TestEveryErrorOfABrokenFile guards that a file whose front matter does
// not parse gets its other keys checked in the same run: the editor fixes
// the syntax and the date and the repeated key at once. What the blanked
// lines held is not said to be missing, and nothing of the file is built.
func TestEveryErrorOfABrokenFile(t *testing.T) {
	fsys := fstest.MapFS{
		"content/berita/baik.md": {Data: []byte(okNews)},
		"content/berita/x.md":    {Data: []byte("---\ntitle: Kadis: Stok Beras Aman\ndate: 31/02/2020\nsummary: Kata kadis: \"aman\".\nauthor: A\nauthor: B\n---\nIsi.\n")},
	}
	_, err := Run(context.Background(), Options{Source: fsys, Target: nilTarget{}, Theme: warta.Theme(), Now: now})
	var got []string
	for _, d := range diag.All(err) {
		got = append(got, d.Error())
	}
	want := []string{
		`content/berita/x.md:2: title: a colon and a space inside the value of title`,
		`content/berita/x.md:3: date: cannot read "31/02/2020"`,
		`content/berita/x.md:4: summary: a colon and a space inside the value of summary`,
		`content/berita/x.md:6: author: written twice (also at line 5)`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("error %d: got %s\nwant %s…", i, got[i], w)
		}
	}
}

// TestAllErrorsInOneRun guards that errors of several files are reported
// together, not one per run.
func TestAllErrorsInOneRun(t *testing.T) {
	fsys := fstest.MapFS{
		"content/berita/a.md": {Data: []byte("---\ntitle: A\ndate: kemarin\n---\n")},
		"content/berita/b.md": {Data: []byte("---\ndate: 2020-11-11\ntags: {x: y}\n---\n")},
		"content/berita/c.md": {Data: []byte("---\ntitle: C\n")},
	}
	_, err := Run(context.Background(), Options{Source: fsys, Target: nilTarget{}, Theme: warta.Theme(), Now: now})
	got := diag.All(err)
	if len(got) != 4 {
		t.Fatalf("got %d errors, want 4:\n%v", len(got), err)
	}
}

// TestNothingSkippedSilently guards that files under content/ the build
// publishes nothing of are named: in a warning, or, when there is no page
// at all, in the error.
func TestNothingSkippedSilently(t *testing.T) {
	fsys := fstest.MapFS{
		"content/berita/posts.txt":        {Data: []byte("x")},
		"content/berita/b/index.md":       {Data: []byte(okNews)},
		"content/berita/b/catatan.md":     {Data: []byte(okNews)},
		"content/berita/b/foto.jpg":       {Data: []byte("x")},
		"content/berita/c.markdown":       {Data: []byte(okNews)},
		"content/berita/_index.markdown":  {Data: []byte("---\ntitle: Kabar\n---\nSemua kabar daerah.\n")},
		"content/berita/lepas/gambar.png": {Data: []byte("x")},
	}
	res, err := Run(context.Background(), Options{Source: fsys, Target: nilTarget{}, Theme: warta.Theme(), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range res.Warnings {
		if strings.HasPrefix(w.Msg, "not published") {
			got = append(got, w.File)
		}
	}
	want := []string{"content/berita/b/catatan.md", "content/berita/lepas/gambar.png", "content/berita/posts.txt"}
	if !slices.Equal(got, want) {
		t.Errorf("warned about %v, want %v", got, want)
	}
	if res.Site.Section("berita") == nil || len(res.Site.News) != 2 {
		t.Errorf("%d news, want 2 (b and c.markdown)", len(res.Site.News))
	}
	if sec := res.Site.Section("berita"); sec == nil || sec.Title != "Kabar" || sec.Page == nil || sec.Page.Doc == nil {
		t.Errorf("_index.markdown is not the section's index, rendered: %+v", sec)
	}

	_, err = Run(context.Background(), Options{Source: fstest.MapFS{"content/berita/a.txt": {Data: []byte("x")}, "content/b.html": {}},
		Target: nilTarget{}, Theme: warta.Theme(), Now: now})
	if err == nil || !strings.Contains(err.Error(), "skipped 2 other files: content/b.html, content/berita/a.txt") {
		t.Errorf("got %v", err)
	}
}

func TestRefusesDangerousDestination(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"content", "static"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "x.md"), []byte("---\ntitle: X\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dest := range []string{dir, filepath.Join(dir, "..")} {
		_, err := Run(context.Background(), Options{Source: os.DirFS(dir), SourceDir: dir, Destination: dest, Theme: warta.Theme(), Now: now})
		if err == nil || !strings.Contains(err.Error(), "destination") {
			t.Errorf("destination %s: got %v", dest, err)
		}
	}
}

type nilTarget struct{}

func (nilTarget) WriteFile(string, []byte) error       { return nil }
func (nilTarget) CopyFile(string, fs.FS, string) error { return nil }

// TestCollisionBlamesTheFileThatChoseTheURL guards the message of a URL
// clash: it names the file (and line) whose slug or alias asked for it.
func TestCollisionBlamesTheFileThatChoseTheURL(t *testing.T) {
	tests := []struct {
		files map[string]string
		want  string
	}{
		{map[string]string{
			"content/berita/a.md":   "---\ntitle: A\ndate: 2020-11-12\n---\n",
			"content/berita/dup.md": "---\ntitle: D\ndate: 2020-11-11\nslug: a\n---\n"},
			"content/berita/dup.md:4: two pages on one URL /berita/a/: this file and content/berita/a.md"},
		{map[string]string{"content/tag.md": "---\ntitle: Tag\n---\n", "content/berita/x.md": "---\ntitle: X\ndate: 2020-11-11\ntags: [a]\n---\n"},
			"content/tag.md:1: two pages on one URL /tag/: this file and the tags taxonomy"},
	}
	for _, tt := range tests {
		fsys := fstest.MapFS{}
		for n, d := range tt.files {
			fsys[n] = &fstest.MapFile{Data: []byte(d)}
		}
		_, err := Run(context.Background(), Options{Source: fsys, Target: nilTarget{}, Theme: warta.Theme(), Now: now})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("got %v\nwant %s", err, tt.want)
		}
	}
}

// TestDotsInsideNamesAreNames guards that paths are checked by element:
// "Pasar..jpg" is a file name, not a way out of the destination.
func TestDotsInsideNamesAreNames(t *testing.T) {
	fsys := fstest.MapFS{
		"content/berita/pasar/index.md":   {Data: []byte("---\ntitle: Pasar\ndate: 2020-11-11\nslug: pasar..murah\nimage: {src: Pasar..jpg, alt: Pasar}\n---\n![Los](los..png)\n")},
		"content/berita/pasar/Pasar..jpg": {Data: []byte("jpg")},
		"content/berita/pasar/los..png":   {Data: []byte("png")},
		"static/unduh/laporan..final.pdf": {Data: []byte("pdf")},
	}
	mem, _ := buildMem(t, fsys, Options{})
	for _, want := range []string{"berita/pasar-murah/Pasar..jpg", "berita/pasar-murah/los..png", "unduh/laporan..final.pdf"} {
		if _, ok := mem.Files[want]; !ok {
			t.Errorf("%s not published", want)
		}
	}
}
