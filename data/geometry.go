package data

import (
	"fmt"
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

var (
	fieldGeomType   = fld("geometry.type")
	fieldGeomCoords = fld("geometry.coordinates")
)

// geometryKeys are the members of a geometry object.
var geometryKeys = []string{"type", "coordinates", "bbox"}

// geometry checks a feature's geometry object.
func (p *parser) geometry(s *scope, g int32) orb.Geometry {
	d := &p.doc
	if d.kind(g) != jObject {
		s.add(fld("geometry"), "is %s; want an object with type and coordinates", describe(d, g))
		return nil
	}
	var vals [3]int32
	s.members(g, fld("geometry"), geometryKeys, vals[:], nil)
	typ, coords, bbox := vals[0], vals[1], vals[2]
	if bbox >= 0 && d.kind(bbox) != jArray {
		s.add(fld("geometry.bbox"), "is %s; want an array", describe(d, bbox))
	}
	t, ok := s.text(typ, fieldGeomType, required|singleLine)
	if !ok {
		return nil
	}
	switch t {
	case "Point", "LineString", "Polygon":
	case "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection":
		s.add(fieldGeomType, "%s is not allowed; want Point, LineString or Polygon, one marker each", t)
		return nil
	default:
		s.add(fieldGeomType, "unknown geometry type %q; want Point, LineString or Polygon", truncate(t, 40))
		return nil
	}
	if coords < 0 {
		s.add(fieldGeomCoords, "is missing")
		return nil
	}
	if d.kind(coords) != jArray {
		s.add(fieldGeomCoords, "is %s; want an array", describe(d, coords))
		return nil
	}
	switch t {
	case "Point":
		pt, ok := p.position(s, coords, posRef{-1, -1})
		if !ok {
			return nil
		}
		return pt
	case "LineString":
		line, ok := p.positions(s, coords, -1)
		if !ok {
			return nil
		}
		if len(line) < 2 {
			s.add(fieldGeomCoords, "a LineString has %d position(s); want at least 2", len(line))
			return nil
		}
		return orb.LineString(line)
	default:
		n := d.len(coords)
		if n == 0 {
			s.add(fieldGeomCoords, "a Polygon has no rings; want at least one")
			return nil
		}
		poly := make(orb.Polygon, 0, n)
		good := true
		for r := range n {
			rv := d.elem(coords, r)
			if d.kind(rv) != jArray {
				s.add(fieldGeomCoords, "ring %d is %s; want an array of positions", r, describe(d, rv))
				good = false
				continue
			}
			ring, ok := p.positions(s, rv, r)
			if !ok {
				good = false
				continue
			}
			if len(ring) < 4 {
				s.add(fieldGeomCoords, "ring %d has %d position(s); want at least 4, the last equal to the first", r, len(ring))
				good = false
				continue
			}
			if first, last := ring[0], ring[len(ring)-1]; first != last {
				s.add(fieldGeomCoords, "ring %d is not closed: first position %s differs from last %s", r, posString(first), posString(last))
				good = false
				continue
			}
			poly = append(poly, orb.Ring(ring))
		}
		if !good {
			return nil
		}
		return poly
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

// positions checks an array of positions; ring is the polygon ring or -1.
func (p *parser) positions(s *scope, arr int32, ring int) ([]orb.Point, bool) {
	d := &p.doc
	n := d.len(arr)
	pts := make([]orb.Point, 0, n)
	good := true
	for k := range n {
		pt, ok := p.position(s, d.elem(arr, k), posRef{ring, k})
		good = good && ok
		pts = append(pts, pt)
	}
	return pts, good
}

// position checks one [longitude, latitude] or [longitude, latitude,
// altitude] position; where prefixes messages.
func (p *parser) position(s *scope, v int32, where posRef) (orb.Point, bool) {
	d := &p.doc
	if d.kind(v) != jArray {
		s.add(fieldGeomCoords, "%sis %s; want a position [longitude, latitude]", where, describe(d, v))
		return orb.Point{}, false
	}
	if n := d.len(v); n != 2 && n != 3 {
		s.add(fieldGeomCoords, "%sa position has %d numbers; want [longitude, latitude] or [longitude, latitude, altitude]", where, n)
		return orb.Point{}, false
	}
	var pt orb.Point
	good := true
	for k, name := range []string{"longitude", "latitude", "altitude"}[:d.len(v)] {
		e := d.elem(v, k)
		if d.kind(e) != jNumber {
			what := describe(d, e)
			if d.kind(e) == jString {
				what = "the string " + strconv.Quote(truncate(d.str(e), 20))
			}
			s.add(fieldGeomCoords, "%s%s is %s; want a number", where, name, what)
			good = false
			continue
		}
		x, err := d.num(e)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			s.add(fieldGeomCoords, "%s%s %s is not a finite number", where, name, truncate(string(d.raw(e)), 30))
			good = false
			continue
		}
		switch {
		case k == 0 && (x < -180 || x > 180):
			s.add(fieldGeomCoords, "%slongitude %g is outside -180 to 180 (positions are [longitude, latitude])", where, x)
			good = false
		case k == 1 && (x < -90 || x > 90):
			s.add(fieldGeomCoords, "%slatitude %g is outside -90 to 90 (positions are [longitude, latitude])", where, x)
			good = false
		case k < 2:
			pt[k] = x
		}
	}
	return pt, good
}

// posString formats a position for a message.
func posString(pt orb.Point) string {
	return "[" + strconv.FormatFloat(pt[0], 'g', -1, 64) + ", " + strconv.FormatFloat(pt[1], 'g', -1, 64) + "]"
}
