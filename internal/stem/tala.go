package stem

// tala stems one lower-case ASCII word by Tala's algorithm ("Porter
// stemmer for Bahasa Indonesia": F. Z. Tala, A Study of Stemming Effects
// on Information Retrieval in Bahasa Indonesia, M.S. thesis, University of
// Amsterdam, 2003, tables 2.3–2.7 and figure 2.2), with the three readings
// Snowball's description of the algorithm settles
// (https://snowballstem.org/algorithms/indonesian/stemmer.html): suffix -i
// stays after "s", suffix -kan stays after per-, and bel-/pel- go before
// "ajar...".
//
// The measure is the number of vowels; every affix removed takes one, and
// nothing is removed from a word whose measure is 2 or less. The steps:
// particle (-kah -lah -pun), possessive pronoun (-ku -mu -nya), then
// either a first-order prefix, a derivational suffix and a second-order
// prefix (each step only after the one before it removed something; the
// p- restored for mem-/pem- stays), or a second-order prefix and a
// derivational suffix.
func tala(w string) string {
	s, _ := talaNasal(w, false)
	return s
}

// talaNasal is tala, also saying which consonant a nasal prefix may have
// taken from the root: 't' after men-/pen- before a vowel (menulis: t or
// nothing), 'k' after meng-/peng- before a vowel (mengirim), 'm' after
// mem-/pem- before a vowel, where Tala restores p- (memasak: p or m), 'y'
// after meny-/peny-, where Tala restores s- (menyanyi: s or ny), 'r' after
// ber-/per- before a vowel (perumahan: nothing or r); 0 when no such
// prefix was removed, or a second-order prefix went after a nasal one.
//
// With ours set, di- before s and a consonant is not a prefix: it starts
// a loan word (diskusi, distribusi, distrik) or an agency acronym (Dinas:
// diskominfo, disdukcapil, dispusip), never di- + a root (Tala: skusi);
// and per- before a consonant goes after a first-order prefix whether or
// not a suffix went (mempercepat → cepat, like percepatan; Tala: percepat).
func talaNasal(w string, ours bool) (string, byte) {
	m := 0
	for i := 0; i < len(w); i++ {
		if isVowel(w[i]) {
			m++
		}
	}
	if m <= 2 {
		return w, 0
	}
	if s, ok := cutSuffix(w, "kah", "lah", "pun"); ok {
		w, m = s, m-1
		if m <= 2 {
			return w, 0
		}
	}
	if s, ok := cutSuffix(w, "ku", "mu", "nya"); ok {
		w, m = s, m-1
		if m <= 2 {
			return w, 0
		}
	}
	if s, kind, ok := firstOrder(w); ok && !(ours && disC(w)) {
		nasal := nasalOf(w)
		w, m = s, m-1
		if m <= 2 {
			return w, nasal
		}
		s, ok = derivational(w, kind)
		if !ok && !(ours && perC(w)) {
			return w, nasal
		}
		if ok {
			w, m = s, m-1
			if m <= 2 {
				return w, nasal
			}
		}
		// The p- restored for mem-/pem- is the root's, never a
		// second-order prefix (memerintahkan → perintah).
		if s, _, ok := secondOrder(w); ok && nasal != 'm' {
			return s, rOf(w)
		}
		return w, nasal
	}
	kind, r := none, byte(0)
	if s, k, ok := secondOrder(w); ok {
		w, m, kind, r = s, m-1, k, rOf(w)
		if m <= 2 {
			return w, r
		}
	}
	if s, ok := derivational(w, kind); ok {
		w = s
	}
	return w, r
}

// rOf says whether the second-order prefix of w may have taken the r of
// the root: ber-/per- before a vowel (perumahan: umah or rumah).
func rOf(w string) byte {
	if len(w) > 3 && (w[:3] == "ber" || w[:3] == "per") && isVowel(w[3]) {
		return 'r'
	}
	return 0
}

// nasalOf says which consonant the first-order prefix of w may have taken
// from the root (see talaNasal).
func nasalOf(w string) byte {
	if len(w) < 5 || (w[:2] != "me" && w[:2] != "pe") {
		return 0
	}
	switch r := w[2:]; {
	case r[:2] == "ng" && vowelAt(r, 2):
		return 'k'
	case r[:2] == "ny" && vowelAt(r, 2):
		return 'y'
	case r[0] == 'n' && vowelAt(r, 1):
		return 't'
	case r[0] == 'm' && vowelAt(r, 1):
		return 'm'
	}
	return 0
}

