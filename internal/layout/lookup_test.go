package layout

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestOrderIsTheREADMETable reads the README's lookup table and checks
// Order against every row, so the documented order is the one used.
func TestOrderIsTheREADMETable(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{}
	in := false
	code := regexp.MustCompile("`([^`]+)`")
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "| page | layouts tried |") {
			in = true
			continue
		}
		if !in || strings.HasPrefix(line, "|---") {
			continue
		}
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(line, "|")
		var names []string
		for _, m := range code.FindAllStringSubmatch(cells[2], -1) {
			if strings.HasSuffix(m[1], ".html") {
				names = append(names, m[1])
			}
		}
		rows[strings.TrimSpace(cells[1])] = names
	}
	tests := []struct {
		row     string
		kind    Kind
		section string
	}{
		{"home", Home, ""},
		{"article, profile, agency", Single, "<section>"},
		{"plain page", Page, ""},
		{"plain page in a section", Page, "<section>"},
		{"section list", List, "<section>"},
		{"catalog facet", Facet, "inovasi"},
		{"term", Term, ""},
		{"term index", Terms, ""},
		{"archive", Archive, ""},
		{"archive month", Month, ""},
		{"search", Search, ""},
		{"not found", NotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.row, func(t *testing.T) {
			t.Parallel()
			want, ok := rows[tt.row]
			if !ok {
				t.Fatalf("README's table has no row %q", tt.row)
			}
			if got := Order(tt.kind, tt.section, "<layout>"); !slices.Equal(got, want) {
				t.Errorf("Order = %q\nREADME  %q", got, want)
			}
		})
	}
	if len(rows) != len(tests) {
		t.Errorf("README's table has %d rows, the test %d", len(rows), len(tests))
	}
}

func TestOrderWithoutALayoutKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind    Kind
		section string
		want    []string
	}{
		{Single, "berita", []string{"berita/single.html", "_default/single.html"}},
		{Page, "", []string{"_default/page.html", "_default/single.html"}},
		{Page, "pengumuman", []string{"pengumuman/single.html", "_default/page.html", "_default/single.html"}},
	}
	for _, tt := range tests {
		if got := Order(tt.kind, tt.section, ""); !slices.Equal(got, tt.want) {
			t.Errorf("Order(%v, %q, \"\") = %q, want %q", tt.kind, tt.section, got, tt.want)
		}
	}
}
