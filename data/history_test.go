package data

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestHistory(t *testing.T) {
	ds := loadDefault(t)
	var h History
	step := func(what string, f func() error, wantDirty, canUndo, canRedo bool) {
		t.Helper()
		if err := f(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if h.Dirty() != wantDirty || h.CanUndo() != canUndo || h.CanRedo() != canRedo {
			t.Errorf("after %s: Dirty, CanUndo, CanRedo = %v, %v, %v; want %v, %v, %v",
				what, h.Dirty(), h.CanUndo(), h.CanRedo(), wantDirty, canUndo, canRedo)
		}
	}
	do := func(e Edit) func() error { return func() error { return h.Do(ds, e) } }
	undo := func() error { _, err := h.Undo(ds); return err }
	redo := func() error { _, err := h.Redo(ds); return err }
	move := func(x float64) Edit { return &MoveMarker{ID: "kyrgyzstan-russian-airbase", To: orb.Point{x, 42}} }

	if h.Dirty() || h.CanUndo() || h.CanRedo() || h.UndoName() != "" || h.RedoName() != "" {
		t.Fatal("zero History is not empty and clean")
	}
	if _, err := h.Undo(ds); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("Undo on empty History = %v", err)
	}
	if _, err := h.Redo(ds); !errors.Is(err, ErrNothingToRedo) {
		t.Errorf("Redo on empty History = %v", err)
	}

	step("do A", do(move(70)), true, true, false)
	if got := h.UndoName(); got != "move Russian air base in Kyrgyzstan" {
		t.Errorf("UndoName = %q", got)
	}
	step("undo A", undo, false, false, true) // back to the state when new
	if got := h.RedoName(); got != "move Russian air base in Kyrgyzstan" {
		t.Errorf("RedoName = %q", got)
	}
	step("redo A", redo, true, true, false)
	step("save", func() error { h.MarkSaved(); return nil }, false, true, false)
	step("do B", do(&RemoveMarker{ID: "lavrov-visit-bishkek"}), true, true, false)
	if got := h.UndoName(); got != "delete Lavrov tour, stop 1: Kyrgyzstan" {
		t.Errorf("UndoName = %q", got)
	}
	step("undo B", undo, false, true, true)
	step("undo A", undo, true, false, true)
	step("redo A", redo, false, true, true)
	step("redo B", redo, true, true, false)
	step("undo B", undo, false, true, true)
	step("undo A", undo, true, false, true)
	// A new edit drops A and B, and with them the saved state.
	step("do C", do(move(71)), true, true, false)
	step("undo C", undo, true, false, true)
	step("redo C", redo, true, true, false)
	step("save", func() error { h.MarkSaved(); return nil }, false, true, false)

	// A failing edit leaves the History as it was.
	if err := h.Do(ds, &RemoveMarker{ID: "nowhere"}); !errors.Is(err, ErrNoMarker) {
		t.Errorf("Do(invalid) = %v", err)
	}
	if h.Dirty() || !h.CanUndo() || h.CanRedo() || h.UndoName() != "move Russian air base in Kyrgyzstan" {
		t.Error("failing Do changed the History")
	}

	// Undo reports the name; a failing undo keeps the edit.
	name, err := h.Undo(ds)
	if err != nil || name != "move Russian air base in Kyrgyzstan" {
		t.Errorf("Undo = %q, %v", name, err)
	}
	step("redo C", redo, false, true, false)
	var h2 History
	if err := h2.Do(ds, AppendMarker(newMarker(ds, "kyrgyzstan-russian-airbase", "x", "X"))); err != nil {
		t.Fatal(err)
	}
	ds.Markers = ds.Markers[:len(ds.Markers)-1] // behind the History's back
	ds.Reindex()
	if _, err := h2.Undo(ds); !errors.Is(err, ErrNotApplied) || !h2.CanUndo() {
		t.Errorf("Undo of a missing marker = %v, CanUndo %v", err, h2.CanUndo())
	}

	h.Clear()
	if h.CanUndo() || h.CanRedo() || h.Dirty() {
		t.Error("Clear of a clean History: not empty and clean")
	}
}

