package data

import (
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

var (
	fieldGeomTypeRef   = fld(fieldGeomType)
	fieldGeomCoordsRef = fld(fieldCoords)
)

// geometryKeys are the members of a geometry object.
var geometryKeys = []string{"type", "coordinates", "bbox"}

// geometry decodes a feature's geometry object. A position or ring that
// cannot be decoded is reported, marked and kept as a zero placeholder, so
// that Validate checks the others.
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
	t := s.text(typ, fieldGeomTypeRef, present)
	switch t {
	case "":
		return nil
	case "Point", "LineString", "Polygon":
	case "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection":
		s.add(fieldGeomTypeRef, "%s is not allowed; want Point, LineString or Polygon, one marker each", t)
		return nil
	default:
		if msg := textFlaw(t, true); msg != "" {
			s.add(fieldGeomTypeRef, "%s", msg)
		} else {
			s.add(fieldGeomTypeRef, "unknown geometry type %q; want Point, LineString or Polygon", truncate(t, 40))
		}
		return nil
	}
	if coords < 0 {
		s.add(fieldGeomCoordsRef, "is missing")
		return nil
	}
	if d.kind(coords) != jArray {
		s.add(fieldGeomCoordsRef, "is %s; want an array", describe(d, coords))
		return nil
	}
	switch t {
	case "Point":
		pt, ok := p.position(s, coords, posRef{-1, -1})
		if !ok {
			return nil
		}
		return pt // a coordinate that could not be decoded is marked
	case "LineString":
		return orb.LineString(p.positions(s, coords, -1))
	default:
		poly := make(orb.Polygon, d.len(coords))
		for r := range poly {
			rv := d.elem(coords, r)
			if d.kind(rv) != jArray {
				s.p.marks.add(s.feature, coordPath(r, -1))
				s.p.report(s.feature, fieldGeomCoordsRef, "ring %d is %s; want an array of positions", r, describe(d, rv))
				continue
			}
			poly[r] = orb.Ring(p.positions(s, rv, r))
		}
		return poly
	}
}

// positions decodes an array of positions; ring is the polygon ring or -1.
func (p *parser) positions(s *scope, arr int32, ring int) []orb.Point {
	d := &p.doc
	pts := make([]orb.Point, d.len(arr))
	for k := range pts {
		pts[k], _ = p.position(s, d.elem(arr, k), posRef{ring, k})
	}
	return pts
}

// position decodes one [longitude, latitude] or [longitude, latitude,
// altitude] position; where prefixes messages. It reports whether the
// value is an array of two or three elements; a coordinate that is not a
// finite number is reported, marked on its own and left 0, so that Validate
// checks the ranges of the others.
func (p *parser) position(s *scope, v int32, where posRef) (orb.Point, bool) {
	d := &p.doc
	path := fieldCoords
	if where.pos >= 0 {
		path = coordPath(where.ring, where.pos)
	}
	add := func(mark, format string, args ...any) {
		s.p.marks.add(s.feature, mark)
		s.p.report(s.feature, fieldGeomCoordsRef, format, args...)
	}
	if d.kind(v) != jArray {
		add(path, "%sis %s; want a position [longitude, latitude]", where, describe(d, v))
		return orb.Point{}, false
	}
	if n := d.len(v); n != 2 && n != 3 {
		add(path, "%sa position has %d numbers; want [longitude, latitude] or [longitude, latitude, altitude]", where, n)
		return orb.Point{}, false
	}
	var pt orb.Point
	for k, name := range []string{"longitude", "latitude", "altitude"}[:d.len(v)] {
		e := d.elem(v, k)
		if d.kind(e) != jNumber {
			what := describe(d, e)
			if d.kind(e) == jString {
				what = "the string " + strconv.Quote(truncate(d.str(e), 20))
			}
			add(index(path, k), "%s%s is %s; want a number", where, name, what)
			continue
		}
		x, err := d.num(e)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			add(index(path, k), "%s%s %s is not a finite number", where, name, truncate(string(d.raw(e)), 30))
			continue
		}
		if k < 2 {
			pt[k] = x
		}
	}
	return pt, true
}
