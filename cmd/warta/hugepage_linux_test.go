package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestHugeHeap checks that the heap the process grows into after
// hugeHeap lies in memory marked for huge pages ("hg" among the mapping's
// VmFlags in /proc/self/smaps, proc(5)).
func TestHugeHeap(t *testing.T) {
	if !thpOnRequest() {
		t.Skip("this kernel does not give huge pages on request (transparent_hugepage is not \"madvise\")")
	}
	hugeHeap(64 << 20)
	// Allocations large enough to need fresh pages land in the marked range.
	var marked, total int
	keep := make([][]byte, 0, 16)
	for range 16 {
		b := make([]byte, 1<<20)
		keep = append(keep, b)
		total++
		if hugeMarked(t, uintptr(unsafe.Pointer(unsafe.SliceData(b)))) {
			marked++
		}
	}
	if marked < total/2 {
		t.Errorf("%d of %d fresh 1 MiB allocations are in memory marked for huge pages, want most", marked, total)
	}
	_ = keep
}

// hugeMarked reports whether the mapping holding address a is marked
// MADV_HUGEPAGE.
func hugeMarked(t *testing.T, a uintptr) bool {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := mappingRange(line); ok {
			in = lo <= a && a < hi
			continue
		}
		if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok && in {
			return strings.Contains(" "+flags+" ", " hg ")
		}
	}
	return false
}

// mappingRange parses the range of a mapping's first line in smaps
// ("7f00-7f10 rw-p ...").
func mappingRange(line string) (lo, hi uintptr, ok bool) {
	r, _, found := strings.Cut(line, " ")
	if !found {
		return 0, 0, false
	}
	a, b, found := strings.Cut(r, "-")
	if !found {
		return 0, 0, false
	}
	x, err1 := strconv.ParseUint(a, 16, 64)
	y, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uintptr(x), uintptr(y), true
}
