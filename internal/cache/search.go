package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/search"
)

// Analyses gives each page's analysed form for the search index
// (search.Doc), analysing only pages it holds no Doc for. A Doc is kept
// by a key of the page's file name and source hash, the analyser's
// version (search.AnalyzerVersion) and the build's setting (the Markdown
// options and the configuration file, the other things a Doc depends on):
// in the Memo (the preview) and in the cache folder, where one build's
// Docs fill the files search/<0-f>.bin (by the key's first hex digit),
// each with one Table for its Docs (search.Packer), so an edit rewrites
// two sixteenths of them. Safe for concurrent use.
type Analyses struct {
	z       *search.Analyzer
	setting string
	store   *Cache
	memo    *Memo
}

// NewAnalyses returns the analyses of one build; store and memo may be nil.
func NewAnalyses(store *Cache, memo *Memo, setting string) *Analyses {
	return &Analyses{z: search.NewAnalyzer(), setting: setting, store: store, memo: memo}
}

// Doc returns p's analysed form: kept from an earlier build when p's file,
// its bytes, the setting and the analyser are the same, else made now.
func (a *Analyses) Doc(p *content.Page) (search.Doc, error) { return a.doc(p, false) }

// Ref is Doc, but a Doc the cache folder holds is returned by its Key
// alone, without its terms (search.Options.Fetch gets them, Fetch here):
// a build whose search index is updated from the last one's needs the
// terms of the pages that changed only. The preview's Memo always gets
// whole Docs.
func (a *Analyses) Ref(p *content.Page) (search.Doc, error) { return a.doc(p, a.memo == nil) }

// Fetch returns the whole Doc of a Key that Ref returned.
func (a *Analyses) Fetch(k [32]byte) (search.Doc, bool) {
	d, ok := a.memo.searchDoc(k)
	if !ok {
		d, ok = a.store.searchDoc(k)
	}
	d.Key = k
	return d, ok
}

func (a *Analyses) doc(p *content.Page, ref bool) (search.Doc, error) {
	if p.SourceHash == ([32]byte{}) || a.store == nil && a.memo == nil {
		return a.z.Doc(p)
	}
	// The same bytes as fmt's "%s\x00%d:%s\x00%s\x00" and the hash, made
	// without fmt: this runs once per page and build.
	b := make([]byte, 0, 64+len(a.setting)+len(p.File))
	b = append(b, search.AnalyzerVersion...)
	b = append(b, 0)
	b = strconv.AppendInt(b, int64(len(a.setting)), 10)
	b = append(b, ':')
	b = append(b, a.setting...)
	b = append(b, 0)
	b = append(b, p.File...)
	b = append(b, 0)
	b = append(b, p.SourceHash[:]...)
	k := Key(sha256.Sum256(b))
	if d, ok := a.memo.searchDoc(k); ok {
		a.store.putSearchDoc(k, d)
		d.Key = k
		return d, nil
	}
	if ref && a.store.searchHas(k) {
		return search.Doc{Key: k}, nil
	}
	if d, ok := a.store.searchDoc(k); ok {
		a.memo.putSearchDoc(k, d)
		d.Key = k
		return d, nil
	}
	d, err := a.z.Doc(p)
	if err != nil {
		return search.Doc{}, err
	}
	a.memo.putSearchDoc(k, d)
	a.store.putSearchDoc(k, d)
	d.Key = k
	return d, nil
}

// searchDocs are the Docs of a cache folder, read on first use. The Docs
// read from a file share its Table, whose terms are read only when a Doc
// of it is asked for whole (lazyTable): a build that updates its search
// index asks for the changed pages' only.
type searchDocs struct {
	once    sync.Once
	docs    map[Key]search.Doc
	lazy    map[*search.Table]*lazyTable // the files' Tables, not yet read
	used    map[Key]bool
	in      [16][]Key // the keys each file held when read
	changed [16]bool  // a file to write again: an entry added, or the file unusable
}

// lazyTable is a file's Table, its terms read on first use.
type lazyTable struct {
	once  sync.Once
	raw   []byte // the terms as the file holds them (checked when read)
	count int
	t     *search.Table
}

