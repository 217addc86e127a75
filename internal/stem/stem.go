// Package stem turns Indonesian text into search terms, the same way at
// build time (the index, in Go) and at query time (the search page, in
// layouts/assets/js/stem.js, which must agree with this package on every
// input; a test runs both over the same words).
//
// Text becomes terms in three steps:
//
//   - [Tokens] splits text into lower-case tokens: NFKD, combining marks
//     and apostrophes dropped ("Jum'at" → "jumat", "é" → "e"), runs of
//     letters and digits (Unicode L and N) kept, everything else a break.
//     A hyphenated reduplication stays one token ("anak-anak",
//     "kemerah-merahan", "surat-menyurat"); any other hyphen is a break
//     ("covid-19" → "covid", "19"). Go's Unicode tables and the browser's
//     may differ on characters of recent Unicode versions (not Indonesian).
//   - [Stop] drops the commonest function words (yang, dan, di, ...).
//   - [Word] stems what is left by Tala's algorithm (the one Snowball's
//     Indonesian stemmer implements), with the departures listed, word by
//     word with a reason, in testdata/departures.txt:
//     a nasal prefix or ber-/per- gives back the consonant it took from
//     the root where the vocabulary shows which (menulis → tulis,
//     perumahan → rumah), a di-, ke- or ter- that belongs to the root
//     stays (terima), causative per- goes after a first-order prefix
//     (mempercepat → cepat), di- before s and a consonant is not a prefix
//     (diskominfo, diskusi), a short list of names stays whole (kerinci,
//     kemendagri), and a reduplication stems to its base. Names are found
//     by list, not by capitalisation: queries are typed in lower case.
//     The recovered roots are data (roots.go), derived from the Snowball
//     vocabulary by a test, so both sides hold the same without the index
//     having to ship a map.
//
// [Terms] does all three; the indexer and the search page both call it.
// All functions are safe for concurrent use.
package stem

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Tokens returns the tokens of text in order, duplicates kept: lower-case,
// diacritics folded, split on every character that is not a letter or a
// digit, except the hyphen of a reduplication. See the package doc.
func Tokens(text string) []string {
	var out []string
	var b strings.Builder
	pending := "" // a token followed by a hyphen, waiting for its partner
	flush := func(hyphen bool) {
		tok := b.String()
		b.Reset()
		switch {
		case pending != "" && tok != "" && reduplication(pending, tok):
			out = append(out, pending+"-"+tok)
			pending = ""
			return
		case pending != "":
			out = append(out, pending)
			pending = ""
		}
		if tok == "" {
			return
		}
		if hyphen {
			pending = tok
			return
		}
		out = append(out, tok)
	}
	add := func(r rune) {
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			b.WriteByte(byte(r))
		case 'A' <= r && r <= 'Z':
			b.WriteByte(byte(r) + 'a' - 'A')
		case r < utf8.RuneSelf && r != '\'' && r != '`' && r != '-':
			flush(false)
		case unicode.Is(unicode.Mn, r) || isApostrophe(r):
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			b.WriteRune(unicode.ToLower(r))
		case (r == '-' || r == '‐') && b.Len() > 0 && pending == "":
			flush(true)
		default:
			flush(false)
		}
	}
	// NFKD rune by rune, ASCII as it is: the letters and digits come out
	// as from NFKD of the whole text, which may only reorder combining
	// marks, and those are dropped or break a token either way.
	var dec []byte
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			add(rune(c))
			i++
			continue
		}
		_, n := utf8.DecodeRuneInString(text[i:])
		dec = norm.NFKD.AppendString(dec[:0], text[i:i+n])
		i += n
		for j := 0; j < len(dec); {
			r, m := utf8.DecodeRune(dec[j:])
			add(r)
			j += m
		}
	}
	flush(false)
	return out
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '`'
}

