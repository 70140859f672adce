package app

import (
	"image/color"
	"net/url"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casmap/app/mapmodel"
	"casmap/data"
)

// sourceTarget is what a cited passage supports: a marker, or what the
// sources say about a country's membership of an alliance.
type sourceTarget struct {
	marker   *data.Marker
	alliance *data.Alliance
	country  string
	member   bool
}

// label names the target in a menu.
func (t sourceTarget) label() string {
	if t.marker != nil {
		return t.marker.Kind.Label() + ": " + t.marker.Title
	}
	if t.member {
		return countryLabel(t.country) + ": member of " + mapmodel.AllianceShortName(t.alliance)
	}
	return countryLabel(t.country) + ": stated non-member of " + mapmodel.AllianceShortName(t.alliance)
}

// selectIn selects the target in s; a marker is panned to.
func (t sourceTarget) selectIn(s *State) {
	if t.marker != nil {
		s.Select(t.marker, true)
		return
	}
	s.SelectCountry(t.country)
}

// is reports whether the target is what s has selected.
func (t sourceTarget) is(s *State) bool {
	if t.marker != nil {
		return s.Selected == t.marker
	}
	return s.Selected == nil && s.Country == t.country
}

// sourcePassage is a highlighted span of a source's text: the union of
// overlapping cited spans, with everything they support.
type sourcePassage struct {
	start, end int // byte span in the source's Text
	targets    []sourceTarget
}

// citedPassages returns the spans of src's text that the markers and
// alliances of ds cite, overlapping spans merged, in text order. The
// targets of a passage list the markers in dataset order, then the
// alliance claims.
func citedPassages(ds *data.Dataset, src *data.Source) []*sourcePassage {
	type span struct {
		start, end int
		t          sourceTarget
	}
	var spans []span
	valid := func(c data.Citation) bool {
		return c.Source == src.ID && c.Start >= 0 && c.Start < c.End && c.End <= len(src.Text)
	}
	for _, m := range ds.Markers {
		for _, c := range m.Citations {
			if valid(c) {
				spans = append(spans, span{c.Start, c.End, sourceTarget{marker: m}})
			}
		}
	}
	for _, a := range ds.Alliances {
		for _, c := range a.Citations {
			if !valid(c) {
				continue
			}
			for _, claim := range claimsNamed(a, c.Quote) {
				spans = append(spans, span{c.Start, c.End, claim})
			}
		}
	}
	slices.SortStableFunc(spans, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.end - b.end
	})
	var out []*sourcePassage
	for _, sp := range spans {
		var p *sourcePassage
		if n := len(out); n > 0 && sp.start < out[n-1].end {
			p = out[n-1]
			p.end = max(p.end, sp.end)
		} else {
			p = &sourcePassage{start: sp.start, end: sp.end}
			out = append(out, p)
		}
		if !slices.Contains(p.targets, sp.t) {
			p.targets = append(p.targets, sp.t)
		}
	}
	for _, p := range out {
		slices.SortStableFunc(p.targets, func(a, b sourceTarget) int {
			switch {
			case a.marker != nil && b.marker != nil:
				return a.marker.Index - b.marker.Index
			case a.marker != nil:
				return -1
			case b.marker != nil:
				return 1
			}
			return 0
		})
	}
	return out
}

// claimsNamed returns the membership claims of a about the countries that
// quote names; when it names none of them, the claims about all of them.
func claimsNamed(a *data.Alliance, quote string) []sourceTarget {
	var all, named []sourceTarget
	add := func(iso string, member bool) {
		t := sourceTarget{alliance: a, country: iso, member: member}
		all = append(all, t)
		if n := data.CountryName(iso); n != "" && strings.Contains(quote, n) {
			named = append(named, t)
		}
	}
	for _, iso := range a.Members {
		add(iso, true)
	}
	for _, iso := range a.NonMembers {
		add(iso, false)
	}
	if len(named) > 0 {
		return named
	}
	return all
}

// sourceKey identifies an open source window.
type sourceKey struct {
	s  *State
	id string
}

// sourceWindows holds the open source windows, so that opening a source
// again brings its window forward instead of opening another.
var sourceWindows = map[sourceKey]*sourceView{}

