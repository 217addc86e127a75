package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"io/fs"
	"slices"
	"sync"
	"time"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/markdown"
	"github.com/warta-portal/warta/internal/source"
)

// LoadOptions configure a Loader.
type LoadOptions struct {
	FS       fs.FS
	Config   *config.Config
	Markdown *markdown.Renderer
	// MarkdownKey names the renderer's options; part of every body's key.
	MarkdownKey string
	// Render reports whether a parsed page's body is rendered (published
	// pages and section files); others are parsed only.
	Render func(p *content.Page, file string) bool
	Store  *Cache // nil: nothing kept on disk
	Memo   *Memo  // nil: nothing kept in memory
}

// Loader loads content files the way a build without reuse would (read,
// parse, render the body), taking what it can from the memo (an unchanged
// file is not even read) and the store (decoded front matter and rendered
// bodies by content hash). Every page it returns carries its source hash,
// which output signatures are made of. Safe for concurrent use.
type Loader struct {
	o     LoadOptions
	mdKey Key       // the renderer's options, as file entries keep them
	began time.Time // files changed since are not indexed (see RacyWindow)
}

// NewLoader returns a loader; call Memo.Begin before and Memo.End after
// the build's loads.
func NewLoader(o LoadOptions) *Loader {
	return &Loader{o: o, mdKey: markdownKey(o.MarkdownKey), began: time.Now()}
}

// Load loads one content file.
func (l *Loader) Load(e source.Entry) (*content.Page, diag.List) {
	// A file unchanged since the last build (same size, times and inode)
	// is taken from the memo, or from the store's file index, without
	// reading it.
	var sk statKey
	if l.o.Memo != nil || l.o.Store != nil {
		if fi, err := e.Stat(l.o.FS); err == nil {
			ino, ctime, ok := changeOf(fi)
			sk = statKey{e.Path, fi.Size(), fi.ModTime().UnixNano(), ino, ctime, ok}
			if h, ok := l.o.Memo.hashOf(sk); ok {
				src := content.Source{File: e.Path, Resources: e.Resources, Hash: h}
				if p, errs, ok := l.o.Memo.get(src); ok {
					return l.finish(p, errs, e, nil)
				}
			}
			if l.o.Memo == nil {
				if p, errs, ok := l.unread(sk, e); ok {
					return p, errs
				}
			}
		}
	}
	data, err := fs.ReadFile(l.o.FS, e.Path)
	if err != nil {
		return nil, diag.List{diag.Errorf(e.Path, 0, "", "cannot read: %v", err)}
	}
	src := content.Source{File: e.Path, Data: data, Resources: e.Resources, Hash: sha256.Sum256(data)}
	l.o.Memo.recordHash(sk, src.Hash)
	if p, errs, ok := l.o.Memo.get(src); ok {
		return l.finish(p, errs, e, nil)
	}
	var fe *fileEntry
	if l.o.Memo == nil && l.o.Store != nil {
		fe = &fileEntry{Hash: src.Hash}
	}
	p, errs := l.parse(src, fe)
	p, errs = l.finish(p, errs, e, fe)
	l.o.Memo.put(src, p, errs)
	if fe != nil && p != nil && fe.FrontMatter != (Key{}) && (p.Doc == nil) == (fe.Doc == Key{}) {
		l.o.Store.putFile(sk, *fe, l.began)
	}
	return p, errs
}

// unread makes the page of a file the store's file index knows unchanged
// (see files.go) from the stored decoded front matter and rendered body,
// without reading the file. ok is false when anything it needs is not in
// the store: the file is then read.
func (l *Loader) unread(sk statKey, e source.Entry) (*content.Page, diag.List, bool) {
	st := l.o.Store
	fe, ok := st.fileOf(sk)
	if !ok {
		return nil, nil, false
	}
	d, ok := st.FrontMatter(fe.FrontMatter)
	if !ok || d.State.BodyOffset != fe.Offset {
		return nil, nil, false
	}
	st.BodyOffset(st.Key("bodyoffset", []byte(e.Path))) // still in use
	// The body is not read: FromDecoded gets no bytes, and the rendered
	// body comes from the store (or the file is read below to make it).
	src := content.Source{File: e.Path, Resources: e.Resources, Hash: fe.Hash}
	p, errs := content.FromDecoded(l.o.Config, src, d)
	if p == nil || !l.o.Render(p, e.Path) {
		if fe.Doc != (Key{}) {
			return nil, nil, false // rendered last time, not now: read it
		}
		return p, errs, true
	}
	if fe.Doc == (Key{}) || fe.Markdown != l.mdKey {
		return nil, nil, false
	}
	doc, load, ok := st.Doc(fe.Doc)
	if !ok {
		return nil, nil, false
	}
	p.SetLazyHTML(doc, func() ([]byte, error) {
		if b, err := load(); err == nil {
			return b, nil
		}
		// The stored body cannot be read: render it from the file, which
		// must still be the one indexed.
		data, err := fs.ReadFile(l.o.FS, e.Path)
		if err != nil {
			return nil, err
		}
		if sha256.Sum256(data) != fe.Hash {
			return nil, fmt.Errorf("%s changed during the build: build again", e.Path)
		}
		data = bytes.TrimPrefix(data, []byte("\ufeff"))
		d, err := l.o.Markdown.Render(data[min(fe.Offset, len(data)):], d.State.BodyLine)
		if err != nil {
			return nil, fmt.Errorf("markdown: %w", err)
		}
		_ = st.PutDoc(fe.Doc, d)
		return []byte(d.HTML), nil
	})
	return p, errs, true
}

