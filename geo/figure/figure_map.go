package figure

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"maps"
	"math"
	"slices"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"

	"casmap/geo"
	"casmap/geo/basemap"
	"casmap/geo/draw"
)

// Sizes of map overlays, in points.
const (
	areaStrokePt     = 1.0
	defaultLinePt    = 1.5
	routeLinePt      = 2.0
	routeBadgePt     = 5.5 // radius of a route stop badge
	routeBadgeFontPt = 7.0
	routeLabelPt     = 7.5
	casingPt         = 1.2 // casing on each side of a line
	markNumberPt     = 9.0 // largest number drawn inside a mark
	markBadgeFontPt  = 6.5
	legendSymbolMax  = 14.0
	routeLabelPrio   = 3_000_000
	tileFillAlpha    = 0x70
	clipMarginPt     = 24.0 // geometry is clipped this far outside the view
)

// mapScene draws a figure's map layers into the map frame.
type mapScene struct {
	ctx    context.Context
	f      *Figure
	s      float64       // pixels per point
	theme  basemap.Theme // line widths in pixels
	pal    pagePalette
	fonts  *figureFonts
	styles []draw.MarkStyle // sizes in pixels
	tiles  bool
	// furniture lists the legend and scale bar boxes in frame pixels, for
	// labels to avoid.
	furniture []image.Rectangle
	// fan caches the drawn positions of the marks in fanView.
	fan     *markFan
	fanView geo.Viewport
}

// renderMap renders the map frame of f with go-staticmaps and returns it
// with its top-left pixel at the origin, and its Viewport.
func renderMap(ctx context.Context, f *Figure, page *pageLayout, fonts *figureFonts, pal pagePalette, tiles *tileSetup) (*image.RGBA, geo.Viewport, error) {
	w, h := page.mapRect.Dx(), page.mapRect.Dy()
	sc := newMapScene(ctx, f, page, fonts, pal, tiles != nil)
	// Without tiles the basemap layer paints the whole frame, sea first, so
	// go-staticmaps need not fill its larger tile-aligned image.
	var bg interface{ RGBA() (r, g, b, a uint32) }
	if tiles != nil {
		bg = f.Theme.Sea
	}
	c := newStaticContext(w, h, page.center, page.zoom, bg)
	if tiles != nil {
		tiles.apply(c)
	}
	var view *geo.Viewport
	if tiles == nil {
		view = &page.view
	}
	for _, fn := range sc.layers() {
		c.AddObject(&mapLayer{ctx: ctx, bound: f.Bound, center: page.center, zoom: page.zoom, w: w, h: h, view: view, draw: fn})
	}
	img, trans, err := c.RenderWithTransformer()
	if err != nil {
		return nil, geo.Viewport{}, fmt.Errorf("geo: render map with go-staticmaps: %w", err)
	}
	rgba, ok := img.(*image.RGBA)
	if !ok {
		return nil, geo.Viewport{}, fmt.Errorf("geo: render map with go-staticmaps: unexpected image type %T", img)
	}
	sub, v, _ := frameOf(rgba, trans, page.center, page.zoom, w, h)
	if sub == nil || sub.Rect.Size() != image.Pt(w, h) {
		return nil, geo.Viewport{}, fmt.Errorf("geo: render map with go-staticmaps: map frame %dx%d not inside the rendered %v", w, h, rgba.Rect)
	}
	if view != nil {
		v = *view
	}
	return rebase(sub), v, nil
}

// layers returns the map's drawing steps, bottom to top.
func (sc *mapScene) layers() []func(draw.Canvas, geo.Viewport) {
	return []func(draw.Canvas, geo.Viewport){
		sc.drawBasemap, sc.drawAreas, sc.drawSoft, sc.drawLines, sc.drawLeaders, sc.drawRoutes, sc.drawLabels, sc.drawMarks,
	}
}

// newMapScene returns the scene of f's map frame as laid out by page.
func newMapScene(ctx context.Context, f *Figure, page *pageLayout, fonts *figureFonts, pal pagePalette, tiles bool) *mapScene {
	sc := &mapScene{
		ctx: ctx, f: f, s: page.s, theme: scaledTheme(f.Theme, page.s), pal: pal, fonts: fonts,
		styles: scaledStyles(f.Styles, page.s), tiles: tiles,
	}
	for _, r := range page.furniture {
		sc.furniture = append(sc.furniture, r.Sub(page.mapRect.Min))
	}
	return sc
}

