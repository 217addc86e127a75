package content

// Picture is an image as the build publishes it: renditions at several
// widths in WebP and in a fallback format (JPEG, or PNG for images with
// transparency), and for a page's cover a 1200×630 crop for link
// previews and 16:9 thumbnails for cards. Set by the build's images stage
// (internal/imaging); layouts read it through Page.Picture. A Picture
// without renditions (an image that could not be processed, reported
// when building) still has its URL and, when its header could be read,
// its real size.
type Picture struct {
	URL           string // site path of the published original (or of the largest fallback, which takes its name)
	Width, Height int    // upright size in pixels of the largest rendition (0 when unknown)
	Type          string // media type of the fallback renditions: image/jpeg, image/png (or the original's)
	WebP          []Rendition
	Fallback      []Rendition // the last one is published at URL
	Thumb         []Rendition // 16:9 crops for cards, in WebP
	ThumbFallback []Rendition // the same in the fallback format
	OG            *Rendition  // 1200×630 crop (or smaller, for small photos) for og:image

	// Of the source file, for checks.
	SourceWidth, SourceHeight int // upright, in pixels
	SourceBytes               int64
}

// Rendition is one published size of a picture.
type Rendition struct {
	URL           string // site path
	Width, Height int    // pixels
}

// Thumb is the URL of the smallest card thumbnail of the page's cover
// (WebP), or "" when it has none: for cards and search results.
func (p *Page) Thumb() string {
	if p.Picture == nil || len(p.Picture.Thumb) == 0 {
		return ""
	}
	return p.Picture.Thumb[0].URL
}