// randomEditor makes random edits to a dataset, valid ones unless asked
// otherwise.
type randomEditor struct {
	rng *rand.Rand
	ds  *Dataset
	n   int // edits made, for fresh ids
}

func (r *randomEditor) marker() *Marker { return r.ds.Markers[r.rng.IntN(len(r.ds.Markers))] }

func (r *randomEditor) fresh(prefix string) string {
	r.n++
	return fmt.Sprintf("%s-%d", prefix, r.n)
}

// pointMarker returns a point marker, or nil.
func (r *randomEditor) pointMarker() *Marker {
	for range 10 {
		if m := r.marker(); m.Geometry.GeoJSONType() == "Point" {
			return m
		}
	}
	return nil
}

// valid returns a random edit that leaves the dataset valid, or nil when
// the one it tried does not fit.
func (r *randomEditor) valid() Edit {
	ds := r.ds
	switch r.rng.IntN(11) {
	case 0:
		m := cloneMarker(r.marker())
		m.ID, m.Title = r.fresh("new"), fmt.Sprintf("New marker %d", r.n)
		return &AddMarker{Marker: m, At: r.rng.IntN(len(ds.Markers)+2) - 1}
	case 1:
		if len(ds.Markers) < 5 {
			return nil
		}
		return &RemoveMarker{ID: r.marker().ID}
	case 2:
		old := r.marker()
		m := cloneMarker(old)
		m.Title, m.Note = "Edited "+old.Title, fmt.Sprintf("edit %d", r.n)
		if r.rng.IntN(3) == 0 {
			m.ID = r.fresh("renamed")
		}
		return &SetMarker{ID: old.ID, New: m}
	case 3, 4:
		m := r.pointMarker()
		if m == nil {
			return nil
		}
		return &MoveMarker{ID: m.ID, To: orb.Point{60 + r.rng.Float64()*20, 35 + r.rng.Float64()*10}}
	case 5:
		m, from := r.marker(), r.marker()
		if len(m.Citations) >= 10 {
			return nil
		}
		c := from.Citations[r.rng.IntN(len(from.Citations))]
		c.Note = fmt.Sprintf("note %d", r.n)
		return &AddCitation{ID: m.ID, Citation: c}
	case 6:
		m := r.marker()
		if len(m.Citations) < 2 {
			return nil
		}
		return &RemoveCitation{ID: m.ID, At: r.rng.IntN(len(m.Citations))}
	case 7:
		id := r.fresh("source")
		return &AddSource{Source: &Source{ID: id, Title: "Source " + id, Text: "Forces moved to the base near the river.\n"}}
	case 8:
		s := ds.Sources[r.rng.IntN(len(ds.Sources))]
		if n, _ := citers(ds, s.ID); n > 0 {
			return nil
		}
		return &RemoveSource{ID: s.ID}
	case 9:
		s := ds.Sources[r.rng.IntN(len(ds.Sources))]
		if !citedElsewhere(ds, s.ID) {
			return nil
		}
		return &RemoveSourceWithCitations{ID: s.ID}
	default:
		m, id := r.marker(), r.fresh("cited")
		edits := []Edit{
			&AddSource{Source: &Source{ID: id, Title: "Source " + id, Text: "Forces moved to the base near the river."}},
			&AddCitation{ID: m.ID, Citation: Citation{Source: id, Quote: "moved to the base"}},
		}
		if p := r.pointMarker(); p != nil {
			edits = append(edits, &MoveMarker{ID: p.ID, To: orb.Point{70, 40}})
		}
		return &Composite{Label: "cite a new source", Edits: edits}
	}
}

// citedElsewhere reports whether every marker and alliance citing source
// id cites another source too, so that deleting its citations leaves each
// with at least one.
func citedElsewhere(ds *Dataset, id string) bool {
	other := func(cs []Citation) bool {
		cites, others := false, false
		for _, c := range cs {
			if c.Source == id {
				cites = true
			} else {
				others = true
			}
		}
		return !cites || others
	}
	for _, m := range ds.Markers {
		if !other(m.Citations) {
			return false
		}
	}
	for _, a := range ds.Alliances {
		if !other(a.Citations) {
			return false
		}
	}
	return true
}

