package cache

import (
	"io/fs"
	"syscall"
)

// changeOf is the inode number and change time of fi: no tool can set the
// change time back (unlike the modification time, which cp -p, rsync -t
// and tar restore), and a file replaced by another has a new inode. ok is
// false when unknown.
func changeOf(fi fs.FileInfo) (ino, ctime int64, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return int64(st.Ino), st.Ctim.Sec*1e9 + st.Ctim.Nsec, true
}
