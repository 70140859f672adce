package app

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"casmap/data"
)

// markerForm is the form of a new marker made from a passage, or of the
// facts of an existing marker. Its quote is never typed: it is the passage
// selected in the source, which a button can widen to whole sentences.
// Every change of a field is validated with the dataset's own rules; the
// form shows each problem next to its field and refuses to save while
// there is one.
type markerForm struct {
	w    *mainWindow
	orig *data.Marker // the marker edited, or nil for a new one

	// A new marker's first citation: the passage and its source.
	passage Passage
	src     *data.Source

	geom orb.Geometry // the position, line or area; nil until given

	kind               *widget.Select
	title, place       *widget.Entry
	country, actor     *widget.Entry
	date, value, unit  *widget.Entry
	qualifier          *widget.Entry
	note               *widget.Entry
	status, precision  *widget.Select
	proposals          *widget.Select
	quote, position    *widget.Label
	countryName        *widget.Label
	errs               map[string]*widget.Label
	general            *widget.Label
	save               *widget.Button
	dlg                *dialog.CustomDialog
	proposed           []placeProposal
	loading, submitted bool
}

// Form fields that problems are shown next to.
const (
	fKind      = "kind"
	fTitle     = "title"
	fPlace     = "place"
	fCountry   = "country"
	fActor     = "actor"
	fDate      = "date"
	fValue     = "value"
	fStatus    = "status"
	fPrecision = "precision"
	fNote      = "note"
	fQuote     = "quote"
	fPosition  = "position"
)

// showNewMarkerForm opens the form of a new marker citing the passage p.
func (w *mainWindow) showNewMarkerForm(p Passage) *markerForm {
	f := &markerForm{w: w, passage: p, src: w.state.DS.Source(p.Source)}
	f.build()
	text := f.src.Text[p.Start:p.End]
	f.proposed = proposePlaces(text)
	var opts []string
	for _, pr := range f.proposed {
		opts = append(opts, pr.Label)
	}
	f.proposals.Options = opts
	if len(f.proposed) > 0 {
		f.proposals.SetSelectedIndex(0)
	}
	f.show("New marker")
	return f
}

// showEditForm opens the form of the facts of m.
func (w *mainWindow) showEditForm(m *data.Marker, focus string) *markerForm {
	f := &markerForm{w: w, orig: m, geom: m.Geometry}
	f.build()
	f.loading = true
	f.kind.SetSelected(m.Kind.Label())
	f.title.SetText(m.Title)
	f.place.SetText(m.Place)
	f.country.SetText(m.Country)
	f.actor.SetText(m.Actor)
	f.date.SetText(m.Date)
	if m.Value != nil {
		f.value.SetText(strconv.FormatFloat(*m.Value, 'f', -1, 64))
	}
	f.unit.SetText(m.Unit)
	f.qualifier.SetText(m.Qualifier)
	f.note.SetText(m.Note)
	if m.Status != "" {
		f.status.SetSelected(m.Status.Label())
	}
	if m.Precision != "" {
		f.precision.SetSelected(m.Precision.Label())
	}
	f.loading = false
	f.show("Edit " + truncateText(m.Title, 50))
	if focus != "" {
		if e := f.entryOf(focus); e != nil {
			w.win.Canvas().Focus(e)
		}
	}
	return f
}

// entryOf is the text field of a form field, or nil.
func (f *markerForm) entryOf(field string) *widget.Entry {
	switch field {
	case fTitle:
		return f.title
	case fPlace:
		return f.place
	case fCountry:
		return f.country
	case fActor:
		return f.actor
	case fDate:
		return f.date
	case fValue:
		return f.value
	case fNote:
		return f.note
	}
	return nil
}

