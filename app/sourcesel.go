package app

import (
	"fmt"
	"image/color"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casmap/data"
)

// tripleWindow is how soon after a double-click a third click selects the
// whole sentence.
const tripleWindow = 500 * time.Millisecond

// Text selection in a source window. The user selects a passage with the
// mouse (drag; double-click a word; triple-click a sentence) or the keys
// (Shift with the arrows, from the point last clicked). The selection is a
// span of the source's own text, so that a quote made from it is verbatim
// by construction.

var (
	_ fyne.Draggable         = (*flowPara)(nil)
	_ fyne.DoubleTappable    = (*flowPara)(nil)
	_ desktop.Mouseable      = (*flowPara)(nil)
	_ fyne.SecondaryTappable = (*flowPara)(nil)
)

// selection returns the selected span [lo, hi) of the source's Text.
func (v *sourceView) selection() (lo, hi int) {
	return min(v.selAnchor, v.selCaret), max(v.selAnchor, v.selCaret)
}

// selectedText is the selected text, exactly as in the source.
func (v *sourceView) selectedText() string {
	lo, hi := v.selection()
	return v.src.Text[lo:hi]
}

// setSelection selects from anchor to caret, clamped to the text and moved
// off the middle of a UTF-8 sequence, records it in the state and redraws.
func (v *sourceView) setSelection(anchor, caret int) {
	anchor, caret = runeStart(v.src.Text, anchor), runeStart(v.src.Text, caret)
	if anchor == v.selAnchor && caret == v.selCaret {
		return
	}
	v.selAnchor, v.selCaret = anchor, caret
	lo, hi := v.selection()
	if hi > lo {
		v.s.SetPassage(Passage{Source: v.src.ID, Start: lo, End: hi})
		tracef("source selection %s %d-%d: %s", v.src.ID, lo, hi, data.FoldSpace(v.src.Text[lo:hi]))
	} else if v.s.Passage.Source == v.src.ID {
		v.s.SetPassage(Passage{})
	}
	v.refreshParas()
	v.updateBar()
}

// runeStart clamps off to text and moves it back to the start of its rune.
func runeStart(text string, off int) int {
	off = max(0, min(off, len(text)))
	for off > 0 && off < len(text) && !utf8.RuneStart(text[off]) {
		off--
	}
	return off
}

// selectionBar is the strip above the text: what is selected and the two
// actions on it.
func (v *sourceView) selectionBar() fyne.CanvasObject {
	v.selLabel = widget.NewLabel("")
	v.selLabel.Truncation = fyne.TextTruncateEllipsis
	run := func(name string) func() {
		return func() {
			if v.s.Command != nil {
				v.s.Command(name)
			}
		}
	}
	v.newBtn = widget.NewButtonWithIcon("New marker from selection", theme.ContentAddIcon(), run("new-marker"))
	v.citeBtn = widget.NewButtonWithIcon("Add as citation", theme.DocumentIcon(), run("add-citation"))
	v.updateBar()
	return container.NewBorder(nil, widget.NewSeparator(), nil, container.NewHBox(v.newBtn, v.citeBtn), v.selLabel)
}

// updateBar says what is selected and enables the actions that apply.
func (v *sourceView) updateBar() {
	if v.selLabel == nil {
		return
	}
	lo, hi := v.selection()
	if hi <= lo {
		v.selLabel.SetText("Select a passage (drag, double-click a word, triple-click a sentence, or Shift+arrows) to cite it.")
		v.newBtn.Disable()
		v.citeBtn.Disable()
		return
	}
	words := len(strings.Fields(v.src.Text[lo:hi]))
	v.selLabel.SetText(fmt.Sprintf("Selected: %s “%s”", plural(words, "word", "words"), truncateText(data.FoldSpace(v.src.Text[lo:hi]), 60)))
	v.newBtn.Enable()
	if v.s.Selected != nil {
		v.citeBtn.Enable()
	} else {
		v.citeBtn.Disable()
	}
}