// parse is content.Parse, taking the decoded front matter from the store
// when the file's front matter is known: decoding YAML is the largest
// cost of a build after an edit. The decoded front matter is stored under
// the bytes before the body (an edit of the body alone finds it, and the
// stored values need no rewriting), and the store remembers where each
// file's body began when it was last decoded.
func (l *Loader) parse(src content.Source, fe *fileEntry) (*content.Page, diag.List) {
	st := l.o.Store
	if st == nil {
		return content.Parse(l.o.Config, src)
	}
	data := bytes.TrimPrefix(src.Data, []byte("\ufeff")) // as frontmatter.State counts
	offKey := st.Key("bodyoffset", []byte(src.File))
	if off, ok := st.BodyOffset(offKey); ok && off >= 0 && off <= len(data) {
		fmKey := st.Key("frontmatter", data[:off])
		if d, ok := st.FrontMatter(fmKey); ok && d.State.BodyOffset == off {
			fe.found(fmKey, off)
			return content.FromDecoded(l.o.Config, src, d)
		}
	}
	d, errs := content.Decode(src)
	if d == nil {
		return nil, errs
	}
	if off := d.State.BodyOffset; len(errs) == 0 && off >= 0 && off <= len(data) {
		// Only clean files: their diagnostics need no keeping.
		fmKey := st.Key("frontmatter", data[:off])
		st.PutFrontMatter(fmKey, d)
		fe.found(fmKey, off)
		if v, ok := st.BodyOffset(offKey); !ok || v != off {
			st.PutBodyOffset(offKey, off)
		}
	}
	p, more := content.FromDecoded(l.o.Config, src, d)
	return p, append(errs, more...)
}

// finish renders the body of a page that needs one and has none yet.
func (l *Loader) finish(p *content.Page, errs diag.List, e source.Entry, fe *fileEntry) (*content.Page, diag.List) {
	if p != nil && p.Doc == nil && l.o.Render(p, e.Path) {
		errs = append(slices.Clone(errs), l.renderBody(p, fe)...)
		if l.o.Memo == nil {
			// Nothing will ask for it again (a stored body's loader keeps
			// its own reference for mending a damaged entry).
			p.ReleaseBody()
		}
	}
	return p, errs
}

// renderBody renders p's Markdown, or takes it from the store. The HTML
// of a stored body is read when a layout first asks for it; if it cannot
// be read whole (deleted, truncated, corrupted) the body is rendered again.
func (l *Loader) renderBody(p *content.Page, fe *fileEntry) diag.List {
	st, md := l.o.Store, l.o.Markdown
	var key Key
	if st != nil {
		body, line := p.Body()
		key = st.DocKey(l.o.MarkdownKey, line, body)
		if fe != nil {
			fe.Doc, fe.Markdown = key, l.mdKey
		}
		if doc, load, ok := st.Doc(key); ok {
			p.SetLazyHTML(doc, func() ([]byte, error) {
				if b, err := load(); err == nil {
					return b, nil
				}
				d, err := md.Render(body, line)
				if err != nil {
					return nil, fmt.Errorf("markdown: %w", err)
				}
				_ = st.PutDoc(key, d) // mend the entry for the next build
				return []byte(d.HTML), nil
			})
			return nil
		}
	}
	if err := p.Render(md); err != nil {
		return diag.All(err)
	}
	if st != nil {
		if st.PutDoc(key, p.Doc) != nil && fe != nil { // a full cache folder only costs speed
			fe.Doc = Key{}
		}
	}
	return nil
}

// found records where a file's decoded front matter is kept.
func (fe *fileEntry) found(fmKey Key, off int) {
	if fe != nil {
		fe.FrontMatter, fe.Offset = fmKey, off
	}
}

// registerGob names the types the store keeps as interfaces, once per
// process (gob's registry is global).
var registerGob = sync.OnceFunc(func() {
	gob.Register(&content.Decoded{})
	gob.Register([]any{})
	gob.Register(map[string]any{})
	gob.Register(time.Time{})
	gob.Register([]int32{}) // a ranking of related news (Ranking)
})
