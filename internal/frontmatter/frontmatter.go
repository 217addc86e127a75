// Package frontmatter splits a content file into front matter and body and
// decodes the front matter into typed structs, reporting every problem with
// its absolute line in the content file (not the line inside the snippet).
//
// YAML (---), TOML (+++) and JSON ({ … } or ;;;) are detected by
// github.com/adrg/frontmatter. All three are turned into one YAML node tree
// (go.yaml.in/yaml/v3 keeps line numbers), so decoding and error messages
// are the same whatever the format.
package frontmatter

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	adrg "github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"

	"github.com/warta-portal/warta/internal/diag"
)

// Doc is a parsed content file.
type Doc struct {
	File     string     // name used in diagnostics
	Format   string     // "yaml", "toml", "json", or "" without front matter
	Body     []byte     // the Markdown after the front matter
	BodyLine int        // line of the first byte of Body in the file
	root     *yaml.Node // a mapping node with absolute lines; nil when empty or decoded
	// lines of every key path ("image.alt"), kept after Decode drops root;
	// a restored Doc holds them as index instead
	lines map[string]int
	index keyLines
	start int // line of the front matter's first key, or of the file
	// key paths written in a shorthand form ("image: a.jpg" for
	// "image: {src: a.jpg}")
	short []string
	// Broken, when not nil, lists the lines (of the file) of a front
	// matter that did not parse, blanked so the rest could be: Parse
	// returns such a Doc beside its error, so a caller can check the
	// other keys' values in the same run (and build nothing of it).
	Broken []int
}

// raw receives the front-matter bytes from adrg/frontmatter.
type raw struct {
	format string
	data   []byte
}

func capture(format string) adrg.UnmarshalFunc {
	return func(data []byte, v any) error {
		r := v.(*raw)
		r.format, r.data = format, bytes.Clone(data)
		return nil
	}
}

// readers are bufio.Readers of the size adrg makes for itself.
var readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4096) }}

// fmFormats are the front-matter formats adrg detects; they hold no state.
var fmFormats = []*adrg.Format{
	adrg.NewFormat("---", "---", capture("yaml")),
	adrg.NewFormat("---yaml", "---", capture("yaml")),
	adrg.NewFormat("+++", "+++", capture("toml")),
	adrg.NewFormat("---toml", "---", capture("toml")),
	adrg.NewFormat(";;;", ";;;", capture("json")),
	adrg.NewFormat("---json", "---", capture("json")),
}

var openers = map[string]string{"---": "---", "---yaml": "---", "+++": "+++", "---toml": "---", ";;;": ";;;", "---json": "---"}

