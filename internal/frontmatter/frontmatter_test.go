package frontmatter

import (
	"bytes"
	"maps"
	"strings"
	"testing"

	adrg "github.com/adrg/frontmatter"

	"github.com/warta-portal/warta/internal/diag"
)

type image struct {
	Src string `yaml:"src"`
	Alt string `yaml:"alt"`
}

type page struct {
	Digital *bool          `yaml:"digital"`
	Title   string         `yaml:"title"`
	Date    string         `yaml:"date"`
	Tags    []string       `yaml:"tags"`
	Draft   bool           `yaml:"draft"`
	Image   image          `yaml:"image"`
	Params  map[string]any `yaml:"-"`
}

func TestParseFormats(t *testing.T) {
	tests := []struct {
		name, src string
		format    string
		bodyLine  int
		titleLine int
	}{
		{"yaml", "---\ntitle: Halo\ndate: 2020-11-11\n---\nIsi\n", "yaml", 5, 2},
		{"yaml leading blank", "\n---\ntitle: Halo\n---\nIsi\n", "yaml", 5, 3},
		{"toml", "+++\ndate = 2020-11-11\ntitle = \"Halo\"\n+++\nIsi\n", "toml", 5, 3},
		{"json", "{\n  \"title\": \"Halo\",\n  \"date\": \"2020-11-11\"\n}\n\nIsi\n", "json", 5, 2},
		// Hugo's other JSON forms: the body right after "}", one line, tabs.
		{"json body after the brace", "{\n\"title\": \"Halo\"\n}\nIsi\n", "json", 4, 2},
		{"json on one line", "{\"title\": \"Halo\", \"tags\": [\"a\"]}\nIsi\n", "json", 2, 1},
		{"json indented with tabs", "{\n\t\"date\": \"2020-11-11\",\n\t\"title\": \"Halo\"\n}\nIsi\n", "json", 5, 3},
		{"shortcode first is a body", "{{< youtube abc >}}\nIsi\n", "", 1, 1},
		{"kramdown first is a body", "{: .lead}\nIsi\n", "", 1, 1},
		{"none", "Isi saja\n", "", 1, 1},
		{"yaml after a byte-order mark", "\ufeff---\ntitle: Halo\n---\nIsi\n", "yaml", 4, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("x.md", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if d.Format != tt.format || d.BodyLine != tt.bodyLine {
				t.Errorf("format %q bodyLine %d, want %q %d", d.Format, d.BodyLine, tt.format, tt.bodyLine)
			}
			if !strings.HasPrefix(string(d.Body), "Isi") && !strings.Contains(string(d.Body), "Isi") {
				t.Errorf("body %q", d.Body)
			}
			if tt.format == "" {
				return
			}
			var p page
			if err := d.Decode(&p); err != nil {
				t.Fatal(err)
			}
			if p.Title != "Halo" {
				t.Errorf("title %q", p.Title)
			}
			if got := d.Line("title"); got != tt.titleLine {
				t.Errorf("Line(title) = %d, want %d", got, tt.titleLine)
			}
		})
	}
}

