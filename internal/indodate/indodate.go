// Package indodate reads front-matter dates in the site's time zone and
// writes them the Indonesian way: "Rabu, 11 November 2020", "10.30 WIB".
package indodate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var days = [...]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}

var months = [...]string{"", "Januari", "Februari", "Maret", "April", "Mei", "Juni",
	"Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// numeric is the date form of Hugo, Jekyll and YAML 1.1 timestamps:
// "2019-05-12", "2019-5-2", "2019-05-12T10:00", "2019-05-12 10:00:00.5",
// each optionally followed (with or without a space) by a zone: "Z",
// "UTC", "GMT", "+07:00", "+0700", "+07", "-5", or Indonesia's "WIB",
// "WITA", "WIT". Jekyll documents "YYYY-MM-DD HH:MM:SS +/-TTTT"; YAML 1.1
// (https://yaml.org/type/timestamp.html) allows one-digit months, days,
// hours and offsets.
var numeric = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})` +
	`(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9})\d*)?)?)?` +
	`(?:[ \t]*(Z|z|UTC|GMT|WIB|WITA|WIT|[+-]\d{1,2}(?::?\d{2})?))?$`)

// named are other forms Hugo reads (github.com/spf13/cast's list): the
// e-mail and Unix forms and "02 Jan 2006". A zone abbreviation other than
// UTC or GMT is refused rather than read as UTC, as Go would.
var named = []string{
	time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822, time.RFC850,
	time.ANSIC, time.UnixDate, time.RubyDate,
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"02 Jan 2006", "2 Jan 2006", "January 2, 2006", "Jan 2, 2006",
}

// written is a date as Indonesian text writes it, as warta's own pages
// show it: "11 November 2020", "Rabu, 11 November 2020", "25 Nopember
// 2020 10.30 WIB", "1 Mar 2024 10:30"; the day name is optional (and
// checked), the month Indonesian or English, in full or short, in any
// case (see monthNames).
var written = regexp.MustCompile(`(?i)^(?:([a-z']+),?[ \t]+)?(\d{1,2})[ \t]+([a-z]+)\.?[ \t]+(\d{4})` +
	`(?:[ \t]+(?:pukul[ \t]+)?(\d{1,2})[:.](\d{2})(?:[ \t]*(WIB|WITA|WIT))?)?$`)

// monthNames maps a month's lower-case name to its number: Indonesian
// (with the older spellings Pebruari and Nopember, and the short forms of
// the Kamus Besar Bahasa Indonesia: Agt, Okt, Des) and English.
var monthNames = func() map[string]int {
	m := map[string]int{}
	for i, names := range [...]string{
		"", "januari january jan", "februari pebruari february feb peb", "maret march mar",
		"april apr", "mei may", "juni june jun", "juli july jul",
		"agustus august agu agt ags aug", "september sep sept", "oktober october okt oct",
		"november nopember nov nop", "desember december des dec",
	} {
		for _, n := range strings.Fields(names) {
			m[n] = i
		}
	}
	return m
}()

var zones = map[string]int{"Z": 0, "z": 0, "UTC": 0, "GMT": 0, "WIB": 7, "WITA": 8, "WIT": 9}

// Parse reads s as a front-matter date in any form Hugo or Jekyll reads
// (see numeric and named). Without a zone, s is a wall time in loc. The
// error says which forms are accepted.
func Parse(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	m := rfc3339(s)
	if m == nil {
		m = numeric.FindStringSubmatch(s)
	}
	if m != nil {
		if t, ok := fromParts(m, loc); ok {
			return t.In(loc), nil
		}
		return time.Time{}, fmt.Errorf("cannot read %q (write %s)", s, Hint(s))
	}
	if t, ok := fromWritten(s, loc); ok {
		return t.In(loc), nil
	}
	for _, l := range named {
		t, err := time.ParseInLocation(l, s, loc)
		if err != nil {
			continue
		}
		if name, off := t.Zone(); strings.Contains(l, "MST") && off == 0 && name != "UTC" && name != "GMT" {
			continue // an abbreviation Go does not know: its offset is unknown
		}
		return t.In(loc), nil
	}
	return time.Time{}, fmt.Errorf("cannot read %q (write %s)", s, Hint(s))
}

// rfc3339 returns numeric's submatches of s when s has the shape of
// nearly every date a build reads, RFC 3339's without a fraction
// ("2020-11-11T10:30:00+07:00", "…Z"), else nil: found by position, where
// the regular expression took a tenth of a one-article rebuild's time to
// make the pages from the cache at 10,000 articles.
func rfc3339(s string) []string {
	if len(s) != 20 && len(s) != 25 {
		return nil
	}
	for i := range 19 {
		c := s[i]
		switch i {
		case 4, 7:
			if c != '-' {
				return nil
			}
		case 10:
			if c != 'T' && c != 't' {
				return nil
			}
		case 13, 16:
			if c != ':' {
				return nil
			}
		default:
			if c < '0' || c > '9' {
				return nil
			}
		}
	}
	zone := s[19:]
	switch {
	case zone == "Z" || zone == "z":
	case len(zone) == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' && digits(zone[1:3]) && digits(zone[4:]):
	default:
		return nil
	}
	return []string{s, s[:4], s[5:7], s[8:10], s[11:13], s[14:16], s[17:19], "", zone}
}

func digits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// fromParts makes the time of numeric's submatches; ok is false for a day,
// hour or offset that does not exist (2020-02-30, 25:00).
func fromParts(m []string, loc *time.Location) (time.Time, bool) {
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	y, mo, d, h, mi, sec := n(1), n(2), n(3), n(4), n(5), n(6)
	ns := 0
	if m[7] != "" {
		ns, _ = strconv.Atoi((m[7] + "00000000")[:9])
	}
	if !realDate(y, mo, d) || h > 23 || mi > 59 || sec > 60 {
		return time.Time{}, false
	}
	if sec == 60 {
		sec = 59 // a leap second: Go's time has none
	}
	if z := m[8]; z != "" {
		off, ok := zones[z]
		off *= 3600
		if !ok {
			sign := 1
			if z[0] == '-' {
				sign = -1
			}
			z = strings.ReplaceAll(z[1:], ":", "")
			hh, mm := z, "0"
			if len(z) > 2 {
				hh, mm = z[:len(z)-2], z[len(z)-2:]
			}
			zh, _ := strconv.Atoi(hh)
			zm, _ := strconv.Atoi(mm)
			if zh > 14 || zm > 59 {
				return time.Time{}, false
			}
			off = sign * (zh*3600 + zm*60)
		}
		loc = time.FixedZone("", off)
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, ns, loc), true
}

// fromWritten reads s as written (see written): ok is false when it is
// not in that form, names no month, a day that does not exist, or a day
// name that is not that date's.
func fromWritten(s string, loc *time.Location) (time.Time, bool) {
	m, y, mo, d, ok := writtenDate(s)
	if !ok {
		return time.Time{}, false
	}
	h, _ := strconv.Atoi(m[5])
	mi, _ := strconv.Atoi(m[6])
	if h > 23 || mi > 59 {
		return time.Time{}, false
	}
	if z := strings.ToUpper(m[7]); z != "" {
		loc = time.FixedZone(z, zones[z]*3600)
	}
	t := time.Date(y, time.Month(mo), d, h, mi, 0, 0, loc)
	if day := m[1]; day != "" && !strings.EqualFold(strings.ReplaceAll(day, "'", ""), Day(t)) &&
		!strings.EqualFold(day, t.Weekday().String()) {
		return time.Time{}, false // "Selasa, 11 November 2020": a Rabu; which is meant?
	}
	return t, true
}

// writtenDate matches s against written and returns the submatches and
// the date they name; ok is false when s is not in that form, names no
// month or a day that does not exist.
func writtenDate(s string) (m []string, y, mo, d int, ok bool) {
	if m = written.FindStringSubmatch(s); m == nil {
		return nil, 0, 0, 0, false
	}
	if mo, ok = monthNames[strings.ToLower(m[3])]; !ok {
		return nil, 0, 0, 0, false
	}
	y, _ = strconv.Atoi(m[4])
	d, _ = strconv.Atoi(m[2])
	return m, y, mo, d, realDate(y, mo, d)
}

// realDate reports whether y-m-d is a day of the calendar.
func realDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	return time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC).Day() == d
}

