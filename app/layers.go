package app

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casmap/app/mapmodel"
	"casmap/data"
)

// noActorLabel names the markers that name no actor in the legend.
const noActorLabel = "No actor named"

// layersPanel is the legend and the filter: a check box per kind and per
// actor with its symbol and count, the alliance shading and tour route
// layers, and the date range. Every change goes through State.UpdateFilter
// and the panel follows the filter, whoever changes it.
type layersPanel struct {
	s   *State
	obj fyne.CanvasObject

	kindRows  map[data.Kind]*legendRow
	actorRows map[string]*legendRow
	actorBox  *fyne.Container

	alliance, route *legendRow
	from, to        *widget.Entry
	box             *fyne.Container
	dateMsg         *widget.Label
	undated, span   *widget.Label

	// syncing is set while the widgets follow the filter, so that their
	// callbacks do not send it back.
	syncing bool

	// other lists the layers of other people's files; onAdd asks for one.
	other *fyne.Container
	onAdd func()
}

// newLayersPanel returns the legend and filter panel bound to s.
func newLayersPanel(s *State) *layersPanel {
	l := &layersPanel{s: s, kindRows: map[data.Kind]*legendRow{}, actorRows: map[string]*legendRow{}}

	kinds := container.NewVBox()
	for _, k := range data.Kinds {
		row := newLegendRow(kindIcon(k, legendIconSize), k.Label(), func(on bool) {
			l.update(func(f *Filter) { setHidden(f.HiddenKinds, k, !on) })
		})
		l.kindRows[k] = row
		kinds.Add(row)
	}
	l.actorBox = container.NewVBox()

	l.alliance = newToggleRow("Alliance shading", func(on bool) {
		l.update(func(f *Filter) { f.Alliance = on })
	})
	l.route = newToggleRow("Tour route", func(on bool) {
		l.update(func(f *Filter) { f.Route = on })
	})

	l.from = newDateEntry(l, false)
	l.to = newDateEntry(l, true)
	l.dateMsg = wrapLabel("")
	l.dateMsg.Hide()
	l.undated = wrapLabel("")
	l.span = wrapLabel("")
	l.span.SizeName = theme.SizeNameCaptionText
	dates := container.New(layout.NewFormLayout(),
		widget.NewLabel("From"), l.from,
		widget.NewLabel("To"), l.to)
	clearDates := widget.NewButton("Clear dates", func() {
		l.from.SetText("")
		l.to.SetText("")
	})
	showAll := widget.NewButton("Show all kinds and actors", func() {
		l.update(func(f *Filter) {
			f.HiddenKinds = map[data.Kind]bool{}
			f.HiddenActors = map[string]bool{}
		})
	})

	l.box = container.NewVBox(
		subHeading("Other layers (uncited)"), l.otherLayers(),
		widget.NewSeparator(),
		subHeading("Kinds"), kinds,
		subHeading("Actors"), l.actorBox,
		container.NewHBox(showAll),
		widget.NewSeparator(),
		subHeading("Layers"), l.alliance, allianceKey(), l.route,

		widget.NewSeparator(),
		subHeading("How firm the claim is"), statusKey(),
		widget.NewSeparator(),
		subHeading("Dates"), dates, l.dateMsg, l.undated, l.span, container.NewHBox(clearDates),
	)
	l.obj = container.NewVScroll(l.box)
	l.rebuild()
	s.Listen(func(c Change) {
		switch c {
		case ChangeDataset, ChangeEdit:
			l.rebuild()
		case ChangeLayers:
			l.rebuildOther()
		case ChangeFilter:
			l.sync()
		}
	})
	return l
}

