package search_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math/rand"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/build"
	"github.com/warta-portal/warta/internal/publish"
	"github.com/warta-portal/warta/internal/search"
	"github.com/warta-portal/warta/internal/stem"
)

// The decoder below reads the index as the package doc describes it, so
// these tests hold the format to its documentation.

type manifest struct {
	V, N, B, G, P int
	R, K, H       []string
	Y             [][2]int
	O             map[string]string
}

type posting struct {
	id int
	w  int
}

type shard struct {
	terms    []string
	df       []int
	bitmap   []bool
	parted   []bool
	postings [][]posting
}

func uvarint(t *testing.T, b []byte, pos *int) int {
	t.Helper()
	v, n := binary.Uvarint(b[*pos:])
	if n <= 0 {
		t.Fatalf("bad varint at %d", *pos)
	}
	*pos += n
	return int(v)
}

func readList(t *testing.T, b []byte) []posting {
	var out []posting
	pos, id := 0, -1
	for pos < len(b) {
		v := uvarint(t, b, &pos)
		id += v>>2 + 1
		out = append(out, posting{id, v & 3})
	}
	return out
}

func decodeShard(t *testing.T, z []byte, files map[string][]byte, span int, names map[string][]string) shard {
	t.Helper()
	b := gunzip(t, z)
	pos := 0
	n := uvarint(t, b, &pos)
	var s shard
	prev := ""
	for range n {
		shared, sl := uvarint(t, b, &pos), uvarint(t, b, &pos)
		term := prev[:shared] + string(b[pos:pos+sl])
		pos += sl
		s.terms = append(s.terms, term)
		prev = term
	}
	lens, kinds := make([]int, n), make([]int, n)
	for i := range n {
		s.df = append(s.df, uvarint(t, b, &pos))
		l := uvarint(t, b, &pos)
		lens[i], kinds[i] = l>>2, l&3
	}
	for i := range n {
		p := b[pos : pos+lens[i]]
		pos += lens[i]
		s.bitmap = append(s.bitmap, kinds[i] == 1)
		s.parted = append(s.parted, kinds[i] == 2)
		switch kinds[i] {
		case 0:
			s.postings = append(s.postings, readList(t, p))
		case 1:
			s.postings = append(s.postings, readBitmap(t, p, s.terms[i]))
		case 2:
			s.postings = append(s.postings, readParts(t, p, s.terms[i], files, span, names))
		default:
			t.Fatalf("%q: postings of kind %d", s.terms[i], kinds[i])
		}
	}
	if pos != len(b) {
		t.Fatalf("shard has %d bytes after its postings", len(b)-pos)
	}
	return s
}

func readBitmap(t *testing.T, p []byte, term string) []posting {
	t.Helper()
	q := 0
	nb := uvarint(t, p, &q)
	var ps []posting
	for id := range nb * 8 {
		if p[q+id>>3]&(1<<(id&7)) != 0 {
			ps = append(ps, posting{id, 0})
		}
	}
	for _, wp := range readList(t, p[q+nb:]) {
		i := slices.IndexFunc(ps, func(x posting) bool { return x.id == wp.id })
		if i < 0 {
			t.Fatalf("weighted posting %d not in the bitmap of %q", wp.id, term)
		}
		ps[i].w = wp.w
	}
	return ps
}

// readParts reads a term's table of parts and the parts it names.
func readParts(t *testing.T, p []byte, term string, files map[string][]byte, span int, names map[string][]string) []posting {
	t.Helper()
	q := 0
	var out []posting
	for r := range uvarint(t, p, &q) {
		v := uvarint(t, p, &q)
		df, maxW := v>>2, v&3
		if df == 0 {
			names[term] = append(names[term], "")
			continue
		}
		name := "cari/i/" + hex.EncodeToString(p[q:q+6]) + ".bin"
		names[term] = append(names[term], name)
		q += 6
		b := gunzip(t, files[name])
		if h := sha256.Sum256(b); hex.EncodeToString(h[:6]) != name[7:19] {
			t.Errorf("%q part %d: %s holds bytes of another hash", term, r, name)
		}
		var ps []posting
		switch b[0] {
		case 0:
			ps = readList(t, b[1:])
		case 1:
			ps = readBitmap(t, b[1:], term)
		default:
			t.Fatalf("%q part %d: kind %d", term, r, b[0])
		}
		if len(ps) != df {
			t.Errorf("%q part %d: %d documents, its table says %d", term, r, len(ps), df)
		}
		w := 0
		for _, x := range ps {
			w = max(w, x.w)
			if x.id >= span {
				t.Errorf("%q part %d: document %d beyond the part's span", term, r, x.id)
			}
			out = append(out, posting{r*span + x.id, x.w})
		}
		if w != maxW {
			t.Errorf("%q part %d: highest weight %d, its table says %d", term, r, w, maxW)
		}
	}
	if q != len(p) {
		t.Fatalf("%q: %d bytes after its table of parts", term, len(p)-q)
	}
	return out
}

