package app

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"casmap/app/mapmodel"
	"casmap/data"
)

// newTestList returns a marker list on the default dataset in a window.
func newTestList(t *testing.T) (*State, *markerList, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	s := newDefaultState(t)
	l := newMarkerList(s)
	w := test.NewTempWindow(t, l.Object())
	w.Resize(fyne.NewSize(320, 700))
	return s, l, w
}

// ids returns the ids of ms.
func ids(ms []*data.Marker) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

func TestMarkerListSearch(t *testing.T) {
	tests := []struct {
		query string
		want  []string
	}{
		// The base's quote names "its ambassador to Moscow".
		{"Moscow", []string{"kyrgyzstan-second-russian-base", "meeting-moscow-afghan-talks"}},
		{"moscow meeting", []string{"meeting-moscow-afghan-talks"}},
		{"airbase", []string{"kyrgyzstan-russian-airbase", "lavrov-visit-bishkek"}}, // in a quote only
		{"no such thing", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			s, l, w := newTestList(t)
			w.Canvas().Focus(l.search)
			test.Type(l.search, tt.query)
			if s.Filter.Query != tt.query {
				t.Fatalf("filter query = %q, want %q", s.Filter.Query, tt.query)
			}
			if got := ids(l.items); !slices.Equal(got, tt.want) {
				t.Errorf("listed %v, want %v", got, tt.want)
			}
			if l.empty.Visible() != (len(tt.want) == 0) {
				t.Errorf("empty notice visible = %v with %d markers", l.empty.Visible(), len(tt.want))
			}
		})
	}
}

func TestMarkerListFollowsFilter(t *testing.T) {
	s, l, _ := newTestList(t)
	if got, want := l.status.Text, "21 of 21 markers shown"; got != want {
		t.Errorf("status = %q, want %q", got, want)
	}
	s.UpdateFilter(func(f *Filter) { f.Query = "Lavrov" })
	if l.search.Text != "Lavrov" {
		t.Errorf("search field = %q after the query changed elsewhere", l.search.Text)
	}
	s.UpdateFilter(func(f *Filter) {
		f.Query = ""
		f.From = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	})
	undated := 0
	for _, m := range s.DS.Markers {
		if !m.Dated() {
			undated++
		}
	}
	if !strings.HasSuffix(l.status.Text, " markers shown ("+strconv.Itoa(undated)+" undated, always shown)") {
		t.Errorf("status with a date filter = %q", l.status.Text)
	}
	for _, m := range l.items {
		if m.Dated() && m.When.End.Before(s.Filter.From) {
			t.Errorf("%s is listed though it ends before the range", m.ID)
		}
	}
	if !strings.Contains(l.counts.Text, "visits") {
		t.Errorf("counts = %q", l.counts.Text)
	}
}

func TestMarkerListSelection(t *testing.T) {
	s, l, w := newTestList(t)
	// Selecting an entry selects its marker and pans to it.
	l.list.Select(3)
	if s.Selected != l.items[3] || !s.Pan {
		t.Fatalf("selecting row 3 selected %v (pan %v), want %s", s.Selected, s.Pan, l.items[3].ID)
	}
	// A selection made elsewhere is shown, without echo.
	m := mustMarker(t, s, "meeting-moscow-afghan-talks")
	calls := 0
	s.Listen(func(c Change) {
		if c == ChangeSelection {
			calls++
		}
	})
	s.Select(m, false)
	if i := slices.Index(l.items, m); l.list.cursor != i {
		t.Errorf("cursor = %d, want row %d of the selected marker", l.list.cursor, i)
	}
	if calls != 1 || s.Pan {
		t.Errorf("the list echoed the selection: %d changes, pan %v", calls, s.Pan)
	}

	// Keyboard: Down moves the cursor, Enter selects, Escape clears.
	w.Canvas().Focus(l.list)
	cur := l.list.cursor
	test.Type(l.list, "") // no runes are handled
	l.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	l.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if l.list.cursor != cur+2 {
		t.Errorf("cursor after two Downs = %d, want %d", l.list.cursor, cur+2)
	}
	if s.Selected != m {
		t.Error("moving the cursor changed the selection")
	}
	l.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if s.Selected != l.items[cur+2] || !s.Pan {
		t.Errorf("Enter selected %v, want %s", s.Selected, l.items[cur+2].ID)
	}
	l.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	if l.list.cursor != 0 {
		t.Errorf("Home put the cursor on %d", l.list.cursor)
	}
	l.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if s.Selected != nil {
		t.Errorf("Escape left %v selected", s.Selected)
	}

	// Enter in the search field selects the first match.
	test.Type(l.search, "Turkmenistan")
	l.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if s.Selected == nil || s.Selected != l.items[0] {
		t.Errorf("Enter in the search selected %v, want the first match", s.Selected)
	}
}

func TestMarkerListOrder(t *testing.T) {
	s := newDefaultState(t)
	ms := listMarkers(s)
	if len(ms) != len(s.DS.Markers) {
		t.Fatalf("listed %d of %d markers", len(ms), len(s.DS.Markers))
	}
	rank := func(k data.Kind) int { return slices.Index(data.Kinds, k) }
	for i := 1; i < len(ms); i++ {
		a, b := ms[i-1], ms[i]
		switch {
		case rank(a.Kind) > rank(b.Kind):
			t.Errorf("%s (%s) before %s (%s)", a.ID, a.Kind, b.ID, b.Kind)
		case a.Kind == b.Kind && a.Dated() && b.Dated() && a.When.Start.After(b.When.Start):
			t.Errorf("%s dated after %s comes first", a.ID, b.ID)
		case a.Kind == b.Kind && !a.Dated() && b.Dated():
			t.Errorf("undated %s before dated %s", a.ID, b.ID)
		}
	}
}

