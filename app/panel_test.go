package app

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"casmap/data"
)

// newDefaultState returns a state on the embedded dataset.
func newDefaultState(t *testing.T) *State {
	t.Helper()
	ds, err := data.Default()
	if err != nil {
		t.Fatalf("data.Default: %v", err)
	}
	return NewState(ds)
}

// mustMarker returns the marker id of s's dataset.
func mustMarker(t *testing.T, s *State, id string) *data.Marker {
	t.Helper()
	m := s.DS.Marker(id)
	if m == nil {
		t.Fatalf("no marker %q in the dataset", id)
	}
	return m
}

// walk calls fn on o and every object under it, through containers and
// widget renderers.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	fn(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, child := range c.Objects {
			walk(child, fn)
		}
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(c).Objects() {
			walk(child, fn)
		}
	}
}

// richTexts returns the text of every RichText under o (labels included,
// as they draw through one), one per line.
func richTexts(o fyne.CanvasObject) string {
	var b strings.Builder
	walk(o, func(o fyne.CanvasObject) {
		if rt, ok := o.(*widget.RichText); ok {
			b.WriteString(rt.String())
			b.WriteByte('\n')
		}
	})
	return b.String()
}

// findButton returns the first button under o whose text is text.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}

// newTestPanel returns an evidence panel on the default dataset in a
// window of a panel's size, with the "Copied" feedback switched off.
func newTestPanel(t *testing.T) (*State, *evidencePanel) {
	t.Helper()
	test.NewTempApp(t)
	s := newDefaultState(t)
	w := test.NewTempWindow(t, nil)
	p := newEvidencePanel(s, w)
	p.later = func(time.Duration, func()) {}
	w.SetContent(p.Object())
	w.Resize(fyne.NewSize(460, 900))
	return s, p
}

func TestEvidencePanelShows(t *testing.T) {
	tests := []struct {
		name   string
		choose func(t *testing.T, s *State)
		want   []string
		avoid  []string
	}{{
		name:   "marker",
		choose: func(t *testing.T, s *State) { s.Select(mustMarker(t, s, "lavrov-visit-bishkek"), false) },
		want: []string{
			"Lavrov tour, stop 1: Kyrgyzstan",
			"His first stop is Kyrgyzstan, where Russia has an airbase.",
			"Russia seeks Central Asian buffer ahead of US withdrawal from Afghanistan",
			"Lavrov’s Central Asia Tour and Recent Developments in Afghan Peace Process",
			"publisher not named · published 3 February 2019",
			"Visit", "Russia", "past — over when the source was written",
			"Kyrgyzstan (shown at Bishkek)", "3–4 February 2019",
			"placed at country level: the source names no exact site",
			"stop 1 of the trip “lavrov-central-asia-2019”",
			"42.8746° N, 74.5698° E",
			"Evidence: 3 quotes from 2 sources",
		},
		avoid: []string{"Click a marker", "Participants"},
	}, {
		name:   "figure and possible status",
		choose: func(t *testing.T, s *State) { s.Select(mustMarker(t, s, "tajikistan-russian-troops"), false) },
		want:   []string{"7,500 troops", "undated", "current — in place"},
	}, {
		name:   "possible",
		choose: func(t *testing.T, s *State) { s.Select(mustMarker(t, s, "kyrgyzstan-second-russian-base"), false) },
		want:   []string{"possible — the source says it may happen", "The impoverished country may agree"},
	}, {
		name:   "meeting participants",
		choose: func(t *testing.T, s *State) { s.Select(mustMarker(t, s, "meeting-bishkek-jeenbekov"), false) },
		want:   []string{"Participants", "Sergei Lavrov, Sooronbay Jeenbekov and Chingiz Aidarbekov", "3–4 February 2019"},
	}, {
		name:   "area",
		choose: func(t *testing.T, s *State) { s.Select(mustMarker(t, s, "northern-afghanistan-militants"), false) },
		want: []string{"area centred on", "spanning 35.6000° to 38.0000° latitude",
			"Note: Quoted from Kyrgyzstan’s ambassador to Moscow, Alikbek Dzhekshenkulov."},
	}, {
		name:   "member country",
		choose: func(t *testing.T, s *State) { s.SelectCountry("KG") },
		want: []string{
			"Kyrgyzstan: member of Collective Security Treaty Organization (CSTO), as the sources state.",
			"Both Kyrgyzstan and Tajikistan belong to a Russian-led regional security pact.",
			"The alliance is led by Russia.",
			"Markers in Kyrgyzstan",
		},
		avoid: []string{"non-member"},
	}, {
		name:   "non-member country",
		choose: func(t *testing.T, s *State) { s.SelectCountry("TM") },
		want: []string{
			"Turkmenistan: stated non-member of Collective Security Treaty Organization (CSTO)",
			"The third country that Mr Lavrov will visit, Turkmenistan, which also borders Afghanistan, does not.",
		},
		avoid: []string{"as the sources state"},
	}, {
		name:   "country the sources say nothing about",
		choose: func(t *testing.T, s *State) { s.SelectCountry("KZ") },
		want:   []string{"Kazakhstan: the sources do not say whether it belongs to an alliance."},
	}, {
		name:   "nothing selected",
		choose: func(t *testing.T, s *State) { s.Select(nil, false) },
		want: []string{
			"Click a marker on the map, pick one from the list, or search",
			"Russia and Central Asia, February 2019",
			"Russia seeks Central Asian buffer ahead of US withdrawal from Afghanistan",
			"Read the source",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, p := newTestPanel(t)
			tt.choose(t, s)
			got := richTexts(p.Object())
			got += buttonTexts(p.Object())
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("panel lacks %q; it shows:\n%s", w, got)
				}
			}
			for _, a := range tt.avoid {
				if strings.Contains(got, a) {
					t.Errorf("panel shows %q, which it should not", a)
				}
			}
		})
	}
}

