package publish

// How a build reaches the destination, all or nothing.
//
// The new site is built as a complete tree in a staging folder on the
// destination's file system: files written anew, files whose bytes did not
// change hard-linked from the current tree (same inode, same modification
// time, no bytes copied), hidden files that warta did not write (a deploy
// repository's .git, .well-known) hard-linked the same way. Then:
//
//   - exchange mode (the usual case: the destination can be renamed): the
//     staging folder, a sibling ".<dest>.tmp-*", swaps places with the
//     destination in one renameat2(RENAME_EXCHANGE). Killed before the
//     swap, the destination is the previous site; after it, the new one.
//     The previous tree, now under the staging name, is removed.
//   - in-place mode (the destination is a mount point, or its file system
//     cannot exchange folders): staging is "dest/.warta-staging-*" (or the
//     sibling, when exchange is missing), and the destination's top-level
//     entries are renamed one by one under a journal (dest/.warta-journal)
//     written before the first rename. A build killed during those renames
//     leaves the journal; the next build finishes the switch before doing
//     anything else, so the destination becomes the new site whole. An
//     error during the renames puts the previous entries back.
//
// Every build takes the destination's lock (LockFile) first and, under it,
// finishes or removes what a killed build left (journal, staging folders).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/warta-portal/warta/internal/ownfile"
)

var errNoExchange = errors.New("folder exchange not supported here")

const (
	journalFile   = ".warta-journal"
	stagingPrefix = ".warta-staging-"
	oldFolder     = ".warta-old" // in staging: the entries the switch displaced
)

// holdsMarker reports whether the folder dir holds the Marker as a
// regular file (a link in its place is not warta's).
func holdsMarker(dir string) bool {
	fi, err := os.Lstat(filepath.Join(dir, Marker))
	return err == nil && fi.Mode().IsRegular()
}

// siblingPrefix is the name prefix of staging folders next to dest.
func siblingPrefix(dest string) string { return "." + filepath.Base(dest) + ".tmp-" }

// internalName reports whether a top-level name in the destination is one
// of warta's own working files.
func internalName(name string) bool {
	return name == LockFile || name == journalFile || strings.HasPrefix(name, stagingPrefix)
}

// journal records an in-place switch: the staging folder and the top-level
// names it replaces (Put) or removes (Drop).
type journal struct {
	Staging string   `json:"staging"`
	Put     []string `json:"put"`
	Drop    []string `json:"drop"`
}

// maxJournal bounds the journal read: it lists the top-level names of
// one destination.
const maxJournal = 64 << 20

// recoverDest, called under the lock, finishes an in-place switch that a
// killed build left half-done and removes staging folders and previous
// trees that killed or failed builds left behind.
func recoverDest(dest string) error {
	jpath := filepath.Join(dest, journalFile)
	b, err := ownfile.Read(jpath, maxJournal)
	if errors.Is(err, ownfile.ErrNotRegular) {
		// A link, pipe or folder at the journal's name is not one warta
		// wrote (it writes a file and renames it there): it goes, never
		// followed or waited for.
		if rerr := os.Remove(jpath); rerr != nil {
			return fmt.Errorf("%s is not the journal warta writes (a link, folder or pipe stands there): remove it, then build again (%v)", jpath, rerr)
		}
		b, err = nil, fs.ErrNotExist
	}
	if err == nil {
		var j journal
		if err := json.Unmarshal(b, &j); err != nil || j.Staging == "" {
			return fmt.Errorf("%s is damaged (%v): move the folder's files back by hand from the staging folder, then remove it", jpath, err)
		}
		if err := applySwitch(dest, j); err != nil {
			return fmt.Errorf("finishing the switch an interrupted build began in %s: %w", dest, err)
		}
		if err := os.Remove(jpath); err != nil {
			return err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	_ = os.Remove(jpath + ".tmp")
	var firstErr error
	clean := func(dir, prefix string) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), prefix) && e.IsDir() {
				if err := removeTree(filepath.Join(dir, e.Name())); err != nil && firstErr == nil {
					firstErr = fmt.Errorf("removing what an interrupted build left: %w", err)
				}
			}
		}
	}
	clean(filepath.Dir(dest), siblingPrefix(dest))
	clean(dest, stagingPrefix)
	return firstErr
}

// spareName is where the tree a build replaced waits, beside dest, to
// become the next build's staging folder: turning it into the next site
// costs a check per file and a write per change, where a fresh staging
// folder costs a hard link per file and the old tree an unlink per file.
func spareName(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".prev")
}

