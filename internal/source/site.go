package source

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// trees are the site's folders whose files the build reads. With
// Options.LinkedTrees each may itself be a symbolic link to a folder
// anywhere (a shared content folder, say).
var trees = []string{"content", "layouts", "static"}

// Options configure Open.
type Options struct {
	// LinkedTrees lets content/, layouts/ and static/ be symbolic links to
	// folders outside the site, for an operator who links a shared folder
	// on purpose. Off, such a link is refused like any other: a link
	// committed to a site's repository (static -> /proc/self) must not
	// publish the machine.
	LinkedTrees bool
}

// ErrOutside is wrapped by errors for names that lead, through a symbolic
// link, to a file or folder outside the site folder.
var ErrOutside = errors.New("a symbolic link to outside the site folder")

// ErrNotRegular is wrapped by errors for names that are neither regular
// files nor folders: devices, named pipes (FIFOs), sockets, and anything in
// /proc, /sys or /dev. Reading them could hang (a FIFO), never end
// (/dev/zero) or publish the machine's secrets (/proc/self/environ).
var ErrNotRegular = errors.New("not a regular file")

// LinkError is the error of a name that cannot be read because of what it
// is or where it leads. Name is the site-relative slash path of the
// offending link or file (which may be a folder above the name asked for).
type LinkError struct {
	Name   string
	Target string      // the link's resolved target; "" for a file that is not a link
	Mode   fs.FileMode // the type of what Name (or its target) is
	Err    error       // ErrOutside, ErrNotRegular or fs.ErrNotExist (a link to nothing)
	Tree   bool        // Name is content/, layouts/ or static/ itself (see Options.LinkedTrees)
}

func (e *LinkError) Error() string { return e.Name + ": " + e.Reason() }

func (e *LinkError) Unwrap() error { return e.Err }

// Reason says what is wrong, without the name.
func (e *LinkError) Reason() string {
	switch {
	case errors.Is(e.Err, ErrOutside):
		return fmt.Sprintf("a symbolic link to %s, outside the site folder", e.Target)
	case errors.Is(e.Err, fs.ErrNotExist):
		return "a symbolic link to nothing"
	}
	return fmt.Sprintf("%s, not a regular file", Kind(e.Mode, e.Target))
}

// Kind names a file type for editors: "a named pipe (FIFO)", "a device",
// "a socket", "a file of /proc, /sys or /dev".
func Kind(m fs.FileMode, real string) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case kernelPath(real):
		return "a file of /proc, /sys or /dev"
	}
	return "a special file"
}

// kernelPath reports paths in the kernel's and devices' file systems.
func kernelPath(p string) bool {
	for _, k := range []string{"/proc", "/sys", "/dev"} {
		if p == k || strings.HasPrefix(p, k+"/") {
			return true
		}
	}
	return false
}

// DirFS returns the site folder dir as a file system that reads only what
// lies inside the site, unlike os.DirFS, which follows every link:
//
//   - a symbolic link (or a name passing through a linked folder) is
//     followed only to a place inside the site folder; any other link is a
//     *LinkError wrapping ErrOutside, naming the link. See Open for linked
//     content/, layouts/ and static/ folders.
//   - devices, named pipes, sockets and files of /proc, /sys and /dev are
//     never opened: a *LinkError wrapping ErrNotRegular. Files are opened
//     non-blocking and checked again once open, so a file swapped for a
//     FIFO between the check and the open cannot hang the build either.
//
// Hugo (0.111) follows links to files and folders anywhere under content/,
// wherever they point, and refuses every link in static/ ("symlinks not
// allowed in this filesystem"); warta follows both where they stay inside
// the site and refuses the rest, naming the link.
func DirFS(dir string) fs.FS { return Open(dir, Options{}) }

// Open is DirFS with options: with o.LinkedTrees, content/, layouts/ and
// static/ may each link to a folder anywhere, and links below them may
// lead anywhere inside the site folder or inside that folder.
func Open(dir string, o Options) fs.FS {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	return &siteFS{root: abs, linkedTrees: o.LinkedTrees}
}

type siteFS struct {
	root        string // the site folder, absolute and resolved
	linkedTrees bool
}

