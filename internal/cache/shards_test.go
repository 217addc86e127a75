package cache

import (
	"os"
	"testing"
)

// TestShardsRewriteOnlyWhatChanged: a save writes only the files whose
// entries were added or dropped; a damaged file loses its own entries
// only, is noted, and is written again.
func TestShardsRewriteOnlyWhatChanged(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	version := Key{3}
	keys := make([]Key, 64)
	for i := range keys {
		keys[i] = Key{byte(i * 4), byte(i)} // four keys per file
	}
	open := func() (*shards[Key, string], []string) {
		var notes []string
		s := newShards[Key, string]("t", keyShard)
		s.load(dir, version, func(what string, err error) {
			if err != errMissing {
				notes = append(notes, what+": "+err.Error())
			}
		})
		return s, notes
	}
	s, _ := open()
	for _, k := range keys {
		s.put(k, k.String()[:4])
	}
	if err := s.save(dir, version); err != nil {
		t.Fatal(err)
	}
	inode := func(i int) os.FileInfo {
		fi, err := os.Stat(s.path(dir, i))
		if err != nil {
			t.Fatal(err)
		}
		return fi
	}
	before := make([]os.FileInfo, shardCount)
	for i := range shardCount {
		before[i] = inode(i)
	}

	// Every entry used, one replaced: only its file is written again.
	s, notes := open()
	if len(s.m) != len(keys) || len(notes) != 0 {
		t.Fatalf("read back %d of %d entries, notes %v", len(s.m), len(keys), notes)
	}
	for _, k := range keys {
		if v, ok := s.get(k); !ok || v != k.String()[:4] {
			t.Fatalf("%v: got %q", k, v)
		}
	}
	s.put(keys[5], "new")
	if err := s.save(dir, version); err != nil {
		t.Fatal(err)
	}
	for i := range shardCount {
		if same := os.SameFile(before[i], inode(i)); same == (i == keyShard(keys[5])) {
			t.Errorf("file %x: rewritten %v", i, !same)
		}
	}

	// A damaged file: its four entries are lost and noted, the rest kept.
	if err := os.WriteFile(s.path(dir, 2), []byte("warta-cache\nrusak"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, notes = open()
	if len(s.m) != len(keys)-4 || len(notes) != 1 || !s.changed[2] {
		t.Errorf("after damage: %d entries (want %d), notes %v, rewrite %v", len(s.m), len(keys)-4, notes, s.changed[2])
	}
	if v, _ := s.get(keys[5]); v != "new" {
		t.Errorf("entry 5 = %q, want the replaced value", v)
	}
}
