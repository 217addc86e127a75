// Package imaging makes the published forms of a site's photos: every
// image a page uses (its front-matter image, the images of its bundle,
// images under static/ that a page names) is decoded once, turned
// upright by its EXIF orientation, and encoded without metadata (no GPS
// position, no camera serial) at a few widths no wider than the
// original, in WebP and in a fallback format (JPEG; PNG for PNG and GIF
// sources and WebP with transparency). A page's cover also gets a
// 1200×630 crop for link previews (og:image, Open Graph's recommended
// size) and 16:9 thumbnails for cards.
//
// Names: the largest fallback takes the original's name (so a link to
// foto.jpg still works, without its metadata), the others are
// foto_w720.webp, foto_w720.jpg, foto_og.jpg, foto_t320.webp.
//
// Inputs: a rendition is made from the source's bytes and the Settings
// only; its store key (Key) is the hash of both, so a derivative made
// once is read back from the Store on later builds, and a changed photo
// or setting makes new ones. Prepare reads and probes each source in
// parallel and makes the renditions that are not stored (all of one
// source from one decode); Bytes hands them to render.
//
// Bad files never stop a build: an image that cannot be read, whose
// pixels are over Settings.MaxPixels (checked from the header, before
// decoding: a 20,000×20,000 "decompression bomb" is refused at once), or
// an animated GIF is copied as it is and reported, at every page that
// uses it, as a warning. A file whose extension does not match its
// content is processed by its content and reported.
//
// Libraries: golang.org/x/image/draw (Catmull-Rom resampling) and
// golang.org/x/image/webp (decoding WebP); github.com/rwcarlsen/goexif
// (the EXIF orientation); github.com/gen2brain/webp (encoding WebP:
// libwebp compiled to WebAssembly and run by wazero, so no C toolchain;
// when the system has libwebp it is used instead).
package imaging

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/semaphore"

	"github.com/warta-portal/warta/internal/content"
)

// Settings are the processing settings; part of every rendition's key.
type Settings struct {
	// Widths of the renditions in pixels (default 360, 720, 1080, 1600):
	// each below the original's width, plus the original's width when it
	// is not above the largest.
	Widths []int
	// JPEGQuality and WebPQuality, 1–100 (default 75, as Hugo's
	// imaging.quality).
	JPEGQuality, WebPQuality int
	// MaxPixels is the largest width × height decoded (default 64
	// megapixels: a 50-megapixel phone photo passes, a bomb does not).
	MaxPixels int64
}

// DefaultWidths are the rendition widths when Settings.Widths is empty:
// a 360-pixel phone at 1× and 2×, a 1080-pixel phone at 1×, a laptop.
var DefaultWidths = []int{360, 720, 1080, 1600}

const (
	thumbAspectW, thumbAspectH = 16, 9
	ogWidth, ogHeight          = 1200, 630
	version                    = "warta-imaging/2"
)

// ThumbWidths are the widths of card thumbnails.
var ThumbWidths = []int{320, 640}

func (s Settings) withDefaults() Settings {
	if len(s.Widths) == 0 {
		s.Widths = DefaultWidths
	}
	s.Widths = slices.Sorted(slices.Values(s.Widths))
	if s.JPEGQuality <= 0 || s.JPEGQuality > 100 {
		s.JPEGQuality = 75
	}
	if s.WebPQuality <= 0 || s.WebPQuality > 100 {
		s.WebPQuality = 75
	}
	if s.MaxPixels <= 0 {
		s.MaxPixels = 64_000_000
	}
	return s
}

func (s Settings) String() string {
	return fmt.Sprintf("%s widths=%v thumbs=%v jpeg=%d webp=%d encoder=%s", version, s.Widths, ThumbWidths, s.JPEGQuality, s.WebPQuality, webpEncoder())
}

// Key is the store key of a rendition.
type Key = [32]byte

// Store keeps renditions between builds (the build cache). Get must
// return ok=false, never damaged data, for an entry that is missing or
// fails its checksum. Safe for concurrent use.
type Store interface {
	Has(k Key) bool
	Get(k Key) ([]byte, bool)
	Put(k Key, data []byte) error
}

// Use is a place that shows an image: the content file and line, for
// messages.
type Use struct {
	File string
	Line int
}

