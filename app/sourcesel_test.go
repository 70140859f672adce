package app

import (
	"casmap/data"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

func TestSentenceAndWordAt(t *testing.T) {
	text := "Mr. Lavrov met Mr. Jeenbekov in Kyrgyzstan. “We are ready,” one said! Next line?\nA new paragraph."
	tests := []struct {
		at           string // the offset is that of this substring
		word, phrase string
	}{
		{"Lavrov", "Lavrov", "Mr. Lavrov met Mr. Jeenbekov in Kyrgyzstan."},
		{"Jeenbekov", "Jeenbekov", "Mr. Lavrov met Mr. Jeenbekov in Kyrgyzstan."},
		{"ready", "ready", "“We are ready,” one said!"},
		{"Next", "Next", "Next line?"},
		{"paragraph", "paragraph", "A new paragraph."},
	}
	for _, tt := range tests {
		off := strings.Index(text, tt.at) + 1
		lo, hi := wordAt(text, off)
		if got := text[lo:hi]; got != tt.word {
			t.Errorf("wordAt(%q) = %q, want %q", tt.at, got, tt.word)
		}
		lo, hi = sentenceAt(text, off)
		if got := text[lo:hi]; got != tt.phrase {
			t.Errorf("sentenceAt(%q) = %q, want %q", tt.at, got, tt.phrase)
		}
	}
	// Widening a span to whole sentences takes every sentence it touches.
	lo, hi := widenToSentences(text, strings.Index(text, "Kyrgyzstan"), strings.Index(text, "are")+3)
	if got := text[lo:hi]; got != "Mr. Lavrov met Mr. Jeenbekov in Kyrgyzstan. “We are ready,” one said!" {
		t.Errorf("widened to %q", got)
	}
}

// openSourceForTest opens the first source of a test window's dataset in
// its window, sized so that it is laid out.
func openSourceForTest(t *testing.T) (*editWindow, *sourceView) {
	t.Helper()
	w, _ := openCopy(t)
	src := w.state.DS.Sources[0]
	v := showSource(w.state, src, nil, w.app)
	t.Cleanup(func() { v.win.Close() })
	v.win.Resize(fyne.NewSize(760, 820))
	return w, v
}

func TestSelectByMouse(t *testing.T) {
	w, v := openSourceForTest(t)
	p := v.paras[1]
	first, last := p.pieces[0], p.pieces[3]
	b0, b3 := p.boxes[0], p.boxes[3]
	// Drag from the start of the first word to the end of the fourth, as
	// the desktop driver reports it: the position now and the step since
	// the last event.
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(p)
	start := fyne.NewPos(b0.x+1, b0.y+4)
	end := fyne.NewPos(b3.x+b3.w-1, b3.y+4)
	mid := fyne.NewPos((start.X+end.X)/2, start.Y)
	for _, pos := range []fyne.Position{mid, end} {
		prev := start
		if pos == end {
			prev = mid
		}
		ev := &fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pos, AbsolutePosition: abs.Add(pos)},
			Dragged: fyne.NewDelta(pos.X-prev.X, pos.Y-prev.Y)}
		p.Dragged(ev)
	}
	p.DragEnd()
	want := v.src.Text[first.off : last.off+len(last.text)]
	if got := v.selectedText(); got != want {
		t.Errorf("drag selected %q, want %q", got, want)
	}
	if ps := w.state.Passage; ps.Source != v.src.ID || v.src.Text[ps.Start:ps.End] != want {
		t.Errorf("the state's passage is %+v", ps)
	}
	if !v.newBtn.Visible() || v.newBtn.Disabled() {
		t.Error("New marker from selection is not enabled")
	}

	// A double-click selects a word; a click right after it, the sentence.
	p.DoubleTapped(&fyne.PointEvent{Position: fyne.NewPos(b3.x+2, b3.y+4)})
	if got := v.selectedText(); got != strings.Trim(last.text, ".,;:“”\"") {
		t.Errorf("double-click selected %q, want the word %q", got, last.text)
	}
	p.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(b3.x+2, b3.y+4)}, Button: desktop.MouseButtonPrimary})
	lo, hi := sentenceAt(v.src.Text, last.off)
	if got := v.selectedText(); got != v.src.Text[lo:hi] {
		t.Errorf("triple-click selected %q, want the sentence %q", got, v.src.Text[lo:hi])
	}
	p.Tapped(&fyne.PointEvent{Position: fyne.NewPos(b3.x+2, b3.y+4)})
	if got := v.selectedText(); got != v.src.Text[lo:hi] {
		t.Error("the third click's tap undid the sentence selection")
	}
	// Escape clears the selection before it closes the window.
	v.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if v.selectedText() != "" || v.closed {
		t.Error("Escape did not just clear the selection")
	}
}

func TestSelectByKeys(t *testing.T) {
	_, v := openSourceForTest(t)
	p := v.paras[1]
	b := p.boxes[0]
	p.Tapped(&fyne.PointEvent{Position: fyne.NewPos(b.x+1, b.y+4)})
	start := v.selCaret
	if start != p.pieces[0].off {
		t.Fatalf("the click put the caret at %d, want %d", start, p.pieces[0].off)
	}
	v.shift = true
	for range 5 {
		v.typedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	}
	if got, want := v.selectedText(), v.src.Text[start:start+5]; got != want {
		t.Errorf("Shift+Right ×5 selected %q, want %q", got, want)
	}
	v.typedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if lo, hi := v.selection(); lo != start || hi <= start+5 {
		t.Errorf("Shift+Down selected [%d, %d)", lo, hi)
	}
	before := v.selCaret
	v.typedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	if end := paraBound(v.src.Text, before, true); v.selCaret != end || end <= before {
		t.Errorf("Shift+End put the caret at %d, want the line's end %d", v.selCaret, end)
	}
	v.shift = false
	v.typedKey(&fyne.KeyEvent{Name: fyne.KeyRight}) // without Shift: a scroll key, the selection stays
	if v.selectedText() == "" {
		t.Error("a plain arrow cleared the selection")
	}
}

func TestCopyPassageWithAttribution(t *testing.T) {
	src := &data.Source{ID: "s", Title: "Drills", Publisher: "Wire", Published: "2019-05-29", URL: "https://example.org/d", Text: "Units  began\ndrills."}
	got := passageWithAttribution(src, src.Text)
	if got != "“Units began drills.” — Drills, Wire, 29 May 2019, https://example.org/d" {
		t.Errorf("copied %q", got)
	}
}
