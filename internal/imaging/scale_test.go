package imaging

import (
	"bytes"
	"image"
	"image/draw"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"testing"

	xdraw "golang.org/x/image/draw"
)

// kernels compared by BenchmarkScale and TestScaleQuality.
var kernels = []struct {
	name string
	k    xdraw.Scaler
}{
	{"ApproxBiLinear", xdraw.ApproxBiLinear},
	{"BiLinear", xdraw.BiLinear},
	{"CatmullRom", xdraw.CatmullRom},
}

func decodedPhoto(t testing.TB) image.Image {
	m, err := jpeg.Decode(bytes.NewReader(testPhoto(t, 4000, 3000, 5)))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// BenchmarkScale: a 12-megapixel photo to 1600 pixels wide, per kernel.
func BenchmarkScale(b *testing.B) {
	src := decodedPhoto(b)
	for _, k := range kernels {
		b.Run(k.name, func(b *testing.B) {
			for range b.N {
				dst := image.NewRGBA(image.Rect(0, 0, 1600, 1200))
				k.k.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
			}
		})
	}
	b.Run("CatmullRomBands", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			dst := image.NewRGBA(image.Rect(0, 0, 1600, 1200))
			scale(dst, src, src.Bounds())
		}
	})
}

// TestScaleQuality logs, per kernel, the PSNR of a 4× reduction against
// the exact 4×4 average (the reduction without aliasing), and checks the
// kernel warta uses is not worse than the fast approximation.
func TestScaleQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes a 12-megapixel photo")
	}
	t.Parallel()
	src := decodedPhoto(t)
	rgba := image.NewRGBA(src.Bounds())
	draw.Draw(rgba, rgba.Bounds(), src, image.Point{}, draw.Src)
	const f = 4
	w, h := rgba.Rect.Dx()/f, rgba.Rect.Dy()/f
	ref := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			for c := range 3 {
				sum := 0
				for dy := range f {
					for dx := range f {
						sum += int(rgba.Pix[(y*f+dy)*rgba.Stride+(x*f+dx)*4+c])
					}
				}
				ref.Pix[y*ref.Stride+x*4+c] = uint8(sum / (f * f))
			}
		}
	}
	psnr := map[string]float64{}
	for _, k := range kernels {
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		k.k.Scale(dst, dst.Bounds(), rgba, rgba.Bounds(), draw.Src, nil)
		var se float64
		for y := range h {
			for x := range w {
				for c := range 3 {
					d := float64(dst.Pix[y*dst.Stride+x*4+c]) - float64(ref.Pix[y*ref.Stride+x*4+c])
					se += d * d
				}
			}
		}
		psnr[k.name] = 10 * math.Log10(255*255/(se/float64(w*h*3)))
		t.Logf("%s: PSNR %.2f dB against the exact average", k.name, psnr[k.name])
	}
	if psnr["CatmullRom"] < psnr["ApproxBiLinear"] {
		t.Errorf("Catmull-Rom (%.2f dB) is worse than ApproxBiLinear (%.2f dB)", psnr["CatmullRom"], psnr["ApproxBiLinear"])
	}
}

// TestScaleBands compares scale (Catmull-Rom in bands, one direction at a
// time) with x/image/draw's Catmull-Rom in one piece, on a 12-megapixel
// photo going to each default width and to a crop: the difference is
// the 8-bit rounding between the passes, far below what the eye or a
// JPEG at quality 75 (about 35–40 dB) notices.
func TestScaleBands(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes a 12-megapixel photo")
	}
	t.Parallel()
	src := decodedPhoto(t)
	b := src.Bounds()
	cases := []struct {
		sr     image.Rectangle
		dw, dh int
	}{
		{b, 1600, 1200},
		{b, 1080, 810},
		{b, 360, 270},
		{image.Rect(0, 375, 4000, 2625), 640, 360},
		{image.Rect(100, 50, 1700, 1250), 1600, 1200}, // same size: a copy
		{image.Rect(0, 0, 4000, 300), 4000, 100},      // one direction only
	}
	for _, c := range cases {
		want := image.NewRGBA(image.Rect(0, 0, c.dw, c.dh))
		if c.sr.Dx() == c.dw && c.sr.Dy() == c.dh {
			draw.Draw(want, want.Rect, src, c.sr.Min, draw.Src)
		} else {
			xdraw.CatmullRom.Scale(want, want.Rect, src, c.sr, draw.Src, nil)
		}
		got := image.NewRGBA(image.Rect(0, 0, c.dw, c.dh))
		scale(got, src, c.sr)
		p := psnr(got, want)
		t.Logf("%v to %d×%d: PSNR %.1f dB against one piece", c.sr, c.dw, c.dh, p)
		if p < 50 {
			t.Errorf("%v to %d×%d: PSNR %.1f dB against one piece, want at least 50", c.sr, c.dw, c.dh, p)
		}
	}
}

