package build

import (
	"bytes"
	"net/url"
	"os"
	"path"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestInternalLinksResolve parses every generated HTML page and checks that
// each internal link and asset names a generated file, and each #fragment
// an element id of its target page.
func TestInternalLinksResolve(t *testing.T) {
	sites := map[string]func(t *testing.T) *siteFiles{
		"sample portal": func(t *testing.T) *siteFiles {
			mem, _ := buildMem(t, os.DirFS("../.."), Options{})
			return &siteFiles{files: mem.Files, base: "/"}
		},
		"basic fixture": func(t *testing.T) *siteFiles {
			mem, _ := buildMem(t, siteFS(t, "basic"), Options{})
			return &siteFiles{files: mem.Files, base: "/"}
		},
		"basic fixture under a sub-path": func(t *testing.T) *siteFiles {
			mem, _ := buildMem(t, siteFS(t, "basic"), Options{BaseURL: "https://uji.example/portal/"})
			return &siteFiles{files: mem.Files, base: "/portal/"}
		},
	}
	for name, mk := range sites {
		t.Run(name, func(t *testing.T) {
			s := mk(t)
			broken := s.check()
			sort.Strings(broken)
			for _, b := range broken {
				t.Error(b)
			}
			if s.pages == 0 {
				t.Fatal("no pages checked")
			}
		})
	}
}

type siteFiles struct {
	files map[string][]byte
	base  string
	ids   map[string]map[string]bool
	pages int
}

// resolve maps a site URL path to an output file name, as a static host does.
func (s *siteFiles) resolve(p string) (string, bool) {
	if !strings.HasPrefix(p, s.base) {
		return "", false
	}
	name := strings.TrimPrefix(p, s.base)
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if _, ok := s.files[name]; ok {
		return name, true
	}
	if _, ok := s.files[name+"/index.html"]; ok {
		return name + "/index.html", true
	}
	return "", false
}

func (s *siteFiles) idsOf(name string) map[string]bool {
	if s.ids == nil {
		s.ids = map[string]map[string]bool{}
	}
	if ids, ok := s.ids[name]; ok {
		return ids
	}
	ids := map[string]bool{}
	doc, err := html.Parse(bytes.NewReader(s.files[name]))
	if err == nil {
		for n := range doc.Descendants() {
			if n.Type == html.ElementNode {
				for _, a := range n.Attr {
					if a.Key == "id" {
						ids[a.Val] = true
					}
				}
			}
		}
	}
	s.ids[name] = ids
	return ids
}

func (s *siteFiles) check() []string {
	var broken []string
	for name, data := range s.files {
		if path.Ext(name) != ".html" {
			continue
		}
		s.pages++
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			broken = append(broken, name+": "+err.Error())
			continue
		}
		pageURL := &url.URL{Path: s.base + strings.TrimSuffix(name, "index.html")}
		h1 := 0
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			if n.Data == "h1" {
				h1++
			}
			for _, a := range n.Attr {
				if a.Key != "href" && a.Key != "src" {
					continue
				}
				if n.Data == "link" && hasAttr(n, "rel", "canonical") {
					continue // absolute on the real host
				}
				u, err := url.Parse(a.Val)
				if err != nil {
					broken = append(broken, name+": bad URL "+a.Val)
					continue
				}
				if u.Scheme != "" || u.Host != "" {
					continue // external
				}
				abs := pageURL.ResolveReference(u)
				target := name
				if u.Path != "" {
					var ok bool
					if target, ok = s.resolve(abs.Path); !ok {
						broken = append(broken, name+": broken link "+a.Val)
						continue
					}
				}
				if u.Fragment != "" && path.Ext(target) == ".html" && !s.idsOf(target)[u.Fragment] {
					broken = append(broken, name+": missing anchor "+a.Val)
				}
			}
		}
		if h1 != 1 && !strings.Contains(string(data), `http-equiv="refresh"`) {
			broken = append(broken, name+": "+strings.Repeat("h1", 1)+" count is not 1")
		}
	}
	return broken
}

func hasAttr(n *html.Node, key, val string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Val == val {
			return true
		}
	}
	return false
}
