package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2"

	"casmap/data"
	"casmap/data/recovery"
)

// journalEvery is how often unsaved changes are written to the recovery
// journal.
const journalEvery = 3 * time.Second

// editor is the editing session of a window: the undo history of its
// dataset, the live validation, saving, and the recovery journal. Every
// change to the dataset goes through do, undo or redo; each is validated
// with the same function as "casmap check", and a change that would make
// the dataset invalid is refused with the checker's sentences. Its methods
// must be called on the UI goroutine.
type editor struct {
	s *State

	hist data.History
	val  data.Validator
	// problems are the dataset's problems as "casmap check" would list
	// them, after the last change.
	problems data.Problems

	// gen counts the changes; journaled is gen when the journal was last
	// written.
	gen, journaled int
	// disk is the dataset file as last loaded or saved, to notice a file
	// changed or deleted behind the editor's back.
	disk fileStamp

	// onChange is called after every change, undo, redo and save, for
	// the title and the Edit menu.
	onChange func()

	stop chan struct{}
}

// errReadOnly is the error of an edit to the embedded dataset.
var errReadOnly = errors.New("the embedded dataset is read-only; save a copy to edit it")

// fileStamp is what is known of a file on disk: its size and time.
type fileStamp struct {
	ok   bool
	size int64
	mod  time.Time
}

// stampOf returns the stamp of the file at path.
func stampOf(path string) fileStamp {
	st, err := os.Stat(path)
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{ok: true, size: st.Size(), mod: st.ModTime()}
}

// newEditor returns the editor of s's dataset.
func newEditor(s *State) *editor {
	e := &editor{s: s}
	e.reset(false)
	return e
}

// reset starts a session on the state's dataset, as it is on disk unless
// unsaved says it holds changes (restored from a journal).
func (e *editor) reset(unsaved bool) {
	e.hist = data.History{}
	if unsaved {
		e.hist.MarkUnsaved()
	}
	e.val = data.Validator{}
	e.problems = nil
	if e.s.DS != nil {
		e.problems = e.val.Validate(e.s.DS)
		e.disk = stampOf(e.s.DS.Path)
	}
	e.gen, e.journaled = 0, 0
	if unsaved {
		e.gen = 1
	}
	e.changed()
}

// readOnly reports whether the dataset cannot be edited in place: the
// embedded dataset, which is saved as a copy first.
func (e *editor) readOnly() bool {
	if e.s.DS == nil {
		return true
	}
	p := e.s.DS.Path
	return p == "" || p == "embedded"
}

// dirty reports whether there are unsaved changes.
func (e *editor) dirty() bool { return e.hist.Dirty() }

// fileName is the dataset file's name for titles and dialogs.
func (e *editor) fileName() string {
	if e.readOnly() {
		return "embedded dataset"
	}
	return filepath.Base(e.s.DS.Path)
}

// refused is the error of an edit that validation refuses: the problems it
// would add to the dataset.
type refused struct{ probs data.Problems }

func (r *refused) Error() string {
	msgs := make([]string, 0, len(r.probs))
	for _, p := range r.probs {
		msgs = append(msgs, p.String())
	}
	return "The change was not made: " + strings.Join(msgs, " ")
}