// adoptSpare moves the spare tree of dest, when there is one holding the
// Marker (a tree warta wrote) and owned by this user, onto tmp (an empty
// folder), and returns what it holds (slash path → is a folder; read
// with the help of its recorded Listing, prev) and its Listing as read.
// Its marker goes at once (the staging folder holds one only from Commit
// on), and its folders are made writable (0755) as fresh ones would be. A
// tree this build cannot work in (a folder of another user) is set aside
// for removal and tmp is left empty (ok false).
func adoptSpare(dest, tmp string, prev Listing, c clock) (held map[string]bool, listed Listing, reads int, ok bool) {
	spare := spareName(dest)
	if !holdsMarker(spare) {
		return nil, nil, 0, false
	}
	if fi, err := os.Lstat(spare); err != nil || !fi.IsDir() || !ownedByMe(fi) {
		return nil, nil, 0, false
	}
	// rename(2) itself: os.Rename refuses an existing folder as the new
	// name, which rename(2) replaces when it is empty.
	if err := syscall.Rename(spare, tmp); err != nil {
		return nil, nil, 0, false
	}
	err := os.Remove(filepath.Join(tmp, Marker))
	if err == nil {
		held, listed, reads, err = listTree(tmp, prev, c, func(rel string, a attrs) error {
			p := filepath.Join(tmp, filepath.FromSlash(rel))
			if !a.owned() {
				return fmt.Errorf("%s belongs to another user", p)
			}
			if a.mode.Perm() != 0o755 {
				return os.Chmod(p, 0o755)
			}
			return nil
		}, false)
	}
	if err != nil {
		aside := tmp + "-unusable" // under the staging prefix: a later build removes what this one cannot
		if os.Rename(tmp, aside) == nil {
			_ = removeTree(aside)
		}
		_ = os.Mkdir(tmp, 0o700)
		return nil, nil, 0, false
	}
	return held, listed, reads, true
}

// keepSpare keeps the replaced tree old as dest's spare (see spareName),
// or removes it when it cannot be kept. What stands at the spare's name
// is replaced only when it is warta's: a folder holding the Marker, or a
// link or file (removed itself, never followed). A folder of someone
// else's under that name stays, and old goes.
func keepSpare(dest, old string) {
	spare := spareName(dest)
	if !holdsMarker(old) {
		// Not a site (the empty folder a first build replaced): a spare
		// is always a tree that holds the marker.
		_ = removeTree(old)
		// A spare of warta's beside it is an older site's (the
		// destination was removed since): it shares no file with the
		// new one, and the next build would spend seconds turning it into
		// the new site (at 10,000 articles 9 s, against 2 s from an empty
		// folder): it goes.
		if fi, err := os.Lstat(spare); err == nil && fi.IsDir() && holdsMarker(spare) {
			_ = removeTree(spare)
		}
		return
	}
	if fi, err := os.Lstat(spare); err == nil {
		switch {
		case !fi.IsDir():
			_ = os.Remove(spare)
		case holdsMarker(spare):
			_ = removeTree(spare)
		default:
			_ = removeTree(old)
			return
		}
	}
	if err := os.Rename(old, spare); err != nil {
		_ = removeTree(old)
	}
}

// prune removes from a reused staging tree what this build did not put
// there: outputs of earlier builds, files someone added, and every hidden
// entry but the marker (carryHidden links the current ones back). It
// works from the list adoptSpare made: what the build added is its own.
func (d *Dir) prune() error {
	d.outsMu.Lock()
	outs, madeDirs := d.outs, d.madeDirs
	d.outsMu.Unlock()
	// What is not this build's, by name: what was under a folder removed
	// went with it.
	var stale []string
	for rel := range d.held {
		if !strings.HasPrefix(path.Base(rel), ".") {
			if _, file := outs[rel]; file {
				continue // this build's, whatever stood there before
			}
			if madeDirs[rel] {
				continue
			}
		}
		stale = append(stale, rel)
	}
	slices.Sort(stale)
	var gone string // a folder removed: what was under it went with it
	for _, rel := range stale {
		if gone != "" && strings.HasPrefix(rel, gone+"/") {
			continue
		}
		p := filepath.Join(d.tmp, filepath.FromSlash(rel))
		d.touch(p)
		if d.held[rel] {
			if err := removeTree(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			gone = rel
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// removeTree removes a folder of warta's (a staging folder or a previous
// tree), its top-level entries in parallel (unlinking a large site's files
// is most of a rebuild's system time), making its folders writable where
// needed: a folder made read-only by hand must not keep the previous tree
// on disk for ever.
func removeTree(dir string) error {
	if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
		// A symbolic link (or a file) stands there: it goes itself; what
		// a link points to is never touched.
		if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 1 {
		next := make(chan string)
		var wg sync.WaitGroup
		for range min(len(entries), max(2, runtime.GOMAXPROCS(0))) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for p := range next {
					_ = os.RemoveAll(p) // what fails is retried below
				}
			}()
		}
		for _, e := range entries {
			next <- filepath.Join(dir, e.Name())
		}
		close(next)
		wg.Wait()
	}
	if err := os.RemoveAll(dir); err == nil {
		return nil
	}
	_ = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && e.IsDir() {
			_ = os.Chmod(p, 0o755)
		}
		return nil
	})
	return os.RemoveAll(dir)
}

