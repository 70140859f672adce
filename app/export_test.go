package app

import (
	"casmap/app/mapmodel"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
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
