package app

import (
	"image"
	"math"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"casmap/data"
	"casmap/geo"
)

// newTestWindow opens the main window headlessly on the embedded dataset.
func newTestWindow(t *testing.T) *mainWindow {
	t.Helper()
	a := test.NewTempApp(t)
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	w := newMainWindow(a, ds, Info{Version: "test", Build: "1"})
	t.Cleanup(func() { w.win.Close(); w.scene.tiles.Close() })
	w.win.Resize(fyne.NewSize(1400, 900))
	if w.mapv.view.Width == 0 {
		t.Fatal("the map was not laid out")
	}
	return w
}

// markerPos is where marker id is drawn on the map, in map units, and
// whether it is a single symbol (not in a cluster).
func markerPos(t *testing.T, w *mainWindow, id string) (fyne.Position, bool) {
	t.Helper()
	mk := w.state.DS.Marker(id)
	if mk == nil {
		t.Fatalf("no marker %s", id)
	}
	i := w.scene.byID[mk]
	l := w.scene.layoutFor(w.mapv.view)
	gi := l.groupOf[i]
	if gi < 0 {
		return fyne.Position{}, false
	}
	x, y := w.scene.groupPos(l, gi)
	return fyne.NewPos(float32(x), float32(y)), len(l.groups[gi].members) == 1
}

// tapMap taps the map at a position in map units, through the window's
// canvas as a user would.
func tapMap(w *mainWindow, p fyne.Position) {
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(w.mapv)
	test.TapCanvas(w.win.Canvas(), abs.Add(p))
}

func TestFirstViewFitsRegion(t *testing.T) {
	w := newTestWindow(t)
	v := w.mapv.view
	for _, id := range []string{"lavrov-visit-bishkek", "lavrov-visit-dushanbe", "lavrov-visit-ashgabat", "afghanistan-us-troops"} {
		if _, in := w.mapv.screenPos(w.state.DS.Marker(id)); !in {
			t.Errorf("%s is outside the first view %+v", id, v)
		}
	}
	if _, in := w.mapv.screenPos(w.state.DS.Marker("meeting-moscow-afghan-talks")); in {
		t.Errorf("Moscow is inside the first view; the region should fill it")
	}
	l := w.scene.layoutFor(v)
	found := false
	for _, a := range l.arrows {
		if strings.Contains(a.label, "Moscow") {
			found = true
		}
	}
	if !found {
		t.Errorf("no edge arrow points to Moscow: %+v", l.arrows)
	}
}

func TestTapBishkekShowsQuote(t *testing.T) {
	w := newTestWindow(t)
	mk := w.state.DS.Marker("lavrov-visit-bishkek")
	// Click through clusters as a user would, at most a few times.
	for i := 0; i < 4; i++ {
		p, single := markerPos(t, w, mk.ID)
		tapMap(w, p)
		if single {
			break
		}
	}
	if w.state.Selected != mk {
		t.Fatalf("selected %v, want the Bishkek visit", w.state.Selected)
	}
	text := richTexts(w.panel.Object())
	if !strings.Contains(text, "His first stop is Kyrgyzstan, where Russia has an airbase.") {
		t.Errorf("the evidence panel does not show the quote; it shows:\n%s", text)
	}
}

func TestClusterTapZoomsIn(t *testing.T) {
	w := newTestWindow(t)
	w.mapv.SetView(orb.Point{70, 40}, 3.5)
	l := w.scene.layoutFor(w.mapv.view)
	gi := -1
	for i, g := range l.groups {
		if len(g.members) > 1 {
			gi = i
			break
		}
	}
	if gi < 0 {
		t.Fatal("no cluster at zoom 3.5")
	}
	x, y := w.scene.groupPos(l, gi)
	z := w.mapv.view.Zoom
	tapMap(w, fyne.NewPos(float32(x), float32(y)))
	if w.mapv.view.Zoom <= z {
		t.Errorf("zoom %v after tapping a cluster, want more than %v", w.mapv.view.Zoom, z)
	}
	if w.state.Selected != nil {
		t.Errorf("tapping a cluster selected %s", w.state.Selected.ID)
	}
}

func TestSelectFromListCentresMap(t *testing.T) {
	w := newTestWindow(t)
	mk := w.state.DS.Marker("meeting-moscow-afghan-talks")
	w.state.Select(mk, true)
	c := w.mapv.view.Center
	if math.Abs(c[0]-37.6173) > 1e-6 || math.Abs(c[1]-55.7558) > 1e-6 {
		t.Errorf("view centre %v, want Moscow", c)
	}
	if _, in := w.mapv.screenPos(mk); !in {
		t.Error("the selected marker is not in view")
	}
}