// psnr is the peak signal-to-noise ratio of a against b over the colour
// channels, in dB (+Inf when equal).
func psnr(a, b *image.RGBA) float64 {
	var se float64
	w, h := a.Rect.Dx(), a.Rect.Dy()
	for y := range h {
		for x := range w {
			for c := range 3 {
				d := float64(a.Pix[y*a.Stride+x*4+c]) - float64(b.Pix[y*b.Stride+x*4+c])
				se += d * d
			}
		}
	}
	return 10 * math.Log10(255*255/(se/float64(w*h*3)))
}

// TestPreShrink measures the box pre-shrink of a large original against
// Catmull-Rom all the way (the output before it), on the 12-megapixel
// test photo and on a camera photo, upright and turned by EXIF.
func TestPreShrink(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes a 12-megapixel photo")
	}
	t.Parallel()
	camera := func(name string) image.Image {
		b, err := os.ReadFile(filepath.Join(fixtureDir(t), name))
		if err != nil {
			t.Fatal(err)
		}
		m, err := jpeg.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	cases := []struct {
		name   string
		m      image.Image
		o      int
		bw, bh int
		min    float64 // dB
	}{
		{"12 MP to 1600", decodedPhoto(t), 1, 1600, 1200, 45},
		{"camera to 720", camera("Landscape_1.jpg"), 1, 720, 480, 40},
		{"camera turned to 720", camera("Landscape_6.jpg"), 6, 720, 480, 40},
		{"camera to 1600: no shrink", camera("Landscape_1.jpg"), 1, 1600, 1067, math.Inf(1)},
	}
	for _, c := range cases {
		b := c.m.Bounds()
		full := image.Rect(0, 0, b.Dx(), b.Dy())
		if c.o >= 5 {
			full = image.Rect(0, 0, b.Dy(), b.Dx())
		}
		want := resample(c.m, c.o, full, c.bw, c.bh)
		got := preShrunk(c.m, c.o, c.bw, c.bh)
		if got.Rect != want.Rect {
			t.Fatalf("%s: %v, want %v", c.name, got.Rect, want.Rect)
		}
		p := psnr(got, want)
		t.Logf("%s: PSNR %.1f dB against Catmull-Rom alone", c.name, p)
		if p < c.min {
			t.Errorf("%s: PSNR %.1f dB, want at least %.0f", c.name, p, c.min)
		}
	}
}

// TestShrinkAverages: each pixel of a box-shrunk image is the rounded
// mean of its block.
func TestShrinkAverages(t *testing.T) {
	t.Parallel()
	src := image.NewRGBA(image.Rect(10, 20, 17, 26)) // 7×6, off the origin
	for i := range src.Pix {
		src.Pix[i] = byte(i * 37)
	}
	for i := 3; i < len(src.Pix); i += 4 {
		src.Pix[i] = 255
	}
	got := shrink(src, src.Rect, 3)
	if got.Rect != image.Rect(0, 0, 2, 2) {
		t.Fatalf("bounds %v, want 2×2", got.Rect)
	}
	for y := range 2 {
		for x := range 2 {
			for c := range 4 {
				sum := 0
				for dy := range 3 {
					for dx := range 3 {
						sum += int(src.Pix[(y*3+dy)*src.Stride+(x*3+dx)*4+c])
					}
				}
				if want, g := byte((sum+4)/9), got.Pix[y*got.Stride+x*4+c]; g != want {
					t.Errorf("pixel %d,%d channel %d = %d, want %d", x, y, c, g, want)
				}
			}
		}
	}
}