// Source is one image file of the site and what the build makes of it.
type Source struct {
	Name  string // site-relative file: content/berita/x/foto.jpg, static/img/x.png
	URL   string // site path it is published at: /berita/x/foto.jpg
	Cover bool   // some page's front-matter image: gets thumbnails and a share crop
	Uses  []Use  // pages that show it, in order

	// Set by Prepare.
	Header  Header
	Size    int64
	Err     *Problem   // why it is copied as it is (nil: processed)
	Notes   []*Problem // processed, but worth telling (an extension that lies)
	Picture *content.Picture

	hash  [32]byte
	specs []spec
	once  sync.Once // a rendition missing from the store at render: made again once
}

// spec is one rendition of a source.
type spec struct {
	name   string // output file name, site-relative without leading slash
	kind   byte   // 'w' a width of the whole image, 't' a thumbnail, 'o' the share crop
	format string // "webp", "jpeg", "png"
	w, h   int
	crop   image.Rectangle // in upright pixels of the source
}

// Processor makes renditions. Safe for concurrent use.
type Processor struct {
	s     Settings
	store Store
	// Renditions made in this build without a store, until taken.
	mu  sync.Mutex
	mem map[Key][]byte
	// wanted counts the prepared renditions of each key: two sources of
	// the same bytes (one photo in two bundles) have renditions of one
	// key, and the first taken must not take it from the other.
	wanted map[Key]int
	// budget bounds the source pixels decoded at once (inFlight), webp
	// the pixels in WebP encoding (webpInFlight); each of its size, in
	// pixels.
	budget, webp       *semaphore.Weighted
	budgetMax, webpMax int64
}

// New returns a processor; store nil keeps renditions in memory for one
// build.
func New(s Settings, store Store) *Processor {
	// The budgets are for two cores; more cores get more, so the widest
	// WebP encodes (the longest step) do not queue behind one another.
	share := int64(max(1, runtime.GOMAXPROCS(0)/2))
	p := &Processor{s: s.withDefaults(), store: store, mem: map[Key][]byte{}, wanted: map[Key]int{}, budgetMax: inFlight * share, webpMax: webpInFlight * share}
	p.budget, p.webp = semaphore.NewWeighted(p.budgetMax), semaphore.NewWeighted(p.webpMax)
	return p
}

// Settings are the processor's settings with defaults applied.
func (p *Processor) Settings() Settings { return p.s }

// IsImage reports whether a file name has an image extension warta
// processes.
func IsImage(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp":
		return true
	}
	return false
}

// Prepare reads and probes every source on workers goroutines, sets its
// Picture, Header and Err, and makes the renditions the store does not
// hold. A source that fails is left with Err set and a Picture of its
// original alone.
func (p *Processor) Prepare(fsys fs.FS, sources []*Source, workers int) {
	var wg sync.WaitGroup
	next := make(chan *Source)
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for src := range next {
				p.prepare(fsys, src)
			}
		}()
	}
	for _, s := range sources {
		next <- s
	}
	close(next)
	wg.Wait()
}

func (p *Processor) prepare(fsys fs.FS, src *Source) {
	src.Picture = &content.Picture{URL: src.URL, Type: mediaType(strings.TrimPrefix(strings.ToLower(path.Ext(src.Name)), "."))}
	data, err := fs.ReadFile(fsys, src.Name)
	if err != nil {
		src.Err = problemf(msgCannotRead, err)
		return
	}
	src.Size = int64(len(data))
	src.Picture.SourceBytes = src.Size
	h, err := probe(data, p.s.MaxPixels)
	src.Header = h
	if h.Width > 0 {
		uw, uh := h.Upright()
		src.Picture.Width, src.Picture.Height = uw, uh
		src.Picture.SourceWidth, src.Picture.SourceHeight = uw, uh
	}
	if err != nil {
		src.Err = asProblem(err)
		return
	}
	if h.Format == "gif" && h.Frames > 1 {
		src.Err = problemf(msgAnimated, h.Frames)
		return
	}
	if ext := extFormat(src.Name); ext != h.Format {
		src.Notes = append(src.Notes, problemf(msgExtension, formatName(h.Format), formatName(ext), strings.TrimSuffix(path.Base(src.Name), path.Ext(src.Name))+"."+extOf(h.Format)))
	}
	src.hash = sha256.Sum256(data)
	src.specs = p.plan(src)
	if !p.stored(src) {
		if err := p.make(src, data); err != nil {
			src.Err = asProblem(err)
			src.specs = nil
			return
		}
	}
	p.mu.Lock()
	for _, sp := range src.specs {
		p.wanted[p.key(src, sp)]++
	}
	p.mu.Unlock()
	p.fill(src)
}

