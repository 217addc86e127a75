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
// that is never touched (fresh memory is not cleared), marks them
// (madvise MADV_HUGEPAGE, as the JVM's -XX:+UseTransparentHugePages
// does) and gives them back (debug.FreeOSMemory): the address range,
// and its mark, stay the heap's (MADV_DONTNEED, the runtime's release,
// keeps a mapping's flags), and the build's allocations fill it from its
// low end (Go's page allocator takes the lowest free address), one page
// fault per huge page (2 MiB on x86-64) instead of one per 4 KiB until
// the runtime releases part of one.
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
	start := alignUp(&b[0], size)
	end := start + (int64(len(b))-start)/size*size
	if end > start {
		_ = unix.Madvise(b[start:end], unix.MADV_HUGEPAGE)
	}
	b = nil
	debug.FreeOSMemory()
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

// alignUp is the offset from p of the first address at or after p that
// is a multiple of size (a power of two).
func alignUp(p *byte, size int64) int64 {
	a := int64(uintptr(unsafe.Pointer(p)))
	return (a+size-1)&^(size-1) - a
}
