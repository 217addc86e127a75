package imaging

import (
	"bytes"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rwcarlsen/goexif/exif"
)

// fixtureDir is the folder of real camera photos saved with EXIF
// orientations 1, 3, 6 and 8 (recurser/exif-orientation-examples, MIT,
// (c) 2010 Dave Perrett; see testdata/exif-orientation/README.md).
func fixtureDir(t *testing.T) string {
	for _, d := range []string{"testdata/exif-orientation", "../../../shared/fixtures/images/exif-orientation", "../../../../shared/fixtures/images/exif-orientation"} {
		if _, err := os.Stat(filepath.Join(d, "Landscape_1.jpg")); err == nil {
			return d
		}
	}
	t.Fatal("exif-orientation fixtures not found beside the repository (../shared/fixtures)")
	return ""
}

// prepare processes one file as a page's cover and returns its source
// and every rendition's bytes by name.
func prepare(t *testing.T, name string, data []byte) (*Source, map[string][]byte) {
	t.Helper()
	fsys := fstest.MapFS{name: {Data: data}}
	p := New(Settings{}, nil)
	src := &Source{Name: name, URL: "/" + strings.TrimPrefix(name, "content/"), Cover: true}
	p.Prepare(fsys, []*Source{src}, 2)
	out := map[string][]byte{}
	for i, n := range src.Renditions() {
		b, err := p.Bytes(fsys, src, i)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		out[n] = b
	}
	return src, out
}

// TestOrientationFixturesComeOutUpright: every fixture shows the same
// scene; once upright, each rendition must match the orientation-1
// photo's rendition pixel for pixel (within JPEG noise) at its corners
// (the centre shows the orientation number), and carry no EXIF at all.
func TestOrientationFixturesComeOutUpright(t *testing.T) {
	t.Parallel()
	dir := fixtureDir(t)
	for _, kind := range []string{"Landscape", "Portrait"} {
		ref := map[string]image.Image{}
		for _, o := range []string{"1", "3", "6", "8"} {
			data, err := os.ReadFile(filepath.Join(dir, kind+"_"+o+".jpg"))
			if errors.Is(err, os.ErrNotExist) {
				continue // the Portrait set has 1 and 6 only
			}
			if err != nil {
				t.Fatal(err)
			}
			src, out := prepare(t, "content/berita/x/foto.jpg", data)
			if src.Err != nil {
				t.Fatalf("%s_%s: %v", kind, o, src.Err)
			}
			if src.Header.Orientation != atoi(o) {
				t.Errorf("%s_%s: orientation read as %d", kind, o, src.Header.Orientation)
			}
			for name, b := range out {
				if !strings.HasSuffix(name, ".jpg") {
					continue
				}
				if _, err := exif.Decode(bytes.NewReader(b)); err == nil {
					t.Errorf("%s_%s: %s carries EXIF", kind, o, name)
				}
				m, err := jpeg.Decode(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if o == "1" {
					ref[name] = m
					continue
				}
				r := ref[name]
				if r == nil || r.Bounds() != m.Bounds() {
					t.Errorf("%s_%s: %s is %v, the upright photo's is %v", kind, o, name, m.Bounds(), boundsOf(r))
					continue
				}
				for _, pt := range probePoints(m.Bounds()) {
					if d := colorDistance(r.At(pt.X, pt.Y), m.At(pt.X, pt.Y)); d > 40 {
						t.Errorf("%s_%s: %s at %v differs from the upright photo by %d: not turned upright", kind, o, name, pt, d)
					}
				}
			}
		}
	}
}

func atoi(s string) int { return int(s[0] - '0') }

func boundsOf(m image.Image) image.Rectangle {
	if m == nil {
		return image.Rectangle{}
	}
	return m.Bounds()
}

// probePoints are points an eighth in from each corner: where a photo
// turned the wrong way differs most. (The centre shows each fixture's
// orientation number, which differs by design.)
func probePoints(b image.Rectangle) []image.Point {
	w, h := b.Dx(), b.Dy()
	return []image.Point{{w / 8, h / 8}, {w * 7 / 8, h / 8}, {w / 8, h * 7 / 8}, {w * 7 / 8, h * 7 / 8}}
}

func colorDistance(a, b color.Color) int {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) int {
		if x > y {
			return int(x-y) >> 8
		}
		return int(y-x) >> 8
	}
	return max(d(ar, br), d(ag, bg), d(ab, bb))
}

