package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// runCLI runs the real command line in-process.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// frontMatter splits a new file into its YAML front matter and body.
func frontMatter(t *testing.T, data []byte) (map[string]any, []string, string) {
	t.Helper()
	s := string(data)
	if !strings.HasPrefix(s, "---\n") {
		t.Fatalf("file does not start with ---:\n%s", s)
	}
	head, body, ok := strings.Cut(s[4:], "\n---\n")
	if !ok {
		t.Fatalf("no closing ---:\n%s", s)
	}
	var m map[string]any
	if err := yaml.Unmarshal([]byte(head), &m); err != nil {
		t.Fatalf("front matter is not YAML: %v\n%s", err, head)
	}
	return m, strings.Split(head, "\n"), body
}

// newsSite is a site that builds, for checking that new files build too.
func newsSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range map[string]string{
		"warta.yaml":                "title: Portal Uji\n",
		"content/berita/lama.md":    "---\ntitle: Lama\ndate: 2020-11-11\n---\nIsi.\n",
		"content/opd/diskominfo.md": "---\ntitle: Diskominfo\n---\nDiskominfo.\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var keyLine = regexp.MustCompile(`^\s*([a-z_A-Z]+):`)

// checkKeys asserts that every key is present and every key line carries
// a comment saying what goes there.
func checkKeys(t *testing.T, m map[string]any, lines []string, keys ...string) {
	t.Helper()
	for _, k := range keys {
		parent, child, nested := strings.Cut(k, ".")
		v, ok := m[parent]
		if nested && ok {
			sub, isMap := v.(map[string]any)
			_, ok = sub[child]
			ok = ok && isMap
		}
		if !ok {
			t.Errorf("key %s missing", k)
		}
	}
	for _, l := range lines {
		if m := keyLine.FindStringSubmatch(l); m != nil {
			// A parent key of a nested block (image:, contact:) is explained by its children.
			if strings.HasSuffix(strings.TrimSpace(l), ":") {
				continue
			}
			if !strings.Contains(l, " # ") {
				t.Errorf("no comment on %q", l)
			}
		}
	}
}

func TestNewBerita(t *testing.T) {
	dir := newsSite(t)
	before := time.Now().Add(-time.Minute)
	code, stdout, stderr := runCLI(t, "new", "--source", dir, "berita", `Rapat Koordinasi: "Inovasi" & Pelayanan Jum'at`)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := filepath.Join(dir, "content", "berita", "rapat-koordinasi-inovasi-dan-pelayanan-jumat", "index.md")
	if strings.TrimSpace(stdout) != want {
		t.Errorf("printed %q, want %q", stdout, want)
	}
	data, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	m, lines, body := frontMatter(t, data)
	if m["title"] != `Rapat Koordinasi: "Inovasi" & Pelayanan Jum'at` {
		t.Errorf("title = %q", m["title"])
	}
	date := regexp.MustCompile(`(?m)^date: (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00) `).FindSubmatch(data)
	if date == nil {
		t.Fatalf("no date in WIB (2006-01-02T15:04:05+07:00):\n%s", data)
	}
	if d, err := time.Parse(time.RFC3339, string(date[1])); err != nil || d.Before(before) || d.After(time.Now().Add(time.Minute)) {
		t.Errorf("date %s is not now: %v", date[1], err)
	}
	if !strings.Contains(string(data), "di samping index.md") {
		t.Error("the archetype does not say that photos sit beside index.md")
	}
	checkKeys(t, m, lines, "title", "date", "draft", "summary", "author", "credit", "source", "dateline",
		"categories", "tags", "agency", "image.src", "image.alt", "image.caption", "image.credit", "innovations")
	if m["draft"] != true {
		t.Error("a new article is not a draft")
	}
	if strings.Contains(body, "{{") {
		t.Errorf("unexpanded template in body: %s", body)
	}

	// It builds as it is: as a draft with --drafts, and is left out without.
	pub := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI(t, "build", "--quiet", "-s", dir, "-d", pub, "--drafts"); code != ExitOK {
		t.Fatalf("build --drafts with the new file: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(pub, "berita", "rapat-koordinasi-inovasi-dan-pelayanan-jumat", "index.html")); err != nil {
		t.Errorf("draft not built with --drafts: %v", err)
	}
	if code, _, stderr := runCLI(t, "build", "--quiet", "-s", dir, "-d", pub); code != ExitOK {
		t.Fatalf("build with the new draft: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(pub, "berita", "rapat-koordinasi-inovasi-dan-pelayanan-jumat")); err == nil {
		t.Error("the draft was published without --drafts")
	}
}

func TestNewInovasi(t *testing.T) {
	dir := newsSite(t)
	// Words typed without quotes make one title.
	code, stdout, stderr := runCLI(t, "new", "-s", dir, "inovasi", "Layanan", "Antar", "Obat")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	name := filepath.Join(dir, "content", "inovasi", "layanan-antar-obat.md")
	if strings.TrimSpace(stdout) != name {
		t.Errorf("printed %q, want %q", stdout, name)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	m, lines, _ := frontMatter(t, data)
	if m["title"] != "Layanan Antar Obat" {
		t.Errorf("title = %q", m["title"])
	}
	// Every key of DESIGN.md's innovation profile table.
	checkKeys(t, m, lines, "title", "summary", "agency", "stage", "digital", "form",
		"initiator.kind", "initiator.name", "affairs.primary", "affairs.related",
		"dates.initiated", "dates.trial", "dates.implemented", "goals", "benefits", "results",
		"status", "contact.office", "contact.email", "contact.phone",
		"links", "image.src", "image.alt", "tags", "sdgs", "awards", "budget", "legal_basis")
	for _, k := range []string{"summary", "agency", "stage", "form", "goals", "benefits"} {
		if m[k] != "" {
			t.Errorf("required %s is not left empty: %v", k, m[k])
		}
	}
	if m["digital"] != nil {
		t.Errorf("digital = %v, want empty", m["digital"])
	}

	// Previewed with drafts, the empty required fields are reported at
	// their lines in the new file, so the editor knows what to fill in:
	// as warnings while it is a draft, as errors once it would be published.
	code, _, stderr = runCLI(t, "build", "-s", dir, "-d", filepath.Join(t.TempDir(), "public"), "--drafts")
	if code != ExitOK {
		t.Fatalf("build --drafts: exit %d, want 0 while the profile is a draft:\n%s", code, stderr)
	}
	checkMissing(t, data, stderr)
	published := strings.Replace(string(data), "draft: true", "draft: false", 1)
	if err := os.WriteFile(name, []byte(published), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, "build", "-s", dir, "-d", filepath.Join(t.TempDir(), "public"))
	if code != ExitContent {
		t.Fatalf("build: exit %d, want 1 for the empty required fields of a published profile", code)
	}
	checkMissing(t, data, stderr)
}

// checkMissing checks that every empty required field of the new profile
// data is named at its line in stderr.
func checkMissing(t *testing.T, data []byte, stderr string) {
	t.Helper()
	for _, field := range []string{"summary", "agency", "stage", "digital", "form", "goals", "benefits", "contact.office"} {
		line := 0
		for i, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), strings.TrimPrefix(field, "contact.")+":") {
				line = i + 1
				break
			}
		}
		want := "layanan-antar-obat.md:" + strconv.Itoa(line) + ": " + field + ": missing"
		if !strings.Contains(stderr, want) {
			t.Errorf("build errors lack %q:\n%s", want, stderr)
		}
	}
}

func TestNewNeverOverwrites(t *testing.T) {
	dir := newsSite(t)
	if code, _, stderr := runCLI(t, "new", "-s", dir, "berita", "Judul Sama"); code != ExitOK {
		t.Fatalf("first: exit %d: %s", code, stderr)
	}
	name := filepath.Join(dir, "content", "berita", "judul-sama", "index.md")
	if err := os.WriteFile(name, []byte("tulisan editor\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "new", "-s", dir, "berita", "Judul  sama")
	if code != ExitContent {
		t.Fatalf("second: exit %d, want 1", code)
	}
	if stdout != "" || !strings.Contains(stderr, name) || !strings.Contains(stderr, "already exists") {
		t.Errorf("stdout %q, stderr %q: want an error naming %s", stdout, stderr, name)
	}
	if b, _ := os.ReadFile(name); string(b) != "tulisan editor\n" {
		t.Errorf("the existing file was changed: %q", b)
	}

	// A page bundle of the same name takes the same address.
	bundle := filepath.Join(dir, "content", "berita", "bundel-ada", "index.md")
	if err := os.MkdirAll(filepath.Dir(bundle), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bundle, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, "new", "-s", dir, "berita", "Bundel Ada")
	if code != ExitContent || !strings.Contains(stderr, bundle) {
		t.Errorf("bundle clash: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "berita", "bundel-ada.md")); err == nil {
		t.Error("created a file that clashes with a bundle")
	}

	// News is made as a bundle: a one-file item of the same name takes
	// the same address.
	single := filepath.Join(dir, "content", "berita", "berkas-ada.md")
	if err := os.WriteFile(single, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, "new", "-s", dir, "berita", "Berkas Ada")
	if code != ExitContent || !strings.Contains(stderr, single) || !strings.Contains(stderr, "same address") {
		t.Errorf("file clash: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "berita", "berkas-ada", "index.md")); err == nil {
		t.Error("created a bundle that clashes with a file")
	}
}

func TestNewCreatesFolders(t *testing.T) {
	dir := t.TempDir() // no content/ yet
	if code, _, stderr := runCLI(t, "new", "-s", dir, "inovasi", "Pertama"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "inovasi", "pertama.md")); err != nil {
		t.Fatal(err)
	}
}

func TestNewUsesTheSitesArchetype(t *testing.T) {
	dir := newsSite(t)
	arch := filepath.Join(dir, "layouts", "archetypes", "berita.md")
	if err := os.MkdirAll(filepath.Dir(arch), 0o755); err != nil {
		t.Fatal(err)
	}
	tmpl := "---\ntitle: {{ quote .Title }}\ndate: {{ .Date }}\nslug: {{ .Slug }}\nauthor: Humas Kabupaten  # penulis tetap\n---\n"
	if err := os.WriteFile(arch, []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "new", "-s", dir, "berita", "Dari Arketipe Situs"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "content", "berita", "dari-arketipe-situs", "index.md"))
	m, _, _ := frontMatter(t, data)
	if m["author"] != "Humas Kabupaten" || m["slug"] != "dari-arketipe-situs" {
		t.Errorf("the site's archetype was not used:\n%s", data)
	}
	// The embedded one is still used for the other type.
	if code, _, stderr := runCLI(t, "new", "-s", dir, "inovasi", "Tetap Bawaan"); code != ExitOK {
		t.Fatalf("inovasi: exit %d: %s", code, stderr)
	}
}

func TestNewRefusesABrokenArchetype(t *testing.T) {
	for name, tmpl := range map[string]string{
		"template error": "---\ntitle: {{ .Judul }}\n---\n",
		"not YAML":       "---\ntitle: [{{ .Title }}\n---\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := newsSite(t)
			arch := filepath.Join(dir, "layouts", "archetypes", "berita.md")
			os.MkdirAll(filepath.Dir(arch), 0o755)
			os.WriteFile(arch, []byte(tmpl), 0o644)
			code, _, stderr := runCLI(t, "new", "-s", dir, "berita", "Apa Saja")
			if code != ExitContent || !strings.Contains(stderr, "archetypes") {
				t.Errorf("exit %d, stderr %q: want 1 naming the archetype", code, stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "content", "berita", "apa-saja", "index.md")); err == nil {
				t.Error("a file was written from a broken archetype")
			}
		})
	}
}

func TestNewUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		says string
	}{
		{"no type", []string{"new"}, "berita or inovasi"},
		{"unknown type", []string{"new", "opd", "Dinas Baru"}, `"opd" is not a content type`},
		{"no title", []string{"new", "berita"}, "needs a title"},
		{"blank title", []string{"new", "inovasi", "   "}, "needs a title"},
		{"title without letters", []string{"new", "berita", "!!!"}, "no letters or digits"},
		{"unknown flag", []string{"new", "--nope", "berita", "X"}, "unknown flag"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			code, stdout, stderr := runCLI(t, append(tc.args, "--source", dir)...)
			if code != ExitUsage {
				t.Errorf("exit %d, want 2", code)
			}
			if stdout != "" || !strings.Contains(stderr, tc.says) {
				t.Errorf("stderr %q lacks %q", stderr, tc.says)
			}
			if _, err := os.Stat(filepath.Join(dir, "content")); err == nil {
				t.Error("usage error created files")
			}
		})
	}
}