// allianceKey explains the alliance shading colours.
func allianceKey() fyne.CanvasObject {
	dark := fyne.CurrentApp() != nil && isDark(fyne.CurrentApp())
	row := func(icon fyne.CanvasObject, text string) fyne.CanvasObject {
		l := widget.NewLabel(text)
		l.SizeName = theme.SizeNameCaptionText
		return container.NewBorder(nil, nil, container.NewCenter(icon), nil, l)
	}
	return container.NewPadded(container.NewVBox(
		row(swatchIcon(mapmodel.MemberFill(dark), legendIconSize), "Member, as the sources state"),
		row(swatchIcon(mapmodel.NonMemberFill(dark), legendIconSize), "Stated non-member"),
		row(swatchIcon(mapmodel.Theme(dark).Land, legendIconSize), "Not stated by the sources"),
	))
}

// statusKey shows how each status is drawn.
func statusKey() fyne.CanvasObject {
	rows := []fyne.CanvasObject{}
	for _, st := range data.Statuses {
		l := widget.NewLabel(statusText(st))
		l.Wrapping = fyne.TextWrapWord
		l.SizeName = theme.SizeNameCaptionText
		rows = append(rows, container.NewBorder(nil, nil, container.NewCenter(statusIcon(st, legendIconSize+4)), nil, l))
	}
	return container.NewVBox(rows...)
}

// legendIconSize is the size of the legend's symbols.
const legendIconSize = 18

// Object returns the panel's widget tree for the window layout.
func (l *layersPanel) Object() fyne.CanvasObject { return l.obj }

// update changes the filter with fn unless the panel is following it.
func (l *layersPanel) update(fn func(*Filter)) {
	if l.syncing {
		return
	}
	l.s.UpdateFilter(fn)
}

// setHidden hides or shows key in a filter set.
func setHidden[K comparable](set map[K]bool, key K, hidden bool) {
	if hidden {
		set[key] = true
	} else {
		delete(set, key)
	}
}

// rebuild makes the parts that depend on the dataset: the actor rows, the
// layer labels and the date span, then follows the filter.
func (l *layersPanel) rebuild() {
	ds := l.s.DS
	l.actorRows = map[string]*legendRow{}
	l.actorBox.RemoveAll()
	if ds != nil {
		actors := ds.Actors()
		slices.SortStableFunc(actors, func(a, b string) int {
			return strings.Compare(strings.ToLower(data.ActorName(a)), strings.ToLower(data.ActorName(b)))
		})
		for _, m := range ds.Markers {
			if m.Actor == "" {
				actors = append(actors, "")
				break
			}
		}
		for _, a := range actors {
			name := noActorLabel
			if a != "" {
				name = data.ActorName(a)
			}
			row := newLegendRow(actorIcon(a, legendIconSize), name, func(on bool) {
				l.update(func(f *Filter) { setHidden(f.HiddenActors, a, !on) })
			})
			l.actorRows[a] = row
			l.actorBox.Add(row)
		}
	}

	l.alliance.setName(allianceLayerText(ds), ds != nil && len(ds.Alliances) > 0)
	trips := 0
	if ds != nil {
		trips = len(ds.Trips())
	}
	switch trips {
	case 0:
		l.route.setName("Tour route (no trip in this dataset)", false)
	case 1:
		l.route.setName("Tour route", true)
	default:
		l.route.setName(fmt.Sprintf("Tour routes (%d trips)", trips), true)
	}
	l.span.SetText(dateSpanText(ds))
	l.sync()
}

// allianceLayerText labels the alliance shading check box after the
// dataset's alliances: "Alliance shading (CSTO members / non-members)".
func allianceLayerText(ds *data.Dataset) string {
	if ds == nil || len(ds.Alliances) == 0 {
		return "Alliance shading (no alliance in this dataset)"
	}
	var names []string
	for _, a := range ds.Alliances {
		names = append(names, mapmodel.AllianceShortName(a))
	}
	return "Alliance shading (" + strings.Join(names, ", ") + " members / non-members)"
}

