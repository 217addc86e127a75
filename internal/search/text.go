package search

import (
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/stem"
)

// Weight bits of a posting.
const (
	weightStrong = 1 // summary, tags, agency key, or three uses in the body
	weightTitle  = 2
)

// strongCount is how many uses in the body make a term strong, at least;
// in a body of more than strongCount × strongPer terms it takes one use
// per strongPer terms (a rough stand-in for BM25's length normalisation:
// a long text repeats more words).
const (
	strongCount = 3
	strongPer   = 200
)

// AnalyzerVersion names the analysis: the weights and the encoding of a
// Doc. A store of analysed documents keys its entries by it (and by
// warta's own version, which covers the stemmer), so a change here is
// never mixed with old entries.
const AnalyzerVersion = "search-doc-1"

// Doc is a page's analysed form, made by Analyzer.Doc: its distinct terms
// in the order first used, each with its posting weight (see the package
// doc). Terms are numbers into a Table: the Doc's own, or one shared by
// the many Docs a store keeps together (Packer), so the index is joined
// with one look-up per term of a table rather than per term of a page.
// Filter terms (tags, agency, kind) are not in it: Build adds them from
// the site model. A Doc depends only on the page's source file, its name,
// the configuration and the Markdown options (and AnalyzerVersion), so it
// can be kept between builds by those.
type Doc struct {
	Table *Table
	// Enc is, per term, uvarint(its number in Table << 2 | weight).
	Enc []byte
	// Key names what the Doc was made from (cache.Analyses: the page's
	// file, its bytes, the settings and AnalyzerVersion); zero when
	// unknown, and then Build keeps no Memo.
	Key [32]byte
}

// Table is a list of distinct terms that Docs refer to by number.
type Table struct {
	Terms []string
}

// each calls f with each term number of d and its weight; it stops at the
// first malformed entry.
func (d Doc) each(f func(n uint32, w uint8)) {
	for e := d.Enc; len(e) > 0; {
		v, n := uvarint(e)
		if n <= 0 {
			return
		}
		e = e[n:]
		f(uint32(v>>2), uint8(v&3))
	}
}

// Valid reports whether d is well-formed: every entry complete, every
// term number in its table. A store checks what it reads with it (after
// its own checksum).
func (d Doc) Valid() bool {
	return d.Table != nil && ValidEnc(d.Enc, len(d.Table.Terms))
}

// ValidEnc reports whether enc is a Doc's Enc for a table of terms terms:
// every entry complete, every term number below terms.
func ValidEnc(enc []byte, terms int) bool {
	for e := enc; len(e) > 0; {
		v, n := uvarint(e)
		if n <= 0 || v>>2 >= uint64(terms) {
			return false
		}
		e = e[n:]
	}
	return true
}

// Packer encodes Docs against one Table that holds each of their terms
// once, for a store that keeps many Docs together.
type Packer struct {
	t   Table
	ids map[string]uint32
}

// NewPacker returns an empty packer.
func NewPacker() *Packer { return &Packer{ids: map[string]uint32{}} }

// Add returns d's Enc against the packer's table (Table), adding the terms
// the table lacks.
func (k *Packer) Add(d Doc) []byte {
	var out []byte
	d.each(func(n uint32, w uint8) {
		t := d.Table.Terms[n]
		id, ok := k.ids[t]
		if !ok {
			id = uint32(len(k.t.Terms))
			k.ids[t] = id
			k.t.Terms = append(k.t.Terms, t)
		}
		out = appendUvarint(out, uint64(id)<<2|uint64(w))
	})
	return out
}

// Table is the table of the Docs added so far.
func (k *Packer) Table() *Table { return &k.t }

