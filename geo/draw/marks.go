package draw

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/internal/par"
)

// DefaultMarkSize is the marker diameter used when MarkStyle.Size is not
// positive, in pixels.
const DefaultMarkSize = 12

// maxMarkSprites bounds the marker sprite cache.
const maxMarkSprites = 1024

// MarkStyle is the look of a marker. Colours are premultiplied.
type MarkStyle struct {
	// Shape is the marker outline.
	Shape Shape
	// Fill is the body colour; for Hollow markers it is the outline colour
	// and a faint tint of the interior.
	Fill color.RGBA
	// Stroke outlines solid markers; transparent means no outline.
	Stroke color.RGBA
	// Ring, unless transparent, draws a thin circle around the marker, for
	// example to flag a status.
	Ring color.RGBA
	// Size is the visual diameter in pixels; see DefaultMarkSize.
	Size float64
	// Hollow draws an outline with a faint interior, for tentative
	// (possible or planned) items.
	Hollow bool
	// Dashed dashes the outline.
	Dashed bool
	// Faded draws the marker at 45% opacity, for past items.
	Faded bool
	// Halo surrounds the marker with a soft light glow that separates it
	// from the map.
	Halo bool
}

// Mark is one marker to draw.
type Mark struct {
	// P is the marker position, [lon, lat] in degrees; for a Pin it is the
	// tip.
	P orb.Point
	// Style indexes the styles passed to DrawMarks.
	Style int
	// Label is an optional short badge text, such as a number.
	Label string
}

// spriteKey identifies a rendered marker sprite.
type spriteKey struct {
	style    MarkStyle
	selected bool
}

// markSprites caches rendered marker sprites for all callers.
var markSprites = struct {
	sync.Mutex
	m map[spriteKey]*sprite
}{m: map[spriteKey]*sprite{}}

// markSprite returns the cached sprite of style, rendering it if needed.
func markSprite(style MarkStyle, selected bool) *sprite {
	style.Fill, style.Stroke, style.Ring = Sanitize(style.Fill), Sanitize(style.Stroke), Sanitize(style.Ring)
	if !(style.Size > 0) {
		style.Size = DefaultMarkSize
	}
	style.Size = math.Min(style.Size, 256)
	key := spriteKey{style: style, selected: selected}
	markSprites.Lock()
	s, ok := markSprites.m[key]
	markSprites.Unlock()
	if ok {
		return s
	}
	s = renderMarkSprite(style, selected)
	markSprites.Lock()
	if len(markSprites.m) >= maxMarkSprites {
		clear(markSprites.m)
	}
	markSprites.m[key] = s
	markSprites.Unlock()
	return s
}

// Selection colours: a light casing with a dark ring reads on any map.
var (
	selectCasing = RGBA(0xff, 0xff, 0xff, 0xf0)
	selectRing   = RGB(0x1f, 0x2a, 0x38)
	haloInner    = RGBA(0xff, 0xff, 0xff, 0xb8)
	haloOuter    = RGBA(0xff, 0xff, 0xff, 0x50)
)

// markOutlineWidth returns the outline width of a solid marker of size
// pixels, in pixels.
func markOutlineWidth(size float64) float64 { return math.Max(1, size*0.1) }

// hollowOutlineWidth returns the outline width of a hollow or dashed
// marker of size pixels, in pixels.
func hollowOutlineWidth(size float64) float64 { return math.Max(1.5, size*0.14) }

// ringScale grows a marker's status ring with markers larger than the
// window's, so that the ring of a 300 DPI figure symbol keeps its weight.
func ringScale(size float64) float64 { return math.Max(1, size/20) }

// ringWidth is the width in pixels of the actor ring of a marker of size
// pixels.
func ringWidth(size float64) float64 { return 1.6 * ringScale(size) }

// markRings returns the radii of the status ring and of the selection ring
// around a marker's visual centre (zero when absent), and the radius of
// the shape's circumscribed circle about that centre.
func markRings(st MarkStyle, size float64, selected bool) (ringR, selR, outerR float64) {
	vx, vy := ShapeCentre(st.Shape, 0, 0, size)
	for _, q := range shapeOutline(nil, st.Shape, 0, 0, size) {
		outerR = math.Max(outerR, math.Hypot(q[0]-vx, q[1]-vy))
	}
	if st.Ring.A > 0 {
		ringR = outerR + 2.5*ringScale(size)
	}
	if selected {
		selR = math.Max(outerR, ringR) + 3.5
	}
	return ringR, selR, outerR
}

