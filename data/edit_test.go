package data

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// cloneMarker returns a deep copy of m.
func cloneMarker(m *Marker) *Marker {
	if m == nil {
		return nil
	}
	c := *m
	if m.Value != nil {
		v := *m.Value
		c.Value = &v
	}
	c.Participants = slices.Clone(m.Participants)
	c.Citations = slices.Clone(m.Citations)
	if m.Geometry != nil {
		c.Geometry = orb.Clone(m.Geometry)
	}
	c.Style = maps.Clone(m.Style)
	c.Extra = maps.Clone(m.Extra)
	return &c
}

// cloneDataset returns a deep copy of ds, without lookup tables.
func cloneDataset(ds *Dataset) *Dataset {
	c := &Dataset{Path: ds.Path, Title: ds.Title, Description: ds.Description, Extra: maps.Clone(ds.Extra)}
	for _, s := range ds.Sources {
		s2 := *s
		c.Sources = append(c.Sources, &s2)
	}
	for _, m := range ds.Markers {
		c.Markers = append(c.Markers, cloneMarker(m))
	}
	for _, a := range ds.Alliances {
		a2 := *a
		a2.Members, a2.NonMembers = slices.Clone(a.Members), slices.Clone(a.NonMembers)
		a2.Citations = slices.Clone(a.Citations)
		c.Alliances = append(c.Alliances, &a2)
	}
	return c
}

// state is a dataset as it was: a deep copy of its values and the
// pointers it held.
type state struct {
	copy     *Dataset
	markers  []*Marker
	sources  []*Source
	citeArrs [][]Citation // each marker's Citations slice
}

func snapshot(ds *Dataset) state {
	st := state{copy: cloneDataset(ds), markers: slices.Clone(ds.Markers), sources: slices.Clone(ds.Sources)}
	for _, m := range ds.Markers {
		st.citeArrs = append(st.citeArrs, m.Citations)
	}
	return st
}

// assertState reports how ds differs from st, in values or in the markers
// and sources it holds, and checks its Index values and lookup tables.
func assertState(t *testing.T, st state, ds *Dataset) {
	t.Helper()
	assertSameDataset(t, st.copy, ds)
	if !slices.Equal(st.markers, ds.Markers) {
		t.Errorf("Markers holds other *Marker values than before")
	}
	if !slices.Equal(st.sources, ds.Sources) {
		t.Errorf("Sources holds other *Source values than before")
	}
	for _, m := range st.copy.Markers {
		if got := ds.Marker(m.ID); got == nil || got.ID != m.ID {
			t.Errorf("Marker(%q) = %v", m.ID, got)
		}
	}
	for _, s := range st.copy.Sources {
		if got := ds.Source(s.ID); got == nil || got.ID != s.ID {
			t.Errorf("Source(%q) = %v", s.ID, got)
		}
	}
	assertConsistent(t, ds)
}

// assertConsistent checks that each marker's Index is its position and
// that the lookup tables are those Reindex builds.
func assertConsistent(t *testing.T, ds *Dataset) {
	t.Helper()
	for i, m := range ds.Markers {
		if m.Index != i {
			t.Errorf("markers[%d] (%s) has Index %d", i, m.ID, m.Index)
		}
	}
	fresh := &Dataset{Sources: ds.Sources, Markers: ds.Markers}
	fresh.Reindex()
	if ds.markerIndex != nil && !maps.Equal(ds.markerIndex, fresh.markerIndex) {
		t.Errorf("marker lookup table differs from Reindex's: %d entries, want %d", len(ds.markerIndex), len(fresh.markerIndex))
	}
	if ds.sourceIndex != nil && !maps.Equal(ds.sourceIndex, fresh.sourceIndex) {
		t.Errorf("source lookup table differs from Reindex's: %d entries, want %d", len(ds.sourceIndex), len(fresh.sourceIndex))
	}
}