func TestEdgeArrowPansThere(t *testing.T) {
	w := newTestWindow(t)
	l := w.scene.layoutFor(w.mapv.view)
	for _, a := range l.arrows {
		if !strings.Contains(a.label, "Moscow") {
			continue
		}
		tapMap(w, fyne.NewPos(float32(a.x), float32(a.y)))
		if w.state.Selected == nil || w.state.Selected.ID != "meeting-moscow-afghan-talks" {
			t.Fatalf("tapping the Moscow arrow selected %v", w.state.Selected)
		}
		if _, in := w.mapv.screenPos(w.state.Selected); !in {
			t.Fatal("the map did not pan to Moscow")
		}
		return
	}
	t.Fatal("no Moscow arrow")
}

func TestHiddenKindNeitherDrawnNorHit(t *testing.T) {
	w := newTestWindow(t)
	mk := w.state.DS.Marker("lavrov-visit-ashgabat")
	w.mapv.SetView(mk.Geometry.(orb.Point), 8)
	p, single := markerPos(t, w, mk.ID)
	if !single {
		t.Fatal("the Ashgabat visit is clustered at zoom 8")
	}
	before := w.scene.hitTest(w.mapv.view, float64(p.X), float64(p.Y), w.state)
	if before.marker != mk {
		t.Fatalf("hit %v before hiding, want the Ashgabat visit", before.marker)
	}
	frameBefore := renderFrame(w)

	w.state.UpdateFilter(func(f *Filter) { f.HiddenKinds[data.KindVisit] = true })
	after := w.scene.hitTest(w.mapv.view, float64(p.X), float64(p.Y), w.state)
	if after.marker != nil && after.marker.Kind == data.KindVisit {
		t.Errorf("a hidden visit is still hit: %s", after.marker.ID)
	}
	l := w.scene.layoutFor(w.mapv.view)
	if l.groupOf[w.scene.byID[mk]] >= 0 {
		t.Error("a hidden visit is still laid out")
	}
	frameAfter := renderFrame(w)
	if d := pixelDiff(frameBefore, frameAfter, int(p.X), int(p.Y), 8); d == 0 {
		t.Error("hiding the visits did not change the pixels where it was drawn")
	}
}

func TestAllianceCountryTap(t *testing.T) {
	w := newTestWindow(t)
	// A point in Kyrgyzstan away from every marker.
	w.mapv.SetView(orb.Point{76.5, 41.0}, 7)
	tapMap(w, fyne.NewPos(float32(w.mapv.view.Width/2), float32(w.mapv.view.Height/2)))
	if w.state.Country != "KG" {
		t.Fatalf("country %q selected, want KG", w.state.Country)
	}
	if text := richTexts(w.panel.Object()); !strings.Contains(text, "Both Kyrgyzstan and Tajikistan belong to a Russian-led regional security pact.") {
		t.Errorf("the panel does not show the membership claim:\n%s", text)
	}
	// Without the layer the country is not clickable.
	w.state.UpdateFilter(func(f *Filter) { f.Alliance = false })
	w.state.Select(nil, false)
	tapMap(w, fyne.NewPos(float32(w.mapv.view.Width/2), float32(w.mapv.view.Height/2)))
	if w.state.Country != "" {
		t.Errorf("country %q selected with the alliance layer off", w.state.Country)
	}
}

func TestMapKeys(t *testing.T) {
	w := newTestWindow(t)
	v0 := w.mapv.view
	tests := []struct {
		name  string
		press func()
		check func(v geo.Viewport) bool
	}{
		{"plus zooms in", func() { w.mapv.TypedRune('+') }, func(v geo.Viewport) bool { return v.Zoom > v0.Zoom }},
		{"minus zooms out", func() { w.mapv.TypedRune('-'); w.mapv.TypedRune('-') }, func(v geo.Viewport) bool { return v.Zoom < v0.Zoom }},
		{"home fits", func() { w.mapv.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome}) }, func(v geo.Viewport) bool { return v == v0 }},
		{"left pans west", func() { w.mapv.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft}) }, func(v geo.Viewport) bool { return v.Center[0] < v0.Center[0] }},
		{"zero fits", func() { w.mapv.TypedRune('0') }, func(v geo.Viewport) bool { return v == v0 }},
	}
	for _, tt := range tests {
		tt.press()
		if !tt.check(w.mapv.view) {
			t.Errorf("%s: view %+v (first %+v)", tt.name, w.mapv.view, v0)
		}
	}
	w.state.Select(w.state.DS.Markers[0], false)
	w.mapv.TypedRune(']')
	if w.state.Selected == w.state.DS.Markers[0] || w.state.Selected == nil {
		t.Error("] did not step to another marker")
	}
	w.mapv.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.state.Selected != nil {
		t.Error("Escape did not clear the selection")
	}
}

