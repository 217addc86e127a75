package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/content"
)

// samplePortal assembles the repository's sample portal (its warta.yaml,
// agencies, innovation profiles and news) as a build would, without
// rendering bodies: the catalog reads front matter only.
func samplePortal(t *testing.T) (*content.Site, *config.Config) {
	t.Helper()
	root := os.DirFS("../..")
	cfg, err := config.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	var pages []*content.Page
	err = fs.WalkDir(root, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".md" {
			return err
		}
		data, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		page, errs := content.Parse(&cfg, content.Source{File: p, Data: data})
		if errs.Errors() {
			t.Fatalf("%s: %v", p, errs.Err())
		}
		pages = append(pages, page)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s, errs := content.Assemble(&cfg, pages, content.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if errs.Errors() {
		t.Fatal(errs.Err())
	}
	return s, &cfg
}

// TestRecordsOfTheSamplePortal: one record per published profile, in
// catalog order, with the values and labels the README's open-data table
// promises, checked against the profiles' front matter.
func TestRecordsOfTheSamplePortal(t *testing.T) {
	t.Parallel()
	s, cfg := samplePortal(t)
	recs := Records(s)
	if len(recs) != len(s.Innovations) || len(recs) < 10 {
		t.Fatalf("%d records for %d profiles", len(recs), len(s.Innovations))
	}
	by := map[string]Record{}
	for i, r := range recs {
		if r.Slug != s.Innovations[i].Slug {
			t.Errorf("record %d is %s, profile %s: not in catalog order", i, r.Slug, s.Innovations[i].Slug)
		}
		by[r.Slug] = r
	}
	r, ok := by["satu-data-jambi"]
	if !ok {
		t.Fatal("no record for satu-data-jambi")
	}
	for _, tt := range []struct{ field, got, want string }{
		{"url", r.URL, cfg.AbsURL("/inovasi/satu-data-jambi/")},
		{"agency_key", r.AgencyKey, "diskominfo"},
		{"stage", r.Stage, "penerapan"},
		{"stage_label", r.StageLabel, "Penerapan"},
		{"form", r.Form, "tata_kelola"},
		{"form_label", r.FormLabel, "Inovasi Tata Kelola Pemerintahan Daerah"},
		{"initiator_kind", r.InitiatorKind, "opd"},
		{"affairs_primary", r.AffairsPrimary, "statistik"},
		{"affairs_group", r.AffairsGroup, "wajib_non_dasar"},
		{"affairs_related", strings.Join(r.AffairsRelated, ","), "komunikasi_dan_informatika,persandian"},
		{"initiated", r.Initiated, "2019-09-02"},
		{"trial", r.Trial, "2020-03-02"},
		{"implemented", r.Implemented, "2020-08-17"},
		{"status", r.Status, "aktif"},
		{"contact_email", r.ContactEmail, "satudata@example.go.id"},
		{"tags", strings.Join(r.Tags, ","), "data,digitalisasi"},
		{"links", strings.Join(r.Links, ","), "https://data.go.id/"},
	} {
		if tt.got != tt.want {
			t.Errorf("satu-data-jambi %s = %q, want %q", tt.field, tt.got, tt.want)
		}
	}
	if !r.Digital || r.Year != 2020 || !slices.Equal(r.SDGs, []int{16, 17}) || r.Agency == "" {
		t.Errorf("digital %v, year %d, sdgs %v, agency %q", r.Digital, r.Year, r.SDGs, r.Agency)
	}
	for _, r := range recs {
		p := s.PageAt("/inovasi/" + r.Slug + "/")
		if p == nil {
			t.Errorf("%s: no profile page", r.Slug)
			continue
		}
		if r.NewsCount != len(p.Mentions) {
			t.Errorf("%s: news_count %d, %d news items name it", r.Slug, r.NewsCount, len(p.Mentions))
		}
		// A milestone's date is in the year column when implemented.
		if r.Implemented != "" && !strings.HasPrefix(r.Implemented, itoa(r.Year)) {
			t.Errorf("%s: implemented %s but year %d", r.Slug, r.Implemented, r.Year)
		}
		if r.Tags == nil || r.SDGs == nil || r.Awards == nil || r.Links == nil || r.AffairsRelated == nil {
			t.Errorf("%s: a list is null in JSON (want [])", r.Slug)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestCatalogFilesAgree: the JSON validates against the published schema
// (JSON Schema 2020-12, checked by santhosh-tekuri/jsonschema), and the
// CSV (RFC 4180: byte-order mark, CRLF, the README's column order) holds
// the same records, lists joined with "; ".
func TestCatalogFilesAgree(t *testing.T) {
	t.Parallel()
	s, cfg := samplePortal(t)
	recs := Records(s)
	var docBuf bytes.Buffer
	err := JSON(&docBuf, cfg, recs)
	doc := docBuf.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	schemaDoc, err := Schema(cfg)
	if err != nil {
		t.Fatal(err)
	}
	sch, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaDoc))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("katalog.schema.json", sch); err != nil {
		t.Fatal(err)
	}
	compiled, err := c.Compile("katalog.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if err := compiled.Validate(inst); err != nil {
		t.Errorf("katalog.json does not match its schema: %v", err)
	}
	// The schema must be able to fail: a stage outside the list.
	bad := bytes.Replace(doc, []byte(`"stage": "penerapan"`), []byte(`"stage": "selesai"`), 1)
	if inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(bad)); compiled.Validate(inst) == nil {
		t.Error("the schema accepted stage \"selesai\"")
	}

	var csvBuf bytes.Buffer
	err = CSV(&csvBuf, recs)
	b := csvBuf.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Error("no byte-order mark")
	}
	if n, crlf := bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")); n != crlf {
		t.Errorf("%d line ends, %d of them CRLF", n, crlf)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := strings.Fields(`slug url title summary agency_key agency stage stage_label digital form form_label
		initiator_kind initiator_name affairs_primary affairs_primary_label affairs_group affairs_related
		initiated trial implemented year status goals benefits results contact_office contact_email contact_phone
		tags sdgs awards budget legal_basis links news_count`)
	if !slices.Equal(rows[0], wantHeader) || !slices.Equal(Columns(), wantHeader) {
		t.Errorf("header %v\nwant   %v", rows[0], wantHeader)
	}
	if len(rows)-1 != len(recs) {
		t.Fatalf("%d rows for %d records", len(rows)-1, len(recs))
	}
	col := func(name string) int { return slices.Index(wantHeader, name) }
	for i, r := range recs {
		row := rows[i+1]
		for _, tt := range []struct{ name, want string }{
			{"slug", r.Slug},
			{"title", Neutral(r.Title)},
			{"digital", map[bool]string{true: "true", false: "false"}[r.Digital]},
			{"tags", strings.Join(neutralAll(r.Tags), "; ")},
			{"year", itoa(r.Year)},
			{"news_count", itoa(r.NewsCount)},
		} {
			if got := row[col(tt.name)]; got != tt.want {
				t.Errorf("%s: CSV %s = %q, want %q", r.Slug, tt.name, got, tt.want)
			}
		}
	}
}

func neutralAll(l []string) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = Neutral(s)
	}
	return out
}

// TestNeutral: formulas get a leading apostrophe (OWASP CSV injection);
// other text is unchanged.
func TestNeutral(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"Pelayanan", "Pelayanan"},
		{"", ""},
		{"=1+2", "'=1+2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"-5", "'-5"},
		{"e-KTP", "e-KTP"},
	} {
		if got := Neutral(tt.in); got != tt.want {
			t.Errorf("Neutral(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
