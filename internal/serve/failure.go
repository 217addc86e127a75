package serve

import (
	"encoding/json"
	"io/fs"
	"strings"
	"unicode/utf8"

	"github.com/warta-portal/warta/internal/diag"
)

// Limits of the overlay: enough to fix the first problems, small enough
// to read.
const (
	maxShown     = 50  // errors listed; the rest are counted
	contextLines = 2   // lines shown before and after the one at fault
	maxLineRunes = 300 // longer lines are cut
	themePrefix  = "(embedded theme) layouts/"
)

// failure is a failed build as the overlay shows it.
type failure struct {
	Title  string     `json:"title"`
	Hint   string     `json:"hint"`
	Errors []location `json:"errors"`
	More   int        `json:"more,omitempty"` // errors not listed
	Total  int        `json:"-"`

	payload []byte             // the JSON above, made once per failure
	diags   []*diag.Diagnostic // the errors listed, for the log in its language
}

// location is one error: where, what, and the lines around it.
type location struct {
	File    string    `json:"file,omitempty"`
	Line    int       `json:"line,omitempty"`
	Field   string    `json:"field,omitempty"`
	Message string    `json:"message"`
	Excerpt []excerpt `json:"excerpt,omitempty"`
}

type excerpt struct {
	N    int    `json:"n"`
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

// newFailure describes err for the overlay, reading the offending lines
// from the site (or from the theme, for its layouts) at the time of the
// failure so the excerpt matches the message.
func newFailure(err error, site, theme fs.FS) *failure {
	l := diag.All(err)
	l.Sort()
	f := &failure{
		Title: "Gagal membangun situs",
		Hint: "Halaman yang tampil masih hasil pembangunan terakhir yang berhasil. " +
			"Perbaiki berkas di bawah lalu simpan; halaman dimuat ulang dengan sendirinya.",
		Total: len(l),
	}
	files := map[string][]string{}
	for i, d := range l {
		if i == maxShown {
			f.More = len(l) - maxShown
			break
		}
		msg := d.Message("id") // editors read the overlay in Indonesian
		loc := location{File: d.File, Line: d.Line, Field: d.Field, Message: msg}
		if d.Line > 0 && d.File != "" {
			lines, ok := files[d.File]
			if !ok {
				lines = readLines(d.File, site, theme)
				files[d.File] = lines
			}
			loc.Excerpt = around(lines, d.Line)
		}
		f.Errors = append(f.Errors, loc)
		f.diags = append(f.diags, d)
	}
	f.payload, _ = json.Marshal(f)
	return f
}

// readLines reads a site-relative file, or a theme file named as the
// layout package names them; nil when it cannot be read.
func readLines(name string, site, theme fs.FS) []string {
	fsys := site
	if rest, ok := strings.CutPrefix(name, themePrefix); ok {
		fsys, name = theme, rest
	}
	if fsys == nil || !fs.ValidPath(name) {
		return nil
	}
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	return strings.Split(s, "\n")
}

// around returns the lines near line (1-based), that one marked.
func around(lines []string, line int) []excerpt {
	if line > len(lines) {
		return nil
	}
	var out []excerpt
	for n := max(1, line-contextLines); n <= min(len(lines), line+contextLines); n++ {
		t := strings.TrimRight(lines[n-1], " \t")
		if utf8.RuneCountInString(t) > maxLineRunes {
			t = string([]rune(t)[:maxLineRunes]) + "…"
		}
		out = append(out, excerpt{N: n, Text: strings.ReplaceAll(t, "\t", "    "), Mark: n == line})
	}
	return out
}
