package publish

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/buffer"
	lex "github.com/tdewolff/parse/v2/html"
)

// Fragments is one build's table of fragments minified once: a page's
// card, a related-news entry, a menu, shown on many pages (layout's
// fragment function). A page holds a short stand-in for each (Stand); the
// page is minified with its stand-ins, which Minify then replaces by the
// fragments' minified bytes. The result is byte for byte the page
// minified whole with its fragments in it, for the fragments Stand takes
// and wherever a stand-in lands: when one did not come out of the
// minifier as it does in ordinary flow content (in a <pre>, in raw text,
// in an <svg>), the page is minified whole instead.
//
// Why it is exact (tdewolff/minify's HTML minifier with the options of
// newMinifier, whose only state carried from token to token is whether
// to drop the next leading space, whether it is in a <pre> or a
// <template>, and the lexer's raw-text mode): a fragment begins with the
// start tag of a block element and ends with the end tag of one, then
// only white space. The white space before a block start tag is dropped
// whatever precedes it, and after it and after a block end tag the next
// leading space is dropped whatever preceded them. The minifier looks
// ahead from a text's trailing space only up to the next block tag, so
// nothing before a fragment depends on what is in it beyond its first
// tag, and nothing in it on what follows its last tag. A stand-in has the
// same first and last tags, so everything around it minifies as around
// the fragment, and the fragment minified alone is what the minifier
// writes for it in the page. The fragment must leave no <pre> or
// <template> open, which the minifier would carry past its end.
//
// A stand-in is <T class="">TOKENn  </U>: T and U the fragment's first
// and last tags, TOKEN random per table (no content can write it), n the
// fragment's number in this table, then two spaces. Ordinary flow
// minifies it to <T>TOKENn</U> (an empty class dropped, the spaces before
// a block end tag dropped), while a <pre> keeps the spaces, and raw text,
// SVG and MathML keep the class. Safe for concurrent use.
type Fragments struct {
	m     *minify.M
	token string
	mu    sync.RWMutex
	list  []fragment
	block []byte // where hold keeps the fragments' bytes (mu)
	// pages spliced, and pages holding stand-ins minified whole
	spliced, whole atomic.Int64
}

// Stats returns how many fragments Stand took, how many pages were
// spliced and how many pages holding stand-ins were minified whole.
func (f *Fragments) Stats() (fragments, spliced, whole int) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return len(f.list), int(f.spliced.Load()), int(f.whole.Load())
}

// renderer renders a fragment anew (layout.Source, of the same type).
type renderer = interface{ Render() string }

// fragment is one minified fragment.
type fragment struct {
	first, last *tag
	again       renderer // renders it anew
	min         string   // minified alone
}

// tag is an element a fragment may begin or end with, and how a stand-in
// writes it before and after minifying.
type tag struct {
	name                                 string
	rawOpen, minOpen, rawClose, minClose string
}

// NewFragments returns an empty table with a token of its own.
func NewFragments() *Fragments {
	var b [10]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	// Q: a byte rare in pages, which bytes.Index skips to.
	return &Fragments{m: newMinifier(), token: "Qsplice" + hex.EncodeToString(b[:]) + "n"}
}

// blockTags are the elements a fragment may begin or end with: block
// elements in the minifier's table (white space around them dropped),
// with an end tag, whose content is ordinary flow (not <pre>, raw text,
// <option>, <colgroup>, document tags). TestBlockTagsAreBlocks checks each
// against the minifier.
var blockTags = func() map[string]*tag {
	m := map[string]*tag{}
	for _, t := range []string{"address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
		"fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
		"legend", "li", "main", "menu", "nav", "ol", "p", "section", "summary", "table", "tbody", "td", "tfoot", "th",
		"thead", "tr", "ul"} {
		m[t] = &tag{name: t, rawOpen: "<" + t + ` class="">`, minOpen: "<" + t + ">", rawClose: "  </" + t + ">", minClose: "</" + t + ">"}
	}
	return m
}()

