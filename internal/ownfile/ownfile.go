// Package ownfile reads the files warta writes for itself outside a
// site's content (the build cache's files, the destination's journal):
// never through a symbolic link, never a named pipe, device or folder, and
// never more bytes than the caller allows, so that whatever stands at such
// a name cannot make a build hang, read a file elsewhere or run out of
// memory. The site's own files are read through source.DirFS instead.
package ownfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// ErrNotRegular: the name is a symbolic link, a folder, a named pipe, a
// device or a socket, where warta writes only regular files.
var ErrNotRegular = errors.New("not a regular file (a link, folder, pipe or device stands at its name)")

// ErrTooLarge: the file is larger than the caller's limit.
var ErrTooLarge = errors.New("larger than any file warta writes there")

// Read returns the bytes of the regular file at path, or an error wrapping
// fs.ErrNotExist, ErrNotRegular or ErrTooLarge (when it holds more than
// limit bytes), or the system's. The file is opened with O_NOFOLLOW (a
// link is not followed: the open fails) and O_NONBLOCK (a pipe put there
// does not wait for a writer), then checked with fstat before a byte is
// read; bytes appended while it is read count against limit too.
func Read(path string, limit int64) ([]byte, error) {
	return ReadInto(path, limit, nil)
}

// ReadInto is Read into buf's memory when it holds the file (a caller
// that reads many files and keeps none of their bytes reuses one
// buffer); the bytes returned are buf's or new.
func ReadInto(path string, limit int64, buf []byte) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return nil, &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular}
		}
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular}
	}
	if fi.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w: %d bytes, at most %d", ErrTooLarge, fi.Size(), limit)}
	}
	b := buf[:0]
	if int64(cap(b)) < fi.Size()+1 {
		b = make([]byte, 0, fi.Size()+1) // +1: a read at the end finds io.EOF without growing
	}
	b, err = readAll(io.LimitReader(f, limit+1), b)
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w: grew past %d bytes while read", ErrTooLarge, limit)}
	}
	return b, nil
}

// readAll is io.ReadAll into b's capacity.
func readAll(r io.Reader, b []byte) ([]byte, error) {
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}
