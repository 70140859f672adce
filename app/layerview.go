package app

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"casmap/app/mapmodel"
	"casmap/data"
	"casmap/data/gpkg"
	"casmap/data/layers"
	"casmap/geo"
	"casmap/geo/draw"
)

// drawLayers draws the visible layers under the markers, with their
// simplestyle keys; features outside the view are skipped.
func (s *scene) drawLayers(dst *image.RGBA, pv geo.Viewport, scale float64, views []*LayerView) {
	if len(views) == 0 {
		return
	}
	tr := pv.Transform()
	view := pv.Bound()
	p := &s.paint
	// Points are stamped as sprites, as markers are: one style per look.
	var xy []orb.Point
	var marks []draw.Mark
	var mstyles []draw.MarkStyle
	styleOf := map[draw.MarkStyle]int{}
	size := markSize(pv.Zoom) * scale
	defer func() {
		if len(marks) > 0 {
			draw.DrawMarksAt(dst, xy, marks, mstyles, -1)
		}
	}()
	for _, v := range views {
		if !v.Visible || v.Opacity <= 0 {
			continue
		}
		// A layer's points share cells about as wide as their dot: one dot
		// per cell and look, so that 100 000 points pan as fast as a few.
		cell := math.Max(4*scale, size*0.55)
		gw, gh := int(float64(pv.Width)/cell)+2, int(float64(pv.Height)/cell)+2
		if cap(s.layerGrid) < gw*gh {
			s.layerGrid = make([]uint64, gw*gh)
		}
		grid := s.layerGrid[:gw*gh]
		clear(grid)
		styles := v.Styles()
		global := make([]int, len(v.looks)) // look -> index in mstyles, +1
		for i := range v.Layer.Features {
			f := &v.Layer.Features[i]
			if pt, ok := f.Geometry.(orb.Point); ok {
				if !view.Contains(pt) {
					continue
				}
				x, y := tr(pt)
				cx, cy := int(x/cell)+1, int(y/cell)+1
				if cx < 0 || cy < 0 || cx >= gw || cy >= gh {
					continue
				}
				li := v.lookOf[i]
				bit := uint64(1) << (uint(li) & 63)
				if grid[cy*gw+cx]&bit != 0 {
					continue
				}
				grid[cy*gw+cx] |= bit
				if global[li] == 0 {
					mstyles = append(mstyles, mapmodel.LayerMarkStyle(v.looks[li], size))
					global[li] = len(mstyles)
				}
				marks = append(marks, draw.Mark{Style: global[li] - 1})
				xy = append(xy, orb.Point{x, y})
				continue
			}
			if f.Geometry == nil || !view.Intersects(f.Geometry.Bound()) {
				continue
			}
			st := styles[i]
			var drawGeo func(g orb.Geometry)
			drawGeo = func(g orb.Geometry) {
				switch g := g.(type) {
				case orb.Point:
					x, y := tr(g)
					ms := mapmodel.LayerMarkStyle(st, size)
					si, ok := styleOf[ms]
					if !ok {
						si = len(mstyles)
						styleOf[ms] = si
						mstyles = append(mstyles, ms)
					}
					marks = append(marks, draw.Mark{Style: si})
					xy = append(xy, orb.Point{x, y})
				case orb.MultiPoint:
					for _, q := range g {
						drawGeo(q)
					}
				case orb.LineString:
					p.StrokeGeo(dst, g, tr, draw.Stroke{Width: st.Width * scale, RoundCaps: true}, st.Stroke)
				case orb.MultiLineString:
					for _, l := range g {
						drawGeo(l)
					}
				case orb.Polygon:
					p.FillGeo(dst, g, tr, st.Fill)
					for _, ring := range g {
						p.StrokeGeo(dst, orb.LineString(ring), tr, draw.Stroke{Width: st.Width * scale * 0.75, Closed: true}, st.Stroke)
					}
				case orb.MultiPolygon:
					for _, q := range g {
						drawGeo(q)
					}
				case orb.Collection:
					for _, q := range g {
						drawGeo(q)
					}
				}
			}
			drawGeo(f.Geometry)
		}
	}
}

