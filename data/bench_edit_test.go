package data

import (
	"testing"

	"github.com/paulmach/orb"
)

// BenchmarkUndoOneEdit100k undoes and redoes one edit of a marker of a
// dataset of 100 000 markers: the cost of Undo and Redo in an editor,
// without validation. Neither copies the dataset: they allocate nothing.
func BenchmarkUndoOneEdit100k(b *testing.B) {
	ds := loadBench(b)
	mid := ds.Markers[len(ds.Markers)/2]
	edits := []struct {
		name string
		edit Edit
	}{
		{"set", &SetMarker{ID: mid.ID, New: func() *Marker { m := cloneMarker(mid); m.Title = "Edited"; return m }()}},
		{"move", &MoveMarker{ID: mid.ID, To: orb.Point{70, 40}}},
	}
	for _, e := range edits {
		b.Run(e.name, func(b *testing.B) {
			var h History
			if err := h.Do(ds, e.edit); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := h.Undo(ds); err != nil {
					b.Fatal(err)
				}
				if _, err := h.Redo(ds); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if _, err := h.Undo(ds); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// BenchmarkRemoveMarker100k deletes the middle marker of a dataset of
// 100 000 markers and undoes that: each renumbers the 50 000 markers after
// it.
func BenchmarkRemoveMarker100k(b *testing.B) {
	ds := loadBench(b)
	id := ds.Markers[len(ds.Markers)/2].ID
	var h History
	b.ReportAllocs()
	for b.Loop() {
		if err := h.Do(ds, &RemoveMarker{ID: id}); err != nil {
			b.Fatal(err)
		}
		if _, err := h.Undo(ds); err != nil {
			b.Fatal(err)
		}
	}
}
