package app

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"casmap/data"
)

// newTestLayers returns a layers panel on the default dataset in a window.
func newTestLayers(t *testing.T) (*State, *layersPanel) {
	t.Helper()
	test.NewTempApp(t)
	s := newDefaultState(t)
	l := newLayersPanel(s)
	w := test.NewTempWindow(t, l.Object())
	w.Resize(fyne.NewSize(340, 900))
	return s, l
}

func TestLayersKindToggle(t *testing.T) {
	s, l := newTestLayers(t)
	row := l.kindRows[data.KindVisit]
	visits := s.DS.CountByKind()[data.KindVisit]
	if got := row.count.Text; got != "3" || visits != 3 {
		t.Fatalf("visit count = %q (dataset has %d), want 3", got, visits)
	}
	test.Tap(row.check)
	if !s.Filter.HiddenKinds[data.KindVisit] {
		t.Fatal("unchecking Visit does not hide the visits")
	}
	for _, m := range s.DS.Markers {
		if m.Kind == data.KindVisit && s.Filter.Shows(m) {
			t.Errorf("visit %s still shown", m.ID)
		}
	}
	if got := row.count.Text; got != "0 of 3" {
		t.Errorf("visit count when hidden = %q, want %q", got, "0 of 3")
	}
	if got := l.actorRows["RU"].count.Text; got != "10 of 13" {
		t.Errorf("Russia’s count with the visits hidden = %q, want %q", got, "10 of 13")
	}

	// Tapping the row, not only the box, switches it back on.
	test.Tap(row)
	if s.Filter.HiddenKinds[data.KindVisit] || !row.check.Checked || row.count.Text != "3" {
		t.Errorf("tapping the row again: hidden %v, checked %v, count %q", s.Filter.HiddenKinds[data.KindVisit], row.check.Checked, row.count.Text)
	}
}

func TestLayersFollowFilter(t *testing.T) {
	s, l := newTestLayers(t)
	s.UpdateFilter(func(f *Filter) {
		f.HiddenActors[""] = true
		f.HiddenKinds[data.KindBase] = true
		f.Alliance = false
	})
	if l.actorRows[""].check.Checked || l.kindRows[data.KindBase].check.Checked || l.alliance.check.Checked {
		t.Error("the legend does not follow a filter changed elsewhere")
	}
	if got := l.actorRows[""].name.Text; got != noActorLabel {
		t.Errorf("row of markers without actor = %q", got)
	}
	test.Tap(l.route)
	if s.Filter.Route || l.route.check.Checked {
		t.Error("unchecking Tour route leaves the routes on")
	}
	if got := l.alliance.name.Text; got != "Alliance shading (CSTO members / non-members)" {
		t.Errorf("alliance layer = %q", got)
	}

	// A new dataset rebuilds the actor rows.
	ds := &data.Dataset{Markers: []*data.Marker{{ID: "x", Kind: data.KindBase, Actor: "CN"}}}
	s.SetDataset(ds)
	if len(l.actorRows) != 1 || l.actorRows["CN"] == nil || l.actorRows["CN"].name.Text != "China" {
		t.Errorf("actor rows after a new dataset: %v", l.actorRows)
	}
	if !l.route.check.Disabled() || !l.alliance.check.Disabled() {
		t.Error("layers a dataset lacks are not disabled")
	}
}

func TestLayersDates(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	endOf := func(t time.Time) time.Time { return t.Add(-time.Nanosecond) }
	tests := []struct {
		name, from, to string
		wantFrom       time.Time
		wantTo         time.Time
		msg            string // the message shown, "" for none
	}{
		{"day range", "2019-02-01", "2019-02-04", day(2019, 2, 1), endOf(day(2019, 2, 5)), ""},
		{"year and month", "2018", "2019-01", day(2018, 1, 1), endOf(day(2019, 2, 1)), ""},
		{"open end", "2019-02-04", "", day(2019, 2, 4), time.Time{}, ""},
		{"invalid month", "2019-13-01", "", time.Time{}, time.Time{}, "there is no month 13"},
		{"not a date", "yesterday!", "", time.Time{}, time.Time{}, "is not a date"},
		{"half typed", "2019-0", "", time.Time{}, time.Time{}, "Type a date as"},
		// From applies as typed; the reversed To is refused.
		{"reversed", "2019-03-01", "2019-02-01", day(2019, 3, 1), time.Time{}, "after the To date"},
		{"interval", "2019-01/2019-02", "", time.Time{}, time.Time{}, "not an interval"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, l := newTestLayers(t)
			l.from.SetText(tt.from)
			l.to.SetText(tt.to)
			if !s.Filter.From.Equal(tt.wantFrom) || !s.Filter.To.Equal(tt.wantTo) {
				t.Errorf("filter dates = %v – %v, want %v – %v", s.Filter.From, s.Filter.To, tt.wantFrom, tt.wantTo)
			}
			shown := l.dateMsg.Visible()
			if shown != (tt.msg != "") || !strings.Contains(l.dateMsg.Text, tt.msg) {
				t.Errorf("date message = %q (visible %v), want %q", l.dateMsg.Text, shown, tt.msg)
			}
		})
	}
}

func TestLayersDateSync(t *testing.T) {
	s, l := newTestLayers(t)
	undated := 0
	for _, m := range s.DS.Markers {
		if !m.Dated() {
			undated++
		}
	}
	if want := "Undated markers stay visible (" + strconv.Itoa(undated) + ")"; l.undated.Text != want {
		t.Errorf("undated text = %q, want %q", l.undated.Text, want)
	}
	if !strings.Contains(l.span.Text, "from 1989 to 9 February 2019") {
		t.Errorf("span = %q", l.span.Text)
	}
	s.UpdateFilter(func(f *Filter) { f.From = time.Date(2019, 2, 3, 0, 0, 0, 0, time.UTC) })
	if l.from.Text != "2019-02-03" {
		t.Errorf("From entry = %q after the filter changed elsewhere", l.from.Text)
	}
	test.Tap(findButton(t, l.Object(), "Clear dates"))
	if !s.Filter.From.IsZero() || l.from.Text != "" {
		t.Errorf("Clear dates left From %v, entry %q", s.Filter.From, l.from.Text)
	}
}
