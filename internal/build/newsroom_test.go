package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/publish"
)

// newsroomSite is a small portal whose published state depends on the
// clock: a scheduled item, a pin with an end, an announcement that expires.
var newsroomSite = fstest.MapFS{
	"content/berita/lama.md":       {Data: []byte("---\ntitle: Berita Lama Tersemat\ndate: 2020-11-01 09:00\npin: true\npinUntil: 2020-11-20 08:00\n---\nIsi lama.\n")},
	"content/berita/baru.md":       {Data: []byte("---\ntitle: Berita Baru Biasa\ndate: 2020-11-10 09:00\n---\nIsi baru.\n")},
	"content/berita/terjadwal.md":  {Data: []byte("---\ntitle: Berita Terjadwal Pagi\ndate: 2020-11-21 08:00\n---\nIsi terjadwal.\n")},
	"content/pengumuman/rapat.md":  {Data: []byte("---\ntitle: Rapat Koordinasi\ndate: 2020-11-02 09:00\nexpiryDate: 2020-11-15 17:00\n---\nIsi pengumuman.\n")},
	"content/pengumuman/_index.md": {Data: []byte("---\ntitle: Pengumuman\n---\n")},
}

// buildAt builds newsroomSite with the clock at now (WIB) into memory.
func buildAt(t *testing.T, now string) map[string][]byte {
	t.Helper()
	at, err := time.ParseInLocation("2006-01-02 15:04", now, time.FixedZone("WIB", 7*3600))
	if err != nil {
		t.Fatal(err)
	}
	mem := publish.NewMemory()
	if _, err := Run(context.Background(), Options{Source: newsroomSite, Target: mem, Theme: warta.Theme(), Now: at, NoMinify: true}); err != nil {
		t.Fatal(err)
	}
	return mem.Files
}

// headline is the title in the home page's headline slot.
func headline(t *testing.T, files map[string][]byte) string {
	t.Helper()
	home := string(files["index.html"])
	_, after, ok := strings.Cut(home, `class="headline-title"`)
	if !ok {
		t.Fatal("home page has no headline")
	}
	_, after, _ = strings.Cut(after, ">")
	_, after, _ = strings.Cut(after, ">")
	title, _, _ := strings.Cut(after, "<")
	return title
}

// firstTicker is the first item of the ticker.
func firstTicker(t *testing.T, files map[string][]byte) string {
	t.Helper()
	_, after, ok := strings.Cut(string(files["index.html"]), `class="ticker-list"`)
	if !ok {
		t.Fatal("no ticker")
	}
	_, after, _ = strings.Cut(after, "<a ")
	_, after, _ = strings.Cut(after, ">")
	title, _, _ := strings.Cut(after, "<")
	return title
}

func TestNewsroomClock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		now                string
		headline, ticker   string
		scheduledLive      bool
		announcementArchiv bool
	}{
		// The pin holds the headline and the ticker's first place although a
		// newer item exists.
		{"2020-11-12 10:00", "Berita Lama Tersemat", "Berita Lama Tersemat", false, false},
		// The announcement has expired: archived, banner, URL kept.
		{"2020-11-16 10:00", "Berita Lama Tersemat", "Berita Lama Tersemat", false, true},
		// The pin has ended: the newest item leads again.
		{"2020-11-20 08:00", "Berita Baru Biasa", "Berita Baru Biasa", false, true},
		// One minute before its time the scheduled item is not public; at
		// its time it is, and it leads.
		{"2020-11-21 07:59", "Berita Baru Biasa", "Berita Baru Biasa", false, true},
		{"2020-11-21 08:00", "Berita Terjadwal Pagi", "Berita Terjadwal Pagi", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.now, func(t *testing.T) {
			t.Parallel()
			files := buildAt(t, tt.now)
			if got := headline(t, files); got != tt.headline {
				t.Errorf("headline = %q, want %q", got, tt.headline)
			}
			if got := firstTicker(t, files); got != tt.ticker {
				t.Errorf("first ticker item = %q, want %q", got, tt.ticker)
			}
			if _, live := files["berita/terjadwal/index.html"]; live != tt.scheduledLive {
				t.Errorf("scheduled item live = %v, want %v", live, tt.scheduledLive)
			}
			page, ok := files["pengumuman/rapat/index.html"]
			if !ok {
				t.Fatal("the announcement's URL no longer answers")
			}
			banner := strings.Contains(string(page), "Pengumuman ini sudah berakhir pada")
			list := string(files["pengumuman/index.html"])
			archive, hasArchive := files["pengumuman/arsip/index.html"]
			if tt.announcementArchiv {
				if !banner {
					t.Error("expired announcement has no banner")
				}
				if !hasArchive || !strings.Contains(string(archive), "Rapat Koordinasi") {
					t.Error("expired announcement is not in the archive page")
				}
				if strings.Contains(list, `href="/pengumuman/rapat/"`) {
					t.Error("expired announcement is still in the current list")
				}
				if !strings.Contains(string(files["sitemap.xml"]), "<changefreq>never</changefreq>") {
					t.Error("sitemap does not mark the expired page")
				}
			} else {
				if banner || hasArchive {
					t.Errorf("current announcement: banner %v, archive page %v", banner, hasArchive)
				}
				if !strings.Contains(list, `href="/pengumuman/rapat/"`) {
					t.Error("current announcement missing from its list")
				}
			}
			if !strings.Contains(string(page), `"expires":"2020-11-15T17:00:00+07:00"`) {
				t.Error("JSON-LD has no expires")
			}
		})
	}
}

