package content

// FrontMatter holds every known front-matter key of every content type
// (DESIGN.md, "Front matter"); keys a type does not use are ignored for it.
// Unknown keys land in Params and are reachable from templates as
// .Page.Params.key. Keys are matched without regard to case, as in Hugo.
//
// Jekyll's keys with a Hugo meaning are read too: published: false is
// draft: true, excerpt (like description) stands in for an empty summary,
// and permalink becomes an alias when the site sets aliases.permalinks.
type FrontMatter struct {
	Title       string   `yaml:"title"`
	Summary     string   `yaml:"summary"`
	Description string   `yaml:"description"`
	Date        string   `yaml:"date"`
	Lastmod     string   `yaml:"lastmod"`
	PublishDate string   `yaml:"publishDate"`
	ExpiryDate  string   `yaml:"expiryDate"`
	Draft       bool     `yaml:"draft"`
	Published   *bool    `yaml:"published"` // Jekyll: false is draft: true; folded into Draft by Decode
	Excerpt     string   `yaml:"excerpt"`   // Jekyll's summary
	Permalink   string   `yaml:"permalink"` // Jekyll's URL of the page
	Slug        string   `yaml:"slug"`
	Aliases     []string `yaml:"aliases"`
	Weight      int      `yaml:"weight"`
	Layout      string   `yaml:"layout"`
	Featured    bool     `yaml:"featured"`
	Menu        string   `yaml:"menu"`

	// News.
	Author      string   `yaml:"author"`
	Credit      string   `yaml:"credit"`
	Source      string   `yaml:"source"`
	Dateline    string   `yaml:"dateline"`
	Categories  []string `yaml:"categories"`
	Tags        []string `yaml:"tags"`
	Agency      string   `yaml:"agency"`
	Image       Image    `yaml:"image"`
	Ticker      *bool    `yaml:"ticker"`
	Innovations []string `yaml:"innovations"`
	Related     []string `yaml:"related"`
	// Pin puts the item in the home page's headline slot and first in the
	// ticker, until PinUntil when given.
	Pin      bool   `yaml:"pin"`
	PinUntil string `yaml:"pinUntil"`
	// Corrections (ralat) made after publication, oldest first.
	Corrections []Correction `yaml:"corrections"`

	// Innovation profiles.
	Stage      string    `yaml:"stage"`
	Digital    *bool     `yaml:"digital"`
	Form       string    `yaml:"form"`
	Initiator  Initiator `yaml:"initiator"`
	Affairs    Affairs   `yaml:"affairs"`
	Dates      Dates     `yaml:"dates"`
	Goals      string    `yaml:"goals"`
	Benefits   string    `yaml:"benefits"`
	Results    string    `yaml:"results"`
	Status     string    `yaml:"status"`
	Contact    Contact   `yaml:"contact"`
	Links      []Link    `yaml:"links"`
	SDGs       []int     `yaml:"sdgs"`
	Awards     []string  `yaml:"awards"`
	Budget     string    `yaml:"budget"`
	LegalBasis string    `yaml:"legal_basis"`

	// Agencies.
	Address string `yaml:"address"`
	Email   string `yaml:"email"`
	Phone   string `yaml:"phone"`
	Website string `yaml:"website"`

	Params map[string]any
}

// Image is a page's lead image. Src is relative to the page bundle or
// site-absolute ("/images/x.jpg"); URL is resolved at load. As in Hugo
// and Jekyll themes, "image: x.jpg" is short for "image: {src: x.jpg}".
type Image struct {
	Src     string `yaml:"src,shorthand"`
	Alt     string `yaml:"alt"`
	Caption string `yaml:"caption"`
	Credit  string `yaml:"credit"`
	Width   int    `yaml:"width"`
	Height  int    `yaml:"height"`
	URL     string `yaml:"-"` // site path of the image
}

// Correction is one published correction (ralat) of a page.
type Correction struct {
	Date string `yaml:"date"`
	Text string `yaml:"text"`
}

// Initiator is who started an innovation.
type Initiator struct {
	Kind string `yaml:"kind"`
	Name string `yaml:"name"`
}

// Affairs are the government affairs (urusan) an innovation serves.
type Affairs struct {
	Primary string   `yaml:"primary"`
	Related []string `yaml:"related"`
}

// Dates are an innovation's milestones, as written (YYYY-MM-DD).
type Dates struct {
	Initiated   string `yaml:"initiated"`
	Trial       string `yaml:"trial"`
	Implemented string `yaml:"implemented"`
}

// Contact is an office's public contact.
type Contact struct {
	Office string `yaml:"office"`
	Email  string `yaml:"email"`
	Phone  string `yaml:"phone"`
}

// Link is a titled external link.
type Link struct {
	Title string `yaml:"title"`
	URL   string `yaml:"url"`
}
