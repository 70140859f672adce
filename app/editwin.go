package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"casmap/data"
	"casmap/data/recovery"
)

// pathAsker asks the user for a file: to save (a new name, suggested
// first) or to open (one of exts). then receives the path, or is not called
// when the user cancels.
type pathAsker func(title, suggest string, save bool, exts []string, then func(path string))

// chooser asks the user to pick one of choices (the first is the default
// button); then receives its index, or -1 when the dialog is dismissed.
type chooser func(title, message string, choices []string, then func(int))

// editMenu is the Edit menu and its items whose labels follow the history.
type editMenu struct {
	menu       *fyne.Menu
	undo, redo *fyne.MenuItem
}

// setUpEditing joins the editor to the window: commands, keys, the close
// and quit prompts, the journal, and the offer to restore a journal.
func (w *mainWindow) setUpEditing() {
	w.ed = newEditor(w.state)
	w.ed.onChange = w.editChanged
	if w.askPath == nil {
		w.askPath = w.fileDialog
	}
	if w.choose == nil {
		w.choose = w.choiceDialog
	}
	w.state.Command = w.command
	w.mapv.OnMove = func(mk *data.Marker, to orb.Point) {
		w.whenEditable(func() { w.report(w.ed.do(&data.MoveMarker{ID: mk.ID, To: to}, mk.ID)) })
	}
	w.mapv.OnDelete = w.deleteSelected
	w.list.onDelete = w.deleteSelected
	w.list.onFit = w.mapv.fitMarkers
	w.state.Listen(func(c Change) {
		if c == ChangeDataset {
			w.ed.reset(false)
		}
	})
	w.win.SetCloseIntercept(func() { w.confirmUnsaved("closing", w.closeNow) })
	w.ed.startJournal()
}

// closeNow closes the window and quits, with no more questions.
func (w *mainWindow) closeNow() {
	w.ed.stopJournal()
	w.prefs.saveWindowSize(w.win.Canvas().Size())
	w.win.SetCloseIntercept(nil)
	w.win.Close()
	w.app.Quit()
}

// editChanged follows the history: the title's unsaved mark and the Edit
// menu's names.
func (w *mainWindow) editChanged() {
	w.win.SetTitle(w.title())
	if w.edit == nil {
		return
	}
	if n := w.ed.hist.UndoName(); n != "" {
		w.edit.undo.Label, w.edit.undo.Disabled = "Undo "+n, false
	} else {
		w.edit.undo.Label, w.edit.undo.Disabled = "Undo", true
	}
	if n := w.ed.hist.RedoName(); n != "" {
		w.edit.redo.Label, w.edit.redo.Disabled = "Redo "+n, false
	} else {
		w.edit.redo.Label, w.edit.redo.Disabled = "Redo", true
	}
	w.edit.menu.Refresh()
}

// title is the window's title: the app, the dataset file with a mark while
// it has unsaved changes, and the dataset's title.
func (w *mainWindow) title() string {
	t := "casmap"
	if w.info.Version != "" {
		t += " " + w.info.Version
	}
	if w.ed == nil || w.state.DS == nil {
		return windowTitle(w.state.DS, w.info)
	}
	name := w.ed.fileName()
	if w.ed.readOnly() {
		name += " (read-only)"
	} else if w.ed.dirty() {
		name = "• " + name + " (unsaved changes)"
	}
	t += " — " + name
	if ds := w.state.DS; ds.Title != "" {
		t += " — " + ds.Title
	}
	return t
}

