package indodate

import (
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
