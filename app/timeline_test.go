package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

// TestTimelineDragPlayClear drags a range on the timeline, which sets the
// date filter; a click clears it; Play steps the end of the range forward
// until the whole span is shown again.
func TestTimelineDragPlayClear(t *testing.T) {
	w := newTestWindow(t)
	tl := w.timeline
	if tl.from.IsZero() || !strings.Contains(tl.undated.Text, "undated") {
		t.Fatalf("timeline span %v–%v, undated %q", tl.from, tl.to, tl.undated.Text)
	}
	width := tl.Size().Width
	if width <= 0 {
		t.Fatal("the timeline was not laid out")
	}
	x0, x1 := tl.x(time.Date(2019, 2, 1, 0, 0, 0, 0, time.UTC), width), tl.x(time.Date(2019, 2, 6, 0, 0, 0, 0, time.UTC), width)
	tl.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x1, 10)}, Dragged: fyne.NewDelta(x1-x0, 0)})
	tl.DragEnd()
	f := w.state.Filter
	if f.From.IsZero() || f.To.IsZero() || f.From.After(time.Date(2019, 2, 2, 0, 0, 0, 0, time.UTC)) || f.To.Before(time.Date(2019, 2, 5, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("the drag set the dates %v – %v", f.From, f.To)
	}
	shown := len(w.state.Visible())
	if shown == len(w.state.DS.Markers) {
		t.Error("the date range hides no marker")
	}
	tl.Tapped(&fyne.PointEvent{})
	if !w.state.Filter.From.IsZero() || !w.state.Filter.To.IsZero() {
		t.Fatal("a click did not clear the dates")
	}
	// Play, with the timer run at once.
	var queued []func()
	tl.after = func(d time.Duration, f func()) { queued = append(queued, f) }
	tl.togglePlay()
	steps := 0
	ends := map[time.Time]bool{}
	for len(queued) > 0 && steps < 100 {
		f := queued[0]
		queued = queued[1:]
		f()
		ends[w.state.Filter.To] = true
		steps++
	}
	if steps < playSteps/2 || len(ends) < playSteps/2 {
		t.Errorf("Play took %d steps through %d dates", steps, len(ends))
	}
	if tl.playing || !w.state.Filter.To.IsZero() {
		t.Error("Play did not end with every marker shown")
	}
}
