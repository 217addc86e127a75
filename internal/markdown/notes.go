package markdown

import (
	"bytes"
	"regexp"
	"slices"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
)

// Note is something of the body the reader will not see as the author
// meant it, found while rendering: raw HTML the renderer drops (or the
// sanitizer removes), and the syntax of other generators printed as text.
type Note struct {
	Kind string // one of the Note* kinds
	Line int    // line in the content file
	Text string // what was found: a tag name, a Liquid tag, a shortcode name, ...
}

// Kinds of Note.
const (
	NoteHTMLDropped  = "html-dropped"    // raw HTML without Options.RawHTML: dropped with its text
	NoteHTMLRemoved  = "html-removed"    // an element the sanitizer removes even with Options.RawHTML
	NoteLiquid       = "liquid"          // a Liquid or Jinja tag, {% ... %} or {{ ... }} (Jekyll)
	NoteShortcode    = "shortcode"       // a Hugo shortcode, {{< name >}} or {{% name %}}
	NoteKramdownIAL  = "kramdown-ial"    // a kramdown attribute list, {: .class }
	NoteHeadingSpace = "heading-nospace" // "#Judul": a heading for kramdown, a paragraph in CommonMark
)

var (
	shortcodeRe = regexp.MustCompile(`\{\{[<%]\s*/?\s*([\w./-]+)`)
	liquidTagRe = regexp.MustCompile(`\{%-?\s*(\w+)[^%]*%\}`)
	liquidOutRe = regexp.MustCompile(`\{\{-?\s*([^}<%\s][^}]*?)\s*-?\}\}`)
	ialRe       = regexp.MustCompile(`\{:\s*[^}]*\}`)
	noSpaceRe   = regexp.MustCompile(`^(#{1,6})([^\s#].*)$`)
	tagNameRe   = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)`)
	codeSpanRe  = regexp.MustCompile("(`+)[^`]*?(`+)")
)

// notes finds the Notes of the document at root. sanitize is the raw-HTML
// policy, nil when raw HTML is dropped.
func notes(root ast.Node, src []byte, l lines, sanitize *bluemonday.Policy) []Note {
	var out []Note
	add := func(kind string, line int, text string) {
		n := Note{Kind: kind, Line: line, Text: text}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	html := func(raw string, line int) {
		for _, tag := range droppedTags(raw, sanitize) {
			kind := NoteHTMLDropped
			if sanitize != nil {
				kind = NoteHTMLRemoved
			}
			add(kind, line, tag)
		}
	}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.CodeSpan:
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			var b strings.Builder
			for i := 0; i < n.Lines().Len(); i++ {
				s := n.Lines().At(i)
				b.Write(s.Value(src))
			}
			if n.HasClosure() {
				b.Write(n.ClosureLine.Value(src))
			}
			if n.Lines().Len() > 0 {
				html(b.String(), l.at(n.Lines().At(0).Start))
			}
			foreign(b.String(), l.at(n.Lines().At(0).Start), add)
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			var b strings.Builder
			for i := 0; i < n.Segments.Len(); i++ {
				s := n.Segments.At(i)
				b.Write(s.Value(src))
			}
			html(b.String(), blockLine(n, l))
		case *ast.Paragraph, *ast.Heading, *ast.TextBlock:
			ls := n.Lines()
			for i := 0; i < ls.Len(); i++ {
				s := ls.At(i)
				v := s.Value(src)
				// Both checks look for a byte most lines lack: "{" (which
				// foreign needs) and "#" (which starts a heading).
				hasBrace := bytes.IndexByte(v, '{') >= 0
				para := false
				if _, ok := n.(*ast.Paragraph); ok && i == 0 && ls.Len() == 1 {
					para = bytes.IndexByte(v, '#') >= 0
				}
				if !hasBrace && !para {
					continue
				}
				line := l.at(s.Start)
				if hasBrace {
					foreign(codeSpanRe.ReplaceAllString(string(v), "``"), line, add)
				}
				if para {
					t := strings.TrimSpace(string(v))
					// "##Judul" is a heading everywhere but CommonMark;
					// "#Latar Belakang" too, while "#JambiBangkit" (one
					// word) is a hashtag.
					if m := noSpaceRe.FindStringSubmatch(t); m != nil && (len(m[1]) > 1 || strings.Contains(m[2], " ") && !strings.Contains(m[2], "#")) {
						add(NoteHeadingSpace, line, t)
					}
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// foreign finds the syntax of other generators in one line of text.
func foreign(s string, line int, add func(kind string, line int, text string)) {
	if !strings.Contains(s, "{") {
		return
	}
	for _, m := range shortcodeRe.FindAllStringSubmatch(s, -1) {
		add(NoteShortcode, line, m[1])
	}
	for _, m := range liquidTagRe.FindAllString(s, -1) {
		add(NoteLiquid, line, m)
	}
	for _, m := range liquidOutRe.FindAllString(s, -1) {
		add(NoteLiquid, line, m)
	}
	for _, m := range ialRe.FindAllString(s, -1) {
		add(NoteKramdownIAL, line, m)
	}
}

// droppedTags are the element names of raw HTML that do not reach the
// page: all of them without a sanitizer; with one, those it removes.
// Comments and closing tags are not counted.
func droppedTags(raw string, sanitize *bluemonday.Policy) []string {
	var tags []string
	for _, m := range tagNameRe.FindAllStringSubmatch(raw, -1) {
		t := strings.ToLower(m[1])
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	if sanitize == nil || len(tags) == 0 {
		return tags
	}
	kept := strings.ToLower(sanitize.Sanitize(raw))
	return slices.DeleteFunc(tags, func(t string) bool { return strings.Contains(kept, "<"+t) })
}