// resolve follows name one element at a time from the site folder, as the
// kernel would, and checks each link it meets. It returns the resolved
// path and its information (of the target, for a link).
func (s *siteFS) resolve(op, name string) (string, fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	cur := s.root
	if name == "." {
		fi, err := os.Stat(cur)
		if err != nil {
			return "", nil, &fs.PathError{Op: op, Path: name, Err: err}
		}
		return cur, fi, nil
	}
	var (
		fi  fs.FileInfo
		err error
	)
	parts := strings.Split(name, "/")
	tree := "" // the resolved folder of a linked tree
	for i, part := range parts {
		next := filepath.Join(cur, part)
		fi, err = os.Lstat(next)
		if err != nil {
			return "", nil, &fs.PathError{Op: op, Path: name, Err: unwrapPath(err)}
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			link := strings.Join(parts[:i+1], "/")
			real, err := filepath.EvalSymlinks(next)
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return "", nil, &fs.PathError{Op: op, Path: name, Err: reason{&LinkError{Name: link, Err: fs.ErrNotExist}}}
				}
				return "", nil, &fs.PathError{Op: op, Path: name, Err: unwrapPath(err)}
			}
			if fi, err = os.Stat(real); err != nil {
				return "", nil, &fs.PathError{Op: op, Path: name, Err: unwrapPath(err)}
			}
			switch {
			case i == 0 && s.linkedTrees && slices.Contains(trees, part) && fi.IsDir():
				tree = real
			case within(real, s.root) || tree != "" && within(real, tree):
			default:
				return "", nil, &fs.PathError{Op: op, Path: name, Err: reason{&LinkError{Name: link, Target: real, Mode: fi.Mode(), Err: ErrOutside, Tree: i == 0 && slices.Contains(trees, part) && fi.IsDir()}}}
			}
			next = real
		}
		cur = next
	}
	if !fi.Mode().IsRegular() && !fi.IsDir() || kernelPath(cur) {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: reason{&LinkError{Name: name, Target: cur, Mode: fi.Mode().Type(), Err: ErrNotRegular}}}
	}
	return cur, fi, nil
}

// unwrapPath drops the absolute path of an *fs.PathError, which the
// caller replaces with the site-relative one.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// within reports whether p is dir or inside it; both are clean and absolute.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && filepath.IsLocal(rel) || p == dir
}

func (s *siteFS) Open(name string) (fs.File, error) {
	real, fi, err := s.resolve("open", name)
	if err != nil {
		return nil, err
	}
	// O_NONBLOCK: should the file have become a FIFO since the check, the
	// open returns at once instead of waiting for a writer.
	f, err := os.OpenFile(real, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: unwrapPath(err)}
	}
	got, err := f.Stat()
	if err != nil || got.Mode().Type() != fi.Mode().Type() {
		f.Close()
		if err == nil {
			err = reason{&LinkError{Name: name, Target: real, Mode: got.Mode().Type(), Err: ErrNotRegular}}
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &file{File: f, name: name}, nil
}

// Stat follows the same rules as Open, without opening anything.
func (s *siteFS) Stat(name string) (fs.FileInfo, error) {
	_, fi, err := s.resolve("stat", name)
	if err != nil {
		return nil, err
	}
	return renamed{fi, pathBase(name)}, nil
}

// file is an open file named by its site-relative path in errors.
type file struct {
	*os.File
	name string
}

func (f *file) Stat() (fs.FileInfo, error) {
	fi, err := f.File.Stat()
	if err != nil {
		return nil, err
	}
	return renamed{fi, pathBase(f.name)}, nil
}

// renamed is a FileInfo under the name asked for: a link's target keeps
// the link's name, as os.Stat does.
type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }

func pathBase(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// ReadFileIn reads name, an OS path made by joining root and a path inside
// it, under DirFS(root)'s rules: a link that leads out of root is an error
// wrapping ErrOutside, a device, FIFO or socket one wrapping ErrNotRegular,
// and nothing is opened that could hang. For reading other sites' folders
// (warta import) as carefully as the site's own.
func ReadFileIn(root, name string) ([]byte, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	absName, err := filepath.Abs(name)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(absRoot, absName)
	if err != nil || !filepath.IsLocal(rel) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: &LinkError{Name: name, Target: absName, Err: ErrOutside}}
	}
	b, err := fs.ReadFile(DirFS(root), filepath.ToSlash(rel))
	var le *LinkError
	if errors.As(err, &le) {
		return nil, reason{le} // the caller names the file
	}
	return b, err
}

// reason is a *LinkError that says what is wrong without the name, for
// errors that name the file already (*fs.PathError, the callers').
type reason struct{ *LinkError }

func (r reason) Error() string { return r.Reason() }
func (r reason) Unwrap() error { return r.LinkError }
