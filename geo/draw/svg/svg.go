// Package svg writes a draw.Canvas as an SVG 1.1 document.
//
// The document's viewBox is the canvas in pixels; its width and height
// attributes give the physical size in points (Options.PointsPerPixel).
// Paths become <path> or <circle> elements, rounded to hundredths of a
// pixel; runs of elements with the same style share one <g>. Text stays
// text: <text> elements in the Go family, with subsets of the used faces
// embedded as @font-face rules so that the figure looks the same wherever
// it is opened, and a fallback list for viewers that ignore them. Soft
// circles are filled with radial gradients that follow draw.SoftAlpha,
// clips are <clipPath> rectangles and images embedded PNGs.
//
// The Canvas streams through a buffered writer: call Close to finish the
// document and learn of any write error.
package svg

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"casmap/geo/draw"
	"casmap/geo/draw/internal/vector"
)

// DefaultPointsPerPixel is the physical pixel size, in points, used when
// Options.PointsPerPixel is not positive: the CSS pixel of 1/96 inch.
const DefaultPointsPerPixel = 0.75

// Options configure a document.
type Options struct {
	// PointsPerPixel is the physical size of one canvas pixel in points
	// (1/72 inch), which sets the width and height attributes; 72/300
	// makes a 300 DPI canvas print at its size. Zero or less means
	// DefaultPointsPerPixel.
	PointsPerPixel float64
	// Title is the document's <title>; empty writes none.
	Title string
	// NoFontEmbed leaves the fonts out: text then names the Go family and
	// a list of fallbacks, and looks right only where Go is installed.
	NoFontEmbed bool
}

// Canvas is a draw.Canvas that writes an SVG document. It is not safe for
// concurrent use.
type Canvas struct {
	bw     *bufio.Writer
	w, h   float64
	opt    Options
	closed bool
	err    error

	buf   []byte    // element under construction
	attr  []byte    // style attributes under construction
	group []byte    // style attributes of the open <g>, if any
	gKind groupKind // what the open <g> holds
	clips int       // open clip groups
	ids   int       // last id handed out
	soft  map[color.RGBA]int
	stamp map[string]int       // id of each kept picture (see Stamp)
	line  pendingText          // text not yet written, to which the next word may join
	tattr []byte               // style attributes of the text being drawn
	runes [4]map[rune]struct{} // used characters per face
	d     pathData
	pts   []orb.Point
}

type groupKind uint8

const (
	noGroup groupKind = iota
	pathGroup
	textGroup
)

// New starts an SVG document of width by height pixels on w. The canvas
// buffers its output; Close finishes the document.
func New(w io.Writer, width, height float64, opt Options) *Canvas {
	opt.PointsPerPixel = vector.PageScale(opt.PointsPerPixel, DefaultPointsPerPixel)
	width, height = vector.PageSize(width, height)
	c := &Canvas{bw: bufio.NewWriterSize(w, 64<<10), w: width, h: height, opt: opt}
	b := c.buf[:0]
	b = append(b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
		`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="`...)
	b = vector.AppendCoord(b, width*opt.PointsPerPixel)
	b = append(b, `pt" height="`...)
	b = vector.AppendCoord(b, height*opt.PointsPerPixel)
	b = append(b, `pt" viewBox="0 0 `...)
	b = vector.AppendCoord(b, width)
	b = append(b, ' ')
	b = vector.AppendCoord(b, height)
	b = append(b, `" xml:space="preserve">`+"\n"...)
	if opt.Title != "" {
		b = append(b, "<title>"...)
		b = appendEscaped(b, opt.Title)
		b = append(b, "</title>\n"...)
	}
	c.buf = b
	c.flushBuf()
	return c
}

// Size returns the canvas extent in pixels.
func (c *Canvas) Size() (w, h float64) { return c.w, c.h }

