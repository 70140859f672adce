package data

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Property keys of a feature, in the order Save writes them.
const (
	propID = iota
	propKind
	propTitle
	propPlace
	propCountry
	propActor
	propDate
	propValue
	propUnit
	propPrecision
	propStatus
	propTrip
	propStop
	propParticipants
	propNote
	propCitations
	numProps
)

// propKeys are the feature property keys, indexed by the prop constants.
var propKeys = []string{
	propID:           "id",
	propKind:         "kind",
	propTitle:        "title",
	propPlace:        "place",
	propCountry:      "country",
	propActor:        "actor",
	propDate:         "date",
	propValue:        "value",
	propUnit:         "unit",
	propPrecision:    "precision",
	propStatus:       "status",
	propTrip:         "trip",
	propStop:         "stop",
	propParticipants: "participants",
	propNote:         "note",
	propCitations:    "citations",
}

// propFields are the dotted field names of the properties.
var propFields = func() []fieldRef {
	f := make([]fieldRef, len(propKeys))
	for i, k := range propKeys {
		f[i] = fld("properties." + k)
	}
	return f
}()

// StyleKeys lists the simplestyle-spec property keys that are kept on
// markers, in the order Save writes them.
var StyleKeys = []string{"marker-color", "marker-size", "marker-symbol", "stroke", "stroke-opacity", "stroke-width", "fill", "fill-opacity"}

// maxStop is the largest stop number accepted.
const maxStop = 1_000_000

// feature checks feature i and appends its marker.
func (p *parser) feature(i int, v int32) {
	d := &p.doc
	if d.kind(v) != jObject {
		p.add(i, "", fieldRef{}, "is %s; want a GeoJSON Feature object", describe(d, v))
		return
	}
	s := p.scope(i, featureID(d, v))
	var top [5]int32 // type, properties, geometry, id, bbox
	s.members(v, fieldRef{}, featureKeys, top[:], nil)
	typ, props, geom, fid, bbox := top[0], top[1], top[2], top[3], top[4]

	m := p.newMarker()
	m.Index = i
	if t, ok := s.text(typ, fld("type"), required|singleLine); ok && t != "Feature" {
		s.add(fld("type"), `is %q; want "Feature"`, truncate(t, 40))
	}
	if bbox >= 0 && d.kind(bbox) != jArray {
		s.add(fld("bbox"), "is %s; want an array", describe(d, bbox))
	}
	switch {
	case props < 0:
		s.add(fld("properties"), "is missing")
	case d.kind(props) != jObject:
		s.add(fld("properties"), "is %s; want an object", describe(d, props))
	default:
		p.properties(s, m, props)
	}
	if fid >= 0 {
		if id, ok := s.text(fid, fld("id"), singleLine); ok && id != m.ID {
			s.add(fld("id"), "%q differs from properties.id; remove it or make them equal", truncate(id, 60))
		}
	}
	switch {
	case geom < 0:
		s.add(fld("geometry"), "is missing")
	case d.kind(geom) == jNull:
		s.add(fld("geometry"), "is null; every marker needs a Point, LineString or Polygon")
	default:
		m.Geometry = p.geometry(s, geom)
	}
	p.ds.Markers = append(p.ds.Markers, m)
}

// featureKeys are the members of a feature object. A feature's "id", if
// present, must equal properties.id; it and "bbox" are not kept.
var featureKeys = []string{"type", "properties", "geometry", "id", "bbox"}

// featureID returns the display id of feature object v, or "".
func featureID(d *jdoc, v int32) string {
	for k := range d.len(v) {
		kn, props := d.member(v, k)
		if string(d.keyBytes(kn)) != "properties" || d.kind(props) != jObject {
			continue
		}
		for j := range d.len(props) {
			kn, val := d.member(props, j)
			if string(d.keyBytes(kn)) == "id" && d.kind(val) == jString {
				return displayID(d.str(val))
			}
		}
	}
	return ""
}

// displayID is an id as shown in problems.
func displayID(id string) string {
	return truncate(oneLine(id), MaxIDLen)
}