// loadDefault returns a fresh copy of the embedded dataset.
func loadDefault(t testing.TB) *Dataset {
	t.Helper()
	ds, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// newMarker returns a copy of the marker with id from, with id and title.
func newMarker(ds *Dataset, from, id, title string) *Marker {
	m := cloneMarker(ds.Marker(from))
	m.ID, m.Title = id, title
	return m
}

// multiCited returns a marker with at least two citations.
func multiCited(t testing.TB, ds *Dataset) *Marker {
	for _, m := range ds.Markers {
		if len(m.Citations) >= 2 {
			return m
		}
	}
	t.Fatal("no marker with two citations")
	return nil
}

func TestEditApplyUndo(t *testing.T) {
	const airbase = "kyrgyzstan-russian-airbase"
	spare := &Source{ID: "spare", Title: "Spare source", Text: "Troops moved into the valley near the river."}
	tests := []struct {
		name     string
		setup    func(ds *Dataset) // before the edit, not undone
		edit     func(t *testing.T, ds *Dataset) Edit
		wantName string
		invalid  bool // the edit leaves a dataset Validate rejects
	}{
		{name: "append marker", wantName: "add New base",
			edit: func(t *testing.T, ds *Dataset) Edit {
				return AppendMarker(newMarker(ds, airbase, "new-base", "New base"))
			}},
		{name: "insert marker first", wantName: "add New base",
			edit: func(t *testing.T, ds *Dataset) Edit {
				return &AddMarker{Marker: newMarker(ds, airbase, "new-base", "New base"), At: 0}
			}},
		{name: "insert marker in the middle", wantName: "add New base",
			edit: func(t *testing.T, ds *Dataset) Edit {
				return &AddMarker{Marker: newMarker(ds, airbase, "new-base", "New base"), At: len(ds.Markers) / 2}
			}},
		{name: "insert marker at the end", wantName: "add New base",
			edit: func(t *testing.T, ds *Dataset) Edit {
				return &AddMarker{Marker: newMarker(ds, airbase, "new-base", "New base"), At: len(ds.Markers)}
			}},
		{name: "remove first marker", wantName: "delete Lavrov tour, stop 1: Kyrgyzstan",
			edit: func(t *testing.T, ds *Dataset) Edit { return &RemoveMarker{ID: "lavrov-visit-bishkek"} }},
		{name: "remove middle marker", wantName: "delete Russian air base in Kyrgyzstan",
			edit: func(t *testing.T, ds *Dataset) Edit { return &RemoveMarker{ID: airbase} }},
		{name: "remove last marker",
			edit: func(t *testing.T, ds *Dataset) Edit { return &RemoveMarker{ID: ds.Markers[len(ds.Markers)-1].ID} }},
		{name: "set marker", wantName: "edit Russian air base in Kyrgyzstan",
			edit: func(t *testing.T, ds *Dataset) Edit {
				return &SetMarker{ID: airbase, New: newMarker(ds, airbase, airbase, "Kant air base")}
			}},
		{name: "set marker with a new id", wantName: "edit Russian air base in Kyrgyzstan",
			edit: func(t *testing.T, ds *Dataset) Edit {
				return &SetMarker{ID: airbase, New: newMarker(ds, airbase, "kant-air-base", "Kant air base")}
			}},
		{name: "move marker", wantName: "move Russian air base in Kyrgyzstan",
			edit: func(t *testing.T, ds *Dataset) Edit { return &MoveMarker{ID: airbase, To: orb.Point{74.9, 42.8}} }},
		{name: "add citation", wantName: "add citation to Russian air base in Kyrgyzstan",
			edit: func(t *testing.T, ds *Dataset) Edit {
				return &AddCitation{ID: airbase, Citation: Citation{Source: ds.Markers[0].Citations[0].Source, Quote: ds.Markers[0].Citations[0].Quote}}
			}},
		{name: "remove first citation",
			edit: func(t *testing.T, ds *Dataset) Edit { return &RemoveCitation{ID: multiCited(t, ds).ID, At: 0} }},
		{name: "remove last citation",
			edit: func(t *testing.T, ds *Dataset) Edit {
				m := multiCited(t, ds)
				return &RemoveCitation{ID: m.ID, At: len(m.Citations) - 1}
			}},
		{name: "remove only citation", invalid: true, wantName: "delete citation from Russian air base in Kyrgyzstan",
			setup: func(ds *Dataset) { m := ds.Marker(airbase); m.Citations = m.Citations[:1] },
			edit:  func(t *testing.T, ds *Dataset) Edit { return &RemoveCitation{ID: airbase, At: 0} }},
		{name: "add source", wantName: "add source Spare source",
			edit: func(t *testing.T, ds *Dataset) Edit { return &AddSource{Source: spare} }},
		{name: "remove uncited source", wantName: "delete source Spare source",
			setup: func(ds *Dataset) { ds.Sources = slices.Insert(ds.Sources, 1, spare); ds.Reindex() },
			edit:  func(t *testing.T, ds *Dataset) Edit { return &RemoveSource{ID: "spare"} }},
		{name: "remove source with citations", invalid: true,
			edit: func(t *testing.T, ds *Dataset) Edit { return &RemoveSourceWithCitations{ID: ds.Sources[0].ID} }},
		{name: "remove uncited source with citations", wantName: "delete source Spare source",
			setup: func(ds *Dataset) { ds.Sources = append(ds.Sources, spare); ds.Reindex() },
			edit:  func(t *testing.T, ds *Dataset) Edit { return &RemoveSourceWithCitations{ID: "spare"} }},
		{name: "composite", wantName: "add spare source and cite it",
			edit: func(t *testing.T, ds *Dataset) Edit {
				return &Composite{Label: "add spare source and cite it", Edits: []Edit{
					&AddSource{Source: spare},
					&AddCitation{ID: airbase, Citation: Citation{Source: "spare", Quote: "moved into the valley"}},
					&MoveMarker{ID: airbase, To: orb.Point{74, 42}},
				}}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := loadDefault(t)
			if tt.setup != nil {
				tt.setup(ds)
			}
			before := snapshot(ds)
			e := tt.edit(t, ds)
			if err := e.Apply(ds); err != nil {
				t.Fatalf("Apply: %v", err)
			}
			assertConsistent(t, ds)
			after := snapshot(ds)
			if ps := Validate(ds); (len(ps) != 0) != tt.invalid {
				t.Errorf("after Apply, Validate = %v", ps)
			}
			name := e.Name()
			if tt.wantName != "" && name != tt.wantName {
				t.Errorf("Name = %q; want %q", name, tt.wantName)
			}
			if err := e.Undo(ds); err != nil {
				t.Fatalf("Undo: %v", err)
			}
			assertState(t, before, ds)
			for k, m := range ds.Markers {
				if !sameSlice(m.Citations, before.citeArrs[k]) {
					t.Errorf("markers[%d] (%s) has another citations slice after Undo", k, m.ID)
				}
			}
			if err := e.Apply(ds); err != nil {
				t.Fatalf("Apply again: %v", err)
			}
			assertState(t, after, ds)
			if got := e.Name(); got != name {
				t.Errorf("Name after redo = %q; was %q", got, name)
			}
			if err := e.Undo(ds); err != nil {
				t.Fatalf("Undo again: %v", err)
			}
			assertState(t, before, ds)
			if ps := Validate(ds); len(ps) != 0 && !tt.invalid {
				t.Errorf("after Undo, Validate = %v", ps)
			}
		})
	}
}

// sameSlice reports whether a and b are the same slice: same array,
// length and capacity, or both nil.
func sameSlice(a, b []Citation) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return len(a) == len(b) && cap(a) == cap(b) && (len(a) == 0 || &a[0] == &b[0])
}

