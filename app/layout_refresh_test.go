package app

import (
	"slices"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"casmap/data"
)

// refreshApp is the current app while refreshesDuring watches: it hands
// out canvases that note every object canvas.Refresh is asked to redraw.
type refreshApp struct {
	fyne.App
	driver *refreshDriver
}

// Driver returns the watching driver.
func (a *refreshApp) Driver() fyne.Driver { return a.driver }

// refreshDriver wraps the app's driver so that the canvas of an object
// notes its refreshes.
type refreshDriver struct {
	fyne.Driver
	mu        sync.Mutex
	refreshed []fyne.CanvasObject
}

// CanvasForObject returns o's canvas, noting its refreshes.
func (d *refreshDriver) CanvasForObject(o fyne.CanvasObject) fyne.Canvas {
	c := d.Driver.CanvasForObject(o)
	if c == nil {
		return nil
	}
	return &refreshCanvas{Canvas: c, d: d}
}

// refreshCanvas notes the objects it is asked to redraw.
type refreshCanvas struct {
	fyne.Canvas
	d *refreshDriver
}

// Refresh notes o and redraws it.
func (c *refreshCanvas) Refresh(o fyne.CanvasObject) {
	c.d.mu.Lock()
	c.d.refreshed = append(c.d.refreshed, o)
	c.d.mu.Unlock()
	c.Canvas.Refresh(o)
}

// refreshesDuring runs f and returns the objects that were refreshed
// meanwhile: a widget's Refresh ends in canvas.Refresh of the widget or of
// the objects its renderer draws.
func refreshesDuring(f func()) []fyne.CanvasObject {
	a := fyne.CurrentApp()
	d := &refreshDriver{Driver: a.Driver()}
	fyne.SetCurrentApp(&refreshApp{App: a, driver: d})
	defer fyne.SetCurrentApp(a)
	f()
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.refreshed)
}

// hoverMarker moves the pointer over marker id, shown single at zoom 8,
// and returns where it is on the map.
func hoverMarker(t *testing.T, w *mainWindow, id string) fyne.Position {
	t.Helper()
	mk := mustMarker(t, w.state, id)
	w.mapv.SetView(mk.Geometry.(orb.Point), 8)
	p, single := markerPos(t, w, id)
	if !single {
		t.Fatalf("%s is clustered at zoom 8", id)
	}
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(w.mapv)
	test.MoveMouse(w.win.Canvas(), abs.Add(p))
	if w.mapv.hover.marker != mk {
		t.Fatalf("hovering %s hovers %v", id, w.mapv.hover.marker)
	}
	return p
}

// TestMapTooltipFollowsHover checks that the tooltip shows the hovered
// marker's title beside the pointer, inside the map, and goes away when
// the pointer leaves the marker.
func TestMapTooltipFollowsHover(t *testing.T) {
	w := newTestWindow(t)
	r := test.WidgetRenderer(w.mapv).(*mapRenderer)
	for _, id := range []string{"lavrov-visit-ashgabat", "lavrov-visit-bishkek"} {
		p := hoverMarker(t, w, id)
		mk := w.state.DS.Marker(id)
		if !r.tip.Visible() || r.tipText.Text == "" || r.tipText.Text[:len(mk.Title)] != mk.Title {
			t.Fatalf("%s: tooltip %q (visible %v), want its title first", id, r.tipText.Text, r.tip.Visible())
		}
		tp, ts, size := r.tip.Position(), r.tip.Size(), w.mapv.Size()
		if ts.Width <= 0 || ts.Height <= 0 {
			t.Errorf("%s: the tooltip has no size: %v", id, ts)
		}
		if tp.X < 0 || tp.Y < 0 || tp.X+ts.Width > size.Width || tp.Y+ts.Height > size.Height {
			t.Errorf("%s: tooltip at %v size %v leaves the map of size %v", id, tp, ts, size)
		}
		if d := tp.Subtract(p); d.X < -ts.Width-20 || d.X > 20 || d.Y < -ts.Height-20 || d.Y > 20 {
			t.Errorf("%s: tooltip at %v is not beside the pointer at %v", id, tp, p)
		}
	}
	w.mapv.MouseOut()
	if r.tip.Visible() {
		t.Error("the tooltip is still shown after the pointer left the map")
	}
}

// TestMapLayoutDoesNotRefresh checks that laying the map out only places
// and sizes its objects: a hover the widget was not refreshed for changes
// neither the tooltip's text nor whether it shows, and nothing is
// refreshed but the canvas objects it resized, which Fyne redraws itself.
// The Refresh that follows the change shows it.
func TestMapLayoutDoesNotRefresh(t *testing.T) {
	w := newTestWindow(t)
	r := test.WidgetRenderer(w.mapv).(*mapRenderer)
	hoverMarker(t, w, "lavrov-visit-bishkek")
	other := w.mapv.hover
	hoverMarker(t, w, "lavrov-visit-ashgabat")
	text := r.tipText.Text

	size := w.mapv.Size()
	for _, h := range []hit{noHit, other} {
		// The hover changes behind the renderer's back.
		w.mapv.hover = h
		for _, s := range []fyne.Size{size, size.Subtract(fyne.NewSize(300, 200)), size} {
			sizes := map[fyne.CanvasObject]fyne.Size{}
			for _, o := range r.Objects() {
				sizes[o] = o.Size()
			}
			got := refreshesDuring(func() { r.Layout(s) })
			for _, o := range got {
				// Fyne's canvas objects redraw themselves when resized.
				if was, ok := sizes[o]; !ok || was == o.Size() {
					t.Errorf("Layout(%v) refreshed %T %p, which it did not resize", s, o, o)
				}
			}
			if !r.tip.Visible() || r.tipText.Text != text {
				t.Fatalf("Layout(%v) changed the tooltip to %q (visible %v)", s, r.tipText.Text, r.tip.Visible())
			}
			tp, ts := r.tip.Position(), r.tip.Size()
			if tp.X < 0 || tp.Y < 0 || tp.X+ts.Width > s.Width || tp.Y+ts.Height > s.Height {
				t.Errorf("Layout(%v) left the tooltip at %v size %v outside", s, tp, ts)
			}
		}
	}
	w.mapv.Refresh()
	if title := other.marker.Title; !r.tip.Visible() || r.tipText.Text[:len(title)] != title {
		t.Errorf("after Refresh the tooltip is %q (visible %v), want %q first", r.tipText.Text, r.tip.Visible(), title)
	}
	w.mapv.hover = noHit
	w.mapv.Refresh()
	if r.tip.Visible() {
		t.Error("Refresh did not hide the tooltip of a hover that ended")
	}
}

