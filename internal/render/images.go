package render

import (
	"bytes"

	"github.com/warta-portal/warta/internal/imaging"
)

// Images are the renditions of a site's photos to write.
type Images struct {
	Processor *imaging.Processor
	// Sources are the prepared images; those with renditions replace the
	// copy of their original.
	Sources []*imaging.Source
}

// processed maps the site-relative file of every image with renditions to
// its source.
func (im Images) processed() map[string]*imaging.Source {
	m := map[string]*imaging.Source{}
	for _, s := range im.Sources {
		if len(s.Renditions()) > 0 {
			m[s.Name] = s
		}
	}
	return m
}

// images plans one output per rendition. A rendition declares its inputs
// once: the key of its source's bytes and the processing settings.
func (p *planner) images() {
	for _, src := range p.imgs.Sources {
		key := p.imgs.Processor.Key(src)
		for i, name := range src.Renditions() {
			origin := src.Name
			if len(src.Uses) > 0 {
				origin = src.Uses[0].File
			}
			p.add(job{name: name, origin: origin,
				inputs: func() Inputs { return Inputs{Values: []string{"image", key, name}} },
				run: func(b *bytes.Buffer) error {
					data, err := p.imgs.Processor.Bytes(p.src, src, i)
					b.Write(data)
					return err
				}})
		}
	}
}