// problemText is a problem as a form shows it: the sentence alone, without
// the file and feature that the form already names.
func problemText(p data.Problem) string {
	msg := strings.TrimSpace(p.Message)
	if msg == "" {
		return p.String()
	}
	if strings.HasPrefix(msg, "is ") || strings.HasPrefix(msg, "has ") {
		// "is missing" reads as "Status is missing".
		f := p.Field[strings.LastIndexAny(p.Field, ".]")+1:]
		msg = f + " " + msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// check applies ed, validates, and undoes it: it returns the problems ed
// would add to the dataset, or the error of applying it. The dataset is as
// before when it returns.
func (e *editor) check(ed data.Edit) (data.Problems, error) {
	ds := e.s.DS
	if err := ed.Apply(ds); err != nil {
		return nil, err
	}
	after := e.val.Validate(ds)
	if err := ed.Undo(ds); err != nil {
		return nil, fmt.Errorf("check %s: %w", ed.Name(), err)
	}
	// The validator's cache follows the undo on its next run.
	return newProblems(e.problems, after), nil
}

// newProblems returns the problems of after that before does not have.
func newProblems(before, after data.Problems) data.Problems {
	old := make(map[string]int, len(before))
	for _, p := range before {
		old[p.Field+"\x00"+p.Message]++
	}
	var out data.Problems
	for _, p := range after {
		k := p.Field + "\x00" + p.Message
		if old[k] > 0 {
			old[k]--
			continue
		}
		out = append(out, p)
	}
	return out
}

// do applies ed as one undoable step and selects the marker with id sel
// ("" keeps the selection when it is still there). It refuses an edit to
// the embedded dataset (errReadOnly) and an edit that would make the
// dataset invalid (a *refused listing the problems); the dataset is then
// unchanged.
func (e *editor) do(ed data.Edit, sel string) error {
	if e.readOnly() {
		return errReadOnly
	}
	ds := e.s.DS
	if err := ed.Apply(ds); err != nil {
		return err
	}
	after := e.val.Validate(ds)
	if probs := newProblems(e.problems, after); len(probs) > 0 {
		if err := ed.Undo(ds); err != nil {
			return fmt.Errorf("refuse %s: %w", ed.Name(), err)
		}
		return &refused{probs}
	}
	e.hist.Record(ed)
	e.problems = after
	e.notifyEdit(sel)
	tracef("edit %s", ed.Name())
	return nil
}

// undo undoes the last change and returns its name.
func (e *editor) undo() (string, error) {
	name, err := e.hist.Undo(e.s.DS)
	if err != nil {
		return "", err
	}
	e.applied("")
	tracef("undo %s", name)
	return name, nil
}

// redo applies again the last change undone and returns its name.
func (e *editor) redo() (string, error) {
	name, err := e.hist.Redo(e.s.DS)
	if err != nil {
		return "", err
	}
	e.applied("")
	tracef("redo %s", name)
	return name, nil
}

// applied follows a change of the dataset: it validates, keeps the
// selection on the marker of the same id (or sel), and tells the views.
func (e *editor) applied(sel string) {
	e.problems = e.val.Validate(e.s.DS)
	e.notifyEdit(sel)
}

// notifyEdit keeps the selection on the marker of the same id (or sel) and
// tells the views of a change already validated.
func (e *editor) notifyEdit(sel string) {
	ds := e.s.DS
	e.gen++
	if sel == "" && e.s.Selected != nil {
		sel = e.s.Selected.ID
	}
	e.s.Selected = nil
	if sel != "" {
		e.s.Selected = ds.Marker(sel)
	}
	e.s.notify(ChangeEdit)
	e.changed()
}

// changed tells the window that the title or the Edit menu may read
// differently.
func (e *editor) changed() {
	if e.onChange != nil {
		e.onChange()
	}
}

// save writes the dataset over its file, atomically and with a backup. It
// refuses when the file changed or vanished on disk since it was opened or
// saved, or when the dataset has problems; on any error the edits stay in
// memory and the file stays as it was.
func (e *editor) save() error {
	if e.readOnly() {
		return errReadOnly
	}
	ds := e.s.DS
	if len(e.problems) > 0 {
		return fmt.Errorf("save %s: the dataset has %d problem(s), the first: %s", ds.Path, len(e.problems), e.problems[0].String())
	}
	now := stampOf(ds.Path)
	switch {
	case !now.ok && e.disk.ok:
		return fmt.Errorf("save %s: the file was deleted or moved since it was opened; nothing was written (use Save as to keep the edits)", ds.Path)
	case now.ok && (now.size != e.disk.size || !now.mod.Equal(e.disk.mod)):
		return fmt.Errorf("save %s: the file was changed by another program since it was opened; nothing was written (use Save as to keep both)", ds.Path)
	}
	if err := ds.Save(ds.Path); err != nil {
		return &saveError{path: ds.Path, err: err}
	}
	e.saved()
	return nil
}

// saveError is a failed save, said in one sentence: which file, why, and
// that nothing is lost.
type saveError struct {
	path string
	err  error
}

func (e *saveError) Error() string {
	return fmt.Sprintf("%s was not saved because %s; the edits are kept and the file on disk is unchanged", e.path, saveReason(e.err))
}

func (e *saveError) Unwrap() error { return e.err }

// saveReason says in words why a write failed.
func saveReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "its folder cannot be written (permission denied)"
	case errors.Is(err, syscall.ENOSPC):
		return "the disk is full"
	case errors.Is(err, syscall.EROFS):
		return "the disk is read-only"
	}
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err.Error()
		}
		err = u
	}
}

