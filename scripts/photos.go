//go:build ignore

// photos.go writes N camera-sized test photos (4000×3000, 12 megapixels,
// JPEG quality 90) for the photo benchmark, as page bundles of a warta
// site and of a Hugo site sharing one content folder:
//
//	go run scripts/photos.go -n 8 -out /tmp/warta-photos
//
// The pictures are deterministic for a seed: smooth sky-like gradients,
// hard-edged shapes and sensor-like noise, so they compress like photos
// (3–5 MB each) rather than like flat graphics.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
)

func main() {
	n := flag.Int("n", 8, "photos")
	out := flag.String("out", "/tmp/warta-photos", "folder")
	seed := flag.Uint64("seed", 1, "seed")
	w := flag.Int("w", 4000, "width")
	h := flag.Int("h", 3000, "height")
	flag.Parse()
	for i := range *n {
		dir := filepath.Join(*out, "content", "berita", fmt.Sprintf("foto-%03d", i+1))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			log.Fatal(err)
		}
		md := fmt.Sprintf("---\ntitle: \"Foto uji %d\"\ndate: 2024-01-%02dT09:00:00+07:00\nsummary: \"Berita dengan foto 12 megapiksel.\"\nimage:\n  src: foto.jpg\n  alt: \"Foto uji nomor %d\"\n---\n\nIsi berita dengan foto.\n", i+1, i%28+1, i+1)
		if err := os.WriteFile(filepath.Join(dir, "index.md"), []byte(md), 0o644); err != nil {
			log.Fatal(err)
		}
		f, err := os.Create(filepath.Join(dir, "foto.jpg"))
		if err != nil {
			log.Fatal(err)
		}
		if err := jpeg.Encode(f, photo(*w, *h, *seed+uint64(i)), &jpeg.Options{Quality: 90}); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}

func photo(w, h int, seed uint64) image.Image {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewPCG(seed, 7))
	phase := r.Float64() * math.Pi
	type disc struct{ x, y, rad, v int }
	var discs []disc
	for range 25 {
		discs = append(discs, disc{r.IntN(w), r.IntN(h), 50 + r.IntN(h/5), 30 + r.IntN(200)})
	}
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			v := 90 + 70*math.Sin(fx*5+phase)*math.Cos(fy*3) + 40*fy
			for _, d := range discs {
				if dx, dy := x-d.x, y-d.y; dx*dx+dy*dy < d.rad*d.rad {
					v = float64(d.v) + 20*math.Sin(float64(x+y)/9)
					break
				}
			}
			v += float64(r.IntN(17) - 8)
			m.Y[y*m.YStride+x] = uint8(max(0, min(255, v)))
		}
	}
	for y := range (h + 1) / 2 {
		for x := range (w + 1) / 2 {
			fx, fy := float64(x*2)/float64(w), float64(y*2)/float64(h)
			m.Cb[y*m.CStride+x] = uint8(128 + 50*math.Sin(fx*3+phase) + float64(r.IntN(5)))
			m.Cr[y*m.CStride+x] = uint8(128 + 40*math.Cos(fy*4-phase) + float64(r.IntN(5)))
		}
	}
	return m
}