// Stand returns what a page holds in place of the fragment html, and
// false when html cannot be spliced exactly (see Fragments): html is then
// written into pages as it is. It minifies html once and keeps only the
// minified bytes; again renders html anew (the same bytes), called only
// for a page minified whole.
func (f *Fragments) Stand(html string, again renderer) (string, bool) {
	first, last, ok := edges(html)
	if !ok {
		return "", false
	}
	min, err := f.m.Bytes("text/html", []byte(html)) // a copy: the minifier rewrites its input
	if err != nil {
		return "", false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.list)
	var num [20]byte
	digits := strconv.AppendInt(num[:0], int64(n), 10)
	stand := f.hold(first.rawOpen, f.token, string(digits), last.rawClose)
	f.list = append(f.list, fragment{first: first, last: last, again: again, min: f.hold(unsafe.String(unsafe.SliceData(min), len(min)))})
	return stand, true
}

// blockSize is the size of the blocks Fragments keeps its fragments'
// bytes and stand-ins in (hold).
const blockSize = 64 << 10

// hold returns the concatenation of parts as a string kept in the
// table's current block of memory (f.mu held), or, when over a quarter of
// a block, as a string of its own. A build keeps its fragments, and the
// stand-ins pages name them by, until it ends; made one by one they were
// small objects scattered among the render's garbage of the same sizes,
// and each kept the span it shared with that garbage from being freed.
// Those spans' free room counts against the soft memory limit as
// overhead (Go's memoryLimitHeapGoal subtracts everything mapped that is
// neither a heap object nor free pages), so at 100,000 articles the
// collector ran more often than the live heap needed (as compactStrings
// does for front matter, in package content).
func (f *Fragments) hold(parts ...string) string {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if n == 0 {
		return ""
	}
	if n > blockSize/4 {
		var b strings.Builder
		b.Grow(n)
		for _, p := range parts {
			b.WriteString(p)
		}
		return b.String()
	}
	if cap(f.block)-len(f.block) < n {
		f.block = make([]byte, 0, blockSize)
	}
	off := len(f.block)
	for _, p := range parts {
		f.block = append(f.block, p...)
	}
	// The block never grows past its capacity, so these bytes never
	// move, and nothing writes them again.
	return unsafe.String(&f.block[off], n)
}

// edges returns the first and last tags of html when it begins (after
// white space) with the start tag of one of blockTags, ends with the end
// tag of one (then only white space) and leaves no <pre> or <template>
// open.
func edges(html string) (first, last *tag, ok bool) {
	l := lex.NewLexer(parse.NewInputString(html))
	inPre, inTemplate := false, false
	for {
		tt, data := l.Next()
		switch tt {
		case lex.ErrorToken:
			return first, last, l.Err() == io.EOF && first != nil && last != nil && !inPre && !inTemplate
		case lex.TextToken:
			if parse.IsAllWhitespace(data) {
				continue
			}
		case lex.StartTagToken:
			name := string(l.Text())
			if first == nil {
				if first = blockTags[name]; first == nil {
					return nil, nil, false
				}
			}
			inPre = inPre || name == "pre"
			inTemplate = inTemplate || name == "template"
			last = nil
			continue
		case lex.AttributeToken, lex.StartTagCloseToken, lex.StartTagVoidToken:
			continue // the rest of a start tag
		case lex.EndTagToken:
			name := string(l.Text())
			inPre = inPre && name != "pre"
			inTemplate = inTemplate && name != "template"
			last = blockTags[name]
			if first != nil {
				continue
			}
		}
		if first == nil {
			return nil, nil, false // text, a comment, an end tag before the first tag
		}
		last = nil
	}
}

// count returns how many stand-ins' tokens data holds (f may be nil).
func (f *Fragments) count(data []byte) int {
	if f == nil {
		return 0
	}
	return bytes.Count(data, []byte(f.token))
}

