// Command warta builds government news and innovation portals from
// Markdown. See the README for the reference.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/warta-portal/warta/internal/cli"
)

func main() {
	if source, warm, files, ok := cli.BuildSource(os.Args[1:]); ok {
		if warm {
			// Before the build: a warm build reserves the heap it
			// will grow into (hugeHeap), which must happen while no
			// other goroutine allocates.
			tuneGC(source, warm, files)
		} else {
			// Beside the build: counting the site's files takes a walk
			// of content/ (20 ms at 10,000 articles), while the heap is
			// still small for a while after the build starts.
			go tuneGC(source, warm, 0)
		}
	} else if source, ok := cli.ServeSource(os.Args[1:]); ok {
		go tuneServe(source)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	endProfile := cpuProfile(os.Getenv("WARTA_CPUPROFILE"))
	endMemProfile := memProfile(os.Getenv("WARTA_MEMPROFILE"))
	endTrace := execTrace(os.Getenv("WARTA_TRACE"))
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	endTrace()
	endMemProfile()
	endProfile()
	stop()
	os.Exit(code)
}

// cpuProfile writes a CPU profile of the whole command to path (for `go
// tool pprof`) when path is not empty; the returned function ends it.
// It is for measuring warta itself, so it is an environment variable and
// not a flag editors see.
func cpuProfile(path string) func() {
	return recordTo(path, "WARTA_CPUPROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile)
}

// recordTo starts a recording (a profile, a trace) into the file path when
// path is not empty, saying so under the name of its variable when it
// cannot; the returned function stops it and closes the file.
func recordTo(path, variable string, start func(io.Writer) error, stop func()) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = start(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "warta: "+variable+":", err)
		return func() {}
	}
	return func() {
		stop()
		f.Close()
	}
}
