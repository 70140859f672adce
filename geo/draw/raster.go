package draw

import (
	"image"
	"image/color"
	"math"

	"github.com/paulmach/orb"
	xdraw "golang.org/x/image/draw"
)

// Raster is the raster backend of Canvas: it draws antialiased into an
// *image.RGBA with a Painter and the embedded faces' TextDrawers. Canvas
// coordinates are pixels from the top-left corner of the image's bounds.
// Joins are always round; SquareCap draws as ButtCap.
type Raster struct {
	base  *image.RGBA
	dst   *image.RGBA // base clipped to the innermost clip
	clips []image.Rectangle
	ox    float64 // canvas origin in base's pixel space
	oy    float64
	p     Painter
	buf   []orb.Point
}

var _ Canvas = (*Raster)(nil)

// NewRaster returns a canvas drawing into img.
func NewRaster(img *image.RGBA) *Raster {
	return &Raster{base: img, dst: img, ox: float64(img.Rect.Min.X), oy: float64(img.Rect.Min.Y)}
}

// RGBA returns the image being drawn, clipped to the current clip, for
// callers with a faster raster path; pixel (0, 0) of the canvas is
// Origin() in its coordinate space.
func (r *Raster) RGBA() *image.RGBA { return r.dst }

// Origin returns the position of the canvas's (0, 0) in the pixel space of
// RGBA().
func (r *Raster) Origin() (x, y float64) { return r.ox, r.oy }

// Size returns the size of the image in pixels.
func (r *Raster) Size() (w, h float64) {
	return float64(r.base.Rect.Dx()), float64(r.base.Rect.Dy())
}

// at returns pts moved into base's pixel space, reusing a buffer.
func (r *Raster) at(pts []orb.Point) []orb.Point {
	if r.ox == 0 && r.oy == 0 {
		return pts
	}
	r.buf = r.buf[:0]
	for _, q := range pts {
		r.buf = append(r.buf, orb.Point{q[0] + r.ox, q[1] + r.oy})
	}
	return r.buf
}

// Path fills and strokes p.
func (r *Raster) Path(p *Path, st Style) {
	if p == nil || len(p.Subs) == 0 {
		return
	}
	pt := &r.p
	pt.Clip = r.dst.Rect
	if fill := Sanitize(st.Fill); fill.A > 0 {
		if st.Soft {
			for _, s := range p.Subs {
				if s.R > 0 {
					SoftDisk(r.dst, s.C[0]+r.ox, s.C[1]+r.oy, s.R, fill)
				}
			}
		} else {
			for _, s := range p.Subs {
				if s.R > 0 {
					pt.AddCircle(s.C[0]+r.ox, s.C[1]+r.oy, s.R)
				} else if len(s.Points) >= 3 {
					pt.AddRing(r.at(s.Points), s.Hole)
				}
			}
			pt.Fill(r.dst, fill)
		}
	}
	if stroke := Sanitize(st.Stroke); stroke.A > 0 && st.Width > 0 {
		sk := Stroke{Width: st.Width, Dash: st.Dash, DashOffset: st.DashOffset, RoundCaps: st.Cap == RoundCap}
		for _, s := range p.Subs {
			if s.R > 0 {
				if len(st.Dash) == 0 {
					pt.AddAnnulus(s.C[0]+r.ox, s.C[1]+r.oy, math.Max(0, s.R-st.Width/2), s.R+st.Width/2)
					continue
				}
				sk.Closed = true
				pt.AddStroke(circlePoints(nil, s.C[0]+r.ox, s.C[1]+r.oy, s.R), sk)
				continue
			}
			sk.Closed = s.Closed
			pt.AddStroke(r.at(s.Points), sk)
		}
		pt.Fill(r.dst, stroke)
	}
	pt.Clear()
}

// Text draws text with one of the embedded faces.
func (r *Raster) Text(text string, x, y float64, st TextStyle) {
	if text == "" || !(st.Size > 0) {
		return
	}
	td := FaceDrawer(st.Face)
	x, y = x+r.ox, y+r.oy
	switch st.Anchor {
	case Center:
		td.DrawCentered(r.dst, text, st.Size, x, y, st.Color, st.Halo)
	case BaselineLeft:
		td.Draw(r.dst, text, st.Size, x, y-FaceMetrics(st.Face, st.Size).Ascent, st.Color, st.Halo)
	default:
		td.Draw(r.dst, text, st.Size, x, y, st.Color, st.Halo)
	}
}

// Image draws img scaled bilinearly into rect with the Over operator.
func (r *Raster) Image(img image.Image, rect Rect) {
	if img == nil || !(rect.Dx() > 0 && rect.Dy() > 0) {
		return
	}
	dr := image.Rect(int(math.Round(rect.X0+r.ox)), int(math.Round(rect.Y0+r.oy)), int(math.Round(rect.X1+r.ox)), int(math.Round(rect.Y1+r.oy)))
	if dr.Size() == img.Bounds().Size() {
		xdraw.Draw(r.dst, dr, img, img.Bounds().Min, xdraw.Over)
		return
	}
	xdraw.BiLinear.Scale(r.dst, dr, img, img.Bounds(), xdraw.Over, nil)
}

// Clip restricts drawing to rect (rounded outwards to whole pixels).
func (r *Raster) Clip(rect Rect) {
	cr := image.Rect(int(math.Floor(rect.X0+r.ox)), int(math.Floor(rect.Y0+r.oy)), int(math.Ceil(rect.X1+r.ox)), int(math.Ceil(rect.Y1+r.oy)))
	r.clips = append(r.clips, r.dst.Rect)
	r.dst = r.subImage(cr.Intersect(r.dst.Rect))
}

// Unclip ends the innermost clip; without one it does nothing.
func (r *Raster) Unclip() {
	if n := len(r.clips); n > 0 {
		r.dst = r.subImage(r.clips[n-1])
		r.clips = r.clips[:n-1]
	}
}

func (r *Raster) subImage(rect image.Rectangle) *image.RGBA {
	if sub, ok := r.base.SubImage(rect).(*image.RGBA); ok {
		return sub
	}
	return &image.RGBA{}
}

// Sub returns a canvas drawing into rect of r's image, with its origin at
// rect's top-left corner and clipped to it; it shares r's pixels.
func (r *Raster) Sub(rect Rect) *Raster {
	ir := image.Rect(int(math.Round(rect.X0+r.ox)), int(math.Round(rect.Y0+r.oy)), int(math.Round(rect.X1+r.ox)), int(math.Round(rect.Y1+r.oy))).Intersect(r.dst.Rect)
	sub := r.subImage(ir)
	return &Raster{base: sub, dst: sub, ox: float64(ir.Min.X), oy: float64(ir.Min.Y)}
}

// Fill paints the whole clip area with c (Src operator: it replaces).
func (r *Raster) Fill(c color.RGBA) { FillRect(r.dst, r.dst.Rect, c) }