// focusedCitation returns citation ci of marker id in a fresh copy of
// the dataset; the source view uses only its span.
func focusedCitation(t *testing.T, id string, ci int) *data.Citation {
	t.Helper()
	c := mustMarker(t, newDefaultState(t), id).Citations[ci]
	return &c
}

// passageShown reports whether the first word of passage i of v lies in
// the part of the source the scroll shows.
func passageShown(t *testing.T, v *sourceView, i int) bool {
	t.Helper()
	para, pos, ok := v.passagePos(i)
	if !ok {
		t.Fatalf("passage %d is not laid out", i)
	}
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(v.scroll).Y
	y := d.AbsolutePositionForObject(para).Y + pos.Y
	return y >= top && y < top+v.scroll.Size().Height
}

// TestSourceViewScrollsToFocus checks that a source opened on a citation
// shows its passage once the window has its size, keeps it in sight when
// the window is resized, scrolls to the next citation it is focused on,
// and leaves the scrolling to the user once they scroll.
func TestSourceViewScrollsToFocus(t *testing.T) {
	_, v := openTestSource(t, "tour", focusedCitation(t, "meeting-moscow-afghan-talks", 0))
	i := mustPassage(t, v, "Meanwhile, Moscow is hosting")
	if v.scroll.Offset.Y <= 0 || !passageShown(t, v, i) {
		t.Fatalf("opened at offset %v, the focused passage is not shown", v.scroll.Offset)
	}
	if c := v.scroll.Content; c.Size().Height < c.MinSize().Height {
		t.Errorf("the content is %v high, its paragraphs need %v", c.Size().Height, c.MinSize().Height)
	}

	v.win.Resize(fyne.NewSize(420, 520))
	if !passageShown(t, v, i) {
		t.Errorf("after a resize to a narrow window the focused passage is not shown (offset %v)", v.scroll.Offset)
	}

	// The evidence panel opens the source again on another citation.
	j := mustPassage(t, v, "Russian Foreign Minister Sergei Lavrov")
	if passageShown(t, v, j) {
		t.Fatal("the second passage is shown already; the test needs one out of sight")
	}
	if again := showSource(v.s, v.src, focusedCitation(t, "lavrov-visit-bishkek", 2), nil); again != v {
		t.Fatal("opening the open source made another window")
	}
	if !passageShown(t, v, j) || v.focusPassage != j || !v.emphasised(j) {
		t.Errorf("refocused: passage %d shown %v, focused passage %d; want %d shown and emphasised",
			j, passageShown(t, v, j), v.focusPassage, j)
	}

	// Once the user scrolls, a resize leaves the offset to them.
	v.scroll.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -200)})
	if v.focusPara >= 0 {
		t.Error("the view still follows the focused paragraph after the user scrolled")
	}
	off := v.scroll.Offset
	v.win.Resize(fyne.NewSize(430, 520))
	if v.scroll.Offset != off {
		t.Errorf("a resize after the user scrolled moved the offset from %v to %v", off, v.scroll.Offset)
	}
}

// TestSourceLayoutDoesNotScroll checks that laying the source out only
// places and sizes its objects: a pending scroll target is not applied,
// the scroll's content keeps its size, nothing is refreshed, and a
// paragraph's renderer keeps the objects it drew.
func TestSourceLayoutDoesNotScroll(t *testing.T) {
	_, v := openTestSource(t, "tour", focusedCitation(t, "meeting-moscow-afghan-talks", 0))
	off, content := v.scroll.Offset, v.scroll.Content.Size()
	v.focusPara = 0 // a target the view has not scrolled to
	body := v.body.Size()
	for _, s := range []fyne.Size{body, fyne.NewSize(body.Width, 10), body} {
		got := refreshesDuring(func() { v.body.Layout.Layout(v.body.Objects, s) })
		if len(got) > 0 {
			t.Errorf("laying the body out at %v refreshed %d objects, the first a %T", s, len(got), got[0])
		}
		if v.scroll.Offset != off || v.scroll.Content.Size() != content {
			t.Fatalf("laying the body out at %v moved the scroll to %v, content %v (was %v, %v)",
				s, v.scroll.Offset, v.scroll.Content.Size(), off, content)
		}
	}

	p := v.paras[0]
	r := test.WidgetRenderer(p)
	before := slices.Clone(r.Objects())
	if got := refreshesDuring(func() { r.Layout(p.Size()) }); len(got) > 0 {
		t.Errorf("laying a paragraph out refreshed %d objects", len(got))
	}
	if !slices.Equal(r.Objects(), before) {
		t.Error("laying a paragraph out rebuilt its objects")
	}

	// The target is applied by the code that changes state.
	v.scrollToFocus()
	if v.scroll.Offset.Y >= off.Y {
		t.Errorf("scrolling to the first paragraph left the offset at %v (was %v)", v.scroll.Offset, off)
	}
}