func TestEditRejects(t *testing.T) {
	const airbase = "kyrgyzstan-russian-airbase"
	tests := []struct {
		name    string
		edit    func(ds *Dataset) Edit
		wantErr error
		wantMsg string // part of the message
	}{
		{"add nil marker", func(ds *Dataset) Edit { return AppendMarker(nil) }, ErrMissingValue, "add marker"},
		{"add duplicate marker", func(ds *Dataset) Edit { return AppendMarker(newMarker(ds, airbase, airbase, "Again")) }, ErrDuplicateID, "add marker " + airbase},
		{"add marker past the end", func(ds *Dataset) Edit {
			return &AddMarker{Marker: newMarker(ds, airbase, "x", "X"), At: len(ds.Markers) + 1}
		}, ErrOutOfRange, "at 22"},
		{"remove unknown marker", func(ds *Dataset) Edit { return &RemoveMarker{ID: "kant-air-base"} }, ErrNoMarker, "delete marker kant-air-base"},
		{"set unknown marker", func(ds *Dataset) Edit { return &SetMarker{ID: "kant-air-base", New: &Marker{ID: "kant-air-base"}} }, ErrNoMarker, "edit marker kant-air-base"},
		{"set marker to nil", func(ds *Dataset) Edit { return &SetMarker{ID: airbase} }, ErrMissingValue, airbase},
		{"set marker to itself", func(ds *Dataset) Edit { return &SetMarker{ID: airbase, New: ds.Marker(airbase)} }, nil, "itself"},
		{"set marker to a used id", func(ds *Dataset) Edit {
			return &SetMarker{ID: airbase, New: newMarker(ds, airbase, "lavrov-visit-bishkek", "X")}
		}, ErrDuplicateID, "new id lavrov-visit-bishkek"},
		{"move unknown marker", func(ds *Dataset) Edit { return &MoveMarker{ID: "kant-air-base"} }, ErrNoMarker, "move kant-air-base"},
		{"move a border", func(ds *Dataset) Edit { return &MoveMarker{ID: "tajikistan-afghanistan-border"} }, ErrNotPoint, "LineString"},
		{"cite unknown source", func(ds *Dataset) Edit {
			return &AddCitation{ID: airbase, Citation: Citation{Source: "nowhere", Quote: "x"}}
		}, ErrNoSource, "source nowhere"},
		{"cite from unknown marker", func(ds *Dataset) Edit {
			return &AddCitation{ID: "kant-air-base", Citation: ds.Markers[0].Citations[0]}
		}, ErrNoMarker, "kant-air-base"},
		{"remove citation past the end", func(ds *Dataset) Edit { return &RemoveCitation{ID: airbase, At: 9} }, ErrOutOfRange, "citation 9"},
		{"remove negative citation", func(ds *Dataset) Edit { return &RemoveCitation{ID: airbase, At: -1} }, ErrOutOfRange, ""},
		{"remove citation of unknown marker", func(ds *Dataset) Edit { return &RemoveCitation{ID: "kant-air-base"} }, ErrNoMarker, ""},
		{"add nil source", func(ds *Dataset) Edit { return &AddSource{} }, ErrMissingValue, ""},
		{"add duplicate source", func(ds *Dataset) Edit { return &AddSource{Source: &Source{ID: ds.Sources[0].ID}} }, ErrDuplicateID, ""},
		{"remove unknown source", func(ds *Dataset) Edit { return &RemoveSource{ID: "nowhere"} }, ErrNoSource, "delete source nowhere"},
		{"remove cited source", func(ds *Dataset) Edit { return &RemoveSource{ID: ds.Sources[0].ID} }, ErrSourceCited, "first marker"},
		{"remove unknown source with citations", func(ds *Dataset) Edit { return &RemoveSourceWithCitations{ID: "nowhere"} }, ErrNoSource, ""},
		{"composite failing halfway", func(ds *Dataset) Edit {
			return &Composite{Label: "tidy up", Edits: []Edit{
				&MoveMarker{ID: airbase, To: orb.Point{1, 2}},
				&RemoveMarker{ID: "lavrov-visit-bishkek"},
				&AddSource{Source: &Source{ID: "spare", Title: "Spare"}},
				&RemoveSource{ID: ds.Sources[0].ID},
			}}
		}, ErrSourceCited, "tidy up: delete source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := loadDefault(t)
			before := snapshot(ds)
			err := tt.edit(ds).Apply(ds)
			switch {
			case err == nil:
				t.Fatal("Apply succeeded")
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("Apply: %v; want %v", err, tt.wantErr)
			case !strings.Contains(err.Error(), tt.wantMsg):
				t.Errorf("Apply: %v; want a message with %q", err, tt.wantMsg)
			}
			assertState(t, before, ds)
		})
	}
}