// plural is n and the noun in the number n asks for.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// bindSelectionKeys tracks the Shift keys, for Shift+arrows, and binds the
// editing shortcuts in the source window.
func (v *sourceView) bindSelectionKeys() {
	c := v.win.Canvas()
	if dc, ok := c.(desktop.Canvas); ok {
		dc.SetOnKeyDown(func(ev *fyne.KeyEvent) {
			if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
				v.shift = true
			}
		})
		dc.SetOnKeyUp(func(ev *fyne.KeyEvent) {
			if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
				v.shift = false
			}
		})
	}
	bind := func(key fyne.KeyName, mod fyne.KeyModifier, name string) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: mod}, func(fyne.Shortcut) {
			if v.s.Command != nil {
				v.s.Command(name)
			}
		})
	}
	ctrl := fyne.KeyModifierShortcutDefault
	bind(fyne.KeyM, ctrl, "new-marker")
	bind(fyne.KeyM, ctrl|fyne.KeyModifierShift, "add-citation")
	bind(fyne.KeyZ, ctrl|fyne.KeyModifierShift, "redo")
	bind(fyne.KeyS, ctrl, "save")
	c.AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { v.s.Command("undo") })
	c.AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { v.s.Command("redo") })
	c.AddShortcut(&fyne.ShortcutCopy{}, func(fyne.Shortcut) {
		if t := v.selectedText(); t != "" {
			fyne.CurrentApp().Clipboard().SetContent(passageWithAttribution(v.src, t))
		}
	})
	c.AddShortcut(&fyne.ShortcutSelectAll{}, func(fyne.Shortcut) { v.setSelection(0, len(v.src.Text)) })
}

// extendByKey moves the caret of the selection for Shift and an arrow key:
// left and right by a character, up and down by a line. It reports whether
// the key was one of these.
func (v *sourceView) extendByKey(key fyne.KeyName) bool {
	text := v.src.Text
	caret := v.selCaret
	switch key {
	case fyne.KeyLeft:
		if caret > 0 {
			_, n := utf8.DecodeLastRuneInString(text[:caret])
			caret -= n
		}
	case fyne.KeyRight:
		if caret < len(text) {
			_, n := utf8.DecodeRuneInString(text[caret:])
			caret += n
		}
	case fyne.KeyUp, fyne.KeyDown:
		caret = v.caretLine(caret, key == fyne.KeyDown)
	case fyne.KeyHome:
		caret = paraBound(text, caret, false)
	case fyne.KeyEnd:
		caret = paraBound(text, caret, true)
	default:
		return false
	}
	v.setSelection(v.selAnchor, caret)
	return true
}

// caretLine is the offset one line below (or above) off, at the same x.
func (v *sourceView) caretLine(off int, down bool) int {
	for i, p := range v.paras {
		if off < p.start || off > p.end {
			if !(i+1 < len(v.paras) && off > p.end && off < v.paras[i+1].start) {
				continue
			}
		}
		pos, ok := p.posOf(off)
		if !ok {
			continue
		}
		step := p.lineHeight() + theme.SizeForWidget(theme.SizeNameLineSpacing, p)
		if down {
			pos.Y += step * 1.5
		} else {
			pos.Y -= step * 0.5
		}
		switch {
		case pos.Y < 0 && i > 0:
			q := v.paras[i-1]
			q.layoutFor(q.Size().Width)
			return q.offsetAt(fyne.NewPos(pos.X, q.height-step/2))
		case pos.Y >= p.height && i+1 < len(v.paras):
			return v.paras[i+1].offsetAt(fyne.NewPos(pos.X, step/2))
		}
		return p.offsetAt(pos)
	}
	return off
}

// paraBound is the start (or end) of the line of text holding off.
func paraBound(text string, off int, end bool) int {
	if end {
		if i := strings.IndexByte(text[off:], '\n'); i >= 0 {
			return off + i
		}
		return len(text)
	}
	return strings.LastIndexByte(text[:off], '\n') + 1
}

// offsetAt is the offset in the source's Text nearest to pos, a position in
// the paragraph: before the first word it is the paragraph's start, after
// the last its end.
func (p *flowPara) offsetAt(pos fyne.Position) int {
	p.layoutFor(p.Size().Width)
	if len(p.pieces) == 0 || pos.Y < 0 {
		return p.start
	}
	if pos.Y >= p.height {
		return p.end
	}
	lineH := p.lineHeight() + theme.SizeForWidget(theme.SizeNameLineSpacing, p)
	line := int(pos.Y / lineH)
	last := -1
	for k, b := range p.boxes {
		if b.line < line {
			continue
		}
		if b.line > line {
			break
		}
		pc := p.pieces[k]
		if pos.X < b.x {
			if last < 0 {
				return pc.off
			}
			// In the space before a word: the nearer word edge.
			lb := p.boxes[last]
			if pos.X-(lb.x+lb.w) < b.x-pos.X {
				return p.pieces[last].off + len(p.pieces[last].text)
			}
			return pc.off
		}
		if pos.X < b.x+b.w {
			return pc.off + p.charAt(pc, pos.X-b.x)
		}
		last = k
	}
	if last >= 0 {
		return p.pieces[last].off + len(p.pieces[last].text)
	}
	return p.end
}

