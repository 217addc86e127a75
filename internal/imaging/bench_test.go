package imaging

import (
	"testing"
	"testing/fstest"
)

// BenchmarkProcess12MP makes every rendition of a 4000×3000 cover photo.
func BenchmarkProcess12MP(b *testing.B) {
	data := testPhoto(b, 4000, 3000, 1)
	fsys := fstest.MapFS{"content/berita/x/foto.jpg": {Data: data}}
	b.ResetTimer()
	for range b.N {
		p := New(Settings{}, nil)
		src := &Source{Name: "content/berita/x/foto.jpg", URL: "/berita/x/foto.jpg", Cover: true}
		p.Prepare(fsys, []*Source{src}, 1)
		if src.Err != nil {
			b.Fatal(src.Err)
		}
	}
}