// pickLayer returns the layer feature under the view pixel (x, y): a point
// within 8 px, a line within 5 px, or an area that holds the pixel; the
// topmost layer first.
func (m *mapView) pickLayer(x, y float64) (*LayerView, int, bool) {
	pt := m.view.Unproject(x, y)
	for li := len(m.s.Layers) - 1; li >= 0; li-- {
		v := m.s.Layers[li]
		if !v.Visible {
			continue
		}
		best, bestD := -1, math.Inf(1)
		for i := range v.Layer.Features {
			if d := m.pixelDistance(v.Layer.Features[i].Geometry, x, y, pt); d < bestD {
				best, bestD = i, d
			}
		}
		if best >= 0 && bestD <= 8 {
			return v, best, true
		}
	}
	return nil, -1, false
}

// pixelDistance is how far, in view pixels, (x, y) is from g: 0 inside an
// area, +Inf when far.
func (m *mapView) pixelDistance(g orb.Geometry, x, y float64, pt orb.Point) float64 {
	switch g := g.(type) {
	case orb.Point:
		gx, gy := m.view.Project(g)
		return math.Hypot(gx-x, gy-y)
	case orb.MultiPoint:
		d := math.Inf(1)
		for _, p := range g {
			d = math.Min(d, m.pixelDistance(p, x, y, pt))
		}
		return d
	case orb.LineString:
		d := math.Inf(1)
		for i := 1; i < len(g); i++ {
			ax, ay := m.view.Project(g[i-1])
			bx, by := m.view.Project(g[i])
			d = math.Min(d, segDist(x, y, ax, ay, bx, by)+3)
		}
		return d
	case orb.MultiLineString:
		d := math.Inf(1)
		for _, l := range g {
			d = math.Min(d, m.pixelDistance(l, x, y, pt))
		}
		return d
	case orb.Polygon:
		if planar.PolygonContains(g, pt) {
			return 7 // under points and lines drawn over it
		}
	case orb.MultiPolygon:
		if planar.MultiPolygonContains(g, pt) {
			return 7
		}
	case orb.Collection:
		d := math.Inf(1)
		for _, q := range g {
			d = math.Min(d, m.pixelDistance(q, x, y, pt))
		}
		return d
	}
	return math.Inf(1)
}

// segDist is the distance from (x, y) to the segment from a to b.
func segDist(x, y, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	l := dx*dx + dy*dy
	t := 0.0
	if l > 0 {
		t = math.Max(0, math.Min(1, ((x-ax)*dx+(y-ay)*dy)/l))
	}
	return math.Hypot(x-(ax+t*dx), y-(ay+t*dy))
}

// layerFeatureView shows a picked layer feature: its properties as a
// table, under a heading that says it is no evidence, and a way to make a
// draft marker of it.
func (p *evidencePanel) layerFeatureView(pick LayerPick) []fyne.CanvasObject {
	l := pick.View.Layer
	f := &l.Features[pick.Index]
	head := subHeading("Uncited layer: not evidence")
	head.Importance = widget.WarningImportance
	title := wrapLabel(featureTitle(f, pick.Index))
	title.TextStyle.Bold = true
	title.SizeName = theme.SizeNameHeadingText
	from := wrapLabel(fmt.Sprintf("Feature %d of the layer %s (%s, %s). A layer cites no source: it is drawn for context and never counts as a claim.",
		pick.Index+1, l.Name, l.Format, mapmodel.Plural(len(l.Features), "feature", "features")))
	keys := make([]string, 0, len(f.Props))
	for k := range f.Props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var rows []fyne.CanvasObject
	for _, k := range keys {
		name := widget.NewLabel(k)
		name.TextStyle.Bold = true
		rows = append(rows, name, wrapLabel(fmt.Sprint(f.Props[k])))
	}
	objs := []fyne.CanvasObject{head, title, from}
	if len(rows) > 0 {
		objs = append(objs, container.New(layout.NewFormLayout(), rows...))
	}
	objs = append(objs, wrapLabel("Position: "+coordText(f.Geometry)))
	draft := widget.NewButtonWithIcon("Make a draft marker from this", theme.ContentAddIcon(), func() { p.command("layer-draft") })
	objs = append(objs, container.NewHBox(draft))
	return objs
}

// featureTitle names a layer feature.
func featureTitle(f *layers.Feature, i int) string {
	if f.Title != "" {
		return f.Title
	}
	return fmt.Sprintf("Feature %d", i+1)
}

