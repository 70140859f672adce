package app

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"casmap/app/mapmodel"
	"casmap/data"
	"casmap/geo"
	"casmap/geo/basemap"
)

// Zoom limits of the map: from the whole region down to a city.
const (
	minZoom = 2.5
	maxZoom = 12
)

// panLimit keeps the centre of the view over the region and its neighbours.
var panLimit = orb.Bound{Min: orb.Point{10, -5}, Max: orb.Point{150, 78}}

// mapView is the interactive map: a Web Mercator basemap rendered in tiles in
// the background, with the dataset's markers, routes and shading drawn by the
// widget itself. It owns its viewport; the shared [State] holds the dataset,
// the filter and the selection. Its methods must be called on the UI
// goroutine.
type mapView struct {
	widget.BaseWidget

	s     *State
	scene *scene // what is drawn: basemap, styles, markers; see mapview_scene.go

	view  geo.Viewport // in Fyne units (points), not device pixels
	ready bool         // the view has been sized once
	want  *geo.Viewport
	// moved is set once the user (or a remembered view) placed the view;
	// until then every resize fits the markers again.
	moved bool

	hover    hit // what the pointer is over
	hoverPos fyne.Position
	// tipHidden is what was clicked: its tooltip stays hidden while the
	// pointer stays on it.
	tipHidden hit
	focused   bool

	// OnViewChanged is called after the user pans or zooms.
	OnViewChanged func(geo.Viewport)
	// OnStep is called for the next/previous marker keys with +1 or -1.
	OnStep func(delta int)
	// OnLegend is called for the L key: show or hide the on-map legend.
	OnLegend func()
	// OnView is called whenever the view changes, by the user, the program
	// or a resize.
	OnView func()

	started    time.Time
	firstFrame bool

	// tool is the active editing tool, or nil; see maptool.go.
	tool *mapTool
	// A point marker being moved by a drag, and where it is now.
	moving     *data.Marker
	movePos    orb.Point
	pressShift bool
	pressPos   fyne.Position
	// OnMove is called when a drag has moved point marker mk to a new
	// position.
	OnMove func(mk *data.Marker, to orb.Point)
	// OnDelete is called for the Delete key.
	OnDelete func()
}

var (
	_ fyne.Widget            = (*mapView)(nil)
	_ fyne.Tappable          = (*mapView)(nil)
	_ fyne.DoubleTappable    = (*mapView)(nil)
	_ fyne.Draggable         = (*mapView)(nil)
	_ fyne.Scrollable        = (*mapView)(nil)
	_ fyne.Focusable         = (*mapView)(nil)
	_ desktop.Hoverable      = (*mapView)(nil)
	_ desktop.Cursorable     = (*mapView)(nil)
	_ fyne.SecondaryTappable = (*mapView)(nil)
	_ desktop.Mouseable      = (*mapView)(nil)
)

// newMapView returns the map for the state s, drawing the basemap sc.
func newMapView(s *State, sc *scene) *mapView {
	m := &mapView{s: s, scene: sc, hover: noHit, started: time.Now()}
	m.ExtendBaseWidget(m)
	s.Listen(m.stateChanged)
	sc.setDataset(s)
	return m
}

// stateChanged follows the shared state: a new dataset or filter rebuilds
// the drawn markers; a selection with Pan brings the marker into view.
func (m *mapView) stateChanged(c Change) {
	switch c {
	case ChangeDataset:
		m.scene.setDataset(m.s)
		if m.ready {
			m.fitAll()
		}
	case ChangeEdit:
		m.scene.setDataset(m.s)
	case ChangeLayers:
		m.scene.lay.gen = -1
	case ChangeFilter:
		m.scene.setFilter(m.s)
	case ChangeSelection:
		if m.s.Pan && m.s.Selected != nil {
			m.s.Pan = false
			m.panTo(m.s.Selected)
		}
	}
	m.Refresh()
}

// SetView sets the viewport's centre and zoom (the size follows the widget).
// Before the first layout it is remembered and applied then.
func (m *mapView) SetView(center orb.Point, zoom float64) {
	v := m.view
	v.Center, v.Zoom = center, zoom
	m.moved = true
	if !m.ready {
		m.want = &v
		return
	}
	m.setView(v)
}

// View returns the current viewport, in Fyne units.
func (m *mapView) View() geo.Viewport { return m.view }

