package app

import (
	"testing"

	"github.com/paulmach/orb"

	"casmap/data"
)

// citedState is syntheticState with a source every marker cites, so that
// the dataset is valid and validation does its full work.
func citedState(n int) *State {
	st := syntheticState(n)
	ds := st.DS
	src := &data.Source{ID: "wire", Title: "Wire", File: "", Text: "Troops were seen. The base was reinforced."}
	ds.Sources = []*data.Source{src}
	for _, m := range ds.Markers {
		m.Citations = []data.Citation{{Source: "wire", Quote: "The base was reinforced."}}
	}
	ds.Reindex()
	return st
}

// benchEditor returns an editor on a valid dataset of n markers, as a
// window makes it, with the map's scene following the edits when withMap.
func benchEditor(b *testing.B, n int, withMap bool) *editor {
	b.Helper()
	st := citedState(n)
	st.DS.Path = "/nonexistent/bench.geojson"
	e := newEditor(st)
	if len(e.problems) > 0 {
		b.Fatalf("the benchmark dataset is invalid: %v", e.problems[0])
	}
	if withMap {
		sc := newScene(false)
		b.Cleanup(sc.tiles.Close)
		sc.setDataset(st)
		st.Listen(func(c Change) {
			if c == ChangeEdit {
				sc.setDataset(st)
			}
		})
	}
	return e
}

// BenchmarkEditMove100k is one move of a marker in a 100 000-marker
// dataset as the editor makes it: applied, checked with the dataset's
// rules, recorded in the history, validated again; then undone.
func BenchmarkEditMove100k(b *testing.B) {
	e := benchEditor(b, 100_000, false)
	id := e.s.DS.Markers[50_000].ID
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := e.do(&data.MoveMarker{ID: id, To: orb.Point{70, 40 + float64(i%7)}}, ""); err != nil {
			b.Fatal(err)
		}
		if _, err := e.undo(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEditUndo100k is one undo and one redo in a 100 000-marker
// dataset, each validated as the window does.
func BenchmarkEditUndo100k(b *testing.B) {
	e := benchEditor(b, 100_000, false)
	id := e.s.DS.Markers[50_000].ID
	if err := e.do(&data.MoveMarker{ID: id, To: orb.Point{70, 40}}, ""); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.undo(); err != nil {
			b.Fatal(err)
		}
		if _, err := e.redo(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEditMoveWithMap10k is a move and its undo in a 10 000-marker
// dataset with the map's scene rebuilt after each, as the window does.
func BenchmarkEditMoveWithMap10k(b *testing.B) {
	e := benchEditor(b, 10_000, true)
	id := e.s.DS.Markers[5_000].ID
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := e.do(&data.MoveMarker{ID: id, To: orb.Point{70, 40 + float64(i%7)}}, ""); err != nil {
			b.Fatal(err)
		}
		if _, err := e.undo(); err != nil {
			b.Fatal(err)
		}
	}
}
