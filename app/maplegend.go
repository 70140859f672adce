package app

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"casmap/app/mapmodel"
	"casmap/geo/draw"
	"casmap/geo/figure"
)

// Sizes of the on-map legend, in Fyne units.
const (
	mapLegendIcon   = 14
	mapLegendText   = 12
	mapLegendInset  = 10 // from the map's left edge
	mapLegendBottom = 36 // from the map's bottom edge: clear of the scale bar
)

// mapLegend is the legend drawn on the map itself (View › Legend on map,
// or L): the same list a figure's legend shows (mapmodel.Legend), for
// just what the map draws now: the kinds, statuses and actors of the
// markers in view, the alliance shading and the route when shown. It sits
// in the map's bottom-left corner above the scale bar, on a translucent
// card, and lets clicks through to the map.
type mapLegend struct {
	w    *mainWindow
	on   bool
	sig  string // what the shown rows were built from
	bg   *canvas.Rectangle
	rows *fyne.Container
	box  *fyne.Container // the card: background and rows
	obj  *fyne.Container // the layer over the map that places the card
	// items are the rows shown, for tests.
	items []figure.LegendItem
}

// newMapLegend returns the on-map legend of w, hidden unless on.
func newMapLegend(w *mainWindow, on bool) *mapLegend {
	l := &mapLegend{w: w, on: on}
	l.bg = canvas.NewRectangle(color.Transparent)
	l.bg.CornerRadius = 6
	l.rows = container.NewVBox()
	l.box = container.NewStack(l.bg, container.NewPadded(l.rows))
	l.obj = container.New(&cornerLayout{}, l.box)
	l.update()
	return l
}

// Object is the layer to stack over the map.
func (l *mapLegend) Object() fyne.CanvasObject { return l.obj }

// toggle shows or hides the legend and remembers the choice.
func (l *mapLegend) toggle() {
	l.on = !l.on
	tracef("legend on map %v", l.on)
	l.w.app.Preferences().SetBool(prefMapLegend, l.on)
	l.sig = ""
	l.update()
	if l.w.legendItem != nil {
		l.w.legendItem.Checked = l.on
		l.w.win.MainMenu().Refresh()
	}
}

// update rebuilds the rows when what the map draws has changed.
func (l *mapLegend) update() {
	defer l.keepArrowsClear()
	if !l.on {
		l.items = nil
		if l.obj.Visible() {
			l.obj.Hide()
			l.w.win.Canvas().Refresh(l.w.mapv)
		}
		return
	}
	s, st := l.w.scene, l.w.state
	var shown []int
	if s.model != nil {
		lay := s.layoutFor(l.w.mapv.view)
		for _, i := range lay.inView {
			if s.shown[i] {
				shown = append(shown, i)
			}
		}
	}
	dark := s.dark
	items := []figure.LegendItem{}
	if s.model != nil {
		route := st.Filter.Route && len(s.routes) > 0
		items = mapmodel.Legend(st.DS, s.model, shown, st.Filter, dark, route)
	}
	if len(shown) == 0 {
		items = nil
	}
	sig := legendSignature(items, dark)
	if !l.obj.Visible() {
		l.obj.Show()
		l.w.win.Canvas().Refresh(l.obj)
	}
	if sig == l.sig {
		return
	}
	l.sig, l.items = sig, items
	l.bg.FillColor = legendCard(dark)
	l.bg.StrokeColor = color.NRGBA{0x80, 0x80, 0x80, 0x60}
	l.bg.StrokeWidth = 1
	var objs []fyne.CanvasObject
	if len(items) == 0 {
		objs = append(objs, legendText("No markers in view", true, dark))
	}
	for _, it := range items {
		if it.Heading != "" {
			objs = append(objs, legendText(strings.ToUpper(it.Heading), true, dark))
			continue
		}
		objs = append(objs, container.NewHBox(iconBox(legendSample(it, dark), mapLegendIcon), legendText(it.Text, false, dark)))
	}
	l.rows.Objects = legendColumns(objs, items)
	l.rows.Refresh()
	l.box.Refresh()
	l.obj.Refresh()
	// A layer hidden at the first paint is not known to the canvas yet:
	// ask the window's canvas to repaint it.
	l.w.win.Canvas().Refresh(l.obj)
	tracef("legend on map: %d rows", len(items))
}