// table fills in t's terms and returns it.
func (l *lazyTable) table() *search.Table {
	l.once.Do(func() {
		str := string(l.raw) // the terms are slices of one copy
		terms := make([]string, 0, l.count)
		pos := 0
		for range l.count { // parseSearch checked every length
			n, w := binary.Uvarint(l.raw[pos:])
			terms = append(terms, str[pos+w:pos+w+int(n)])
			pos += w + int(n)
		}
		l.t.Terms = terms
		l.raw = nil
	})
	return l.t
}

const searchFiles = 16

func (c *Cache) searchPath(seg int) string {
	return filepath.Join(c.dir, "search", fmt.Sprintf("%x.bin", seg))
}

// searchSeg is the file a key belongs in.
func searchSeg(k Key) int { return int(k[0] >> 4) }

// loadSearch reads the files of Docs. A file is its Table (a uvarint
// count, then each term as a uvarint length and its bytes) and then a
// sequence of entries: the 32-byte key, a uvarint length and the Doc's
// Enc. A file that cannot be used whole (damaged, of another version, an
// entry cut short or not a Doc) is a miss, noted once, and written again
// on Save.
//
// The files are read and parsed on every core: the first page's analysis
// waits for them, and every other page's with it.
func (c *Cache) loadSearch() {
	s := &c.search
	var (
		parts  [searchFiles]map[Key]search.Doc
		tables [searchFiles]*lazyTable
		errs   [searchFiles]error
		wg     sync.WaitGroup
		next   = make(chan int)
	)
	for range min(searchFiles, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for seg := range next {
				data, err := readSealed(c.searchPath(seg), c.version)
				if err == nil {
					parts[seg] = map[Key]search.Doc{}
					s.in[seg], tables[seg], err = parseSearch(data, parts[seg])
				}
				errs[seg] = err
			}
		})
	}
	for seg := range searchFiles {
		next <- seg
	}
	close(next)
	wg.Wait()
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	s.docs, s.used, s.lazy = make(map[Key]search.Doc, n), map[Key]bool{}, map[*search.Table]*lazyTable{}
	for seg, err := range errs {
		if err != nil {
			s.in[seg] = nil
			s.changed[seg] = true
			c.miss("the search index's file of analysed pages", err)
			continue
		}
		for k, d := range parts[seg] {
			s.docs[k] = d
		}
		s.lazy[tables[seg].t] = tables[seg]
	}
}

var errSearchShort = errors.New("an entry cut short")

// parseSearch adds the entries of one file to docs (only when the whole
// file is sound) and returns their keys and the file's Table, whose terms
// are read on first use.
func parseSearch(data []byte, docs map[Key]search.Doc) ([]Key, *lazyTable, error) {
	next := func() (int, error) {
		n, w := binary.Uvarint(data)
		if w <= 0 || n > uint64(len(data)-w) {
			return 0, errSearchShort
		}
		data = data[w:]
		return int(n), nil
	}
	count, err := next()
	if err != nil {
		return nil, nil, err
	}
	start := data
	for range count {
		n, err := next()
		if err != nil {
			return nil, nil, err
		}
		data = data[n:]
	}
	lt := &lazyTable{raw: start[:len(start)-len(data)], count: count, t: &search.Table{}}
	var keys []Key
	var ds []search.Doc
	for len(data) > 0 {
		if len(data) < len(Key{})+1 {
			return nil, nil, errSearchShort
		}
		var k Key
		copy(k[:], data)
		data = data[len(k):]
		n, err := next()
		if err != nil {
			return nil, nil, err
		}
		if !search.ValidEnc(data[:n], count) {
			return nil, nil, errors.New("an entry is not an analysed page")
		}
		keys, ds = append(keys, k), append(ds, search.Doc{Table: lt.t, Enc: data[:n:n]})
		data = data[n:]
	}
	for i, k := range keys {
		docs[k] = ds[i]
	}
	return keys, lt, nil
}

// whole returns d with its Table's terms read (lazyTable). s.lazy is
// written only by loadSearch, before any use.
func (s *searchDocs) whole(d search.Doc) search.Doc {
	if l := s.lazy[d.Table]; l != nil {
		d.Table = l.table()
	}
	return d
}

// searchDoc returns the whole Doc of k, which then counts as used (kept
// in the files).
func (c *Cache) searchDoc(k Key) (search.Doc, bool) {
	d, ok := c.searchHeld(k)
	if ok {
		d = c.search.whole(d)
	}
	return d, ok
}

