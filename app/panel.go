package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casmap/app/mapmodel"
	"casmap/data"
)

// quoteContextLimit is about how many bytes of a source paragraph a
// citation card shows around its quote.
const quoteContextLimit = 600

// evidencePanel shows the evidence behind the selection: the marker's
// facts and every quote with the paragraph it comes from, or what the
// sources say about a selected country's alliances, or, with nothing
// selected, a hint and the dataset's sources.
type evidencePanel struct {
	s       *State
	win     fyne.Window
	box     *fyne.Container
	scroll  *container.Scroll
	copyBtn *widget.Button

	// later runs f on the UI goroutine after d; the "Copied" feedback uses
	// it. Tests replace it.
	later func(d time.Duration, f func())

	// What the panel shows, to rebuild it only when that changes.
	shownDS      *data.Dataset
	shownMarker  *data.Marker
	shownCountry string
	shownPick    LayerPick
}

// newEvidencePanel returns the evidence panel bound to s; win is the
// window it belongs to.
func newEvidencePanel(s *State, win fyne.Window) *evidencePanel {
	p := newEmptyEvidencePanel(s, win)
	p.refresh()
	return p
}

// newEmptyEvidencePanel is newEvidencePanel before its first refresh, for
// a window that fills it once it is laid out.
func newEmptyEvidencePanel(s *State, win fyne.Window) *evidencePanel {
	p := &evidencePanel{s: s, win: win, box: container.NewVBox()}
	p.later = func(d time.Duration, f func()) { time.AfterFunc(d, func() { fyne.Do(f) }) }
	p.scroll = container.NewVScroll(p.box)
	s.Listen(p.stateChanged)
	return p
}

// stateChanged follows the selection. The same selection again is only
// traced, so that the reader keeps the place; a filter change redraws the
// country view, whose marker links follow the filter.
func (p *evidencePanel) stateChanged(c Change) {
	switch c {
	case ChangeDataset:
		p.refresh()
	case ChangeEdit:
		// The marker being edited stays where the reader was.
		off := p.scroll.Offset
		same := p.shownMarker != nil && p.s.Selected != nil && p.shownMarker.ID == p.s.Selected.ID
		p.refresh()
		if same {
			p.scroll.ScrollToOffset(off)
		}
	case ChangeSelection:
		if p.s.DS == p.shownDS && p.s.Selected == p.shownMarker && p.s.Country == p.shownCountry && p.s.Picked == p.shownPick {
			if m := p.s.Selected; m != nil {
				traceMarker(m)
			}
			return
		}
		p.refresh()
	case ChangeFilter:
		if p.s.Selected == nil && p.s.Country != "" {
			p.refresh()
		}
	}
}

// traceMarker reports that the panel shows m, with its first quote.
func traceMarker(m *data.Marker) {
	first := ""
	if len(m.Citations) > 0 {
		first = data.FoldSpace(m.Citations[0].Quote)
	}
	tracef("panel %s: %s", m.ID, first)
}

// Object returns the panel's widget tree for the window layout.
func (p *evidencePanel) Object() fyne.CanvasObject { return p.scroll }

// refresh shows what the state selects.
func (p *evidencePanel) refresh() {
	p.shownDS, p.shownMarker, p.shownCountry, p.shownPick = p.s.DS, p.s.Selected, p.s.Country, p.s.Picked
	var objs []fyne.CanvasObject
	switch {
	case p.s.DS == nil:
		objs = []fyne.CanvasObject{wrapLabel("No dataset is open.")}
	case p.s.Picked.View != nil:
		objs = p.layerFeatureView(p.s.Picked)
	case p.s.Selected != nil:
		objs = p.markerView(p.s.Selected)
	case p.s.Country != "":
		objs = p.countryView(p.s.Country)
	default:
		p.copyBtn = nil
		objs = p.overview()
	}
	p.box.Objects = objs
	p.box.Refresh()
	p.scroll.ScrollToTop()
}

