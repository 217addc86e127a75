// Package search builds the static search index that the page /cari/
// reads in the browser: news articles and innovation profiles, their
// words stemmed by package stem, cut into small files that a reader
// fetches only as a query needs them.
//
// # What is indexed
//
// For each news article and innovation profile: the title, the summary,
// the tags, the agency key, the body (the rendered Markdown as text) and,
// for profiles, the goals, benefits, results, awards, legal basis and
// initiator. Nothing a layout adds around the body (menus, the ticker,
// "Berita Lainnya") is indexed. Words go through stem.Tokens, stem.Stop
// and stem.Word, the same functions the page runs on a query (stem.js).
//
// A page is analysed once, into a Doc (Analyzer.Doc), as soon as its body
// is rendered; Build joins the Docs into the index and never reads a body
// of a page that has one. Given the previous build's Memo, Build updates
// that index instead, with the Docs of the changed pages only (memo.go).
//
// # Documents
//
// Documents are numbered 0…N-1 by date, oldest first (ties by URL), so a
// year is a range of numbers and news added at the end leaves the
// numbers, postings and record blocks of older items as they were.
//
// # Files (all under /cari/)
//
//	index.html              the page; the manifest is inlined in
//	                        <script type="application/json" id="cari-data">
//	i/<hash>.json           a directory of term shards
//	i/<hash>.bin            a term shard, gzip-compressed (hosts do not
//	                        compress unknown types; the page inflates it
//	                        with DecompressionStream)
//	d/<group>-<block>.json  a block of BlockSize document records
//
// <hash> is the first 16 hex digits of the SHA-256 of the directory's
// bytes, or of the shard's before compression; <group> is that of the
// concatenated record blocks of the group the block belongs to
// (GroupSize blocks), each followed by a newline. The names change only
// when the bytes do, so hosts may cache
// the files forever (the page itself is not hashed, and names the files of
// the current build), and a build keeps the previous build's file of the
// same name without making it again (Options.Keep).
//
// # Manifest (JSON)
//
//	{"v":2, "n":N, "b":BlockSize, "g":GroupSize, "p":PartSpan,
//	 "r":[group hash, …],             one per group of record blocks
//	 "k":[first term, …],             of each directory; the first is ""
//	 "h":[directory hash, …],         parallel to "k"
//	 "y":[[year, first doc], …]}      ascending; a year runs to the next one's first doc
//
// Agency titles are not repeated here: the page's agency filter lists them.
//
// The manifest names directories rather than shards, so that it stays
// small at any size (at 100,000 articles, 6,000 shard names would be
// 55 KiB of the page, gzipped): a directory, {"k":[first term, …],
// "h":[shard hash, …]}, lists a run of consecutive shards, the first
// term of its first shard being the directory's in "k". A term is in the
// last shard whose first term is not after it, found in the last
// directory whose first term is not after it. See directories for where
// a directory ends.
//
// # Shards
//
// Terms are sorted by their UTF-8 bytes and cut into shards where a
// term's FNV-1a hash is 0 modulo M (content-defined: a change to one
// article moves no boundary, so the shards it does not touch keep their
// bytes and names), where the shard grew past four times the target size,
// and around terms whose postings alone are half the target. M is the
// power of two that gives shards of about TargetShard bytes on average.
// A shard is, before compression, a sequence of unsigned LEB128 varints
// and bytes:
//
//	count
//	count × (shared prefix length, suffix length, suffix bytes)   front-coded terms
//	count × (document frequency, postings length << 2 | kind)
//	postings, concatenated in term order
//
// kind is 0 for a list, 1 for a bitmap, 2 for a table of parts.
//
// Postings are per document, with a 2-bit weight w: bit 1 set when the
// term is in the title, bit 0 when it is in the summary, the tags or the
// agency key, or used in the body three times or more (once per 200 terms
// in a body longer than 600). A list holds one
// varint per document, (id - previous id - 1) << 2 | w, the previous id
// starting at -1. A bitmap (written when smaller than the list) is a
// varint byte length, the bytes (document i is bit i&7 of byte i>>3), and
// then a list, as above, of only the documents with w ≠ 0.
//
// # Parts
//
// A word whose list or bitmap would be SplitAt bytes or more is cut by
// document number into parts of PartSpan documents, each its own file
// i/<hash>.bin (gzip-compressed; <hash> the first 12 hex digits of the
// SHA-256 of its bytes), so that a query fetches the newest part first
// and an older one only when it might hold a better result than those
// found (see Ranking). In the shard, the word's postings are then a table:
//
//	count of parts
//	count × (documents in the part << 2 | the part's highest w,
//	         and, when the part has documents, the 6 bytes of its hash)
//
// A part is one byte, 0 (list) or 1 (bitmap), then the postings of its
// documents as above, numbered from the part's first (document id -
// r × PartSpan for part r). Appended news change only the newest part of
// a word; an edited article only the parts of its own number. Filter
// terms are never cut into parts.
//
// Besides words, shards hold filter terms: "#<tag slug>", "@<agency key>"
// and "!inovasi" (innovation profiles; news are the rest).
//
// # Records
//
// A record block is a JSON array of up to BlockSize records, one per
// document in number order, each an array:
//
//	[title, URL path without the leading "/", date "2006-01-02" or "",
//	 section ("berita" or "inovasi"), agency key, [tag names], excerpt,
//	 image path without the leading "/" or ""]
//
// # Ranking (in cari.js)
//
// BM25's idf per query word, a per-posting weight by w in place of BM25's
// saturated term frequency (1, 1.5, 2.5, 2.8: the title counts most, as in
// BM25F), summed over the query words, multiplied by the share of query
// words a document matched (squared) and by a mild recency prior,
// 1 + 0.15 × id / N.
//
// The page ranks from the parts it has fetched and, for the documents of
// a part not fetched, an upper bound of their score: the weight of the
// part's highest w, every query word matched and the recency of the
// part's last document (a bound in the manner of max-score or
// block-max WAND; Ding and Suel, "Faster top-k document retrieval using
// block-max indexes", SIGIR 2011). It fetches parts, highest bound
// first, until no part's bound reaches the k-th best score found, so the
// k results shown are those a ranking of every document gives, in the
// same order. Only the count of results is then a lower bound.
package search

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"io"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/warta-portal/warta/internal/content"
)

