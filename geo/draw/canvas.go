// Package draw is casmap's drawing contract: a small Canvas interface that
// every picture of the map is drawn through (paths with fill, stroke, dash,
// cap and join; text in one of four embedded fonts; images; rectangular
// clips), with a raster backend here and vector backends in draw/svg and
// draw/pdf. A figure is drawn once and written as PNG, SVG or PDF.
//
// Coordinates are pixels of the canvas: x grows to the right, y downwards,
// the origin at the top-left corner. Sizes (line widths, font sizes, dash
// lengths) are pixels too; a vector backend maps one pixel to one unit of
// its page. Colours are alpha-premultiplied color.RGBA values. No backend
// projects: callers hand over pixel geometry, already clipped in Web
// Mercator where that matters (see package figure).
package draw

import (
	"image"
	"image/color"

	"github.com/paulmach/orb"
)

// Canvas is a drawing surface. Methods are called from one goroutine at a
// time; a Canvas is not safe for concurrent use.
type Canvas interface {
	// Size returns the canvas extent in pixels.
	Size() (w, h float64)
	// Path draws p with st: first the fill, then the stroke.
	Path(p *Path, st Style)
	// Text draws one line of text with st at x, y, which is the point of
	// the text's measured box (see Measure) that st.Anchor names.
	Text(text string, x, y float64, st TextStyle)
	// Image draws img scaled into the rectangle r (pixels).
	Image(img image.Image, r Rect)
	// Clip restricts drawing to r, intersected with any clip already in
	// force, until the matching Unclip.
	Clip(r Rect)
	// Unclip ends the innermost Clip.
	Unclip()
}

// Rect is an axis-aligned rectangle in pixels, Min inclusive.
type Rect struct {
	X0, Y0, X1, Y1 float64
}

// RectOf returns r as a Rect.
func RectOf(r image.Rectangle) Rect {
	return Rect{float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y)}
}

// Dx returns the width of r.
func (r Rect) Dx() float64 { return r.X1 - r.X0 }

// Dy returns the height of r.
func (r Rect) Dy() float64 { return r.Y1 - r.Y0 }

// Cap is how open line ends and dashes end.
type Cap uint8

// Line caps.
const (
	ButtCap Cap = iota
	RoundCap
	SquareCap
)

// Join is how a stroke turns at a vertex.
type Join uint8

// Line joins.
const (
	RoundJoin Join = iota
	MiterJoin
	BevelJoin
)

// Style is how Canvas.Path draws a path.
type Style struct {
	// Fill is the interior colour; transparent means no fill. Subpaths
	// are filled as a union, with holes (Subpath.Hole) cut out.
	Fill color.RGBA
	// Stroke is the outline colour; transparent means no stroke.
	Stroke color.RGBA
	// Width is the stroke width in pixels.
	Width float64
	// Dash is an on/off pattern of lengths in pixels starting with a
	// dash; empty draws a solid line.
	Dash []float64
	// DashOffset is how far into Dash the stroke starts, in pixels.
	DashOffset float64
	// Cap ends open subpaths and dashes.
	Cap Cap
	// Join joins segments.
	Join Join
	// Soft, for a path of circles, fades the fill: opaque out to SoftCore
	// of each radius, then smoothly (a smoothstep) to transparent at the
	// radius. It draws approximate regions without a hard edge.
	Soft bool
}

// SoftCore is the fraction of a soft circle's radius that is filled at
// full opacity (see Style.Soft).
const SoftCore = 0.45

// SoftAlpha returns the opacity, 0 to 1, of a soft circle at the relative
// distance d (0 at the centre, 1 at the radius) from its centre.
func SoftAlpha(d float64) float64 {
	e := min(1, max(0, (d-SoftCore)/(1-SoftCore)))
	return 1 - e*e*(3-2*e)
}

// Subpath is one piece of a Path: a polyline or polygon ring through
// Points, or, when R > 0, a circle of radius R about C.
type Subpath struct {
	// Points are the vertices in pixels.
	Points []orb.Point
	// Closed joins the last point back to the first; rings of a fill are
	// always closed.
	Closed bool
	// Hole marks a ring that cuts a hole in the rings before it. Backends
	// wind holes opposite to outlines, whatever the order of Points.
	Hole bool
	// C and R describe a circle (R > 0) instead of Points.
	C orb.Point
	R float64
}

// Path is a list of subpaths in pixels. The zero value is an empty path;
// Reset keeps its buffers for reuse.
type Path struct {
	Subs []Subpath
}

// Reset empties p, keeping its storage.
func (p *Path) Reset() { p.Subs = p.Subs[:0] }

// Empty reports whether p has no subpath.
func (p *Path) Empty() bool { return len(p.Subs) == 0 }

// Line adds the open polyline pts.
func (p *Path) Line(pts []orb.Point) *Path {
	if len(pts) >= 2 {
		p.Subs = append(p.Subs, Subpath{Points: pts})
	}
	return p
}