// legendMaxRows is how many rows the legend shows in one column; longer
// legends take two.
const legendMaxRows = 13

// legendColumns lays the rows out in one column, or in two, split at the
// section heading nearest the middle, when there are more than
// legendMaxRows.
func legendColumns(objs []fyne.CanvasObject, items []figure.LegendItem) []fyne.CanvasObject {
	if len(objs) <= legendMaxRows || len(objs) != len(items) {
		return objs
	}
	split, best := len(objs)/2, len(objs)
	for i, it := range items {
		if it.Heading != "" && i > 0 {
			if d := absInt(i - len(objs)/2); d < best {
				split, best = i, d
			}
		}
	}
	left := container.NewVBox(objs[:split]...)
	right := container.NewVBox(objs[split:]...)
	return []fyne.CanvasObject{container.NewHBox(container.New(&topLayout{}, left), container.New(&topLayout{}, right))}
}

// absInt is |x|.
func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// topLayout keeps its one object at its minimum size at the top.
type topLayout struct{}

func (topLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	return objs[0].MinSize()
}

func (topLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
	}
}

// keepArrowsClear tells the scene where the card is, for the edge arrows
// to keep clear of it.
func (l *mapLegend) keepArrowsClear() {
	var boxes []draw.Rect
	if l.on {
		p, sz := l.box.Position(), l.box.Size()
		if sz.Width > 0 {
			boxes = []draw.Rect{{X0: float64(p.X), Y0: float64(p.Y), X1: float64(p.X + sz.Width), Y1: float64(p.Y + sz.Height)}}
		}
	}
	before := l.w.scene.lay.gen
	l.w.scene.setFurniture(l.w.scene.furniture, boxes)
	if l.w.scene.lay.gen != before {
		l.w.mapv.Refresh()
	}
}

// legendSignature identifies a list of legend rows.
func legendSignature(items []figure.LegendItem, dark bool) string {
	var b strings.Builder
	if dark {
		b.WriteString("dark|")
	}
	for _, it := range items {
		b.WriteString(it.Heading)
		b.WriteByte('/')
		b.WriteString(it.Text)
		b.WriteByte('|')
	}
	return b.String()
}

// legendCard is the card's colour: the map's land, nearly opaque.
func legendCard(dark bool) color.Color {
	c := mapmodel.Theme(dark).Land
	return color.NRGBA{c.R, c.G, c.B, 0xe6}
}

// legendText is one line of the legend: a heading in small bold capitals
// or a row's text.
func legendText(s string, heading, dark bool) fyne.CanvasObject {
	fg := color.NRGBA{0x21, 0x21, 0x21, 0xff}
	if dark {
		fg = color.NRGBA{0xee, 0xee, 0xee, 0xff}
	}
	t := canvas.NewText(s, fg)
	t.TextSize = mapLegendText
	if heading {
		t.TextSize = mapLegendText - 2
		t.TextStyle = fyne.TextStyle{Bold: true}
	}
	return t
}

// legendSample is the symbol of one legend row, drawn as the map draws
// it.
func legendSample(it figure.LegendItem, dark bool) fyne.CanvasObject {
	switch {
	case it.Style != nil:
		st := *it.Style
		st.Size = float64(mapLegendIcon) * iconScale * 0.95
		st.Halo = false
		return iconImage(st, mapLegendIcon)
	case it.Swatch != nil:
		return swatchIcon(*it.Swatch, mapLegendIcon-2)
	case it.Line != nil:
		l := canvas.NewLine(it.Line.Color)
		l.StrokeWidth = 2.5
		return container.New(&lineSampleLayout{}, l)
	}
	return canvas.NewRectangle(color.Transparent)
}

// lineSampleLayout draws a line sample across the middle of its cell.
type lineSampleLayout struct{}

func (lineSampleLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSquareSize(mapLegendIcon)
}

func (lineSampleLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		if ln, ok := o.(*canvas.Line); ok {
			ln.Position1 = fyne.NewPos(0, size.Height/2)
			ln.Position2 = fyne.NewPos(size.Width, size.Height/2)
		}
	}
}

// cornerLayout places its one object at its minimum size in the
// bottom-left corner, above the scale bar.
type cornerLayout struct{}

func (cornerLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }

func (cornerLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		m := o.MinSize()
		o.Resize(m)
		o.Move(fyne.NewPos(mapLegendInset, size.Height-mapLegendBottom-m.Height))
	}
}