// charAt is the byte offset in pc's text of the character boundary nearest
// to x, measured from the piece's left edge.
func (p *flowPara) charAt(pc flowPiece, x float32) int {
	size, style := p.textSize(), pieceStyle(pc)
	prev := float32(0)
	for i := range pc.text {
		if i == 0 {
			continue
		}
		w := fyne.MeasureText(pc.text[:i], size, style).Width
		if x < (prev+w)/2 {
			return prevBoundary(pc.text, i)
		}
		prev = w
	}
	w := fyne.MeasureText(pc.text, size, style).Width
	if x < (prev+w)/2 {
		return prevBoundary(pc.text, len(pc.text))
	}
	return len(pc.text)
}

// prevBoundary is the start of the rune before i in s.
func prevBoundary(s string, i int) int {
	_, n := utf8.DecodeLastRuneInString(s[:i])
	return i - n
}

// posOf is where offset off is drawn in the paragraph, at the top of its
// line, and whether the paragraph shows it.
func (p *flowPara) posOf(off int) (fyne.Position, bool) {
	p.layoutFor(p.Size().Width)
	if off < p.start || len(p.pieces) == 0 {
		return fyne.Position{}, false
	}
	for k, pc := range p.pieces {
		if off <= pc.off+len(pc.text) {
			b := p.boxes[k]
			in := max(0, off-pc.off)
			return fyne.NewPos(b.x+p.width(pc, in), b.y), true
		}
	}
	b := p.boxes[len(p.boxes)-1]
	return fyne.NewPos(b.x+b.w, b.y), off <= p.end+1
}

// width is the drawn width of the first n bytes of pc.
func (p *flowPara) width(pc flowPiece, n int) float32 {
	if n <= 0 {
		return 0
	}
	return fyne.MeasureText(pc.text[:min(n, len(pc.text))], p.textSize(), pieceStyle(pc)).Width
}

// selectionRects are the rectangles drawn under the selected text, one per
// line of the paragraph.
func (p *flowPara) selectionRects(col color.Color) []fyne.CanvasObject {
	lo, hi := p.v.selection()
	if hi <= lo || hi <= p.start || lo >= p.end {
		return nil
	}
	lineH := p.lineHeight()
	var out []fyne.CanvasObject
	line, x0, x1 := -1, float32(0), float32(0)
	flush := func() {
		if line >= 0 && x1 > x0 {
			r := canvas.NewRectangle(col)
			r.Move(fyne.NewPos(x0, p.boxes[0].y+float32(line)*(p.lineHeight()+theme.SizeForWidget(theme.SizeNameLineSpacing, p))))
			r.Resize(fyne.NewSize(x1-x0, lineH))
			out = append(out, r)
		}
	}
	for k, pc := range p.pieces {
		end := pc.off + len(pc.text)
		if end <= lo || pc.off >= hi {
			continue
		}
		b := p.boxes[k]
		a := b.x + p.width(pc, lo-pc.off)
		z := b.x + p.width(pc, hi-pc.off)
		if b.line != line {
			flush()
			line, x0, x1 = b.line, a, z
			continue
		}
		x1 = z
	}
	flush()
	return out
}

// paraAt returns the paragraph of v drawn at the absolute position abs, and
// abs relative to it; above the first it is the first, below the last the
// last, between two the next.
func (v *sourceView) paraAt(abs fyne.Position) (*flowPara, fyne.Position) {
	d := fyne.CurrentApp().Driver()
	for i, p := range v.paras {
		top := d.AbsolutePositionForObject(p)
		if abs.Y < top.Y+p.Size().Height || i == len(v.paras)-1 {
			if abs.Y < top.Y {
				return p, fyne.NewPos(0, 0)
			}
			return p, abs.Subtract(top)
		}
	}
	return nil, abs
}

// Dragged selects from where the drag started to the pointer, across
// paragraphs.
func (p *flowPara) Dragged(ev *fyne.DragEvent) {
	v := p.v
	if !v.dragging {
		v.dragging = true
		start := ev.Position.Subtract(ev.Dragged)
		a := p.offsetAt(start)
		v.setSelection(a, a)
	}
	q, pos := v.paraAt(ev.AbsolutePosition)
	if q == nil {
		return
	}
	v.setSelection(v.selAnchor, q.offsetAt(pos))
}

// DragEnd ends a selection by dragging.
func (p *flowPara) DragEnd() { p.v.dragging = false }

