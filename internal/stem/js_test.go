package stem

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/js"
)

// jsFile is the search page's copy of this package.
const jsFile = "../../layouts/assets/js/stem.js"

// jsDriver loads each script given as the browser does (a classic script
// setting the global wartaStem, each in a fresh context) and answers one
// JSON request on stdin for each: words to stem and texts to split, all in
// one node process.
const jsDriver = `
const fs = require("fs"), vm = require("vm");
const req = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(process.argv.slice(1).map(file => {
  const ctx = vm.createContext({});
  vm.runInContext(fs.readFileSync(file, "utf8"), ctx, {filename: file});
  const s = ctx.wartaStem;
  return {
    words: req.words.map(s.word),
    stops: req.words.map(s.stop),
    tokens: req.texts.map(s.tokens),
    terms: req.texts.map(s.terms),
  };
})));
`

type jsReply struct {
	Words  []string
	Stops  []bool
	Tokens [][]string
	Terms  [][]string
}

// runJS runs each script under node over words and texts. Without node
// the test fails in CI (CI=true) and is skipped elsewhere, saying why.
func runJS(t *testing.T, words, texts []string, scripts ...string) []jsReply {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is needed to test layouts/assets/js/stem.js and is not on PATH")
		}
		t.Skip("node is not on PATH: layouts/assets/js/stem.js is not compared with Go (CI fails here)")
	}
	req, err := json.Marshal(map[string][]string{"words": words, "texts": texts})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, append([]string{"-e", jsDriver}, scripts...)...)
	cmd.Stdin = bytes.NewReader(req)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", jsFile, err, stderr.Bytes())
	}
	var rs []jsReply
	if err := json.Unmarshal(out, &rs); err != nil || len(rs) != len(scripts) {
		t.Fatalf("node %s: %d answers, %v", jsFile, len(rs), err)
	}
	for i, r := range rs {
		if len(r.Words) != len(words) || len(r.Stops) != len(words) || len(r.Tokens) != len(texts) || len(r.Terms) != len(texts) {
			t.Fatalf("node %s: answered %d/%d words, %d/%d texts", scripts[i], len(r.Words), len(words), len(r.Tokens), len(texts))
		}
	}
	return rs
}

// TestJSAgreesWithGo runs stem.js, as written and as publish minifies it,
// over every golden word, the words of the other tests, and the text of
// the sample portal's content/ (real news: punctuation, numbers, hyphens,
// names), and compares every answer with Go's.
func TestJSAgreesWithGo(t *testing.T) {
	t.Parallel()
	words, _ := golden(t)
	var texts []string
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		texts = append(texts, string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) < 10 {
		t.Fatalf("content/: %d pages, want the sample portal", len(texts))
	}
	// More real Indonesian prose when the importer's fixtures are here:
	// blankon.id's news (CC BY-SA 3.0, see internal/importer/testdata).
	posts, _ := filepath.Glob("../importer/testdata/fixtures/import/jekyll-beranda/_posts/*.md")
	for _, p := range posts {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	texts = append(texts, jsOnlyTexts...)
	for _, text := range texts {
		words = append(words, Tokens(text)...)
	}
	words = append(words, "", "-", "a-", "-a", "é-x", "anak-anak-anak", "東京-東京", "kerinci-kerinci")
	src, err := os.ReadFile(jsFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []struct{ name, list string }{{"STOP", stopwords}, {"KEEP", names}} {
		if !strings.Contains(string(src), fmt.Sprintf("var %s = %q;", l.name, l.list)) {
			t.Errorf("%s: the %s list differs from words.go", jsFile, l.name)
		}
	}
	var small bytes.Buffer
	if err := js.Minify(minify.New(), &small, bytes.NewReader(src), nil); err != nil {
		t.Fatalf("minify %s: %v", jsFile, err)
	}
	minified := filepath.Join(t.TempDir(), "stem.min.js")
	if err := os.WriteFile(minified, small.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, r := range runJS(t, words, texts, jsFile, minified) {
		if bad := compareJS(t, words, texts, r); bad > 0 {
			t.Fatalf("%d disagreements between Go and %s", bad, []string{"stem.js", "stem.js minified"}[i])
		}
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(small.Bytes())
	zw.Close()
	t.Logf("Go and JS (as written and minified) agree on %d words and %d texts; stem.js is %d bytes, %d minified, %d minified and gzipped",
		len(words), len(texts), len(src), small.Len(), gz.Len())
}

// compareJS reports where the answers of stem.js differ from Go's, the
// first 20 in full, and returns how many.
func compareJS(t *testing.T, words, texts []string, r jsReply) int {
	t.Helper()
	bad := 0
	report := func(format string, args ...any) {
		if bad++; bad <= 20 {
			t.Errorf(format, args...)
		}
	}
	for i, w := range words {
		if g := Word(w); g != r.Words[i] {
			report("word(%q): JS %q, Go %q", w, r.Words[i], g)
		}
		if g := Stop(w); g != r.Stops[i] {
			report("stop(%q): JS %v, Go %v", w, r.Stops[i], g)
		}
	}
	for i, text := range texts {
		if g := Tokens(text); !slices.Equal(g, r.Tokens[i]) && (len(g) > 0 || len(r.Tokens[i]) > 0) {
			report("tokens(%.60q): JS %d tokens, Go %d; first difference at %d", text, len(r.Tokens[i]), len(g), firstDiff(g, r.Tokens[i]))
		}
		if g := Terms(text); !slices.Equal(g, r.Terms[i]) && (len(g) > 0 || len(r.Terms[i]) > 0) {
			report("terms(%.60q): JS %d terms, Go %d; first difference at %d", text, len(r.Terms[i]), len(g), firstDiff(g, r.Terms[i]))
		}
	}
	return bad
}

// jsOnlyTexts are odd inputs the search box will see.
var jsOnlyTexts = []string{
	"", " ", "Pelatihan Menjahit bagi Warga", "anak-anak bermain-main di kemerah-merahan",
	"Covid-19 dan e-KTP; Rp12.500,00 (2024)", "ＰＥＲＤＡ №５ İstanbul ΣΟΦΙΑ ﬁnal",
	"🎉 hore 👍🏽 東京 Jakarta — «kutipan» “kutip” ‘satu’", "Jum'at Jum’at",
	"kota-kota-kota anak--anak -anak- anak-", "\u00e9\u0301\u0327 e\u0301 \u1e9b\u0323",
	"a\u2010a\u2011a\u2012a", "\ud7ff\ufffd\x00\x7f",
	strings.Repeat("sangat-panjang ", 40),
	strings.Repeat("k", 36) + "ayur-mayur " + strings.Repeat("k", 37) + "ayur-mayur",
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
