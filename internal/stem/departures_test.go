package stem

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/departures.txt from the stemmer's output")

const departuresFile = "testdata/departures.txt"

// departuresHeader explains the file and each reason.
const departuresHeader = `# Words of the Snowball golden vocabulary (testdata/snowball/voc.txt) that
# warta stems differently from Snowball's Indonesian stemmer, on purpose.
# Columns: word, Snowball's stem, warta's stem, reason. Reasons:
#   name   a proper noun or agency acronym kept whole (Kerinci, Diskominfo):
#          Tala's rules take it apart (ke|rinci) and a search for the name
#          would find the unrelated word (rinci).
#   dis    di- before s and a consonant is kept: it starts a loan word
#          (diskusi, distribusi) or an agency acronym (dispusip), not di- and
#          a root (skusi, stribusi, spusip).
#   whole  di-, ke- or ter- that belongs to the root stays (terima, kelola,
#          disiplin; Tala: ima, lola, siplin), where more words of this
#          vocabulary stem to the whole word than to Tala's stem (roots.go).
#   per    per- before a consonant goes after a first-order prefix even when
#          no suffix did (mempercepat, dipercepat → cepat, like percepatan).
#   nasal  the consonant a nasal prefix took from the root is put back
#          (menulis, penulis → tulis, like tulisan and ditulis; memasak →
#          masak, not pasak): the roots come from this vocabulary itself,
#          see roots.go.
#   r      the same for the r of a root that ber- or per- took (perumahan →
#          rumah, perencanaan → rencana, perekaman → rekam).
# Rewritten by go test ./internal/stem -run TestDepartures -update; read the
# diff before committing it.
`

// reason says why Word departs from Tala's algorithm for w.
func reason(w string) string {
	if protected(w) {
		return "name"
	}
	if disC(w) {
		return "dis"
	}
	if s, _ := talaNasal(w, true); strings.HasPrefix(tala(w), "per") && !strings.HasPrefix(s, "per") {
		return "per"
	}
	s, nasal := talaNasal(w, true)
	switch {
	case whole(w, s, nasal, listedRoot) != "":
		return "whole"
	case nasal == 'r' && recoverRoot(s, nasal, listedRoot) != s:
		return "r"
	case nasal != 0 && recoverRoot(s, nasal, listedRoot) != s:
		return "nasal"
	}
	return "?"
}

// TestDepartures: every golden word whose stem differs from Snowball's is
// listed in testdata/departures.txt with both stems and a known reason,
// and every listed word still differs.
func TestDepartures(t *testing.T) {
	t.Parallel()
	words, stems := golden(t)
	var got strings.Builder
	got.WriteString(departuresHeader)
	n, bad := 0, 0
	for i, w := range words {
		if s := Word(w); s != stems[i] {
			r := reason(w)
			if r == "?" && bad < 20 {
				bad++
				t.Errorf("Word(%q) = %q, Snowball %q, and no reason is known", w, s, stems[i])
			}
			fmt.Fprintf(&got, "%s\t%s\t%s\t%s\n", w, stems[i], s, r)
			n++
		}
	}
	if *update {
		if err := os.WriteFile(departuresFile, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(departuresFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got.String() {
		wl, gl := lines(string(want)), lines(got.String())
		shown := 0
		for l := range gl {
			if !wl[l] && shown < 20 {
				shown++
				t.Errorf("departure not listed in %s: %s", departuresFile, l)
			}
		}
		for l := range wl {
			if !gl[l] && shown < 20 {
				shown++
				t.Errorf("listed in %s but not a departure: %s", departuresFile, l)
			}
		}
		t.Fatalf("%s is out of date (go test -run TestDepartures -update, then read the diff)", departuresFile)
	}
	t.Logf("%d departures from Snowball in %d words (%.2f%%)", n, len(words), 100*float64(n)/float64(len(words)))
}

func lines(s string) map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		if l := sc.Text(); !strings.HasPrefix(l, "#") {
			m[l] = true
		}
	}
	return m
}
