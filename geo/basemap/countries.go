package basemap

import (
	"container/heap"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/simplify"

	"casmap/geo"
)

// Country is one country of the basemap. All points are [lon, lat] in
// degrees.
type Country struct {
	// ISO is the ISO 3166-1 alpha-2 code; it may be empty for disputed
	// areas.
	ISO string
	// Name is the English short name.
	Name string
	// Capital is the capital's name; it is empty when the data has no
	// capital location.
	Capital string
	// CapitalPt is the capital's location, zero when Capital is empty.
	CapitalPt orb.Point
	// Shape is the country's territory.
	Shape orb.MultiPolygon
	// Label is a good anchor for the country's name: the pole of
	// inaccessibility (in Web Mercator) of its largest polygon, which lies
	// inside the shape.
	Label orb.Point
	// Bound is the bound of Shape.
	Bound orb.Bound
}

// LoadCountries parses a GeoJSON FeatureCollection of countries whose
// features carry the properties iso_a2, name, capital, capital_lon and
// capital_lat (degrees) and a Polygon or MultiPolygon geometry. Features
// keep their order.
func LoadCountries(data []byte) ([]Country, error) {
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		return nil, fmt.Errorf("geo: parse countries GeoJSON: %w", err)
	}
	if len(fc.Features) == 0 {
		return nil, errors.New("geo: parse countries GeoJSON: no features")
	}
	out := make([]Country, 0, len(fc.Features))
	for i, f := range fc.Features {
		c := Country{
			ISO:  stringProp(f.Properties, "iso_a2"),
			Name: stringProp(f.Properties, "name"),
		}
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			c.Shape = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			c.Shape = g
		default:
			return nil, fmt.Errorf("geo: country feature %d (%q): unsupported geometry %T", i, c.Name, f.Geometry)
		}
		c.Shape = cleanShape(c.Shape)
		if len(c.Shape) == 0 {
			return nil, fmt.Errorf("geo: country feature %d (%q): empty geometry", i, c.Name)
		}
		lon, okLon := floatProp(f.Properties, "capital_lon")
		lat, okLat := floatProp(f.Properties, "capital_lat")
		if name := stringProp(f.Properties, "capital"); name != "" && okLon && okLat {
			c.Capital = name
			c.CapitalPt = orb.Point{lon, lat}
		}
		c.Bound = c.Shape.Bound()
		c.Label = labelPoint(c.Shape)
		out = append(out, c)
	}
	return out, nil
}

func stringProp(p geojson.Properties, key string) string {
	s, _ := p[key].(string)
	return s
}

