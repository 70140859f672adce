package app

import (
	"cmp"
	"fmt"
	"image/color"
	"slices"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casmap/app/mapmodel"
	"casmap/data"
)

// markerList is the searchable list of the markers the filter shows, in
// legend order. It follows the state: a selection made on the map is
// highlighted and scrolled to, a selection made in the list is sent to the
// map.
//
// Keys, when the list has the focus: Up and Down (Page Up, Page Down, Home,
// End) move the cursor, Enter or Space selects the marker under it, Escape
// clears the selection. In the search field, Enter selects the first match
// and Down moves to the list.
type markerList struct {
	s      *State
	search *searchEntry
	counts *widget.Label
	status *widget.Label
	empty  *widget.Label
	list   *keyList
	obj    fyne.CanvasObject

	// items are the markers listed, in list order.
	items []*data.Marker
	// syncing is set while the list follows the state, so that the
	// widgets' callbacks do not send the change back.
	syncing bool
	// onDelete is called for the Delete key; onFit shows the markers of a
	// search on the map.
	onDelete func()
	onFit    func([]*data.Marker)

	// heights are the row heights set for titles that wrap, by row, for
	// the list width heightsFor.
	heights    map[widget.ListItemID]float32
	heightsFor float32
}

// newMarkerList returns the marker list bound to s.
func newMarkerList(s *State) *markerList {
	l := &markerList{s: s}
	l.search = newSearchEntry(l)
	l.search.SetPlaceHolder("Search title, place, actor, quote…")
	l.search.SetText(s.Filter.Query)
	l.search.OnChanged = func(q string) {
		if l.syncing {
			return
		}
		l.s.UpdateFilter(func(f *Filter) { f.Query = q })
	}
	l.search.OnSubmitted = func(string) { l.selectFirst() }
	l.search.ActionItem = widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { l.search.SetText("") })

	l.counts = widget.NewLabel("")
	l.counts.Wrapping = fyne.TextWrapWord
	l.counts.SizeName = theme.SizeNameCaptionText
	l.status = widget.NewLabel("")
	l.status.Wrapping = fyne.TextWrapWord
	l.status.TextStyle.Italic = true
	l.empty = widget.NewLabel("No marker matches. Clear the search or switch on more layers.")
	l.empty.Wrapping = fyne.TextWrapWord
	l.empty.Alignment = fyne.TextAlignCenter

	l.list = newKeyList(l)
	l.list.OnSelected = func(id widget.ListItemID) {
		if l.syncing || id < 0 || id >= len(l.items) {
			return
		}
		l.list.setCursor(id)
		l.s.Select(l.items[id], true)
	}

	top := container.NewVBox(l.search, l.counts)
	l.obj = container.NewBorder(top, l.status, nil, nil, container.NewStack(l.list, container.NewVBox(l.empty)))
	l.rebuild()
	s.Listen(l.stateChanged)
	return l
}

// Object returns the list's widget tree for the window layout.
func (l *markerList) Object() fyne.CanvasObject { return l.obj }

// focusSearch puts the keyboard focus in the search field of win.
func (l *markerList) focusSearch(win fyne.Window) {
	win.Canvas().Focus(l.search)
}

// stateChanged follows a change of the state.
func (l *markerList) stateChanged(c Change) {
	switch c {
	case ChangeDataset, ChangeFilter, ChangeEdit:
		l.rebuild()
	case ChangeSelection:
		l.syncSelection()
	}
}

// rebuild lists the markers anew and updates the labels.
func (l *markerList) rebuild() {
	if l.search.Text != l.s.Filter.Query {
		l.syncing = true
		l.search.SetText(l.s.Filter.Query)
		l.syncing = false
	}
	l.items = listMarkers(l.s)
	if l.list.cursor >= len(l.items) {
		l.list.cursor = max(len(l.items)-1, 0)
	}
	l.counts.SetText(kindCountsText(l.items))
	l.status.SetText(l.statusText())
	if len(l.items) == 0 {
		l.empty.Show()
	} else {
		l.empty.Hide()
	}
	l.list.Refresh()
	l.syncSelection()
}

