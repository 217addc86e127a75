package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v3"
)

// TestNewSite: warta new site makes a portal that checks and builds with no
// error, never overwrites, and whose CI files parse, pass actionlint and
// run, step by step, on this machine.
func TestNewSite(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "portal-contoh")
	run := func(args ...string) (int, string) {
		var out bytes.Buffer
		code := Main(context.Background(), args, &out, &out)
		return code, out.String()
	}
	if code, out := run("new", "site", dir, "--title", `Portal Kabupaten "Contoh"`, "--timezone", "wita"); code != 0 {
		t.Fatalf("new site: exit %d\n%s", code, out)
	}
	cfg, err := os.ReadFile(filepath.Join(dir, "warta.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(cfg), "timezone: Asia/Makassar") || !strings.Contains(string(cfg), `title: "Portal Kabupaten \"Contoh\""`) {
		t.Errorf("warta.yaml does not carry the options:\n%s", cfg)
	}
	// Every key of warta.yaml has an Indonesian comment above it.
	lines := strings.Split(string(cfg), "\n")
	for i, l := range lines {
		if m := regexp.MustCompile(`^\s*([A-Za-z]+):`).FindStringSubmatch(l); m != nil && (i == 0 || !strings.HasPrefix(strings.TrimSpace(lines[i-1]), "#")) && !strings.HasSuffix(strings.TrimSpace(lines[i-1]), ":") {
			t.Errorf("warta.yaml: key %s has no comment", m[1])
		}
	}
	// The example article names the portal once: the title already says
	// "Portal" (and with a title that does not, it is added).
	if b, _ := os.ReadFile(filepath.Join(dir, "content/berita/selamat-datang/index.md")); !strings.Contains(string(b), `title: "Portal Kabupaten \"Contoh\" Resmi Diluncurkan"`) {
		t.Errorf("the example article's title:\n%s", b)
	}
	other := filepath.Join(t.TempDir(), "kota")
	if code, out := run("new", "site", other, "--title", "Kota Contoh"); code != 0 {
		t.Fatalf("new site: exit %d\n%s", code, out)
	}
	if b, _ := os.ReadFile(filepath.Join(other, "content/berita/selamat-datang/index.md")); !strings.Contains(string(b), `title: "Portal Kota Contoh Resmi Diluncurkan"`) {
		t.Errorf("the example article's title:\n%s", b)
	}
	if code, out := run("check", "--source", dir, "--lang", "id"); code != 0 || !strings.Contains(out, "0 galat, 0 peringatan") {
		t.Errorf("check: exit %d\n%s", code, out)
	}
	if code, out := run("build", "--source", dir, "--no-cache", "-q"); code != 0 {
		t.Errorf("build: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "berita", "selamat-datang", "index.html")); err != nil {
		t.Error("the example article was not built")
	}

	// Never overwrites: refused without --force; with it only adds.
	if code, out := run("new", "site", dir); code != ExitContent || !strings.Contains(out, "--force") {
		t.Errorf("a second new site into the folder: exit %d\n%s", code, out)
	}
	edited := filepath.Join(dir, "content", "tentang.md")
	if err := os.WriteFile(edited, []byte("---\ntitle: Milik Redaksi\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, ".gitignore")); err != nil {
		t.Fatal(err)
	}
	if code, out := run("new", "site", dir, "--force"); code != 0 || !strings.Contains(out, ".gitignore") {
		t.Errorf("--force: exit %d\n%s", code, out)
	}
	if b, _ := os.ReadFile(edited); string(b) != "---\ntitle: Milik Redaksi\n---\n" {
		t.Error("--force overwrote an edited file")
	}

	// The CI files: YAML, actionlint, and their commands run here.
	gh, err := os.ReadFile(filepath.Join(dir, ".github", "workflows", "pages.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var ghDoc struct {
		On   map[string]any `yaml:"on"`
		Env  map[string]string
		Jobs map[string]struct {
			Steps []struct {
				Uses string
				Run  string
				With map[string]any
			}
		}
	}
	if err := yaml.Unmarshal(gh, &ghDoc); err != nil {
		t.Fatalf("pages.yml: %v", err)
	}
	if _, ok := ghDoc.On["schedule"]; !ok {
		t.Error("pages.yml has no schedule: scheduled news would wait for a push")
	}
	var buf bytes.Buffer
	linter, err := actionlint.NewLinter(&buf, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if errs, err := linter.Lint(".github/workflows/pages.yml", gh, nil); err != nil || len(errs) > 0 {
		t.Errorf("actionlint: %v\n%s", err, buf.String())
	}
	gl, err := os.ReadFile(filepath.Join(dir, ".gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var glDoc struct {
		Variables map[string]string
		Pages     struct {
			Cache  struct{ Paths []string }
			Script []string
			Rules  []map[string]string
		}
	}
	if err := yaml.Unmarshal(gl, &glDoc); err != nil {
		t.Fatalf(".gitlab-ci.yml: %v", err)
	}

	if runtime.GOOS != "linux" {
		return
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is needed to run the CI steps")
	}
	bin := t.TempDir()
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	// "Install from the local module" stands in for go install ...@version.
	install := regexp.MustCompile(`go install "github\.com/warta-portal/warta/cmd/warta@\$\{WARTA_VERSION\}"`)
	local := `(cd "` + repo + `" && GOBIN="` + bin + `" go install ./cmd/warta)`
	shell := func(name string, env []string, script string) string {
		t.Helper()
		cmd := exec.Command("bash", "-euo", "pipefail", "-c", install.ReplaceAllString(script, local))
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), append(env, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		return string(out)
	}
	ghEnv := []string{"GITHUB_ACTIONS=true"}
	for k, v := range ghDoc.Env {
		ghEnv = append(ghEnv, k+"="+v)
	}
	cachePaths := map[string]bool{}
	var outputs []string
	for _, st := range ghDoc.Jobs["build"].Steps {
		if strings.HasPrefix(st.Uses, "actions/cache/") {
			cachePaths[st.With["path"].(string)] = true
		}
		if st.Run == "" {
			continue
		}
		script := strings.ReplaceAll(st.Run, "${{ steps.pages.outputs.base_url }}", "https://contoh.github.io/portal")
		outputs = append(outputs, shell("GitHub step "+st.Run, ghEnv, script))
	}
	if len(cachePaths) != 1 || !cachePaths[ghDoc.Env["WARTA_CACHE"]] {
		t.Errorf("GitHub: the cache steps save %v, but the build writes its cache to %s", cachePaths, ghDoc.Env["WARTA_CACHE"])
	}
	assertCache := func(ci, folder string) {
		t.Helper()
		entries, err := os.ReadDir(filepath.Join(dir, folder))
		if err != nil || len(entries) == 0 {
			t.Errorf("%s: the build left no cache in %s, the folder CI saves: %v", ci, folder, err)
		}
	}
	assertCache("GitHub", ghDoc.Env["WARTA_CACHE"])
	if b, err := os.ReadFile(filepath.Join(dir, "public", "index.html")); err != nil || !bytes.Contains(b, []byte("https://contoh.github.io/portal/")) {
		t.Errorf("GitHub: the build did not use the Pages URL: %v", err)
	}

	// GitLab, a second time: the restored cache makes the build reuse pages.
	glEnv := []string{"CI_PAGES_URL=https://contoh.gitlab.io/portal", "GITLAB_CI=true"}
	for k, v := range glDoc.Variables {
		glEnv = append(glEnv, k+"="+v)
	}
	var last string
	for _, line := range glDoc.Pages.Script {
		last = shell("GitLab script "+line, glEnv, line)
	}
	if len(glDoc.Pages.Cache.Paths) != 1 || glDoc.Pages.Cache.Paths[0] != glDoc.Variables["WARTA_CACHE"] {
		t.Errorf("GitLab: cache paths %v, build cache %s", glDoc.Pages.Cache.Paths, glDoc.Variables["WARTA_CACHE"])
	}
	assertCache("GitLab", glDoc.Variables["WARTA_CACHE"])
	_ = last
	_ = outputs
	_ = io.Discard
}