func TestErrorsCarryFileLines(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unclosed", "---\ntitle: x\n\nbody\n", `x.md:1: front matter opened with "---" is not closed`},
		{"bad yaml", "---\ntitle: x\ndate: [2020\n---\n", `x.md:3: date: the list opened with [ on this line is not closed`},
		{"bad yaml indent", "---\ntitle: x\n  tags: a\nfoo: : b\n---\n", `x.md:3: tags: this line is indented further`},
		{"not a mapping", "---\n- a\n- b\n---\n", `x.md:2: front matter: expected keys`},
		{"bad json", "{\n\"title\": \"x\",\n}\nIsi\n", `x.md:3: JSON front matter: unexpected } here`},
		{"unclosed json", "{\n\"title\": \"x\",\n", `x.md:1: JSON front matter opened with "{" is not closed`},
		{"bad toml", "+++\ntitle = \"x\"\ndate = \n+++\n", `x.md:3: date: date has no value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.md", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// TestYAMLErrorsInWords guards that each YAML syntax error is a sentence
// that says what to write, at the line to change (yaml.v3 names the line
// before it, or none).
// TestEverySyntaxErrorOfAFile guards that the syntax errors of one file
// come in one run, each at its line, where the parser stops at the first.
func TestEverySyntaxErrorOfAFile(t *testing.T) {
	for _, tt := range []struct {
		name, fm string
		want     []string
	}{
		{"two unclosed quotes", "title: \"Gubernur Resmikan Jembatan\ndate: 2020-11-11\nsummary: \"Jembatan 200 meter.\"\nimage:\n  src: /a.jpg\n  alt: 'Jembatan baru\n",
			[]string{`x.md:2: title: the quote " that opens`, `x.md:7: alt: the quote ' that opens`}},
		{"two colons", "title: Kadis: Stok Beras Aman\ndate: 2020-02-11\nsummary: Kata kadis: \"aman\".\n",
			[]string{`x.md:2: title: a colon and a space`, `x.md:4: summary: a colon and a space`}},
		{"a tab, then a colon", "title: X\nimage:\n\tsrc: a.jpg\nsummary: Kata: ini\n",
			[]string{`x.md:4: src: indented with a tab`, `x.md:5: summary: a colon and a space`}},
		{"one error", "title: X\ntags: [a, b\nauthor: y\n", []string{`x.md:3: tags: the list opened with [`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.md", []byte("---\n"+tt.fm+"---\nIsi\n"))
			got := diag.All(err)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%v", len(got), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i].Error(), w) {
					t.Errorf("error %d: got %v, want %s", i, got[i], w)
				}
			}
		})
	}
}