// Hint suggests the accepted spelling of a date an editor typed another way,
// and only ever a date that exists: "11/11/2020" → "2020-11-11",
// "2012-10-030" → "2012-10-30"; "31/02/2020" gets the general form.
func Hint(s string) string {
	s = strings.TrimSpace(s)
	var d, m, y int
	var rest string
	for _, f := range []string{"%d/%d/%d%s", "%d-%d-%d%s", "%d.%d.%d%s"} {
		if n, _ := fmt.Sscanf(s, f, &d, &m, &y, &rest); n >= 3 && y > 999 && realDate(y, m, d) {
			return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		}
		d, m, y, rest = 0, 0, 0, ""
	}
	// Year first, with stray zeros (2012-10-030), or slashes or dots
	// (2024/03/01, 2020.11.11).
	for _, f := range []string{"%d-%d-%d%s", "%d/%d/%d%s", "%d.%d.%d%s"} {
		if n, _ := fmt.Sscanf(s, f, &y, &m, &d, &rest); n >= 3 && y > 999 && realDate(y, m, d) && rest == "" {
			return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		}
		d, m, y, rest = 0, 0, 0, ""
	}
	// Written out, with a day name that is not the date's: the date in
	// the form that needs no day name.
	if _, y, mo, d, ok := writtenDate(s); ok {
		return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
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
