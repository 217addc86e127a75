package imaging

import (
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/diag"
)

// Sources lists the images the published pages use, each once, in a
// stable order: every image file of a page's bundle, and the files under
// static/ that a page's front-matter image names (static lists the site's
// static files, "static/img/x.jpg"). A front-matter image that is neither
// is left to the page (an external URL) or reported by check.
func Sources(site *content.Site, static []string) []*Source {
	inStatic := make(map[string]bool, len(static))
	for _, s := range static {
		inStatic[s] = true
	}
	byName := map[string]*Source{}
	var out []*Source
	add := func(name, url string) *Source {
		if s := byName[name]; s != nil {
			return s
		}
		s := &Source{Name: name, URL: url}
		byName[name] = s
		out = append(out, s)
		return s
	}
	for _, p := range site.All {
		bodyLines := map[string]int{}
		if p.Doc != nil {
			for _, img := range p.Doc.Images {
				if _, ok := bodyLines[path.Clean(img.Dest)]; !ok {
					bodyLines[path.Clean(img.Dest)] = img.Line
				}
			}
		}
		for _, r := range p.Resources {
			if !IsImage(r) {
				continue
			}
			rel := strings.TrimPrefix(r, p.Bundle+"/")
			if p.Bundle == "" {
				rel = path.Base(r)
			}
			s := add(r, p.Path+rel)
			if line, ok := bodyLines[rel]; ok {
				s.Uses = append(s.Uses, Use{p.File, line})
			}
		}
		if p.Image.URL == "" || strings.Contains(p.Image.URL, "://") {
			continue
		}
		var s *Source
		if p.Bundle != "" && strings.HasPrefix(p.Image.URL, p.Path) {
			name := p.Bundle + "/" + strings.TrimPrefix(p.Image.URL, p.Path)
			if slices.Contains(p.Resources, name) && IsImage(name) {
				s = add(name, p.Image.URL)
			}
		} else if name := "static" + p.Image.URL; inStatic[name] && IsImage(name) {
			s = add(name, p.Image.URL)
		}
		if s != nil {
			s.Cover = true
			s.Uses = append(s.Uses, Use{p.File, imageLine(p)})
		}
	}
	return out
}

func imageLine(p *content.Page) int {
	if l := p.Line("image.src"); l > 0 {
		return l
	}
	return p.Line("image")
}

// Attach sets each page's Picture from its cover's source, and its
// BodyPictures from the bundle images its body shows.
func Attach(site *content.Site, sources []*Source) {
	byURL := make(map[string]*Source, len(sources))
	byName := make(map[string]*Source, len(sources))
	for _, s := range sources {
		if s.Cover {
			byURL[s.URL] = s
		}
		byName[s.Name] = s
	}
	for _, p := range site.All {
		p.Picture = nil
		if s := byURL[p.Image.URL]; s != nil && p.Image.URL != "" {
			p.Picture = s.Picture
		}
		p.BodyPictures = nil
		if p.Doc == nil || p.Bundle == "" {
			continue
		}
		for _, img := range p.Doc.Images {
			d := img.Dest
			// Only the bundle's own files: a path leaving it, site-absolute
			// or external is left as written.
			if c := path.Clean(d); d == "" || c == ".." || strings.HasPrefix(c, "../") || strings.HasPrefix(d, "/") || strings.Contains(d, ":") {
				continue
			}
			s := byName[path.Join(p.Bundle, d)]
			if u, err := url.PathUnescape(d); s == nil && err == nil {
				s = byName[path.Join(p.Bundle, u)] // foto%20baru.jpg
			}
			if s != nil && s.Picture != nil {
				if p.BodyPictures == nil {
					p.BodyPictures = map[string]*content.Picture{}
				}
				p.BodyPictures[d] = s.Picture
			}
		}
	}
}

// Problems reports, as warnings at every use, the sources copied as they
// are and the processed ones worth a note; a source no page names is
// reported at its own file.
func Problems(sources []*Source) diag.List {
	var l diag.List
	for _, s := range sources {
		probs := s.Notes
		if s.Err != nil {
			probs = append([]*Problem{s.Err}, probs...)
		}
		uses := s.Uses
		if len(uses) == 0 {
			uses = []Use{{s.Name, 0}}
		}
		for _, pr := range probs {
			args := append([]any{path.Base(s.Name)}, pr.Args...)
			for _, u := range uses {
				l.Add(diag.Warnf(u.File, u.Line, "", pr.Format, args...))
			}
		}
	}
	return l
}