// setView clamps v, makes it current, redraws and reports the change: it
// is the user's view from now on.
func (m *mapView) setView(v geo.Viewport) {
	m.moved = true
	if m.setViewQuiet(v) && m.OnViewChanged != nil {
		m.OnViewChanged(m.view)
	}
}

// setViewQuiet clamps v, makes it current and redraws; it reports whether
// the view changed.
func (m *mapView) setViewQuiet(v geo.Viewport) bool {
	v = v.Clamp(minZoom, maxZoom, panLimit)
	if v == m.view {
		return false
	}
	m.view = v
	m.hover = noHit
	m.Refresh()
	if m.OnView != nil {
		m.OnView()
	}
	return true
}

// Resize sizes the widget and its viewport; the first time, it fits the
// markers (or applies a view set before).
func (m *mapView) Resize(size fyne.Size) {
	m.BaseWidget.Resize(size)
	w, h := int(math.Round(float64(size.Width))), int(math.Round(float64(size.Height)))
	if w <= 0 || h <= 0 {
		return
	}
	if w == m.view.Width && h == m.view.Height && m.ready {
		return
	}
	m.view.Width, m.view.Height = w, h
	first := !m.ready
	m.ready = true
	switch {
	case first && m.want != nil:
		m.view.Center, m.view.Zoom = m.want.Center, m.want.Zoom
		m.want = nil
		m.view = m.view.Clamp(minZoom, maxZoom, panLimit)
	case !m.moved:
		m.fitView()
	}
	if !m.firstFrame {
		// Start the first view's tiles now, while the rest of the window
		// is laid out, so that the first frame finds them drawn. (Fyne
		// lays the window out at its minimum size first: the request for
		// the real size supersedes that one.)
		sc := float32(1)
		if a := fyne.CurrentApp(); a != nil {
			if c := a.Driver().CanvasForObject(m); c != nil {
				sc = c.Scale()
			}
		}
		pv, _ := pixelView(m.view, int(math.Round(float64(size.Width*sc))), int(math.Round(float64(size.Height*sc))))
		m.scene.tiles.Prefetch(pv)
	}
	m.Refresh()
	if m.OnView != nil {
		m.OnView()
	}
}

// fitAll shows every visible marker of Central Asia. Markers far outside
// the region (a meeting in Moscow) are left to the edge arrows, so the
// first view is the region itself.
func (m *mapView) fitAll() {
	m.fitView()
	m.moved = false
	if m.OnViewChanged != nil {
		m.OnViewChanged(m.view)
	}
}

// fitView sets the view that fitAll shows.
func (m *mapView) fitView() {
	b, ok := m.scene.fitBound()
	v := m.view
	if !ok {
		b = orb.Bound{Min: orb.Point{46, 30}, Max: orb.Point{88, 52}}
	}
	// The layers shown from the start are in the first view too.
	for _, lv := range m.s.Layers {
		if lb, ok := lv.Layer.Bound(); ok && lv.Visible {
			b = b.Union(lb)
		}
	}
	v = v.Fit(b, 72)
	v.Zoom = math.Floor(v.Zoom*basemap.ZoomSteps) / basemap.ZoomSteps
	m.setViewQuiet(v)
}

// fitEvery shows every visible marker, those far from the region (a
// meeting in Moscow) too.
func (m *mapView) fitEvery() { m.fitMarkers(m.scene.model.VisibleMarkers()) }

// fitMarkers shows the markers ms.
func (m *mapView) fitMarkers(ms []*data.Marker) {
	var b orb.Bound
	ok := false
	for _, mk := range ms {
		if mk.Geometry == nil {
			continue
		}
		if !ok {
			b, ok = mk.Geometry.Bound(), true
			continue
		}
		b = b.Union(mk.Geometry.Bound())
	}
	if !ok {
		m.fitAll()
		return
	}
	v := m.view.Fit(mapmodel.GrowBound(b, 1, 4, 3), 72)
	v.Zoom = math.Floor(v.Zoom*basemap.ZoomSteps) / basemap.ZoomSteps
	m.setView(v)
}

// zoomBy zooms by dz levels about the view pixel (x, y).
func (m *mapView) zoomBy(dz float64, x, y float64) {
	// Zoom levels snap to the tile cache's steps, so frames are plain
	// copies of cached tiles.
	z := basemap.QuantizeZoom(math.Max(minZoom, math.Min(maxZoom, m.view.Zoom+dz)))
	if z == m.view.Zoom && dz != 0 {
		z = basemap.QuantizeZoom(math.Max(minZoom, math.Min(maxZoom, m.view.Zoom+math.Copysign(1.0/basemap.ZoomSteps, dz))))
	}
	m.setView(m.view.ZoomAbout(x, y, z))
}