const (
	// BlockSize is the number of document records in one block file: a
	// first page of ten results fetches at most ten small blocks.
	BlockSize = 4
	// GroupSize is the number of record blocks named by one hash in the
	// manifest, so the manifest stays small at 100,000 documents.
	GroupSize = 64
	// TargetShard is the average size of a term shard before compression,
	// in bytes: a query fetches one per word, and the page names shards
	// through directories, so many small shards cost a reader nothing.
	TargetShard = 2 << 10
	// PartSpan is the number of documents a part of a long posting list
	// covers: part r holds the postings of documents r×PartSpan to
	// (r+1)×PartSpan-1.
	PartSpan = 8192
	// SplitAt is the size in bytes from which a term's postings (list or
	// bitmap) are cut into parts: a common word's postings at 100,000
	// documents would be some 30 KiB, gzipped, of a first query.
	SplitAt = 3 << 10
	// partHash is the length of a part's hash in bytes, in the binary
	// table of a term's parts (12 hex digits in the part's name): parts are
	// few beside the shards (a dozen per common word at 100,000 documents).
	partHash = 6
	// ExcerptLen is the length of a record's excerpt in characters.
	ExcerptLen = 160
	version    = 2
)

// Options configure Build.
type Options struct {
	// Docs are the pages' analysed forms, made as each page was loaded
	// (Analyzer.Doc), so the index needs no page's body; a page without
	// one is analysed here.
	Docs    map[*content.Page]Doc
	Workers int // pages without a Doc analysed in parallel; < 1 means 1
	// Thumbnail returns the site path of a page's image when the image
	// exists ("" otherwise); nil shows no thumbnails.
	Thumbnail func(p *content.Page) string
	// Keep reports whether the target still holds the file of that name
	// from the previous build, and keeps it. File names are hashes of what
	// the files hold, so such a file is neither made (compressed) again nor
	// returned. Called in the order of Index.Files' names; nil keeps none.
	Keep func(name string) bool
	// Fetch returns the Doc of a Key, for a Doc of Docs given by its Key
	// alone (no Table): Build fetches only those it needs. nil, or a Doc
	// it cannot fetch, and the page is analysed.
	Fetch func(key [32]byte) (Doc, bool)
	// Prev is the previous build's Memo, whose postings Build updates
	// rather than join every document's again; nil joins all.
	Prev *Memo
	// Memoize asks for Index.Memo, made when every Doc has a Key.
	Memoize bool
}