// sourceView is a window showing the full text of one source with every
// cited passage highlighted. Tapping a passage selects what it supports.
type sourceView struct {
	s        *State
	src      *data.Source
	win      fyne.Window
	passages []*sourcePassage
	paras    []*flowPara
	scroll   *sourceScroll
	body     *fyne.Container

	// focusPara is the paragraph the view is kept scrolled to, or -1: it
	// is set when the view is focused on a citation, applied then and after
	// every resize of the scroll, and dropped when the user scrolls.
	// focusPassage is the passage opened from the evidence panel, drawn
	// emphasised, or -1.
	focusPara, focusPassage int
	// following is set while the view scrolls itself, so that the scroll
	// reports only the user's scrolling to scrolled.
	following bool
	closed    bool

	// menu is the menu popped up last.
	menu *fyne.Menu

	// The text selection, as byte offsets in the source's Text: it spans
	// from selAnchor to selCaret, in either order; equal when empty.
	selAnchor, selCaret int
	dragging            bool
	shift               bool      // a Shift key is held
	doubleAt            time.Time // when a word was last selected by a double-click
	tripleAt            time.Time // when a sentence was last selected by a triple-click
	summaryLabel        *widget.Label
	selLabel            *widget.Label
	newBtn, citeBtn     *widget.Button
}

// showSource opens the source window of src, or brings it forward when it
// is already open, scrolled to the passage of focus when focus is not nil.
// The window lives beside the map until the user closes it; a new dataset
// closes it.
func showSource(s *State, src *data.Source, focus *data.Citation, a fyne.App) *sourceView {
	key := sourceKey{s, src.ID}
	if v := sourceWindows[key]; v != nil && !v.closed {
		v.focusOn(focus)
		v.win.Show()
		v.win.RequestFocus()
		return v
	}
	if a == nil {
		a = fyne.CurrentApp()
	}
	v := newSourceView(s, src)
	v.focusOn(focus)
	v.win = a.NewWindow(sourceTitle(src))
	v.win.SetContent(container.NewBorder(v.selectionBar(), nil, nil, nil, v.scroll))
	v.win.Resize(fyne.NewSize(760, 820))
	v.win.Canvas().SetOnTypedKey(v.typedKey)
	v.bindSelectionKeys()
	v.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { v.win.Close() })
	remove := s.Listen(v.stateChanged)
	v.win.SetOnClosed(func() {
		remove()
		v.closed = true
		if sourceWindows[key] == v {
			delete(sourceWindows, key)
		}
	})
	sourceWindows[key] = v
	v.win.Show()
	return v
}

// typedKey handles the keys of the source window: Escape closes it, the
// arrows, Page Up, Page Down, Home and End scroll it.
func (v *sourceView) typedKey(ev *fyne.KeyEvent) {
	step := 3 * theme.TextSize()
	page := max(v.scroll.Size().Height-step, step)
	off := v.scroll.Offset
	if v.shift && v.extendByKey(ev.Name) {
		return
	}
	switch ev.Name {
	case fyne.KeyEscape:
		if lo, hi := v.selection(); hi > lo {
			v.setSelection(v.selCaret, v.selCaret)
			return
		}
		v.win.Close()
		return
	case fyne.KeyUp:
		off.Y -= step
	case fyne.KeyDown:
		off.Y += step
	case fyne.KeyPageUp:
		off.Y -= page
	case fyne.KeyPageDown, fyne.KeySpace:
		off.Y += page
	case fyne.KeyHome:
		off.Y = 0
	case fyne.KeyEnd:
		off.Y = v.scroll.Content.Size().Height
	default:
		return
	}
	off.Y = max(0, min(off.Y, v.scroll.Content.Size().Height-v.scroll.Size().Height))
	v.focusPara = -1 // the user scrolls from here on
	v.scroll.ScrollToOffset(off)
}