// Close ends any open clip, embeds the fonts, finishes the document and
// flushes it. It returns the first write error; later calls return the
// same result and write nothing.
func (c *Canvas) Close() error {
	if c.closed {
		return c.err
	}
	c.flushText()
	c.endGroup()
	for c.clips > 0 {
		c.Unclip()
	}
	if !c.opt.NoFontEmbed {
		c.writeFonts()
	}
	c.write([]byte("</svg>\n"))
	if err := c.bw.Flush(); err != nil && c.err == nil {
		c.err = fmt.Errorf("svg: write: %w", err)
	}
	c.closed = true
	return c.err
}

// write writes b unless the document is finished or broken.
func (c *Canvas) write(b []byte) {
	if c.closed || c.err != nil {
		return
	}
	if _, err := c.bw.Write(b); err != nil {
		c.err = fmt.Errorf("svg: write: %w", err)
	}
}

// flushBuf writes and empties c.buf.
func (c *Canvas) flushBuf() {
	c.write(c.buf)
	c.buf = c.buf[:0]
}

// startGroup makes sure the open <g> holds kind elements styled with
// c.attr, opening a new one if not.
func (c *Canvas) startGroup(kind groupKind) {
	if c.gKind == kind && string(c.group) == string(c.attr) {
		return
	}
	c.endGroup()
	c.buf = append(c.buf, "<g"...)
	c.buf = append(c.buf, c.attr...)
	c.buf = append(c.buf, ">\n"...)
	c.group = append(c.group[:0], c.attr...)
	c.gKind = kind
}

// endGroup closes the open style group, if any.
func (c *Canvas) endGroup() {
	if c.gKind == noGroup {
		return
	}
	c.buf = append(c.buf, "</g>\n"...)
	c.gKind = noGroup
	c.flushBuf()
}

// appendColor appends an attribute name="#rrggbb" for the straight-alpha
// colour of the premultiplied c, and name-opacity if c is translucent.
func appendColor(b []byte, name string, c color.RGBA) []byte {
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, `="`...)
	b = appendHex(b, c)
	b = append(b, '"')
	if c.A < 255 {
		b = append(b, ' ')
		b = append(b, name...)
		b = append(b, `-opacity="`...)
		b = vector.AppendUnit(b, float64(c.A)/255)
		b = append(b, '"')
	}
	return b
}

// appendHex appends the straight-alpha colour of the premultiplied c as
// #rgb or #rrggbb.
func appendHex(b []byte, c color.RGBA) []byte {
	r, g, bl := vector.Unpremultiply(c)
	const hex = "0123456789abcdef"
	if r>>4 == r&15 && g>>4 == g&15 && bl>>4 == bl&15 {
		return append(b, '#', hex[r&15], hex[g&15], hex[bl&15])
	}
	return append(b, '#', hex[r>>4], hex[r&15], hex[g>>4], hex[g&15], hex[bl>>4], hex[bl&15])
}

// strokeAttrs appends the stroke attributes of st to b.
func strokeAttrs(b []byte, st *draw.Style) []byte {
	b = appendColor(b, "stroke", st.Stroke)
	if st.Width != 1 {
		b = append(b, ` stroke-width="`...)
		b = vector.AppendCoord(b, st.Width)
		b = append(b, '"')
	}
	if dash := vector.ValidDash(st.Dash); dash != nil {
		b = append(b, ` stroke-dasharray="`...)
		for i, v := range dash {
			if i > 0 {
				b = append(b, ' ')
			}
			b = vector.AppendCoord(b, v)
		}
		b = append(b, '"')
		if off := st.DashOffset; off != 0 && vector.Finite(off) {
			b = append(b, ` stroke-dashoffset="`...)
			b = vector.AppendCoord(b, off)
			b = append(b, '"')
		}
	}
	switch st.Cap {
	case draw.RoundCap:
		b = append(b, ` stroke-linecap="round"`...)
	case draw.SquareCap:
		b = append(b, ` stroke-linecap="square"`...)
	}
	switch st.Join {
	case draw.MiterJoin:
		b = append(b, ` stroke-miterlimit="10"`...)
	case draw.BevelJoin:
		b = append(b, ` stroke-linejoin="bevel"`...)
	default:
		b = append(b, ` stroke-linejoin="round"`...)
	}
	return b
}

