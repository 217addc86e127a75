package search

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/warta-portal/warta/internal/content"
)

// A one-article rebuild of a 10,000-article site joined every document's
// analysis into postings again and encoded every shard to learn its name:
// a quarter of a second of CPU (profiles of steady rebuilds) for an index
// whose shards, but a few dozen, come out the same. A Memo is what Build keeps of the index it made: each
// document's fingerprint, every term's postings as encoded, and the names
// of the shards and record groups. Given the previous build's Memo
// (Options.Prev), Build takes the postings of the documents whose
// fingerprint is the same from it, takes out those of the documents that
// changed, were added or went, adds the new ones, and encodes only the
// shards whose terms changed or whose bounds moved; the rest keep their
// names (the files are kept, Options.Keep, and made only when the target
// lacks them). The index is byte for byte the one Build makes without a
// Memo (TestMemoBuildsTheSameIndex).

// Memo is what Build keeps of an index for the next build (Index.Memo,
// Options.Prev). It is read-only once made and safe to share.
type Memo struct {
	params [6]uint64   // version, BlockSize, GroupSize, partSpan, splitAt, TargetShard
	docs   [][16]byte  // per document number: its fingerprint (fingerprint)
	groups []string    // per group of record blocks: its hash
	terms  []string    // sorted by their bytes
	posts  []memoPost  // parallel to terms
	shards []memoShard // in term order
	blob   []byte      // what a decoded Memo's terms and lists are slices of
	_      [0]func()   // not comparable
}

// Same reports whether m and o describe the same index: the same
// documents' fingerprints make the same postings, records and shards.
func (m *Memo) Same(o *Memo) bool {
	return m != nil && o != nil && m.params == o.params && slices.Equal(m.docs, o.docs) &&
		slices.Equal(m.groups, o.groups) && slices.Equal(m.shards, o.shards)
}

// memoPost is a term's postings in a Memo.
type memoPost struct {
	n    int
	last int64
	list []byte // plist.list
	// enc is the length of the term's postings in its shard << 2 | kind;
	// table, for kindParts, is those postings (the table of parts).
	enc   uint64
	table []byte
}

// memoShard is one shard in a Memo: its count of terms and its hash.
type memoShard struct {
	terms int
	hash  string
}

// memoParams are the settings a Memo is valid for.
func memoParams() [6]uint64 {
	return [6]uint64{version, BlockSize, GroupSize, uint64(partSpan), uint64(splitAt), TargetShard}
}

// maxChanged is the share of documents, changed, added or gone, up to
// which Build updates the previous index rather than join all again. An
// update decodes every list that holds a changed document and fetches
// each changed document's analysis, so with many changes it nears a full
// join; one in eight is a bound chosen, not measured.
const maxChanged = 8 // one in eight

// fingerprinter makes documents' fingerprints: what a document
// contributes to the index besides its number, which is its analysis
// (Doc.Key), its kind and filter terms, and what its record is made from
// (makeRecord: the lead before it is cut to an excerpt). Two builds giving
// a number the same fingerprint give it the same postings and record.
type fingerprinter struct {
	h   hash.Hash
	buf []byte
}

func (f *fingerprinter) sum(key [32]byte, p *content.Page, date time.Time, thumb func(*content.Page) string) [16]byte {
	if f.h == nil {
		f.h = sha256.New()
	}
	b := append(f.buf[:0], key[:]...)
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	str(string(p.Kind))
	str(p.Path)
	str(p.Title)
	str(p.Agency)
	str(p.Lead())
	if !date.IsZero() {
		b = date.AppendFormat(b, time.DateOnly)
	}
	b = append(b, 0)
	tags := p.Terms["tags"]
	b = binary.AppendUvarint(b, uint64(len(tags)))
	for _, t := range tags {
		str(t.Name)
		str(t.Slug)
	}
	if thumb != nil {
		str(thumb(p))
	}
	f.buf = b
	f.h.Reset()
	f.h.Write(b)
	var out [16]byte
	copy(out[:], f.h.Sum(f.buf[len(f.buf):]))
	return out
}

// posting is one document's entry in a term's postings.
type posting struct {
	id uint32
	w  uint8
}

// delta is how the documents of a build differ from a Memo's.
type delta struct {
	changed []int  // numbers whose document changed or is new, ascending
	gone    []bool // per number of the Memo: its postings are taken out
	lo, hi  int    // numbers from lo to hi changed (added or gone) wholesale
}

