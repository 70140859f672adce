package data

import (
	"errors"
	"fmt"
)

// Errors of History.
var (
	ErrNothingToUndo = errors.New("nothing to undo")
	ErrNothingToRedo = errors.New("nothing to redo")
)

// History is the undo and redo stacks of an editor: the edits done to one
// dataset, which can be undone and redone in turn, with no limit on their
// number. Doing a new edit after undoing drops the edits that could have
// been redone. History also tracks whether the dataset has changed since it
// was last saved (see MarkSaved and Dirty).
//
// The zero History is empty and clean, ready to use. Pass the same dataset
// to every call, and change the dataset only through the History, so that
// each edit undoes onto the state it was done in. A History is not safe for
// concurrent use.
type History struct {
	done   []Edit // applied, oldest first
	undone []Edit // undone, the next to redo last

	// saved is len(done) at the saved state, or -1 when no sequence of
	// undos and redos leads back to it.
	saved int
}

// Do applies e to ds and pushes it on the undo stack, dropping the redo
// stack. When e fails to apply, Do returns its error and the History and ds
// are unchanged.
func (h *History) Do(ds *Dataset, e Edit) error {
	if err := e.Apply(ds); err != nil {
		return err
	}
	if h.saved > len(h.done) {
		h.saved = -1 // the saved state was on the redo stack
	}
	clear(h.undone)
	h.undone = h.undone[:0]
	h.done = append(h.done, e)
	return nil
}

// Record pushes e, which the caller has already applied to the dataset, on
// the undo stack, dropping the redo stack: it is Do for an editor that
// applies an edit first to judge it, and keeps it.
func (h *History) Record(e Edit) {
	if h.saved > len(h.done) {
		h.saved = -1
	}
	clear(h.undone)
	h.undone = h.undone[:0]
	h.done = append(h.done, e)
}

// Undo undoes the last edit done or redone and returns its name. It returns
// ErrNothingToUndo when there is none; when the edit fails to undo, the
// History is unchanged.
func (h *History) Undo(ds *Dataset) (name string, err error) {
	if len(h.done) == 0 {
		return "", ErrNothingToUndo
	}
	e := h.done[len(h.done)-1]
	if err := e.Undo(ds); err != nil {
		return "", err
	}
	h.done[len(h.done)-1] = nil
	h.done = h.done[:len(h.done)-1]
	h.undone = append(h.undone, e)
	return e.Name(), nil
}

// Redo applies again the last edit undone and returns its name. It returns
// ErrNothingToRedo when there is none; when the edit fails to apply, the
// History is unchanged.
func (h *History) Redo(ds *Dataset) (name string, err error) {
	if len(h.undone) == 0 {
		return "", ErrNothingToRedo
	}
	e := h.undone[len(h.undone)-1]
	if err := e.Apply(ds); err != nil {
		return "", fmt.Errorf("redo: %w", err)
	}
	h.undone[len(h.undone)-1] = nil
	h.undone = h.undone[:len(h.undone)-1]
	h.done = append(h.done, e)
	return e.Name(), nil
}

// CanUndo reports whether there is an edit to undo.
func (h *History) CanUndo() bool { return len(h.done) > 0 }

// CanRedo reports whether there is an edit to redo.
func (h *History) CanRedo() bool { return len(h.undone) > 0 }

// UndoName returns the name of the edit Undo would undo, or "".
func (h *History) UndoName() string {
	if len(h.done) == 0 {
		return ""
	}
	return h.done[len(h.done)-1].Name()
}

// RedoName returns the name of the edit Redo would apply, or "".
func (h *History) RedoName() string {
	if len(h.undone) == 0 {
		return ""
	}
	return h.undone[len(h.undone)-1].Name()
}

// MarkSaved records the dataset's current state as saved, as after a
// successful Save.
func (h *History) MarkSaved() { h.saved = len(h.done) }

// MarkUnsaved records that the dataset differs from its saved state
// whatever is undone or redone, as for changes restored from a recovery
// journal.
func (h *History) MarkUnsaved() { h.saved = -1 }

// Dirty reports whether the dataset differs from its saved state, or from
// its state when the History was new if it was never marked saved: undoing
// or redoing back to that state makes it clean again.
func (h *History) Dirty() bool { return h.saved != len(h.done) }

// Clear empties both stacks, keeping whether the dataset is dirty, as
// after loading another dataset when followed by MarkSaved.
func (h *History) Clear() {
	dirty := h.Dirty()
	clear(h.done)
	clear(h.undone)
	h.done, h.undone = h.done[:0], h.undone[:0]
	h.saved = 0
	if dirty {
		h.saved = -1
	}
}