// newSourceView builds the content of the source window of src.
func newSourceView(s *State, src *data.Source) *sourceView {
	v := &sourceView{s: s, src: src, focusPara: -1, focusPassage: -1}
	v.passages = citedPassages(s.DS, src)

	title := widget.NewLabel(sourceTitle(src))
	title.Wrapping = fyne.TextWrapWord
	title.TextStyle.Bold = true
	title.SizeName = theme.SizeNameHeadingText
	title.Selectable = true
	objs := []fyne.CanvasObject{title, wrapLabel(sourceByline(src))}
	if src.URL != "" {
		if u, err := url.Parse(src.URL); err == nil {
			link := widget.NewHyperlink(src.URL, u)
			link.Wrapping = fyne.TextWrapBreak
			objs = append(objs, link)
		}
	}
	if src.Note != "" {
		note := wrapLabel("Editor’s note: " + data.FoldSpace(src.Note))
		note.TextStyle.Italic = true
		objs = append(objs, note)
	}
	v.summaryLabel = wrapLabel(v.summary())
	objs = append(objs, v.summaryLabel, widget.NewSeparator())

	for _, pr := range splitParagraphs(src.Text) {
		p := newFlowPara(v, len(v.paras), pr[0], pr[1])
		v.paras = append(v.paras, p)
		objs = append(objs, p)
	}
	if len(v.paras) == 0 {
		objs = append(objs, wrapLabel("This source has no text."))
	}
	v.body = container.New(&sourceLayout{}, objs...)
	v.scroll = newSourceScroll(v, container.NewPadded(v.body))
	return v
}

// summary says how many passages are highlighted and how to use them.
func (v *sourceView) summary() string {
	if len(v.passages) == 0 {
		return "No marker of this dataset quotes this source."
	}
	seen := map[*data.Marker]bool{}
	for _, p := range v.passages {
		for _, t := range p.targets {
			if t.marker != nil {
				seen[t.marker] = true
			}
		}
	}
	return mapmodel.Plural(len(v.passages), "passage is", "passages are") + " cited, by " +
		mapmodel.Plural(len(seen), "marker", "markers") + ". The selected marker's passages are highlighted in colour, " +
		"the others in grey. Click a passage to show what it supports on the map; right-click it for everything it supports."
}

// splitParagraphs returns the [start, end) byte spans of the non-blank
// lines of text.
func splitParagraphs(text string) [][2]int {
	var out [][2]int
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if strings.TrimSpace(text[start:end]) != "" {
			out = append(out, [2]int{start, end})
		}
		start = end + 1
	}
	return out
}

// focusOn scrolls the view to the paragraph of c and emphasises its
// passage. Before the view has its size, the scroll is applied when the
// view is resized. A nil c changes nothing.
func (v *sourceView) focusOn(c *data.Citation) {
	if c == nil {
		return
	}
	v.focusPassage = -1
	for i, p := range v.passages {
		if c.Start < p.end && c.End > p.start {
			v.focusPassage = i
			break
		}
	}
	for i, p := range v.paras {
		if c.Start < p.end && c.Start >= p.start {
			v.focusPara = i
			break
		}
	}
	v.refreshParas()
	v.scrollToFocus()
}

// scrollToFocus scrolls to the focused paragraph, when there is one and
// the scroll has been given its size, so that the paragraphs have their
// positions.
func (v *sourceView) scrollToFocus() {
	if v.focusPara < 0 || v.focusPara >= len(v.paras) {
		return
	}
	view := v.scroll.Size()
	if view.Width <= 0 || view.Height <= 0 {
		return
	}
	pad := theme.Padding()
	// The paragraphs are placed in the body, which sits inside the padded
	// content: show a little of what comes before the paragraph.
	target := v.paras[v.focusPara].Position().Y - 3*pad
	target = max(0, min(target, v.scroll.Content.Size().Height-view.Height))
	v.following = true
	v.scroll.ScrollToOffset(fyne.NewPos(0, target))
	v.following = false
}

// scrolled is told of every change of the scroll's offset; one the view
// did not make itself is the user's, and the view stops keeping the
// focused paragraph in sight.
func (v *sourceView) scrolled(fyne.Position) {
	if !v.following {
		v.focusPara = -1
	}
}

// sourceScroll is the vertical scroll of a source window. Only once it has
// been resized are the paragraphs laid out at their final width, so that
// is when it scrolls to the focused paragraph.
type sourceScroll struct {
	container.Scroll
	v *sourceView
}

// newSourceScroll returns the scroll of v, showing content.
func newSourceScroll(v *sourceView, content fyne.CanvasObject) *sourceScroll {
	s := &sourceScroll{v: v}
	s.Direction = container.ScrollVerticalOnly
	s.Content = content
	s.OnScrolled = v.scrolled
	s.ExtendBaseWidget(s)
	return s
}

