// Package cache is the one home of reuse between builds: what one build
// lends the next. No stage of the pipeline imports it; build wires it in.
//
// Loading (Loader): a content file unchanged since the last build in the
// same process (Memo, the preview) is taken parsed without being read; on
// disk (Cache), decoded front matter and rendered Markdown are kept by
// content hash. Every loaded page carries the hash of its source file.
//
// Keeping outputs (Outputs, the reuse oracle render.Reuser): render plans
// every output with the inputs it declares (render.Inputs: values, pages
// shown in full, pages shown as cards, files read). Outputs signs those
// inputs, together with a shared key (SharedKey: warta's version, the
// configuration file as written, the build options, every layout) and the
// inputs all outputs share (render.Reuser.Share), and keeps the previous
// build's output when the signature matches the one recorded for it and
// the target can keep the file (Keeper: publish.Dir when the file still
// bears the size and time recorded, publish.Memory from the last build).
// A page is signed by what it is made of, never by the fields a layout
// happens to show: its file name and bytes, its terms and its agency (a
// card), plus its bundle files and every page it links to
// (content.Page.Linked) when shown in full. A new kind of output (image
// derivatives, a search index) declares its inputs where render plans it;
// nothing here changes. Reuse is on only when every layout is the theme's:
// a site's own layout may read more than its output declares.
//
// Analysing pages for the search index (Analyses): a page's analysed form
// (search.Doc) is kept by its file's name and bytes, made again only for
// pages that changed.
//
// On disk: a folder per warta version holding the rendered bodies, the
// decoded front matter, the pages' analysed forms for the search index
// and, per destination, a Manifest (the signatures
// and publish's record of the files written). The folder is safe to
// delete: a missing or unreadable entry only makes the next build do the
// work again.
package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/markdown"
	"github.com/warta-portal/warta/internal/publish"
)

// Key is a content hash.
type Key [32]byte

func (k Key) String() string { return hex.EncodeToString(k[:]) }

// GobEncode gives gob the key's 32 bytes as one byte string: gob encodes
// an array element by element (a call per byte), and the cache's indexes
// and manifest hold about five keys per page.
func (k Key) GobEncode() ([]byte, error) { return k[:], nil }

// GobDecode is GobEncode's inverse; data of another length is an error,
// so a damaged entry is a miss.
func (k *Key) GobDecode(data []byte) error {
	if len(data) != len(k) {
		return fmt.Errorf("a key of %d bytes, want %d", len(data), len(k))
	}
	copy(k[:], data)
	return nil
}

// Cache is an open cache folder. Safe for concurrent use.
type Cache struct {
	dir     string
	version Key

	mu   sync.Mutex
	docs *shards[Key, *markdown.Doc] // metadata only: HTML lives in its own file

	// Decoded front matter by the key of its bytes, and where each file's
	// body began, by its name's key: typed, so that gob writes their type
	// once per file rather than with every entry (an interface value
	// carries its type's name and a message of its own: two fifths of the
	// decoding of a cache's front matter, and as many allocations).
	fronts  *shards[Key, *content.Decoded]
	offsets *shards[Key, int]
	// Other values (the ranking of related news), gob-encoded as
	// interfaces: callers gob.Register their types before Open.
	values *shards[Key, any]

	search searchDocs // the search index's analysed pages (Analyses)

	// The file index (files.go): content files by slash path.
	files *shards[string, fileEntry]

	notes diag.List // misses worth telling, once each (warnings)

	ordersMu sync.Mutex               // not mu: Save holds that while the manifest is written
	orders   map[string]manifestOrder // by manifest file: the order of the manifest read (see union)
}

// DefaultDir is the cache folder under the user's cache directory.
func DefaultDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "warta"), nil
}

