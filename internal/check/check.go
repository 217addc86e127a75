// Package check finds what editors get wrong before it goes live: content
// errors, images without alt text, skipped heading levels, empty link text,
// long or duplicate titles, future dates, broken internal links and
// anchors, and unused bundle images. It builds in memory and writes
// nothing. Messages are in Indonesian (or English), each with file:line.
package check

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warta-portal/warta/internal/build"
	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/imaging"
	"github.com/warta-portal/warta/internal/opendata"
	"github.com/warta-portal/warta/internal/publish"
)

// Severity of a finding.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Finding is one problem at one place.
type Finding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Severity Severity `json:"severity"`
	Kind     string   `json:"kind"` // stable id, e.g. image-alt
	Message  string   `json:"message"`
}

// Options configure a check run.
type Options struct {
	Source fs.FS
	Theme  fs.FS
	Lang   string // "id" (default) or "en"
	Now    time.Time
	// Dir is the site folder on disk, for the checks that read its git
	// history (corrections); empty skips them.
	Dir string
	// Images keeps photo renditions between runs (the build cache's
	// store, cache.ImagesIn): a photo already processed, by a build or an
	// earlier check, is not processed again. Nil processes every photo.
	Images imaging.Store
}

// Report is the outcome of a check.
type Report struct {
	Findings []Finding
	Pages    int
	// Notes say which checks were skipped and why.
	Notes []string
}

// Errors counts the findings of severity Error.
func (r Report) Errors() int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == Error {
			n++
		}
	}
	return n
}

// Run checks the site.
func Run(ctx context.Context, o Options) (Report, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Lang == "" {
		o.Lang = "id"
	}
	c := &checker{lang: o.Lang, now: o.Now}
	mem := publish.NewMemory()
	// Future items are built too, so their links are checked and their dates
	// reported; drafts are left out as in a real build.
	res, err := build.Run(ctx, build.Options{Source: o.Source, Target: mem, Theme: o.Theme, Future: true, NoMinify: true, Now: o.Now, BodyFacts: true, Images: o.Images})
	for _, d := range res.Warnings {
		c.addDiag(d, Warning)
	}
	if err != nil {
		if ctx.Err() != nil {
			return Report{}, err
		}
		for _, d := range diag.All(err) {
			c.addDiag(d, Error)
		}
		return c.report(0), nil
	}
	site := res.Site
	c.content(site)
	links := newLinkIndex(mem.Files, site.Config.Base.Path)
	inBodies := c.markdownLinks(site, links)
	c.frontImages(site, links, inBodies)
	// A missing target is reported once, with how many pages link to it:
	// a missing logo would otherwise fill the report with one line a page.
	var order []string
	byTarget := map[string][]string{}
	for _, b := range links.broken() {
		if inBodies[linkKey(b.target)] {
			continue // already reported at its .md line, which is where to fix it
		}
		if _, ok := byTarget[b.target]; !ok {
			order = append(order, b.target)
		}
		byTarget[b.target] = append(byTarget[b.target], b.file)
	}
	for _, target := range order {
		files := byTarget[target]
		c.add(files[0], 0, Error, "broken-link-page", target, len(files))
	}
	c.unusedImages(site, o.Source)
	c.imageSizes(site, o.Source)
	c.orphanAliases(site)
	c.pins(site)
	c.formulas(site)
	note := c.corrections(ctx, site, o.Dir)
	rep := c.report(res.Pages)
	if note != "" {
		rep.Notes = append(rep.Notes, note)
	}
	return rep, nil
}

type checker struct {
	lang     string
	now      time.Time
	findings []Finding
}

func (c *checker) report(pages int) Report {
	slices.SortFunc(c.findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Message, b.Message))
	})
	c.findings = slices.Compact(c.findings)
	return Report{Findings: c.findings, Pages: pages}
}

func (c *checker) add(file string, line int, sev Severity, kind string, args ...any) {
	c.findings = append(c.findings, Finding{File: file, Line: line, Severity: sev, Kind: kind, Message: message(c.lang, kind, args...)})
}

func (c *checker) addDiag(d *diag.Diagnostic, sev Severity) {
	msg := d.Message(c.lang)
	if d.Field != "" {
		msg = d.Field + ": " + msg
	}
	kind := "content"
	if d.File == config.File {
		kind = "config" // the site's warta.yaml, not a page
	}
	c.findings = append(c.findings, Finding{File: d.File, Line: d.Line, Severity: sev, Kind: kind, Message: msg})
}

// MaxTitle is the longest title (in characters) before a warning.
const MaxTitle = 100

