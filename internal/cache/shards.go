package cache

import (
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// shardCount is how many files an index is cut into: an edit changes an
// entry or two, so a build rewrites a sixteenth of an index instead of all
// of it (the body index of 10,000 articles is 11 MB), and the files are
// decoded on every core.
const shardCount = 16

// shards is a map kept in shardCount files, name-0.gob to name-f.gob
// (gob-encoded), or name-0.bin to name-f.bin when it has a codec of its
// own, each in its own envelope. Not safe for concurrent use: the Cache's
// mutex guards it.
type shards[K comparable, V any] struct {
	name    string
	of      func(K) int  // the file an entry belongs in
	codec   *codec[K, V] // nil: gob
	m       map[K]V
	used    map[K]bool
	changed [shardCount]bool
}

// codec is a form of a shard's entries other than gob's.
type codec[K comparable, V any] struct {
	encode func(map[K]V) []byte
	decode func([]byte) (map[K]V, error)
}

func newShards[K comparable, V any](name string, of func(K) int) *shards[K, V] {
	return &shards[K, V]{name: name, of: of, m: map[K]V{}, used: map[K]bool{}}
}

func (s *shards[K, V]) path(dir string, i int) string {
	if s.codec != nil {
		return filepath.Join(dir, fmt.Sprintf("%s-%x.bin", s.name, i))
	}
	return filepath.Join(dir, fmt.Sprintf("%s-%x.gob", s.name, i))
}

// read reads file i into part.
func (s *shards[K, V]) read(dir string, version Key, i int, part *map[K]V) error {
	if s.codec == nil {
		return readGob(s.path(dir, i), version, part)
	}
	payload, err := readSealed(s.path(dir, i), version)
	if err != nil {
		return err
	}
	if *part, err = s.codec.decode(payload); err != nil {
		return fmt.Errorf("cannot decode: %w", err)
	}
	return nil
}

// write writes part as file i.
func (s *shards[K, V]) write(dir string, version Key, i int, part map[K]V) error {
	if s.codec == nil {
		return writeGob(s.path(dir, i), version, part)
	}
	return writeSealed(s.path(dir, i), version, s.codec.encode(part))
}

// load reads every file in parallel. A file that cannot be used (missing,
// damaged, of another version) is a miss, reported through miss once per
// problem, and written again on save.
func (s *shards[K, V]) load(dir string, version Key, miss func(what string, err error)) {
	var parts [shardCount]map[K]V
	var errs [shardCount]error
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(shardCount, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = s.read(dir, version, i, &parts[i])
			}
		}()
	}
	for i := range shardCount {
		next <- i
	}
	close(next)
	wg.Wait()
	n := 0
	for i, p := range parts {
		if errs[i] != nil {
			parts[i] = nil
			s.changed[i] = true
			miss(s.name+" index", errs[i])
			continue
		}
		n += len(p)
	}
	s.m = make(map[K]V, n)
	for _, p := range parts {
		for k, v := range p {
			s.m[k] = v
		}
	}
}

func (s *shards[K, V]) get(k K) (V, bool) {
	v, ok := s.m[k]
	if ok {
		s.used[k] = true
	}
	return v, ok
}

func (s *shards[K, V]) put(k K, v V) {
	s.m[k] = v
	s.used[k] = true
	s.changed[s.of(k)] = true
}

// save drops the entries this build did not use and writes the files
// whose entries changed, in parallel. A file that cannot be written is
// removed: the next build misses its entries and makes them again.
func (s *shards[K, V]) save(dir string, version Key) error {
	// First what goes, then the entries of the files to write: an edit
	// changes one or two of them.
	for k := range s.m {
		if !s.used[k] {
			delete(s.m, k)
			s.changed[s.of(k)] = true
		}
	}
	var parts [shardCount]map[K]V
	for k, v := range s.m {
		i := s.of(k)
		if !s.changed[i] {
			continue
		}
		if parts[i] == nil {
			parts[i] = map[K]V{}
		}
		parts[i][k] = v
	}
	var errs [shardCount]error
	var wg sync.WaitGroup
	for i := range shardCount {
		if !s.changed[i] {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if parts[i] == nil {
				parts[i] = map[K]V{}
			}
			if errs[i] = s.write(dir, version, i, parts[i]); errs[i] != nil {
				os.Remove(s.path(dir, i))
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs[:]...)
}

// keyShard is the file of an entry keyed by a content hash.
func keyShard(k Key) int { return int(k[0] >> 4) }

// nameShard is the file of an entry keyed by a file name.
func nameShard(name string) int {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32() % shardCount)
}