// TestMarkerComesOutUpright turns a synthetic photo with a red marker in
// its top-left corner by every EXIF orientation and checks that the
// marker is top-left in every rendition.
func TestMarkerComesOutUpright(t *testing.T) {
	t.Parallel()
	const w, h = 800, 500
	upright := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{40, 90, 160, 255}
			if x < w/4 && y < h/4 {
				c = color.RGBA{230, 20, 20, 255}
			}
			upright.Set(x, y, c)
		}
	}
	for o := 1; o <= 8; o++ {
		// Store the pixels so that orientation o shows them upright.
		sw, sh := w, h
		if o >= 5 {
			sw, sh = h, w
		}
		stored := image.NewRGBA(image.Rect(0, 0, sw, sh))
		for y := range sh {
			for x := range sw {
				u, v := uprightAt(x, y, sw, sh, o)
				stored.Set(x, y, upright.At(u, v))
			}
		}
		data := withOrientation(t, stored, o)
		src, out := prepare(t, "content/berita/x/foto.jpg", data)
		if src.Err != nil {
			t.Fatal(src.Err)
		}
		if src.Picture.Width != w || src.Picture.Height != h {
			t.Errorf("orientation %d: picture %d×%d, want %d×%d", o, src.Picture.Width, src.Picture.Height, w, h)
		}
		for name, b := range out {
			m, _, err := image.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			bb := m.Bounds()
			tl := m.At(bb.Min.X+2, bb.Min.Y+2)
			br := m.At(bb.Max.X-3, bb.Max.Y-3)
			if r, g, _, _ := tl.RGBA(); r>>8 < 180 || g>>8 > 80 {
				t.Errorf("orientation %d: %s: top-left is %v, want the red marker", o, name, tl)
			}
			if r, _, b, _ := br.RGBA(); r>>8 > 100 || b>>8 < 120 {
				t.Errorf("orientation %d: %s: bottom-right is %v, want blue", o, name, br)
			}
		}
	}
}

// withOrientation encodes m as a JPEG with an EXIF APP1 segment holding
// orientation o and a GPS IFD, as a phone writes it.
func withOrientation(t *testing.T, m image.Image, o int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	jpg := b.Bytes()
	// TIFF header (big endian), IFD0 with Orientation and a GPS IFD
	// pointer, then the GPS IFD with GPSLatitudeRef "S".
	tiff := []byte{'M', 'M', 0, 42, 0, 0, 0, 8,
		0, 2, // two entries
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(o), 0, 0, // Orientation, SHORT
		0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38, // GPS IFD at offset 38
		0, 0, 0, 0, // next IFD
		0, 1, // GPS IFD: one entry
		0, 1, 0, 2, 0, 0, 0, 2, 'S', 0, 0, 0, // GPSLatitudeRef "S"
		0, 0, 0, 0,
	}
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, app1...)
	return append(out, jpg[2:]...)
}

func TestGPSIsStripped(t *testing.T) {
	t.Parallel()
	data := withOrientation(t, image.NewRGBA(image.Rect(0, 0, 400, 300)), 1)
	x, err := exif.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("test photo: %v", err)
	}
	if _, err := x.Get(exif.GPSLatitudeRef); err != nil {
		t.Fatalf("test photo has no GPS tag: %v", err)
	}
	_, out := prepare(t, "content/berita/x/foto.jpg", data)
	if len(out) == 0 {
		t.Fatal("no renditions")
	}
	for name, b := range out {
		if bytes.Contains(b, []byte("Exif\x00")) {
			t.Errorf("%s carries an EXIF segment", name)
		}
		if _, err := exif.Decode(bytes.NewReader(b)); err == nil {
			t.Errorf("%s has EXIF data", name)
		}
	}
}