// build makes the widgets.
func (f *markerForm) build() {
	f.errs = map[string]*widget.Label{}
	changed := func(string) { f.validate() }
	entry := func(placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		e.OnChanged = changed
		return e
	}
	var kinds []string
	for _, k := range data.Kinds {
		kinds = append(kinds, k.Label())
	}
	f.kind = widget.NewSelect(kinds, changed)
	f.kind.PlaceHolder = "what the passage reports"
	f.title = entry("One line for the list and the legend")
	f.place = entry("As the text names it")
	f.country = entry("ISO code, e.g. KG")
	f.countryName = widget.NewLabel("")
	f.country.OnChanged = func(s string) {
		f.countryName.SetText(data.CountryName(strings.ToUpper(strings.TrimSpace(s))))
		f.validate()
	}
	f.actor = entry("RU, US, CSTO, Taliban…")
	f.date = entry("2019-02-04, or 2019-02-03/2019-02-04")
	f.value = entry("a figure the text gives")
	f.unit = entry("troops, km…")
	f.qualifier = entry("about, some, up to…")
	f.note = widget.NewMultiLineEntry()
	f.note.SetPlaceHolder("Where the placement, date or status is inferred, say so here")
	f.note.SetMinRowsVisible(2)
	f.note.Wrapping = fyne.TextWrapWord
	f.note.OnChanged = changed
	var statuses []string
	for _, s := range data.Statuses {
		statuses = append(statuses, s.Label())
	}
	f.status = widget.NewSelect(statuses, changed)
	f.status.PlaceHolder = "as the text states it"
	var precisions []string
	for _, p := range data.Precisions {
		precisions = append(precisions, p.Label())
	}
	f.precision = widget.NewSelect(precisions, changed)
	f.precision.PlaceHolder = "how exactly the text places it"
	f.proposals = widget.NewSelect(nil, func(string) { f.useProposal() })
	f.proposals.PlaceHolder = "no place name found in the passage"
	f.position = widget.NewLabel("")
	f.quote = widget.NewLabel("")
	f.quote.Wrapping = fyne.TextWrapWord
	f.quote.TextStyle.Italic = true
	f.general = widget.NewLabel("")
	f.general.Wrapping = fyne.TextWrapWord
	f.general.Importance = widget.DangerImportance
	f.general.Hide()
	for _, k := range []string{fKind, fTitle, fPlace, fCountry, fActor, fDate, fValue, fStatus, fPrecision, fNote, fQuote, fPosition} {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.DangerImportance
		l.Hide()
		f.errs[k] = l
	}
}

// show puts the form in a dialog over the main window.
func (f *markerForm) show(heading string) {
	w := f.w
	row := func(label string, field string, obj fyne.CanvasObject) []fyne.CanvasObject {
		l := widget.NewLabel(label)
		l.TextStyle.Bold = true
		if e := f.errs[field]; e != nil {
			obj = container.NewVBox(obj, e)
		}
		return []fyne.CanvasObject{l, obj}
	}
	var rows []fyne.CanvasObject
	if f.src != nil {
		widen := widget.NewButtonWithIcon("Widen to whole sentences", theme.MoreHorizontalIcon(), f.widen)
		rows = append(rows, row("Quote", fQuote, container.NewVBox(f.quote, container.NewHBox(widen)))...)
		f.showQuote()
	}
	rows = append(rows, row("Kind", fKind, f.kind)...)
	rows = append(rows, row("Title", fTitle, f.title)...)
	if f.src != nil {
		rows = append(rows, row("Proposed place", "", f.proposals)...)
	}
	pick := widget.NewButtonWithIcon("Pick on map", theme.SearchIcon(), func() { f.pick(toolPick) })
	area := widget.NewButton("Draw area", func() { f.pick(toolDrawArea) })
	line := widget.NewButton("Draw line", func() { f.pick(toolDrawLine) })
	rows = append(rows, row("Position", fPosition, container.NewBorder(nil, nil, nil, container.NewHBox(pick, area, line), f.position))...)
	f.showPosition()
	rows = append(rows, row("Place", fPlace, f.place)...)
	rows = append(rows, row("Country", fCountry, container.NewBorder(nil, nil, nil, f.countryName, f.country))...)
	rows = append(rows, row("Actor", fActor, f.actor)...)
	rows = append(rows, row("Status", fStatus, f.status)...)
	rows = append(rows, row("Precision", fPrecision, f.precision)...)
	rows = append(rows, row("Date", fDate, f.date)...)
	rows = append(rows, row("Figure", fValue, container.NewGridWithColumns(3, f.qualifier, f.value, f.unit))...)
	rows = append(rows, row("Note", fNote, f.note)...)
	form := container.New(layout.NewFormLayout(), rows...)
	f.save = widget.NewButtonWithIcon("Save marker", theme.ConfirmIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() { f.dlg.Hide() })
	scroll := container.NewVScroll(container.NewVBox(form, f.general))
	scroll.SetMinSize(fyne.NewSize(680, 640))
	f.dlg = dialog.NewCustomWithoutButtons(heading, scroll, w.win)
	f.dlg.SetButtons([]fyne.CanvasObject{cancel, f.save})
	w.form = f
	f.dlg.SetOnClosed(func() {
		if w.form == f {
			w.form = nil
		}
	})
	f.dlg.Show()
	f.validate()
}

