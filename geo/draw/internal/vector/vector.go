// Package vector holds what casmap's vector backends of draw.Canvas (the
// packages draw/svg and draw/pdf) do alike: compact number formatting,
// straight colours from premultiplied ones, the checks that keep
// non-finite and out-of-range input out of a document, and the winding of
// rings so that the nonzero rule unites outlines and cuts holes.
package vector

import (
	"image/color"
	"math"

	"github.com/paulmach/orb"

	"casmap/geo/draw"
)

// PageScale returns ppp, the size of a canvas pixel in points, or def
// when ppp is not a positive finite number.
func PageScale(ppp, def float64) float64 {
	if !(ppp > 0) || math.IsInf(ppp, 0) {
		return def
	}
	return ppp
}

// PageSize returns the canvas extent w by h pixels made usable: negative
// and non-finite sizes become 0, larger ones than MaxCoord MaxCoord.
func PageSize(w, h float64) (float64, float64) {
	if !Finite(w) || w < 0 {
		w = 0
	}
	if !Finite(h) || h < 0 {
		h = 0
	}
	return min(w, MaxCoord), min(h, MaxCoord)
}

// Unpremultiply returns the straight colour channels of the premultiplied
// c, rounded to nearest; a transparent c is black.
func Unpremultiply(c color.RGBA) (r, g, b uint8) {
	switch c.A {
	case 0:
		return 0, 0, 0
	case 255:
		return c.R, c.G, c.B
	}
	a := uint32(c.A)
	f := func(v uint8) uint8 { return uint8(min(255, (uint32(v)*255+a/2)/a)) }
	return f(c.R), f(c.G), f(c.B)
}

// Strokes reports whether st draws a stroke: a visible colour and a
// positive, finite width.
func Strokes(st *draw.Style) bool {
	return st.Stroke.A > 0 && st.Width > 0 && Finite(st.Width)
}

// ValidDash returns dash if it is a usable pattern: finite, non-negative
// lengths that do not all round to zero; nil otherwise (a solid line).
func ValidDash(dash []float64) []float64 {
	sum := 0.0
	for _, v := range dash {
		if !Finite(v) || v < 0 {
			return nil
		}
		sum += v
	}
	if sum < 0.01 {
		return nil
	}
	return dash
}

// FiniteCircle reports whether the centre and radius of s are finite.
func FiniteCircle(s *draw.Subpath) bool {
	return Finite(s.C[0]) && Finite(s.C[1]) && Finite(s.R)
}

// FiniteRect reports whether the corners of r are finite.
func FiniteRect(r draw.Rect) bool {
	return Finite(r.X0) && Finite(r.Y0) && Finite(r.X1) && Finite(r.Y1)
}

// Area returns the signed area of the ring pts, positive when it runs
// clockwise on screen (y down).
func Area(pts []orb.Point) float64 {
	var a float64
	p := pts[len(pts)-1]
	for _, q := range pts {
		a += p[0]*q[1] - q[0]*p[1]
		p = q
	}
	return a / 2
}

// Vertices returns the points of the polyline or ring s as a backend
// writes them, in buf's storage (buf's contents are overwritten): only the
// finite points, without the repeated first point that closes a ring, and,
// if s is closed or filled, running clockwise on screen, or
// counter-clockwise for a hole, so that the nonzero rule unites outlines
// and cuts holes. Fewer than two points draw nothing; the caller keeps the
// result's storage for the next call.
func Vertices(buf []orb.Point, s *draw.Subpath, filled bool) []orb.Point {
	pts := buf[:0]
	for _, q := range s.Points {
		if Finite(q[0]) && Finite(q[1]) {
			pts = append(pts, q)
		}
	}
	if s.Closed && len(pts) > 1 && pts[0] == pts[len(pts)-1] {
		pts = pts[:len(pts)-1]
	}
	if len(pts) >= 2 && (s.Closed || filled) && (Area(pts) < 0) != s.Hole {
		for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
			pts[i], pts[j] = pts[j], pts[i]
		}
	}
	return pts
}

// SplitCircles calls circle with each circle of p (a subpath with R > 0)
// in order and returns the other subpaths as a path of their own.
func SplitCircles(p *draw.Path, circle func(s *draw.Subpath)) (plain draw.Path) {
	for i := range p.Subs {
		s := &p.Subs[i]
		if s.R <= 0 {
			plain.Subs = append(plain.Subs, *s)
			continue
		}
		circle(s)
	}
	return plain
}

// TextShown reports whether Canvas.Text with these arguments draws
// anything: text that is not empty, a positive finite size, a finite
// position and a visible colour or halo.
func TextShown(text string, x, y float64, st *draw.TextStyle) bool {
	return text != "" && st.Size > 0 && Finite(st.Size) && Finite(x) && Finite(y) && (st.Color.A > 0 || st.Halo.A > 0)
}

// TextOrigin returns the face and the quantised font size, in pixels, that
// text drawn with st uses, and the start of its baseline when the point
// of its box that st.Anchor names is at x, y (see draw.Origin).
func TextOrigin(text string, x, y float64, st *draw.TextStyle) (face draw.Face, size, bx, by float64) {
	face = st.Face % 4
	size = draw.QuantSize(min(st.Size, MaxCoord))
	var w float64
	if st.Anchor == draw.Center {
		w, _ = draw.Measure(face, text, size)
	}
	bx, by = draw.Origin(face, size, w, x, y, st.Anchor)
	return face, size, bx, by
}
