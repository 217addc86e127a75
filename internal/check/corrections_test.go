package check

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/build"
)

// gitAt runs git in dir with the author and committer time set to when.
func gitAt(t *testing.T, dir, when string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+when, "GIT_COMMITTER_DATE="+when,
		"GIT_AUTHOR_NAME=Redaksi", "GIT_AUTHOR_EMAIL=redaksi@example.go.id",
		"GIT_COMMITTER_NAME=Redaksi", "GIT_COMMITTER_EMAIL=redaksi@example.go.id",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func writeSite(t *testing.T, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func corrections(t *testing.T, dir string) (found []Finding, notes []string) {
	t.Helper()
	rep, err := Run(context.Background(), Options{Source: build.DirFS(dir), Dir: dir, Theme: warta.Theme(), Now: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.Kind == "correction-missing" {
			found = append(found, f)
		}
	}
	return found, rep.Notes
}

// TestCorrectionRequiredAfterLateEdit: a body edited in git more than
// correctionAfterDays after publication needs a corrections entry; an edit
// within the days, a front-matter-only edit, or an entry clears it.
func TestCorrectionRequiredAfterLateEdit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is needed")
		}
		t.Skip("git not installed")
	}
	t.Parallel()
	dir := t.TempDir()
	const head = "---\ntitle: Jembatan Diresmikan\ndate: 2020-11-11 10:00\nsummary: Ringkas.\n"
	gitAt(t, dir, "2020-11-11T10:00:00+07:00", "init", "-q")
	writeSite(t, dir, "content/berita/jembatan.md", head+"---\nJembatan sepanjang 120 meter diresmikan.\n")
	gitAt(t, dir, "2020-11-11T10:00:00+07:00", "add", "-A")
	gitAt(t, dir, "2020-11-11T10:00:00+07:00", "commit", "-q", "-m", "terbit")
	// A same-day fix needs nothing.
	writeSite(t, dir, "content/berita/jembatan.md", head+"---\nJembatan sepanjang 120 meter diresmikan gubernur.\n")
	gitAt(t, dir, "2020-11-11T15:00:00+07:00", "commit", "-q", "-am", "salah ketik")
	if got, _ := corrections(t, dir); len(got) != 0 {
		t.Fatalf("an edit within the days was reported: %v", got)
	}
	// Ten days later the length changes: a correction is due.
	writeSite(t, dir, "content/berita/jembatan.md", head+"---\nJembatan sepanjang 210 meter diresmikan gubernur.\n")
	gitAt(t, dir, "2020-11-21T09:00:00+07:00", "commit", "-q", "-am", "ubah panjang")
	got, _ := corrections(t, dir)
	if len(got) != 1 || got[0].File != "content/berita/jembatan.md" || got[0].Line != 2 || !strings.Contains(got[0].Message, "without a correction") {
		t.Fatalf("late edit: %+v", got)
	}
	// Uncommitted late edits count too; a correction entry clears both.
	writeSite(t, dir, "content/berita/jembatan.md", head+"corrections:\n  - date: 2020-11-21 09:00\n    text: Panjang jembatan 210 meter, bukan 120 meter.\n---\nJembatan sepanjang 210 meter diresmikan gubernur.\n")
	if got, _ := corrections(t, dir); len(got) != 0 {
		t.Fatalf("a correction entry did not clear the warning: %v", got)
	}
}

func TestCorrectionsSkippedOutsideGit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeSite(t, dir, "content/berita/a.md", "---\ntitle: A\ndate: 2020-11-11\nsummary: S.\n---\nIsi.\n")
	if _, notes := corrections(t, dir); len(notes) != 1 || !strings.Contains(notes[0], "not a git repository") {
		t.Fatalf("notes = %q, want one saying the check was skipped", notes)
	}
}

func TestPinOld(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeSite(t, dir, "content/berita/a.md", "---\ntitle: A\ndate: 2020-11-11\nsummary: S.\npin: true\n---\nIsi.\n")
	rep, err := Run(context.Background(), Options{Source: build.DirFS(dir), Theme: warta.Theme(), Now: time.Date(2020, 12, 1, 0, 0, 0, 0, time.UTC), Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.Kind == "pin-old" && f.Line == 5 && strings.Contains(f.Message, "more than 14") {
			return
		}
	}
	t.Fatalf("no pin-old warning at line 5: %+v", rep.Findings)
}
