package content

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/warta-portal/warta/internal/innovation"
	"github.com/warta-portal/warta/internal/slug"
)

// Profile is the view of an innovation page the profile rules check.
func (p *Page) Profile() innovation.Profile {
	words := 0
	if p.Doc != nil {
		words = p.Doc.Words
	}
	return innovation.Profile{
		File: p.File, Line: p.Line,
		Title: p.Title, Summary: p.Summary, Agency: p.Agency,
		Stage: p.Stage, Digital: p.Digital, Form: p.Form,
		InitiatorKind: p.Initiator.Kind, InitiatorName: p.Initiator.Name,
		AffairsPrimary: p.Affairs.Primary, AffairsRelated: p.Affairs.Related,
		Initiated: p.Initiated, Trial: p.Trial, Implemented: p.Implemented,
		Goals: p.Goals, Benefits: p.Benefits, Results: p.Results, Status: p.Status,
		ContactOffice: p.Contact.Office, ContactEmail: p.Contact.Email, ContactPhone: p.Contact.Phone,
		SDGs: p.SDGs, DesignWords: words,
	}
}

// Facet is one way of filtering the innovation catalog, with a static page
// per value: /inovasi/tahapan/penerapan/.
type Facet struct {
	Name   string // URL segment and query key: tahapan, jenis, bentuk, urusan, tahun, opd
	Title  string
	Values []*FacetValue
}

// FacetValue is one value of a facet and the profiles that have it.
type FacetValue struct {
	Facet *Facet
	Key   string // as in front matter: uji_coba, true, 2021, dinkes
	Slug  string // URL part: uji-coba
	Label string
	Group string // affairs group label, for grouping in lists
	Path  string
	Pages []*Page
}

// Count is the number of profiles with the value.
func (v *FacetValue) Count() int { return len(v.Pages) }

// FacetKeys returns the facet value slugs of p by facet name, for the
// catalog's data attributes and open data.
func FacetKeys(p *Page) map[string][]string {
	digital := "non-digital"
	if p.IsDigital() {
		digital = "digital"
	}
	// The year it was put into use, else of its latest milestone, else of
	// its date; none when it has no date at all.
	var years []string
	for _, t := range []time.Time{p.Implemented, latest(p.Trial, p.Initiated), p.Date} {
		if !t.IsZero() {
			years = []string{strconv.Itoa(t.Year())}
			break
		}
	}
	affairs := []string{slug.Make(p.Affairs.Primary)}
	for _, r := range p.Affairs.Related {
		affairs = append(affairs, slug.Make(r))
	}
	return map[string][]string{
		"tahapan": {slug.Make(p.Stage)},
		"jenis":   {digital},
		"bentuk":  {slug.Make(p.Form)},
		"urusan":  affairs,
		"tahun":   years,
		"opd":     {p.Agency},
	}
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// FacetOrder lists the facets in display order.
var FacetOrder = []struct{ Name, Title string }{
	{"tahapan", "Tahapan"}, {"jenis", "Jenis"}, {"bentuk", "Bentuk"},
	{"urusan", "Urusan pemerintahan"}, {"tahun", "Tahun"}, {"opd", "Perangkat daerah"},
}

func buildFacets(s *Site) []*Facet {
	var out []*Facet
	for _, fo := range FacetOrder {
		f := &Facet{Name: fo.Name, Title: fo.Title}
		byKey := map[string]*FacetValue{}
		for _, p := range s.Innovations {
			for _, k := range FacetKeys(p)[f.Name] {
				if k == "" {
					continue
				}
				v := byKey[k]
				if v == nil {
					v = &FacetValue{Facet: f, Key: k, Slug: k, Label: facetLabel(s, f.Name, k), Path: "/inovasi/" + f.Name + "/" + k + "/"}
					if f.Name == "urusan" {
						if t, ok := findBySlug(innovation.Affairs, k); ok {
							v.Group = innovation.AffairGroups.Label(t.Group)
						}
					}
					byKey[k] = v
				}
				v.Pages = append(v.Pages, p)
			}
		}
		for _, v := range byKey {
			f.Values = append(f.Values, v)
		}
		order := facetOrder(f.Name)
		slices.SortFunc(f.Values, func(a, b *FacetValue) int {
			if f.Name == "tahun" {
				return cmp.Compare(b.Key, a.Key)
			}
			return cmp.Or(cmp.Compare(order(a.Slug), order(b.Slug)), cmp.Compare(a.Label, b.Label))
		})
		out = append(out, f)
	}
	return out
}

func findBySlug(l innovation.List, s string) (innovation.Term, bool) {
	for _, t := range l.Terms {
		if slug.Make(t.Key) == s {
			return t, true
		}
	}
	return innovation.Term{}, false
}

// facetOrder keeps fixed lists in their defined order.
func facetOrder(name string) func(string) int {
	var l innovation.List
	switch name {
	case "tahapan":
		l = innovation.Stages
	case "jenis":
		l = innovation.Kinds
	case "bentuk":
		l = innovation.Forms
	case "urusan":
		l = innovation.Affairs
	default:
		return func(string) int { return 0 }
	}
	return func(s string) int {
		for i, t := range l.Terms {
			if slug.Make(t.Key) == s {
				return i
			}
		}
		return len(l.Terms)
	}
}

func facetLabel(s *Site, facet, key string) string {
	switch facet {
	case "tahapan":
		if t, ok := findBySlug(innovation.Stages, key); ok {
			return t.Label
		}
	case "jenis":
		return innovation.Kinds.Label(key)
	case "bentuk":
		if t, ok := findBySlug(innovation.Forms, key); ok {
			return t.Label
		}
	case "urusan":
		if t, ok := findBySlug(innovation.Affairs, key); ok {
			return t.Label
		}
	case "opd":
		if a := s.agencies[key]; a != nil {
			return a.Title
		}
	}
	return key
}

// Facet returns the catalog facet named name, or nil.
func (s *Site) Facet(name string) *Facet {
	for _, f := range s.Facets {
		if f.Name == name {
			return f
		}
	}
	return nil
}
