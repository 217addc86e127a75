// Package publish writes a build's outputs: minified by media type, into a
// staging tree that replaces the destination all at once only when the
// whole build succeeded (commit.go), one build at a time (lock.go), or into
// memory for the preview server. Files whose bytes did not change keep
// their old inode and mtime, so deploy tools that sync by time or checksum
// upload only what changed.
//
// publish is a leaf writer: it knows nothing of signatures or caches. A
// build that knows the destination's previous files (a Record, kept by the
// cache between builds) gives it to Dir.Since; Dir.Keep then keeps a file
// that still bears the size and time recorded for it.
package publish

import (
	"bytes"
	"compress/flate"
	"context"
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

	"github.com/gofrs/flock"
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
	// Mode is the file's fs.FileMode: a file whose permissions someone
	// changed (chmod 000 in public/ or in the spare tree, which share it)
	// is made again, not kept.
	Mode uint32
	// Shared: the tree this one replaced (the next build's spare) holds
	// this very file at the same name, a hard link made when the build
	// kept it. The next build then need not compare the two files' inodes
	// where its spare's folder is as recorded (see Dir.shared).
	Shared bool
}

// Record is what a committed Dir holds: the stamp of every output and the
// token its marker carries. Given back to the next build's Dir (Since), it
// lets that build keep files (Keep) and find stale ones without walking
// the destination.
type Record struct {
	Token [32]byte
	Files map[string]Stamp
	// Tree lists the committed tree's folders and Spare those of the tree
	// it replaced, kept beside it for the next build (see listing.go):
	// the next builds read only the folders changed since.
	Tree, Spare Listing
}

// Dir publishes into a folder: the new tree is built whole in a staging
// folder and switched into place by Commit (see commit.go), under the
// destination's lock.
type Dir struct {
	prev Record // what the build that made dest recorded, if known
	// outs holds every output of this build (the marker too), under
	// outsMu: one map written once per file, where three sync.Maps cost
	// a third of keeping a file.
	outsMu    sync.Mutex
	outs      map[string]output
	madeDirs  map[string]bool   // slash folders of the staging tree made (or adopted) by mkdir
	folders   shardMap[*folder] // slash folder of outputs
	tokenOut  [32]byte          // token of this build's outputs, set by Commit
	dest, tmp string
	inPlace   bool // staging inside dest, switched entry by entry (mount points)
	// spare: the staging folder is a previous tree (spareName) being
	// turned into this build's, not an empty folder: every file is checked
	// there (same inode as the current tree's, or replaced), and what this
	// build does not make is pruned at Commit.
	spare   bool
	held    map[string]bool // in a reused tree: slash path → folder, as adopted
	listed  Listing         // the reused tree's folders, as adopted
	touched shardMap[bool]  // slash folder of the staging tree → true: its entries changed
	current Listing         // the current tree's folders, as read by Commit
	// currentList waits for the current tree's listing, started by NewDir
	// (listCurrent); nil for a Dir made otherwise.
	currentList func() (map[string]bool, Listing, int, error)
	// clock is the file system's time before the trees were read
	// (fsClock): a listing keeps the times of folders changed before it.
	clock   clock
	treeOut Listing // the new tree's folders, set by Commit
	// folderReads counts the folders of the spare and current trees read
	// (not taken from their Listings).
	folderReads int
	// inodeChecks counts the files of the spare compared with the current
	// tree's by an lstat (not known shared: see shared).
	inodeChecks atomic.Int64
	created     bool // dest did not exist before this build
	// destH is dest's folder, opened on first use (destHandle) and
	// closed by Close.
	destH     *handle
	destOnce  sync.Once
	lock      *flock.Flock
	dirs      shardMap[bool] // folders already made under tmp
	oldDirs   shardMap[bool] // slash folder → a real folder (no symbolic link on the way) in dest
	written   atomic.Int64
	unchanged atomic.Int64
	removing  sync.WaitGroup // removal of the previous tree after the swap
}