func TestUndoNotApplied(t *testing.T) {
	ds := loadDefault(t)
	before := snapshot(ds)
	for _, e := range []Edit{
		AppendMarker(newMarker(ds, "kyrgyzstan-russian-airbase", "x", "X")),
		&RemoveMarker{ID: "kyrgyzstan-russian-airbase"},
		&SetMarker{ID: "kyrgyzstan-russian-airbase"},
		&MoveMarker{ID: "kyrgyzstan-russian-airbase"},
		&AddCitation{ID: "kyrgyzstan-russian-airbase"},
		&RemoveCitation{ID: "kyrgyzstan-russian-airbase"},
		&AddSource{Source: &Source{ID: "x"}},
		&RemoveSource{ID: ds.Sources[0].ID},
		&RemoveSourceWithCitations{ID: ds.Sources[0].ID},
	} {
		if err := e.Undo(ds); !errors.Is(err, ErrNotApplied) {
			t.Errorf("%s: Undo before Apply = %v; want ErrNotApplied", e.Name(), err)
		}
	}
	assertState(t, before, ds)

	// Undoing an edit when a later one is still applied fails too.
	move := &MoveMarker{ID: "kyrgyzstan-russian-airbase", To: orb.Point{1, 1}}
	remove := &RemoveMarker{ID: "kyrgyzstan-russian-airbase"}
	for _, e := range []Edit{move, remove} {
		if err := e.Apply(ds); err != nil {
			t.Fatal(err)
		}
	}
	err := move.Undo(ds)
	if !errors.Is(err, ErrNotApplied) || !strings.HasPrefix(err.Error(), "undo move kyrgyzstan-russian-airbase: ") {
		t.Errorf("Undo out of order = %v", err)
	}
}

