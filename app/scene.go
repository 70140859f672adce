package app

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"casmap/app/mapmodel"
	"casmap/data"
	"casmap/geo"
	"casmap/geo/basemap"
	"casmap/geo/draw"
)

// Marker sizes in Fyne units, and the radius within which markers merge
// into a numbered cluster.
const (
	clusterRadius = 16 // overlap distance, in units
	fanRadius     = 13 // markers at the same spot are fanned out this far
	hitSlop       = 3  // extra pointer tolerance, in units
	edgeInset     = 16 // edge arrows sit this far inside the view
)

// tileCacheBytes bounds the memory of rendered basemap tiles: about two
// zoom levels of a full-screen view, so zooming back and forth is instant
// while the app stays small. The cache also drops tiles far from the view
// (see basemap.TileCache.Compose).
const tileCacheBytes = 16 << 20

// scene is what the map draws: the basemap and its tile cache, and the
// dataset's markers as geo marks with their styles, index and clusters. It
// turns data into geo values; the widget (mapView) handles input. Its
// methods run on the UI goroutine, except that the tile cache renders in the
// background and calls refresh when tiles land.
type scene struct {
	countries []basemap.Country
	base      *basemap.Basemap
	tiles     *basemap.TileCache
	text      *draw.TextDrawer
	paint     draw.Painter
	dark      bool
	theme     basemap.Theme
	fills     map[string]color.RGBA
	// refresh is called (from any goroutine) when new tiles are ready.
	refresh func()

	model *mapmodel.Scene // the dataset as the map model sees it
	// disputed holds the markers whose sources disagree with another
	// marker's, either way round.
	disputed map[*data.Marker]bool
	// filter is the state's filter, whose search dims the markers that do
	// not match.
	filter Filter
	// layerGrid is the cells of the screen a layer's points are drawn
	// in, reused from frame to frame.
	layerGrid []uint64
	items     []mapmodel.Item // every marker of the dataset (the model's items)
	byID      map[*data.Marker]int
	units     []orb.Point // the anchors in Web Mercator unit space
	fan       []orb.Point // by item index: offset, in units, fanning out markers that share a spot
	visible   []int       // items the filter shows, in draw order
	shown     []bool      // by item index
	routes    []routeLine
	isoBuf    []string // reused by shownCountries
	// datePlaced is where the last frame's labels put the route stops'
	// dates, by item: top-left corner in device pixels.
	datePlaced map[int][2]float64
	// furniture are the boxes, in view units, of what the window draws over
	// the map (zoom buttons, scale bar, attribution, on-map legend); edge
	// arrows keep clear of them.
	furniture []draw.Rect
	overlay   []draw.Rect // the on-map legend's card, when shown
	otherBuf  []string    // reused by drawLabels
	named     []string    // ISO codes of the basemap's named countries, sorted
	names     *basemap.NamePlacer

	// Buffers reused from frame to frame.
	markStyles  []draw.MarkStyle
	marks       []draw.Mark
	markXY      []orb.Point
	obstacleBuf []geo.Label
	styleOf     map[look]int

	// mapLayout of the last view (in Fyne units), reused for hit tests.
	lay mapLayout
}

// routeLine is a trip's stops in order.
type routeLine struct {
	trip  string
	stops []int // item indices
}

// mapLayout is where things are for one view: clusters, fanned positions and
// edge arrows, in view units.
type mapLayout struct {
	view    geo.Viewport
	gen     int
	groups  []markGroup // symbols and clusters, in draw order
	pos     []orb.Point // drawn position of each visible item's symbol, by item index ([x, y] units)
	inView  []int       // items inside the view
	xy      []orb.Point // their positions, for clustering
	groupOf []int       // by item index: index into groups, -1 when hidden
	hits    *geo.Index  // over the groups' drawn positions, for hit tests
	arrows  []edgeArrow
}

// markGroup is one drawn symbol: a marker, or a numbered cluster of
// markers, at x, y view units.
type markGroup struct {
	x, y    float64
	members []int // item indices
}

// edgeArrow points at visible markers outside the view.
type edgeArrow struct {
	x, y, dx, dy float64 // tip position and unit direction, in view units
	items        []int
	label        string
}

