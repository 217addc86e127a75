package publish

import (
	"io/fs"
	"syscall"
)

// changeTime is fi's change time (UnixNano), or 0 when unknown. Unlike
// the modification time, which `touch -d`, cp -p, rsync -t and tar set
// back, no tool can set it back: a folder whose entries changed has
// another change time even when its modification time was restored.
func changeTime(fi fs.FileInfo) int64 {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0
	}
	return st.Ctim.Sec*1e9 + st.Ctim.Nsec
}

// deviceOf is the device holding fi's file, and whether it is known.
func deviceOf(fi fs.FileInfo) (uint64, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return uint64(st.Dev), true
}
