package search

// SetParts makes parts of span documents from postings of at least
// splitAt bytes until the returned function is called. Not safe beside
// parallel tests: call it from a test that is not parallel (those run
// before the parallel ones resume).
func SetParts(span, split int) (restore func()) {
	oldSpan, oldSplit := partSpan, splitAt
	partSpan, splitAt = span, split
	return func() { partSpan, splitAt = oldSpan, oldSplit }
}

// PartSpanNow is the span of parts in force.
func PartSpanNow() int { return partSpan }
