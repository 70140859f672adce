package data

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// DateRange is the span of time a date covers, in UTC. Both ends are
// inclusive: Start is the first instant covered and End the last, to the
// nanosecond. "2019-02" covers 2019-02-01T00:00:00Z to
// 2019-02-28T23:59:59.999999999Z. The zero DateRange means "no date".
type DateRange struct {
	Start time.Time // first instant covered, UTC
	End   time.Time // last instant covered, UTC
}

// IsZero reports whether r is the zero DateRange, meaning no date.
func (r DateRange) IsZero() bool { return r.Start.IsZero() && r.End.IsZero() }

// Contains reports whether t falls within r, ends included. The zero
// DateRange contains nothing.
func (r DateRange) Contains(t time.Time) bool {
	return !r.IsZero() && !t.Before(r.Start) && !t.After(r.End)
}

// Overlaps reports whether r and o share at least one instant. A zero
// DateRange overlaps nothing.
func (r DateRange) Overlaps(o DateRange) bool {
	return !r.IsZero() && !o.IsZero() && !r.End.Before(o.Start) && !o.End.Before(r.Start)
}

// ParseDate parses an ISO 8601 calendar date of the forms YYYY, YYYY-MM or
// YYYY-MM-DD, or an interval A/B of two such dates, into the span it covers.
// An interval starts where A starts and ends where B ends; neither end of B
// may come before the corresponding end of A. Years run from 0000 to 9999.
func ParseDate(s string) (DateRange, error) {
	if a, b, ok := strings.Cut(s, "/"); ok {
		start, endA, err := parseCalendarDate(a)
		if err != nil {
			return DateRange{}, err
		}
		startB, end, err := parseCalendarDate(b)
		if err != nil {
			return DateRange{}, err
		}
		if startB.Before(start) || end.Before(endA) {
			return DateRange{}, fmt.Errorf("interval %q ends before it starts", s)
		}
		return DateRange{Start: start, End: end}, nil
	}
	start, end, err := parseCalendarDate(s)
	if err != nil {
		return DateRange{}, err
	}
	return DateRange{Start: start, End: end}, nil
}

var errDateForm = errors.New("want YYYY, YYYY-MM, YYYY-MM-DD or an interval of two of those such as 2019-02/2019-05")

// parseCalendarDate parses YYYY, YYYY-MM or YYYY-MM-DD and returns the
// first and last instants it covers.
func parseCalendarDate(s string) (start, end time.Time, err error) {
	bad := func() (time.Time, time.Time, error) {
		return time.Time{}, time.Time{}, fmt.Errorf("%q is not a date: %w", truncate(s, 40), errDateForm)
	}
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return bad()
	}
	year, ok := digits(s[0:4])
	if !ok {
		return bad()
	}
	month, day := 1, 1
	if len(s) >= 7 {
		if s[4] != '-' {
			return bad()
		}
		if month, ok = digits(s[5:7]); !ok {
			return bad()
		}
		if month < 1 || month > 12 {
			return time.Time{}, time.Time{}, fmt.Errorf("%q is not a valid date: there is no month %d", s, month)
		}
	}
	if len(s) == 10 {
		if s[7] != '-' {
			return bad()
		}
		if day, ok = digits(s[8:10]); !ok {
			return bad()
		}
		if n := daysIn(year, time.Month(month)); day < 1 || day > n {
			return time.Time{}, time.Time{}, fmt.Errorf("%q is not a valid date: %s %04d has %d days", s, time.Month(month), year, n)
		}
	}
	start = time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	var next time.Time
	switch len(s) {
	case 4:
		next = start.AddDate(1, 0, 0)
	case 7:
		next = start.AddDate(0, 1, 0)
	default:
		next = start.AddDate(0, 0, 1)
	}
	return start, next.Add(-time.Nanosecond), nil
}

// digits parses s, which must consist of ASCII digits only.
func digits(s string) (int, bool) {
	n := 0
	for i := range len(s) {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// daysIn returns the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