// Parse splits src. A front matter that is opened but never closed, or that
// does not parse, is an error at its line.
func Parse(file string, src []byte) (*Doc, error) {
	d := &Doc{File: file}
	src = bytes.TrimPrefix(src, []byte("\ufeff")) // editors on Windows save a byte-order mark
	if err := invalidUTF8(file, src); err != nil {
		return nil, err
	}
	// Line of the opening delimiter: adrg skips leading blank lines.
	// Line by line, not bytes.Split: that cut the whole body into lines.
	first, firstLine := "", 0
	for i, rest := 1, src; len(rest) > 0 && first == ""; i++ {
		l := rest
		if j := bytes.IndexByte(rest, '\n'); j >= 0 {
			l, rest = rest[:j], rest[j+1:]
		} else {
			rest = nil
		}
		if t := strings.TrimSpace(string(l)); t != "" {
			first, firstLine = t, i
		}
	}
	if open, ok := nearOpener(first); ok {
		return nil, diag.Errorf(file, firstLine, "", "the first line %q does not open the front matter: write exactly %s on a line of its own, with nothing after it", first, open)
	}
	var r raw
	var body []byte
	var err error
	if isJSON(first) {
		r.format = "json"
		if r.data, body, err = splitJSON(file, src, firstLine); err != nil {
			return nil, err
		}
	} else if end, ok := openers[first]; ok {
		// adrg copies all it reads, line by line, into a growing buffer:
		// given only the front matter, not the body after it, it made
		// 22 KB of garbage a file less (a tenth of what a cold build
		// allocates at 100,000 articles).
		head, rest := frontMatterPart(src, firstLine, end)
		// A reader of adrg's size, which it then uses as it is rather
		// than making one (4 KiB a file).
		br := readers.Get().(*bufio.Reader)
		br.Reset(bytes.NewReader(head))
		body, err = adrg.Parse(br, &r, fmFormats...)
		br.Reset(nil)
		readers.Put(br)
		if err != nil {
			return nil, diag.Errorf(file, firstLine, "", "front matter: %v", err)
		}
		if r.format != "" {
			body = rest
		}
	}
	if r.format == "" {
		if end, ok := openers[first]; ok {
			return nil, diag.Errorf(file, firstLine, "", "front matter opened with %q is not closed: add a line with %q after the last key", first, end)
		}
		d.Body, d.BodyLine = src, 1
		return d, nil
	}
	// The body as a slice of src, not of the parser's larger buffer, so
	// keeping the body keeps no more than the file.
	d.Format, d.Body = r.format, src[len(src)-len(body):]
	d.BodyLine = bytes.Count(src[:len(src)-len(body)], []byte("\n")) + 1
	dataLine := firstLine + 1 // first line of the data after the delimiter
	if r.format == "json" && strings.HasPrefix(first, "{") {
		dataLine = firstLine // the braces are part of the data
	}
	switch r.format {
	case "yaml", "json":
		// JSON is read by the YAML parser: it keeps lines and JSON is YAML.
		d.root, err = parseYAML(r.data, dataLine)
	case "toml":
		d.root, err = parseTOML(r.data, dataLine)
	}
	var se *syntaxError
	if err != nil && errors.As(err, &se) {
		// parseYAML's own finding, already in words
	} else if err != nil && r.format == "yaml" {
		x := explainYAML(err.Error(), r.data)
		se = &x
	} else if pe := (toml.ParseError{}); err != nil && r.format == "toml" && errors.As(err, &pe) {
		x := explainTOML(pe.Message, r.data, pe.Position.Line, dataLine)
		se = &x
	}
	if se != nil {
		errs := diag.List{syntaxDiag(file, r.data, dataLine, se)}
		if r.format == "yaml" {
			if b, text := runOn(r.data, se.line); b > 0 {
				errs = append(errs, diag.Errorf(file, dataLine+b-1, "", "the front matter is not closed before the article's text (line %d): add a line with --- here, after the last key", dataLine+text-1))
			}
		}
		if r.format != "yaml" {
			return nil, errs.Err()
		}
		more, root, blanked := moreYAMLErrors(file, r.data, dataLine, se.line)
		errs = append(errs, more...)
		if root == nil {
			return nil, errs.Err()
		}
		// The rest parsed: a Doc of it, for the values of its keys.
		d.root, d.start, d.lines = root, firstLine, map[string]int{}
		indexLines(d.root, "", d.lines)
		for _, l := range blanked {
			d.Broken = append(d.Broken, dataLine+l-1)
		}
		return d, errs.Err()
	}
	if err != nil {
		return nil, diag.Errorf(file, lineOf(err, dataLine, firstLine), "", "front matter (%s): %s", strings.ToUpper(r.format), cleanMsg(err))
	}
	d.start = firstLine
	d.lines = map[string]int{}
	if d.root != nil {
		indexLines(d.root, "", d.lines)
	}
	return d, nil
}

// runOn finds YAML front matter that runs on into the article's text
// because its closing line is missing (the text's own "---", a Markdown
// rule, then closes it): the line at fault (1-based in data), which is
// words (not a key, a list item, one word or blank), follows a blank line, perhaps with
// "key: value"-like lines of the text between ("Lokasi: Aula"), and keys
// come before the blank. It returns the blank line and the text's first
// line, or 0, 0.
func runOn(data []byte, fault int) (blank, text int) {
	lines := strings.Split(string(data), "\n")
	if fault < 2 || fault > len(lines) {
		return 0, 0
	}
	l := lines[fault-1]
	if !strings.Contains(strings.TrimSpace(l), " ") || keyValue.MatchString(l) || listItem.MatchString(l) || strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
		// Blank, one word (a key without its colon), a key, an item or
		// indented: not the text's words.
		return 0, 0
	}
	for b := fault - 1; b >= 1; b-- {
		if strings.TrimSpace(lines[b-1]) != "" {
			continue
		}
		for k := b - 1; k >= 1; k-- {
			if keyValue.MatchString(lines[k-1]) {
				return b, b + 1
			}
		}
		return 0, 0
	}
	return 0, 0
}

