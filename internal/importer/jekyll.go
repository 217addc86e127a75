package importer

import (
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/warta-portal/warta/internal/source"
)

// jekyllPostName is Jekyll's post file name: YYYY-MM-DD-title.ext.
var jekyllPostName = regexp.MustCompile(`^(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$`)

// jekyllExts are the Markdown extensions Jekyll reads (markdown_ext) and HTML.
var jekyllExts = []string{".md", ".markdown", ".mkdown", ".mkdn", ".mkd", ".mdown", ".html", ".htm"}

// jekyllPermalinks are Jekyll's built-in permalink styles.
var jekyllPermalinks = map[string]string{
	"date":    "/:categories/:year/:month/:day/:title:output_ext",
	"pretty":  "/:categories/:year/:month/:day/:title/",
	"ordinal": "/:categories/:year/:y_day/:title:output_ext",
	"none":    "/:categories/:title:output_ext",
}

// jekyllSkipDirs are folders of a Jekyll site that hold no content.
var jekyllSkipDirs = []string{"_site", "_layouts", "_includes", "_sass", "_data", "_plugins", "node_modules", "vendor", ".jekyll-cache", ".sass-cache", ".bundle"}

// readJekyll reads a Jekyll site folder: posts in _posts/ (also under
// category folders), drafts in _drafts/, and Markdown pages.
func readJekyll(dir string, t *tally) ([]*post, error) {
	cfg := fields{}
	for _, name := range []string{"_config.yml", "_config.yaml"} {
		data, err := readConfig(dir, name)
		if err != nil {
			return nil, err
		}
		if data != nil {
			f, _, _, err := splitFrontMatter(append([]byte("---\n"), append(data, []byte("\n---\n")...)...))
			if err != nil {
				return nil, errorf(name, 0, "cannot read the configuration: %v", err)
			}
			cfg = f
			break
		}
	}
	t.title = cfg.str("title")
	loc := time.UTC
	if tz := cfg.str("timezone"); tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil {
			return nil, errorf("_config.yml", 0, "timezone %q is not a time zone name such as Asia/Jakarta", tz)
		}
		loc = l
	} else {
		loc, _ = time.LoadLocation("Asia/Jakarta")
		t.note("_config.yml", 0, "timezone", "no timezone: dates without an offset are read in Asia/Jakarta (WIB), warta's default")
	}
	permalink := cfg.str("permalink")
	if permalink == "" {
		permalink = "date"
	}
	if p, ok := jekyllPermalinks[permalink]; ok {
		permalink = p
	}
	base := strings.TrimSuffix(cfg.str("baseurl"), "/")
	t.baseURL = base
	var posts []*post
	err := filepath.WalkDir(dir, func(file string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, file)
		rel = filepath.ToSlash(rel)
		name := d.Name()
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(name, ".") || slices.Contains(jekyllSkipDirs, name)) {
				return filepath.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(path.Ext(name))
		if !slices.Contains(jekyllExts, ext) || strings.HasPrefix(name, ".") {
			return nil
		}
		segs := strings.Split(rel, "/")
		inPosts := slices.Contains(segs[:len(segs)-1], "_posts")
		inDrafts := slices.Contains(segs[:len(segs)-1], "_drafts")
		if !inPosts && !inDrafts && slices.ContainsFunc(segs[:len(segs)-1], func(s string) bool { return strings.HasPrefix(s, "_") }) {
			return nil // a collection or theme folder
		}
		data, err := source.ReadFileIn(dir, file) // no links out of the site, no FIFOs
		if err != nil {
			return errorf(rel, 0, "cannot read: %v", err)
		}
		f, body, hasFM, err := splitFrontMatter(data)
		if err != nil {
			t.skip(rel, 1, "files with unreadable front matter (skipped)", "front matter cannot be read (%v); skipped: fix it and import again", err)
			return nil
		}
		if !hasFM {
			if inPosts || inDrafts {
				t.skip(rel, 1, "posts without front matter (skipped)", "no front matter, so Jekyll does not publish it either; skipped")
			}
			return nil
		}
		if !inPosts && !inDrafts {
			switch {
			case ext == ".html" || ext == ".htm":
				t.skip(rel, 1, "HTML pages (skipped)", "an HTML page of the theme (home, lists, feeds); warta's layouts make their own")
				return nil
			case rel == "index.md" || rel == "index.markdown" || name == "404.md":
				t.skip(rel, 1, "HTML pages (skipped)", "the home or error page; warta's theme makes its own")
				return nil
			}
		}
		p := &post{src: rel, line: 1, html: ext == ".html" || ext == ".htm", body: body, localRoot: dir, fileDir: filepath.Dir(file), page: !inPosts && !inDrafts}
		p.id = strings.TrimSuffix(name, path.Ext(name))
		stem := p.id
		var fileDate time.Time
		if inPosts {
			m := jekyllPostName.FindStringSubmatch(name)
			if m == nil {
				t.skip(rel, 1, "posts not named YYYY-MM-DD-title (skipped)", "not named YYYY-MM-DD-title%s, so Jekyll does not publish it either; skipped", ext)
				return nil
			}
			fileDate, _ = time.ParseInLocation("2006-1-2", m[1], loc)
			stem = m[2]
		}
		jekyllFields(p, f, stem, fileDate, loc, inDrafts, t)
		// Categories from the folders above _posts, as Jekyll reads them.
		var cats []string
		for _, s := range segs[:len(segs)-1] {
			if s == "_posts" || s == "_drafts" {
				break
			}
			cats = append(cats, s)
		}
		cats = append(cats, f.list("categories", " ")...)
		if c := f.str("category"); c != "" {
			cats = append(cats, c)
		}
		if !p.page {
			p.cats = cats
		}
		if !p.draft && !p.page {
			pattern := permalink
			if pl := f.str("permalink"); pl != "" {
				pattern = pl
			}
			slugSrc := stem
			if s := f.str("slug"); s != "" {
				slugSrc = s
			}
			p.old = append(p.old, jekyllURL(pattern, p.date.In(loc), cats, slugSrc, ext))
		} else if p.page && !p.draft {
			if pl := f.str("permalink"); pl != "" {
				p.old = append(p.old, pl)
			} else {
				p.old = append(p.old, "/"+strings.TrimSuffix(rel, path.Ext(rel))+".html")
			}
		}
		p.old = append(p.old, f.list("redirect_from", "")...)
		for i, o := range p.old {
			p.old[i] = strings.TrimPrefix(o, base)
		}
		posts = append(posts, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return posts, nil
}

// jekyllFields fills p from a Jekyll post's front matter.
func jekyllFields(p *post, f fields, stem string, fileDate time.Time, loc *time.Location, draft bool, t *tally) {
	p.title = f.str("title")
	if p.title == "" && !p.page {
		p.title = titleize(stem)
		if p.title != "" {
			t.note(p.src, 1, "title", "no title: used %q from the file name, as Jekyll does", p.title)
		}
	}
	p.date = fileDate
	if s := f.str("date"); s != "" {
		if d, ok := parseDate(s, loc); ok {
			p.date = d
		} else {
			t.note(p.src, 1, "date", "cannot read the date %q; used the date of the file name", s)
		}
	}
	p.update, _ = parseDate(f.str("last_modified_at", "lastmod", "updated"), loc)
	p.draft = draft || !f.bool("published", true) || f.bool("draft", false)
	if !p.date.IsZero() && p.date.After(time.Now()) && !p.draft {
		p.sched = true
	}
	p.author = f.author("author", "authors")
	p.sum = f.str("excerpt", "description", "summary")
	p.tags = append(f.list("tags", " "), f.list("tag", "")...)
	p.cover = f.image("image", "cover", "feature_image", "thumbnail", "header")
	p.slug = stem
	if s := f.str("slug"); s != "" {
		p.slug = s
	}
}

// jekyllURL is the URL Jekyll gives a post: pattern's placeholders filled
// (Jekyll's Drops::UrlDrop), double slashes collapsed.
func jekyllURL(pattern string, d time.Time, cats []string, stem, ext string) string {
	outExt := ".html"
	var lc []string
	for _, c := range cats {
		c = strings.ToLower(c)
		if !slices.Contains(lc, c) {
			lc = append(lc, c)
		}
	}
	repl := map[string]string{
		":categories": strings.Join(lc, "/"), ":year": d.Format("2006"), ":month": d.Format("01"), ":i_month": d.Format("1"),
		":day": d.Format("02"), ":i_day": d.Format("2"), ":short_year": d.Format("06"), ":hour": d.Format("15"),
		":minute": d.Format("04"), ":second": d.Format("05"), ":y_day": d.Format("002"), ":title": jekyllSlugify(stem),
		":slug": jekyllSlugify(stem), ":output_ext": outExt, ":name": jekyllSlugify(stem),
		":short_month": d.Format("Jan"), ":long_month": d.Format("January"), ":short_day": d.Format("Mon"), ":long_day": d.Format("Monday"),
	}
	keys := make([]string, 0, len(repl))
	for k := range repl {
		keys = append(keys, k)
	}
	// Longest first, so :i_month is not read as :i + _month.
	slices.SortFunc(keys, func(a, b string) int { return len(b) - len(a) })
	out := pattern
	for _, k := range keys {
		out = strings.ReplaceAll(out, k, repl[k])
	}
	for strings.Contains(out, "//") {
		out = strings.ReplaceAll(out, "//", "/")
	}
	if !strings.HasPrefix(out, "/") {
		out = "/" + out
	}
	return out
}

// jekyllSlugify is Jekyll's Utils.slugify in "pretty" mode, cased: runs
// of characters other than letters, digits and ._~!$&'()+,;=@ become "-",
// and "-" is trimmed from both ends.
func jekyllSlugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._~!$&'()+,;=@", r) {
			b.WriteRune(r)
			dash = false
			continue
		}
		if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}

// titleize is Jekyll's title from a file name: words capitalised.
func titleize(stem string) string {
	words := strings.FieldsFunc(stem, func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}
