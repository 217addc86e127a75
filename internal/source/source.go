// Package source opens a site folder (DirFS: nothing from outside the site,
// no devices or pipes), walks it through fs.FS and says what it holds:
// content files (with the other files of their page bundles) and static
// files. It reads names only; the build reads bytes.
package source

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/warta-portal/warta/internal/diag"
)

// Entry is one content file.
type Entry struct {
	Path      string   // content/berita/x.md or content/berita/x/index.md
	Resources []string // for bundles: the folder's other files
	// found is the walk's folder entry of a regular file; nil for a
	// symbolic link (checked again in full) and an Entry made by hand.
	found fs.DirEntry
}

// Stat returns the file's information as fs.Stat(fsys, e.Path) would,
// for an Entry from Walk without checking again every folder on its way,
// which the walk did: a regular file costs one lstat, taken now, where
// fs.Stat through DirFS costs one per folder of the path (a build with a
// cache stats every content file; 36,000 lstat calls at 12,000 files
// instead of 12,000). A file replaced since the walk by anything but a
// regular file gets fs.Stat's full check, and its refusals.
func (e Entry) Stat(fsys fs.FS) (fs.FileInfo, error) {
	if e.found == nil {
		return fs.Stat(fsys, e.Path)
	}
	fi, err := e.found.Info()
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: e.Path, Err: unwrapPath(err)}
	}
	if !fi.Mode().IsRegular() {
		return fs.Stat(fsys, e.Path) // no longer what the walk met: the full check
	}
	return fi, nil
}

// Tree is what a site folder holds.
type Tree struct {
	Content []Entry
	Static  []string // files under static/, site-relative
	// Skipped are files under content/ that are neither pages nor
	// resources of a page bundle, so the build publishes nothing of them
	// (editor leftovers are not listed).
	Skipped []Skip
}

// Skip is a file under content/ the build does not publish, and why.
type Skip struct {
	Path   string
	Bundle string // for a Markdown file inside a bundle's folder: the bundle's index file
}

// markdownExt are the extensions of content files: Hugo's (.md, .markdown,
// .mdown) and Jekyll's (markdown_ext: markdown, mkdown, mkdn, mkd, md).
var markdownExt = map[string]bool{".md": true, ".markdown": true, ".mdown": true, ".mkdown": true, ".mkdn": true, ".mkd": true}

// IsMarkdown reports whether name is a content file by its extension
// (any case: .MD too).
func IsMarkdown(name string) bool { return markdownExt[strings.ToLower(path.Ext(name))] }

// Stem is name without its directory and extension: "index" for
// content/berita/x/index.markdown.
func Stem(name string) string {
	base := path.Base(name)
	return strings.TrimSuffix(base, path.Ext(base))
}

// ignored reports editor and system leftovers: backups, swap and temp files.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasPrefix(name, "#") || strings.HasSuffix(name, ".tmp")
}

// Ignored is exported for the watcher: events on such files never rebuild.
func Ignored(name string) bool { return ignored(path.Base(name)) }

// Walk lists content/ and static/ of fsys and checks layouts/: everything
// under them must be a folder, a regular file, or a symbolic link that
// stays inside the site (see DirFS). Missing folders are empty. The error
// joins one *diag.Diagnostic per offending name, all of them.
func Walk(fsys fs.FS) (Tree, error) {
	var t Tree
	var errs diag.List
	bundles := map[string]int{} // bundle folder → index in t.Content
	var loose []string          // non-Markdown files under content/
	w, problems := walk(fsys, "content")
	errs = append(errs, problems...)
	for i, p := range w.files {
		if IsMarkdown(p) {
			if Stem(p) == "index" {
				bundles[path.Dir(p)] = len(t.Content)
			}
			t.Content = append(t.Content, Entry{Path: p, found: w.found[i]})
			continue
		}
		loose = append(loose, p)
	}
	for _, f := range loose {
		in := false
		for dir := path.Dir(f); dir != "content" && dir != "."; dir = path.Dir(dir) {
			if i, ok := bundles[dir]; ok {
				t.Content[i].Resources = append(t.Content[i].Resources, f)
				in = true
				break
			}
		}
		if !in {
			t.Skipped = append(t.Skipped, Skip{Path: f})
		}
	}
	// Markdown files inside a bundle's folder belong to the bundle: they
	// are not pages of their own (as in Hugo, where they are resources).
	index := make(map[string]string, len(bundles))
	for dir, i := range bundles {
		index[dir] = t.Content[i].Path
	}
	t.Content = slices.DeleteFunc(t.Content, func(e Entry) bool {
		if Stem(e.Path) == "index" {
			return false
		}
		for dir := path.Dir(e.Path); dir != "content" && dir != "."; dir = path.Dir(dir) {
			if ix, ok := index[dir]; ok {
				t.Skipped = append(t.Skipped, Skip{Path: e.Path, Bundle: ix})
				return true
			}
		}
		return false
	})
	slices.SortFunc(t.Skipped, func(a, b Skip) int { return strings.Compare(a.Path, b.Path) })
	t.Static, problems = Files(fsys, "static")
	errs = append(errs, problems...)
	_, problems = Files(fsys, "layouts")
	errs = append(errs, problems...)
	errs.Sort()
	return t, errs.Err()
}