// scaledTheme returns theme with its line widths, given in points,
// converted to pixels.
func scaledTheme(theme basemap.Theme, s float64) basemap.Theme {
	theme.BorderWidth *= s
	theme.CoastWidth *= s
	return theme
}

// scaledStyles returns the styles with their sizes, given in points,
// converted to pixels.
func scaledStyles(styles []draw.MarkStyle, s float64) []draw.MarkStyle {
	out := make([]draw.MarkStyle, len(styles))
	for i, st := range styles {
		out[i] = scaledStyle(st, s)
	}
	return out
}

// scaledStyle returns st with its size, given in points, converted to
// pixels.
func scaledStyle(st draw.MarkStyle, s float64) draw.MarkStyle {
	if !(st.Size > 0) {
		st.Size = draw.DefaultMarkSize
	}
	st.Size *= s
	return st
}

// viewClip returns the unit-space bound of v grown by pad pixels on every
// side: geometry is clipped to it in Web Mercator, where the map's
// straight lines are straight, so that clipping never bends them.
func viewClip(v geo.Viewport, pad float64) orb.Bound {
	pr := v.Projector()
	x0, y0 := pr.ToUnit(-pad, -pad)
	x1, y1 := pr.ToUnit(float64(v.Width)+pad, float64(v.Height)+pad)
	return orb.Bound{Min: orb.Point{x0, y0}, Max: orb.Point{x1, y1}}
}

// toUnitLine returns pts ([lon, lat] degrees) in Web Mercator unit space.
func toUnitLine(pts []orb.Point) orb.LineString {
	out := make(orb.LineString, len(pts))
	for i, q := range pts {
		out[i][0], out[i][1] = geo.ToUnit(q)
	}
	return out
}

// unitToPixels maps unit-space points to pixels of the view pr projects.
func unitToPixels(pts []orb.Point, pr geo.Projector) []orb.Point {
	out := make([]orb.Point, len(pts))
	for i, u := range pts {
		x, y := pr.Unit(u[0], u[1])
		out[i] = orb.Point{x, y}
	}
	return out
}

// clipPolygonPixels clips poly ([lon, lat] degrees) to the view v grown by
// pad pixels and returns its rings in dst pixels, the outline first.
func clipPolygonPixels(poly orb.Polygon, v geo.Viewport, pad float64) [][]orb.Point {
	if len(poly) == 0 {
		return nil
	}
	up := make(orb.Polygon, len(poly))
	for i, r := range poly {
		up[i] = orb.Ring(toUnitLine(r))
	}
	up = clip.Polygon(viewClip(v, pad), up)
	pr := v.Projector()
	var out [][]orb.Point
	for _, r := range up {
		out = append(out, unitToPixels(r, pr))
	}
	return out
}

// clipLinePixels clips the line pts ([lon, lat] degrees) to the view v
// grown by pad pixels and returns the visible pieces in view pixels.
func clipLinePixels(pts []orb.Point, v geo.Viewport, pad float64) [][]orb.Point {
	if len(pts) < 2 {
		return nil
	}
	pieces := clip.LineString(viewClip(v, pad), toUnitLine(pts))
	pr := v.Projector()
	var out [][]orb.Point
	for _, ls := range pieces {
		if len(ls) >= 2 {
			out = append(out, unitToPixels(ls, pr))
		}
	}
	return out
}

// lineStyle is how strokePieces draws a line.
type lineStyle struct {
	col    color.RGBA
	width  float64    // pixels
	dashed bool       // dashes scaled to the width
	casing color.RGBA // edge colour under the line; transparent for none
}

// dashPattern returns the dash pattern of a dashed line width pixels
// wide, at s pixels per point.
func dashPattern(width, s float64) []float64 {
	return []float64{math.Max(3.5*s, width*3), math.Max(2.2*s, width*2)}
}

// arrowHead returns the arrowhead triangle, in pixels, for a line of width
// pixels ending at b coming from a, or nil when a and b coincide.
func arrowHead(a, b orb.Point, width, s float64) []orb.Point {
	dx, dy := b[0]-a[0], b[1]-a[1]
	d := math.Hypot(dx, dy)
	if d < 1e-9 {
		return nil
	}
	ux, uy := dx/d, dy/d
	l := math.Max(7*s, width*3.5)
	hw := l * 0.45
	bx, by := b[0]-ux*l, b[1]-uy*l
	return []orb.Point{b, {bx - uy*hw, by + ux*hw}, {bx + uy*hw, by - ux*hw}}
}