// command runs a named command, for the source windows' keys and buttons.
func (w *mainWindow) command(name string) {
	switch name {
	case "new-marker":
		w.newMarkerFromSelection()
	case "add-citation":
		w.addSelectionAsCitation()
	case "undo":
		w.undo()
	case "redo":
		w.redo()
	case "save":
		w.save()
	case "edit-marker":
		w.editSelected("")
	case "accept-draft":
		w.acceptDraft(w.state.Selected)
	case "reject-draft":
		w.rejectDraft(w.state.Selected)
	case "merge-draft":
		w.mergeDraftDialog()
	case "layer-draft":
		w.layerDraft()
	default:
		if f, ok := strings.CutPrefix(name, "edit-marker:"); ok {
			w.editSelected(f)
		}
		if f, ok := strings.CutPrefix(name, "remove-citation:"); ok {
			if i, err := strconv.Atoi(f); err == nil {
				w.removeCitation(i)
			}
		}
	}
}

// report shows err in a dialog when it is not nil.
func (w *mainWindow) report(err error) {
	if err == nil {
		return
	}
	tracef("error: %v", err)
	dialog.ShowError(err, w.win)
}

// whenEditable runs then now when the dataset can be edited; on the
// embedded, read-only dataset it first asks to save a copy, dataset and
// source texts, and runs then on the copy once it is saved.
func (w *mainWindow) whenEditable(then func()) {
	if !w.ed.readOnly() {
		then()
		return
	}
	w.choose("Save a copy to edit",
		"The embedded dataset is read-only. To change it, casmap saves a copy of it and of its source texts under a name you choose, then edits the copy.",
		[]string{"Save a copy…", "Cancel"}, func(i int) {
			if i != 0 {
				return
			}
			w.askPath("Save a copy of the dataset", "casmap-dataset.geojson", true, []string{".geojson"}, func(path string) {
				if err := w.ed.saveAs(path); err != nil {
					w.report(err)
					return
				}
				w.win.SetTitle(w.title())
				then()
			})
		})
}

// confirmUnsaved runs then, first asking to save unsaved changes: Save,
// Discard or Cancel. action says what is about to happen ("closing").
func (w *mainWindow) confirmUnsaved(action string, then func()) {
	if !w.ed.dirty() {
		then()
		return
	}
	w.choose("Unsaved changes",
		fmt.Sprintf("%s has unsaved changes. Save them before %s?", w.ed.fileName(), action),
		[]string{"Save", "Discard", "Cancel"}, func(i int) {
			switch i {
			case 0:
				if w.saveOK() {
					then()
				}
			case 1:
				w.ed.discard()
				then()
			}
		})
}

// save saves the dataset (Ctrl+S); the embedded dataset is saved as a
// copy.
func (w *mainWindow) save() { w.saveOK() }

// saveOK saves and reports whether the dataset is saved; an error is shown
// and the edits stay in memory.
func (w *mainWindow) saveOK() bool {
	if w.ed.readOnly() {
		w.saveAs()
		return false
	}
	if err := w.ed.save(); err != nil {
		w.report(err)
		return false
	}
	return true
}

// saveAs saves the dataset under a new name (Ctrl+Shift+S), with its
// source texts when the folder is another.
func (w *mainWindow) saveAs() {
	suggest := "casmap-dataset.geojson"
	if !w.ed.readOnly() {
		suggest = filepath.Base(w.state.DS.Path)
	}
	w.askPath("Save dataset as", suggest, true, []string{".geojson"}, func(path string) {
		if err := w.ed.saveAs(path); err != nil {
			w.report(err)
			return
		}
		w.prefs.addRecent(path)
		w.refreshRecent()
	})
}

// undo undoes the last change (Ctrl+Z).
func (w *mainWindow) undo() {
	if !w.ed.hist.CanUndo() {
		return
	}
	_, err := w.ed.undo()
	w.report(err)
}

// redo redoes the last change undone (Ctrl+Shift+Z, Ctrl+Y).
func (w *mainWindow) redo() {
	if !w.ed.hist.CanRedo() {
		return
	}
	_, err := w.ed.redo()
	w.report(err)
}

// deleteSelected deletes the selected marker (Delete).
func (w *mainWindow) deleteSelected() {
	m := w.state.Selected
	if m == nil {
		return
	}
	w.whenEditable(func() {
		if cur := w.state.DS.Marker(m.ID); cur != nil {
			w.report(w.ed.do(&data.RemoveMarker{ID: m.ID}, ""))
		}
	})
}