// nearOpener reports whether a file's first line (trimmed) was meant to
// open front matter but does not (four hyphens, a comment after them,
// dashes a word processor made of hyphens: "----", "--- # berita",
// "———"), and the delimiter it meant. A page that starts with such a line
// would otherwise be read as having no front matter at all.
func nearOpener(first string) (string, bool) {
	if _, ok := openers[first]; ok || first == "" {
		return "", false
	}
	marks := 0
	for _, r := range first {
		if r != '-' && r != '–' && r != '—' && r != '+' && r != ';' {
			break
		}
		marks++
	}
	if marks < 3 {
		return "", false
	}
	switch first[0] {
	case '+':
		return "+++", true
	case ';':
		return ";;;", true
	}
	return "---", true
}

// frontMatterPart cuts src after the line that closes the front matter
// opened on line firstLine (1-based), as adrg finds it: the first later
// line that is end once trimmed of spaces. Without one, head is src whole.
func frontMatterPart(src []byte, firstLine int, end string) (head, rest []byte) {
	off := 0
	for i := 1; off < len(src); i++ {
		next := len(src)
		if j := bytes.IndexByte(src[off:], '\n'); j >= 0 {
			next = off + j + 1
		}
		if i > firstLine && string(bytes.TrimSpace(src[off:next])) == end {
			return src[:next], src[next:]
		}
		off = next
	}
	return src, nil
}

// isJSON reports whether a file whose first line is first opens with JSON
// front matter, as Hugo reads it: a "{" alone, or a "{" followed by a key
// ("{"title": ...}" on one line). Bodies that start with "{{<" or "{:"
// are Markdown.
func isJSON(first string) bool {
	if first == "{" {
		return true
	}
	rest, ok := strings.CutPrefix(first, "{")
	rest = strings.TrimSpace(rest)
	return ok && (strings.HasPrefix(rest, "\"") || strings.HasPrefix(rest, "}"))
}

var jsonChar = regexp.MustCompile(`invalid character '(.+?)'`)

// splitJSON cuts the JSON object at the start of src from the body, the
// way Hugo does: the object ends at its matching "}", which may be followed
// by the body on the next line or, after spaces, on the same one.
func splitJSON(file string, src []byte, firstLine int) (data, body []byte, err error) {
	off := bytes.IndexByte(src, '{')
	dec := json.NewDecoder(bytes.NewReader(src[off:]))
	var obj json.RawMessage
	if err := dec.Decode(&obj); err != nil {
		at := off + int(dec.InputOffset())
		var se *json.SyntaxError
		if errors.As(err, &se) {
			at = off + int(se.Offset)
		}
		line := firstLine + bytes.Count(src[off:min(at, len(src))], []byte("\n"))
		if m := jsonChar.FindStringSubmatch(err.Error()); m != nil {
			return nil, nil, diag.Errorf(file, line, "", "JSON front matter: unexpected %s here: write every key and text in double quotes, a comma between two items and none after the last", m[1])
		}
		return nil, nil, diag.Errorf(file, firstLine, "", "JSON front matter opened with \"{\" is not closed: add a line with \"}\" after the last key")
	}
	if len(obj) == 0 || obj[0] != '{' {
		return nil, nil, diag.Errorf(file, firstLine, "", "JSON front matter opened with \"{\" is not closed: add a line with \"}\" after the last key")
	}
	end := off + int(dec.InputOffset())
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	if end < len(src) && src[end] == '\r' {
		end++
	}
	if end < len(src) && src[end] == '\n' {
		end++
	}
	// JSON allows tabs between tokens where YAML does not, and has none
	// inside its strings: spaces keep the lines and the meaning.
	return bytes.ReplaceAll(obj, []byte("\t"), []byte(" ")), src[end:], nil
}