// TestBadInputs: each bad file is processed or reported, never a panic.
func TestBadInputs(t *testing.T) {
	t.Parallel()
	photo := testPhoto(t, 640, 480, 2)
	var png16 bytes.Buffer
	m16 := image.NewNRGBA64(image.Rect(0, 0, 300, 200))
	for i := range m16.Pix {
		m16.Pix[i] = byte(i * 7)
	}
	if err := png.Encode(&png16, m16); err != nil {
		t.Fatal(err)
	}
	var anim bytes.Buffer
	pal := color.Palette{color.Black, color.White}
	if err := gif.EncodeAll(&anim, &gif.GIF{Image: []*image.Paletted{image.NewPaletted(image.Rect(0, 0, 40, 30), pal), image.NewPaletted(image.Rect(0, 0, 40, 30), pal)}, Delay: []int{10, 10}}); err != nil {
		t.Fatal(err)
	}
	var still bytes.Buffer
	if err := gif.Encode(&still, image.NewPaletted(image.Rect(0, 0, 40, 30), pal), nil); err != nil {
		t.Fatal(err)
	}
	var pngData bytes.Buffer
	if err := png.Encode(&pngData, image.NewRGBA(image.Rect(0, 0, 500, 400))); err != nil {
		t.Fatal(err)
	}
	cmyk, _ := os.ReadFile(filepath.Join(runtime.GOROOT(), "src", "image", "testdata", "video-001.cmyk.jpeg"))
	cases := []struct {
		name, file string
		data       []byte
		problem    string // "" when processed without a word
		processed  bool
	}{
		{"truncated", "foto.jpg", photo[:len(photo)/2], msgDamaged, false},
		{"corrupt", "foto.jpg", append(append([]byte{}, photo[:600]...), bytes.Repeat([]byte{0x55}, 4000)...), msgDamaged, false},
		{"not an image", "foto.jpg", []byte("<html>not a photo</html>"), msgUnreadable, false},
		{"empty", "foto.jpg", nil, msgUnreadable, false},
		{"lying extension", "foto.jpg", pngData.Bytes(), msgExtension, true},
		{"bomb", "bom.png", bomb(t), msgBomb, false},
		{"16-bit PNG", "grafik.png", png16.Bytes(), "", true},
		{"animated GIF", "anim.gif", anim.Bytes(), msgAnimated, false},
		{"still GIF", "diam.gif", still.Bytes(), "", true},
		{"CMYK JPEG", "cmyk.jpg", cmyk, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.data == nil && c.name == "CMYK JPEG" {
				t.Fatal("Go's image/testdata/video-001.cmyk.jpeg not found under GOROOT")
			}
			src, _ := prepare(t, "content/berita/x/"+c.file, c.data)
			var probs []*Problem
			if src.Err != nil {
				probs = append(probs, src.Err)
			}
			probs = append(probs, src.Notes...)
			got := ""
			if len(probs) > 0 {
				got = probs[0].Format
			}
			if got != c.problem {
				t.Errorf("problem %q (%v), want %q", got, probs, c.problem)
			}
			if processed := len(src.Renditions()) > 0; processed != c.processed {
				t.Errorf("processed = %v, want %v", processed, c.processed)
			}
			if src.Picture == nil || src.Picture.URL != "/berita/x/"+c.file {
				t.Errorf("picture %+v", src.Picture)
			}
		})
	}
}

// bomb is a valid PNG header for a 20,000×20,000 image followed by a
// little compressed data: decoding it would take 1.6 GB.
func bomb(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	d := b.Bytes()
	// IHDR width and height at bytes 16..23; fix the chunk's CRC.
	copy(d[16:], []byte{0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20})
	crc := crc32IEEE(d[12:29])
	copy(d[29:], []byte{byte(crc >> 24), byte(crc >> 16), byte(crc >> 8), byte(crc)})
	return d
}

