package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"casmap/data"
	"casmap/data/layers"
)

// TestLayerPickAndDraft adds an ACLED-style layer, clicks one of its
// points, reads its properties under the "not evidence" heading, and makes
// a draft marker of it that cites the row's notes.
func TestLayerPickAndDraft(t *testing.T) {
	w, _ := openCopy(t)
	csv := filepath.Join(t.TempDir(), "acled.csv")
	os.WriteFile(csv, []byte("event_date,event_type,actor1,location,latitude,longitude,notes,source\n"+
		"2021-07-05,Strategic developments,Military Forces of Tajikistan,Steppe post,48.0,60.0,\"On 5 July 2021, border guards reinforced a post.\",Asia-Plus\n"), 0o644)
	w.addLayerFile(csv)
	if len(w.state.Layers) != 1 || len(w.state.Layers[0].Layer.Features) != 1 {
		t.Fatalf("layers %+v", w.state.Layers)
	}
	// The Layers tab lists it.
	var listed bool
	walk(w.layer.Object(), func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok && strings.HasPrefix(c.Text, "acled.csv (CSV, 1 feature)") {
			listed = true
		}
	})
	if !listed {
		t.Error("the Layers tab does not list the layer")
	}
	w.mapv.SetView(orb.Point{60, 48}, 6)
	x, y := w.mapv.view.Project(orb.Point{60, 48})
	w.mapv.Tapped(&fyne.PointEvent{Position: fyne.NewPos(float32(x), float32(y))})
	if w.state.Picked.View == nil {
		t.Fatal("clicking the layer point did not pick it")
	}
	var text []string
	var makeDraft *widget.Button
	walk(w.panel.Object(), func(o fyne.CanvasObject) {
		text = append(text, labelText(o))
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, "Make a draft marker") {
			makeDraft = b
		}
	})
	all := strings.Join(text, "\n")
	if !strings.Contains(all, "Uncited layer: not evidence") || !strings.Contains(all, "Military Forces of Tajikistan") {
		t.Fatalf("the panel does not show the layer feature:\n%s", all)
	}
	test.Tap(makeDraft)
	var d *data.Marker
	for _, m := range w.state.DS.Markers {
		if m.Draft {
			d = m
		}
	}
	if d == nil {
		t.Fatal("no draft made from the layer feature")
	}
	src := w.state.DS.Source(d.Citations[0].Source)
	if src == nil || src.Text != "On 5 July 2021, border guards reinforced a post." || src.Published != "2021-07-05" || d.Kind != data.KindDeployment {
		t.Fatalf("draft %+v cites %+v", d, src)
	}
	if probs := data.Validate(w.state.DS); len(probs) > 0 {
		t.Fatalf("invalid after the draft: %v", probs[0])
	}
	w.undo()
	if w.state.DS.Marker(d.ID) != nil || w.state.DS.Source(src.ID) != nil {
		t.Fatal("undo left the draft or its source")
	}
}

func TestLayerHiddenIsNotPicked(t *testing.T) {
	w, _ := openCopy(t)
	l := &layers.Layer{Name: "p.geojson", Format: "GeoJSON", Features: []layers.Feature{{Geometry: orb.Point{60, 48}, Props: map[string]any{}}}}
	v := w.state.AddLayer(l)
	v.Visible = false
	w.mapv.SetView(orb.Point{60, 48}, 6)
	x, y := w.mapv.view.Project(orb.Point{60, 48})
	w.mapv.Tapped(&fyne.PointEvent{Position: fyne.NewPos(float32(x), float32(y))})
	if w.state.Picked.View != nil {
		t.Fatal("a hidden layer was picked")
	}
}

func TestDropFiles(t *testing.T) {
	w, _ := openCopy(t)
	w.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(filepath.Join("..", "data", "layers", "testdata", "mymaps.kml"))})
	if len(w.state.Layers) != 1 || w.state.Layers[0].Layer.Format != "KML" {
		t.Fatalf("a dropped KML file is not a layer: %+v", w.state.Layers)
	}
}