// renderMarkSprite rasterises one marker into a premultiplied sprite whose
// anchor is the marker position.
func renderMarkSprite(st MarkStyle, selected bool) *sprite {
	size := st.Size
	if selected {
		size *= 1.25
	}
	ringR, selR, _ := markRings(st, size, selected)
	vx, vy := ShapeCentre(st.Shape, 0, 0, size)

	// Bounding box of everything drawn, relative to the anchor.
	halo := 1.0
	if st.Halo {
		halo = 4.5
	}
	outline := shapeOutline(nil, st.Shape, 0, 0, size)
	b := PointsBound(outline)
	b = Rect{b.X0 - halo, b.Y0 - halo, b.X1 + halo, b.Y1 + halo}
	if r := math.Max(ringR+ringWidth(size), selR+2.5); r > 1 {
		b = b.Union(Rect{vx - r, vy - r, vx + r, vy + r})
	}
	left, top := math.Ceil(-b.X0)+1, math.Ceil(-b.Y0)+1
	w := int(left + math.Ceil(b.X1) + 1)
	h := int(top + math.Ceil(b.Y1) + 1)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	ax, ay := left, top

	rc := NewRaster(img)
	drawMarkOn(rc, st, size, selected, ax, ay, 1)
	if st.Faded {
		for i := range img.Pix {
			img.Pix[i] = uint8((uint32(img.Pix[i])*115 + 127) / 255)
		}
	}
	return &sprite{img: img, spans: OpaqueSpans(img), ax: int(ax), ay: int(ay)}
}

// markBand is the height of the horizontal bands DrawMarks works in, in
// pixels: a band of a full-HD image stays in the CPU cache while all the
// markers that touch it are blended.
const markBand = 32

// markDraw is one projected marker.
type markDraw struct {
	s    *sprite
	x, y int // anchor pixel in dst
	mark int // index in marks
}

// markScratch holds DrawMarks's per-call buffers.
type markScratch struct {
	draws  []markDraw
	counts []int
	order  []int32
}

var markScratchPool = sync.Pool{New: func() any { return new(markScratch) }}

// DrawMarks draws marks onto dst in the view v, in order, with the mark
// whose index is selected (negative for none) enlarged, ringed and drawn
// last. Each distinct style is rasterised once into a cached sprite and
// blitted, so thousands of marks are cheap: dst is processed in horizontal
// bands that stay in the CPU cache, spread over the available cores, and
// the order of overlapping marks is kept. Labels are drawn after all marks,
// centred inside markers where they fit and otherwise as a small badge at
// the upper right. Marks whose Style is out of range of styles are skipped.
// Positions are rounded to whole pixels. DrawMarks is safe for concurrent
// use on different images.
func DrawMarks(dst *image.RGBA, v geo.Viewport, marks []Mark, styles []MarkStyle, selected int) {
	pr := v.Projector()
	drawMarks(dst, func(i int) (float64, float64) { return pr.Project(marks[i].P) }, marks, styles, selected)
}

// DrawMarksAt is DrawMarks with the marks' positions given as view pixels:
// xy[i] is where marks[i] is drawn and marks[i].P is ignored. It suits
// callers that already placed the marks on screen (for example fanned out
// or clustered).
func DrawMarksAt(dst *image.RGBA, xy []orb.Point, marks []Mark, styles []MarkStyle, selected int) {
	if len(xy) < len(marks) {
		marks = marks[:len(xy)]
	}
	drawMarks(dst, func(i int) (float64, float64) { return xy[i][0], xy[i][1] }, marks, styles, selected)
}

