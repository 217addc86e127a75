package build

import (
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	warta "github.com/warta-portal/warta"
)

// TestBodyImagesArePictures: an image of the bundle shown in the body is
// written as a <picture> with WebP and JPEG srcsets, sizes, its real
// width and height and lazy loading, every URL of which is published; an
// image the build cannot process keeps its src, and an image outside the
// bundle is left as written.
func TestBodyImagesArePictures(t *testing.T) {
	t.Parallel()
	site := writeSite(t, "basic")
	bundle := filepath.Join(site, "content/berita/foto-kegiatan")
	writeFile(t, filepath.Join(bundle, "index.md"), "---\ntitle: Foto kegiatan\ndate: 2020-11-02\nsummary: Foto.\n---\nPembukaan.\n\n![Peserta & panitia di aula](foto%20aula.jpg)\n\n![Rusak](rusak.jpg)\n\n![Luar](../lain/x.jpg)\n")
	writePhoto(t, filepath.Join(bundle, "foto aula.jpg"), 3) // 480×320
	writeFile(t, filepath.Join(bundle, "rusak.jpg"), "bukan foto")
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Run(context.Background(), Options{Source: os.DirFS(site), Destination: dest, Theme: warta.Theme(), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dest, "berita/foto-kegiatan/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := xhtml.Parse(strings.NewReader(string(page)))
	if err != nil {
		t.Fatal(err)
	}
	imgs := map[string]map[string]string{} // by alt
	var source map[string]string
	var walk func(n *xhtml.Node, inPicture bool)
	walk = func(n *xhtml.Node, inPicture bool) {
		if n.Type == xhtml.ElementNode {
			attrs := map[string]string{}
			for _, a := range n.Attr {
				attrs[a.Key] = a.Val
			}
			switch n.Data {
			case "img":
				if inPicture {
					attrs["in-picture"] = "yes"
				}
				imgs[attrs["alt"]] = attrs
			case "source":
				if inPicture && strings.Contains(attrs["srcset"], "aula") {
					source = attrs
				}
			}
			inPicture = inPicture || n.Data == "picture"
		}
		for c := range n.ChildNodes() {
			walk(c, inPicture)
		}
	}
	walk(doc, false)

	img := imgs["Peserta & panitia di aula"]
	if img == nil {
		t.Fatalf("no body image with its alt text in\n%s", page)
	}
	want := map[string]string{"in-picture": "yes", "src": "foto%20aula.jpg", "width": "480", "height": "320", "loading": "lazy", "decoding": "async",
		"srcset": "foto%20aula_w360.jpg 360w, foto%20aula.jpg 480w", "sizes": "(min-width: 48rem) 44rem, calc(100vw - 2rem)"}
	for k, v := range want {
		if img[k] != v {
			t.Errorf("img %s = %q, want %q", k, img[k], v)
		}
	}
	if source == nil || source["type"] != "image/webp" || source["srcset"] != "foto%20aula_w360.webp 360w, foto%20aula_w480.webp 480w" || source["sizes"] != want["sizes"] {
		t.Errorf("WebP source %v", source)
	}
	for _, set := range []string{img["srcset"], source["srcset"]} {
		for _, c := range strings.Split(set, ", ") {
			name, err := url.PathUnescape(c[:strings.LastIndex(c, " ")])
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(dest, "berita/foto-kegiatan", name)); err != nil {
				t.Errorf("srcset names %s, not published: %v", name, err)
			}
		}
	}
	if r := imgs["Rusak"]; r == nil || r["src"] != "rusak.jpg" || r["in-picture"] != "" || r["loading"] != "lazy" {
		t.Errorf("unprocessable image: %v", r)
	}
	if r := imgs["Luar"]; r == nil || r["src"] != "../lain/x.jpg" || r["in-picture"] != "" {
		t.Errorf("image outside the bundle: %v", r)
	}
	if _, err := os.Stat(filepath.Join(dest, "berita/foto-kegiatan/rusak.jpg")); err != nil {
		t.Errorf("the unprocessable image is not copied as it is: %v", err)
	}
	warned := false
	for _, w := range res.Warnings {
		if strings.Contains(w.Error(), "rusak.jpg") && strings.Contains(w.Error(), path.Join("content/berita/foto-kegiatan", "index.md")) {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning naming rusak.jpg at index.md: %v", res.Warnings)
	}
}

// writePhotoSize writes a w×h JPEG whose pixels depend on seed.
func writePhotoSize(t *testing.T, name string, w, h, seed int) {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.RGBA{uint8(x * seed), uint8(y + seed*40), uint8((x + y) / 4), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, nil); err != nil {
		t.Fatal(err)
	}
	writeFileBytes(t, name, b.Bytes())
}

// TestReplacedPhotoIsNotReused: a cover and a body photo replaced under
// the same names by photos of other sizes change the page that shows
// them, its cards and the lists, even though no page's text changed: a
// cached build (the stock theme, so outputs may be kept) matches an
// uncached one.
func TestReplacedPhotoIsNotReused(t *testing.T) {
	t.Parallel()
	site := writeSite(t, "basic")
	bundle := filepath.Join(site, "content/berita/foto-bundel")
	writeFile(t, filepath.Join(bundle, "index.md"), "---\ntitle: Foto Bundel\ndate: 2020-12-29\nimage: {src: sampul.jpg, alt: Sampul}\n---\n![Isi](isi.jpg)\n")
	writePhotoSize(t, filepath.Join(bundle, "sampul.jpg"), 480, 320, 1)
	writePhotoSize(t, filepath.Join(bundle, "isi.jpg"), 480, 320, 2)
	cacheDir, cached := t.TempDir(), filepath.Join(t.TempDir(), "public")
	build := func(dest, cacheDir string) {
		t.Helper()
		if _, err := Run(context.Background(), Options{Source: os.DirFS(site), Destination: dest, Theme: warta.Theme(), Now: now, CacheDir: cacheDir}); err != nil {
			t.Fatal(err)
		}
	}
	build(cached, cacheDir)
	writePhotoSize(t, filepath.Join(bundle, "sampul.jpg"), 300, 400, 3)
	writePhotoSize(t, filepath.Join(bundle, "isi.jpg"), 800, 200, 4)
	build(cached, cacheDir)
	fresh := filepath.Join(t.TempDir(), "public")
	build(fresh, "")
	if diff := compareTrees(cached, fresh); diff != "" {
		t.Fatalf("cached build differs from an uncached one: %s", diff)
	}
}

// TestBadImages: each bad image a page shows is processed, or reported
// at the .md line that shows it and published as it is; none stops the
// build, and a 20,000×20,000 PNG is refused from its header, so the
// whole build allocates far less than decoding it would (1.6 GB). Not
// parallel: it measures the process's allocations.
func TestBadImages(t *testing.T) {
	photo := func(w, h int) []byte {
		var b bytes.Buffer
		if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)), nil); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	full := photo(640, 480)
	var png16, lying, bombPNG, anim bytes.Buffer
	m16 := image.NewNRGBA64(image.Rect(0, 0, 300, 200))
	for i := range m16.Pix {
		m16.Pix[i] = byte(i * 7)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(png.Encode(&png16, m16))
	must(png.Encode(&lying, image.NewRGBA(image.Rect(0, 0, 500, 400))))
	must(png.Encode(&bombPNG, image.NewGray(image.Rect(0, 0, 1, 1))))
	bomb := bombPNG.Bytes()
	copy(bomb[16:], []byte{0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20}) // IHDR: 20,000 × 20,000
	crc := crc32.ChecksumIEEE(bomb[12:29])
	copy(bomb[29:], []byte{byte(crc >> 24), byte(crc >> 16), byte(crc >> 8), byte(crc)})
	pal := color.Palette{color.Black, color.White}
	frame := func() *image.Paletted { return image.NewPaletted(image.Rect(0, 0, 40, 30), pal) }
	must(gif.EncodeAll(&anim, &gif.GIF{Image: []*image.Paletted{frame(), frame()}, Delay: []int{10, 10}}))
	cmyk, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "src", "image", "testdata", "video-001.cmyk.jpeg"))
	must(err)
	corrupt := append(append([]byte{}, full[:600]...), bytes.Repeat([]byte{0x55}, 4000)...)

	cases := []struct {
		file      string
		data      []byte
		warning   string // in the message at the line; "" for none
		processed bool
	}{
		{"potong.jpg", full[:len(full)/2], "damaged or cut short", false},
		{"rusak.jpg", corrupt, "damaged or cut short", false},
		{"bohong.jpg", lying.Bytes(), "is a PNG image, not JPEG", true},
		{"bom.png", bomb, "20000×20000 pixels is over the limit", false},
		{"cmyk.jpg", cmyk, "", true},
		{"grafik16.png", png16.Bytes(), "", true},
		{"gerak.gif", anim.Bytes(), "animated GIF (2 frames)", false},
	}
	site := writeSite(t, "basic")
	bundle := filepath.Join(site, "content/berita/foto-buruk")
	md := "---\ntitle: Foto buruk\ndate: 2020-11-03\nsummary: Foto.\n---\n"
	lines := map[string]int{}
	for i, c := range cases {
		md += "\n![Gambar " + c.file + "](" + c.file + ")\n"
		lines[c.file] = 7 + 2*i
		writeFileBytes(t, filepath.Join(bundle, c.file), c.data)
	}
	writeFile(t, filepath.Join(bundle, "index.md"), md)
	dest := filepath.Join(t.TempDir(), "public")

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := Run(context.Background(), Options{Source: os.DirFS(site), Destination: dest, Theme: warta.Theme(), Now: now})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	// Decoding the bomb would take 400 MB for its gray pixels alone.
	a := after.TotalAlloc - before.TotalAlloc
	t.Logf("the build allocated %d MB", a>>20)
	if a > 200<<20 {
		t.Errorf("the build allocated %d MB: was the bomb decoded?", a>>20)
	}
	for _, c := range cases {
		at := fmt.Sprintf("content/berita/foto-buruk/index.md:%d:", lines[c.file])
		var got []string
		for _, w := range res.Warnings {
			if strings.Contains(w.Error(), c.file) {
				got = append(got, w.Error())
			}
		}
		switch {
		case c.warning == "" && len(got) > 0:
			t.Errorf("%s: warned %q", c.file, got)
		case c.warning != "" && (len(got) != 1 || !strings.HasPrefix(got[0], at) || !strings.Contains(got[0], c.warning)):
			t.Errorf("%s: warnings %q, want one at %s saying %q", c.file, got, at, c.warning)
		}
		out, err := os.ReadFile(filepath.Join(dest, "berita/foto-buruk", c.file))
		if err != nil {
			t.Errorf("%s: not published: %v", c.file, err)
			continue
		}
		stem := strings.TrimSuffix(c.file, filepath.Ext(c.file))
		webps, _ := filepath.Glob(filepath.Join(dest, "berita/foto-buruk", stem+"_w*.webp"))
		if c.processed {
			if len(webps) == 0 {
				t.Errorf("%s: processed, but no WebP rendition", c.file)
			}
		} else {
			if !bytes.Equal(out, c.data) {
				t.Errorf("%s: not published as it is", c.file)
			}
			if len(webps) > 0 {
				t.Errorf("%s: has renditions %v, yet was to be copied as it is", c.file, webps)
			}
		}
	}
}

