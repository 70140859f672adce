package draw

import (
	"image"
	"image/color"
	"math"
	"strconv"

	"github.com/paulmach/orb"

	"casmap/geo"
)

// softProfile maps the squared relative distance from a soft area's centre,
// scaled to 0..softSteps-1 over [0, 1], to an opacity in 0..255.
var softProfile = func() [softSteps]uint8 {
	var t [softSteps]uint8
	for i := range t {
		d := math.Sqrt(float64(i) / (softSteps - 1))
		t[i] = uint8(math.Round(255 * SoftAlpha(d)))
	}
	return t
}()

const softSteps = 1024

// DrawSoftArea draws a disk of radius radiusMetres (metres on the ground,
// using the Mercator scale at center's latitude) around center ([lon, lat]
// degrees) in the view v, in colour col with a soft edge: opaque to 45% of
// the radius, then fading smoothly to nothing at the radius. It suits
// approximate region claims. The disk is drawn with the Over operator;
// positions are in v's pixels from dst's top-left.
func DrawSoftArea(dst *image.RGBA, v geo.Viewport, center orb.Point, radiusMetres float64, col color.RGBA) {
	col = Sanitize(col)
	if dst == nil || col.A == 0 || !(radiusMetres > 0) {
		return
	}
	r := radiusMetres / geo.MetresPerPixelAt(center[1], v.Zoom)
	if r < 0.5 || r > 1e6 {
		return
	}
	cx, cy := v.Project(center)
	SoftDisk(dst, cx+float64(dst.Rect.Min.X), cy+float64(dst.Rect.Min.Y), r, col)
}

// SoftDisk draws a disk of radius r pixels about cx, cy (pixels of dst's
// coordinate space) in col, opaque out to SoftCore of the radius and then
// fading as SoftAlpha to nothing at the radius, with the Over operator.
func SoftDisk(dst *image.RGBA, cx, cy, r float64, col color.RGBA) {
	col = Sanitize(col)
	if dst == nil || col.A == 0 || !(r >= 0.5 && r <= 1e6) {
		return
	}
	rect := image.Rect(int(math.Floor(cx-r)), int(math.Floor(cy-r)), int(math.Ceil(cx+r)), int(math.Ceil(cy+r))).Intersect(dst.Rect)
	if rect.Empty() {
		return
	}
	inv := (softSteps - 1) / (r * r)
	sr, sg, sb, sa := uint32(col.R), uint32(col.G), uint32(col.B), uint32(col.A)
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		dy := float64(y) + 0.5 - cy
		dy2 := dy * dy
		off := dst.PixOffset(rect.Min.X, y)
		for x := rect.Min.X; x < rect.Max.X; x, off = x+1, off+4 {
			dx := float64(x) + 0.5 - cx
			t := (dx*dx + dy2) * inv
			if t >= softSteps-1 {
				continue
			}
			m := uint32(softProfile[int(t)])
			if m == 0 {
				continue
			}
			d := dst.Pix[off : off+4 : off+4]
			ia := 255*255 - sa*m
			d[0] = uint8((sr*m*255 + uint32(d[0])*ia + 32512) / 65025)
			d[1] = uint8((sg*m*255 + uint32(d[1])*ia + 32512) / 65025)
			d[2] = uint8((sb*m*255 + uint32(d[2])*ia + 32512) / 65025)
			d[3] = uint8((sa*m*255 + uint32(d[3])*ia + 32512) / 65025)
		}
	}
}

// Route casing: a light edge under the line keeps it legible over borders.
var routeCasing = RGBA(0xff, 0xff, 0xff, 0xb0)

// DrawRoute draws the route through pts ([lon, lat] degrees) in the view
// v: a line widthPx pixels wide in col (dashed when dashed is set, for
// planned routes) over a light casing, with round caps, then a numbered
// badge (1, 2, ...) on every stop. Straight segments are straight on the
// Mercator map.
func DrawRoute(dst *image.RGBA, v geo.Viewport, pts []orb.Point, col color.RGBA, widthPx float64, dashed bool) {
	if dst == nil || len(pts) == 0 || !(widthPx > 0) {
		return
	}
	tr := v.Transform()
	ox, oy := float64(dst.Rect.Min.X), float64(dst.Rect.Min.Y)
	line := make([]orb.Point, len(pts))
	for i, q := range pts {
		x, y := tr(q)
		line[i] = orb.Point{x + ox, y + oy}
	}
	p := GetPainter()
	defer PutPainter(p)
	p.Clip = dst.Rect
	if len(line) > 1 {
		p.AddStroke(line, Stroke{Width: widthPx + 3, RoundCaps: true})
		p.Fill(dst, routeCasing)
		s := Stroke{Width: widthPx, RoundCaps: true}
		if dashed {
			s.Dash = []float64{widthPx * 3, widthPx * 2.2}
		}
		p.AddStroke(line, s)
		p.Fill(dst, col)
	}
	td := DefaultText()
	r := math.Max(7, widthPx*2.2)
	fs := math.Max(9, r*1.15)
	for i, q := range line {
		if q[0] < float64(dst.Rect.Min.X)-r || q[1] < float64(dst.Rect.Min.Y)-r ||
			q[0] > float64(dst.Rect.Max.X)+r || q[1] > float64(dst.Rect.Max.Y)+r {
			continue
		}
		p.AddCircle(q[0], q[1], r+1.5)
		p.Fill(dst, routeCasing)
		p.AddCircle(q[0], q[1], r)
		p.Fill(dst, col)
		if td != nil {
			txt := RGB(0xff, 0xff, 0xff)
			if Luminance(col) > 0.62 {
				txt = RGB(0x1f, 0x24, 0x2b)
			}
			td.DrawCentered(dst, strconv.Itoa(i+1), fs, q[0], q[1]+0.5, txt, color.RGBA{})
		}
	}
}