// strokePieces draws the line pieces (pixels) and an optional arrowhead
// triangle with ls, its casing first.
func strokePieces(c draw.Canvas, pieces [][]orb.Point, arrow []orb.Point, ls lineStyle, s float64) {
	var p draw.Path
	if ls.casing.A > 0 {
		cw := 2 * casingPt * s
		for _, pc := range pieces {
			p.Line(pc)
		}
		c.Path(&p, draw.Style{Stroke: ls.casing, Width: ls.width + cw, Cap: draw.RoundCap})
		if arrow != nil {
			p.Reset()
			c.Path(p.Ring(arrow, false), draw.Style{Fill: ls.casing, Stroke: ls.casing, Width: cw})
		}
	}
	st := draw.Style{Stroke: ls.col, Width: ls.width, Cap: draw.RoundCap}
	if ls.dashed {
		st.Dash = dashPattern(ls.width, s)
	}
	p.Reset()
	for _, pc := range pieces {
		p.Line(pc)
	}
	c.Path(&p, st)
	if arrow != nil {
		p.Reset()
		c.Path(p.Ring(arrow, false), draw.Style{Fill: ls.col})
	}
}

// drawBasemap draws the countries, or over tiles just the override
// fills, translucent.
func (sc *mapScene) drawBasemap(c draw.Canvas, v geo.Viewport) {
	if !sc.tiles {
		if r, ok := c.(*draw.Raster); ok {
			renderViewParallel(sc.ctx, sc.f.Basemap, r.Sub(draw.Rect{X1: float64(v.Width), Y1: float64(v.Height)}).RGBA(), v, sc.theme, sc.f.Fills)
			return
		}
		sc.f.Basemap.DrawView(c, v, sc.theme, sc.f.Fills)
		return
	}
	pad := clipMarginPt * sc.s
	countries := sc.f.Basemap.Countries()
	var p draw.Path
	for _, iso := range slices.Sorted(maps.Keys(sc.f.Fills)) {
		col := draw.WithAlpha(draw.Sanitize(sc.f.Fills[iso]), tileFillAlpha)
		p.Reset()
		for _, ci := range sc.f.Basemap.CountriesOf(iso) {
			for _, poly := range countries[ci].Shape {
				for i, r := range clipPolygonPixels(poly, v, pad) {
					p.Ring(r, i > 0)
				}
			}
		}
		c.Path(&p, draw.Style{Fill: col})
	}
}

// drawAreas draws the figure's polygons: fill, then outline.
func (sc *mapScene) drawAreas(c draw.Canvas, v geo.Viewport) {
	s := sc.s
	var p draw.Path
	for _, a := range sc.f.Areas {
		rings := clipPolygonPixels(a.Polygon, v, clipMarginPt*s)
		if len(rings) == 0 {
			continue
		}
		p.Reset()
		for i, r := range rings {
			p.Ring(r, i > 0)
		}
		st := draw.Style{Fill: draw.Sanitize(a.Fill)}
		if a.Stroke.A > 0 {
			st.Stroke, st.Width = draw.Sanitize(a.Stroke), areaStrokePt*s
			if a.Dashed {
				st.Dash = dashPattern(st.Width, s)
			}
		}
		c.Path(&p, st)
	}
}

// drawSoft draws the soft-edged disks.
func (sc *mapScene) drawSoft(c draw.Canvas, v geo.Viewport) {
	var p draw.Path
	for _, a := range sc.f.Soft {
		if !(a.RadiusMetres > 0) {
			continue
		}
		r := a.RadiusMetres / geo.MetresPerPixelAt(a.Center[1], v.Zoom)
		x, y := v.Project(a.Center)
		if r < 0.5 || r > 1e6 || x < -r || y < -r || x > float64(v.Width)+r || y > float64(v.Height)+r {
			continue
		}
		p.Reset()
		c.Path(p.Circle(x, y, r), draw.Style{Fill: a.Color, Soft: true})
	}
}

// lineWidth returns the width of l in pixels.
func (sc *mapScene) lineWidth(l FigureLine) float64 {
	w := l.Width
	if !(w > 0) {
		w = defaultLinePt
	}
	return w * sc.s
}