// buttonTexts returns the text of every button under o, one per line.
func buttonTexts(o fyne.CanvasObject) string {
	var b strings.Builder
	walk(o, func(o fyne.CanvasObject) {
		if btn, ok := o.(*widget.Button); ok {
			b.WriteString(btn.Text + "\n")
		}
	})
	return b.String()
}

func TestEvidencePanelHighlightsQuote(t *testing.T) {
	s, p := newTestPanel(t)
	s.Select(mustMarker(t, s, "lavrov-visit-bishkek"), false)
	const quote = "His first stop is Kyrgyzstan, where Russia has an airbase."
	found := false
	walk(p.Object(), func(o fyne.CanvasObject) {
		rt, ok := o.(*widget.RichText)
		if !ok {
			return
		}
		for _, seg := range rt.Segments {
			if ts, ok := seg.(*widget.TextSegment); ok && strings.TrimPrefix(ts.Text, segmentJoin) == quote {
				found = true
				if ts.Style != quoteStyle {
					t.Errorf("quote style = %+v, want the highlighted quote style", ts.Style)
				}
				if rt.String() == quote {
					t.Errorf("the quote is shown without its paragraph")
				}
			}
		}
	})
	if !found {
		t.Fatalf("no rich text segment holds the quote %q", quote)
	}
}

func TestEvidencePanelCopyEvidence(t *testing.T) {
	s, p := newTestPanel(t)
	m := mustMarker(t, s, "tajikistan-russian-troops")
	s.Select(m, false)
	btn := findButton(t, p.Object(), "Copy evidence")
	test.Tap(btn)
	got := fyne.CurrentApp().Clipboard().Content()
	if want := evidenceMarkdown(s.DS, []*data.Marker{m}); got != want {
		t.Errorf("clipboard = %q, want %q", got, want)
	}
	if btn.Text != "Copied" {
		t.Errorf("button says %q after copying, want %q", btn.Text, "Copied")
	}

	s.SelectCountry("TM")
	test.Tap(findButton(t, p.Object(), "Copy evidence"))
	if got := fyne.CurrentApp().Clipboard().Content(); !strings.Contains(got, "> The third country that Mr Lavrov will visit") {
		t.Errorf("country evidence copied = %q, want its quote", got)
	}
}

func TestEvidencePanelShowOnMap(t *testing.T) {
	s, p := newTestPanel(t)
	m := mustMarker(t, s, "soviet-war-afghanistan")
	s.Select(m, false)
	test.Tap(findButton(t, p.Object(), "Show on map"))
	if s.Selected != m || !s.Pan {
		t.Errorf("after Show on map: selected %v, pan %v; want %s panned", s.Selected, s.Pan, m.ID)
	}
	s.SelectCountry("KG")
	var link *widget.Hyperlink
	walk(p.Object(), func(o fyne.CanvasObject) {
		if h, ok := o.(*widget.Hyperlink); ok && h.Text == "Possible second Russian military base in Kyrgyzstan" {
			link = h
		}
	})
	if link == nil {
		t.Fatal("the country view does not link its markers")
	}
	test.TapAt(link, fyne.NewPos(20, link.Size().Height/2))
	if s.Selected == nil || s.Selected.ID != "kyrgyzstan-second-russian-base" {
		t.Errorf("a marker button of the country view selected %v", s.Selected)
	}
}

func TestEvidencePanelTrace(t *testing.T) {
	s, _ := newTestPanel(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, on := os.Stderr, traceOn
	os.Stderr, traceOn = w, true
	t.Cleanup(func() { os.Stderr, traceOn = stderr, on })

	s.Select(mustMarker(t, s, "lavrov-visit-bishkek"), false)
	w.Close()
	os.Stderr, traceOn = stderr, on
	line, _ := bufio.NewReader(r).ReadString('\n')
	want := "trace: panel lavrov-visit-bishkek: Russian Foreign Minister Sergey Lavrov embarked on a Central Asian tour on Sunday, on which he will meet the leadership of three nations.\n"
	if line != want {
		t.Errorf("trace line = %q, want %q", line, want)
	}
}

func TestQuoteContext(t *testing.T) {
	long := strings.Repeat("word ", 200)
	tests := []struct {
		name                string
		text                string
		start, end, limit   int
		before, quote, aftr string
		ok                  bool
	}{
		{"paragraph", "First line.\nA b QUOTE c d.\nNext.", 16, 21, 600, "A b ", "QUOTE", " c d.", true},
		{"folds space", "x\n  A\tb   QUOTE  here \ny", 10, 15, 600, "A b ", "QUOTE", " here", true},
		{"whole line", "QUOTE", 0, 5, 600, "", "QUOTE", "", true},
		{"bad span", "abc", 2, 9, 600, "", "", "", false},
		{"trimmed", long + "QUOTE " + long, len(long), len(long) + 5, 45, "…word word word ", "QUOTE", " word word word…", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, q, a, ok := quoteContext(tt.text, tt.start, tt.end, tt.limit)
			if ok != tt.ok || b != tt.before || q != tt.quote || a != tt.aftr {
				t.Errorf("quoteContext = %q, %q, %q, %v; want %q, %q, %q, %v", b, q, a, ok, tt.before, tt.quote, tt.aftr, tt.ok)
			}
		})
	}
}