// output is what a Dir knows of one of its build's outputs.
type output struct {
	kept   bool  // by Keep: st is its stamp, as recorded before
	linked bool  // the previous tree's file itself (same inode), not a copy
	st     Stamp // when kept
}

// folder is what a Dir knows of a folder of outputs (slash path), found
// once for all the files in it: a site has a folder per page, and a few
// files in each.
type folder struct {
	old    bool        // a real folder in the current tree, every folder on the way too (oldDir)
	shared bool        // in the reused tree, as listed and not read again (see shared)
	made   atomic.Bool // made (or adopted) in the staging tree
}

// folderOf returns what d knows of the folder of output name.
func (d *Dir) folderOf(name string) *folder {
	dir := path.Dir(name)
	if f, ok := d.folders.Load(dir); ok {
		return f
	}
	f := &folder{old: dir == "." || d.oldDir(dir)}
	if l, ok := d.listed[dir]; ok && !l.read && l.ModTime != 0 {
		f.shared = true
	}
	got, _ := d.folders.LoadOrStore(dir, f)
	return got
}

// add records output name.
func (d *Dir) add(name string, o output) {
	d.outsMu.Lock()
	if d.outs == nil {
		d.outs = make(map[string]output, len(d.prev.Files)+16)
	}
	d.outs[name] = o
	d.outsMu.Unlock()
}

// DirOptions configure NewDir.
type DirOptions struct {
	// Waiting is called once when another build holds the destination;
	// NewDir then waits for that build to end (or ctx to be done).
	Waiting func()
	// Since, when set, returns what the build that made the destination
	// recorded (see Dir.Since); it is called under the destination's lock.
	Since func() Record
}

// Marker is the file that marks a folder as warta's output. A build only
// replaces files in a folder that has it (or is empty or new), so pointing
// --destination at the wrong folder cannot wipe it.
const Marker = ".warta"

const markerText = "This folder is written by warta build: its files are replaced on every build.\noutputs "

// token identifies the set of files a build made; the marker records it so
// the next build knows whether its manifest describes the destination.
func (d *Dir) token() [32]byte {
	d.outsMu.Lock()
	names := make([]string, 0, len(d.outs))
	for n := range d.outs {
		if n != Marker {
			names = append(names, n)
		}
	}
	d.outsMu.Unlock()
	slices.Sort(names)
	return sha256.Sum256([]byte(strings.Join(names, "\n")))
}