// layerDraft turns the picked layer feature into a draft marker. Its text
// goes into the dataset as an inline source (the row's notes for an ACLED
// export, its properties otherwise), which the draft cites, so the chain of
// evidence is kept and says where it comes from.
func (w *mainWindow) layerDraft() {
	pick := w.state.Picked
	if pick.View == nil {
		return
	}
	w.whenEditable(func() {
		ds := w.state.DS
		l := pick.View.Layer
		f := &l.Features[pick.Index]
		m, src := draftFromFeature(ds, l, f, pick.Index)
		edits := []data.Edit{&data.AddSource{Source: src}, data.AppendMarker(m)}
		if err := w.ed.do(&data.Composite{Label: "draft from layer " + truncateText(m.Title, 50), Edits: edits}, m.ID); err != nil {
			w.report(err)
			return
		}
		w.state.Select(ds.Marker(m.ID), true)
	})
}

// draftFromFeature makes the draft marker of layer feature f and the
// inline source it cites.
func draftFromFeature(ds *data.Dataset, l *layers.Layer, f *layers.Feature, i int) (*data.Marker, *data.Source) {
	str := func(k ...string) string {
		for _, key := range k {
			if s, ok := f.Props[key].(string); ok && strings.TrimSpace(s) != "" {
				return strings.TrimSpace(s)
			}
		}
		return ""
	}
	title := featureTitle(f, i)
	text := str("notes", "description")
	if text == "" {
		keys := make([]string, 0, len(f.Props))
		for k := range f.Props {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var b strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&b, "%s: %v\n", k, f.Props[k])
		}
		text = strings.TrimSpace(b.String())
		if text == "" {
			text = title
		}
	}
	src := &data.Source{
		ID:        data.UniqueID(data.Slugify(l.Name+" "+title), "layer", func(id string) bool { return ds.Source(id) != nil }),
		Title:     fmt.Sprintf("%s, feature %d: %s", l.Name, i+1, title),
		Publisher: str("source"),
		Published: str("event_date"),
		Text:      text,
		Note:      fmt.Sprintf("Text of a feature of the layer %s (%s), not an article: check it against its original before relying on it.", l.Name, l.Format),
	}
	if _, err := data.ParseDate(src.Published); err != nil {
		src.Published = ""
	}
	src.SHA256 = data.SourceDigest(src.Text)
	kind := data.KindThreat
	switch strings.ToLower(str("event_type")) {
	case "strategic developments":
		kind = data.KindDeployment
	case "":
		kind = data.KindBase
	}
	centre := f.Geometry.Bound().Center()
	var geom orb.Geometry = orb.Point{centre[0], centre[1]}
	if pt, ok := f.Geometry.(orb.Point); ok {
		geom = pt
	}
	if poly, ok := f.Geometry.(orb.Polygon); ok {
		geom = poly
	}
	m := &data.Marker{
		ID:        data.UniqueID(data.Slugify(title), "layer-draft", func(id string) bool { return ds.Marker(id) != nil }),
		Kind:      kind,
		Title:     title,
		Place:     firstNonEmpty(str("location", "place", "name"), title),
		Country:   "",
		Date:      src.Published,
		Status:    data.StatusCurrent,
		Precision: data.PrecisionExact,
		Draft:     true,
		Geometry:  geom,
		Note:      fmt.Sprintf("Drafted from feature %d of the layer %s: kind, status and precision are guesses to check.", i+1, l.Name),
		Citations: []data.Citation{{Source: src.ID, Quote: firstLine(text)}},
	}
	if a := str("actor1"); a != "" {
		m.Note += " The layer names the actor “" + a + "”."
	}
	return m, src
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// firstLine is the first line of text, as a quote.
func firstLine(text string) string {
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		return strings.TrimSpace(text[:i])
	}
	return strings.TrimSpace(text)
}

// addLayerDialog asks for a GeoJSON, KML, KMZ or CSV file and adds it as a
// layer (File → Add layer…).
func (w *mainWindow) addLayerDialog() {
	w.askPath("Add layer", "", false, []string{".geojson", ".json", ".kml", ".kmz", ".csv"}, w.addLayerFile)
}

// addLayerFile loads path as a layer over the dataset, saying why when it
// cannot.
func (w *mainWindow) addLayerFile(path string) {
	l, err := layers.Load(path)
	if err != nil {
		w.report(err)
		return
	}
	w.state.AddLayer(l)
	tracef("layer %s: %d features", l.Name, len(l.Features))
}

