package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// months maps month names and their abbreviations to numbers.
var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

const monthRe = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)`

var (
	// "February 3, 2019", "February 3", "3 February 2019", "3 February".
	reMonthDay = regexp.MustCompile(`\b` + monthRe + `\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?`)
	reDayMonth = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)?\s+` + monthRe + `\b(?:,?\s+(\d{4}))?`)
	// "in October 2012", "in late April", "early May 2019", "in April".
	reMonthYear = regexp.MustCompile(`(?i)\b(?:in\s+|since\s+|by\s+|until\s+)?(early|mid|late|mid-)?\s*-?\s*` + monthRe + `(?:\s+(?:of\s+)?(\d{4}))?\b`)
	// "in 2014", "since 2001".
	reYear    = regexp.MustCompile(`\b(?:in|since|by|until|from|of)\s+((?:19|20)\d{2})\b`)
	reWeekday = regexp.MustCompile(`(?i)\b(?:on|last|this|next)?\s*(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)\b`)
	reRelWord = regexp.MustCompile(`(?i)\b(yesterday|today|tomorrow|last week|next week|this week|last month|next month|this month|last year|next year|this year|earlier this month|earlier this year|later this week|later this month|later this year)\b`)
)

// Resolved is a date found in a sentence.
type Resolved struct {
	Date   string // ISO 8601 date or interval, as a dataset writes it
	Phrase string // the words it was read from
	Note   string // how it was read, for the draft's note
}

// ResolveDate reads the date of a sentence: an absolute date, or one
// relative to the publication date pub (the zero time when unknown, when
// relative dates are not resolved). future says the sentence speaks of
// what is to come ("will visit on Tuesday"), so a weekday is the next one.
func ResolveDate(sentence string, pub time.Time, future bool) (Resolved, bool) {
	yearOf := func(m time.Month, day int, y string) (int, string) {
		if y != "" {
			n, _ := strconv.Atoi(y)
			return n, ""
		}
		if pub.IsZero() {
			return 0, ""
		}
		year := pub.Year()
		d := time.Date(year, m, max(day, 1), 0, 0, 0, 0, time.UTC)
		// A month far after the publication date is last year's; one a
		// little after is what is to come.
		if !future && d.After(pub.AddDate(0, 1, 0)) {
			year--
		}
		return year, fmt.Sprintf("; the year is the publication's, %s", pub.Format("2006-01-02"))
	}
	if m := reMonthDay.FindStringSubmatch(sentence); m != nil {
		if r, ok := absolute(m[0], m[1], m[2], m[3], yearOf); ok {
			return r, true
		}
	}
	if m := reDayMonth.FindStringSubmatch(sentence); m != nil {
		if r, ok := absolute(m[0], m[2], m[1], m[3], yearOf); ok {
			return r, true
		}
	}
	if m := reRelWord.FindStringSubmatch(sentence); m != nil && !pub.IsZero() {
		return relative(strings.ToLower(m[1]), m[0], pub), true
	}
	if m := reWeekday.FindStringSubmatch(sentence); m != nil && !pub.IsZero() {
		wd := weekdays[strings.ToLower(m[1])]
		d := pub
		if future || strings.HasPrefix(strings.ToLower(strings.TrimSpace(m[0])), "next") {
			for d.Weekday() != wd || !d.After(pub) {
				d = d.AddDate(0, 0, 1)
			}
		} else {
			for d.Weekday() != wd {
				d = d.AddDate(0, 0, -1)
			}
		}
		return Resolved{Date: d.Format("2006-01-02"), Phrase: strings.TrimSpace(m[0]),
			Note: fmt.Sprintf("“%s” read as %s, the %s nearest %s the publication date %s", strings.TrimSpace(m[0]), d.Format("Monday 2 January 2006"), m[1], map[bool]string{true: "after", false: "before"}[future], pub.Format("2006-01-02"))}, true
	}
	if m := reMonthYear.FindStringSubmatch(sentence); m != nil {
		mon := months[strings.ToLower(strings.TrimSuffix(m[2], "."))]
		if mon != 0 && (m[3] != "" || !pub.IsZero()) && isMonthUse(m[0], m[2]) {
			year, how := yearOf(mon, 1, m[3])
			if year > 0 {
				note := fmt.Sprintf("“%s” read as %d-%02d%s", strings.TrimSpace(m[0]), year, mon, how)
				if m[1] != "" {
					note += "; the text gives only " + strings.TrimSuffix(strings.ToLower(m[1]), "-") + " " + m[2]
				}
				return Resolved{Date: fmt.Sprintf("%d-%02d", year, mon), Phrase: strings.TrimSpace(m[0]), Note: note}, true
			}
		}
	}
	if m := reYear.FindStringSubmatch(sentence); m != nil {
		return Resolved{Date: m[1], Phrase: m[0], Note: fmt.Sprintf("“%s” read as the year %s", m[0], m[1])}, true
	}
	return Resolved{}, false
}

