// Package markdown renders content bodies with one configured goldmark
// instance, shared by all workers (goldmark's parser and renderer are safe
// for concurrent use; per-document state lives in the parser context).
//
// It renders GFM (tables, strikethrough, autolinks, task lists), footnotes
// and typographic quotes; headings get unique ids made from their text;
// images are lazy-loaded; external links get rel="noopener"; site-absolute
// links and images are moved under the site's base path. Raw HTML is
// dropped unless Options.RawHTML is set, and then it passes a sanitizer
// allow-list (bluemonday) that keeps ordinary embeds such as YouTube iframes.
package markdown

import (
	"bytes"
	stdhtml "html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/warta-portal/warta/internal/slug"
)

// Options configures the renderer.
type Options struct {
	RawHTML  bool   // pass raw HTML through the sanitizer instead of dropping it
	BasePath string // the site's base path, e.g. "/portal/"; "" or "/" for the root
	// ReservedIDs are element ids the layouts use ("konten",
	// "berita-lainnya"); a heading whose id would be one gets the next
	// free one ("berita-lainnya-1"). An entry ending in "*" reserves a
	// prefix (a layout's id="tahun-{{ .Year }}"): such headings get the
	// prefix "bagian-".
	ReservedIDs []string
}

// Renderer converts Markdown to HTML. Safe for concurrent use.
type Renderer struct {
	md       goldmark.Markdown
	sanitize *bluemonday.Policy
	base     string
	reserved map[string]int
	prefixes []string
}

// Heading is a section heading of a document.
type Heading struct {
	Level int
	Text  string
	ID    string
	Line  int
}

// Ref is a link or image found in a document.
type Ref struct {
	Dest string
	Text string // link text or image alt
	Line int
}

// Doc is a rendered document and what the checks and lists need from it.
type Doc struct {
	HTML     string // one string, so pages hand it to layouts without a copy
	Summary  string // plain text of the first paragraph
	Words    int
	Headings []Heading
	Links    []Ref
	Images   []Ref
	Notes    []Note // what the reader will not see as written (see Note)
}

// New returns a renderer configured by o.
func New(o Options) *Renderer {
	rendererOpts := []goldmark.Option{
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	}
	r := &Renderer{base: strings.TrimSuffix(o.BasePath, "/"), reserved: map[string]int{}}
	for _, id := range o.ReservedIDs {
		if p, ok := strings.CutSuffix(id, "*"); ok {
			if p != "" {
				r.prefixes = append(r.prefixes, p)
			}
			continue
		}
		r.reserved[id] = 1
	}
	if o.RawHTML {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(html.WithUnsafe()))
		p := bluemonday.UGCPolicy()
		p.AllowElements("iframe", "figure", "figcaption", "video", "audio", "source")
		p.AllowAttrs("src").Matching(regexp.MustCompile(`^https://(www\.)?(youtube\.com|youtube-nocookie\.com|player\.vimeo\.com|www\.google\.com/maps)/`)).OnElements("iframe")
		p.AllowAttrs("width", "height", "title", "allowfullscreen", "loading", "allow", "referrerpolicy").OnElements("iframe")
		// bluemonday checks the scheme of src only on some elements (not
		// <source>) and never of poster: those pass the same test as links.
		p.AllowAttrs("src", "poster").Matching(safeURL).OnElements("video", "audio", "source")
		p.AllowAttrs("controls", "width", "height", "type").OnElements("video", "audio", "source")
		p.AllowAttrs("id").Globally()
		p.AllowAttrs("class").Matching(regexp.MustCompile(`^[a-z0-9 _-]+$`)).Globally()
		p.AllowAttrs("loading", "decoding").OnElements("img")
		p.RequireNoFollowOnLinks(false)
		p.AllowAttrs("rel").Matching(regexp.MustCompile(`^[a-z ]+$`)).OnElements("a")
		r.sanitize = p
	}
	rendererOpts = append(rendererOpts, goldmark.WithParserOptions(
		parser.WithASTTransformers(util.Prioritized(transformer{base: r.base}, 1000)),
	))
	r.md = goldmark.New(rendererOpts...)
	return r
}

