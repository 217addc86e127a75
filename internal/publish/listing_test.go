package publish

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// pastTick waits until the file system holding dir dates a new entry
// after every change made before the call: the next fsClock is then past
// them all, as it is for builds minutes apart.
func pastTick(t *testing.T, dir string) {
	t.Helper()
	ref := fsClock(dir)
	for deadline := time.Now().Add(10 * time.Second); fsClock(dir) <= ref; {
		if time.Now().After(deadline) {
			t.Fatal("the file system's clock did not move in 10 s")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestFSClock: the clock read on a file system is not before a change made
// just before it, and a change made after it is not dated before it; so a
// folder dated before the clock was changed before it (listTree's rule).
func TestFSClock(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sub := filepath.Join(dir, "berita")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	before, err := os.Lstat(sub)
	if err != nil {
		t.Fatal(err)
	}
	clock := fsClock(dir)
	if mt := before.ModTime().UnixNano(); mt > clock {
		t.Errorf("folder changed before the clock dated %d, after the clock %d", mt, clock)
	}
	if err := os.WriteFile(filepath.Join(sub, "index.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	after, err := os.Lstat(sub)
	if err != nil {
		t.Fatal(err)
	}
	if mt := after.ModTime().UnixNano(); mt < clock {
		t.Errorf("folder changed after the clock dated %d, before the clock %d", mt, clock)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("the clock left entries behind: %v", ents)
	}
	// Where no entry can be made, the system's clock less listRacy.
	if got, want := fsClock(filepath.Join(dir, "missing")), time.Now().Add(-listRacy).UnixNano(); got > want {
		t.Errorf("fsClock of a missing folder = %d, want at most %d", got, want)
	}
}

// TestListingKeepsTimesBeforeTheClock: a listing records the times of the
// folders changed before its clock and only those; a folder without them
// is read again by the next listing, one with them is not until it
// changes.
func TestListingKeepsTimesBeforeTheClock(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, d := range []string{"berita/a", "berita/b"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, d, "index.html"), []byte(d), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A clock before the folders were made: nothing is trusted.
	_, early, reads, err := listTree(root, nil, 0, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if reads != 4 {
		t.Errorf("first listing read %d folders, want 4", reads)
	}
	for rel, f := range early {
		if f.ModTime != 0 {
			t.Errorf("%s: time %d recorded, though not before the clock", rel, f.ModTime)
		}
	}
	if _, _, reads, _ = listTree(root, early, 0, nil, false); reads != 4 {
		t.Errorf("a listing without times spared reads: %d of 4 folders read", reads)
	}
	pastTick(t, root)
	_, late, _, err := listTree(root, nil, fsClock(root), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, reads, _ = listTree(root, late, fsClock(root), nil, false); reads != 1 {
		t.Errorf("a listing with times read %d folders, want 1 (the root)", reads)
	}
	// A change after the clock is seen.
	if err := os.WriteFile(filepath.Join(root, "berita/a", "baru.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	held, _, reads, err := listTree(root, late, fsClock(root), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if reads != 2 || !lexists(filepath.Join(root, "berita/a/baru.html")) {
		t.Errorf("after a change: %d folders read, want 2", reads)
	}
	if _, ok := held["berita/a/baru.html"]; !ok {
		t.Errorf("the new file is not listed: %v", held)
	}
}