// lexists reports whether p exists, without following a final symlink.
func lexists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// applySwitch moves the journal's entries into place. It is idempotent: an
// entry still in staging has not moved yet; whatever stands in its place
// then is the previous one and moves aside first.
func applySwitch(dest string, j journal) error {
	old := filepath.Join(j.Staging, oldFolder)
	if err := os.MkdirAll(old, 0o755); err != nil {
		return err
	}
	for _, n := range j.Drop {
		if err := checkName(n); err != nil {
			return err
		}
		if lexists(filepath.Join(dest, n)) {
			if err := os.Rename(filepath.Join(dest, n), filepath.Join(old, n)); err != nil {
				return err
			}
		}
	}
	for _, n := range j.Put {
		if err := checkName(n); err != nil {
			return err
		}
		src := filepath.Join(j.Staging, n)
		if !lexists(src) {
			continue
		}
		dst := filepath.Join(dest, n)
		if lexists(dst) {
			if err := os.Rename(dst, filepath.Join(old, n)); err != nil {
				return err
			}
		}
		if err := os.Rename(src, dst); err != nil {
			return err
		}
	}
	return nil
}

// checkName refuses journal names that are not a single path element.
func checkName(n string) error {
	if n == "" || n == "." || n == ".." || strings.ContainsAny(n, `/\`) {
		return fmt.Errorf("journal names %q, which is not a file name", n)
	}
	return nil
}

// rollbackSwitch undoes applySwitch after an error: entries moved into dest
// go back to staging and the previous ones back into dest.
func rollbackSwitch(dest string, j journal) error {
	old := filepath.Join(j.Staging, oldFolder)
	var errs []error
	for _, n := range j.Put {
		src, dst, prev := filepath.Join(j.Staging, n), filepath.Join(dest, n), filepath.Join(old, n)
		if !lexists(src) && lexists(dst) {
			if err := os.Rename(dst, src); err != nil {
				errs = append(errs, err)
				continue
			}
		}
		if lexists(prev) {
			if err := os.Rename(prev, dst); err != nil {
				errs = append(errs, err)
			}
		}
	}
	for _, n := range j.Drop {
		if prev := filepath.Join(old, n); lexists(prev) {
			if err := os.Rename(prev, filepath.Join(dest, n)); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// switchInPlace replaces dest's top-level entries with staging's under a
// journal. Hidden entries of dest other than the marker stay where they
// are.
func (d *Dir) switchInPlace() error {
	j := journal{Staging: d.tmp}
	put := map[string]bool{}
	entries, err := os.ReadDir(d.tmp)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if n := e.Name(); n == Marker || !strings.HasPrefix(n, ".") {
			j.Put = append(j.Put, n)
			put[n] = true
		}
	}
	if entries, err = os.ReadDir(d.dest); err != nil {
		return err
	}
	for _, e := range entries {
		if n := e.Name(); !put[n] && !strings.HasPrefix(n, ".") {
			j.Drop = append(j.Drop, n)
		}
	}
	b, err := json.Marshal(j)
	if err != nil {
		return err
	}
	jpath := filepath.Join(d.dest, journalFile)
	if err := writeSynced(jpath+".tmp", b); err != nil {
		return err
	}
	if err := os.Rename(jpath+".tmp", jpath); err != nil {
		return err
	}
	if err := applySwitch(d.dest, j); err != nil {
		if rerr := rollbackSwitch(d.dest, j); rerr != nil {
			return &PartialError{Dest: d.dest, Err: err, Undo: rerr}
		}
		_ = os.Remove(jpath)
		return err
	}
	return os.Remove(jpath)
}

// PartialError reports a switch that failed half-way and could not be
// undone: the destination holds part of each site until the next build,
// which finishes the switch from the journal first.
type PartialError struct {
	Dest      string
	Err, Undo error
}

func (e *PartialError) Error() string {
	return fmt.Sprintf("publishing %s failed half-way (%v) and putting the previous files back failed too (%v): the next build finishes the switch", e.Dest, e.Err, e.Undo)
}

func (e *PartialError) Unwrap() error { return e.Err }

// writeSynced writes b to p and flushes it to the disk.
func writeSynced(p string, b []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// listCurrent starts reading the current tree (carryHidden's, oldDir's),
// beside what the build does meanwhile, and returns a function that waits
// for the result.
func (d *Dir) listCurrent() func() (map[string]bool, Listing, int, error) {
	var (
		held   map[string]bool
		listed Listing
		reads  int
		err    error
	)
	done := make(chan struct{})
	go func() {
		defer close(done)
		held, listed, reads, err = listTree(d.dest, d.prev.Tree, d.clock, nil, true)
	}()
	return func() (map[string]bool, Listing, int, error) {
		<-done
		return held, listed, reads, err
	}
}

// carryHidden links into staging the hidden files and folders of the
// current tree that warta did not write: at every depth in exchange mode
// (the whole folder is swapped), below the top level in place (the top
// level stays). Symbolic links are carried as links, never followed. The
// current tree is read with the help of its recorded Listing; the Listing
// as read is kept for the next build (Record.Spare).
func (d *Dir) carryHidden(current func() (map[string]bool, Listing, int, error)) error {
	held, listed, reads, err := current()
	if err != nil {
		return err
	}
	d.current, d.folderReads = listed, d.folderReads+reads
	for _, rel := range slices.Sorted(maps.Keys(held)) {
		name := path.Base(rel)
		if !strings.HasPrefix(name, ".") {
			continue
		}
		top := !strings.Contains(rel, "/")
		if top && (d.inPlace || name == Marker || (internalName(name) && name != LockFile)) {
			continue
		}
		dst := filepath.Join(d.tmp, filepath.FromSlash(rel))
		if lexists(dst) {
			continue // a name warta writes now
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		d.touch(dst)
		src := filepath.Join(d.dest, filepath.FromSlash(rel))
		if err := copyTree(src, dst); err != nil {
			return fmt.Errorf("keeping %s: %w", src, err)
		}
	}
	return nil
}

// touch notes that the entries of the staging folder holding p change.
func (d *Dir) touch(p string) {
	rel, err := filepath.Rel(d.tmp, filepath.Dir(p))
	if err == nil {
		d.touched.Store(filepath.ToSlash(rel), true)
	}
}

// listing returns the new tree's Listing: the reused tree's folders whose
// entries this build did not change, as adopted; every other folder is
// read by the next build.
func (d *Dir) listing() Listing {
	out := Listing{}
	for rel, f := range d.listed {
		if _, changed := d.touched.Load(rel); changed || rel == "." {
			continue
		}
		if isDir, ok := d.held[rel]; !ok || !isDir {
			continue
		}
		out[rel] = f
	}
	return out
}

// copyTree recreates src at dst: folders made, files hard-linked (copied
// where links fail), symbolic links recreated as links.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		switch {
		case e.IsDir():
			fi, err := e.Info()
			if err != nil {
				return err
			}
			return os.Mkdir(to, fi.Mode().Perm()|0o700)
		case e.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, to)
		case e.Type().IsRegular():
			_, err := linkOrCopy(p, to)
			return err
		default:
			return nil // sockets, FIFOs, devices: nothing a site serves
		}
	})
}

// linkOrCopy hard-links src to dst (linked), or copies it as a stream (keeping its
// mode and modification time) where a link cannot be made: across file
// systems (EXDEV) or where the file system has no hard links.
func linkOrCopy(src, dst string) (linked bool, err error) {
	err = os.Link(src, dst)
	if err == nil || !linkFallback(err) {
		return err == nil, err
	}
	in, err := os.Open(src)
	if err != nil {
		return false, err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return false, err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fi.Mode().Perm())
	if err != nil {
		return false, err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return false, err
	}
	if err := out.Close(); err != nil {
		return false, err
	}
	return false, os.Chtimes(dst, fi.ModTime(), fi.ModTime())
}

// sameReader reports whether the file at p holds exactly the bytes of r,
// reading both as streams.
func sameReader(p string, r io.Reader) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	const chunk = 64 << 10
	a, b := make([]byte, chunk), make([]byte, chunk+1)
	for {
		n, errA := io.ReadFull(f, a)
		if errA != nil && errA != io.EOF && errA != io.ErrUnexpectedEOF {
			return false
		}
		// At the file's end, ask r for one byte more: it must have none.
		want := n
		if errA != nil {
			want = n + 1
		}
		m, _ := io.ReadFull(r, b[:want])
		if m != n || string(a[:n]) != string(b[:n]) {
			return false
		}
		if errA != nil {
			return true
		}
	}
}

// Recover finishes or removes, under dest's lock, what a build killed while
// publishing into dest left behind, as every build does before it starts
// writing. A dest that does not exist is left so.
func Recover(ctx context.Context, dest string) error {
	dest, err := resolve(dest)
	if err != nil || !lexists(dest) {
		return err
	}
	fl, err := lockDest(ctx, dest, nil)
	if err != nil {
		return err
	}
	defer fl.Close()
	return recoverDest(dest)
}
