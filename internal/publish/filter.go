package publish

// filter is the base of targets that change files on their way to another
// target (Minify, Relative): what they do not change passes straight
// through.
type filter struct {
	Target
}