// reduplication reports whether a-b is a reduplicated word: the same word
// twice (anak-anak), a form of the first word second (anak-anakan,
// dipukul-pukul), two forms of one stem (surat-menyurat), or two words
// sharing four letters in a row (kemerah-merahan, sayur-mayur; only for
// words of up to 40 letters, which keeps the test linear). Only words of
// letters a–z reduplicate: covid-19 and e-ktp are two tokens.
func reduplication(a, b string) bool {
	if !letters(a) || !letters(b) {
		return false
	}
	if a == b || strings.HasPrefix(b, a) || strings.HasSuffix(a, b) {
		return true
	}
	for i := 0; i+4 <= len(a) && len(a) <= 40 && len(b) <= 40; i++ {
		if strings.Contains(b, a[i:i+4]) {
			return true
		}
	}
	return Word(a) == Word(b)
}

// letters reports whether s is all ASCII letters a–z, the words the
// stemmer's rules are written for.
func letters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// Word returns the stem of one token from [Tokens]: "pelatihan" →
// "latih", "anak-anak" → "anak", "kerinci" → "kerinci" (a protected proper
// noun). A token that is not all letters a–z ("2024", "covid19", "東京")
// is its own stem. The result is never empty for a non-empty token.
func Word(token string) string {
	if a, b, ok := strings.Cut(token, "-"); ok {
		return redupStem(a, b)
	}
	if !letters(token) || protected(token) {
		return token
	}
	s, nasal := talaNasal(token, true)
	if w := whole(token, s, nasal, listedRoot); w != "" {
		return w
	}
	return recoverRoot(s, nasal, listedRoot)
}

// listedRoot looks key up in the root list of class (roots.go).
func listedRoot(class byte, key string) bool { return rootSets[class]()[key] }

// whole returns the word w stemmed to s by only taking off di-, ke- or
// ter-, when that prefix belongs to the root (terima, not ter|ima; kelola,
// kepala, disiplin: rootsW in roots.go), else "".
func whole(w, s string, nasal byte, listed func(byte, string) bool) string {
	if nasal != 0 {
		return ""
	}
	for _, p := range []string{"di", "ke", "ter"} {
		if len(w) > len(p) && w[:len(p)] == p && strings.HasPrefix(w[len(p):], s) && listed('w', p+s) {
			return p + s
		}
	}
	return ""
}

// recoverRoot puts back the consonant a nasal prefix took from the root
// (see talaNasal and roots.go): menulis and penulis stem to tulis, like
// tulisan; memasak to masak, not pasak.
func recoverRoot(s string, nasal byte, listed func(class byte, key string) bool) string {
	switch nasal {
	case 't':
		if listed('t', s) {
			return "t" + s
		}
		if listed('n', s) {
			return "n" + s
		}
	case 'k', 'r':
		if listed(nasal, s) {
			return string(nasal) + s
		}
	case 'm':
		if listed('m', s[1:]) {
			return "m" + s[1:]
		}
	case 'y':
		if listed('y', s[1:]) {
			return "ny" + s[1:]
		}
	}
	return s
}

// redupStem is the stem of the reduplication a-b: of the stems of a and
// b, the longest found in both halves (kemerah-merahan → merah, not the
// rahan Tala's rules leave of merahan), else the shorter (sayur-mayur →
// sayur). Lengths count characters, ties go to a.
func redupStem(a, b string) string {
	sa, sb := Word(a), Word(b)
	na, nb := utf8.RuneCountInString(sa), utf8.RuneCountInString(sb)
	ina := strings.Contains(a, sa) && strings.Contains(b, sa)
	inb := strings.Contains(a, sb) && strings.Contains(b, sb)
	switch {
	case ina && inb:
		if nb > na {
			return sb
		}
		return sa
	case ina:
		return sa
	case inb:
		return sb
	case nb < na:
		return sb
	}
	return sa
}

// Terms returns the search terms of text: its [Tokens] without stopwords
// ([Stop]), each stemmed by [Word], in order, duplicates kept (the index
// counts them). The indexer and the search page both call it.
func Terms(text string) []string {
	toks := Tokens(text)
	out := toks[:0]
	for _, t := range toks {
		if !Stop(t) {
			out = append(out, Word(t))
		}
	}
	return out
}
