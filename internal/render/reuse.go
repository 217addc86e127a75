package render

import (
	"io/fs"
	"maps"
	"slices"
	"strconv"

	"github.com/warta-portal/warta/internal/content"
)

// Target receives output files by slash path relative to the site root
// ("berita/x/index.html"). Implementations are safe for concurrent use;
// a folder on disk and memory (the preview) are the two in warta.
type Target interface {
	WriteFile(name string, data []byte) error
	CopyFile(name string, src fs.FS, srcName string) error
}

// Borrower is implemented by a Target whose WriteFile keeps nothing of
// data once it returns, when Borrows says so (a folder on disk writes the
// bytes out): the workers then hand it their own buffer rather than a
// copy of it. Any other Target gets a copy it may keep (the preview's
// memory does).
type Borrower interface {
	Borrows() bool
}

// Inputs names what one output is made from, beyond what every output
// shares (see Shared). Each kind of output declares its inputs where it is
// planned, next to the code that makes it; a reuse oracle turns them into
// a signature. What to list:
//
//   - Pages: pages shown in full. A page stands for its source file (every
//     front-matter field and its body), its place (URL path, bundle
//     resources, terms) and every page it links to (content.Page.Linked),
//     each of those as a card.
//   - Cards: pages shown as a card or a link: their source file, their
//     place, their terms and their agency.
//   - Files: files whose bytes are read (copied files, images).
//   - Values: anything else the output shows (a title, a pager number);
//     begin with the kind of output so two kinds never sign alike.
//
// Listing a page covers everything a layout may read of it, so a layout
// change never needs a matching change here. A layout that reads beyond
// its own page (ranging over .Site.All, say) is what Shared is for.
type Inputs struct {
	Values []string
	Pages  []*content.Page
	Cards  []*content.Page
	Files  []SourceFile
	// Hashed says the output's name holds a hash of its bytes (the search
	// index's files): the shared inputs do not apply to it, only the
	// shared key (warta's version, options, configuration, layouts).
	Hashed bool
}

// SourceFile is a file read into an output.
type SourceFile struct {
	FS   fs.FS
	Name string
}

// Reuser is the reuse oracle: it knows what the previous build made and
// from what. Render asks it before making each output that declares its
// inputs; an output without declared inputs (the home page, the sitemap)
// is always made. A nil Reuser makes every output.
type Reuser interface {
	// Share declares the inputs every output shares (the menu, the ticker,
	// section titles); called once, before any Keep.
	Share(in Inputs)
	// Keep keeps the previous build's output name in the target when it
	// was made from the same inputs, and reports whether it did. When it
	// did not, the caller makes the output and then calls made, so the
	// next build knows its inputs. Safe for concurrent use.
	Keep(name string, in Inputs) (kept bool, made func())
}

// shared lists the inputs every page of the theme shows: the header's
// menu and ticker, the footer's page list, the home title and every
// section's title and description.
func shared(site *content.Site) Inputs {
	in := Inputs{Values: []string{"shared", site.Home.Title, site.Home.Description}}
	for _, m := range site.Menu {
		in.Values = append(in.Values, m.Name, m.URL)
	}
	for _, name := range slices.Sorted(maps.Keys(site.Sections)) {
		sec := site.Sections[name]
		// lists link their archive with its count
		in.Values = append(in.Values, name, sec.Title, sec.Description, strconv.Itoa(len(sec.Archived)))
	}
	in.Values = append(in.Values, "ticker", strconv.Itoa(len(site.Ticker)))
	in.Cards = append(append(in.Cards, site.Ticker...), site.Pages...)
	return in
}