// TestNewRefusesTheSectionAddress: content/berita/index.md would take
// /berita/ from the list of news and break the build.
func TestNewRefusesTheSectionAddress(t *testing.T) {
	for _, title := range []string{"index", "_index", "INDEX!", "  Index  "} {
		t.Run(title, func(t *testing.T) {
			dir := newsSite(t)
			code, stdout, stderr := runCLI(t, "new", "-s", dir, "berita", title)
			if code != ExitContent || stdout != "" || !strings.Contains(stderr, "choose a different title") {
				t.Errorf("exit %d, stdout %q, stderr %q: want 1 asking for a different title", code, stdout, stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "content", "berita", "index.md")); err == nil {
				t.Error("created content/berita/index.md")
			}
		})
	}
}

func TestFileSlug(t *testing.T) {
	word := strings.Repeat("a", 30)
	tests := []struct{ name, title, want string }{
		{"short", "Rapat Koordinasi", "rapat-koordinasi"},
		{"exactly the limit", strings.Repeat("a", 80), strings.Repeat("a", 80)},
		// 30+1+30+1+30 = 92 bytes: the third word does not fit.
		{"cut after a word", word + " " + word + " " + word, word + "-" + word},
		// A hyphen right after byte 80: the first 80 bytes are whole words.
		{"word ends at the limit", strings.Repeat("b", 39) + " " + strings.Repeat("c", 40) + " lagi", strings.Repeat("b", 39) + "-" + strings.Repeat("c", 40)},
		{"one long word", strings.Repeat("x", 100), strings.Repeat("x", 80)},
		{"long word after a short one", "Rapat " + strings.Repeat("x", 100), "rapat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fileSlug(tt.title)
			if got != tt.want {
				t.Errorf("fileSlug(%q) = %q, want %q", tt.title, got, tt.want)
			}
			if len(got) > maxSlug || strings.HasSuffix(got, "-") {
				t.Errorf("fileSlug(%q) = %q: longer than %d bytes or ends in -", tt.title, got, maxSlug)
			}
		})
	}
}

