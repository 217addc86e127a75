package cache

import (
	"os"
	"path/filepath"
	"sync"
)

// Images is the store of image renditions (imaging.Store): one sealed
// file per rendition under images/, named by its key (the hash of the
// source's bytes, the processing settings and the rendition), bound to
// that key. Renditions are never indexed: a file that exists is a hint,
// and one that fails its envelope is a miss, noted once, that the caller
// makes again.
type Images struct{ c *Cache }

// Images returns the cache's rendition store.
func (c *Cache) Images() Images { return Images{c} }

func (s Images) path(k [32]byte) string {
	n := Key(k).String()
	return filepath.Join(s.c.dir, "images", n[:2], n)
}

// Has reports whether a rendition is stored (without checking it).
func (s Images) Has(k [32]byte) bool {
	_, err := os.Stat(s.path(k))
	return err == nil
}

// Get returns a stored rendition whose envelope checks out.
func (s Images) Get(k [32]byte) ([]byte, bool) {
	b, err := readSealed(s.path(k), Key(k))
	if err != nil {
		s.c.miss("an image rendition", err)
		return nil, false
	}
	return b, true
}

// Put stores a rendition.
func (s Images) Put(k [32]byte, data []byte) error {
	return writeSealed(s.path(k), Key(k), data)
}

// MemoryImages keeps renditions in memory, for the preview: a photo
// processed once is not processed again while the server runs. Entries
// of sources no longer used stay until the server stops. Safe for
// concurrent use.
type MemoryImages struct {
	mu sync.Mutex
	m  map[[32]byte][]byte
}

// Has reports whether a rendition is kept.
func (s *MemoryImages) Has(k [32]byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.m[k]
	return ok
}

// Get returns a kept rendition.
func (s *MemoryImages) Get(k [32]byte) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.m[k]
	return b, ok
}

// Put keeps a rendition.
func (s *MemoryImages) Put(k [32]byte, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[[32]byte][]byte{}
	}
	s.m[k] = data
	return nil
}

// ImagesIn returns the rendition store of the cache folder dir for warta
// version v alone, without reading or writing the cache's other files:
// for warta check, which makes the renditions a build would (so a check
// after a build, or a build after a check, processes each photo once)
// and keeps nothing else.
func ImagesIn(dir string, v Key) Images {
	return Images{&Cache{dir: filepath.Join(dir, v.String()[:16]), version: v}}
}