// zoomCenter zooms by dz levels about the middle of the view.
func (m *mapView) zoomCenter(dz float64) {
	m.zoomBy(dz, float64(m.view.Width)/2, float64(m.view.Height)/2)
}

// panTo brings marker mk into view: it keeps the zoom when the marker is
// already near the view, and otherwise centres on it.
func (m *mapView) panTo(mk *data.Marker) {
	p, ok := m.scene.anchorOf(mk)
	if !ok || !m.ready {
		return
	}
	v := m.view
	if v.Zoom < 4.5 {
		v.Zoom = 4.5
	}
	v.Center = p
	m.setView(v)
}

// Tapped selects what is under the pointer: a marker, a cluster (zoomed
// into), an edge arrow (panned to), a shaded country, or nothing.
func (m *mapView) Tapped(ev *fyne.PointEvent) {
	m.requestFocus()
	if m.toolTap(ev) {
		return
	}
	h := m.scene.hitTest(m.view, float64(ev.Position.X), float64(ev.Position.Y), m.s)
	if h.kind == hitNone || h.kind == hitCountry {
		// A layer feature lies over the countries' shading.
		if v, i, ok := m.pickLayer(float64(ev.Position.X), float64(ev.Position.Y)); ok {
			m.s.PickLayerFeature(v, i)
			tracef("picked layer %s feature %d", v.Layer.Name, i)
			return
		}
	}
	// A click answers the tooltip: hide it until the pointer moves on.
	m.hover = noHit
	m.tipHidden = h
	switch h.kind {
	case hitMarker:
		m.s.Select(h.marker, false)
		tracef("selected %s", h.marker.ID)
	case hitCluster:
		// Zoom in far enough to open the cluster, but no more than a few
		// levels at once, so the user keeps their bearings.
		v := m.view.Fit(h.bound, 80)
		if v.Zoom > m.view.Zoom+2.5 {
			v = m.view.ZoomAbout(float64(ev.Position.X), float64(ev.Position.Y), basemap.QuantizeZoom(m.view.Zoom+2.5))
			v.Center = h.bound.Center()
		}
		if v.Zoom <= m.view.Zoom {
			v = m.view.ZoomAbout(float64(ev.Position.X), float64(ev.Position.Y), m.view.Zoom+1.5)
		}
		m.setView(v)
	case hitArrow:
		m.s.Select(h.marker, true)
		tracef("selected %s", h.marker.ID)
	case hitCountry:
		m.s.SelectCountry(h.country)
	default:
		if m.s.Selected != nil || m.s.Country != "" || m.s.Picked.View != nil {
			m.s.Select(nil, false)
		}
	}
}

// TappedSecondary clears the selection.
func (m *mapView) TappedSecondary(*fyne.PointEvent) {
	m.s.Select(nil, false)
}

// DoubleTapped zooms in one level about the pointer.
func (m *mapView) DoubleTapped(ev *fyne.PointEvent) {
	if m.finishDrawing() {
		return
	}
	m.zoomBy(1, float64(ev.Position.X), float64(ev.Position.Y))
}

// Dragged pans the map with the pointer.
// Shift+drag on a point marker, or a drag in move mode, moves the marker.
func (m *mapView) Dragged(ev *fyne.DragEvent) {
	if m.moving != nil || m.startMove() {
		m.movePos = m.view.Unproject(float64(ev.Position.X), float64(ev.Position.Y))
		m.Refresh()
		return
	}
	m.setView(m.view.Pan(float64(ev.Dragged.DX), float64(ev.Dragged.DY)))
}

// DragEnd ends a pan, or drops a marker being moved.
func (m *mapView) DragEnd() {
	m.pressShift = false
	if m.moving != nil {
		m.endMove()
	}
}

// Scrolled zooms about the pointer: one wheel notch is three eighths of a
// level.
func (m *mapView) Scrolled(ev *fyne.ScrollEvent) {
	dz := float64(ev.Scrolled.DY) / 25 * 0.375
	if dz == 0 {
		return
	}
	dz = math.Max(-1, math.Min(1, dz))
	m.zoomBy(dz, float64(ev.Position.X), float64(ev.Position.Y))
}

// MouseIn starts hover tracking.
func (m *mapView) MouseIn(ev *desktop.MouseEvent) { m.MouseMoved(ev) }

