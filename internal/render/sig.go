package render

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"time"

	"github.com/warta-portal/warta/internal/content"
)

// Sig is the signature of everything a page's layout reads: with a build
// cache, a page whose signature matches the previous build's is not
// rendered again; the previous file is kept. The signature covers the
// global inputs (warta's version, configuration, every layout, the ticker,
// the menu, section titles, the footer's pages) and the page's own: its
// source file and the title, path, date and card facts of every page it
// shows. A site layout that reads more than the default theme does (the
// body of a related page, say) must not use the cache.
type Sig = [32]byte

// sigger gathers the inputs in a buffer and hashes them once: many small
// writes into a hash cost more than the hashing.
type sigger struct {
	b []byte
}

func newSigger(global Sig) *sigger {
	s := &sigger{b: make([]byte, 0, 1024)}
	s.b = append(s.b, global[:]...)
	return s
}

func (s *sigger) str(v ...string) {
	for _, x := range v {
		s.int(int64(len(x)))
		s.b = append(s.b, x...)
	}
}

func (s *sigger) int(n int64) { s.b = binary.LittleEndian.AppendUint64(s.b, uint64(n)) }

func (s *sigger) time(t time.Time) {
	_, off := t.Zone()
	s.int(t.UnixNano())
	s.int(int64(off))
}

// ref covers what a link to p shows: path, title, date, stage.
func (s *sigger) ref(p *content.Page) {
	if p == nil {
		s.str("-")
		return
	}
	s.str(p.Path, p.Title, p.Stage)
	s.time(p.Date)
}

func (s *sigger) refs(ps []*content.Page) {
	s.int(int64(len(ps)))
	for _, p := range ps {
		s.ref(p)
	}
}

// card covers what partials/card.html shows of p.
func (s *sigger) card(p *content.Page) {
	s.ref(p)
	s.str(p.Image.URL, p.Image.Alt, p.Lead(), string(p.Kind))
	for _, t := range p.Terms["categories"] {
		s.str(t.Name, t.Path)
	}
	s.ref(p.AgencyPage)
}

func (s *sigger) terms(p *content.Page) {
	for _, name := range []string{"categories", "tags"} {
		s.str(name)
		for _, t := range p.Terms[name] {
			s.str(t.Name, t.Path)
		}
	}
}

func (s *sigger) sum() Sig { return sha256.Sum256(s.b) }

// globalSig covers the inputs every page shares.
func globalSig(site *content.Site, key []byte) Sig {
	s := &sigger{}
	s.b = append(s.b, key...)
	s.refs(site.Ticker)
	for _, m := range site.Menu {
		s.str(m.Name, m.URL)
	}
	s.refs(site.Pages)
	s.str(site.Home.Title, site.Home.Description)
	names := make([]string, 0, len(site.Sections))
	for name := range site.Sections {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		sec := site.Sections[name]
		s.str(name, sec.Title, sec.Description)
		s.int(int64(len(sec.Archived))) // lists link their archive with its count
	}
	return s.sum()
}

// pageSig is the signature of a single page (article, profile, agency,
// plain page).
func pageSig(global Sig, p *content.Page, source Sig) Sig {
	s := newSigger(global)
	s.b = append(s.b, source[:]...)
	s.ref(p)
	if p.Archived { // expiry is a matter of the clock, not of the file
		s.str("archived")
	}
	s.terms(p)
	s.refs(p.RelatedNews)
	s.ref(p.Prev)
	s.ref(p.Next)
	s.ref(p.AgencyPage)
	s.refs(p.Innovated)
	s.refs(p.Mentions)
	s.refs(p.SiblingInno)
	s.refs(p.AgencyInno)
	s.refs(p.AgencyNews)
	return s.sum()
}

// listSig is the signature of one page of a list of cards.
func listSig(global Sig, d *Data, facets Sig) Sig {
	s := newSigger(global)
	s.b = append(s.b, facets[:]...)
	s.str(d.Kind, d.Title, d.Description, d.Feed, d.Section, d.Path)
	if pg := d.Pager; pg != nil {
		s.int(int64(pg.Number))
		s.int(int64(pg.Total))
		for _, p := range pg.Items {
			s.card(p)
		}
	}
	return s.sum()
}

// facetSig covers the catalog's facet lists and counts.
func facetSig(site *content.Site) Sig {
	s := &sigger{}
	s.int(int64(len(site.Innovations)))
	for _, f := range site.Facets {
		for _, v := range f.Values {
			s.str(v.Path, v.Label)
			s.int(int64(v.Count()))
		}
	}
	return s.sum()
}

// feedSig covers what a feed shows of its entries.
func feedSig(global Sig, name, title, htmlPath string, entries []*content.Page) Sig {
	s := newSigger(global)
	s.str("feed", name, title, htmlPath)
	for _, p := range entries {
		s.card(p)
		s.time(p.Lastmod)
		s.str(p.Author)
		s.terms(p)
	}
	return s.sum()
}