func gunzip(t *testing.T, z []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var manifestRE = regexp.MustCompile(`<script type="?application/json"? id="?cari-data"?>(.*?)</script>`)

type index struct {
	m       manifest
	dirs    []int    // shards per directory
	keys    []string // first term of each shard, from the directories
	hashes  []string // each shard's hash, from the directories
	shards  []shard
	terms   map[string][]posting
	bitmaps map[string]bool
	parted  map[string]bool
	parts   map[string][]string // a parted term's part files by range ("" for none)
	records [][]any
	files   map[string][]byte
}

func readIndex(t *testing.T, files map[string][]byte) index {
	t.Helper()
	ix := index{terms: map[string][]posting{}, bitmaps: map[string]bool{}, parted: map[string]bool{}, parts: map[string][]string{}, files: map[string][]byte{}}
	page := files["cari/index.html"]
	mm := manifestRE.FindSubmatch(page)
	if mm == nil {
		t.Fatalf("no manifest in cari/index.html")
	}
	if err := json.Unmarshal(mm[1], &ix.m); err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if strings.HasPrefix(name, "cari/") && name != "cari/index.html" {
			ix.files[name] = b
		}
	}
	if len(ix.m.K) != len(ix.m.H) || len(ix.m.K) == 0 || ix.m.K[0] != "" {
		t.Fatalf("manifest directories: %q %q", ix.m.K, ix.m.H)
	}
	// The directories, in order, list the shards.
	for i, h := range ix.m.H {
		name := "cari/i/" + h + ".json"
		var d struct{ K, H []string }
		if err := json.Unmarshal(files[name], &d); err != nil {
			t.Fatalf("directory %s: %v", name, err)
		}
		if len(d.K) != len(d.H) || len(d.K) == 0 || d.K[0] != ix.m.K[i] {
			t.Fatalf("directory %s starts at %q, the manifest says %q: %q %q", name, d.K, ix.m.K[i], d.K, d.H)
		}
		if got := hashOf(files[name]); got != h {
			t.Errorf("directory %s: its bytes hash to %s", name, got)
		}
		ix.dirs = append(ix.dirs, len(d.K))
		ix.keys = append(ix.keys, d.K...)
		ix.hashes = append(ix.hashes, d.H...)
	}
	last := ""
	for i, h := range ix.hashes {
		b, ok := files["cari/i/"+h+".bin"]
		if !ok {
			t.Fatalf("shard %s missing", h)
		}
		s := decodeShard(t, b, files, ix.m.P, ix.parts)
		if i > 0 && s.terms[0] != ix.keys[i] {
			t.Errorf("shard %d starts at %q, its directory says %q", i, s.terms[0], ix.keys[i])
		}
		for j, term := range s.terms {
			if term <= last && !(i == 0 && j == 0) {
				t.Errorf("terms out of order: %q after %q", term, last)
			}
			last = term
			if len(s.postings[j]) != s.df[j] {
				t.Errorf("%q: df %d, %d postings", term, s.df[j], len(s.postings[j]))
			}
			ix.terms[term] = s.postings[j]
			if s.bitmap[j] {
				ix.bitmaps[term] = true
			}
			if s.parted[j] {
				ix.parted[term] = true
			}
		}
		ix.shards = append(ix.shards, s)
	}
	for b := 0; b*ix.m.B < ix.m.N; b++ {
		name := fmt.Sprintf("cari/d/%s-%d.json", ix.m.R[b/ix.m.G], b)
		var recs [][]any
		if err := json.Unmarshal(files[name], &recs); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ix.records = append(ix.records, recs...)
	}
	if len(ix.records) != ix.m.N {
		t.Fatalf("%d records for %d documents", len(ix.records), ix.m.N)
	}
	return ix
}

// hashOf is the name the package doc gives a file of these bytes.
func hashOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

func (ix index) docOf(url string) int {
	return slices.IndexFunc(ix.records, func(r []any) bool { return r[1] == url })
}

