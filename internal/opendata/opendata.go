// Package opendata publishes the innovation catalog as open data: one
// Record per published profile, written as JSON, as RFC 4180 CSV and
// described by a JSON Schema. All three come from the Record type, so
// their columns and order cannot drift apart (the order is documented in
// the README and fixed by a test).
package opendata

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/innovation"
)

// Record is one innovation profile. Field order is the column order.
type Record struct {
	Slug           string   `json:"slug" desc:"URL name of the profile"`
	URL            string   `json:"url" desc:"absolute URL of the profile page"`
	Title          string   `json:"title" desc:"name of the innovation"`
	Summary        string   `json:"summary" desc:"short description"`
	AgencyKey      string   `json:"agency_key" desc:"key of the implementing agency (OPD)"`
	Agency         string   `json:"agency" desc:"name of the implementing agency"`
	Stage          string   `json:"stage" enum:"stage" desc:"inisiatif, uji_coba or penerapan"`
	StageLabel     string   `json:"stage_label" desc:"Indonesian label of the stage"`
	Digital        bool     `json:"digital" desc:"true for a digital innovation"`
	Form           string   `json:"form" enum:"form" desc:"form of the innovation"`
	FormLabel      string   `json:"form_label" desc:"Indonesian label of the form"`
	InitiatorKind  string   `json:"initiator_kind" enum:"initiator" desc:"who initiated it"`
	InitiatorName  string   `json:"initiator_name" desc:"name of the initiator"`
	AffairsPrimary string   `json:"affairs_primary" enum:"affairs" desc:"main government affair (Law 23/2014)"`
	AffairsLabel   string   `json:"affairs_primary_label" desc:"Indonesian label of the main affair"`
	AffairsGroup   string   `json:"affairs_group" enum:"group" desc:"group of the main affair"`
	AffairsRelated []string `json:"affairs_related" enum:"affairs" desc:"other affairs served"`
	Initiated      string   `json:"initiated" format:"date" desc:"date initiated, YYYY-MM-DD or empty"`
	Trial          string   `json:"trial" format:"date" desc:"date the trial began, YYYY-MM-DD or empty"`
	Implemented    string   `json:"implemented" format:"date" desc:"date put into use, YYYY-MM-DD or empty"`
	Year           int      `json:"year" desc:"year implemented, else of the latest milestone, else of the profile's date; 0 when it has none"`
	Status         string   `json:"status" enum:"status" desc:"aktif, vakum, berhenti or empty"`
	Goals          string   `json:"goals" desc:"goals (tujuan)"`
	Benefits       string   `json:"benefits" desc:"benefits (manfaat)"`
	Results        string   `json:"results" desc:"results (hasil), at stage penerapan"`
	ContactOffice  string   `json:"contact_office" desc:"office to contact"`
	ContactEmail   string   `json:"contact_email" desc:"office e-mail"`
	ContactPhone   string   `json:"contact_phone" desc:"office phone"`
	Tags           []string `json:"tags" desc:"tags"`
	SDGs           []int    `json:"sdgs" desc:"Sustainable Development Goals, 1-17"`
	Awards         []string `json:"awards" desc:"awards received"`
	Budget         string   `json:"budget" desc:"budget source"`
	LegalBasis     string   `json:"legal_basis" desc:"legal basis"`
	Links          []string `json:"links" desc:"related web addresses"`
	NewsCount      int      `json:"news_count" desc:"number of news items about it"`
}

