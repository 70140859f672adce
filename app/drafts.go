package app

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casmap/app/mapmodel"
	"casmap/data"
	"casmap/data/extract"
	"casmap/data/gazetteer"
)

// draftsPanel lists the drafts of the dataset for review: select one to
// see it on the map and its sentence in the evidence panel; Accept
// (Enter), Reject (Delete), Edit, or Merge it into the marker it
// corroborates. Up and Down move between drafts. Every action is an
// undoable edit.
type draftsPanel struct {
	w      *mainWindow
	list   *draftList
	status *widget.Label
	obj    fyne.CanvasObject
	items  []*data.Marker
}

// newDraftsPanel returns the Drafts tab of w.
func newDraftsPanel(w *mainWindow) *draftsPanel {
	p := &draftsPanel{w: w}
	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	p.list = newDraftList(p)
	accept := widget.NewButtonWithIcon("Accept", theme.ConfirmIcon(), func() { w.acceptDraft(w.state.Selected) })
	reject := widget.NewButtonWithIcon("Reject", theme.DeleteIcon(), func() { w.rejectDraft(w.state.Selected) })
	edit := widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() { w.editSelected("") })
	imp := widget.NewButtonWithIcon("Import article…", theme.FileTextIcon(), w.importArticleDialog)
	bar := container.NewVBox(imp, container.NewGridWithColumns(3, accept, reject, edit), p.status)
	p.obj = container.NewBorder(bar, nil, nil, nil, p.list)
	p.rebuild()
	w.state.Listen(func(c Change) {
		switch c {
		case ChangeDataset, ChangeEdit:
			p.rebuild()
		case ChangeSelection:
			p.syncSelection()
		}
	})
	return p
}

// Object is the tab's widget tree.
func (p *draftsPanel) Object() fyne.CanvasObject { return p.obj }

// rebuild lists the drafts anew.
func (p *draftsPanel) rebuild() {
	p.items = p.items[:0]
	if ds := p.w.state.DS; ds != nil {
		for _, m := range ds.Markers {
			if m.Draft {
				p.items = append(p.items, m)
			}
		}
	}
	switch n := len(p.items); n {
	case 0:
		p.status.SetText("No drafts. Import an article (File › Import article…) to draft cited markers from it; each draft waits here for you to accept, edit or reject it.")
	default:
		p.status.SetText(mapmodel.Plural(n, "draft", "drafts") + " to review: Enter accepts, Delete rejects, arrows move.")
	}
	p.list.Refresh()
	p.syncSelection()
}

// syncSelection highlights the selected draft.
func (p *draftsPanel) syncSelection() {
	for i, m := range p.items {
		if m == p.w.state.Selected {
			p.list.cursor = i
			p.list.syncing = true
			p.list.Select(i)
			p.list.syncing = false
			p.list.ScrollTo(i)
			return
		}
	}
	p.list.UnselectAll()
}

// draftList is the list of drafts; it takes the review keys.
type draftList struct {
	widget.List
	p       *draftsPanel
	cursor  int
	syncing bool
}

func newDraftList(p *draftsPanel) *draftList {
	l := &draftList{p: p}
	l.Length = func() int { return len(p.items) }
	l.CreateItem = func() fyne.CanvasObject {
		t := widget.NewLabel("")
		t.TextStyle.Bold = true
		t.Truncation = fyne.TextTruncateEllipsis
		s := widget.NewLabel("")
		s.Truncation = fyne.TextTruncateEllipsis
		s.SizeName = theme.SizeNameCaptionText
		return container.New(tightVBox{}, t, s)
	}
	l.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		if id >= len(p.items) {
			return
		}
		m := p.items[id]
		c := o.(*fyne.Container)
		c.Objects[0].(*widget.Label).SetText(m.Title)
		c.Objects[1].(*widget.Label).SetText(draftSubtitle(p.w.state.DS, m))
	}
	l.OnSelected = func(id widget.ListItemID) {
		if l.syncing || id >= len(p.items) {
			return
		}
		l.cursor = id
		p.w.state.Select(p.items[id], true)
		// The review keys act on the list from here.
		if c := fyne.CurrentApp().Driver().CanvasForObject(l); c != nil {
			c.Focus(l)
		}
	}
	l.ExtendBaseWidget(l)
	return l
}

