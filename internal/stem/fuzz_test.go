package stem

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// FuzzTerms: on any text, tokens are non-empty runs of lower-case letters
// and digits (a reduplication joined by one hyphen), splitting the tokens
// joined by spaces gives them back, every token has a non-empty stem, and
// nothing panics; and Tokens, which decomposes rune by rune, gives what
// decomposing the whole text first gives (the way stem.js does it).
func FuzzTerms(f *testing.F) {
	for _, s := range []string{"", "Pelatihan Menjahit bagi Warga", "anak-anak kemerah-merahan", "Covid-19 e-KTP",
		"Jum'at ＰＥＲＤＡ İstanbul ΣΟΦΙΑ", "🎉 東京 --a- -", "diskominfo Kerinci menulis perumahan"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks := Tokens(text)
		for _, tok := range toks {
			if tok == "" || strings.HasPrefix(tok, "-") || strings.HasSuffix(tok, "-") || strings.Contains(tok, "--") {
				t.Fatalf("Tokens(%q): bad token %q", text, tok)
			}
			for _, r := range tok {
				if r != '-' && !unicode.IsLetter(r) && !unicode.IsNumber(r) {
					t.Fatalf("Tokens(%q): token %q holds %q", text, tok, r)
				}
			}
			if Word(tok) == "" {
				t.Fatalf("Word(%q) is empty", tok)
			}
		}
		if ref := tokensOfNFKD(text); !slices.Equal(ref, toks) {
			t.Fatalf("Tokens(%q) = %q, but from NFKD of the whole text %q", text, toks, ref)
		}
		if again := Tokens(strings.Join(toks, " ")); !slices.Equal(again, toks) {
			t.Fatalf("Tokens(%q) = %q, but the tokens joined give %q", text, toks, again)
		}
		if n := len(Terms(text)); n > len(toks) {
			t.Fatalf("Terms(%q): %d terms from %d tokens", text, n, len(toks))
		}
	})
}

// tokensOfNFKD is Tokens written the plain way: NFKD of the whole text
// first, then every rune by its Unicode category.
func tokensOfNFKD(text string) []string {
	var out []string
	var b strings.Builder
	pending := ""
	flush := func(hyphen bool) {
		tok := b.String()
		b.Reset()
		if pending != "" && tok != "" && reduplication(pending, tok) {
			out, pending = append(out, pending+"-"+tok), ""
			return
		}
		if pending != "" {
			out, pending = append(out, pending), ""
		}
		switch {
		case tok == "":
		case hyphen:
			pending = tok
		default:
			out = append(out, tok)
		}
	}
	for _, r := range norm.NFKD.String(text) {
		switch {
		case unicode.Is(unicode.Mn, r) || isApostrophe(r):
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			b.WriteRune(unicode.ToLower(r))
		case (r == '-' || r == '‐') && b.Len() > 0 && pending == "":
			flush(true)
		default:
			flush(false)
		}
	}
	flush(false)
	return out
}