// setDark switches the basemap palette.
func (s *scene) setDark(dark bool) {
	if dark == s.dark {
		return
	}
	s.dark = dark
	s.theme = mapmodel.Theme(dark)
	s.tiles.SetStyle(s.theme, s.fills)
	s.lay.gen = -1
}

// setDataset rebuilds the items from the state's dataset and filter,
// through the map model that figures are built from too.
func (s *scene) setDataset(st *State) {
	s.model = mapmodel.NewScene(st.DS)
	s.disputed = map[*data.Marker]bool{}
	if st.DS != nil {
		for _, m := range st.DS.Markers {
			if o := st.DS.Marker(m.Disagrees); m.Disagrees != "" && o != nil && o != m && !m.Draft {
				s.disputed[m], s.disputed[o] = true, true
			}
		}
	}
	s.items = s.model.Items
	s.byID = make(map[*data.Marker]int, len(s.items))
	s.units = s.units[:0]
	for i, it := range s.items {
		s.byID[it.Marker] = i
		ux, uy := geo.ToUnit(it.Anchor)
		s.units = append(s.units, orb.Point{ux, uy})
	}
	s.routes = s.routes[:0]
	for _, r := range s.model.Routes {
		s.routes = append(s.routes, routeLine{trip: r.Trip, stops: r.Stops})
	}
	s.setFilter(st)
}

// setFilter recomputes what is shown, in which order, and the alliance
// shading, as the map model says.
func (s *scene) setFilter(st *State) {
	s.filter = st.Filter
	s.model.Apply(st.DS, st.Filter, s.dark)
	s.shown = s.model.Shown
	s.visible = s.model.Visible
	s.fanOut()
	if !sameFills(s.model.Fills, s.fills) {
		s.fills = s.model.Fills
		s.tiles.SetStyle(s.theme, s.fills)
	}
	s.lay.gen = -1
}

// fanOut spreads visible markers that share one anchor around it, so
// each stays visible and clickable at any zoom.
func (s *scene) fanOut() {
	s.fan = make([]orb.Point, len(s.items))
	spots := map[orb.Point][]int{}
	for _, i := range s.visible {
		spots[s.items[i].Anchor] = append(spots[s.items[i].Anchor], i)
	}
	for _, same := range spots {
		if len(same) < 2 {
			continue
		}
		sort.Ints(same)
		for j, i := range same {
			a := -math.Pi/2 + 2*math.Pi*float64(j)/float64(len(same))
			if len(same) == 2 {
				a = math.Pi * float64(j) // side by side
			}
			s.fan[i] = orb.Point{fanRadius * math.Cos(a), fanRadius * math.Sin(a)}
		}
	}
}

// anchorOf returns the anchor of marker m and whether m is in the scene.
func (s *scene) anchorOf(m *data.Marker) (orb.Point, bool) {
	i, ok := s.byID[m]
	if !ok {
		return orb.Point{}, false
	}
	return s.items[i].Anchor, true
}

// fitBound is the bound of the visible markers of the region (see
// regionBound), never closer than a few degrees around them.
func (s *scene) fitBound() (orb.Bound, bool) {
	b, ok := mapmodel.RegionBound(s.model.VisibleMarkers())
	if !ok {
		return b, false
	}
	return mapmodel.GrowBound(b, 1, 4, 3), true
}

func sameFills(a, b map[string]color.RGBA) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// markSize is the symbol diameter in units at zoom z.
func markSize(z float64) float64 {
	return math.Max(15, math.Min(26, 15+(z-4)*2.2))
}

