package cache

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

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
