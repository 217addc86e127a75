package build

import (
	"fmt"
	"os"
	"sync"
	"unsafe"

	"github.com/warta-portal/warta/internal/content"
)

// spill keeps the rendered bodies of a build between the load stage, which
// renders every page's Markdown, and the render stage, which needs each
// body once, for its own page: in a temporary file instead of the heap, so
// a build's memory does not hold every body of the site at once (at 10,000
// articles the bodies were a third of the live heap at its peak; lists use
// summaries, not bodies).
//
// The file is removed as soon as it is made (where the system allows it,
// as Linux does), so a killed build leaves nothing behind; the pages read
// it through the open descriptor. The kernel's page cache, not the
// process, holds what was recently written. Safe for concurrent use.
type spill struct {
	f        *os.File
	unlinked bool

	mu  sync.Mutex
	off int64
	bad bool // a write failed: later bodies stay in memory
}

// newSpill makes the temporary file in dir, "" for the system's temporary
// folder ($TMPDIR); nil when it cannot, and bodies then stay in memory.
func newSpill(dir string) *spill {
	f, err := os.CreateTemp(dir, "warta-bodies-*")
	if err != nil {
		return nil
	}
	s := &spill{f: f}
	s.unlinked = os.Remove(f.Name()) == nil
	return s
}

// keep moves p's rendered body into the file, when p has one in memory;
// p's Content reads it back. A body that cannot be written stays in
// memory.
func (s *spill) keep(p *content.Page) {
	if s == nil || p == nil || p.Doc == nil || p.Doc.HTML == "" {
		return
	}
	html := p.Doc.HTML
	s.mu.Lock()
	if s.bad {
		s.mu.Unlock()
		return
	}
	off := s.off
	s.off += int64(len(html))
	s.mu.Unlock()
	// WriteAt neither keeps nor changes its slice: no copy of the body.
	if _, err := s.f.WriteAt(unsafe.Slice(unsafe.StringData(html), len(html)), off); err != nil {
		s.mu.Lock()
		s.bad = true
		s.mu.Unlock()
		return
	}
	meta := *p.Doc // the Doc may be shared (a cache's entry): p gets its own
	meta.HTML = ""
	n := len(html)
	p.SetLazyHTML(&meta, func() ([]byte, error) {
		b := make([]byte, n)
		if _, err := s.f.ReadAt(b, off); err != nil {
			return nil, fmt.Errorf("reading the rendered body back from %s: %w", s.f.Name(), err)
		}
		return b, nil
	})
}

// close removes the file. Pages that kept their body in it cannot read it
// afterwards.
func (s *spill) close() {
	if s == nil {
		return
	}
	s.f.Close()
	if !s.unlinked {
		os.Remove(s.f.Name())
	}
}
