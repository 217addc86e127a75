package publish

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"

	"github.com/warta-portal/warta/internal/source"
)

// LockFile is the file in the destination that a build locks (flock(2),
// through github.com/gofrs/flock) from its start to its end, so that two
// builds into one destination run one after the other, never mixed. It is
// empty and carried from one build to the next like any hidden file.
const LockFile = ".warta.lock"

// lockDest takes the destination's lock, creating dest (empty) if needed.
// When another build holds it, waiting is called once and lockDest waits
// until that build ends or ctx is done. The lock file may be replaced while
// waiting (the other build's folder swap): the lock is taken again until
// the file held is the one in dest.
func lockDest(ctx context.Context, dest string, waiting func()) (*flock.Flock, error) {
	told := false
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(dest, 0o755); err != nil {
			return nil, err
		}
		path := filepath.Join(dest, LockFile)
		// The lock file is opened (and created) through its name: a
		// symbolic link put there would be followed, out of the
		// destination, and a named pipe would block the open. Neither is
		// warta's: it goes, and a regular file takes its place.
		if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
			if err := os.Remove(path); err != nil {
				return nil, fmt.Errorf("%s is %s where warta keeps its lock file: remove it (%w)", path, kindOf(fi), err)
			}
		}
		fl := flock.New(path, flock.SetPermissions(0o644))
		ok, err := fl.TryLock()
		if err == nil && !ok {
			if waiting != nil && !told {
				waiting()
				told = true
			}
			ok, err = fl.TryLockContext(ctx, 50*time.Millisecond)
		}
		if err != nil {
			_ = fl.Close()
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		if !ok {
			_ = fl.Close()
			return nil, ctx.Err()
		}
		held, herr := fl.Stat()
		cur, cerr := os.Lstat(path)
		if herr == nil && cerr == nil && os.SameFile(held, cur) {
			return fl, nil
		}
		_ = fl.Close()
	}
}

// kindOf names what a non-regular file is, for messages.
func kindOf(fi os.FileInfo) string {
	switch {
	case fi.IsDir():
		return "a folder"
	case fi.Mode()&os.ModeSymlink != 0:
		return "a symbolic link"
	}
	return source.Kind(fi.Mode(), "")
}
