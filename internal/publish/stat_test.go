package publish

import (
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// TestAttrsAsOsLstat: what lstatPath and a handle read of an entry is what
// os.Lstat says of it (a stamp recorded from one is compared with the
// other): size, times, mode bits of every kind the destination can hold.
func TestAttrsAsOsLstat(t *testing.T) {
	dir := t.TempDir()
	mk := func(name string, make func(p string) error) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := make(p); err != nil {
			t.Fatal(err)
		}
		return name
	}
	names := []string{
		mk("file", func(p string) error { return os.WriteFile(p, []byte("isi"), 0o644) }),
		mk("exec", func(p string) error { return os.WriteFile(p, nil, 0o755) }),
		mk("setuid", func(p string) error {
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				return err
			}
			return os.Chmod(p, 0o644|os.ModeSetuid|os.ModeSetgid)
		}),
		mk("folder", func(p string) error { return os.Mkdir(p, 0o755) }),
		mk("sticky", func(p string) error {
			if err := os.Mkdir(p, 0o700); err != nil {
				return err
			}
			return os.Chmod(p, 0o1777|os.ModeSticky)
		}),
		mk("link", func(p string) error { return os.Symlink("file", p) }),
		mk("broken", func(p string) error { return os.Symlink("nowhere", p) }),
		mk("fifo", func(p string) error { return syscall.Mkfifo(p, 0o600) }),
	}
	h, err := openFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.close()
	for _, name := range names {
		fi, err := os.Lstat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		byPath, err := lstatPath(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		byHandle, err := h.lstat(name)
		if err != nil {
			t.Fatal(err)
		}
		for how, a := range map[string]attrs{"path": byPath, "handle": byHandle} {
			if a.mode != fi.Mode() || a.size != fi.Size() || a.mtime != fi.ModTime().UnixNano() || a.ctime != changeTime(fi) {
				t.Errorf("%s by %s: mode %v size %d mtime %d ctime %d; os.Lstat: %v %d %d %d", name, how, a.mode, a.size, a.mtime, a.ctime, fi.Mode(), fi.Size(), fi.ModTime().UnixNano(), changeTime(fi))
			}
		}
		if other, _ := os.Lstat(filepath.Join(dir, "file")); os.SameFile(fi, other) != byPath.sameFile(mustLstat(t, filepath.Join(dir, "file"))) && byPath.ino != 0 {
			t.Errorf("%s: sameFile with file differs from os.SameFile", name)
		}
	}
	if _, err := h.lstat("missing"); !os.IsNotExist(err) {
		t.Errorf("a missing entry: %v, want not exist", err)
	}
	if _, err := openFolder(filepath.Join(dir, "link")); err == nil && runtime.GOOS == "linux" {
		t.Error("openFolder followed a symbolic link")
	}
}

func mustLstat(t *testing.T, p string) attrs {
	t.Helper()
	a, err := lstatPath(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
