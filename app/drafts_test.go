package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"casmap/data"
)

// TestImportAcceptRejectMerge imports an article into a dataset in the
// window, accepts, rejects and merges its drafts, and undoes each.
func TestImportAcceptRejectMerge(t *testing.T) {
	def, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "brief.geojson")
	if err := def.SaveCopy(path); err != nil {
		t.Fatal(err)
	}
	loaded, err := data.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	w := newEditWindow(t, loaded)
	art := filepath.Join(t.TempDir(), "may.txt")
	text := "Title: Shoigu in Dushanbe\nPublished: 2019-05-29\n\n" +
		"A total of some 7,000 Russian troops are now stationed in Tajikistan.\n" +
		"Russian jets landed at Kant air base in Kyrgyzstan on Monday.\n"
	if err := os.WriteFile(art, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	ds := w.state.DS
	n := len(ds.Markers)
	w.importArticle(art)
	var drafts []*data.Marker
	for _, m := range ds.Markers {
		if m.Draft {
			drafts = append(drafts, m)
		}
	}
	if len(drafts) < 2 {
		t.Fatalf("%d drafts from the article", len(drafts))
	}
	src := ds.Source("shoigu-in-dushanbe")
	if src == nil || src.File == "" {
		t.Fatal("the article is not a source with its file")
	}
	if b, _ := os.ReadFile(filepath.Join(filepath.Dir(path), src.File)); string(b) != text {
		t.Fatal("the article was not copied byte for byte")
	}
	if len(w.drafts.items) != len(drafts) {
		t.Errorf("the Drafts tab lists %d, want %d", len(w.drafts.items), len(drafts))
	}
	// Accept the first, reject the next, undo both.
	first, second := drafts[0], drafts[1]
	w.state.Select(first, false)
	w.drafts.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if m := ds.Marker(first.ID); first.Corroborates == "" && (m == nil || m.Draft) {
		t.Fatal("Enter did not accept the draft")
	}
	w.state.Select(ds.Marker(second.ID), false)
	w.drafts.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if ds.Marker(second.ID) != nil {
		t.Fatal("Delete did not reject the draft")
	}
	w.undo()
	w.undo()
	if ds.Marker(second.ID) == nil || (ds.Marker(first.ID) != nil && !ds.Marker(first.ID).Draft) {
		t.Fatal("undo did not bring the drafts back")
	}
	// The figure that disagrees shows in the panel.
	var dis *data.Marker
	for _, m := range ds.Markers {
		if m.Draft && m.Disagrees != "" {
			dis = m
		}
	}
	if dis == nil {
		t.Fatal("no draft disagrees with the 7,500 troops")
	}
	w.state.Select(dis, false)
	var text2 []string
	walk(w.panel.Object(), func(o fyne.CanvasObject) { text2 = append(text2, labelText(o)) })
	if all := strings.Join(text2, "\n"); !strings.Contains(all, "Sources disagree") || !strings.Contains(all, "7,500") {
		t.Errorf("the panel does not show the disagreement:\n%s", all)
	}
	// A draft that corroborates a marker is merged into it on accept.
	var corr *data.Marker
	for _, m := range ds.Markers {
		if m.Draft && m.Corroborates != "" {
			corr = m
		}
	}
	if corr == nil {
		t.Fatal("no draft corroborates a marker (Kant air base)")
	}
	target := ds.Marker(corr.Corroborates)
	nc := len(target.Citations)
	w.acceptDraft(corr)
	if ds.Marker(corr.ID) != nil || len(ds.Marker(target.ID).Citations) != nc+1 {
		t.Fatal("accepting a corroborating draft did not merge it into its marker")
	}
	w.undo()
	if ds.Marker(corr.ID) == nil || len(ds.Marker(target.ID).Citations) != nc {
		t.Fatal("undo did not split the merge")
	}
	w.undo() // the import
	if len(ds.Markers) != n || ds.Source("shoigu-in-dushanbe") != nil {
		t.Fatal("undoing the import left drafts or the source")
	}
}

// labelText is the text of a label or rich text, or "".
func labelText(o fyne.CanvasObject) string {
	switch x := o.(type) {
	case *widget.Label:
		return x.Text
	case *widget.RichText:
		return x.String()
	}
	return ""
}