// TestEditsWithDuplicateIDs checks that edits keep the lookup tables as
// Reindex builds them even in a dataset with repeated ids, where the first
// marker of an id wins.
func TestEditsWithDuplicateIDs(t *testing.T) {
	ds := loadDefault(t)
	dup := cloneMarker(ds.Markers[3])
	dup.Title = "Duplicate"
	ds.Markers = append(ds.Markers, dup)
	renumber(ds)
	ds.Reindex()
	before := snapshot(ds)
	for _, e := range []Edit{
		&RemoveMarker{ID: dup.ID},
		&SetMarker{ID: dup.ID, New: newMarker(ds, dup.ID, "renamed", "Renamed")},
		&Composite{Edits: []Edit{&RemoveMarker{ID: dup.ID}, &RemoveMarker{ID: dup.ID}}},
	} {
		if err := e.Apply(ds); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		assertConsistent(t, ds)
		if err := e.Undo(ds); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		assertState(t, before, ds)
	}
}

func TestEditWithoutLookupTables(t *testing.T) {
	ds := loadDefault(t)
	ds.markerIndex, ds.sourceIndex = nil, nil
	before := snapshot(ds)
	e := &RemoveMarker{ID: "kyrgyzstan-russian-airbase"}
	if err := e.Apply(ds); err != nil {
		t.Fatal(err)
	}
	if ds.Marker("kyrgyzstan-russian-airbase") != nil {
		t.Error("removed marker still found")
	}
	if err := e.Undo(ds); err != nil {
		t.Fatal(err)
	}
	assertState(t, before, ds)
}

// TestCitationEditsCopyOnWrite checks that citation edits never write to
// the Citations array a marker had, which another value may share.
func TestCitationEditsCopyOnWrite(t *testing.T) {
	ds := loadDefault(t)
	m := ds.Marker("kyrgyzstan-russian-airbase")
	n := len(m.Citations)
	arr := append(slices.Clone(m.Citations), Citation{Quote: "sentinel"})
	want := slices.Clone(arr)
	m.Citations = arr[:n]
	for _, e := range []Edit{
		&AddCitation{ID: m.ID, Citation: ds.Markers[0].Citations[0]},
		&RemoveCitation{ID: m.ID, At: 0},
	} {
		if err := e.Apply(ds); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(arr, want) || len(m.Citations) > 0 && &m.Citations[0] == &arr[0] {
			t.Errorf("%s wrote to the marker's citations array", e.Name())
		}
		if err := e.Undo(ds); err != nil {
			t.Fatal(err)
		}
	}
}