// Ring adds the closed ring pts, a hole when hole is set.
func (p *Path) Ring(pts []orb.Point, hole bool) *Path {
	if len(pts) >= 3 {
		p.Subs = append(p.Subs, Subpath{Points: pts, Closed: true, Hole: hole})
	}
	return p
}

// Circle adds the circle of radius r about cx, cy.
func (p *Path) Circle(cx, cy, r float64) *Path {
	if r > 0 {
		p.Subs = append(p.Subs, Subpath{C: orb.Point{cx, cy}, R: r, Closed: true})
	}
	return p
}

// Rect adds the rectangle r as a closed ring.
func (p *Path) Rect(r Rect) *Path {
	return p.Ring([]orb.Point{{r.X0, r.Y0}, {r.X1, r.Y0}, {r.X1, r.Y1}, {r.X0, r.Y1}}, false)
}

// Anchor names the point of a text's measured box that Canvas.Text places
// at its x, y.
type Anchor uint8

// Text anchors. The measured box spans the advance width and the font's
// ascent plus descent; Center centres the capital height on y, so digits
// and capitals sit in the middle of a badge.
const (
	TopLeft Anchor = iota
	Center
	BaselineLeft
)

// TextStyle is how Canvas.Text draws a line of text.
type TextStyle struct {
	// Face is one of the embedded fonts.
	Face Face
	// Size is the font size (em) in pixels.
	Size float64
	// Color is the glyph colour.
	Color color.RGBA
	// Halo, unless transparent, outlines the glyphs HaloWidth(Size)
	// pixels wide so that text stays legible over the map.
	Halo color.RGBA
	// Anchor is the point of the box at the drawing position.
	Anchor Anchor
}

// Offset returns a canvas that draws on c with every coordinate moved by
// dx, dy pixels, so that a part of a picture (a map frame on a page) can
// be drawn in its own coordinates.
func Offset(c Canvas, dx, dy float64) Canvas {
	if dx == 0 && dy == 0 {
		return c
	}
	if r, ok := c.(*Raster); ok {
		return &Raster{base: r.base, dst: r.dst, clips: nil, ox: r.ox + dx, oy: r.oy + dy}
	}
	if o, ok := c.(*offset); ok {
		return &offset{c: o.c, dx: o.dx + dx, dy: o.dy + dy}
	}
	return &offset{c: c, dx: dx, dy: dy}
}

// offset is the Canvas that Offset returns for vector backends.
type offset struct {
	c      Canvas
	dx, dy float64
	path   Path
	pts    []orb.Point
}

func (o *offset) Size() (w, h float64) { return o.c.Size() }

func (o *offset) Path(p *Path, st Style) {
	o.path.Reset()
	o.pts = o.pts[:0]
	for _, s := range p.Subs {
		start := len(o.pts)
		for _, q := range s.Points {
			o.pts = append(o.pts, orb.Point{q[0] + o.dx, q[1] + o.dy})
		}
		s.Points = o.pts[start:len(o.pts):len(o.pts)]
		s.C = orb.Point{s.C[0] + o.dx, s.C[1] + o.dy}
		o.path.Subs = append(o.path.Subs, s)
	}
	o.c.Path(&o.path, st)
}

func (o *offset) Text(text string, x, y float64, st TextStyle) { o.c.Text(text, x+o.dx, y+o.dy, st) }

func (o *offset) Image(img image.Image, r Rect) {
	o.c.Image(img, Rect{r.X0 + o.dx, r.Y0 + o.dy, r.X1 + o.dx, r.Y1 + o.dy})
}

func (o *offset) Clip(r Rect) { o.c.Clip(Rect{r.X0 + o.dx, r.Y0 + o.dy, r.X1 + o.dx, r.Y1 + o.dy}) }

func (o *offset) Unclip() { o.c.Unclip() }

// Stamper is implemented by canvases that can keep a picture and place
// copies of it, as SVG does with <use>: a symbol drawn a thousand times is
// then written once.
type Stamper interface {
	// Stamp draws the picture named key with its origin at x, y. The
	// first Stamp of a key calls draw, which draws the picture about the
	// origin; later Stamps of the key place the same picture and do not
	// call it. Pictures of one key must be the same.
	Stamp(key string, x, y float64, draw func(Canvas))
}

// Stamp places the picture named key at x, y on c: through c's Stamper
// when it has one, else by drawing it there.
func Stamp(c Canvas, key string, x, y float64, draw func(Canvas)) {
	if s, ok := c.(Stamper); ok {
		s.Stamp(key, x, y, draw)
		return
	}
	draw(Offset(c, x, y))
}

func (o *offset) Stamp(key string, x, y float64, draw func(Canvas)) {
	Stamp(o.c, key, x+o.dx, y+o.dy, draw)
}
