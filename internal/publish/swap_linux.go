package publish

import (
	"errors"
	"io/fs"
	"os"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// exchange swaps the folders a and b in one step: renameat2(2) with
// RENAME_EXCHANGE (Linux 3.15 and later; ext4, xfs, btrfs, tmpfs and most
// local file systems). A reader resolving a path under either name sees
// the old tree or the new one, never a mix. It returns errNoExchange where
// the file system cannot do it (NFS, some FUSE file systems).
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.EOPNOTSUPP) {
		return errNoExchange
	}
	return err
}

// mountPoint reports whether dir is the root of a mount (a Docker volume,
// a mounted web root, a bind mount): such a folder cannot be renamed, so it
// is switched in place. It compares statx(2) mount IDs of dir and its
// parent, and device numbers where statx lacks them.
func mountPoint(dir, parent string) bool {
	var a, b unix.Statx_t
	const mask = unix.STATX_MNT_ID | unix.STATX_INO
	if unix.Statx(unix.AT_FDCWD, dir, unix.AT_SYMLINK_NOFOLLOW, mask, &a) == nil &&
		unix.Statx(unix.AT_FDCWD, parent, unix.AT_SYMLINK_NOFOLLOW, mask, &b) == nil {
		if a.Mask&b.Mask&unix.STATX_MNT_ID != 0 {
			return a.Mnt_id != b.Mnt_id
		}
		return a.Dev_major != b.Dev_major || a.Dev_minor != b.Dev_minor
	}
	return false
}

// linkFallback reports whether a hard link failed for a reason that a copy
// avoids: another file system (EXDEV), no hard links there (EPERM,
// EOPNOTSUPP), or too many links to one file (EMLINK).
func linkFallback(err error) bool {
	return errors.Is(err, unix.EXDEV) || errors.Is(err, unix.EPERM) || errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.EMLINK)
}

// ownedByMe reports whether this process's user owns the file.
func ownedByMe(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == euid()
}

// euid is the process's effective user ID, asked of the kernel once: a
// rebuild checks the owner of every folder of two trees (20,000 geteuid
// calls at 10,000 articles), and warta never changes its user.
var euid = sync.OnceValue(os.Geteuid)