// Resize lays the content out at the new size, which gives it the height
// its paragraphs need at the new width, then scrolls to the focused
// paragraph.
func (s *sourceScroll) Resize(size fyne.Size) {
	s.v.following = true
	s.Scroll.Resize(size)
	s.v.following = false
	s.v.scrollToFocus()
}

// stateChanged follows the selection and closes the window when the
// dataset is replaced.
func (v *sourceView) stateChanged(c Change) {
	if v.closed {
		return
	}
	switch c {
	case ChangeDataset:
		v.win.Close()
	case ChangeEdit:
		v.reload()
	case ChangeSelection:
		v.refreshParas()
		v.updateBar()
	}
}

// refreshParas redraws the paragraphs, for a new selection or emphasis.
func (v *sourceView) refreshParas() {
	for _, p := range v.paras {
		p.Refresh()
	}
}

// emphasised reports whether passage i is drawn strongly: it supports the
// selection or was opened from the evidence panel.
func (v *sourceView) emphasised(i int) bool {
	if i == v.focusPassage {
		return true
	}
	for _, t := range v.passages[i].targets {
		if t.is(v.s) {
			return true
		}
	}
	return false
}

// activate selects what passage i supports. When it supports several
// things, the first is selected and a menu at pos offers them all.
func (v *sourceView) activate(i int, c fyne.Canvas, pos fyne.Position) {
	p := v.passages[i]
	if len(p.targets) == 0 {
		return
	}
	v.focusPassage = i
	p.targets[0].selectIn(v.s)
	v.refreshParas()
	if len(p.targets) > 1 && c != nil {
		v.showMenu(i, c, pos, false)
	}
}

// showMenu pops up the list of what passage i supports, the selected one
// ticked; withCopy adds an item copying the passage.
func (v *sourceView) showMenu(i int, c fyne.Canvas, pos fyne.Position, withCopy bool) {
	p := v.passages[i]
	head := fyne.NewMenuItem("This passage supports:", nil)
	head.Disabled = true
	items := []*fyne.MenuItem{head}
	for _, t := range p.targets {
		item := fyne.NewMenuItem(truncateText(t.label(), 90), func() {
			v.focusPassage = i
			t.selectIn(v.s)
			v.refreshParas()
		})
		item.Checked = t.is(v.s)
		items = append(items, item)
	}
	if withCopy {
		text := passageWithAttribution(v.src, v.src.Text[p.start:p.end])
		items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Copy passage", func() {
			fyne.CurrentApp().Clipboard().SetContent(text)
		}))
	}
	v.menu = fyne.NewMenu("", items...)
	widget.ShowPopUpMenuAtPosition(v.menu, c, pos)
}

// passageWithAttribution is a passage quoted with its source: “…” —
// title, publisher, date, address.
func passageWithAttribution(src *data.Source, passage string) string {
	parts := []string{sourceTitle(src), publisherText(src)}
	if src.Published != "" {
		parts = append(parts, mapmodel.FormatDate(src.Published))
	}
	if src.URL != "" {
		parts = append(parts, src.URL)
	}
	return "“" + data.FoldSpace(passage) + "” — " + strings.Join(parts, ", ")
}

// passageAt returns the index of the passage whose text contains sub, or
// -1.
func (v *sourceView) passageAt(sub string) int {
	for i, p := range v.passages {
		if strings.Contains(data.FoldSpace(v.src.Text[p.start:p.end]), sub) {
			return i
		}
	}
	return -1
}

// passagePos returns the paragraph showing the start of passage i and a
// position inside its first word, relative to that paragraph.
func (v *sourceView) passagePos(i int) (*flowPara, fyne.Position, bool) {
	for _, para := range v.paras {
		if pos, ok := para.piecePos(i); ok {
			return para, pos, true
		}
	}
	return nil, fyne.Position{}, false
}

// tapPassage taps passage i as a user would, on its first word.
func (v *sourceView) tapPassage(i int) {
	para, pos, ok := v.passagePos(i)
	if !ok {
		return
	}
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(para).Add(pos)
	para.Tapped(&fyne.PointEvent{Position: pos, AbsolutePosition: abs})
}