// properties checks a feature's properties into m.
func (p *parser) properties(s *scope, m *Marker, props int32) {
	d := &p.doc
	var vals [numProps]int32
	s.members(props, fld("properties"), propKeys, vals[:], func(key string, v int32) {
		switch {
		case strings.HasPrefix(key, "x-") && len(key) > 2:
			var buf bytes.Buffer
			buf.Grow(len(d.raw(v)))
			if err := json.Compact(&buf, d.raw(v)); err != nil {
				s.add(sub("properties", key), "cannot be kept: %v", err)
				return
			}
			if m.Extra == nil {
				m.Extra = make(map[string]json.RawMessage)
			}
			m.Extra[key] = buf.Bytes()
		case isStyleKey(key):
			if val, ok := p.style(s, key, v); ok {
				if m.Style == nil {
					m.Style = make(map[string]any)
				}
				m.Style[key] = val
			}
		default:
			s.add(sub("properties", key), "unknown field%s", suggest(key, append(propKeys[:len(propKeys):len(propKeys)], StyleKeys...)))
		}
	})

	if id, ok := s.slug(vals[propID], propFields[propID], required); ok {
		m.ID = id
		if prev, dup := p.ids[id]; dup {
			s.add(propFields[propID], "duplicate id %q; feature %d already uses it", id, prev.Index)
		} else {
			p.ids[id] = m
		}
	} else {
		m.ID = id
	}
	if k, ok := s.text(vals[propKind], propFields[propKind], required|singleLine|intern); ok {
		if kind := Kind(k); kind.Valid() {
			m.Kind = Kind(k)
		} else {
			s.add(propFields[propKind], "unknown kind %q; want one of %s", truncate(k, 40), joinValues(Kinds))
		}
	}
	m.Title, _ = s.text(vals[propTitle], propFields[propTitle], required|singleLine)
	m.Place, _ = s.text(vals[propPlace], propFields[propPlace], required|singleLine|intern)
	if c, ok := s.text(vals[propCountry], propFields[propCountry], singleLine|intern); ok {
		switch {
		case IsCountryCode(c):
			m.Country = c
		case IsCountryCode(strings.ToUpper(c)):
			s.add(propFields[propCountry], "%q is not an ISO 3166-1 alpha-2 code; did you mean %q?", c, strings.ToUpper(c))
		default:
			s.add(propFields[propCountry], "unknown country code %q; want an ISO 3166-1 alpha-2 code such as \"KG\"", truncate(c, 40))
		}
	}
	m.Actor, _ = s.text(vals[propActor], propFields[propActor], singleLine|intern)
	if date, ok := s.text(vals[propDate], propFields[propDate], singleLine); ok {
		m.Date = date
		if r, err := ParseDate(date); err != nil {
			s.add(propFields[propDate], "%v", err)
		} else {
			m.When = r
		}
	}
	if v := vals[propValue]; v >= 0 && d.kind(v) != jNull {
		if x, ok := s.number(v, propFields[propValue]); ok {
			m.Value = &x
		}
	}
	unitOK := false
	m.Unit, unitOK = s.text(vals[propUnit], propFields[propUnit], singleLine|intern)
	switch {
	case m.Value != nil && vals[propUnit] < 0:
		s.add(propFields[propUnit], "is missing; a value needs a unit such as \"troops\" or \"km\"")
	case unitOK && vals[propValue] < 0:
		s.add(propFields[propUnit], "is set but properties.value is not")
	}
	if pr, ok := s.text(vals[propPrecision], propFields[propPrecision], required|singleLine|intern); ok {
		if prec := Precision(pr); prec.Valid() {
			m.Precision = prec
		} else {
			s.add(propFields[propPrecision], "unknown precision %q; want one of %s", truncate(pr, 40), joinValues(Precisions))
		}
	}
	if st, ok := s.text(vals[propStatus], propFields[propStatus], required|singleLine|intern); ok {
		if status := Status(st); status.Valid() {
			m.Status = status
		} else {
			s.add(propFields[propStatus], "unknown status %q; want one of %s", truncate(st, 40), joinValues(Statuses))
		}
	}
	m.Trip, _ = s.slug(vals[propTrip], propFields[propTrip], intern)
	if v := vals[propStop]; v >= 0 && d.kind(v) != jNull {
		if x, ok := s.number(v, propFields[propStop]); ok {
			if x != math.Trunc(x) || x < 1 || x > maxStop {
				s.add(propFields[propStop], "is %s; want a whole number from 1 to %d", truncate(string(d.raw(v)), 40), maxStop)
			} else {
				m.Stop = int(x)
			}
		}
		if vals[propTrip] < 0 {
			s.add(propFields[propStop], "is set but properties.trip is not")
		}
	} else if m.Trip != "" && m.Kind == KindVisit {
		s.add(propFields[propStop], "is missing; a visit in trip %q needs its stop number, from 1", m.Trip)
	}
	if v := vals[propParticipants]; v >= 0 && d.kind(v) != jNull {
		if d.kind(v) != jArray {
			s.add(propFields[propParticipants], "is %s; want an array of names", describe(d, v))
		} else {
			m.Participants = make([]string, 0, d.len(v))
			for k := range d.len(v) {
				if name, ok := s.text(d.elem(v, k), at("properties.participants", k, ""), required|singleLine|intern); ok {
					m.Participants = append(m.Participants, name)
				}
			}
		}
	}
	m.Note, _ = s.text(vals[propNote], propFields[propNote], 0)
	m.Citations = p.citations(s, vals[propCitations], "properties.citations")
}

