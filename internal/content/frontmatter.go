package content

// FrontMatter holds every known front-matter key of every content type
// (DESIGN.md, "Front matter"); keys a type does not use are ignored for it.
// Unknown keys land in Params and are reachable from templates as
// .Page.Params.key. Keys are matched without regard to case, as in Hugo.
//
// Jekyll's keys with a Hugo meaning are read too: published: false is
// draft: true, excerpt (like description) stands in for an empty summary,
// and permalink (like Hugo's url) becomes an alias when the site sets
// aliases.permalinks.
type FrontMatter struct {
	Title       string   `yaml:"title" aka:"judul"`
	Summary     string   `yaml:"summary" aka:"ringkasan,ikhtisar"`
	Description string   `yaml:"description" aka:"deskripsi,keterangan"`
	Date        string   `yaml:"date" aka:"tanggal,tgl"`
	Lastmod     string   `yaml:"lastmod" aka:"diperbarui,pembaruan"`
	PublishDate string   `yaml:"publishDate" aka:"tanggal_terbit,terbit"`
	ExpiryDate  string   `yaml:"expiryDate" aka:"kedaluwarsa,tanggal_kedaluwarsa"`
	Draft       bool     `yaml:"draft" aka:"draf,konsep"`
	Published   *bool    `yaml:"published"` // Jekyll: false is draft: true; folded into Draft by Decode
	Excerpt     string   `yaml:"excerpt"`   // Jekyll's summary
	Permalink   string   `yaml:"permalink"` // Jekyll's URL of the page
	URL         string   `yaml:"url"`       // Hugo's URL of the page
	Slug        string   `yaml:"slug"`
	Aliases     []string `yaml:"aliases" aka:"alias_lama,url_lama"`
	Weight      int      `yaml:"weight" aka:"bobot,urutan"`
	Layout      string   `yaml:"layout"`
	Featured    bool     `yaml:"featured" aka:"unggulan"`
	Menu        string   `yaml:"menu"`

	// News.
	Author      string   `yaml:"author" aka:"penulis,pengarang,wartawan,reporter"`
	Credit      string   `yaml:"credit" aka:"kredit"`
	Source      string   `yaml:"source" aka:"sumber"`
	Dateline    string   `yaml:"dateline"`
	Categories  []string `yaml:"categories" aka:"kategori,category,rubrik"`
	Tags        []string `yaml:"tags" aka:"label,labels,kata_kunci"`
	Agency      string   `yaml:"agency" aka:"opd,perangkat_daerah,dinas,instansi"`
	Image       Image    `yaml:"image" aka:"gambar,foto,cover,thumbnail,featured_image"`
	Ticker      *bool    `yaml:"ticker"`
	Innovations []string `yaml:"innovations" aka:"inovasi"`
	Related     []string `yaml:"related" aka:"terkait,berita_terkait"`
	// Pin puts the item in the home page's headline slot and first in the
	// ticker, until PinUntil when given.
	Pin      bool   `yaml:"pin"`
	PinUntil string `yaml:"pinUntil"`
	// Corrections (ralat) made after publication, oldest first.
	Corrections []Correction `yaml:"corrections"`

	// Innovation profiles.
	Stage      string    `yaml:"stage" aka:"tahapan,tahap"`
	Digital    *bool     `yaml:"digital"`
	Form       string    `yaml:"form" aka:"bentuk"`
	Initiator  Initiator `yaml:"initiator" aka:"inisiator,penggagas"`
	Affairs    Affairs   `yaml:"affairs" aka:"urusan"`
	Dates      Dates     `yaml:"dates" aka:"tanggal_inovasi"`
	Goals      string    `yaml:"goals" aka:"tujuan"`
	Benefits   string    `yaml:"benefits" aka:"manfaat"`
	Results    string    `yaml:"results" aka:"hasil"`
	Status     string    `yaml:"status"`
	Contact    Contact   `yaml:"contact" aka:"kontak"`
	Links      []Link    `yaml:"links" aka:"tautan"`
	SDGs       []int     `yaml:"sdgs"`
	Awards     []string  `yaml:"awards" aka:"penghargaan"`
	Budget     string    `yaml:"budget" aka:"anggaran"`
	LegalBasis string    `yaml:"legal_basis" aka:"dasar_hukum"`

	// Agencies.
	Address string `yaml:"address" aka:"alamat"`
	Email   string `yaml:"email" aka:"surel,e-mail"`
	Phone   string `yaml:"phone" aka:"telepon,telp,hp"`
	Website string `yaml:"website" aka:"situs,laman"`

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
