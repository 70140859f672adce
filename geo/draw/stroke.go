package draw

import (
	"math"

	"github.com/paulmach/orb"
)

// Stroke describes how Painter.AddStroke outlines a polyline.
type Stroke struct {
	// Width is the line width in pixels.
	Width float64
	// Dash is an alternating on/off pattern of lengths in pixels, starting
	// with a drawn dash. Nil or empty draws a solid line; a pattern whose
	// lengths are not all positive is ignored.
	Dash []float64
	// DashOffset is how far into the dash pattern the line starts, in
	// pixels.
	DashOffset float64
	// RoundCaps ends open lines (and every dash) with half disks instead
	// of cutting them square at the end points.
	RoundCaps bool
	// Closed joins the last point back to the first.
	Closed bool
}

// joinCos is the cosine of the smallest turn that gets a round join; below
// it the gap between the two segment ends is invisible.
const joinCos = 0.999

// AddStroke adds the outline of the polyline pts (pixel coordinates) drawn
// with s: one quadrilateral per segment, round joins where the line turns
// and optional round caps. All pieces share one orientation, so Fill paints
// their union.
func (p *Painter) AddStroke(pts []orb.Point, s Stroke) {
	h := s.Width / 2
	if !(h > 0) || len(pts) < 2 {
		return
	}
	line := p.dedupe(pts, s.Closed)
	if len(line) < 2 {
		return
	}
	if dashValid(s.Dash) {
		p.addDashed(line, h, s)
		return
	}
	p.addRun(line, h, s.Closed, s.RoundCaps)
}

// dedupe copies pts without consecutive points closer than 1/64 pixel and,
// for closed lines, with the closing point appended once.
func (p *Painter) dedupe(pts []orb.Point, closed bool) []orb.Point {
	const eps2 = 1.0 / 4096
	out := p.line[:0]
	for _, q := range pts {
		if n := len(out); n > 0 {
			dx, dy := q[0]-out[n-1][0], q[1]-out[n-1][1]
			if dx*dx+dy*dy < eps2 {
				continue
			}
		}
		out = append(out, q)
	}
	if closed && len(out) > 2 {
		first, last := out[0], out[len(out)-1]
		dx, dy := first[0]-last[0], first[1]-last[1]
		if dx*dx+dy*dy >= eps2 {
			out = append(out, first)
		} else {
			out[len(out)-1] = first
		}
	}
	p.line = out
	return out
}

func dashValid(d []float64) bool {
	if len(d) == 0 {
		return false
	}
	var sum float64
	for _, v := range d {
		if !(v >= 0) {
			return false
		}
		sum += v
	}
	return sum > 0
}

// addDashed splits line along the dash pattern and strokes each dash. On
// a closed line a dash running over the closing point continues into the
// first one.
func (p *Painter) addDashed(line []orb.Point, h float64, s Stroke) {
	pattern := s.Dash
	if len(pattern)%2 == 1 {
		pattern = append(append([]float64(nil), pattern...), pattern...)
	}
	var period float64
	for _, v := range pattern {
		period += v
	}
	// Locate the start within the pattern.
	off := math.Mod(s.DashOffset, period)
	if off < 0 {
		off += period
	}
	idx := 0
	for off >= pattern[idx] {
		off -= pattern[idx]
		idx = (idx + 1) % len(pattern)
	}
	remain := pattern[idx] - off
	on := idx%2 == 0
	startsOn := on

	var dashes [][]orb.Point
	var dash []orb.Point
	if on {
		dash = append(dash, line[0])
	}
	for i := 1; i < len(line); i++ {
		a, b := line[i-1], line[i]
		segLen := math.Hypot(b[0]-a[0], b[1]-a[1])
		pos := 0.0
		for segLen-pos > remain {
			pos += remain
			t := pos / segLen
			q := orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
			if on {
				dashes = append(dashes, append(dash, q))
				dash = nil
			} else {
				dash = []orb.Point{q}
			}
			on = !on
			idx = (idx + 1) % len(pattern)
			remain = pattern[idx]
		}
		remain -= segLen - pos
		if on {
			dash = append(dash, b)
		}
	}
	if on && len(dash) > 1 {
		if s.Closed && startsOn && len(dashes) > 0 {
			// Merge the last dash into the first across the closing point.
			dashes[0] = append(dash, dashes[0][1:]...)
		} else {
			dashes = append(dashes, dash)
		}
	}
	for _, d := range dashes {
		if len(d) > 1 {
			p.addRun(d, h, false, s.RoundCaps)
		}
	}
}

