package app

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// TestEdgeArrowsMergeAndKeepClear zooms in on Dushanbe, where most
// markers are outside the view: every one of them is counted by exactly
// one arrow, arrows keep apart, and none covers the zoom buttons, the
// scale bar, the attribution or the on-map legend.
func TestEdgeArrowsMergeAndKeepClear(t *testing.T) {
	w := newTestWindow(t)
	for _, legend := range []bool{false, true} {
		if legend != w.legend.on {
			w.mapv.TypedRune('l')
		}
		for _, zoom := range []float64{7, 9, 11} {
			w.mapv.SetView(orb.Point{68.78, 38.56}, zoom)
			v := w.mapv.view
			l := w.scene.layoutFor(v)
			off := 0
			for _, i := range w.scene.visible {
				x, y := l.pos[i][0], l.pos[i][1]
				if x < 0 || y < 0 || x > float64(v.Width) || y > float64(v.Height) {
					off++
				}
			}
			counted := 0
			for k, a := range l.arrows {
				counted += len(a.items)
				for _, b := range l.arrows[k+1:] {
					if d := math.Hypot(a.x-b.x, a.y-b.y); d < arrowSpan {
						t.Errorf("legend %v zoom %v: arrows %q and %q are %.0f apart", legend, zoom, a.label, b.label, d)
					}
				}
				for _, f := range append(w.scene.furniture, w.scene.overlay...) {
					if a.x+arrowReach > f.X0 && a.x-arrowReach < f.X1 && a.y+arrowReach/2 > f.Y0 && a.y-arrowReach/2 < f.Y1 {
						t.Errorf("legend %v zoom %v: the arrow %q at %.0f,%.0f covers %+v", legend, zoom, a.label, a.x, a.y, f)
					}
				}
			}
			if counted != off || off == 0 {
				t.Errorf("legend %v zoom %v: arrows count %d markers; %d are outside the view", legend, zoom, counted, off)
			}
			if zoom >= 9 && len(l.arrows) > 8 {
				t.Errorf("zoom %v: %d arrows; markers in the same direction should share one", zoom, len(l.arrows))
			}
			if legend && len(w.scene.overlay) == 0 {
				t.Error("the legend's card is not given to the arrows to avoid")
			}
		}
	}
}
