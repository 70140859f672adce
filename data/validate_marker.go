package data

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// propPath holds the fields of the properties, such as "properties.kind",
// indexed by the prop constants; see also propFields.
var propPath = func() (p [numProps]string) {
	for i, k := range propKeys {
		p[i] = "properties." + k
	}
	return p
}()

// styleFields holds the fields of the style keys, indexed like StyleKeys.
var styleFields = func() []string {
	f := make([]string, len(StyleKeys))
	for i, k := range StyleKeys {
		f[i] = "properties." + k
	}
	return f
}()

// maxStop is the largest stop number accepted.
const maxStop = 1_000_000

// markerRules appends what is wrong with m to out, in the order of its
// fields, and sets the values that follow from m's: When and, with cite,
// the spans of its citations. Without cite, citations are checked without
// looking them up in their sources (see (*pass).citations).
func (ps *pass) markerRules(m *Marker, rep marks, out findings, cite bool) findings {
	f := &out
	if len(m.Style) > 0 {
		f.style(rep, m.Style)
	}
	if len(m.Extra) > 0 {
		f.extra(rep, m.Extra)
	}
	f.slug(rep, propPath[propID], m.ID, true)
	closed(f, rep, propPath[propKind], m.Kind, m.Kind.Valid(), "kind", Kinds)
	f.text(rep, propPath[propTitle], m.Title, true, true)
	f.text(rep, propPath[propPlace], m.Place, true, true)
	if c := m.Country; c != "" && !IsCountryCode(c) && !rep.has(propPath[propCountry]) {
		switch {
		case textFlaw(c, true) != "":
			f.add(propPath[propCountry], textFlaw(c, true))
		case IsCountryCode(strings.ToUpper(c)):
			f.add(propPath[propCountry], fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 code; did you mean %q?", c, strings.ToUpper(c)))
		default:
			f.add(propPath[propCountry], fmt.Sprintf("unknown country code %q; want an ISO 3166-1 alpha-2 code such as \"KG\"", truncate(c, 40)))
		}
	}
	f.text(rep, propPath[propActor], m.Actor, false, true)
	m.When = f.date(rep, propPath[propDate], m.Date)

	valueRep, unitRep := rep.has(propPath[propValue]), rep.has(propPath[propUnit])
	if x := m.Value; x != nil && !valueRep && (math.IsNaN(*x) || math.IsInf(*x, 0)) {
		f.add(propPath[propValue], strconv.FormatFloat(*x, 'g', -1, 64)+" is not a finite number")
	}
	unitOK := f.text(rep, propPath[propUnit], m.Unit, false, true)
	if !valueRep && !unitRep {
		switch {
		case m.Value != nil && m.Unit == "":
			f.add(propPath[propUnit], "is missing; a value needs a unit such as \"troops\" or \"km\"")
		case m.Value == nil && m.Unit != "" && unitOK:
			f.add(propPath[propUnit], "is set but properties.value is not")
		}
	}

	if f.text(rep, propPath[propQualifier], m.Qualifier, false, true) && m.Qualifier != "" && m.Value == nil && !valueRep {
		f.add(propPath[propQualifier], "is set but properties.value is not")
	}

	if m.Precision != "" {
		closed(f, rep, propPath[propPrecision], m.Precision, m.Precision.Valid(), "precision", Precisions)
	}
	if m.Status != "" {
		closed(f, rep, propPath[propStatus], m.Status, m.Status.Valid(), "status", Statuses)
	}
	f.slug(rep, propPath[propTrip], m.Trip, false)
	if !rep.has(propPath[propStop]) {
		tripRep := rep.has(propPath[propTrip])
		switch {
		case m.Stop < 0 || m.Stop > maxStop:
			f.add(propPath[propStop], fmt.Sprintf("is %d; want a whole number from 1 to %d", m.Stop, maxStop))
		case tripRep:
		case m.Stop != 0 && m.Trip == "":
			f.add(propPath[propStop], "is set but properties.trip is not")
		case m.Stop == 0 && m.Trip != "" && m.Kind == KindVisit:
			f.add(propPath[propStop], fmt.Sprintf("is missing; a visit in trip %q needs its stop number, from 1", m.Trip))
		}
	}
	for k, name := range m.Participants {
		if msg := textFlaw(name, true); msg != "" {
			if field := index(propPath[propParticipants], k); !rep.has(field) {
				f.add(field, msg)
			}
		}
	}
	f.text(rep, propPath[propNote], m.Note, false, false)
	for _, ref := range []struct {
		field, id string
	}{{propPath[propCorroborates], m.Corroborates}, {propPath[propDisagrees], m.Disagrees}} {
		if f.slug(rep, ref.field, ref.id, false) && ref.id == m.ID {
			f.add(ref.field, "names the marker itself; name another marker's id")
		}
	}
	if m.Corroborates != "" && !m.Draft && !rep.has(propPath[propCorroborates]) {
		f.add(propPath[propCorroborates], "is set on a marker that is not a draft; accepting a draft that corroborates another marker adds its citations there")
	}
	ps.citations(f, rep, propPath[propCitations], m.Citations, true, cite, m, -1)
	f.geometry(rep, m.Geometry)
	return out
}

// closed checks a field whose value v is one of a closed list, naming
// what it holds in messages.
func closed[T ~string](f *findings, rep marks, field string, v T, valid bool, what string, list []T) {
	if valid || rep.has(field) {
		return
	}
	switch s := string(v); {
	case s == "":
		f.add(field, "is missing")
	case textFlaw(s, true) != "":
		f.add(field, textFlaw(s, true))
	default:
		f.add(field, fmt.Sprintf("unknown %s %q; want one of %s", what, truncate(s, 40), joinValues(list)))
	}
}

// style checks the simplestyle properties.
func (f *findings) style(rep marks, st map[string]any) {
	known := 0
	for i, key := range StyleKeys {
		v, ok := st[key]
		if !ok {
			continue
		}
		known++
		field := styleFields[i]
		if rep.has(field) {
			continue
		}
		if msg := styleFlaw(key, v); msg != "" {
			f.add(field, msg)
		}
	}
	if known == len(st) {
		return
	}
	for _, key := range slices.Sorted(maps.Keys(st)) {
		if !isStyleKey(key) {
			f.add("properties."+key, fmt.Sprintf("is not a simplestyle key; want one of %s", strings.Join(StyleKeys, ", ")))
		}
	}
}

// styleFlaw returns what is wrong with the value v of simplestyle key key,
// or "".
func styleFlaw(key string, v any) string {
	switch key {
	case "marker-color", "stroke", "fill", "marker-size", "marker-symbol":
		s, ok := v.(string)
		switch {
		case !ok:
			return fmt.Sprintf("is a Go %T; want a string", v)
		case s == "":
			return "is empty"
		case textFlaw(s, true) != "":
			return textFlaw(s, true)
		case key == "marker-size" && s != "small" && s != "medium" && s != "large":
			return fmt.Sprintf("%q is not a marker size; want small, medium or large", truncate(s, 40))
		case key != "marker-size" && key != "marker-symbol" && !isColor(s):
			return fmt.Sprintf("%q is not a colour; want #rgb or #rrggbb, such as \"#c0392b\"", truncate(s, 40))
		}
		return ""
	}
	var x float64
	switch n := v.(type) {
	case float64:
		x = n
	case int:
		x = float64(n)
	default:
		return fmt.Sprintf("is a Go %T; want a number", v)
	}
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return strconv.FormatFloat(x, 'g', -1, 64) + " is not a finite number"
	case key == "stroke-width" && x < 0:
		return fmt.Sprintf("is %g; want a number of at least 0", x)
	case key != "stroke-width" && (x < 0 || x > 1):
		return fmt.Sprintf("is %g; want a number from 0 to 1", x)
	}
	return ""
}

