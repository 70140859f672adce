package app

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"

	"github.com/paulmach/orb"

	"casmap/app/mapmodel"
	"casmap/data"
	"casmap/geo"
	"casmap/geo/basemap"
	"casmap/geo/draw"
	"casmap/geo/figure"
)

// frameInput is what one frame shows besides the scene itself.
type frameInput struct {
	view     geo.Viewport // in units
	selected *data.Marker
	hover    hit
	state    *State
}

// draw renders one frame into dst, whose size is the view in device
// pixels. It reports whether the basemap was complete (every tile exact).
func (s *scene) draw(dst *image.RGBA, in frameInput) bool {
	b := dst.Bounds()
	pv, scale := pixelView(in.view, b.Dx(), b.Dy())
	complete := s.tiles.Compose(dst, pv)
	l := s.layoutFor(in.view)
	selIdx := -1
	if in.selected != nil {
		if i, ok := s.byID[in.selected]; ok && s.shown[i] {
			selIdx = i
		}
	}

	s.drawAreas(dst, pv, scale, selIdx)
	s.drawLayers(dst, pv, scale, in.state.Layers)
	if in.state.Filter.Route {
		s.drawRoutes(dst, pv, scale)
	}
	s.drawLabels(dst, pv, scale, l, in.state.Filter.Route)
	s.drawMarks(dst, scale, l, selIdx)
	s.drawBadges(dst, scale, l)
	if in.state.Filter.Route {
		s.drawRouteDates(dst, scale, l)
	}
	s.drawArrows(dst, scale, l)
	s.drawScaleBar(dst, pv, scale)
	return complete
}

// drawAreas draws what is not a symbol: threat areas, border and route
// lines, and the soft halo of claims placed only at region or country
// level.
func (s *scene) drawAreas(dst *image.RGBA, pv geo.Viewport, scale float64, sel int) {
	tr := pv.Transform()
	p := &s.paint
	for _, i := range s.visible {
		it := s.items[i]
		strong := i == sel
		g := mapmodel.GeometryOf(it.Marker, strong)
		switch {
		case it.Area != nil:
			p.FillGeo(dst, it.Area, tr, g.AreaFill)
			for _, ring := range it.Area {
				st := draw.Stroke{Width: 1.6 * scale, Dash: []float64{6 * scale, 4 * scale}, Closed: true}
				p.StrokeGeo(dst, orb.LineString(ring), tr, st, g.AreaStroke)
			}
		case it.Line != nil:
			w := 1.8
			if strong {
				w = 2.9
			}
			p.StrokeGeo(dst, it.Line, tr, draw.Stroke{Width: w * figure.BandWidth * scale, RoundCaps: true}, g.Band)
			st := draw.Stroke{Width: 1.8 * scale, RoundCaps: true}
			if g.Dashed {
				st.Dash = []float64{7 * scale, 5 * scale}
			}
			p.StrokeGeo(dst, it.Line, tr, st, g.Line)
			if g.Arrow && len(it.Line) >= 2 {
				s.drawArrowHead(dst, tr, it.Line, g.Line, scale)
			}
		case g.SoftRadius > 0:
			draw.DrawSoftArea(dst, pv, it.Anchor, g.SoftRadius, g.Soft)
		}
	}
}

// drawArrowHead draws an arrow head at the end of a directed line.
func (s *scene) drawArrowHead(dst *image.RGBA, tr geo.Transform, line orb.LineString, col color.RGBA, scale float64) {
	x1, y1 := tr(line[len(line)-1])
	x0, y0 := tr(line[len(line)-2])
	dx, dy := x1-x0, y1-y0
	d := math.Hypot(dx, dy)
	if d < 1 {
		return
	}
	dx, dy = dx/d, dy/d
	l, w := 10*scale, 5*scale
	tri := []orb.Point{{x1, y1}, {x1 - dx*l - dy*w, y1 - dy*l + dx*w}, {x1 - dx*l + dy*w, y1 - dy*l - dx*w}, {x1, y1}}
	s.paint.AddRing(tri, false)
	s.paint.Fill(dst, col)
}