func floatProp(p geojson.Properties, key string) (float64, bool) {
	v, ok := p[key].(float64)
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// cleanShape drops rings with fewer than four points and polygons whose
// outer ring was dropped. The rings it keeps are copied to their exact
// length: the JSON decoder leaves up to half of a ring's capacity unused,
// and the borders are held for the app's lifetime.
func cleanShape(mp orb.MultiPolygon) orb.MultiPolygon {
	out := mp[:0]
	for _, poly := range mp {
		if len(poly) == 0 || len(poly[0]) < 4 {
			continue
		}
		p := orb.Polygon{slices.Clone(poly[0])}
		for _, r := range poly[1:] {
			if len(r) >= 4 {
				p = append(p, slices.Clone(r))
			}
		}
		out = append(out, p)
	}
	return out
}

// labelPoint returns the pole of inaccessibility of the largest polygon of
// mp, computed in Web Mercator so that it looks central on the map.
func labelPoint(mp orb.MultiPolygon) orb.Point {
	var best [][][2]float64
	bestArea := -1.0
	for _, poly := range mp {
		u := polyToUnit(poly)
		if a := math.Abs(ringArea(u[0])); a > bestArea {
			best, bestArea = u, a
		}
	}
	if best == nil {
		return orb.Point{}
	}
	return geo.FromUnit(polylabel(simplifiedForLabel(best)))
}

// simplifiedForLabel simplifies the rings of poly (unit space) to within a
// thousandth of its size, far finer than the label point's precision (a
// 200th), so the pole is sought over tens, not thousands, of segments.
func simplifiedForLabel(poly [][][2]float64) [][][2]float64 {
	b := orb.Ring(nil)
	for _, q := range poly[0] {
		b = append(b, orb.Point(q))
	}
	bd := b.Bound()
	tol := math.Max(bd.Max[0]-bd.Min[0], bd.Max[1]-bd.Min[1]) / 1000
	out := make([][][2]float64, 0, len(poly))
	for i, r := range poly {
		ring := make(orb.LineString, len(r))
		for j, q := range r {
			ring[j] = orb.Point(q)
		}
		sr := simplify.DouglasPeucker(tol).LineString(ring)
		if len(sr) < 4 {
			if i == 0 {
				return poly // too small to simplify
			}
			continue
		}
		pts := make([][2]float64, len(sr))
		for j, q := range sr {
			pts[j] = [2]float64(q)
		}
		out = append(out, pts)
	}
	return out
}

// polyToUnit projects the rings of poly to unit space.
func polyToUnit(poly orb.Polygon) [][][2]float64 {
	out := make([][][2]float64, len(poly))
	for i, r := range poly {
		ur := make([][2]float64, len(r))
		for j, q := range r {
			x, y := geo.ToUnit(q)
			ur[j] = [2]float64{x, y}
		}
		out[i] = ur
	}
	return out
}

// ringArea returns the signed shoelace area of a ring.
func ringArea(r [][2]float64) float64 {
	var a float64
	for i := range r {
		j := (i + 1) % len(r)
		a += r[i][0]*r[j][1] - r[j][0]*r[i][1]
	}
	return a / 2
}

// plCell is a square cell of the polylabel search.
type plCell struct {
	x, y, h float64 // centre and half size
	d       float64 // signed distance from the centre to the polygon
	max     float64 // best possible distance within the cell
}

type plQueue []plCell

// Len, Less, Swap, Push and Pop implement heap.Interface.
func (q plQueue) Len() int           { return len(q) }
func (q plQueue) Less(i, j int) bool { return q[i].max > q[j].max }
func (q plQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *plQueue) Push(x any)        { *q = append(*q, x.(plCell)) }
func (q *plQueue) Pop() any {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}

// polylabel finds the point inside the polygon (rings in any planar space)
// farthest from its boundary, to 1/200 of its larger dimension.
func polylabel(poly [][][2]float64) (float64, float64) {
	outer := poly[0]
	minX, minY, maxX, maxY := outer[0][0], outer[0][1], outer[0][0], outer[0][1]
	for _, q := range outer {
		minX, maxX = math.Min(minX, q[0]), math.Max(maxX, q[0])
		minY, maxY = math.Min(minY, q[1]), math.Max(maxY, q[1])
	}
	w, h := maxX-minX, maxY-minY
	size := math.Min(w, h)
	if size == 0 {
		return minX, minY
	}
	precision := math.Max(w, h) / 200
	cell := func(x, y, half float64) plCell {
		d := pointPolyDist(x, y, poly)
		return plCell{x: x, y: y, h: half, d: d, max: d + half*math.Sqrt2}
	}
	q := &plQueue{}
	half := size / 2
	for x := minX; x < maxX; x += size {
		for y := minY; y < maxY; y += size {
			heap.Push(q, cell(x+half, y+half, half))
		}
	}
	// Start from the centroid of the outer ring.
	best := cell(centroid(outer))
	if bb := cell(minX+w/2, minY+h/2, 0); bb.d > best.d {
		best = bb
	}
	for steps := 0; q.Len() > 0 && steps < 20000; steps++ {
		c := heap.Pop(q).(plCell)
		if c.d > best.d {
			best = c
		}
		if c.max-best.d <= precision {
			continue
		}
		hh := c.h / 2
		heap.Push(q, cell(c.x-hh, c.y-hh, hh))
		heap.Push(q, cell(c.x+hh, c.y-hh, hh))
		heap.Push(q, cell(c.x-hh, c.y+hh, hh))
		heap.Push(q, cell(c.x+hh, c.y+hh, hh))
	}
	return best.x, best.y
}

// centroid returns the area centroid of a ring, or its first point if the
// ring has no area, with a zero half size for use as a polylabel cell.
func centroid(r [][2]float64) (x, y, half float64) {
	var a, cx, cy float64
	for i := range r {
		j := (i + 1) % len(r)
		f := r[i][0]*r[j][1] - r[j][0]*r[i][1]
		cx += (r[i][0] + r[j][0]) * f
		cy += (r[i][1] + r[j][1]) * f
		a += f * 3
	}
	if a == 0 {
		return r[0][0], r[0][1], 0
	}
	return cx / a, cy / a, 0
}

// pointPolyDist returns the distance from x, y to the polygon's boundary,
// negative outside the polygon.
func pointPolyDist(x, y float64, poly [][][2]float64) float64 {
	inside := false
	minD := math.Inf(1)
	for _, r := range poly {
		n := len(r)
		for i, j := 0, n-1; i < n; j, i = i, i+1 {
			a, b := r[i], r[j]
			if (a[1] > y) != (b[1] > y) && x < (b[0]-a[0])*(y-a[1])/(b[1]-a[1])+a[0] {
				inside = !inside
			}
			minD = math.Min(minD, segDist2(x, y, a, b))
		}
	}
	d := math.Sqrt(minD)
	if !inside {
		d = -d
	}
	return d
}

// segDist2 returns the squared distance from x, y to the segment a-b.
func segDist2(x, y float64, a, b [2]float64) float64 {
	px, py := a[0], a[1]
	dx, dy := b[0]-px, b[1]-py
	if dx != 0 || dy != 0 {
		t := ((x-px)*dx + (y-py)*dy) / (dx*dx + dy*dy)
		if t > 1 {
			px, py = b[0], b[1]
		} else if t > 0 {
			px += dx * t
			py += dy * t
		}
	}
	dx, dy = x-px, y-py
	return dx*dx + dy*dy
}
