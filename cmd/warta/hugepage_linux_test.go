package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unsafe"
)

// TestHugeHeap checks that the heap the process grows into after
// hugeHeap lies in memory marked for huge pages ("hg" among the mapping's
// VmFlags in /proc/self/smaps, proc(5)). It runs in a process of its own,
// at the start as in the build, not in a heap the package's other tests
// have grown and left full of freed pages.
func TestHugeHeap(t *testing.T) {
	if os.Getenv(hugeHeapChild) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHugeHeap$", "-test.v")
		cmd.Env = append(os.Environ(), hugeHeapChild+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("the test in a process of its own failed: %v\n%s", err, out)
		}
		if bytes.Contains(out, []byte("--- SKIP")) {
			t.Skipf("skipped in the child process:\n%s", out)
		}
		if !bytes.Contains(out, []byte("--- PASS: TestHugeHeap")) {
			t.Fatalf("the child process did not report the test passed:\n%s", out)
		}
		return
	}
	if !thpOnRequest() {
		t.Skip("this kernel does not give huge pages on request (transparent_hugepage is not \"madvise\")")
	}
	const n = 64 << 20
	if size := hugePageSize(); size == 0 || freeHugeBlocks(size) < 2*n/size {
		t.Skip("the machine's free memory holds too few free huge-page blocks for hugeHeap to mark any")
	}
	hugeHeap(n)
	// Allocations large enough to need fresh pages land in the marked range.
	const total = 16
	keep := make([][]byte, total) // held, so each takes fresh pages
	marked := 0
	for i := range keep {
		keep[i] = make([]byte, 1<<20)
		if hugeMarked(t, uintptr(unsafe.Pointer(&keep[i][0]))) {
			marked++
		}
	}
	if marked < total {
		t.Errorf("%d of %d fresh 1 MiB allocations are in memory marked for huge pages, want all", marked, total)
	}
}

// hugeHeapChild is set in the environment of the process TestHugeHeap
// runs itself in.
const hugeHeapChild = "WARTA_TEST_HUGEHEAP_CHILD"

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
		if r, _, ok := strings.Cut(line, " "); ok {
			if lo, hi, ok := mappingBounds(r); ok {
				in = lo <= a && a < hi
				continue
			}
		}
		if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok && in {
			return strings.Contains(" "+flags+" ", " hg ")
		}
	}
	return false
}

// TestHeapRunStart finds the start of the run of adjacent anonymous
// read-write mappings holding an address, in lines as /proc/self/maps
// gives them.
func TestHeapRunStart(t *testing.T) {
	const maps = `00400000-00402000 r--p 00000000 fe:00 9999601                            /tmp/warta.test
00c22000-00ccb000 rw-p 00822000 fe:00 9999601                            /tmp/warta.test
00ccb000-02d1c000 rw-p 00000000 00:00 0
1bd52000-1bd73000 rw-p 00000000 00:00 0                                  [heap]
f302c000000-f302d000000 ---p 00000000 00:00 0
f302d000000-f302d600000 rw-p 00000000 00:00 0
f302d600000-f3031400000 rw-p 00000000 00:00 0
f3031400000-f3031800000 rw-p 00000000 00:00 0
f3031800000-f3034000000 ---p 00000000 00:00 0
7f0000000000-7f0000100000 rw-s 00000000 00:01 77                         /dev/shm/x
7f0000100000-7f0000200000 rw-p 00000000 00:00 0
`
	tests := []struct {
		name    string
		p, want uintptr
	}{
		{"three mappings below", 0xf3031500000, 0xf302d000000},
		{"first of its run", 0xf302d100000, 0xf302d000000},
		{"a reserved range below ends the run", 0xf302d000000, 0xf302d000000},
		{"a shared mapping below ends the run", 0x7f0000150000, 0x7f0000100000},
		{"a file's mapping below ends the run", 0xccc000, 0xccb000},
		{"no mapping holds it", 0x5000, 0x5000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := heapRunStart(bufio.NewScanner(strings.NewReader(maps)), tt.p); got != tt.want {
				t.Errorf("heapRunStart(%#x) = %#x, want %#x", tt.p, got, tt.want)
			}
		})
	}
}

// TestParseBuddyInfo counts free 2 MiB blocks (order 9 of 4 KiB pages) as
// the kernel lists them; the first case is this machine's
// /proc/buddyinfo on 2026-12-02.
func TestParseBuddyInfo(t *testing.T) {
	tests := []struct {
		name, in string
		want     int64
	}{
		{"three zones", `Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3
Node 0, zone    DMA32      4      1      2      2      2      2      1      4      4      2    752
Node 0, zone   Normal   2044   1376   1211   2738   9553   2279    820    233     47      4    357
`, (1 + 3*2) + (2 + 752*2) + (4 + 357*2)},
		{"fragmented: nothing of 2 MiB", "Node 0, zone   Normal   90000   4000   10   1   0   0   0   0   3   0   0\n", 0},
		{"empty", "", 0},
		{"not numbers", "Node 0, zone Normal 1 2 x\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseBuddyInfo(bufio.NewScanner(strings.NewReader(tt.in)), 9); got != tt.want {
				t.Errorf("parseBuddyInfo = %d, want %d", got, tt.want)
			}
		})
	}
}
