package data

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// parserMarks records where Parse reported a problem, as paths into the
// file ("properties.kind", "sources[1].text", "geometry.coordinates[2][0]"),
// per feature index or -1 for problems outside features. The typed value at
// or under a marked path is not what the file holds: a member of the wrong
// JSON type is decoded as the zero value, which would otherwise read as
// missing. The validator therefore skips every rule that reads a marked
// value, so that each problem is reported once, in the words of whoever
// found it.
type parserMarks struct {
	paths map[int]marks
}

// add marks path in feature.
func (pm *parserMarks) add(feature int, path string) {
	if pm.paths == nil {
		pm.paths = make(map[int]marks)
	}
	ms := pm.paths[feature]
	if !slices.Contains(ms, path) {
		pm.paths[feature] = append(ms, path)
	}
}

// of returns the marks of feature, or nil.
func (pm *parserMarks) of(feature int) marks {
	if pm == nil {
		return nil
	}
	return pm.paths[feature]
}

// marks are the marked paths of one feature. "" marks the whole feature.
type marks []string

// has reports whether path or a path containing it is marked.
func (ms marks) has(path string) bool {
	for _, m := range ms {
		if m == "" || m == path || within(path, m) {
			return true
		}
	}
	return false
}

// touches reports whether path, a path containing it or a path inside it
// is marked.
func (ms marks) touches(path string) bool {
	for _, m := range ms {
		if m == "" || m == path || within(path, m) || within(m, path) {
			return true
		}
	}
	return false
}

// within reports whether path lies strictly inside the value at outer.
func within(path, outer string) bool {
	return len(path) > len(outer) && strings.HasPrefix(path, outer) &&
		(path[len(outer)] == '.' || path[len(outer)] == '[')
}

// problemCmp orders problems as Save lays out a file: problems outside
// features first (type, title and description, then each source, each
// alliance, the extra members and the features member itself), then each
// feature's, by index; within one feature its own members first, then the
// properties in the order of the format, then the geometry. Problems in
// the same place keep their order.
func problemCmp(a, b Problem) int {
	return cmp.Or(cmp.Compare(a.Feature, b.Feature), cmp.Compare(fieldRank(a), fieldRank(b)))
}

// fieldRank is the sort key of a problem's field within its feature, or
// within the problems outside features.
func fieldRank(p Problem) int64 {
	f := p.Field
	if p.Feature < 0 {
		switch {
		case f == "" || f == "type" || f == "title" || f == "description":
			return 0
		case f == "sources" || strings.HasPrefix(f, "sources["):
			return 1<<40 | elemIndex(f, len("sources"))
		case f == "alliances" || strings.HasPrefix(f, "alliances["):
			return 2<<40 | elemIndex(f, len("alliances"))
		case f == "features":
			return 4 << 40
		}
		return 3 << 40 // extra members
	}
	switch {
	case f == "properties":
		return 1 << 40
	case strings.HasPrefix(f, "properties."):
		key := f[len("properties."):]
		n := strings.IndexAny(key, ".[")
		if n < 0 {
			n = len(key)
		}
		if i := slices.Index(propKeys, key[:n]); i >= 0 {
			return int64(10+i)<<40 | elemIndex(key, n)
		}
		return 2 << 40 // extension, style and unknown keys
	case f == "id":
		return 40 << 40
	case f == "geometry" || strings.HasPrefix(f, "geometry."):
		return 50 << 40
	}
	return 0 // the feature itself, its type, bbox and unknown members
}

// elemIndex returns 1 + the array index written at s[n:], as in
// "sources[12].id", or 0 when there is none.
func elemIndex(s string, n int) int64 {
	if n >= len(s) || s[n] != '[' {
		return 0
	}
	var i int64
	for _, c := range []byte(s[n+1:]) {
		if c < '0' || c > '9' || i > 1<<38 {
			break
		}
		i = i*10 + int64(c-'0')
	}
	return i + 1
}

// finishProblems sorts ps with problemCmp and keeps the first MaxProblems,
// adding a last problem saying so when there were more or when more was
// the reason checking stopped (full).
func finishProblems(file string, ps Problems, full bool) Problems {
	slices.SortStableFunc(ps, problemCmp)
	if len(ps) > MaxProblems {
		ps, full = ps[:MaxProblems], true
	}
	if full {
		ps = append(ps, Problem{File: file, Feature: -1,
			Message: fmt.Sprintf("there are more problems; only the first %d are listed", MaxProblems)})
	}
	return ps
}