// File is one output file of the index.
type File struct {
	Name string // under the site root: cari/i/0123456789.bin
	Data []byte
}

// Index is the built index.
type Index struct {
	Files    []File // the files to write: those not kept (Options.Keep)
	Kept     int    // files kept from the previous build
	Manifest []byte // JSON, to inline in /cari/index.html
	Years    []int  // the years the documents span, newest first
	Docs     int
	Memo     *Memo // for the next build (Options.Memoize); nil when not asked or not possible
	updated  bool  // made from Options.Prev
}

// Build indexes the site's news articles and innovation profiles. It
// fails only when a rendered body cannot be read.
func Build(site *content.Site, o Options) (*Index, error) {
	pages := slices.Concat(site.News, site.Innovations)
	dates := make(map[*content.Page]time.Time, len(pages))
	for _, p := range pages {
		dates[p] = docDate(p)
	}
	sort.SliceStable(pages, func(i, j int) bool {
		a, b := dates[pages[i]], dates[pages[j]]
		if !a.Equal(b) {
			return a.Before(b)
		}
		return pages[i].Path < pages[j].Path
	})
	docs := make([]Doc, len(pages))
	for i, p := range pages {
		docs[i] = o.Docs[p]
	}
	var fps [][16]byte // the documents' fingerprints, when a Memo is made
	if o.Memoize {
		fps = make([][16]byte, len(pages))
		var fp fingerprinter
		for i, p := range pages {
			if docs[i].Key == ([32]byte{}) {
				fps = nil // an analysis of unknown origin: no Memo
				break
			}
			fps[i] = fp.sum(docs[i].Key, p, dates[p], o.Thumbnail)
		}
	}
	rec := func(i int) record { return makeRecord(pages[i], dates[pages[i]], o.Thumbnail) }

	idx := &Index{Docs: len(pages)}
	m := manifest{V: version, N: len(pages), B: BlockSize, G: GroupSize, P: partSpan}
	for i, p := range pages {
		if y := dates[p].Year(); !dates[p].IsZero() && (len(m.Y) == 0 || m.Y[len(m.Y)-1][0] != y) {
			m.Y = append(m.Y, [2]int{y, i})
		}
	}
	for i := len(m.Y) - 1; i >= 0; i-- {
		idx.Years = append(idx.Years, m.Y[i][0])
	}

	emitted := map[string]bool{}
	emit := func(name string, data func() []byte) {
		if emitted[name] { // two terms' parts of the same bytes: one file
			return
		}
		emitted[name] = true
		if o.Keep != nil && o.Keep(name) {
			idx.Kept++
			return
		}
		idx.Files = append(idx.Files, File{Name: name, Data: data()})
	}
	var (
		terms []string
		lists []*plist
		prior *shardMemo
	)
	if d := o.Prev.delta(fps, len(pages)); d != nil {
		if err := resolve(pages, docs, d.changed, o); err != nil {
			return nil, err
		}
		recordFiles(len(pages), rec, &m, emit, o.Prev.groups, d.dirtyGroup)
		terms, lists, prior = o.Prev.update(len(pages), d.gone, d.fresh(pages, docs))
		idx.updated = true
	} else {
		all := make([]int, len(pages))
		for i := range all {
			all[i] = i
		}
		if err := resolve(pages, docs, all, o); err != nil {
			return nil, err
		}
		recordFiles(len(pages), rec, &m, emit, nil, nil)
		terms, lists = join(pages, docs)
	}
	encs, shards := shardFiles(terms, lists, &m, emit, prior)
	if m.Y == nil {
		m.Y = [][2]int{}
	}
	var err error
	idx.Manifest, err = json.Marshal(m)
	if err != nil {
		return nil, err
	}
	if fps != nil {
		mm := &Memo{params: memoParams(), docs: fps, groups: m.R, terms: terms, posts: make([]memoPost, len(terms)), shards: shards}
		for i, pl := range lists {
			e := encs[i]
			mm.posts[i] = memoPost{n: pl.n, last: pl.last, list: pl.list, enc: uint64(e.size)<<2 | e.kind}
			if e.kind == kindParts {
				mm.posts[i].table = e.data
			}
		}
		idx.Memo = mm
	}
	return idx, nil
}