// addRun strokes one connected polyline with half-width h. When a clip is
// set, segments outside it are skipped and long ones are cut to it.
func (p *Painter) addRun(line []orb.Point, h float64, closed, roundCaps bool) {
	cr, clipped := p.cullRect(h + 2)
	if !clipped {
		p.addPiece(line, h, closed, roundCaps)
		return
	}
	// Split into visible pieces.
	piece := p.piece[:0]
	defer func() { p.piece = piece[:0] }()
	whole := true
	for i := 1; i < len(line); i++ {
		a, b, ok := clipSegment(line[i-1], line[i], cr)
		if !ok {
			whole = false
			if len(piece) > 1 {
				p.addPiece(piece, h, false, roundCaps)
			}
			piece = piece[:0]
			continue
		}
		if a != line[i-1] || b != line[i] {
			whole = false
		}
		if len(piece) == 0 || piece[len(piece)-1] != a {
			if len(piece) > 1 {
				p.addPiece(piece, h, false, roundCaps)
			}
			piece = append(piece[:0], a)
		}
		piece = append(piece, b)
	}
	if len(piece) > 1 {
		p.addPiece(piece, h, closed && whole, roundCaps)
	}
}

// addPiece emits the quads, joins and caps of a polyline.
func (p *Painter) addPiece(line []orb.Point, h float64, closed, roundCaps bool) {
	n := len(line)
	var quad [4]orb.Point
	var pdx, pdy float64
	for i := 1; i < n; i++ {
		a, b := line[i-1], line[i]
		dx, dy := b[0]-a[0], b[1]-a[1]
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		dx, dy = dx/l, dy/l
		nx, ny := -dy*h, dx*h
		quad[0] = orb.Point{a[0] + nx, a[1] + ny}
		quad[1] = orb.Point{b[0] + nx, b[1] + ny}
		quad[2] = orb.Point{b[0] - nx, b[1] - ny}
		quad[3] = orb.Point{a[0] - nx, a[1] - ny}
		p.addPoly(quad[:], 1)
		if i > 1 && pdx*dx+pdy*dy < joinCos {
			p.AddCircle(a[0], a[1], h)
		}
		pdx, pdy = dx, dy
	}
	if closed {
		// Join at the closing vertex.
		if n > 2 {
			a, b := line[0], line[1]
			dx, dy := b[0]-a[0], b[1]-a[1]
			if l := math.Hypot(dx, dy); l > 0 && pdx*dx/l+pdy*dy/l < joinCos {
				p.AddCircle(a[0], a[1], h)
			}
		}
		return
	}
	if roundCaps {
		p.AddCircle(line[0][0], line[0][1], h)
		p.AddCircle(line[n-1][0], line[n-1][1], h)
	}
}

// clipSegment clips the segment a-b to r (Liang–Barsky) and reports whether
// any of it remains.
func clipSegment(a, b orb.Point, r Rect) (orb.Point, orb.Point, bool) {
	t0, t1 := 0.0, 1.0
	dx, dy := b[0]-a[0], b[1]-a[1]
	for _, e := range [4][2]float64{
		{-dx, a[0] - r.X0},
		{dx, r.X1 - a[0]},
		{-dy, a[1] - r.Y0},
		{dy, r.Y1 - a[1]},
	} {
		pp, q := e[0], e[1]
		if pp == 0 {
			if q < 0 {
				return a, b, false
			}
			continue
		}
		t := q / pp
		if pp < 0 {
			if t > t1 {
				return a, b, false
			}
			t0 = math.Max(t0, t)
		} else {
			if t < t0 {
				return a, b, false
			}
			t1 = math.Min(t1, t)
		}
	}
	na, nb := a, b
	if t0 > 0 {
		na = orb.Point{a[0] + t0*dx, a[1] + t0*dy}
	}
	if t1 < 1 {
		nb = orb.Point{a[0] + t1*dx, a[1] + t1*dy}
	}
	return na, nb, true
}
