package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
)

// TestColumnsUseTheRoom checks the window's columns at the sizes users
// try: the list and the evidence panel keep a readable width and, on a
// large screen, the map gets the rest; once the user drags a divider, a
// resize keeps it.
func TestColumnsUseTheRoom(t *testing.T) {
	w := newTestWindow(t)
	for _, width := range []float32{1024, 1366, 1400, 2560} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			w.win.Resize(fyne.NewSize(width, 900))
			list := w.tabs.Size().Width
			panel := w.panel.Object().Size().Width
			mapW := w.mapv.Size().Width
			if list < listMin-1 || list > listMax+1 {
				t.Errorf("the list is %.0f wide; want %d to %d", list, listMin, listMax)
			}
			// At 1024 the map's own minimum width (the timeline's controls)
			// takes a little from the panel.
			if panel < panelMin-30 || panel > panelMax+1 {
				t.Errorf("the evidence panel is %.0f wide; want %d to %d", panel, panelMin, panelMax)
			}
			if width >= 2000 && mapW < 0.55*width {
				t.Errorf("at %.0f the map is only %.0f wide", width, mapW)
			}
		})
	}
	w.columns.outer.SetOffset(0.4)
	w.win.Resize(fyne.NewSize(1800, 900))
	if got := w.columns.outer.Offset; got != 0.4 {
		t.Errorf("after the user moved the divider to 0.4, a resize set it to %.2f", got)
	}
}
