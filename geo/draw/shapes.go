package draw

import (
	"math"

	"github.com/paulmach/orb"
)

// Shape is the outline of a marker. Shapes are scaled to look equally heavy
// at the same size: Size is the diameter of a Circle, and the other shapes
// are fitted to a similar visual weight.
type Shape uint8

// Marker shapes.
const (
	// Circle is a disk whose diameter is the size.
	Circle Shape = iota
	// Square is an axis-aligned square.
	Square
	// Triangle is an equilateral triangle pointing up.
	Triangle
	// Diamond is a square standing on a corner.
	Diamond
	// Star is a five-pointed star.
	Star
	// Hexagon is a regular hexagon with flat top and bottom.
	Hexagon
	// Pin is a map pin whose tip is the anchor point; its head lies above.
	Pin
)

// Shapes lists every Shape in declaration order.
var Shapes = []Shape{Circle, Square, Triangle, Diamond, Star, Hexagon, Pin}

// String returns the name of the shape.
func (s Shape) String() string {
	switch s {
	case Circle:
		return "circle"
	case Square:
		return "square"
	case Triangle:
		return "triangle"
	case Diamond:
		return "diamond"
	case Star:
		return "star"
	case Hexagon:
		return "hexagon"
	case Pin:
		return "pin"
	}
	return "shape(?)"
}

// pinGeometry returns, for a pin of the given size, the distance from the
// tip up to the head centre and the head radius, in pixels.
func pinGeometry(size float64) (headDist, headR float64) {
	return size * 0.78, size * 0.42
}

// shapeOutline appends the closed outline polygon of s centred on cx, cy
// (the tip for Pin) with a visual diameter of size pixels.
func shapeOutline(buf []orb.Point, s Shape, cx, cy, size float64) []orb.Point {
	switch s {
	case Square:
		h := size * 0.43
		return append(buf, orb.Point{cx - h, cy - h}, orb.Point{cx + h, cy - h}, orb.Point{cx + h, cy + h}, orb.Point{cx - h, cy + h})
	case Triangle:
		r := size * 0.6
		// Centre the triangle on its bounding box rather than its
		// centroid so that it sits visually on the point.
		oy := cy + r*0.25
		for i := 0; i < 3; i++ {
			a := -math.Pi/2 + float64(i)*2*math.Pi/3
			buf = append(buf, orb.Point{cx + r*math.Cos(a), oy + r*math.Sin(a)})
		}
		return buf
	case Diamond:
		r := size * 0.6
		return append(buf, orb.Point{cx, cy - r}, orb.Point{cx + r, cy}, orb.Point{cx, cy + r}, orb.Point{cx - r, cy})
	case Star:
		ro := size * 0.6
		ri := ro * 0.45
		oy := cy + ro*0.05
		for i := 0; i < 10; i++ {
			r := ro
			if i%2 == 1 {
				r = ri
			}
			a := -math.Pi/2 + float64(i)*math.Pi/5
			buf = append(buf, orb.Point{cx + r*math.Cos(a), oy + r*math.Sin(a)})
		}
		return buf
	case Hexagon:
		r := size * 0.53
		for i := 0; i < 6; i++ {
			a := float64(i) * math.Pi / 3
			buf = append(buf, orb.Point{cx + r*math.Cos(a), cy + r*math.Sin(a)})
		}
		return buf
	case Pin:
		d, r := pinGeometry(size)
		hx, hy := cx, cy-d
		// The sides are tangent to the head circle.
		beta := math.Acos(r / d)
		a0 := math.Pi/2 - beta
		a1 := math.Pi/2 + beta - 2*math.Pi
		n := CircleSegments(r)
		buf = append(buf, orb.Point{cx, cy})
		for i := 0; i <= n; i++ {
			a := a0 + (a1-a0)*float64(i)/float64(n)
			buf = append(buf, orb.Point{hx + r*math.Cos(a), hy + r*math.Sin(a)})
		}
		return buf
	}
	return circlePoints(buf, cx, cy, size/2)
}

// ShapeCentre returns the visual centre of s drawn at cx, cy with size:
// the centre of its inscribed circle (the head centre for Pin).
func ShapeCentre(s Shape, cx, cy, size float64) (x, y float64) {
	switch s {
	case Triangle:
		return cx, cy + size*0.6*0.25
	case Star:
		return cx, cy + size*0.6*0.05
	case Pin:
		d, _ := pinGeometry(size)
		return cx, cy - d
	}
	return cx, cy
}

// ShapeInradius returns the radius of the circle inscribed in s at size,
// in pixels (an in-between value for the concave Star).
func ShapeInradius(s Shape, size float64) float64 {
	switch s {
	case Square:
		return size * 0.43
	case Triangle:
		return size * 0.3
	case Diamond:
		return size * 0.6 * math.Sqrt2 / 2
	case Star:
		return size * 0.35
	case Hexagon:
		return size * 0.53 * math.Sqrt(3) / 2
	case Pin:
		_, r := pinGeometry(size)
		return r
	}
	return size / 2
}

// shapeSides returns the number of equal sides of s (points, for Star),
// or 0 for curved shapes.
func shapeSides(s Shape) int {
	switch s {
	case Square, Diamond:
		return 4
	case Triangle:
		return 3
	case Star:
		return 5 // one dash per point
	case Hexagon:
		return 6
	}
	return 0
}

// insetOutline appends the outline of s moved inwards by inset pixels: the
// outline is scaled about the shape's visual centre so that its inscribed
// circle shrinks by inset.
func insetOutline(buf []orb.Point, s Shape, cx, cy, size, inset float64) []orb.Point {
	n := len(buf)
	buf = shapeOutline(buf, s, cx, cy, size)
	rin := ShapeInradius(s, size)
	k := math.Max(0, (rin-inset)/rin)
	ox, oy := ShapeCentre(s, cx, cy, size)
	for i := n; i < len(buf); i++ {
		buf[i] = orb.Point{ox + (buf[i][0]-ox)*k, oy + (buf[i][1]-oy)*k}
	}
	return buf
}

// outlineDash returns a dash pattern and offset for a closed outline of s
// whose perimeter is p pixels, stroked width pixels wide: a whole number of
// dashes per side with a dash centred on every corner, so that the pattern
// closes seamlessly.
func outlineDash(s Shape, p, width float64) (dash []float64, offset float64) {
	want := math.Max(6, width*4.2)
	var period float64
	if k := shapeSides(s); k > 0 {
		side := p / float64(k)
		m := math.Max(1, math.Round(side/want))
		period = side / m
	} else {
		n := math.Max(4, math.Round(p/want))
		period = p / n
	}
	on := period * 0.58
	return []float64{on, period - on}, on / 2
}

// perimeter returns the length of the closed polygon pts in pixels.
func perimeter(pts []orb.Point) float64 {
	var l float64
	for i := range pts {
		j := (i + 1) % len(pts)
		l += math.Hypot(pts[j][0]-pts[i][0], pts[j][1]-pts[i][1])
	}
	return l
}