func TestYAMLErrorsInWords(t *testing.T) {
	tests := []struct{ name, fm, want string }{
		{"colon in a headline", "title: Gubernur: kami siap\ndate: 2020-11-11\n",
			`x.md:2: title: a colon and a space inside the value of title: put the whole value in quotes, e.g. title: "Gubernur: kami siap"`},
		{"colon in a later value", "title: X\ndate: 2020-11-11\nsummary: Kata \"kutip\" lalu: ini\n",
			`x.md:4: summary: a colon and a space inside the value of summary: put the whole value in quotes, e.g. summary: 'Kata "kutip" lalu: ini'`},
		{"unclosed list", "title: X\ndate: 2020-11-11\ntags: [a, b\nauthor: y\n", `x.md:4: tags: the list opened with [ on this line is not closed`},
		// The parser names the line before (that of the key it was in).
		{"missing comma in a list", "title: \"Uji\"\ndate: 2020-11-20\ntags: [\"a\" \"b\"]\n", `x.md:4: tags: a comma is missing between two items of the list of tags`},
		{"missing comma in a group", "title: X\nimage: {src: a.jpg alt: b}\ndate: 2020-11-20\n", `x.md:3: image: a comma is missing between two keys of the group of image`},
		{"unclosed group", "title: X\nimage: {src: a.jpg\nalt: b\n", `x.md:3: image: the group opened with { on this line is not closed`},
		{"unclosed quote", "title: \"X\ndate: 2020-11-11\n", `x.md:2: title: the quote " that opens the value of title is not closed`},
		// The quote swallows lines up to the next " (in tags), where the
		// parser stumbles three lines on: the line named is the one to fix.
		{"unclosed quote, quotes later", "title: X\ndescription: \"Ringkasan tanpa penutup\ndate: 2024-01-02\ntags: [\"a\", \"b\"]\n", `x.md:3: description: the quote " that opens the value of description is not closed`},
		{"unclosed quote in a list item", "title: X\ntags:\n  - lomba\n  - \"desa\n  - 'kabupaten'\n", `x.md:5: tags: the quote " that opens the value of tags is not closed`},
		{"unclosed single quote, quotes later", "title: 'Kata\ndate: 2024-01-02\nauthor: 'Humas'\n", `x.md:2: title: the quote ' that opens the value of title is not closed`},
		{"tab", "title: X\n\tdate: 2020-11-11\n", `x.md:3: date: indented with a tab`},
		{"reserved first character", "title: @gubernur menyapa\n", `x.md:2: title: a value cannot start with @: put the whole value in quotes, e.g. title: "@gubernur menyapa"`},
		{"asterisk", "title: *Penting* hari ini\n", `x.md:2: title: a value cannot start with *`},
		{"line without a colon", "title: X\nauthor\ndate: 1\n", `x.md:3: "author" is not "key: value"`},
		{"apostrophe in single quotes", "title: 'Jum'at Bersih'\n", `x.md:2: title: a ' inside a value in single quotes ends it early`},
		{"text after the quote", "title: \"Kata\" lalu\n", `x.md:2: title: text after the closing quote of title: put the whole value in quotes, e.g. title: '"Kata" lalu'`},
		// Quotes inside a value in the same quotes: the fix keeps the
		// inner ones, not the outer.
		{"quotes inside quotes", "title: \"Sosialisasi \"Jaga Jakarta\" di Balai Kota\"\n", `x.md:2: title: text after the closing quote of title: put the whole value in quotes, e.g. title: 'Sosialisasi "Jaga Jakarta" di Balai Kota'`},
		{"quotes inside, then a full stop", "summary: \"Kata camat, \"desa kami siap\".\n", `x.md:2: summary: text after the closing quote of summary: put the whole value in quotes, e.g. summary: 'Kata camat, "desa kami siap".'`},
		{"stray list item", "title: a\n- b\n", `x.md:3: a list item under a key that already has a value`},
		{"list on the key's line", "title: X\ntags: - a\n", `x.md:3: tags: a list item cannot follow its key on the same line`},
		{"backslash", "title: \"C:\\data\"\n", `x.md:2: title: a backslash inside double quotes`},
		// The closing --- forgotten: a rule in the text closes it later.
		{"closing line missing", "title: X\ndate: 2020-11-11\n\nRapat koordinasi besok di kantor gubernur.\n\n",
			`x.md:4: the front matter is not closed before the article's text (line 5): add a line with --- here, after the last key`},
		{"closing line missing, text like a key first", "title: X\n\nLokasi: Aula Kantor Gubernur\nRapat koordinasi besok.\n",
			`x.md:3: the front matter is not closed before the article's text (line 4)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.md", []byte("---\n"+tt.fm+"---\nIsi\n"))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got  %v\nwant %s", err, tt.want)
			}
			if strings.Contains(err.Error(), "yaml:") || strings.Contains(err.Error(), "mapping values") {
				t.Errorf("parser jargon: %v", err)
			}
			for _, d := range diag.All(err) {
				if d.Message("id") == d.Msg {
					t.Errorf("no Indonesian for %q", d.Msg)
				}
			}
		})
	}
}

// TestListItemRunsOn: a list item indented one space more than the one
// above continues it ("satu - dua"): a warning says it is one item.
func TestListItemRunsOn(t *testing.T) {
	type fm struct {
		Tags []string `yaml:"tags"`
	}
	d, err := Parse("x.md", []byte("---\ntags:\n  - satu\n   - dua\n  - tiga\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	var p fm
	l := diag.All(d.Decode(&p))
	want := `x.md:3: tags: "satu - dua" is one item: if it was meant as 2, start each on its own line with - at the same indentation`
	if len(l) != 1 || !l[0].Warning || !strings.HasPrefix(l[0].Error(), want) {
		t.Fatalf("got %v\nwant %s", l, want)
	}
	if l[0].Message("id") == l[0].Msg {
		t.Errorf("no Indonesian for %q", l[0].Msg)
	}
	if len(p.Tags) != 2 || p.Tags[0] != "satu - dua" {
		t.Errorf("tags %q: YAML's reading is kept", p.Tags)
	}
	d, _ = Parse("x.md", []byte("---\ntags:\n  - satu\n  - dua\ntitle: \"A - B\"\n---\n"))
	if l := diag.All(d.Decode(&p)); len(l) != 0 {
		t.Errorf("items alike: %v", l)
	}
}

// TestOpenerNearMiss: a first line that was meant to open front matter
// but does not is named, with the delimiter to write, where the file was
// read as having none (and then said to lack a title).
func TestOpenerNearMiss(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"----\ntitle: X\n---\n", `x.md:1: the first line "----" does not open the front matter: write exactly --- on a line of its own, with nothing after it`},
		{"\n--- # berita\ntitle: X\n---\n", `x.md:2: the first line "--- # berita" does not open the front matter: write exactly ---`},
		{"———\ntitle: X\n———\n", `x.md:1: the first line "———" does not open the front matter: write exactly ---`},
		{"++++\ntitle = 'X'\n+++\n", `x.md:1: the first line "++++" does not open the front matter: write exactly +++`},
	} {
		_, err := Parse("x.md", []byte(tc.src))
		if err == nil || err.Error() != tc.want && !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: %v\nwant %s", tc.src, err, tc.want)
			continue
		}
		for _, d := range diag.All(err) {
			if d.Message("id") == d.Msg {
				t.Errorf("no Indonesian for %q", d.Msg)
			}
		}
	}
	for _, src := range []string{"---\ntitle: X\n---\n", "---yaml\ntitle: X\n---\n", "Teks -- biasa\n", "--\n"} {
		if _, err := Parse("x.md", []byte(src)); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}

// TestRunOnOnlyForText: a blank line between keys and a mistake in a key
// below it is not taken for front matter that runs on into the text.
func TestRunOnOnlyForText(t *testing.T) {
	for _, fm := range []string{
		"title: X\n\ntags: [a, b\nauthor: y\n",
		"title: X\n\n  tags: a\n",
		"title: X\n\nauthor\n", // a key without its colon: "is not key: value" says so
	} {
		_, err := Parse("x.md", []byte("---\n"+fm+"---\nIsi\n"))
		if err == nil {
			t.Fatalf("%q: no error", fm)
		}
		if strings.Contains(err.Error(), "not closed before the article's text") {
			t.Errorf("%q: %v", fm, err)
		}
	}
}

// TestTOMLErrorsInWords is TestYAMLErrorsInWords for TOML front matter.
func TestTOMLErrorsInWords(t *testing.T) {
	tests := []struct{ name, fm, want string }{
		{"unquoted text", "title = Gubernur Menyapa\n", `x.md:2: title: text must be in quotes in TOML: write title = "Gubernur Menyapa"`},
		{"no value", "title = \"X\"\ndate = \n", `x.md:3: date: date has no value: write it after the =`},
		{"YAML colon", "title: \"X\"\n", `x.md:2: title: TOML writes key = value (key: value is YAML, between --- lines): write title = "X"`},
		{"missing comma in a list", "title = \"X\"\ntags = [\"a\" \"b\"]\n", `x.md:3: tags: a comma is missing between two items of the list of tags: separate them with commas, e.g. tags = ["a", "b"]`},
		{"key with a space", "judul berita = \"X\"\n", `x.md:2: a key is one word: join the words with _ (judul_berita)`},
		{"unclosed list", "title = \"X\"\ntags = [\"a\", \"b\"\n", `x.md:3: tags: the list opened with [ on this line is not closed`},
		{"twice", "title = \"X\"\ntitle = \"Y\"\n", `x.md:3: title: written twice (also at line 2): keep one`},
		{"bad date", "date = 2020-13-45\n", `x.md:2: date: "2020-13-45" is not a date`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.md", []byte("+++\n"+tt.fm+"+++\nIsi\n"))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got  %v\nwant %s", err, tt.want)
			}
			for _, d := range diag.All(err) {
				if d.Message("id") == d.Msg {
					t.Errorf("no Indonesian for %q", d.Msg)
				}
			}
		})
	}
}

// TestNotUTF8 guards that a file saved as Windows-1252 is named as such,
// at its line and field.
func TestNotUTF8(t *testing.T) {
	src := "---\ntitle: Caf\xe9 Rakyat\ndate: 2020-11-11\n---\nIsi \x93kutip\x94.\n"
	_, err := Parse("x.md", []byte(src))
	for _, want := range []string{
		`x.md:2: title: this file is not saved as UTF-8 ("title: Café Rakyat" is probably Windows-1252)`,
		`x.md:5: this file is not saved as UTF-8 ("Isi “kutip”." is probably`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want %s", err, want)
		}
	}
	for _, d := range diag.All(err) {
		if d.Message("id") == d.Msg {
			t.Errorf("no Indonesian for %q", d.Msg)
		}
	}
}

// TestNearMissKeys guards that a key one edit away from a known key, or
// its other (Indonesian) name, is a warning with the suggestion, and that
// other unknown keys stay allowed as params.
func TestNearMissKeys(t *testing.T) {
	type img struct {
		Src string `yaml:"src"`
		Alt string `yaml:"alt"`
	}
	type fm struct {
		Title      string         `yaml:"title" aka:"judul"`
		Tags       []string       `yaml:"tags"`
		Categories []string       `yaml:"categories" aka:"kategori"`
		Image      img            `yaml:"image" aka:"gambar"`
		PubDate    string         `yaml:"publishDate"`
		Params     map[string]any `yaml:"-"`
	}
	src := "---\ntitle: X\ntag: [a]\nkategori: Berita\nGambar: a.jpg\npublishdaet: 2020-11-11\nimage:\n  src: a.jpg\n  atl: Foto\nwilayah: Jambi\nurl: /x/\nLokasi: Aula Kantor Gubernur\nnama kegiatan: Rapat\n---\n"
	d, err := Parse("x.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var p fm
	l := diag.All(d.Decode(&p))
	var got []string
	for _, w := range l {
		if !w.Warning {
			t.Errorf("an error: %v", w)
		}
		got = append(got, w.Error())
		if w.Message("id") == w.Msg {
			t.Errorf("no Indonesian for %q", w.Msg)
		}
	}
	want := []string{
		`x.md:3: tag: not a key warta knows: did you mean tags? As written it reaches layouts only, as .Params.tag`,
		`x.md:4: kategori: not a key warta knows: did you mean categories?`,
		`x.md:5: gambar: not a key warta knows: did you mean image?`,
		`x.md:6: publishdaet: not a key warta knows: did you mean publishDate?`,
		`x.md:9: image.atl: not a key of image, so it is left out: use one of src, alt`,
		// Words of the text, read as keys when the closing --- is missing.
		`x.md:12: lokasi: "Lokasi" is not a key warta knows, so no page shows it (layouts may, as .Params.Lokasi): if this line is the article's text, the front matter's closing --- is missing above it`,
		`x.md:13: nama kegiatan: "nama kegiatan" is not a key warta knows`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d warnings, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("got  %s\nwant %s", got[i], want[i])
		}
	}
	if p.Params["wilayah"] != "Jambi" || p.Params["tag"] == nil {
		t.Errorf("unknown keys not kept as params: %v", p.Params)
	}
}

func TestDecodeReportsEveryField(t *testing.T) {
	src := "---\ntitle: [a, b]\ntags: pelayanan\ndraft: yes please\nimage:\n  src: a.jpg\n  alt: [x]\nregion: Muaro Jambi\ndigital: ya\n---\n"
	d, err := Parse("content/berita/x.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var p page
	err = d.Decode(&p)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		"content/berita/x.md:2: title: expected text, got a list",
		`content/berita/x.md:4: draft: expected true or false, got "yes please"`,
		`content/berita/x.md:7: image.alt: expected text, got a list`,
		`content/berita/x.md:9: digital: expected true or false, got "ya"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}
	if p.Image.Src != "a.jpg" || p.Params["region"] != "Muaro Jambi" || len(p.Tags) != 1 || p.Tags[0] != "pelayanan" {
		t.Errorf("good fields not kept: %+v", p)
	}
}

type shortImage struct {
	Src string `yaml:"src,shorthand"`
	Alt string `yaml:"alt"`
}

// TestDecodeReadsLikeHugo checks the values Hugo and Jekyll read more
// loosely than YAML's types, in each front-matter format.
func TestDecodeReadsLikeHugo(t *testing.T) {
	type fm struct {
		Title   string     `yaml:"title"`
		Tags    []string   `yaml:"tags"`
		SDGs    []int      `yaml:"sdgs"`
		Draft   bool       `yaml:"draft"`
		Ticker  *bool      `yaml:"ticker"`
		Image   shortImage `yaml:"image"`
		PubDate string     `yaml:"publishDate"`
	}
	for _, src := range []string{
		"---\nTitle: Halo\nTAGS: Berita\nsdgs: 3\ndraft: \"true\"\nticker: \"False\"\nimage: /a.png\npublishdate: 2020-11-11\n---\n",
		"+++\nTitle = \"Halo\"\nTAGS = \"Berita\"\nsdgs = 3\ndraft = \"true\"\nticker = \"False\"\nimage = \"/a.png\"\npublishdate = \"2020-11-11\"\n+++\n",
		"{\"Title\": \"Halo\", \"TAGS\": \"Berita\", \"sdgs\": 3, \"draft\": \"true\", \"ticker\": \"False\", \"image\": \"/a.png\", \"publishdate\": \"2020-11-11\"}\n",
	} {
		d, err := Parse("x.md", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		var p fm
		if err := d.Decode(&p); err != nil {
			t.Fatalf("%s: %v", d.Format, err)
		}
		if p.Title != "Halo" || len(p.Tags) != 1 || p.Tags[0] != "Berita" || len(p.SDGs) != 1 || p.SDGs[0] != 3 ||
			!p.Draft || p.Ticker == nil || *p.Ticker || p.Image.Src != "/a.png" || p.PubDate != "2020-11-11" {
			t.Errorf("%s: %+v", d.Format, p)
		}
		if !d.Shorthand("image") || d.Shorthand("title") {
			t.Errorf("%s: Shorthand(image) = false", d.Format)
		}
		if d.Line("title") == 0 || d.Line("Title") != d.Line("title") {
			t.Errorf("%s: Line(title) = %d", d.Format, d.Line("title"))
		}
	}
}

func TestTOMLLocalDatesStayLocal(t *testing.T) {
	d, err := Parse("x.md", []byte("+++\ntitle = \"X\"\ndate = 2021-01-02T23:00:00\nlastmod = 2021-01-05\npublishDate = 2021-01-02T23:00:00+07:00\n+++\n"))
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Date        string `yaml:"date"`
		Lastmod     string `yaml:"lastmod"`
		PublishDate string `yaml:"publishDate"`
	}
	if err := d.Decode(&p); err != nil {
		t.Fatal(err)
	}
	if p.Date != "2021-01-02T23:00:00" || p.Lastmod != "2021-01-05" || p.PublishDate != "2021-01-02T23:00:00+07:00" {
		t.Errorf("%+v", p)
	}
}

func TestDuplicateKeys(t *testing.T) {
	d, err := Parse("x.md", []byte("---\ntitle: A\ndate: 2020-11-11\ntitle: B\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	var p page
	err = d.Decode(&p)
	if err == nil || !strings.Contains(err.Error(), "x.md:4: title: written twice (also at line 2): keep one") {
		t.Errorf("got %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"---\ntitle: a\n---\nb", "+++\na=1\n+++\n", "{\n\"a\":1\n}\n\nx", "---\n", "{", "---\n- [\n---\n",
		"{\"title\": \"x\"}\nbody", "{\n\"a\": 1,\n}\n", "---\ntitle: a: b\n  c: d\n---\n", "---\ntitle: 'it's'\n- x\n---\n",
		"+++\ntitle = x\njudul berita = 1\n+++\n", "---\ntitle: Caf\xe9\n---\n", "---\nTag: [a\nimage: {src: a\n---\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := Parse("f.md", src)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.md") {
				t.Fatalf("error without file: %v", err)
			}
			return
		}
		var p page
		_ = d.Decode(&p)
		_ = d.Line("image.alt")
	})
}

// TestRestoredLinesMatch: a Doc restored from its State (as every page
// keeps it, in a compact index) answers Line and Has as the parsed Doc
// does, for nested keys, list items, unknown keys (the nearest parent or
// the front matter's start) and case; and its State gives the lines back.
func TestRestoredLinesMatch(t *testing.T) {
	t.Parallel()
	src := []byte("\n---\ntitle: Judul\nImage:\n  src: a.jpg\n  alt: Foto\ntags: [a, b]\ncorrections:\n  - date: 2020-01-02\n    text: Ralat\n  - date: 2020-01-03\n    text: Lagi\nparams_x: 1\n---\nIsi.\n")
	d, err := Parse("content/berita/x.md", src)
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Title       string
		Image       struct{ Src, Alt string }
		Tags        []string
		Corrections []struct{ Date, Text string }
		Params      map[string]any
	}
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	st := d.State(src)
	r := Restore(d.File, src, st)
	paths := []string{"title", "TITLE", "image", "image.src", "image.alt", "image.caption", "tags", "corrections", "corrections.0", "corrections.1.text", "corrections.2.text", "params_x", "nope", "", "image.src.x"}
	for _, p := range paths {
		if got, want := r.Line(p), d.Line(p); got != want {
			t.Errorf("Line(%q) = %d restored, %d parsed", p, got, want)
		}
		if got, want := r.Has(p), d.Has(p); got != want {
			t.Errorf("Has(%q) = %v restored, %v parsed", p, got, want)
		}
	}
	if d.Line("corrections.1.text") != 12 || d.Line("image.alt") != 6 || d.Line("nope") != 2 {
		t.Errorf("parsed lines %d, %d, %d; want 12, 6, 2", d.Line("corrections.1.text"), d.Line("image.alt"), d.Line("nope"))
	}
	if again := r.State(src); !maps.Equal(again.Lines(), st.Lines()) || len(st.Lines()) == 0 {
		t.Errorf("State of the restored Doc: %v, want %v", again.Lines(), st.Lines())
	}
	// A State whose paths and lines disagree restores no lines (the
	// front matter's start for every key) rather than shifted ones.
	bad := st
	bad.At = bad.At[1:]
	if got := Restore(d.File, src, bad).Line("corrections.1.text"); got != 2 {
		t.Errorf("Line from a State with a line missing = %d, want 2 (the front matter's start)", got)
	}
}

// TestCommasInOneItem guards that a list written as one text with commas
// is one item (as in Hugo) and says so, with the list it likely meant.
func TestCommasInOneItem(t *testing.T) {
	d, err := Parse("x.md", []byte("---\ntitle: X\ntags: kesehatan, vaksin, covid-19\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	var p page
	l := diag.All(d.Decode(&p))
	if len(p.Tags) != 1 || p.Tags[0] != "kesehatan, vaksin, covid-19" {
		t.Errorf("tags = %q, want one item", p.Tags)
	}
	want := `x.md:3: tags: "kesehatan, vaksin, covid-19" is one item, commas and all: for several, write tags: [kesehatan, vaksin, covid-19]`
	if len(l) != 1 || !l[0].Warning || l[0].Error() != want {
		t.Errorf("got %v, want the warning %s", l, want)
	}
	// One item without a comma says nothing.
	d, _ = Parse("x.md", []byte("---\ntitle: X\ntags: kesehatan\n---\n"))
	if l := diag.All(d.Decode(&p)); len(l) != 0 {
		t.Errorf("a single tag warned: %v", l)
	}
}

// Parse gives adrg/frontmatter only the front matter, not the body after
// it (frontMatterPart): the format, the data and the body must be those
// adrg finds in the whole file.
func TestFrontMatterPartAsAdrg(t *testing.T) {
	for _, src := range []string{
		"---\ntitle: A\n---\nbody\n",
		"\n\n  ---  \r\ntitle: A\r\n --- \r\n\r\nbody ---\n---\n",
		"---\ntitle: A\n---", // closed on the last line, no newline
		"---\ntitle: A\n----\nstill front matter\n---\nbody",
		"---yaml\ntitle: A\n---\nbody\n",
		"+++\ntitle = 'A'\n+++\nbody\n",
		"---toml\ntitle = 'A'\n---\n",
		";;;\n\"title\": \"A\"\n;;;\nbody",
		"---\ntitle: A\nnever closed\n",
		"---\n---\nempty front matter\n",
		"no front matter\n---\nx: y\n---\n",
		"",
	} {
		var want raw
		wantBody, wantErr := adrg.Parse(strings.NewReader(src), &want, fmFormats...)
		first, firstLine := "", 0
		for i, l := range strings.Split(src, "\n") {
			if strings.TrimSpace(l) != "" {
				first, firstLine = strings.TrimSpace(l), i+1
				break
			}
		}
		end, ok := openers[first]
		if !ok {
			if want.format != "" {
				t.Errorf("%q: adrg found %s front matter", src, want.format)
			}
			continue
		}
		head, rest := frontMatterPart([]byte(src), firstLine, end)
		var got raw
		gotBody, gotErr := adrg.Parse(bytes.NewReader(head), &got, fmFormats...)
		if got.format != "" {
			gotBody = rest
		}
		if got.format != want.format || string(got.data) != string(want.data) || (want.format != "" && string(gotBody) != string(wantBody)) || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%q: got %q %q body %q (%v), adrg on the whole file %q %q body %q (%v)", src, got.format, got.data, gotBody, gotErr, want.format, want.data, wantBody, wantErr)
		}
	}
}
