package build

import (
	"context"

	"github.com/warta-portal/warta/internal/imaging"
)

// images probes every image the published pages use and makes the
// renditions the cache does not hold (internal/imaging), on every core;
// each page's cover gets its Picture. An image that cannot be processed
// is a warning at the page that uses it, and is copied as it is.
func (b *run) images(context.Context) error {
	var store imaging.Store
	switch {
	case b.store != nil:
		store = b.store.Images()
	case b.o.Images != nil:
		store = b.o.Images
	case b.o.Memo != nil:
		store = b.o.Memo.Images()
	}
	b.imager = imaging.New(imaging.Settings{}, store)
	b.sources = imaging.Sources(b.site, b.tree.Static)
	b.imager.Prepare(b.o.Source, b.sources, b.workers)
	imaging.Attach(b.site, b.sources)
	b.res.Warnings = append(b.res.Warnings, imaging.Problems(b.sources)...)
	return nil
}