// truncateText shortens s to at most n runes, ending it with "…".
func truncateText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// wrapLabel returns a word-wrapping label.
func wrapLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// sourceLayout stacks the header and the paragraphs of a source view,
// sizing each paragraph for the width it gets. Its minimum height is the
// height at the width it was last laid out at; the scroll holding it asks
// again after a resize, so the content grows to what the paragraphs need.
type sourceLayout struct {
	width float32
}

// height is the height o needs at width w.
func (l *sourceLayout) height(o fyne.CanvasObject, w float32) float32 {
	if p, ok := o.(*flowPara); ok {
		return p.heightFor(w)
	}
	return o.MinSize().Height
}

// Layout places the objects one under the other.
func (l *sourceLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	gap := theme.Padding()
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h := l.height(o, size.Width)
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + gap
	}
}

// MinSize is the widest object by the height of all at the last width.
func (l *sourceLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := l.width
	if w <= 0 {
		w = 600
	}
	var s fyne.Size
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		if _, ok := o.(*flowPara); !ok {
			s.Width = max(s.Width, o.MinSize().Width)
		}
		s.Height += l.height(o, w)
		n++
	}
	if n > 1 {
		s.Height += float32(n-1) * theme.Padding()
	}
	return s
}

// flowPiece is a word, or the part of a word inside or outside a passage.
type flowPiece struct {
	text    string
	off     int  // byte offset of text in the source's Text
	passage int  // index in the view's passages, or -1
	glued   bool // continues the previous piece's word: no space before
}

// flowBox is where a piece is drawn.
type flowBox struct {
	x, y, w float32
	line    int
}

// flowPara is one paragraph of a source: its words flow and wrap at the
// width, the cited passages drawn highlighted. A tap on a passage selects
// what it supports; a right-click lists it all.
type flowPara struct {
	widget.BaseWidget
	v          *sourceView
	index      int
	start, end int
	pieces     []flowPiece

	// The layout at width laidFor: one box per piece, and the height.
	laidFor float32
	boxes   []flowBox
	height  float32

	hover int // passage under the mouse, or -1
}

// newFlowPara returns paragraph index of v, the text of v's source
// between the byte offsets start and end.
func newFlowPara(v *sourceView, index, start, end int) *flowPara {
	p := &flowPara{v: v, index: index, start: start, end: end, hover: -1, laidFor: -1}
	p.pieces = splitPieces(v.src.Text, start, end, v.passages)
	p.ExtendBaseWidget(p)
	return p
}

// splitPieces cuts text[start:end] into words, and the words at passage
// boundaries, noting for each piece the passage it belongs to.
func splitPieces(text string, start, end int, passages []*sourcePassage) []flowPiece {
	passageAt := func(off int) int {
		for i, p := range passages {
			if off >= p.start && off < p.end {
				return i
			}
		}
		return -1
	}
	var out []flowPiece
	i := start
	for i < end {
		for i < end && isSpace(text[i]) {
			i++
		}
		if i >= end {
			break
		}
		j := i
		for j < end && !isSpace(text[j]) {
			j++
		}
		// Cut the word [i, j) where the passage changes.
		glued := false
		for k := i; k < j; {
			pass := passageAt(k)
			l := k + 1
			for l < j && passageAt(l) == pass {
				l++
			}
			// Never cut inside a UTF-8 sequence.
			for l < j && text[l]&0xC0 == 0x80 {
				l++
			}
			out = append(out, flowPiece{text: text[k:l], off: k, passage: pass, glued: glued})
			glued = true
			k = l
		}
		i = j
	}
	return out
}

// isSpace reports whether c is ASCII white space.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// pieceStyle is the text style of a piece.
func pieceStyle(pc flowPiece) fyne.TextStyle {
	return fyne.TextStyle{Bold: pc.passage >= 0}
}

// textSize is the paragraph's text size.
func (p *flowPara) textSize() float32 { return theme.SizeForWidget(theme.SizeNameText, p) }

// lineHeight is the height of one line of text.
func (p *flowPara) lineHeight() float32 {
	return fyne.MeasureText("Mg", p.textSize(), fyne.TextStyle{}).Height
}

