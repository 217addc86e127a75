package cli

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignalStopsBuild guards that SIGINT and SIGTERM stop a build that is
// busy in its layouts, report it, leave the previous public/ as it was and
// leave no temporary folder. It runs the real command (this test binary
// as "warta", as the scripts do) and signals it once it says it is building.
func TestSignalStopsBuild(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("warta")
	if err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			write := func(name, data string) {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for i := range 40 {
				write("content/berita/b"+string(rune('a'+i%26))+string(rune('a'+i/26))+".md", "---\ntitle: B\ndate: 2020-11-11\n---\nIsi.\n")
			}
			run := func(args ...string) *exec.Cmd {
				cmd := exec.Command(bin, append([]string{"build", "--no-cache", "-s", dir}, args...)...)
				return cmd
			}
			if out, err := run().CombinedOutput(); err != nil {
				t.Fatalf("first build: %v\n%s", err, out)
			}
			before, _ := os.ReadFile(filepath.Join(dir, "public", "index.html"))
			// Every article now takes seconds: 100,000 nested template calls.
			write("layouts/partials/dalam.html", "x\n{{ template \"partials/dalam.html\" . }}")
			write("layouts/berita/single.html", "{{ define \"main\" }}{{ template \"partials/dalam.html\" . }}{{ end }}")

			cmd := run()
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			lines := bufio.NewScanner(stderr)
			if !lines.Scan() || !strings.HasPrefix(lines.Text(), "Building") {
				t.Fatalf("first line %q", lines.Text())
			}
			// Signal once the render has begun: its temporary folder
			// appears beside public/.
			for waited := time.Duration(0); len(siteEntries(t, dir)) == 3; waited += 10 * time.Millisecond {
				if waited > time.Minute {
					t.Fatal("no temporary folder after a minute")
				}
				time.Sleep(10 * time.Millisecond)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			signalled := time.Now()
			var rest []string
			for lines.Scan() {
				rest = append(rest, lines.Text())
			}
			err = cmd.Wait()
			t.Logf("stopped %v after the signal", time.Since(signalled).Round(time.Millisecond))
			if code := cmd.ProcessState.ExitCode(); code != ExitContent {
				t.Errorf("exit status %d (%v), want %d", code, err, ExitContent)
			}
			if !slices.Contains(rest, "warta: stopped") {
				t.Errorf("stderr %q lacks warta: stopped", rest)
			}
			// .public.prev, the tree the last build replaced, waits to be
			// the next build's staging folder.
			names := slices.DeleteFunc(siteEntries(t, dir), func(n string) bool { return n == ".public.prev" })
			if !slices.Equal(names, []string{"content", "layouts", "public"}) {
				t.Errorf("site folder holds %v: a temporary folder was left", names)
			}
			if after, _ := os.ReadFile(filepath.Join(dir, "public", "index.html")); string(after) != string(before) {
				t.Error("public/ changed")
			}
		})
	}
}

func siteEntries(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
