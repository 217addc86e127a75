package cache

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// seal is a whole cache file: the envelope's header, then payload, as
// writeSealed writes them.
func seal(bound Key, payload []byte) []byte {
	return append(header(bound, payload), payload...)
}

func TestEnvelopeRefusesAnythingDoubtful(t *testing.T) {
	t.Parallel()
	bound, other := Key{1}, Key{2}
	payload := []byte("<p>Isi berita.</p>")
	good := seal(bound, payload)
	edit := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	tests := []struct {
		name string
		data []byte
		ok   bool
	}{
		{"whole", good, true},
		{"empty", nil, false},
		{"header only", good[:headerLen], false},
		{"cut short", good[:len(good)-1], false},
		{"longer", append(bytes.Clone(good), 'x'), false},
		{"payload byte changed", edit(func(b []byte) []byte { b[len(b)-1]++; return b }), false},
		{"checksum changed", edit(func(b []byte) []byte { b[headerLen-1]++; return b }), false},
		{"other magic", edit(func(b []byte) []byte { b[0] = 'W'; return b }), false},
		{"other format version", edit(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[len(magic):], FormatVersion+1)
			return b
		}), false},
		{"other entry", seal(other, payload), false},
		{"empty payload", seal(bound, nil), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := open(tt.data, bound)
			if (err == nil) != tt.ok {
				t.Fatalf("open: err %v, want ok=%v", err, tt.ok)
			}
			if tt.ok && !bytes.Equal(got, tt.data[headerLen:]) {
				t.Errorf("payload %q", got)
			}
		})
	}
}

func TestSealedFileRoundTrip(t *testing.T) {
	t.Parallel()
	name := filepath.Join(t.TempDir(), "a", "b.gob")
	if _, err := readSealed(name, Key{}); err != errMissing {
		t.Errorf("missing file: %v", err)
	}
	in := map[string]int{"berita": 3}
	if err := writeGob(name, Key{7}, in); err != nil {
		t.Fatal(err)
	}
	var out map[string]int
	if err := readGob(name, Key{7}, &out); err != nil || out["berita"] != 3 {
		t.Fatalf("read %v, %v", out, err)
	}
	if err := readGob(name, Key{8}, &out); err == nil {
		t.Error("read a file bound to another key")
	}
	entries, _ := os.ReadDir(filepath.Dir(name))
	if len(entries) != 1 {
		t.Errorf("left temporary files: %v", entries)
	}
}

// TestReadSealedIsAMissForWhatIsNotACacheFile guards that a link, a pipe,
// a folder or a file of gigabytes at a cache file's name is a miss, never
// followed, waited for or read into memory.
func TestReadSealedIsAMissForWhatIsNotACacheFile(t *testing.T) {
	dir := t.TempDir()
	in := func(name string) string { return filepath.Join(dir, name) }
	var bound Key
	good := seal(bound, []byte("isi"))
	if err := os.WriteFile(in("asli"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(in("asli"), in("tautan")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(in("pipa"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(in("folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in("raksasa"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(in("raksasa"), 20<<30); err != nil { // sparse
		t.Fatal(err)
	}
	if b, err := readSealed(in("asli"), bound); err != nil || string(b) != "isi" {
		t.Fatalf("a good file: %q, %v", b, err)
	}
	for _, name := range []string{"tautan", "pipa", "folder", "raksasa"} {
		done := make(chan error, 1)
		go func() {
			_, err := readSealed(in(name), bound)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("%s: read as a cache file", name)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: still reading after 10 s", name)
		}
	}
}