func (c *checker) content(s *content.Site) {
	titles := map[string]*content.Page{}
	pages := slices.Clone(s.All)
	slices.SortFunc(pages, func(a, b *content.Page) int { return cmp.Compare(a.File, b.File) })
	for _, p := range pages {
		if p.Doc == nil {
			continue
		}
		if n := utf8.RuneCountInString(p.Title); n > MaxTitle {
			c.add(p.File, p.Line("title"), Warning, "title-long", n, MaxTitle)
		}
		key := strings.ToLower(strings.Join(strings.Fields(p.Title), " "))
		if prev := titles[key]; prev != nil {
			c.add(p.File, p.Line("title"), Warning, "title-duplicate", prev.File)
		} else {
			titles[key] = p
		}
		if p.IsNews() && strings.TrimSpace(p.Summary) == "" {
			c.add(p.File, p.Line("title"), Warning, "summary-missing")
		}
		if p.Date.After(c.now) && p.PublishDate.IsZero() {
			c.add(p.File, p.Line("date"), Warning, "date-future", p.Date.Format("2006-01-02 15:04"))
		}
		for _, img := range p.Doc.Images {
			if strings.TrimSpace(img.Text) == "" {
				c.add(p.File, img.Line, Error, "image-alt", img.Dest)
			}
		}
		level := 1 // the page title is the h1
		for _, h := range p.Doc.Headings {
			if h.Level == 1 {
				c.add(p.File, h.Line, Warning, "heading-h1", h.Text)
			} else if h.Level > level+1 {
				c.add(p.File, h.Line, Warning, "heading-skip", h.Level, h.Text, level)
			}
			level = h.Level
		}
		for _, l := range p.Doc.Links {
			if strings.TrimSpace(l.Text) == "" {
				c.add(p.File, l.Line, Error, "link-empty", l.Dest)
			}
		}
		for _, n := range p.Doc.Notes {
			c.add(p.File, n.Line, Warning, n.Kind, n.Text)
		}
	}
}

// frontImages checks the front matter's image of every page, so a missing
// file is named at the .md line that names it, not on each generated page
// that shows it. Its generated references are added to reported.
func (c *checker) frontImages(s *content.Site, idx *linkIndex, reported map[string]bool) {
	base := strings.TrimSuffix(s.Config.Base.Path, "/")
	for _, p := range s.All {
		u := p.Image.URL
		if u == "" || !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
			continue // none, or external
		}
		dest := base + u
		if ok, _ := idx.resolveFrom(p.Path, dest); !ok {
			c.add(p.File, p.Line("image"), Error, "image-missing", p.Image.Src)
			reported[linkKey(dest)] = true
		}
	}
}

// markdownLinks checks the links written in content bodies, so the finding
// names the .md file and line rather than the generated page. It returns
// the broken ones, keyed by linkKey, so that the generated pages do not
// report them again.
func (c *checker) markdownLinks(s *content.Site, idx *linkIndex) map[string]bool {
	reported := map[string]bool{}
	for _, p := range s.All {
		if p.Doc == nil {
			continue
		}
		for i, l := range slices.Concat(p.Doc.Links, p.Doc.Images) {
			if ok, anchorOnly := idx.resolveFrom(p.Path, l.Dest); !ok {
				kind := "broken-link"
				switch {
				case anchorOnly:
					kind = "broken-anchor"
				case i >= len(p.Doc.Links):
					kind = "image-missing"
				}
				c.add(p.File, l.Line, Error, kind, l.Dest)
				reported[linkKey(l.Dest)] = true
			}
		}
	}
	return reported
}

// orphanAliases reports old URLs that will lead nowhere because the page
// that claims them is a draft or has expired: readers and search engines
// following the old link get the 404 page.
func (c *checker) orphanAliases(s *content.Site) {
	for _, p := range s.Excluded {
		why := "draft: true"
		if !p.Draft {
			why = "expiryDate"
		}
		for _, a := range p.Aliases {
			c.add(p.File, p.Line("aliases"), Warning, "alias-nowhere", a, why)
		}
	}
}

// MaxImageBytes is the size above which an original photo is worth a
// hint: a 12-megapixel phone photo saved at normal quality is 2–4 MB,
// and every byte committed stays in the repository's history.
const MaxImageBytes = 5 << 20

// CoverSlot is the width in pixels a cover photo fills: the article
// column (44rem, 704 CSS pixels, layouts/assets/css/warta.css) on a 1×
// screen. A narrower photo is stretched and looks blurred.
const CoverSlot = 704

