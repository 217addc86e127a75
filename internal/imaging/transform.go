package imaging

import (
	"image"
	"image/draw"

	xdraw "golang.org/x/image/draw"
)

// kernel resamples every rendition: Catmull-Rom, the cubic that
// x/image/draw names for quality. Measured on a 12-megapixel photo
// (BenchmarkScale, TestScaleQuality -v; 2 shared CPUs): to 1600 pixels
// wide Catmull-Rom takes 1.15 s, ApproxBiLinear 0.14 s, BiLinear 1.39 s;
// shrunk 4×, against the exact 4×4 average, Catmull-Rom is at 48.0 dB
// PSNR, BiLinear 46.3 dB and ApproxBiLinear 42.8 dB (it skips pixels,
// so fine patterns alias).
var kernel = xdraw.CatmullRom

// band is the height (first pass) or width (second pass) in pixels of
// the strips scale resamples at a time.
const band = 64

// scale resamples the part sr of src into all of dst with kernel, one
// direction at a time, in bands. x/image/draw's kernel scaler holds the
// whole horizontal pass as float64 RGBA (32 bytes per pixel: 154 MB for
// a 4000×3000 photo going to 1600 pixels wide); a pass that scales one
// direction is the identity in the other (the kernel is 1 at 0 and 0 at
// every other whole pixel), so each band gives exactly the rows or
// columns of the whole. Between the passes the image is held as 8-bit
// RGBA (dst's width × sr's height: 19 MB for that photo), which
// costs under a quantum of rounding (TestScaleBands: PSNR against the
// one-piece scaler).
func scale(dst *image.RGBA, src image.Image, sr image.Rectangle) {
	dw, dh := dst.Rect.Dx(), dst.Rect.Dy()
	sw, sh := sr.Dx(), sr.Dy()
	var mid *image.RGBA
	if dw == sw {
		if m, ok := src.(*image.RGBA); ok {
			mid = m.SubImage(sr).(*image.RGBA)
		} else {
			mid = image.NewRGBA(image.Rect(0, 0, dw, sh))
			draw.Draw(mid, mid.Rect, src, sr.Min, draw.Src)
		}
	} else {
		mid = image.NewRGBA(image.Rect(0, 0, dw, sh))
		var z xdraw.Scaler
		for y := 0; y < sh; y += band {
			n := min(band, sh-y)
			if z == nil || n < band {
				z = kernel.NewScaler(dw, n, sw, n)
			}
			z.Scale(mid, image.Rect(0, y, dw, y+n), src, image.Rect(sr.Min.X, sr.Min.Y+y, sr.Max.X, sr.Min.Y+y+n), draw.Src, nil)
		}
	}
	if dh == sh {
		draw.Draw(dst, dst.Rect, mid, mid.Rect.Min, draw.Src)
		return
	}
	o := mid.Rect.Min
	var z xdraw.Scaler
	for x := 0; x < dw; x += band {
		n := min(band, dw-x)
		if z == nil || n < band {
			z = kernel.NewScaler(n, dh, n, sh)
		}
		z.Scale(dst, image.Rect(x, 0, x+n, dh).Add(dst.Rect.Min), mid, image.Rect(o.X+x, o.Y, o.X+x+n, o.Y+sh), draw.Src, nil)
	}
}

