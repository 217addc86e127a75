package cache

import (
	"encoding/binary"
	"errors"
	"slices"

	"github.com/warta-portal/warta/internal/publish"
)

// A manifest is read and written by every build into a destination, and at
// 10,000 articles it describes about 25,000 outputs and 20,000 folders
// (9 MB of gob). It has a fixed shape, so it is written in a compact form
// of its own. At 10,000 articles it takes 5.6 MB where gob takes 9.4 (the
// envelope's checksum reads it whole) and, in BenchmarkManifest, 16 ms to
// decode where gob takes 26, 26 ms to encode where gob takes 44, and 204
// allocations to gob's 80,000:
//
//	token    32 bytes
//	outputs  count, then per output (by name): name, flags,
//	         [key: 32 bytes] when flags&1 (a signature),
//	         [size, modtime, mode] when flags&2 (a file; flags&4: shared)
//	folders  count, then per folder (by name): name, flags,
//	         [modtime, change time, names] when flags&1 (in Tree),
//	         the same when flags&2 (in Spare)
//
// Counts, sizes, modes and lengths are unsigned varints, times signed
// varints (encoding/binary). A name is written as the length of the prefix
// it shares with the name before it in the same list, then the length and
// bytes of the rest (front coding: sorted output names share most of their
// bytes); names is a length and bytes. The payload ends there: trailing
// bytes, a prefix longer than the name before, a name out of order, an
// unknown flag, or a count or length beyond what is left make the
// manifest a miss. The envelope (file.go) already refuses a damaged file;
// these checks keep a payload of another shape from being read as one.

const (
	hasSig, hasStamp, isShared = 1, 2, 4
	inTree, inSpare            = 1, 2
)

// manifestOrder is the sorted names of a manifest's outputs and folders,
// as read: the next manifest of the same destination holds nearly the
// same, and taking them in that order spares most of the sorting.
type manifestOrder struct{ outputs, folders []string }

// encodeManifest returns m in the compact form; prev, when known, is the
// order of the manifest m replaces. Its two lists are encoded at once, on
// two cores: a build waits for the manifest at its very end, alone, and at
// 10,000 articles the two took 50 ms one after the other.
func encodeManifest(m Manifest, prev manifestOrder) []byte {
	folders := make(chan []byte, 1)
	go func() { folders <- encodeFolders(m, prev) }()
	b := encodeOutputs(m, prev)
	f := <-folders
	return append(slices.Grow(b, len(f)), f...)
}

// encodeOutputs returns the token and the outputs of m, encoded.
func encodeOutputs(m Manifest, prev manifestOrder) []byte {
	// A name shares most of its bytes with the one before: about 20
	// bytes of it, its flags and its stamp when it has one, its key when
	// it has one.
	e := &manifestWriter{b: make([]byte, 0, len(m.Sigs)*32+len(m.Dest.Files)*(20+16)+64)}
	e.b = append(e.b, m.Dest.Token[:]...)
	names := union(m.Sigs, m.Dest.Files, prev.outputs)
	e.uint(uint64(len(names)))
	for _, name := range names {
		e.name(name)
		k, sig := m.Sigs[name]
		st, file := m.Dest.Files[name]
		var flags byte
		if sig {
			flags |= hasSig
		}
		if file {
			flags |= hasStamp
			if st.Shared {
				flags |= isShared
			}
		}
		e.b = append(e.b, flags)
		if sig {
			e.b = append(e.b, k[:]...)
		}
		if file {
			e.uint(uint64(st.Size))
			e.b = binary.AppendVarint(e.b, st.ModTime)
			e.uint(uint64(st.Mode))
		}
	}
	return e.b
}

// encodeFolders returns the folders of m, encoded.
func encodeFolders(m Manifest, prev manifestOrder) []byte {
	n := 16
	for _, l := range []publish.Listing{m.Dest.Tree, m.Dest.Spare} {
		for _, f := range l {
			n += len(f.Names) + 24
		}
	}
	e := &manifestWriter{b: make([]byte, 0, n)}
	names := union(m.Dest.Tree, m.Dest.Spare, prev.folders)
	e.uint(uint64(len(names)))
	for _, name := range names {
		e.name(name)
		t, tree := m.Dest.Tree[name]
		s, spare := m.Dest.Spare[name]
		var flags byte
		if tree {
			flags |= inTree
		}
		if spare {
			flags |= inSpare
		}
		e.b = append(e.b, flags)
		for i, f := range []publish.Folder{t, s} {
			if flags&(1<<i) != 0 {
				e.b = binary.AppendVarint(e.b, f.ModTime)
				e.b = binary.AppendVarint(e.b, f.ChangeTime)
				e.uint(uint64(len(f.Names)))
				e.b = append(e.b, f.Names...)
			}
		}
	}
	return e.b
}