// indexLines records the line of every key path of a mapping.
func indexLines(n *yaml.Node, prefix string, out map[string]int) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := prefix + strings.ToLower(n.Content[i].Value)
			if _, dup := out[k]; dup {
				continue // reported by Decode; the first one counts
			}
			out[k] = n.Content[i].Line
			indexLines(n.Content[i+1], k+".", out)
		}
	case yaml.SequenceNode:
		// Items of a list of groups are "corrections.0", "corrections.0.date".
		for i, c := range n.Content {
			if c.Kind == yaml.MappingNode {
				k := prefix + strconv.Itoa(i)
				out[k] = c.Line
				indexLines(c, k+".", out)
			}
		}
	}
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// lineOf maps a parser's snippet-relative line to the file's line.
func lineOf(err error, dataLine, fallback int) int {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return dataLine + pe.Position.Line - 1
	}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return dataLine + n - 1
	}
	return fallback
}

var linePrefix = regexp.MustCompile(`^(yaml: )?(line \d+: )?`)

func cleanMsg(err error) string {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return pe.Message
	}
	return linePrefix.ReplaceAllString(err.Error(), "")
}

func parseYAML(data []byte, dataLine int) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil // empty front matter
	}
	root := doc.Content[0]
	shift(root, dataLine-1)
	if root.Kind != yaml.MappingNode {
		return nil, &syntaxError{root.Line - dataLine + 1, "front matter: expected keys such as \"title: ...\", got %s", []any{describe(root)}}
	}
	return root, nil
}

// syntaxDiag is the diagnostic of se, a syntax error in the front matter
// data that starts at the file's line dataLine: at its line, under the
// key written there (or, on a list's item, the list's key).
func syntaxDiag(file string, data []byte, dataLine int, se *syntaxError) *diag.Diagnostic {
	se.line = max(se.line, 1)
	field := ""
	if ls := strings.Split(string(data), "\n"); se.line <= len(ls) {
		if m := firstKey.FindStringSubmatch(ls[se.line-1]); m != nil {
			field = strings.ToLower(m[1])
		} else if m := listItem.FindStringSubmatch(ls[se.line-1]); m != nil {
			field = strings.ToLower(ownerKey(ls, se.line-1, len(m[1]))) // an item: its list's key
		}
	}
	return diag.Errorf(file, dataLine+se.line-1, field, se.format, se.args...)
}

// maxSyntaxErrors bounds the syntax errors said of one file.
const maxSyntaxErrors = 10

// moreYAMLErrors finds the syntax errors of YAML data after the one at
// line (1-based in data), so an editor fixes them all from one run: the
// parser stops at the first, so the line at fault, with the lines
// indented under it, is blanked and the data parsed again, until it
// parses or maxSyntaxErrors are found. Blanking keeps every other line
// where it was.
//
// It also returns the root of the data once it parsed (nil when it did
// not, or is empty) and the lines (1-based in data) blanked on the way.
func moreYAMLErrors(file string, data []byte, dataLine, line int) (diag.List, *yaml.Node, []int) {
	lines := strings.Split(string(data), "\n")
	var (
		errs    diag.List
		blanked []int
	)
	seen := map[int]bool{}
	for len(errs) < maxSyntaxErrors-1 && line >= 1 && line <= len(lines) && !seen[line] {
		seen[line] = true
		indent := len(lines[line-1]) - len(strings.TrimLeft(lines[line-1], " "))
		lines[line-1] = ""
		blanked = append(blanked, line)
		for j := line; j < len(lines); j++ {
			l := lines[j]
			if strings.TrimSpace(l) != "" && len(l)-len(strings.TrimLeft(l, " ")) <= indent {
				break
			}
			if strings.TrimSpace(l) != "" {
				blanked = append(blanked, j+1)
			}
			lines[j] = ""
		}
		next := []byte(strings.Join(lines, "\n"))
		root, err := parseYAML(next, dataLine)
		if err == nil {
			return errs, root, blanked
		}
		var se *syntaxError
		if !errors.As(err, &se) {
			x := explainYAML(err.Error(), next)
			se = &x
		}
		if line = max(se.line, 1); seen[line] {
			break // the same line again: blanking it did not help
		}
		errs = append(errs, syntaxDiag(file, next, dataLine, se))
	}
	return errs, nil, blanked
}

func shift(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shift(c, by)
	}
}

