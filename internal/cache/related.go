package cache

// Ranking implements content.RelatedMemo: the ranking of related news kept
// under key, one of the store's values.
func (c *Cache) Ranking(key [32]byte) ([]int32, bool) {
	v, ok := c.Value(key)
	r, isRanking := v.([]int32)
	return r, ok && isRanking
}

// KeepRanking implements content.RelatedMemo.
func (c *Cache) KeepRanking(key [32]byte, ranking []int32) { c.PutValue(key, ranking) }

// Ranking implements content.RelatedMemo for the preview: the last
// build's ranking, when it was made under key.
func (m *Memo) Ranking(key [32]byte) ([]int32, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.ranking, m.ranking != nil && m.rankingKey == key
}

// KeepRanking implements content.RelatedMemo.
func (m *Memo) KeepRanking(key [32]byte, ranking []int32) {
	m.mu.Lock()
	m.rankingKey, m.ranking = key, ranking
	m.mu.Unlock()
}