// newDataset asks for a file name and creates an empty dataset there
// (Ctrl+N).
func (w *mainWindow) newDataset() {
	w.confirmUnsaved("creating a new dataset", func() {
		w.askPath("New dataset", "new-dataset.geojson", true, []string{".geojson"}, func(path string) {
			title := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
			ds, err := data.Create(path, strings.ReplaceAll(title, "-", " "))
			if err != nil {
				w.report(err)
				return
			}
			w.state.SetDataset(ds)
			w.prefs.addRecent(path)
			w.refreshRecent()
			tracef("new dataset %s", path)
		})
	})
}

// openDatasetFile opens a dataset after asking about unsaved changes.
func (w *mainWindow) openDatasetFile(path string) {
	w.confirmUnsaved("opening another dataset", func() { w.openFile(path) })
}

// offerRestore offers, when the dataset has a recovery journal newer than
// its file, to restore the unsaved changes it holds.
func (w *mainWindow) offerRestore() {
	if w.ed.readOnly() {
		return
	}
	path := w.state.DS.Path
	when, ok := recovery.Pending(path)
	if !ok {
		return
	}
	w.choose("Restore unsaved changes?",
		fmt.Sprintf("casmap stopped before the changes to %s were saved; they were kept at %s. Restore them? Discard keeps the file as it is on disk.",
			filepath.Base(path), when.Format("2 Jan 2006 15:04")),
		[]string{"Restore", "Discard"}, func(i int) {
			if i != 0 {
				recovery.Remove(path)
				return
			}
			w.restore(path)
		})
}

// restore replaces the dataset by the changes kept in its journal; they
// are unsaved until the user saves.
func (w *mainWindow) restore(path string) {
	ds, err := recovery.Load(path)
	if err != nil {
		w.report(err)
		return
	}
	w.state.SetDataset(ds)
	w.ed.reset(true)
	tracef("restored %s (%d markers)", path, len(ds.Markers))
}

// newMarkerFromSelection opens the new marker form on the passage selected
// in a source window (Ctrl+M).
func (w *mainWindow) newMarkerFromSelection() {
	p := w.state.Passage
	if p.Empty() || w.state.DS.Source(p.Source) == nil {
		w.report(errors.New("select a passage in a source first: open the source from Edit › Add source or a citation, then drag over the text"))
		return
	}
	w.whenEditable(func() {
		w.win.RequestFocus()
		w.showNewMarkerForm(p)
	})
}

// addSelectionAsCitation adds the passage selected in a source window to
// the selected marker's citations (Ctrl+Shift+M).
func (w *mainWindow) addSelectionAsCitation() {
	p, m := w.state.Passage, w.state.Selected
	switch {
	case p.Empty() || w.state.DS.Source(p.Source) == nil:
		w.report(errors.New("select a passage in a source first"))
		return
	case m == nil:
		w.report(errors.New("select the marker to cite the passage for first"))
		return
	}
	w.whenEditable(func() {
		src := w.state.DS.Source(p.Source)
		c := data.Citation{Source: src.ID, Quote: src.Text[p.Start:p.End]}
		w.report(w.ed.do(&data.AddCitation{ID: m.ID, Citation: c}, m.ID))
	})
}

// removeCitation removes citation i of the selected marker.
func (w *mainWindow) removeCitation(i int) {
	m := w.state.Selected
	if m == nil {
		return
	}
	w.whenEditable(func() { w.report(w.ed.do(&data.RemoveCitation{ID: m.ID, At: i}, m.ID)) })
}

// editSelected opens the form of the selected marker's facts.
func (w *mainWindow) editSelected(focus string) {
	m := w.state.Selected
	if m == nil {
		return
	}
	w.whenEditable(func() {
		if cur := w.state.DS.Marker(m.ID); cur != nil {
			w.showEditForm(cur, focus)
		}
	})
}