// Path draws p, in pixels, with st (widths and dashes in pixels): the
// fill (nonzero, holes wound against the outlines, soft circles as radial
// gradients), then the stroke. Non-finite points are left out.
func (c *Canvas) Path(p *draw.Path, st draw.Style) {
	c.flushText()
	if c.closed || p == nil || len(p.Subs) == 0 {
		return
	}
	stroke := vector.Strokes(&st)
	if st.Soft && st.Fill.A > 0 {
		c.softFill(p, st.Fill)
		if !stroke {
			return
		}
		st.Fill = color.RGBA{}
	}
	if st.Fill.A == 0 && !stroke {
		return
	}
	a := c.attr[:0]
	if st.Fill.A > 0 {
		a = appendColor(a, "fill", st.Fill)
	} else {
		a = append(a, ` fill="none"`...)
	}
	if stroke {
		a = strokeAttrs(a, &st)
	}
	c.attr = a
	c.element(p, st.Fill.A > 0)
}

// element writes p as one element in a group styled with c.attr.
func (c *Canvas) element(p *draw.Path, filled bool) {
	if len(p.Subs) == 1 && p.Subs[0].R > 0 && !p.Subs[0].Hole {
		s := &p.Subs[0]
		if !vector.FiniteCircle(s) {
			return
		}
		c.startGroup(pathGroup)
		c.buf = append(c.buf, `<circle cx="`...)
		c.buf = vector.AppendCoord(c.buf, s.C[0])
		c.buf = append(c.buf, `" cy="`...)
		c.buf = vector.AppendCoord(c.buf, s.C[1])
		c.buf = append(c.buf, `" r="`...)
		c.buf = vector.AppendCoord(c.buf, s.R)
		c.buf = append(c.buf, "\"/>\n"...)
		c.flushBuf()
		return
	}
	c.d.b = c.d.b[:0]
	for i := range p.Subs {
		c.subpath(&p.Subs[i], filled)
	}
	if len(c.d.b) == 0 {
		return
	}
	c.startGroup(pathGroup)
	c.buf = append(c.buf, `<path d="`...)
	c.buf = append(c.buf, c.d.b...)
	c.buf = append(c.buf, "\"/>\n"...)
	c.flushBuf()
}

// subpath appends s to c.d. Filled rings run clockwise on screen, holes
// counter-clockwise, so that the nonzero rule unites outlines and cuts
// holes.
func (c *Canvas) subpath(s *draw.Subpath, filled bool) {
	d := &c.d
	if s.R > 0 {
		if !vector.FiniteCircle(s) {
			return
		}
		r := vector.Hundredths(s.R)
		if r == 0 {
			return
		}
		sweep := byte('1')
		if s.Hole {
			sweep = '0'
		}
		d.moveTo(vector.Hundredths(s.C[0])+r, vector.Hundredths(s.C[1]))
		for _, dx := range [2]int64{-2 * r, 2 * r} {
			d.cmd('a')
			d.num(r)
			d.num(r)
			d.b = append(d.b, " 0 1 "...)
			d.b = append(d.b, sweep)
			d.sep = true
			d.hasDot = false
			d.num(dx)
			d.num(0)
		}
		d.cmd('z')
		return
	}
	pts := vector.Vertices(c.pts, s, filled)
	c.pts = pts[:0]
	if len(pts) < 2 {
		return
	}
	d.moveTo(vector.Hundredths(pts[0][0]), vector.Hundredths(pts[0][1]))
	d.cmd('l')
	n := 0
	for _, q := range pts[1:] {
		x, y := vector.Hundredths(q[0]), vector.Hundredths(q[1])
		if x == d.x && y == d.y {
			continue
		}
		d.lineTo(x, y)
		n++
	}
	if n == 0 {
		d.num(0)
		d.num(0)
	}
	if s.Closed {
		d.cmd('z')
	}
}

