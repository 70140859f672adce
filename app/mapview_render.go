package app

import (
	"image"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casmap/app/mapmodel"
	"casmap/assets"
	"casmap/geo"
	"casmap/geo/draw"
)

// mapRenderer draws a mapView: one raster holding the map, the zoom
// buttons, the attribution and the hover tooltip. It builds its objects once
// and only updates them in Refresh; the frame image is reallocated only when
// the size changes.
type mapRenderer struct {
	m       *mapView
	raster  *canvas.Raster
	frame   *image.RGBA
	buttons *fyne.Container
	attrib  *canvas.Text
	attrBG  *canvas.Rectangle
	tipBG   *canvas.Rectangle
	tipText *widget.Label
	tip     *fyne.Container
	focus   *canvas.Rectangle
	// sketch draws the active tool's vertices and a marker being moved;
	// banner says what the tool does.
	sketch   *fyne.Container
	banner   *fyne.Container
	bannerTx *widget.Label
	objects  []fyne.CanvasObject
	traced   bool
	// tracedView is the view whose marker positions were last reported.
	tracedView geo.Viewport
}

func newMapRenderer(m *mapView) *mapRenderer {
	r := &mapRenderer{m: m}
	r.raster = canvas.NewRaster(r.generate)
	r.raster.ScaleMode = canvas.ImageScalePixels
	zin := widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { m.zoomCenter(0.5) })
	zout := widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { m.zoomCenter(-0.5) })
	fit := widget.NewButtonWithIcon("", theme.ViewFullScreenIcon(), m.fitAll)
	r.buttons = container.NewVBox(zin, zout, fit)
	r.attrib = canvas.NewText(assets.Attribution, theme.Color(theme.ColorNameForeground))
	r.attrib.TextSize = 10
	r.attrBG = canvas.NewRectangle(color.NRGBA{0xff, 0xff, 0xff, 0xb0})
	r.tipBG = canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	r.tipBG.CornerRadius = 4
	r.tipBG.StrokeColor = theme.Color(theme.ColorNameShadow)
	r.tipBG.StrokeWidth = 1
	r.tipText = widget.NewLabel("")
	r.tip = container.NewStack(r.tipBG, r.tipText)
	r.tip.Hide()
	r.focus = canvas.NewRectangle(color.Transparent)
	r.focus.StrokeWidth = 2
	r.sketch = container.NewWithoutLayout()
	r.bannerTx = widget.NewLabel("")
	r.bannerTx.Wrapping = fyne.TextWrapWord
	bannerBG := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bannerBG.CornerRadius = 4
	bannerBG.StrokeColor = theme.Color(theme.ColorNamePrimary)
	bannerBG.StrokeWidth = 2
	r.banner = container.NewStack(bannerBG, r.bannerTx)
	r.banner.Hide()
	r.objects = []fyne.CanvasObject{r.raster, r.sketch, r.focus, r.attrBG, r.attrib, r.buttons, r.banner, r.tip}
	m.scene.refresh = func() { fyne.Do(func() { r.raster.Refresh() }) }
	return r
}

