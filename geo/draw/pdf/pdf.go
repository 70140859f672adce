// Package pdf writes a draw.Canvas as a one-page PDF document.
//
// The page is the canvas scaled by Options.PointsPerPixel. Text stays text
// in subsets of the embedded Go faces, so that it can be searched and
// copied; a halo is the same text stroked behind the fill, marked with an
// empty ActualText so that text extraction finds each string once. Paths
// are written straight into the page's content stream (nonzero fill,
// holes wound against the outlines, circles as Bézier arcs); soft circles
// are stacks of translucent discs whose composite follows draw.SoftAlpha.
// Clips are rectangles inside saved graphics states. The document
// structure, font subsetting, opacity states and images come from
// github.com/go-pdf/fpdf.
//
// A Canvas keeps the document in memory; WriteTo writes it out once.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	imagedraw "image/draw"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"github.com/paulmach/orb"

	"casmap/geo/draw"
	"casmap/geo/draw/internal/vector"
)

// DefaultPointsPerPixel is the pixel size, in points, used when
// Options.PointsPerPixel is not positive: the CSS pixel of 1/96 inch.
const DefaultPointsPerPixel = 0.75

// Options configure a document.
type Options struct {
	// PointsPerPixel is the size of one canvas pixel in points (1/72
	// inch): the page is the canvas size times this. 72/300 prints a 300
	// DPI canvas at its size. Zero or less means DefaultPointsPerPixel.
	PointsPerPixel float64
	// Title, Author and Creator go into the document information.
	Title, Author, Creator string
	// Date is the creation date recorded in the document; the zero time
	// means the time of WriteTo.
	Date time.Time
}

// Canvas is a draw.Canvas that builds a PDF document in memory. It is not
// safe for concurrent use.
type Canvas struct {
	f       *fpdf.Fpdf
	w, h    float64 // canvas in pixels
	k       float64 // points per pixel
	ph      float64 // page height in points
	written bool
	added   [4]bool // faces registered with f
	images  int
	gs      gstate   // what is in force in the content stream
	saved   []gstate // gs at each open Clip
	buf     []byte   // content not yet handed to f
	dash    []byte   // scratch for dash operands
	pts     []orb.Point
}

// gstate caches graphics-state parameters last written to the content
// stream, so that runs of equally styled paths do not repeat them. The
// zero value knows nothing.
type gstate struct {
	fill, stroke           color.RGBA // straight colours
	fillKnown, strokeKnown bool
	alpha                  float64 // -1 unknown
	width                  float64 // stroke width in points, -1 unknown
	cap, join              int8    // -1 unknown
	dash                   string  // the d operator's operands; "" unknown
	font                   draw.Face
	fontSize               float64 // points
	fontKnown              bool
}

var unknown = gstate{alpha: -1, width: -1, cap: -1, join: -1}

// New starts a document of one page of width by height pixels.
func New(width, height float64, opt Options) *Canvas {
	opt.PointsPerPixel = vector.PageScale(opt.PointsPerPixel, DefaultPointsPerPixel)
	width, height = vector.PageSize(width, height)
	k := opt.PointsPerPixel
	pw, ph := max(1, width*k), max(1, height*k)
	// fpdf takes the size as given for portrait and swaps it for
	// landscape, so portrait it is, whatever the shape.
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", Size: fpdf.SizeType{Wd: pw, Ht: ph}})
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	if opt.Title != "" {
		f.SetTitle(opt.Title, true)
	}
	if opt.Author != "" {
		f.SetAuthor(opt.Author, true)
	}
	if opt.Creator != "" {
		f.SetCreator(opt.Creator, true)
	}
	if !opt.Date.IsZero() {
		f.SetCreationDate(opt.Date)
		f.SetModificationDate(opt.Date)
	}
	f.AddPage()
	return &Canvas{f: f, w: width, h: height, k: k, ph: ph, gs: unknown}
}

// Size returns the canvas extent in pixels.
func (c *Canvas) Size() (w, h float64) { return c.w, c.h }

// errWritten reports a second WriteTo.
var errWritten = errors.New("pdf: document already written")

