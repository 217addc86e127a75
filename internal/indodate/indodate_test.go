package indodate

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func jakarta(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseAndFormat(t *testing.T) {
	loc := jakarta(t)
	tests := []struct{ in, long, clock, rfc string }{
		{"2020-11-11", "Rabu, 11 November 2020", "00.00 WIB", "2020-11-11T00:00:00+07:00"},
		{"2020-11-11 10:30", "Rabu, 11 November 2020", "10.30 WIB", "2020-11-11T10:30:00+07:00"},
		{"2020-11-11T10:30:00+07:00", "Rabu, 11 November 2020", "10.30 WIB", "2020-11-11T10:30:00+07:00"},
		{"2020-11-11T03:30:00Z", "Rabu, 11 November 2020", "10.30 WIB", "2020-11-11T10:30:00+07:00"},
		{"2021-01-03T08:05:00", "Minggu, 3 Januari 2021", "08.05 WIB", "2021-01-03T08:05:00+07:00"},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in, loc)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		if Long(got) != tt.long || Clock(got) != tt.clock || got.Format(time.RFC3339) != tt.rfc {
			t.Errorf("Parse(%q) → %q %q %q, want %q %q %q", tt.in, Long(got), Clock(got), got.Format(time.RFC3339), tt.long, tt.clock, tt.rfc)
		}
	}
}

func TestParseErrorHints(t *testing.T) {
	loc := jakarta(t)
	tests := []struct{ in, want string }{
		{"11/11/2020", `cannot read "11/11/2020" (write 2020-11-11)`},
		{"3-1-2021", `(write 2021-01-03)`},
		{"kemarin", `write YYYY-MM-DD`},
		{"2020-13-45", `cannot read "2020-13-45"`},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in, loc)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", tt.in, err, tt.want)
		}
	}
}

func TestMonthYearAndZones(t *testing.T) {
	if got := MonthYear(time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)); got != "November 2020" {
		t.Errorf("MonthYear = %q", got)
	}
	makassar := time.FixedZone("X", 8*3600)
	if got := Clock(time.Date(2020, 1, 1, 9, 7, 0, 0, makassar)); got != "09.07 WITA" {
		t.Errorf("Clock = %q", got)
	}
}

// TestParsePeerForms reads every date form Hugo and Jekyll document, with
// the instant each means (Jakarta is the site's zone).
func TestParsePeerForms(t *testing.T) {
	loc := jakarta(t)
	tests := []struct{ in, want string }{
		{"2019-05-12 10:00:00 +0700", "2019-05-12T10:00:00+07:00"},  // Jekyll's documented form
		{"2019-05-12 10:00:00 +07:00", "2019-05-12T10:00:00+07:00"}, // and with a colon
		{"2020-12-27 11:40:17+00:00", "2020-12-27T18:40:17+07:00"},  // YAML 1.1 timestamp
		{"2019-05-12 10:00:00 UTC", "2019-05-12T17:00:00+07:00"},
		{"2019-05-12 10:00:00Z", "2019-05-12T17:00:00+07:00"},
		{"2019-05-12t10:00:00z", "2019-05-12T17:00:00+07:00"},
		{"2019-05-12T10:00:00.000+0700", "2019-05-12T10:00:00+07:00"},
		{"2001-12-14 21:59:43.10 -5", "2001-12-15T09:59:43+07:00"}, // YAML 1.1's own example
		{"2019-5-2", "2019-05-02T00:00:00+07:00"},
		{"2019-05-12 9:05", "2019-05-12T09:05:00+07:00"},
		{"2020-11-11 10:30 WITA", "2020-11-11T09:30:00+07:00"},
		{"2020-11-11 10:30 WIT", "2020-11-11T08:30:00+07:00"},
		{"Sun, 12 May 2019 10:00:00 +0700", "2019-05-12T10:00:00+07:00"}, // RFC 1123, as in feeds
		{"Sun, 12 May 2019 03:00:00 GMT", "2019-05-12T10:00:00+07:00"},
		{"12 May 2019", "2019-05-12T00:00:00+07:00"},
		{"2020-02-29", "2020-02-29T00:00:00+07:00"},
		// As Indonesian text writes a date, as warta's pages show it.
		{"11 November 2020", "2020-11-11T00:00:00+07:00"},
		{"Rabu, 11 November 2020", "2020-11-11T00:00:00+07:00"},
		{"rabu 11 nopember 2020", "2020-11-11T00:00:00+07:00"},
		{"25 Nopember 2020", "2020-11-25T00:00:00+07:00"},
		{"12 Mei 2019", "2019-05-12T00:00:00+07:00"},
		{"1 Maret 2024 10.30", "2024-03-01T10:30:00+07:00"},
		{"17 Agustus 2020 pukul 10.00 WIB", "2020-08-17T10:00:00+07:00"},
		{"3 Pebruari 2021 08:15 WITA", "2021-02-03T07:15:00+07:00"},
		{"Jum'at, 13 Nov 2020", "2020-11-13T00:00:00+07:00"},
		{"9 Des. 2019", "2019-12-09T00:00:00+07:00"},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in, loc)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if s := got.Format(time.RFC3339); s != tt.want {
			t.Errorf("Parse(%q) = %s, want %s", tt.in, s, tt.want)
		}
	}
	for _, bad := range []string{"2012-10-030", "2019-02-29", "2020-11-11 24:00", "2020-11-11 10:30 +25:00", "Sun, 12 May 2019 10:00:00 XYZ", "2020-11-11 10:30 WIBB",
		"31 Februari 2020", "11 Novembre 2020", "Selasa, 11 November 2020", "11 November 2020 25.00"} {
		if got, err := Parse(bad, loc); err == nil {
			t.Errorf("Parse(%q) = %v, want an error", bad, got)
		}
	}
}

// TestHintIsARealDate guards that a hint never names a day that does not
// exist.
func TestHintIsARealDate(t *testing.T) {
	loc := jakarta(t)
	tests := []struct{ in, want string }{
		{"31/02/2020", "YYYY-MM-DD"},
		{"30/02/2021", "YYYY-MM-DD"},
		{"29/02/2020", "2020-02-29"},
		{"2012-10-030", "2012-10-30"},
		{"11.11.2020", "2020-11-11"},
		{"2024/03/01", "2024-03-01"},
		{"2020.11.11", "2020-11-11"},
		{"Selasa, 11 November 2020", "2020-11-11"}, // a Rabu: the form without a day name
	}
	for _, tt := range tests {
		h := Hint(tt.in)
		if !strings.Contains(h, tt.want) {
			t.Errorf("Hint(%q) = %q, want %q", tt.in, h, tt.want)
		}
		if h[0] != 'Y' {
			if _, err := Parse(h, loc); err != nil {
				t.Errorf("Hint(%q) = %q, which does not parse: %v", tt.in, h, err)
			}
		}
	}
}

// FuzzRFC3339 holds the fast path for RFC 3339's shape (rfc3339) to the
// regular expression it stands in for: where it finds a date, the same
// submatches.
func FuzzRFC3339(f *testing.F) {
	for _, s := range []string{"2020-11-11T10:30:00+07:00", "2020-11-11T10:30:00Z", "2020-02-30T10:30:00-05:00", "2020-11-11t25:61:61z", "2020-11-11T10:30:00+99:99", "2020-11-11 10:30:00+07:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := rfc3339(s)
		if m == nil {
			return
		}
		want := numeric.FindStringSubmatch(s)
		if !slices.Equal(m, want) {
			t.Fatalf("rfc3339(%q) = %q, numeric finds %q", s, m, want)
		}
	})
}
