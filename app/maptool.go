package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"github.com/paulmach/orb"

	"casmap/data"
)

// toolMode is what a click on the map does while a tool is active.
type toolMode int

// The map's tools.
const (
	toolPick     toolMode = iota // a click places a point
	toolDrawArea                 // clicks add the corners of an area; double-click or Enter ends it
	toolDrawLine                 // clicks add the vertices of a line; double-click or Enter ends it
	toolMove                     // dragging a point marker moves it; the map pans elsewhere
)

// mapTool is an editing tool active on the map: while it is, clicks place
// or draw instead of selecting, and a banner says what to do. Escape
// cancels it.
type mapTool struct {
	mode   toolMode
	hint   string
	points []orb.Point // the vertices drawn so far
	cursor orb.Point   // where the pointer is, for the line to it
	hover  bool        // the pointer is over the map

	// done receives the point, line or area; cancel is called when the
	// user gives up (Escape). Either ends the tool, except in move mode,
	// which lasts until it is switched off.
	done   func(orb.Geometry)
	cancel func()
}

// minVertices is how many vertices a finished line or area needs.
func (t *mapTool) minVertices() int {
	if t.mode == toolDrawArea {
		return 3
	}
	return 2
}

// setTool activates t (nil ends the active tool, without calling cancel).
func (m *mapView) setTool(t *mapTool) {
	m.tool = t
	m.moving = nil
	m.Refresh()
}

// cancelTool ends the active tool as Escape does.
func (m *mapView) cancelTool() {
	t := m.tool
	if t == nil {
		return
	}
	m.setTool(nil)
	if t.cancel != nil {
		t.cancel()
	}
}

// toolTap handles a click while a tool is active, and reports whether it
// did.
func (m *mapView) toolTap(ev *fyne.PointEvent) bool {
	t := m.tool
	if t == nil || t.mode == toolMove {
		return false
	}
	p := m.view.Unproject(float64(ev.Position.X), float64(ev.Position.Y))
	switch t.mode {
	case toolPick:
		m.setTool(nil)
		tracef("picked %.4f,%.4f", p[0], p[1])
		t.done(p)
	default:
		t.points = append(t.points, p)
		tracef("vertex %d at %.4f,%.4f", len(t.points), p[0], p[1])
		m.Refresh()
	}
	return true
}

// finishDrawing ends a line or area being drawn, when it has enough
// vertices, and hands it on.
func (m *mapView) finishDrawing() bool {
	t := m.tool
	if t == nil || (t.mode != toolDrawArea && t.mode != toolDrawLine) {
		return false
	}
	pts := t.points
	// A double-click adds its point twice (tap, then double tap).
	for len(pts) > 1 && pts[len(pts)-1] == pts[len(pts)-2] {
		pts = pts[:len(pts)-1]
	}
	if len(pts) < t.minVertices() {
		return true // keep drawing
	}
	m.setTool(nil)
	if t.mode == toolDrawArea {
		ring := append(orb.Ring(nil), pts...)
		ring = append(ring, pts[0])
		if ring.Orientation() == orb.CW {
			ring.Reverse()
		}
		t.done(orb.Polygon{ring})
		return true
	}
	t.done(orb.LineString(pts))
	return true
}

// MouseDown notes where a drag starts and whether Shift is held, so that
// Shift+drag on a point marker (or any drag in move mode) moves it.
func (m *mapView) MouseDown(ev *desktop.MouseEvent) {
	m.pressShift = ev.Modifier&fyne.KeyModifierShift != 0
	m.pressPos = ev.Position
}

// MouseUp ends nothing: DragEnd ends a move.
func (m *mapView) MouseUp(*desktop.MouseEvent) {}

// startMove begins moving the point marker under the drag's start, if the
// drag moves markers; it reports whether a move started.
func (m *mapView) startMove() bool {
	moveMode := m.tool != nil && m.tool.mode == toolMove
	if !moveMode && !m.pressShift {
		return false
	}
	h := m.scene.hitTest(m.view, float64(m.pressPos.X), float64(m.pressPos.Y), m.s)
	if h.kind != hitMarker {
		return false
	}
	if !isPoint(h.marker) {
		return false
	}
	m.moving = h.marker
	m.movePos = m.view.Unproject(float64(m.pressPos.X), float64(m.pressPos.Y))
	m.s.Select(h.marker, false)
	return true
}

// endMove drops the marker being moved and reports the move to the window.
func (m *mapView) endMove() {
	mk, to := m.moving, m.movePos
	m.moving = nil
	m.Refresh()
	if mk != nil && m.OnMove != nil {
		m.OnMove(mk, to)
	}
}

// sketchObjects draws the tool's state over the map: the vertices and
// edges drawn so far, the edge to the pointer, and a marker being moved.
func (m *mapView) sketchObjects() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	col := theme.Color(theme.ColorNamePrimary)
	dot := func(p orb.Point, r float32) {
		x, y := m.view.Project(p)
		c := canvas.NewCircle(color.NRGBA{0xff, 0xff, 0xff, 0xe0})
		c.StrokeColor = col
		c.StrokeWidth = 2
		c.Move(fyne.NewPos(float32(x)-r, float32(y)-r))
		c.Resize(fyne.NewSize(2*r, 2*r))
		out = append(out, c)
	}
	line := func(a, b orb.Point, dashed bool) {
		ax, ay := m.view.Project(a)
		bx, by := m.view.Project(b)
		l := canvas.NewLine(col)
		l.StrokeWidth = 2
		if dashed {
			l.StrokeColor = color.NRGBA{0x80, 0x80, 0x80, 0xc0}
		}
		l.Position1 = fyne.NewPos(float32(ax), float32(ay))
		l.Position2 = fyne.NewPos(float32(bx), float32(by))
		out = append(out, l)
	}
	if t := m.tool; t != nil && len(t.points) > 0 {
		for i := 1; i < len(t.points); i++ {
			line(t.points[i-1], t.points[i], false)
		}
		if t.hover {
			line(t.points[len(t.points)-1], t.cursor, true)
			if t.mode == toolDrawArea && len(t.points) >= 2 {
				line(t.cursor, t.points[0], true)
			}
		}
		for _, p := range t.points {
			dot(p, 4)
		}
	}
	if m.moving != nil {
		dot(m.movePos, 7)
	}
	return out
}

// toolHint is the banner text of the active tool, or "".
func (m *mapView) toolHint() string {
	switch {
	case m.moving != nil:
		return "Moving " + m.moving.Title + ": release to drop it here."
	case m.tool == nil:
		return ""
	case m.tool.hint != "":
		return m.tool.hint
	}
	return ""
}

// isPoint reports whether mk is drawn at one point.
func isPoint(mk *data.Marker) bool {
	_, ok := mk.Geometry.(orb.Point)
	return ok
}