func drawMarks(dst *image.RGBA, pos func(i int) (x, y float64), marks []Mark, styles []MarkStyle, selected int) {
	if dst == nil || len(marks) == 0 || dst.Rect.Empty() {
		return
	}
	sprites := make([]*sprite, len(styles))
	for i, st := range styles {
		sprites[i] = markSprite(st, false)
	}
	sc := markScratchPool.Get().(*markScratch)
	defer markScratchPool.Put(sc)

	// Place and cull.
	ox, oy := dst.Rect.Min.X, dst.Rect.Min.Y
	bounds := dst.Rect
	draws := sc.draws[:0]
	for i := range marks {
		m := &marks[i]
		if i == selected || m.Style < 0 || m.Style >= len(sprites) {
			continue
		}
		s := sprites[m.Style]
		x, y := pos(i)
		if !(x > -1e6 && x < 1e6 && y > -1e6 && y < 1e6) {
			continue
		}
		px, py := int(math.Round(x))+ox, int(math.Round(y))+oy
		if px-s.ax >= bounds.Max.X || py-s.ay >= bounds.Max.Y ||
			px-s.ax+s.img.Rect.Dx() <= bounds.Min.X || py-s.ay+s.img.Rect.Dy() <= bounds.Min.Y {
			continue
		}
		draws = append(draws, markDraw{s: s, x: px, y: py, mark: i})
	}
	sc.draws = draws
	drawBanded(dst, sc)

	// Labels on top, then the selected mark.
	for _, d := range draws {
		if l := marks[d.mark].Label; l != "" {
			drawMarkLabel(dst, styles[marks[d.mark].Style], false, l, float64(d.x), float64(d.y))
		}
	}
	if selected >= 0 && selected < len(marks) {
		m := &marks[selected]
		if m.Style >= 0 && m.Style < len(styles) {
			x, y := pos(selected)
			if x > -1e6 && x < 1e6 && y > -1e6 && y < 1e6 {
				px, py := int(math.Round(x))+ox, int(math.Round(y))+oy
				markSprite(styles[m.Style], true).draw(dst, px, py)
				if m.Label != "" {
					drawMarkLabel(dst, styles[m.Style], true, m.Label, float64(px), float64(py))
				}
			}
		}
	}
}

// prefetchSink keeps prefetchRows's reads from being optimised away.
var prefetchSink atomic.Uint32

// prefetchRows reads one byte of every cache line of r's rows in memory
// order. Markers hit the image at scattered places, one short row at a
// time, which defeats the hardware prefetcher; a sequential pass first
// brings the band into the cache at memory bandwidth instead of paying a
// full miss for every marker row.
func prefetchRows(img *image.RGBA, r image.Rectangle) {
	var sum uint32
	for y := r.Min.Y; y < r.Max.Y; y++ {
		o := img.PixOffset(r.Min.X, y)
		row := img.Pix[o : o+4*r.Dx()]
		for i := 0; i < len(row); i += 64 {
			sum += uint32(row[i])
		}
	}
	prefetchSink.Add(sum)
}

// drawBanded blits sc.draws onto dst band by band, keeping their order
// within every band, with up to GOMAXPROCS goroutines on separate bands.
func drawBanded(dst *image.RGBA, sc *markScratch) {
	draws := sc.draws
	if len(draws) == 0 {
		return
	}
	y0 := dst.Rect.Min.Y
	nb := (dst.Rect.Dy() + markBand - 1) / markBand
	band := func(y int) int { return max(0, min((y-y0)/markBand, nb-1)) }
	// Counting sort of draw indices by band; a draw that spans several
	// bands is listed in each.
	counts := slices.Grow(sc.counts[:0], nb+1)[:nb+1]
	clear(counts)
	for _, d := range draws {
		top := d.y - d.s.ay
		for b := band(top); b <= band(top+d.s.img.Rect.Dy()-1); b++ {
			counts[b+1]++
		}
	}
	for b := 1; b <= nb; b++ {
		counts[b] += counts[b-1]
	}
	order := slices.Grow(sc.order[:0], counts[nb])[:counts[nb]]
	next := slices.Clone(counts[:nb])
	for i, d := range draws {
		top := d.y - d.s.ay
		for b := band(top); b <= band(top+d.s.img.Rect.Dy()-1); b++ {
			order[next[b]] = int32(i)
			next[b]++
		}
	}
	sc.counts, sc.order = counts, order

	paint := func(b int) {
		clip := image.Rect(dst.Rect.Min.X, y0+b*markBand, dst.Rect.Max.X, y0+(b+1)*markBand).Intersect(dst.Rect)
		if counts[b] == counts[b+1] || clip.Empty() {
			return
		}
		prefetchRows(dst, clip)
		for _, i := range order[counts[b]:counts[b+1]] {
			d := &draws[i]
			overSpriteClip(dst, image.Point{X: d.x - d.s.ax, Y: d.y - d.s.ay}, d.s.img, d.s.spans, clip)
		}
	}
	workers := 8
	if len(draws) < 2000 {
		workers = 1
	}
	par.For(nil, nb, workers, paint)
}

