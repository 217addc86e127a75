package build

import (
	"io/fs"

	"github.com/warta-portal/warta/internal/render"
	"github.com/warta-portal/warta/internal/source"
)

// copies lists the files copied as they are: the theme's assets, the
// site's layouts/assets over them, and static/ over both.
func copies(theme, siteLayouts, site fs.FS, static []string) []render.File {
	byName := map[string]render.File{}
	var order []string
	add := func(f render.File) {
		if _, ok := byName[f.Name]; !ok {
			order = append(order, f.Name)
		}
		byName[f.Name] = f
	}
	for _, l := range []struct {
		fsys   fs.FS
		origin string
	}{{theme, "(embedded theme) layouts/"}, {siteLayouts, "layouts/"}} {
		if l.fsys == nil {
			continue
		}
		_ = fs.WalkDir(l.fsys, "assets", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			add(render.File{Name: p[len("assets/"):], FS: l.fsys, Src: p, Origin: l.origin + p})
			return nil
		})
	}
	for _, p := range static {
		add(render.File{Name: p[len("static/"):], FS: site, Src: p, Origin: p})
	}
	out := make([]render.File, 0, len(order))
	for _, n := range order {
		out = append(out, byName[n])
	}
	return out
}

// DirFS is the site folder dir as the build reads it: source.DirFS, which
// reads nothing from outside the site and never opens devices or pipes.
func DirFS(dir string) fs.FS { return source.DirFS(dir) }
