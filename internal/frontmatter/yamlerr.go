package frontmatter

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding/charmap"

	"github.com/warta-portal/warta/internal/diag"
)

// syntaxError is a front-matter syntax error said in plain words: the
// line (in the snippet, 1-based) and a diagnostic format with its
// arguments, which diag translates.
type syntaxError struct {
	line   int
	format string
	args   []any
}

func (e *syntaxError) Error() string { return fmt.Sprintf(e.format, e.args...) }

// keyValue is a "key: value" line of YAML: its indentation, key and value.
var keyValue = regexp.MustCompile(`^(\s*)(?:- )?([^\s:#'"][^:#]*?|"[^"]*"|'[^']*'):(?:\s+(.*?))?\s*$`)

// badFlow finds the first line whose value opens with open ('[' or '{')
// and is closed on the line but does not parse alone: a list or group
// missing a comma between two of its items, which the parser reports at
// the line of the key before it. -1 when there is none.
func badFlow(lines []string, open byte) (int, string) {
	for i, l := range lines {
		m := keyValue.FindStringSubmatch(l)
		if m == nil || m[3] == "" || m[3][0] != open {
			continue
		}
		var v any
		if yaml.Unmarshal([]byte(m[3]), &v) != nil {
			return i, m[2]
		}
	}
	return -1, ""
}