// drawLines draws the polylines with their casings and arrowheads.
func (sc *mapScene) drawLines(c draw.Canvas, v geo.Viewport) {
	for _, l := range sc.f.Lines {
		w := sc.lineWidth(l)
		pieces := clipLinePixels(l.Line, v, clipMarginPt*sc.s+w*4)
		if len(pieces) == 0 {
			continue
		}
		var arrow []orb.Point
		if l.Arrow {
			n := len(l.Line)
			pr := v.Projector()
			for i := n - 2; i >= 0 && arrow == nil; i-- {
				ax, ay := pr.Project(l.Line[i])
				bx, by := pr.Project(l.Line[n-1])
				arrow = arrowHead(orb.Point{ax, ay}, orb.Point{bx, by}, w, sc.s)
			}
		}
		if band := draw.Sanitize(l.Band); band.A > 0 {
			var p draw.Path
			for _, pc := range pieces {
				p.Line(pc)
			}
			c.Path(&p, draw.Style{Stroke: band, Width: w * BandWidth, Cap: draw.RoundCap})
		}
		ls := lineStyle{col: draw.Sanitize(l.Color), width: w, dashed: l.Dashed}
		if l.Casing {
			ls.casing = sc.theme.Halo
		}
		strokePieces(c, pieces, arrow, ls, sc.s)
	}
}

// drawRoutes draws the routes: a cased line through the stops, then a
// numbered badge on every stop.
func (sc *mapScene) drawRoutes(c draw.Canvas, v geo.Viewport) {
	s := sc.s
	w := routeLinePt * s
	r := routeBadgePt * s
	pr := v.Projector()
	var p draw.Path
	for _, rt := range sc.f.Routes {
		col := draw.Sanitize(rt.Color)
		pieces := clipLinePixels(rt.Points, v, clipMarginPt*s)
		strokePieces(c, pieces, nil, lineStyle{col: col, width: w, dashed: rt.Dashed, casing: sc.theme.Halo}, s)
		txt := draw.RGB(0xff, 0xff, 0xff)
		if draw.Luminance(col) > 0.62 {
			txt = draw.RGB(0x1f, 0x24, 0x2b)
		}
		for i, q := range rt.Points {
			x, y := pr.Project(q)
			if x < -r-s || y < -r-s || x > float64(v.Width)+r+s || y > float64(v.Height)+r+s {
				continue
			}
			p.Reset()
			c.Path(p.Circle(x, y, r+casingPt*s), draw.Style{Fill: sc.theme.Halo})
			p.Reset()
			c.Path(p.Circle(x, y, r), draw.Style{Fill: col})
			c.Text(strconv.Itoa(i+1), x, y, draw.TextStyle{Face: sc.fonts.bold, Size: routeBadgeFontPt * s, Color: txt, Anchor: draw.Center})
		}
	}
}

// pointView returns v as seen at one pixel per point: the same centre and
// extent at a zoom lower by log2(s). Labels are placed in it so that their
// sizes and paddings are in points.
func pointView(v geo.Viewport, s float64) geo.Viewport {
	return geo.Viewport{
		Center: v.Center, Zoom: v.Zoom - math.Log2(s),
		Width: int(math.Floor(float64(v.Width) / s)), Height: int(math.Floor(float64(v.Height) / s)),
	}
}