func asProblem(err error) *Problem {
	if p, ok := err.(*Problem); ok {
		return p
	}
	return problemf(msgDamaged, err)
}

// fill sets the Picture of a prepared source from its specs.
func (p *Processor) fill(src *Source) {
	pic := src.Picture
	fb := fallbackFormat(src.Header)
	pic.Type = mediaType(fb)
	for _, sp := range src.specs {
		r := content.Rendition{URL: "/" + sp.name, Width: sp.w, Height: sp.h}
		switch {
		case sp.kind == 'o':
			pic.OG = &r
		case sp.kind == 't':
			if sp.format == "webp" {
				pic.Thumb = append(pic.Thumb, r)
			} else {
				pic.ThumbFallback = append(pic.ThumbFallback, r)
			}
		case sp.format == "webp":
			pic.WebP = append(pic.WebP, r)
		default:
			pic.Fallback = append(pic.Fallback, r)
		}
	}
	if n := len(pic.Fallback); n > 0 {
		pic.Width, pic.Height = pic.Fallback[n-1].Width, pic.Fallback[n-1].Height
	}
}

// plan lists the renditions of a probed source.
func (p *Processor) plan(src *Source) []spec {
	uw, uh := src.Header.Upright()
	top := p.s.Widths[len(p.s.Widths)-1]
	bw := min(uw, top)
	bh := max(1, (uh*bw+uw/2)/uw)
	full := image.Rect(0, 0, uw, uh)
	stem := strings.TrimPrefix(strings.TrimSuffix(src.URL, path.Ext(src.URL)), "/")
	fb := fallbackFormat(src.Header)
	var specs []spec
	var widths []int
	for _, w := range p.s.Widths {
		if w < bw {
			widths = append(widths, w)
		}
	}
	widths = append(widths, bw)
	for _, w := range widths {
		h := max(1, (bh*w+bw/2)/bw)
		specs = append(specs, spec{name: fmt.Sprintf("%s_w%d.webp", stem, w), kind: 'w', format: "webp", w: w, h: h, crop: full})
		name := fmt.Sprintf("%s_w%d.%s", stem, w, extOf(fb))
		if w == bw && src.Header.Format != "gif" {
			// The largest fallback takes the original's name; a WebP
			// original's name gets the WebP rendition instead.
			if src.Header.Format == "webp" && extFormat(src.Name) == "webp" {
				specs[len(specs)-1].name = strings.TrimPrefix(src.URL, "/")
			} else {
				name = strings.TrimPrefix(src.URL, "/")
			}
		}
		specs = append(specs, spec{name: name, kind: 'w', format: fb, w: w, h: h, crop: full})
	}
	if !src.Cover {
		return specs
	}
	tc := cover(uw, uh, thumbAspectW, thumbAspectH)
	for _, w := range ThumbWidths {
		if w > tc.Dx() && w != ThumbWidths[0] {
			break
		}
		w = min(w, tc.Dx())
		h := max(1, w*thumbAspectH/thumbAspectW)
		specs = append(specs,
			spec{name: fmt.Sprintf("%s_t%d.webp", stem, w), kind: 't', format: "webp", w: w, h: h, crop: tc},
			spec{name: fmt.Sprintf("%s_t%d.%s", stem, w, extOf(fb)), kind: 't', format: fb, w: w, h: h, crop: tc})
	}
	oc := cover(uw, uh, ogWidth, ogHeight)
	ow := min(ogWidth, oc.Dx())
	oh := max(1, ow*ogHeight/ogWidth)
	specs = append(specs, spec{name: fmt.Sprintf("%s_og.%s", stem, extOf(fb)), kind: 'o', format: fb, w: ow, h: oh, crop: oc})
	return specs
}