// Catalog is the JSON document: dataset facts and the records.
type Catalog struct {
	Title string   `json:"title"`
	URL   string   `json:"url"`
	Count int      `json:"count"`
	Items []Record `json:"items"`
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Records converts the site's published profiles, in catalog order.
func Records(s *content.Site) []Record {
	cfg := s.Config
	out := make([]Record, 0, len(s.Innovations))
	for _, p := range s.Innovations {
		r := Record{
			Slug: p.Slug, URL: cfg.AbsURL(p.Path), Title: p.Title, Summary: p.Summary,
			AgencyKey: p.Agency, Stage: p.Stage, StageLabel: innovation.Stages.Label(p.Stage),
			Digital: p.IsDigital(), Form: p.Form, FormLabel: innovation.Forms.Label(p.Form),
			InitiatorKind: p.Initiator.Kind, InitiatorName: p.Initiator.Name,
			AffairsPrimary: p.Affairs.Primary, AffairsLabel: innovation.Affairs.Label(p.Affairs.Primary),
			AffairsRelated: nonNil(p.Affairs.Related),
			Initiated:      day(p.Initiated), Trial: day(p.Trial), Implemented: day(p.Implemented),
			Status: p.Status, Goals: p.Goals, Benefits: p.Benefits, Results: p.Results,
			ContactOffice: p.Contact.Office, ContactEmail: p.Contact.Email, ContactPhone: p.Contact.Phone,
			Tags: nonNil(p.Tags), SDGs: nonNil(p.SDGs), Awards: nonNil(p.Awards),
			Budget: p.Budget, LegalBasis: p.LegalBasis, Links: []string{}, NewsCount: len(p.Mentions),
		}
		if t, ok := innovation.Affairs.Find(p.Affairs.Primary); ok {
			r.AffairsGroup = t.Group
		}
		if ys := content.FacetKeys(p)["tahun"]; len(ys) > 0 {
			r.Year, _ = strconv.Atoi(ys[0])
		}
		if p.AgencyPage != nil {
			r.Agency = p.AgencyPage.Title
		}
		for _, l := range p.Links {
			r.Links = append(r.Links, l.URL)
		}
		out = append(out, r)
	}
	return out
}

// JSON writes the catalog document to w, indented by one space a level.
// (Into the output's own buffer: at 20,000 profiles the catalog is tens
// of megabytes, and a copy of it held while the build renders leaves the
// collector that much less room.)
func JSON(w io.Writer, cfg *config.Config, recs []Record) error {
	c := Catalog{Title: "Katalog Inovasi " + cfg.Title, URL: cfg.AbsURL("/inovasi/"), Count: len(recs), Items: nonNil(recs)}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(c)
}

// Columns are the CSV header: the JSON names of Record, in order.
func Columns() []string {
	t := reflect.TypeFor[Record]()
	cols := make([]string, t.NumField())
	for i := range cols {
		cols[i] = strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
	}
	return cols
}

// CSV writes to out RFC 4180 CSV (CRLF line ends, quoted as needed) with a UTF-8
// byte-order mark so spreadsheet programs read Indonesian text right. Lists
// are joined with "; ", booleans are true/false, dates YYYY-MM-DD. Text a
// spreadsheet would run as a formula starts with an apostrophe (Neutral);
// the JSON keeps the text as written.
func CSV(out io.Writer, recs []Record) error {
	if _, err := io.WriteString(out, "\ufeff"); err != nil {
		return err
	}
	w := csv.NewWriter(out)
	w.UseCRLF = true
	if err := w.Write(Columns()); err != nil {
		return err
	}
	for _, r := range recs {
		v := reflect.ValueOf(r)
		row := make([]string, v.NumField())
		for i := range row {
			row[i] = cell(v.Field(i))
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// Formula reports whether a spreadsheet opening a CSV file would read s as
// a formula (CSV or formula injection): s begins with =, +, -, @, a tab, a
// carriage return, a line feed or a NUL, also after leading spaces or
// quotes, or with their full-width forms. The list is OWASP's ("CSV
// Injection", and ASVS 4/5 V5.3.x / V1.2.10) plus the characters
// spreadsheets skip before it.
func Formula(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '\t', '\r', '\n', 0:
		return true
	}
	t := strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("'\"\u2018\u2019\u201c\u201d", r) })
	if t == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	return strings.ContainsRune("=+-@\t\r\n\x00＝＋－＠", r)
}

// Neutral is s made safe for a spreadsheet: a formula (see Formula) gets a
// leading apostrophe, which spreadsheets read as "this cell is text", as
// OWASP advises. Other text is returned as it is.
func Neutral(s string) string {
	if Formula(s) {
		return "'" + s
	}
	return s
}

// cell is one CSV field. Text is neutralised (see Neutral), and so is each
// item of a list, since a spreadsheet set to split on ";" (the Indonesian
// locale's list separator) makes each one a cell of its own.
func cell(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return Neutral(v.String())
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int:
		return strconv.Itoa(int(v.Int()))
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = cell(v.Index(i))
		}
		return strings.Join(parts, "; ") // the first item is neutral already
	}
	return ""
}

// Schema is the JSON Schema (draft 2020-12) of the catalog document,
// derived from Record and the fixed lists.
func Schema(cfg *config.Config) ([]byte, error) {
	lists := innovation.Lists()
	props := map[string]any{}
	var required []string
	t := reflect.TypeFor[Record]()
	for i := range t.NumField() {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		required = append(required, name)
		var p map[string]any
		switch f.Type.Kind() {
		case reflect.String:
			p = map[string]any{"type": "string"}
			if f.Tag.Get("format") == "date" {
				p["pattern"] = `^(\d{4}-\d{2}-\d{2})?$`
			}
		case reflect.Bool:
			p = map[string]any{"type": "boolean"}
		case reflect.Int:
			p = map[string]any{"type": "integer", "minimum": 0}
		case reflect.Slice:
			item := map[string]any{"type": "string"}
			if f.Type.Elem().Kind() == reflect.Int {
				item = map[string]any{"type": "integer", "minimum": 1, "maximum": 17}
			}
			p = map[string]any{"type": "array", "items": item}
		}
		if e := f.Tag.Get("enum"); e != "" {
			var keys []any
			if f.Name == "Status" {
				keys = append(keys, "")
			}
			for _, term := range lists[e].Terms {
				keys = append(keys, term.Key)
			}
			if f.Type.Kind() == reflect.Slice {
				p["items"] = map[string]any{"enum": keys}
			} else {
				p["enum"] = keys
			}
		}
		p["description"] = f.Tag.Get("desc")
		props[name] = p
	}
	schema := map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         cfg.AbsURL("/inovasi/katalog.schema.json"),
		"title":       "Katalog inovasi daerah",
		"description": "Open data of the innovation catalog; one item per published innovation profile.",
		"type":        "object",
		"required":    []string{"title", "url", "count", "items"},
		"properties": map[string]any{
			"title": map[string]any{"type": "string"},
			"url":   map[string]any{"type": "string"},
			"count": map[string]any{"type": "integer", "minimum": 0},
			"items": map[string]any{"type": "array", "items": map[string]any{
				"type": "object", "required": required, "properties": props, "additionalProperties": false,
			}},
		},
		"additionalProperties": false,
	}
	return json.MarshalIndent(schema, "", " ")
}
