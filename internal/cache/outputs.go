package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"io"
	"maps"
	"runtime"
	"slices"
	"sync"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/render"
)

// Keeper is a target that can keep a file of the previous build instead
// of receiving it again (publish.Dir keeps the destination's file when it
// still bears the stamp recorded for it; publish.Memory takes the last
// build's bytes).
type Keeper interface {
	Keep(name string) bool
}

// Outputs is the reuse oracle of one build (render.Reuser): it signs the
// declared inputs of each output and keeps the previous build's file when
// the signature is the one recorded for it. Safe for concurrent use.
type Outputs struct {
	key    []byte
	prev   map[string]Key
	keeper Keeper
	shared Key

	mu   sync.Mutex
	next map[string]Key

	// shownCards holds the card digest of every page Prepare and Share
	// were given, made by them and only read after: a plain map, where a
	// sync.Map lookup per card cost a third of a rebuild's signing. cards
	// holds the digests of any other page, made once per build: a page
	// appears as a card on many lists.
	shownCards map[*content.Page]Key
	cards      sync.Map // *content.Page → Key
}

// buffers holds signers' buffers between outputs.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// NewOutputs returns the oracle of a build. key must cover every input all
// outputs share that render does not declare: warta's version, the
// configuration file as written, the options that change output and every
// layout (see SharedKey). prev are the signatures the previous build
// recorded (Manifest.Sigs, Memo.Sigs); keeper keeps files.
func NewOutputs(key Key, prev map[string]Key, keeper Keeper) *Outputs {
	return &Outputs{key: key[:], prev: prev, keeper: keeper, next: make(map[string]Key, len(prev))}
}

// SharedKey hashes the parts of a build's shared key: each part is
// length-prefixed, so no two lists of parts hash alike.
func SharedKey(version Key, parts ...[]byte) Key {
	s := &signer{b: append([]byte(nil), version[:]...)}
	for _, p := range parts {
		s.str(string(p))
	}
	return s.sum()
}

// Share implements render.Reuser.
func (o *Outputs) Share(in render.Inputs) {
	o.digest(in.Cards)
	s := &signer{b: append([]byte(nil), o.key...), o: o}
	s.inputs(in)
	o.shared = s.sum()
}

// Prepare makes ahead, on every core, the card digests of pages (the
// site's, content.Site.All): every output signs some of them, most
// outputs many. Call it before render (before Share and any Keep); not
// safe for concurrent use.
func (o *Outputs) Prepare(pages []*content.Page) {
	o.digest(pages)
	o.digest([]*content.Page{nil}) // a link missing, as p.Prev of the first
}

// digest adds the card digests of pages to shownCards.
func (o *Outputs) digest(pages []*content.Page) {
	if o.shownCards == nil {
		o.shownCards = make(map[*content.Page]Key, len(pages))
	}
	todo := make([]*content.Page, 0, len(pages))
	for _, p := range pages {
		if _, ok := o.shownCards[p]; !ok {
			todo = append(todo, p)
		}
	}
	digests := make([]Key, len(todo))
	workers := min(runtime.GOMAXPROCS(0), len(todo)/256+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			c := &signer{b: make([]byte, 0, 1024)}
			for i := w; i < len(todo); i += workers {
				c.b = c.b[:0]
				c.cardOf(todo[i])
				digests[i] = c.sum()
			}
		})
	}
	wg.Wait()
	for i, p := range todo {
		o.shownCards[p] = digests[i]
	}
}

// Keep implements render.Reuser.
func (o *Outputs) Keep(name string, in render.Inputs) (bool, func()) {
	buf := buffers.Get().(*[]byte)
	s := &signer{b: (*buf)[:0], o: o}
	if in.Hashed {
		s.b = append(s.b, o.key...)
	} else {
		s.b = append(s.b, o.shared[:]...)
	}
	s.inputs(in)
	sig := s.sum()
	if cap(s.b) <= 1<<20 { // a list of thousands of cards is not kept
		*buf = s.b
		buffers.Put(buf)
	}
	made := func() { o.record(name, sig) }
	if prev, ok := o.prev[name]; ok && prev == sig && o.keeper.Keep(name) {
		made()
		return true, nil
	}
	return false, made
}

func (o *Outputs) record(name string, sig Key) {
	o.mu.Lock()
	o.next[name] = sig
	o.mu.Unlock()
}

// Sigs returns the signatures of the outputs made or kept so far, for the
// next build (Manifest.Sigs, Memo.KeepSigs).
func (o *Outputs) Sigs() map[string]Key {
	o.mu.Lock()
	defer o.mu.Unlock()
	return maps.Clone(o.next)
}