// TestNewLongTitle: a title longer than a file name may be still makes a
// file, named after its first words.
func TestNewLongTitle(t *testing.T) {
	dir := newsSite(t)
	title := strings.Repeat("Pemerintah Kabupaten Menyelenggarakan Rapat Koordinasi Pelayanan Publik ", 5)
	code, stdout, stderr := runCLI(t, "new", "-s", dir, "berita", title)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := filepath.Join(dir, "content", "berita", "pemerintah-kabupaten-menyelenggarakan-rapat-koordinasi-pelayanan-publik", "index.md")
	if strings.TrimSpace(stdout) != want {
		t.Errorf("printed %q, want %q", stdout, want)
	}
	data, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	// The title itself is kept whole.
	if m, _, _ := frontMatter(t, data); m["title"] != strings.TrimSpace(title) {
		t.Errorf("title = %q", m["title"])
	}
}

// TestNewRefusesMissingSource: a mistyped --source is a usage error, not
// a new folder tree.
func TestNewRefusesMissingSource(t *testing.T) {
	parent := t.TempDir()
	file := filepath.Join(parent, "warta.yaml")
	if err := os.WriteFile(file, []byte("title: X\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, source := range map[string]string{
		"missing": filepath.Join(parent, "typo"),
		"a file":  file,
	} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "new", "-s", source, "berita", "Judul")
			if code != ExitUsage || stdout != "" || !strings.Contains(stderr, "--source "+source+" is not a site folder") {
				t.Errorf("exit %d, stdout %q, stderr %q: want 2 saying it is not a site folder", code, stdout, stderr)
			}
			if _, err := os.Stat(filepath.Join(parent, "typo")); err == nil {
				t.Error("created the mistyped folder")
			}
		})
	}
}

