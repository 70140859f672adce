package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"casmap/data"
)

// openTestSource opens the source window of id on a new state.
func openTestSource(t *testing.T, id string, focus *data.Citation) (*State, *sourceView) {
	t.Helper()
	a := test.NewTempApp(t)
	s := newDefaultState(t)
	src := s.DS.Source(id)
	if src == nil {
		t.Fatalf("no source %q", id)
	}
	v := showSource(s, src, focus, a)
	t.Cleanup(func() {
		if !v.closed {
			v.win.Close()
		}
	})
	return s, v
}

// mustPassage returns the passage of v whose text contains sub.
func mustPassage(t *testing.T, v *sourceView, sub string) int {
	t.Helper()
	i := v.passageAt(sub)
	if i < 0 {
		t.Fatalf("no highlighted passage contains %q", sub)
	}
	return i
}

func TestSourceViewTapSelectsMarker(t *testing.T) {
	tests := []struct {
		passage string
		want    string // marker selected
		menu    bool   // whether other markers are offered
	}{
		{"The impoverished country may agree", "kyrgyzstan-second-russian-base", false},
		{"His first stop is Kyrgyzstan", "lavrov-visit-bishkek", true},
		{"The Kremlin fought a decade-long war", "soviet-war-afghanistan", false},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			s, v := openTestSource(t, "buffer", nil)
			para, pos, ok := v.passagePos(mustPassage(t, v, tt.passage))
			if !ok {
				t.Fatal("the passage is not laid out")
			}
			test.TapAt(para, pos)
			if s.Selected == nil || s.Selected.ID != tt.want {
				t.Fatalf("selected %v after tapping %q, want %s", s.Selected, tt.passage, tt.want)
			}
			if !s.Pan {
				t.Error("the selection does not ask the map to pan")
			}
			if got := menuShown(v.win.Canvas()); got != tt.menu {
				t.Errorf("menu shown = %v, want %v", got, tt.menu)
			}
		})
	}
}

// menuShown reports whether a pop-up covers canvas c.
func menuShown(c fyne.Canvas) bool { return c.Overlays().Top() != nil }

func TestSourceViewMenuOffersOthers(t *testing.T) {
	s, v := openTestSource(t, "buffer", nil)
	i := mustPassage(t, v, "His first stop is Kyrgyzstan")
	v.tapPassage(i)
	if !menuShown(v.win.Canvas()) || v.menu == nil {
		t.Fatal("no menu offers the other markers citing the passage")
	}
	menu := v.menu
	var labels []string
	var airbase *fyne.MenuItem
	for _, it := range menu.Items {
		labels = append(labels, it.Label)
		if strings.Contains(it.Label, "Russian air base in Kyrgyzstan") {
			airbase = it
		}
	}
	if airbase == nil {
		t.Fatalf("menu items %q lack the air base", labels)
	}
	airbase.Action()
	if s.Selected == nil || s.Selected.ID != "kyrgyzstan-russian-airbase" || !s.Pan {
		t.Errorf("choosing the air base selected %v (pan %v)", s.Selected, s.Pan)
	}
}

func TestSourceViewAlliancePassage(t *testing.T) {
	s, v := openTestSource(t, "buffer", nil)
	v.tapPassage(mustPassage(t, v, "Both Kyrgyzstan and Tajikistan belong"))
	if s.Country != "KG" || s.Selected != nil {
		t.Errorf("tapping the membership passage selected country %q, marker %v; want KG", s.Country, s.Selected)
	}
	if !menuShown(v.win.Canvas()) || !slices.ContainsFunc(v.menu.Items, func(it *fyne.MenuItem) bool {
		return it.Label == "Tajikistan: member of CSTO"
	}) {
		t.Error("no menu offers Tajikistan's membership")
	}
}

func TestSourceViewPassages(t *testing.T) {
	for _, id := range []string{"buffer", "tour"} {
		t.Run(id, func(t *testing.T) {
			s := newDefaultState(t)
			src := s.DS.Source(id)
			ps := citedPassages(s.DS, src)
			if len(ps) == 0 {
				t.Fatal("no passage")
			}
			for i, p := range ps {
				if i > 0 && p.start < ps[i-1].end {
					t.Errorf("passages %d and %d overlap", i-1, i)
				}
				if len(p.targets) == 0 {
					t.Errorf("passage %d supports nothing", i)
				}
			}
			// Every citation of the source lies in one passage that names
			// its marker.
			for _, m := range s.DS.Markers {
				for _, c := range m.Citations {
					if c.Source != id {
						continue
					}
					k := slices.IndexFunc(ps, func(p *sourcePassage) bool { return c.Start >= p.start && c.End <= p.end })
					if k < 0 {
						t.Errorf("%s: citation %q is in no passage", m.ID, c.Quote)
						continue
					}
					if !slices.ContainsFunc(ps[k].targets, func(t sourceTarget) bool { return t.marker == m }) {
						t.Errorf("%s: passage %d does not name the marker", m.ID, k)
					}
				}
			}
		})
	}
}