// CheckDest refuses destinations that would destroy sources: the site
// folder itself or a folder that contains it, a source folder (content/,
// static/, layouts/, .git) or one inside it, a folder holding content/ or
// layouts/ (a site, not an output), and anything that is not a folder. A
// .git in the destination (a deploy repository, or a git worktree's .git
// file) is fine: hidden files there are left alone.
func CheckDest(dest, siteRoot string) error {
	abs, err := resolve(dest)
	if err != nil {
		return err
	}
	root, _ := resolve(siteRoot)
	if abs == root || abs == filepath.Dir(abs) {
		return fmt.Errorf("destination %s is the site folder itself: choose a folder such as public/", dest)
	}
	if rel, err := filepath.Rel(abs, root); err == nil && !above(rel) {
		return fmt.Errorf("destination %s contains the site folder: choose a folder inside it, such as public/", dest)
	}
	for _, src := range []string{"content", "static", "layouts", ".git"} {
		dir := filepath.Join(root, src)
		if rel, err := filepath.Rel(dir, abs); err == nil && !above(rel) {
			return fmt.Errorf("destination %s is inside the site's %s/ folder: choose an output folder such as public/", dest, src)
		}
	}
	for _, danger := range []string{"content", "layouts"} {
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

// NewDir starts publishing into dest. It takes the destination's lock
// (waiting for another build into dest to end), finishes or removes what a
// killed build left, and prepares the staging folder. Call Commit on
// success or Abort on failure, then Close; until Commit, dest is untouched.
// A dest that is a symbolic link is published through: the folder it
// points to receives the build. A non-empty dest without the Marker file is
// refused.
func NewDir(ctx context.Context, dest string, o DirOptions) (*Dir, error) {
	dest, err := resolve(dest)
	if err != nil {
		return nil, err
	}
	if err := checkOwned(dest); err != nil {
		return nil, err
	}
	d := &Dir{dest: dest}
	d.created = !lexists(dest)
	if d.lock, err = lockDest(ctx, dest, o.Waiting); err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			d.Close()
		}
	}()
	// Checked again under the lock: another build may have written since.
	if err := checkOwned(dest); err != nil {
		return nil, err
	}
	if err := recoverDest(dest); err != nil {
		return nil, err
	}
	if o.Since != nil {
		d.prev = o.Since()
	}
	parent := filepath.Dir(dest)
	d.inPlace = mountPoint(dest, parent)
	if !d.inPlace {
		d.tmp, err = os.MkdirTemp(parent, siblingPrefix(dest))
		if err != nil {
			// A parent folder this user cannot write (a mounted web root
			// under /var/www): stage inside dest instead.
			d.inPlace = true
		}
	}
	if d.inPlace {
		if d.tmp, err = os.MkdirTemp(dest, stagingPrefix); err != nil {
			return nil, err
		}
	}
	// The trees are read after the file system's clock, on the staging
	// folder (the trees' file system), so that the listings recorded hold
	// the times of every folder not changed since (fsClock).
	if d.clock, err = fsClock(d.tmp); err != nil {
		return nil, fmt.Errorf("preparing %s: %w", d.tmp, err)
	}
	// The current tree is read from here, beside the build's other
	// stages: Commit needs its hidden entries, and oldDir its folders,
	// for which a lstat each would cost as much again.
	d.currentList = d.listCurrent()
	// The spare is adopted only by a build into a site of warta's: one
	// into a new or empty folder (a destination removed and made again,
	// a fresh deploy clone) shares no file with it, and turning it into
	// the site would cost more than a fresh tree (keepSpare removes it).
	if !d.inPlace && !d.created && holdsMarker(dest) {
		d.held, d.listed, d.folderReads, d.spare = adoptSpare(dest, d.tmp, d.prev.Spare, d.clock)
	}
	if err := os.Chmod(d.tmp, 0o755); err != nil {
		return nil, err
	}
	d.add(Marker, output{})
	ok = true
	return d, nil
}

// checkOwned refuses a dest that is a file, or a folder holding files
// without the Marker (files warta did not write). Hidden entries do not
// count: a fresh deploy repository (only .git) is a fine destination, and
// hidden files are never touched.
func checkOwned(dest string) error {
	fi, err := os.Stat(dest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("destination %s is a file, not a folder", dest)
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if _, err := os.Stat(filepath.Join(dest, Marker)); err != nil {
			return fmt.Errorf("destination %s already holds files that warta did not write (it has no %s file): empty it, or choose another folder such as public/", dest, Marker)
		}
		break
	}
	return nil
}

