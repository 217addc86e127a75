package build

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/opendata"
)

func TestCatalogOpenData(t *testing.T) {
	mem, res := buildMem(t, os.DirFS("../.."), Options{})
	data := mem.Files["inovasi/katalog.json"]

	// The JSON validates against the published schema.
	schemaDoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(mem.Files["inovasi/katalog.schema.json"]))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("katalog.schema.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("katalog.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("katalog.json does not validate: %v", err)
	}
	// A broken document does not validate: the schema has teeth.
	bad := bytes.Replace(data, []byte(`"stage": "penerapan"`), []byte(`"stage": "selesai"`), 1)
	if bytes.Equal(bad, data) {
		bad = bytes.Replace(data, []byte(`"stage":"penerapan"`), []byte(`"stage":"selesai"`), 1)
	}
	badInst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if sch.Validate(badInst) == nil {
		t.Error("schema accepts an unknown stage")
	}

	var cat opendata.Catalog
	if err := json.Unmarshal(data, &cat); err != nil {
		t.Fatal(err)
	}
	if cat.Count != len(res.Site.Innovations) || len(cat.Items) != cat.Count || cat.Count < 12 {
		t.Fatalf("count %d, items %d, profiles %d", cat.Count, len(cat.Items), len(res.Site.Innovations))
	}

	// The CSV reads back with encoding/csv into the same records.
	raw := mem.Files["inovasi/katalog.csv"]
	if !bytes.HasPrefix(raw, []byte("\ufeff")) || !bytes.Contains(raw, []byte("\r\n")) {
		t.Error("CSV lacks the UTF-8 BOM or CRLF line ends")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(opendata.Columns(), ",") {
		t.Errorf("header %v", rows[0])
	}
	if len(rows)-1 != len(cat.Items) {
		t.Fatalf("%d CSV rows, %d JSON items", len(rows)-1, len(cat.Items))
	}
	for i, it := range cat.Items {
		js, _ := json.Marshal(it)
		var m map[string]any
		_ = json.Unmarshal(js, &m)
		for j, col := range rows[0] {
			if got, want := rows[i+1][j], csvText(m[col]); got != want {
				t.Errorf("row %d %s: CSV %q, JSON %q", i+1, col, got, want)
			}
		}
	}
}

func csvText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.Itoa(int(x))
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = csvText(p)
		}
		return strings.Join(parts, "; ")
	}
	return ""
}

// TestFacetPagesCountProfiles checks that each facet page's count equals
// the number of profiles with that value, counted from the data.
func TestFacetPagesCountProfiles(t *testing.T) {
	mem, res := buildMem(t, os.DirFS("../.."), Options{})
	var cat opendata.Catalog
	if err := json.Unmarshal(mem.Files["inovasi/katalog.json"], &cat); err != nil {
		t.Fatal(err)
	}
	count := func(facet, val string) int {
		n := 0
		for _, p := range res.Site.Innovations {
			for _, v := range content.FacetKeys(p)[facet] {
				if v == val {
					n++
				}
			}
		}
		return n
	}
	stages := map[string]bool{}
	for _, f := range res.Site.Facets {
		for _, v := range f.Values {
			want := count(f.Name, v.Slug)
			page := string(mem.Files[strings.TrimPrefix(v.Path, "/")+"index.html"])
			if !strings.Contains(page, strconv.Itoa(want)+" inovasi dengan") || want != v.Count() {
				t.Errorf("%s: page or model count differs from %d", v.Path, want)
			}
			if f.Name == "tahapan" {
				stages[v.Slug] = true
			}
		}
	}
	// By the data itself: the stage facet agrees with the JSON.
	for _, it := range cat.Items {
		if !stages[strings.ReplaceAll(it.Stage, "_", "-")] {
			t.Errorf("stage %s has no facet page", it.Stage)
		}
	}
	if len(stages) != 3 {
		t.Errorf("sample data covers %d stages, want 3", len(stages))
	}
}

// TestInvalidProfiles builds a fixture set of broken profiles: each gives
// its error with file, line and the allowed values.
func TestInvalidProfiles(t *testing.T) {
	const good = "title: P\nsummary: s\nagency: dinkes\ndigital: true\nform: tata_kelola\ninitiator: {kind: opd}\naffairs: {primary: kesehatan}\ngoals: g\nbenefits: b\ncontact: {office: o}\n"
	fsys := fstest.MapFS{
		"content/opd/dinkes.md":        {Data: []byte("---\ntitle: Dinas Kesehatan\n---\n")},
		"content/inovasi/tahap.md":     {Data: []byte("---\n" + good + "stage: selesai\n---\n")},
		"content/inovasi/bentuk.md":    {Data: []byte("---\n" + strings.Replace(good, "tata_kelola", "aplikasi", 1) + "stage: inisiatif\n---\n")},
		"content/inovasi/urusan.md":    {Data: []byte("---\n" + strings.Replace(good, "primary: kesehatan", "primary: sehat", 1) + "stage: inisiatif\n---\n")},
		"content/inovasi/tanggal.md":   {Data: []byte("---\n" + good + "stage: penerapan\nresults: r\ndates:\n  trial: 2021-05-01\n  implemented: 2021-01-01\n---\n")},
		"content/inovasi/tanpa-opd.md": {Data: []byte("---\n" + strings.Replace(good, "agency: dinkes", "agency: bappeda", 1) + "stage: inisiatif\n---\n")},
		"content/inovasi/uji-coba.md":  {Data: []byte("---\n" + good + "stage: uji_coba\n---\n")},
	}
	_, err := Run(context.Background(), Options{Source: fsys, Target: nilTarget{}, Theme: warta.Theme(), Now: now})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`content/inovasi/tahap.md:12: stage: "selesai" is not allowed; use one of: inisiatif, uji_coba, penerapan`,
		`content/inovasi/bentuk.md:6: form: "aplikasi" is not allowed; use one of: tata_kelola, pelayanan_publik, urusan_lainnya`,
		`content/inovasi/urusan.md:8: affairs.primary: "sehat" is not allowed; use one of: pendidikan, kesehatan`,
		`content/inovasi/tanggal.md:16: dates.implemented: 1 Januari 2021 is before trial (1 Mei 2021)`,
		`content/inovasi/tanpa-opd.md:4: agency: "bappeda" is not an agency page: add content/opd/bappeda.md or use one of: dinkes`,
		`content/inovasi/uji-coba.md:12: dates.trial: missing: stage uji_coba needs the date the trial began`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}
}
