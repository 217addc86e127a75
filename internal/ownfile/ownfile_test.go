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

// TestReadInto reads into the buffer given when it holds the file and
// into new memory when it does not, with Read's checks either way.
func TestReadInto(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "berkas")
	if err := os.WriteFile(name, []byte("isi berkas"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := make([]byte, 3, 64)
	b, err := ReadInto(name, 1<<20, big)
	if err != nil || string(b) != "isi berkas" {
		t.Fatalf("into 64 bytes: %q, %v", b, err)
	}
	if &b[0] != &big[:1][0] {
		t.Error("into 64 bytes: read into new memory, want the buffer's")
	}
	small := make([]byte, 0, 4)
	b, err = ReadInto(name, 1<<20, small)
	if err != nil || string(b) != "isi berkas" {
		t.Fatalf("into 4 bytes: %q, %v", b, err)
	}
	if string(small[:4]) != "\x00\x00\x00\x00" {
		t.Errorf("into 4 bytes: the buffer was written: %q", small[:4])
	}
	if _, err := ReadInto(name, 5, big); !errors.Is(err, ErrTooLarge) {
		t.Errorf("10 bytes with a limit of 5: %v", err)
	}
	if err := os.Symlink(name, filepath.Join(dir, "tautan")); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadInto(filepath.Join(dir, "tautan"), 1<<20, big); !errors.Is(err, ErrNotRegular) {
		t.Errorf("a link: %v", err)
	}
}