// Whole reports whether each stand-in's token in page is in a stand-in of
// this table exactly as Stand returned it: not escaped (a fragment shown
// in an attribute, a script, a title) nor cut.
func (f *Fragments) Whole(page []byte) bool {
	_, ok := f.scan(page, true, nil)
	return ok
}

// scan finds the stand-ins in page, as Stand writes them (raw) or as the
// minifier does, calling each with the bytes before one and its fragment,
// and returns the bytes after the last; ok is false at the first token
// not in a stand-in of this table.
func (f *Fragments) scan(page []byte, raw bool, each func(before []byte, fr *fragment)) (rest []byte, ok bool) {
	tok := []byte(f.token)
	for {
		i := bytes.Index(page, tok)
		if i < 0 {
			return page, true
		}
		j := i + len(tok)
		for j < len(page) && '0' <= page[j] && page[j] <= '9' {
			j++
		}
		n, err := strconv.Atoi(string(page[i+len(tok) : j]))
		if err != nil {
			return nil, false
		}
		f.mu.RLock()
		var fr *fragment
		if n < len(f.list) {
			fr = &f.list[n]
		}
		f.mu.RUnlock()
		if fr == nil {
			return nil, false
		}
		open, close := fr.first.minOpen, fr.last.minClose
		if raw {
			open, close = fr.first.rawOpen, fr.last.rawClose
		}
		start := i - len(open)
		if start < 0 || string(page[start:i]) != open || len(page)-j < len(close) || string(page[j:j+len(close)]) != close {
			return nil, false
		}
		if each != nil {
			each(page[:start], fr)
		}
		page = page[j+len(close):]
	}
}

// splice writes into w the minified page min with each stand-in replaced
// by its fragment's minified bytes, and reports whether min held want
// stand-ins, each as the minifier writes one in ordinary flow.
func (f *Fragments) splice(w *bytes.Buffer, min []byte, want int) bool {
	got := 0
	rest, ok := f.scan(min, false, func(before []byte, fr *fragment) {
		w.Write(before)
		w.WriteString(fr.min)
		got++
	})
	w.Write(rest)
	return ok && got == want
}

// expand returns page with each stand-in replaced by its fragment as it
// was rendered: the page as it is without stand-ins.
func (f *Fragments) expand(page []byte) []byte {
	var w bytes.Buffer
	w.Grow(len(page) * 2)
	rest, ok := f.scan(page, true, func(before []byte, fr *fragment) {
		w.Write(before)
		w.WriteString(fr.again.Render())
	})
	if !ok {
		return page // not a page of this table's stand-ins (Whole checked them)
	}
	w.Write(rest)
	return w.Bytes()
}

// writeSpliced minifies a page holding stand-ins and splices the
// fragments into it; when a stand-in did not come out of the minifier as
// in ordinary flow, it minifies the page whole, its fragments in it.
func (f *Minify) writeSpliced(name string, data []byte, n int) error {
	orig := minified.Get().(*bytes.Buffer)
	orig.Reset()
	orig.Write(data) // the minifier rewrites data in place
	min := minified.Get().(*bytes.Buffer)
	min.Reset()
	out := minified.Get().(*bytes.Buffer)
	out.Reset()
	defer func() {
		for _, b := range []*bytes.Buffer{orig, min, out} {
			if b.Cap() <= maxPooled {
				minified.Put(b)
			}
		}
	}()
	if err := f.m.Minify("text/html", min, buffer.NewReader(data)); err == nil {
		if f.frags.splice(out, min.Bytes(), n) {
			f.frags.spliced.Add(1)
			page := out.Bytes()
			if !f.Borrows() {
				page = bytes.Clone(page)
			}
			return f.Target.WriteFile(name, page)
		}
	}
	f.frags.whole.Add(1)
	return f.write(name, "text/html", f.frags.expand(orig.Bytes()))
}
