package publish

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2/buffer"
)

// Minify wraps a target and minifies what passes through it by file
// extension (HTML, CSS, JS, JSON, XML, SVG). A file the minifier cannot
// parse is written as it is, never lost.
type Minify struct {
	filter
	m     *minify.M
	frags *Fragments // nil: pages hold no stand-ins
}

// NewMinify returns a minifying filter in front of t.
func NewMinify(t Target) *Minify {
	return &Minify{filter: filter{t}, m: newMinifier()}
}

// Splice makes f complete the pages that hold stand-ins of frags (see
// Fragments) and returns f. Call it before the first WriteFile.
func (f *Minify) Splice(frags *Fragments) *Minify {
	f.frags = frags
	return f
}

// newMinifier returns the minifier of every output; HTML keeps its
// document and end tags, quotes and default attribute values.
func newMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return m
}

var mediaTypes = map[string]string{
	".html": "text/html", ".css": "text/css", ".js": "application/javascript",
	".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml",
	".webmanifest": "application/manifest+json",
}

// WriteFile minifies data when its type is known.
func (f *Minify) WriteFile(name string, data []byte) error {
	mt, ok := mediaTypes[path.Ext(name)]
	if n := f.frags.count(data); n > 0 {
		if mt == "text/html" {
			return f.writeSpliced(name, data, n)
		}
		data = f.frags.expand(data) // a stand-in outside a page: the fragment as it is
	}
	if !ok {
		return f.Target.WriteFile(name, data)
	}
	return f.write(name, mt, data)
}

// write minifies data as media type mt into the target.
func (f *Minify) write(name, mt string, data []byte) error {
	if !f.Borrows() {
		// Bytes reads data in place: a bytes.Reader would be copied whole
		// by the parser first (12 % of a 10,000-article build's allocation).
		if out, err := f.m.Bytes(mt, data); err == nil {
			data = out
		}
		return f.Target.WriteFile(name, data)
	}
	// The target keeps nothing: the minified bytes go into a buffer kept
	// for the next file (a 10,000-article build allocated 230 MB for them).
	w := minified.Get().(*bytes.Buffer)
	w.Reset()
	defer func() {
		if w.Cap() <= maxPooled {
			minified.Put(w)
		}
	}()
	if err := f.m.Minify(mt, w, buffer.NewReader(data)); err == nil {
		data = w.Bytes()
	}
	return f.Target.WriteFile(name, data)
}

// Borrows reports whether WriteFile keeps nothing of data once it returns
// (render.Borrower): so when the target it wraps does not.
func (f *Minify) Borrows() bool {
	b, ok := f.Target.(interface{ Borrows() bool })
	return ok && b.Borrows()
}

// minified holds the buffers pages are minified into when the target does
// not keep them; one larger than maxPooled bytes (a sitemap) is let go.
var minified = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooled = 1 << 20

// maxMinify is the largest static file minified (in bytes): minifying
// holds the file in memory, so larger ones (a data download saved as
// .json) are copied as they are, as a stream.
const maxMinify = 8 << 20

// CopyFile minifies static files of known types up to maxMinify bytes too.
func (f *Minify) CopyFile(name string, src fs.FS, srcName string) error {
	if _, ok := mediaTypes[path.Ext(name)]; !ok {
		return f.Target.CopyFile(name, src, srcName)
	}
	if fi, err := fs.Stat(src, srcName); err != nil || fi.Size() > maxMinify {
		return f.Target.CopyFile(name, src, srcName)
	}
	data, err := fs.ReadFile(src, srcName)
	if err != nil {
		return err
	}
	return f.WriteFile(name, data)
}
