package cache

import (
	"sync"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/search"
)

// Memo keeps, in one process (the preview server), what one build of a
// site lends the next: parsed (and rendered) pages, keyed by file name and
// content hash, and the signatures of the outputs of the last good build.
// Each build gets a fresh copy of a memoized page (content.Page.Clone),
// because assembling the site links pages to each other. The zero value
// is ready; a nil *Memo keeps nothing.
type Memo struct {
	mu      sync.Mutex
	setting string // options the entries were made with
	entries map[parseKey]parsedPage
	used    map[parseKey]bool
	// The hash of a file as last read, by size and modification time, so an
	// unchanged file is not even read again.
	hashes map[statKey][32]byte
	// sigs are the signatures of the last good build's outputs.
	sigs map[string]Key
	// images keeps image renditions between rebuilds.
	images MemoryImages
	// searchDocs are pages' analysed forms for the search index (Analyses).
	searchDocs map[Key]search.Doc
	searchUsed map[Key]bool
	// ranking is the last build's ranking of related news (Ranking).
	rankingKey [32]byte
	ranking    []int32
}

// Images is the memo's store of image renditions; nil for a nil memo.
func (m *Memo) Images() *MemoryImages {
	if m == nil {
		return nil
	}
	return &m.images
}

type statKey struct {
	file       string
	size       int64
	modTime    int64
	inode      int64 // with the change time: a file rewritten with its old
	changeTime int64 // modification time still differs
	known      bool  // inode and change time are known on this system
}

type parseKey struct {
	file string
	hash [32]byte
}

type parsedPage struct {
	page *content.Page // never handed out; clones are
	errs diag.List
}

// Sigs returns the signatures of the last good build's outputs.
func (c *Memo) Sigs() map[string]Key {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sigs
}

// KeepSigs records the signatures of a good build's outputs for the next.
func (c *Memo) KeepSigs(sigs map[string]Key) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.sigs = sigs
	c.mu.Unlock()
}

// Begin starts a build with the given settings; entries of other settings
// are dropped.
func (c *Memo) Begin(setting string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.setting != setting || c.entries == nil {
		c.setting, c.entries, c.hashes = setting, map[parseKey]parsedPage{}, map[statKey][32]byte{}
	}
	c.used = map[parseKey]bool{}
	c.searchUsed = map[Key]bool{}
}

// End drops entries this build did not use (edited or deleted files).
func (c *Memo) End() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if !c.used[k] {
			delete(c.entries, k)
		}
	}
	for k := range c.searchDocs {
		if !c.searchUsed[k] {
			delete(c.searchDocs, k)
		}
	}
	for k, h := range c.hashes {
		if !c.used[parseKey{k.file, h}] {
			delete(c.hashes, k)
		}
	}
}

// hashOf returns the hash recorded for a file of that size and time.
func (c *Memo) hashOf(k statKey) ([32]byte, bool) {
	if c == nil || !k.known {
		return [32]byte{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.hashes[k]
	return h, ok
}

func (c *Memo) recordHash(k statKey, h [32]byte) {
	if c == nil || !k.known {
		return
	}
	c.mu.Lock()
	c.hashes[k] = h
	c.mu.Unlock()
}

func (c *Memo) get(src content.Source) (*content.Page, diag.List, bool) {
	if c == nil {
		return nil, nil, false
	}
	k := parseKey{src.File, src.Hash}
	c.mu.Lock()
	e, ok := c.entries[k]
	c.used[k] = true
	c.mu.Unlock()
	if !ok {
		return nil, nil, false
	}
	if e.page == nil {
		return nil, e.errs, true
	}
	return e.page.Clone(), e.errs, true
}

func (c *Memo) put(src content.Source, p *content.Page, errs diag.List) {
	if c == nil {
		return
	}
	k := parseKey{src.File, src.Hash}
	var keep *content.Page
	if p != nil {
		keep = p.Clone()
	}
	c.mu.Lock()
	c.entries[k] = parsedPage{page: keep, errs: errs}
	c.used[k] = true
	c.mu.Unlock()
}