// toggleMoveMode switches the map's move mode, in which dragging a point
// marker moves it.
func (w *mainWindow) toggleMoveMode() {
	if w.mapv.tool != nil && w.mapv.tool.mode == toolMove {
		w.mapv.setTool(nil)
		return
	}
	w.whenEditable(func() {
		w.mapv.setTool(&mapTool{mode: toolMove,
			hint: "Move mode: drag a point marker to move it; drag elsewhere to pan. Escape or Edit › Move markers ends it."})
	})
}

// removeSourceDialog asks which source to remove and removes it, with the
// citations of it after a confirmation that lists the markers citing it.
func (w *mainWindow) removeSourceDialog() {
	ds := w.state.DS
	if len(ds.Sources) == 0 {
		w.report(errors.New("the dataset has no source to remove"))
		return
	}
	var names []string
	for _, s := range ds.Sources {
		names = append(names, sourceTitle(s))
	}
	sel := widget.NewSelect(names, nil)
	sel.SetSelectedIndex(0)
	dialog.ShowCustomConfirm("Remove a source", "Remove…", "Cancel", sel, func(ok bool) {
		if ok {
			w.whenEditable(func() { w.removeSource(ds.Sources[sel.SelectedIndex()].ID) })
		}
	}, w.win)
}

// removeSource removes the source id: at once when nothing cites it, and
// otherwise with its citations, after a confirmation listing the markers
// that cite it (a marker left with no citation is deleted with it).
func (w *mainWindow) removeSource(id string) {
	ds := w.state.DS
	var citing, orphans []string
	edits := []data.Edit{}
	for _, m := range ds.Markers {
		n := 0
		for _, c := range m.Citations {
			if c.Source == id {
				n++
			}
		}
		if n == 0 {
			continue
		}
		if n == len(m.Citations) {
			orphans = append(orphans, m.Title)
			edits = append(edits, &data.RemoveMarker{ID: m.ID})
		} else {
			citing = append(citing, fmt.Sprintf("%s (%s)", m.Title, citationCount(n)))
		}
	}
	src := ds.Source(id)
	if len(citing) == 0 && len(orphans) == 0 {
		w.report(w.ed.do(&data.RemoveSourceWithCitations{ID: id}, ""))
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "“%s” is cited. Removing it removes its citations too:\n", sourceTitle(src))
	for _, c := range citing {
		b.WriteString("• " + c + "\n")
	}
	for _, o := range orphans {
		b.WriteString("• " + o + " — cites nothing else, so it is deleted\n")
	}
	b.WriteString("You can undo this.")
	w.choose("Remove a cited source", b.String(), []string{"Remove source and citations", "Cancel"}, func(i int) {
		if i != 0 {
			return
		}
		edits = append(edits, &data.RemoveSourceWithCitations{ID: id})
		label := fmt.Sprintf("remove source %s", truncateText(sourceTitle(src), 50))
		w.report(w.ed.do(&data.Composite{Label: label, Edits: edits}, ""))
	})
}

// citationCount says how many citations a marker loses.
func citationCount(n int) string { return plural(n, "citation", "citations") }

// fileDialog is the pathAsker of the window: Fyne's file dialogs.
func (w *mainWindow) fileDialog(title, suggest string, save bool, exts []string, then func(string)) {
	if save {
		w.saveDialog(title, suggest, exts, then)
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			w.report(err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		then(path)
	}, w.win)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	d.Show()
}

// saveDialog asks for the folder and name of a file to write. Unlike
// Fyne's save dialog it opens nothing: the file is written later,
// atomically, by the save itself, so an existing file is never truncated
// before it is replaced. Replacing an existing file is confirmed first.
func (w *mainWindow) saveDialog(title, suggest string, exts []string, then func(string)) {
	dir := ""
	if w.ed != nil && !w.ed.readOnly() {
		dir = filepath.Dir(w.state.DS.Path)
	}
	w.saveDialogIn(title, dir, suggest, exts, then)
}

