package markdown

import (
	"bytes"
	"fmt"
)

// MaxNesting is the deepest nesting of block quotes and lists a body may
// have. Parsers take time that grows with the square of the depth (goldmark
// 1.8: 20,000 nested ">" take about a second, 200,000 fifteen), and no
// article needs more than a few levels. markdown-it's default maxNesting is
// the same 100.
const MaxNesting = 100

// MaxDelimiters is the most emphasis delimiters ("*", "_") or link
// brackets ("[") one paragraph may hold. goldmark matches them in time that
// grows faster than their number when they do not pair up (20,000 of
// "*a_" take 50 s, 4,000 take 0.2 s); a real paragraph has a few dozen.
const MaxDelimiters = 4000

// LimitError reports a body beyond MaxNesting or MaxDelimiters.
type LimitError struct {
	Line   int    // line in the content file
	Format string // the message is fmt.Sprintf(Format, Args...), for translation
	Args   []any
}

func (e *LimitError) Error() string { return fmt.Sprintf(e.Format, e.Args...) }

const (
	nestingMsg    = "block quotes or lists nested %d levels deep; at most %d are read (remove some of the leading \">\", \"-\" or spaces)"
	delimitersMsg = "a paragraph with more than %d \"*\", \"_\" or \"[\"; split it with blank lines, or write the characters as \\*, \\_ and \\["
)

// checkLimits scans src line by line, in linear time, before the parser
// sees it. firstLine is the file line of src's first line.
func checkLimits(src []byte, firstLine int) error {
	var (
		stars, brackets int // in the current paragraph
		paraLine        int // 0 between paragraphs
		fence           bool
	)
	line := firstLine
	for len(src) > 0 {
		l := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		if t := bytes.TrimLeft(l, " "); len(l)-len(t) < 4 && (bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~"))) {
			fence = !fence // code is not Markdown: its lines count for nothing
			stars, brackets, paraLine = 0, 0, 0
			line++
			continue
		}
		if fence {
			line++
			continue
		}
		if d := depth(l); d > MaxNesting {
			return &LimitError{line, nestingMsg, []any{d, MaxNesting}}
		}
		if len(bytes.TrimSpace(l)) == 0 {
			stars, brackets, paraLine = 0, 0, 0
		} else {
			if paraLine == 0 {
				paraLine = line
			}
			stars += bytes.Count(l, []byte("*")) + bytes.Count(l, []byte("_"))
			brackets += bytes.Count(l, []byte("["))
			if stars > MaxDelimiters || brackets > MaxDelimiters {
				return &LimitError{paraLine, delimitersMsg, []any{MaxDelimiters}}
			}
		}
		line++
	}
	return nil
}

// depth counts the container levels a line opens or continues: each block
// quote marker and list marker at its start, and each two columns of
// indentation before the first (a nested list item is indented by its
// parent's marker).
func depth(l []byte) int {
	d, col := 0, 0
	for i := 0; i < len(l); {
		switch c := l[i]; {
		case c == ' ':
			if d == 0 {
				col++
			}
			i++
		case c == '\t':
			if d == 0 {
				col += 4 - col%4
			}
			i++
		case c == '>':
			d++
			i++
		case (c == '-' || c == '+' || c == '*') && (i+1 == len(l) || l[i+1] == ' ' || l[i+1] == '\t'):
			d++
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(l) && j-i < 9 && l[j] >= '0' && l[j] <= '9' {
				j++
			}
			if j < len(l) && (l[j] == '.' || l[j] == ')') && (j+1 == len(l) || l[j+1] == ' ' || l[j+1] == '\t') {
				d++
				i = j + 1
				continue
			}
			return d + col/2
		default:
			return d + col/2
		}
		if d+col/2 > MaxNesting {
			return d + col/2 // enough to know; the rest of the line is not read
		}
	}
	return d + col/2
}
