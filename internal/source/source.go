// Package source walks a site folder through fs.FS and says what it holds:
// content files (with the other files of their page bundles) and static
// files. It reads names only; the build reads bytes.
package source

import (
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Entry is one content file.
type Entry struct {
	Path      string   // content/berita/x.md or content/berita/x/index.md
	Resources []string // for bundles: the folder's other files
}

// Tree is what a site folder holds.
type Tree struct {
	Content []Entry
	Static  []string // files under static/, site-relative
}

// ignored reports editor and system leftovers: backups, swap and temp files.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasPrefix(name, "#") || strings.HasSuffix(name, ".tmp")
}

// Ignored is exported for the watcher: events on such files never rebuild.
func Ignored(name string) bool { return ignored(path.Base(name)) }

// Walk lists content/ and static/ of fsys. Missing folders are empty.
func Walk(fsys fs.FS) (Tree, error) {
	var t Tree
	bundles := map[string]int{} // bundle folder → index in t.Content
	var loose []string          // non-Markdown files under content/
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "content" {
				return fs.SkipDir
			}
			return err
		}
		if ignored(d.Name()) && p != "content" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if path.Ext(p) == ".md" {
			if d.Name() == "index.md" {
				bundles[path.Dir(p)] = len(t.Content)
			}
			t.Content = append(t.Content, Entry{Path: p})
			return nil
		}
		loose = append(loose, p)
		return nil
	})
	if err != nil {
		return t, err
	}
	for _, f := range loose {
		for dir := path.Dir(f); dir != "content" && dir != "."; dir = path.Dir(dir) {
			if i, ok := bundles[dir]; ok {
				t.Content[i].Resources = append(t.Content[i].Resources, f)
				break
			}
		}
	}
	// Markdown files inside a bundle's subfolders belong to the bundle too.
	t.Content = slices.DeleteFunc(t.Content, func(e Entry) bool {
		for dir := path.Dir(path.Dir(e.Path)); dir != "content" && dir != "."; dir = path.Dir(dir) {
			if _, ok := bundles[dir]; ok && path.Base(e.Path) != "index.md" {
				return true
			}
		}
		return false
	})
	err = fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "static" {
				return fs.SkipDir
			}
			return err
		}
		if ignored(d.Name()) && p != "static" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			t.Static = append(t.Static, p)
		}
		return nil
	})
	return t, err
}
