package main

import (
	"os"
	"runtime"
	"testing"
)

// TestMachineMemory reads the memory the way the default memory limit
// does; on Linux it is known and no more than /proc/meminfo's total.
func TestMachineMemory(t *testing.T) {
	t.Parallel()
	got := machineMemory()
	if runtime.GOOS != "linux" {
		t.Skipf("no /proc/meminfo on %s", runtime.GOOS)
	}
	if _, err := os.Stat("/proc/meminfo"); err != nil {
		t.Skipf("no /proc/meminfo: %v", err)
	}
	if got < 64<<20 || got > 1<<50 {
		t.Fatalf("machineMemory() = %d bytes, want a machine's memory", got)
	}
}
