package basemap

import (
	"casmap/geo"
	"casmap/geo/draw"
	"image"
	"math"
	"strings"
)

// Priorities of basemap labels: country names before capitals; bigger
// countries first within each class.
const (
	CountryLabelPriority = 2_000_000
	CapitalLabelPriority = 1_000_000
)

// CapitalDotRadius is the radius of a capital's dot, in pixels.
const CapitalDotRadius = 2.6

// CountryLabelSize returns the font size of country names at zoom, in
// pixels.
func CountryLabelSize(zoom float64) float64 {
	return math.Max(10, math.Min(15, 9+(zoom-3)*1.5))
}

// CapitalLabelSize returns the font size of capital names at zoom, in
// pixels.
func CapitalLabelSize(zoom float64) float64 {
	return math.Max(10, math.Min(13, 9+(zoom-3)))
}

// capitalMinZoom is the zoom from which capitals are labelled.
const capitalMinZoom = 3.5

// Labels returns the basemap labels for v: the upper-case name of every
// country that is wide enough on screen to hold it, anchored at
// Country.Label (or just below or above it when that is taken), and from
// zoom 3.5 the capitals, placed beside their dot (right, left, above or
// below, whichever is free), with an obstacle for the dot itself. measure gives text sizes in pixels (TextDrawer.Measure fits).
// Pass the result, with any other labels, to PlaceLabels.
func (b *Basemap) Labels(v geo.Viewport, measure func(text string, size float64) (w, h float64)) []geo.Label {
	var out []geo.Label
	w := geo.WorldSize(v.Zoom)
	cs, ks := CountryLabelSize(v.Zoom), CapitalLabelSize(v.Zoom)
	for _, c := range b.countries {
		x0, y1 := geo.ToUnit(c.Bound.Min)
		x1, y0 := geo.ToUnit(c.Bound.Max)
		wpx, hpx := (x1-x0)*w, (y1-y0)*w
		area := math.Min(wpx*hpx/16, CountryLabelPriority/2-1)
		if c.Name != "" {
			name := strings.ToUpper(c.Name)
			tw, th := measure(name, cs)
			if tw > 0 && tw*0.9 <= wpx {
				out = append(out, geo.Label{
					Text: name, At: c.Label, Priority: CountryLabelPriority + int(area), Size: cs,
					Alt: [][2]float64{{0, th * 1.2}, {0, -th * 1.2}},
				})
			}
		}
		if c.Capital != "" && v.Zoom >= capitalMinZoom {
			tw, th := measure(c.Capital, ks)
			// Clear of the dot's obstacle box by the label padding.
			side := tw/2 + CapitalDotRadius + geo.LabelPadding + 0.5
			vert := th/2 + CapitalDotRadius + geo.LabelPadding + 0.5
			out = append(out, geo.Label{
				Text: c.Capital, At: c.CapitalPt, Priority: CapitalLabelPriority + int(area),
				Size: ks, DX: side, Alt: [][2]float64{{-side, 0}, {0, -vert}, {0, vert},
					{0, -vert - th}, {0, vert + th}, {side + th, 0}, {-side - th, 0}, {side, -vert}, {-side, -vert}, {side, vert}, {-side, vert}},
			}, geo.Label{At: c.CapitalPt, Size: 2 * CapitalDotRadius, Obstacle: true})
		}
	}
	return out
}

// DrawLabels places and draws the basemap labels of v (see Labels) onto dst
// with td, in the theme's label colours with a halo. Capitals whose name
// was placed get a dot. Labels keep clear of the obstacles given (Labels
// with Obstacle set, such as the map's marker symbols).
func (b *Basemap) DrawLabels(dst *image.RGBA, v geo.Viewport, theme Theme, td *draw.TextDrawer, obstacles ...geo.Label) {
	if dst == nil || td == nil {
		return
	}
	placed := geo.PlaceLabels(v, append(b.Labels(v, td.Measure), obstacles...), td.Measure)
	ox, oy := float64(dst.Rect.Min.X), float64(dst.Rect.Min.Y)
	p := draw.GetPainter()
	defer draw.PutPainter(p)
	for _, pl := range placed {
		if pl.Priority >= CountryLabelPriority {
			continue
		}
		x, y := v.Project(pl.At)
		p.AddCircle(x+ox, y+oy, CapitalDotRadius+1.2)
		p.Fill(dst, theme.Halo)
		p.AddCircle(x+ox, y+oy, CapitalDotRadius)
		p.Fill(dst, theme.CapitalLabel)
	}
	for _, pl := range placed {
		col := theme.CapitalLabel
		if pl.Priority >= CountryLabelPriority {
			col = theme.CountryLabel
		}
		td.Draw(dst, pl.Text, pl.Size, pl.X+ox, pl.Y+oy, col, theme.Halo)
	}
}