// filterTerms are the filter terms of a page, in the order Build adds them
// to its postings: they cannot come from the tokenizer.
func filterTerms(p *content.Page) []string {
	var out []string
	for _, t := range p.Terms["tags"] {
		out = append(out, "#"+t.Slug)
	}
	if p.Agency != "" {
		out = append(out, "@"+p.Agency)
	}
	if p.Kind == content.KindInnovation {
		out = append(out, "!inovasi")
	}
	return out
}

// join makes every term's postings from the documents' analyses and
// returns the terms sorted, with their postings. It empties docs as it
// goes.
func join(pages []*content.Page, docs []Doc) ([]string, []*plist) {
	// Terms get numbers in the order met; a table's numbers are translated
	// on first use (0: not yet, else number + 1).
	var (
		terms  []string
		post   []plist
		number = map[string]uint32{}
		trans  = map[*Table][]uint32{}
	)
	global := func(t string) uint32 {
		n, ok := number[t]
		if !ok {
			n = uint32(len(terms))
			number[t] = n
			terms = append(terms, t)
			post = append(post, plist{last: -1, lastW: -1})
		}
		return n
	}
	// Filter terms by tag slug and agency key, made once each.
	tags, agencies := map[string]uint32{}, map[string]uint32{}
	filter := func(m map[string]uint32, prefix, key string) uint32 {
		n, ok := m[key]
		if !ok {
			n = global(prefix + key)
			m[key] = n
		}
		return n
	}
	// Two passes over the same postings: the first sizes each term's
	// lists (sizer), the second fills them in one block of memory made
	// between the two; appending to 100,000 growing lists cost a tenth of a
	// one-article rebuild's CPU in copies and page faults.
	visit := func(last bool, f func(g uint32, id uint32, w uint8)) {
		for i, p := range pages {
			id := uint32(i)
			d := docs[i]
			tr := trans[d.Table]
			if tr == nil && d.Table != nil {
				tr = make([]uint32, len(d.Table.Terms))
				trans[d.Table] = tr
			}
			d.each(func(n uint32, w uint8) {
				g := tr[n]
				if g == 0 {
					g = global(d.Table.Terms[n]) + 1
					tr[n] = g
				}
				f(g-1, id, w)
			})
			// Filter terms (filterTerms' order).
			for _, t := range p.Terms["tags"] {
				f(filter(tags, "#", t.Slug), id, 0)
			}
			if p.Agency != "" {
				f(filter(agencies, "@", p.Agency), id, 0)
			}
			if p.Kind == content.KindInnovation {
				f(global("!inovasi"), id, 0)
			}
			if last {
				docs[i] = Doc{}
			}
		}
	}
	var sizes []sizer
	visit(false, func(g, id uint32, w uint8) {
		for int(g) >= len(sizes) {
			sizes = append(sizes, sizer{last: -1, lastW: -1})
		}
		sizes[g].add(id, w)
	})
	total := 0
	for _, z := range sizes {
		total += z.list + z.listW
	}
	arena := make([]byte, 0, total)
	for g := range post {
		z := sizes[g]
		post[g].list = arena[len(arena) : len(arena) : len(arena)+z.list]
		arena = arena[:len(arena)+z.list]
		post[g].listW = arena[len(arena) : len(arena) : len(arena)+z.listW]
		arena = arena[:len(arena)+z.listW]
	}
	sizes = nil
	visit(true, func(g, id uint32, w uint8) { post[g].add(id, w) })
	trans, number = nil, nil

	order := make([]uint32, len(terms))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int { return strings.Compare(terms[a], terms[b]) })
	sorted := make([]string, len(order))
	lists := make([]*plist, len(order))
	for i, n := range order {
		sorted[i], lists[i] = terms[n], &post[n]
	}
	return sorted, lists
}