// imageSizes gives hints about photos: originals over MaxImageBytes (they
// are processed anyway) and covers narrower than their slot, each at the
// .md line that uses them.
func (c *checker) imageSizes(s *content.Site, src fs.FS) {
	for _, p := range s.All {
		lines := map[string]int{}
		if p.Doc != nil {
			for _, img := range p.Doc.Images {
				lines[path.Join(p.Bundle, path.Clean(img.Dest))] = img.Line
			}
		}
		if p.Image.Src != "" && p.Bundle != "" {
			lines[path.Join(p.Bundle, path.Clean(p.Image.Src))] = p.Line("image")
		}
		for _, r := range p.Resources {
			if !isImage(r) {
				continue
			}
			fi, err := fs.Stat(src, r)
			if err != nil || fi.Size() <= MaxImageBytes {
				continue
			}
			file, line := r, 0
			if l, ok := lines[r]; ok {
				file, line = p.File, l
			}
			c.add(file, line, Warning, "image-large", path.Base(r), float64(fi.Size())/(1<<20), MaxImageBytes>>20)
		}
		if pic := p.Picture; pic != nil && pic.SourceWidth > 0 && pic.SourceWidth < CoverSlot {
			line := p.Line("image.src")
			if line == 0 {
				line = p.Line("image")
			}
			c.add(p.File, line, Warning, "image-small", path.Base(p.Image.Src), pic.SourceWidth, CoverSlot)
		}
	}
}

// unusedImages reports bundle files no page refers to.
func (c *checker) unusedImages(s *content.Site, src fs.FS) {
	for _, p := range s.All {
		if p.Bundle == "" || len(p.Resources) == 0 {
			continue
		}
		used := map[string]bool{}
		if p.Image.Src != "" {
			used[path.Base(p.Image.Src)] = true
		}
		if p.Doc != nil {
			for _, r := range slices.Concat(p.Doc.Images, p.Doc.Links) {
				used[path.Base(r.Dest)] = true
			}
		}
		for _, r := range p.Resources {
			if isImage(r) && !used[path.Base(r)] {
				c.add(r, 0, Warning, "image-unused", p.File)
			}
		}
	}
	_ = src
}

// csvKeys maps the open-data columns that come from front matter to their
// key there.
var csvKeys = map[string]string{
	"title": "title", "summary": "summary", "initiator_name": "initiator.name",
	"goals": "goals", "benefits": "benefits", "results": "results",
	"contact_office": "contact.office", "contact_email": "contact.email", "contact_phone": "contact.phone",
	"tags": "tags", "awards": "awards", "budget": "budget", "legal_basis": "legal_basis", "links": "links",
}

// formulas warns about front-matter values that a spreadsheet opening the
// open-data CSV would run as a formula: the CSV neutralises them (with a
// leading apostrophe), but the editor should know why the cell looks so.
func (c *checker) formulas(s *content.Site) {
	cols := opendata.Columns()
	for i, r := range opendata.Records(s) {
		p := s.Innovations[i]
		v := reflect.ValueOf(r)
		for j, col := range cols {
			key, ok := csvKeys[col]
			if !ok {
				continue
			}
			f := v.Field(j)
			vals := []string{}
			if f.Kind() == reflect.String {
				vals = append(vals, f.String())
			} else if f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String {
				for k := range f.Len() {
					vals = append(vals, f.Index(k).String())
				}
			}
			for _, val := range vals {
				if opendata.Formula(val) {
					c.add(p.File, p.Line(key), Warning, "csv-formula", key, val)
				}
			}
		}
		if a := p.AgencyPage; a != nil && opendata.Formula(a.Title) {
			c.add(a.File, a.Line("title"), Warning, "csv-formula", "title", a.Title)
		}
	}
}

func isImage(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif":
		return true
	}
	return false
}

func message(lang, kind string, args ...any) string {
	m, ok := messages[kind]
	if !ok {
		return fmt.Sprint(args...)
	}
	f := m.id
	if lang == "en" {
		f = m.en
	}
	return fmt.Sprintf(f, args...)
}