// statusText is "N of M markers shown", with the undated markers counted
// when a date range is set.
func (l *markerList) statusText() string {
	total := 0
	if l.s.DS != nil {
		total = len(l.s.DS.Markers)
	}
	text := fmt.Sprintf("%d of %s shown", len(l.items), mapmodel.Plural(total, "marker", "markers"))
	if q := strings.TrimSpace(l.s.Filter.Query); q != "" {
		text = fmt.Sprintf("%d of %s match “%s”; the others are dimmed on the map", len(l.items), mapmodel.Plural(total, "marker", "markers"), q)
	}
	if !l.s.Filter.From.IsZero() || !l.s.Filter.To.IsZero() {
		undated := 0
		for _, m := range l.items {
			if !m.Dated() {
				undated++
			}
		}
		text += fmt.Sprintf(" (%d undated, always shown)", undated)
	}
	return text
}

// syncSelection highlights the selected marker in the list and scrolls to
// it, without reporting it back to the state.
func (l *markerList) syncSelection() {
	l.syncing = true
	defer func() { l.syncing = false }()
	i := slices.Index(l.items, l.s.Selected)
	if i < 0 {
		l.list.UnselectAll()
		return
	}
	l.list.Select(i)
	l.list.ScrollTo(i)
	l.list.setCursor(i)
}

// selectFirst selects the first marker listed and moves the focus to the
// list, for Enter in the search field; the map fits the matches.
func (l *markerList) selectFirst() {
	if len(l.items) == 0 {
		return
	}
	l.list.setCursor(0)
	if l.onFit != nil && l.s.Filter.Query != "" {
		l.onFit(l.items)
		l.s.Select(l.items[0], false)
	} else {
		l.s.Select(l.items[0], true)
	}
	l.focusList()
}

// matchSnippet says why m matches the search q when the words are not in
// its title or place: "quote: …words around the match…", "actor: Russia";
// "" when there is no search or the title shows it.
func matchSnippet(m *data.Marker, q string) string {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" || strings.Contains(strings.ToLower(m.Title), q) || strings.Contains(strings.ToLower(m.Place), q) {
		return ""
	}
	if name := data.ActorName(m.Actor); strings.Contains(strings.ToLower(name), q) || strings.Contains(strings.ToLower(m.Actor), q) {
		return "actor: " + name
	}
	for _, c := range m.Citations {
		quote := data.FoldSpace(c.Quote)
		if i := strings.Index(strings.ToLower(quote), q); i >= 0 {
			lo, hi := max(0, i-30), min(len(quote), i+len(q)+30)
			for lo > 0 && !utf8.RuneStart(quote[lo]) {
				lo--
			}
			for hi < len(quote) && !utf8.RuneStart(quote[hi]) {
				hi++
			}
			s := quote[lo:hi]
			if lo > 0 {
				s = "…" + s
			}
			if hi < len(quote) {
				s += "…"
			}
			return "quote: " + s
		}
	}
	return ""
}

// focusList gives the keyboard focus to the list.
func (l *markerList) focusList() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(l.list); c != nil {
		c.Focus(l.list)
	}
}

// typedKey handles a key typed while the list has the focus.
func (l *markerList) typedKey(ev *fyne.KeyEvent) {
	const page = 10
	switch ev.Name {
	case fyne.KeyUp:
		l.list.moveCursor(-1)
	case fyne.KeyDown:
		l.list.moveCursor(1)
	case fyne.KeyPageUp:
		l.list.moveCursor(-page)
	case fyne.KeyPageDown:
		l.list.moveCursor(page)
	case fyne.KeyHome:
		l.list.moveCursor(-len(l.items))
	case fyne.KeyEnd:
		l.list.moveCursor(len(l.items))
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		if c := l.list.cursor; c >= 0 && c < len(l.items) {
			l.s.Select(l.items[c], true)
		}
	case fyne.KeyDelete:
		if l.onDelete != nil {
			l.onDelete()
		}
	case fyne.KeyEscape:
		l.s.Select(nil, false)
	}
}

// createItem makes the template of a list row: the kind symbol, the title
// and a line with the place and date, with a frame for the keyboard cursor.
func (l *markerList) createItem() fyne.CanvasObject {
	title := widget.NewLabel("")
	title.Wrapping = fyne.TextWrapWord
	title.TextStyle.Bold = true
	sub := widget.NewLabel("")
	sub.Truncation = fyne.TextTruncateEllipsis
	sub.SizeName = theme.SizeNameCaptionText
	icon := container.NewGridWrap(fyne.NewSquareSize(listIconSize))
	frame := canvas.NewRectangle(color.Transparent)
	frame.StrokeWidth = 2
	frame.CornerRadius = theme.InputRadiusSize()
	frame.Hide()
	text := container.New(&tightVBox{}, title, sub)
	return container.NewStack(frame, container.NewBorder(nil, nil, container.NewCenter(icon), nil, text))
}