// drawRoutes draws each trip as a line through its visible stops in order,
// dashed when a stop is still planned.
func (s *scene) drawRoutes(dst *image.RGBA, pv geo.Viewport, scale float64) {
	for _, r := range s.routes {
		pts := s.routePoints(r)
		dashed := false
		for _, i := range r.stops {
			if s.shown[i] && mapmodel.Tentative(s.items[i].Marker.Status) {
				dashed = true
			}
		}
		if len(pts) < 2 {
			continue
		}
		draw.DrawRoute(dst, pv, pts, mapmodel.RouteColor(), 2.5*scale, dashed)
	}
}

// drawRouteDates writes each visible stop's date under its symbol, so the
// route reads as a dated itinerary.
func (s *scene) drawRouteDates(dst *image.RGBA, scale float64, l *mapLayout) {
	fg, halo := draw.RGB(0x0d, 0x47, 0xa1), draw.RGBA(0xff, 0xff, 0xff, 0xe0)
	if s.dark {
		fg, halo = draw.RGB(0x90, 0xca, 0xf9), draw.RGBA(0x10, 0x18, 0x20, 0xe0)
	}
	for _, d := range s.routeDates(scale, l) {
		if p, ok := s.datePlaced[d.item]; ok {
			s.text.Draw(dst, d.Text, d.Size, p[0], p[1], fg, halo)
		}
	}
}

// routeDatePriority places the dates of route stops before every other
// label: they are part of the itinerary.
const routeDatePriority = 2 * basemap.CountryLabelPriority

// routeDate is the date label of a route stop, item, drawn at x, y
// (device pixels) shifted by the label's DX, DY.
type routeDate struct {
	geo.Label
	item int
	x, y float64
}

// routeDates lists the date labels of the dated stops of routes with at
// least two shown stops, each under its symbol, or above, right or left
// of it where that is taken.
func (s *scene) routeDates(scale float64, l *mapLayout) []routeDate {
	var out []routeDate
	size := 11 * scale
	half := markSize(l.view.Zoom) / 2 * scale
	for _, r := range s.routes {
		n := 0
		for _, i := range r.stops {
			if s.shown[i] {
				n++
			}
		}
		if n < 2 {
			continue
		}
		for _, i := range r.stops {
			gi := l.groupOf[i]
			if gi < 0 || len(l.groups[gi].members) != 1 || !s.items[i].Marker.Dated() {
				continue
			}
			text := mapmodel.ShortDate(s.items[i].Marker)
			tw, th := s.text.Measure(text, size)
			// Clear of the symbol by the label padding that placement keeps.
			below, side := half+geo.LabelPadding+1+th/2, half+geo.LabelPadding+1+tw/2
			p := l.pos[i]
			out = append(out, routeDate{
				Label: geo.Label{Text: text, Size: size, Priority: routeDatePriority, DY: below,
					Alt: [][2]float64{{0, -below}, {side, 0}, {-side, 0}, {side, below}, {-side, below},
						{side, -below}, {-side, -below}, {0, -below - th}, {0, below + th}, {0, below + 2*th}}},
				item: i, x: p[0] * scale, y: p[1] * scale,
			})
		}
	}
	return out
}

// drawLabels draws the country and capital names, clear of the symbols and
// of the route lines: the name of every country that holds a shown marker
// always, wherever it finds room (basemap.PlaceCountryNames), the other
// countries' names inside them where they fit, even when the country's
// usual label point is out of view, and the capitals where they fit.
func (s *scene) drawLabels(dst *image.RGBA, pv geo.Viewport, scale float64, l *mapLayout, routes bool) {
	placed, names := s.placeLabels(pv, scale, l, routes)
	basemap.DrawPlacedScaled(dst, pv, s.theme, s.text, placed, names, 0.8*scale, scale)
}

