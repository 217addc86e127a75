package layout

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/warta-portal/warta/internal/source"
)

// idAttr finds id attributes written in a layout: id="konten",
// id="tahun-{{ .Year }}".
var idAttr = regexp.MustCompile(`(?:^|[\s"'])id\s*=\s*"([^"]*)"`)

// IDs lists the element ids the layouts of theme and site (either may be
// nil) write, sorted and once each, so that Markdown heading ids can keep
// clear of them. An id made by a template action is given as its fixed
// prefix and "*": id="tahun-{{ .Year }}" → "tahun-*".
func IDs(theme, site fs.FS) ([]string, error) {
	seen := map[string]bool{}
	for _, fsys := range []fs.FS{theme, site} {
		if fsys == nil {
			continue
		}
		// source.Files, as Load: links to folders followed, refused links
		// reported by the build's walk.
		names, problems := source.Files(fsys, ".")
		if err := problems.Err(); err != nil {
			return nil, err
		}
		for _, p := range names {
			if path.Ext(p) != ".html" {
				continue
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return nil, err
			}
			for _, m := range idAttr.FindAllSubmatch(b, -1) {
				id := strings.TrimSpace(string(m[1]))
				if i := strings.Index(id, "{{"); i >= 0 {
					id = id[:i] + "*"
				}
				if id != "" && id != "*" {
					seen[id] = true
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	slices.Sort(out)
	return out, nil
}