// listIconSize is the size of the kind symbols in the list.
const listIconSize = 14

// updateItem fills row o with the marker of id.
func (l *markerList) updateItem(id widget.ListItemID, o fyne.CanvasObject) {
	if id < 0 || id >= len(l.items) {
		return
	}
	m := l.items[id]
	stack := o.(*fyne.Container)
	frame := stack.Objects[0].(*canvas.Rectangle)
	border := stack.Objects[1].(*fyne.Container)
	text := border.Objects[0].(*fyne.Container)
	icon := border.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container)

	title := text.Objects[0].(*widget.Label)
	title.SetText(m.Title)
	l.fitRowHeight(id, m.Title, title.Size().Width)
	sub := listSubtitle(m)
	if why := matchSnippet(m, l.s.Filter.Query); why != "" {
		sub = why
	}
	text.Objects[1].(*widget.Label).SetText(sub)
	icon.Objects = []fyne.CanvasObject{kindIcon(m.Kind, listIconSize)}
	icon.Refresh()

	frame.StrokeColor = theme.Color(theme.ColorNameFocus)
	frame.Hidden = !(l.list.focused && l.list.cursor == id)
	frame.Refresh()
}

// maxTitleLines is the most lines a list row gives its title.
const maxTitleLines = 4

// fitRowHeight gives row id the height its title needs when it wraps, at
// the list's present width, so long titles are read in full at any window
// size.
func (l *markerList) fitRowHeight(id widget.ListItemID, title string, labelW float32) {
	w := l.list.Size().Width
	if w <= 0 {
		return
	}
	if l.heights == nil || w != l.heightsFor {
		l.heights, l.heightsFor = map[widget.ListItemID]float32{}, w
	}
	pad, inner := theme.Padding(), theme.InnerPadding()
	// The title label's width once the row is laid out, else what it will
	// be: the list's less the symbol and the paddings.
	textW := labelW - 2*inner
	if labelW <= 0 {
		textW = w - listIconSize - 3*pad - 2*inner
	}
	style := fyne.TextStyle{Bold: true}
	lines := wrappedLines(title, textW, theme.TextSize(), style)
	lineH := fyne.MeasureText("Ag", theme.TextSize(), style).Height
	h := l.list.itemMin().Height + float32(min(lines, maxTitleLines)-1)*lineH
	if old, ok := l.heights[id]; ok && old == h {
		return
	}
	l.heights[id] = h
	l.list.SetItemHeight(id, h)
}

// wrappedLines is how many lines text takes when wrapped at word
// boundaries to width w. Words are measured one by one (the toolkit
// caches each), and a line's width is their sum with the spaces.
func wrappedLines(text string, w, size float32, style fyne.TextStyle) int {
	words := strings.Fields(text)
	if len(words) == 0 || w <= 0 {
		return 1
	}
	space := fyne.MeasureText(" ", size, style).Width
	lines, lineW := 1, float32(0)
	for i, word := range words {
		ww := fyne.MeasureText(word, size, style).Width
		if i > 0 && lineW+space+ww > w {
			lines++
			lineW = ww
			continue
		}
		if i > 0 {
			lineW += space
		}
		lineW += ww
	}
	return lines
}

// listSubtitle is the "place · date" line of a list row, with the status
// when it is not current.
func listSubtitle(m *data.Marker) string {
	parts := []string{}
	if m.Place != "" {
		parts = append(parts, m.Place)
	}
	parts = append(parts, markerDate(m))
	if m.Status != "" && m.Status != data.StatusCurrent {
		parts = append(parts, string(m.Status))
	}
	if m.Draft {
		parts = append([]string{"DRAFT"}, parts...)
	}
	if m.Disagrees != "" {
		parts = append(parts, "sources disagree")
	}
	return strings.Join(parts, " · ")
}

// kindCountsText counts the markers by kind, "2 bases · 5 deployments".
func kindCountsText(ms []*data.Marker) string {
	counts := map[data.Kind]int{}
	for _, m := range ms {
		counts[m.Kind]++
	}
	var parts []string
	for _, k := range data.Kinds {
		if n := counts[k]; n > 0 {
			name := strings.ToLower(k.Label())
			parts = append(parts, mapmodel.Plural(n, name, name+"s"))
		}
	}
	if len(parts) == 0 {
		return "No marker listed."
	}
	return strings.Join(parts, " · ")
}