// copyEvidence copies the evidence of the selected marker or country to
// the clipboard as Markdown and says so on the button for a moment.
func (p *evidencePanel) copyEvidence() {
	var md string
	switch {
	case p.s.DS == nil:
		return
	case p.s.Selected != nil:
		md = evidenceMarkdown(p.s.DS, []*data.Marker{p.s.Selected})
	case p.s.Country != "":
		md = allianceMarkdown(p.s, p.s.Country)
	default:
		return
	}
	fyne.CurrentApp().Clipboard().SetContent(md)
	if b := p.copyBtn; b != nil {
		b.SetText("Copied")
		b.SetIcon(theme.ConfirmIcon())
		p.later(1500*time.Millisecond, func() {
			b.SetText("Copy evidence")
			b.SetIcon(theme.ContentCopyIcon())
		})
	}
}

// newCopyButton makes the "Copy evidence" button of the current view.
func (p *evidencePanel) newCopyButton() *widget.Button {
	p.copyBtn = widget.NewButtonWithIcon("Copy evidence", theme.ContentCopyIcon(), p.copyEvidence)
	return p.copyBtn
}

// markerView lists the facts of m and its citations.
func (p *evidencePanel) markerView(m *data.Marker) []fyne.CanvasObject {
	traceMarker(m)

	var rows []fyne.CanvasObject
	field := func(name string, value fyne.CanvasObject) {
		l := widget.NewLabel(name)
		l.TextStyle.Bold = true
		key := factField(name)
		rows = append(rows, l, newFactRow(value, func() { p.command("edit-marker:" + key) }))
	}
	text := func(name, value string) { field(name, wrapLabel(value)) }

	field("Kind", container.NewHBox(iconBox(kindIcon(m.Kind, 14), 14), widget.NewLabel(m.Kind.Label())))
	if m.Actor != "" {
		field("Actor", container.NewHBox(iconBox(actorIcon(m.Actor, 14), 14), widget.NewLabel(data.ActorName(m.Actor))))
	} else {
		text("Actor", "not named")
	}
	text("Status", statusText(m.Status))
	if place := placeText(m); place != "" {
		text("Place", place)
	}
	text("Date", markerDate(m))
	if f := formatFigure(m); f != "" {
		text("Figure", f)
	}
	text("Precision", precisionText(m.Precision))
	if m.Trip != "" {
		if m.Stop > 0 {
			text("Trip", fmt.Sprintf("stop %d of the trip “%s”", m.Stop, m.Trip))
		} else {
			text("Trip", "part of the trip “"+m.Trip+"”")
		}
	}
	if len(m.Participants) > 0 {
		text("Participants", joinNames(m.Participants))
	}
	text("Coordinates", coordText(m.Geometry))

	title := widget.NewLabel(m.Title)
	title.Wrapping = fyne.TextWrapWord
	title.TextStyle.Bold = true
	title.SizeName = theme.SizeNameHeadingText
	title.Selectable = true

	objs := []fyne.CanvasObject{title}
	if m.Draft {
		objs = append(objs, p.draftBox(m))
	}
	if o := mapmodel.Disputed(p.s.DS, m); o != nil {
		objs = append(objs, p.disagreeBox(m, o))
	}
	objs = append(objs, container.New(layout.NewFormLayout(), rows...))
	if m.Note != "" {
		note := wrapLabel("Editor’s note: " + data.FoldSpace(m.Note))
		note.TextStyle.Italic = true
		objs = append(objs, note)
	}
	show := widget.NewButtonWithIcon("Show on map", theme.ZoomFitIcon(), func() { p.s.Select(m, true) })
	edit := widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() { p.command("edit-marker") })
	objs = append(objs, container.NewHBox(p.newCopyButton(), show, edit), widget.NewSeparator())

	sources := map[string]bool{}
	for _, c := range m.Citations {
		sources[c.Source] = true
	}
	objs = append(objs, subHeading(fmt.Sprintf("Evidence: %s from %s",
		mapmodel.Plural(len(m.Citations), "quote", "quotes"), mapmodel.Plural(len(sources), "source", "sources"))))
	for i, c := range m.Citations {
		var extra []fyne.CanvasObject
		if len(m.Citations) > 1 {
			// A marker keeps at least one citation; a wrong one goes, and
			// can come back with Undo.
			extra = append(extra, widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() {
				p.command(fmt.Sprintf("remove-citation:%d", i))
			}))
		}
		objs = append(objs, p.citationCard(c, extra...))
	}
	return objs
}

