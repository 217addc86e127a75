package imaging

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"

	"github.com/gen2brain/webp"
)

// encode writes m in format. The encoders write no metadata: the
// original's EXIF (GPS position, camera serial, orientation) is never
// copied, and the pixels are already upright.
func encode(m image.Image, format string, s Settings) ([]byte, error) {
	var b bytes.Buffer
	var err error
	switch format {
	case "jpeg":
		err = jpeg.Encode(&b, m, &jpeg.Options{Quality: s.JPEGQuality})
	case "png":
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, m)
	case "webp":
		// gen2brain/webp hands an *image.RGBA's Pix to libwebp as rows
		// of exactly width × 4 bytes: a crop of a wider image (a
		// SubImage) is copied out first, or its rows would shear.
		if r, ok := m.(*image.RGBA); ok && (r.Stride != 4*r.Rect.Dx() || len(r.Pix) != r.Stride*r.Rect.Dy()) {
			c := image.NewRGBA(image.Rect(0, 0, r.Rect.Dx(), r.Rect.Dy()))
			draw.Draw(c, c.Rect, r, r.Rect.Min, draw.Src)
			m = c
		}
		// Method 4 is libwebp's default speed/size trade-off (cwebp -m 4).
		err = webp.Encode(&b, m, webp.Options{Quality: s.WebPQuality, Method: 4})
	default:
		err = fmt.Errorf("unknown format %q", format)
	}
	return b.Bytes(), err
}

// webpEncoder names the WebP encoder in use, part of every rendition's
// key: the system's libwebp when gen2brain/webp could load it, else the
// WebAssembly build it embeds (each version encodes its own bytes).
func webpEncoder() string {
	if webp.Dynamic() == nil {
		return "libwebp"
	}
	return "wasm"
}