// layoutFor lays the pieces out at width w, keeping the result until the
// width changes.
func (p *flowPara) layoutFor(w float32) {
	if w <= 0 {
		w = 600
	}
	if w == p.laidFor && len(p.boxes) == len(p.pieces) {
		return
	}
	size := p.textSize()
	pad := theme.Padding()
	space := fyne.MeasureText(" ", size, fyne.TextStyle{}).Width
	lineH := p.lineHeight() + theme.SizeForWidget(theme.SizeNameLineSpacing, p)
	avail := w - 2*pad
	p.boxes = make([]flowBox, len(p.pieces))
	x, line := float32(0), 0
	for i := 0; i < len(p.pieces); {
		// A word is a piece and the glued pieces after it.
		j := i + 1
		for j < len(p.pieces) && p.pieces[j].glued {
			j++
		}
		widths := make([]float32, j-i)
		total := float32(0)
		for k := i; k < j; k++ {
			widths[k-i] = fyne.MeasureText(p.pieces[k].text, size, pieceStyle(p.pieces[k])).Width
			total += widths[k-i]
		}
		if x > 0 && x+space+total > avail {
			x, line = 0, line+1
		} else if x > 0 {
			x += space
		}
		for k := i; k < j; k++ {
			p.boxes[k] = flowBox{x: pad + x, y: float32(line) * lineH, w: widths[k-i], line: line}
			x += widths[k-i]
		}
		i = j
	}
	p.laidFor = w
	p.height = 0
	if len(p.pieces) > 0 {
		p.height = float32(line+1)*lineH + pad
	}
}

// heightFor is the height the paragraph needs at width w.
func (p *flowPara) heightFor(w float32) float32 {
	p.layoutFor(w)
	return p.height
}

// MinSize is narrow, and as tall as the paragraph is at its width.
func (p *flowPara) MinSize() fyne.Size {
	return fyne.NewSize(80, p.heightFor(p.Size().Width))
}

// Resize sizes the paragraph; at a new width its words wrap differently,
// so it is drawn again.
func (p *flowPara) Resize(s fyne.Size) {
	old := p.Size()
	if s == old {
		return
	}
	p.BaseWidget.Resize(s)
	if s.Width != old.Width {
		p.Refresh()
	}
}

// passageAtPos returns the passage drawn at pos, or -1.
func (p *flowPara) passageAtPos(pos fyne.Position) int {
	p.layoutFor(p.Size().Width)
	lineH := p.lineHeight() + theme.SizeForWidget(theme.SizeNameLineSpacing, p)
	slack := fyne.MeasureText(" ", p.textSize(), fyne.TextStyle{}).Width / 2
	for i, b := range p.boxes {
		if p.pieces[i].passage < 0 {
			continue
		}
		if pos.Y >= b.y && pos.Y < b.y+lineH && pos.X >= b.x-slack && pos.X < b.x+b.w+slack {
			return p.pieces[i].passage
		}
	}
	return -1
}

// piecePos returns the middle of the first piece of passage i, if this
// paragraph shows it.
func (p *flowPara) piecePos(i int) (fyne.Position, bool) {
	p.layoutFor(p.Size().Width)
	for k, pc := range p.pieces {
		if pc.passage == i {
			b := p.boxes[k]
			return fyne.NewPos(b.x+b.w/2, b.y+p.lineHeight()/2), true
		}
	}
	return fyne.Position{}, false
}

// Tapped selects what the passage under the pointer supports.
func (p *flowPara) Tapped(ev *fyne.PointEvent) {
	if time.Since(p.v.tripleAt) < tripleWindow {
		return // the last click of a triple-click
	}
	off := p.offsetAt(ev.Position)
	p.v.setSelection(off, off)
	if i := p.passageAtPos(ev.Position); i >= 0 {
		p.v.activate(i, p.canvas(), ev.AbsolutePosition)
	}
}

// TappedSecondary lists everything the passage under the pointer
// supports, with an item to copy it.
func (p *flowPara) TappedSecondary(ev *fyne.PointEvent) {
	if i := p.passageAtPos(ev.Position); i >= 0 {
		if c := p.canvas(); c != nil {
			p.v.showMenu(i, c, ev.AbsolutePosition, true)
		}
	}
}

