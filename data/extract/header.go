package extract

import (
	"regexp"
	"strings"
)

// Header is what the top of an article file says about it.
type Header struct {
	Title, Publisher, Published, URL string
	// Body is the byte offset where the article's own text starts, after
	// the header lines.
	Body int
}

var (
	reISODate  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	reLongDate = regexp.MustCompile(`(?i)^(?:[A-Z][a-z]+day,?\s+)?(\d{1,2})\s+` + monthRe + `,?\s+(\d{4})$|^` + `(?i)(?:[A-Z][a-z]+day,?\s+)?` + monthRe + `\s+(\d{1,2}),?\s+(\d{4})$`)
)

// ReadHeader reads the header of an article file: "Title:", "Publisher:",
// "Published:" (or "Date:") and "URL:" lines at the top; or else a first
// line followed by a blank line, taken as the title, and a date on a line
// of its own among the next few.
func ReadHeader(text string) Header {
	var h Header
	off := 0
	labelled := false
	for off < len(text) {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text) - off
		}
		line := strings.TrimSpace(text[off : off+end])
		k, v, ok := strings.Cut(line, ":")
		key := strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		switch {
		case ok && key == "title":
			h.Title = v
		case ok && key == "publisher":
			h.Publisher = v
		case ok && (key == "published" || key == "date"):
			h.Published = isoDate(v)
		case ok && key == "url":
			h.URL = v
		case line == "" && labelled:
			off += end + 1
			h.Body = off
			return h
		default:
			if labelled {
				h.Body = off
				return h
			}
			return plainHeader(text)
		}
		labelled = true
		off += end + 1
		h.Body = off
	}
	return h
}

// plainHeader reads a title line and a date line from the top of a text
// without labels.
func plainHeader(text string) Header {
	var h Header
	lines := strings.SplitN(text, "\n", 6)
	if len(lines) > 1 && strings.TrimSpace(lines[1]) == "" {
		if t := strings.TrimSpace(lines[0]); t != "" && len(t) < 200 && !strings.HasSuffix(t, ".") {
			h.Title = t
		}
	}
	for _, l := range lines[:min(len(lines), 5)] {
		if d := isoDate(strings.TrimSpace(l)); d != "" {
			h.Published = d
			break
		}
	}
	return h
}

// isoDate turns "2019-02-04", "4 February 2019" or "February 4, 2019"
// into ISO 8601, or returns "".
func isoDate(s string) string {
	s = strings.TrimSpace(s)
	if reISODate.MatchString(s) {
		return s
	}
	if m := reLongDate.FindStringSubmatch(s); m != nil {
		day, mon, year := m[1], m[2], m[3]
		if day == "" {
			mon, day, year = m[4], m[5], m[6]
		}
		mo := months[strings.ToLower(strings.TrimSuffix(mon, "."))]
		if mo == 0 {
			return ""
		}
		if len(day) == 1 {
			day = "0" + day
		}
		return year + "-" + twoDigits(int(mo)) + "-" + day
	}
	return ""
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + string(rune('0'+n))
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}