// placeText is a marker's place, with its country when the place does not
// name it.
func placeText(m *data.Marker) string {
	place := data.FoldSpace(m.Place)
	country := data.CountryName(m.Country)
	switch {
	case country == "":
		return place
	case place == "":
		return country
	case !containsFold(place, country):
		return place + " (" + country + ")"
	}
	return place
}

// countryView says what the sources state about the alliances of iso,
// with their quotes, and lists the markers in that country.
func (p *evidencePanel) countryView(iso string) []fyne.CanvasObject {
	title := widget.NewLabel(countryLabel(iso))
	title.TextStyle.Bold = true
	title.SizeName = theme.SizeNameHeadingText
	objs := []fyne.CanvasObject{title}

	as, member := p.s.AllianceOf(iso)
	if len(as) == 0 {
		objs = append(objs, wrapLabel(allianceClaim(iso, nil, false)))
	}
	for i, a := range as {
		claim := wrapLabel(allianceClaim(iso, a, member[i]))
		claim.TextStyle.Bold = true
		objs = append(objs, claim)
		if a.Leader != "" {
			objs = append(objs, wrapLabel("The alliance is led by "+data.ActorName(a.Leader)+"."))
		}
	}
	objs = append(objs, container.NewHBox(p.newCopyButton()), widget.NewSeparator())
	for _, a := range as {
		cs := allianceCitations(a, iso)
		objs = append(objs, subHeading(fmt.Sprintf("Evidence on %s: %s", a.Name, mapmodel.Plural(len(cs), "quote", "quotes"))))
		for _, c := range cs {
			objs = append(objs, p.citationCard(c))
		}
	}

	var here []*data.Marker
	for _, m := range sortMarkers(p.s.Visible()) {
		if m.Country == iso {
			here = append(here, m)
		}
	}
	if len(here) > 0 {
		objs = append(objs, subHeading("Markers in "+countryLabel(iso)))
		for _, m := range here {
			link := widget.NewHyperlink(m.Title, nil)
			link.Wrapping = fyne.TextWrapWord
			link.OnTapped = func() { p.s.Select(m, true) }
			objs = append(objs, container.NewBorder(nil, nil, iconBox(kindIcon(m.Kind, 12), 12), nil, link))
		}
	}
	return objs
}

// overview is the view with nothing selected: how to start, the dataset
// and its sources.
func (p *evidencePanel) overview() []fyne.CanvasObject {
	ds := p.s.DS
	hint := wrapLabel("Click a marker on the map, pick one from the list, or search the list (Ctrl+F) " +
		"to read the evidence behind it: every marker quotes its sources word for word. " +
		"Click a shaded country to see what the sources say about its alliances.")
	hint.Importance = widget.HighImportance
	objs := []fyne.CanvasObject{hint, widget.NewSeparator()}
	where := "The embedded dataset (read-only: the first change saves a copy)."
	if ds.Path != "" && ds.Path != "embedded" {
		where = "File: " + ds.Path
	}
	path := wrapLabel(where)
	path.SizeName = theme.SizeNameCaptionText
	path.Selectable = true
	if ds.Title != "" {
		t := widget.NewLabel(ds.Title)
		t.Wrapping = fyne.TextWrapWord
		t.TextStyle.Bold = true
		t.SizeName = theme.SizeNameSubHeadingText
		objs = append(objs, t)
	}
	objs = append(objs, path)
	if ds.Description != "" {
		objs = append(objs, wrapLabel(data.FoldSpace(ds.Description)))
	}
	objs = append(objs, wrapLabel(fmt.Sprintf("%s from %s; %s.",
		mapmodel.Plural(len(ds.Markers), "marker", "markers"), mapmodel.Plural(len(ds.Sources), "source", "sources"),
		mapmodel.Plural(len(ds.Alliances), "alliance", "alliances"))))

	objs = append(objs, subHeading("Sources"))
	for _, src := range ds.Sources {
		objs = append(objs, p.sourceCard(src))
	}
	return objs
}

