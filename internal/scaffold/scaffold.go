// Package scaffold writes a new portal folder: warta.yaml with every key
// explained in Indonesian, the content sections with their _index.md, one
// example article as a page bundle, .gitignore, and CI files for a portal
// repository that installs a pinned warta (GitHub Pages and GitLab Pages,
// on push and hourly, with the build cache kept between runs). It never
// overwrites a file.
package scaffold

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"text/template"
	"time"
)

//go:embed all:site
var files embed.FS

// Options say what to write where.
type Options struct {
	Dir      string // the new portal folder; made if missing
	Title    string // the portal's name
	BaseURL  string // where it will be published; "" leaves a placeholder
	TimeZone string // an IANA name, or WIB, WITA or WIT
	Version  string // the warta version the CI files install: "0.2.0"
	Now      time.Time
	// Force writes into a folder that already holds files, adding only the
	// files that are missing.
	Force bool
}

// Result lists the files written and those left alone (already there),
// site-relative with forward slashes.
type Result struct {
	Written, Kept []string
}

// ErrNotEmpty is returned for a folder with files in it, without Force.
var ErrNotEmpty = errors.New("folder is not empty")

// Zones are the Indonesian time zone names and their IANA zones.
var Zones = map[string]string{"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}

// Zone resolves WIB, WITA or WIT (any case) or an IANA name to a loaded
// location; the error says what to write.
func Zone(name string) (string, *time.Location, error) {
	if z, ok := Zones[strings.ToUpper(strings.TrimSpace(name))]; ok {
		name = z
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" || name == "Local" {
		return "", nil, fmt.Errorf("unknown time zone %q: write WIB, WITA, WIT or a name such as Asia/Makassar", name)
	}
	return name, loc, nil
}

// Write writes the portal folder.
func Write(o Options) (Result, error) {
	var res Result
	zone, loc, err := Zone(o.TimeZone)
	if err != nil {
		return res, err
	}
	if strings.TrimSpace(o.Title) == "" {
		o.Title = "Portal Berita"
	}
	if o.BaseURL == "" {
		o.BaseURL = "https://portal.example.go.id/"
	}
	if !strings.HasSuffix(o.BaseURL, "/") {
		o.BaseURL += "/"
	}
	if entries, err := os.ReadDir(o.Dir); err == nil && len(entries) > 0 && !o.Force {
		return res, ErrNotEmpty
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return res, err
	}
	data := struct {
		Title, BaseURL, TimeZone, Version, Date string
	}{o.Title, o.BaseURL, zone, strings.TrimPrefix(o.Version, "v"), o.Now.In(loc).Format("2006-01-02 15:04")}
	funcs := template.FuncMap{
		// q quotes a value for YAML (a JSON string is a YAML string).
		"q": func(s string) string { b, _ := json.Marshal(s); return string(b) },
		// portal names the site as a portal: "Portal " before its title,
		// unless the title already says so ("Portal Berita").
		"portal": func(s string) string {
			if strings.HasPrefix(strings.ToLower(s), "portal") {
				return s
			}
			return "Portal " + s
		},
	}
	err = fs.WalkDir(files, "site", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(name, "site/")
		src, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		out := src
		if ext := path.Ext(rel); ext == ".md" || ext == ".yaml" || ext == ".yml" {
			t, err := template.New(rel).Delims("[[", "]]").Funcs(funcs).Option("missingkey=error").Parse(string(src))
			if err != nil {
				return err
			}
			var b bytes.Buffer
			if err := t.Execute(&b, data); err != nil {
				return err
			}
			out = b.Bytes()
		}
		dst := filepath.Join(o.Dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			res.Kept = append(res.Kept, rel)
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := f.Write(out); err != nil {
			f.Close()
			return err
		}
		res.Written = append(res.Written, rel)
		return f.Close()
	})
	return res, err
}