// isMonthUse rules out "May" as the verb: a month name stands alone only
// after "in", "since", "early", "late" or with a year.
func isMonthUse(phrase, month string) bool {
	p := strings.ToLower(strings.TrimSpace(phrase))
	if strings.ToLower(month) != "may" && strings.ToLower(month) != "march" {
		return true
	}
	return strings.HasPrefix(p, "in ") || strings.HasPrefix(p, "since ") || strings.HasPrefix(p, "by ") ||
		strings.HasPrefix(p, "early") || strings.HasPrefix(p, "late") || strings.HasPrefix(p, "mid") ||
		len(strings.Fields(p)) > 1 && p[len(p)-1] >= '0' && p[len(p)-1] <= '9'
}

// absolute reads a month and day, with the year given or taken from the
// publication date.
func absolute(phrase, month, day, year string, yearOf func(time.Month, int, string) (int, string)) (Resolved, bool) {
	mon := months[strings.ToLower(strings.TrimSuffix(month, "."))]
	d, err := strconv.Atoi(day)
	if mon == 0 || err != nil || d < 1 || d > 31 {
		return Resolved{}, false
	}
	y, how := yearOf(mon, d, year)
	if y == 0 {
		return Resolved{}, false
	}
	t := time.Date(y, mon, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return Resolved{}, false // 31 February
	}
	iso := t.Format("2006-01-02")
	return Resolved{Date: iso, Phrase: phrase, Note: fmt.Sprintf("“%s” read as %s%s", phrase, iso, how)}, true
}

// relative resolves a word like "yesterday" or "last week" against the
// publication date.
func relative(word, phrase string, pub time.Time) Resolved {
	day := func(t time.Time) string { return t.Format("2006-01-02") }
	monday := pub.AddDate(0, 0, -((int(pub.Weekday()) + 6) % 7))
	var date string
	switch word {
	case "yesterday":
		date = day(pub.AddDate(0, 0, -1))
	case "today":
		date = day(pub)
	case "tomorrow":
		date = day(pub.AddDate(0, 0, 1))
	case "last week":
		date = day(monday.AddDate(0, 0, -7)) + "/" + day(monday.AddDate(0, 0, -1))
	case "this week", "later this week":
		date = day(monday) + "/" + day(monday.AddDate(0, 0, 6))
	case "next week":
		date = day(monday.AddDate(0, 0, 7)) + "/" + day(monday.AddDate(0, 0, 13))
	case "last month":
		date = pub.AddDate(0, -1, -pub.Day()+1).Format("2006-01")
	case "this month", "earlier this month", "later this month":
		date = pub.Format("2006-01")
	case "next month":
		date = time.Date(pub.Year(), pub.Month()+1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
	case "last year":
		date = strconv.Itoa(pub.Year() - 1)
	case "this year", "earlier this year", "later this year":
		date = strconv.Itoa(pub.Year())
	case "next year":
		date = strconv.Itoa(pub.Year() + 1)
	}
	return Resolved{Date: date, Phrase: phrase,
		Note: fmt.Sprintf("“%s” read as %s, relative to the publication date %s", phrase, date, pub.Format("2006-01-02"))}
}