// TestNewDatesInTheSitesZone guards provinces outside WIB: a new page's
// date carries the site's offset (WITA here), not a fixed +07:00.
func TestNewDatesInTheSitesZone(t *testing.T) {
	dir := newsSite(t)
	if err := os.WriteFile(filepath.Join(dir, "warta.yaml"), []byte("title: Portal Uji\ntimezone: Asia/Makassar\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "new", "--source", dir, "berita", "Rapat")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(strings.TrimSpace(stdout))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^date: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00 `).Match(data) {
		t.Errorf("no date in WITA (+08:00):\n%s", data)
	}
	// A broken configuration is reported, not guessed around.
	os.WriteFile(filepath.Join(dir, "warta.yaml"), []byte("timezone: Asia/Nowhere\n"), 0o644)
	if code, _, stderr := runCLI(t, "new", "--source", dir, "berita", "Rapat Lain"); code != ExitContent || !strings.Contains(stderr, "warta.yaml:1: timezone") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// TestSiteLanguage guards that build, new and check speak the site's
// language by default (Indonesian when warta.yaml says nothing), and that
// --lang en switches.
func TestSiteLanguage(t *testing.T) {
	t.Setenv("WARTA_LANG", "")
	run := func(args ...string) string {
		var out, errb bytes.Buffer
		Main(context.Background(), args, &out, &errb)
		return out.String() + errb.String()
	}
	id := t.TempDir()
	if err := os.MkdirAll(filepath.Join(id, "content", "berita"), 0o755); err != nil {
		t.Fatal(err)
	}
	bad := "---\ntitle: Gubernur: Kami Siap\ndate: 2020-11-11\n---\n"
	if err := os.WriteFile(filepath.Join(id, "content", "berita", "x.md"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	en := t.TempDir()
	if err := os.CopyFS(en, os.DirFS(id)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(en, "warta.yaml"), []byte("language: en\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pub := func() string { return filepath.Join(t.TempDir(), "public") }
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"build, default site", []string{"build", "-s", id, "-d", pub(), "--no-cache"}, "titik dua dan spasi di dalam nilai title"},
		{"build, English site", []string{"build", "-s", en, "-d", pub(), "--no-cache"}, "a colon and a space inside the value of title"},
		{"build --lang en", []string{"build", "-s", id, "-d", pub(), "--no-cache", "--lang", "en"}, "Build failed: 1 error"},
		{"check, default site", []string{"check", "-s", id}, "galat"},
		{"new, default site", []string{"new", "-s", id, "opd", "X"}, "bukan jenis konten"},
		{"new --lang en", []string{"new", "-s", id, "--lang", "en", "opd", "X"}, "is not a content type"},
		{"new, English site", []string{"new", "-s", en, "opd", "X"}, "is not a content type"},
	}
	for _, tt := range tests {
		if got := run(tt.args...); !strings.Contains(got, tt.want) {
			t.Errorf("%s: output lacks %q:\n%s", tt.name, tt.want, got)
		}
	}
}
