package build

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// portalFS copies the sample portal (the repository's site) into memory.
func portalFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	root := os.DirFS("../..")
	for _, dir := range []string{"content", "static", "layouts"} {
		if _, err := os.Stat("../../" + dir); err != nil {
			continue
		}
		err := fs.WalkDir(root, dir, func(name string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			b, err := fs.ReadFile(root, name)
			fsys[name] = &fstest.MapFile{Data: b, Mode: 0o644}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile("../../warta.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fsys["warta.yaml"] = &fstest.MapFile{Data: b, Mode: 0o644}
	return fsys
}

// TestQuickPageEqualsTheFullBuild: the preview's quick render of a body
// edit gives, byte for byte, what the full build then writes for that
// page, for every kind of page of the sample portal (news with and
// without a summary, bundles with photos, innovations, agencies,
// announcements, plain pages), with minifying and with relative links;
// and it declines edits that are not body edits.
func TestQuickPageEqualsTheFullBuild(t *testing.T) {
	t.Parallel()
	base := portalFS(t)
	for _, relative := range []bool{false, true} {
		_, res := buildMem(t, base, Options{RelativeURLs: relative})
		if res.Quick == nil {
			t.Fatal("a good build has no Quick")
		}
		tried := 0
		for _, p := range res.Site.All {
			f := base[p.File]
			if f == nil {
				continue
			}
			tried++
			edited := maps.Clone(base)
			data := append(bytes.TrimRight(bytes.Clone(f.Data), "\n"), "\n\nParagraf **baru** hasil suntingan, dengan [tautan](/berita/) dan kata *penutup*.\n"...)
			edited[p.File] = &fstest.MapFile{Data: data, Mode: 0o644}
			name, got, ok := res.Quick.Page(p.File, data)
			if !ok {
				t.Errorf("%s: a body edit was declined", p.File)
				continue
			}
			mem, _ := buildMem(t, edited, Options{RelativeURLs: relative})
			want, found := mem.Files[name]
			if !found {
				t.Fatalf("%s: the full build has no %s", p.File, name)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s (relative %v): quick render differs from the full build at %s", p.File, relative, firstDiff(string(got), string(want)))
			}
			if !bytes.Contains(got, []byte("hasil suntingan")) {
				t.Errorf("%s: the quick render lacks the edit", p.File)
			}
		}
		if tried < 20 {
			t.Fatalf("only %d pages tried", tried)
		}
	}

	_, res := buildMem(t, base, Options{})
	article := "content/berita/perekaman-ktp-el-pemilih-pemula-di-sekolah.md"
	orig := string(base[article].Data)
	declined := map[string]string{
		"front matter changed": strings.Replace(orig, "title:", "title: Baru", 1),
		"an error in the file": strings.Replace(orig, "date:", "date: kemarin\nx:", 1),
	}
	for why, data := range declined {
		if _, _, ok := res.Quick.Page(article, []byte(data)); ok {
			t.Errorf("%s: accepted", why)
		}
	}
	if _, _, ok := res.Quick.Page("content/berita/baru.md", []byte(orig)); ok {
		t.Error("a new file: accepted")
	}
	if _, _, ok := res.Quick.Page("layouts/_default/single.html", []byte("x")); ok {
		t.Error("a layout: accepted")
	}
}