// shrink returns the part sr of src reduced k times in each direction by
// exact box averaging: each pixel the mean of a k×k block (in
// premultiplied RGBA, rounded to nearest). The last sr.Dx() mod k
// columns and sr.Dy() mod k rows are left out. Rows are converted k at a
// time, so besides the result it holds one band of sr.Dx() × k pixels.
func shrink(src image.Image, sr image.Rectangle, k int) *image.RGBA {
	ow, oh := sr.Dx()/k, sr.Dy()/k
	out := image.NewRGBA(image.Rect(0, 0, ow, oh))
	w := ow * k
	band := image.NewRGBA(image.Rect(0, 0, w, k))
	sums := make([]uint32, ow*4)
	n, half := uint32(k*k), uint32(k*k/2)
	for y := range oh {
		draw.Draw(band, band.Rect, src, image.Pt(sr.Min.X, sr.Min.Y+y*k), draw.Src)
		clear(sums)
		for r := range k {
			row := band.Pix[r*band.Stride : r*band.Stride+w*4]
			for x := range w {
				i := x / k * 4
				sums[i] += uint32(row[x*4])
				sums[i+1] += uint32(row[x*4+1])
				sums[i+2] += uint32(row[x*4+2])
				sums[i+3] += uint32(row[x*4+3])
			}
		}
		dst := out.Pix[y*out.Stride : y*out.Stride+ow*4]
		for i, v := range sums {
			dst[i] = uint8((v + half) / n)
		}
	}
	return out
}

// storedRect maps a rectangle in upright coordinates to the rectangle of
// the stored pixels that shows there, for an image stored w×h with EXIF
// orientation o.
func storedRect(r image.Rectangle, w, h, o int) image.Rectangle {
	u0, u1, v0, v1 := r.Min.X, r.Max.X, r.Min.Y, r.Max.Y
	switch o {
	case 2:
		return image.Rect(w-u1, v0, w-u0, v1)
	case 3:
		return image.Rect(w-u1, h-v1, w-u0, h-v0)
	case 4:
		return image.Rect(u0, h-v1, u1, h-v0)
	case 5:
		return image.Rect(v0, u0, v1, u1)
	case 6:
		return image.Rect(v0, h-u1, v1, h-u0)
	case 7:
		return image.Rect(w-v1, h-u1, w-v0, h-u0)
	case 8:
		return image.Rect(w-v1, u0, w-v0, u1)
	}
	return r
}

// uprightAt maps stored pixel (x, y) of a w×h image with orientation o
// to its upright position.
func uprightAt(x, y, w, h, o int) (int, int) {
	switch o {
	case 2:
		return w - 1 - x, y
	case 3:
		return w - 1 - x, h - 1 - y
	case 4:
		return x, h - 1 - y
	case 5:
		return y, x
	case 6:
		return h - 1 - y, x
	case 7:
		return h - 1 - y, w - 1 - x
	case 8:
		return y, w - 1 - x
	}
	return x, y
}

// resample makes a tw×th upright rendition of the part of src (stored
// with orientation o) that shows in the upright rectangle crop.
// Scaling happens in the stored orientation, then the (small) result is
// turned upright.
func resample(src image.Image, o int, crop image.Rectangle, tw, th int) *image.RGBA {
	b := src.Bounds()
	sr := storedRect(crop, b.Dx(), b.Dy(), o).Add(b.Min)
	dw, dh := tw, th
	if o >= 5 {
		dw, dh = th, tw
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	if sr.Dx() == dw && sr.Dy() == dh {
		draw.Draw(dst, dst.Bounds(), src, sr.Min, draw.Src)
	} else {
		scale(dst, src, sr)
	}
	return orient(dst, o)
}

// orient turns m (stored with orientation o) upright.
func orient(m *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	uw, uh := w, h
	if o >= 5 {
		uw, uh = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, uw, uh))
	for y := range h {
		row := m.Pix[y*m.Stride:]
		for x := range w {
			u, v := uprightAt(x, y, w, h, o)
			copy(out.Pix[v*out.Stride+u*4:v*out.Stride+u*4+4], row[x*4:x*4+4])
		}
	}
	return out
}

// cover is the largest centred rectangle of a w×h image with the aspect
// ratio aw:ah, the part a crop to that ratio keeps.
func cover(w, h, aw, ah int) image.Rectangle {
	cw, ch := w, w*ah/aw
	if ch > h {
		cw, ch = h*aw/ah, h
	}
	x, y := (w-cw)/2, (h-ch)/2
	return image.Rect(x, y, x+cw, y+ch)
}