// searchHas reports whether the folder holds the Doc of k, which then
// counts as used, without its terms being read.
func (c *Cache) searchHas(k Key) bool {
	_, ok := c.searchHeld(k)
	return ok
}

// searchHeld returns the Doc of k as held (its Table's terms perhaps not
// read yet) and marks it used.
func (c *Cache) searchHeld(k Key) (search.Doc, bool) {
	if c == nil {
		return search.Doc{}, false
	}
	c.search.once.Do(c.loadSearch)
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.search.docs[k]
	if ok {
		c.search.used[k] = true
	}
	return d, ok
}

func (c *Cache) putSearchDoc(k Key, d search.Doc) {
	if c == nil {
		return
	}
	c.search.once.Do(c.loadSearch)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.search.docs[k]; !ok {
		c.search.docs[k] = d
		c.search.changed[searchSeg(k)] = true
	}
	c.search.used[k] = true
}

// saveSearch writes the files whose entries changed: one added, one no
// page used in this build (dropped), or the file unusable when read.
func (c *Cache) saveSearch() error {
	s := &c.search
	if s.docs == nil { // no page was analysed: the files stay as they are
		return nil
	}
	var errs []error
	for seg := range searchFiles {
		changed := s.changed[seg]
		for _, k := range s.in[seg] {
			if !s.used[k] || searchSeg(k) != seg {
				changed = true
			}
		}
		if !changed {
			continue
		}
		pk := search.NewPacker()
		var entries []byte
		for k := range s.used {
			if searchSeg(k) == seg {
				enc := pk.Add(s.whole(s.docs[k]))
				entries = append(entries, k[:]...)
				entries = binary.AppendUvarint(entries, uint64(len(enc)))
				entries = append(entries, enc...)
			}
		}
		if len(entries) == 0 {
			if err := os.Remove(c.searchPath(seg)); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
			}
			continue
		}
		terms := pk.Table().Terms
		b := binary.AppendUvarint(nil, uint64(len(terms)))
		for _, t := range terms {
			b = binary.AppendUvarint(b, uint64(len(t)))
			b = append(b, t...)
		}
		errs = append(errs, writeSealed(c.searchPath(seg), c.version, append(b, entries...)))
	}
	return errors.Join(errs...)
}

// searchDoc and putSearchDoc keep Docs in the memo: those this build
// used stay for the next (Begin and End).
func (c *Memo) searchDoc(k Key) (search.Doc, bool) {
	if c == nil {
		return search.Doc{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.searchDocs[k]
	if ok {
		c.searchUsed[k] = true
	}
	return d, ok
}

func (c *Memo) putSearchDoc(k Key, d search.Doc) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.searchDocs == nil {
		c.searchDocs = map[Key]search.Doc{}
	}
	if c.searchUsed == nil {
		c.searchUsed = map[Key]bool{}
	}
	c.searchDocs[k] = d
	c.searchUsed[k] = true
}

// searchIndexOf names the file of the search index's Memo for dest, bound
// as its manifest is (manifestOf): one per destination.
func (c *Cache) searchIndexOf(dest string) (string, Key) {
	name, bound := c.manifestOf(dest)
	return filepath.Join(filepath.Dir(name), "searchindex-"+strings.TrimPrefix(filepath.Base(name), "out-")), bound
}

// SearchIndex loads the search index's Memo that the last build into dest
// kept, or nil (none, or one that cannot be used: noted, see Notes).
func (c *Cache) SearchIndex(dest string) *search.Memo {
	name, bound := c.searchIndexOf(dest)
	payload, err := readSealed(name, bound)
	var m *search.Memo
	if err == nil {
		m, err = search.DecodeMemo(payload)
	}
	if err != nil {
		c.miss("the search index of "+dest, err)
		return nil
	}
	return m
}

// SaveSearchIndex keeps m for the next build into dest (nil: removes the
// one kept, which no longer describes dest's index).
func (c *Cache) SaveSearchIndex(dest string, m *search.Memo) error {
	name, bound := c.searchIndexOf(dest)
	if m == nil {
		if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	b, err := m.AppendBinary(nil)
	if err != nil {
		return err
	}
	return writeSealed(name, bound, b)
}