// Version identifies the running executable: its build information, path,
// size and modification time. Any change to warta (a release, a rebuild
// from changed source) starts a fresh cache. Reading the binary's bytes
// would say the same, at the cost of hashing megabytes on every build.
func Version() Key {
	var b strings.Builder
	if bi, ok := debug.ReadBuildInfo(); ok {
		b.WriteString(bi.String())
	}
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			fmt.Fprintf(&b, "\n%s %d %d", exe, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return sha256.Sum256([]byte(b.String()))
}

// Open opens (creating) the cache in dir for warta version v. A cache of
// another version is ignored and replaced on Save.
func Open(dir string, v Key) (*Cache, error) {
	registerGob() // before the values are decoded
	c := &Cache{dir: versionDir(dir, v), version: v,
		docs:    newShards[Key, *markdown.Doc]("docs", keyShard),
		values:  newShards[Key, any]("values", keyShard),
		fronts:  newShards[Key, *content.Decoded]("frontmatter", keyShard),
		offsets: newShards[Key, int]("bodyoffsets", keyShard),
		files:   newShards[string, fileEntry]("files", nameShard),
	}
	c.docs.codec = &codec[Key, *markdown.Doc]{encodeDocs, decodeDocs}
	if err := os.MkdirAll(filepath.Join(c.dir, "html"), 0o755); err != nil {
		return nil, err
	}
	// Older versions' folders are left for the user's cache cleaner; they
	// are never read. The three indexes are read side by side.
	var wg sync.WaitGroup
	wg.Go(func() { c.docs.load(c.dir, v, c.miss) })
	wg.Go(func() { c.values.load(c.dir, v, c.miss) })
	wg.Go(func() { c.fronts.load(c.dir, v, c.miss) })
	wg.Go(func() { c.offsets.load(c.dir, v, c.miss) })
	wg.Go(func() { c.files.load(c.dir, v, c.miss) })
	wg.Wait()
	return c, nil
}

// Version is the warta version the cache was opened for.
func (c *Cache) Version() Key { return c.version }

// Key makes a key of some data for a kind of value ("frontmatter").
func (c *Cache) Key(kind string, data []byte) Key {
	return c.DocKey(kind, 0, data)
}

// Value returns the value stored under k.
func (c *Cache) Value(k Key) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.values.get(k)
}

// PutValue stores v under k; v's type must be gob-registered.
func (c *Cache) PutValue(k Key, v any) {
	c.mu.Lock()
	c.values.put(k, v)
	c.mu.Unlock()
}

// FrontMatter returns the decoded front matter stored under k (the key of
// its bytes).
func (c *Cache) FrontMatter(k Key) (*content.Decoded, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.fronts.get(k)
	return d, ok && d != nil
}

// PutFrontMatter stores the decoded front matter d under k.
func (c *Cache) PutFrontMatter(k Key, d *content.Decoded) {
	c.mu.Lock()
	c.fronts.put(k, d)
	c.mu.Unlock()
}

// BodyOffset returns the offset stored under k: where a file's body began
// when it was last decoded.
func (c *Cache) BodyOffset(k Key) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offsets.get(k)
}

// PutBodyOffset stores off under k.
func (c *Cache) PutBodyOffset(k Key, off int) {
	c.mu.Lock()
	c.offsets.put(k, off)
	c.mu.Unlock()
}

// DocKey is the key of a body rendered with the given options.
func (c *Cache) DocKey(opts string, firstLine int, body []byte) Key {
	h := sha256.New()
	h.Write(c.version[:])
	h.Write([]byte(opts))
	h.Write([]byte{byte(firstLine), byte(firstLine >> 8), byte(firstLine >> 16), 0})
	h.Write(body)
	var k Key
	copy(k[:], h.Sum(nil))
	return k
}

// Doc returns the cached metadata of a rendered body (HTML empty) and a
// loader for its HTML.
func (c *Cache) Doc(k Key) (*markdown.Doc, func() ([]byte, error), bool) {
	c.mu.Lock()
	d, ok := c.docs.get(k)
	c.mu.Unlock()
	if !ok {
		return nil, nil, false
	}
	load := func() ([]byte, error) {
		b, err := readSealed(c.htmlPath(k), k)
		if err != nil {
			c.miss("a rendered body", err)
		}
		return b, err
	}
	meta := *d
	return &meta, load, true
}

// PutDoc stores a rendered body.
func (c *Cache) PutDoc(k Key, d *markdown.Doc) error {
	if err := writeSealed(c.htmlPath(k), k, []byte(d.HTML)); err != nil {
		return err
	}
	meta := *d
	meta.HTML = ""
	c.mu.Lock()
	c.docs.put(k, &meta)
	c.mu.Unlock()
	return nil
}

func (c *Cache) htmlPath(k Key) string {
	s := k.String()
	return filepath.Join(c.dir, "html", s[:2], s)
}

// Save writes the index of rendered bodies. Entries no page used in this
// build are dropped from the index, but their files stay: another site
// built with the same cache folder may be reading them right now. The
// folder is safe to delete when it grows too large.
func (c *Cache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	// The four kinds of file are written side by side: none reads
	// another's entries.
	var searchErr, docsErr, filesErr error
	var wg sync.WaitGroup
	wg.Go(func() { searchErr = c.saveSearch() })
	// A value gob cannot encode (front matter with unusual keys, say)
	// only costs the next build the decoding it saves: its file is
	// removed.
	wg.Go(func() { _ = c.values.save(c.dir, c.version) })
	wg.Go(func() { _ = c.fronts.save(c.dir, c.version) })
	wg.Go(func() { _ = c.offsets.save(c.dir, c.version) })
	wg.Go(func() { docsErr = c.docs.save(c.dir, c.version) })
	wg.Go(func() { filesErr = c.files.save(c.dir, c.version) })
	wg.Wait()
	return errors.Join(searchErr, docsErr, filesErr)
}

