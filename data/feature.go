package data

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
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
	propQualifier
	propPrecision
	propStatus
	propTrip
	propStop
	propParticipants
	propNote
	propDraft
	propCorroborates
	propDisagrees
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
	propQualifier:    "qualifier",
	propPrecision:    "precision",
	propStatus:       "status",
	propTrip:         "trip",
	propStop:         "stop",
	propParticipants: "participants",
	propNote:         "note",
	propDraft:        "draft",
	propCorroborates: "corroborates",
	propDisagrees:    "disagrees",
	propCitations:    "citations",
}

// propIndex returns the prop constant of a property key, or -1; it is
// propKeys turned around, as a switch for speed.
func propIndex(key []byte) int {
	switch string(key) {
	case "id":
		return propID
	case "kind":
		return propKind
	case "title":
		return propTitle
	case "place":
		return propPlace
	case "country":
		return propCountry
	case "actor":
		return propActor
	case "date":
		return propDate
	case "value":
		return propValue
	case "unit":
		return propUnit
	case "qualifier":
		return propQualifier
	case "precision":
		return propPrecision
	case "status":
		return propStatus
	case "trip":
		return propTrip
	case "stop":
		return propStop
	case "participants":
		return propParticipants
	case "note":
		return propNote
	case "draft":
		return propDraft
	case "corroborates":
		return propCorroborates
	case "disagrees":
		return propDisagrees
	case "citations":
		return propCitations
	}
	return -1
}

// propFields are the fields of the properties, as propPath, for the
// parser.
var propFields = func() (f [numProps]fieldRef) {
	for i, path := range propPath {
		f[i] = fld(path)
	}
	return f
}()

// StyleKeys lists the simplestyle-spec property keys that are kept on
// markers, in the order Save writes them.
var StyleKeys = []string{"marker-color", "marker-size", "marker-symbol", "stroke", "stroke-opacity", "stroke-width", "fill", "fill-opacity"}

// feature decodes feature i and appends its marker.
func (p *parser) feature(i int, v int32) {
	d := &p.doc
	if d.kind(v) != jObject {
		p.add(i, fieldRef{}, "is %s; want a GeoJSON Feature object", describe(d, v))
		return
	}
	first := len(p.probs)
	s := p.scope(i)
	var top [5]int32 // type, properties, geometry, id, bbox
	s.members(v, fieldRef{}, featureKeys, top[:], nil)
	typ, props, geom, fid, bbox := top[0], top[1], top[2], top[3], top[4]

	m := p.newMarker()
	m.Index = i
	if t := s.text(typ, fld("type"), present); t != "" {
		if msg := textFlaw(t, true); msg != "" {
			s.add(fld("type"), "%s", msg)
		} else if t != "Feature" {
			s.add(fld("type"), `is %q; want "Feature"`, truncate(t, 40))
		}
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
		if id := s.text(fid, fld("id"), 0); id != "" {
			if msg := textFlaw(id, true); msg != "" {
				s.add(fld("id"), "%s", msg)
			} else if id != m.ID {
				s.add(fld("id"), "%q differs from properties.id; remove it or make them equal", truncate(id, 60))
			}
		}
	}
	switch {
	case geom < 0: // Validate reports it missing
	case d.kind(geom) == jNull:
		s.add(fld("geometry"), "is null; every marker needs a Point, LineString or Polygon")
	default:
		m.Geometry = p.geometry(s, geom)
	}
	if len(p.probs) > first {
		id := displayID(m.ID)
		for k := first; k < len(p.probs); k++ {
			p.probs[k].ID = id
		}
	}
	p.ds.Markers = append(p.ds.Markers, m)
}

// featureKeys are the members of a feature object. A feature's "id", if
// present, must equal properties.id; it and "bbox" are not kept.
var featureKeys = []string{"type", "properties", "geometry", "id", "bbox"}