// canvas is the canvas showing the paragraph, or nil.
func (p *flowPara) canvas() fyne.Canvas {
	return fyne.CurrentApp().Driver().CanvasForObject(p)
}

// MouseIn tracks the passage under the pointer.
func (p *flowPara) MouseIn(ev *desktop.MouseEvent) { p.MouseMoved(ev) }

// MouseMoved tracks the passage under the pointer, drawing it lit.
func (p *flowPara) MouseMoved(ev *desktop.MouseEvent) {
	if i := p.passageAtPos(ev.Position); i != p.hover {
		p.hover = i
		p.Refresh()
	}
}

// MouseOut stops lighting the passage.
func (p *flowPara) MouseOut() {
	if p.hover >= 0 {
		p.hover = -1
		p.Refresh()
	}
}

// Cursor is a pointing hand over a passage.
func (p *flowPara) Cursor() desktop.Cursor {
	if p.hover >= 0 {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// CreateRenderer draws the paragraph.
func (p *flowPara) CreateRenderer() fyne.WidgetRenderer {
	r := &flowRenderer{p: p}
	r.build()
	return r
}

// flowRenderer draws a flowPara: highlight rectangles under the passages,
// then one text object per run of same-styled words on a line.
type flowRenderer struct {
	p       *flowPara
	objects []fyne.CanvasObject
}

// build makes the objects for the current layout and state.
func (r *flowRenderer) build() {
	p := r.p
	p.layoutFor(p.Size().Width)
	size := p.textSize()
	th := p.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, variant)
	primary := th.Color(theme.ColorNamePrimary, variant)
	alternate := th.Color(theme.ColorNameDisabled, variant)
	lineH := p.lineHeight()
	pad := float32(1)

	var rects, texts []fyne.CanvasObject
	for i := 0; i < len(p.pieces); {
		pc, b := p.pieces[i], p.boxes[i]
		j := i + 1
		var sb strings.Builder
		sb.WriteString(pc.text)
		end := b.x + b.w
		for j < len(p.pieces) && p.boxes[j].line == b.line && p.pieces[j].passage == pc.passage {
			if !p.pieces[j].glued {
				sb.WriteByte(' ')
			}
			sb.WriteString(p.pieces[j].text)
			end = p.boxes[j].x + p.boxes[j].w
			j++
		}
		style := pieceStyle(pc)
		col := fg
		if pc.passage >= 0 {
			// The selected marker's passages stand out; the other cited
			// passages are only marked, in a neutral tint.
			strong := pc.passage == p.hover || p.v.emphasised(pc.passage)
			tint := alternate
			if strong {
				tint = primary
			} else {
				col = fg
			}
			bg := canvas.NewRectangle(withAlpha(tint, highlightAlpha(strong)))
			bg.CornerRadius = 3
			bg.Move(fyne.NewPos(b.x-pad, b.y))
			bg.Resize(fyne.NewSize(end-b.x+2*pad, lineH))
			rects = append(rects, bg)
			if strong {
				col = fg
			}
		}
		t := canvas.NewText(sb.String(), col)
		t.TextSize = size
		t.TextStyle = style
		t.Move(fyne.NewPos(b.x, b.y))
		t.Resize(fyne.NewSize(end-b.x, lineH))
		texts = append(texts, t)
		i = j
	}
	rects = append(rects, p.selectionRects(th.Color(theme.ColorNameSelection, variant))...)
	r.objects = append(rects, texts...)
}

// highlightAlpha is the opacity of a passage's background.
func highlightAlpha(strong bool) uint8 {
	if strong {
		return 0x70
	}
	return 0x2c
}

// withAlpha returns c with opacity a.
func withAlpha(c color.Color, a uint8) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// Layout has nothing to place: build positions every object for the width
// the paragraph is laid out at, and Resize refreshes the paragraph when
// that width changes.
func (r *flowRenderer) Layout(fyne.Size) {}

// MinSize is the paragraph's minimum size.
func (r *flowRenderer) MinSize() fyne.Size { return r.p.MinSize() }

// Refresh redraws the paragraph.
func (r *flowRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.p)
}

// Objects returns the drawn objects.
func (r *flowRenderer) Objects() []fyne.CanvasObject { return r.objects }

// Destroy releases nothing.
func (r *flowRenderer) Destroy() {}