// saveDialogIn is saveDialog starting in the folder dir ("" for the home
// folder).
func (w *mainWindow) saveDialogIn(title, dir, suggest string, exts []string, then func(string)) {
	if st, err := os.Stat(dir); dir == "" || err != nil || !st.IsDir() {
		dir, _ = os.UserHomeDir()
	}
	folder := widget.NewLabel(dir)
	folder.Truncation = fyne.TextTruncateEllipsis
	name := widget.NewEntry()
	name.SetText(suggest)
	var d *dialog.CustomDialog
	choose := widget.NewButton("Choose folder…", func() {
		fd := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				dir = u.Path()
				folder.SetText(dir)
			}
		}, w.win)
		if u, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			fd.SetLocation(u)
		}
		fd.Show()
	})
	submit := func() {
		n := strings.TrimSpace(name.Text)
		if n == "" {
			return
		}
		if filepath.Ext(n) == "" && len(exts) > 0 {
			n += exts[0]
		}
		path := filepath.Join(dir, n)
		d.Hide()
		if st, err := os.Stat(path); err == nil && !st.IsDir() {
			w.choose("Replace "+n+"?",
				fmt.Sprintf("%s exists in %s. Replace it? Its present contents are kept as %s~.", n, dir, n),
				[]string{"Replace", "Cancel"}, func(i int) {
					if i == 0 {
						then(path)
					}
				})
			return
		}
		then(path)
	}
	name.OnSubmitted = func(string) { submit() }
	lab := func(s string) *widget.Label { l := widget.NewLabel(s); l.TextStyle.Bold = true; return l }
	form := container.New(layout.NewFormLayout(),
		lab("Folder"), container.NewBorder(nil, nil, nil, choose, folder),
		lab("File name"), name)
	save := widget.NewButton("Save", submit)
	save.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(title, form, w.win)
	d.SetButtons([]fyne.CanvasObject{cancel, save})
	d.Resize(fyne.NewSize(620, 0))
	d.Show()
	w.win.Canvas().Focus(name)
	tracef("asked %s", title)
}

// choiceDialog is the chooser of the window: a dialog with one button per
// choice, the first the default.
func (w *mainWindow) choiceDialog(title, message string, choices []string, then func(int)) {
	l := widget.NewLabel(message)
	l.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	chosen := -1
	var buttons []fyne.CanvasObject
	for i, c := range choices {
		b := widget.NewButton(c, func() { chosen = i; d.Hide() })
		if i == 0 {
			b.Importance = widget.HighImportance
		}
		buttons = append(buttons, b)
	}
	d = dialog.NewCustomWithoutButtons(title, container.NewPadded(l), w.win)
	d.SetButtons(buttons)
	d.SetOnClosed(func() { then(chosen) })
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	// The keyboard starts on the first choice: Space takes it, Tab moves
	// to the others.
	if len(buttons) > 0 {
		w.win.Canvas().Focus(buttons[0].(fyne.Focusable))
	}
	tracef("asked %s: %s", title, strings.Join(choices, " / "))
}

// sourceFields are the metadata fields of a source's form.
type sourceFields struct {
	title, publisher, published, url, note *widget.Entry
}

// newSourceFields returns the fields filled from s (nil for empty ones).
func newSourceFields(s *data.Source) *sourceFields {
	f := &sourceFields{title: widget.NewEntry(), publisher: widget.NewEntry(), published: widget.NewEntry(),
		url: widget.NewEntry(), note: widget.NewMultiLineEntry()}
	f.title.SetPlaceHolder("Title of the article")
	f.publisher.SetPlaceHolder("Newspaper, agency, institute")
	f.published.SetPlaceHolder("2019-02-04")
	f.url.SetPlaceHolder("https://…")
	f.note.SetMinRowsVisible(2)
	if s != nil {
		f.title.SetText(s.Title)
		f.publisher.SetText(s.Publisher)
		f.published.SetText(s.Published)
		f.url.SetText(s.URL)
		f.note.SetText(s.Note)
	}
	return f
}

