package search

import (
	"encoding/json"
	"testing"
)

// TestRecordsAreWrittenAsEncodingJSONWritesThem: record blocks are written
// by hand, byte for byte as encoding/json would write them.
func TestRecordsAreWrittenAsEncodingJSONWritesThem(t *testing.T) {
	t.Parallel()
	odd := []string{
		"", "Pelatihan Kerja", `kutip "ganda" dan \ garis`, "<script>&amp;</script>", "baris\nbaru\ttab\r\b\f\x00\x1f\x7f",
		"bukan UTF-8: \xff\xfe akhir", "pemisah\u2028baris\u2029paragraf", "emoji 🙂 dan aksara ꦗꦮ", "\xe2\x80", "Rp 58,4 miliar…",
	}
	var recs []record
	for i, s := range odd {
		recs = append(recs, record{Title: s, URL: "berita/" + s, Date: "2024-01-02", Section: "berita", Agency: s, Tags: odd[:i], Excerpt: s, Image: s})
	}
	recs = append(recs, record{}) // no tags: []
	got := appendRecords(nil, recs)
	var rows [][]any
	for _, r := range recs {
		tags := r.Tags
		if tags == nil {
			tags = []string{}
		}
		rows = append(rows, []any{r.Title, r.URL, r.Date, r.Section, r.Agency, tags, r.Excerpt, r.Image})
	}
	want, err := json.Marshal(rows)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
