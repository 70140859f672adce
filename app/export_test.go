package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"casmap/data"
)

func TestExportDialogWritesInBackground(t *testing.T) {
	w := newTestWindow(t)
	e := w.openExportDialog()
	e.preset.SetSelectedIndex(presetIndex("web"))
	e.title.SetText("Dialog export")
	e.world.SetChecked(true)
	done := make(chan struct{})
	e.done = func() { close(done) }
	path := filepath.Join(t.TempDir(), "dialog.png")
	e.gate = make(chan struct{}) // hold the export while its progress is checked
	e.run(path)
	if !e.busy || !e.export.Disabled() || !e.progress.Visible() {
		t.Error("no progress shown while exporting")
	}
	close(e.gate)
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the export did not finish")
	}
	if !strings.Contains(e.status.Text, "Wrote "+path) {
		t.Errorf("status %q", e.status.Text)
	}
	for _, f := range []string{path, strings.TrimSuffix(path, ".png") + ".pgw", strings.TrimSuffix(path, ".png") + ".prj"} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
	// The choices are remembered.
	e.d.Hide()
	e.save()
	e2 := w.openExportDialog()
	if e2.title.Text != "Dialog export" || Presets[e2.preset.SelectedIndex()].Name != "web" || !e2.world.Checked {
		t.Errorf("choices not remembered: %q %d %v", e2.title.Text, e2.preset.SelectedIndex(), e2.world.Checked)
	}
}

func TestExportShortcut(t *testing.T) {
	w := newTestWindow(t)
	test.FocusNext(w.win.Canvas())
	w.showExportDialog()
	if w.win.Canvas().Overlays().Top() == nil {
		t.Fatal("File > Export map did not open a dialog")
	}
}

func TestBuildFigureLegendMatchesDrawn(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	f := DefaultFilter()
	opts := ExportOptions{Width: 1200, Height: 800, DPI: 96, Legend: true, Key: true, Kinds: []data.Kind{data.KindBase, data.KindVisit}}
	fig, err := BuildFigure(ds, f, opts, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	inKinds := false
	for _, it := range fig.Legend {
		switch {
		case it.Heading != "":
			inKinds = it.Heading == "Kinds"
		case inKinds:
			kinds = append(kinds, it.Text)
		}
	}
	if strings.Join(kinds, ",") != "Base,Visit" {
		t.Errorf("legend kinds %v, want Base and Visit only", kinds)
	}
	if len(fig.Key) != len(fig.Marks) || len(fig.Key) != 5 {
		t.Errorf("%d key entries for %d marks, want 5 each (2 bases, 3 visits)", len(fig.Key), len(fig.Marks))
	}
	for i, k := range fig.Key {
		if k.Number != i+1 || fig.Marks[i].Label == "" || k.Quote == "" || !strings.HasPrefix(k.Source, "[") {
			t.Errorf("key entry %d: %+v (mark label %q)", i, k, fig.Marks[i].Label)
		}
	}
	if len(fig.Attribution) < 2 || !strings.Contains(fig.Attribution[0], "Natural Earth") || !strings.Contains(fig.Attribution[1], "[A]") {
		t.Errorf("attribution %q", fig.Attribution)
	}
}