// perC reports whether w starts with per- and a consonant: the causative
// per- of mempercepat and diperluas (cepat, luas), which goes after a
// first-order prefix even when no suffix did.
func perC(w string) bool {
	return len(w) > 3 && w[:3] == "per" && !isVowel(w[3])
}

// disC reports whether w starts with di-, s and a consonant.
func disC(w string) bool {
	return len(w) > 3 && w[:3] == "dis" && !isVowel(w[3])
}

// prefix kinds, after the prefix that decides which suffixes may go
// (Tala, table 2.7).
const (
	none = iota
	di   // di-, meng- (and its variants), ter-
	per  // per-, pe-, pel-
	ke   // ke-, peng- (and its variants)
	ber  // ber-, be-, bel-
)

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

// vowelAt reports whether w has a vowel at byte i.
func vowelAt(w string, i int) bool { return i < len(w) && isVowel(w[i]) }

func cutSuffix(w string, suffixes ...string) (string, bool) {
	for _, s := range suffixes {
		if len(w) > len(s) && w[len(w)-len(s):] == s {
			return w[:len(w)-len(s)], true
		}
	}
	return w, false
}

// firstOrder removes a first-order derivational prefix (Tala, table 2.5):
// meng- men- me- mem-/pem- (p- before a vowel) meny-/peny- (s- before a
// vowel) peng- pen- di- ter- ke-. The longest prefix whose condition holds
// wins.
func firstOrder(w string) (string, int, bool) {
	switch {
	case len(w) < 3:
		return w, none, false
	case w[:2] == "di":
		return w[2:], di, true
	case w[:2] == "ke":
		return w[2:], ke, true
	case w[:3] == "ter":
		return w[3:], di, true
	case w[:2] == "me" || w[:2] == "pe":
		kind := di
		if w[0] == 'p' {
			kind = ke
		}
		rest := w[2:]
		switch {
		case len(rest) > 2 && rest[:2] == "ng":
			return rest[2:], kind, true
		case len(rest) > 2 && rest[:2] == "ny" && vowelAt(rest, 2):
			return "s" + rest[2:], kind, true
		case rest[0] == 'n':
			return rest[1:], kind, true
		case rest[0] == 'm' && vowelAt(rest, 1):
			return "p" + rest[1:], kind, true
		case rest[0] == 'm':
			return rest[1:], kind, true
		case w[0] == 'm':
			return rest, kind, true
		}
	}
	return w, none, false
}

// secondOrder removes a second-order derivational prefix (Tala, table
// 2.6): ber- be- (before a consonant and "er": bekerja) bel- (before
// "ajar") per- pe- pel- (before "ajar").
func secondOrder(w string) (string, int, bool) {
	if len(w) < 3 {
		return w, none, false
	}
	kind := ber
	if w[0] == 'p' {
		kind = per
	}
	if w[:2] != "be" && w[:2] != "pe" {
		return w, none, false
	}
	rest := w[2:]
	switch {
	case rest[0] == 'r':
		return rest[1:], kind, true
	case len(rest) >= 5 && rest[:5] == "lajar":
		return rest[1:], kind, true
	case kind == per:
		return rest, kind, true
	case len(rest) >= 3 && !isVowel(rest[0]) && rest[1:3] == "er":
		return rest, kind, true
	}
	return w, none, false
}

// derivational removes a derivational suffix (Tala, table 2.7): -kan
// unless the prefix was ke-, peng- or per-; -an unless it was di-, meng-
// or ter-; -i unless it was ber-, ke- or peng-, or the word ends "-si".
func derivational(w string, kind int) (string, bool) {
	n := len(w)
	if n > 3 && w[n-3:] == "kan" && kind != ke && kind != per {
		return w[:n-3], true
	}
	if n > 2 && w[n-2:] == "an" && kind != di {
		return w[:n-2], true
	}
	if n > 1 && w[n-1] == 'i' && kind != ber && kind != ke && (n < 2 || w[n-2] != 's') {
		return w[:n-1], true
	}
	return w, false
}