// invalid returns an edit that does not fit the dataset.
func (r *randomEditor) invalid() Edit {
	ds := r.ds
	switch r.rng.IntN(5) {
	case 0:
		return AppendMarker(cloneMarker(r.marker()))
	case 1:
		return &MoveMarker{ID: "no-such-marker"}
	case 2:
		return &AddMarker{Marker: &Marker{ID: r.fresh("x")}, At: len(ds.Markers) + 1 + r.rng.IntN(3)}
	case 3:
		for _, s := range ds.Sources {
			if n, _ := citers(ds, s.ID); n > 0 {
				return &RemoveSource{ID: s.ID}
			}
		}
		return &RemoveSource{ID: "no-such-source"}
	default:
		m := r.marker()
		return &RemoveCitation{ID: m.ID, At: len(m.Citations)}
	}
}

// TestRandomEdits does, undoes and redoes random edits of the embedded
// dataset through a History, checking after each step that the dataset
// is valid and equal to what it was at the same point before.
func TestRandomEdits(t *testing.T) {
	ds := loadDefault(t)
	r := &randomEditor{rng: rand.New(rand.NewPCG(1, 2)), ds: ds}
	var h History
	states := []state{snapshot(ds)} // states[k]: after the first k edits of the History
	depth := 0
	check := func(step int, what string) {
		t.Helper()
		if ps := Validate(ds); len(ps) != 0 {
			t.Fatalf("step %d, after %s: %v", step, what, ps)
		}
		assertState(t, states[depth], ds)
		if t.Failed() {
			t.Fatalf("step %d, after %s: dataset differs", step, what)
		}
	}
	counts := map[string]int{}
	for step := range 500 {
		switch k := r.rng.IntN(20); {
		case k < 11:
			e := r.valid()
			if e == nil {
				continue
			}
			if err := h.Do(ds, e); err != nil {
				t.Fatalf("step %d: %T: %v", step, e, err)
			}
			depth++
			if ps := Validate(ds); len(ps) != 0 {
				t.Fatalf("step %d, after %s: %v", step, e.Name(), ps)
			}
			assertConsistent(t, ds)
			states = append(states[:depth], snapshot(ds))
			counts[fmt.Sprintf("%T", e)]++
		case k < 13:
			e := r.invalid()
			if err := h.Do(ds, e); err == nil {
				t.Fatalf("step %d: %s: no error", step, e.Name())
			}
			check(step, "failing "+e.Name())
			counts["invalid"]++
		case k < 17:
			name, err := h.Undo(ds)
			if errors.Is(err, ErrNothingToUndo) {
				continue
			}
			if err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
			depth--
			check(step, "undo "+name)
			counts["undo"]++
		default:
			name, err := h.Redo(ds)
			if errors.Is(err, ErrNothingToRedo) {
				continue
			}
			if err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
			depth++
			check(step, "redo "+name)
			counts["redo"]++
		}
	}
	for h.CanUndo() {
		name, err := h.Undo(ds)
		if err != nil {
			t.Fatal(err)
		}
		depth--
		check(-1, "undo "+name)
	}
	if depth != 0 || h.Dirty() {
		t.Errorf("after undoing everything: depth %d, Dirty %v", depth, h.Dirty())
	}
	assertState(t, states[0], ds)
	var b strings.Builder
	for k, n := range counts {
		fmt.Fprintf(&b, " %s=%d", k, n)
	}
	t.Logf("edits:%s", b.String())
}

func TestHistoryRecord(t *testing.T) {
	ds, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var h History
	id := ds.Markers[0].ID
	e := &RemoveMarker{ID: id}
	if err := e.Apply(ds); err != nil {
		t.Fatal(err)
	}
	h.Record(e)
	if !h.Dirty() || !h.CanUndo() || h.CanRedo() || ds.Marker(id) != nil {
		t.Fatal("Record did not push the applied edit")
	}
	if _, err := h.Undo(ds); err != nil || ds.Marker(id) == nil || h.Dirty() {
		t.Fatalf("undo of a recorded edit: %v", err)
	}
}