// explainYAML turns a go.yaml.in/yaml/v3 syntax error about data into a
// sentence that says what to write, at the line that needs the change.
// yaml.v3 reports the line where the enclosing construct began (often one
// line early) or none at all, so the line is found again by looking for
// what the message is about. Messages not known here keep the parser's
// words, with a general hint.
func explainYAML(msg string, data []byte) syntaxError {
	lines := strings.Split(string(data), "\n")
	reported := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		reported, _ = strconv.Atoi(m[1])
	}
	msg = linePrefix.ReplaceAllString(msg, "")
	at := func(l int) int { // a found line, else the reported one, else 1
		if l > 0 {
			return l
		}
		return max(reported, 1)
	}
	if !strings.Contains(msg, "tab character") && !strings.Contains(msg, "control characters") {
		// A value whose opening quote is not closed on its line swallows
		// the lines after it, up to the next quote of its kind: the
		// parser then stumbles lines later, on whatever follows that
		// quote. The line to change is the one that opened it. (A quoted
		// value may span lines in YAML, but front matter that fails to
		// parse and has one is far likelier to have lost the quote.)
		if i, key, q := unclosedQuote(lines); i >= 0 {
			return syntaxError{i + 1, "the quote %s that opens the value of %s is not closed: end the value with %s on the same line", []any{string(q), key, string(q)}}
		}
	}
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		over := overIndented(lines)
		for i, l := range lines {
			if over >= 0 && i >= over {
				break
			}
			m := keyValue.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			v := m[3]
			if v != "" && !strings.ContainsAny(v[:1], `"'[{|>`) && (strings.Contains(v, ": ") || strings.HasSuffix(v, ":")) {
				return syntaxError{i + 1, "a colon and a space inside the value of %s: put the whole value in quotes, e.g. %s: %s", []any{m[2], m[2], quote(v)}}
			}
		}
		if over >= 0 {
			return syntaxError{over + 1, "this line is indented further than the key above it, which already has a value: remove the spaces at its start", nil}
		}
	case strings.Contains(msg, "did not find expected ',' or ']'"):
		if i := unclosed(lines, '[', ']'); i >= 0 {
			return syntaxError{i + 1, "the list opened with [ on this line is not closed: end it with ] on the same line", nil}
		}
		if i, key := badFlow(lines, '['); i >= 0 {
			return syntaxError{i + 1, "a comma is missing between two items of the list of %s: separate them with commas, e.g. %s: [\"a\", \"b\"]", []any{key, key}}
		}
	case strings.Contains(msg, "did not find expected ',' or '}'"):
		if i := unclosed(lines, '{', '}'); i >= 0 {
			return syntaxError{i + 1, "the group opened with { on this line is not closed: end it with } on the same line", nil}
		}
		if i, key := badFlow(lines, '{'); i >= 0 {
			return syntaxError{i + 1, "a comma is missing between two keys of the group of %s: separate them with commas, e.g. %s: {src: a.jpg, alt: \"...\"}", []any{key, key}}
		}
	case strings.Contains(msg, "tab character"):
		for i, l := range lines {
			if strings.HasPrefix(strings.TrimLeft(l, " "), "\t") {
				return syntaxError{i + 1, "indented with a tab: indent with spaces only", nil}
			}
		}
	case strings.Contains(msg, "found character that cannot start any token"):
		for i, l := range lines {
			if strings.HasPrefix(strings.TrimLeft(l, " "), "\t") {
				return syntaxError{i + 1, "indented with a tab: indent with spaces only", nil}
			}
			if m := keyValue.FindStringSubmatch(l); m != nil && m[3] != "" && strings.ContainsAny(m[3][:1], "@`%") {
				return syntaxError{i + 1, "a value cannot start with %s: put the whole value in quotes, e.g. %s: %s", []any{m[3][:1], m[2], quote(m[3])}}
			}
		}
	case strings.Contains(msg, "unknown anchor"), strings.Contains(msg, "did not find expected alphabetic or numeric character"),
		strings.Contains(msg, "undefined tag handle"), strings.Contains(msg, "did not find expected tag URI"):
		for i, l := range lines {
			if m := keyValue.FindStringSubmatch(l); m != nil && m[3] != "" && strings.ContainsAny(m[3][:1], "*&!") {
				return syntaxError{i + 1, "a value cannot start with %s: put the whole value in quotes, e.g. %s: %s", []any{m[3][:1], m[2], quote(m[3])}}
			}
		}
	case strings.Contains(msg, "unknown escape character"):
		for i, l := range lines {
			if m := keyValue.FindStringSubmatch(l); m != nil && strings.HasPrefix(m[3], `"`) && strings.Contains(m[3], `\`) {
				return syntaxError{i + 1, "a backslash inside double quotes starts an escape: write \\\\ for a backslash, or use single quotes ('...')", nil}
			}
		}
	case strings.Contains(msg, "could not find expected ':'"):
		for i, l := range lines {
			t := strings.TrimSpace(l)
			if t != "" && l == strings.TrimLeft(l, " ") && !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "- ") && !strings.Contains(t, ":") {
				return syntaxError{i + 1, "%s is not \"key: value\": write a key, a colon and a space, then the value (or join this line to the one above)", []any{strconv.Quote(t)}}
			}
		}
		return syntaxError{at(0), "a line is not \"key: value\": write a key, a colon and a space, then the value", nil}
	case strings.Contains(msg, "block sequence entries are not allowed"):
		for i, l := range lines {
			if m := keyValue.FindStringSubmatch(l); m != nil && strings.HasPrefix(m[3], "- ") {
				return syntaxError{i + 1, "a list item cannot follow its key on the same line: write %s: alone, then each item on its own line starting with \"- \" (or write %s: [a, b])", []any{m[2], m[2]}}
			}
		}
	case strings.Contains(msg, "did not find expected key"):
		for i, l := range lines {
			m := keyValue.FindStringSubmatch(l)
			if m == nil || m[3] == "" {
				continue
			}
			v := m[3]
			switch {
			case v[0] == '\'' && strings.Count(v, "'")%2 == 1:
				return syntaxError{i + 1, "a ' inside a value in single quotes ends it early: write it twice (''), or quote the value with double quotes, e.g. %s: %s", []any{m[2], quote(strings.Trim(v, "'"))}}
			case (v[0] == '"' || v[0] == '\'') && closedQuote(v) && !quotedWhole(v):
				return syntaxError{i + 1, "text after the closing quote of %s: put the whole value in quotes, e.g. %s: %s", []any{m[2], m[2], quote(meant(v))}}
			}
		}
		if i := strayItem(lines); i >= 0 {
			return syntaxError{i + 1, "a list item under a key that already has a value: write the key alone on its line, then its items", nil}
		}
		if reported > 0 && reported < len(lines) {
			// yaml.v3 names the line of the construct that was open: the
			// one that does not fit comes after it.
			return syntaxError{reported + 1, "this line does not fit the keys above it: check its indentation, and put values that hold : # ' \" in quotes", nil}
		}
	case strings.Contains(msg, "control characters are not allowed"):
		for i, l := range lines {
			if strings.ContainsFunc(l, func(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }) {
				return syntaxError{i + 1, "an invisible control character on this line: delete it (retype the line)", nil}
			}
		}
	}
	return syntaxError{at(0), "YAML cannot be read here (%s): check the indentation, and put values that hold : # ' \" in quotes", []any{msg}}
}

// unclosedQuote returns the index of the first line whose value opens a
// quote it does not close, with the line's key and the quote; -1 when
// none does.
func unclosedQuote(lines []string) (int, string, byte) {
	for i, l := range lines {
		if m := keyValue.FindStringSubmatch(l); m != nil && m[3] != "" {
			if q := m[3][0]; (q == '"' || q == '\'') && !closedQuote(m[3]) {
				return i, m[2], q
			}
			continue
		}
		// An item of a list ("  - "desa"): named by the list's key.
		if m := listItem.FindStringSubmatch(l); m != nil {
			if q := m[2][0]; (q == '"' || q == '\'') && !closedQuote(m[2]) {
				return i, ownerKey(lines, i, len(m[1])), q
			}
		}
	}
	return -1, "", 0
}

// listItem is a line of a block list: its indentation and its value.
var listItem = regexp.MustCompile(`^(\s*)- +(\S.*?)\s*$`)

// ownerKey is the key of the nearest line above line i indented less than
// indent: the key a list item belongs to ("" when none).
func ownerKey(lines []string, i, indent int) string {
	for j := i - 1; j >= 0; j-- {
		m := keyValue.FindStringSubmatch(lines[j])
		if m != nil && len(m[1]) <= indent && m[3] == "" {
			return m[2]
		}
	}
	return ""
}

// meant is the text a value that opens with a quote and goes on past
// its closing one most likely stands for: without the quotes around it
// when they enclose the whole value ("Sosialisasi "Jaga Jakarta" di Balai
// Kota" means Sosialisasi "Jaga Jakarta" di Balai Kota), or without the
// opening one when the quotes after it pair up ("Kata camat, "siap".);
// else the value as written ("Kata" lalu: a quoted word, then more).
func meant(v string) string {
	q := v[:1]
	inner := v[1:]
	if s, ok := strings.CutSuffix(inner, q); ok && len(s) > 0 {
		return s
	}
	if strings.Count(inner, q)%2 == 0 {
		return inner
	}
	return v
}

// quote writes v as a YAML string in quotes.
func quote(v string) string {
	if !strings.ContainsAny(v, `"\`) {
		return `"` + v + `"`
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

// closedQuote reports whether the quoted value v (starting with its quote)
// has its closing quote.
func closedQuote(v string) bool {
	q := v[0]
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case v[i] == q && q == '\'' && i+1 < len(v) && v[i+1] == '\'':
			i++
		case v[i] == q:
			return true
		}
	}
	return false
}