// extra checks the extension properties.
func (f *findings) extra(rep marks, extra map[string]json.RawMessage) {
	for _, key := range slices.Sorted(maps.Keys(extra)) {
		field := "properties." + key
		switch {
		case rep.has(field):
		case len(key) <= 2 || !strings.HasPrefix(key, "x-"):
			f.add(field, "is not an extension property; their keys start with \"x-\"")
		case !json.Valid(extra[key]):
			f.add(field, "is not valid JSON")
		}
	}
}

const (
	fieldGeometry = "geometry"
	fieldGeomType = "geometry.type"
	fieldCoords   = "geometry.coordinates"
)

// geometry checks a marker's geometry.
func (f *findings) geometry(rep marks, g orb.Geometry) {
	if rep.has(fieldCoords) {
		return
	}
	switch g := g.(type) {
	case nil:
		if !rep.touches(fieldGeometry) {
			f.add(fieldGeometry, "is missing")
		}
	case orb.Point:
		f.markedPosition(rep, g, posRef{-1, -1})
	case orb.LineString:
		good := true
		for k, pt := range g {
			good = f.markedPosition(rep, pt, posRef{-1, k}) && good
		}
		if good && len(g) < 2 {
			f.add(fieldCoords, fmt.Sprintf("a LineString has %d position(s); want at least 2", len(g)))
		}
	case orb.Polygon:
		if len(g) == 0 {
			f.add(fieldCoords, "a Polygon has no rings; want at least one")
		}
		for r, ring := range g {
			if rep != nil && rep.has(coordPath(r, -1)) {
				continue
			}
			good := true
			for k, pt := range ring {
				good = f.markedPosition(rep, pt, posRef{r, k}) && good
			}
			switch {
			case !good:
			case len(ring) < 4:
				f.add(fieldCoords, fmt.Sprintf("ring %d has %d position(s); want at least 4, the last equal to the first", r, len(ring)))
			case ring[0] != ring[len(ring)-1]:
				f.add(fieldCoords, fmt.Sprintf("ring %d is not closed: first position %s differs from last %s", r, posString(ring[0]), posString(ring[len(ring)-1])))
			}
		}
	case orb.MultiPoint, orb.MultiLineString, orb.MultiPolygon, orb.Collection:
		if !rep.has(fieldGeomType) {
			f.add(fieldGeomType, fmt.Sprintf("%s is not allowed; want Point, LineString or Polygon, one marker each", g.GeoJSONType()))
		}
	default:
		if !rep.has(fieldGeomType) {
			f.add(fieldGeomType, fmt.Sprintf("a Go %T is not allowed; want an orb.Point, orb.LineString or orb.Polygon", g))
		}
	}
}

