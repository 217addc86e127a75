//go:build !linux

package main

// hugeHeap does nothing where transparent huge pages are Linux's alone
// (see hugepage_linux.go).
func hugeHeap(int64) {}