// parseTOML decodes TOML and re-expresses it as a YAML node tree. TOML
// decoders do not expose key positions, so each key's line is found by
// scanning for "key =" or "[key]" after its parent's line.
func parseTOML(data []byte, dataLine int) (*yaml.Node, error) {
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		return nil, err
	}
	localTimes(m)
	var root yaml.Node
	if err := root.Encode(m); err != nil {
		return nil, err
	}
	lines := strings.Split(string(data), "\n")
	var place func(n *yaml.Node, from int)
	place = func(n *yaml.Node, from int) {
		if n.Kind != yaml.MappingNode {
			for _, c := range n.Content {
				setLine(c, from)
				place(c, from)
			}
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			at := from
			for j := from - dataLine; j >= 0 && j < len(lines); j++ {
				t := strings.TrimSpace(lines[j])
				if strings.HasPrefix(t, k.Value+" ") || strings.HasPrefix(t, k.Value+"=") || strings.Contains(t, "["+k.Value+"]") || strings.HasSuffix(strings.TrimRight(t, "]"), "."+k.Value) {
					at = dataLine + j
					break
				}
			}
			k.Line = at
			setLine(v, at)
			place(v, at)
		}
	}
	place(&root, dataLine)
	return &root, nil
}

// localTimes writes TOML's local dates and times (no offset) as text, so
// they are read in the site's time zone like YAML's, instead of as UTC.
func localTimes(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = localTimes(e)
		}
	case []any:
		for i, e := range x {
			x[i] = localTimes(e)
		}
	case []map[string]any:
		for _, e := range x {
			localTimes(e)
		}
	case time.Time:
		// The TOML library marks local values by zone name.
		switch x.Location().String() {
		case "date-local":
			return x.Format(time.DateOnly)
		case "datetime-local":
			return x.Format("2006-01-02T15:04:05.999999999")
		case "time-local":
			return x.Format("15:04:05.999999999")
		}
		return x.Format(time.RFC3339Nano)
	}
	return v
}

func setLine(n *yaml.Node, line int) {
	n.Line = line
}

// State is what a decoded Doc keeps, for caches: with the file's bytes it
// restores the Doc without parsing the front matter again. The key lines
// are in the Doc's compact form (Paths: the key paths, sorted, each
// followed by a NUL; At: their lines in the same order), which a cache
// decodes and a restored Doc takes as they are, where a map would be
// rebuilt and sorted for every page of every build.
type State struct {
	Format     string
	BodyOffset int
	BodyLine   int
	Paths      string
	At         []int32
	Start      int
	Short      []string
}

// State returns the Doc's state; call it after Decode.
func (d *Doc) State(src []byte) State {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	index := d.index
	if d.lines != nil {
		index = indexOf(d.lines)
	}
	return State{Format: d.Format, BodyOffset: len(src) - len(d.Body), BodyLine: d.BodyLine, Paths: index.paths, At: index.at, Start: d.start, Short: d.short}
}

// Lines returns the line of each key path of the State.
func (st State) Lines() map[string]int {
	lines := make(map[string]int, len(st.At))
	s := st.Paths
	for i := 0; len(s) > 0 && i < len(st.At); i++ {
		j := strings.IndexByte(s, 0)
		if j < 0 {
			break
		}
		lines[s[:j]] = int(st.At[i])
		s = s[j+1:]
	}
	return lines
}

// Restore rebuilds a decoded Doc of file from its bytes and saved state.
// The Doc keeps the key lines in the State's compact index: a page holds
// its Doc for the whole build.
func Restore(file string, src []byte, st State) *Doc {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	off := min(max(st.BodyOffset, 0), len(src))
	index := keyLines{st.Paths, st.At}
	if strings.Count(st.Paths, "\x00") != len(st.At) {
		index = keyLines{} // not a State made by State: no lines rather than wrong ones
	}
	return &Doc{File: file, Format: st.Format, Body: src[off:], BodyLine: st.BodyLine, index: index, start: st.Start, short: st.Short}
}

// keyLines is the line of each key path, in about a third of a map's
// memory: the paths, sorted, each followed by a NUL in one string, and
// their lines in the same order. A page's front matter has some tens of
// keys, so a look-up is a short scan.
type keyLines struct {
	paths string
	at    []int32
}

