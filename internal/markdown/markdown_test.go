package markdown

import (
	"slices"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		src  string
		want []string
		not  []string
	}{
		{"heading ids unique and Indonesian", Options{}, "## Latar Belakang\n\n## Latar Belakang\n\n## Jum'at & Sabtu\n",
			[]string{`<h2 id="latar-belakang">`, `<h2 id="latar-belakang-1">`, `<h2 id="jumat-dan-sabtu">`}, nil},
		{"gfm table strike tasks autolink", Options{}, "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~lama~~ https://jambiprov.go.id\n\n- [x] selesai\n",
			[]string{"<table>", "<del>lama</del>", `<a href="https://jambiprov.go.id">`, `<input checked="" disabled="" type="checkbox"`}, nil},
		{"footnote", Options{}, "Teks[^1]\n\n[^1]: Catatan.\n", []string{`class="footnotes"`, `href="#fn:1"`}, nil},
		{"typographer", Options{}, `"Kutipan" -- ya...`, []string{"&ldquo;Kutipan&rdquo;", "&ndash;", "&hellip;"}, nil},
		{"image lazy", Options{}, "![Foto kegiatan](foto.jpg)", []string{`<img src="foto.jpg" alt="Foto kegiatan" loading="lazy" decoding="async">`}, nil},
		{"external link noopener", Options{}, "[LAN](https://lan.go.id) [dalam](/berita/x/)", []string{`<a href="https://lan.go.id" rel="noopener">LAN</a>`, `<a href="/berita/x/">dalam</a>`}, nil},
		{"base path", Options{BasePath: "/portal/"}, "[dalam](/berita/x/) ![a](/img/a.png) [ext](//x.org)", []string{`href="/portal/berita/x/"`, `src="/portal/img/a.png"`, `href="//x.org"`}, nil},
		{"raw html dropped by default", Options{}, "<script>alert(1)</script>\n\n<b>x</b>", []string{"raw HTML omitted"}, []string{"<script", "<b>"}},
		{"raw html sanitized when on", Options{RawHTML: true},
			"<iframe src=\"https://www.youtube.com/embed/abc\" width=\"560\" height=\"315\" title=\"Video\" allowfullscreen></iframe>\n\n<script>alert(1)</script>\n\n<a href=\"javascript:alert(1)\" onclick=\"x()\">y</a>\n\n<iframe src=\"https://evil.example/\"></iframe>\n",
			[]string{`<iframe src="https://www.youtube.com/embed/abc" width="560" height="315" title="Video" allowfullscreen="">`}, []string{"<script", "javascript:", "onclick", "evil.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := New(tt.opt).Render([]byte(tt.src), 1)
			if err != nil {
				t.Fatal(err)
			}
			got := d.HTML
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("unexpected %q in\n%s", w, got)
				}
			}
		})
	}
}

func TestDocFacts(t *testing.T) {
	src := "Paragraf **pertama** di sini.\n\n## Judul\n\n![](tanpa-alt.jpg)\n\n[](/kosong/)\n\nLagi.\n"
	d, err := New(Options{}).Render([]byte(src), 10)
	if err != nil {
		t.Fatal(err)
	}
	if d.Summary != "Paragraf pertama di sini." {
		t.Errorf("summary %q", d.Summary)
	}
	if len(d.Headings) != 1 || d.Headings[0].Line != 12 || d.Headings[0].ID != "judul" {
		t.Errorf("headings %+v", d.Headings)
	}
	if len(d.Images) != 1 || d.Images[0].Text != "" || d.Images[0].Line != 14 {
		t.Errorf("images %+v", d.Images)
	}
	if len(d.Links) != 1 || d.Links[0].Text != "" || d.Links[0].Line != 16 {
		t.Errorf("links %+v", d.Links)
	}
	if d.Words != 6 {
		t.Errorf("words %d", d.Words)
	}
}

// TestSummaryIsPlainCharacters guards the automatic summary: it is text,
// not HTML, so typographer entities, character references and backslash
// escapes are the characters they stand for (templates escape it once).
func TestSummaryIsPlainCharacters(t *testing.T) {
	tests := []struct{ src, want string }{
		{`"Kami siap," kata Gubernur -- dan ... 'itu' saja.`, "“Kami siap,” kata Gubernur – dan … ‘itu’ saja."},
		{`AT&amp;T &#169; 5 \* 3 &lt;b&gt;`, "AT&T © 5 * 3 <b>"},
		{"Kode `a &amp; b` tetap", "Kode a &amp; b tetap"},
		{"Lihat <https://jambiprov.go.id/a?b=1&c=2> ya", "Lihat https://jambiprov.go.id/a?b=1&c=2 ya"},
	}
	for _, tt := range tests {
		d, err := New(Options{}).Render([]byte(tt.src), 1)
		if err != nil {
			t.Fatal(err)
		}
		if d.Summary != tt.want {
			t.Errorf("summary of %q\n got %q\nwant %q", tt.src, d.Summary, tt.want)
		}
	}
}