func uvarint(b []byte) (uint64, int) {
	var v uint64
	for i, c := range b {
		if i == 10 {
			return 0, -1
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}

// Analyzer turns pages into Docs. Safe for concurrent use: each
// goroutine gets an analyzer of its own, with its own memo of analysed
// words and its own Table, which the Docs it makes share and which grows
// while it analyses: read a Doc's terms only once the analyses are done.
type Analyzer struct {
	mu   sync.Mutex
	idle []*analyzer
}

// NewAnalyzer returns an analyzer.
func NewAnalyzer() *Analyzer { return &Analyzer{} }

// Doc analyses a news article or an innovation profile. It fails only when
// the page's rendered body cannot be read.
func (z *Analyzer) Doc(p *content.Page) (Doc, error) {
	z.mu.Lock()
	var a *analyzer
	if n := len(z.idle); n > 0 {
		a, z.idle = z.idle[n-1], z.idle[:n-1]
	} else {
		a = newAnalyzer()
	}
	z.mu.Unlock()
	defer func() {
		z.mu.Lock()
		z.idle = append(z.idle, a)
		z.mu.Unlock()
	}()
	return a.doc(p)
}

// analyzer turns documents into terms; one per goroutine (its memos are
// not shared).
type analyzer struct {
	// memo maps a whitespace-separated chunk of text ("Dinas,", "anak-anak")
	// to the numbers of its terms: stem.Tokens breaks at every space, so
	// the terms of a text are those of its chunks in order, and most
	// chunks repeat.
	memo  map[string][]uint32
	ids   map[string]uint32 // term → number
	table *Table            // number → term, shared by the Docs made here
	// Per document: seen[n] == gen when term n is in it, at order[slot[n]].
	gen   uint32
	seen  []uint32
	slot  []int32
	order []acc
	enc   []byte // the encoding being made, copied out at its size
	text  []byte // the body's text (htmlText), made again for each document
}

type acc struct {
	term uint32
	n    int32
	w    uint8
}

func newAnalyzer() *analyzer {
	return &analyzer{memo: map[string][]uint32{}, ids: map[string]uint32{}, table: &Table{}}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// chunk returns the numbers of the terms of one chunk of text.
func (a *analyzer) chunk(chunk string) []uint32 {
	ns, ok := a.memo[chunk]
	if ok {
		return ns
	}
	for _, t := range stem.Terms(chunk) {
		n, ok := a.ids[t]
		if !ok {
			n = uint32(len(a.table.Terms))
			a.ids[t] = n
			a.table.Terms = append(a.table.Terms, t)
			a.seen = append(a.seen, 0)
			a.slot = append(a.slot, 0)
		}
		ns = append(ns, n)
	}
	a.memo[strings.Clone(chunk)] = ns
	return ns
}

// add counts the terms of text into the document, as stem.Terms gives
// them. The body's text (refs) still holds its character references
// (htmlText), decoded here chunk by chunk: a decoded copy of each body
// cost a twentieth of what a cold build allocates. A reference that
// decodes to a space splits the chunk in stem.Tokens as the space would
// have split it here.
func (a *analyzer) add(text string, w uint8, count, refs bool) {
	var c int32
	if count {
		c = 1
	}
	for i := 0; i < len(text); {
		for i < len(text) && isSpace(text[i]) {
			i++
		}
		j := i
		for j < len(text) && !isSpace(text[j]) {
			j++
		}
		if i == j {
			break
		}
		chunk := text[i:j]
		if refs && strings.IndexByte(chunk, '&') >= 0 {
			chunk = html.UnescapeString(chunk)
		}
		ns := a.chunk(chunk)
		i = j
		for _, n := range ns {
			if a.seen[n] != a.gen {
				a.seen[n] = a.gen
				a.slot[n] = int32(len(a.order))
				a.order = append(a.order, acc{term: n})
			}
			e := &a.order[a.slot[n]]
			e.w |= w
			e.n += c
		}
	}
}

// doc analyses one page.
func (a *analyzer) doc(p *content.Page) (Doc, error) {
	a.gen++
	if a.gen == 0 { // wrapped: forget every mark
		clear(a.seen)
		a.gen = 1
	}
	a.order = a.order[:0]
	a.add(p.Title, weightTitle, false, false)
	a.add(p.Summary, weightStrong, false, false)
	for _, t := range p.Tags {
		a.add(t, weightStrong, false, false)
	}
	if p.Agency != "" {
		a.add(p.Agency, weightStrong, false, false)
	}
	body, err := p.Content()
	if err != nil {
		return Doc{}, err
	}
	a.text = htmlText(a.text[:0], string(body))
	// A view of a.text, which nothing keeps: chunk copies what it keeps
	// and stem.Terms makes its terms anew.
	a.add(unsafe.String(unsafe.SliceData(a.text), len(a.text)), 0, true, true)
	if p.Kind == content.KindInnovation {
		for _, s := range slices.Concat([]string{p.Goals, p.Benefits, p.Results, p.LegalBasis, p.Initiator.Name}, p.Awards) {
			a.add(s, 0, true, false)
		}
	}
	total := 0
	for _, e := range a.order {
		total += int(e.n)
	}
	strong := int32(max(strongCount, total/strongPer))
	// Built in a scratch buffer and copied at its size: the Docs are held
	// until the index is joined, and room for three bytes a term is a
	// third to a half more than the terms of most pages take.
	enc := a.enc[:0]
	for _, e := range a.order {
		w := e.w
		if e.n >= strong {
			w |= weightStrong
		}
		enc = appendUvarint(enc, uint64(e.term)<<2|uint64(w))
	}
	a.enc = enc
	return Doc{Table: a.table, Enc: append([]byte{}, enc...)}, nil
}

// htmlText appends to dst the text of an HTML fragment as the Markdown
// renderer writes it (well-formed, attribute values escaped): tags become
// spaces; character references are left for analyzer.chunk to decode.
func htmlText(dst []byte, s string) []byte {
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		dst = append(dst, ' ')
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		s = s[i+j+1:]
	}
	return dst
}

// record is a document's entry in a record block, a JSON array.
type record struct {
	Title, URL, Date, Section, Agency string
	Tags                              []string
	Excerpt, Image                    string
}

func makeRecord(p *content.Page, date time.Time, thumb func(*content.Page) string) record {
	r := record{Title: p.Title, URL: strings.TrimPrefix(p.Path, "/"), Section: string(p.Kind), Agency: p.Agency, Excerpt: excerpt(p.Lead(), ExcerptLen)}
	if !date.IsZero() {
		r.Date = date.Format(time.DateOnly)
	}
	for _, t := range p.Terms["tags"] {
		r.Tags = append(r.Tags, t.Name)
	}
	if thumb != nil {
		if u := thumb(p); strings.HasPrefix(u, "/") {
			r.Image = strings.TrimPrefix(u, "/")
		}
	}
	return r
}

// excerpt cuts s at a word boundary to at most n characters, adding "…".
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, runes := 0, 0
	for i := range s {
		if runes > n {
			break
		}
		runes++
		if s[i] == ' ' {
			cut = i
		}
	}
	if cut == 0 {
		r := []rune(s)
		return string(r[:n]) + "…"
	}
	return strings.TrimRight(s[:cut], ",;:") + "…"
}

// appendRecords appends recs as a JSON array, each an array of its fields
// (see the package doc), written as encoding/json writes them.
func appendRecords(b []byte, recs []record) []byte {
	b = append(b, '[')
	for i, r := range recs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for j, s := range []string{r.Title, r.URL, r.Date, r.Section, r.Agency} {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		b = append(b, ",["...)
		for j, t := range r.Tags {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendString(b, t)
		}
		b = append(b, "],"...)
		b = appendString(b, r.Excerpt)
		b = append(b, ',')
		b = appendString(b, r.Image)
		b = append(b, ']')
	}
	return append(b, ']')
}

// appendString appends s as a JSON string the way encoding/json does:
// <, > and & escaped for HTML, invalid UTF-8 as U+FFFD, U+2028 and U+2029
// escaped.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
