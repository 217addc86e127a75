package stem

import (
	"strings"
	"sync"
)

// Stop reports whether token (from [Tokens]) is a stopword: one of the
// commonest Indonesian function words (conjunctions, prepositions,
// pronouns, auxiliaries, particles), which the index leaves out. The list
// is kept short on purpose: a word that can carry a query (baru, tahun,
// kota) is not in it.
func Stop(token string) bool { return stopSet()[token] }

// protected reports whether word is a proper noun or an agency acronym
// that Tala's rules would wrongly take apart (ke|rinci, di|skominfo,
// me|rangin): ministries (Kemen-), agencies and firms, and provinces,
// regencies, cities and places of Jambi whose names look inflected (a test
// checks that Tala's rules change each). Acronyms of Dinas (dis- and a
// consonant) need no entry: see talaNasal. The index and the query both
// keep these words whole.
func protected(word string) bool { return nameSet()[word] }

// The lists below as sets, each built on first use and never written
// after (a lookup in the strings themselves took three quarters of the
// stemmer's time).
var (
	stopSet  = setOf(stopwords)
	nameSet  = setOf(names)
	rootSets = map[byte]func() map[string]bool{
		't': setOf(rootsT), 'n': setOf(rootsN), 'k': setOf(rootsK),
		'm': setOf(rootsM), 'y': setOf(rootsY), 'r': setOf(rootsR),
		'w': setOf(rootsW),
	}
)

func setOf(list string) func() map[string]bool {
	return sync.OnceValue(func() map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(list) {
			m[w] = true
		}
		return m
	})
}

// The lists, each word between spaces. layouts/assets/js/stem.js holds the
// same strings (a test checks).
const (
	stopwords = " ada adalah agar akan aku anda antara apa apabila atau bagi bahwa " +
		"beberapa belum bila bisa dalam dan dapat dari demikian dengan dgn " +
		"di dia dll dsb hanya harus hingga ia ini itu jadi jika juga kah " +
		"kalau kami kamu karena ke kepada ketika kita lagi lah maka masih " +
		"mereka namun nya oleh pada para pula pun saat saja sangat saya se " +
		"sebagai sebelum sedang sehingga sejak selain seperti serta setelah " +
		"sudah tapi telah tentang tersebut tetapi untuk yaitu yakni yang yg "
	names = " asahan batanghari berhala bukittinggi bulian dumai geragai " +
		"indragiri kalimantan kebumen kediri kejari kejati kemenag kemendag " +
		"kemendagri kemendikbud kemendikbudristek kemenhub kemenkes kemenkeu " +
		"kemenkominfo kemenkumham kemenlu kemenpan kemenparekraf kemenperin " +
		"kemenpora kemensos kementan kendari kerinci kesbangpol kuningan " +
		"masurai mendahara merangin merauke mesuji meulaboh pangandaran " +
		"pariaman pasaman pekalongan pekanbaru pelalawan pelindo pemalang " +
		"pemayung pertamina perumda pesawaran pesisir sengeti sukabumi " +
		"ternate "
)