// key is the store key of one rendition: the source's bytes, the
// settings and the rendition.
func (p *Processor) key(src *Source, sp spec) Key {
	h := sha256.New()
	h.Write(src.hash[:])
	h.Write([]byte(p.s.String()))
	var b []byte
	b = binary.LittleEndian.AppendUint32(b, uint32(src.Header.Orientation))
	for _, n := range []int{sp.w, sp.h, sp.crop.Min.X, sp.crop.Min.Y, sp.crop.Max.X, sp.crop.Max.Y} {
		b = binary.LittleEndian.AppendUint64(b, uint64(n))
	}
	h.Write(b)
	h.Write([]byte{sp.kind})
	h.Write([]byte(sp.format))
	var k Key
	copy(k[:], h.Sum(nil))
	return k
}

func (p *Processor) stored(src *Source) bool {
	if p.store == nil {
		return false
	}
	for _, sp := range src.specs {
		if !p.store.Has(p.key(src, sp)) {
			return false
		}
	}
	return true
}

// inFlight is the most source pixels decoded at once, over all
// workers, per two cores: decoding and scaling a photo holds about 2.5 bytes per source
// pixel (the decoded YCbCr planes, then the box-shrunk copy), the step
// that weighs most, so the photos in that step are bounded by their size
// rather than by their number: one 12-megapixel photo at a time, several
// phone-sized ones. A photo over the budget is decoded alone.
const inFlight = 16_000_000

// make decodes data once and makes every rendition of src.
func (p *Processor) make(src *Source, data []byte) error {
	uw, uh := src.Header.Upright()
	o := src.Header.Orientation
	// base: the largest upright rendition, from which the smaller ones
	// are scaled (cheaper than scaling the original each time, and as
	// sharp: every step shrinks).
	bw := 0
	for _, sp := range src.specs {
		bw = max(bw, sp.w)
	}
	bh := max(1, (uh*bw+uw/2)/uw)
	base, err := p.base(data, o, bw, bh, int64(uw)*int64(uh))
	if err != nil {
		return err
	}
	sx := float64(bw) / float64(uw)
	for _, sp := range src.specs {
		var m image.Image
		crop := image.Rect(int(float64(sp.crop.Min.X)*sx+0.5), int(float64(sp.crop.Min.Y)*sx+0.5), int(float64(sp.crop.Max.X)*sx+0.5), int(float64(sp.crop.Max.Y)*sx+0.5)).Intersect(base.Rect)
		if crop.Dx() == sp.w && crop.Dy() == sp.h {
			m = base.SubImage(crop)
		} else {
			m = resample(base, 1, crop, sp.w, sp.h)
		}
		b, err := p.encode(m, sp.format)
		if err != nil {
			return fmt.Errorf("encoding %s: %v", path.Base(sp.name), err)
		}
		if err := p.put(p.key(src, sp), b); err != nil {
			return err
		}
	}
	return nil
}

// webpInFlight is the most pixels encoded to WebP at once, over all
// workers, per two cores: gen2brain/webp runs libwebp in a new WebAssembly instance for
// each image, whose memory grows step by step (a 1600×1200 encode
// allocates 369 MB on the way, against 2 MB for its JPEG), so the widest
// renditions are encoded one at a time, the smaller ones beside them
// (the photo benchmark's peak: 189 MiB without this bound, 168 MiB with
// it, same wall time).
const webpInFlight = 2_000_000

// encode encodes m in format, WebP within the budget.
func (p *Processor) encode(m image.Image, format string) ([]byte, error) {
	if format == "webp" {
		b := m.Bounds()
		w := min(int64(b.Dx())*int64(b.Dy()), p.webpMax)
		if err := p.webp.Acquire(context.Background(), w); err != nil {
			return nil, err
		}
		defer p.webp.Release(w)
	}
	return encode(m, format, p.s)
}

// base decodes data (pixels pixels, stored with orientation o) within the
// in-flight budget and returns it upright at bw×bh. An original over
// 2.5 times that size is first reduced k times by box averaging (k =
// ⌊ratio / 1.25⌋), so Catmull-Rom still does at least the last 1.25× of
// the reduction, its anti-aliasing intact, from a quarter or less of the
// pixels: measured against Catmull-Rom all the way (TestPreShrink), a
// 4000×3000 photo to 1600 pixels wide is at 49 dB PSNR and a camera
// photo at 42 dB, below the loss of the JPEG at quality 75 (about 36 dB).
func (p *Processor) base(data []byte, o, bw, bh int, pixels int64) (*image.RGBA, error) {
	w := min(pixels, p.budgetMax)
	if err := p.budget.Acquire(context.Background(), w); err != nil {
		return nil, err
	}
	defer p.budget.Release(w)
	img, err := decode(data)
	if err != nil {
		return nil, err
	}
	return preShrunk(img, o, bw, bh), nil
}