// softSteps is the number of gradient segments across the fading rim of
// a soft circle.
const softSteps = 8

// softFill fills the circles of p with a radial gradient of fill following
// draw.SoftAlpha; other subpaths are filled plainly.
func (c *Canvas) softFill(p *draw.Path, fill color.RGBA) {
	id, ok := c.soft[fill]
	if !ok {
		if c.soft == nil {
			c.soft = map[color.RGBA]int{}
		}
		c.ids++
		id = c.ids
		c.soft[fill] = id
		c.endGroup()
		b := append(c.buf, `<defs><radialGradient id="g`...)
		b = strconv.AppendInt(b, int64(id), 10)
		b = append(b, "\">"...)
		for i := -1; i <= softSteps; i++ {
			d := draw.SoftCore + (1-draw.SoftCore)*float64(i)/softSteps
			if i < 0 {
				d = 0
			}
			b = append(b, `<stop offset="`...)
			b = vector.AppendUnit(b, d)
			b = append(b, `" stop-color="`...)
			b = appendHex(b, fill)
			b = append(b, `" stop-opacity="`...)
			b = vector.AppendUnit(b, float64(fill.A)/255*draw.SoftAlpha(d))
			b = append(b, `"/>`...)
		}
		c.buf = append(b, "</radialGradient></defs>\n"...)
		c.flushBuf()
	}
	plain := vector.SplitCircles(p, func(s *draw.Subpath) {
		a := append(c.attr[:0], ` fill="url(#g`...)
		a = strconv.AppendInt(a, int64(id), 10)
		c.attr = append(a, `)"`...)
		one := draw.Path{Subs: []draw.Subpath{{C: s.C, R: s.R, Closed: true}}}
		c.element(&one, true)
	})
	if len(plain.Subs) > 0 {
		c.attr = appendColor(c.attr[:0], "fill", fill)
		c.element(&plain, true)
	}
}

// Text draws text at x, y (pixels) anchored with st.Anchor, st.Size in
// pixels, as a <text> element whose baseline comes from draw.Origin. A
// Center anchor uses text-anchor="middle", so the text stays centred in a
// fallback font. The halo is a stroke 2×draw.HaloWidth wide with round
// joins painted under the fill (paint-order). Text of no size or at a
// non-finite position draws nothing.
func (c *Canvas) Text(text string, x, y float64, st draw.TextStyle) {
	if c.closed || !vector.TextShown(text, x, y, &st) {
		return
	}
	face, size, bx, by := vector.TextOrigin(text, x, y, &st)
	if st.Anchor == draw.Center {
		bx = x
	}

	family, weight, italic := face.Family()
	a := append(c.tattr[:0], ` font-family="`...)
	if family == "Go" {
		a = append(a, family...)
	} else {
		a = append(a, '\'')
		a = appendEscaped(a, family)
		a = append(a, "',Go"...)
	}
	a = append(a, `,'Lucida Grande','DejaVu Sans',Verdana,sans-serif" font-size="`...)
	a = vector.AppendCoord(a, size)
	a = append(a, '"')
	if weight != 400 {
		a = append(a, ` font-weight="`...)
		a = strconv.AppendInt(a, int64(weight), 10)
		a = append(a, '"')
	}
	if italic {
		a = append(a, ` font-style="italic"`...)
	}
	if st.Color.A > 0 {
		a = appendColor(a, "fill", st.Color)
	} else {
		a = append(a, ` fill="none"`...)
	}
	if st.Halo.A > 0 {
		a = appendColor(a, "stroke", st.Halo)
		a = append(a, ` stroke-width="`...)
		a = vector.AppendCoord(a, 2*draw.HaloWidth(size))
		a = append(a, `" stroke-linejoin="round" paint-order="stroke"`...)
	}
	if st.Anchor == draw.Center {
		a = append(a, ` text-anchor="middle"`...)
	}
	c.tattr = a
	w, _ := draw.Measure(face, text, size)
	if !c.opt.NoFontEmbed {
		c.useRunes(face, text)
	}
	// Words of one line in one style join into one <text>, so that a
	// line reads, selects and searches as a line.
	l := &c.line
	if st.Anchor != draw.Center && l.text != nil && string(l.attr) == string(a) && math.Abs(l.y-by) < 0.01 {
		space, _ := draw.Measure(face, " ", size)
		if gap := bx - l.end; math.Abs(gap-space) < 0.5 {
			l.text = append(append(l.text, ' '), text...)
			l.end, l.width = bx+w, l.width+gap+w
			if !c.opt.NoFontEmbed {
				c.useRunes(face, " ")
			}
			return
		}
	}
	c.flushText()
	*l = pendingText{attr: append(l.attr[:0], a...), x: bx, y: by, end: bx + w, width: w, text: append(l.text[:0], text...)}
	if st.Anchor == draw.Center {
		c.flushText()
	}
}