// listMarkers returns the markers the filter shows and the query matches,
// in list order.
func listMarkers(s *State) []*data.Marker {
	if s.DS == nil {
		return nil
	}
	var ms []*data.Marker
	for _, m := range s.Visible() {
		if s.Filter.Matches(m) {
			ms = append(ms, m)
		}
	}
	return sortMarkers(ms)
}

// sortMarkers sorts ms in place in list order: by kind in legend order,
// then dated markers by start date before undated ones, then by title, and
// returns it.
func sortMarkers(ms []*data.Marker) []*data.Marker {
	slices.SortStableFunc(ms, func(a, b *data.Marker) int {
		if c := cmp.Compare(mapmodel.KindRank(a.Kind), mapmodel.KindRank(b.Kind)); c != 0 {
			return c
		}
		if a.Dated() != b.Dated() {
			if a.Dated() {
				return -1
			}
			return 1
		}
		return cmp.Or(
			a.When.Start.Compare(b.When.Start),
			strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)),
			cmp.Compare(a.Index, b.Index),
		)
	})
	return ms
}

// stepSelection selects the marker delta places after the selected one in
// list order, wrapping around at either end; with nothing selected, 1
// selects the first marker and -1 the last. The map pans to it.
func stepSelection(s *State, delta int) {
	ms := listMarkers(s)
	n := len(ms)
	if n == 0 || delta == 0 {
		return
	}
	i := slices.Index(ms, s.Selected)
	switch {
	case i >= 0:
		i += delta
	case delta > 0:
		i = delta - 1
	default:
		i = n + delta
	}
	s.Select(ms[((i%n)+n)%n], true)
}

// keyList is a widget.List that draws its own keyboard cursor and hands
// its keys to the marker list.
type keyList struct {
	widget.List
	owner   *markerList
	cursor  int
	focused bool
	rowMin  fyne.Size // see itemMin
}

// newKeyList returns the list widget of l.
func newKeyList(l *markerList) *keyList {
	k := &keyList{owner: l}
	k.Length = func() int { return len(l.items) }
	k.CreateItem = l.createItem
	k.UpdateItem = l.updateItem
	k.ExtendBaseWidget(k)
	return k
}

// itemMin is the size of the row template: one line of title.
func (k *keyList) itemMin() fyne.Size {
	if k.rowMin.Height == 0 {
		k.rowMin = k.CreateItem().MinSize()
	}
	return k.rowMin
}

// FocusGained shows the cursor.
func (k *keyList) FocusGained() {
	k.focused = true
	k.RefreshItem(k.cursor)
}

// FocusLost hides the cursor.
func (k *keyList) FocusLost() {
	k.focused = false
	k.RefreshItem(k.cursor)
}

// TypedKey moves the cursor, selects or clears the selection.
func (k *keyList) TypedKey(ev *fyne.KeyEvent) { k.owner.typedKey(ev) }

// TypedRune ignores typed characters.
func (k *keyList) TypedRune(rune) {}

// setCursor puts the keyboard cursor on row i.
func (k *keyList) setCursor(i int) {
	if i == k.cursor {
		return
	}
	old := k.cursor
	k.cursor = i
	k.RefreshItem(old)
	k.RefreshItem(i)
}

// moveCursor moves the cursor by delta rows, stopping at the ends, and
// scrolls to it.
func (k *keyList) moveCursor(delta int) {
	n := len(k.owner.items)
	if n == 0 {
		return
	}
	k.setCursor(min(max(k.cursor+delta, 0), n-1))
	k.ScrollTo(k.cursor)
}

// searchEntry is the search field; Down moves to the list and Escape
// clears the search.
type searchEntry struct {
	widget.Entry
	owner *markerList
}

// newSearchEntry returns the search field of l.
func newSearchEntry(l *markerList) *searchEntry {
	e := &searchEntry{owner: l}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey handles Down and Escape and passes other keys to the entry.
func (e *searchEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown:
		// Down from the search goes to the first result, wherever the
		// cursor was left before.
		e.owner.list.setCursor(0)
		e.owner.list.ScrollTo(0)
		e.owner.focusList()
	case fyne.KeyEscape:
		e.SetText("")
	default:
		e.Entry.TypedKey(ev)
	}
}

// tightVBox stacks objects vertically with no space between them, for the
// two lines of a list row.
type tightVBox struct{}

// Layout places the objects one under the other at full width.
func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - theme.Padding()
	}
}

// MinSize is the widest object by the sum of the heights.
func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
		if i > 0 {
			s.Height -= theme.Padding()
		}
	}
	return s
}

// tightVBox is a layout.
var _ fyne.Layout = tightVBox{}
