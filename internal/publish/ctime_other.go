//go:build !linux

package publish

import "io/fs"

// changeTime is unknown here: listings are checked by modification time
// alone.
func changeTime(fs.FileInfo) int64 { return 0 }

// deviceOf is unknown here: a listing's clock dates every folder.
func deviceOf(fs.FileInfo) (uint64, bool) { return 0, false }
