package draw

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	"github.com/paulmach/orb"
	"golang.org/x/image/vector"

	"casmap/geo"
)

// Painter draws antialiased filled and stroked geometry onto *image.RGBA
// images. It is shared by the interactive map and by exported images, so it
// knows nothing about where the pixels go.
//
// Geometry is added in pixel coordinates with the Add methods and painted in
// one pass by Fill, which composites a uniform colour with the Over operator.
// Everything added before one Fill is painted as a union: overlapping parts
// (stroke segments and their joins, adjacent polygons) are covered once, so
// translucent colours do not darken where pieces overlap.
//
// Filling uses the nonzero rule after winding normalisation: the Add methods
// orient outer rings one way and holes the other way whatever the input
// orientation, so holes are always holes. A hole cancels coverage of every
// shape in the same pass, so draw shapes that must not be cut into in a
// separate Fill.
//
// Geometry is clipped to the destination (and to Clip when set) before
// rasterisation, so coordinates far outside the image cost little. The
// rasteriser and its buffers are kept between calls. The zero value is ready
// to use. A Painter is not safe for concurrent use; give each goroutine its
// own.
type Painter struct {
	// Clip, when not empty, limits drawing to this pixel rectangle in
	// addition to the destination bounds. Add methods also use it to skip
	// geometry that cannot be visible.
	Clip image.Rectangle

	r    vector.Rasterizer
	mask image.Alpha

	pts  []float64 // x, y pairs of every closed subpath
	subs []int     // start of each subpath in pts (in floats)

	out     []float64 // clipped subpaths
	outSubs []int
	tmpA    []float64
	tmpB    []float64
	scratch []orb.Point
	line    []orb.Point
	piece   []orb.Point
}

// painterPool holds Painters for package functions that draw without one.
var painterPool = sync.Pool{New: func() any { return new(Painter) }}

// GetPainter returns a Painter from a shared pool; give it back with
// PutPainter.
func GetPainter() *Painter { return painterPool.Get().(*Painter) }

// PutPainter clears p and returns it to the pool.
func PutPainter(p *Painter) {
	p.Clear()
	p.Clip = image.Rectangle{}
	painterPool.Put(p)
}

// Clear discards the geometry added since the last Fill.
func (p *Painter) Clear() {
	p.pts = p.pts[:0]
	p.subs = p.subs[:0]
}

// Empty reports whether no geometry has been added since the last Fill.
func (p *Painter) Empty() bool { return len(p.subs) == 0 }

// cullRect returns the clip rectangle grown by pad pixels, and whether a
// clip is set at all.
func (p *Painter) cullRect(pad float64) (Rect, bool) {
	if p.Clip.Empty() {
		return Rect{}, false
	}
	return Rect{
		X0: float64(p.Clip.Min.X) - pad, Y0: float64(p.Clip.Min.Y) - pad,
		X1: float64(p.Clip.Max.X) + pad, Y1: float64(p.Clip.Max.Y) + pad,
	}, true
}

// addPoly appends the closed polygon pts (pixel coordinates) oriented so
// that its signed area has the sign of dir (+1 outer, -1 hole). Polygons with
// fewer than three points are ignored. A repeated closing point is dropped.
func (p *Painter) addPoly(pts []orb.Point, dir float64) {
	n := len(pts)
	if n > 1 && pts[0] == pts[n-1] {
		n--
	}
	if n < 3 {
		return
	}
	pts = pts[:n]
	var area float64
	minX, minY, maxX, maxY := pts[0][0], pts[0][1], pts[0][0], pts[0][1]
	prev := pts[n-1]
	for _, q := range pts {
		area += prev[0]*q[1] - q[0]*prev[1]
		prev = q
		minX, maxX = math.Min(minX, q[0]), math.Max(maxX, q[0])
		minY, maxY = math.Min(minY, q[1]), math.Max(maxY, q[1])
	}
	if c, ok := p.cullRect(1); ok && (maxX < c.X0 || minX > c.X1 || maxY < c.Y0 || minY > c.Y1) {
		return
	}
	p.subs = append(p.subs, len(p.pts))
	if area*dir >= 0 {
		for _, q := range pts {
			p.pts = append(p.pts, q[0], q[1])
		}
		return
	}
	for i := n - 1; i >= 0; i-- {
		p.pts = append(p.pts, pts[i][0], pts[i][1])
	}
}

// AddRing adds one closed ring in pixel coordinates; hole selects the hole
// orientation. The closing point may be repeated or omitted.
func (p *Painter) AddRing(ring []orb.Point, hole bool) {
	dir := 1.0
	if hole {
		dir = -1
	}
	p.addPoly(ring, dir)
}

