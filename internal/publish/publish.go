// Package publish writes a build's outputs: minified by media type, into a
// temporary folder that replaces the destination only when the whole build
// succeeded, or into memory for the preview server. Files whose bytes did
// not change keep their old inode and mtime, so deploy tools that sync by
// time or checksum upload only what changed.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
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

// Dir publishes into a folder by way of a temporary sibling folder.
type Dir struct {
	dest, tmp string
	dirs      sync.Map // folders already made under tmp
	written   atomic.Int64
	unchanged atomic.Int64
}

// CheckDest refuses destinations that would destroy sources: the site root
// itself, the file-system root, or a folder holding content/ or .git.
func CheckDest(dest, siteRoot string) error {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	root, _ := filepath.Abs(siteRoot)
	if abs == root || abs == filepath.Dir(abs) {
		return fmt.Errorf("destination %s is the site folder itself: choose a folder such as public/", dest)
	}
	for _, danger := range []string{"content", ".git", "layouts"} {
		if _, err := os.Stat(filepath.Join(abs, danger)); err == nil {
			return fmt.Errorf("destination %s holds %s/: refusing to replace it (choose an output folder such as public/)", dest, danger)
		}
	}
	if rel, err := filepath.Rel(abs, root); err == nil && !strings.HasPrefix(rel, "..") {
		return fmt.Errorf("destination %s contains the site folder: choose a folder inside it, such as public/", dest)
	}
	return nil
}

// NewDir starts publishing into dest. Call Commit on success, Abort on
// failure; until Commit, dest is untouched.
func NewDir(dest string) (*Dir, error) {
	dest = filepath.Clean(dest)
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
	return &Dir{dest: dest, tmp: tmp}, nil
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
func (d *Dir) WriteFile(name string, data []byte) error {
	dst, err := local(d.tmp, name)
	if err != nil {
		return err
	}
	if dir := filepath.Dir(dst); dir != d.tmp {
		if _, made := d.dirs.Load(dir); !made {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			d.dirs.Store(dir, true)
		}
	}
	old := filepath.Join(d.dest, filepath.FromSlash(name))
	if fi, err := os.Stat(old); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) {
		if prev, err := os.ReadFile(old); err == nil && bytes.Equal(prev, data) {
			if os.Link(old, dst) == nil {
				d.unchanged.Add(1)
				return nil
			}
		}
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return err
	}
	d.written.Add(1)
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

// Commit swaps the finished folder in place of dest; files the build no
// longer makes disappear with the old folder.
func (d *Dir) Commit() error {
	old := ""
	if _, err := os.Lstat(d.dest); err == nil {
		old = d.tmp + ".old"
		if err := os.Rename(d.dest, old); err != nil {
			return fmt.Errorf("replacing %s: %w", d.dest, err)
		}
	}
	if err := os.Rename(d.tmp, d.dest); err != nil {
		if old != "" {
			_ = os.Rename(old, d.dest)
		}
		return fmt.Errorf("replacing %s: %w", d.dest, err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort discards the temporary folder; dest stays as it was.
func (d *Dir) Abort() error { return os.RemoveAll(d.tmp) }

// Memory holds a site in memory, for the preview server and checks.
type Memory struct {
	mu    sync.Mutex
	Files map[string][]byte
}

// NewMemory returns an empty in-memory target.
func NewMemory() *Memory { return &Memory{Files: map[string][]byte{}} }

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

// ErrOutside is returned for names that would leave the destination.
var ErrOutside = errors.New("outside the destination")