// drawLabels places and draws the country and capital names and the route
// stop labels, clear of the marks, the route badges and the legend and
// scale bar boxes. The names of f.LabelCountries are always drawn (see
// placeCountryNames); the others where they fit.
func (sc *mapScene) drawLabels(c draw.Canvas, v geo.Viewport) {
	s := sc.s
	vp := pointView(v, s)
	face := sc.fonts.medium
	measure := func(text string, size float64) (float64, float64) {
		w, h := draw.Measure(face, text, size*s)
		return w / s, h / s
	}
	// Obstacles for every label: route stops, marks (with room for their
	// number badges), the legend and the scale bar.
	badge := routeBadgePt + casingPt
	var obstacles []geo.Label
	for _, rt := range sc.f.Routes {
		for _, q := range rt.Points {
			obstacles = append(obstacles, geo.Label{At: q, Size: 2 * badge, Obstacle: true})
		}
	}
	// Marks where they are drawn, and the leaders of those fanned out.
	mf := sc.fanFor(v)
	toPt := func(x, y float64) orb.Point {
		return vp.Unproject((x-float64(v.Width)/2)/s+float64(vp.Width)/2, (y-float64(v.Height)/2)/s+float64(vp.Height)/2)
	}
	for i, m := range sc.f.Marks {
		if !mf.show[i] {
			continue
		}
		st := sc.styles[m.Style]
		size := st.Size / s
		cx, cy := mf.centre(sc.f.Marks, sc.styles, i)
		box := size * 1.15
		if m.Label != "" {
			box = size * 1.6
		}
		obstacles = append(obstacles, geo.Label{At: toPt(cx, cy), Size: box, Obstacle: true})
		if mf.moved[i] {
			obstacles = append(obstacles, geo.LineObstacles(vp, []orb.Point{toPt(mf.at[i][0], mf.at[i][1]), toPt(cx, cy)}, 2*leaderDotPt+2)...)
		}
	}
	for _, r := range sc.furniture {
		obstacles = append(obstacles, rectObstacles(vp, v, s, r)...)
	}

	// Route stop labels first, clear of the route lines too.
	labels := slices.Clone(obstacles)
	for _, rt := range sc.f.Routes {
		labels = append(labels, geo.LineObstacles(vp, rt.Points, routeLinePt+2*casingPt)...)
	}
	stops := len(labels)
	for ri, rt := range sc.f.Routes {
		for i, q := range rt.Points {
			if i >= len(rt.Labels) || rt.Labels[i] == "" {
				continue
			}
			tw, th := measure(rt.Labels[i], routeLabelPt)
			side := tw/2 + badge + 2
			vert := th/2 + badge + 1
			var alt [][2]float64
			// Beside, above and below the badge, then further out to
			// clear a mark drawn on the stop.
			for _, k := range []float64{1, 1.9, 2.8} {
				out := (k - 1) * 2 * badge
				alt = append(alt, [2]float64{-side - out, 0}, [2]float64{0, -vert - out}, [2]float64{0, vert + out},
					[2]float64{side + out, -vert - out/2}, [2]float64{-side - out, vert + out/2},
					[2]float64{side + out, vert + out/2}, [2]float64{-side - out, -vert - out/2})
				if k < 2.8 {
					alt = append(alt, [2]float64{side + (k+0.9-1)*2*badge, 0})
				}
			}
			labels = append(labels, geo.Label{
				Text: rt.Labels[i], At: q, Size: routeLabelPt, DX: side,
				Priority: routeLabelPrio - ri*1000 - i, Alt: alt,
			})
		}
	}
	var placed []geo.Placed
	if len(labels) > stops {
		placed = geo.PlaceLabels(vp, labels, measure)
	}

	// Then the country and capital names, which may cross route lines:
	// first those that must be shown, wherever they find room, then the
	// others where they fit.
	var base []geo.Label
	if sc.f.Labels && !sc.tiles {
		base = sc.f.Basemap.LabelsExcept(vp, measure, sc.f.LabelCountries)
	}
	var names []basemap.CountryName
	if len(sc.f.LabelCountries) > 0 && !sc.tiles {
		taken := obstacleBoxes(vp, obstacles)
		taken = append(taken, obstacleBoxes(vp, base)...) // the capitals' dots
		for _, pl := range placed {
			taken = append(taken, rect(pl.X, pl.Y, pl.X+pl.W, pl.Y+pl.H))
		}
		names = placeCountryNames(sc.f, vp, &taken, measure)
	}
	if base != nil {
		labels = append(slices.Clone(obstacles), base...)
		for _, pl := range placed {
			labels = append(labels, geo.RectObstacles(vp, pl.X, pl.Y, pl.W, pl.H)...)
		}
		for _, n := range names {
			labels = append(labels, geo.RectObstacles(vp, n.X, n.Y, n.W, n.H)...)
			if n.Leader != nil {
				labels = append(labels, geo.LineObstacles(vp, []orb.Point{vp.Unproject(n.Leader[0][0], n.Leader[0][1]), vp.Unproject(n.Leader[1][0], n.Leader[1][1])}, 2)...)
			}
		}
		placed = append(placed, geo.PlaceLabels(vp, labels, measure)...)
	}
	for _, n := range names {
		placed = append(placed, n.Placed)
	}
	if len(placed) == 0 {
		return
	}
	toPx := func(x, y float64) (float64, float64) {
		return (x-float64(vp.Width)/2)*s + float64(v.Width)/2, (y-float64(vp.Height)/2)*s + float64(v.Height)/2
	}
	var p draw.Path
	for _, n := range names {
		if n.Leader == nil {
			continue
		}
		ax, ay := toPx(n.Leader[0][0], n.Leader[0][1])
		bx, by := toPx(n.Leader[1][0], n.Leader[1][1])
		p.Line([]orb.Point{{ax, ay}, {bx, by}})
	}
	if !p.Empty() {
		c.Path(&p, draw.Style{Stroke: sc.theme.Halo, Width: (countryLeaderPt + 1.2*casingPt) * s, Cap: draw.RoundCap})
		c.Path(&p, draw.Style{Stroke: sc.theme.CountryLabel, Width: countryLeaderPt * s, Cap: draw.RoundCap})
	}
	for _, pl := range placed {
		if pl.Priority < basemap.CapitalLabelPriority || pl.Priority >= basemap.CountryLabelPriority {
			continue
		}
		x, y := toPx(vp.Project(pl.At))
		if sc.onRouteStop(x, y, v) {
			continue // the stop's badge marks the place
		}
		p.Reset()
		c.Path(p.Circle(x, y, (basemap.CapitalDotRadius+1.2)*s), draw.Style{Fill: sc.theme.Halo})
		p.Reset()
		c.Path(p.Circle(x, y, basemap.CapitalDotRadius*s), draw.Style{Fill: sc.theme.CapitalLabel})
	}
	for _, pl := range placed {
		col := sc.theme.CapitalLabel
		switch {
		case pl.Priority >= routeLabelPrio:
			col = sc.pal.text
		case pl.Priority >= basemap.CountryLabelPriority:
			col = sc.theme.CountryLabel
		}
		x, y := toPx(pl.X, pl.Y)
		c.Text(pl.Text, x, y, draw.TextStyle{Face: face, Size: pl.Size * s, Color: col, Halo: sc.theme.Halo})
	}
}

