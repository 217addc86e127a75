package publish

import (
	"io/fs"
	"path"
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Minify wraps a target and minifies what passes through it by file
// extension (HTML, CSS, JS, JSON, XML, SVG). A file the minifier cannot
// parse is written as it is, never lost.
type Minify struct {
	filter
	m *minify.M
}

// NewMinify returns a minifying filter in front of t.
func NewMinify(t Target) *Minify {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return &Minify{filter: filter{t}, m: m}
}

var mediaTypes = map[string]string{
	".html": "text/html", ".css": "text/css", ".js": "application/javascript",
	".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml",
	".webmanifest": "application/manifest+json",
}

// WriteFile minifies data when its type is known.
func (f *Minify) WriteFile(name string, data []byte) error {
	if mt, ok := mediaTypes[path.Ext(name)]; ok {
		// Bytes reads data in place: a bytes.Reader would be copied whole
		// by the parser first (12 % of a 10,000-article build's allocation).
		if out, err := f.m.Bytes(mt, data); err == nil {
			data = out
		}
	}
	return f.Target.WriteFile(name, data)
}

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