// joinValues lists allowed values for a message.
func joinValues[T ~string](vals []T) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = string(v)
	}
	return strings.Join(parts, ", ")
}

func isStyleKey(key string) bool {
	for _, k := range StyleKeys {
		if k == key {
			return true
		}
	}
	return false
}

// style checks a simplestyle property and returns its value.
func (p *parser) style(s *scope, key string, v int32) (any, bool) {
	f := sub("properties", key)
	switch key {
	case "marker-color", "stroke", "fill":
		c, ok := s.text(v, f, required|singleLine)
		if ok && !isColor(c) {
			s.add(f, "%q is not a colour; want #rgb or #rrggbb, such as \"#c0392b\"", truncate(c, 40))
			return nil, false
		}
		return c, ok
	case "marker-size":
		size, ok := s.text(v, f, required|singleLine)
		if ok && size != "small" && size != "medium" && size != "large" {
			s.add(f, "%q is not a marker size; want small, medium or large", truncate(size, 40))
			return nil, false
		}
		return size, ok
	case "marker-symbol":
		return s.text(v, f, required|singleLine)
	case "stroke-opacity", "fill-opacity":
		x, ok := s.number(v, f)
		if ok && (x < 0 || x > 1) {
			s.add(f, "is %g; want a number from 0 to 1", x)
			return nil, false
		}
		return x, ok
	default: // stroke-width
		x, ok := s.number(v, f)
		if ok && x < 0 {
			s.add(f, "is %g; want a number of at least 0", x)
			return nil, false
		}
		return x, ok
	}
}

// isColor reports whether c is #rgb or #rrggbb.
func isColor(c string) bool {
	if (len(c) != 4 && len(c) != 7) || c[0] != '#' {
		return false
	}
	for i := 1; i < len(c); i++ {
		if hexVal(c[i]) < 0 {
			return false
		}
	}
	return true
}

// citationKeys are the members of a citation.
var citationKeys = []string{"source", "quote", "note"}

// citations checks an array of citations; v < 0 means absent. Citations
// with problems are kept as placeholders with an empty Source so that
// indices match the file.
func (p *parser) citations(s *scope, v int32, base string) []Citation {
	d := &p.doc
	switch {
	case v < 0:
		s.add(fld(base), "is missing; cite at least one source with a verbatim quote")
		return nil
	case d.kind(v) != jArray:
		s.add(fld(base), "is %s; want an array of {\"source\", \"quote\"} objects", describe(d, v))
		return nil
	case d.len(v) == 0:
		s.add(fld(base), "is empty; cite at least one source with a verbatim quote")
		return nil
	case d.len(v) > MaxCitations:
		s.add(fld(base), "has %d citations; the limit is %d", d.len(v), MaxCitations)
		return nil
	}
	cites := make([]Citation, d.len(v))
	var vals [3]int32
	for k := range d.len(v) {
		c := d.elem(v, k)
		if d.kind(c) != jObject {
			s.add(at(base, k, ""), "is %s; want an object with source and quote", describe(d, c))
			continue
		}
		s.members(c, at(base, k, ""), citationKeys, vals[:], nil)
		src, srcOK := s.slug(vals[0], at(base, k, "source"), required|intern)
		quote, quoteOK := s.text(vals[1], at(base, k, "quote"), required)
		note, _ := s.text(vals[2], at(base, k, "note"), 0)
		if srcOK && quoteOK {
			cites[k] = Citation{Source: src, Quote: quote, Note: note}
		}
	}
	return cites
}

