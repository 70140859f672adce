package app

import (
	"testing"

	"casmap/data"
)

// TestMapLegendShowsWhatIsDrawn checks the on-map legend: L shows it with
// the kinds, statuses and actors of the markers in view, a filter or a
// view without some of them drops their rows, and L again hides it.
func TestMapLegendShowsWhatIsDrawn(t *testing.T) {
	w := newTestWindow(t)
	if w.legend.obj.Visible() {
		t.Fatal("the legend is shown before it was asked for")
	}
	w.mapv.TypedRune('l')
	if !w.legend.obj.Visible() || len(w.legend.items) == 0 {
		t.Fatalf("L did not show the legend: visible %v, %d rows", w.legend.obj.Visible(), len(w.legend.items))
	}
	if !w.app.Preferences().Bool(prefMapLegend) || !w.legendItem.Checked {
		t.Error("the choice is not remembered or not ticked in the View menu")
	}
	has := func(text string) bool {
		for _, it := range w.legend.items {
			if it.Text == text {
				return true
			}
		}
		return false
	}
	for _, want := range []string{data.KindBase.Label(), data.KindVisit.Label(), "Tour route"} {
		if !has(want) {
			t.Errorf("the legend lacks %q: %+v", want, w.legend.items)
		}
	}

	// A filter without bases drops the bases' row.
	f := w.state.Filter
	f.HiddenKinds = map[data.Kind]bool{data.KindBase: true}
	w.state.SetFilter(f)
	if has(data.KindBase.Label()) {
		t.Error("the legend still shows bases after they were filtered out")
	}

	// The card is drawn in the map's corner, inside the map.
	pos, size := w.legend.box.Position(), w.legend.box.Size()
	if pos.X < 0 || pos.Y < 0 || pos.Y+size.Height > w.mapv.Size().Height || size.Width > w.mapv.Size().Width/2 {
		t.Errorf("the legend card at %v size %v does not fit the map's corner (%v)", pos, size, w.mapv.Size())
	}
	w.mapv.TypedRune('L')
	if w.legend.obj.Visible() {
		t.Error("L again did not hide the legend")
	}
}