// sourceCard shows a source's title, byline and note with a button to
// read it.
func (p *evidencePanel) sourceCard(src *data.Source) fyne.CanvasObject {
	title := wrapLabel(sourceTitle(src))
	title.TextStyle.Bold = true
	objs := []fyne.CanvasObject{title, wrapLabel(sourceByline(src))}
	cites, markers := 0, 0
	for _, m := range p.s.DS.Markers {
		n := 0
		for _, c := range m.Citations {
			if c.Source == src.ID {
				n++
			}
		}
		cites += n
		if n > 0 {
			markers++
		}
	}
	objs = append(objs, wrapLabel(fmt.Sprintf("Quoted %s by %s.",
		mapmodel.Plural(cites, "time", "times"), mapmodel.Plural(markers, "marker", "markers"))))
	if src.Note != "" {
		note := wrapLabel(data.FoldSpace(src.Note))
		note.TextStyle.Italic = true
		objs = append(objs, note)
	}
	read := widget.NewButtonWithIcon("Read the source", theme.DocumentIcon(), func() {
		showSource(p.s, src, nil, fyne.CurrentApp())
	})
	objs = append(objs, container.NewHBox(read))
	return widget.NewCard("", "", container.NewVBox(objs...))
}

// citationCard shows one citation: the source, the paragraph of the
// source with the quote highlighted, the citation's note and buttons to
// open the source there and to copy the quote.
func (p *evidencePanel) citationCard(c data.Citation, extra ...fyne.CanvasObject) fyne.CanvasObject {
	src := p.s.DS.Source(c.Source)
	var objs []fyne.CanvasObject
	if src == nil {
		missing := wrapLabel(fmt.Sprintf("Source “%s” is missing from the dataset.", c.Source))
		missing.Importance = widget.DangerImportance
		objs = append(objs, missing, quoteText("", data.FoldSpace(c.Quote), ""))
		return widget.NewCard("", "", container.NewVBox(objs...))
	}
	title := wrapLabel(sourceTitle(src))
	title.TextStyle.Bold = true
	byline := wrapLabel(sourceByline(src))
	byline.SizeName = theme.SizeNameCaptionText
	objs = append(objs, title, byline)

	before, quote, after, ok := quoteContext(src.Text, c.Start, c.End, quoteContextLimit)
	if !ok {
		before, quote, after = "", data.FoldSpace(c.Quote), ""
	}
	objs = append(objs, quoteText(before, quote, after))
	if c.Note != "" {
		note := wrapLabel("Note: " + data.FoldSpace(c.Note))
		note.TextStyle.Italic = true
		objs = append(objs, note)
	}
	cc := c
	open := widget.NewButtonWithIcon("Open source", theme.DocumentIcon(), func() {
		showSource(p.s, src, &cc, fyne.CurrentApp())
	})
	cp := widget.NewButtonWithIcon("Copy quote", theme.ContentCopyIcon(), func() {
		fyne.CurrentApp().Clipboard().SetContent("“" + data.FoldSpace(cc.Quote) + "” — " +
			sourceTitle(src) + ", " + publisherText(src) + publishedSuffix(src))
	})
	objs = append(objs, container.NewHBox(append([]fyne.CanvasObject{open, cp}, extra...)...))
	return widget.NewCard("", "", container.NewVBox(objs...))
}

// publishedSuffix is ", 3 February 2019" for a dated source, else "".
func publishedSuffix(src *data.Source) string {
	if src.Published == "" {
		return ""
	}
	return ", " + mapmodel.FormatDate(src.Published)
}

// quoteStyle is how a quote stands out of its paragraph.
var quoteStyle = widget.RichTextStyle{
	Inline:    true,
	ColorName: theme.ColorNamePrimary,
	SizeName:  theme.SizeNameText,
	TextStyle: fyne.TextStyle{Bold: true},
}

// segmentJoin starts every inline segment after the first. It is a zero
// width space: Fyne 2.7's RichText breaks a segment one character per line
// when it starts where less than a character's width is left on the line,
// and an invisible first character that always fits avoids that.
const segmentJoin = "\u200b"