// onRouteStop reports whether the pixel x, y of v lies under a route
// stop's badge.
func (sc *mapScene) onRouteStop(x, y float64, v geo.Viewport) bool {
	r := (routeBadgePt + casingPt) * sc.s
	pr := v.Projector()
	for _, rt := range sc.f.Routes {
		for _, q := range rt.Points {
			if qx, qy := pr.Project(q); math.Hypot(qx-x, qy-y) < r {
				return true
			}
		}
	}
	return false
}

// rectObstacles covers r, a rectangle in v's pixels, with square label
// obstacles in vp, the point view of v at s pixels per point.
func rectObstacles(vp, v geo.Viewport, s float64, r image.Rectangle) []geo.Label {
	x0 := (float64(r.Min.X)-float64(v.Width)/2)/s + float64(vp.Width)/2
	y0 := (float64(r.Min.Y)-float64(v.Height)/2)/s + float64(vp.Height)/2
	return geo.RectObstacles(vp, x0, y0, float64(r.Dx())/s, float64(r.Dy())/s)
}

// fanFor returns the drawn positions of the marks in v (see fanMarks).
func (sc *mapScene) fanFor(v geo.Viewport) *markFan {
	if sc.fan == nil || sc.fanView != v {
		sc.fan, sc.fanView = fanMarks(sc.f.Marks, sc.styles, v, sc.fonts, sc.s), v
	}
	return sc.fan
}

// drawMarks draws the marks at their sizes in pixels (on a raster with
// DrawMarksAt, elsewhere as vector symbols), fanned out where they would
// hide each other (see fanMarks; drawLeaders ties them to their places),
// then their numbers.
func (sc *mapScene) drawMarks(c draw.Canvas, v geo.Viewport) {
	if len(sc.f.Marks) == 0 {
		return
	}
	mf := sc.fanFor(v)
	if r, ok := c.(*draw.Raster); ok {
		marks := make([]draw.Mark, len(sc.f.Marks))
		copy(marks, sc.f.Marks)
		xy := make([]orb.Point, len(marks))
		for i := range marks {
			marks[i].Label = ""
			xy[i] = mf.drawn[i]
			if !mf.show[i] {
				xy[i] = orb.Point{math.Inf(1), math.Inf(1)}
			}
		}
		draw.DrawMarksAt(r.Sub(draw.Rect{X1: float64(v.Width), Y1: float64(v.Height)}).RGBA(), xy, marks, sc.styles, -1)
	} else {
		for i, m := range sc.f.Marks {
			if !mf.show[i] {
				continue
			}
			x, y := mf.drawn[i][0], mf.drawn[i][1]
			if !sc.nearView(x, y, v, sc.styles[m.Style].Size) {
				continue
			}
			draw.MarkOn(c, sc.styles[m.Style], math.Round(x), math.Round(y))
		}
	}
	for i, m := range sc.f.Marks {
		if m.Label == "" || !mf.show[i] {
			continue
		}
		x, y := mf.drawn[i][0], mf.drawn[i][1]
		if !sc.nearView(x, y, v, 2*sc.styles[m.Style].Size) {
			continue
		}
		// Marks are anchored on whole pixels.
		drawMarkNumber(c, sc.fonts.bold, sc.styles[m.Style], m.Label, math.Round(x), math.Round(y), sc.s)
	}
}