func indexOf(m map[string]int) keyLines {
	keys := slices.Sorted(maps.Keys(m))
	n := 0
	for _, k := range keys {
		n += len(k) + 1
	}
	var b strings.Builder
	b.Grow(n)
	at := make([]int32, len(keys))
	for i, k := range keys {
		b.WriteString(k)
		b.WriteByte(0)
		at[i] = int32(min(m[k], math.MaxInt32))
	}
	return keyLines{b.String(), at}
}

func (k keyLines) line(path string) (int, bool) {
	s := k.paths
	for i := 0; len(s) > 0; i++ {
		j := strings.IndexByte(s, 0)
		if s[:j] == path {
			return int(k.at[i]), true
		}
		s = s[j+1:]
	}
	return 0, false
}

// lineOf is the line of the key path p in whichever form d holds them.
func (d *Doc) lineOf(p string) (int, bool) {
	if d.lines != nil {
		l, ok := d.lines[p]
		return l, ok
	}
	return d.index.line(p)
}

// Line is the line of the key at path ("image", "image.alt"), or the
// nearest existing parent's line, or the line where the front matter
// starts (the body's first line without one).
func (d *Doc) Line(path string) int {
	for p := strings.ToLower(path); p != ""; {
		if l, ok := d.lineOf(p); ok {
			return l
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	if d.Format == "" {
		return d.BodyLine
	}
	return d.start
}

// Has reports whether the top-level key is present (even if empty).
func (d *Doc) Has(key string) bool {
	_, ok := d.lineOf(strings.ToLower(key))
	return ok
}

// Shorthand reports whether the group at path was written as a single
// value that stands for its first field (see Decode).
func (d *Doc) Shorthand(path string) bool { return slices.Contains(d.short, strings.ToLower(path)) }

// Decode fills the struct pointed to by v from the front matter. Fields are
// matched by their `yaml` tag, ignoring case as Hugo does ("Title:" is
// "title:"); keys without a field go to a field named Params
// (map[string]any) when v has one. Where Hugo or Jekyll read a value more
// loosely than YAML's types, so does Decode:
//
//   - a single value where a list belongs is a list of one ("tags: Berita");
//   - "true"/"false" (also quoted, any case, and YAML 1.1's yes/no/on/off)
//     where true or false belongs;
//   - a single value where a group of keys belongs is its field tagged
//     ",shorthand" ("image: a.jpg" is "image: {src: a.jpg}"; see Shorthand).
//
// A key without a field is a warning when it probably meant one: one edit
// away from a known key ("tag" for "tags") or named in the field's `aka`
// tag ("kategori" for "categories"); inside a group, where nothing keeps
// it, every unknown key is a warning listing the group's keys.
//
// Every other type mismatch is reported, each with its line and key path;
// fields that decode keep their values. The node tree is released
// afterwards (Line keeps working), so call it once.
func (d *Doc) Decode(v any) error {
	if d.root == nil {
		return nil
	}
	dc := decoder{file: d.File}
	dc.mapping(d.root, reflect.ValueOf(v).Elem(), "")
	d.root = nil
	d.short = dc.short
	return errors.Join(dc.errs...)
}

type decoder struct {
	file  string
	errs  []error
	short []string
}

func (dc *decoder) warnf(line int, path, format string, args ...any) {
	dc.errs = append(dc.errs, diag.Warnf(dc.file, line, path, format, args...))
}

func (dc *decoder) errorf(line int, path, format string, args ...any) {
	dc.errs = append(dc.errs, diag.Errorf(dc.file, line, path, format, args...))
}

func (dc *decoder) mapping(n *yaml.Node, sv reflect.Value, prefix string) {
	st := sv.Type()
	fields := make(map[string]int, st.NumField())
	params := -1
	for i := 0; i < st.NumField(); i++ {
		f := st.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if f.Name == "Params" && name == "" || name == "-" {
			if f.Name == "Params" {
				params = i
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[strings.ToLower(name)] = i
	}
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := strings.ToLower(k.Value)
		path := prefix + key
		if first, dup := seen[key]; dup {
			// YAML keeps the last one silently; an editor meant one of them.
			dc.errorf(k.Line, path, "written twice (also at line %d): keep one", first)
			continue
		}
		seen[key] = k.Line
		idx, ok := fields[key]
		if !ok {
			if params < 0 && prefix != "" {
				dc.warnf(k.Line, path, "not a key of %s, so it is left out: use one of %s", strings.TrimSuffix(prefix, "."), knownKeys(st))
			}
			if params < 0 {
				continue
			}
			if sug := suggest(st, key); sug != "" {
				dc.warnf(k.Line, path, "not a key warta knows: did you mean %s? As written it reaches layouts only, as .Params.%s", sug, k.Value)
			} else if prefix == "" && looksLikeText(k.Value) {
				// "Lokasi: Aula Kantor Gubernur": a line of the article's
				// text, read as a key when the front matter's closing
				// line is missing and a "---" rule further down closes it.
				dc.warnf(k.Line, path, "%q is not a key warta knows, so no page shows it (layouts may, as .Params.%s): if this line is the article's text, the front matter's closing --- is missing above it", k.Value, k.Value)
			}
			var x any
			if err := val.Decode(&x); err == nil {
				pv := sv.Field(params)
				if pv.IsNil() {
					pv.Set(reflect.MakeMap(pv.Type()))
				}
				pv.SetMapIndex(reflect.ValueOf(k.Value), reflect.ValueOf(&x).Elem())
			}
			continue
		}
		dc.field(k, val, sv.Field(idx), path)
	}
}

// field decodes val into fv.
func (dc *decoder) field(k, val *yaml.Node, fv reflect.Value, path string) {
	if val.Tag == "!!null" {
		return // "key:" with nothing after it: left at its zero value
	}
	ft := fv.Type()
	if ft.Kind() == reflect.Struct && !implementsUnmarshaler(ft) {
		if val.Kind == yaml.ScalarNode {
			if i := shorthandField(ft); i >= 0 {
				dc.short = append(dc.short, path)
				dc.field(k, val, fv.Field(i), path+"."+yamlName(ft.Field(i)))
				return
			}
		}
		if val.Kind != yaml.MappingNode {
			dc.errorf(k.Line, path, "expected %s, got %s", kindName(ft), describe(val))
			return
		}
		dc.mapping(val, fv, path+".")
		return
	}
	if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String && val.Kind == yaml.ScalarNode && val.Tag == "!!str" && strings.Contains(val.Value, ",") {
		// Hugo and Jekyll read it as one item too, but an editor who wrote
		// commas meant several.
		parts := strings.Split(val.Value, ",")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		dc.warnf(k.Line, path, "%q is one item, commas and all: for several, write %s: [%s]", val.Value, path, strings.Join(parts, ", "))
	}
	if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String && val.Kind == yaml.SequenceNode {
		for _, item := range val.Content {
			// "  - satu" over "   - dua": the second line, indented one
			// space more, continues the first item's plain text.
			if item.Kind == yaml.ScalarNode && item.Style == 0 && strings.Contains(item.Value, " - ") {
				parts := strings.Split(item.Value, " - ")
				dc.warnf(item.Line, path, "%q is one item: if it was meant as %d, start each on its own line with - at the same indentation (a line indented further continues the item above it)", item.Value, len(parts))
			}
		}
	}
	val = loosen(ft, val)
	if msg := mismatch(ft, val); msg != "" {
		dc.errorf(k.Line, path, "expected %s, got %s", msg, describe(val))
		return
	}
	if err := val.Decode(fv.Addr().Interface()); err != nil {
		line := k.Line
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		dc.errorf(line, path, "expected %s, got %s", kindName(ft), describeErr(err))
	}
}

// looksLikeText reports whether a key that warta does not know looks like
// words of an article rather than a key a layout reads: it starts with a
// capital letter or holds a space (front matter keys are lower case, as
// Hugo's and Jekyll's are; "Lokasi", "Nama Kegiatan").
func looksLikeText(key string) bool {
	r, _ := utf8.DecodeRuneInString(key)
	return unicode.IsUpper(r) || strings.ContainsAny(key, " \t")
}

// suggest is the known key of struct type t that key probably meant: one
// edit away (a letter added, dropped, changed, or two swapped: "tag" for
// "tags"), or listed in the field's `aka` tag (other names, such as the
// Indonesian "kategori" for "categories"). It is "" when there is none.
func suggest(t reflect.Type, key string) string {
	best := ""
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := yamlName(f)
		if name == "-" || f.Name == "Params" {
			continue
		}
		for _, aka := range strings.Split(f.Tag.Get("aka"), ",") {
			if aka != "" && strings.EqualFold(aka, key) {
				return canonical(f)
			}
		}
		if best == "" && len(key) > 2 && oneEdit(key, name) {
			best = canonical(f)
		}
	}
	return best
}

// canonical is the key of field f as documented (publishDate, not
// publishdate).
func canonical(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "" {
		name = strings.ToLower(f.Name)
	}
	return name
}

// knownKeys lists the keys of struct type t.
func knownKeys(t reflect.Type) string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); canonical(f) != "-" && f.Name != "Params" {
			keys = append(keys, canonical(f))
		}
	}
	return strings.Join(keys, ", ")
}

