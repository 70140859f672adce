package basemap

import (
	"cmp"
	"image"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/simplify"

	"casmap/geo"
	"casmap/geo/draw"
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

// maxLabelSpots is the most anchors CountryLabels gives a country.
const maxLabelSpots = 160

// spotInset is how far, in pixels, the anchors CountryLabels gives lie
// inside a country's border at least (but for the first, the pole): the
// border it measures is simplified to half a pixel.
const spotInset = 2

// Labels returns the basemap labels for v: the upper-case name of every
// country that is wide enough on screen to hold it, anchored at
// Country.Label (or just below or above it when that is taken), and from
// zoom 3.5 the capitals, placed beside their dot (right, left, above or
// below, whichever is free), with an obstacle for the dot itself. measure gives text sizes in pixels (TextDrawer.Measure fits).
// Pass the result, with any other labels, to PlaceLabels.
func (b *Basemap) Labels(v geo.Viewport, measure func(text string, size float64) (w, h float64)) []geo.Label {
	return b.LabelsExcept(v, measure, nil)
}

// LabelsExcept is Labels without the names of the countries whose ISO
// 3166-1 alpha-2 codes are in skip (their capitals stay), for callers that
// place those names themselves (see CountryLabels).
func (b *Basemap) LabelsExcept(v geo.Viewport, measure func(text string, size float64) (w, h float64), skip []string) []geo.Label {
	return b.LabelsScaled(v, measure, skip, 1)
}

// LabelsScaled is LabelsExcept for a view in device pixels at scale
// device pixels per unit (a HiDPI screen): the names are as big, in
// units, as at the unit view's zoom.
func (b *Basemap) LabelsScaled(v geo.Viewport, measure func(text string, size float64) (w, h float64), skip []string, scale float64) []geo.Label {
	if !(scale > 0) {
		scale = 1
	}
	var out []geo.Label
	w := geo.WorldSize(v.Zoom)
	uz := v.Zoom - math.Log2(scale) // the zoom in units
	cs, ks := CountryLabelSize(uz)*scale, CapitalLabelSize(uz)*scale
	for _, c := range b.countries {
		x0, y1 := geo.ToUnit(c.Bound.Min)
		x1, y0 := geo.ToUnit(c.Bound.Max)
		wpx, hpx := (x1-x0)*w, (y1-y0)*w
		area := math.Min(wpx*hpx/16, CountryLabelPriority/2-1)
		if c.Name != "" && (c.ISO == "" || !slices.Contains(skip, c.ISO)) {
			name := strings.ToUpper(c.Name)
			tw, th := measure(name, cs)
			if tw > 0 && tw*0.9 <= wpx {
				out = append(out, geo.Label{
					Text: name, At: c.Label, Priority: CountryLabelPriority + int(area), Size: cs,
					Alt: [][2]float64{{0, th * 1.2}, {0, -th * 1.2}},
				})
			}
		}
		if c.Capital != "" && uz >= capitalMinZoom {
			tw, th := measure(c.Capital, ks)
			// Clear of the dot's obstacle box by the label padding.
			side := tw/2 + CapitalDotRadius*scale + geo.LabelPadding + 0.5
			vert := th/2 + CapitalDotRadius*scale + geo.LabelPadding + 0.5
			out = append(out, geo.Label{
				Text: c.Capital, At: c.CapitalPt, Priority: CapitalLabelPriority + int(area),
				Size: ks, DX: side, Alt: [][2]float64{{-side, 0}, {0, -vert}, {0, vert},
					{0, -vert - th}, {0, vert + th}, {side + th, 0}, {-side - th, 0}, {side, -vert}, {-side, -vert}, {side, vert}, {-side, vert}},
			}, geo.Label{At: c.CapitalPt, Size: 2 * CapitalDotRadius * scale, Obstacle: true})
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
	DrawPlaced(dst, v, theme, td, geo.PlaceLabels(v, append(b.Labels(v, td.Measure), obstacles...), td.Measure), nil, 0)
}

// DrawPlaced draws onto dst with td, in the theme's label colours with a
// halo, the labels placed by PlaceLabels from Labels or LabelsExcept
// (capitals get their dot) and the names placed by PlaceCountryNames, with
// their leaders leader pixels wide.
func DrawPlaced(dst *image.RGBA, v geo.Viewport, theme Theme, td *draw.TextDrawer, placed []geo.Placed, names []CountryName, leader float64) {
	DrawPlacedScaled(dst, v, theme, td, placed, names, leader, 1)
}

// DrawPlacedScaled is DrawPlaced on a HiDPI view at scale device pixels
// per unit: the capitals' dots grow with it.
func DrawPlacedScaled(dst *image.RGBA, v geo.Viewport, theme Theme, td *draw.TextDrawer, placed []geo.Placed, names []CountryName, leader, scale float64) {
	ox, oy := float64(dst.Rect.Min.X), float64(dst.Rect.Min.Y)
	p := draw.GetPainter()
	defer draw.PutPainter(p)
	for _, pl := range placed {
		if pl.Priority >= CountryLabelPriority || pl.Text == "" {
			continue
		}
		x, y := v.Project(pl.At)
		p.AddCircle(x+ox, y+oy, (CapitalDotRadius+1.2)*scale)
		p.Fill(dst, theme.Halo)
		p.AddCircle(x+ox, y+oy, CapitalDotRadius*scale)
		p.Fill(dst, theme.CapitalLabel)
	}
	for _, n := range names {
		if len(n.Leader) < 2 {
			continue
		}
		pts := []orb.Point{{n.Leader[0][0] + ox, n.Leader[0][1] + oy}, {n.Leader[1][0] + ox, n.Leader[1][1] + oy}}
		p.StrokePolyline(dst, pts, draw.Stroke{Width: leader + 2.4, RoundCaps: true}, theme.Halo)
		p.StrokePolyline(dst, pts, draw.Stroke{Width: leader, RoundCaps: true}, theme.CountryLabel)
	}
	for _, pl := range placed {
		col := theme.CapitalLabel
		if pl.Priority >= CountryLabelPriority {
			col = theme.CountryLabel
		}
		td.Draw(dst, pl.Text, pl.Size, pl.X+ox, pl.Y+oy, col, theme.Halo)
	}
	for _, n := range names {
		td.Draw(dst, n.Text, n.Size, n.X+ox, n.Y+oy, theme.CountryLabel, theme.Halo)
	}
}

// CountryLabel is a country name that a caller places itself, wherever it
// finds room: see CountryLabels.
type CountryLabel struct {
	// ISO is the country's ISO 3166-1 alpha-2 code.
	ISO string
	// Text is the upper-case name, as Labels writes it.
	Text string
	// Size is the font size of country names at the view's zoom
	// (CountryLabelSize), in pixels.
	Size float64
	// Priority is the priority Labels gives the name: bigger countries
	// higher, all from CountryLabelPriority.
	Priority int
	// Spots are candidate centres for the name, [lon, lat] degrees, inside
	// the part of the country in view, best first: the point of that part
	// farthest from its border and from the view's edges, then points
	// about spacing pixels apart ordered by that distance, farthest first.
	Spots []orb.Point
}

// CountryLabels returns the names of the countries isos (ISO 3166-1
// alpha-2 codes) that have territory in the view v, each with up to
// maxLabelSpots candidate centres inside that territory, spaced about
// spacing pixels apart (more where the territory is large). The names
// come in Priority order, highest first, then by ISO code; unknown codes,
// countries without a name and countries out of view are left out.
func (b *Basemap) CountryLabels(v geo.Viewport, isos []string, spacing float64) []CountryLabel {
	return b.countryLabels(v, isos, spacing, 0.5, maxLabelSpots, 1)
}

// countryLabels is CountryLabels with the borders simplified to within
// tol pixels before the candidate centres are sought, and at most
// maxSpots of them per country.
func (b *Basemap) countryLabels(v geo.Viewport, isos []string, spacing, tol float64, maxSpots int, scale float64) []CountryLabel {
	if !(scale > 0) {
		scale = 1
	}
	pr := v.Projector()
	ux0, uy0 := pr.ToUnit(0, 0)
	ux1, uy1 := pr.ToUnit(float64(v.Width), float64(v.Height))
	view := orb.Bound{Min: orb.Point{ux0, uy0}, Max: orb.Point{ux1, uy1}}
	world := geo.WorldSize(v.Zoom)
	if !(world > 0) || !(ux1 > ux0) || !(uy1 > uy0) {
		return nil
	}
	spacing = math.Max(spacing, 1) / world // unit space
	var out []CountryLabel
	seen := map[string]bool{}
	for _, iso := range isos {
		if seen[iso] || len(b.byISO[iso]) == 0 {
			continue
		}
		seen[iso] = true
		cl := CountryLabel{ISO: iso}
		var parts []orb.Polygon // unit space, clipped to the view
		for _, ci := range b.byISO[iso] {
			c := &b.countries[ci]
			if cl.Text == "" && c.Name != "" {
				x0, y1 := geo.ToUnit(c.Bound.Min)
				x1, y0 := geo.ToUnit(c.Bound.Max)
				area := math.Min((x1-x0)*world*(y1-y0)*world/16, CountryLabelPriority/2-1)
				cl.Text, cl.Priority = strings.ToUpper(c.Name), CountryLabelPriority+int(area)
			}
			for _, poly := range c.Shape {
				if cp := clipToView(poly, view, tol/world); cp != nil {
					parts = append(parts, cp)
				}
			}
		}
		if cl.Text == "" || len(parts) == 0 {
			continue
		}
		cl.Size = CountryLabelSize(v.Zoom-math.Log2(scale)) * scale
		cl.Spots = labelSpots(parts, spacing, spotInset/world, maxSpots)
		if len(cl.Spots) > 0 {
			out = append(out, cl)
		}
	}
	slices.SortStableFunc(out, func(a, b CountryLabel) int {
		if a.Priority != b.Priority {
			return cmp.Compare(b.Priority, a.Priority)
		}
		return cmp.Compare(a.ISO, b.ISO)
	})
	return out
}

// clipToView returns poly ([lon, lat] degrees) in unit space clipped to
// view and simplified to within tol, or nil when nothing of it with an
// area is left.
func clipToView(poly orb.Polygon, view orb.Bound, tol float64) orb.Polygon {
	if len(poly) == 0 {
		return nil
	}
	b := poly[0].Bound()
	x0, y1 := geo.ToUnit(b.Min)
	x1, y0 := geo.ToUnit(b.Max)
	if x1 < view.Min[0] || x0 > view.Max[0] || y1 < view.Min[1] || y0 > view.Max[1] {
		return nil
	}
	up := make(orb.Polygon, len(poly))
	for i, r := range poly {
		ur := make(orb.Ring, len(r))
		for j, q := range r {
			ur[j][0], ur[j][1] = geo.ToUnit(q)
		}
		up[i] = ur
	}
	up = clip.Polygon(view, up)
	if len(up) == 0 || len(up[0]) < 4 {
		return nil
	}
	up = simplify.DouglasPeucker(tol).Polygon(up)
	if len(up) == 0 || len(up[0]) < 4 || ringArea(ringPoints(up[0])) == 0 {
		return nil
	}
	return up
}

// ringPoints returns r as the point list ringArea and pointPolyDist take.
func ringPoints(r orb.Ring) [][2]float64 {
	out := make([][2]float64, len(r))
	for i, q := range r {
		out[i] = [2]float64(q)
	}
	return out
}

// labelSpots returns candidate label centres inside parts (polygons in
// unit space), best first: the pole of inaccessibility of the largest
// part, then grid points about spacing apart at least inset inside any
// part, farthest from its border first; at most maxSpots, as [lon,
// lat] degrees.
func labelSpots(parts []orb.Polygon, spacing, inset float64, maxSpots int) []orb.Point {
	type spot struct {
		p orb.Point
		d float64
	}
	rings := make([][][][2]float64, len(parts))
	largest, largestArea, total := 0, -1.0, 0.0
	for i, p := range parts {
		rs := make([][][2]float64, len(p))
		for j, r := range p {
			rs[j] = ringPoints(r)
		}
		rings[i] = rs
		a := math.Abs(ringArea(rs[0]))
		total += a
		if a > largestArea {
			largest, largestArea = i, a
		}
	}
	// A coarser grid for large territories, to bound the work.
	step := math.Max(spacing, math.Sqrt(total/float64(maxSpots)))
	var grid []spot
	for i, p := range parts {
		b := p.Bound()
		for y := b.Min[1] + step/2; y < b.Max[1]; y += step {
			for x := b.Min[0] + step/2; x < b.Max[0]; x += step {
				if d := pointPolyDist(x, y, rings[i]); d > inset {
					grid = append(grid, spot{orb.Point{x, y}, d})
				}
			}
		}
	}
	slices.SortStableFunc(grid, func(a, b spot) int { return cmp.Compare(b.d, a.d) })
	px, py := polylabel(rings[largest])
	out := []orb.Point{geo.FromUnit(px, py)}
	for _, g := range grid {
		if len(out) >= maxSpots {
			break
		}
		out = append(out, geo.FromUnit(g.p[0], g.p[1]))
	}
	return out
}