// quoteText is a wrapping rich text of a paragraph with its quote
// highlighted.
func quoteText(before, quote, after string) *widget.RichText {
	var segs []widget.RichTextSegment
	add := func(style widget.RichTextStyle, text string) {
		if len(segs) > 0 {
			text = segmentJoin + text
		}
		segs = append(segs, &widget.TextSegment{Style: style, Text: text})
	}
	if before != "" {
		add(widget.RichTextStyleInline, before)
	}
	add(quoteStyle, quote)
	if after != "" {
		add(widget.RichTextStyleInline, after)
	}
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// subHeading is a bold section heading.
func subHeading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.TextStyle.Bold = true
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// iconBox gives a legend symbol a fixed size, centred.
func iconBox(icon fyne.CanvasObject, size float32) fyne.CanvasObject {
	return container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(size), icon))
}

// joinNames joins names as "A, B and C".
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	out := ""
	for i, n := range names[:len(names)-1] {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out + " and " + names[len(names)-1]
}

// command runs a window command, when the panel is in a window.
func (p *evidencePanel) command(name string) {
	if p.s.Command != nil {
		p.s.Command(name)
	}
}

// factField is the marker form field of a fact row's label.
func factField(label string) string {
	switch label {
	case "Figure":
		return fValue
	case "Coordinates":
		return fPosition
	}
	return strings.ToLower(label)
}

// factRow is a fact of the evidence panel: double-clicking it edits it.
type factRow struct {
	widget.BaseWidget
	obj      fyne.CanvasObject
	onDouble func()
}

// newFactRow wraps obj, calling onDouble on a double-click.
func newFactRow(obj fyne.CanvasObject, onDouble func()) *factRow {
	r := &factRow{obj: obj, onDouble: onDouble}
	r.ExtendBaseWidget(r)
	return r
}

// DoubleTapped edits the fact.
func (r *factRow) DoubleTapped(*fyne.PointEvent) { r.onDouble() }

// CreateRenderer shows the wrapped object.
func (r *factRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.obj) }

// draftBox says that m is a draft and offers to accept, reject or merge it.
func (p *evidencePanel) draftBox(m *data.Marker) fyne.CanvasObject {
	text := "Draft: drafted from an article and not yet checked. Accept it (Enter in the Drafts tab), edit it, or reject it (Delete)."
	label := "Accept"
	if o := p.s.DS.Marker(m.Corroborates); m.Corroborates != "" && o != nil {
		text = "Draft that corroborates “" + o.Title + "”: accepting adds its sentence to that marker as a further citation."
		label = "Accept as citation"
	}
	l := wrapLabel(text)
	l.Importance = widget.WarningImportance
	accept := widget.NewButtonWithIcon(label, theme.ConfirmIcon(), func() { p.command("accept-draft") })
	accept.Importance = widget.HighImportance
	reject := widget.NewButtonWithIcon("Reject", theme.DeleteIcon(), func() { p.command("reject-draft") })
	merge := widget.NewButtonWithIcon("Merge into…", theme.ContentAddIcon(), func() { p.command("merge-draft") })
	return container.NewVBox(l, container.NewHBox(accept, reject, merge), widget.NewSeparator())
}

// disagreeBox shows the two claims that disagree, each with its figure or
// actor, its sources and their dates.
func (p *evidencePanel) disagreeBox(m, o *data.Marker) fyne.CanvasObject {
	claim := func(x *data.Marker) string {
		s := "“" + x.Title + "”"
		if f := formatFigure(x); f != "" {
			s += ": " + f
		}
		if x.Actor != "" {
			s += " (" + data.ActorName(x.Actor) + ")"
		}
		var srcs []string
		for _, c := range x.Citations {
			if src := p.s.DS.Source(c.Source); src != nil {
				srcs = append(srcs, sourceTitle(src)+publishedSuffix(src))
			}
		}
		return s + " — " + strings.Join(srcs, "; ")
	}
	head := subHeading("Sources disagree")
	head.Importance = widget.DangerImportance
	show := widget.NewButtonWithIcon("Show the other claim", theme.NavigateNextIcon(), func() { p.s.Select(o, true) })
	return container.NewVBox(head, wrapLabel("This marker: "+claim(m)), wrapLabel("The other: "+claim(o)), container.NewHBox(show), widget.NewSeparator())
}
