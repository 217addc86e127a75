package publish

import (
	"context"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// tree reads every file and symbolic link under dir (hidden ones too) as
// slash path → content ("-> target" for links), skipping the lock file.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case e.Name() == LockFile || e.IsDir():
		case e.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			got[rel] = "-> " + target
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			got[rel] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// publishTree writes files into dest through a Dir and commits.
func publishTree(t *testing.T, dest string, files map[string]string) {
	t.Helper()
	d, err := NewDir(context.Background(), dest, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for n, b := range files {
		if err := d.WriteFile(n, []byte(b)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
}

func withoutMarker(m map[string]string) map[string]string {
	delete(m, Marker)
	return m
}

func sameTree(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestUnchangedFilesKeepInodeAndTime(t *testing.T) {
	t.Parallel()
	dest := filepath.Join(t.TempDir(), "public")
	publishTree(t, dest, map[string]string{"a/index.html": "A", "b.css": "B"})
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	os.Chtimes(filepath.Join(dest, "a/index.html"), old, old)
	before, _ := os.Stat(filepath.Join(dest, "a/index.html"))
	publishTree(t, dest, map[string]string{"a/index.html": "A", "b.css": "B2"})
	after, err := os.Stat(filepath.Join(dest, "a/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) || !after.ModTime().Equal(old) {
		t.Errorf("unchanged file replaced: same inode %v, time %v", os.SameFile(before, after), after.ModTime())
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "b.css")); string(b) != "B2" {
		t.Errorf("b.css = %q", b)
	}
}

func TestSymlinksInTheDestinationAreNeverWrittenThrough(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dest, outside := filepath.Join(dir, "public"), filepath.Join(dir, "outside")
	os.MkdirAll(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "index.html"), []byte("A"), 0o644)
	publishTree(t, dest, map[string]string{"index.html": "home"})
	// Someone replaced a folder of the site by a link to elsewhere, and a
	// file by a link to a file elsewhere.
	os.Symlink(outside, filepath.Join(dest, "berita"))
	os.Symlink(filepath.Join(outside, "index.html"), filepath.Join(dest, "tentang.html"))
	publishTree(t, dest, map[string]string{"index.html": "home", "berita/index.html": "A", "tentang.html": "A"})
	for _, name := range []string{"berita", "tentang.html"} {
		fi, err := os.Lstat(filepath.Join(dest, name))
		if err != nil || fi.Mode()&fs.ModeSymlink != 0 {
			t.Errorf("%s is still a link (%v)", name, err)
		}
	}
	// The file outside was neither changed nor linked into the site.
	fi, _ := os.Stat(filepath.Join(outside, "index.html"))
	in, _ := os.Stat(filepath.Join(dest, "berita/index.html"))
	if os.SameFile(fi, in) {
		t.Error("a file outside the destination was linked into the site")
	}
	if got := tree(t, outside); !sameTree(got, map[string]string{"index.html": "A"}) {
		t.Errorf("outside folder changed: %v", got)
	}
}

func TestHiddenFilesAndDeployRepositoriesAreCarried(t *testing.T) {
	t.Parallel()
	dest := filepath.Join(t.TempDir(), "public")
	publishTree(t, dest, map[string]string{"index.html": "1", "berita/x/index.html": "x"})
	// A deploy repository (.git folder), a git worktree's .git file in a
	// nested folder, a .well-known file, and a link among them.
	os.MkdirAll(filepath.Join(dest, ".git/objects/ab"), 0o755)
	os.WriteFile(filepath.Join(dest, ".git/HEAD"), []byte("ref: refs/heads/main\n"), 0o644)
	os.WriteFile(filepath.Join(dest, ".git/objects/ab/cdef"), []byte("blob"), 0o444)
	os.Symlink("objects/ab/cdef", filepath.Join(dest, ".git/link"))
	os.WriteFile(filepath.Join(dest, "berita/x/.git"), []byte("gitdir: /srv/repo/.git/worktrees/x\n"), 0o644)
	os.MkdirAll(filepath.Join(dest, ".well-known"), 0o755)
	os.WriteFile(filepath.Join(dest, ".well-known/security.txt"), []byte("Contact: x"), 0o644)
	head, _ := os.Stat(filepath.Join(dest, ".git/HEAD"))
	// The next build no longer makes berita/x/: its hidden file stays, in
	// its folder.
	publishTree(t, dest, map[string]string{"index.html": "2"})
	want := map[string]string{
		"index.html":               "2",
		".git/HEAD":                "ref: refs/heads/main\n",
		".git/objects/ab/cdef":     "blob",
		".git/link":                "-> objects/ab/cdef",
		"berita/x/.git":            "gitdir: /srv/repo/.git/worktrees/x\n",
		".well-known/security.txt": "Contact: x",
	}
	if got := withoutMarker(tree(t, dest)); !sameTree(got, want) {
		t.Errorf("tree %v\nwant %v", got, want)
	}
	if now, _ := os.Stat(filepath.Join(dest, ".git/HEAD")); !os.SameFile(head, now) {
		t.Error(".git/HEAD was copied, not kept")
	}
}

func TestLeftoversOfKilledBuildsAreRemoved(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	publishTree(t, dest, map[string]string{"index.html": "1"})
	// What builds killed at various points leave: a staging folder (with a
	// read-only folder in it), and a staging folder of the in-place switch.
	left := filepath.Join(dir, ".public.tmp-123")
	os.MkdirAll(filepath.Join(left, "berita"), 0o755)
	os.WriteFile(filepath.Join(left, "berita/a.html"), []byte("x"), 0o644)
	os.Chmod(filepath.Join(left, "berita"), 0o555)
	os.MkdirAll(filepath.Join(dest, stagingPrefix+"9/berita"), 0o755)
	// Not warta's: another folder's staging, and a hidden folder of the user.
	os.MkdirAll(filepath.Join(dir, ".public2.tmp-1"), 0o755)
	publishTree(t, dest, map[string]string{"index.html": "2"})
	for _, p := range []string{left, filepath.Join(dest, stagingPrefix+"9")} {
		if lexists(p) {
			t.Errorf("%s left behind", p)
		}
	}
	if !lexists(filepath.Join(dir, ".public2.tmp-1")) {
		t.Error("removed another destination's folder")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public.tmp-") {
			t.Errorf("%s left after a good build", e.Name())
		}
	}
}

func TestSecondBuildWaitsForTheFirst(t *testing.T) {
	t.Parallel()
	dest := filepath.Join(t.TempDir(), "public")
	first, err := NewDir(context.Background(), dest, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	first.WriteFile("index.html", []byte("first"))
	waiting := make(chan struct{})
	var done atomic.Bool
	result := make(chan error)
	go func() {
		second, err := NewDir(context.Background(), dest, DirOptions{Waiting: func() { close(waiting) }})
		if err != nil {
			result <- err
			return
		}
		done.Store(true)
		defer second.Close()
		second.WriteFile("index.html", []byte("second"))
		result <- second.Commit()
	}()
	<-waiting // the second build saw the lock held
	if done.Load() {
		t.Fatal("the second build went on while the first held the lock")
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := withoutMarker(tree(t, dest)); got["index.html"] != "first" {
		t.Errorf("after the first commit: %v", got)
	}
	first.Close()
	if err := <-result; err != nil {
		t.Fatal(err)
	}
	if got := withoutMarker(tree(t, dest)); !sameTree(got, map[string]string{"index.html": "second"}) {
		t.Errorf("after the second: %v", got)
	}
}

func TestWaitingStopsWithTheContext(t *testing.T) {
	t.Parallel()
	dest := filepath.Join(t.TempDir(), "public")
	first, err := NewDir(context.Background(), dest, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Abort()
	ctx, cancel := context.WithCancel(context.Background())
	_, err = NewDir(ctx, dest, DirOptions{Waiting: cancel})
	if err == nil || ctx.Err() == nil {
		t.Fatalf("NewDir = %v after the context ended", err)
	}
}

func TestFailedBuildLeavesTheDestination(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	publishTree(t, dest, map[string]string{"index.html": "1", "berita/a.html": "a"})
	before := tree(t, dest)
	d, err := NewDir(context.Background(), dest, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d.WriteFile("index.html", []byte("2"))
	d.WriteFile("berita", []byte("a file where a folder was"))
	if err := d.WriteFile("berita/b.html", []byte("b")); err == nil {
		t.Fatal("writing under a file succeeded")
	}
	d.Abort()
	if got := tree(t, dest); !sameTree(got, before) {
		t.Errorf("tree %v, want %v", got, before)
	}
	for _, e := range must(os.ReadDir(dir)) {
		if n := e.Name(); n != "public" && n != ".public.prev" {
			t.Errorf("left behind: %s", n)
		}
	}
	// A new destination that failed is not left as an empty folder.
	fresh := filepath.Join(dir, "baru")
	d, err = NewDir(context.Background(), fresh, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d.Abort()
	if lexists(fresh) {
		t.Error("a failed first build left an empty destination")
	}
}

// TestFailedBuildKeepsTheSpare: a build that fails (or is stopped) after
// adopting the spare tree gives it back, marker and all, so the next build
// reuses it instead of linking every file again, and that build's site is
// right whatever the failed one changed in it.
func TestFailedBuildKeepsTheSpare(t *testing.T) {
	t.Parallel()
	dest := filepath.Join(t.TempDir(), "public")
	publishTree(t, dest, map[string]string{"index.html": "1", "berita/a/index.html": "a"})
	publishTree(t, dest, map[string]string{"index.html": "2", "berita/a/index.html": "a"})
	d, err := NewDir(context.Background(), dest, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !d.spare {
		t.Fatal("the third build did not adopt the spare tree")
	}
	d.WriteFile("index.html", []byte("gagal"))
	d.WriteFile("baru/index.html", []byte("gagal"))
	d.Abort()
	if fi, err := os.Lstat(filepath.Join(spareName(dest), Marker)); err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("the failed build did not give the spare back: %v", err)
	}
	d, err = NewDir(context.Background(), dest, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if !d.spare {
		t.Error("the build after the failed one did not adopt the spare tree")
	}
	want := map[string]string{"index.html": "3", "berita/a/index.html": "a"}
	for n, c := range want {
		if err := d.WriteFile(n, []byte(c)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := withoutMarker(tree(t, dest)); !sameTree(got, want) {
		t.Errorf("published %v, want %v", got, want)
	}
}

// TestInPlaceSwitchKilledAtEveryStep stops the journaled switch (used on
// mount points) after each rename it makes, as a kill would, and checks
// that the next build's recovery makes the destination the new site whole;
// an error at each step instead must leave the previous site whole.
func TestInPlaceSwitchKilledAtEveryStep(t *testing.T) {
	t.Parallel()
	oldFiles := map[string]string{"index.html": "1", "berita/a.html": "a", "lama/x.html": "x", "only-old.txt": "o", ".git/HEAD": "h", Marker: "m1"}
	newFiles := map[string]string{"index.html": "2", "berita/b.html": "b", "baru/y.html": "y", ".git/HEAD": "h", Marker: "m2"}
	setup := func(t *testing.T) (string, journal) {
		dest := t.TempDir()
		for n, b := range oldFiles {
			os.MkdirAll(filepath.Dir(filepath.Join(dest, n)), 0o755)
			os.WriteFile(filepath.Join(dest, n), []byte(b), 0o644)
		}
		staging := filepath.Join(dest, stagingPrefix+"1")
		j := journal{Staging: staging}
		for n, b := range newFiles {
			if strings.HasPrefix(n, ".git") {
				continue
			}
			os.MkdirAll(filepath.Dir(filepath.Join(staging, n)), 0o755)
			os.WriteFile(filepath.Join(staging, n), []byte(b), 0o644)
		}
		j.Put = []string{"baru", "berita", "index.html", Marker}
		j.Drop = []string{"lama", "only-old.txt"}
		return dest, j
	}
	steps := 2 + 2*len([]string{"baru", "berita", "index.html", Marker}) + 1
	for k := 0; k <= steps; k++ {
		dest, j := setup(t)
		b, _ := json.Marshal(j)
		os.WriteFile(filepath.Join(dest, journalFile), b, 0o644)
		if err := applySteps(dest, j, k); err != nil {
			t.Fatal(err)
		}
		if err := recoverDest(dest); err != nil {
			t.Fatalf("after %d steps: %v", k, err)
		}
		if got := tree(t, dest); !sameTree(got, newFiles) {
			t.Errorf("killed after %d steps, then recovered: %v", k, got)
		}
		// An error after k steps is undone on the spot.
		dest, j = setup(t)
		if err := applySteps(dest, j, k); err != nil {
			t.Fatal(err)
		}
		if err := rollbackSwitch(dest, j); err != nil {
			t.Fatal(err)
		}
		if got := tree(t, dest); !sameTree(withoutStaging(got), oldFiles) {
			t.Errorf("failed after %d steps, rolled back: %v", k, got)
		}
	}
}

// applySteps performs the first k renames applySwitch would make.
func applySteps(dest string, j journal, k int) error {
	old := filepath.Join(j.Staging, oldFolder)
	os.MkdirAll(old, 0o755)
	step := func(from, to string) bool {
		if k == 0 {
			return false
		}
		k--
		return os.Rename(from, to) == nil
	}
	for _, n := range j.Drop {
		step(filepath.Join(dest, n), filepath.Join(old, n))
	}
	for _, n := range j.Put {
		if lexists(filepath.Join(dest, n)) {
			step(filepath.Join(dest, n), filepath.Join(old, n))
		}
		step(filepath.Join(j.Staging, n), filepath.Join(dest, n))
	}
	return nil
}

func withoutStaging(m map[string]string) map[string]string {
	for k := range m {
		if strings.HasPrefix(k, stagingPrefix) {
			delete(m, k)
		}
	}
	return m
}

func TestCopyFileStreamsAndKeepsUnchangedCopies(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("0123456789abcdef", 1<<16) // 1 MiB, several read chunks
	src := fstest.MapFS{"static/unduh.bin": {Data: []byte(big)}, "static/b.bin": {Data: []byte(big[:len(big)-1] + "X")}}
	dest := filepath.Join(t.TempDir(), "public")
	copyAll := func() Stats {
		d, err := NewDir(context.Background(), dest, DirOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		for _, n := range []string{"unduh.bin", "b.bin"} {
			if err := d.CopyFile(n, src, "static/"+n); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		return d.Stats()
	}
	copyAll()
	if st := copyAll(); st.Unchanged != 2 || st.Written != 0 {
		t.Errorf("second copy: %+v", st)
	}
	src["static/b.bin"] = &fstest.MapFile{Data: []byte(big)} // same size, last byte differs
	if st := copyAll(); st.Unchanged != 1 || st.Written != 1 {
		t.Errorf("after a one-byte change: %+v", st)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "b.bin")); string(b) != big {
		t.Error("b.bin not updated")
	}
}

func TestSameReader(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "f")
	for _, tt := range []struct {
		file, r string
		want    bool
	}{
		{"", "", true},
		{"abc", "abc", true},
		{"abc", "abd", false},
		{"abc", "ab", false},
		{"ab", "abc", false},
		{strings.Repeat("x", 200000), strings.Repeat("x", 200000), true},
		{strings.Repeat("x", 200000), strings.Repeat("x", 200001), false},
	} {
		os.WriteFile(p, []byte(tt.file), 0o644)
		if got := sameReader(p, strings.NewReader(tt.r)); got != tt.want {
			t.Errorf("sameReader(%d bytes, %d bytes) = %v", len(tt.file), len(tt.r), got)
		}
	}
}

func TestDeployRepositoryAsDestination(t *testing.T) {
	t.Parallel()
	site := t.TempDir()
	os.MkdirAll(filepath.Join(site, "content"), 0o755)
	for _, tt := range []struct {
		name string
		make func(dest string)
	}{
		{"git init", func(dest string) {
			os.MkdirAll(filepath.Join(dest, ".git/refs"), 0o755)
			os.WriteFile(filepath.Join(dest, ".git/HEAD"), []byte("ref: refs/heads/main\n"), 0o644)
		}},
		{"git worktree", func(dest string) {
			os.MkdirAll(dest, 0o755)
			os.WriteFile(filepath.Join(dest, ".git"), []byte("gitdir: /srv/deploy/.git/worktrees/public\n"), 0o644)
		}},
	} {
		dest := filepath.Join(t.TempDir(), "public")
		tt.make(dest)
		before := tree(t, dest)
		if err := CheckDest(dest, site); err != nil {
			t.Errorf("%s: refused: %v", tt.name, err)
			continue
		}
		publishTree(t, dest, map[string]string{"index.html": "1"})
		publishTree(t, dest, map[string]string{"index.html": "2"})
		got := withoutMarker(tree(t, dest))
		want := map[string]string{"index.html": "2"}
		for k, v := range before {
			want[k] = v
		}
		if !sameTree(got, want) {
			t.Errorf("%s: tree %v, want %v", tt.name, got, want)
		}
	}
}

// TestAboveIsByElement guards the destination checks: a folder named
// "..alt" is inside its base, ".." and "../x" are not.
func TestAboveIsByElement(t *testing.T) {
	sep := string(filepath.Separator)
	for rel, want := range map[string]bool{"..": true, ".." + sep + "x": true, "..alt": false, "..alt" + sep + "x": false, "x": false, ".": false} {
		if got := above(rel); got != want {
			t.Errorf("above(%q) = %v, want %v", rel, got, want)
		}
	}
}

// TestLinkAcrossFileSystemsCopies: where a hard link would cross file
// systems (EXDEV), the file is copied as a stream with its time. Needs
// root, to mount a tmpfs.
func TestLinkAcrossFileSystemsCopies(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s)", err, out)
	}
	defer exec.Command("umount", "-l", mnt).Run()
	src := filepath.Join(mnt, "foto.jpg")
	data := strings.Repeat("jpeg", 100000)
	os.WriteFile(src, []byte(data), 0o644)
	old := time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC)
	os.Chtimes(src, old, old)
	if err := os.Link(src, filepath.Join(t.TempDir(), "probe")); err == nil {
		t.Skip("the temporary folder is on the same file system as the mount")
	}
	dst := filepath.Join(t.TempDir(), "foto.jpg")
	if linked, err := linkOrCopy(src, dst); err != nil || linked {
		t.Fatalf("linkOrCopy across file systems = %v, %v; want a copy", linked, err)
	}
	fi, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(dst); string(b) != data || !fi.ModTime().Equal(old) {
		t.Errorf("copy: %d bytes, time %v", fi.Size(), fi.ModTime())
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestReusedTreeBecomesEachNewSite: the tree a build replaced is the next
// build's staging folder (.public.prev). Through a series of builds, with
// that spare tree tampered with between them (a link to a folder outside,
// a file added, a file where a folder goes, a file changed in place), each
// build publishes exactly its files, the live site never changes before
// Commit, and nothing outside is touched.
func TestReusedTreeBecomesEachNewSite(t *testing.T) {
	t.Parallel()
	for _, listed := range []bool{false, true} {
		t.Run(map[bool]string{false: "read whole", true: "with the recorded listings"}[listed], func(t *testing.T) {
			t.Parallel()
			reusedTreeBecomesEachNewSite(t, listed)
		})
	}
}

// reusedTreeBecomesEachNewSite runs the builds of
// TestReusedTreeBecomesEachNewSite; with listed, each build gets the last
// one's Record and starts past the racy window (as a site's builds are,
// minutes apart), so the trees' folders are taken from the recorded
// listings except where a change dates them now.
func reusedTreeBecomesEachNewSite(t *testing.T, listed bool) {
	dir := t.TempDir()
	dest, spare, outside := filepath.Join(dir, "public"), filepath.Join(dir, ".public.prev"), filepath.Join(dir, "outside")
	os.MkdirAll(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "x.html"), []byte("outside"), 0o644)
	builds := []struct {
		files  map[string]string
		tamper func()
		hidden map[string]string // hidden files the live site holds after the build
	}{
		{files: map[string]string{"index.html": "1", "berita/a/index.html": "a", "berita/b/index.html": "b", "gone.css": "g"}},
		{files: map[string]string{"index.html": "2", "berita/a/index.html": "a", "berita/b/index.html": "b"}},
		{
			files: map[string]string{"index.html": "2", "berita/a/index.html": "a2", "berita/b/index.html": "b", "tag/index.html": "t"},
			tamper: func() {
				os.RemoveAll(filepath.Join(spare, "berita", "b"))
				os.Symlink(outside, filepath.Join(spare, "berita", "b"))
				os.WriteFile(filepath.Join(spare, "added.html"), []byte("someone's"), 0o644)
				os.WriteFile(filepath.Join(spare, "tag"), []byte("a file where a folder goes"), 0o644)
			},
		},
		{
			files: map[string]string{"index.html": "3", "berita/a/index.html": "a2", "berita/b/index.html": "b", "tag": "now a file"},
			tamper: func() {
				// In place, through the live site: both trees share this inode.
				f, _ := os.OpenFile(filepath.Join(dest, "berita/b/index.html"), os.O_WRONLY|os.O_APPEND, 0)
				f.WriteString("!")
				f.Close()
			},
		},
		{files: map[string]string{"index.html": "3", "berita/a/index.html": "a2", "berita/b/index.html": "b"}},
		{
			files: map[string]string{"index.html": "3", "berita/a/index.html": "a2", "berita/b/index.html": "b"},
			tamper: func() {
				// Deep in the live site: a hidden file stays, someone's
				// page goes (now, and when this tree is the spare).
				os.WriteFile(filepath.Join(dest, "berita/a/.htaccess"), []byte("deny"), 0o644)
				os.WriteFile(filepath.Join(dest, "berita/b/extra.html"), []byte("someone's"), 0o644)
			},
			hidden: map[string]string{"berita/a/.htaccess": "deny"},
		},
		{files: map[string]string{"index.html": "3", "berita/a/index.html": "a2", "berita/b/index.html": "b"}, hidden: map[string]string{"berita/a/.htaccess": "deny"}},
		{
			files: map[string]string{"index.html": "4", "berita/a/index.html": "a2", "berita/b/index.html": "b"}, hidden: map[string]string{"berita/a/.htaccess": "deny"},
			tamper: func() {
				// A file of the spare replaced by another of the same
				// size, and its folder's modification time set back: the
				// spare no longer shares it with the live site.
				folder := filepath.Join(spare, "berita", "a")
				fi, _ := os.Lstat(folder)
				tmp := filepath.Join(folder, "x")
				os.WriteFile(tmp, []byte("zz"), 0o644)
				os.Rename(tmp, filepath.Join(folder, "index.html"))
				os.Chtimes(folder, fi.ModTime(), fi.ModTime())
			},
		},
		{files: map[string]string{"index.html": "5", "berita/a/index.html": "a2", "berita/b/index.html": "b"}, hidden: map[string]string{"berita/a/.htaccess": "deny"}},
		{files: map[string]string{"index.html": "6", "berita/a/index.html": "a2", "berita/b/index.html": "b"}, hidden: map[string]string{"berita/a/.htaccess": "deny"}},
	}
	var rec Record
	for i, b := range builds {
		if b.tamper != nil {
			b.tamper()
		}
		var before map[string]string
		if i > 0 {
			before = tree(t, dest)
		}
		var o DirOptions
		if listed {
			o.Since = func() Record { return rec }
		}
		d, err := NewDir(context.Background(), dest, o)
		if err != nil {
			t.Fatal(err)
		}
		for n, c := range b.files {
			if err := d.WriteFile(n, []byte(c)); err != nil {
				t.Fatalf("build %d: %v", i, err)
			}
		}
		if i > 0 {
			if !d.spare && i > 1 {
				t.Errorf("build %d did not reuse the previous tree", i)
			}
			if got := tree(t, dest); !sameTree(got, before) {
				t.Fatalf("build %d changed the live site before its commit: %v, was %v", i, got, before)
			}
		}
		if err := d.Commit(); err != nil {
			t.Fatalf("build %d: %v", i, err)
		}
		d.Close()
		want := maps.Clone(b.files)
		maps.Copy(want, b.hidden)
		if got := withoutMarker(tree(t, dest)); !sameTree(got, want) {
			t.Errorf("build %d published %v, want %v", i, got, want)
		}
		if fi, err := os.Lstat(filepath.Join(dest, "berita", "b")); err == nil && !fi.IsDir() {
			t.Errorf("build %d: berita/b is not a folder (%v)", i, fi.Mode())
		}
		if got := tree(t, outside); !sameTree(got, map[string]string{"x.html": "outside"}) {
			t.Fatalf("build %d changed the folder outside: %v", i, got)
		}
		if listed && i == len(builds)-1 && d.folderReads > 4 {
			// Both roots, and what the previous build changed.
			t.Errorf("build %d read %d folders of %d; the listings were not used", i, d.folderReads, 2*len(d.listed))
		}
		if listed && i == len(builds)-1 && d.inodeChecks.Load() > 0 {
			// Every file kept was shared with the spare, whose folders
			// are as recorded: nothing to compare.
			t.Errorf("build %d compared %d files' inodes; the recorded Shared stamps were not used", i, d.inodeChecks.Load())
		}
		t.Logf("build %d: %d folders read, %d inodes compared", i, d.folderReads, d.inodeChecks.Load())
		rec = d.Record()
		if listed {
			// Past the file system's tick, so the folders' times (both
			// kinds: a modification time set back does not count) are
			// trusted (fsClock).
			pastTick(t, dir)
		}
	}
	if !lexists(spare) {
		t.Error("no spare tree kept for the next build")
	}
}

// TestWhatStandsAtTheSpareName: the name of the spare tree (.public.prev)
// may hold something warta did not put there. A link is removed, never
// followed (the folder it points to keeps its files); a folder without
// the marker is someone's and stays as it is; a file is replaced. Each
// build still publishes exactly its files.
func TestWhatStandsAtTheSpareName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		plant func(t *testing.T, spare, outside string)
		keeps bool // the thing at the spare's name stays as it was
	}{
		{"link to a folder outside", func(t *testing.T, spare, outside string) {
			if err := os.Symlink(outside, spare); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"someone's folder", func(t *testing.T, spare, outside string) {
			os.MkdirAll(spare, 0o755)
			os.WriteFile(filepath.Join(spare, "mine.txt"), []byte("mine"), 0o644)
		}, true},
		{"a file", func(t *testing.T, spare, outside string) {
			os.WriteFile(spare, []byte("a file"), 0o644)
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			dest, spare, outside := filepath.Join(dir, "public"), filepath.Join(dir, ".public.prev"), filepath.Join(dir, "outside")
			os.MkdirAll(filepath.Join(outside, "sub"), 0o755)
			os.WriteFile(filepath.Join(outside, "notes.txt"), []byte("precious"), 0o644)
			os.WriteFile(filepath.Join(outside, "sub", "f.txt"), []byte("precious"), 0o644)
			os.WriteFile(filepath.Join(outside, Marker), []byte("a marker, to tempt it"), 0o644)
			outsideBefore := tree(t, outside)
			publishTree(t, dest, map[string]string{"index.html": "1"})
			os.RemoveAll(spare)
			tc.plant(t, spare, outside)
			var before map[string]string
			if tc.keeps {
				before = tree(t, spare)
			}
			for i, files := range []map[string]string{{"index.html": "2", "a/index.html": "a"}, {"index.html": "3"}} {
				publishTree(t, dest, files)
				if got := withoutMarker(tree(t, dest)); !sameTree(got, files) {
					t.Errorf("build %d published %v, want %v", i, got, files)
				}
			}
			if got := tree(t, outside); !sameTree(got, outsideBefore) {
				t.Errorf("the folder outside changed: %v, was %v", got, outsideBefore)
			}
			if tc.keeps {
				if got := tree(t, spare); !sameTree(got, before) {
					t.Errorf("someone's folder changed: %v, was %v", got, before)
				}
			}
		})
	}
}

// TestLockAndJournalNamesHoldNothingElse guards that a symbolic link, a
// named pipe or a folder put at the lock file's or the journal's name
// never makes a build follow it out of the destination, wait for ever or
// fail without saying what to do.
func TestLockAndJournalNamesHoldNothingElse(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	for _, tt := range []struct {
		name  string
		plant func(p string) error
	}{
		{"link out", func(p string) error { return os.Symlink(filepath.Join(outside, "dibuat"), p) }},
		{"link to a file", func(p string) error { return os.Symlink("/etc/passwd", p) }},
		{"pipe", func(p string) error { return syscall.Mkfifo(p, 0o644) }},
		{"empty folder", func(p string) error { return os.Mkdir(p, 0o755) }},
	} {
		for _, name := range []string{LockFile, journalFile} {
			dest := filepath.Join(t.TempDir(), "public")
			publishTree(t, dest, map[string]string{"index.html": "lama"})
			p := filepath.Join(dest, name)
			_ = os.Remove(p)
			if err := tt.plant(p); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				d, err := NewDir(context.Background(), dest, DirOptions{})
				if err != nil {
					done <- err
					return
				}
				defer d.Close()
				if err := d.WriteFile("index.html", []byte("baru")); err != nil {
					done <- err
					return
				}
				done <- d.Commit()
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("%s at %s: %v", tt.name, name, err)
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("%s at %s: the build still waits after 20 s", tt.name, name)
			}
			if b, err := os.ReadFile(filepath.Join(dest, "index.html")); err != nil || string(b) != "baru" {
				t.Errorf("%s at %s: index.html %q, %v", tt.name, name, b, err)
			}
			if _, err := os.Lstat(filepath.Join(outside, "dibuat")); err == nil {
				t.Fatalf("%s at %s: a file was made outside the destination", tt.name, name)
			}
		}
	}
}

// TestStaleSpareIsRemoved: a destination removed between builds leaves
// its spare tree (.public.prev) behind; the build into the new, empty
// destination removes that spare rather than let the next build turn a
// tree sharing no file with the site into it. Each build still publishes
// exactly its files.
func TestStaleSpareIsRemoved(t *testing.T) {
	t.Parallel()
	dest := filepath.Join(t.TempDir(), "public")
	spare := spareName(dest)
	publishTree(t, dest, map[string]string{"index.html": "1", "berita/a/index.html": "a"})
	publishTree(t, dest, map[string]string{"index.html": "2", "berita/a/index.html": "a"})
	if !lexists(filepath.Join(spare, Marker)) {
		t.Fatal("no spare tree after two builds")
	}
	if err := os.RemoveAll(dest); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"index.html": "3", "berita/b/index.html": "b"}
	publishTree(t, dest, want)
	if got := withoutMarker(tree(t, dest)); !sameTree(got, want) {
		t.Errorf("published %v, want %v", got, want)
	}
	if lexists(spare) {
		t.Errorf("the spare of the removed destination is still there: %v", tree(t, spare))
	}
	want = map[string]string{"index.html": "4", "berita/b/index.html": "b"}
	publishTree(t, dest, want)
	if got := withoutMarker(tree(t, dest)); !sameTree(got, want) {
		t.Errorf("published %v, want %v", got, want)
	}
}

// TestEmptyDestinationDoesNotAdoptTheSpare: a destination emptied and
// kept (or made again before the build) is not a site: the spare beside
// it shares no file with what the build makes, so it is not adopted, and
// the build removes it.
func TestEmptyDestinationDoesNotAdoptTheSpare(t *testing.T) {
	t.Parallel()
	dest := filepath.Join(t.TempDir(), "public")
	spare := spareName(dest)
	publishTree(t, dest, map[string]string{"index.html": "1", "berita/a/index.html": "a"})
	publishTree(t, dest, map[string]string{"index.html": "2", "berita/a/index.html": "a"})
	if err := os.RemoveAll(dest); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := NewDir(context.Background(), dest, DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d.spare {
		t.Error("a build into an empty destination adopted the spare of the old site")
	}
	want := map[string]string{"index.html": "3"}
	for n, c := range want {
		if err := d.WriteFile(n, []byte(c)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if got := withoutMarker(tree(t, dest)); !sameTree(got, want) {
		t.Errorf("published %v, want %v", got, want)
	}
	if lexists(spare) {
		t.Errorf("the old site's spare is still there: %v", tree(t, spare))
	}
}