// preShrunk scales img (stored with orientation o) to bw×bh upright,
// box-averaging first when it is over 2.5 times that size.
func preShrunk(img image.Image, o, bw, bh int) *image.RGBA {
	sw, sh := bw, bh
	if o >= 5 {
		sw, sh = bh, bw
	}
	b := img.Bounds()
	if k := min(b.Dx()*4/(sw*5), b.Dy()*4/(sh*5)); k >= 2 {
		img = shrink(img, b, k)
		b = img.Bounds()
	}
	full := b.Sub(b.Min)
	if o >= 5 {
		full = image.Rect(0, 0, full.Dy(), full.Dx())
	}
	return resample(img, o, full, bw, bh)
}

func (p *Processor) put(k Key, b []byte) error {
	if p.store != nil {
		if err := p.store.Put(k, b); err == nil {
			return nil
		}
	}
	p.mu.Lock()
	p.mem[k] = b
	p.mu.Unlock()
	return nil
}

// Renditions lists the output names of a prepared source, or nil when it
// is copied as it is.
func (src *Source) Renditions() []string {
	names := make([]string, len(src.specs))
	for i, sp := range src.specs {
		names[i] = sp.name
	}
	return names
}

// Key is the hash of the source's bytes and the settings: what every
// rendition of it is made from (zero when it is copied as it is).
func (p *Processor) Key(src *Source) string {
	if src.specs == nil {
		return ""
	}
	h := sha256.Sum256(append(src.hash[:], p.s.String()...))
	return fmt.Sprintf("%x", h[:16])
}

// Bytes returns rendition i of a prepared source: from this build's
// memory, from the store, or made again from the source (once per
// source, when the store lost it).
func (p *Processor) Bytes(fsys fs.FS, src *Source, i int) ([]byte, error) {
	k := p.key(src, src.specs[i])
	if b, ok := p.take(k); ok {
		return b, nil
	}
	var err error
	src.once.Do(func() {
		var data []byte
		if data, err = fs.ReadFile(fsys, src.Name); err == nil {
			if sha256.Sum256(data) != src.hash {
				err = fmt.Errorf("%s changed during the build", src.Name)
				return
			}
			err = p.make(src, data)
		}
	})
	if err != nil {
		return nil, err
	}
	if b, ok := p.take(k); ok {
		return b, nil
	}
	return nil, fmt.Errorf("rendition %s of %s was not made", src.specs[i].name, src.Name)
}

func (p *Processor) take(k Key) ([]byte, bool) {
	p.mu.Lock()
	b, ok := p.mem[k]
	if ok {
		if p.wanted[k] > 1 {
			p.wanted[k]-- // another source's rendition too
		} else {
			delete(p.mem, k)
			delete(p.wanted, k)
		}
	}
	p.mu.Unlock()
	if ok {
		return b, true
	}
	if p.store != nil {
		return p.store.Get(k)
	}
	return nil, false
}

// fallbackFormat is the format of the renditions for browsers without
// WebP: JPEG for photos, PNG where transparency or sharp edges matter.
func fallbackFormat(h Header) string {
	switch h.Format {
	case "png", "gif":
		return "png"
	case "webp":
		if h.Alpha {
			return "png"
		}
	}
	return "jpeg"
}

func hasAlpha(m color.Model) bool {
	return m == color.NRGBAModel || m == color.RGBAModel || m == color.NRGBA64Model || m == color.RGBA64Model
}

func extFormat(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg":
		return "jpeg"
	case ".png":
		return "png"
	case ".gif":
		return "gif"
	case ".webp":
		return "webp"
	}
	return ""
}

func extOf(format string) string {
	if format == "jpeg" {
		return "jpg"
	}
	return format
}

func formatName(f string) string {
	if f == "" {
		return "unknown"
	}
	return strings.ToUpper(f)
}

func mediaType(format string) string {
	switch format {
	case "jpeg", "jpg":
		return "image/jpeg"
	case "png", "gif", "webp":
		return "image/" + format
	}
	return ""
}