// Badge colours for labels of small markers.
var (
	BadgeFill = RGBA(0x26, 0x2b, 0x33, 0xe6)
	BadgeText = RGB(0xff, 0xff, 0xff)
)

// drawMarkLabel draws a marker's label for the marker anchored on px, py:
// centred in the marker when it fits, otherwise as a badge at its upper
// right.
func drawMarkLabel(dst *image.RGBA, st MarkStyle, selected bool, text string, px, py float64) {
	td := DefaultText()
	if td == nil {
		return
	}
	size := st.Size
	if !(size > 0) {
		size = DefaultMarkSize
	}
	size = math.Min(size, 256)
	if selected {
		size *= 1.25
	}
	vx, vy := ShapeCentre(st.Shape, px, py, size)
	rin := ShapeInradius(st.Shape, size)
	if st.Shape != Pin {
		fs := math.Min(rin*1.15, 18)
		if w, _ := td.Measure(text, fs); fs >= 8 && w <= rin*1.5 {
			col, halo := MarkLabelColours(st)
			td.DrawCentered(dst, text, fs, vx, vy, col, halo)
			return
		}
	}
	fs := 9.0
	w, h := td.Measure(text, fs)
	bw, bh := math.Max(w+6, h+1), h+1
	bx := vx + rin*0.55
	by := vy - rin*0.85 - bh/2
	p := GetPainter()
	defer PutPainter(p)
	r := bh / 2
	p.AddCircle(bx+r, by+r, r)
	p.AddCircle(bx+bw-r, by+r, r)
	p.AddRing([]orb.Point{{bx + r, by}, {bx + bw - r, by}, {bx + bw - r, by + bh}, {bx + r, by + bh}}, false)
	p.Fill(dst, BadgeFill)
	td.DrawCentered(dst, text, fs, bx+bw/2, by+bh/2, BadgeText, color.RGBA{})
}

// MarkLabelColours are the text and halo colours of a number drawn inside
// a mark of style st: white on solid marks, dark on light ones, and the
// mark's colour on hollow ones.
func MarkLabelColours(st MarkStyle) (col, halo color.RGBA) {
	switch {
	case st.Hollow:
		return st.Fill, RGBA(0xff, 0xff, 0xff, 0x90)
	case Luminance(st.Fill) > 0.62:
		return RGB(0x1f, 0x24, 0x2b), color.RGBA{}
	}
	return RGB(0xff, 0xff, 0xff), color.RGBA{}
}