// dateSpanText says which dates the dated markers cover.
func dateSpanText(ds *data.Dataset) string {
	var first, last *data.Marker
	if ds != nil {
		for _, m := range ds.Markers {
			if !m.Dated() {
				continue
			}
			if first == nil || m.When.Start.Before(first.When.Start) {
				first = m
			}
			if last == nil || m.When.End.After(last.When.End) {
				last = m
			}
		}
	}
	if first == nil {
		return "No marker in this dataset is dated."
	}
	a, _, _ := strings.Cut(first.Date, "/")
	b := last.Date
	if _, after, ok := strings.Cut(b, "/"); ok {
		b = after
	}
	return fmt.Sprintf("Dated markers run from %s to %s. Type YYYY-MM-DD, YYYY-MM or YYYY.", mapmodel.FormatDate(a), mapmodel.FormatDate(b))
}

// sync makes the widgets show the filter and the counts.
func (l *layersPanel) sync() {
	l.syncing = true
	defer func() { l.syncing = false }()
	f := l.s.Filter
	shownKind := map[data.Kind]int{}
	shownActor := map[string]int{}
	totalActor := map[string]int{}
	undated := 0
	var totalKind map[data.Kind]int
	if ds := l.s.DS; ds != nil {
		totalKind = ds.CountByKind()
		for _, m := range ds.Markers {
			totalActor[m.Actor]++
			if f.Shows(m) {
				shownKind[m.Kind]++
				shownActor[m.Actor]++
				if !m.Dated() {
					undated++
				}
			}
		}
	}
	for k, row := range l.kindRows {
		row.set(!f.HiddenKinds[k], shownKind[k], totalKind[k])
	}
	for a, row := range l.actorRows {
		row.set(!f.HiddenActors[a], shownActor[a], totalActor[a])
	}
	l.alliance.check.SetChecked(f.Alliance)
	l.route.check.SetChecked(f.Route)
	syncDateEntry(l.from, f.From, false)
	syncDateEntry(l.to, f.To, true)
	l.undated.SetText(fmt.Sprintf("Undated markers stay visible (%d)", undated))
}

// syncDateEntry shows t in e unless e already holds a valid date meaning
// t; a half-typed date is left alone.
func syncDateEntry(e *widget.Entry, t time.Time, end bool) {
	got, err := parseDateBound(e.Text, end)
	if err != nil || got.Equal(t) {
		return
	}
	if t.IsZero() {
		e.SetText("")
	} else {
		e.SetText(t.Format(time.DateOnly))
	}
}

// parseDateBound parses one end of the date range: "" is an open end; a
// year or month starts at its first instant or, for the end, ends at its
// last.
func parseDateBound(s string, end bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if strings.Contains(s, "/") {
		return time.Time{}, errors.New("give one date, not an interval")
	}
	r, err := data.ParseDate(s)
	if err != nil {
		return time.Time{}, err
	}
	if end {
		return r.End, nil
	}
	return r.Start, nil
}

// applyDates applies the two date entries when both hold valid dates in
// order, and otherwise says what is wrong without changing the filter.
func (l *layersPanel) applyDates(submitted bool) {
	if l.syncing {
		return
	}
	from, errFrom := parseDateBound(l.from.Text, false)
	to, errTo := parseDateBound(l.to.Text, true)
	var msg string
	switch {
	case errFrom != nil:
		msg = "From: " + errFrom.Error() + "."
	case errTo != nil:
		msg = "To: " + errTo.Error() + "."
	case !from.IsZero() && !to.IsZero() && to.Before(from):
		msg = "The From date is after the To date; the dates are not applied."
	}
	if msg != "" {
		// A date still being typed is not an error yet.
		typing := !submitted && ((errFrom != nil && len(strings.TrimSpace(l.from.Text)) < 10) ||
			(errFrom == nil && errTo != nil && len(strings.TrimSpace(l.to.Text)) < 10))
		if typing {
			l.dateMsg.Importance = widget.MediumImportance
			l.dateMsg.SetText("Type a date as YYYY-MM-DD, YYYY-MM or YYYY.")
		} else {
			l.dateMsg.Importance = widget.DangerImportance
			l.dateMsg.SetText(msg)
		}
		l.showDateMsg(true)
		return
	}
	l.showDateMsg(false)
	if from.Equal(l.s.Filter.From) && to.Equal(l.s.Filter.To) {
		return
	}
	l.s.UpdateFilter(func(f *Filter) { f.From, f.To = from, to })
}

