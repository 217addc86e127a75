// Package indodate reads front-matter dates in the site's time zone and
// writes them the Indonesian way: "Rabu, 11 November 2020", "10.30 WIB".
package indodate

import (
	"fmt"
	"strings"
	"time"
)

var days = [...]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}

var months = [...]string{"", "Januari", "Februari", "Maret", "April", "Mei", "Juni",
	"Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// layouts accepted in front matter, tried in order. Those without an offset
// are read in the site's time zone.
var layouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// Parse reads s as a front-matter date. Without an offset, s is a wall time
// in loc. The error says which forms are accepted.
func Parse(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t.In(loc), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q (write %s)", s, Hint(s))
}

// Hint suggests the accepted spelling of a date an editor typed another way:
// "11/11/2020" → "2020-11-11".
func Hint(s string) string {
	var d, m, y int
	for _, f := range []string{"%d/%d/%d", "%d-%d-%d", "%d.%d.%d"} {
		if n, _ := fmt.Sscanf(s, f, &d, &m, &y); n == 3 && y > 999 && m >= 1 && m <= 12 && d >= 1 && d <= 31 {
			return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		}
	}
	return "YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2020-11-11 10:30"
}

// Day is the day name: "Rabu".
func Day(t time.Time) string { return days[t.Weekday()] }

// Month is the month name: "November".
func Month(m time.Month) string { return months[m] }

// Date is "11 November 2020".
func Date(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()], t.Year())
}

// Long is "Rabu, 11 November 2020".
func Long(t time.Time) string { return Day(t) + ", " + Date(t) }

// MonthYear is "November 2020".
func MonthYear(t time.Time) string { return fmt.Sprintf("%s %d", months[t.Month()], t.Year()) }

// Clock is "10.30 WIB": 24-hour time with a dot and the zone's Indonesian
// abbreviation (WIB, WITA, WIT) where the offset has one.
func Clock(t time.Time) string {
	return fmt.Sprintf("%02d.%02d %s", t.Hour(), t.Minute(), Zone(t))
}

// Zone names t's offset: WIB (+7), WITA (+8), WIT (+9), else "UTC+h".
func Zone(t time.Time) string {
	_, off := t.Zone()
	switch off {
	case 7 * 3600:
		return "WIB"
	case 8 * 3600:
		return "WITA"
	case 9 * 3600:
		return "WIT"
	}
	name, _ := t.Zone()
	return name
}