// pendingText is a run of text waiting for more words of its line.
type pendingText struct {
	attr      []byte // style attributes
	x, y, end float64
	width     float64 // measured advance of the run
	text      []byte  // nil when nothing waits
}

// flushText writes the waiting text run, if any, with its measured width,
// so that a viewer without the embedded fonts (Inkscape, librsvg) fits
// its fallback font to the layout.
func (c *Canvas) flushText() {
	l := &c.line
	if l.text == nil {
		return
	}
	c.attr = append(c.attr[:0], l.attr...)
	c.startGroup(textGroup)
	b := append(c.buf, `<text x="`...)
	b = vector.AppendCoord(b, l.x)
	b = append(b, `" y="`...)
	b = vector.AppendCoord(b, l.y)
	if l.width > 0 && utf8.RuneCount(l.text) > 1 {
		b = append(b, `" textLength="`...)
		b = vector.AppendCoord(b, l.width)
		b = append(b, `" lengthAdjust="spacingAndGlyphs`...)
	}
	b = append(b, `">`...)
	b = appendEscaped(b, string(l.text))
	c.buf = append(b, "</text>\n"...)
	l.text = nil
	c.flushBuf()
}

// useRunes records the characters of text for the font subset of face.
func (c *Canvas) useRunes(face draw.Face, text string) {
	m := c.runes[face]
	if m == nil {
		m = map[rune]struct{}{}
		c.runes[face] = m
	}
	for _, r := range text {
		if r = cleanRune(r); r >= 0 {
			m[r] = struct{}{}
		}
	}
}

// cleanRune maps r to what a document can hold: control characters become
// spaces or vanish (-1), invalid code points U+FFFD.
func cleanRune(r rune) rune {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return ' '
	case r < 0x20 || r == 0x7f || r == 0xfffe || r == 0xffff:
		return -1
	case r >= 0xd800 && r <= 0xdfff || r > utf8.MaxRune:
		return utf8.RuneError
	}
	return r
}

