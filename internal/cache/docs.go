package cache

import (
	"encoding/binary"
	"errors"
	"maps"
	"slices"

	"github.com/warta-portal/warta/internal/markdown"
)

// The body index (what markdown.Doc says of each rendered body, its HTML
// aside) is read whole by every build: 11 MB at 10,000 articles, most of
// it headings, links and images. It is written in a form of its own
// rather than gob, which spends most of its decoding on reflection and on
// an allocation per string: a shard of 625 bodies (BenchmarkDocs) is
// decoded in 1.0 ms where gob takes 2.6, with 1,900 allocations to gob's
// 18,000, and encoded in 0.8 ms where gob takes 3.0. Per shard file:
//
//	count, then per entry (by key): key (32 bytes), HTML, Summary, Words,
//	headings: count × (Level, Text, ID, Line),
//	links:    count × (Dest, Text, Line),
//	images:   count × (Dest, Text, Line),
//	notes:    count × (Kind, Line, Text)
//
// A string is an unsigned varint length and its bytes, an int a signed
// varint (encoding/binary). Decoded strings are cut from one copy of the
// payload. Trailing bytes, a count or length beyond what is left, or keys
// out of order make the file a miss. TestDocsCodecCoversEveryField fails
// when markdown.Doc gains a field this form does not carry.

// encodeDocs returns the entries of one shard of the body index.
func encodeDocs(m map[Key]*markdown.Doc) []byte {
	keys := slices.SortedFunc(maps.Keys(m), func(a, b Key) int { return compareKeys(a, b) })
	e := &docWriter{b: make([]byte, 0, 1024*len(m)+16)}
	e.uint(uint64(len(keys)))
	for _, k := range keys {
		d := m[k]
		if d == nil {
			d = &markdown.Doc{}
		}
		e.b = append(e.b, k[:]...)
		e.str(d.HTML)
		e.str(d.Summary)
		e.int(d.Words)
		e.uint(uint64(len(d.Headings)))
		for _, h := range d.Headings {
			e.int(h.Level)
			e.str(h.Text)
			e.str(h.ID)
			e.int(h.Line)
		}
		for _, refs := range [][]markdown.Ref{d.Links, d.Images} {
			e.uint(uint64(len(refs)))
			for _, r := range refs {
				e.str(r.Dest)
				e.str(r.Text)
				e.int(r.Line)
			}
		}
		e.uint(uint64(len(d.Notes)))
		for _, n := range d.Notes {
			e.str(n.Kind)
			e.int(n.Line)
			e.str(n.Text)
		}
	}
	return e.b
}

func compareKeys(a, b Key) int {
	for i := range a {
		if a[i] != b[i] {
			return int(a[i]) - int(b[i])
		}
	}
	return 0
}

type docWriter struct{ b []byte }

func (e *docWriter) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *docWriter) int(v int)     { e.b = binary.AppendVarint(e.b, int64(v)) }
func (e *docWriter) str(s string) {
	e.uint(uint64(len(s)))
	e.b = append(e.b, s...)
}

var errDocsShape = errors.New("not a body index of this format")

// decodeDocs is encodeDocs's inverse; a payload of any other shape is an
// error.
func decodeDocs(payload []byte) (map[Key]*markdown.Doc, error) {
	d := &docReader{text: string(payload)}
	n := d.count(32)
	m := make(map[Key]*markdown.Doc, n)
	docs := make([]markdown.Doc, n) // one allocation for the entries
	var prev Key
	for i := range n {
		var k Key
		copy(k[:], d.bytes(len(k)))
		if i > 0 && compareKeys(prev, k) >= 0 {
			d.fail()
		}
		prev = k
		doc := &docs[i]
		doc.HTML = d.str()
		doc.Summary = d.str()
		doc.Words = d.int()
		if c := d.count(4); c > 0 {
			doc.Headings = make([]markdown.Heading, c)
			for j := range doc.Headings {
				doc.Headings[j] = markdown.Heading{Level: d.int(), Text: d.str(), ID: d.str(), Line: d.int()}
			}
		}
		for _, refs := range []*[]markdown.Ref{&doc.Links, &doc.Images} {
			if c := d.count(3); c > 0 {
				*refs = make([]markdown.Ref, c)
				for j := range *refs {
					(*refs)[j] = markdown.Ref{Dest: d.str(), Text: d.str(), Line: d.int()}
				}
			}
		}
		if c := d.count(3); c > 0 {
			doc.Notes = make([]markdown.Note, c)
			for j := range doc.Notes {
				doc.Notes[j] = markdown.Note{Kind: d.str(), Line: d.int(), Text: d.str()}
			}
		}
		if d.err != nil {
			break
		}
		m[k] = doc
	}
	if d.err == nil && d.off != len(d.text) {
		d.err = errDocsShape
	}
	if d.err != nil {
		return nil, d.err
	}
	return m, nil
}

// docReader reads encodeDocs's form from text, a copy of the payload
// that every decoded string is cut from; after the first error every read
// gives zero values and err stays set.
type docReader struct {
	text string
	off  int
	err  error
}

func (d *docReader) fail() { d.err, d.off = errDocsShape, len(d.text) }

func (d *docReader) uint() uint64 {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if d.off >= len(d.text) || shift > 63 {
			d.fail()
			return 0
		}
		c := d.text[d.off]
		d.off++
		if shift == 63 && c > 1 {
			d.fail()
			return 0
		}
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
}

func (d *docReader) int() int {
	u := d.uint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return int(v)
}

// count reads a count of items of at least min bytes each: a count the
// rest cannot hold is an error, not a huge allocation.
func (d *docReader) count(min int) int {
	n := d.uint()
	if n > uint64((len(d.text)-d.off)/min) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *docReader) str() string {
	n := d.uint()
	if n > uint64(len(d.text)-d.off) {
		d.fail()
		return ""
	}
	s := d.text[d.off : d.off+int(n)]
	d.off += int(n)
	return s
}

func (d *docReader) bytes(n int) string {
	if n > len(d.text)-d.off {
		d.fail()
		return ""
	}
	s := d.text[d.off : d.off+n]
	d.off += n
	return s
}
