package publish

import (
	"hash/maphash"
	"sync"
)

// shardMap is a map of string keys safe for concurrent use, in the place
// of a sync.Map where a build stores one entry per folder: a sync.Map
// boxes each key and value in interfaces and keeps each entry in a node
// of its trie, and at 100,000 articles the Dir's three of them held 60 MB
// of pointers that every collection of the build marked again.
type shardMap[V any] struct {
	shards [16]struct {
		mu sync.Mutex
		m  map[string]V
	}
}

// shardSeed spreads keys over a shardMap's shards.
var shardSeed = maphash.MakeSeed()

func (s *shardMap[V]) shard(k string) int {
	return int(maphash.String(shardSeed, k) % uint64(len(s.shards)))
}

// Load returns the value stored under k, if any.
func (s *shardMap[V]) Load(k string) (V, bool) {
	sh := &s.shards[s.shard(k)]
	sh.mu.Lock()
	v, ok := sh.m[k]
	sh.mu.Unlock()
	return v, ok
}

// LoadOrStore returns the value stored under k, if any (loaded), and
// otherwise stores v and returns it.
func (s *shardMap[V]) LoadOrStore(k string, v V) (actual V, loaded bool) {
	sh := &s.shards[s.shard(k)]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if got, ok := sh.m[k]; ok {
		return got, true
	}
	if sh.m == nil {
		sh.m = map[string]V{}
	}
	sh.m[k] = v
	return v, false
}

// Store sets the value under k.
func (s *shardMap[V]) Store(k string, v V) {
	sh := &s.shards[s.shard(k)]
	sh.mu.Lock()
	if sh.m == nil {
		sh.m = map[string]V{}
	}
	sh.m[k] = v
	sh.mu.Unlock()
}
