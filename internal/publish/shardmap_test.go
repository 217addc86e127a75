package publish

import (
	"strconv"
	"sync"
	"testing"
)

// TestShardMap: of goroutines storing under the same keys at once, one
// value per key wins, and every goroutine gets that one back.
func TestShardMap(t *testing.T) {
	var m shardMap[int]
	const workers, keys = 8, 1000
	got := make([][]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for k := range keys {
				v, _ := m.LoadOrStore(strconv.Itoa(k), w)
				got[w] = append(got[w], v)
			}
		})
	}
	wg.Wait()
	for k := range keys {
		v, ok := m.Load(strconv.Itoa(k))
		if !ok {
			t.Fatalf("key %d lost", k)
		}
		for w := range workers {
			if got[w][k] != v {
				t.Fatalf("key %d: worker %d got %d, the map holds %d", k, w, got[w][k], v)
			}
		}
	}
	m.Store("0", -1)
	if v, _ := m.Load("0"); v != -1 {
		t.Errorf("Store: %d", v)
	}
	if _, ok := m.Load("absent"); ok {
		t.Error("an absent key was found")
	}
}
