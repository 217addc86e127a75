package imaging

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // registers JPEG with image.Decode
	_ "image/png"  // registers PNG with image.Decode
	"strings"

	"github.com/rwcarlsen/goexif/exif"
	_ "golang.org/x/image/webp" // registers WebP (lossy, lossless, alpha) with image.Decode
)

// Header is what an image file's first bytes say about it.
type Header struct {
	Format string // "jpeg", "png", "gif" or "webp": the content's format, whatever the file's extension
	// Width and Height as stored, in pixels, before orientation.
	Width, Height int
	// Orientation is the EXIF orientation tag (1–8; 1 when absent): how
	// the stored pixels must be turned to show upright (EXIF 2.32, 4.6.4
	// A, tag 0x0112).
	Orientation int
	// Frames is the number of frames of a GIF (1 for other formats).
	Frames int
	// Alpha: the color model can hold transparency (PNG, WebP).
	Alpha bool
}

// Upright is the size as shown: width and height swapped for the
// orientations that turn by a quarter (5–8).
func (h Header) Upright() (w, hgt int) {
	if h.Orientation >= 5 && h.Orientation <= 8 {
		return h.Height, h.Width
	}
	return h.Width, h.Height
}

// Problems with an image, said to the editor at the page that uses it
// (each format has its Indonesian translation in internal/diag).
const (
	msgUnreadable = "image %s: not a readable JPEG, PNG, GIF or WebP file (%v); it is published as it is"
	msgBomb       = "image %s: %d×%d pixels is over the limit of %d megapixels; it is published as it is, not resized: save it smaller"
	msgDamaged    = "image %s: cannot decode it (%v): the file is damaged or cut short; it is published as it is"
	msgAnimated   = "image %s: an animated GIF (%d frames) is published as it is, not resized: for a photo, save a JPEG"
	msgCannotRead = "image %s: cannot read it (%v); it is published as it is"
	msgExtension  = "image %s: the file is a %s image, not %s as its extension says: rename it to %s"
)

// Problem is a finding about an image: a message format (one of the msg
// constants, whose first verb is the file's name) and its other
// arguments.
type Problem struct {
	Format string
	Args   []any
}

func problemf(format string, args ...any) *Problem { return &Problem{format, args} }

func (p *Problem) Error() string {
	return fmt.Sprintf(strings.TrimPrefix(p.Format, "image %s: "), p.Args...)
}

// probe reads the header of an image file (image.DecodeConfig: the
// pixels are not decoded) and its EXIF orientation. An image whose
// width × height is over maxPixels is an error wrapping errBomb, before
// any pixel is decoded.
func probe(data []byte, maxPixels int64) (Header, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Header{}, problemf(msgUnreadable, err)
	}
	h := Header{Format: format, Width: cfg.Width, Height: cfg.Height, Orientation: 1, Frames: 1, Alpha: hasAlpha(cfg.ColorModel)}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return h, problemf(msgUnreadable, fmt.Errorf("%d×%d pixels", cfg.Width, cfg.Height))
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return h, problemf(msgBomb, cfg.Width, cfg.Height, maxPixels/1_000_000)
	}
	switch format {
	case "jpeg":
		h.Orientation = orientation(data)
	case "gif":
		h.Frames = gifFrames(data)
	}
	return h, nil
}

// orientation reads the EXIF orientation of a JPEG; 1 when absent or
// unreadable (the pixels are then shown as stored, as browsers do).
func orientation(data []byte) int {
	x, err := exif.Decode(bytes.NewReader(data))
	if err != nil {
		return 1
	}
	tag, err := x.Get(exif.Orientation)
	if err != nil {
		return 1
	}
	o, err := tag.Int(0)
	if err != nil || o < 1 || o > 8 {
		return 1
	}
	return o
}

// decode decodes the pixels of an image whose header was probed; the
// first frame of a GIF.
func decode(data []byte) (img image.Image, err error) {
	defer func() {
		// The decoders return errors on bad input; a panic in one is
		// still a bad file, not a reason to stop the build.
		if r := recover(); r != nil {
			img, err = nil, problemf(msgDamaged, fmt.Errorf("%v", r))
		}
	}()
	img, _, err = image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, problemf(msgDamaged, err)
	}
	return img, nil
}

// gifFrames counts the image descriptors of a GIF by walking its blocks
// (GIF89a specification, sections 17–27) without decoding any pixels;
// it stops at the trailer or at the end of the data.
func gifFrames(data []byte) int {
	if len(data) < 13 {
		return 1
	}
	i := 13
	if data[10]&0x80 != 0 { // global color table
		i += 3 << (data[10]&7 + 1)
	}
	skipSubBlocks := func() {
		for i < len(data) {
			n := int(data[i])
			i++
			if n == 0 {
				return
			}
			i += n
		}
	}
	frames := 0
	for i < len(data) {
		switch data[i] {
		case 0x21: // extension: label, then sub-blocks
			i += 2
			skipSubBlocks()
		case 0x2C: // image descriptor
			frames++
			if i+10 > len(data) {
				return max(frames, 1)
			}
			flags := data[i+9]
			i += 10
			if flags&0x80 != 0 { // local color table
				i += 3 << (flags&7 + 1)
			}
			i++ // LZW minimum code size
			skipSubBlocks()
		default: // trailer (0x3B) or garbage
			return max(frames, 1)
		}
	}
	return max(frames, 1)
}