// layoutFor returns the clusters, positions and edge arrows of view v (in
// units), computing them when v changed.
func (s *scene) layoutFor(v geo.Viewport) *mapLayout {
	if s.lay.gen == 0 && s.lay.view == v {
		return &s.lay
	}
	l := &s.lay
	l.view, l.gen, l.hits = v, 0, nil
	n := len(s.items)
	if cap(l.groupOf) < n {
		l.groupOf = make([]int, n)
	}
	l.groupOf = l.groupOf[:n]
	for i := range l.groupOf {
		l.groupOf[i] = -1
	}
	// Screen positions from the anchors' unit-space coordinates, with
	// markers that share one spot fanned out around it.
	l.pos = v.ProjectUnits(l.pos, s.units)
	w, h := float64(v.Width), float64(v.Height)
	l.inView = l.inView[:0]
	l.xy = l.xy[:0]
	for _, i := range s.visible {
		p := &l.pos[i]
		p[0] += s.fan[i][0]
		p[1] += s.fan[i][1]
		if p[0] < -8 || p[1] < -8 || p[0] > w+8 || p[1] > h+8 {
			continue
		}
		l.inView = append(l.inView, i)
		l.xy = append(l.xy, *p)
	}
	l.groups = l.groups[:0]
	for _, members := range geo.ClusterPixels(l.xy, clusterRadius) {
		g := markGroup{members: members}
		for k, j := range members {
			i := l.inView[j]
			members[k] = i
			g.x += l.pos[i][0]
			g.y += l.pos[i][1]
		}
		g.x /= float64(len(members))
		g.y /= float64(len(members))
		l.groups = append(l.groups, g)
	}
	for gi, g := range l.groups {
		for _, i := range g.members {
			l.groupOf[i] = gi
		}
	}
	l.arrows = s.edgeArrows(v, l)
	return l
}

// hitIndex returns the spatial index of the groups' drawn positions,
// building it on the first hit test of a layout.
func (l *mapLayout) hitIndex() *geo.Index {
	if l.hits == nil {
		drawn := make([]orb.Point, len(l.groups))
		for gi, g := range l.groups {
			drawn[gi] = l.view.Unproject(g.x, g.y)
		}
		l.hits = geo.NewIndex(drawn)
	}
	return l.hits
}

// arrowMergeAngle is the largest angle, in radians, between the first and
// the last direction of the markers outside the view that one edge arrow
// stands for.
const arrowMergeAngle = 14 * math.Pi / 180

// arrowSpan is how far apart, in units along the view's edge, two arrows
// keep: closer ones merge into one with a count.
const arrowSpan = 56

// edgeArrows places a labelled arrow at the view's edge for the visible
// markers outside it: markers in nearly the same direction share one
// arrow, with a count, and arrows keep clear of the map's furniture (the
// zoom buttons, the scale bar, the attribution and the on-map legend),
// sliding along the edge and merging with a neighbour when they meet.
func (s *scene) edgeArrows(v geo.Viewport, l *mapLayout) []edgeArrow {
	w, h := float64(v.Width), float64(v.Height)
	if w < 4*edgeInset || h < 4*edgeInset {
		return nil
	}
	cx, cy := w/2, h/2
	type dir struct {
		a float64 // angle
		i int
	}
	var dirs []dir
	for _, i := range s.visible {
		x, y := l.pos[i][0], l.pos[i][1]
		if x >= 0 && y >= 0 && x <= w && y <= h {
			continue
		}
		if x == cx && y == cy {
			continue
		}
		dirs = append(dirs, dir{math.Atan2(y-cy, x-cx), i})
	}
	if len(dirs) == 0 {
		return nil
	}
	sort.SliceStable(dirs, func(a, b int) bool { return dirs[a].a < dirs[b].a })
	// Group runs of directions less than arrowMergeAngle apart, going round
	// the circle once from the widest gap so no group straddles it.
	startAt, widest := 0, -1.0
	for k := range dirs {
		prev := dirs[(k+len(dirs)-1)%len(dirs)].a
		gap := dirs[k].a - prev
		if k == 0 {
			gap += 2 * math.Pi
		}
		if gap > widest {
			startAt, widest = k, gap
		}
	}
	var out []edgeArrow
	var sumX, sumY, first float64
	for n := 0; n < len(dirs); n++ {
		d := dirs[(startAt+n)%len(dirs)]
		if n > 0 {
			// Within the angle of the group's first direction, so a fan of
			// directions does not chain into one arrow.
			if gap := math.Mod(d.a-first+2*math.Pi, 2*math.Pi); gap < arrowMergeAngle {
				a := &out[len(out)-1]
				a.items = append(a.items, d.i)
				sumX += math.Cos(d.a)
				sumY += math.Sin(d.a)
				a.dx, a.dy = sumX, sumY
				continue
			}
		}
		sumX, sumY, first = math.Cos(d.a), math.Sin(d.a), d.a
		out = append(out, edgeArrow{dx: sumX, dy: sumY, items: []int{d.i}})
	}
	for k := range out {
		a := &out[k]
		n := math.Hypot(a.dx, a.dy)
		a.dx, a.dy = a.dx/n, a.dy/n
		a.x, a.y = edgePoint(cx, cy, a.dx, a.dy)
		a.x, a.y = s.clearOfFurniture(a.x, a.y, w, h)
	}
	// Arrows that meet along the edge merge.
	merged := out[:0]
	for _, a := range out {
		joined := false
		for k := range merged {
			if math.Hypot(merged[k].x-a.x, merged[k].y-a.y) < arrowSpan {
				m := &merged[k]
				nm, na := float64(len(m.items)), float64(len(a.items))
				m.dx, m.dy = m.dx*nm+a.dx*na, m.dy*nm+a.dy*na
				d := math.Hypot(m.dx, m.dy)
				m.dx, m.dy = m.dx/d, m.dy/d
				m.items = append(m.items, a.items...)
				joined = true
				break
			}
		}
		if !joined {
			merged = append(merged, a)
		}
	}
	out = merged
	for k := range out {
		a := &out[k]
		if len(a.items) == 1 {
			a.label = shortPlace(s.items[a.items[0]].Marker)
		} else {
			a.label = fmt.Sprintf("%d markers", len(a.items))
		}
	}
	return out
}