// above reports whether a path made by filepath.Rel leads out of its base:
// its first element is "..". A folder named "..alt" inside the base is
// inside it.
func above(rel string) bool {
	return rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// local converts a slash name to a path under root, refusing any name that
// would leave it.
func local(root, name string) (string, error) {
	if !filepath.IsLocal(filepath.FromSlash(name)) || strings.Contains(name, "\\") {
		return "", fmt.Errorf("output %q would be written outside the destination", name)
	}
	return filepath.Join(root, filepath.FromSlash(name)), nil
}

// WriteFile writes data into the new tree; when the current tree holds the
// same bytes under name, that file is linked in instead and keeps its
// inode and modification time.
func (d *Dir) WriteFile(name string, data []byte) error { return d.write(name, data, true) }

// Borrows reports that WriteFile keeps nothing of data once it returns
// (render.Borrower): the caller may reuse its buffer.
func (d *Dir) Borrows() bool { return true }

// write is WriteFile; count says whether the file is one of the build's
// outputs in Stats (the marker is not).
func (d *Dir) write(name string, data []byte, count bool) error {
	dst, err := local(d.tmp, name)
	if err != nil {
		return err
	}
	f := d.folderOf(name)
	if old, a, ok := d.oldFile(name, f); ok && a.size == int64(len(data)) && sameReader(old, bytes.NewReader(data)) {
		linked, err := d.link(name, f, old, a, dst)
		if err != nil {
			return err
		}
		d.add(name, output{linked: linked})
		if count {
			d.unchanged.Add(1)
		}
		return nil
	}
	if err := d.clear(dst); err != nil {
		return err
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return err
	}
	d.add(name, output{})
	if count {
		d.written.Add(1)
	}
	return nil
}

// oldFile returns the path, in the current tree, of the regular file that
// name would replace, when one is there and reached without a symbolic
// link (f.old: every folder on the way is a real one), and its lstat: a
// link inside the destination is never followed.
func (d *Dir) oldFile(name string, f *folder) (string, attrs, bool) {
	if d.created || !f.old {
		return "", attrs{}, false
	}
	rel := filepath.FromSlash(name)
	var a attrs
	var err error
	if h := d.destHandle(); h != nil {
		a, err = h.lstat(rel)
	} else {
		a, err = lstatPath(filepath.Join(d.dest, rel))
	}
	if err != nil || !a.mode.IsRegular() {
		return "", attrs{}, false
	}
	return filepath.Join(d.dest, rel), a, true
}

// destHandle is the current tree's folder, opened once for the stats of
// oldFile; nil when it cannot be opened (they then go by path).
func (d *Dir) destHandle() *handle {
	d.destOnce.Do(func() { d.destH, _ = openFolder(d.dest) })
	return d.destH
}

// oldDir reports whether the slash folder dir of the current tree is a real
// folder, every folder on the way too.
func (d *Dir) oldDir(dir string) bool {
	if d.currentList != nil && !hiddenPath(dir) {
		// The listing enters every real folder but hidden ones.
		if _, listing, _, err := d.currentList(); err == nil {
			_, ok := listing[dir]
			return ok
		}
	}
	if v, ok := d.oldDirs.Load(dir); ok {
		return v
	}
	ok := true
	if parent := path.Dir(dir); parent != "." {
		ok = d.oldDir(parent)
	}
	if ok {
		fi, err := os.Lstat(filepath.Join(d.dest, filepath.FromSlash(dir)))
		ok = err == nil && fi.IsDir()
	}
	d.oldDirs.Store(dir, ok)
	return ok
}

// hiddenPath reports whether a slash path has an element starting with ".".
func hiddenPath(p string) bool {
	return strings.HasPrefix(p, ".") || strings.Contains(p, "/.")
}

// link takes the current tree's file old (a: its lstat) into the new tree
// at dst (name's, in folder f), and reports whether the new tree holds
// that very file (same inode) rather than a copy. A reused tree that
// already holds it needs nothing.
func (d *Dir) link(name string, f *folder, old string, a attrs, dst string) (bool, error) {
	if d.spare {
		if !f.made.Load() {
			if err := d.mkdir(filepath.Dir(dst)); err != nil {
				return false, err
			}
			f.made.Store(true)
		}
		if isDir, ok := d.held[name]; ok && !isDir {
			if f.shared && d.prev.Files[name].Shared {
				return true, nil
			}
			d.inodeChecks.Add(1)
			if cur, err := lstatPath(dst); err == nil && cur.sameFile(a) {
				return true, nil
			}
		}
	}
	if err := d.clear(dst); err != nil {
		return false, err
	}
	return linkOrCopy(old, dst)
}

// A file of the reused tree is known to be the current tree's, without an
// lstat (link), when the build that made the current tree kept it by
// linking in the reused tree's file (Stamp.Shared) and the reused tree's
// folder of it was not read again (folder.shared: its modification time
// is the one recorded with its entries), so no entry of it was replaced,
// removed or added since: POSIX updates a folder's time for each. A change
// of the file's bytes in place would be the current tree's too, which
// Keep's stamp check catches.

// clear makes dst's folder and, in a reused tree, removes what stands at
// dst: a file there may be a hard link to the current tree's, which must
// never be written through.
func (d *Dir) clear(dst string) error {
	if err := d.mkdir(filepath.Dir(dst)); err != nil {
		return err
	}
	d.touch(dst) // an entry is made at dst
	if !d.spare {
		return nil
	}
	isDir, ok := d.heldAt(dst)
	switch {
	case !ok:
		return nil // nothing there before this build
	case isDir:
		return removeTree(dst) // a folder where a file goes now
	}
	if err := os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Since tells d what the build that made the destination recorded, so
// Keep can keep its files and Commit need not walk the destination.
func (d *Dir) Since(r Record) { d.prev = r }

// Keep keeps the destination's file name as this build's output, when it
// still bears the stamp the previous build recorded (nobody changed it
// since), and reports whether it did: the file is linked into the new tree
// with its inode and modification time.
func (d *Dir) Keep(name string) bool {
	st, ok := d.prev.Files[name]
	if !ok {
		return false
	}
	dst, err := local(d.tmp, name)
	if err != nil {
		return false
	}
	f := d.folderOf(name)
	old, a, ok := d.oldFile(name, f)
	if !ok || a.size != st.Size || a.mtime != st.ModTime || uint32(a.mode) != st.Mode {
		return false
	}
	linked, err := d.link(name, f, old, a, dst)
	if err != nil {
		return false
	}
	d.add(name, output{kept: true, linked: linked, st: st})
	d.unchanged.Add(1)
	return true
}

// Record describes the committed destination: every output with its size
// and time. Call after Commit.
func (d *Dir) Record() Record {
	r := Record{Token: d.tokenOut, Files: map[string]Stamp{}}
	if d.treeOut != nil {
		// Exchanged: the tree read as current is now the spare.
		r.Tree, r.Spare = d.treeOut, d.current
	}
	d.outsMu.Lock()
	defer d.outsMu.Unlock()
	r.Files = make(map[string]Stamp, len(d.outs))
	for name, o := range d.outs {
		if name == Marker {
			continue
		}
		if o.kept {
			st := o.st // kept as it was: same file, same size and time
			st.Shared = o.linked
			r.Files[name] = st
			continue
		}
		if a, err := lstatPath(filepath.Join(d.dest, filepath.FromSlash(name))); err == nil {
			r.Files[name] = Stamp{Size: a.size, ModTime: a.mtime, Mode: uint32(a.mode), Shared: o.linked}
		}
	}
	return r
}

// heldAt reports what the reused tree held at path p (under the staging
// folder) when it was adopted: whether anything, and whether a folder.
func (d *Dir) heldAt(p string) (isDir, ok bool) {
	rel, found := strings.CutPrefix(p, d.tmp+string(filepath.Separator))
	if !found {
		// Not below the staging folder as joined by local (p is always,
		// but filepath.Rel is the general answer).
		rel, _ = filepath.Rel(d.tmp, p)
	}
	isDir, ok = d.held[filepath.ToSlash(rel)]
	return isDir, ok
}

func (d *Dir) mkdir(dir string) error {
	if dir == d.tmp {
		return nil
	}
	if _, made := d.dirs.Load(dir); made {
		return nil
	}
	// One mkdir for a folder whose parent this build made (every page's
	// own folder), instead of MkdirAll's stat of it and of its parent.
	if err := d.mkdir(filepath.Dir(dir)); err != nil {
		return err
	}
	if d.spare {
		// A reused tree: the folder is probably there; anything else
		// standing in its place (a file, a symbolic link) goes.
		if isDir, ok := d.heldAt(dir); ok {
			if isDir {
				d.made(dir)
				return nil
			}
			if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	d.touch(dir)
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d.made(dir)
	return nil
}

// made notes that the staging tree's folder dir is this build's.
func (d *Dir) made(dir string) {
	d.dirs.Store(dir, true)
	if rel, ok := strings.CutPrefix(dir, d.tmp+string(filepath.Separator)); ok {
		d.outsMu.Lock()
		if d.madeDirs == nil {
			// A folder per page: sized for the last build's, as d.outs.
			d.madeDirs = make(map[string]bool, len(d.prev.Tree))
		}
		d.madeDirs[filepath.ToSlash(rel)] = true
		d.outsMu.Unlock()
	}
}

// CopyFile copies src/srcName to name as a stream (never whole in
// memory); when the current tree holds the same bytes, that file is linked
// in instead.
func (d *Dir) CopyFile(name string, src fs.FS, srcName string) error {
	dst, err := local(d.tmp, name)
	if err != nil {
		return err
	}
	fi, err := fs.Stat(src, srcName)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", srcName)
	}
	fo := d.folderOf(name)
	if old, oa, ok := d.oldFile(name, fo); ok && oa.size == fi.Size() {
		f, err := src.Open(srcName)
		if err != nil {
			return err
		}
		same := sameReader(old, f)
		f.Close()
		if same {
			linked, err := d.link(name, fo, old, oa, dst)
			if err != nil {
				return err
			}
			d.add(name, output{linked: linked})
			d.unchanged.Add(1)
			return nil
		}
	}
	if err := d.clear(dst); err != nil {
		return err
	}
	f, err := src.Open(srcName)
	if err != nil {
		return err
	}
	defer f.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, f); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	d.add(name, output{})
	d.written.Add(1)
	return nil
}

// Stats reports the files written and left unchanged so far.
func (d *Dir) Stats() Stats { return Stats{d.written.Load(), d.unchanged.Load()} }

// Commit switches the finished tree into place, all or nothing (see
// commit.go): files left as they were keep their inode and modification
// time, files this build no longer makes are gone, hidden files warta did
// not write stay. On error the destination is the previous site, except
// for a *PartialError (an in-place switch that failed and could not be
// undone), which the next build finishes.
func (d *Dir) Commit() error {
	// The current tree is read while the staging tree is finished: they
	// are apart (a staging folder inside dest is hidden, and the listing
	// enters no hidden folder).
	current := d.currentList
	if current == nil {
		current = d.listCurrent()
	}
	tok := d.token()
	d.tokenOut = tok
	marker := []byte(markerText + hex.EncodeToString(tok[:]) + "\n")
	if err := d.write(Marker, marker, false); err != nil {
		_, _, _, _ = current()
		return err
	}
	if d.spare {
		if err := d.prune(); err != nil {
			_, _, _, _ = current()
			return fmt.Errorf("publishing %s: %w", d.dest, err)
		}
	}
	if err := d.carryHidden(current); err != nil {
		return fmt.Errorf("publishing %s: %w", d.dest, err)
	}
	if !d.inPlace {
		d.treeOut = d.listing()
		err := exchange(d.tmp, d.dest)
		if err == nil {
			// The previous tree is under the staging name now; it is kept
			// as the next build's staging folder (keepSpare).
			keepSpare(d.dest, d.tmp)
			return nil
		}
		if !errors.Is(err, errNoExchange) {
			return fmt.Errorf("publishing %s: %w", d.dest, err)
		}
		d.treeOut = nil // switched entry by entry, and no spare kept
	}
	if err := d.switchInPlace(); err != nil {
		return fmt.Errorf("publishing %s: %w", d.dest, err)
	}
	d.removing.Add(1)
	go func() {
		defer d.removing.Done()
		_ = removeTree(d.tmp)
	}()
	return nil
}

// Abort discards the staging folder; dest stays as it was. It also
// releases the lock, as Close does.
func (d *Dir) Abort() error {
	var err error
	switch {
	case d.spare:
		// adoptSpare took its marker away (a staging folder holds one
		// only from Commit on): put it back, or keepSpare would take the
		// tree for an empty folder and remove it, and the next build would
		// link every file again. What this build changed in it is pruned
		// and checked again by the next build.
		if err := os.WriteFile(filepath.Join(d.tmp, Marker), []byte(markerText), 0o644); err != nil {
			_ = removeTree(d.tmp)
			break
		}
		keepSpare(d.dest, d.tmp)
	case d.tmp != "":
		err = removeTree(d.tmp)
	}
	d.Close()
	return err
}

// Close waits for the previous tree's removal and releases the
// destination's lock. A destination this build created and left empty (it
// failed) is removed. Close may be called more than once.
func (d *Dir) Close() {
	d.removing.Wait()
	if d.currentList != nil {
		_, _, _, _ = d.currentList() // no reading after the lock is gone
	}
	d.destOnce.Do(func() {}) // none opened from now on
	if d.destH != nil {
		d.destH.close()
		d.destH = nil
	}
	if d.lock == nil {
		return
	}
	if d.created {
		if entries, err := os.ReadDir(d.dest); err == nil && len(entries) == 1 && entries[0].Name() == LockFile {
			_ = os.Remove(filepath.Join(d.dest, LockFile))
			_ = os.Remove(d.dest)
		}
	}
	_ = d.lock.Close()
	d.lock = nil
}

// Memory holds a site in memory, for the preview server and checks.
type Memory struct {
	mu sync.Mutex
	// Files are the outputs by name: as written, or packed (see Pack)
	// when the Memory was made by NewPackedFrom.
	Files  map[string][]byte
	prev   *Memory // with NewMemoryFrom: the previous build
	packed bool
}

// NewMemory returns an empty in-memory target.
func NewMemory() *Memory { return &Memory{Files: map[string][]byte{}} }

// NewMemoryFrom returns an empty in-memory target that can Keep files of
// prev (the previous build of the same site; nil for the first). Call
// Forget after the build so prev can be freed.
func NewMemoryFrom(prev *Memory) *Memory {
	return &Memory{Files: map[string][]byte{}, prev: prev}
}

// NewPackedFrom is NewMemoryFrom for a memory that holds its files packed
// (Pack): the preview keeps a 10,000-article site, about 300 MB of HTML,
// in a fifth of that. prev must be packed too (or nil). Read files with
// File.
func NewPackedFrom(prev *Memory) *Memory {
	m := NewMemoryFrom(prev)
	m.packed = true
	return m
}

// File returns the bytes written under name, unpacked.
func (m *Memory) File(name string) ([]byte, bool) {
	m.mu.Lock()
	b, ok := m.Files[name]
	m.mu.Unlock()
	if !ok || !m.packed {
		return b, ok
	}
	data, err := Unpack(b)
	return data, err == nil
}

// Pack returns data in the packed form of NewPackedFrom's memories: one
// byte saying how, then the bytes, DEFLATE-compressed (RFC 1951, at the
// fastest level) unless the file's kind is compressed already (images,
// fonts, archives) or compressing does not make it smaller.
func Pack(name string, data []byte) []byte {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".woff", ".woff2", ".zip", ".gz", ".pdf", ".mp4", ".mp3":
		return append([]byte{packRaw}, data...)
	}
	var b bytes.Buffer
	b.Grow(len(data)/4 + 64)
	b.WriteByte(packDeflate)
	w, _ := flate.NewWriter(&b, flate.BestSpeed)
	_, _ = w.Write(data)
	_ = w.Close()
	if b.Len() >= len(data)+1 {
		return append([]byte{packRaw}, data...)
	}
	return b.Bytes()
}

const (
	packRaw     = 0
	packDeflate = 1
)

// Unpack returns the bytes Pack was given.
func Unpack(packed []byte) ([]byte, error) {
	if len(packed) == 0 {
		return nil, errors.New("publish: empty packed file")
	}
	switch packed[0] {
	case packRaw:
		return packed[1:], nil
	case packDeflate:
		return io.ReadAll(flate.NewReader(bytes.NewReader(packed[1:])))
	}
	return nil, fmt.Errorf("publish: unknown packing %d", packed[0])
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
	name = path.Clean(name)
	if m.packed {
		data = Pack(name, data)
	}
	m.mu.Lock()
	m.Files[name] = data
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
