package cache

import (
	"crypto/sha256"
	"time"
)

// The file index lets a build take an unchanged content file from the
// store without reading it: for each file the last build read, its size,
// modification time, inode and change time, its content hash, and the
// keys under which the store holds its decoded front matter and its
// rendered body. A file whose four stat values are as recorded is the
// file that was read (git's index works the same way; the change time
// cannot be set back by cp -p, rsync -t or tar, and a file replaced by
// another has a new inode).
//
// A file modified within the clock's granularity of being read could keep
// all four values while its bytes changed (git's "racily clean" entries):
// an entry is recorded only for a file whose modification and change
// times are at least RacyWindow older than the build that read it, so
// such a file is read again by the next build, which then records it.

// RacyWindow: a file changed less than this before a build began is read
// again by the next build. It covers the coarsest timestamps of the file systems a site
// lives on (FAT's 2 s) and the kernel's coarse clock for ext4's.
const RacyWindow = 2 * time.Second

// fileEntry is what the last build knew of one content file.
type fileEntry struct {
	Size, ModTime, Inode, ChangeTime int64
	Hash                             Key // SHA-256 of the file's bytes
	FrontMatter                      Key // values key of its decoded front matter
	Offset                           int // where its body begins (after a BOM)
	Doc                              Key // docs key of its rendered body; zero: none
	Markdown                         Key // the renderer options Doc was made with
}

// fileOf returns the entry of file when its stat values are still those
// recorded.
func (c *Cache) fileOf(sk statKey) (fileEntry, bool) {
	if c == nil || !sk.known {
		return fileEntry{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.files.m[sk.file]
	if !ok || e.Size != sk.size || e.ModTime != sk.modTime || e.Inode != sk.inode || e.ChangeTime != sk.changeTime {
		return fileEntry{}, false
	}
	c.files.used[sk.file] = true
	return e, true
}

// putFile records what this build knew of a file it read, when its stat
// values can be trusted by the next build (see RacyWindow).
func (c *Cache) putFile(sk statKey, e fileEntry, began time.Time) {
	if c == nil || !sk.known {
		return
	}
	limit := began.Add(-RacyWindow).UnixNano()
	if sk.modTime >= limit || sk.changeTime >= limit {
		return
	}
	e.Size, e.ModTime, e.Inode, e.ChangeTime = sk.size, sk.modTime, sk.inode, sk.changeTime
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.files.m[sk.file]; !ok || old != e {
		c.files.put(sk.file, e)
	}
	c.files.used[sk.file] = true
}

// markdownKey is the key of a renderer's options, as file entries keep it.
func markdownKey(opts string) Key { return sha256.Sum256([]byte(opts)) }