func buildSite(t *testing.T, fsys fstest.MapFS) map[string][]byte {
	t.Helper()
	mem := publish.NewMemory()
	_, err := build.Run(context.Background(), build.Options{Source: fsys, Target: mem, Theme: warta.Theme(), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return mem.Files
}

func portalFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	root := os.DirFS("../..")
	for _, top := range []string{"content", "warta.yaml"} {
		matches, _ := fsGlob(root, top)
		for _, m := range matches {
			b, err := fsReadFile(root, m)
			if err != nil {
				t.Fatal(err)
			}
			fsys[m] = &fstest.MapFile{Data: b}
		}
	}
	return fsys
}

// TestIndexOfThePortal reads the sample portal's index through the
// documented format and checks what it says about known articles.
func TestIndexOfThePortal(t *testing.T) {
	t.Parallel()
	ix := readIndex(t, buildSite(t, portalFS(t)))
	if ix.m.N != 27 {
		t.Errorf("%d documents, want the 14 news and 13 profiles", ix.m.N)
	}
	// Ids ascend by date; years are ranges.
	for i := 1; i < len(ix.records); i++ {
		if ix.records[i][2].(string) < ix.records[i-1][2].(string) {
			t.Errorf("record %d dated %v after %v", i, ix.records[i][2], ix.records[i-1][2])
		}
	}
	for i, y := range ix.m.Y {
		end := ix.m.N
		if i+1 < len(ix.m.Y) {
			end = ix.m.Y[i+1][1]
		}
		for id := y[1]; id < end; id++ {
			if !strings.HasPrefix(ix.records[id][2].(string), fmt.Sprint(y[0])) {
				t.Errorf("doc %d (%v) in the range of %d", id, ix.records[id][2], y[0])
			}
		}
	}
	pilkada := ix.docOf("berita/perekaman-ktp-el-pemilih-pemula-di-sekolah/")
	has := func(term string, id, w int) bool {
		return slices.ContainsFunc(ix.terms[term], func(p posting) bool { return p.id == id && p.w&w == w })
	}
	if pilkada < 0 || !has("pilkada", pilkada, 2) {
		t.Errorf("the title word pilkada is not indexed with its title bit: %v", ix.terms["pilkada"])
	}
	// "dilatih" in the body of this profile is indexed as its stem.
	antrean := ix.docOf("inovasi/antrean-daring-dukcapil/")
	if !has("latih", antrean, 0) {
		t.Errorf("latih (from dilatih) does not find inovasi/antrean-daring-dukcapil/: %v", ix.terms["latih"])
	}
	// Thumbnails of images that exist only.
	if r := ix.records[ix.docOf("berita/mobil-skrining-sehat-sambangi-desa-di-muaro-jambi/")]; r[7] != "berita/mobil-skrining-sehat-sambangi-desa-di-muaro-jambi/mobil-skrining.jpg" {
		t.Errorf("bundle image thumbnail: %v", r[7])
	}
	// Filter terms.
	for id, r := range ix.records {
		if got, want := has("@"+r[4].(string), id, 0), r[4] != ""; got != want {
			t.Errorf("%v: agency filter term %v", r[1], got)
		}
		if got, want := has("!inovasi", id, 0), r[3] == "inovasi"; got != want {
			t.Errorf("%v: section filter term %v", r[1], got)
		}
	}
	if !has("#pelayanan-publik", ix.docOf("berita/sekda-minta-opd-ciptakan-inovasi-pelayanan-publik/"), 0) {
		t.Errorf("tag filter term missing: %v", ix.terms["#pelayanan-publik"])
	}
	// Only the body, not the layout around it: the ticker and menus are
	// on every page, so their words would be in every document.
	if ps := ix.terms["terkini"]; len(ps) > 0 {
		t.Errorf("the ticker's label is indexed: %v", ps)
	}
	// The manifest is small enough to inline.
	if n := len(manifestRE.FindSubmatch(buildSite(t, portalFS(t))["cari/index.html"])[1]); n > 4096 {
		t.Errorf("manifest of %d bytes", n)
	}
}

// words is a made-up vocabulary large enough to make many shards.
func words(r *rand.Rand, n int) []string {
	syl := []string{"ba", "ka", "ta", "ma", "sa", "ri", "lu", "no", "pe", "go", "da", "wi", "je", "hu", "lo", "ra"}
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		var b strings.Builder
		for range 2 + r.Intn(3) {
			b.WriteString(syl[r.Intn(len(syl))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func generated(n int) fstest.MapFS {
	r := rand.New(rand.NewSource(7))
	vocab := words(r, 4000)
	fsys := fstest.MapFS{"warta.yaml": {Data: []byte("title: Uji\n")}}
	for i := range n {
		var body strings.Builder
		for range 120 {
			// Zipf-like: a few common words, many rare ones.
			body.WriteString(vocab[int(float64(len(vocab))*r.Float64()*r.Float64()*r.Float64())] + " ")
		}
		fsys[fmt.Sprintf("content/berita/a%04d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: %s %s\ndate: 2024-%02d-%02dT10:00:00+07:00\n---\n%s\n",
			vocab[r.Intn(len(vocab))], vocab[r.Intn(len(vocab))], 1+i%12, 1+i%28, body.String())}
	}
	return fsys
}

// TestOneEditKeepsOtherShards changes one article and checks that every
// shard without a term of that article keeps its bytes and name, and
// that the record blocks of other groups do too.
func TestOneEditKeepsOtherShards(t *testing.T) {
	t.Parallel()
	fsys := generated(600)
	before := readIndex(t, buildSite(t, fsys))
	if len(before.shards) < 20 {
		t.Fatalf("only %d shards: the test needs more", len(before.shards))
	}
	name := "content/berita/a0300.md"
	old := string(fsys[name].Data)
	fsys[name] = &fstest.MapFile{Data: []byte(strings.Replace(old, "\n---\n", "\n---\nbaruwijaya lorahuta ", 1))}
	after := readIndex(t, buildSite(t, fsys))

	touched := map[string]bool{"baruwijaya": true, "lorahuta": true}
	for _, w := range stem.Terms(old) {
		touched[w] = true
	}
	kept, changed := 0, 0
	for i, s := range before.shards {
		hit := slices.ContainsFunc(s.terms, func(term string) bool { return touched[stem.Word(term)] || touched[term] })
		h := "cari/i/" + before.hashes[i] + ".bin"
		switch {
		case bytes.Equal(after.files[h], before.files[h]):
			kept++
		case hit:
			changed++
		default:
			t.Errorf("shard %s (%q…) changed though no term of it is in the edited article", h, s.terms[0])
		}
	}
	if kept < len(before.shards)/2 {
		t.Errorf("only %d of %d shards kept their names", kept, len(before.shards))
	}
	t.Logf("%d shards kept, %d changed", kept, changed)
	// A directory whose shards all kept their names keeps its own.
	first := 0
	for i, n := range before.dirs {
		shards := before.hashes[first : first+n]
		first += n
		if !slices.ContainsFunc(shards, func(h string) bool { return after.files["cari/i/"+h+".bin"] == nil }) {
			if name := "cari/i/" + before.m.H[i] + ".json"; after.files[name] == nil {
				t.Errorf("directory %s changed though its shards %v did not", name, shards)
			}
		}
	}
	group := before.m.R[before.docOf("berita/a0300/")/before.m.B/before.m.G]
	for name, b := range before.files {
		if strings.HasPrefix(name, "cari/d/") && !bytes.Equal(after.files[name], b) && !strings.HasPrefix(name, "cari/d/"+group+"-") {
			t.Errorf("record block %s changed", name)
		}
	}
}

// TestBitmapsForLongPostings checks that a term in most documents is
// written as a bitmap and that it decodes to exactly the documents whose
// text has the term, with the title bit where the title has it.
func TestBitmapsForLongPostings(t *testing.T) {
	t.Parallel()
	fsys := generated(300)
	ix := readIndex(t, buildSite(t, fsys))
	var common string
	for term, ps := range ix.terms {
		if len(ps) > ix.m.N/2 && ix.bitmaps[term] && (common == "" || term < common) {
			common = term
		}
	}
	if common == "" {
		t.Fatal("no term in half the documents is written as a bitmap")
	}
	var want []posting
	for id, r := range ix.records {
		src := string(fsys["content/"+strings.TrimSuffix(r[1].(string), "/")+".md"].Data)
		title, body, _ := strings.Cut(strings.TrimPrefix(src, "---\ntitle: "), "\n")
		w := -1
		if slices.Contains(stem.Terms(body), common) {
			w = 0
			n := 0
			for _, term := range stem.Terms(body) {
				if term == common {
					n++
				}
			}
			if n >= 3 {
				w = 1
			}
		}
		if slices.Contains(stem.Terms(title), common) {
			w = max(w, 0) | 2
		}
		if w >= 0 {
			want = append(want, posting{id, w})
		}
	}
	if !slices.Equal(ix.terms[common], want) {
		t.Errorf("%q: postings\n%v\nwant\n%v", common, ix.terms[common], want)
	}
}

func fsGlob(fsys fs.FS, top string) ([]string, error) {
	var out []string
	err := fs.WalkDir(fsys, top, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	return out, err
}

func fsReadFile(fsys fs.FS, name string) ([]byte, error) { return fs.ReadFile(fsys, name) }

// TestNoThumbnailForAMissingImage: an image that is not published gives
// no thumbnail (the page would fetch a 404).
func TestNoThumbnailForAMissingImage(t *testing.T) {
	t.Parallel()
	fsys := generated(10)
	fsys["content/berita/foto.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Foto\ndate: 2024-02-02\nimage: {src: /images/ada.jpg, alt: Ada}\n---\nBadan.\n")}
	fsys["content/berita/hilang.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Hilang\ndate: 2024-02-02\nimage: {src: /images/hilang.jpg, alt: Hilang}\n---\nBadan.\n")}
	fsys["static/images/ada.jpg"] = &fstest.MapFile{Data: []byte("jpeg")}
	ix := readIndex(t, buildSite(t, fsys))
	if r := ix.records[ix.docOf("berita/foto/")]; r[7] != "images/ada.jpg" {
		t.Errorf("existing image: thumbnail %q", r[7])
	}
	if r := ix.records[ix.docOf("berita/hilang/")]; r[7] != "" {
		t.Errorf("missing image: thumbnail %q", r[7])
	}
}

// TestSearchDisabled: search.disabled leaves out the page, the index and
// the header's form.
func TestSearchDisabled(t *testing.T) {
	t.Parallel()
	fsys := generated(20)
	fsys["warta.yaml"] = &fstest.MapFile{Data: []byte("title: Uji\nsearch:\n  disabled: true\n")}
	files := buildSite(t, fsys)
	for name := range files {
		if strings.HasPrefix(name, "cari/") {
			t.Errorf("%s written with search disabled", name)
		}
	}
	if bytes.Contains(files["index.html"], []byte(`role="search"`)) {
		t.Error("the home page has a search form with search disabled")
	}
	if !bytes.Contains(buildSite(t, generated(20))["index.html"], []byte(`role="search"`)) {
		t.Error("the home page has no search form")
	}
}

// TestPartsHoldTheSamePostings cuts long postings into parts of a few
// documents and checks that they decode to the postings of the index
// without parts, and that an edited article changes only the parts of
// its own range.
func TestPartsHoldTheSamePostings(t *testing.T) {
	fsys := generated(600)
	whole := readIndex(t, buildSite(t, fsys))
	defer search.SetParts(64, 40)()
	before := readIndex(t, buildSite(t, fsys))
	if before.m.P != 64 {
		t.Fatalf("manifest says parts of %d documents", before.m.P)
	}
	if len(before.parted) < 10 {
		t.Fatalf("only %d terms cut into parts", len(before.parted))
	}
	for term, ps := range whole.terms {
		if !slices.Equal(before.terms[term], ps) {
			t.Errorf("%q: with parts\n%v\nwithout\n%v", term, before.terms[term], ps)
		}
	}
	if len(before.terms) != len(whole.terms) {
		t.Errorf("%d terms with parts, %d without", len(before.terms), len(whole.terms))
	}
	for term := range before.parted {
		if strings.ContainsAny(term[:1], "#@!") {
			t.Errorf("filter term %q cut into parts", term)
		}
	}

	// The article loses its body: its terms leave the parts of its range.
	name := "content/berita/a0300.md"
	head, _, _ := strings.Cut(strings.TrimPrefix(string(fsys[name].Data), "---\n"), "\n---\n")
	fsys[name] = &fstest.MapFile{Data: []byte("---\n" + head + "\n---\nbaruwijaya lorahuta\n")}
	after := readIndex(t, buildSite(t, fsys))
	edited := before.docOf("berita/a0300/") / 64
	changed := 0
	for term, names := range before.parts {
		for r, n := range names {
			if r < len(after.parts[term]) && after.parts[term][r] != n {
				if r != edited {
					t.Errorf("%q: part %d changed, the edited article is in part %d", term, r, edited)
				}
				changed++
			}
		}
	}
	if changed == 0 {
		t.Error("no part changed")
	}
}