// drawMarkOn draws the marker of style st at size pixels (its Size is
// ignored) with its anchor at ax, ay on c, every colour's opacity scaled by
// fade. With fade below 1 the outline and the body are drawn as shapes
// that do not overlap, so that the faded marker looks like the whole
// marker faded (sprites instead fade their pixels at the end).
func drawMarkOn(c Canvas, st MarkStyle, size float64, selected bool, ax, ay, fade float64) {
	ringR, selR, _ := markRings(st, size, selected)
	vx, vy := ShapeCentre(st.Shape, 0, 0, size)
	cx, cy := vx+ax, vy+ay
	col := func(c color.RGBA) color.RGBA {
		if fade >= 1 {
			return c
		}
		return WithAlpha(c, uint8(math.Round(fade*255)))
	}
	var p Path
	fill := func(c2 color.RGBA, build func(*Path)) {
		p.Reset()
		build(&p)
		c.Path(&p, Style{Fill: col(c2)})
	}
	ring := func(c2 color.RGBA, r, w float64) {
		p.Reset()
		p.Circle(cx, cy, r)
		c.Path(&p, Style{Stroke: col(c2), Width: w})
	}
	if selected {
		fill(selectCasing, func(p *Path) { p.Circle(cx, cy, selR+1.6) })
		ring(selectRing, selR, 1.8)
	}
	if st.Halo {
		fill(haloOuter, func(p *Path) { p.Ring(insetOutline(nil, st.Shape, ax, ay, size, -3.5), false) })
		fill(haloInner, func(p *Path) { p.Ring(insetOutline(nil, st.Shape, ax, ay, size, -1.75), false) })
	}
	if ringR > 0 {
		ring(st.Ring, ringR, ringWidth(size))
	}
	outline := func(c2 color.RGBA, width float64, dashed bool) {
		if width <= 0 {
			return
		}
		p.Reset()
		if st.Shape == Circle && !dashed {
			p.Circle(cx, cy, size/2-width/2)
			c.Path(&p, Style{Stroke: col(c2), Width: width})
			return
		}
		pts := insetOutline(nil, st.Shape, ax, ay, size, width/2)
		p.Ring(pts, false)
		sty := Style{Stroke: col(c2), Width: width, Join: RoundJoin}
		if dashed {
			sty.Dash, sty.DashOffset = outlineDash(st.Shape, perimeter(pts), width)
		}
		c.Path(&p, sty)
	}
	switch {
	case st.Hollow:
		ow := hollowOutlineWidth(size)
		fill(WithAlpha(st.Fill, 0x48), func(p *Path) { p.Ring(insetOutline(nil, st.Shape, ax, ay, size, ow/2), false) })
		outline(st.Fill, ow, st.Dashed)
	case st.Dashed:
		ow := hollowOutlineWidth(size) * 0.85
		gap := math.Max(1.2, size*0.08)
		if st.Stroke.A > 0 {
			fill(st.Stroke, func(p *Path) {
				p.Ring(insetOutline(nil, st.Shape, ax, ay, size, ow), false)
				if fade < 1 {
					p.Ring(insetOutline(nil, st.Shape, ax, ay, size, ow+gap), true)
				}
			})
		}
		fill(st.Fill, func(p *Path) { p.Ring(insetOutline(nil, st.Shape, ax, ay, size, ow+gap), false) })
		outline(st.Fill, ow, true)
	case st.Stroke.A > 0:
		// Outline colour first, body inset on top: the outer edge then
		// blends only outline and background, without a fringe.
		w := markOutlineWidth(size)
		fill(st.Stroke, func(p *Path) {
			p.Ring(shapeOutline(nil, st.Shape, ax, ay, size), false)
			if fade < 1 {
				p.Ring(insetOutline(nil, st.Shape, ax, ay, size, w), true)
			}
		})
		fill(st.Fill, func(p *Path) { p.Ring(insetOutline(nil, st.Shape, ax, ay, size, w), false) })
	default:
		fill(st.Fill, func(p *Path) { p.Ring(shapeOutline(nil, st.Shape, ax, ay, size), false) })
	}
	if st.Shape == Pin {
		_, r := pinGeometry(size)
		dot := RGB(0xff, 0xff, 0xff)
		if st.Hollow {
			dot = st.Fill
		}
		fill(dot, func(p *Path) { p.Circle(cx, cy, r*0.36) })
	}
}

// MarkOn draws one marker of style st with its anchor at x, y on c: on a
// Raster from the shared sprite cache (at the whole pixel nearest x, y),
// elsewhere as vector paths of the same geometry.
func MarkOn(c Canvas, st MarkStyle, x, y float64) {
	if r, ok := c.(*Raster); ok {
		ox, oy := r.Origin()
		markSprite(st, false).draw(r.RGBA(), int(math.Round(x+ox)), int(math.Round(y+oy)))
		return
	}
	st.Fill, st.Stroke, st.Ring = Sanitize(st.Fill), Sanitize(st.Stroke), Sanitize(st.Ring)
	size := st.Size
	if !(size > 0) {
		size = DefaultMarkSize
	}
	fade := 1.0
	if st.Faded {
		fade = 115.0 / 255
	}
	size = math.Min(size, 256)
	Stamp(c, markKey(st, size), x, y, func(c Canvas) { drawMarkOn(c, st, size, false, 0, 0, fade) })
}

// markKey names the picture of a marker of style st at size pixels, for
// canvases that keep pictures (see Stamper).
func markKey(st MarkStyle, size float64) string {
	b := make([]byte, 0, 64)
	b = append(b, "mark"...)
	for _, c := range []color.RGBA{st.Fill, st.Stroke, st.Ring} {
		b = append(b, c.R, c.G, c.B, c.A)
	}
	flags := byte(st.Shape) << 4
	for i, f := range []bool{st.Hollow, st.Dashed, st.Faded, st.Halo} {
		if f {
			flags |= 1 << i
		}
	}
	b = append(b, flags)
	b = strconv.AppendFloat(b, size, 'g', 6, 64)
	return string(b)
}