// signer gathers the inputs in a buffer and hashes them once: many small
// writes into a hash cost more than the hashing. Every variable-length
// item is length-prefixed.
type signer struct {
	b []byte
	o *Outputs // when set, card digests are taken from o.cards
}

func (s *signer) str(v ...string) {
	for _, x := range v {
		s.int(int64(len(x)))
		s.b = append(s.b, x...)
	}
}

func (s *signer) int(n int64) { s.b = binary.LittleEndian.AppendUint64(s.b, uint64(n)) }

func (s *signer) sum() Key { return sha256.Sum256(s.b) }

func (s *signer) inputs(in render.Inputs) {
	s.int(int64(len(in.Values)))
	s.str(in.Values...)
	s.int(int64(len(in.Pages)))
	for _, p := range in.Pages {
		s.page(p)
	}
	s.int(int64(len(in.Cards)))
	for _, p := range in.Cards {
		s.card(p)
	}
	s.int(int64(len(in.Files)))
	for _, f := range in.Files {
		s.file(f)
	}
}

// source covers everything p's own file gives it: its name (the URL, the
// kind and the section come from it) and its bytes (every front-matter
// field and the body). The configuration, which turns them into dates and
// URLs, is in the shared key.
func (s *signer) source(p *content.Page) {
	if p == nil {
		s.str("-")
		return
	}
	s.str(p.File, p.Path)
	s.b = append(s.b, p.SourceHash[:]...)
}

// card covers what a card or link may show of p (cardOf), as a digest
// made once per page and build.
func (s *signer) card(p *content.Page) {
	if s.o == nil {
		s.cardOf(p)
		return
	}
	if d, ok := s.o.shownCards[p]; ok {
		s.b = append(s.b, d[:]...)
		return
	}
	k, ok := s.o.cards.Load(p)
	if !ok {
		c := &signer{b: make([]byte, 0, 256)}
		c.cardOf(p)
		k, _ = s.o.cards.LoadOrStore(p, c.sum())
	}
	d := k.(Key)
	s.b = append(s.b, d[:]...)
}

// cardOf covers what a card or link may show of p: its source, its terms
// (their names and paths are assembled over every page) and its agency.
func (s *signer) cardOf(p *content.Page) {
	s.source(p)
	if p == nil {
		return
	}
	if p.Archived { // expiry is a matter of the clock, not of the file
		s.str("archived")
	}
	for _, name := range slices.Sorted(maps.Keys(p.Terms)) {
		s.str(name)
		s.int(int64(len(p.Terms[name])))
		for _, t := range p.Terms[name] {
			s.str(t.Name, t.Path)
		}
	}
	s.source(p.AgencyPage)
	s.picture(p.Picture)
}

// picture covers what the build made of an image: its renditions' names
// and sizes (a photo replaced under the same name may have others).
func (s *signer) picture(pic *content.Picture) {
	if pic == nil {
		s.str("-")
		return
	}
	s.str(pic.URL, pic.Type)
	s.int(int64(pic.Width))
	s.int(int64(pic.Height))
	for _, rs := range [][]content.Rendition{pic.WebP, pic.Fallback, pic.Thumb, pic.ThumbFallback} {
		s.int(int64(len(rs)))
		for _, r := range rs {
			s.str(r.URL)
			s.int(int64(r.Width))
			s.int(int64(r.Height))
		}
	}
	if pic.OG != nil {
		s.str(pic.OG.URL)
		s.int(int64(pic.OG.Width))
		s.int(int64(pic.OG.Height))
	}
}

// page covers p shown in full: its card, its bundle's files and every page
// it links to, as cards.
func (s *signer) page(p *content.Page) {
	s.card(p)
	s.int(int64(len(p.Resources)))
	s.str(p.Resources...)
	for _, d := range slices.Sorted(maps.Keys(p.BodyPictures)) {
		s.str(d)
		s.picture(p.BodyPictures[d])
	}
	for _, group := range p.Linked() {
		s.int(int64(len(group)))
		for _, q := range group {
			s.card(q)
		}
	}
}

// file covers a file's bytes, read as a stream (a static download may be
// hundreds of megabytes); an unreadable file signs unlike any readable one.
func (s *signer) file(f render.SourceFile) {
	h := sha256.New()
	r, err := f.FS.Open(f.Name)
	if err == nil {
		_, err = io.Copy(h, r)
		r.Close()
	}
	if err != nil {
		s.str("unreadable", f.Name, err.Error())
		return
	}
	s.str(f.Name)
	s.b = h.Sum(s.b)
}