// resolve completes docs[i] for each i of ids: a Doc given by its Key
// alone is fetched (Options.Fetch), and a page without a Doc, or whose Doc
// cannot be fetched, is analysed, in parallel.
func resolve(pages []*content.Page, docs []Doc, ids []int, o Options) error {
	var todo []int
	for _, i := range ids {
		if docs[i].Table != nil {
			continue
		}
		if docs[i].Key != ([32]byte{}) && o.Fetch != nil {
			if d, ok := o.Fetch(docs[i].Key); ok && d.Table != nil {
				docs[i] = d
				continue
			}
		}
		todo = append(todo, i)
	}
	if len(todo) == 0 {
		return nil
	}
	z := NewAnalyzer()
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		next = make(chan int)
	)
	for range min(max(1, o.Workers), len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				key := docs[i].Key
				d, err := z.Doc(pages[i])
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
				d.Key = key
				docs[i] = d
			}
		}()
	}
	for _, i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}

type manifest struct {
	V int      `json:"v"`
	N int      `json:"n"`
	B int      `json:"b"`
	G int      `json:"g"`
	P int      `json:"p"`
	R []string `json:"r"`
	K []string `json:"k"`
	H []string `json:"h"`
	Y [][2]int `json:"y"`
}

// docDate is the date a document is ordered and filtered by: its date, or
// for a profile without one its latest milestone.
func docDate(p *content.Page) time.Time {
	for _, t := range []time.Time{p.Date, p.Implemented, p.Trial, p.Initiated} {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// hashName names a file by its bytes: 16 hex digits (64 bits of SHA-256),
// so that two of a site's files (41,000 at 100,000 articles) have the same
// name with a probability of about 10⁻¹⁰ (birthday bound, n²/2⁶⁵); with 8
// digits it would have been one in several hundred builds.
func hashName(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// recordFiles makes the record blocks of n documents (rec(i): document
// i's), passes each to emit and fills m.R. prev, when not nil, are a
// Memo's group hashes, and a group that dirty does not report keeps its
// hash: its records are made only when emit needs their bytes.
func recordFiles(n int, rec func(i int) record, m *manifest, emit func(name string, data func() []byte), prev []string, dirty func(g int) bool) {
	m.R = []string{}
	var all []byte
	var recs []record
	block := func(b int) []record {
		recs = recs[:0]
		for i := b * BlockSize; i < min(n, (b+1)*BlockSize); i++ {
			recs = append(recs, rec(i))
		}
		return recs
	}
	for g := 0; g*GroupSize*BlockSize < n; g++ {
		if g < len(prev) && !dirty(g) {
			gh := prev[g]
			m.R = append(m.R, gh)
			for b := g * GroupSize; b < (g+1)*GroupSize && b*BlockSize < n; b++ {
				emit(fmt.Sprintf("cari/d/%s-%d.json", gh, b), func() []byte { return appendRecords(nil, block(b)) })
			}
			continue
		}
		var ends []int
		all = all[:0]
		for b := g * GroupSize; b < (g+1)*GroupSize && b*BlockSize < n; b++ {
			all = appendRecords(all, block(b))
			ends = append(ends, len(all))
			all = append(all, '\n')
		}
		gh := hashName(all)
		m.R = append(m.R, gh)
		start := 0
		for i, end := range ends {
			emit(fmt.Sprintf("cari/d/%s-%d.json", gh, g*GroupSize+i), func() []byte { return slices.Clone(all[start:end]) })
			start = end + 1
		}
	}
}

// plist is one term's postings as they are added, in document order,
// already encoded: the list of every document and the list of only those
// with a weight, which a bitmap carries beside it.
type plist struct {
	n     int
	last  int64
	list  []byte
	lastW int64
	listW []byte
}

// sizer counts the bytes plist.add will append for the same calls.
type sizer struct {
	last, lastW int64
	list, listW int
}

func (z *sizer) add(id uint32, w uint8) {
	if int64(id) == z.last {
		return
	}
	z.list += uvarintLen(uint64(int64(id)-z.last-1)<<2 | uint64(w))
	z.last = int64(id)
	if w != 0 {
		z.listW += uvarintLen(uint64(int64(id)-z.lastW-1)<<2 | uint64(w))
		z.lastW = int64(id)
	}
}

// uvarintLen is the length of appendUvarint's encoding of v.
func uvarintLen(v uint64) int { return (bits.Len64(v|1) + 6) / 7 }

func (pl *plist) add(id uint32, w uint8) {
	if int64(id) == pl.last { // a filter term twice (one tag given twice)
		return
	}
	pl.list = appendUvarint(pl.list, uint64(int64(id)-pl.last-1)<<2|uint64(w))
	pl.last = int64(id)
	pl.n++
	if w != 0 {
		pl.listW = appendUvarint(pl.listW, uint64(int64(id)-pl.lastW-1)<<2|uint64(w))
		pl.lastW = int64(id)
	}
}

// encode returns the postings of one term and whether they are a bitmap:
// a bitmap when it is smaller than the list.
func (pl *plist) encode() ([]byte, bool) {
	list := pl.list
	nbytes := int(pl.last>>3) + 1
	if len(list) <= nbytes+2 {
		return list, false
	}
	bm := appendUvarint(make([]byte, 0, nbytes+len(pl.listW)+4), uint64(nbytes))
	start := len(bm)
	bm = append(bm, make([]byte, nbytes)...)
	id := int64(-1)
	for rest := list; len(rest) > 0; {
		v, n := uvarint(rest)
		rest = rest[n:]
		id += int64(v>>2) + 1
		bm[start+int(id>>3)] |= 1 << (id & 7)
	}
	bm = append(bm, pl.listW...)
	if len(bm) < len(list) {
		return bm, true
	}
	return list, false
}

func appendUvarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func fnv32(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// termEnc is a term's postings as a shard holds them: data (nil for a
// bitmap taken from a Memo, made when needed), its size and kind.
type termEnc struct {
	data []byte
	size int
	kind uint64
}

// shardFiles cuts the sorted terms into shards, passes each to emit
// (which compresses it only when it is not kept) and fills m.K and m.H. It
// returns each term's encoding and the shards made. prior, when not nil,
// says which terms' postings are a Memo's (their encoding is taken from it
// rather than made) and which of its shards may keep their hashes.
func shardFiles(terms []string, post []*plist, m *manifest, emit func(name string, data func() []byte), prior *shardMemo) ([]termEnc, []memoShard) {
	encs := make([]termEnc, len(terms))
	total := 0
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestCompression)
	compress := func(b []byte) []byte {
		var z bytes.Buffer
		zw.Reset(&z) // one writer for all files: each new one allocates about a megabyte
		zw.Write(b)
		zw.Close()
		return z.Bytes()
	}
	var unknown []int // with prior: the count of terms not from the Memo before each
	if prior != nil {
		unknown = make([]int, len(terms)+1)
	}
	for i, t := range terms {
		var k *memoPost
		if prior != nil {
			k = prior.known[i]
		}
		switch {
		case k != nil:
			e := termEnc{size: int(k.enc >> 2), kind: k.enc & 3}
			switch e.kind {
			case kindList:
				e.data = post[i].list
			case kindParts:
				e.data = k.table
				pl := post[i]
				partNames(k.table, func(name string, r int) {
					emit(name, func() []byte { return compress(partBytes(pl, r)) })
				})
			}
			encs[i] = e
		default:
			d, bm := post[i].encode()
			kind := uint64(kindList)
			if bm {
				kind = kindBitmap
			}
			if len(d) >= splitAt && !isFilter(t) {
				d, kind = partFiles(post[i], emit, compress), kindParts
			}
			encs[i] = termEnc{d, len(d), kind}
		}
		if unknown != nil {
			unknown[i+1] = unknown[i]
			if k == nil {
				unknown[i+1]++
			}
		}
		total += encs[i].size + len(t) + 4
	}
	// M: the power of two nearest below the number of terms a shard of
	// TargetShard bytes holds on average.
	mod := uint32(1)
	if total > 0 {
		per := len(terms) * TargetShard / total
		if per > 1 {
			mod = 1 << (bits.Len(uint(per)) - 1)
		}
	}
	shard := func(from, to int) []byte {
		var b []byte
		b = appendUvarint(b, uint64(to-from))
		prev := ""
		for _, t := range terms[from:to] {
			shared := 0
			for shared < len(prev) && shared < len(t) && prev[shared] == t[shared] {
				shared++
			}
			b = appendUvarint(b, uint64(shared))
			b = appendUvarint(b, uint64(len(t)-shared))
			b = append(b, t[shared:]...)
			prev = t
		}
		for i := from; i < to; i++ {
			b = appendUvarint(b, uint64(post[i].n))
			b = appendUvarint(b, uint64(encs[i].size)<<2|encs[i].kind)
		}
		for i := from; i < to; i++ {
			d := encs[i].data
			if d == nil && encs[i].size > 0 {
				d, _ = post[i].withW().encode() // a bitmap from the Memo
			}
			b = append(b, d...)
		}
		return b
	}
	var keys, hashes []string // of each shard
	var made []memoShard
	flush := func(from, to int) {
		if from == to {
			return
		}
		var h string
		if c, ok := prior.clean(terms[from]); ok && c.terms == to-from && c.last == terms[to-1] && unknown[to] == unknown[from] {
			// The Memo's shard of the same terms, none of whose
			// postings changed: the same bytes.
			h = c.hash
			emit("cari/i/"+h+".bin", func() []byte { return compress(shard(from, to)) })
		} else {
			b := shard(from, to)
			h = hashName(b)
			emit("cari/i/"+h+".bin", func() []byte { return compress(b) })
		}
		first := terms[from]
		if len(keys) == 0 {
			first = ""
		}
		keys = append(keys, first)
		hashes = append(hashes, h)
		made = append(made, memoShard{terms: to - from, hash: h})
	}
	start, size := 0, 0
	for i, t := range terms {
		n := encs[i].size + len(t) + 4
		big := n >= TargetShard/2
		prevBig := i > 0 && encs[i-1].size+len(terms[i-1])+4 >= TargetShard/2
		if i > start && (fnv32(t)%mod == 0 || big || prevBig || size+n > 4*TargetShard) {
			flush(start, i)
			start, size = i, 0
		}
		size += n
	}
	flush(start, len(terms))
	directories(keys, hashes, m, emit)
	return encs, made
}

// clean returns the Memo's shard whose first term is first, when none of
// its terms changed.
func (s *shardMemo) clean(first string) (cleanShard, bool) {
	if s == nil {
		return cleanShard{}, false
	}
	c, ok := s.shards[first]
	return c, ok
}

// Kinds of a term's postings in a shard.
const (
	kindList   = 0
	kindBitmap = 1
	kindParts  = 2
)

// partSpan and splitAt: see PartSpan and SplitAt (variables so that tests
// can make parts of a small site).
var (
	partSpan = PartSpan
	splitAt  = SplitAt
)

// partFiles cuts a term's postings into parts of partSpan documents,
// passes each non-empty part to emit and returns the term's table of
// parts (see the package doc).
func partFiles(pl *plist, emit func(name string, data func() []byte), compress func([]byte) []byte) []byte {
	parts, maxW := splitParts(pl)
	table := appendUvarint(nil, uint64(len(parts)))
	for r := range parts {
		table = appendUvarint(table, uint64(parts[r].n)<<2|uint64(maxW[r]))
		if parts[r].n == 0 {
			continue
		}
		b := partData(&parts[r])
		sum := sha256.Sum256(b)
		table = append(table, sum[:partHash]...)
		emit("cari/i/"+hex.EncodeToString(sum[:partHash])+".bin", func() []byte { return compress(b) })
	}
	return table
}

// splitParts cuts a term's postings by document number into parts of
// partSpan documents, numbered from each part's first, and returns them
// with each part's highest weight.
func splitParts(pl *plist) ([]plist, []uint8) {
	var parts []plist
	var maxW []uint8
	id := int64(-1)
	for rest := pl.list; len(rest) > 0; {
		v, n := uvarint(rest)
		rest = rest[n:]
		id += int64(v>>2) + 1
		r := int(id / int64(partSpan))
		for len(parts) <= r {
			parts = append(parts, plist{last: -1, lastW: -1})
			maxW = append(maxW, 0)
		}
		parts[r].add(uint32(id-int64(r*partSpan)), uint8(v&3))
		maxW[r] = max(maxW[r], uint8(v&3))
	}
	return parts, maxW
}

// partData is a part's file before compression: its kind, then its
// postings.
func partData(part *plist) []byte {
	d, bm := part.encode()
	b := make([]byte, 1, 1+len(d))
	if bm {
		b[0] = 1
	}
	return append(b, d...)
}

// partBytes is partData of a term's part r.
func partBytes(pl *plist, r int) []byte {
	parts, _ := splitParts(pl)
	return partData(&parts[r])
}

// directories cuts the list of shards into directories, passes each to
// emit and fills m.K and m.H with their first terms and hashes. A
// directory starts at a shard whose first term's CRC-32 is 0 modulo D
// (content-defined, as the shards' own boundaries: an edit that changes
// some shards leaves the other directories' bytes as they were), D being
// the power of two nearest below the square root of a third of the
// number of shards, at least 4: the page inlines one entry per directory
// and a query of three words fetches about three directories, so that
// sum is near its least.
func directories(keys, hashes []string, m *manifest, emit func(name string, data func() []byte)) {
	d := uint32(4)
	for 2*d*2*d*3 <= uint32(len(keys)) {
		d *= 2
	}
	m.K, m.H = []string{}, []string{}
	start := 0
	flush := func(end int) {
		b, _ := json.Marshal(directory{K: keys[start:end], H: hashes[start:end]})
		h := hashName(b)
		m.K = append(m.K, keys[start])
		m.H = append(m.H, h)
		emit("cari/i/"+h+".json", func() []byte { return b })
		start = end
	}
	for i := 1; i < len(keys); i++ {
		if crc32.ChecksumIEEE([]byte(keys[i]))%d == 0 || i-start >= int(8*d) {
			flush(i)
		}
	}
	if len(keys) > 0 {
		flush(len(keys))
	}
}

// directory is the JSON of one directory of shards.
type directory struct {
	K []string `json:"k"` // first term of each shard; "" for the index's first
	H []string `json:"h"` // hash of each shard, parallel to K
}
