package diag

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*[a-zA-Z%]`)

// TestTranslationsKeepTheirVerbs guards the catalog: a translation must
// take the same arguments, in the same order, as its English format.
func TestTranslationsKeepTheirVerbs(t *testing.T) {
	for en, id := range indonesian {
		a, b := verb.FindAllString(en, -1), verb.FindAllString(id, -1)
		if strings.Join(a, " ") != strings.Join(b, " ") {
			t.Errorf("%q → %q: verbs %v vs %v", en, id, a, b)
		}
	}
}

func TestMessageInIndonesian(t *testing.T) {
	tests := []struct {
		d    *Diagnostic
		want string
	}{
		{Errorf("content/berita/x.md", 3, "date", "cannot read %q (write %s)", "11/11/2020", "2020-11-11"),
			`content/berita/x.md:3: date: tanggal "11/11/2020" tidak terbaca (tulis 2020-11-11)`},
		{Errorf("content/berita/x.md", 4, "tags", "expected %s, got %s", "a list (one item per line starting with \"- \", or [a, b])", `"pelayanan"`),
			`content/berita/x.md:4: tags: seharusnya daftar (satu butir per baris diawali "- ", atau [a, b]), tertulis "pelayanan"`},
		{Errorf("content/inovasi/x.md", 5, "stage", "missing: write %s", "the stage, one of: inisiatif, uji_coba, penerapan"),
			`content/inovasi/x.md:5: stage: belum diisi: tulis tahapan, salah satu dari: inisiatif, uji_coba, penerapan`},
		{Errorf("x", 0, "", "untranslated %d", 1), `x: untranslated 1`},
		// A problem of no file (the destination) starts with its message.
		{Errorf("", 0, "", "untranslated %d", 2), `untranslated 2`},
		{Errorf("", 0, "paginate", "untranslated %d", 3), `paginate: untranslated 3`},
	}
	for _, tt := range tests {
		if got := tt.d.Localized("id"); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
		if tt.d.Localized("en") != tt.d.Error() {
			t.Errorf("English differs from Error(): %s", tt.d.Localized("en"))
		}
	}
}

func TestAllUnwrapsJoinedErrors(t *testing.T) {
	err := errors.Join(Errorf("a.md", 1, "", "x"), errors.Join(Warnf("b.md", 2, "", "y"), errors.New("plain")))
	l := All(err)
	if len(l) != 3 || l[0].File != "a.md" || !l[1].Warning || l[2].Msg != "plain" {
		t.Errorf("%+v", l)
	}
	if l.Err() == nil || !l.Errors() || len(l.Warnings()) != 1 {
		t.Error("Err/Errors/Warnings")
	}
}

func TestControlCharactersInFileNamesAreEscaped(t *testing.T) {
	d := Errorf("content/berita/\x1b[31mmerah.md", 2, "title", "x")
	if got := d.Error(); got != `content/berita/\x1b[31mmerah.md:2: title: x` {
		t.Errorf("got %q", got)
	}
}
