// Package slug turns titles and terms into URL path segments: lower-case
// ASCII, diacritics folded, apostrophes dropped, "&" spelled "dan", every
// other run of characters a single "-".
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Make returns the slug of s: "Jum'at Bersih" → "jumat-bersih",
// "Pelayanan & Perizinan" → "pelayanan-dan-perizinan". The result may be
// empty when s has no letters or digits.
func Make(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '`':
			continue // apostrophes join the word: Jum'at → jumat
		case unicode.Is(unicode.Mn, r):
			continue // combining mark left by NFKD: é → e
		case r == '&':
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
			}
			b.WriteString("dan")
			dash = false
			b.WriteByte('-')
			dash = true
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
			dash = false
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// Term is the slug of a taxonomy term, which is also its identity: terms
// that differ only in case, spacing, punctuation or diacritics share it
// ("Covid-19", "covid 19", "COVID–19"), while the symbols that make a
// different word are spelled out, so "C", "C++" and "C#" stay three terms
// ("c", "c-plus-plus", "c-sharp"). A "#" that starts a word is a hashtag
// mark and is dropped: "#JambiMantap" is "jambimantap". Other symbols
// spelled: "%" → "persen", "@" → "at".
func Term(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	prev := ' '
	for _, r := range s {
		switch r {
		case '+':
			b.WriteString(" plus ")
		case '#':
			if unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == '+' || prev == '#' {
				b.WriteString(" sharp ")
			} else {
				b.WriteByte(' ')
			}
		case '%':
			b.WriteString(" persen ")
		case '@':
			b.WriteString(" at ")
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return Make(b.String())
}