func TestCitedPassagesMerge(t *testing.T) {
	src := &data.Source{ID: "s", Text: "aaa bbb ccc ddd eee"}
	m1 := &data.Marker{Index: 0, ID: "one", Citations: []data.Citation{{Source: "s", Start: 0, End: 7}}}
	m2 := &data.Marker{Index: 1, ID: "two", Citations: []data.Citation{{Source: "s", Start: 4, End: 11}, {Source: "s", Start: 16, End: 19}}}
	m3 := &data.Marker{Index: 2, ID: "three", Citations: []data.Citation{{Source: "other", Start: 0, End: 3}, {Source: "s", Start: 12, End: 15}}}
	ds := &data.Dataset{Sources: []*data.Source{src}, Markers: []*data.Marker{m3, m2, m1}}
	type want struct {
		start, end int
		ids        []string
	}
	wants := []want{{0, 11, []string{"one", "two"}}, {12, 15, []string{"three"}}, {16, 19, []string{"two"}}}
	got := citedPassages(ds, src)
	if len(got) != len(wants) {
		t.Fatalf("got %d passages, want %d", len(got), len(wants))
	}
	for i, w := range wants {
		var ids []string
		for _, tg := range got[i].targets {
			ids = append(ids, tg.marker.ID)
		}
		if got[i].start != w.start || got[i].end != w.end || !slices.Equal(ids, w.ids) {
			t.Errorf("passage %d = [%d,%d) %v, want [%d,%d) %v", i, got[i].start, got[i].end, ids, w.start, w.end, w.ids)
		}
	}
}

func TestSourceViewFocus(t *testing.T) {
	s := newDefaultState(t)
	m := mustMarker(t, s, "soviet-war-afghanistan")
	_, v := openTestSource(t, "buffer", &m.Citations[0])
	if v.scroll.Offset.Y <= 0 {
		t.Errorf("the view did not scroll to the last paragraph: offset %v", v.scroll.Offset)
	}
	i := mustPassage(t, v, "The Kremlin fought")
	if v.focusPassage != i || !v.emphasised(i) {
		t.Errorf("focused passage = %d, want %d emphasised", v.focusPassage, i)
	}

	// Opening the same source again reuses the window.
	again := showSource(v.s, v.src, nil, fyne.CurrentApp())
	if again != v {
		t.Error("opening an open source made a second window")
	}
	v.s.SetDataset(v.s.DS)
	if !v.closed {
		t.Error("a new dataset left the source window open")
	}
}

func TestSplitPieces(t *testing.T) {
	text := "Say “quoted words” here."
	start := strings.Index(text, "quoted")
	end := strings.Index(text, "”")
	ps := []*sourcePassage{{start: start, end: end}}
	got := splitPieces(text, 0, len(text), ps)
	want := []flowPiece{
		{text: "Say", off: 0, passage: -1},
		{text: "“", off: 4, passage: -1},
		{text: "quoted", off: 7, passage: 0, glued: true},
		{text: "words", off: 14, passage: 0},
		{text: "”", off: 19, passage: -1, glued: true},
		{text: "here.", off: 23, passage: -1},
	}
	for _, p := range got {
		if text[p.off:p.off+len(p.text)] != p.text {
			t.Errorf("piece %q is not at its offset %d", p.text, p.off)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("splitPieces = %+v, want %+v", got, want)
	}
}

func TestSourceViewKeys(t *testing.T) {
	_, v := openTestSource(t, "tour", nil)
	tests := []struct {
		key  fyne.KeyName
		want func(y, bottom float32) bool
	}{
		{fyne.KeyEnd, func(y, bottom float32) bool { return y == bottom && y > 0 }},
		{fyne.KeyUp, func(y, bottom float32) bool { return y < bottom }},
		{fyne.KeyHome, func(y, _ float32) bool { return y == 0 }},
		{fyne.KeyPageDown, func(y, _ float32) bool { return y > 0 }},
	}
	for _, tt := range tests {
		v.typedKey(&fyne.KeyEvent{Name: tt.key})
		bottom := v.scroll.Content.Size().Height - v.scroll.Size().Height
		if y := v.scroll.Offset.Y; !tt.want(y, bottom) {
			t.Errorf("after %s the offset is %v (bottom %v)", tt.key, y, bottom)
		}
	}
	v.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !v.closed {
		t.Error("Escape left the source window open")
	}
}
