package importer

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/warta-portal/warta/internal/diag"
)

// finish adds the site-wide notes and writes the report.
func (w *writer) finish(posts []*post) error {
	if len(w.rawHTML) > 0 && w.hasConfig && !w.cfg.Markdown.RawHTML {
		w.t.note("warta.yaml", 0, "markdown.rawHTML", "%d page(s) keep embeds (iframes, video) as HTML, which the build drops unless warta.yaml says markdown: {rawHTML: true}", len(w.rawHTML))
	}
	if w.altGuessed > 0 {
		w.t.note("", 0, "image.alt", "%d cover image(s) have no description in the source; their alt text is the page title (describe each image)", w.altGuessed)
	}
	cfg := "# Written by warta import; every key is described in the README.\n"
	if w.siteTitle != "" {
		cfg += "title: " + yamlString(w.siteTitle) + "\n"
	}
	cfg += "markdown:\n  # Embeds (YouTube, Vimeo, Google Maps iframes) stay as HTML; a sanitizer removes anything else.\n  rawHTML: true\n"
	// A site without warta.yaml gets one; the one an earlier run wrote
	// counts as unchanged.
	if old, err := readExisting(filepath.Join(w.site, "warta.yaml")); !w.hasConfig || (err == nil && string(old) == cfg) {
		if err := w.writeFile(filepath.Join(w.site, "warta.yaml"), []byte(cfg), ""); err != nil {
			return err
		}
	}
	name := "IMPORT.md"
	text := w.reportText()
	for i := 2; ; i++ {
		old, err := readExisting(filepath.Join(w.site, name))
		if err != nil || string(old) == text {
			break
		}
		name = fmt.Sprintf("IMPORT-%d.md", i)
	}
	w.report = name
	return w.writeFile(filepath.Join(w.site, name), []byte(text), "")
}

func (w *writer) counts() []Count {
	var out []Count
	for _, k := range countOrder {
		if n, ok := w.t.counts[k]; ok {
			out = append(out, Count{k, n})
		}
	}
	var rest []string
	for k := range w.t.counts {
		if !slices.Contains(countOrder, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	for _, k := range rest {
		out = append(out, Count{k, w.t.counts[k]})
	}
	if w.downloaded > 0 {
		out = append(out, Count{"images downloaded into bundles", w.downloaded})
	}
	if len(w.remote) > 0 {
		out = append(out, Count{"images left remote", len(w.remote)})
	}
	if len(w.missing) > 0 {
		out = append(out, Count{"images missing in the source", len(w.missing)})
	}
	return out
}

// reportText is IMPORT.md: the same for the same source and site, so a
// second run leaves it as it is.
func (w *writer) reportText() string {
	lang := w.o.Lang
	var b strings.Builder
	fmt.Fprintf(&b, "# Import from %s: %s\n\n", w.o.Kind, filepath.Base(w.o.Source))
	b.WriteString("Every entry of the source is counted below by what became of it; every guess\nand every entry left out is listed with its reason. Nothing here is needed by\nthe build: keep this file as the record of the move, or delete it.\n\n")
	b.WriteString("## Counts\n\n| entries | count |\n|---|---:|\n")
	for _, c := range w.counts() {
		fmt.Fprintf(&b, "| %s | %d |\n", c.What, c.N)
	}
	b.WriteString("\n## Pages\n\n| source | title | state | file | old URLs (aliases) |\n|---|---|---|---|---|\n")
	for _, r := range w.rows {
		src := where(r.src, r.line)
		if r.id != "" {
			src += " (id " + r.id + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", cell(src), cell(r.title), r.state, cell(r.file), cell(strings.Join(r.old, " ")))
	}
	notes := slices.Clone(w.t.notes)
	slices.SortStableFunc(notes, func(a, b *diag.Diagnostic) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	if len(notes) > 0 {
		b.WriteString("\n## Guesses, conversions and entries left out\n\n")
		for _, d := range notes {
			s := d.Localized(lang)
			if d.File == "" {
				s = strings.TrimPrefix(s, ": ")
			}
			fmt.Fprintf(&b, "- %s\n", s)
		}
	}
	if len(w.queries) > 0 {
		b.WriteString("\n## Old URLs with a query\n\nA static host cannot answer these by a file. To keep them working, add a\nrule to the web server, for example in nginx (inside `server`):\n\n```nginx\n")
		for _, q := range w.queries {
			fmt.Fprintf(&b, "if ($request_uri = %q) { return 301 %s; }\n", q.old, q.to)
		}
		b.WriteString("```\n")
	}
	if len(w.remote) > 0 {
		b.WriteString("\n## Images left remote\n\nThese images are still loaded from the old host; `warta import --download-images`\nfetches them into the page bundles.\n\n")
		for _, r := range w.remote {
			fmt.Fprintf(&b, "- %s: %s\n", r.title, r.ref)
		}
	}
	if len(w.missing) > 0 {
		b.WriteString("\n## Images missing in the source\n\nThe posts name these files, but the source folder does not have them; the\nlinks are kept as written.\n\n")
		for _, m := range w.missing {
			fmt.Fprintf(&b, "- %s (%s): %s\n", where(m.src, m.line), m.title, m.ref)
		}
	}
	return b.String()
}

// result is what Run returns.
func (w *writer) result() *Result {
	r := &Result{Counts: w.counts(), Written: w.written, Same: w.same, Notes: w.t.notes, Report: w.report}
	var b strings.Builder
	for _, c := range r.Counts {
		fmt.Fprintf(&b, "  %-34s %6d\n", c.What, c.N)
	}
	r.Summary = b.String()
	return r
}

func where(file string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}

// cell escapes a table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}

func yamlString(s string) string {
	return fmt.Sprintf("%q", s)
}