// quotedWhole reports whether the quoted value v ends at its closing quote
// (or a comment).
func quotedWhole(v string) bool {
	q := v[0]
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case v[i] == q && q == '\'' && i+1 < len(v) && v[i+1] == '\'':
			i++
		case v[i] == q:
			rest := strings.TrimSpace(v[i+1:])
			return rest == "" || strings.HasPrefix(rest, "#")
		}
	}
	return false
}

// unclosed is the index of the first line that opens more of open than it
// closes, outside quotes, or -1.
func unclosed(lines []string, open, close byte) int {
	for i, l := range lines {
		depth := 0
		var q byte
		for j := 0; j < len(l); j++ {
			c := l[j]
			switch {
			case q != 0:
				if c == q {
					q = 0
				}
			case c == '"' || c == '\'':
				q = c
			case c == '#' && (j == 0 || l[j-1] == ' '):
				j = len(l)
			case c == open:
				depth++
			case c == close:
				depth--
			}
		}
		if depth > 0 {
			return i
		}
	}
	return -1
}

// overIndented is the index of the first line indented under a key line
// that already has a value, or -1.
func overIndented(lines []string) int {
	prevIndent, prevHasValue := -1, false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		indent := len(l) - len(strings.TrimLeft(l, " "))
		if prevHasValue && indent > prevIndent && keyValue.MatchString(l) {
			return i
		}
		m := keyValue.FindStringSubmatch(l)
		prevIndent, prevHasValue = indent, m != nil && m[3] != "" && !strings.HasPrefix(m[3], "#") && !strings.ContainsAny(m[3][:1], "|>")
	}
	return -1
}

// strayItem is the index of the first "- item" line that follows a key
// with a value at the same or lesser indentation, or -1.
func strayItem(lines []string) int {
	prevHasValue := false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if strings.HasPrefix(t, "- ") || t == "-" {
			if prevHasValue {
				return i
			}
			continue
		}
		m := keyValue.FindStringSubmatch(l)
		prevHasValue = m != nil && m[3] != "" && !strings.HasPrefix(m[3], "#")
	}
	return -1
}

// firstKey matches the key of a front-matter line in any format.
var firstKey = regexp.MustCompile(`^\s*"?([A-Za-z_][\w.-]*)"?\s*[:=]`)