// setFurniture sets the boxes edge arrows keep clear of: fixed, what the
// map widget draws over the map, and overlay, the on-map legend.
func (s *scene) setFurniture(fixed, overlay []draw.Rect) {
	if slices.Equal(fixed, s.furniture) && slices.Equal(overlay, s.overlay) {
		return
	}
	s.furniture, s.overlay = fixed, overlay
	s.lay.gen = -1
}

// edgePoint is where the ray from cx, cy in direction dx, dy meets the
// rectangle edgeInset inside the view.
func edgePoint(cx, cy, dx, dy float64) (x, y float64) {
	tx, ty := math.Inf(1), math.Inf(1)
	if dx != 0 {
		tx = (cx - edgeInset) / math.Abs(dx)
	}
	if dy != 0 {
		ty = (cy - edgeInset) / math.Abs(dy)
	}
	t := math.Min(tx, ty)
	return cx + dx*t, cy + dy*t
}

// arrowReach is how far, in units, an arrow and its label reach from its
// tip, for keeping it clear of the furniture.
const arrowReach = 40

// clearOfFurniture slides an arrow tip x, y on the view's inset edge along
// that edge until the arrow and its label keep clear of the furniture
// boxes.
func (s *scene) clearOfFurniture(x, y, w, h float64) (float64, float64) {
	hits := func(x, y float64) bool {
		for _, f := range slices.Concat(s.furniture, s.overlay) {
			if x+arrowReach > f.X0 && x-arrowReach < f.X1 && y+arrowReach/2 > f.Y0 && y-arrowReach/2 < f.Y1 {
				return true
			}
		}
		return false
	}
	if !hits(x, y) {
		return x, y
	}
	horizontal := math.Abs(y-edgeInset) < 0.5 || math.Abs(y-(h-edgeInset)) < 0.5
	lo, hi := float64(edgeInset+arrowReach), h-edgeInset-arrowReach
	if horizontal {
		lo, hi = float64(edgeInset+arrowReach), w-edgeInset-arrowReach
	}
	for step := 8.0; step < math.Max(w, h); step += 8 {
		for _, sign := range []float64{-1, 1} {
			nx, ny := x, y
			if horizontal {
				nx = x + sign*step
				if nx < lo || nx > hi {
					continue
				}
			} else {
				ny = y + sign*step
				if ny < lo || ny > hi {
					continue
				}
			}
			if !hits(nx, ny) {
				return nx, ny
			}
		}
	}
	return x, y
}

// shortPlace is the first part of a marker's place ("Moscow" of "Moscow,
// Russia").
func shortPlace(m *data.Marker) string {
	p := m.Place
	for i, r := range p {
		if r == ',' || r == '(' {
			p = p[:i]
			break
		}
	}
	if len(p) > 24 {
		p = p[:24] + "…"
	}
	if p == "" {
		return m.Title
	}
	return p
}

// hit is what lies under the pointer.
type hit struct {
	kind    hitKind
	marker  *data.Marker
	members []int
	bound   orb.Bound
	country string
	group   int
}

type hitKind int

