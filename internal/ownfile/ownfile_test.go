package ownfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestRead guards that nothing standing at one of warta's own file names
// makes a read hang, follow a link or take all memory.
func TestRead(t *testing.T) {
	dir := t.TempDir()
	in := func(name string) string { return filepath.Join(dir, name) }
	if err := os.WriteFile(in("biasa"), []byte("isi"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in("rahasia"), []byte("rahasia"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(in("rahasia"), in("tautan")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(in("pipa"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(in("folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(in("raksasa"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(20 << 30); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	tests := []struct {
		name string
		want error // nil: reads "isi"
	}{
		{"biasa", nil},
		{"tautan", ErrNotRegular},
		{"pipa", ErrNotRegular},
		{"folder", ErrNotRegular},
		{"raksasa", ErrTooLarge},
		{"tidak-ada", fs.ErrNotExist},
	}
	for _, tt := range tests {
		done := make(chan struct{})
		var b []byte
		var err error
		go func() {
			defer close(done)
			b, err = Read(in(tt.name), 1<<20)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: Read still waiting after 10 s", tt.name)
		}
		switch {
		case tt.want == nil && (err != nil || string(b) != "isi"):
			t.Errorf("%s: %q, %v", tt.name, b, err)
		case tt.want != nil && !errors.Is(err, tt.want):
			t.Errorf("%s: %q, %v; want %v", tt.name, b, err, tt.want)
		}
	}
	if _, err := Read(in("biasa"), 2); !errors.Is(err, ErrTooLarge) {
		t.Errorf("3 bytes with a limit of 2: %v", err)
	}
}
