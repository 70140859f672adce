package mapmodel

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"casmap/data"
)

// FormatDate writes an ISO 8601 date or interval as a reader would:
// "3 February 2019", "3–4 February 2019", "March 2020", "2012–2014";
// "undated" for the empty string and raw itself when it does not parse.
func FormatDate(raw string) string {
	if raw == "" {
		return "undated"
	}
	a, b, isRange := strings.Cut(raw, "/")
	da, ok := parseDateParts(a)
	if !ok {
		return raw
	}
	if !isRange {
		return da.String()
	}
	db, ok := parseDateParts(b)
	if !ok {
		return raw
	}
	switch {
	case da == db:
		return da.String()
	case da.prec == 3 && db.prec == 3 && da.year == db.year && da.month == db.month:
		return fmt.Sprintf("%d–%d %s %04d", da.day, db.day, da.month, da.year)
	case da.prec == 3 && db.prec == 3 && da.year == db.year:
		return fmt.Sprintf("%d %s – %d %s %04d", da.day, da.month, db.day, db.month, db.year)
	case da.prec == 2 && db.prec == 2 && da.year == db.year:
		return fmt.Sprintf("%s – %s %04d", da.month, db.month, db.year)
	case da.prec == 1 && db.prec == 1:
		return fmt.Sprintf("%04d–%04d", da.year, db.year)
	}
	return da.String() + " – " + db.String()
}

// dateParts is a date with its precision: 1 year, 2 month, 3 day.
type dateParts struct {
	prec, year, day int
	month           time.Month
}

func (d dateParts) String() string {
	switch d.prec {
	case 1:
		return fmt.Sprintf("%04d", d.year)
	case 2:
		return fmt.Sprintf("%s %04d", d.month, d.year)
	}
	return fmt.Sprintf("%d %s %04d", d.day, d.month, d.year)
}

func parseDateParts(s string) (dateParts, bool) {
	layouts := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}
	layout, ok := layouts[len(s)]
	if !ok {
		return dateParts{}, false
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return dateParts{}, false
	}
	return dateParts{prec: map[int]int{4: 1, 7: 2, 10: 3}[len(s)], year: t.Year(), month: t.Month(), day: t.Day()}, true
}

// ShortDate is a compact date for map labels: "3 Feb 2019", "3–9 Feb 2019".
func ShortDate(m *data.Marker) string {
	a, b := m.When.Start, m.When.End
	switch {
	case a.Year() != b.Year():
		return fmt.Sprintf("%s – %s", a.Format("2 Jan 2006"), b.Format("2 Jan 2006"))
	case a.Month() != b.Month():
		return fmt.Sprintf("%s – %s", a.Format("2 Jan"), b.Format("2 Jan 2006"))
	case a.Day() != b.Day():
		return fmt.Sprintf("%d–%s", a.Day(), b.Format("2 Jan 2006"))
	}
	return a.Format("2 Jan 2006")
}

// Plural returns "1 one" or "n many".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// AllianceShortName is the alliance's abbreviation when its name ends in
// one in brackets ("Collective Security Treaty Organization (CSTO)"),
// else its name, else its id.
func AllianceShortName(a *data.Alliance) string {
	n := strings.TrimSpace(a.Name)
	if strings.HasSuffix(n, ")") {
		if i := strings.LastIndexByte(n, '('); i >= 0 && i < len(n)-2 {
			return n[i+1 : len(n)-1]
		}
	}
	if n == "" {
		return a.ID
	}
	return n
}

// KindRank orders kinds as data.Kinds lists them, for lists and keys.
func KindRank(k data.Kind) int {
	if i := slices.Index(data.Kinds, k); i >= 0 {
		return i
	}
	return len(data.Kinds)
}