const (
	hitNone hitKind = iota
	hitMarker
	hitCluster
	hitArrow
	hitCountry
)

var noHit = hit{kind: hitNone, group: -1}

// same reports whether two hits are the same thing, for hover tracking.
func (h hit) same(o hit) bool {
	return h.kind == o.kind && h.marker == o.marker && h.group == o.group && h.country == o.country
}

// hitTest finds what is at view position (x, y), in units, in view v.
func (s *scene) hitTest(v geo.Viewport, x, y float64, st *State) hit {
	if len(s.items) == 0 && !st.Filter.Alliance {
		return noHit
	}
	l := s.layoutFor(v)
	for _, a := range l.arrows {
		if math.Hypot(a.x-x, a.y-y) <= 14 {
			return hit{kind: hitArrow, marker: s.items[a.items[0]].Marker, members: a.items, group: -1}
		}
	}
	// Symbols and clusters, by their drawn positions, found by the index.
	r := markSize(v.Zoom)/2 + hitSlop
	if gi, ok := l.hitIndex().Nearest(v, x, y, clusterMarkSize(1<<20)/2+hitSlop); ok {
		g := l.groups[gi]
		px, py := s.groupPos(l, gi)
		rr := r
		if len(g.members) > 1 {
			rr = clusterMarkSize(len(g.members))/2 + hitSlop
		}
		if (px-x)*(px-x)+(py-y)*(py-y) <= rr*rr {
			if len(g.members) == 1 {
				return hit{kind: hitMarker, marker: s.items[g.members[0]].Marker, group: gi}
			}
			var b orb.Bound
			for k, i := range g.members {
				if k == 0 {
					b = s.items[i].Anchor.Bound()
				} else {
					b = b.Extend(s.items[i].Anchor)
				}
			}
			return hit{kind: hitCluster, members: g.members, bound: b, group: gi}
		}
	}
	p := v.Unproject(x, y)
	// Areas: the topmost visible area containing the point.
	for k := len(s.visible) - 1; k >= 0; k-- {
		it := s.items[s.visible[k]]
		if it.Area != nil && planar.PolygonContains(it.Area, p) {
			return hit{kind: hitMarker, marker: it.Marker, group: -1}
		}
	}
	if st.Filter.Alliance {
		if ci, ok := s.base.CountryAt(p); ok {
			iso := s.countries[ci].ISO
			if as, _ := st.AllianceOf(iso); len(as) > 0 {
				return hit{kind: hitCountry, country: iso, group: -1}
			}
		}
	}
	return noHit
}

// groupPos is where group gi's symbol is drawn, in units.
func (s *scene) groupPos(l *mapLayout, gi int) (x, y float64) {
	return l.groups[gi].x, l.groups[gi].y
}

// clusterMarkSize is the diameter of a cluster of n markers, in units.
func clusterMarkSize(n int) float64 {
	return math.Min(34, 20+4*math.Log2(float64(n)))
}

// pixelView returns v scaled to a raster of w×h device pixels.
func pixelView(v geo.Viewport, w, h int) (geo.Viewport, float64) {
	scale := 1.0
	if v.Width > 0 {
		scale = float64(w) / float64(v.Width)
	}
	pv := v
	pv.Width, pv.Height = w, h
	pv.Zoom += math.Log2(scale)
	return pv, scale
}

// newScene starts the tile cache over the embedded borders.
func newScene(dark bool) *scene {
	base, err := mapmodel.EmbeddedBasemap()
	if err != nil {
		// The borders are embedded and tested; a failure here is a build defect.
		panic("casmap: " + err.Error())
	}
	s := &scene{countries: base.Countries(), base: base, text: draw.DefaultText(), dark: dark, styleOf: map[look]int{}}
	s.theme = mapmodel.Theme(dark)
	for _, c := range s.countries {
		if c.ISO != "" && c.Name != "" && !slices.Contains(s.named, c.ISO) {
			s.named = append(s.named, c.ISO)
		}
	}
	slices.Sort(s.named)
	s.names = basemap.NewNamePlacer(base)
	s.tiles = basemap.NewTileCache(s.base, basemap.CacheOptions{Theme: s.theme, MaxBytes: tileCacheBytes, OnReady: func() {
		if s.refresh != nil {
			s.refresh()
		}
	}})
	return s
}
