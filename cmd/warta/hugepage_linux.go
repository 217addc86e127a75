package main

import (
	"bufio"
	"bytes"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePage is the size of a transparent huge page on x86-64 and arm64
// (4 KiB base pages), in bytes.
const hugePage = 2 << 20

// hugeHeap backs the next n bytes the heap grows into with transparent
// huge pages (2 MiB), where the kernel gives them only to memory that
// asks (/sys/kernel/mm/transparent_hugepage/enabled is "madvise", the
// default of Debian and most distributions). Go asks for none for the
// heap since 1.21.1, for long-running servers' sake. It reserves n bytes
// of heap with one allocation that is never touched, marks them
// (madvise MADV_HUGEPAGE, as the JVM's -XX:+UseTransparentHugePages
// does), and gives them back (debug.FreeOSMemory): the address range,
// and its mark, stay the heap's, and the build's allocations fill it from
// its low end (Go's page allocator takes the lowest free address), one
// page fault per 2 MiB instead of one per 4 KiB.
//
// Only a warm build uses it (tuneGC): its heap grows from nothing to its
// peak in a second or two, and on a virtual machine each 4 KiB fault
// costs microseconds. Measured 2026-12-02 on the 10,000-article corpus,
// one article changed, 5 interleaved rounds after a sync, medians:
// 1.81 s wall and 3.04 s CPU instead of 2.54 s and 4.20 s, 9,700 page
// faults instead of 97,700, the same resident memory (401 MiB, 397). A
// cold build of 100,000 articles gained nothing and peaked 90 MiB higher
// (2,127 MiB), so cold builds do without.
//
// It does nothing where the kernel gives huge pages to all memory
// ("always") or to none ("never", no such file), under strict overcommit
// (vm.overcommit_memory=2), where mapping n bytes charges them even
// untouched, and when the machine's free memory does not hold twice n
// bytes in free blocks of 2 MiB or more (/proc/buddyinfo): a fault in
// marked memory may then make the kernel compact memory to find a huge
// page, a stall of unbounded length (golang/go#61718, the reason Go
// stopped marking its heap), where with free blocks it takes one.
func hugeHeap(n int64) {
	if n < hugePage || !thpOnRequest() || freeHugeBlocks() < 2*n/hugePage {
		return
	}
	b := make([]byte, n) // fresh, so not cleared: no page is touched
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start := (p + hugePage - 1) &^ (hugePage - 1)
	end := (p + uintptr(n)) &^ (hugePage - 1)
	if end > start {
		_ = unix.Madvise(b[start-p:end-p], unix.MADV_HUGEPAGE)
	}
	b = nil
	debug.FreeOSMemory()
}

// thpOnRequest reports whether the kernel gives transparent huge pages
// to memory marked MADV_HUGEPAGE only, and mapping memory does not charge
// it.
func thpOnRequest() bool {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !bytes.Contains(mode, []byte("[madvise]")) {
		return false
	}
	over, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	return err == nil && string(bytes.TrimSpace(over)) != "2"
}

// freeHugeBlocks is the number of free 2 MiB blocks of the machine's
// memory: each zone's free blocks of order 9 (2 MiB with 4 KiB pages) and
// above, counted in 2 MiB, from /proc/buddyinfo (proc(5): per zone, the
// number of free blocks of each order from 0); 0 when it cannot be read.
func freeHugeBlocks() int64 {
	f, err := os.Open("/proc/buddyinfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	return parseBuddyInfo(bufio.NewScanner(f))
}

// parseBuddyInfo sums the free blocks of order 9 and above of every zone
// in the lines of /proc/buddyinfo ("Node 0, zone Normal 2044 1376 …"),
// in 2 MiB blocks.
func parseBuddyInfo(sc *bufio.Scanner) int64 {
	const hugeOrder = 9 // 2^9 pages of 4 KiB
	var total int64
	for sc.Scan() {
		_, counts, ok := strings.Cut(sc.Text(), "zone")
		if !ok {
			continue
		}
		fields := strings.Fields(counts)
		if len(fields) < 2 {
			continue
		}
		for order, c := range fields[1:] { // fields[0] is the zone's name
			n, err := strconv.ParseInt(c, 10, 64)
			if err != nil || n < 0 {
				return 0 // not the format proc(5) gives: assume nothing free
			}
			if order >= hugeOrder && order-hugeOrder < 32 {
				total += n << (order - hugeOrder)
			}
		}
	}
	return total
}
