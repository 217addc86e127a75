//go:build !linux

package publish

import "io/fs"

// exchange is not available outside Linux: the destination is switched in
// place, entry by entry, under a journal.
func exchange(a, b string) error { return errNoExchange }

// mountPoint is not known outside Linux; the switch falls back to the
// in-place switch when the exchange is missing anyway.
func mountPoint(dir, parent string) bool { return false }

// linkFallback: any failed hard link is retried as a copy.
func linkFallback(err error) bool { return true }

// ownedByMe: ownership is not checked here.
func ownedByMe(fs.FileInfo) bool { return true }