// checkCitations checks, once every source is known, that each citation
// names a known source and quotes it verbatim, and records the quotes'
// spans.
//
// Quotes are searched for in a source's folded text directly, which is
// fast for texts of the usual size. Quotes of large sources cited many
// times are set aside and checked source by source with a suffix array, so
// that a file citing a huge source many times still loads quickly, and
// only one suffix array is held at a time.
func (p *parser) checkCitations() {
	var later []pendingCitation
	for _, m := range p.ds.Markers {
		s := p.scope(m.Index, displayID(m.ID))
		for k := range m.Citations {
			later = p.checkCitation(s, &m.Citations[k], "properties.citations", k, later)
		}
	}
	for i, a := range p.ds.Alliances {
		s := p.scope(-1, "")
		base := fmt.Sprintf("alliances[%d].citations", i)
		for k := range a.Citations {
			later = p.checkCitation(s, &a.Citations[k], base, k, later)
		}
	}
	slices.SortStableFunc(later, func(a, b pendingCitation) int { return strings.Compare(a.c.Source, b.c.Source) })
	for i, pc := range later {
		if pc.st.folded.sa == nil {
			pc.st.folded.buildSuffixArray()
		}
		p.findQuote(pc.s, pc.st, pc.c, pc.base, pc.k)
		if i+1 == len(later) || later[i+1].st != pc.st {
			pc.st.folded = nil // release the suffix array
		}
	}
}

// pendingCitation is a citation set aside by checkCitation.
type pendingCitation struct {
	s    *scope
	st   *sourceState
	c    *Citation
	base string
	k    int
}

// Sources of more than bigSource bytes cited more than bigSourceCites
// times are searched with a suffix array.
const (
	bigSource      = 256 << 10
	bigSourceCites = 4
)

// checkCitation checks one citation, or appends it to later when its
// source is large and cited often; see checkCitations.
func (p *parser) checkCitation(s *scope, c *Citation, base string, k int, later []pendingCitation) []pendingCitation {
	if c.Source == "" || p.full {
		return later // already reported
	}
	st := p.sources[c.Source]
	if st == nil {
		if !p.noSources {
			s.add(at(base, k, "source"), "unknown source %q; add it to the sources list", c.Source)
		}
		return later
	}
	if !st.textOK {
		return later // the source's problem is reported
	}
	if len(st.src.Text) > bigSource {
		if st.cites++; st.cites > bigSourceCites {
			return append(later, pendingCitation{s: s, st: st, c: c, base: base, k: k})
		}
	}
	p.findQuote(s, st, c, base, k)
	return later
}

// findQuote locates a citation's quote in its source.
func (p *parser) findQuote(s *scope, st *sourceState, c *Citation, base string, k int) {
	if p.full {
		return
	}
	if st.folded == nil {
		st.folded = foldText(st.src.Text)
	}
	q := FoldSpace(c.Quote)
	start, end, ok := st.folded.find(q)
	if !ok {
		msg := fmt.Sprintf("the quote is not in source %q, even allowing for differences in white space", c.Source)
		if n := st.folded.longestPrefix(q); n >= 12 {
			msg += fmt.Sprintf("; the source matches the quote up to %q, then differs", lastRunes(q[:n], 30))
		}
		s.add(at(base, k, "quote"), "%s", msg)
		return
	}
	c.Start, c.End = start, end
}

// lastRunes returns the last n runes of s, marking a cut with "...".
func lastRunes(s string, n int) string {
	i := len(s)
	for k := 0; k < n && i > 0; k++ {
		i--
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
	}
	if i > 0 {
		return "..." + s[i:]
	}
	return s
}