// placeLabels places the labels drawLabels draws: the capitals and the
// names of countries without an ISO code, and the country names.
func (s *scene) placeLabels(pv geo.Viewport, scale float64, l *mapLayout, routes bool) ([]geo.Placed, []basemap.CountryName) {
	obstacles := s.obstacles(pv, scale, l)
	// The route stops' dates first, clear of the symbols (they may cross
	// the route line: their halo keeps them readable); then the names keep
	// clear of them.
	clear(s.datePlaced)
	if s.datePlaced == nil {
		s.datePlaced = map[int][2]float64{}
	}
	if routes {
		dates := s.routeDates(scale, l)
		labels := slices.Clone(obstacles)
		for k := range dates {
			dates[k].At = pv.Unproject(dates[k].x, dates[k].y)
			labels = append(labels, dates[k].Label)
		}
		for _, p := range geo.PlaceLabels(pv, labels, s.text.Measure) {
			for _, d := range dates {
				if d.Text == p.Text && d.At == p.At {
					s.datePlaced[d.item] = [2]float64{p.X, p.Y}
					obstacles = append(obstacles, geo.RectObstacles(pv, p.X, p.Y, p.W, p.H)...)
				}
			}
		}
		// Where no place is free, the one that covers the least.
		boxes := basemap.ObstacleBoxes(pv, obstacles)
		for _, d := range dates {
			if _, ok := s.datePlaced[d.item]; ok {
				continue
			}
			w, h := s.text.Measure(d.Text, d.Size)
			best, bestCover := [2]float64{}, math.Inf(1)
			for _, sh := range append([][2]float64{{d.DX, d.DY}}, d.Alt...) {
				x0, y0 := d.x+sh[0]-w/2, d.y+sh[1]-h/2
				cover := 0.0
				for _, b := range boxes {
					ox := math.Min(x0+w, b.X1) - math.Max(x0, b.X0)
					oy := math.Min(y0+h, b.Y1) - math.Max(y0, b.Y0)
					if ox > 0 && oy > 0 {
						cover += ox * oy
					}
				}
				if cover < bestCover {
					best, bestCover = [2]float64{x0, y0}, cover
				}
			}
			s.datePlaced[d.item] = best
			obstacles = append(obstacles, geo.RectObstacles(pv, best[0], best[1], w, h)...)
		}
	}
	if routes {
		for _, r := range s.routes {
			obstacles = append(obstacles, geo.LineObstacles(pv, s.routePoints(r), 4*scale)...)
		}
	}
	isos := s.shownCountries()
	measure := s.text.Measure
	base := s.base.LabelsScaled(pv, measure, s.named, scale)
	taken := basemap.ObstacleBoxes(pv, obstacles)
	taken = append(taken, basemap.ObstacleBoxes(pv, base)...) // the capitals' dots
	names := s.names.Place(pv, isos, taken, basemap.NameOptions{Spacing: 24 * scale, MinSize: 9 * scale, Tolerance: 3 * scale, Scale: scale}, measure)
	for _, n := range names {
		taken = append(taken, draw.Rect{X0: n.X, Y0: n.Y, X1: n.X + n.W, Y1: n.Y + n.H})
	}
	others := s.otherBuf[:0]
	for _, iso := range s.named {
		if !slices.Contains(isos, iso) {
			others = append(others, iso)
		}
	}
	s.otherBuf = others
	names = append(names, s.names.Place(pv, others, taken, basemap.NameOptions{Spacing: 32 * scale, InsideOnly: true, Tolerance: 3 * scale, Scale: scale}, measure)...)
	labels := append(obstacles, base...)
	for _, n := range names {
		labels = append(labels, geo.RectObstacles(pv, n.X, n.Y, n.W, n.H)...)
		if n.Leader != nil {
			a, b := pv.Unproject(n.Leader[0][0], n.Leader[0][1]), pv.Unproject(n.Leader[1][0], n.Leader[1][1])
			labels = append(labels, geo.LineObstacles(pv, []orb.Point{a, b}, 2*scale)...)
		}
	}
	s.obstacleBuf = labels
	return geo.PlaceLabels(pv, labels, measure), names
}