// coordPath is the path of a position or, with pos -1, of a ring in a
// geometry's coordinates; ring is -1 for a LineString.
func coordPath(ring, pos int) string {
	p := fieldCoords
	if ring >= 0 {
		p = index(p, ring)
	}
	if pos >= 0 {
		p = index(p, pos)
	}
	return p
}

// markedPosition checks a position, or those of its coordinates that the
// parser has not reported, and returns whether it is good.
func (f *findings) markedPosition(rep marks, pt orb.Point, where posRef) bool {
	if rep == nil {
		return f.position(pt, where)
	}
	path := fieldCoords
	if where.pos >= 0 {
		path = coordPath(where.ring, where.pos)
	}
	switch {
	case rep.has(path):
		return false
	case rep.touches(path):
		for k := range 2 {
			if !rep.has(index(path, k)) {
				f.coordinate(pt[k], k, where)
			}
		}
		return false
	}
	return f.position(pt, where)
}

// position checks a [longitude, latitude] position; where names it.
func (f *findings) position(pt orb.Point, where posRef) bool {
	lon, lat := pt[0], pt[1]
	if lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90 {
		return true // and neither is NaN
	}
	f.coordinate(lon, 0, where)
	f.coordinate(lat, 1, where)
	return false
}

// coordinate checks coordinate k (0 for longitude, 1 for latitude) of a
// position.
func (f *findings) coordinate(x float64, k int, where posRef) {
	name, limit := "longitude", 180.0
	if k == 1 {
		name, limit = "latitude", 90
	}
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		f.add(fieldCoords, fmt.Sprintf("%s%s %s is not a finite number", where, name, strconv.FormatFloat(x, 'g', -1, 64)))
	case x < -limit || x > limit:
		f.add(fieldCoords, fmt.Sprintf("%s%s %g is outside -%g to %g (positions are [longitude, latitude])", where, name, x, limit, limit))
	}
}

// posRef says where a position is, for messages: ring is the polygon ring
// or -1, pos the index in the line or ring, or -1 for a Point.
type posRef struct{ ring, pos int }

// String returns the position's place for a message, such as "ring 0, position 3: ".
func (r posRef) String() string {
	switch {
	case r.pos < 0:
		return ""
	case r.ring < 0:
		return fmt.Sprintf("position %d: ", r.pos)
	default:
		return fmt.Sprintf("ring %d, position %d: ", r.ring, r.pos)
	}
}

// posString formats a position for a message.
func posString(pt orb.Point) string {
	return "[" + strconv.FormatFloat(pt[0], 'g', -1, 64) + ", " + strconv.FormatFloat(pt[1], 'g', -1, 64) + "]"
}