// oneEdit reports whether a and b differ by exactly one insertion,
// deletion, substitution or swap of neighbours (optimal string alignment
// distance 1).
func oneEdit(a, b string) bool {
	if a == b {
		return false
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	switch len(rb) - len(ra) {
	case 0:
		var diff []int
		for i := range ra {
			if ra[i] != rb[i] {
				diff = append(diff, i)
			}
		}
		return len(diff) == 1 || len(diff) == 2 && diff[1] == diff[0]+1 && ra[diff[0]] == rb[diff[1]] && ra[diff[1]] == rb[diff[0]]
	case 1:
		i := 0
		for i < len(ra) && ra[i] == rb[i] {
			i++
		}
		return string(ra[i:]) == string(rb[i+1:])
	}
	return false
}

// shorthandField is the index of the field of struct type t tagged
// ",shorthand", or -1.
func shorthandField(t reflect.Type) int {
	for i := 0; i < t.NumField(); i++ {
		if _, opts, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); opts == "shorthand" {
			return i
		}
	}
	return -1
}

func yamlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "" {
		name = f.Name
	}
	return strings.ToLower(name)
}

// loosen rewrites val the way Hugo's and Jekyll's readers take it for a
// field of type t: a single value where a list belongs becomes a list of
// one, a text spelling a boolean becomes that boolean.
func loosen(t reflect.Type, val *yaml.Node) *yaml.Node {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.Slice && val.Kind == yaml.ScalarNode && !implementsUnmarshaler(t):
		return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: val.Line, Column: val.Column, Content: []*yaml.Node{loosen(t.Elem(), val)}}
	case t.Kind() == reflect.Bool && val.Kind == yaml.ScalarNode && val.Tag != "!!bool":
		switch strings.ToLower(strings.TrimSpace(val.Value)) {
		case "true", "yes", "on":
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true", Line: val.Line, Column: val.Column}
		case "false", "no", "off":
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false", Line: val.Line, Column: val.Column}
		}
	}
	return val
}

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