// properties decodes a feature's properties into m.
func (p *parser) properties(s *scope, m *Marker, props int32) {
	d := &p.doc
	var vals [numProps]int32
	s.membersBy(props, fld("properties"), propKeys, propIndex, vals[:], func(key string, v int32) {
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

	m.ID = s.text(vals[propID], propFields[propID], required)
	m.Kind = Kind(s.text(vals[propKind], propFields[propKind], required|intern))
	m.Title = s.text(vals[propTitle], propFields[propTitle], required)
	m.Place = s.text(vals[propPlace], propFields[propPlace], required|intern)
	m.Country = s.text(vals[propCountry], propFields[propCountry], intern)
	m.Actor = s.text(vals[propActor], propFields[propActor], intern)
	m.Date = s.text(vals[propDate], propFields[propDate], intern)
	if v := vals[propValue]; v >= 0 && d.kind(v) != jNull {
		if x, ok := s.number(v, propFields[propValue]); ok {
			m.Value = p.newFloat(x)
		}
	}
	m.Unit = s.text(vals[propUnit], propFields[propUnit], intern)
	m.Qualifier = s.text(vals[propQualifier], propFields[propQualifier], intern)
	// A dataset from someone else may leave these out: a missing
	// precision means the position is as given, a missing status that
	// the text states none (shown as "not stated", never as current).
	m.Precision = Precision(s.text(vals[propPrecision], propFields[propPrecision], intern))
	m.Status = Status(s.text(vals[propStatus], propFields[propStatus], intern))
	m.Trip = s.text(vals[propTrip], propFields[propTrip], intern)
	if v := vals[propStop]; v >= 0 && d.kind(v) != jNull {
		if x, ok := s.number(v, propFields[propStop]); ok {
			// 0 would read as no stop, and a fraction has no typed value.
			if x != math.Trunc(x) || x < 1 || x > maxStop {
				s.add(propFields[propStop], "is %s; want a whole number from 1 to %d", truncate(string(d.raw(v)), 40), maxStop)
			} else {
				m.Stop = int(x)
			}
		}
	}
	if v := vals[propParticipants]; v >= 0 && d.kind(v) != jNull {
		switch {
		case d.kind(v) == jString:
			// GDAL writes a list as "(3:a,b,c)" where a format has no
			// lists (GeoPackage, Shapefile): read it back.
			if names, ok := gdalStringList(d.str(v)); ok {
				m.Participants = names
			} else {
				s.add(propFields[propParticipants], "is a string; want an array of names")
			}
		case d.kind(v) != jArray:
			s.add(propFields[propParticipants], "is %s; want an array of names", describe(d, v))
		case d.len(v) > 0:
			m.Participants = make([]string, d.len(v))
			for k := range m.Participants {
				m.Participants[k] = s.text(d.elem(v, k), at("properties.participants", k, ""), required|intern)
			}
		}
	}
	m.Note = s.text(vals[propNote], propFields[propNote], 0)
	if v := vals[propDraft]; v >= 0 && d.kind(v) != jNull {
		switch d.kind(v) {
		case jTrue:
			m.Draft = true
		case jFalse:
		default:
			s.add(propFields[propDraft], "is %s; want true or false", describe(d, v))
		}
	}
	m.Corroborates = s.text(vals[propCorroborates], propFields[propCorroborates], intern)
	m.Disagrees = s.text(vals[propDisagrees], propFields[propDisagrees], intern)
	m.Citations = p.citations(s, vals[propCitations], "properties.citations")
}

// style decodes a simplestyle property; Validate checks its value.
func (p *parser) style(s *scope, key string, v int32) (any, bool) {
	f := sub("properties", key)
	switch key {
	case "marker-color", "stroke", "fill", "marker-size", "marker-symbol":
		if key == "marker-symbol" && v >= 0 && p.doc.kind(v) == jString && p.doc.strLen(v) == 0 {
			return "", false // geojson.io writes "marker-symbol": "" for no symbol
		}
		str := s.text(v, f, required)
		return str, str != ""
	default: // opacities and stroke-width
		return s.number(v, f)
	}
}

// citationKeys are the members of a citation.
var citationKeys = []string{"source", "quote", "note"}

// citations decodes an array of citations; v < 0 means absent. Citations
// that are not objects are kept as zero placeholders so that indices match
// the file.
func (p *parser) citations(s *scope, v int32, base string) []Citation {
	d := &p.doc
	switch {
	case v < 0:
		return nil
	case d.kind(v) != jArray:
		s.add(fld(base), "is %s; want an array of {\"source\", \"quote\"} objects", describe(d, v))
		return nil
	case d.len(v) > MaxCitations:
		// Refused before decoding them; Validate has the same limit.
		s.add(fld(base), "has %d citations; the limit is %d", d.len(v), MaxCitations)
		return nil
	}
	cites := make([]Citation, d.len(v))
	var vals [3]int32
	for k := range cites {
		c := d.elem(v, k)
		if d.kind(c) != jObject {
			s.add(at(base, k, ""), "is %s; want an object with source and quote", describe(d, c))
			continue
		}
		s.members(c, at(base, k, ""), citationKeys, vals[:], nil)
		cites[k] = Citation{
			Source: s.text(vals[0], at(base, k, "source"), required|intern),
			Quote:  s.text(vals[1], at(base, k, "quote"), required),
			Note:   s.text(vals[2], at(base, k, "note"), 0),
		}
	}
	return cites
}

// gdalStringList reads GDAL's form of a list of strings, "(N:a,b,c)",
// as a GeoJSON → GeoPackage → GeoJSON round trip leaves it.
func gdalStringList(s string) ([]string, bool) {
	if !strings.HasPrefix(s, "(") || !strings.HasSuffix(s, ")") {
		return nil, false
	}
	n, rest, ok := strings.Cut(s[1:len(s)-1], ":")
	if !ok {
		return nil, false
	}
	count, err := strconv.Atoi(n)
	if err != nil || count < 0 {
		return nil, false
	}
	if count == 0 {
		return nil, rest == ""
	}
	names := strings.Split(rest, ",")
	if len(names) != count {
		return nil, false
	}
	return names, true
}
