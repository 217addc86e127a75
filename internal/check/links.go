package check

import (
	"bytes"
	"net/url"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// linkIndex answers whether site URLs and #fragments exist among the
// generated files, as a static host would serve them.
type linkIndex struct {
	files map[string][]byte
	base  string
	ids   map[string]map[string]bool
}

func newLinkIndex(files map[string][]byte, base string) *linkIndex {
	if base == "" {
		base = "/"
	}
	return &linkIndex{files: files, base: base, ids: map[string]map[string]bool{}}
}

// file maps a URL path to the generated file a host would serve.
func (x *linkIndex) file(p string) (string, bool) {
	name, ok := strings.CutPrefix(p, x.base)
	if !ok {
		if p+"/" == x.base {
			name = ""
		} else {
			return "", false
		}
	}
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if _, ok := x.files[name]; ok {
		return name, true
	}
	if _, ok := x.files[name+"/index.html"]; ok {
		return name + "/index.html", true
	}
	return "", false
}

func (x *linkIndex) idsOf(name string) map[string]bool {
	if ids, ok := x.ids[name]; ok {
		return ids
	}
	ids := map[string]bool{}
	if doc, err := html.Parse(bytes.NewReader(x.files[name])); err == nil {
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			for _, a := range n.Attr {
				if a.Key == "id" || n.Data == "a" && a.Key == "name" {
					ids[a.Val] = true
				}
			}
		}
	}
	x.ids[name] = ids
	return ids
}

// resolveFrom checks dest as written on the page at pagePath (a site path,
// before the base path). It reports ok, and whether only the anchor failed.
func (x *linkIndex) resolveFrom(pagePath, dest string) (ok, anchorOnly bool) {
	u, err := url.Parse(dest)
	if err != nil {
		return false, false
	}
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return true, false // external, mailto:, tel:
	}
	from := &url.URL{Path: strings.TrimSuffix(x.base, "/") + pagePath}
	abs := from.ResolveReference(u)
	target, found := x.file(abs.Path)
	if !found {
		return false, false
	}
	if u.Fragment != "" && u.Fragment != "top" && path.Ext(target) == ".html" && !x.idsOf(target)[u.Fragment] {
		return false, true
	}
	return true, false
}

type brokenRef struct{ file, target string }

// broken lists links and assets in generated HTML pages that resolve to no
// file or to a missing anchor.
func (x *linkIndex) broken() []brokenRef {
	var out []brokenRef
	names := make([]string, 0, len(x.files))
	for n := range x.files {
		if path.Ext(n) == ".html" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		doc, err := html.Parse(bytes.NewReader(x.files[name]))
		if err != nil {
			continue
		}
		pagePath := "/" + strings.TrimSuffix(name, "index.html")
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			for _, a := range n.Attr {
				if a.Key != "href" && a.Key != "src" || n.Data == "link" && attr(n, "rel") == "canonical" {
					continue
				}
				if ok, _ := x.resolveFrom(strings.TrimPrefix(pagePath, strings.TrimSuffix(x.base, "/")), a.Val); !ok {
					out = append(out, brokenRef{file: "public/" + name, target: a.Val})
				}
			}
		}
	}
	return out
}

// linkKey is a link as the generated HTML holds it. Markdown destinations
// are already under the base path, but the renderer percent-encodes what
// the editor typed (spaces, letters such as é); url.URL.String does the same.
func linkKey(dest string) string {
	if u, err := url.Parse(dest); err == nil {
		return u.String()
	}
	return dest
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