// showQuote shows the passage quoted.
func (f *markerForm) showQuote() {
	q := data.FoldSpace(f.src.Text[f.passage.Start:f.passage.End])
	f.quote.SetText("“" + q + "”")
}

// widen grows the quote to the whole sentences it touches.
func (f *markerForm) widen() {
	lo, hi := widenToSentences(f.src.Text, f.passage.Start, f.passage.End)
	f.passage.Start, f.passage.End = lo, hi
	f.showQuote()
	f.validate()
}

// useProposal fills the place, country, precision and position from the
// chosen proposal.
func (f *markerForm) useProposal() {
	i := f.proposals.SelectedIndex()
	if i < 0 || i >= len(f.proposed) {
		return
	}
	p := f.proposed[i]
	f.loading = true
	f.place.SetText(p.Place)
	f.country.SetText(p.Country)
	f.precision.SetSelected(p.Precision.Label())
	f.loading = false
	f.geom = p.Point
	f.showPosition()
	f.validate()
}

// pick hides the form while the user places the marker on the map, then
// shows it again.
func (f *markerForm) pick(mode toolMode) {
	title := strings.TrimSpace(f.title.Text)
	if title == "" {
		title = "the marker"
	}
	hint := map[toolMode]string{
		toolPick:     "Click on the map to place " + title + ". Escape cancels.",
		toolDrawArea: "Click the corners of the area of " + title + "; double-click or Enter ends it. Escape cancels.",
		toolDrawLine: "Click the points of the line of " + title + "; double-click or Enter ends it. Escape cancels.",
	}[mode]
	f.dlg.Hide()
	f.w.form = f // hidden, not closed
	f.w.mapv.setTool(&mapTool{mode: mode, hint: hint,
		done: func(g orb.Geometry) {
			f.geom = g
			f.showPosition()
			f.dlg.Show()
			f.validate()
		},
		cancel: func() { f.dlg.Show() },
	})
	f.w.mapv.requestFocus()
}

// showPosition says where the marker is.
func (f *markerForm) showPosition() {
	if f.geom == nil {
		f.position.SetText("not placed yet")
		return
	}
	f.position.SetText(coordText(f.geom))
}