func writeFileBytes(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCoverNamedWithSpaces: a cover photo named as phones and chat apps
// name them ("WhatsApp Image ….jpg") keeps every srcset candidate: a
// space in a candidate's URL would end it, and html/template would put
// "#ZgotmplZ" in its place.
func TestCoverNamedWithSpaces(t *testing.T) {
	t.Parallel()
	site := writeSite(t, "basic")
	bundle := filepath.Join(site, "content/berita/foto-wa")
	writeFile(t, filepath.Join(bundle, "index.md"), "---\ntitle: Foto dari WhatsApp\ndate: 2020-11-03\nsummary: Foto.\nimage:\n  src: WhatsApp Image 2020-11-03 at 10.30.jpg\n  alt: Peserta rapat\n---\nIsi.\n")
	writePhoto(t, filepath.Join(bundle, "WhatsApp Image 2020-11-03 at 10.30.jpg"), 5)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Run(context.Background(), Options{Source: os.DirFS(site), Destination: dest, Theme: warta.Theme(), Now: now}); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"berita/foto-wa/index.html", "index.html", "berita/index.html"} {
		b, err := os.ReadFile(filepath.Join(dest, page))
		if err != nil {
			t.Fatal(err)
		}
		html := string(b)
		if strings.Contains(html, "ZgotmplZ") {
			t.Errorf("%s: a srcset candidate was dropped (#ZgotmplZ)", page)
		}
		if page == "berita/foto-wa/index.html" && (!strings.Contains(html, "WhatsApp%20Image") || strings.Contains(html, "%2520")) {
			t.Errorf("%s: rendition URLs not escaped once", page)
		}
	}
}