// FocusGained and FocusLost make the list focusable for its keys.
func (l *draftList) FocusGained() {}

// FocusLost does nothing.
func (l *draftList) FocusLost() {}

// TypedRune ignores typed characters.
func (l *draftList) TypedRune(rune) {}

// TypedKey reviews the draft under the cursor: Enter accepts, Delete
// rejects, Up and Down move.
func (l *draftList) TypedKey(ev *fyne.KeyEvent) {
	p := l.p
	switch ev.Name {
	case fyne.KeyUp, fyne.KeyDown:
		if len(p.items) == 0 {
			return
		}
		d := 1
		if ev.Name == fyne.KeyUp {
			d = -1
		}
		l.cursor = min(max(l.cursor+d, 0), len(p.items)-1)
		p.w.state.Select(p.items[l.cursor], true)
	case fyne.KeyReturn, fyne.KeyEnter:
		p.w.acceptDraft(p.w.state.Selected)
	case fyne.KeyDelete, fyne.KeyBackspace:
		p.w.rejectDraft(p.w.state.Selected)
	default:
		l.List.TypedKey(ev)
	}
}

// draftSubtitle says where a draft is and how it relates to the dataset.
func draftSubtitle(ds *data.Dataset, m *data.Marker) string {
	s := string(m.Kind) + " · " + m.Place
	switch {
	case m.Corroborates != "":
		if o := ds.Marker(m.Corroborates); o != nil {
			s += " · corroborates “" + truncateText(o.Title, 40) + "”"
		}
	case m.Disagrees != "":
		if o := ds.Marker(m.Disagrees); o != nil {
			s += " · sources disagree with “" + truncateText(o.Title, 40) + "”"
		}
	}
	return s
}

// nextDraft selects the draft after the one at position i, or the last.
func (w *mainWindow) nextDraft(after int) {
	for i := after; i < len(w.state.DS.Markers); i++ {
		if m := w.state.DS.Markers[i]; m.Draft {
			w.state.Select(m, true)
			return
		}
	}
	for i := min(after, len(w.state.DS.Markers)) - 1; i >= 0; i-- {
		if m := w.state.DS.Markers[i]; m.Draft {
			w.state.Select(m, true)
			return
		}
	}
}

// acceptDraft accepts draft m: it becomes a marker; one that corroborates
// a marker adds its citations there instead; one that disagrees keeps the
// link, and the other marker links back, so both show the disagreement.
func (w *mainWindow) acceptDraft(m *data.Marker) {
	if m == nil || !m.Draft {
		return
	}
	w.whenEditable(func() {
		ds := w.state.DS
		at := m.Index
		if target := ds.Marker(m.Corroborates); m.Corroborates != "" && target != nil {
			w.report(w.ed.do(mergeEdit(m, target), target.ID))
			w.nextDraft(at)
			return
		}
		acc := *m
		acc.Draft, acc.Corroborates = false, ""
		acc.Citations = append([]data.Citation(nil), m.Citations...)
		edits := []data.Edit{&data.SetMarker{ID: m.ID, New: &acc}}
		if o := ds.Marker(m.Disagrees); o != nil && o.Disagrees == "" {
			back := *o
			back.Disagrees = m.ID
			back.Citations = append([]data.Citation(nil), o.Citations...)
			edits = append(edits, &data.SetMarker{ID: o.ID, New: &back})
		}
		w.report(w.ed.do(&data.Composite{Label: "accept draft " + truncateText(m.Title, 50), Edits: edits}, m.ID))
		w.nextDraft(at + 1)
	})
}

// mergeEdit adds the citations of draft m to target and removes the draft.
func mergeEdit(m, target *data.Marker) data.Edit {
	var edits []data.Edit
	for _, c := range m.Citations {
		edits = append(edits, &data.AddCitation{ID: target.ID, Citation: data.Citation{Source: c.Source, Quote: c.Quote}})
	}
	edits = append(edits, &data.RemoveMarker{ID: m.ID})
	return &data.Composite{Label: "merge draft into " + truncateText(target.Title, 50), Edits: edits}
}

