package stem

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  ,.;!? ", nil},
		{"Pelatihan Menjahit bagi Warga", []string{"pelatihan", "menjahit", "bagi", "warga"}},
		{"Jum'at Bersih di Kantor Gubernur.", []string{"jumat", "bersih", "di", "kantor", "gubernur"}},
		{"Kafé, naïve résumé", []string{"kafe", "naive", "resume"}},
		{"anak-anak bermain-main", []string{"anak-anak", "bermain-main"}},
		{"Anak-anakan dan kemerah-merahan", []string{"anak-anakan", "dan", "kemerah-merahan"}},
		{"surat-menyurat", []string{"surat-menyurat"}},
		{"sayur-mayur lauk-pauk", []string{"sayur-mayur", "lauk", "pauk"}},
		{"dipukul-pukul sebaik-baiknya", []string{"dipukul-pukul", "sebaik-baiknya"}},
		{"Covid-19 dan e-KTP", []string{"covid", "19", "dan", "e", "ktp"}},
		{"anak--anak", []string{"anak", "anak"}},
		{strings.Repeat("k", 36) + "ayur-mayur", []string{strings.Repeat("k", 36) + "ayur-mayur"}},
		{strings.Repeat("k", 37) + "ayur-mayur", []string{strings.Repeat("k", 37) + "ayur", "mayur"}},
		{"kota-kota-kota", []string{"kota-kota", "kota"}},
		{"-anak- anak-", []string{"anak", "anak"}},
		{"Rp12.500,00 (2024)", []string{"rp12", "500", "00", "2024"}},
		{"ＰＥＲＤＡ №５", []string{"perda", "no5"}},
		{"İstanbul ΣΟΦΙΑ", []string{"istanbul", "σοφια"}},
		{"🎉 hore 👍🏽", []string{"hore"}},
		{"東京 Jakarta", []string{"東京", "jakarta"}},
	}
	for _, tt := range tests {
		if got := Tokens(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWord(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		// Tala's rules, one row per table of the paper.
		{"makan", "makan"}, // measure 2: nothing goes
		{"bukukah", "buku"},
		{"bajunyalah", "baju"},
		{"menduga", "duga"},
		{"menyapu", "sapu"},
		{"perumahan", "rumah"},
		{"perencanaan", "rencana"},
		{"rencana", "rencana"},
		{"perekaman", "rekam"},
		{"peraturan", "atur"}, // a root that starts with a vowel keeps it
		// departures: di-, ke-, ter- that belong to the root
		{"terima", "terima"},
		{"diterima", "terima"},
		{"penerimaan", "terima"},
		{"kelola", "kelola"},
		{"pengelolaan", "kelola"},
		{"kepala", "kepala"},
		{"terbaca", "baca"}, // an ordinary ter- still goes
		// departures: causative per- goes after a first-order prefix
		{"mempercepat", "cepat"},
		{"percepatan", "cepat"},
		{"diperluas", "luas"},
		{"diperiksa", "periksa"}, // per- before a vowel stays: pemeriksaan → periksa
		{"memilih", "pilih"},
		{"membaca", "baca"},
		{"mengambil", "ambil"},
		{"pengambilan", "ambil"},
		{"dilatih", "latih"},
		{"pelatihan", "latih"},
		{"terbaca", "baca"},
		{"berlari", "lari"},
		{"belajar", "ajar"},
		{"pelajaran", "ajar"},
		{"bekerja", "kerja"},
		{"pekerja", "kerja"},
		{"memperbaiki", "baik"},
		{"perbaikan", "baik"},
		{"kebanyakan", "banyak"},
		{"televisi", "televisi"},
		{"memerintahkan", "perintah"},
		// departures: nasal prefixes give back the consonant they took
		{"menulis", "tulis"},
		{"penulis", "tulis"},
		{"tulisan", "tulis"},
		{"ditulis", "tulis"},
		{"mengirim", "kirim"},
		{"pengiriman", "kirim"},
		{"memasak", "masak"},
		{"menyanyi", "nyanyi"},
		{"menaikkan", "naik"},
		{"mengambil", "ambil"}, // a root that starts with a vowel keeps it
		{"menyapu", "sapu"},
		{"perumahan", "rumah"},
		{"perencanaan", "rencana"},
		{"rencana", "rencana"},
		{"perekaman", "rekam"},
		{"peraturan", "atur"}, // a root that starts with a vowel keeps it
		// departures: di-, ke-, ter- that belong to the root
		{"terima", "terima"},
		{"diterima", "terima"},
		{"penerimaan", "terima"},
		{"kelola", "kelola"},
		{"pengelolaan", "kelola"},
		{"kepala", "kepala"},
		{"terbaca", "baca"}, // an ordinary ter- still goes
		// departures: causative per- goes after a first-order prefix
		{"mempercepat", "cepat"},
		{"percepatan", "cepat"},
		{"diperluas", "luas"},
		{"diperiksa", "periksa"}, // per- before a vowel stays: pemeriksaan → periksa
		// departures: names and reduplication
		{"anak-anak", "anak"},
		{"anak-anakan", "anak"},
		{"kemerah-merahan", "merah"},
		{"sayur-mayur", "sayur"},
		{"berlari-lari", "lari"},
		{"sebaik-baiknya", "baik"},
		{"surat-menyurat", "surat"},
		{"kerinci", "kerinci"},
		{"diskominfo", "diskominfo"},
		{"disdukcapil", "disdukcapil"},
		{"dispusip", "dispusip"},
		{"diskusi", "diskusi"},
		{"didiskusikan", "diskusi"},
		{"kemendagri", "kemendagri"},
		{"batanghari", "batanghari"},
		// not words a–z
		{"2024", "2024"},
		{"covid19", "covid19"},
		{"東京", "東京"},
	}
	for _, tt := range tests {
		if got := Word(tt.in); got != tt.want {
			t.Errorf("Word(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTerms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"Pelatihan menjahit bagi warga yang dilatih Disdukcapil", []string{"latih", "jahit", "warga", "latih", "disdukcapil"}},
		{"yang dan di ke dari", nil},
		{"Anak-anak Kerinci", []string{"anak", "kerinci"}},
	}
	for _, tt := range tests {
		if got := Terms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestStopwordsStayTokens: a stopword is a token (Tokens would produce
// it) and not a word of the protected list.
func TestStopwordsStayTokens(t *testing.T) {
	t.Parallel()
	for _, w := range []string{"yang", "dan", "di", "untuk", "tersebut"} {
		if !Stop(w) {
			t.Errorf("Stop(%q) = false", w)
		}
	}
	for _, w := range []string{"berita", "tahun", "kota", "latih", "baru"} {
		if Stop(w) {
			t.Errorf("Stop(%q) = true: it can carry a query", w)
		}
	}
}

// TestNamesNeeded: every protected name is one Tala's rules would change.
func TestNamesNeeded(t *testing.T) {
	t.Parallel()
	for _, w := range strings.Fields(names) {
		if s, _ := talaNasal(w, true); s == w {
			t.Errorf("%q needs no protection: Tala's rules leave it whole", w)
		}
		if Word(w) != w {
			t.Errorf("Word(%q) = %q, want it whole", w, Word(w))
		}
	}
}

// golden reads the Snowball golden pair: testdata/snowball/voc.txt, one
// word a line, and output.txt, the stem of each. The word list comes from
// the Indonesian Wikipedia, CC BY-SA 3.0: see testdata/snowball/COPYING
// (snowballstem/snowball-data, commit ba91f32).
func golden(t testing.TB) (words, stems []string) {
	t.Helper()
	read := func(name string) []string {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var out []string
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			out = append(out, sc.Text())
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	words, stems = read("testdata/snowball/voc.txt"), read("testdata/snowball/output.txt")
	if len(words) != len(stems) || len(words) < 60000 {
		t.Fatalf("golden: %d words, %d stems", len(words), len(stems))
	}
	return words, stems
}

// TestTalaMatchesSnowball: the bare algorithm gives Snowball's stem for
// every golden word.
func TestTalaMatchesSnowball(t *testing.T) {
	t.Parallel()
	words, stems := golden(t)
	bad := 0
	for i, w := range words {
		if got := tala(w); got != stems[i] {
			if bad++; bad <= 20 {
				t.Errorf("tala(%q) = %q, Snowball %q", w, got, stems[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d words differ from Snowball", bad, len(words))
	}
}

func BenchmarkWord(b *testing.B) {
	words, _ := golden(b)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, w := range words {
			Word(w)
		}
		n += len(words)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "words/s")
}

// BenchmarkTokens splits the sample portal's content (real news text:
// curly quotes, dashes, numbers, Markdown).
func BenchmarkTokens(b *testing.B) {
	files, err := filepath.Glob("../../content/*/*.md")
	if err != nil || len(files) == 0 {
		b.Fatal("no content", err)
	}
	var text strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		text.Write(data)
	}
	s := text.String()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Tokens(s)
	}
}

func BenchmarkTerms(b *testing.B) {
	words, _ := golden(b)
	text := strings.Join(words[:10000], " ")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Terms(text)
	}
}