func TestScrollZoomsAboutPointer(t *testing.T) {
	w := newTestWindow(t)
	at := fyne.NewPos(150, 120)
	before := w.mapv.view.Unproject(float64(at.X), float64(at.Y))
	w.mapv.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: at}, Scrolled: fyne.NewDelta(0, 25)})
	after := w.mapv.view.Unproject(float64(at.X), float64(at.Y))
	if math.Abs(before[0]-after[0]) > 1e-6 || math.Abs(before[1]-after[1]) > 1e-6 {
		t.Errorf("the point under the pointer moved from %v to %v", before, after)
	}
}

func TestHoverTooltip(t *testing.T) {
	w := newTestWindow(t)
	mk := w.state.DS.Marker("lavrov-visit-ashgabat")
	w.mapv.SetView(mk.Geometry.(orb.Point), 8)
	p, _ := markerPos(t, w, mk.ID)
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(w.mapv)
	test.MoveMouse(w.win.Canvas(), abs.Add(p))
	if w.mapv.hover.marker != mk {
		t.Fatalf("hovering the Ashgabat visit hovers %v", w.mapv.hover.marker)
	}
	r := test.WidgetRenderer(w.mapv).(*mapRenderer)
	if !r.tip.Visible() || !strings.Contains(r.tipText.Text, mk.Title) {
		t.Errorf("tooltip %q (visible %v), want the title", r.tipText.Text, r.tip.Visible())
	}
	if w.mapv.Cursor() == nil {
		t.Error("no cursor")
	}
}

// renderFrame draws the map as the window would, waiting for the tiles.
func renderFrame(w *mainWindow) *image.RGBA {
	v := w.mapv.view
	img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	for i := 0; i < 200; i++ {
		if w.scene.draw(img, frameInput{view: v, selected: w.state.Selected, state: w.state}) {
			break
		}
		waitTiles()
	}
	return img
}

// pixelDiff counts differing pixels in the square of radius r around x, y.
func pixelDiff(a, b *image.RGBA, x, y, r int) int {
	n := 0
	for j := y - r; j <= y+r; j++ {
		for i := x - r; i <= x+r; i++ {
			if a.RGBAAt(i, j) != b.RGBAAt(i, j) {
				n++
			}
		}
	}
	return n
}

// waitTiles gives the background tile renderers a moment.
func waitTiles() { time.Sleep(10 * time.Millisecond) }

// TestTooltipHidesOnClick hovers a marker, clicks it, and checks that its
// tooltip goes and stays away while the pointer rests on it.
func TestTooltipHidesOnClick(t *testing.T) {
	w := newTestWindow(t)
	var id string
	for _, m := range w.state.DS.Markers {
		if _, single := markerPos(t, w, m.ID); single {
			id = m.ID
			break
		}
	}
	pos, _ := markerPos(t, w, id)
	ev := &desktop.MouseEvent{}
	ev.Position = pos
	w.mapv.MouseMoved(ev)
	if w.mapv.hover.kind != hitMarker {
		t.Fatalf("hovering %s shows no tooltip", id)
	}
	w.mapv.Tapped(&fyne.PointEvent{Position: pos})
	if w.mapv.hover.kind != hitNone {
		t.Fatal("the tooltip stayed after the click")
	}
	ev.Position = pos.Add(fyne.NewPos(1, 0))
	w.mapv.MouseMoved(ev)
	if w.mapv.hover.kind != hitNone {
		t.Fatal("the tooltip came back while the pointer rests on the clicked marker")
	}
}

// TestFitRegionAndEvery checks the two fits: 0 leaves Moscow off the view,
// A takes it in.
func TestFitRegionAndEvery(t *testing.T) {
	w := newTestWindow(t)
	moscow := orb.Point{37.6, 55.75}
	w.mapv.TypedRune('0')
	if w.mapv.view.Bound().Contains(moscow) {
		t.Error("0 fits Moscow too; it should fit the region")
	}
	w.mapv.TypedRune('a')
	if !w.mapv.view.Bound().Contains(moscow) {
		t.Error("A does not take in Moscow")
	}
}
