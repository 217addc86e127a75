package check

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/frontmatter"
	"github.com/warta-portal/warta/internal/source"
)

// pins warns about pinned items older than newsroom.pinMaxDays: a pin
// forgotten for weeks keeps old news in the headline.
func (c *checker) pins(s *content.Site) {
	maxDays := s.Config.Newsroom.PinMaxDays
	if maxDays <= 0 {
		return
	}
	for _, p := range s.Pinned {
		if age := c.now.Sub(p.Date); age > time.Duration(maxDays)*24*time.Hour {
			c.add(p.File, p.Line("pin"), Warning, "pin-old", int(age.Hours()/24), maxDays)
		}
	}
}

// corrections asks for a corrections entry when the body of a published
// news item changed more than newsroom.correctionAfterDays after its date:
// readers who saw the first version must be told what changed. The history
// is git's: the body as of the last commit before that moment is compared
// with the body on disk. Outside a git repository the check is skipped,
// with a note.
func (c *checker) corrections(ctx context.Context, s *content.Site, dir string) (note string) {
	days := s.Config.Newsroom.CorrectionAfterDays
	if days <= 0 || dir == "" {
		return ""
	}
	if _, err := exec.LookPath("git"); err != nil {
		return message(c.lang, "note-git-missing")
	}
	top, err := git(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return message(c.lang, "note-not-git")
	}
	top = strings.TrimSpace(top)
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	prefix, err := filepath.Rel(top, abs)
	if err != nil || prefix == ".." || strings.HasPrefix(prefix, ".."+string(filepath.Separator)) {
		return ""
	}
	repoPath := func(file string) string { return filepath.ToSlash(filepath.Join(prefix, file)) }

	// One pass over the history of content/: each file's commits, newest
	// first, with their times.
	type commit struct {
		hash string
		at   time.Time
	}
	history := map[string][]commit{}
	out, err := git(ctx, top, "log", "--format=%x00%H %ct", "--name-only", "--no-renames", "--", repoPath("content"))
	if err != nil {
		return message(c.lang, "note-not-git")
	}
	for _, rec := range strings.Split(out, "\x00")[1:] {
		lines := strings.Split(strings.TrimSpace(rec), "\n")
		head := strings.Fields(lines[0])
		if len(head) != 2 {
			continue
		}
		sec, _ := strconv.ParseInt(head[1], 10, 64)
		for _, f := range lines[1:] {
			if f = strings.TrimSpace(f); f != "" {
				history[f] = append(history[f], commit{head[0], time.Unix(sec, 0)})
			}
		}
	}
	changed, _ := git(ctx, top, "status", "--porcelain", "--no-renames", "--", repoPath("content"))
	dirty := map[string]bool{}
	for _, l := range strings.Split(changed, "\n") {
		if len(l) > 3 {
			dirty[strings.TrimSpace(l[3:])] = true
		}
	}
	after := time.Duration(days) * 24 * time.Hour
	for _, p := range s.News {
		if p.Doc == nil || p.Draft {
			continue
		}
		threshold := p.PublicAt().Add(after)
		if threshold.After(c.now) {
			continue
		}
		file := repoPath(p.File)
		commits := history[file]
		late := dirty[file]
		var base string
		for _, cm := range commits { // newest first
			if cm.at.After(threshold) {
				late = true
				continue
			}
			base = cm.hash
			break
		}
		if !late || base == "" {
			continue // untouched since, or added to the repository later
		}
		covered := false
		for _, r := range p.Ralat {
			if !r.Date.Before(threshold) {
				covered = true
			}
		}
		if covered {
			continue
		}
		old, err := git(ctx, top, "show", base+":"+file)
		if err != nil {
			continue
		}
		// As the build read it: no link out of the site, no pipe.
		cur, err := source.ReadFileIn(dir, filepath.Join(dir, filepath.FromSlash(p.File)))
		if err != nil {
			continue
		}
		if !bytes.Equal(bodyOf(file, []byte(old)), bodyOf(file, cur)) {
			c.add(p.File, p.Line("title"), Warning, "correction-missing", days, threshold.In(s.Config.Location).Format("2006-01-02 15:04"))
		}
	}
	return ""
}

func bodyOf(file string, src []byte) []byte {
	d, err := frontmatter.Parse(file, src)
	if err != nil {
		return nil
	}
	return bytes.TrimSpace(d.Body)
}

func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	out, err := cmd.Output()
	return string(out), err
}