// MouseMoved updates the hovered marker and its tooltip.
func (m *mapView) MouseMoved(ev *desktop.MouseEvent) {
	if t := m.tool; t != nil && (t.mode == toolDrawArea || t.mode == toolDrawLine) && len(t.points) > 0 {
		t.cursor = m.view.Unproject(float64(ev.Position.X), float64(ev.Position.Y))
		t.hover = true
		m.Refresh()
	}
	h := m.scene.hitTest(m.view, float64(ev.Position.X), float64(ev.Position.Y), m.s)
	if h.kind == hitCountry {
		h = noHit // countries are clickable but get no tooltip
	}
	m.hoverPos = ev.Position
	if h.same(m.tipHidden) && h.kind != hitNone {
		h = noHit
	} else {
		m.tipHidden = noHit
	}
	if h.same(m.hover) {
		return
	}
	m.hover = h
	m.Refresh()
}

// MouseOut hides the tooltip.
func (m *mapView) MouseOut() {
	if m.hover.kind != hitNone {
		m.hover = noHit
		m.Refresh()
	}
}

// Cursor is a hand over anything clickable.
func (m *mapView) Cursor() desktop.Cursor {
	if m.tool != nil && m.tool.mode != toolMove {
		return desktop.CrosshairCursor
	}
	switch m.hover.kind {
	case hitMarker, hitCluster, hitArrow:
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// FocusGained marks the map focused, so the keys below apply.
func (m *mapView) FocusGained() { m.focused = true; m.Refresh() }

// FocusLost marks the map unfocused.
func (m *mapView) FocusLost() { m.focused = false; m.Refresh() }

// TypedRune handles the zoom and step keys: + and = zoom in, - zooms out,
// 0 fits all markers, ] and [ step to the next and previous marker.
func (m *mapView) TypedRune(r rune) {
	switch r {
	case '+', '=':
		m.zoomCenter(0.5)
	case '-', '_':
		m.zoomCenter(-0.5)
	case '0':
		m.fitAll()
	case 'a', 'A':
		m.fitEvery()
	case 'l', 'L':
		if m.OnLegend != nil {
			m.OnLegend()
		}
	case ']', 'n':
		m.step(1)
	case '[', 'p':
		m.step(-1)
	}
}

// TypedKey handles the arrow keys (pan), Home (fit all), Page Down/Up
// (next/previous marker) and Escape (clear the selection).
func (m *mapView) TypedKey(ev *fyne.KeyEvent) {
	const step = 120
	switch ev.Name {
	case fyne.KeyLeft:
		m.setView(m.view.Pan(step, 0))
	case fyne.KeyRight:
		m.setView(m.view.Pan(-step, 0))
	case fyne.KeyUp:
		m.setView(m.view.Pan(0, step))
	case fyne.KeyDown:
		m.setView(m.view.Pan(0, -step))
	case fyne.KeyHome:
		m.fitAll()
	case fyne.KeyPageDown:
		m.step(1)
	case fyne.KeyPageUp:
		m.step(-1)
	case fyne.KeyEscape:
		if m.tool != nil {
			m.cancelTool()
			return
		}
		m.s.Select(nil, false)
	case fyne.KeyReturn, fyne.KeyEnter:
		m.finishDrawing()
	case fyne.KeyDelete:
		if m.OnDelete != nil {
			m.OnDelete()
		}
	case fyne.KeyPlus:
		m.zoomCenter(0.5)
	case fyne.KeyMinus:
		m.zoomCenter(-0.5)
	}
}

func (m *mapView) step(delta int) {
	if m.OnStep != nil {
		m.OnStep(delta)
	}
}

// requestFocus gives the map the keyboard, so arrows and +/- work after a
// click on it.
func (m *mapView) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(m); c != nil {
		c.Focus(m)
	}
}

// CreateRenderer builds the map's renderer.
func (m *mapView) CreateRenderer() fyne.WidgetRenderer {
	return newMapRenderer(m)
}

// screenPos returns where marker mk is drawn, in Fyne units relative to the
// widget, and whether it is inside the view.
func (m *mapView) screenPos(mk *data.Marker) (fyne.Position, bool) {
	p, ok := m.scene.anchorOf(mk)
	if !ok {
		return fyne.Position{}, false
	}
	x, y := m.view.Project(p)
	in := x >= 0 && y >= 0 && x < float64(m.view.Width) && y < float64(m.view.Height)
	return fyne.NewPos(float32(x), float32(y)), in
}
