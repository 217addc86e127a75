package publish

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// clockOf is the file system clock of dir, failing the test when it cannot
// be read.
func clockOf(t *testing.T, dir string) clock {
	t.Helper()
	c, err := fsClock(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// pastTick waits until the file system holding dir dates a new entry
// after every change made before the call: the next fsClock is then past
// them all, as it is for builds minutes apart.
func pastTick(t *testing.T, dir string) {
	t.Helper()
	ref := clockOf(t, dir).t
	for deadline := time.Now().Add(10 * time.Second); clockOf(t, dir).t <= ref; {
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
	c := clockOf(t, dir)
	if mt := before.ModTime().UnixNano(); mt > c.t {
		t.Errorf("folder changed before the clock dated %d, after the clock %d", mt, c.t)
	}
	if err := os.WriteFile(filepath.Join(sub, "index.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	after, err := os.Lstat(sub)
	if err != nil {
		t.Fatal(err)
	}
	if mt := after.ModTime().UnixNano(); mt < c.t {
		t.Errorf("folder changed after the clock dated %d, before the clock %d", mt, c.t)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("the clock left entries behind: %v", ents)
	}
	if dev, ok := deviceOf(before); ok && (!c.onDev || c.dev != dev) {
		t.Errorf("the clock's device is %d (known: %v), the folder's %d", c.dev, c.onDev, dev)
	}
	// Where no entry can be made, the system's clock less listRacy.
	fb := clockOf(t, filepath.Join(dir, "missing"))
	if want := time.Now().Add(-listRacy).UnixNano(); fb.t > want || fb.onDev {
		t.Errorf("fsClock of a missing folder = %+v, want a time of at most %d on every device", fb, want)
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
	_, early, reads, err := listTree(root, nil, clock{}, nil, false)
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
	if _, _, reads, _ = listTree(root, early, clock{}, nil, false); reads != 4 {
		t.Errorf("a listing without times spared reads: %d of 4 folders read", reads)
	}
	pastTick(t, root)
	_, late, _, err := listTree(root, nil, clockOf(t, root), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, reads, _ = listTree(root, late, clockOf(t, root), nil, false); reads != 1 {
		t.Errorf("a listing with times read %d folders, want 1 (the root)", reads)
	}
	// A change after the clock is seen.
	if err := os.WriteFile(filepath.Join(root, "berita/a", "baru.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	held, _, reads, err := listTree(root, late, clockOf(t, root), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if reads != 2 {
		t.Errorf("after a change: %d folders read, want 2", reads)
	}
	if _, ok := held["berita/a/baru.html"]; !ok {
		t.Errorf("the new file is not listed: %v", held)
	}
}

// TestListingClockBoundary: a folder whose modification or change time is
// the clock's own (changed in the clock's tick) keeps no times, nor does
// a folder on another device than the clock's.
func TestListingClockBoundary(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	a := filepath.Join(root, "a")
	if err := os.Mkdir(a, 0o755); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(a)
	if err != nil {
		t.Fatal(err)
	}
	c := clockOf(t, root)
	atTick := c
	atTick.t = fi.ModTime().UnixNano()
	if _, l, _, _ := listTree(root, nil, atTick, nil, false); l["a"].ModTime != 0 {
		t.Error("a folder changed in the clock's tick kept its times")
	}
	// The modification time set back: the change time is the clock's.
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(a, old, old); err != nil {
		t.Fatal(err)
	}
	if fi, err = os.Lstat(a); err != nil {
		t.Fatal(err)
	}
	if ct := changeTime(fi); ct != 0 {
		atTick.t = ct
		if _, l, _, _ := listTree(root, nil, atTick, nil, false); l["a"].ModTime != 0 {
			t.Error("a folder whose change time is the clock's kept its times")
		}
	}
	pastTick(t, root)
	c = clockOf(t, root)
	if _, l, _, _ := listTree(root, nil, c, nil, false); l["a"].ModTime == 0 {
		t.Error("a folder changed before the clock kept no times")
	}
	if c.onDev {
		other := c
		other.dev++
		if _, l, _, _ := listTree(root, nil, other, nil, false); l["a"].ModTime != 0 {
			t.Error("a folder on another device than the clock's kept its times")
		}
	}
}

// TestDirReadsTheClockFirst: a Dir's clock is read after NewDir starts and
// before it returns, on the destination's file system.
func TestDirReadsTheClockFirst(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	publishTree(t, dest, map[string]string{"index.html": "1"})
	pastTick(t, dir)
	before := clockOf(t, dir)
	pastTick(t, dir)
	d, err := NewDir(context.Background(), dest, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	pastTick(t, dir)
	after := clockOf(t, dir)
	if d.clock.t <= before.t || d.clock.t >= after.t {
		t.Errorf("the Dir's clock %d is not between %d and %d", d.clock.t, before.t, after.t)
	}
	if before.onDev && (!d.clock.onDev || d.clock.dev != before.dev) {
		t.Errorf("the Dir's clock is of device %d, the destination's %d", d.clock.dev, before.dev)
	}
	d.Abort()
}