// delta compares the fingerprints of a build's n documents with m's and
// returns what changed, or nil when m is nil, of other settings, or
// differs too much to be worth updating (maxChanged).
func (m *Memo) delta(fps [][16]byte, n int) *delta {
	if m == nil || fps == nil || m.params != memoParams() {
		return nil
	}
	n0 := len(m.docs)
	d := &delta{gone: make([]bool, n0), lo: min(n, n0), hi: max(n, n0)}
	for i := range d.lo {
		if fps[i] != m.docs[i] {
			d.changed = append(d.changed, i)
			d.gone[i] = true
		}
	}
	for i := d.lo; i < n0; i++ {
		d.gone[i] = true
	}
	for i := n0; i < n; i++ {
		d.changed = append(d.changed, i)
	}
	if len(d.changed)+max(0, n0-n) > n/maxChanged+1 {
		return nil
	}
	return d
}

// dirtyGroup reports whether group g of record blocks holds a document
// that changed, came or went.
func (d *delta) dirtyGroup(g int) bool {
	from, to := g*GroupSize*BlockSize, (g+1)*GroupSize*BlockSize
	if to > d.lo && from < d.hi {
		return true
	}
	i, _ := slices.BinarySearch(d.changed, from)
	return i < len(d.changed) && d.changed[i] < to
}

// fresh returns the postings of the changed documents: term → postings in
// number order, each document's terms as join adds them (a term's first
// weight in a document counts).
func (d *delta) fresh(pages []*content.Page, docs []Doc) map[string][]posting {
	out := map[string][]posting{}
	add := func(t string, id uint32, w uint8) {
		l := out[t]
		if len(l) > 0 && l[len(l)-1].id == id {
			return
		}
		out[t] = append(l, posting{id, w})
	}
	for _, i := range d.changed {
		doc := docs[i]
		doc.each(func(n uint32, w uint8) { add(doc.Table.Terms[n], uint32(i), w) })
		for _, t := range filterTerms(pages[i]) {
			add(t, uint32(i), 0)
		}
	}
	return out
}

// shardMemo is what shardFiles takes from a Memo: per term, the Memo's
// entry when its postings are the same (else nil), and the Memo's shards
// that hold only such terms, by first term.
type shardMemo struct {
	known  []*memoPost
	shards map[string]cleanShard
}

// cleanShard is a shard of a Memo none of whose terms changed.
type cleanShard struct {
	terms int
	last  string
	hash  string
}

// update applies the delta d to m's terms (n documents now) and returns
// the sorted terms, their postings, and what shardFiles may reuse.
func (m *Memo) update(n int, gone []bool, fresh map[string][]posting) (terms []string, post []*plist, prior *shardMemo) {
	added := make([]string, 0, len(fresh))
	for t := range fresh {
		if _, found := slices.BinarySearch(m.terms, t); !found {
			added = append(added, t)
		}
	}
	slices.Sort(added)
	total := len(m.terms) + len(added)
	terms = make([]string, 0, total)
	post = make([]*plist, 0, total)
	prior = &shardMemo{known: make([]*memoPost, 0, total), shards: map[string]cleanShard{}}
	same := make([]bool, len(m.terms)) // the Memo's terms whose postings stay
	plists := make([]plist, total)
	keep := func(t string, pl plist, k *memoPost) {
		if pl.n == 0 {
			return // no document holds it any more
		}
		plists[len(terms)] = pl
		terms = append(terms, t)
		post = append(post, &plists[len(terms)-1])
		prior.known = append(prior.known, k)
	}
	a := 0
	for i, t := range m.terms {
		for a < len(added) && added[a] < t {
			keep(added[a], fromPostings(nil, fresh[added[a]], gone), nil)
			a++
		}
		mp := &m.posts[i]
		news := fresh[t]
		if len(news) == 0 && !touches(mp.list, gone) {
			same[i] = true
			keep(t, plist{n: mp.n, last: mp.last, list: mp.list, lastW: -2}, mp)
			continue
		}
		keep(t, fromPostings(mp.list, news, gone), nil)
	}
	for ; a < len(added); a++ {
		keep(added[a], fromPostings(nil, fresh[added[a]], gone), nil)
	}
	at := 0
	for _, s := range m.shards {
		clean := !slices.Contains(same[at:at+s.terms], false)
		if clean && s.terms > 0 {
			prior.shards[m.terms[at]] = cleanShard{terms: s.terms, last: m.terms[at+s.terms-1], hash: s.hash}
		}
		at += s.terms
	}
	return terms, post, prior
}