// rejectDraft deletes draft m.
func (w *mainWindow) rejectDraft(m *data.Marker) {
	if m == nil || !m.Draft {
		return
	}
	w.whenEditable(func() {
		at := m.Index
		w.report(w.ed.do(&data.Composite{Label: "reject draft " + truncateText(m.Title, 50), Edits: []data.Edit{&data.RemoveMarker{ID: m.ID}}}, ""))
		w.nextDraft(at)
	})
}

// mergeDraftDialog merges the selected draft into a marker the user picks
// among those of its kind.
func (w *mainWindow) mergeDraftDialog() {
	m := w.state.Selected
	if m == nil || !m.Draft {
		w.report(errors.New("select a draft to merge first"))
		return
	}
	var targets []*data.Marker
	var names []string
	for _, o := range w.state.DS.Markers {
		if !o.Draft && o.Kind == m.Kind {
			targets = append(targets, o)
			names = append(names, truncateText(o.Title, 70))
		}
	}
	if len(targets) == 0 {
		w.report(fmt.Errorf("no marker of the kind %s to merge the draft into", m.Kind))
		return
	}
	sel := widget.NewSelect(names, nil)
	sel.SetSelectedIndex(0)
	dialog.ShowCustomConfirm("Merge draft into…", "Merge", "Cancel", sel, func(ok bool) {
		if ok {
			t := targets[sel.SelectedIndex()]
			w.whenEditable(func() { w.report(w.ed.do(mergeEdit(m, t), t.ID)) })
		}
	}, w.win)
}

// importArticleDialog asks for an article file and imports it (File →
// Import article…).
func (w *mainWindow) importArticleDialog() {
	w.whenEditable(func() {
		w.askPath("Import article", "", false, []string{".txt", ".md"}, w.importArticle)
	})
}

// importArticle drafts the article at path into the dataset: its text is
// copied into sources/ byte for byte (decoded to UTF-8 when it was not),
// and the source and its drafts are added as one undoable edit.
func (w *mainWindow) importArticle(path string) {
	a, err := extract.ReadArticle(path)
	if err != nil {
		w.report(err)
		return
	}
	ds := w.state.DS
	src := extract.Source(a, extract.Header{}, path, ds)
	im := extract.Import(ds, src, a.Header.Body, gazetteer.Default())
	ext := strings.ToLower(filepath.Ext(path))
	rel, err := data.WriteSourceText(ds.Path, src.ID, ext, []byte(src.Text))
	if err != nil {
		w.report(err)
		return
	}
	src.File = rel
	if err := w.ed.do(im.Edit, ""); err != nil {
		w.report(err)
		return
	}
	tracef("imported %s: %d drafts, %d disagreements", path, len(im.Drafts), len(im.Conflicts))
	corr := 0
	for _, d := range im.Drafts {
		if d.Marker.Corroborates != "" {
			corr++
		}
	}
	msg := fmt.Sprintf("%s drafted from “%s”: %d corroborate markers already there, %d disagree with one. Review them in the Drafts tab: Enter accepts, Delete rejects.",
		mapmodel.Plural(len(im.Drafts), "marker", "markers"), src.Title, corr, len(im.Conflicts))
	if a.Decoded != "" {
		msg += " The file was not UTF-8; it was read as " + a.Decoded + "."
	}
	for _, c := range im.Conflicts {
		msg += fmt.Sprintf("\nSources disagree: “%s” and “%s”: %s.", c.Draft.Title, c.Marker.Title, c.Reason)
	}
	if w.tabs != nil {
		w.tabs.SelectIndex(2)
	}
	if len(im.Drafts) > 0 {
		w.state.Select(ds.Marker(im.Drafts[0].Marker.ID), true)
	}
	d := dialog.NewInformation("Article imported", msg, w.win)
	d.Show()
}