// Files lists the files under root in fsys, in lexical order, skipping
// editor leftovers (see Ignored). Symbolic links to files and folders are
// followed (DirFS keeps them inside the site); a link to a folder that
// holds it is reported, not walked for ever. Devices, named pipes and
// sockets are reported and never opened. A missing root is empty.
func Files(fsys fs.FS, root string) ([]string, diag.List) {
	w, errs := walk(fsys, root)
	return w.files, errs
}

func walk(fsys fs.FS, root string) (*walker, diag.List) {
	w := &walker{fsys: fsys}
	// The folders above root count as ancestors: a link to the site
	// folder holds itself too.
	var ancestors []fs.FileInfo
	for dir := path.Dir(root); ; dir = path.Dir(dir) {
		if fi, err := fs.Stat(fsys, dir); err == nil {
			ancestors = append(ancestors, fi)
		}
		if dir == "." {
			break
		}
	}
	fi, err := fs.Stat(fsys, root)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !isLink(err):
		return w, nil
	case err != nil:
		w.report(root, err)
	case fi.IsDir():
		w.dir(root, append(ancestors, fi))
	default:
		w.errs.Add(diag.Errorf(root, 0, "", "not a folder: %s must be a folder", root))
	}
	return w, w.errs
}

type walker struct {
	fsys  fs.FS
	files []string
	found []fs.DirEntry // found[i]: files[i]'s folder entry; nil for a link
	errs  diag.List
}

func (w *walker) dir(p string, ancestors []fs.FileInfo) {
	entries, err := fs.ReadDir(w.fsys, p)
	if err != nil {
		w.report(p, err)
	}
	for _, d := range entries {
		if ignored(d.Name()) {
			continue
		}
		q := path.Join(p, d.Name())
		switch t := d.Type(); {
		case t.IsDir():
			fi, err := d.Info()
			if err != nil {
				w.report(q, err)
				continue
			}
			w.dir(q, append(ancestors, fi))
		case t.IsRegular():
			w.files = append(w.files, q)
			w.found = append(w.found, d)
		case t&fs.ModeSymlink != 0:
			fi, err := fs.Stat(w.fsys, q)
			switch {
			case err != nil:
				w.report(q, err)
			case fi.IsDir():
				if slices.ContainsFunc(ancestors, func(a fs.FileInfo) bool { return sameFile(a, fi) }) {
					w.errs.Add(diag.Errorf(q, 0, "", "a symbolic link to a folder that holds it: it would be read for ever (remove the link)"))
					continue
				}
				w.dir(q, append(ancestors, fi))
			default:
				w.files = append(w.files, q) // a regular file: Stat refuses the rest
				w.found = append(w.found, nil)
			}
		default:
			w.errs.Add(diag.Errorf(q, 0, "", "%s, not a regular file: warta never opens it (remove it from the site folder)", Kind(t, "")))
		}
	}
}

// report turns an error about name into a diagnostic naming the link or
// file at fault.
func (w *walker) report(name string, err error) {
	var le *LinkError
	switch {
	case errors.As(err, &le) && errors.Is(le.Err, ErrOutside) && le.Tree:
		w.errs.Add(diag.Errorf(le.Name, 0, "", "a symbolic link to %s, outside the site folder: if you linked this folder on purpose, build with --linked-folders", le.Target))
	case errors.As(err, &le) && errors.Is(le.Err, ErrOutside):
		w.errs.Add(diag.Errorf(le.Name, 0, "", "a symbolic link to %s, outside the site folder: warta reads only files inside it (copy what it points to into the site instead of linking to it)", le.Target))
	case errors.As(err, &le) && errors.Is(le.Err, fs.ErrNotExist):
		w.errs.Add(diag.Errorf(le.Name, 0, "", "a symbolic link to nothing: remove it, or point it at a file inside the site"))
	case errors.As(err, &le):
		w.errs.Add(diag.Errorf(le.Name, 0, "", "%s, not a regular file: warta never opens it (remove it from the site folder)", Kind(le.Mode, le.Target)))
	default:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		w.errs.Add(diag.Errorf(name, 0, "", "cannot read: %v", err))
	}
}

func isLink(err error) bool {
	var le *LinkError
	return errors.As(err, &le)
}

// sameFile is os.SameFile through DirFS's renamed information.
func sameFile(a, b fs.FileInfo) bool {
	if r, ok := a.(renamed); ok {
		a = r.FileInfo
	}
	if r, ok := b.(renamed); ok {
		b = r.FileInfo
	}
	return os.SameFile(a, b)
}