// AddPolygon adds a polygon in pixel coordinates: the first ring is the
// outer boundary and the others are holes.
func (p *Painter) AddPolygon(poly orb.Polygon) {
	for i, r := range poly {
		p.AddRing(r, i > 0)
	}
}

// AddGeo projects a geographic polygon or multipolygon ([lon, lat] degrees)
// with tr and adds it. Other geometry types are ignored.
func (p *Painter) AddGeo(g orb.Geometry, tr geo.Transform) {
	switch g := g.(type) {
	case orb.Polygon:
		p.addGeoPolygon(g, tr)
	case orb.MultiPolygon:
		for _, poly := range g {
			p.addGeoPolygon(poly, tr)
		}
	case orb.Ring:
		p.addGeoPolygon(orb.Polygon{g}, tr)
	}
}

func (p *Painter) addGeoPolygon(poly orb.Polygon, tr geo.Transform) {
	for i, r := range poly {
		buf := p.scratch[:0]
		for _, q := range r {
			x, y := tr(q)
			buf = append(buf, orb.Point{x, y})
		}
		p.scratch = buf
		p.AddRing(buf, i > 0)
	}
}

// AddCircle adds a disk centred on cx, cy with radius r, in pixels.
func (p *Painter) AddCircle(cx, cy, r float64) {
	if r <= 0 {
		return
	}
	p.scratch = circlePoints(p.scratch[:0], cx, cy, r)
	p.addPoly(p.scratch, 1)
}

// AddAnnulus adds the ring between radii r0 < r1 centred on cx, cy, in
// pixels. Its inner disk is a hole, so it cancels other shapes of the same
// pass that fall inside it.
func (p *Painter) AddAnnulus(cx, cy, r0, r1 float64) {
	if r1 <= 0 || r1 <= r0 {
		return
	}
	p.scratch = circlePoints(p.scratch[:0], cx, cy, r1)
	p.addPoly(p.scratch, 1)
	if r0 > 0 {
		p.scratch = circlePoints(p.scratch[:0], cx, cy, r0)
		p.addPoly(p.scratch, -1)
	}
}

// AddShape adds the marker outline of shape centred on cx, cy with a visual
// diameter of size pixels (see Shape). For Pin, cx, cy is the tip.
func (p *Painter) AddShape(shape Shape, cx, cy, size float64) {
	p.scratch = shapeOutline(p.scratch[:0], shape, cx, cy, size)
	p.addPoly(p.scratch, 1)
}

// AddShapeOutline adds a stroke width pixels wide along the inside of the
// outline of shape (see AddShape), so that the stroked shape keeps its
// size. With dashed set the stroke is dashed with whole dashes centred on
// the corners.
func (p *Painter) AddShapeOutline(shape Shape, cx, cy, size, width float64, dashed bool) {
	if width <= 0 {
		return
	}
	if shape == Circle && !dashed {
		p.AddAnnulus(cx, cy, size/2-width, size/2)
		return
	}
	outline := insetOutline(nil, shape, cx, cy, size, width/2)
	s := Stroke{Width: width, Closed: true}
	if dashed {
		s.Dash, s.DashOffset = outlineDash(shape, perimeter(outline), width)
	}
	p.AddStroke(outline, s)
}

// AddShapeInset adds shape (see AddShape) shrunk by inset pixels towards
// its visual centre.
func (p *Painter) AddShapeInset(shape Shape, cx, cy, size, inset float64) {
	p.scratch = insetOutline(p.scratch[:0], shape, cx, cy, size, inset)
	p.addPoly(p.scratch, 1)
}