// DoubleTapped selects the word under the pointer.
func (p *flowPara) DoubleTapped(ev *fyne.PointEvent) {
	lo, hi := wordAt(p.v.src.Text, p.offsetAt(ev.Position))
	p.v.doubleAt = time.Now()
	p.v.setSelection(lo, hi)
}

// MouseDown selects the sentence under the pointer on the third click of a
// triple-click.
func (p *flowPara) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary || time.Since(p.v.doubleAt) > tripleWindow {
		return
	}
	lo, hi := sentenceAt(p.v.src.Text, p.offsetAt(ev.Position))
	p.v.doubleAt = time.Time{}
	p.v.tripleAt = time.Now()
	p.v.setSelection(lo, hi)
}

// MouseUp does nothing; a click is handled by Tapped.
func (p *flowPara) MouseUp(*desktop.MouseEvent) {}

// wordAt is the span of the word (letters, digits, and the apostrophes and
// hyphens inside it) around off.
func wordAt(text string, off int) (int, int) {
	isWord := func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-'
	}
	lo, hi := off, off
	for lo > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:lo])
		if !isWord(r) {
			break
		}
		lo -= n
	}
	for hi < len(text) {
		r, n := utf8.DecodeRuneInString(text[hi:])
		if !isWord(r) {
			break
		}
		hi += n
	}
	return lo, hi
}

// sentenceAt is the span of the sentence around off: from after the end
// of the previous sentence (or the start of its line) to its own final
// punctuation and closing quotes, without the white space around it.
func sentenceAt(text string, off int) (int, int) {
	off = max(0, min(off, len(text)))
	lo := sentenceStart(text, off)
	hi := sentenceEnd(text, max(off, lo))
	return lo, hi
}

// widenToSentences grows the span [lo, hi) to the whole sentences it
// touches.
func widenToSentences(text string, lo, hi int) (int, int) {
	if hi <= lo {
		return sentenceAt(text, lo)
	}
	// A span ending on the white space after a sentence ends there.
	last := hi - 1
	for last > lo && isSpace(text[last]) {
		last--
	}
	return sentenceStart(text, lo), sentenceEnd(text, last)
}

// sentenceStart is where the sentence holding off starts.
func sentenceStart(text string, off int) int {
	i := off
	for i > 0 {
		c := text[i-1]
		if c == '\n' {
			break
		}
		if isSpace(c) && endsSentence(text[:i-1]) {
			break
		}
		i--
	}
	for i < len(text) && isSpace(text[i]) {
		i++
	}
	return i
}

// sentenceEnd is where the sentence holding off ends, after its final
// punctuation and closing quotes.
func sentenceEnd(text string, off int) int {
	i := off
	for i < len(text) {
		c := text[i]
		if c == '\n' {
			break
		}
		if isSpace(c) && i > 0 && endsSentence(text[:i]) {
			break
		}
		i++
	}
	for i > off && isSpace(text[i-1]) {
		i--
	}
	return i
}

// endsSentence reports whether s ends with a sentence's final punctuation,
// perhaps followed by closing quotes or brackets, and not with a common
// abbreviation ("Mr.", "Dr.", "U.S.").
func endsSentence(s string) bool {
	t := strings.TrimRight(s, "\"'”’)]")
	if t == "" {
		return false
	}
	switch t[len(t)-1] {
	case '.':
		w := t[strings.LastIndexAny(t, " \t\n(")+1:]
		switch strings.ToLower(w) {
		case "mr.", "mrs.", "ms.", "dr.", "st.", "gen.", "col.", "lt.", "u.s.", "u.n.", "e.g.", "i.e.", "no.", "vs.":
			return false
		}
		return true
	case '!', '?':
		return true
	}
	return false
}

// reload follows an edit of the dataset: the source's metadata and which
// passages are cited may have changed; a removed source closes the window.
func (v *sourceView) reload() {
	src := v.s.DS.Source(v.src.ID)
	if src == nil || src.Text != v.src.Text {
		v.win.Close()
		return
	}
	v.src = src
	v.passages = citedPassages(v.s.DS, src)
	v.focusPassage = -1
	for _, p := range v.paras {
		p.pieces = splitPieces(src.Text, p.start, p.end, v.passages)
		p.laidFor = -1
		p.hover = -1
		p.Refresh()
	}
	if v.summaryLabel != nil {
		v.summaryLabel.SetText(v.summary())
	}
	v.win.SetTitle(sourceTitle(src))
	v.updateBar()
}
