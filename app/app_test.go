package app

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"casmap/app/mapmodel"
	"casmap/data"
)

func TestOpenBadFileKeepsDataset(t *testing.T) {
	w := newTestWindow(t)
	before := w.state.DS
	path := filepath.Join("..", "data", "testdata", "bad", "unknown-kind.geojson")
	ds, err := data.Load(path)
	if err == nil {
		t.Fatal("the bad file loaded")
	}
	w.opened(path, ds, err)
	if w.state.DS != before {
		t.Fatal("a bad file replaced the dataset")
	}
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shows the problems")
	}
	var text []string
	walk(top, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			text = append(text, l.Text)
		}
	})
	all := strings.Join(text, "\n")
	for _, want := range []string{"unknown-kind.geojson", "properties.kind", "the current dataset stays open"} {
		if !strings.Contains(all, want) {
			t.Errorf("the dialog lacks %q:\n%s", want, all)
		}
	}
}

func TestOpenGoodFileReplacesDataset(t *testing.T) {
	w := newTestWindow(t)
	w.state.Select(w.state.DS.Markers[0], false)
	path := filepath.Join("..", "data", "testdata", "good", "casmap.geojson")
	ds, err := data.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	w.opened(path, ds, err)
	if w.state.DS != ds || w.state.Selected != nil {
		t.Fatal("the new dataset did not replace the old one")
	}
	if got := len(w.scene.items); got != len(ds.Markers) {
		t.Errorf("the map shows %d markers, want %d", got, len(ds.Markers))
	}
	if !strings.Contains(w.win.Title(), ds.Title) {
		t.Errorf("title %q does not name the dataset", w.win.Title())
	}
}

func TestPreferencesRemembered(t *testing.T) {
	w := newTestWindow(t)
	w.mapv.zoomCenter(1)
	w.state.UpdateFilter(func(f *Filter) { f.HiddenKinds[data.KindThreat] = true; f.Route = false })
	v := w.mapv.view

	// A second window of the same app starts where the first left off.
	w2 := newMainWindow(fyne.CurrentApp(), w.state.DS, Info{})
	defer w2.scene.tiles.Close()
	w2.win.Resize(fyne.NewSize(1400, 900))
	if !w2.state.Filter.HiddenKinds[data.KindThreat] || w2.state.Filter.Route {
		t.Errorf("layer choices not remembered: %+v", w2.state.Filter)
	}
	if c := w2.mapv.view; c.Zoom != v.Zoom || c.Center != v.Center {
		t.Errorf("view %+v, want %+v", c, v)
	}
}

// TestThemeSwitchRedrawsShading switches from dark to light and checks
// that the alliance shading takes the light palette at once.
func TestThemeSwitchRedrawsShading(t *testing.T) {
	w := newTestWindow(t)
	w.setTheme("dark")
	dark := mapmodel.AllianceFills(w.state.DS, true, true)
	for iso, c := range dark {
		if w.scene.fills[iso] != c {
			t.Fatalf("dark theme: %s shaded %v, want %v", iso, w.scene.fills[iso], c)
		}
	}
	w.setTheme("light")
	light := mapmodel.AllianceFills(w.state.DS, true, false)
	for iso, c := range light {
		if w.scene.fills[iso] != c {
			t.Errorf("after switching to light: %s shaded %v, want %v", iso, w.scene.fills[iso], c)
		}
	}
}

// TestOpenRecent opens a dataset and finds it under File → Open recent and
// in the Open dialog; the overview names its file.
func TestOpenRecent(t *testing.T) {
	w := newTestWindow(t)
	path, _ := filepath.Abs(filepath.Join("..", "data", "testdata", "good", "casmap.geojson"))
	ds, err := data.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	w.opened(path, ds, nil)
	items := w.recentItem.ChildMenu.Items
	if len(items) == 0 || items[0].Label != path {
		t.Fatalf("Open recent lists %v", items)
	}
	w.state.Select(nil, false)
	var text []string
	walk(w.panel.Object(), func(o fyne.CanvasObject) { text = append(text, labelText(o)) })
	if !strings.Contains(strings.Join(text, "\n"), "File: "+path) {
		t.Error("the overview does not name the dataset's file")
	}
	w.openDialog()
	var recent bool
	walk(w.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == path {
			recent = true
		}
	})
	if !recent {
		t.Error("the Open dialog does not offer the recent dataset")
	}
}
