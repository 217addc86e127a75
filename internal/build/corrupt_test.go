package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	warta "github.com/warta-portal/warta"
)

// TestDamagedCacheNeverChangesOutput damages each kind of cache file in
// turn after a warm build (cut short, bytes flipped, deleted, replaced by
// another site's file of the same kind) and asserts the next build, into
// the warm destination and into a new one, is byte-identical to a build
// without the cache, and that the damage is noted.
func TestDamagedCacheNeverChangesOutput(t *testing.T) {
	t.Parallel()
	site, other := writeSite(t, "basic"), writeSite(t, "lists")
	// Real photos, so the cache holds image renditions too.
	writePhoto(t, filepath.Join(site, "content/berita/sekda-buka-workshop/foto.jpg"), 1)
	writeFile(t, filepath.Join(other, "content/berita/foto-lain/index.md"), "---\ntitle: Foto lain\ndate: 2020-11-01\nsummary: Foto.\nimage: {src: foto.jpg, alt: Foto}\n---\nIsi.\n")
	writePhoto(t, filepath.Join(other, "content/berita/foto-lain/foto.jpg"), 2)
	settle() // so the cache's file index holds every file
	build := func(t *testing.T, site, dest, cacheDir string) Result {
		t.Helper()
		res, err := Run(context.Background(), Options{Source: os.DirFS(site), Destination: dest, Theme: warta.Theme(), Now: now, CacheDir: cacheDir})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	want := filepath.Join(t.TempDir(), "public")
	build(t, site, want, "")

	// Another site's cache, of the same warta version, to take files from.
	otherCache := t.TempDir()
	build(t, other, filepath.Join(t.TempDir(), "public"), otherCache)

	kinds := []struct {
		name  string
		match func(rel string) bool
	}{
		{"front-matter index", func(rel string) bool { return strings.HasPrefix(filepath.Base(rel), "values-") }},
		{"file index", func(rel string) bool { return strings.HasPrefix(filepath.Base(rel), "files-") }},
		{"body index", func(rel string) bool { return strings.HasPrefix(filepath.Base(rel), "docs-") }},
		{"rendered bodies", func(rel string) bool { return strings.Contains(rel, "/html/") }},
		{"manifest", func(rel string) bool { return strings.HasPrefix(filepath.Base(rel), "out-") }},
		{"image renditions", func(rel string) bool { return strings.Contains(rel, "/images/") }},
		{"search analyses", func(rel string) bool { return strings.Contains(rel, "/search/") }},
	}
	damages := []struct {
		name string
		do   func(t *testing.T, file, foreign string)
	}{
		{"cut short", func(t *testing.T, file, _ string) {
			fi, _ := os.Stat(file)
			if err := os.Truncate(file, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}},
		{"bytes flipped", func(t *testing.T, file, _ string) {
			b, _ := os.ReadFile(file)
			for i := len(b) / 3; i < len(b); i += 7 {
				b[i]++ // never undone by a second round
			}
			if err := os.WriteFile(file, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"deleted", func(t *testing.T, file, _ string) {
			if err := os.Remove(file); err != nil {
				t.Fatal(err)
			}
		}},
		{"another site's", func(t *testing.T, file, foreign string) {
			b, err := os.ReadFile(foreign)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, k := range kinds {
		foreign := cacheFiles(t, otherCache, k.match)
		for _, d := range damages {
			t.Run(k.name+"/"+d.name, func(t *testing.T) {
				t.Parallel()
				cacheDir, dest := t.TempDir(), filepath.Join(t.TempDir(), "public")
				build(t, site, dest, cacheDir)
				damage := func() {
					files := cacheFiles(t, cacheDir, k.match)
					if len(files) == 0 && d.name != "deleted" {
						t.Fatalf("no %s in the cache", k.name)
					}
					for _, f := range files {
						d.do(t, f, foreign[0])
					}
				}
				var notes []string
				damage()
				res := build(t, site, dest, cacheDir)
				notes = append(notes, res.Notes.Messages()...)
				if diff := compareTrees(dest, want); diff != "" {
					t.Errorf("into the warm destination: %s", diff)
				}
				damage()
				fresh := filepath.Join(t.TempDir(), "public")
				res = build(t, site, fresh, cacheDir)
				notes = append(notes, res.Notes.Messages()...)
				if diff := compareTrees(fresh, want); diff != "" {
					t.Errorf("into a new destination: %s", diff)
				}
				// Another site's index (or analyses) of the same version
				// holds entries keyed by content: valid, merely of no use
				// here.
				unreadable := d.name != "deleted" && (d.name != "another site's" || k.name == "rendered bodies" || k.name == "manifest" || k.name == "image renditions")
				if unreadable && len(notes) == 0 {
					t.Errorf("the damage was not noted")
				}
				for _, n := range res.Notes.Messages() {
					if strings.Count(strings.Join(res.Notes.Messages(), "\n"), n) > 1 {
						t.Errorf("noted more than once: %s", n)
					}
				}
			})
		}
	}
}

// writeSite writes testdata/sites/<name>.txtar into a new folder.
func writeSite(t *testing.T, name string) string {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/sites/" + name + ".txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		writeFile(t, filepath.Join(dir, f.Name), string(f.Data))
	}
	return dir
}

// cacheFiles lists the files of a cache folder that match.
func cacheFiles(t *testing.T, dir string, match func(rel string) bool) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), ".") && match(filepath.ToSlash(p)) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// writePhoto writes a 480×320 JPEG whose pixels depend on seed.
func writePhoto(t *testing.T, name string, seed int) {
	t.Helper()
	writePhotoSize(t, name, 480, 320, seed)
}
