package build

import (
	"fmt"
	"strings"

	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/source"
)

// skipWarnings names the files under content/ that the build publishes
// nothing of, so none disappears without a word.
func skipWarnings(skipped []source.Skip) diag.List {
	var out diag.List
	for _, s := range skipped {
		if s.Bundle != "" {
			out.Add(diag.Warnf(s.Path, 0, "", "not published: a Markdown file inside the folder of the page bundle %s is not a page (move it out of the folder to make it one)", s.Bundle))
			continue
		}
		out.Add(diag.Warnf(s.Path, 0, "", "not published: only page bundles (a folder with index.md) carry files under content/; move it into one, or to static/"))
	}
	return out
}

// noMarkdown is the error of a site without content files: it names the
// files it skipped (the first ten), so an archive of another generator's
// file type does not look empty.
func noMarkdown(skipped []source.Skip) error {
	if len(skipped) == 0 {
		return diag.Errorf("content", 0, "", "no Markdown files found: put pages in content/ (for example content/berita/judul.md)")
	}
	const most = 10
	var names []string
	for i, s := range skipped {
		if i == most {
			names = append(names, fmt.Sprintf("... (%d more)", len(skipped)-most))
			break
		}
		names = append(names, diag.Printable(s.Path))
	}
	return diag.Errorf("content", 0, "", "no Markdown files found (.md, .markdown, .mdown, .mkd, .mkdn); skipped %d other files: %s", len(skipped), strings.Join(names, ", "))
}
