package importer

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/warta-portal/warta/internal/source"
)

// hugoContentExts are the content formats read; others are noted.
var hugoContentExts = []string{".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".html", ".htm"}

// readHugo reads a Hugo site folder: content/ (files and leaf bundles),
// its configuration for the title, time zone and permalinks, and static/
// for site-absolute images.
func readHugo(dir string, t *tally) ([]*post, error) {
	cfg := fields{}
	for _, name := range []string{"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json",
		"config/_default/hugo.toml", "config/_default/config.toml", "config/_default/hugo.yaml", "config/_default/config.yaml"} {
		data, err := readConfig(dir, name)
		if err != nil {
			return nil, err
		}
		if data == nil {
			continue
		}
		var wrapped []byte
		switch path.Ext(name) {
		case ".toml":
			wrapped = append(append([]byte("+++\n"), data...), []byte("\n+++\n")...)
		case ".json":
			wrapped = data
		default:
			wrapped = append(append([]byte("---\n"), data...), []byte("\n---\n")...)
		}
		f, _, _, err := splitFrontMatter(wrapped)
		if err != nil {
			return nil, errorf(name, 0, "cannot read the configuration: %v", err)
		}
		cfg = f
		break
	}
	t.title = cfg.str("title")
	loc := time.UTC
	if tz := cfg.str("timezone"); tz != "" {
		if l, err := time.LoadLocation(tz); err == nil {
			loc = l
		}
	} else {
		t.note("", 0, "timezone", "the Hugo site sets no timeZone: dates without an offset are read in UTC, as Hugo does")
	}
	permalinks := map[string]string{}
	if m, ok := cfg["permalinks"].(map[string]any); ok {
		for k, v := range m {
			if s, ok := v.(string); ok {
				permalinks[k] = s
			}
		}
	}
	root := filepath.Join(dir, "content")
	if _, err := os.Stat(root); err != nil {
		return nil, errorf(dir, 0, "not a Hugo site: no content/ folder")
	}
	static := filepath.Join(dir, "static")
	var posts []*post
	err := filepath.WalkDir(root, func(file string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, file)
		rel = filepath.ToSlash(rel)
		name := d.Name()
		if d.IsDir() {
			if rel != "." && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(path.Ext(name))
		stem := strings.TrimSuffix(name, path.Ext(name))
		if !slices.Contains(hugoContentExts, ext) {
			switch ext {
			case ".adoc", ".asciidoc", ".org", ".rst", ".pandoc", ".pdc", ".ad":
				t.skip("content/"+rel, 0, "content in other formats (skipped)", "%s content is not read by warta; convert it to Markdown and import again", ext)
			}
			return nil // a resource, copied with its bundle
		}
		if stem == "_index" {
			t.skip("content/"+rel, 1, "section and home pages (_index, skipped)", "a list page's text; warta writes its own lists (put a description in content/<section>/_index.md by hand)")
			return nil
		}
		data, err := source.ReadFileIn(dir, file) // no links out of the site, no FIFOs
		if err != nil {
			return errorf("content/"+rel, 0, "cannot read: %v", err)
		}
		f, body, _, err := splitFrontMatter(data)
		if err != nil {
			t.skip("content/"+rel, 1, "files with unreadable front matter (skipped)", "front matter cannot be read (%v); skipped: fix it and import again", err)
			return nil
		}
		if f == nil {
			f = fields{}
		}
		fileDir := filepath.Dir(file)
		segs := strings.Split(rel, "/")
		bundleDir := ""
		if stem == "index" && len(segs) > 1 {
			bundleDir = fileDir
			stem = segs[len(segs)-2]
			segs = segs[:len(segs)-1]
		}
		section := ""
		if len(segs) > 1 {
			section = segs[0]
		}
		p := &post{src: "content/" + rel, line: 1, html: ext == ".html" || ext == ".htm", body: body, localRoot: static, fileDir: fileDir, page: section == ""}
		p.id = stem
		if bundleDir != "" {
			p.bundle = map[string]string{}
			filepath.WalkDir(bundleDir, func(rf string, rd fs.DirEntry, err error) error {
				if err != nil || rd.IsDir() || rf == file {
					return nil
				}
				rr, _ := filepath.Rel(bundleDir, rf)
				if e := strings.ToLower(path.Ext(rr)); slices.Contains(hugoContentExts, e) {
					return nil
				}
				p.bundle[filepath.ToSlash(rr)] = rf
				return nil
			})
		}
		hugoFields(p, f, stem, loc, t)
		if u := f.str("url"); u != "" && f.str("slug") == "" {
			if s := strings.TrimSuffix(path.Base(strings.TrimSuffix(u, "/")), path.Ext(u)); s != "" && s != "." {
				p.slug = s
			}
		}
		if !p.draft {
			u := f.str("url")
			if u == "" {
				u = hugoURL(permalinks[section], section, stem, p, f)
			}
			p.old = append(p.old, u)
		}
		for _, a := range f.list("aliases", "") {
			p.old = append(p.old, a)
		}
		posts = append(posts, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return posts, nil
}

// hugoFields fills p from Hugo front matter.
func hugoFields(p *post, f fields, stem string, loc *time.Location, t *tally) {
	p.title = f.str("title", "linktitle")
	for _, k := range []string{"date", "publishdate", "pubdate", "published", "lastmod", "modified"} {
		if s := f.str(k); s != "" {
			if d, ok := parseDate(s, loc); ok {
				p.date = d
				break
			}
			t.note(p.src, 1, k, "cannot read the date %q", s)
		}
	}
	if s := f.str("publishdate"); s != "" {
		if d, ok := parseDate(s, loc); ok && d.After(time.Now()) {
			p.sched = true
			if d.After(p.date) {
				p.date = d
			}
		}
	}
	if !p.date.IsZero() && p.date.After(time.Now()) {
		p.sched = true
	}
	p.update, _ = parseDate(f.str("lastmod", "modified"), loc)
	p.draft = f.bool("draft", false)
	p.author = f.author("author", "authors")
	p.sum = f.str("summary", "description")
	p.tags = f.list("tags", "")
	p.cats = f.list("categories", "")
	p.cover = f.image("image", "images", "featured_image", "featureimage", "cover", "thumbnail")
	if c, ok := f["cover"].(map[string]any); ok {
		p.cover = fields(c).str("image", "src")
	}
	p.slug = stem
	if s := f.str("slug"); s != "" {
		p.slug = s
	}
}

// hugoURL is the URL Hugo gives a page: the section's permalink pattern,
// or /section/slug/ ; Hugo lower-cases paths and turns spaces into "-".
func hugoURL(pattern, section, stem string, p *post, f fields) string {
	slugv := stem
	if s := f.str("slug"); s != "" {
		slugv = s
	}
	var u string
	if pattern != "" {
		d := p.date
		repl := strings.NewReplacer(":year", d.Format("2006"), ":month", d.Format("01"), ":day", d.Format("02"),
			":slug", slugv, ":title", strings.ToLower(strings.ReplaceAll(p.title, " ", "-")), ":filename", stem,
			":contentbasename", stem, ":section", section, ":sections", section)
		u = repl.Replace(pattern)
	} else if section == "" {
		u = "/" + slugv + "/"
	} else {
		u = "/" + section + "/" + slugv + "/"
	}
	return strings.ToLower(strings.ReplaceAll(u, " ", "-"))
}