// showDateMsg shows or hides the date message and lays the panel out
// again for it.
func (l *layersPanel) showDateMsg(on bool) {
	if on == l.dateMsg.Visible() {
		l.dateMsg.Refresh()
		return
	}
	if on {
		l.dateMsg.Show()
	} else {
		l.dateMsg.Hide()
	}
	if l.box != nil {
		l.box.Refresh()
	}
}

// newDateEntry makes the From (end false) or To date entry of l.
func newDateEntry(l *layersPanel, end bool) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder("YYYY-MM-DD")
	t := l.s.Filter.From
	if end {
		t = l.s.Filter.To
	}
	if !t.IsZero() {
		e.SetText(t.Format(time.DateOnly))
	}
	e.Validator = func(s string) error {
		_, err := parseDateBound(s, end)
		return err
	}
	e.OnChanged = func(string) { l.applyDates(false) }
	e.OnSubmitted = func(string) { l.applyDates(true) }
	return e
}

// legendRow is one line of the legend: a check box, the symbol, the name
// and how many markers it shows; or, for a layer, a check box and a name
// that wraps. Tapping anywhere on the row toggles it.
type legendRow struct {
	widget.BaseWidget
	check *widget.Check
	icon  fyne.CanvasObject // nil for a layer
	name  *widget.Label
	count *widget.Label // nil for a layer
}

// newLegendRow returns a checked legend row calling changed on a toggle.
func newLegendRow(icon fyne.CanvasObject, name string, changed func(bool)) *legendRow {
	r := &legendRow{icon: icon, name: widget.NewLabel(name), count: widget.NewLabel("")}
	r.check = widget.NewCheck("", changed)
	r.check.Checked = true
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.ExtendBaseWidget(r)
	return r
}

// newToggleRow returns a checked layer row with a wrapping name.
func newToggleRow(name string, changed func(bool)) *legendRow {
	r := &legendRow{name: widget.NewLabel(name)}
	r.check = widget.NewCheck("", changed)
	r.check.Checked = true
	r.name.Wrapping = fyne.TextWrapWord
	r.ExtendBaseWidget(r)
	return r
}

// set shows whether the row is on and its count of shown markers out of
// total.
func (r *legendRow) set(on bool, shown, total int) {
	r.check.SetChecked(on)
	if shown == total {
		r.count.SetText(fmt.Sprint(total))
	} else {
		r.count.SetText(fmt.Sprintf("%d of %d", shown, total))
	}
}

// setName renames the row and enables or disables it.
func (r *legendRow) setName(name string, enabled bool) {
	r.name.SetText(name)
	if enabled {
		r.check.Enable()
		r.name.Importance = widget.MediumImportance
	} else {
		r.check.Disable()
		r.name.Importance = widget.LowImportance
	}
	r.name.Refresh()
}

// Tapped toggles the row.
func (r *legendRow) Tapped(*fyne.PointEvent) {
	if !r.check.Disabled() {
		r.check.SetChecked(!r.check.Checked)
	}
}

// Cursor is a pointing hand: the whole row is a button.
func (r *legendRow) Cursor() desktop.Cursor { return desktop.PointerCursor }

// CreateRenderer lays the row out: check box, symbol, name, count.
func (r *legendRow) CreateRenderer() fyne.WidgetRenderer {
	var left fyne.CanvasObject = r.check
	if r.icon != nil {
		left = container.NewHBox(r.check, iconBox(r.icon, legendIconSize))
	}
	var right fyne.CanvasObject
	if r.count != nil {
		right = r.count
	}
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, left, right, r.name))
}
