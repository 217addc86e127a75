// Package status is the editorial state of a site at a moment: drafts
// waiting for review, items scheduled to become public, pinned headlines,
// announcements about to expire or already archived, and the next time the
// published site changes by the clock alone (when CI should build again).
// warta status prints it, warta build names the next change, and the
// preview's dashboard (/__warta/) shows it.
package status

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/warta-portal/warta/internal/content"
)

// Item is one page in a report.
type Item struct {
	File  string    `json:"file"`  // site-relative: content/berita/x.md
	Title string    `json:"title"` // as written
	Path  string    `json:"path"`  // URL path under the site root
	Date  time.Time `json:"date"`  // the page's date
	// When is the time that puts the item in its list: publication for
	// scheduled items, the pin's end for pins (zero: no end), expiry for
	// expiring and archived items; zero for drafts.
	When  time.Time `json:"when,omitzero"`
	Words int       `json:"words"`
	Draft bool      `json:"draft,omitempty"`
}

// Report is a site's editorial state at Now.
type Report struct {
	Now       time.Time `json:"now"`
	Drafts    []Item    `json:"drafts"`
	Scheduled []Item    `json:"scheduled"` // soonest first
	Pinned    []Item    `json:"pinned"`    // the headline first
	Expiring  []Item    `json:"expiring"`  // soonest first
	Archived  []Item    `json:"archived"`  // expired pages kept at their URLs, newest first
	// NextPublish is when the next scheduled item becomes public;
	// NextExpiry when the next published item expires; NextChange the
	// soonest of those and of the end of a pin. Zero when none is due.
	NextPublish time.Time `json:"nextPublish,omitzero"`
	NextExpiry  time.Time `json:"nextExpiry,omitzero"`
	NextChange  time.Time `json:"nextChange,omitzero"`
}

// Of reports the state of site, which must be assembled with drafts and
// future items included (as warta serve does) for Drafts to be complete;
// drafts the site left out are found in site.Excluded.
func Of(site *content.Site) Report {
	now := site.Now
	if site.Config != nil && site.Config.Location != nil {
		now = now.In(site.Config.Location)
	}
	r := Report{Now: now, Drafts: []Item{}, Scheduled: []Item{}, Pinned: []Item{}, Expiring: []Item{}, Archived: []Item{}}
	seen := map[*content.Page]bool{}
	for _, p := range slices.Concat(site.All, site.Excluded) {
		if p.Draft && !seen[p] {
			seen[p] = true
			r.Drafts = append(r.Drafts, item(p, time.Time{}))
		}
	}
	slices.SortFunc(r.Drafts, func(a, b Item) int { return cmp.Or(b.Date.Compare(a.Date), strings.Compare(a.File, b.File)) })
	for _, p := range site.Scheduled {
		r.Scheduled = append(r.Scheduled, item(p, p.PublicAt()))
	}
	for _, p := range site.Pinned {
		r.Pinned = append(r.Pinned, item(p, p.PinUntil))
	}
	for _, p := range site.Expiring {
		r.Expiring = append(r.Expiring, item(p, p.ExpiryDate))
	}
	for _, p := range site.All {
		if p.Archived {
			r.Archived = append(r.Archived, item(p, p.ExpiryDate))
		}
	}
	slices.SortFunc(r.Archived, func(a, b Item) int { return cmp.Or(b.When.Compare(a.When), strings.Compare(a.File, b.File)) })
	if len(r.Scheduled) > 0 {
		r.NextPublish = r.Scheduled[0].When
	}
	if len(r.Expiring) > 0 {
		r.NextExpiry = r.Expiring[0].When
	}
	r.NextChange = site.NextChange()
	return r
}

func item(p *content.Page, when time.Time) Item {
	it := Item{File: p.File, Title: p.Title, Path: p.Path, Date: p.Date, When: when, Draft: p.Draft}
	if p.Doc != nil {
		it.Words = p.Doc.Words
	}
	return it
}