// shownCountries returns the ISO codes of the countries that hold a shown
// marker, sorted.
func (s *scene) shownCountries() []string {
	out := s.isoBuf[:0]
	for _, i := range s.visible {
		if c := s.items[i].Marker.Country; c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	s.isoBuf = out
	return out
}

// routePoints returns the anchors of r's shown stops, in order.
func (s *scene) routePoints(r routeLine) []orb.Point {
	var pts []orb.Point
	for _, i := range r.stops {
		if s.shown[i] {
			pts = append(pts, s.items[i].Anchor)
		}
	}
	return pts
}

// obstacles are the boxes of the drawn symbols, which labels avoid.
func (s *scene) obstacles(pv geo.Viewport, scale float64, l *mapLayout) []geo.Label {
	out := s.obstacleBuf[:0]
	size := markSize(l.view.Zoom) * scale
	for gi, g := range l.groups {
		x, y := s.groupPos(l, gi)
		sz := size
		if len(g.members) > 1 {
			sz = clusterMarkSize(len(g.members)) * scale
		}
		out = append(out, geo.Label{At: pv.Unproject(x*scale, y*scale), Size: sz, Obstacle: true})
	}
	// The on-map legend's card and what the map widget draws over the map.
	for _, f := range slices.Concat(s.overlay, s.furniture) {
		out = append(out, geo.RectObstacles(pv, f.X0*scale, f.Y0*scale, (f.X1-f.X0)*scale, (f.Y1-f.Y0)*scale)...)
	}
	// The edge arrows and their labels.
	for _, a := range l.arrows {
		x, y := (a.x-a.dx*14)*scale, (a.y-a.dy*14)*scale
		out = append(out, geo.Label{At: pv.Unproject(x, y), Size: 34 * scale, Obstacle: true})
	}
	s.obstacleBuf = out
	return out
}

// drawMarks draws every symbol and cluster of layout l.
func (s *scene) drawMarks(dst *image.RGBA, scale float64, l *mapLayout, sel int) {
	size := markSize(l.view.Zoom) * scale
	// One style per distinct look (kind, actor, status) of the markers.
	styles := s.markStyles[:0]
	styleOf := s.styleOf
	clear(styleOf)
	marks := s.marks[:0]
	xy := s.markXY[:0]
	selMark := -1
	for _, g := range l.groups {
		var mk draw.Mark
		if len(g.members) == 1 {
			i := g.members[0]
			m := s.items[i].Marker
			k := lookOf(m)
			// A search dims the markers that do not match it.
			k.dim = s.filter.Query != "" && !s.filter.Matches(m)
			si, ok := styleOf[k]
			if !ok {
				si = len(styles)
				styleOf[k] = si
				st := mapmodel.MarkStyle(m, size, s.dark)
				if k.dim {
					st.Faded = true
				}
				styles = append(styles, st)
			}
			mk = draw.Mark{Style: si}
			if m.Kind == data.KindVisit && m.Stop > 0 {
				mk.Label = strconv.Itoa(m.Stop)
			}
			if i == sel {
				selMark = len(marks)
			}
		} else {
			styles = append(styles, mapmodel.ClusterStyle(clusterMarkSize(len(g.members))*scale, s.dark))
			mk = draw.Mark{Style: len(styles) - 1, Label: strconv.Itoa(len(g.members))}
		}
		marks = append(marks, mk)
		xy = append(xy, orb.Point{g.x * scale, g.y * scale})
	}
	draw.DrawMarksAt(dst, xy, marks, styles, selMark)
	s.markStyles, s.marks, s.markXY = styles, marks, xy
}

// look is what decides a marker's symbol.
type look struct {
	kind             data.Kind
	actor            string
	status           data.Status
	draft, disagrees bool
	dim              bool
}

func lookOf(m *data.Marker) look {
	return look{kind: m.Kind, actor: m.Actor, status: m.Status, draft: m.Draft, disagrees: m.Disagrees != ""}
}

// drawBadges writes "draft" under each lone draft symbol and "sources
// disagree" under each lone marker whose sources disagree with another's.
func (s *scene) drawBadges(dst *image.RGBA, scale float64, l *mapLayout) {
	size := 10 * scale
	half := markSize(l.view.Zoom) / 2
	halo := draw.RGBA(0xff, 0xff, 0xff, 0xe0)
	if s.dark {
		halo = draw.RGBA(0x10, 0x18, 0x20, 0xe0)
	}
	for _, g := range l.groups {
		if len(g.members) != 1 {
			continue
		}
		m := s.items[g.members[0]].Marker
		text, col := "", mapmodel.DisagreeColor
		switch {
		case m.Draft:
			text, col = "draft", mapmodel.DraftColor
		case s.disputed[m]:
			text = "sources disagree"
		default:
			continue
		}
		w, _ := s.text.Measure(text, size)
		s.text.Draw(dst, text, size, g.x*scale-w/2, (g.y+half+2)*scale, col, halo)
	}
}

// drawArrows draws the edge arrows with their labels.
func (s *scene) drawArrows(dst *image.RGBA, scale float64, l *mapLayout) {
	fg, halo := draw.RGB(0x26, 0x32, 0x38), draw.RGBA(0xff, 0xff, 0xff, 0xe0)
	if s.dark {
		fg, halo = draw.RGB(0xec, 0xef, 0xf1), draw.RGBA(0x10, 0x18, 0x20, 0xe0)
	}
	for _, a := range l.arrows {
		x, y := a.x*scale, a.y*scale
		ln, w := 14*scale, 7*scale
		tri := []orb.Point{{x + a.dx*4*scale, y + a.dy*4*scale},
			{x - a.dx*ln - a.dy*w, y - a.dy*ln + a.dx*w},
			{x - a.dx*ln + a.dy*w, y - a.dy*ln - a.dx*w}}
		tri = append(tri, tri[0])
		s.paint.AddRing(tri, false)
		s.paint.Fill(dst, halo)
		s.paint.StrokePolyline(dst, tri, draw.Stroke{Width: 1.2 * scale, Closed: true}, fg)
		s.paint.AddRing(tri, false)
		s.paint.Fill(dst, mapmodel.RGBA(mapmodel.KindColor(s.items[a.items[0]].Marker.Kind), 0xff))
		size := 12 * scale
		tw, th := s.text.Measure(a.label, size)
		// Put the label inside the view, beside the arrow, away from the edge.
		lx := x - a.dx*(ln+6*scale) - tw/2
		ly := y - a.dy*(ln+6*scale) - th/2
		b := dst.Bounds()
		lx = math.Max(2, math.Min(float64(b.Dx())-tw-2, lx))
		ly = math.Max(2, math.Min(float64(b.Dy())-th-2, ly))
		s.text.Draw(dst, a.label, size, lx, ly, fg, halo)
	}
}

// drawScaleBar draws a scale bar at the bottom left, its length a round
// number of kilometres correct for the latitude of the view's centre.
func (s *scene) drawScaleBar(dst *image.RGBA, pv geo.Viewport, scale float64) {
	mpp := pv.MetresPerPixel()
	if !(mpp > 0) {
		return
	}
	km, px := niceScale(mpp, 110*scale)
	fg, halo := draw.RGB(0x33, 0x33, 0x33), draw.RGBA(0xff, 0xff, 0xff, 0xd0)
	if s.dark {
		fg, halo = draw.RGB(0xe0, 0xe0, 0xe0), draw.RGBA(0x10, 0x18, 0x20, 0xd0)
	}
	x0, y0 := 12*scale, float64(dst.Bounds().Dy())-14*scale
	bar := []orb.Point{{x0, y0 - 5*scale}, {x0, y0}, {x0 + px, y0}, {x0 + px, y0 - 5*scale}}
	s.paint.StrokePolyline(dst, bar, draw.Stroke{Width: 4 * scale}, halo)
	s.paint.StrokePolyline(dst, bar, draw.Stroke{Width: 1.5 * scale}, fg)
	label := fmt.Sprintf("%g km", km)
	s.text.Draw(dst, label, 11*scale, x0+px+6*scale, y0-12*scale, fg, halo)
}

// niceScale returns a round length in km (1, 2 or 5 times a power of ten)
// whose bar is at most maxPx pixels long at mpp metres per pixel, and that
// length in pixels.
func niceScale(mpp, maxPx float64) (km, px float64) {
	maxKm := mpp * maxPx / 1000
	p := math.Pow(10, math.Floor(math.Log10(maxKm)))
	for _, f := range []float64{5, 2, 1} {
		if f*p <= maxKm {
			km = f * p
			break
		}
	}
	if km == 0 {
		km = p
	}
	return km, km * 1000 / mpp
}