// dropped opens files dropped on the window: a casmap dataset is opened,
// anything else is added as a layer.
func (w *mainWindow) dropped(_ fyne.Position, uris []fyne.URI) {
	for _, u := range uris {
		path := u.Path()
		if ds, err := data.Load(path); err == nil {
			w.confirmUnsaved("opening another dataset", func() { w.opened(path, ds, nil) })
			continue
		}
		w.addLayerFile(path)
	}
}

// otherLayers is the Layers tab's list of other people's files: each with
// its visibility, opacity, legend swatch and count, and a button to add
// one.
func (l *layersPanel) otherLayers() fyne.CanvasObject {
	l.other = container.NewVBox()
	add := widget.NewButtonWithIcon("Add layer…", theme.ContentAddIcon(), func() {
		if l.onAdd != nil {
			l.onAdd()
		}
	})
	l.rebuildOther()
	return container.NewVBox(l.other, container.NewHBox(add))
}

// rebuildOther lists the layers anew.
func (l *layersPanel) rebuildOther() {
	if l.other == nil {
		return
	}
	var rows []fyne.CanvasObject
	if len(l.s.Layers) == 0 {
		rows = append(rows, wrapLabel("GeoJSON, KML, KMZ or CSV files of others, drawn over the dataset for context; they are never evidence. Add one here, with File › Add layer…, or drop a file on the window."))
	}
	for _, v := range l.s.Layers {
		v := v
		check := widget.NewCheck(fmt.Sprintf("%s (%s, %s)", v.Layer.Name, v.Layer.Format, mapmodel.Plural(len(v.Layer.Features), "feature", "features")), nil)
		check.SetChecked(v.Visible)
		check.OnChanged = func(on bool) {
			v.Visible = on
			l.s.LayersChanged()
		}
		opacity := widget.NewSlider(0, 1)
		opacity.Step = 0.05
		opacity.SetValue(v.Opacity)
		opacity.OnChangeEnded = func(x float64) {
			v.Opacity = x
			l.s.LayersChanged()
		}
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { l.s.RemoveLayer(v) })
		swatch := iconBox(layerSwatch(v), legendIconSize)
		rows = append(rows, container.NewBorder(nil, nil, swatch, remove, check),
			container.NewBorder(nil, nil, widget.NewLabel("Opacity"), nil, opacity))
	}
	l.other.Objects = rows
	l.other.Refresh()
}

// layerSwatch is the legend symbol of a layer: its first feature's colour.
func layerSwatch(v *LayerView) fyne.CanvasObject {
	c := mapmodel.FeatureStyle(&layers.Feature{Props: map[string]any{}}, 1).Marker
	if len(v.Layer.Features) > 0 {
		c = mapmodel.FeatureStyle(&v.Layer.Features[0], 1).Marker
	}
	r := canvasCircle(c)
	return r
}

// canvasCircle is a filled circle of colour c, for a legend.
func canvasCircle(c color.RGBA) fyne.CanvasObject {
	circle := canvas.NewCircle(c)
	circle.StrokeColor = color.White
	circle.StrokeWidth = 1
	return circle
}

// exportForGIS writes the dataset for QGIS and other GIS tools: a
// GeoPackage with markers, citations and sources, or a flat GeoJSON with
// one feature per citation when the name ends in .geojson.
func (w *mainWindow) exportForGIS() {
	name := "casmap.gpkg"
	if !w.ed.readOnly() {
		base := filepath.Base(w.state.DS.Path)
		name = strings.TrimSuffix(base, filepath.Ext(base)) + ".gpkg"
	}
	w.saveDialogIn("Export for GIS (.gpkg, or .geojson for a flat table)", w.app.Preferences().String(prefExpDir), name, []string{".gpkg", ".geojson"}, func(path string) {
		var err error
		if strings.EqualFold(filepath.Ext(path), ".geojson") {
			err = gpkg.WriteFlat(w.state.DS, path)
		} else {
			err = gpkg.Write(w.state.DS, path)
		}
		if err != nil {
			w.report(err)
			return
		}
		w.app.Preferences().SetString(prefExpDir, filepath.Dir(path))
		tracef("exported for GIS %s", path)
		dialog.ShowInformation("Exported for GIS", "Wrote "+filepath.Base(path)+": QGIS opens its markers, citations and sources, tied by their ids.", w.win)
	})
}