// Fill paints everything added since the last Fill onto dst in colour c
// (premultiplied) with the Over operator, then clears the geometry.
func (p *Painter) Fill(dst *image.RGBA, c color.RGBA) {
	defer p.Clear()
	if dst == nil || len(p.subs) == 0 || c.A == 0 {
		return
	}
	clip := dst.Rect
	if !p.Clip.Empty() {
		clip = clip.Intersect(p.Clip)
	}
	if clip.Empty() {
		return
	}
	cr := Rect{
		X0: float64(clip.Min.X) - 1, Y0: float64(clip.Min.Y) - 1,
		X1: float64(clip.Max.X) + 1, Y1: float64(clip.Max.Y) + 1,
	}
	p.out = p.out[:0]
	p.outSubs = p.outSubs[:0]
	bb := Rect{X0: math.Inf(1), Y0: math.Inf(1), X1: math.Inf(-1), Y1: math.Inf(-1)}
	for i, start := range p.subs {
		end := len(p.pts)
		if i+1 < len(p.subs) {
			end = p.subs[i+1]
		}
		sub := p.pts[start:end]
		sb := boundsOf(sub)
		if sb.X1 < cr.X0 || sb.X0 > cr.X1 || sb.Y1 < cr.Y0 || sb.Y0 > cr.Y1 {
			continue
		}
		if !cr.Contains(sb) {
			sub = p.clipPoly(sub, cr)
			if len(sub) < 6 {
				continue
			}
			sb = boundsOf(sub)
		}
		p.outSubs = append(p.outSubs, len(p.out))
		p.out = append(p.out, sub...)
		bb = bb.Union(sb)
	}
	if len(p.outSubs) == 0 {
		return
	}
	r := image.Rect(int(math.Floor(bb.X0)), int(math.Floor(bb.Y0)), int(math.Ceil(bb.X1)), int(math.Ceil(bb.Y1))).Intersect(clip)
	if r.Empty() {
		return
	}
	w, h := r.Dx(), r.Dy()
	p.r.Reset(w, h)
	ox, oy := float64(r.Min.X), float64(r.Min.Y)
	for i, start := range p.outSubs {
		end := len(p.out)
		if i+1 < len(p.outSubs) {
			end = p.outSubs[i+1]
		}
		sub := p.out[start:end]
		p.r.MoveTo(float32(sub[0]-ox), float32(sub[1]-oy))
		for j := 2; j < len(sub); j += 2 {
			p.r.LineTo(float32(sub[j]-ox), float32(sub[j+1]-oy))
		}
		p.r.ClosePath()
	}
	if n := w * h; cap(p.mask.Pix) < n {
		p.mask.Pix = make([]uint8, n)
	} else {
		p.mask.Pix = p.mask.Pix[:n]
	}
	p.mask.Stride = w
	p.mask.Rect = image.Rect(0, 0, w, h)
	p.r.DrawOp = draw.Src
	p.r.Draw(&p.mask, p.mask.Rect, image.Opaque, image.Point{})
	blendMask(dst, r.Min, &p.mask, c)
}

// FillPolygon fills one polygon given in pixel coordinates (first ring
// outer, the others holes) with colour c.
func (p *Painter) FillPolygon(dst *image.RGBA, poly orb.Polygon, c color.RGBA) {
	p.AddPolygon(poly)
	p.Fill(dst, c)
}

// FillGeo projects a geographic polygon or multipolygon with tr and fills
// it with colour c.
func (p *Painter) FillGeo(dst *image.RGBA, g orb.Geometry, tr geo.Transform, c color.RGBA) {
	p.AddGeo(g, tr)
	p.Fill(dst, c)
}

// StrokePolyline strokes pts (pixel coordinates) with s in colour c.
func (p *Painter) StrokePolyline(dst *image.RGBA, pts []orb.Point, s Stroke, c color.RGBA) {
	p.AddStroke(pts, s)
	p.Fill(dst, c)
}

// StrokeGeo projects the geographic line string ls with tr and strokes it
// with s in colour c.
func (p *Painter) StrokeGeo(dst *image.RGBA, ls orb.LineString, tr geo.Transform, s Stroke, c color.RGBA) {
	buf := make([]orb.Point, len(ls))
	for i, q := range ls {
		x, y := tr(q)
		buf[i] = orb.Point{x, y}
	}
	p.StrokePolyline(dst, buf, s, c)
}

// FillCircle fills a disk of radius r pixels centred on cx, cy.
func (p *Painter) FillCircle(dst *image.RGBA, cx, cy, r float64, c color.RGBA) {
	p.AddCircle(cx, cy, r)
	p.Fill(dst, c)
}

// StrokeCircle strokes a circle of radius r pixels centred on cx, cy with a
// line width pixels wide.
func (p *Painter) StrokeCircle(dst *image.RGBA, cx, cy, r, width float64, c color.RGBA) {
	p.AddAnnulus(cx, cy, r-width/2, r+width/2)
	p.Fill(dst, c)
}

// DrawShape draws a marker shape centred on cx, cy with a visual diameter
// of size pixels: filled with fill, then outlined with stroke at
// strokeWidth pixels inside the shape's edge (no outline when strokeWidth
// <= 0 or stroke is transparent).
func (p *Painter) DrawShape(dst *image.RGBA, shape Shape, cx, cy, size float64, fill, stroke color.RGBA, strokeWidth float64) {
	if fill.A > 0 {
		p.AddShape(shape, cx, cy, size)
		p.Fill(dst, fill)
	}
	if strokeWidth > 0 && stroke.A > 0 {
		p.AddShapeOutline(shape, cx, cy, size, strokeWidth, false)
		p.Fill(dst, stroke)
	}
}

