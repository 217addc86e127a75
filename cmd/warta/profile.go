package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"runtime/trace"
	"time"
)

// memProfile writes, when path is not empty, a heap profile (for `go tool
// pprof`) taken when the live heap was largest: the live heap is read
// every 50 ms and the profile written again each time it grew by 5 %, so
// its inuse_space shows what the build holds at its peak (as of the
// collection before it), and when it ends, PATH.allocs: the profile of
// everything the run allocated. The returned function ends it. Like
// WARTA_CPUPROFILE it is for measuring warta itself.
func memProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var peak uint64
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if live := sample[0].Value.Uint64(); live > peak+peak/20 {
				peak = live
				if err := writeHeap(path); err != nil {
					fmt.Fprintln(os.Stderr, "warta: WARTA_MEMPROFILE:", err)
					return
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		// Everything allocated in the whole run, for -sample_index=alloc_space
		// (a profile counts what was allocated up to the last collection).
		runtime.GC()
		if f, err := os.Create(path + ".allocs"); err == nil {
			_ = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
}

func writeHeap(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// execTrace writes an execution trace of the command to path (for `go
// tool trace`: which goroutines ran when, and what each waited on) when
// path is not empty; the returned function ends it. Like WARTA_CPUPROFILE
// it is for measuring warta itself.
func execTrace(path string) func() {
	return recordTo(path, "WARTA_TRACE", trace.Start, trace.Stop)
}
