// Package archetype fills the templates `warta new` starts a page from:
// layouts/archetypes/<kind>.md of the site, else of the embedded theme,
// executed with text/template and the Data below. quote writes a YAML
// (and JSON) string, so a title with quotes or colons stays one value.
package archetype

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"text/template"
	"time"
)

// Data is what an archetype template is given.
type Data struct {
	Title string // as typed on the command line
	Date  string // the moment of creation in the site's time zone: 2006-01-02T15:04:05+08:00
	Slug  string // the file name without .md
}

// NewData makes the Data of a page created at now, with its date in loc
// (the site's time zone: WIB, WITA or WIT by province).
func NewData(title, slug string, now time.Time, loc *time.Location) Data {
	return Data{Title: title, Slug: slug, Date: now.In(loc).Format("2006-01-02T15:04:05-07:00")}
}

// Find returns the template for kind: site's layouts/archetypes/<kind>.md
// (site is the site folder), else theme's archetypes/<kind>.md. origin
// names the file for messages.
func Find(site, theme fs.FS, kind string) (text []byte, origin string, err error) {
	name := "archetypes/" + kind + ".md"
	b, err := fs.ReadFile(site, "layouts/"+name)
	if err == nil {
		return b, "layouts/" + name, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, "", err
	}
	b, err = fs.ReadFile(theme, name)
	if err != nil {
		return nil, "", fmt.Errorf("no archetype for %s: %w", kind, err)
	}
	return b, "(embedded theme) layouts/" + name, nil
}

// Fill executes the archetype text (from origin) with d. A key the
// template names that Data lacks is an error, not an empty value.
func Fill(origin string, text []byte, d Data) ([]byte, error) {
	t, err := template.New(origin).Option("missingkey=error").Funcs(template.FuncMap{
		"quote": func(s string) (string, error) {
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(s); err != nil {
				return "", err
			}
			return strings.TrimSuffix(b.String(), "\n"), nil
		},
	}).Parse(string(text))
	if err != nil {
		return nil, fmt.Errorf("archetype %v", err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return nil, fmt.Errorf("archetype %v", err)
	}
	return b.Bytes(), nil
}
