package main

import (
	"bufio"
	"bytes"
	"math/bits"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugeHeap backs the next n bytes the heap grows into with transparent
// huge pages, where the kernel gives them only to memory that asks
// (/sys/kernel/mm/transparent_hugepage/enabled is "madvise"). Go marks
// none of its heap since 1.21.4 (golang/go#64342), for long-running
// servers' sake. hugeHeap reserves n bytes of heap with one allocation
// that is never touched (fresh memory is not cleared), marks them and
// the heap below them (madvise MADV_HUGEPAGE, as the JVM's
// -XX:+UseTransparentHugePages does) and gives them back
// (debug.FreeOSMemory): the address range, and its mark, stay the
// heap's (MADV_DONTNEED, the runtime's release, keeps a mapping's
// flags), and the build's allocations fill it from its low end (Go's
// page allocator takes the lowest free address), one page fault per huge
// page (2 MiB on x86-64) instead of one per 4 KiB until the runtime
// releases part of one.
//
// Only a warm build uses it (tuneGC), and before it starts: with other
// goroutines allocating, the reservation counts as live until the
// collection that frees it, which makes them assist that collection and
// could raise the memory limit (guardLimit). Such a build's heap grows
// from nothing to its peak in a second or two, and on a virtual machine
// each 4 KiB fault costs microseconds. Measured 2026-12-02 on the
// 10,000-article corpus, one article changed, 5 interleaved rounds after
// a sync, medians: 1.81 s wall and 3.04 s CPU instead of 2.54 s and
// 4.20 s, 9,700 page faults instead of 97,700, the same resident memory
// (401 MiB, 397). Made before the build starts rather than beside it,
// 1.28 s and 1.99 s of CPU against 1.69 s and 2.74 s (5 rounds, the same
// day). A cold build of 100,000 articles gained nothing and peaked
// 90 MiB higher (2,127 MiB), so cold builds do without.
//
// It does nothing where the kernel gives huge pages to all memory
// ("always") or to none ("never", no such file), where GODEBUG asks the
// runtime for none (disablethp=1), under strict overcommit
// (vm.overcommit_memory=2), where mapping n bytes charges them even
// untouched, and when the machine's free memory does not hold twice n
// bytes in free blocks of a huge page or more (/proc/buddyinfo): a fault
// in marked memory may make the kernel reclaim and compact memory to
// find a huge page, a stall of unbounded length (golang/go#61718, why Go
// stopped marking its heap); free blocks make that less likely, not
// impossible.
func hugeHeap(n int64) {
	size := hugePageSize()
	if size == 0 || n < size || !thpOnRequest() || freeHugeBlocks(size) < 2*n/size {
		return
	}
	b := make([]byte, n)
	p := uintptr(unsafe.Pointer(&b[0]))
	lo, hi := p, p+uintptr(n)
	if f, err := os.Open("/proc/self/maps"); err == nil {
		lo = heapRunStart(bufio.NewScanner(f), p)
		f.Close()
	}
	lo = (lo + uintptr(size) - 1) &^ (uintptr(size) - 1) // whole huge pages only
	hi &^= uintptr(size) - 1
	if hi > lo {
		// The range may hold memory in use; marking it changes no
		// contents, and pages already present stay as they are.
		// Addresses outside Go's values, hence the bare system call.
		_, _, _ = unix.Syscall(unix.SYS_MADVISE, lo, hi-lo, unix.MADV_HUGEPAGE)
	}
	b = nil
	debug.FreeOSMemory()
}

// heapRunStart is the lowest address of the run of adjacent anonymous
// read-write mappings, in the lines of /proc/self/maps, that holds the
// address p: the heap below the reservation. Go's page allocator takes
// the lowest free address first, so the build fills the free pages below
// the reservation (the unused end of the heap's earlier arena, the gaps
// between live spans) before the reservation itself; marking from the
// run's start covers them too (a test process that marked only the
// reservation saw 10 of 16 fresh 1 MiB allocations land below it). p
// itself when no mapping holds it.
func heapRunStart(sc *bufio.Scanner, p uintptr) uintptr {
	type mapping struct{ lo, hi uintptr }
	var rw []mapping
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		// address perms offset dev inode [path]: anonymous has inode 0 and no path.
		if len(fields) != 5 || fields[1] != "rw-p" || fields[4] != "0" {
			continue
		}
		lo, hi, ok := mappingBounds(fields[0])
		if ok {
			rw = append(rw, mapping{lo, hi})
		}
	}
	start := p
	for changed := true; changed; {
		changed = false
		for _, m := range rw {
			if m.lo < start && start <= m.hi {
				start, changed = m.lo, true
			}
		}
	}
	return start
}

// mappingBounds parses a mapping's address range in /proc/self/maps
// ("7f00-7f10", hexadecimal).
func mappingBounds(r string) (lo, hi uintptr, ok bool) {
	a, b, found := strings.Cut(r, "-")
	if !found {
		return 0, 0, false
	}
	x, err1 := strconv.ParseUint(a, 16, 64)
	y, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil || y <= x {
		return 0, 0, false
	}
	return uintptr(x), uintptr(y), true
}

// hugePageSize is the size in bytes of the kernel's transparent huge
// pages (hpage_pmd_size: 2 MiB on x86-64 and on arm64 with 4 KiB pages),
// or 0 when it does not say.
func hugePageSize() int64 {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size")
	if err != nil {
		return 0
	}
	v, err := strconv.ParseInt(string(bytes.TrimSpace(b)), 10, 64)
	if err != nil || v <= 0 || v&(v-1) != 0 {
		return 0
	}
	return v
}

// thpOnRequest reports whether the kernel gives transparent huge pages
// to memory marked MADV_HUGEPAGE only, the runtime was not told to keep
// them off (GODEBUG=disablethp=1), and mapping memory does not charge it.
func thpOnRequest() bool {
	if strings.Contains(","+os.Getenv("GODEBUG")+",", ",disablethp=1,") {
		return false
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !bytes.Contains(mode, []byte("[madvise]")) {
		return false
	}
	over, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	return err == nil && string(bytes.TrimSpace(over)) != "2"
}

// freeHugeBlocks is the number of free blocks of huge bytes (a huge
// page) in the machine's memory: each zone's free blocks of that order
// and above, counted in blocks of huge bytes, from /proc/buddyinfo; 0
// when it cannot be read.
func freeHugeBlocks(huge int64) int64 {
	order := bits.TrailingZeros64(uint64(huge)) - bits.TrailingZeros64(uint64(os.Getpagesize()))
	if order < 0 {
		return 0
	}
	f, err := os.Open("/proc/buddyinfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	return parseBuddyInfo(bufio.NewScanner(f), order)
}

// parseBuddyInfo sums the free blocks of order hugeOrder and above of
// every zone in the lines of /proc/buddyinfo ("Node 0, zone Normal 2044
// 1376 …": per zone, the number of free blocks of each order from 0, a
// block of order k being 2^k pages; proc(5)), in blocks of hugeOrder.
func parseBuddyInfo(sc *bufio.Scanner, hugeOrder int) int64 {
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