// appendEscaped appends s as XML character data or attribute value.
func appendEscaped(b []byte, s string) []byte {
	for _, r := range s {
		switch r = cleanRune(r); r {
		case -1:
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '"':
			b = append(b, "&quot;"...)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// Image draws img scaled into r (pixels) as an embedded PNG. Empty images and
// rectangles draw nothing.
func (c *Canvas) Image(img image.Image, r draw.Rect) {
	c.flushText()
	if c.closed || img == nil || img.Bounds().Empty() || !vector.FiniteRect(r) || r.Dx() <= 0 || r.Dy() <= 0 {
		return
	}
	c.endGroup()
	b := appendRect(append(c.buf, `<image`...), r)
	c.buf = append(b, ` preserveAspectRatio="none" xlink:href="data:image/png;base64,`...)
	c.flushBuf()
	if c.err == nil {
		enc := base64.NewEncoder(base64.StdEncoding, c.bw)
		if err := png.Encode(enc, img); err != nil {
			c.err = fmt.Errorf("svg: image: %w", err)
		} else if err := enc.Close(); err != nil {
			c.err = fmt.Errorf("svg: write: %w", err)
		}
	}
	c.write([]byte("\"/>\n"))
}

// appendRect appends the attributes x, y, width and height of r.
func appendRect(b []byte, r draw.Rect) []byte {
	b = append(b, ` x="`...)
	b = vector.AppendCoord(b, r.X0)
	b = append(b, `" y="`...)
	b = vector.AppendCoord(b, r.Y0)
	b = append(b, `" width="`...)
	b = vector.AppendCoord(b, r.Dx())
	b = append(b, `" height="`...)
	b = vector.AppendCoord(b, r.Dy())
	return append(b, '"')
}

// Clip restricts drawing to r, in pixels and intersected with the clips
// in force, until the matching Unclip. A non-finite or inverted rectangle
// clips everything away.
func (c *Canvas) Clip(r draw.Rect) {
	c.flushText()
	if c.closed {
		return
	}
	if !vector.FiniteRect(r) || r.X1 < r.X0 || r.Y1 < r.Y0 {
		r = draw.Rect{}
	}
	c.endGroup()
	c.ids++
	b := append(c.buf, `<defs><clipPath id="c`...)
	b = strconv.AppendInt(b, int64(c.ids), 10)
	b = appendRect(append(b, `"><rect`...), r)
	b = append(b, `/></clipPath></defs>`+"\n"+`<g clip-path="url(#c`...)
	b = strconv.AppendInt(b, int64(c.ids), 10)
	c.buf = append(b, ")\">\n"...)
	c.flushBuf()
	c.clips++
}

// Unclip ends the innermost Clip; without one it does nothing.
func (c *Canvas) Unclip() {
	c.flushText()
	if c.closed || c.clips == 0 {
		return
	}
	c.endGroup()
	c.buf = append(c.buf, "</g>\n"...)
	c.flushBuf()
	c.clips--
}

var _ draw.Canvas = (*Canvas)(nil)

var _ draw.Stamper = (*Canvas)(nil)

// Stamp places the picture named key at x, y: the first time as a <g> in
// <defs>, drawn by draw about the origin, and every time as a <use> of it,
// so that a symbol repeated across the map is written once.
func (c *Canvas) Stamp(key string, x, y float64, draw func(draw.Canvas)) {
	c.flushText()
	if c.closed || !vector.Finite(x) || !vector.Finite(y) {
		return
	}
	id, ok := c.stamp[key]
	if !ok {
		if c.stamp == nil {
			c.stamp = map[string]int{}
		}
		c.ids++
		id = c.ids
		c.stamp[key] = id
		c.endGroup()
		c.buf = append(c.buf, `<defs><g id="p`...)
		c.buf = strconv.AppendInt(c.buf, int64(id), 10)
		c.buf = append(c.buf, "\">\n"...)
		c.flushBuf()
		clips := c.clips
		draw(c)
		c.endGroup()
		for c.clips > clips {
			c.Unclip()
		}
		c.buf = append(c.buf, "</g></defs>\n"...)
		c.flushBuf()
	}
	c.endGroup()
	c.buf = append(c.buf, `<use xlink:href="#p`...)
	c.buf = strconv.AppendInt(c.buf, int64(id), 10)
	c.buf = append(c.buf, `" x="`...)
	c.buf = vector.AppendCoord(c.buf, x)
	c.buf = append(c.buf, `" y="`...)
	c.buf = vector.AppendCoord(c.buf, y)
	c.buf = append(c.buf, "\"/>\n"...)
	c.flushBuf()
}
