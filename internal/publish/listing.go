package publish

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A build needs to know what two trees hold: the spare tree it turns into
// the new site (to remove what it does not make) and the current tree (to
// carry the hidden files warta did not write). Walking both costs a read
// of every folder, and a site has a folder per page. A Listing, recorded
// by the build that committed a tree, spares most of those reads: a
// folder's modification time changes whenever an entry is added, removed
// or renamed in it (POSIX), so a folder whose time is still the recorded
// one holds the recorded entries, and only the others are read (git's
// untracked cache relies on the same rule). The change time is compared
// too: a modification time set back (touch -d) does not restore it.
// Every folder is still checked with one lstat, which also finds a link
// or file put in a folder's place.

// Listing describes the folders of a tree: slash path relative to the
// tree's root → its entries. The root itself is always read.
type Listing map[string]Folder

// Folder is one folder of a Listing.
type Folder struct {
	// ModTime is the folder's modification time (UnixNano) when its
	// entries were read; 0 means unknown: the folder is read again.
	ModTime int64
	// ChangeTime is the folder's change time (UnixNano; 0 where the
	// system does not say): a folder whose entries were changed and its
	// modification time then set back has another one.
	ChangeTime int64
	// Names are the folder's entries, each followed by "\x00"; a folder's
	// name ends in "/" before it.
	Names string
	// read: the entries were read by this listing, not taken from the
	// recorded one (not recorded itself).
	read bool
}

// listRacy is how recently, by the system's clock, a folder may have
// changed for its time to be trusted, when the file system's own clock
// cannot be read (see fsClock): two seconds, FAT's granularity.
const listRacy = 2 * time.Second

// clock is the file system's time (UnixNano) before the trees are read,
// and the device it was read on (fsClock).
type clock struct {
	t   int64
	dev uint64
	// onDev: dev is known, and only folders on it are dated by t (a
	// file system mounted inside a tree keeps its own clock).
	onDev bool
}

// trusts reports whether a folder (a: its lstat) was last changed before c: on c's file system, at an earlier tick of its
// clock.
func (c clock) trusts(a attrs) bool {
	if c.onDev && a.dev != c.dev {
		return false
	}
	return a.mtime < c.t && a.ctime < c.t
}

// fsClock returns the time, on the file system holding dir, of an entry
// made there now: the time a change made after it bears, at the least. A
// folder of that file system read after it whose times are both before it
// was last changed at an earlier tick of that clock, so any later change
// gives it another time, whatever the file system's granularity (the rule
// git applies to its index: racy-git.txt). Folders changed in the same
// tick are read again by the next build. Where no entry can be made, it
// falls back to the system's clock less listRacy, for every device. The
// entry is removed; an error says it could not be (dir then holds it).
func fsClock(dir string) (clock, error) {
	fallback := clock{t: time.Now().Add(-listRacy).UnixNano()}
	f, err := os.CreateTemp(dir, ".warta-clock-*")
	if err != nil {
		return fallback, nil
	}
	fi, statErr := f.Stat()
	f.Close()
	if err := os.Remove(f.Name()); err != nil {
		return fallback, err
	}
	if statErr != nil {
		return fallback, nil
	}
	c := clock{t: fi.ModTime().UnixNano()}
	if ct := changeTime(fi); ct != 0 && ct < c.t {
		c.t = ct
	}
	c.dev, c.onDev = deviceOf(fi)
	return c, nil
}

// listTree lists the tree at root: every entry's slash path → whether it
// is a folder. Hidden folders are listed but not entered (warta removes or
// carries them whole). prev, when not nil, is the tree's recorded
// Listing; the Listing returned describes the tree as read now, with the
// times of the folders last changed before c (fsClock, taken before the
// listing starts) and of no other. dirInfo,
// when not nil, is called with each folder's Lstat (the root's too, as
// "."); an error from it stops the listing. reads counts the folders read.
// hiddenOnly leaves out of the returned map every entry but the hidden
// ones (names starting with "."): all a caller looking for hidden files
// needs, where a site has tens of thousands of others.
func listTree(root string, prev Listing, c clock, dirInfo func(rel string, a attrs) error, hiddenOnly bool) (map[string]bool, Listing, int, error) {
	reads := 0
	held := map[string]bool{}
	if !hiddenOnly {
		// Sized for the recorded tree: a folder and a file or two in each
		// (a page's folder).
		held = make(map[string]bool, 2*len(prev))
	}
	next := make(Listing, len(prev))
	// visit lists the folder rel, whose lstat its parent made (a).
	var visit func(rel string, a attrs) error
	visit = func(rel string, a attrs) error {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if !a.mode.IsDir() {
			// Listed as a folder, but a link or a file stands there now.
			held[rel] = false
			return nil
		}
		if dirInfo != nil {
			if err := dirInfo(rel, a); err != nil {
				return err
			}
		}
		mt, ct := a.mtime, a.ctime
		f, ok := prev[rel]
		f.read = false // a Listing handed over in memory may say read
		if !ok || f.ModTime == 0 || f.ModTime != mt || f.ChangeTime != ct || rel == "." {
			entries, err := os.ReadDir(p)
			if err != nil {
				return err
			}
			reads++
			var b strings.Builder
			for _, e := range entries {
				b.WriteString(e.Name())
				if e.IsDir() {
					b.WriteByte('/')
				}
				b.WriteByte(0)
			}
			f = Folder{Names: b.String(), read: true}
			if c.trusts(a) {
				f.ModTime, f.ChangeTime = mt, ct
			}
		}
		next[rel] = f
		// Its folders are stat relative to it (one name each, not the
		// whole path again: half the kernel's time for each), through a
		// handle opened when it has any.
		var here *handle
		noHandle := false
		defer func() {
			if here != nil {
				here.close()
			}
		}()
		for names := f.Names; names != ""; {
			i := strings.IndexByte(names, 0)
			name := names[:i]
			names = names[i+1:]
			name, isDir := strings.CutSuffix(name, "/")
			hidden := strings.HasPrefix(name, ".")
			if hiddenOnly && !hidden && !isDir {
				continue
			}
			child := name
			if rel != "." {
				child = rel + "/" + name
			}
			if !isDir || hidden {
				held[child] = isDir
				continue
			}
			if !hiddenOnly {
				held[child] = true
			}
			if here == nil && !noHandle {
				here, _ = openFolder(p)
				noHandle = here == nil // a folder that can be searched but not opened: by path
			}
			var ca attrs
			var err error
			if here != nil {
				ca, err = here.lstat(name)
			} else {
				ca, err = lstatPath(filepath.Join(p, name))
			}
			if err == nil {
				err = visit(child, ca)
			}
			if err != nil {
				if !errors.Is(err, fs.ErrNotExist) {
					return err
				}
				// Gone since its parent was read (someone removing
				// files from the live site): not held, and the
				// parent is read again by the next build.
				delete(held, child)
				f.ModTime = 0
				next[rel] = f
			}
		}
		return nil
	}
	a, err := lstatPath(root)
	if err == nil {
		err = visit(".", a)
	}
	if err != nil {
		return nil, nil, reads, err
	}
	return held, next, reads, nil
}