// TestNotes guards what the checks report about a body: raw HTML dropped
// with its text, and other generators' syntax printed as text, each at
// its file line; code is left alone.
func TestNotes(t *testing.T) {
	src := "Paragraf.\n\n<div class=\"x\">Teks <span>di dalam</span></div>\n\nIni <b>tebal</b>.\n\n{% raw %}{{ site.baseurl }}{% endraw %}\n\n{{< youtube abc >}}\n\n![](/a.png){: .text-center }\n\n#Judul Bagian\n\n#JambiBangkit #Bersatu\n\n##Sub\n\n```\n{% highlight go %}\n<div>kode</div>\n```\n\n`{{< x >}}`\n\n<iframe src=\"https://evil.example/\"></iframe>\n"
	type note struct {
		kind string
		line int
		text string
	}
	collectNotes := func(o Options) []note {
		d, err := New(o).Render([]byte(src), 5)
		if err != nil {
			t.Fatal(err)
		}
		var got []note
		for _, n := range d.Notes {
			got = append(got, note{n.Kind, n.Line, n.Text})
		}
		return got
	}
	want := []note{
		{NoteHTMLDropped, 7, "div"}, {NoteHTMLDropped, 7, "span"},
		{NoteHTMLDropped, 9, "b"},
		{NoteLiquid, 11, "{% raw %}"}, {NoteLiquid, 11, "{% endraw %}"}, {NoteLiquid, 11, "{{ site.baseurl }}"},
		{NoteShortcode, 13, "youtube"},
		{NoteKramdownIAL, 15, "{: .text-center }"},
		{NoteHeadingSpace, 17, "#Judul Bagian"},
		{NoteHeadingSpace, 21, "##Sub"},
		{NoteHTMLDropped, 30, "iframe"},
	}
	got := collectNotes(Options{})
	if !slices.Equal(got, want) {
		t.Errorf("notes\n got %v\nwant %v", got, want)
	}
	// With raw HTML allowed, only what the sanitizer removes is noted.
	var html []note
	for _, n := range collectNotes(Options{RawHTML: true}) {
		if strings.HasPrefix(n.kind, "html") {
			html = append(html, n)
		}
	}
	if want := []note{{NoteHTMLRemoved, 30, "iframe"}}; !slices.Equal(html, want) {
		t.Errorf("with raw HTML: %v, want %v", html, want)
	}
}

func TestCountWordsIsFieldsLen(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"", " ", "satu", " satu  dua\tTiga\n", "“Kutipan” — kata", "a\u00a0b", "a\u2003b\u3000c", "x\u0085y",
		"\u200bzero-width", "tab\vform\ffeed\rret", "ü ö\xffrusak", "  berakhir spasi  ",
	} {
		if got, want := countWords(s), len(strings.Fields(s)); got != want {
			t.Errorf("countWords(%q) = %d, strings.Fields gives %d", s, got, want)
		}
	}
}

func FuzzCountWords(f *testing.F) {
	f.Add("Pemerintah Provinsi  Jambi\u00a0meluncurkan")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := countWords(s), len(strings.Fields(s)); got != want {
			t.Errorf("countWords(%q) = %d, strings.Fields gives %d", s, got, want)
		}
	})
}

// TestWordCounterInPiecesIsFieldsLen: text written to a wordCounter in
// pieces, cut anywhere (inside a rune too), counts as the whole string.
func TestWordCounterInPiecesIsFieldsLen(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "satu", "dua kata", " Jl.\u00a0Sudirman\u3000No. 5 ", "é\u2028é", "a\xe2\x80", "\xe3\x80\x80x y", "\xff\xfe a"} {
		want := len(strings.Fields(s))
		for cut := 0; cut <= len(s); cut++ {
			for third := cut; third <= len(s); third++ {
				var c wordCounter
				c.WriteString(s[:cut])
				c.Write([]byte(s[cut:third]))
				c.WriteString(s[third:])
				if got := c.count(); got != want {
					t.Errorf("%q cut at %d and %d: %d words, strings.Fields gives %d", s, cut, third, got, want)
				}
			}
		}
	}
}
