package layout

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
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
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || path.Ext(p) != ".html" {
				return err
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
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
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	slices.Sort(out)
	return out, nil
}
