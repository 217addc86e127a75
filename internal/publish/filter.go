package publish

import "github.com/warta-portal/warta/internal/cache"

// filter is the base of targets that change files on their way to another
// target (Minify, Relative): what they do not change, and reuse of
// unchanged files, passes straight through.
type filter struct {
	Target
}

// Signed forwards to the target (see Reuser).
func (f filter) Signed() bool {
	r, ok := f.Target.(Reuser)
	return ok && r.Signed()
}

// Reuse forwards to the target.
func (f filter) Reuse(name string, sig cache.Key) bool {
	r, ok := f.Target.(Reuser)
	return ok && r.Reuse(name, sig)
}

// Record forwards to the target.
func (f filter) Record(name string, sig cache.Key) {
	if r, ok := f.Target.(Reuser); ok {
		r.Record(name, sig)
	}
}
