//go:build !linux

package publish

import (
	"io/fs"
	"os"
	"path/filepath"
)

// attrs is what a build reads of an entry's lstat (see stat_linux.go);
// here from os.Lstat, without device, inode or owner.
type attrs struct {
	size         int64
	mtime, ctime int64
	mode         fs.FileMode
	dev, ino     uint64
	uid          uint32
}

// sameFile is not known here: a reused tree's file is replaced.
func (a attrs) sameFile(b attrs) bool { return false }

// owned: ownership is not checked here.
func (a attrs) owned() bool { return true }

// handle is a folder whose entries are stat by their path.
type handle struct{ path string }

func openFolder(path string) (*handle, error) { return &handle{path: path}, nil }

func (h *handle) lstat(rel string) (attrs, error) {
	return lstatPath(filepath.Join(h.path, filepath.FromSlash(rel)))
}

func (h *handle) close() {}

func lstatPath(path string) (attrs, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return attrs{}, err
	}
	return attrs{size: fi.Size(), mtime: fi.ModTime().UnixNano(), ctime: changeTime(fi), mode: fi.Mode()}, nil
}
