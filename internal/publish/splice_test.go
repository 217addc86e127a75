package publish

import (
	"fmt"
	"strings"
	"testing"
)

// spliceFragments are fragments as the theme writes them (a card with
// its trailing newline, a list entry, a menu with leading white space)
// and ones Stand must refuse.
var spliceFragments = []struct {
	html  string
	stand bool
}{
	{"<article class=\"card\">\n  <div class=\"card-body\">\n    <h2 class=\"card-title\"><a href=\"/b/x/\">Banjir &amp; longsor</a></h2>\n    <p class=\"card-meta\"><time datetime=\"2024-01-01\">1 Jan</time> · Dinas</p>\n  </div>\n</article>\n", true},
	{"<li><a href=\"/b/y/\">Judul</a> <time datetime=\"2024-01-02\">2 Jan</time></li>", true},
	{"\n<ul>\n        <li><a href=\"/\" aria-current=\"page\">Beranda</a></li>\n      </ul>", true},
	{"<section class=\"ticker\">\n  <p>Info <span>Terkini</span> </p>\n  <pre>  a  </pre>\n</section>\n\n", true},
	{"<details class=\"facet\" open>\n<summary>Tahap</summary><ul><li>a <span class=\"count\">(3)</span></li></ul></details>", true},
	{"<span>inline</span>", false},                 // whitespace beside it is kept: depends on the page
	{"<li>a</li> trailing text", false},            // text after the last tag
	{"<div><pre>open</div>", false},                // leaves <pre> open
	{"<div>a</div><!-- c -->", false},              // ends with a comment
	{"<div>a</div><span>b</span>", false},          // ends with an inline element
	{"text <div>a</div>", false},                   // text before the first tag
	{"<div><script>x</div>", false},                // raw text runs to the end
	{"<div>a</div><svg><g></g>", false},            // an svg left open
	{"<pre>  a  </pre>", false},                    // <pre> first
	{"<div><template><p>a</p></div>", false},       // leaves <template> open
	{"<option>a</option>", false},                  // not in blockTags
	{"<div>a</div><br>", false},                    // a void element last
	{"", false},                                    //
	{"<DIV>a</DIV>", true},                         // tag names in capitals
	{"<p>a</p>\n<p>b </p>   \n\t", true},           // white space after the last tag
	{"<table><tr><td> a </td></tr></table>", true}, //
}

// spliceContexts are places in a page for a fragment (%s): block and
// inline neighbours with and without white space, and places where the
// minifier treats content otherwise (pre, raw text, SVG, MathML, iframe,
// template, select).
var spliceContexts = []string{
	"%s", " %s ", "\n%s\n", "a %s b", "a%sb", "<p>x</p>\n%s\n<p>y</p>", "<div>%s</div>", "<div> %s </div>",
	"<span>a </span>%s<span> b</span>", "<b>a</b>  %s  <i>b</i>", "<span> </span>%s<em></em>",
	"<ul>\n  %s\n  %s\n</ul>", "<p>text %s text %s</p>", "x <a href=\"/\">y</a>\n  %s\n  </main>",
	"<pre>%s</pre>", "<pre>a\n %s \n</pre>", "<xmp>%s</xmp>", "<textarea>%s</textarea>", "<title>%s</title>",
	"<svg>%s</svg>", "<math>%s</math>", "<iframe>%s</iframe>", "<noscript>%s</noscript>", "<template>%s</template>",
	"<select>%s</select>", "<script>%s</script>", "<style>%s</style>", "<plaintext>%s", "<!-- %s -->",
	"<!doctype html><html><head><title>t</title></head><body>\n%s\n<footer>f</footer></body></html>",
	"<p>a</p> %s", "%s <p>b</p>", "<pre>a</pre>%s<pre> b </pre>", "<div>\t%s</div>", "<label>%s</label>",
}

