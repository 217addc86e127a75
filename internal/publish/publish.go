// Package publish writes a build's outputs: minified by media type, into a
// temporary folder that replaces the destination only when the whole build
// succeeded, or into memory for the preview server. Files whose bytes did
// not change keep their old inode and mtime, so deploy tools that sync by
// time or checksum upload only what changed.
package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Target receives output files by slash path relative to the site root
// ("berita/x/index.html"). Implementations are safe for concurrent use.
type Target interface {
	WriteFile(name string, data []byte) error
	CopyFile(name string, src fs.FS, srcName string) error
}

// Stats count what a Dir wrote.
type Stats struct {
	Written, Unchanged int64
}

// Stamp is the size and modification time of a file in the destination:
// a file still bearing the stamp a build recorded is the file it wrote.
type Stamp struct {
	Size    int64
	ModTime int64 // UnixNano
}

// Record is what a committed Dir holds: the stamp of every output and the
// token its marker carries. Given back to the next build's Dir (Since), it
// lets that build keep files (Keep) and find stale ones without walking
// the destination.
type Record struct {
	Token [32]byte
	Files map[string]Stamp
}

// Dir publishes into a folder by way of a temporary sibling folder.
type Dir struct {
	prev      Record   // what the build that made dest recorded, if known
	kept      sync.Map // name → Stamp of outputs kept by Keep
	keep      sync.Map // name → true: every output of this build
	moved     sync.Map // name → true: written anew at Commit
	fresh     bool     // Commit renamed the whole folder into place
	tokenOut  [32]byte // token of this build's outputs, set by Commit
	dest, tmp string
	dirs      sync.Map // folders already made under tmp
	written   atomic.Int64
	unchanged atomic.Int64
}

// Marker is the file that marks a folder as warta's output. A build only
// replaces files in a folder that has it (or is empty or new), so pointing
// --destination at the wrong folder cannot wipe it.
const Marker = ".warta"

const markerText = "This folder is written by warta build: its files are replaced on every build.\noutputs "

// token identifies the set of files a build made; the marker records it so
// the next build knows whether its manifest describes the destination.
func (d *Dir) token() [32]byte {
	var names []string
	d.keep.Range(func(k, _ any) bool {
		if n := k.(string); n != Marker {
			names = append(names, n)
		}
		return true
	})
	slices.Sort(names)
	return sha256.Sum256([]byte(strings.Join(names, "\n")))
}

// markerToken reads the token of the marker in dir, if any.
func markerToken(dir string) ([32]byte, bool) {
	var k [32]byte
	b, err := os.ReadFile(filepath.Join(dir, Marker))
	if err != nil {
		return k, false
	}
	_, hexTok, ok := strings.Cut(string(b), "outputs ")
	if !ok {
		return k, false
	}
	raw, err := hex.DecodeString(strings.TrimSpace(hexTok))
	if err != nil || len(raw) != len(k) {
		return k, false
	}
	copy(k[:], raw)
	return k, true
}

// CheckDest refuses destinations that would destroy sources: the site
// folder itself or a folder that contains it, a source folder (content/,
// static/, layouts/, .git) or one inside it, a folder holding content/,
// layouts/ or .git, and anything that is not a folder.
func CheckDest(dest, siteRoot string) error {
	abs, err := resolve(dest)
	if err != nil {
		return err
	}
	root, _ := resolve(siteRoot)
	if abs == root || abs == filepath.Dir(abs) {
		return fmt.Errorf("destination %s is the site folder itself: choose a folder such as public/", dest)
	}
	if rel, err := filepath.Rel(abs, root); err == nil && !strings.HasPrefix(rel, "..") {
		return fmt.Errorf("destination %s contains the site folder: choose a folder inside it, such as public/", dest)
	}
	for _, src := range []string{"content", "static", "layouts", ".git"} {
		dir := filepath.Join(root, src)
		if rel, err := filepath.Rel(dir, abs); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
			return fmt.Errorf("destination %s is inside the site's %s/ folder: choose an output folder such as public/", dest, src)
		}
	}
	for _, danger := range []string{"content", ".git", "layouts"} {
		if _, err := os.Stat(filepath.Join(abs, danger)); err == nil {
			return fmt.Errorf("destination %s holds %s/: refusing to replace it (choose an output folder such as public/)", dest, danger)
		}
	}
	if fi, err := os.Stat(abs); err == nil && !fi.IsDir() {
		return fmt.Errorf("destination %s is a file, not a folder", dest)
	}
	return nil
}

// resolve makes p absolute and follows symbolic links as far as they exist.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r, nil
	}
	return abs, nil
}