// union returns the keys of a and b, sorted, each once: the outputs
// signed are nearly all the files recorded, and sorting costs more than
// the rest of the encoding. prev, sorted and each once, holds most of
// them in a rebuild: those are taken in its order, and only the others
// (a new page's outputs) sorted and merged in.
func union[A, B any](a map[string]A, b map[string]B, prev []string) []string {
	n := len(a)
	for name := range b {
		if _, ok := a[name]; !ok {
			n++
		}
	}
	names := make([]string, 0, n)
	for _, name := range prev {
		_, inA := a[name]
		_, inB := b[name]
		if inA || inB {
			names = append(names, name)
		}
	}
	if len(names) == n {
		return names
	}
	var extra []string
	seen := func(name string) bool {
		_, found := slices.BinarySearch(prev, name)
		return found
	}
	for name := range a {
		if !seen(name) {
			extra = append(extra, name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok && !seen(name) {
			extra = append(extra, name)
		}
	}
	slices.Sort(extra)
	out := make([]string, 0, n)
	i, j := 0, 0
	for i < len(names) && j < len(extra) {
		if names[i] < extra[j] {
			out = append(out, names[i])
			i++
		} else {
			out = append(out, extra[j])
			j++
		}
	}
	return append(append(out, names[i:]...), extra[j:]...)
}

type manifestWriter struct {
	b    []byte
	prev string
}

func (e *manifestWriter) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }

func (e *manifestWriter) name(s string) {
	p := 0
	for p < len(s) && p < len(e.prev) && s[p] == e.prev[p] {
		p++
	}
	e.uint(uint64(p))
	e.uint(uint64(len(s) - p))
	e.b = append(e.b, s[p:]...)
	e.prev = s
}

var errManifestShape = errors.New("not a manifest of this format")

// span is a string decoded into manifestReader.text, by its bounds.
type span struct{ from, to int }

// decodeManifest is encodeManifest's inverse; a payload of any other shape
// is an error. Every string is cut from one allocation (the names and
// folder entries of 10,000 articles would be 90,000 otherwise).
func decodeManifest(b []byte) (Manifest, manifestOrder, error) {
	d := &manifestReader{b: b, text: make([]byte, 0, len(b)*2)}
	var token Key
	copy(token[:], d.bytes(len(token)))
	type output struct {
		name  span
		flags byte
		sig   Key
		st    publish.Stamp
	}
	outs := make([]output, d.count(3))
	for i := range outs {
		o := &outs[i]
		o.name = d.name()
		o.flags = d.byte()
		if o.flags&^(hasSig|hasStamp|isShared) != 0 || o.flags&(hasSig|hasStamp) == 0 || o.flags&(hasStamp|isShared) == isShared {
			d.fail()
		}
		if o.flags&hasSig != 0 {
			copy(o.sig[:], d.bytes(len(o.sig)))
		}
		if o.flags&hasStamp != 0 {
			o.st = publish.Stamp{Size: int64(d.uint()), ModTime: d.int(), Mode: uint32(d.uint()), Shared: o.flags&isShared != 0}
		}
	}
	type folder struct {
		name  span
		flags byte
		f     [2]publish.Folder
		names [2]span
	}
	d.named = false
	dirs := make([]folder, d.count(3))
	for i := range dirs {
		f := &dirs[i]
		f.name = d.name()
		f.flags = d.byte()
		if f.flags&^(inTree|inSpare) != 0 || f.flags == 0 {
			d.fail()
		}
		for j := range 2 {
			if f.flags&(1<<j) != 0 {
				f.f[j] = publish.Folder{ModTime: d.int(), ChangeTime: d.int()}
				f.names[j] = d.text2(int(d.uint()))
			}
		}
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errManifestShape
	}
	if d.err != nil {
		return Manifest{}, manifestOrder{}, d.err
	}
	text := string(d.text)
	str := func(s span) string { return text[s.from:s.to] }
	m := Manifest{Sigs: make(map[string]Key, len(outs)), Dest: publish.Record{Token: token,
		Files: make(map[string]publish.Stamp, len(outs)), Tree: make(publish.Listing, len(dirs)), Spare: make(publish.Listing, len(dirs))}}
	order := manifestOrder{make([]string, len(outs)), make([]string, len(dirs))}
	for i, o := range outs {
		name := str(o.name)
		order.outputs[i] = name
		if o.flags&hasSig != 0 {
			m.Sigs[name] = o.sig
		}
		if o.flags&hasStamp != 0 {
			m.Dest.Files[name] = o.st
		}
	}
	for i, f := range dirs {
		name := str(f.name)
		order.folders[i] = name
		for j, l := range []publish.Listing{m.Dest.Tree, m.Dest.Spare} {
			if f.flags&(1<<j) != 0 {
				f.f[j].Names = str(f.names[j])
				l[name] = f.f[j]
			}
		}
	}
	return m, order, nil
}

// manifestReader reads the compact form; after the first error every read
// gives zero values and err stays set. Strings are appended to text.
type manifestReader struct {
	b     []byte
	text  []byte
	last  span // the name before, in text
	named bool // last is set
	err   error
}

func (d *manifestReader) fail() { d.err, d.b = errManifestShape, nil }

func (d *manifestReader) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *manifestReader) int() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *manifestReader) byte() byte {
	if s := d.bytes(1); s != nil {
		return s[0]
	}
	return 0
}

// count reads a count of entries of at least min bytes each: a count the
// rest cannot hold is an error, not a huge allocation.
func (d *manifestReader) count(min int) int {
	n := d.uint()
	if n > uint64(len(d.b)/min) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *manifestReader) bytes(n int) []byte {
	if n < 0 || n > len(d.b) {
		d.fail()
		return nil
	}
	s := d.b[:n:n]
	d.b = d.b[n:]
	return s
}

// text2 appends the next n bytes to text.
func (d *manifestReader) text2(n int) span {
	from := len(d.text)
	d.text = append(d.text, d.bytes(n)...)
	return span{from, len(d.text)}
}

// name reads a front-coded name into text; names must come in strictly
// increasing order, as written.
func (d *manifestReader) name() span {
	p := d.uint()
	if p > uint64(d.last.to-d.last.from) {
		d.fail()
		return span{}
	}
	from := len(d.text)
	d.text = append(d.text, d.text[d.last.from:d.last.from+int(p)]...)
	rest := d.text2(int(d.uint()))
	s := span{from, rest.to}
	if d.err == nil && d.named && string(d.text[s.from:s.to]) <= string(d.text[d.last.from:d.last.to]) {
		d.fail()
	}
	d.last, d.named = s, true
	return s
}