// TestExpiredHideKeepsHugosBehaviour: with sections.pengumuman.expired:
// hide, an expired announcement disappears with its URL.
func TestExpiredHideKeepsHugosBehaviour(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{"warta.yaml": {Data: []byte("sections:\n  pengumuman:\n    expired: hide\n")}}
	for k, v := range newsroomSite {
		fsys[k] = v
	}
	mem := publish.NewMemory()
	if _, err := Run(context.Background(), Options{Source: fsys, Target: mem, Theme: warta.Theme(), Now: time.Date(2020, 11, 16, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, ok := mem.Files["pengumuman/rapat/index.html"]; ok {
		t.Error("expired: hide still published the expired page")
	}
	if _, ok := mem.Files["pengumuman/arsip/index.html"]; ok {
		t.Error("expired: hide made an archive page")
	}
}

func TestCorrectionsBox(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"content/berita/x.md": {Data: []byte("---\ntitle: X\ndate: 2020-11-11 10:30\ncorrections:\n  - date: 2020-11-13 09:00\n    text: \"Nama kepala dinas diperbaiki.\"\n  - date: 2020-11-12 08:00\n    text: \"Jumlah peserta 120, bukan 210.\"\n---\nIsi.\n")},
	}
	mem := publish.NewMemory()
	if _, err := Run(context.Background(), Options{Source: fsys, Target: mem, Theme: warta.Theme(), Now: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), NoMinify: true}); err != nil {
		t.Fatal(err)
	}
	page := string(mem.Files["berita/x/index.html"])
	first := strings.Index(page, "Jumlah peserta 120")
	second := strings.Index(page, "Nama kepala dinas")
	if first < 0 || second < 0 || first > second {
		t.Errorf("corrections box missing or not oldest first (%d, %d)", first, second)
	}
	if !strings.Contains(page, `"dateModified":"2020-11-13T09:00:00+07:00"`) {
		t.Error("JSON-LD dateModified is not the last correction")
	}
	feed := string(mem.Files["feed.xml"])
	if !strings.Contains(feed, "<updated>2020-11-13T09:00:00+07:00</updated>") {
		t.Error("feed entry's updated is not the last correction")
	}
	bad := fstest.MapFS{"content/berita/x.md": {Data: []byte("---\ntitle: X\ndate: 2020-11-11\ncorrections:\n  - date: 2020-11-01\n    text: \"\"\n---\n")}}
	_, err := Run(context.Background(), Options{Source: bad, Target: publish.NewMemory(), Theme: warta.Theme(), Now: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)})
	for _, want := range []string{"content/berita/x.md:5: corrections.0.date: 2020-11-01 is before the page's date", "content/berita/x.md:6: corrections.0.text: missing"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nwant %q", err, want)
		}
	}
}

// TestCacheFollowsTheClock: pages whose look depends on the clock (an
// announcement that expires into its archive, a pin that ends, an item
// that becomes public) come out of a cached build exactly as out of a
// fresh one, though no file changed between the builds.
func TestCacheFollowsTheClock(t *testing.T) {
	t.Parallel()
	site := t.TempDir()
	for name, f := range newsroomSite {
		writeFile(t, filepath.Join(site, name), string(f.Data))
	}
	cacheDir, cached := t.TempDir(), filepath.Join(t.TempDir(), "public")
	wib := time.FixedZone("WIB", 7*3600)
	for _, at := range []time.Time{
		time.Date(2020, 11, 12, 10, 0, 0, 0, wib), // pinned, announcement current
		time.Date(2020, 11, 16, 10, 0, 0, 0, wib), // announcement expired
		time.Date(2020, 11, 20, 9, 0, 0, 0, wib),  // pin ended
		time.Date(2020, 11, 21, 9, 0, 0, 0, wib),  // scheduled item public
	} {
		fresh := filepath.Join(t.TempDir(), "public")
		if _, err := Run(context.Background(), Options{Source: os.DirFS(site), Destination: cached, Theme: warta.Theme(), Now: at, CacheDir: cacheDir}); err != nil {
			t.Fatal(err)
		}
		if _, err := Run(context.Background(), Options{Source: os.DirFS(site), Destination: fresh, Theme: warta.Theme(), Now: at}); err != nil {
			t.Fatal(err)
		}
		if diff := compareTrees(cached, fresh); diff != "" {
			t.Errorf("at %s the cached build differs from a fresh one:\n%s", at, diff)
		}
	}
}