// invalidUTF8 reports the lines of src (up to three) that are not UTF-8,
// each with the key of its line when it has one, and the text as
// Windows-1252 would read it, the usual cause (a file saved by an older
// Windows editor).
func invalidUTF8(file string, src []byte) error {
	if utf8.Valid(src) {
		return nil
	}
	var found []error
	for i, l := range strings.Split(string(src), "\n") {
		if utf8.ValidString(l) {
			continue
		}
		field := ""
		if m := firstKey.FindStringSubmatch(l); m != nil {
			field = strings.ToLower(m[1])
		}
		text, err := charmap.Windows1252.NewDecoder().String(l)
		if err != nil {
			text = strings.ToValidUTF8(l, "\uFFFD")
		}
		text = strings.TrimSpace(text)
		if r := []rune(text); len(r) > 60 {
			text = string(r[:60]) + "…"
		}
		found = append(found, diag.Errorf(file, i+1, field, "this file is not saved as UTF-8 (%s is probably Windows-1252): save it again with the encoding UTF-8", strconv.Quote(text)))
		if len(found) == 3 {
			break
		}
	}
	return errors.Join(found...)
}

var (
	tomlFound = regexp.MustCompile(`^expected value but found "(.*)" instead`)
	tomlDup   = regexp.MustCompile(`^Key '(.+)' has already been defined`)
	tomlDate  = regexp.MustCompile(`^invalid datetime: "(.*)"`)
	tomlKey   = regexp.MustCompile(`^\s*([^=\s]+(?:\s+[^=\s]+)*)\s*[=:]\s*(.*?)\s*$`)
)

// explainTOML turns a TOML parser message about line (1-based in data) into
// a sentence that says what to write, like explainYAML; dataLine is the
// file's line of data's first line.
func explainTOML(msg string, data []byte, line, dataLine int) syntaxError {
	lines := strings.Split(string(data), "\n")
	key, value := "", ""
	if line >= 1 && line <= len(lines) {
		if m := tomlKey.FindStringSubmatch(lines[line-1]); m != nil {
			key, value = m[1], m[2]
		}
	}
	switch {
	case strings.HasPrefix(msg, "expected value but found '\\n'"):
		return syntaxError{line, "%s has no value: write it after the =, e.g. %s = \"...\"", []any{key, key}}
	case tomlFound.MatchString(msg):
		return syntaxError{line, "text must be in quotes in TOML: write %s = %s", []any{key, quote(value)}}
	case strings.HasPrefix(msg, "strings cannot contain newlines"):
		return syntaxError{line, "the quote %s that opens the value of %s is not closed: end the value with %s on the same line", []any{`"`, key, `"`}}
	case strings.HasPrefix(msg, "expected '.' or '=', but got ':'"):
		return syntaxError{line, "TOML writes key = value (key: value is YAML, between --- lines): write %s = %s", []any{key, quote(strings.Trim(value, `"`))}}
	case strings.HasPrefix(msg, "expected '.' or '=', but got"):
		return syntaxError{line, "a key is one word: join the words with _ (%s), or put the key in quotes", []any{strings.Join(strings.Fields(key), "_")}}
	case strings.Contains(msg, "array terminator (']')"):
		i := unclosed(lines, '[', ']')
		if i < 0 && key != "" && strings.HasPrefix(strings.TrimSpace(value), "[") && strings.HasSuffix(strings.TrimSpace(value), "]") {
			// Closed on its line: the parser wanted a comma, not the ].
			return syntaxError{line, "a comma is missing between two items of the list of %s: separate them with commas, e.g. %s = [\"a\", \"b\"]", []any{key, key}}
		}
		if i >= 0 {
			line = i + 1
		}
		return syntaxError{line, "the list opened with [ on this line is not closed: end it with ] on the same line", nil}
	case tomlDup.MatchString(msg):
		k := tomlDup.FindStringSubmatch(msg)[1]
		for i, l := range lines {
			if m := tomlKey.FindStringSubmatch(l); m != nil && m[1] == k && i+1 != line {
				return syntaxError{line, "written twice (also at line %d): keep one", []any{dataLine + i}}
			}
		}
	case strings.HasPrefix(msg, "expected a top-level item to end with a newline"):
		return syntaxError{line, "text after the value of %s: put the whole value in double quotes, e.g. %s = %s", []any{key, key, quote(value)}}
	case tomlDate.MatchString(msg):
		return syntaxError{line, "%s is not a date: write dates as text in quotes (%s = \"2020-11-11 10:30\") or as TOML dates (%s = 2020-11-11T10:30:00+07:00)", []any{strconv.Quote(tomlDate.FindStringSubmatch(msg)[1]), key, key}}
	}
	return syntaxError{line, "TOML cannot be read here (%s): write key = value, with text in double quotes", []any{msg}}
}