// saveAs writes the dataset to path, with its source files when path is in
// another folder, and goes on editing that file. The embedded dataset is
// saved as a copy this way.
func (e *editor) saveAs(path string) error {
	ds := e.s.DS
	if len(e.problems) > 0 {
		return fmt.Errorf("save %s: the dataset has %d problem(s), the first: %s", path, len(e.problems), e.problems[0].String())
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".geojson", ".json":
	default:
		return fmt.Errorf("save %s: a dataset file ends in .geojson", path)
	}
	old := ds.Path
	if err := ds.SaveCopy(path); err != nil {
		return &saveError{path: path, err: err}
	}
	if old != "" && old != "embedded" && old != path {
		recovery.Remove(old)
	}
	e.saved()
	return nil
}

// saved records a successful save.
func (e *editor) saved() {
	ds := e.s.DS
	e.disk = stampOf(ds.Path)
	e.hist.MarkSaved()
	e.journaled = e.gen
	if err := recovery.Remove(ds.Path); err != nil {
		tracef("journal: %v", err)
	}
	tracef("saved %s (%d markers)", ds.Path, len(ds.Markers))
	e.changed()
}

// discard drops the recovery journal of unsaved changes the user chose not
// to keep.
func (e *editor) discard() {
	if !e.readOnly() {
		recovery.Remove(e.s.DS.Path)
	}
	e.journaled = -1 // should the edits stay after all, journal them again
}

// journalNow writes the recovery journal when there are changes since it
// was last written. The dataset is encoded here, on the UI goroutine; the
// file is written by write, in the background when write starts a
// goroutine.
func (e *editor) journalNow(write func(path string, b []byte)) {
	if e.readOnly() || e.gen == e.journaled {
		return
	}
	if !e.dirty() {
		e.journaled = e.gen
		recovery.Remove(e.s.DS.Path)
		return
	}
	b, err := e.s.DS.MarshalJSON()
	if err != nil {
		tracef("journal: %v", err)
		return
	}
	e.journaled = e.gen
	write(e.s.DS.Path, b)
}

// writeJournal writes a journal file, reporting a failure in the trace.
func writeJournal(path string, b []byte) {
	if err := recovery.WriteBytes(path, b); err != nil {
		tracef("journal: %v", err)
		return
	}
	tracef("journal written for %s", path)
}

// journalTimer says whether startJournal starts its timer. Tests turn it
// off: the test driver runs fyne.Do on the calling goroutine, so the timer
// would write the journal while a test edits; they call journalNow.
var journalTimer = true

// startJournal writes the journal every journalEvery while there are
// unsaved changes, until stopJournal.
func (e *editor) startJournal() {
	if e.stop != nil || !journalTimer {
		return
	}
	e.stop = make(chan struct{})
	stop := e.stop
	go func() {
		t := time.NewTicker(journalEvery)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(func() {
					e.journalNow(func(path string, b []byte) { go writeJournal(path, b) })
				})
			}
		}
	}()
}

// stopJournal stops the journal's timer.
func (e *editor) stopJournal() {
	if e.stop != nil {
		close(e.stop)
		e.stop = nil
	}
}