// Manifest is what a build wrote into a destination: the signature of
// each output's inputs, and publish's record of the files (their size and
// time), so the next build can keep a file whose inputs did not change
// without making it again.
type Manifest struct {
	Sigs map[string]Key
	Dest publish.Record
	// Files is the number of content files of the build from the site
	// folder Source, kept beside the manifest for Warm (0 or no Source:
	// not known; Manifest reads neither).
	Files  int
	Source string
}

// manifestOf names the manifest file of dest and what it is bound to: the
// version and the destination's absolute path, so another site's manifest
// put in its place is a miss.
func (c *Cache) manifestOf(dest string) (string, Key) {
	abs, _ := filepath.Abs(dest)
	return manifestName(c.dir, abs), SharedKey(c.version, []byte(abs))
}

// manifestName is the manifest file, in the version folder dir, of the
// destination whose absolute path is abs.
func manifestName(dir, abs string) string {
	h := sha256.Sum256([]byte(abs))
	return filepath.Join(dir, "out-"+hex.EncodeToString(h[:8])+".bin")
}

// versionDir is the folder of warta version v in the cache folder dir.
func versionDir(dir string, v Key) string { return filepath.Join(dir, v.String()[:16]) }

// Warm reports whether the cache folder dir holds, for warta version v, a
// manifest of dest: the build into dest will then keep most of the last
// build's work (without reading or checking the manifest, which the build
// does). files is the number of content files of the build that saved
// it (Manifest.Files) when that build was of the site folder source, or
// 0 when not known: a hint of the site's size before the build has
// listed it, which a file read gives at once where counting the site's
// files took 24 ms at 10,000 articles. It is the last build's count, so
// files added or removed since are not in it.
func Warm(dir string, v Key, dest, source string) (warm bool, files int) {
	abs, _ := filepath.Abs(dest)
	name := manifestName(versionDir(dir, v), abs)
	fi, err := os.Stat(name)
	if err != nil || !fi.Mode().IsRegular() {
		return false, 0
	}
	if b, err := readSealed(sizeName(name), SharedKey(v, []byte(abs))); err == nil {
		if n, k := binary.Uvarint(b); k > 0 && n <= math.MaxInt32 && string(b[k:]) == absPath(source) {
			files = int(n)
		}
	}
	return true, files
}

// sizeName is the file beside the manifest name that holds its
// Manifest.Files: the count (an unsigned varint), then the absolute path
// of the site folder it counts.
func sizeName(manifest string) string { return strings.TrimSuffix(manifest, ".bin") + ".files" }

// absPath is p made absolute, or p when it cannot be.
func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// Manifest loads the manifest of dest, or an empty one.
func (c *Cache) Manifest(dest string) Manifest {
	name, bound := c.manifestOf(dest)
	payload, err := readSealed(name, bound)
	var m Manifest
	var order manifestOrder
	if err == nil {
		m, order, err = decodeManifest(payload)
	}
	if err != nil {
		c.miss("the manifest of "+dest, err)
		return Manifest{}
	}
	c.ordersMu.Lock()
	if c.orders == nil {
		c.orders = map[string]manifestOrder{}
	}
	c.orders[name] = order
	c.ordersMu.Unlock()
	return m
}

// SaveManifest stores the manifest of dest.
func (c *Cache) SaveManifest(dest string, m Manifest) error {
	name, bound := c.manifestOf(dest)
	c.ordersMu.Lock()
	order := c.orders[name]
	c.ordersMu.Unlock()
	// The last build's count goes first: a manifest saved beside it
	// and a count that failed to follow would not match. (Were it to
	// stay, it is a hint of the size, where a manifest not saved is a
	// cold build.)
	_ = os.Remove(sizeName(name))
	if err := writeSealed(name, bound, encodeManifest(m, order)); err != nil {
		return err
	}
	if m.Files > 0 && m.Source != "" {
		return writeSealed(sizeName(name), bound, append(binary.AppendUvarint(nil, uint64(m.Files)), absPath(m.Source)...))
	}
	return nil
}

// miss notes, once per file kind and problem, an entry read as a miss.
func (c *Cache) miss(what string, err error) {
	if errors.Is(err, errMissing) {
		return
	}
	note := diag.Warnf("", 0, "", "build cache: %s was not used (%s); it is made again", what, err.Error())
	c.mu.Lock()
	defer c.mu.Unlock()
	if !slices.ContainsFunc(c.notes, func(n *diag.Diagnostic) bool { return n.Msg == note.Msg }) {
		c.notes = append(c.notes, note)
	}
}

// Notes says, once each, what the cache could not use in this build (an
// entry read as a miss because it was damaged, foreign or unreadable).
func (c *Cache) Notes() diag.List {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.notes)
}