func implementsUnmarshaler(t reflect.Type) bool {
	return reflect.PointerTo(t).Implements(unmarshalerType)
}

// mismatch catches the shape errors yaml.v3 would accept or word poorly: a
// text where a list belongs, a list where a text belongs.
func mismatch(t reflect.Type, n *yaml.Node) string {
	if implementsUnmarshaler(t) {
		return ""
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem() // optional values: digital, ticker
	}
	switch t.Kind() {
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return kindName(t)
		}
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int64, reflect.Float64:
		if n.Kind != yaml.ScalarNode {
			return kindName(t)
		}
		if t.Kind() == reflect.Bool && n.Tag != "!!bool" {
			return kindName(t)
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return kindName(t)
		}
	}
	return ""
}

func kindName(t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	case reflect.Slice:
		return "a list (one item per line starting with \"- \", or [a, b])"
	case reflect.Struct, reflect.Map:
		return "a group of keys (indented lines \"key: value\")"
	}
	return t.String()
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a group of keys"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "the number " + n.Value
	case "!!bool":
		return n.Value
	}
	return strconv.Quote(n.Value)
}

func describeErr(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, "cannot unmarshal "); i >= 0 {
		s = s[i+len("cannot unmarshal "):]
		if j := strings.Index(s, " into "); j >= 0 {
			s = s[:j]
		}
		s = strings.NewReplacer("!!str", "text", "!!int", "number", "!!seq", "a list", "!!map", "a group of keys", "!!bool", "true/false", "`", "").Replace(s)
	}
	return s
}