// NewDir starts publishing into dest. Call Commit on success, Abort on
// failure; until Commit, dest is untouched. A dest that is a symbolic link
// is published through: the folder it points to receives the build. A
// non-empty dest without the Marker file is refused.
func NewDir(dest string) (*Dir, error) {
	dest, err := resolve(dest)
	if err != nil {
		return nil, err
	}
	if entries, err := os.ReadDir(dest); err == nil && len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dest, Marker)); err != nil {
			return nil, fmt.Errorf("destination %s already holds files that warta did not write (it has no %s file): empty it, or choose another folder such as public/", dest, Marker)
		}
	} else if err == nil || !errors.Is(err, fs.ErrNotExist) {
		if fi, serr := os.Stat(dest); serr == nil && !fi.IsDir() {
			return nil, fmt.Errorf("destination %s is a file, not a folder", dest)
		}
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".tmp-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	d := &Dir{dest: dest, tmp: tmp}
	d.keep.Store(Marker, true)
	return d, nil
}

// local converts a slash name to a path under root, refusing any name that
// would leave it.
func local(root, name string) (string, error) {
	if !filepath.IsLocal(filepath.FromSlash(name)) || strings.Contains(name, "\\") {
		return "", fmt.Errorf("output %q would be written outside the destination", name)
	}
	return filepath.Join(root, filepath.FromSlash(name)), nil
}

// WriteFile writes data unless the destination already holds the same
// bytes, in which case the old file is linked in and keeps its mtime.
func (d *Dir) WriteFile(name string, data []byte) error { return d.write(name, data, true) }

// write is WriteFile; count says whether the file is one of the build's
// outputs in Stats (the marker is not).
func (d *Dir) write(name string, data []byte, count bool) error {
	dst, err := local(d.tmp, name)
	if err != nil {
		return err
	}
	d.keep.Store(name, true)
	old := filepath.Join(d.dest, filepath.FromSlash(name))
	if fi, err := os.Lstat(old); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) {
		if prev, err := os.ReadFile(old); err == nil && bytes.Equal(prev, data) {
			if count {
				d.unchanged.Add(1) // left in place at Commit: same bytes, same mtime
			}
			return nil
		}
	}
	if err := d.mkdir(filepath.Dir(dst)); err != nil {
		return err
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return err
	}
	if count {
		d.written.Add(1)
	}
	return nil
}

// Since tells d what the build that made the destination recorded, so
// Keep can keep its files and Commit need not walk the destination.
func (d *Dir) Since(r Record) { d.prev = r }

// Keep keeps the destination's file name as this build's output, when it
// still bears the stamp the previous build recorded (nobody changed it
// since), and reports whether it did.
func (d *Dir) Keep(name string) bool {
	st, ok := d.prev.Files[name]
	if !ok {
		return false
	}
	if _, err := local(d.tmp, name); err != nil {
		return false
	}
	fi, err := os.Lstat(filepath.Join(d.dest, filepath.FromSlash(name)))
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != st.Size || fi.ModTime().UnixNano() != st.ModTime {
		return false
	}
	d.keep.Store(name, true)
	d.kept.Store(name, st)
	d.unchanged.Add(1)
	return true
}

// Record describes the committed destination: every output with its size
// and time. Call after Commit.
func (d *Dir) Record() Record {
	r := Record{Token: d.tokenOut, Files: map[string]Stamp{}}
	d.keep.Range(func(k, _ any) bool {
		name := k.(string)
		if name == Marker {
			return true
		}
		if st, ok := d.kept.Load(name); ok && !d.fresh {
			if _, moved := d.moved.Load(name); !moved {
				r.Files[name] = st.(Stamp) // kept as it was: same file, same size and time
				return true
			}
		}
		if fi, err := os.Lstat(filepath.Join(d.dest, filepath.FromSlash(name))); err == nil {
			r.Files[name] = Stamp{fi.Size(), fi.ModTime().UnixNano()}
		}
		return true
	})
	return r
}