// WriteTo ends any open clip, finishes the document and writes it to w.
// It returns the number of bytes written and the first error met while
// drawing or writing. A Canvas can be written once; drawing after WriteTo
// does nothing.
func (c *Canvas) WriteTo(w io.Writer) (n int64, err error) {
	if c.written {
		return 0, errWritten
	}
	for len(c.saved) > 0 {
		c.Unclip()
	}
	c.written = true
	cw := &countWriter{w: w}
	defer func() {
		// fpdf reports some malformed input by panicking; a figure that
		// cannot be written is an error, not a crash.
		if r := recover(); r != nil {
			n, err = cw.n, fmt.Errorf("pdf: %v", r)
		}
	}()
	if ferr := c.f.Output(cw); ferr != nil {
		if cw.err != nil {
			return cw.n, fmt.Errorf("pdf: write: %w", cw.err)
		}
		return cw.n, fmt.Errorf("pdf: %w", ferr)
	}
	return cw.n, nil
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (cw *countWriter) Write(p []byte) (int, error) {
	n, err := cw.w.Write(p)
	cw.n += int64(n)
	if err != nil && cw.err == nil {
		cw.err = err
	}
	return n, err
}

// raw appends c.buf to the content stream and empties it.
func (c *Canvas) raw() {
	if len(c.buf) == 0 {
		return
	}
	if c.buf[len(c.buf)-1] == '\n' {
		c.buf = c.buf[:len(c.buf)-1]
	}
	c.f.RawWriteBuf(bytes.NewReader(c.buf))
	c.buf = c.buf[:0]
}

// pt appends the page coordinates of the pixel point x, y.
func (c *Canvas) pt(b []byte, x, y float64) []byte {
	b = vector.AppendNum(b, vector.Clamp(x)*c.k)
	b = append(b, ' ')
	return vector.AppendNum(b, c.ph-vector.Clamp(y)*c.k)
}

// appendLen appends a length in points with three decimals.
func appendLen(b []byte, v float64) []byte {
	n := len(b)
	b = strconv.AppendFloat(b, v, 'f', 3, 64)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	if len(b)-n > 1 && b[n] == '0' {
		b = append(b[:n], b[n+1:]...)
	}
	return b
}

// straight returns the colour of the premultiplied c without alpha, and
// the alpha from 0 to 1.
func straight(c color.RGBA) (color.RGBA, float64) {
	r, g, b := vector.Unpremultiply(c)
	return color.RGBA{r, g, b, 255}, float64(c.A) / 255
}

// appendRGB appends the operands of rg or RG for c.
func appendRGB(b []byte, c color.RGBA) []byte {
	b = vector.AppendUnit(b, float64(c.R)/255)
	b = append(b, ' ')
	b = vector.AppendUnit(b, float64(c.G)/255)
	b = append(b, ' ')
	return vector.AppendUnit(b, float64(c.B)/255)
}

// setFill makes col the fill colour.
func (c *Canvas) setFill(col color.RGBA) {
	if c.gs.fillKnown && c.gs.fill == col {
		return
	}
	c.buf = append(appendRGB(c.buf, col), " rg\n"...)
	c.gs.fill, c.gs.fillKnown = col, true
}

// setStroke makes col the stroke colour.
func (c *Canvas) setStroke(col color.RGBA) {
	if c.gs.strokeKnown && c.gs.stroke == col {
		return
	}
	c.buf = append(appendRGB(c.buf, col), " RG\n"...)
	c.gs.stroke, c.gs.strokeKnown = col, true
}

// setAlpha makes a the fill and stroke opacity.
func (c *Canvas) setAlpha(a float64) {
	a = math.Round(a*1000) / 1000
	if c.gs.alpha == a {
		return
	}
	c.raw()
	c.f.SetAlpha(a, "Normal")
	c.gs.alpha = a
}

// setStrokeStyle writes the stroke parameters of st.
func (c *Canvas) setStrokeStyle(st *draw.Style) {
	if w := min(st.Width, vector.MaxCoord) * c.k; w != c.gs.width {
		c.buf = append(appendLen(c.buf, w), " w\n"...)
		c.gs.width = w
	}
	capStyle := int8(0) // draw's numbering of caps is PDF's
	if st.Cap <= draw.SquareCap {
		capStyle = int8(st.Cap)
	}
	if capStyle != c.gs.cap {
		c.buf = append(c.buf, byte('0'+capStyle), ' ', 'J', '\n')
		c.gs.cap = capStyle
	}
	switch st.Join {
	case draw.MiterJoin:
		c.setJoin(0)
	case draw.BevelJoin:
		c.setJoin(2)
	default:
		c.setJoin(1)
	}
	d := append(c.dash[:0], "[] 0"...)
	if dash := vector.ValidDash(st.Dash); dash != nil {
		d = append(d[:0], '[')
		for i, v := range dash {
			if i > 0 {
				d = append(d, ' ')
			}
			d = appendLen(d, min(v, vector.MaxCoord)*c.k)
		}
		d = append(d, "] "...)
		off := st.DashOffset
		if !vector.Finite(off) {
			off = 0
		}
		d = appendLen(d, vector.Clamp(off)*c.k)
	}
	c.dash = d
	if string(d) != c.gs.dash {
		c.buf = append(append(c.buf, d...), " d\n"...)
		c.gs.dash = string(d)
	}
}

// setJoin writes the line join j (PDF numbering).
func (c *Canvas) setJoin(j int8) {
	if j != c.gs.join {
		c.buf = append(c.buf, byte('0'+j), ' ', 'j', '\n')
		c.gs.join = j
	}
}

// Path draws p, in pixels, with st (widths and dashes in pixels): the
// fill (nonzero, holes wound against the outlines; soft circles as
// stacked translucent discs), then the stroke. Non-finite points are left
// out.
func (c *Canvas) Path(p *draw.Path, st draw.Style) {
	if c.written || p == nil || len(p.Subs) == 0 {
		return
	}
	stroke := vector.Strokes(&st)
	fill := st.Fill.A > 0
	if fill && st.Soft {
		c.softFill(p, st.Fill)
		fill = false
	}
	if !fill && !stroke {
		return
	}
	fc, fa := straight(st.Fill)
	sc, sa := straight(st.Stroke)
	if fill && stroke && fa == sa {
		c.setAlpha(fa)
		c.setFill(fc)
		c.setStroke(sc)
		c.setStrokeStyle(&st)
		c.path(p, true, "B\n")
		return
	}
	if fill {
		c.setAlpha(fa)
		c.setFill(fc)
		c.path(p, true, "f\n")
	}
	if stroke {
		c.setAlpha(sa)
		c.setStroke(sc)
		c.setStrokeStyle(&st)
		c.path(p, false, "S\n")
	}
}

// path writes the subpaths of p followed by the painting operator op.
// Rings of a filled path run clockwise on screen, holes counter-clockwise.
func (c *Canvas) path(p *draw.Path, filled bool, op string) {
	start := len(c.buf)
	for i := range p.Subs {
		c.subpath(&p.Subs[i], filled)
	}
	if len(c.buf) == start {
		return
	}
	c.buf = append(c.buf, op...)
	c.raw()
}

// kappa places the control points of a quarter circle's Bézier curve.
const kappa = 0.5522847498307936

func (c *Canvas) subpath(s *draw.Subpath, filled bool) {
	b := c.buf
	if s.R > 0 {
		if !vector.FiniteCircle(s) {
			return
		}
		cx, cy, r := vector.Clamp(s.C[0]), vector.Clamp(s.C[1]), min(s.R, vector.MaxCoord)
		c.buf = c.circle(b, cx, cy, r, s.Hole)
		return
	}
	pts := vector.Vertices(c.pts, s, filled)
	c.pts = pts[:0]
	if len(pts) < 2 {
		return
	}
	b = c.pt(b, pts[0][0], pts[0][1])
	b = append(b, " m\n"...)
	for _, q := range pts[1:] {
		b = c.pt(b, q[0], q[1])
		b = append(b, " l\n"...)
	}
	if s.Closed {
		b = append(b, "h\n"...)
	}
	c.buf = b
}

// circle appends a circle of radius r about cx, cy (pixels) as four
// Bézier curves, clockwise on screen unless hole.
func (c *Canvas) circle(b []byte, cx, cy, r float64, hole bool) []byte {
	k := kappa * r
	// Quarter points clockwise on screen from the right: right, bottom,
	// left, top; each curve leaves a point along its tangent.
	type pt struct{ x, y, tx, ty float64 }
	q := [4]pt{{cx + r, cy, 0, 1}, {cx, cy + r, -1, 0}, {cx - r, cy, 0, -1}, {cx, cy - r, 1, 0}}
	if hole {
		q = [4]pt{{cx + r, cy, 0, -1}, {cx, cy - r, -1, 0}, {cx - r, cy, 0, 1}, {cx, cy + r, 1, 0}}
	}
	b = c.pt(b, q[0].x, q[0].y)
	b = append(b, " m\n"...)
	for i := range 4 {
		p, n := q[i], q[(i+1)%4]
		b = c.pt(b, p.x+k*p.tx, p.y+k*p.ty)
		b = append(b, ' ')
		b = c.pt(b, n.x-k*n.tx, n.y-k*n.ty)
		b = append(b, ' ')
		b = c.pt(b, n.x, n.y)
		b = append(b, " c\n"...)
	}
	return append(b, "h\n"...)
}

// softFill fills the circles of p with discs of fill whose composite
// opacity steps through draw.SoftAlpha; other subpaths are filled plainly.
func (c *Canvas) softFill(p *draw.Path, fill color.RGBA) {
	col, alpha := straight(fill)
	c.setFill(col)
	plain := vector.SplitCircles(p, func(s *draw.Subpath) { c.softCircle(s, alpha) })
	if len(plain.Subs) > 0 {
		c.setAlpha(alpha)
		c.path(&plain, true, "f\n")
	}
}

// softCircle fills the circle s with the stack of discs in the fill
// colour whose composite opacity steps from alpha through draw.SoftAlpha.
// softDiscs bounds the discs of a soft circle. Renderers composite in
// eight bits, so many faint discs drift darker and greyer than the
// profile; a dozen keep each disc's opacity well above 1/255.
const softDiscs = 12

func (c *Canvas) softCircle(s *draw.Subpath, alpha float64) {
	if !vector.FiniteCircle(s) {
		return
	}
	cx, cy, r := vector.Clamp(s.C[0]), vector.Clamp(s.C[1]), min(s.R, vector.MaxCoord)
	// Rings about 1.5 pixels wide across the rim, 4 to 48 of them. Disc
	// i covers radius d[i]; after drawing discs 0..i the area between
	// d[i+1] and d[i] has opacity target(i), so disc i's own opacity
	// is what turns target(i-1) into target(i) under source-over.
	n := int(min(softDiscs, max(4, math.Ceil(r*(1-draw.SoftCore)/1.5))))
	prev := 0.0
	for i := range n + 1 {
		var d, t float64
		if i < n {
			d = 1 - (1-draw.SoftCore)*float64(i)/float64(n)
			mid := d - (1-draw.SoftCore)/float64(n)/2
			t = alpha * draw.SoftAlpha(mid)
		} else {
			d, t = draw.SoftCore, alpha
		}
		a := 1.0
		if prev < 1 {
			a = 1 - (1-t)/(1-prev)
		}
		// The document stores opacities to three decimals: draw with the
		// stored value and carry its error into the next disc, so that
		// the stack still composes to the profile.
		a = math.Round(min(1, a)*1000) / 1000
		if a <= 0 {
			continue
		}
		prev = 1 - (1-prev)*(1-a)
		c.setAlpha(a)
		c.buf = c.circle(c.buf, cx, cy, r*d, false)
		c.buf = append(c.buf, "f\n"...)
		c.raw()
	}
}

// fontNames are the fpdf family and style of each face.
var fontNames = [4][2]string{
	draw.Regular: {"Go", ""},
	draw.Medium:  {"GoMedium", ""},
	draw.Bold:    {"Go", "B"},
	draw.Italic:  {"Go", "I"},
}

// setFont selects face at size points.
func (c *Canvas) setFont(face draw.Face, size float64) {
	if !c.added[face] {
		c.raw()
		c.f.AddUTF8FontFromBytes(fontNames[face][0], fontNames[face][1], face.TTF())
		c.added[face] = true
	}
	if c.gs.fontKnown && c.gs.font == face && c.gs.fontSize == size {
		return
	}
	c.raw()
	c.f.SetFont(fontNames[face][0], fontNames[face][1], size)
	c.gs.font, c.gs.fontSize, c.gs.fontKnown = face, size, true
}

// Text draws text at x, y (pixels) anchored with st.Anchor, st.Size in
// pixels, starting on the baseline that draw.Origin gives. A halo is the
// text stroked 2×draw.HaloWidth wide with round joins under the filled
// text. Text of no size or at a non-finite position draws nothing.
func (c *Canvas) Text(text string, x, y float64, st draw.TextStyle) {
	if c.written || !vector.TextShown(text, x, y, &st) {
		return
	}
	text = clean(text)
	if strings.TrimSpace(text) == "" {
		return
	}
	face, size, bx, by := vector.TextOrigin(text, vector.Clamp(x), vector.Clamp(y), &st)
	c.setFont(face, size*c.k)
	tx, ty := bx*c.k, by*c.k
	if st.Halo.A > 0 {
		col, a := straight(st.Halo)
		c.setStroke(col)
		if lw := 2 * draw.HaloWidth(size) * c.k; lw != c.gs.width {
			c.buf = append(appendLen(c.buf, lw), " w\n"...)
			c.gs.width = lw
		}
		c.setJoin(1)
		c.setAlpha(a)
		c.buf = append(c.buf, "/Span <</ActualText ()>> BDC 1 Tr\n"...)
		c.raw()
		c.f.Text(tx, ty, text)
		c.buf = append(c.buf, "0 Tr EMC\n"...)
	}
	if st.Color.A > 0 {
		col, a := straight(st.Color)
		c.setFill(col)
		c.setAlpha(a)
		c.raw()
		c.f.Text(tx, ty, text)
	} else {
		c.raw()
	}
}

// clean replaces what the fonts cannot carry: control characters become
// spaces; invalid UTF-8 and characters beyond the Basic Multilingual
// Plane, which the Go fonts lack and fpdf's font maps cannot hold, become
// U+FFFD.
func clean(s string) string {
	ok := true
	for i := 0; ok && i < len(s); i++ {
		ok = s[i] >= 0x20 && s[i] < 0x7f
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f:
			r = ' '
		case r > 0xffff:
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Image draws img scaled into r (pixels), embedded as a PNG (with its alpha as a
// soft mask). Empty images and rectangles draw nothing.
func (c *Canvas) Image(img image.Image, r draw.Rect) {
	if c.written || img == nil || img.Bounds().Empty() || !vector.FiniteRect(r) || r.Dx() <= 0 || r.Dy() <= 0 {
		return
	}
	var png bytes.Buffer
	if err := encodePNG(&png, img); err != nil {
		c.f.SetError(fmt.Errorf("image: %w", err))
		return
	}
	c.setAlpha(1)
	c.raw()
	c.images++
	name := "img" + strconv.Itoa(c.images)
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	c.f.RegisterImageOptionsReader(name, opt, &png)
	x0, y0 := vector.Clamp(r.X0), vector.Clamp(r.Y0)
	c.f.ImageOptions(name, x0*c.k, y0*c.k, (vector.Clamp(r.X1)-x0)*c.k, (vector.Clamp(r.Y1)-y0)*c.k, false, opt, 0, "")
}

// encodePNG writes img as an 8-bit PNG, the kinds fpdf reads reliably:
// grey, RGB or RGB with alpha.
func encodePNG(w io.Writer, img image.Image) error {
	switch img.(type) {
	case *image.RGBA, *image.NRGBA, *image.Gray:
	default:
		b := img.Bounds()
		n := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		imagedraw.Draw(n, n.Rect, img, b.Min, imagedraw.Src)
		img = n
	}
	e := png.Encoder{CompressionLevel: png.BestSpeed}
	return e.Encode(w, img)
}

// Clip restricts drawing to r, in pixels and intersected with the clips
// in force, until the matching Unclip. A non-finite or inverted rectangle
// clips everything away.
func (c *Canvas) Clip(r draw.Rect) {
	if c.written {
		return
	}
	if !vector.FiniteRect(r) || r.X1 < r.X0 || r.Y1 < r.Y0 {
		r = draw.Rect{}
	}
	c.saved = append(c.saved, c.gs)
	b := append(c.buf, "q "...)
	b = c.pt(b, r.X0, r.Y1)
	b = append(b, ' ')
	b = vector.AppendNum(b, (vector.Clamp(r.X1)-vector.Clamp(r.X0))*c.k)
	b = append(b, ' ')
	b = vector.AppendNum(b, (vector.Clamp(r.Y1)-vector.Clamp(r.Y0))*c.k)
	c.buf = append(b, " re W n\n"...)
	c.raw()
}

// Unclip ends the innermost Clip; without one it does nothing.
func (c *Canvas) Unclip() {
	if c.written || len(c.saved) == 0 {
		return
	}
	c.buf = append(c.buf, "Q\n"...)
	c.raw()
	c.gs = c.saved[len(c.saved)-1]
	c.saved = c.saved[:len(c.saved)-1]
}

var _ draw.Canvas = (*Canvas)(nil)
