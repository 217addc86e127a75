package imaging

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"testing"
)

// testPhoto makes a w×h JPEG that compresses like a camera photo: smooth
// gradients, a few shapes with hard edges and sensor-like noise.
func testPhoto(t testing.TB, w, h int, seed uint64) []byte {
	t.Helper()
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewPCG(seed, 1))
	for y := range h {
		for x := range w {
			v := 40 + 150*x/w + 40*y/h + r.IntN(12)
			if (x/(w/7)+y/(h/5))%3 == 0 {
				v = 255 - v/2
			}
			m.Y[y*m.YStride+x] = uint8(min(v, 255))
		}
	}
	for y := range (h + 1) / 2 {
		for x := range (w + 1) / 2 {
			m.Cb[y*m.CStride+x] = uint8(100 + 60*x*2/w)
			m.Cr[y*m.CStride+x] = uint8(110 + 50*y*2/h + r.IntN(4))
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var _ = color.RGBA{}