var messages = map[string]struct{ id, en string }{
	"image-alt":          {"gambar %q tanpa teks alternatif: tulis deskripsinya, misalnya ![Peserta workshop di aula](%[1]s)", "image %q has no alt text: describe it, e.g. ![Workshop participants in the hall](%[1]s)"},
	"summary-missing":    {"ringkasan (summary) kosong: tulis satu atau dua kalimat untuk daftar berita dan mesin pencari", "no summary: write one or two sentences for lists and search engines"},
	"title-long":         {"judul %d karakter; usahakan paling banyak %d", "title has %d characters; keep it to %d at most"},
	"title-duplicate":    {"judul sama dengan %s: bedakan agar pembaca dan mesin pencari tidak bingung", "same title as %s: make them differ"},
	"date-future":        {"tanggal %s di masa depan: berita ini belum akan terbit; bila memang dijadwalkan, tulis publishDate", "date %s is in the future: the item will not be published yet; if it is scheduled, write publishDate"},
	"heading-h1":         {"judul bagian %q memakai # (h1): judul halaman sudah h1, mulai dari ##", "heading %q uses # (h1): the page title is the h1, start at ##"},
	"heading-skip":       {"judul bagian h%d %q melompati tingkat (sebelumnya h%d): gunakan tingkat berikutnya", "heading h%d %q skips a level (previous h%d): use the next level"},
	"link-empty":         {"tautan ke %q tanpa teks: tulis teks tautan, misalnya [Baca selengkapnya](%[1]s)", "link to %q has no text: write link text, e.g. [Read more](%[1]s)"},
	"broken-link":        {"tautan %q menuju halaman yang tidak ada", "link %q points to a page that does not exist"},
	"broken-anchor":      {"tautan %q menuju bagian (#) yang tidak ada di halaman itu", "link %q points to a section (#) that is not on that page"},
	"broken-link-page":   {"tautan rusak di halaman hasil: %s (di %d halaman)", "broken link on a generated page: %s (on %d pages)"},
	"alias-nowhere":      {"alamat lama %q tidak akan mengarah ke mana pun: halaman ini tidak terbit (%s)", "old URL %q will lead nowhere: this page is not published (%s)"},
	"pin-old":            {"disematkan (pin) sejak %d hari lalu, lebih dari %d hari: lepaskan pin atau tulis pinUntil", "pinned for %d days, more than %d: remove the pin or write pinUntil"},
	"correction-missing": {"isi berita berubah lebih dari %d hari setelah terbit (sesudah %s) tanpa ralat: tambahkan corrections: [{date, text}] yang menjelaskan perubahannya", "the body changed more than %d days after publication (after %s) without a correction: add corrections: [{date, text}] saying what changed"},
	"note-git-missing":   {"git tidak ditemukan: ralat tidak diperiksa terhadap riwayat", "git not found: corrections are not checked against the history"},
	"note-not-git":       {"folder situs bukan repositori git: ralat tidak diperiksa terhadap riwayat", "the site folder is not a git repository: corrections are not checked against the history"},
	"csv-formula":        {"%s: %q diawali tanda yang dibaca spreadsheet sebagai rumus (=, +, -, @): di katalog.csv diberi tanda petik (') di depannya; bila bukan rumus, mulai dengan huruf atau angka", "%s: %q starts with a character spreadsheets read as a formula (=, +, -, @): katalog.csv gets it with a leading apostrophe ('); unless it is meant so, start with a letter or digit"},
	"image-missing":      {"berkas gambar %q tidak ada: tambahkan berkasnya (di folder bundel halaman atau di static/) atau perbaiki alamatnya", "image file %q does not exist: add the file (in the page bundle's folder or in static/) or correct the path"},
	"html-dropped":       {"HTML mentah <%s> dibuang bersama teksnya: tulis ulang dalam Markdown, atau izinkan HTML mentah dengan markdown.rawHTML: true di warta.yaml (lalu disaring)", "raw HTML <%s> is dropped with its text: write it in Markdown, or allow raw HTML with markdown.rawHTML: true in warta.yaml (it then passes a sanitizer)"},
	"html-removed":       {"<%s> dibuang oleh penyaring HTML: hanya unsur biasa dan sematan YouTube, Vimeo atau Google Maps yang diizinkan", "<%s> is removed by the HTML sanitizer: only ordinary elements and YouTube, Vimeo or Google Maps embeds are allowed"},
	"liquid":             {"tag Liquid/Jinja %s tercetak sebagai teks: hapus, atau tulis apa yang dimaksudnya", "Liquid/Jinja tag %s is printed as text: remove it, or write what it stood for"},
	"shortcode":          {"shortcode Hugo %q tercetak sebagai teks: tulis dalam Markdown (gambar, tautan) atau sebagai HTML", "Hugo shortcode %q is printed as text: write it in Markdown (an image, a link) or as HTML"},
	"kramdown-ial":       {"daftar atribut kramdown %s tercetak sebagai teks: hapus (tema warta mengatur tampilan gambar dan paragraf)", "kramdown attribute list %s is printed as text: remove it (warta's theme styles images and paragraphs itself)"},
	"heading-nospace":    {"%q menjadi paragraf, bukan judul bagian: beri spasi setelah # (misalnya \"## Judul\")", "%q is a paragraph, not a heading: put a space after the # (e.g. \"## Judul\")"},
	"image-large":        {"foto %s %.1f MB: warta tetap mengecilkannya, tetapi simpan salinan yang lebih kecil (paling besar %d MB, mis. 2000 piksel lebar) agar repositori tetap ringan", "photo %s is %.1f MB: warta resizes it anyway, but keep a smaller copy (at most %d MB, e.g. 2000 pixels wide) so the repository stays light"},
	"image-small":        {"foto sampul %s hanya %d piksel lebar, padahal tampil %d piksel: pakai foto yang lebih lebar agar tidak buram", "cover photo %s is only %d pixels wide but is shown %d pixels wide: use a wider photo so it is not blurred"},
	"image-unused":       {"gambar tidak dipakai oleh %s: hapus atau pakai di isi berita", "image not used by %s: remove it or use it in the body"},
}