func (d *Dir) mkdir(dir string) error {
	if dir == d.tmp {
		return nil
	}
	if _, made := d.dirs.Load(dir); made {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	d.dirs.Store(dir, true)
	return nil
}

// CopyFile copies src/srcName to name.
func (d *Dir) CopyFile(name string, src fs.FS, srcName string) error {
	data, err := fs.ReadFile(src, srcName)
	if err != nil {
		return err
	}
	return d.WriteFile(name, data)
}

// Stats reports the files written and left unchanged so far.
func (d *Dir) Stats() Stats { return Stats{d.written.Load(), d.unchanged.Load()} }

// Commit publishes the finished build. Into a new destination, the
// temporary folder is renamed in place. Into an existing one, only what
// changed moves: files left as they were keep their inode and mtime, new
// and changed files are renamed in one by one (each rename is atomic, so no
// reader ever sees a half-written file), and files this build no longer
// makes are removed. Nothing touches the destination before Commit.
func (d *Dir) Commit() error {
	tok := d.token()
	d.tokenOut = tok
	marker := []byte(markerText + hex.EncodeToString(tok[:]) + "\n")
	if _, err := os.Lstat(d.dest); errors.Is(err, fs.ErrNotExist) {
		if err := d.write(Marker, marker, false); err != nil {
			return err
		}
		if err := os.Rename(d.tmp, d.dest); err != nil {
			return fmt.Errorf("publishing %s: %w", d.dest, err)
		}
		d.fresh = true
		return nil
	}
	defer os.RemoveAll(d.tmp)
	// Remove what this build does not make, first: a stale file may stand
	// where a new folder goes.
	stale, err := d.stale()
	if err != nil {
		return fmt.Errorf("publishing %s: %w", d.dest, err)
	}
	if err := d.write(Marker, marker, false); err != nil {
		return err
	}
	for _, p := range stale {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("publishing %s: %w", d.dest, err)
		}
	}
	err = filepath.WalkDir(d.tmp, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(d.tmp, p)
		d.moved.Store(filepath.ToSlash(rel), true)
		target := filepath.Join(d.dest, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.Rename(p, target); err != nil {
			// An emptied folder stands where a file goes now.
			if rmErr := os.Remove(target); rmErr != nil {
				return err
			}
			return os.Rename(p, target)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("publishing %s: %w", d.dest, err)
	}
	if len(stale) > 0 {
		removeEmptyDirs(d.dest)
	}
	return nil
}

// stale lists the destination's files this build does not make. Hidden
// files and folders (.git of a deploy repository, .well-known, the marker)
// are never warta's to remove.
func (d *Dir) stale() ([]string, error) {
	var stale []string
	// The previous build's manifest lists exactly what is there when the
	// destination's marker carries the token that manifest recorded (no
	// other build wrote here since): then no walk is needed.
	if tok, ok := markerToken(d.dest); ok && len(d.prev.Files) > 0 && d.prev.Token == tok {
		for name := range d.prev.Files {
			if _, keep := d.keep.Load(name); !keep && name != Marker {
				stale = append(stale, filepath.Join(d.dest, filepath.FromSlash(name)))
			}
		}
		return stale, nil
	}
	err := filepath.WalkDir(d.dest, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != d.dest && strings.HasPrefix(e.Name(), ".") {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(d.dest, p)
		if _, ok := d.keep.Load(filepath.ToSlash(rel)); !ok {
			stale = append(stale, p)
		}
		return nil
	})
	return stale, err
}

// removeEmptyDirs removes folders left empty under root (deepest first).
func removeEmptyDirs(root string) {
	var dirs []string
	_ = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err == nil && e.IsDir() && p != root {
			dirs = append(dirs, p)
		}
		return nil
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		_ = os.Remove(dirs[i]) // fails, as it should, on folders with files
	}
}

// Abort discards the temporary folder; dest stays as it was.
func (d *Dir) Abort() error { return os.RemoveAll(d.tmp) }

// Memory holds a site in memory, for the preview server and checks.
type Memory struct {
	mu    sync.Mutex
	Files map[string][]byte
	prev  *Memory // with NewMemoryFrom: the previous build
}

// NewMemory returns an empty in-memory target.
func NewMemory() *Memory { return &Memory{Files: map[string][]byte{}} }

// NewMemoryFrom returns an empty in-memory target that can Keep files of
// prev (the previous build of the same site; nil for the first). Call
// Forget after the build so prev can be freed.
func NewMemoryFrom(prev *Memory) *Memory {
	return &Memory{Files: map[string][]byte{}, prev: prev}
}

// Forget drops the reference to the previous build.
func (m *Memory) Forget() {
	m.mu.Lock()
	m.prev = nil
	m.mu.Unlock()
}

// Keep takes name from the previous build as it is (its bytes are never
// modified once built) and reports whether there was one.
func (m *Memory) Keep(name string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.prev == nil {
		return false
	}
	m.prev.mu.Lock()
	b, ok := m.prev.Files[name]
	m.prev.mu.Unlock()
	if ok {
		m.Files[name] = b
	}
	return ok
}

// WriteFile stores data under name.
func (m *Memory) WriteFile(name string, data []byte) error {
	if _, err := local("/", name); err != nil {
		return err
	}
	m.mu.Lock()
	m.Files[path.Clean(name)] = data
	m.mu.Unlock()
	return nil
}

// CopyFile stores src/srcName under name.
func (m *Memory) CopyFile(name string, src fs.FS, srcName string) error {
	f, err := src.Open(srcName)
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	return m.WriteFile(name, data)
}