// marker builds the marker the fields describe, and the problems of the
// fields that are not the dataset's to judge (a figure that is not a
// number).
func (f *markerForm) marker() (*data.Marker, map[string]string) {
	bad := map[string]string{}
	m := &data.Marker{}
	if f.orig != nil {
		c := *f.orig
		m = &c
		m.Citations = append([]data.Citation(nil), f.orig.Citations...)
		m.Participants = append([]string(nil), f.orig.Participants...)
	}
	for _, k := range data.Kinds {
		if k.Label() == f.kind.Selected {
			m.Kind = k
		}
	}
	m.Title = strings.TrimSpace(f.title.Text)
	m.Place = strings.TrimSpace(f.place.Text)
	m.Country = strings.ToUpper(strings.TrimSpace(f.country.Text))
	m.Actor = strings.TrimSpace(f.actor.Text)
	m.Date = strings.TrimSpace(f.date.Text)
	m.When = data.DateRange{}
	m.Unit = strings.TrimSpace(f.unit.Text)
	m.Qualifier = strings.TrimSpace(f.qualifier.Text)
	m.Note = strings.TrimSpace(f.note.Text)
	m.Value = nil
	if v := strings.ReplaceAll(strings.TrimSpace(f.value.Text), ",", ""); v != "" {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			bad[fValue] = fmt.Sprintf("%q is not a number.", f.value.Text)
		} else {
			m.Value = &x
		}
	}
	m.Status, m.Precision = "", ""
	for _, s := range data.Statuses {
		if s.Label() == f.status.Selected {
			m.Status = s
		}
	}
	for _, p := range data.Precisions {
		if p.Label() == f.precision.Selected {
			m.Precision = p
		}
	}
	m.Geometry = f.geom
	if f.geom == nil {
		bad[fPosition] = "Pick a position on the map, choose a proposed place, or draw the area or line."
	}
	ds := f.w.state.DS
	if f.orig == nil {
		m.ID = data.UniqueID(data.Slugify(m.Title), "marker", func(id string) bool { return ds.Marker(id) != nil })
		m.Citations = []data.Citation{{Source: f.passage.Source, Quote: f.src.Text[f.passage.Start:f.passage.End]}}
	}
	return m, bad
}

// edit returns the edit that saving the form makes.
func (f *markerForm) edit(m *data.Marker) data.Edit {
	if f.orig != nil {
		return &data.SetMarker{ID: f.orig.ID, New: m}
	}
	return data.AppendMarker(m)
}

// validate shows the problems of the marker as the fields are now, and
// enables saving when there are none.
func (f *markerForm) validate() bool {
	if f.loading || f.errs == nil || f.save == nil {
		return false
	}
	for _, l := range f.errs {
		l.Hide()
	}
	f.general.Hide()
	m, bad := f.marker()
	msgs := map[string][]string{}
	for k, v := range bad {
		msgs[k] = append(msgs[k], v)
	}
	if m.Geometry == nil {
		m.Geometry = orb.Point{0, 0} // judged above; let the rules judge the rest
	}
	probs, err := f.w.ed.check(f.edit(m))
	var general []string
	if err != nil {
		general = append(general, err.Error())
	}
	for _, p := range probs {
		k := fieldOfProblem(p.Field)
		if f.errs[k] == nil {
			general = append(general, problemText(p))
			continue
		}
		msgs[k] = append(msgs[k], problemText(p))
	}
	// An empty title only shows its problem once the user tried to save
	// or typed one, so that a new form does not open in red.
	show := func(k string) bool {
		return f.submitted || f.orig != nil || k != fTitle && k != fPosition && k != fKind && k != fStatus
	}
	for k, ms := range msgs {
		if show(k) {
			f.errs[k].SetText(strings.Join(ms, " "))
			f.errs[k].Show()
		}
	}
	if len(general) > 0 {
		f.general.SetText(strings.Join(general, " "))
		f.general.Show()
	}
	ok := len(msgs) == 0 && len(general) == 0
	return ok
}

// fieldOfProblem maps a problem's field path to a form field.
func fieldOfProblem(path string) string {
	path = strings.TrimPrefix(path, "properties.")
	switch {
	case strings.HasPrefix(path, "geometry"):
		return fPosition
	case strings.HasPrefix(path, "citations"):
		return fQuote
	case path == "id":
		return fTitle
	case path == "unit", path == "qualifier":
		return fValue
	}
	if i := strings.IndexAny(path, ".["); i >= 0 {
		path = path[:i]
	}
	return path
}

// submit saves the marker when the form is valid.
func (f *markerForm) submit() {
	f.submitted = true
	if !f.validate() {
		return
	}
	m, _ := f.marker()
	err := f.w.ed.do(f.edit(m), m.ID)
	if err != nil {
		f.general.SetText(err.Error())
		f.general.Show()
		return
	}
	f.dlg.Hide()
	if f.orig == nil {
		f.w.state.Select(f.w.state.DS.Marker(m.ID), true)
	}
}