// touches reports whether the encoded list holds a number marked in gone.
func touches(list []byte, gone []bool) bool {
	id := int64(-1)
	for rest := list; len(rest) > 0; {
		v, k := uvarint(rest)
		if k <= 0 {
			return true // malformed: made again
		}
		rest = rest[k:]
		id += int64(v>>2) + 1
		if id >= int64(len(gone)) {
			return true
		}
		if gone[id] {
			return true
		}
	}
	return false
}

// fromPostings merges the encoded list old, less the numbers marked in
// gone (or beyond it), with news (in number order) into a new plist.
func fromPostings(old []byte, news []posting, gone []bool) plist {
	// Sized for the old list and the new postings: a common word's list
	// grown by appending cost a tenth of the index's update.
	n := len(old) + binary.MaxVarintLen32*len(news)
	pl := plist{last: -1, lastW: -1, list: make([]byte, 0, n), listW: make([]byte, 0, n)}
	id := int64(-1)
	j := 0
	for rest := old; len(rest) > 0; {
		v, k := uvarint(rest)
		if k <= 0 {
			break
		}
		rest = rest[k:]
		id += int64(v>>2) + 1
		if id >= int64(len(gone)) || gone[id] {
			continue
		}
		for j < len(news) && int64(news[j].id) < id {
			pl.add(news[j].id, news[j].w)
			j++
		}
		pl.add(uint32(id), uint8(v&3))
	}
	for ; j < len(news); j++ {
		pl.add(news[j].id, news[j].w)
	}
	return pl
}

// withW fills in the weighted list of a plist taken from a Memo (lastW -2:
// not yet derived), which only a bitmap needs.
func (pl *plist) withW() *plist {
	if pl.lastW != -2 {
		return pl
	}
	q := plist{n: pl.n, last: pl.last, list: pl.list, lastW: -1}
	id := int64(-1)
	for rest := pl.list; len(rest) > 0; {
		v, k := uvarint(rest)
		if k <= 0 {
			break
		}
		rest = rest[k:]
		id += int64(v>>2) + 1
		if v&3 != 0 {
			q.listW = appendUvarint(q.listW, uint64(id-q.lastW-1)<<2|v&3)
			q.lastW = id
		}
	}
	return &q
}

// partNames calls f with the name of each part a table of parts names,
// and the part's number.
func partNames(table []byte, f func(name string, r int)) {
	count, k := uvarint(table)
	if k <= 0 {
		return
	}
	rest := table[k:]
	for r := range int(count) {
		v, k := uvarint(rest)
		if k <= 0 {
			return
		}
		rest = rest[k:]
		if v>>2 == 0 {
			continue
		}
		if len(rest) < partHash {
			return
		}
		f("cari/i/"+hex.EncodeToString(rest[:partHash])+".bin", r)
		rest = rest[partHash:]
	}
}

