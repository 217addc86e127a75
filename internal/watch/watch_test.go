package watch

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// debounce is long enough that a loaded machine pausing the test between
// the truncate and the write of one os.WriteFile, or between the writes of
// a burst, does not split what the test means as one batch.
const debounce = 250 * time.Millisecond

// patience bounds the wait for a batch that must come. It only ends a test
// that is failing anyway, so it is long: no test may fail for being slow.
const patience = 2 * time.Minute

// site makes a small site folder and starts a watcher over it.
func site(t *testing.T) (string, *Watcher) {
	t.Helper()
	root := t.TempDir()
	for _, f := range []string{"warta.yaml", "content/_index.md", "content/berita/a.md", "layouts/index.html", "static/css/site.css"} {
		write(t, root, f, "x")
	}
	w, err := New(Options{Root: root, Debounce: debounce, OnError: func(err error) { t.Errorf("watcher error: %v", err) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return root, w
}

func write(t *testing.T, root, name, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// next waits for one batch.
func next(t *testing.T, w *Watcher) []string {
	t.Helper()
	select {
	case b, ok := <-w.Changes():
		if !ok {
			t.Fatal("Changes closed")
		}
		return b
	case <-time.After(patience):
		t.Fatalf("no change reported within %s", patience)
		return nil
	}
}

// none asserts that nothing is reported for a while.
func none(t *testing.T, w *Watcher) {
	t.Helper()
	select {
	case b := <-w.Changes():
		t.Fatalf("unexpected batch %q", b)
	case <-time.After(4 * debounce):
	}
}

func wantBatch(t *testing.T, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("batch = %q, want %q", got, want)
	}
}

func TestWriteIsReported(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"content/berita/a.md", "layouts/index.html", "static/css/site.css", "warta.yaml"} {
		t.Run(name, func(t *testing.T) {
			root, w := site(t)
			write(t, root, name, "changed")
			wantBatch(t, next(t, w), name)
		})
	}
}

func TestBurstIsOneBatch(t *testing.T) {
	t.Parallel()
	root, w := site(t)
	for i := range 5 {
		write(t, root, "content/berita/a.md", "v"+string(rune('0'+i)))
		write(t, root, "content/berita/b.md", "new")
		time.Sleep(debounce / 10) // gaps well inside the quiet time
	}
	wantBatch(t, next(t, w), "content/berita/a.md", "content/berita/b.md")
	none(t, w)
}

func TestEditorLeftoversAreIgnored(t *testing.T) {
	t.Parallel()
	root, w := site(t)
	for _, name := range []string{
		"content/berita/a.md~", "content/berita/.a.md.swp", "content/berita/a.md.swp",
		"content/berita/#a.md#", "content/berita/.#a.md", "content/berita/a.md.tmp",
		"README.md", "public/index.html", "content/.git/HEAD",
	} {
		write(t, root, name, "junk")
	}
	if err := os.Chmod(filepath.Join(root, "content/berita/a.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	none(t, w)
}

func TestSaveThroughTempFileAndRename(t *testing.T) {
	t.Parallel()
	root, w := site(t)
	// The way vim and many editors save: write a temporary, rename it over.
	write(t, root, "content/berita/a.md.tmp", "new body")
	if err := os.Rename(filepath.Join(root, "content/berita/a.md.tmp"), filepath.Join(root, "content/berita/a.md")); err != nil {
		t.Fatal(err)
	}
	wantBatch(t, next(t, w), "content/berita/a.md")
}

// A temporary file made and renamed away within one burst is not part of
// the batch, whatever its name: sed -i writes "sedXXXXXX" beside the file,
// other tools name theirs otherwise.
func TestTransientFileIsNotReported(t *testing.T) {
	t.Parallel()
	for _, tmp := range []string{"content/berita/sedA1b2C3", "content/berita/4913", "layouts/index.html___jb_tmp___"} {
		t.Run(tmp, func(t *testing.T) {
			root, w := site(t)
			dst := "content/berita/a.md"
			if filepath.Dir(tmp) == "layouts" {
				dst = "layouts/index.html"
			}
			write(t, root, tmp, "new body")
			if err := os.Rename(filepath.Join(root, tmp), filepath.Join(root, dst)); err != nil {
				t.Fatal(err)
			}
			wantBatch(t, next(t, w), dst)
			// Made and deleted in one burst: nothing to build.
			write(t, root, "content/berita/sedZ9y8X7", "x")
			if err := os.Remove(filepath.Join(root, "content/berita/sedZ9y8X7")); err != nil {
				t.Fatal(err)
			}
			none(t, w)
		})
	}
}

func TestDeleteIsReported(t *testing.T) {
	t.Parallel()
	root, w := site(t)
	if err := os.Remove(filepath.Join(root, "content/berita/a.md")); err != nil {
		t.Fatal(err)
	}
	wantBatch(t, next(t, w), "content/berita/a.md")
}

func TestFolderCreatedAfterStartIsWatched(t *testing.T) {
	t.Parallel()
	root, w := site(t)
	if err := os.MkdirAll(filepath.Join(root, "content/inovasi/x/gambar"), 0o755); err != nil {
		t.Fatal(err)
	}
	if b := next(t, w); !slices.Contains(b, "content/inovasi") {
		t.Fatalf("batch %q lacks the new folder", b)
	}
	write(t, root, "content/inovasi/x/gambar/foto.jpg", "jpg")
	wantBatch(t, next(t, w), "content/inovasi/x/gambar/foto.jpg")
}

func TestTreeCreatedAfterStartIsWatched(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write(t, root, "content/a.md", "x")
	w, err := New(Options{Root: root, Debounce: debounce})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := os.MkdirAll(filepath.Join(root, "static/img"), 0o755); err != nil {
		t.Fatal(err)
	}
	wantBatch(t, next(t, w), "static")
	write(t, root, "static/img/logo.svg", "<svg/>")
	wantBatch(t, next(t, w), "static/img/logo.svg")
}

func TestRenamedFolderIsFollowed(t *testing.T) {
	t.Parallel()
	root, w := site(t)
	write(t, root, "content/berita/lama/index.md", "x")
	write(t, root, "content/berita/lama/foto/a.jpg", "x")
	next(t, w)
	if err := os.Rename(filepath.Join(root, "content/berita/lama"), filepath.Join(root, "content/berita/baru")); err != nil {
		t.Fatal(err)
	}
	wantBatch(t, next(t, w), "content/berita/baru", "content/berita/lama")
	// Events inside the moved folder carry its new name, at both depths.
	write(t, root, "content/berita/baru/index.md", "y")
	wantBatch(t, next(t, w), "content/berita/baru/index.md")
	write(t, root, "content/berita/baru/foto/a.jpg", "y")
	wantBatch(t, next(t, w), "content/berita/baru/foto/a.jpg")
	// The old name is not watched any more, and the new tree can move again.
	if err := os.Rename(filepath.Join(root, "content/berita/baru"), filepath.Join(root, "content/berita/lagi")); err != nil {
		t.Fatal(err)
	}
	wantBatch(t, next(t, w), "content/berita/baru", "content/berita/lagi")
	write(t, root, "content/berita/lagi/foto/b.jpg", "z")
	wantBatch(t, next(t, w), "content/berita/lagi/foto/b.jpg")
}

func TestFolderMovedInFromOutsideIsWatched(t *testing.T) {
	t.Parallel()
	root, w := site(t)
	outside := t.TempDir()
	write(t, outside, "bundle/index.md", "x")
	write(t, outside, "bundle/sub/a.jpg", "x")
	if err := os.Rename(filepath.Join(outside, "bundle"), filepath.Join(root, "content/berita/bundle")); err != nil {
		t.Skipf("cannot move across folders here: %v", err)
	}
	wantBatch(t, next(t, w), "content/berita/bundle")
	write(t, root, "content/berita/bundle/sub/a.jpg", "y")
	wantBatch(t, next(t, w), "content/berita/bundle/sub/a.jpg")
}

func TestSlowConsumerGetsOneMergedBatch(t *testing.T) {
	t.Parallel()
	root, w := site(t)
	write(t, root, "content/berita/a.md", "1")
	time.Sleep(4 * debounce) // the first batch is ready but not taken
	write(t, root, "content/berita/b.md", "2")
	time.Sleep(4 * debounce) // and the next one too
	wantBatch(t, next(t, w), "content/berita/a.md", "content/berita/b.md")
	none(t, w)
}

func TestCloseEndsChanges(t *testing.T) {
	t.Parallel()
	_, w := site(t)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-w.Changes(); ok {
		t.Fatal("Changes still open after Close")
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestNewRefusesMissingFolder(t *testing.T) {
	t.Parallel()
	if _, err := New(Options{Root: filepath.Join(t.TempDir(), "nope")}); err == nil {
		t.Fatal("New on a missing folder succeeded")
	}
}

// TestLinkedTreeIsWatched: a tree that is a symbolic link to a folder
// elsewhere is built through the link, so edits inside it rebuild too,
// reported under the site's own names.
func TestLinkedTreeIsWatched(t *testing.T) {
	t.Parallel()
	for _, top := range []string{"content", "layouts", "static"} {
		t.Run(top, func(t *testing.T) {
			root, target := t.TempDir(), t.TempDir()
			write(t, root, "warta.yaml", "x")
			write(t, target, "berita/a.md", "x")
			link := filepath.Join(root, top)
			if err := os.Symlink(target, link); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
			w, err := New(Options{Root: root, Debounce: debounce, OnError: func(err error) { t.Errorf("watcher error: %v", err) }})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()

			write(t, root, top+"/berita/a.md", "changed")
			wantBatch(t, next(t, w), top+"/berita/a.md")
			write(t, target, "berita/b.md", "new") // edited at the target's own path
			wantBatch(t, next(t, w), top+"/berita/b.md")
			// Folders made later inside the target are watched too.
			if err := os.MkdirAll(filepath.Join(target, "baru", "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			if b := next(t, w); !slices.Contains(b, top+"/baru") {
				t.Fatalf("batch %q lacks the new folder", b)
			}
			write(t, root, top+"/baru/sub/c.md", "x")
			wantBatch(t, next(t, w), top+"/baru/sub/c.md")
			// Editor leftovers inside the target are still ignored.
			write(t, target, "berita/.a.md.swp", "junk")
			none(t, w)

			// Pointed elsewhere, the link is followed to its new target and
			// the old one is no longer watched.
			other := t.TempDir()
			write(t, other, "berita/d.md", "x")
			if err := os.Remove(link); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(other, link); err != nil {
				t.Fatal(err)
			}
			wantBatch(t, next(t, w), top)
			write(t, other, "berita/d.md", "changed")
			wantBatch(t, next(t, w), top+"/berita/d.md")
			write(t, target, "berita/a.md", "stale")
			none(t, w)
		})
	}
}