// TestRenditionsAreDeterministic: two processors make the same bytes.
func TestRenditionsAreDeterministic(t *testing.T) {
	t.Parallel()
	data := testPhoto(t, 1700, 1100, 3)
	_, a := prepare(t, "content/berita/x/foto.jpg", data)
	_, b := prepare(t, "content/berita/x/foto.jpg", data)
	if len(a) != len(b) || len(a) == 0 {
		t.Fatalf("%d and %d renditions", len(a), len(b))
	}
	for n := range a {
		if !bytes.Equal(a[n], b[n]) {
			t.Errorf("%s differs between two runs", n)
		}
	}
}

func crc32IEEE(b []byte) uint32 { return crc32.ChecksumIEEE(b) }

// TestWebPOfACrop: a thumbnail cut from a wider picture without scaling
// (a 1000×360 photo's 640×360 middle) is the same picture in WebP as in
// JPEG, not sheared by the wider rows it was cut from.
func TestWebPOfACrop(t *testing.T) {
	t.Parallel()
	src, out := prepare(t, "content/berita/x/lebar.jpg", testPhoto(t, 1000, 360, 4))
	if src.Err != nil {
		t.Fatal(src.Err)
	}
	wb, jb := out["berita/x/lebar_t640.webp"], out["berita/x/lebar_t640.jpg"]
	if wb == nil || jb == nil {
		t.Fatalf("no 640 thumbnails among %v", src.Renditions())
	}
	w, _, err := image.Decode(bytes.NewReader(wb))
	if err != nil {
		t.Fatal(err)
	}
	j, _, err := image.Decode(bytes.NewReader(jb))
	if err != nil {
		t.Fatal(err)
	}
	if w.Bounds() != j.Bounds() || w.Bounds().Dx() != 640 {
		t.Fatalf("WebP %v, JPEG %v", w.Bounds(), j.Bounds())
	}
	worst := 0
	for y := 4; y < 360; y += 23 {
		for x := 4; x < 640; x += 31 {
			worst = max(worst, colorDistance(w.At(x, y), j.At(x, y)))
		}
	}
	if worst > 48 {
		t.Errorf("WebP and JPEG thumbnails differ by up to %d levels: the WebP is not the same picture", worst)
	}
}

// TestOnePhotoInTwoBundles: two sources of the same bytes (a photo copied
// into two bundles) have renditions of one key; without a store, each
// rendition of each source is still there when its job asks for it, in
// whatever order the jobs come (here taken in turns, which once lost the
// second source's renditions: "rendition … was not made").
func TestOnePhotoInTwoBundles(t *testing.T) {
	t.Parallel()
	data := testPhoto(t, 900, 600, 6)
	fsys := fstest.MapFS{"content/berita/a/foto.jpg": {Data: data}, "content/berita/b/foto.jpg": {Data: data}}
	p := New(Settings{}, nil)
	a := &Source{Name: "content/berita/a/foto.jpg", URL: "/berita/a/foto.jpg", Cover: true}
	b := &Source{Name: "content/berita/b/foto.jpg", URL: "/berita/b/foto.jpg", Cover: true}
	p.Prepare(fsys, []*Source{a, b}, 2)
	if len(a.Renditions()) == 0 || len(a.Renditions()) != len(b.Renditions()) {
		t.Fatalf("%d and %d renditions", len(a.Renditions()), len(b.Renditions()))
	}
	for i := range a.Renditions() {
		for _, src := range []*Source{a, b} {
			got, err := p.Bytes(fsys, src, i)
			if err != nil {
				t.Fatalf("%s: %v", src.Renditions()[i], err)
			}
			if len(got) == 0 {
				t.Fatalf("%s: no bytes", src.Renditions()[i])
			}
		}
	}
	if len(p.mem) != 0 {
		t.Errorf("%d renditions left in memory after every one was taken", len(p.mem))
	}
}