// nearView reports whether a symbol of size pixels at x, y may show in v.
func (sc *mapScene) nearView(x, y float64, v geo.Viewport, size float64) bool {
	m := size + 4*sc.s
	return x > -m && y > -m && x < float64(v.Width)+m && y < float64(v.Height)+m
}

// numberInside returns the font size in pixels at which text fits inside
// the symbol of style st (size in pixels) at s pixels per point, and false
// when it does not fit there.
func numberInside(face draw.Face, st draw.MarkStyle, text string, s float64) (float64, bool) {
	if st.Shape == draw.Pin {
		return 0, false
	}
	size := math.Min(st.Size, 256)
	rin := draw.ShapeInradius(st.Shape, size)
	fs := math.Min(rin*1.2, markNumberPt*s)
	w, _ := draw.Measure(face, text, fs)
	return fs, fs >= 6*s && w <= rin*1.6
}

// numberBadge returns the width and height in pixels of the badge that
// carries text beside a symbol, at s pixels per point.
func numberBadge(face draw.Face, text string, s float64) (w, h float64) {
	tw, th := draw.Measure(face, text, markBadgeFontPt*s)
	h = th + 0.5*s
	return math.Max(tw+4*s, h), h
}

// drawMarkNumber draws a mark's number for the mark of style st (size in
// pixels) anchored on px, py: centred in the symbol when it fits,
// otherwise as a small dark badge at its upper right.
func drawMarkNumber(c draw.Canvas, face draw.Face, st draw.MarkStyle, text string, px, py, s float64) {
	size := math.Min(st.Size, 256)
	vx, vy := draw.ShapeCentre(st.Shape, px, py, size)
	if fs, ok := numberInside(face, st, text, s); ok {
		col, halo := draw.MarkLabelColours(st)
		c.Text(text, vx, vy, draw.TextStyle{Face: face, Size: fs, Color: col, Halo: halo, Anchor: draw.Center})
		return
	}
	rin := draw.ShapeInradius(st.Shape, size)
	bw, bh := numberBadge(face, text, s)
	bx := vx + rin*0.55
	by := vy - rin*0.85 - bh/2
	var p draw.Path
	c.Path(p.Ring(roundRect(bx, by, bx+bw, by+bh, bh/2), false), draw.Style{Fill: draw.BadgeFill})
	c.Text(text, bx+bw/2, by+bh/2, draw.TextStyle{Face: face, Size: markBadgeFontPt * s, Color: draw.BadgeText, Anchor: draw.Center})
}

// roundRect returns the outline of the rectangle x0, y0, x1, y1 (pixels)
// with corners rounded to radius r.
func roundRect(x0, y0, x1, y1, r float64) []orb.Point {
	r = math.Max(0, math.Min(r, math.Min(x1-x0, y1-y0)/2))
	if r == 0 {
		return []orb.Point{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}
	}
	n := max(2, draw.CircleSegments(r)/4)
	out := make([]orb.Point, 0, 4*(n+1))
	corners := [4][3]float64{{x1 - r, y0 + r, -math.Pi / 2}, {x1 - r, y1 - r, 0}, {x0 + r, y1 - r, math.Pi / 2}, {x0 + r, y0 + r, math.Pi}}
	for _, c := range corners {
		for i := 0; i <= n; i++ {
			a := c[2] + float64(i)/float64(n)*math.Pi/2
			out = append(out, orb.Point{c[0] + r*math.Cos(a), c[1] + r*math.Sin(a)})
		}
	}
	return out
}