// TestSplicedEqualsWhole: a page holding stand-ins, minified and spliced,
// is byte for byte the page with its fragments in it minified whole, for
// every fragment in every context, alone and two at once; Stand takes
// exactly the fragments it may.
func TestSplicedEqualsWhole(t *testing.T) {
	t.Parallel()
	frags := NewFragments()
	stands := make([]string, len(spliceFragments))
	for i, f := range spliceFragments {
		s, ok := frags.Stand(f.html, text(f.html))
		if ok != f.stand {
			t.Errorf("Stand(%q) = %v, want %v", f.html, ok, f.stand)
		}
		if !ok {
			s = f.html
		}
		stands[i] = s
	}
	whole, spliced := NewMemory(), NewMemory()
	mw, ms := NewMinify(whole), NewMinify(spliced).Splice(frags)
	n := 0
	for ci, ctx := range spliceContexts {
		k := strings.Count(ctx, "%s")
		for i := range spliceFragments {
			j := (i + 1) % len(spliceFragments)
			args := func(s []string) []any {
				if k == 1 {
					return []any{s[i]}
				}
				return []any{s[i], s[j]}
			}
			name := fmt.Sprintf("%d-%d.html", ci, i)
			page := fmt.Sprintf(ctx, args(stands)...)
			if !frags.Whole([]byte(page)) {
				t.Fatalf("Whole refused a page of stand-ins: %q", page)
			}
			if err := ms.WriteFile(name, []byte(page)); err != nil {
				t.Fatal(err)
			}
			plain := make([]string, len(spliceFragments))
			for i, f := range spliceFragments {
				plain[i] = f.html
			}
			if err := mw.WriteFile(name, []byte(fmt.Sprintf(ctx, args(plain)...))); err != nil {
				t.Fatal(err)
			}
			if got, want := string(spliced.Files[name]), string(whole.Files[name]); got != want {
				t.Errorf("context %q, fragment %q:\nspliced %q\nwhole   %q", ctx, spliceFragments[i].html, got, want)
			}
			if strings.Contains(string(spliced.Files[name]), frags.token) {
				t.Errorf("a stand-in is left in %q", spliced.Files[name])
			}
			n++
		}
	}
	if n < 500 {
		t.Errorf("only %d pages compared", n)
	}
}

// text renders HTML at hand, for Stand.
type text string

func (t text) Render() string { return string(t) }

// TestWholeRefusesChangedStandIns: a stand-in escaped, cut or of another
// table is refused; a page without any is whole.
func TestWholeRefusesChangedStandIns(t *testing.T) {
	t.Parallel()
	frags, other := NewFragments(), NewFragments()
	again := text("<li>a</li>")
	s, ok := frags.Stand("<li>a</li>", again)
	o, _ := other.Stand("<li>a</li>", again)
	if !ok {
		t.Fatal("Stand refused a list entry")
	}
	for _, tc := range []struct {
		page  string
		whole bool
	}{
		{"<p>no stand-in</p>", true},
		{"<ul>" + s + s + "</ul>", true},
		{"<ul>" + o + "</ul>", true}, // another table's token is text to this one
		{`<a title="` + strings.NewReplacer("<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s) + `">`, false},
		{s[:len(s)-3], false},
		{strings.Replace(s, "  </li>", "</li>", 1), false},
		{strings.Replace(s, "n0", "n7", 1), false}, // a number this table never gave
	} {
		if got := frags.Whole([]byte(tc.page)); got != tc.whole {
			t.Errorf("Whole(%q) = %v, want %v", tc.page, got, tc.whole)
		}
	}
}

// TestBlockTagsAreBlocks checks blockTags against the minifier: white
// space before and after each element's start and end tags is dropped,
// and a stand-in of it minifies as scan expects.
func TestBlockTagsAreBlocks(t *testing.T) {
	t.Parallel()
	m := newMinifier()
	for name, tg := range blockTags {
		in := fmt.Sprintf("<b>a</b> <%s> x </%s> <b>b</b>", name, name)
		want := fmt.Sprintf("<b>a</b><%s>x</%s><b>b</b>", name, name)
		if got, err := m.String("text/html", in); err != nil || got != want {
			t.Errorf("%s: %q minifies to %q, want %q (%v)", name, in, got, want, err)
		}
		stand := tg.rawOpen + "Qsplice0n12" + tg.rawClose
		if got, err := m.String("text/html", "a "+stand+" b"); err != nil || got != "a"+tg.minOpen+"Qsplice0n12"+tg.minClose+"b" {
			t.Errorf("%s: stand-in minifies to %q (%v)", name, got, err)
		}
	}
}

// TestHoldKeepsEveryString: what hold returns is the concatenation of its
// parts and stays so while later strings fill the block, cross into a new
// one, or are too big for a block.
func TestHoldKeepsEveryString(t *testing.T) {
	f := NewFragments()
	type held struct{ got, want string }
	var all []held
	sizes := []int{0, 1, 7, 100, blockSize/4 - 1, blockSize / 4, blockSize/4 + 1, blockSize, 3 * blockSize, 5}
	for round := range 40 {
		for i, n := range sizes {
			a := strings.Repeat(string(rune('a'+(round+i)%26)), n/2)
			b := strings.Repeat(string(rune('A'+(round+i)%26)), n-n/2)
			all = append(all, held{f.hold(a, b), a + b})
		}
	}
	for i, h := range all {
		if h.got != h.want {
			t.Fatalf("string %d: %d bytes, want %d (%.20q…, want %.20q…)", i, len(h.got), len(h.want), h.got, h.want)
		}
	}
	if f.hold() != "" || f.hold("", "") != "" {
		t.Error("hold of nothing is not empty")
	}
}
