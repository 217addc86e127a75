package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/cache"
	"github.com/warta-portal/warta/internal/publish"
)

// TestMemoSeesEditsThatKeepTheTime guards the preview against tools
// that restore a file's modification time (cp -p, rsync -t, tar): an edit
// of the same size with the old time must still be seen.
func TestMemoSeesEditsThatKeepTheTime(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "content", "berita", "a.md")
	writeFile(t, file, "---\ntitle: A\ndate: 2020-11-11\n---\nVersi AAAA.\n")
	var pc cache.Memo
	build := func() string {
		mem := publish.NewMemory()
		if _, err := Run(context.Background(), Options{Source: os.DirFS(dir), Target: mem, Theme: warta.Theme(), Now: now, Memo: &pc}); err != nil {
			t.Fatal(err)
		}
		return string(mem.Files["berita/a/index.html"])
	}
	if !strings.Contains(build(), "Versi AAAA") {
		t.Fatal("first build")
	}
	fi, _ := os.Stat(file)
	writeFile(t, file, "---\ntitle: A\ndate: 2020-11-11\n---\nVersi BBBB.\n")
	if err := os.Chtimes(file, time.Now(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if got := build(); !strings.Contains(got, "Versi BBBB") {
		t.Error("the edit was not seen: the memo trusted size and time")
	}
}