// generate draws the frame for a w×h pixel raster.
func (r *mapRenderer) generate(w, h int) image.Image {
	if w <= 0 || h <= 0 {
		return image.NewRGBA(image.Rect(0, 0, 1, 1))
	}
	if r.frame == nil || r.frame.Rect.Dx() != w || r.frame.Rect.Dy() != h {
		r.frame = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	m := r.m
	if !m.ready {
		return r.frame
	}
	complete := m.scene.draw(r.frame, frameInput{view: m.view, selected: m.s.Selected, hover: m.hover, state: m.s})
	if complete && !m.firstFrame {
		m.firstFrame = true
		tracef("first-frame %d ms", time.Since(m.started).Milliseconds())
		go releaseStartupMemory()
	}
	if complete && traceOn {
		r.trace()
	}
	return r.frame
}

// trace reports the first full frame and, after every settled view, where
// the markers are drawn in window coordinates, so a test can click them.
func (r *mapRenderer) trace() {
	m := r.m
	if r.traced && r.tracedView == m.view {
		return
	}
	r.traced, r.tracedView = true, m.view
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(m)
	l := m.scene.layoutFor(m.view)
	tracef("view %.4f,%.4f zoom %.3f", m.view.Center[0], m.view.Center[1], m.view.Zoom)
	for gi, g := range l.groups {
		x, y := m.scene.groupPos(l, gi)
		kind := "single"
		if len(g.members) > 1 {
			kind = "cluster"
		}
		for _, i := range g.members {
			tracef("marker %s at %d,%d %s", m.scene.items[i].Marker.ID, int(abs.X+float32(x)), int(abs.Y+float32(y)), kind)
		}
	}
}

// Layout places the raster over the whole widget, the buttons at the top
// right, the attribution at the bottom right and the tooltip by the pointer.
// It only positions and sizes objects: what the tooltip says and whether it
// shows are set by Refresh.
func (r *mapRenderer) Layout(size fyne.Size) {
	r.raster.Resize(size)
	r.raster.Move(fyne.NewPos(0, 0))
	r.focus.Resize(size)
	bs := r.buttons.MinSize()
	pad := theme.Padding()
	r.buttons.Resize(bs)
	r.buttons.Move(fyne.NewPos(size.Width-bs.Width-pad*2, pad*2))
	as := r.attrib.MinSize()
	r.attrib.Move(fyne.NewPos(size.Width-as.Width-pad*2, size.Height-as.Height-pad))
	r.attrBG.Resize(fyne.NewSize(as.Width+pad*2, as.Height+pad))
	r.attrBG.Move(fyne.NewPos(size.Width-as.Width-pad*3, size.Height-as.Height-pad*1.5))
	r.placeTip(size)
	r.placeBanner(size)
	box := func(o fyne.CanvasObject) draw.Rect {
		p, sz := o.Position(), o.Size()
		return draw.Rect{X0: float64(p.X), Y0: float64(p.Y), X1: float64(p.X + sz.Width), Y1: float64(p.Y + sz.Height)}
	}
	scaleBar := draw.Rect{X0: 0, Y0: float64(size.Height) - 34, X1: 190, Y1: float64(size.Height)}
	r.m.scene.setFurniture([]draw.Rect{box(r.buttons), box(r.attrBG), scaleBar}, r.m.scene.overlay)
}

// placeBanner puts the tool's banner at the top left of the map.
func (r *mapRenderer) placeBanner(size fyne.Size) {
	if !r.banner.Visible() {
		return
	}
	pad := theme.Padding()
	w := min(size.Width-r.buttons.MinSize().Width-6*pad, 520)
	h := r.bannerTx.MinSize().Height
	if w > 0 {
		r.bannerTx.Resize(fyne.NewSize(w, h))
		h = r.bannerTx.MinSize().Height
	}
	r.banner.Resize(fyne.NewSize(max(w, 100), h))
	r.banner.Move(fyne.NewPos(pad*2, pad*2))
}

// updateTip sets the tooltip to the hovered marker's title, place and
// date, or hides it when nothing is hovered. It changes the tooltip's
// content, so it runs from Refresh, never from Layout.
func (r *mapRenderer) updateTip() {
	text := r.tipFor()
	if text == "" {
		r.tip.Hide()
		return
	}
	if r.tipText.Text != text {
		r.tipText.SetText(text)
	}
	r.tip.Show()
}

// placeTip sizes the tooltip to its text and puts it beside the pointer,
// kept inside a widget of the given size.
func (r *mapRenderer) placeTip(size fyne.Size) {
	if !r.tip.Visible() {
		return
	}
	m := r.m
	ts := r.tipText.MinSize()
	if ts.Width > 360 {
		ts.Width = 360
	}
	r.tip.Resize(ts)
	p := m.hoverPos.Add(fyne.NewPos(14, 16))
	if p.X+ts.Width > size.Width {
		p.X = m.hoverPos.X - ts.Width - 8
	}
	if p.Y+ts.Height > size.Height {
		p.Y = m.hoverPos.Y - ts.Height - 8
	}
	if p.X < 0 {
		p.X = 0
	}
	if p.Y < 0 {
		p.Y = 0
	}
	r.tip.Move(p)
}

// tipFor is the tooltip text of what is hovered.
func (r *mapRenderer) tipFor() string {
	if r.m.moving != nil || (r.m.tool != nil && r.m.tool.mode != toolMove) {
		return "" // the banner says what to do
	}
	h := r.m.hover
	switch h.kind {
	case hitMarker:
		mk := h.marker
		lines := []string{mk.Title}
		second := mk.Place
		if mk.Date != "" {
			second += " · " + markerDate(mk)
		}
		lines = append(lines, second)
		return strings.Join(lines, "\n")
	case hitCluster:
		return mapmodel.Plural(len(h.members), "marker", "markers") + " here: click to zoom in"
	case hitArrow:
		if len(h.members) == 1 {
			return h.marker.Title + "\n" + h.marker.Place + " (outside the view): click to go there"
		}
		return mapmodel.Plural(len(h.members), "marker", "markers") + " outside the view: click to go to the first"
	}
	return ""
}

// MinSize is small: the map takes what the window gives it.
func (r *mapRenderer) MinSize() fyne.Size { return fyne.NewSize(200, 160) }

// Refresh restyles the objects, updates the tooltip for what is hovered
// and redraws the map.
func (r *mapRenderer) Refresh() {
	r.attrib.Color = theme.Color(theme.ColorNameForeground)
	if r.m.scene.dark {
		r.attrBG.FillColor = color.NRGBA{0x10, 0x18, 0x20, 0xb0}
	} else {
		r.attrBG.FillColor = color.NRGBA{0xff, 0xff, 0xff, 0xb0}
	}
	r.tipBG.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	if r.m.focused {
		r.focus.StrokeColor = theme.Color(theme.ColorNameFocus)
	} else {
		r.focus.StrokeColor = color.Transparent
	}
	r.updateTip()
	r.placeTip(r.m.Size())
	r.sketch.Objects = r.m.sketchObjects()
	r.sketch.Refresh()
	if hint := r.m.toolHint(); hint != "" {
		if r.bannerTx.Text != hint {
			r.bannerTx.SetText(hint)
		}
		r.banner.Show()
		r.placeBanner(r.m.Size())
	} else {
		r.banner.Hide()
	}
	r.raster.Refresh()
	r.attrib.Refresh()
	r.attrBG.Refresh()
	r.tipBG.Refresh()
	r.focus.Refresh()
}

// Objects returns the renderer's objects, bottom first.
func (r *mapRenderer) Objects() []fyne.CanvasObject { return r.objects }

// Destroy stops nothing: the tile cache belongs to the scene and lives as
// long as the window.
func (r *mapRenderer) Destroy() {}