// safeURL matches the URLs the sanitizer lets through in attributes that
// bluemonday does not check itself: http(s), protocol-relative and
// relative ones. A relative URL has no ":" before its first "/", "?" or
// "#", so "javascript:", "data:", "vbscript:" and any other scheme fail, in
// any case; whitespace and control characters anywhere fail too, so a
// browser's stripping of tabs and newlines ("java\tscript:") cannot make a
// scheme of them. Attribute values reach it with character references
// decoded ("&#106;avascript:" is "javascript:").
var safeURL = regexp.MustCompile(`^(?:(?i:https?:)?//[^\x00-\x20\x7f]+|[^\x00-\x20\x7f:/?#][^\x00-\x20\x7f:]*(?:[/?#][^\x00-\x20\x7f]*)?|[/?#][^\x00-\x20\x7f]*)$`)

// Render converts src. Line numbers in the result are offset by firstLine-1
// so they count in the content file, not in the body.
//
// A body nested deeper than MaxNesting, or with a paragraph of more than
// MaxDelimiters emphasis delimiters or brackets, is a *LimitError with its
// file line rather than seconds or minutes of parsing.
func (r *Renderer) Render(src []byte, firstLine int) (*Doc, error) {
	if err := checkLimits(src, firstLine); err != nil {
		return nil, err
	}
	used := make(map[string]int, len(r.reserved)+8)
	for id := range r.reserved {
		used[id] = 1
	}
	ctx := parser.NewContext(parser.WithIDs(&ids{used: used, prefixes: r.prefixes}))
	root := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/4)
	if err := r.md.Renderer().Render(direct{&buf}, src, root); err != nil {
		return nil, err
	}
	out := buf.Bytes()
	if r.sanitize != nil {
		out = r.sanitize.SanitizeBytes(out)
	}
	d := &Doc{HTML: string(out)}
	ls := newLines(src, firstLine)
	collect(d, root, src, ls)
	d.Notes = notes(root, src, ls, r.sanitize)
	var words wordCounter
	writePlain(&words, root, src)
	d.Words = words.count()
	return d, nil
}

// direct lets goldmark write into a bytes.Buffer itself: given a writer
// that is not a util.BufWriter, it wraps it in a new 4 KiB bufio.Writer
// for each document (2 % of what a cold build allocates).
type direct struct{ *bytes.Buffer }

func (direct) Buffered() int { return 0 }
func (direct) Flush() error  { return nil }

// ids makes heading ids from Indonesian text with the site's slug rules,
// unique within one document and apart from the layouts' own ids:
// "latar-belakang", "latar-belakang-1".
type ids struct {
	used     map[string]int
	prefixes []string
}

func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	base := slug.Make(string(value))
	if base == "" {
		base = "bagian"
	}
	for _, p := range s.prefixes {
		if strings.HasPrefix(base, p) {
			base = "bagian-" + base
			break
		}
	}
	id := base
	for n := s.used[base]; ; n++ {
		if n > 0 {
			id = base + "-" + strconv.Itoa(n)
		}
		if _, taken := s.used[id]; !taken {
			s.used[base] = n + 1
			s.used[id] = 1
			return []byte(id)
		}
	}
}

func (s *ids) Put(value []byte) { s.used[string(value)] = 1 }

// transformer adds loading attributes to images, rel to external links and
// the base path to site-absolute destinations.
type transformer struct{ base string }

func (t transformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			n.SetAttributeString("loading", []byte("lazy"))
			n.SetAttributeString("decoding", []byte("async"))
			n.Destination = t.rebase(n.Destination)
		case *ast.Link:
			if isExternal(n.Destination) {
				n.SetAttributeString("rel", []byte("noopener"))
			}
			n.Destination = t.rebase(n.Destination)
		case *ast.AutoLink:
			// AutoLink has no attributes hook in goldmark's renderer for rel;
			// autolinks are external by nature and rendered as is.
		}
		return ast.WalkContinue, nil
	})
}

func (t transformer) rebase(dest []byte) []byte {
	if t.base == "" || len(dest) < 2 || dest[0] != '/' || dest[1] == '/' {
		return dest
	}
	return append([]byte(t.base), dest...)
}

func isExternal(dest []byte) bool {
	return bytes.HasPrefix(dest, []byte("http://")) || bytes.HasPrefix(dest, []byte("https://")) || bytes.HasPrefix(dest, []byte("//"))
}

// lines maps byte offsets of the body to lines of the file.
type lines struct {
	starts []int
	first  int
}

