package slug

import (
	"regexp"
	"testing"
)

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Pelayanan Publik", "pelayanan-publik"},
		{"Jum'at Bersih", "jumat-bersih"},
		{"Jum’at  Bersih!", "jumat-bersih"},
		{"Pelayanan & Perizinan", "pelayanan-dan-perizinan"},
		{"&", "dan"},
		{"Café Ñandú", "cafe-nandu"},
		{"  --COVID-19--  ", "covid-19"},
		{"Tingkatkan Kualitas Pelayanan Publik, Sekda Minta OPD Ciptakan Inovasi", "tingkatkan-kualitas-pelayanan-publik-sekda-minta-opd-ciptakan-inovasi"},
		{"../../etc/passwd", "etc-passwd"},
		{"日本", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Make(tt.in); got != tt.want {
			t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMakeASCIIPath holds the byte-by-byte path for ASCII to the general
// one: every two-byte string of ASCII, and every byte between words.
func TestMakeASCIIPath(t *testing.T) {
	for a := range 128 {
		for b := range 128 {
			for _, s := range []string{string([]byte{byte(a), byte(b)}), "Kata" + string([]byte{byte(a)}) + "Lain" + string([]byte{byte(b)})} {
				if got, want := makeASCII(s), makeAny(s); got != want {
					t.Fatalf("makeASCII(%q) = %q, makeAny = %q", s, got, want)
				}
			}
		}
	}
}

func TestTermFoldsVariants(t *testing.T) {
	for _, s := range []string{"Covid-19", "covid 19", "COVID–19", " Covíd 19 "} {
		if Term(s) != "covid-19" {
			t.Errorf("Term(%q) = %q", s, Term(s))
		}
	}
}

// TestTermKeepsSymbolWordsApart guards against "C" and "C++" sharing a
// URL (and one term) while hashtags keep their plain word.
func TestTermKeepsSymbolWordsApart(t *testing.T) {
	for in, want := range map[string]string{
		"C": "c", "C++": "c-plus-plus", "c#": "c-sharp", "F#": "f-sharp", "#JambiMantap": "jambimantap",
		"100%": "100-persen", "a@b": "a-at-b", "Jum'at Bersih": "jumat-bersih", "C / C++": "c-c-plus-plus",
	} {
		if got := Term(in); got != want {
			t.Errorf("Term(%q) = %q, want %q", in, got, want)
		}
	}
}

var valid = regexp.MustCompile(`^([a-z0-9]+(-[a-z0-9]+)*)?$`)

func FuzzMake(f *testing.F) {
	for _, s := range []string{"Pelayanan Publik", "Jum'at", "a&b", "../x", "\x00é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Make(s)
		if isASCII(s) && got != makeAny(s) {
			t.Fatalf("Make(%q) = %q by the ASCII path, %q by the general one", s, got, makeAny(s))
		}
		if !valid.MatchString(got) {
			t.Fatalf("Make(%q) = %q: not a clean slug", s, got)
		}
		if Make(got) != got {
			t.Fatalf("Make not idempotent on %q: %q", got, Make(got))
		}
	})
}

// BenchmarkMake slugs a typical title and tag by the ASCII path and by the
// general one.
func BenchmarkMake(b *testing.B) {
	for _, s := range []string{"Pelayanan Publik", "Tingkatkan Kualitas Pelayanan Publik, Sekda Minta OPD Ciptakan Inovasi"} {
		b.Run("ascii/"+Make(s)[:9], func(b *testing.B) {
			for b.Loop() {
				makeASCII(s)
			}
		})
		b.Run("any/"+Make(s)[:9], func(b *testing.B) {
			for b.Loop() {
				makeAny(s)
			}
		})
	}
}
