package data

import (
	"strconv"
	"strings"
)

// Problem is one thing wrong with a dataset file.
type Problem struct {
	File    string // dataset file name as given
	Feature int    // index in features (counting from 0), or -1 when the problem is not in a feature
	ID      string // feature id when known
	Field   string // dotted path, e.g. "properties.kind", "geometry.coordinates", "sources[1].file", "alliances[0].members[2]"
	Message string // what is wrong, plain words
}

// String returns the problem as one line: the file, the feature (index and
// id) when the problem is in a feature, the field when known, and the
// message, ending with a full stop. For example:
//
//	casmap.geojson: feature 3 (kant-air-base): properties.kind: unknown kind "bse"; want one of base, deployment, visit, meeting, threat, border.
func (p Problem) String() string {
	var b strings.Builder
	b.Grow(len(p.File) + len(p.ID) + len(p.Field) + len(p.Message) + 32)
	b.WriteString(oneLine(p.File))
	b.WriteString(": ")
	if p.Feature >= 0 {
		b.WriteString("feature ")
		b.WriteString(strconv.Itoa(p.Feature))
		if p.ID != "" {
			b.WriteString(" (")
			b.WriteString(oneLine(p.ID))
			b.WriteString(")")
		}
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(oneLine(p.Field))
		b.WriteString(": ")
	}
	msg := oneLine(p.Message)
	b.WriteString(msg)
	if !strings.HasSuffix(msg, ".") && !strings.HasSuffix(msg, "?") && !strings.HasSuffix(msg, "!") {
		b.WriteString(".")
	}
	return b.String()
}

// Problems is every problem found in one file, in the order of the file
// (problems outside features first). It implements error; Error joins the
// problems' String forms with newlines.
type Problems []Problem

// Error returns every problem, one per line.
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// oneLine replaces line breaks and other control characters by spaces so
// that a problem always prints as a single line.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return ' '
		}
		return r
	}, s)
}

// isControl reports whether r is a C0 or C1 control character or a Unicode
// line or paragraph separator.
func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029
}
