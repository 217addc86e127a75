package build

import (
	"crypto/sha256"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/publish"
	"github.com/warta-portal/warta/internal/render"
)

// Quick renders one edited page against the model of a finished build,
// without the rest of the pipeline: the preview shows the edit at once
// and then builds the whole site (Hugo's "fast render mode" serves the
// same need). Only an edit of a page's body qualifies: the pages that
// show it elsewhere (cards, related news, feeds, the search index) show
// its front matter, which is unchanged, or are refreshed by the full
// build that follows. Safe for concurrent use; it never changes the
// build's model.
type Quick struct {
	b *run
}

// Page renders the page of content file name (a slash path under the
// site folder, such as "content/berita/x/index.md") from data, its new
// bytes. It returns the output's name and bytes, exactly as the build
// would write them, and ok; ok is false when the edit is not a body edit
// of a published page (another file, the front matter changed, an error
// in the file): then only a full build can say what changes.
func (q *Quick) Page(name string, data []byte) (output string, out []byte, ok bool) {
	if q == nil {
		return "", nil, false
	}
	b := q.b
	var old *content.Page
	for _, p := range b.site.All {
		if p.File == name {
			old = p
			break
		}
	}
	if old == nil {
		return "", nil, false
	}
	src := content.Source{File: name, Data: data, Resources: old.Resources, Hash: sha256.Sum256(data)}
	next, errs := content.Parse(&b.cfg, src)
	if next == nil || errs.Errors() || next.Render(b.md) != nil {
		return "", nil, false
	}
	pg, ok := old.WithBody(next)
	if !ok {
		return "", nil, false
	}
	mem := publish.NewMemory()
	output, err := render.Page(render.Options{
		Site: b.site, Layouts: b.set, Target: b.wrap(mem), Source: b.o.Source,
		Images: render.Images{Processor: b.imager, Sources: b.sources},
	}, pg)
	if err != nil {
		return "", nil, false
	}
	return output, mem.Files[output], true
}
