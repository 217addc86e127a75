package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// site writes a site folder with the given files ("" content makes a
// folder) and returns its path.
func site(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if data == "" {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// TestDirFSRefusesWhatLiesOutsideTheSite guards that no link leads a
// build out of the site folder and that special files are never opened.
func TestDirFSRefusesWhatLiesOutsideTheSite(t *testing.T) {
	t.Parallel()
	outside := site(t, map[string]string{"rahasia.txt": "rahasia", "folder/x.md": "x"})
	dir := site(t, map[string]string{
		"content/berita/b/index.md": "b",
		"static/ok.css":             "ok",
		"layouts/_default/a.html":   "a",
	})
	in := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	symlink(t, "/etc/passwd", in("content/berita/b/passwd"))
	symlink(t, "/proc/self/environ", in("static/env"))
	symlink(t, "/dev/zero", in("static/nol"))
	symlink(t, filepath.Join(outside, "folder"), in("content/luar"))
	symlink(t, filepath.Join(outside, "rahasia.txt"), in("layouts/_default/b.html"))
	symlink(t, filepath.Join(outside, "rahasia.txt"), in("warta.yaml"))
	symlink(t, "../../berita/b/index.md", in("content/berita/b/salinan.txt"))
	symlink(t, "..", in("content/putaran"))
	symlink(t, "tidak-ada", in("static/hilang"))
	if err := syscall.Mkfifo(in("content/berita/x.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys := DirFS(dir)

	for _, name := range []string{"content/berita/b/passwd", "static/env", "static/nol", "content/luar/x.md", "layouts/_default/b.html", "warta.yaml"} {
		if _, err := fs.ReadFile(fsys, name); !errors.Is(err, ErrOutside) {
			t.Errorf("%s: got %v, want ErrOutside", name, err)
		}
	}
	// Opening a FIFO for reading would wait for a writer for ever.
	if _, err := fs.ReadFile(fsys, "content/berita/x.md"); !errors.Is(err, ErrNotRegular) {
		t.Errorf("FIFO: got %v, want ErrNotRegular", err)
	}
	if b, err := fs.ReadFile(fsys, "content/berita/b/salinan.txt"); err != nil || string(b) != "b" {
		t.Errorf("link inside the site: %q %v", b, err)
	}

	tree, err := Walk(fsys)
	want := []string{
		"content/berita/b/passwd: a symbolic link to /etc/passwd, outside the site folder",
		"content/berita/x.md: a named pipe (FIFO), not a regular file",
		"content/luar: a symbolic link to " + filepath.Join(outside, "folder") + ", outside the site folder",
		"content/putaran: a symbolic link to a folder that holds it",
		"layouts/_default/b.html: a symbolic link to " + filepath.Join(outside, "rahasia.txt") + ", outside the site folder",
		"static/env: a symbolic link to /proc/",
		"static/hilang: a symbolic link to nothing",
		"static/nol: a symbolic link to /dev/zero, outside the site folder",
	}
	var got []string
	if err != nil {
		got = strings.Split(err.Error(), "\n")
	}
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(got), len(want), err)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d:\n got %s\nwant %s…", i, got[i], want[i])
		}
	}
	if !slices.ContainsFunc(tree.Content, func(e Entry) bool {
		return e.Path == "content/berita/b/index.md" && slices.Contains(e.Resources, "content/berita/b/salinan.txt")
	}) {
		t.Errorf("content %+v", tree.Content)
	}
}

// TestDirFSFollowsLinkedTrees guards the links an operator makes on
// purpose, with LinkedTrees: content/ (or static/, layouts/) linked to a
// folder elsewhere, and links inside that folder that stay in it.
func TestDirFSFollowsLinkedTrees(t *testing.T) {
	t.Parallel()
	shared := site(t, map[string]string{"berita/a.md": "a", "berita/sama.md": "s"})
	dir := site(t, map[string]string{"static/css/a.css": "a"})
	symlink(t, shared, filepath.Join(dir, "content"))
	symlink(t, "sama.md", filepath.Join(shared, "berita", "b.md"))
	symlink(t, "css", filepath.Join(dir, "static", "gaya"))
	// Without the operator's consent the linked folder is refused.
	if _, err := Walk(DirFS(dir)); err == nil || !strings.HasPrefix(err.Error(), "content: a symbolic link to "+shared+", outside the site folder: if you linked this folder on purpose, build with --linked-folders") {
		t.Errorf("strict: got %v", err)
	}
	tree, err := Walk(Open(dir, Options{LinkedTrees: true}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range tree.Content {
		got = append(got, e.Path)
	}
	if want := []string{"content/berita/a.md", "content/berita/b.md", "content/berita/sama.md"}; !slices.Equal(got, want) {
		t.Errorf("content %v, want %v", got, want)
	}
	if want := []string{"static/css/a.css", "static/gaya/a.css"}; !slices.Equal(tree.Static, want) {
		t.Errorf("static %v, want %v", tree.Static, want)
	}
	if b, err := fs.ReadFile(Open(dir, Options{LinkedTrees: true}), "content/berita/b.md"); err != nil || string(b) != "s" {
		t.Errorf("%q %v", b, err)
	}
}

// TestEntryStatIsFSStat guards the walk's short cut for a content file's
// information (Entry.Stat): the same as fs.Stat through DirFS, and the
// same refusals for a file replaced after the walk by a link out of the
// site or by a named pipe.
func TestEntryStatIsFSStat(t *testing.T) {
	t.Parallel()
	outside := site(t, map[string]string{"rahasia.md": "rahasia"})
	dir := site(t, map[string]string{
		"content/berita/a.md":       "a",
		"content/berita/b/index.md": "bb",
		"content/berita/c.md":       "ccc",
		"content/berita/d.md":       "dddd",
	})
	in := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	symlink(t, "a.md", in("content/berita/tautan.md"))
	fsys := DirFS(dir)
	tree, err := Walk(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(tree.Content) != 5 {
		t.Fatalf("content %v", tree.Content)
	}
	for _, e := range tree.Content {
		got, err := e.Stat(fsys)
		want, werr := fs.Stat(fsys, e.Path)
		if err != nil || werr != nil {
			t.Fatalf("%s: %v, fs.Stat %v", e.Path, err, werr)
		}
		if got.Size() != want.Size() || !got.ModTime().Equal(want.ModTime()) || got.Mode() != want.Mode() || !sameFile(got, want) {
			t.Errorf("%s: Stat %v %v %v, fs.Stat %v %v %v", e.Path, got.Size(), got.ModTime(), got.Mode(), want.Size(), want.ModTime(), want.Mode())
		}
	}
	// Replaced after the walk.
	if err := os.Remove(in("content/berita/c.md")); err != nil {
		t.Fatal(err)
	}
	symlink(t, filepath.Join(outside, "rahasia.md"), in("content/berita/c.md"))
	if err := os.Remove(in("content/berita/d.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(in("content/berita/d.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, e := range tree.Content {
		_, err := e.Stat(fsys)
		switch e.Path {
		case "content/berita/c.md":
			if !errors.Is(err, ErrOutside) {
				t.Errorf("%s, a link out of the site since the walk: %v, want ErrOutside", e.Path, err)
			}
		case "content/berita/d.md":
			if !errors.Is(err, ErrNotRegular) {
				t.Errorf("%s, a named pipe since the walk: %v, want ErrNotRegular", e.Path, err)
			}
		default:
			if err != nil {
				t.Errorf("%s: %v", e.Path, err)
			}
		}
	}
}