// rows are the form rows of the fields.
func (f *sourceFields) rows() []fyne.CanvasObject {
	lab := func(s string) *widget.Label { l := widget.NewLabel(s); l.TextStyle.Bold = true; return l }
	return []fyne.CanvasObject{
		lab("Title"), f.title, lab("Publisher"), f.publisher, lab("Published"), f.published,
		lab("URL"), f.url, lab("Note"), f.note,
	}
}

// apply sets s's metadata from the fields.
func (f *sourceFields) apply(s *data.Source) {
	s.Title = strings.TrimSpace(f.title.Text)
	s.Publisher = strings.TrimSpace(f.publisher.Text)
	s.Published = strings.TrimSpace(f.published.Text)
	s.URL = strings.TrimSpace(f.url.Text)
	s.Note = strings.TrimSpace(f.note.Text)
}

// addSourceForm is the Add source dialog: the text from a file or pasted,
// and the metadata.
type addSourceForm struct {
	w      *mainWindow
	fields *sourceFields
	paste  *widget.Entry
	file   string // the file chosen, or ""
	text   []byte // its bytes
	fileL  *widget.Label
	errL   *widget.Label
	dlg    *dialog.CustomDialog
}

// showAddSource opens the Add source dialog (Ctrl+Shift+O).
func (w *mainWindow) showAddSource() {
	w.whenEditable(func() { w.newAddSourceForm().dlg.Show() })
}

// newAddSourceForm builds the Add source dialog.
func (w *mainWindow) newAddSourceForm() *addSourceForm {
	f := &addSourceForm{w: w, fields: newSourceFields(nil)}
	f.paste = widget.NewMultiLineEntry()
	f.paste.SetPlaceHolder("…or paste the article's text here")
	f.paste.Wrapping = fyne.TextWrapWord
	f.paste.SetMinRowsVisible(8)
	f.fileL = widget.NewLabel("No file chosen.")
	f.errL = widget.NewLabel("")
	f.errL.Importance = widget.DangerImportance
	f.errL.Wrapping = fyne.TextWrapWord
	f.errL.Hide()
	choose := widget.NewButton("Choose a .txt or .md file…", func() {
		w.askPath("Source text", "", false, []string{".txt", ".md"}, func(path string) { f.setFile(path) })
	})
	form := container.New(layout.NewFormLayout(), f.fields.rows()...)
	body := container.NewVBox(container.NewHBox(choose, f.fileL), f.paste, form, f.errL)
	scroll := container.NewVScroll(body)
	scroll.SetMinSize(fyne.NewSize(620, 540))
	add := widget.NewButton("Add source", f.submit)
	add.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { f.dlg.Hide() })
	f.dlg = dialog.NewCustomWithoutButtons("Add source", scroll, w.win)
	f.dlg.SetButtons([]fyne.CanvasObject{cancel, add})
	w.addSrc = f
	return f
}

// setFile reads the source text from path, unchanged.
func (f *addSourceForm) setFile(path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		f.fail(fmt.Sprintf("The file %s could not be read: %v.", path, errors.Unwrap(err)))
		return
	}
	f.file, f.text = path, b
	f.fileL.SetText(fmt.Sprintf("%s (%d bytes)", filepath.Base(path), len(b)))
	if f.fields.title.Text == "" {
		f.fields.title.SetText(guessTitle(b, path))
	}
	f.errL.Hide()
}

// guessTitle is the first line of a text, or its file name.
func guessTitle(b []byte, path string) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(strings.TrimLeft(s, "# "))
	if s == "" || len(s) > 160 {
		return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	return s
}

// fail shows why the source cannot be added.
func (f *addSourceForm) fail(msg string) {
	f.errL.SetText(msg)
	f.errL.Show()
}