// AppendBinary appends the Memo's encoding to b: unsigned varints,
// bytes and strings (a varint length, then the bytes):
//
//	params   6 varints (memoParams)
//	docs     count, then 16 bytes each
//	groups   count, then 8 bytes each (the hash's 16 hex digits)
//	terms    count, then per term: term, n, last + 1, list, enc,
//	         and table when enc & 3 is kindParts
//	shards   count, then per shard: its count of terms, 8 bytes of hash
func (m *Memo) AppendBinary(b []byte) ([]byte, error) {
	// Sized first: grown by appending, a 10,000-article site's 3 MB cost
	// a tenth of the rebuild's copying.
	n := 6*binary.MaxVarintLen64 + 3*binary.MaxVarintLen64 + 16*len(m.docs) + 8*len(m.groups) + 12*len(m.shards)
	for i, t := range m.terms {
		n += len(t) + len(m.posts[i].list) + len(m.posts[i].table) + 20 // six varints, short ones
	}
	b = slices.Grow(b, n)
	for _, v := range m.params {
		b = binary.AppendUvarint(b, v)
	}
	b = binary.AppendUvarint(b, uint64(len(m.docs)))
	for _, d := range m.docs {
		b = append(b, d[:]...)
	}
	appendHash := func(b []byte, h string) []byte {
		raw, err := hex.DecodeString(h)
		if err != nil || len(raw) != 8 {
			raw = make([]byte, 8) // never: names are hashName's
		}
		return append(b, raw...)
	}
	b = binary.AppendUvarint(b, uint64(len(m.groups)))
	for _, g := range m.groups {
		b = appendHash(b, g)
	}
	b = binary.AppendUvarint(b, uint64(len(m.terms)))
	for i, t := range m.terms {
		p := &m.posts[i]
		b = binary.AppendUvarint(b, uint64(len(t)))
		b = append(b, t...)
		b = binary.AppendUvarint(b, uint64(p.n))
		b = binary.AppendUvarint(b, uint64(p.last+1))
		b = binary.AppendUvarint(b, uint64(len(p.list)))
		b = append(b, p.list...)
		b = binary.AppendUvarint(b, p.enc)
		if p.enc&3 == kindParts {
			b = binary.AppendUvarint(b, uint64(len(p.table)))
			b = append(b, p.table...)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(m.shards)))
	for _, s := range m.shards {
		b = binary.AppendUvarint(b, uint64(s.terms))
		b = appendHash(b, s.hash)
	}
	return b, nil
}

var errMemoShape = errors.New("not a search index memo")

// DecodeMemo reads a Memo that AppendBinary wrote. The Memo keeps slices
// of b, which the caller must not change afterwards. A Memo of other
// settings, or bytes of another shape, is an error.
func DecodeMemo(b []byte) (*Memo, error) {
	r := memoReader{b: b}
	m := &Memo{blob: b}
	for i := range m.params {
		m.params[i] = r.uint()
	}
	if r.err == nil && m.params != memoParams() {
		return nil, errors.New("a search index memo of other settings")
	}
	m.docs = make([][16]byte, r.count(16))
	for i := range m.docs {
		copy(m.docs[i][:], r.bytes(16))
	}
	m.groups = make([]string, r.count(8))
	for i := range m.groups {
		m.groups[i] = hex.EncodeToString(r.bytes(8))
	}
	nt := r.count(5)
	m.terms, m.posts = make([]string, nt), make([]memoPost, nt)
	for i := range nt {
		t := r.bytes(int(r.uint()))
		m.terms[i] = unsafe.String(unsafe.SliceData(t), len(t)) // b is never written
		p := &m.posts[i]
		p.n = int(r.uint())
		p.last = int64(r.uint()) - 1
		p.list = r.bytes(int(r.uint()))
		p.enc = r.uint()
		if p.enc&3 == kindParts {
			p.table = r.bytes(int(r.uint()))
		}
		if r.err == nil && (p.n == 0 || i > 0 && m.terms[i-1] >= m.terms[i]) {
			r.err = errMemoShape
		}
	}
	m.shards = make([]memoShard, r.count(9))
	sum := 0
	for i := range m.shards {
		m.shards[i].terms = int(r.uint())
		m.shards[i].hash = hex.EncodeToString(r.bytes(8))
		sum += m.shards[i].terms
	}
	if r.err == nil && (len(r.b) != 0 || sum != nt) {
		r.err = errMemoShape
	}
	if r.err != nil {
		return nil, r.err
	}
	return m, nil
}

// memoReader reads DecodeMemo's fields; the first error sticks and every
// later read returns zero values.
type memoReader struct {
	b   []byte
	err error
}

func (r *memoReader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	v, k := binary.Uvarint(r.b)
	if k <= 0 {
		r.err, r.b = errMemoShape, nil
		return 0
	}
	r.b = r.b[k:]
	return v
}

// count reads a count of items of at least min bytes each.
func (r *memoReader) count(min int) int {
	n := r.uint()
	if n > uint64(len(r.b)/min) {
		r.err, r.b = errMemoShape, nil
		return 0
	}
	return int(n)
}

func (r *memoReader) bytes(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		r.err, r.b = errMemoShape, nil
		return nil
	}
	s := r.b[:n:n]
	r.b = r.b[n:]
	return s
}

// isFilter reports whether t is a filter term ("#tag", "@agency",
// "!inovasi"): those are never cut into parts.
func isFilter(t string) bool { return strings.ContainsAny(t[:1], "#@!") }
