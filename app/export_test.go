package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"casmap/app/mapmodel"
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
	if e2.title.Text != "Dialog export" || mapmodel.Presets[e2.preset.SelectedIndex()].Name != "web" || !e2.world.Checked {
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

// TestExportDialogVectorFormats exports SVG and PDF from the dialog: the
// button names the format, the world file choice is off for vectors, and
// the file starts as its format says.
func TestExportDialogVectorFormats(t *testing.T) {
	w := newTestWindow(t)
	for _, tt := range []struct {
		label, ext, magic string
	}{{"SVG", ".svg", "<?xml"}, {"PDF", ".pdf", "%PDF-"}} {
		e := w.openExportDialog()
		e.preset.SetSelectedIndex(presetIndex("web"))
		e.format.SetSelected(tt.label)
		if e.export.Text != "Export "+tt.label+"…" || !e.world.Disabled() {
			t.Errorf("%s: button %q, world file enabled %v", tt.label, e.export.Text, !e.world.Disabled())
		}
		done := make(chan struct{})
		e.done = func() { close(done) }
		path := filepath.Join(t.TempDir(), "figure"+tt.ext)
		e.run(path)
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: the export did not finish", tt.label)
		}
		b, err := os.ReadFile(path)
		if err != nil || !strings.HasPrefix(string(b), tt.magic) {
			t.Errorf("%s: %v, file starts %q; status %q", tt.label, err, string(b[:min(len(b), 8)]), e.status.Text)
		}
		e.d.Hide()
		e.save()
	}
	// The next dialog starts with the last format.
	if e := w.openExportDialog(); e.format.Selected != "PDF" {
		t.Errorf("format %q not remembered", e.format.Selected)
	}
}

// TestExportDialogTitleFollowsDataset checks that the title starts from
// the dataset's own title, not from what was typed for another dataset.
func TestExportDialogTitleFollowsDataset(t *testing.T) {
	w := newTestWindow(t)
	e := w.openExportDialog()
	if want := mapmodel.DefaultTitle(w.state.DS); e.title.Text != want {
		t.Errorf("title %q, want the dataset's %q", e.title.Text, want)
	}
	e.title.SetText("Typed for the embedded dataset")
	e.d.Hide()
	e.save()
	other := *w.state.DS
	other.Path, other.Title = filepath.Join(t.TempDir(), "other.geojson"), "Another dataset"
	w.state.DS = &other
	if e := w.openExportDialog(); e.title.Text != "Another dataset" {
		t.Errorf("title %q for another dataset, want its own title", e.title.Text)
	}
}