// submit adds the source: the text is copied byte for byte into the
// dataset's sources folder under a slug of its title, with its SHA-256.
func (f *addSourceForm) submit() {
	w := f.w
	text, ext := f.text, strings.ToLower(filepath.Ext(f.file))
	if f.file == "" {
		text, ext = []byte(f.paste.Text), ".txt"
	}
	title := strings.TrimSpace(f.fields.title.Text)
	switch {
	case len(strings.TrimSpace(string(text))) == 0:
		f.fail("Choose a text file or paste the text: a source needs its text.")
		return
	case !utf8.Valid(text):
		f.fail(fmt.Sprintf("%s is not UTF-8 text; save it as UTF-8 and choose it again.", f.file))
		return
	case title == "":
		f.fail("Give the source a title.")
		return
	}
	ds := w.state.DS
	id := data.UniqueID(data.Slugify(title), "source", func(id string) bool { return ds.Source(id) != nil })
	rel, err := data.WriteSourceText(ds.Path, id, ext, text)
	if err != nil {
		f.fail(err.Error())
		return
	}
	src := &data.Source{ID: id, File: rel, Text: string(text), SHA256: data.SourceDigest(string(text))}
	f.fields.apply(src)
	if err := w.ed.do(&data.AddSource{Source: src}, ""); err != nil {
		f.fail(err.Error())
		return
	}
	f.dlg.Hide()
	tracef("added source %s as %s (%d bytes)", id, rel, len(text))
	showSource(w.state, ds.Source(id), nil, w.app)
}

// editSourceDialog edits the metadata of a source; its text never
// changes.
func (w *mainWindow) editSourceDialog() {
	ds := w.state.DS
	if len(ds.Sources) == 0 {
		w.report(errors.New("the dataset has no source to edit"))
		return
	}
	var names []string
	for _, s := range ds.Sources {
		names = append(names, sourceTitle(s))
	}
	pick := widget.NewSelect(names, nil)
	var fields *sourceFields
	box := container.NewVBox()
	pick.OnChanged = func(string) {
		fields = newSourceFields(ds.Sources[pick.SelectedIndex()])
		box.Objects = []fyne.CanvasObject{container.New(layout.NewFormLayout(), fields.rows()...)}
		box.Refresh()
	}
	pick.SetSelectedIndex(0)
	content := container.NewVBox(pick, box)
	d := dialog.NewCustomConfirm("Edit source", "Save", "Cancel", content, func(ok bool) {
		if !ok {
			return
		}
		s := ds.Sources[pick.SelectedIndex()]
		n := &data.Source{}
		fields.apply(n)
		w.whenEditable(func() { w.report(w.ed.do(&data.SetSource{ID: s.ID, New: n}, "")) })
	}, w.win)
	d.Resize(fyne.NewSize(600, 480))
	d.Show()
}

