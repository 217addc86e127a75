// Package diag provides positioned diagnostics: an error or warning that
// names the content file, the line in that file, the field and what was
// expected, in the form editors read:
//
//	content/berita/x.md:4: date: cannot read "11/11/2020" (write 2020-11-11)
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Diagnostic is one finding about one place in one file.
type Diagnostic struct {
	File    string // slash path relative to the site root, e.g. content/berita/x.md
	Line    int    // 1-based line in File; 0 when the finding is about the whole file
	Field   string // front-matter key path ("image.alt"), template name, or ""
	Msg     string
	Warning bool // warnings are reported but do not fail a build

	format string // Msg before formatting, for translation
	args   []any
}

func (d *Diagnostic) Error() string { return d.with(d.Msg) }

// with is "file:line: field: msg", leaving out what d does not have (no
// ": " in front of a problem of no file, such as the destination).
func (d *Diagnostic) with(msg string) string {
	s := Printable(d.File)
	if d.Line > 0 {
		s += fmt.Sprintf(":%d", d.Line)
	}
	if d.Field != "" {
		if s != "" {
			s += ": "
		}
		s += d.Field
	}
	if s == "" {
		return msg
	}
	return s + ": " + msg
}

// Printable shows control characters of a file name as escapes, so a
// name cannot move the cursor or recolour the terminal it is printed in.
func Printable(name string) string {
	if !strings.ContainsFunc(name, unicode.IsControl) {
		return name
	}
	var b strings.Builder
	for _, r := range name {
		if unicode.IsControl(r) {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Errorf makes an error diagnostic.
func Errorf(file string, line int, field, format string, args ...any) *Diagnostic {
	return &Diagnostic{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...), format: format, args: args}
}

// Warnf makes a warning diagnostic.
func Warnf(file string, line int, field, format string, args ...any) *Diagnostic {
	return &Diagnostic{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...), Warning: true, format: format, args: args}
}

// List gathers diagnostics from concurrent stages; its zero value is ready.
type List []*Diagnostic

// Add appends d unless it is nil.
func (l *List) Add(d ...*Diagnostic) {
	for _, x := range d {
		if x != nil {
			*l = append(*l, x)
		}
	}
}

// Errors reports whether l holds at least one error (not only warnings).
func (l List) Errors() bool {
	return slices.ContainsFunc(l, func(d *Diagnostic) bool { return !d.Warning })
}

// Sort orders by file, line and message so reports are stable.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b *Diagnostic) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Field, b.Field), cmp.Compare(a.Msg, b.Msg))
	})
}

// Err joins the errors of l (warnings left out) into one error, or nil.
func (l List) Err() error {
	var errs []error
	for _, d := range l {
		if !d.Warning {
			errs = append(errs, d)
		}
	}
	return errors.Join(errs...)
}

// Messages returns the English message of each diagnostic of l, in order.
func (l List) Messages() []string {
	m := make([]string, len(l))
	for i, d := range l {
		m[i] = d.Msg
	}
	return m
}

// Warnings returns the warnings of l.
func (l List) Warnings() List {
	var w List
	for _, d := range l {
		if d.Warning {
			w = append(w, d)
		}
	}
	return w
}

// All unwraps err into its diagnostics; errors that are not diagnostics are
// wrapped as file-less ones.
func All(err error) List {
	if err == nil {
		return nil
	}
	var out List
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var d *Diagnostic
		if errors.As(e, &d) {
			out = append(out, d)
			return
		}
		out = append(out, &Diagnostic{Msg: e.Error()})
	}
	walk(err)
	return out
}