func TestStepSelection(t *testing.T) {
	s := newDefaultState(t)
	ms := listMarkers(s)
	n := len(ms)
	tests := []struct {
		name  string
		from  int // index in list order, -1 for no selection
		delta int
		want  int
	}{
		{"first from nothing", -1, 1, 0},
		{"last from nothing", -1, -1, n - 1},
		{"forward", 2, 1, 3},
		{"backward", 2, -1, 1},
		{"wraps forward", n - 1, 1, 0},
		{"wraps backward", 0, -1, n - 1},
		{"big step", 1, n + 2, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.from < 0 {
				s.Select(nil, false)
			} else {
				s.Select(ms[tt.from], false)
			}
			stepSelection(s, tt.delta)
			if s.Selected != ms[tt.want] || !s.Pan {
				t.Errorf("selected %v (pan %v), want %s", s.Selected, s.Pan, ms[tt.want].ID)
			}
		})
	}

	// Only the listed markers are stepped through.
	s.UpdateFilter(func(f *Filter) { f.Query = "Lavrov tour" })
	s.Select(nil, false)
	var seen []string
	for range 4 {
		stepSelection(s, 1)
		seen = append(seen, s.Selected.ID)
	}
	want := []string{"lavrov-visit-bishkek", "lavrov-visit-dushanbe", "lavrov-visit-ashgabat", "lavrov-visit-bishkek"}
	if !slices.Equal(seen, want) {
		t.Errorf("stepped through %v, want %v", seen, want)
	}
}

// TestSearchOnTheMap searches for a word: the map dims the markers that do
// not match, Enter fits the view to the matches, and a row matched by its
// quote says so.
func TestSearchOnTheMap(t *testing.T) {
	w := newTestWindow(t)
	w.list.search.SetText("airbase")
	if w.scene.filter.Query != "airbase" {
		t.Fatal("the map does not know the search")
	}
	dimmed, lit := 0, 0
	for _, m := range w.state.DS.Markers {
		if w.scene.filter.Matches(m) {
			lit++
		} else {
			dimmed++
		}
	}
	if lit == 0 || dimmed == 0 {
		t.Fatalf("%d lit, %d dimmed", lit, dimmed)
	}
	if !strings.Contains(w.list.status.Text, "match “airbase”") {
		t.Errorf("status %q", w.list.status.Text)
	}
	w.list.search.OnSubmitted("airbase")
	b := w.mapv.view.Bound()
	for _, m := range w.list.items {
		if !b.Contains(mapmodel.Anchor(m.Geometry)) {
			t.Errorf("%s is outside the view after Enter", m.ID)
		}
	}
	var snippet string
	for _, m := range w.list.items {
		if s := matchSnippet(m, "airbase"); strings.HasPrefix(s, "quote: ") {
			snippet = s
		}
	}
	if !strings.Contains(snippet, "airbase") {
		t.Errorf("no row says the quote matched: %q", snippet)
	}
}

// TestDownFromSearchGoesToFirst moves the list cursor to the end, then
// searches and presses Down: the cursor is on the first result.
func TestDownFromSearchGoesToFirst(t *testing.T) {
	w := newTestWindow(t)
	w.list.focusList()
	w.list.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	if w.list.list.cursor == 0 {
		t.Fatal("End did not move the cursor")
	}
	w.list.search.SetText("Lavrov")
	w.list.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if w.list.list.cursor != 0 {
		t.Errorf("Down from the search put the cursor on row %d, want the first", w.list.list.cursor)
	}
}

// TestLongTitlesWrapInNarrowList checks that at 1024×768 the marker list
// shows every title in full: long titles wrap and their rows grow to hold
// them, short ones keep one line.
func TestLongTitlesWrapInNarrowList(t *testing.T) {
	w := newTestWindow(t)
	w.win.Resize(fyne.NewSize(1024, 768))
	l := w.list
	l.list.Refresh()
	one := l.list.itemMin().Height
	var long, short int
	for id, m := range l.items {
		l.list.ScrollTo(id)
		var h float32
		for range 100 {
			if h = l.heights[id]; h > 0 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		textW := l.list.Size().Width - listIconSize - 3*theme.Padding() - 2*theme.InnerPadding()
		full := fyne.MeasureText(m.Title, theme.TextSize(), fyne.TextStyle{Bold: true}).Width
		// Titles near the column's width may go either way.
		switch {
		case full > 1.15*textW:
			long++
			if h <= one {
				t.Errorf("%q is %.0f wide in a %.0f title column but its row stays one line (%.0f)", m.Title, full, textW, h)
			}
		case full < 0.9*textW:
			short++
			if h != one && h != 0 {
				t.Errorf("%q fits one line but its row is %.0f high, not %.0f", m.Title, h, one)
			}
		}
	}
	if long == 0 || short == 0 {
		t.Fatalf("want long and short titles at this width: %d long, %d short", long, short)
	}

}