// editingMenus returns the File and Edit menu items of editing.
func (w *mainWindow) editingMenus() (file []*fyne.MenuItem, edit *fyne.Menu) {
	ctrl := fyne.KeyModifierShortcutDefault
	sc := func(k fyne.KeyName, mod fyne.KeyModifier) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: mod}
	}
	item := func(label string, s fyne.Shortcut, fn func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, fn)
		it.Shortcut = s
		return it
	}
	file = []*fyne.MenuItem{
		item("New dataset…", sc(fyne.KeyN, ctrl), w.newDataset),
		item("Save", sc(fyne.KeyS, ctrl), w.save),
		item("Save as…", sc(fyne.KeyS, ctrl|fyne.KeyModifierShift), w.saveAs),
		fyne.NewMenuItemSeparator(),
		item("Add source…", sc(fyne.KeyO, ctrl|fyne.KeyModifierShift), w.showAddSource),
		item("Import article…", sc(fyne.KeyI, ctrl), w.importArticleDialog),
		item("Add layer…", sc(fyne.KeyL, ctrl), w.addLayerDialog),
		fyne.NewMenuItem("Edit source…", func() { w.whenEditable(w.editSourceDialog) }),
		fyne.NewMenuItem("Remove source…", w.removeSourceDialog),
	}
	e := &editMenu{}
	e.undo = item("Undo", &fyne.ShortcutUndo{}, w.textOr(&fyne.ShortcutUndo{}, w.undo))
	e.redo = item("Redo", sc(fyne.KeyZ, ctrl|fyne.KeyModifierShift), w.textOr(&fyne.ShortcutRedo{}, w.redo))
	e.menu = fyne.NewMenu("Edit", e.undo, e.redo, fyne.NewMenuItemSeparator(),
		item("New marker from selection…", sc(fyne.KeyM, ctrl), w.newMarkerFromSelection),
		item("Add selection as citation", sc(fyne.KeyM, ctrl|fyne.KeyModifierShift), w.addSelectionAsCitation),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Edit marker…", func() { w.editSelected("") }),
		fyne.NewMenuItem("Move markers (or Shift+drag)", w.toggleMoveMode),
		fyne.NewMenuItem("Draw area…", func() { w.drawNew(toolDrawArea) }),
		fyne.NewMenuItem("Draw line…", func() { w.drawNew(toolDrawLine) }),
		fyne.NewMenuItem("Delete marker", w.deleteSelected),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Accept draft", func() { w.acceptDraft(w.state.Selected) }),
		fyne.NewMenuItem("Reject draft", func() { w.rejectDraft(w.state.Selected) }),
		fyne.NewMenuItem("Merge draft into…", w.mergeDraftDialog),
	)
	w.edit = e
	return file, e.menu
}

// textOr returns the action of an Edit menu shortcut: in a text field it
// undoes or redoes the typing, elsewhere it runs fn on the dataset.
func (w *mainWindow) textOr(s fyne.Shortcut, fn func()) func() {
	return func() {
		if e, ok := w.win.Canvas().Focused().(*widget.Entry); ok {
			e.TypedShortcut(s)
			return
		}
		if e, ok := w.win.Canvas().Focused().(*searchEntry); ok {
			e.TypedShortcut(s)
			return
		}
		fn()
	}
}

// editingShortcuts binds the editing keys that menus do not carry.
func (w *mainWindow) editingShortcuts() {
	c := w.win.Canvas()
	ctrl := fyne.KeyModifierShortcutDefault
	add := func(k fyne.KeyName, mod fyne.KeyModifier, fn func()) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: mod}, func(fyne.Shortcut) { fn() })
	}
	add(fyne.KeyN, ctrl, w.newDataset)
	add(fyne.KeyS, ctrl, w.save)
	add(fyne.KeyS, ctrl|fyne.KeyModifierShift, w.saveAs)
	add(fyne.KeyO, ctrl|fyne.KeyModifierShift, w.showAddSource)
	add(fyne.KeyI, ctrl, w.importArticleDialog)
	add(fyne.KeyL, ctrl, w.addLayerDialog)
	add(fyne.KeyM, ctrl, w.newMarkerFromSelection)
	add(fyne.KeyM, ctrl|fyne.KeyModifierShift, w.addSelectionAsCitation)
	add(fyne.KeyZ, ctrl|fyne.KeyModifierShift, w.redo)
	c.AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { w.undo() })
	c.AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { w.redo() })
}

// drawNew draws a new area or line on the map, then opens the marker form
// for it on the passage selected (a marker needs a citation).
func (w *mainWindow) drawNew(mode toolMode) {
	p := w.state.Passage
	if p.Empty() || w.state.DS.Source(p.Source) == nil {
		w.report(errors.New("select the passage that describes the area or line in a source first: a marker needs its citation"))
		return
	}
	w.whenEditable(func() {
		f := w.showNewMarkerForm(p)
		if mode == toolDrawArea {
			f.kind.SetSelected(data.KindThreat.Label())
		} else {
			f.kind.SetSelected(data.KindBorder.Label())
		}
		f.pick(mode)
	})
}