func newLines(src []byte, first int) lines {
	l := lines{starts: []int{0}, first: first}
	for i, c := range src {
		if c == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

func (l lines) at(off int) int {
	lo, hi := 0, len(l.starts)
	for lo+1 < hi {
		m := (lo + hi) / 2
		if l.starts[m] <= off {
			lo = m
		} else {
			hi = m
		}
	}
	return l.first + lo
}

// blockLine is the file line of the block that holds n.
func blockLine(n ast.Node, l lines) int {
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return l.at(p.Lines().At(0).Start)
		}
	}
	return l.first
}

func collect(d *Doc, root ast.Node, src []byte, l lines) {
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Paragraph:
			if d.Summary == "" {
				if _, inFootnote := n.Parent().(*extast.Footnote); !inFootnote {
					d.Summary = strings.TrimSpace(plain(n, src))
				}
			}
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			d.Headings = append(d.Headings, Heading{Level: n.Level, Text: strings.TrimSpace(plain(n, src)), ID: string(idb), Line: blockLine(n, l)})
		case *ast.Link:
			d.Links = append(d.Links, Ref{Dest: string(n.Destination), Text: strings.TrimSpace(plain(n, src)), Line: blockLine(n, l)})
		case *ast.Image:
			d.Images = append(d.Images, Ref{Dest: string(n.Destination), Text: plain(n, src), Line: blockLine(n, l)})
		}
		return ast.WalkContinue, nil
	})
}

// countWords is len(strings.Fields(s)) without the slice: the number of
// runs of characters that are not white space (unicode.IsSpace).
func countWords(s string) int {
	var c wordCounter
	c.WriteString(s)
	return c.count()
}

// wordCounter counts the words of the text written to it, as countWords
// counts those of a string, without keeping the text: the words of a
// whole body, whose plain text is otherwise built only to be counted.
type wordCounter struct {
	n      int
	inWord bool
	cut    []byte // the start of a rune the last write ended in
}

func (c *wordCounter) Write(p []byte) (int, error) {
	n := len(p)
	if len(c.cut) > 0 {
		p = append(c.cut, p...)
		c.cut = c.cut[:0]
	}
	for i := 0; i < len(p); {
		b := p[i]
		space := false
		if b < utf8.RuneSelf {
			space = asciiSpace[b]
			i++
		} else {
			if !utf8.FullRune(p[i:]) {
				c.cut = append(c.cut[:0], p[i:]...)
				break
			}
			r, size := utf8.DecodeRune(p[i:])
			space = unicode.IsSpace(r)
			i += size
		}
		if !space && !c.inWord {
			c.n++
		}
		c.inWord = !space
	}
	return n, nil
}

func (c *wordCounter) WriteString(s string) (int, error) {
	if len(c.cut) == 0 && isASCII(s) {
		for i := 0; i < len(s); i++ {
			space := asciiSpace[s[i]]
			if !space && !c.inWord {
				c.n++
			}
			c.inWord = !space
		}
		return len(s), nil
	}
	return c.Write([]byte(s))
}

func (c *wordCounter) WriteByte(b byte) error {
	_, err := c.Write([]byte{b})
	return err
}

// count is the number of words written; a rune left cut at the end is
// one character that is not white space, as a string decodes it.
func (c *wordCounter) count() int {
	if len(c.cut) > 0 && !c.inWord {
		return c.n + 1
	}
	return c.n
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiSpace are the ASCII bytes unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// plain is the text of n's inline content, without markup.
func plain(n ast.Node, src []byte) string {
	var b strings.Builder
	writePlain(&b, n, src)
	return b.String()
}

// plainWriter is where writePlain writes: a strings.Builder, or a
// wordCounter.
type plainWriter interface {
	io.Writer
	io.ByteWriter
	io.StringWriter
}

// writePlain writes the text of n's inline content, without markup, to b.
func writePlain(b plainWriter, n ast.Node, src []byte) {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if c.Type() == ast.TypeBlock {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if !c.IsRaw() {
				// As the HTML renderer reads it: backslash escapes and
				// character references resolved ("AT&amp;T" is "AT&T").
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if c.IsCode() {
				// The typographer's substitutions are HTML entities
				// ("&ldquo;"): the text is the character they stand for.
				b.WriteString(stdhtml.UnescapeString(string(c.Value)))
			} else {
				b.Write(c.Value)
			}
		case *ast.AutoLink:
			b.Write(c.Label(src))
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			for s := c.FirstChild(); s != nil; s = s.NextSibling() {
				if t, ok := s.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *extast.FootnoteLink:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}
