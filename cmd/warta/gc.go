package main

import (
	"io/fs"
	"os"
	"runtime/debug"
	"strings"

	"github.com/warta-portal/warta/internal/build"
)

// smallSite is the number of content files below which the garbage
// collector may let the heap grow four times the live data instead of two.
// On the 1,000-article benchmark corpus that saves about 12 % of CPU time
// for about 75 MB more memory; on 10,000 articles the same setting would
// cost more memory (+45 %) than it saves time (5 %), so large sites keep
// Go's default.
const smallSite = 3000

// tuneGC sets the collector for the size of the site in source, unless the
// operator chose GOGC themselves. It lives in main because the collector's
// setting is the whole process's: the CLI, run in-process by tests, never
// changes it.
func tuneGC(source string) {
	if os.Getenv("GOGC") != "" {
		return
	}
	n := 0
	errStop := fs.SkipAll
	// Through the build's file system, so a content/ that is a symbolic
	// link is followed and nothing else outside the site is.
	_ = fs.WalkDir(build.DirFS(source), "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			if n++; n >= smallSite {
				return errStop
			}
		}
		return nil
	})
	if n < smallSite {
		debug.SetGCPercent(400)
	}
}