// Contains reports whether o lies inside r.
func (r Rect) Contains(o Rect) bool {
	return o.X0 >= r.X0 && o.Y0 >= r.Y0 && o.X1 <= r.X1 && o.Y1 <= r.Y1
}

// Union returns the smallest rectangle holding r and o.
func (r Rect) Union(o Rect) Rect {
	return Rect{math.Min(r.X0, o.X0), math.Min(r.Y0, o.Y0), math.Max(r.X1, o.X1), math.Max(r.Y1, o.Y1)}
}

// Intersects reports whether r and o overlap or touch.
func (r Rect) Intersects(o Rect) bool {
	return r.X0 <= o.X1 && o.X0 <= r.X1 && r.Y0 <= o.Y1 && o.Y0 <= r.Y1
}

// boundsOf returns the bounding rectangle of flat x, y pairs.
func boundsOf(xy []float64) Rect {
	b := Rect{X0: xy[0], Y0: xy[1], X1: xy[0], Y1: xy[1]}
	for i := 2; i < len(xy); i += 2 {
		x, y := xy[i], xy[i+1]
		if x < b.X0 {
			b.X0 = x
		} else if x > b.X1 {
			b.X1 = x
		}
		if y < b.Y0 {
			b.Y0 = y
		} else if y > b.Y1 {
			b.Y1 = y
		}
	}
	return b
}

// clipPoly clips the closed polygon xy (flat pairs) to r with the
// Sutherland–Hodgman algorithm. The result aliases the Painter's scratch
// buffers and is valid until the next call.
func (p *Painter) clipPoly(xy []float64, r Rect) []float64 {
	bufs := [2][]float64{p.tmpA[:0], p.tmpB[:0]}
	in := xy
	for edge := 0; edge < 4; edge++ {
		out := bufs[edge%2][:0]
		n := len(in)
		if n >= 6 {
			px, py := in[n-2], in[n-1]
			pIn := inside(edge, px, py, r)
			for i := 0; i < n; i += 2 {
				x, y := in[i], in[i+1]
				cIn := inside(edge, x, y, r)
				if cIn != pIn {
					ix, iy := intersect(edge, px, py, x, y, r)
					out = append(out, ix, iy)
				}
				if cIn {
					out = append(out, x, y)
				}
				px, py, pIn = x, y, cIn
			}
		}
		bufs[edge%2] = out
		in = out
	}
	p.tmpA, p.tmpB = bufs[0], bufs[1]
	if len(in) < 6 {
		return nil
	}
	return in
}

func inside(edge int, x, y float64, r Rect) bool {
	switch edge {
	case 0:
		return x >= r.X0
	case 1:
		return x <= r.X1
	case 2:
		return y >= r.Y0
	default:
		return y <= r.Y1
	}
}

func intersect(edge int, ax, ay, bx, by float64, r Rect) (float64, float64) {
	switch edge {
	case 0:
		t := (r.X0 - ax) / (bx - ax)
		return r.X0, ay + t*(by-ay)
	case 1:
		t := (r.X1 - ax) / (bx - ax)
		return r.X1, ay + t*(by-ay)
	case 2:
		t := (r.Y0 - ay) / (by - ay)
		return ax + t*(bx-ax), r.Y0
	default:
		t := (r.Y1 - ay) / (by - ay)
		return ax + t*(bx-ax), r.Y1
	}
}

// CircleSegments returns how many polygon edges approximate a circle of
// radius r pixels with a sagitta well below a tenth of a pixel.
func CircleSegments(r float64) int {
	n := int(math.Ceil(math.Pi * math.Sqrt(r*10)))
	return max(8, min(n, 256))
}

// circlePoints appends a polygon approximating the circle to buf. The
// polygon's radius is adjusted so that its area equals the circle's.
func circlePoints(buf []orb.Point, cx, cy, r float64) []orb.Point {
	n := CircleSegments(r)
	th := 2 * math.Pi / float64(n)
	r *= math.Sqrt(th / math.Sin(th))
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		buf = append(buf, orb.Point{cx + r*math.Cos(a), cy + r*math.Sin(a)})
	}
	return buf
}

// PointsBound returns the bounding rectangle of pts, which must not be
// empty.
func PointsBound(pts []orb.Point) Rect {
	b := Rect{X0: pts[0][0], Y0: pts[0][1], X1: pts[0][0], Y1: pts[0][1]}
	for _, q := range pts[1:] {
		b.X0, b.X1 = math.Min(b.X0, q[0]), math.Max(b.X1, q[0])
		b.Y0, b.Y1 = math.Min(b.Y0, q[1]), math.Max(b.Y1, q[1])
	}
	return b
}
