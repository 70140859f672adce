package app

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"casmap/app/mapmodel"
	"casmap/data"
)

// timeline is the strip under the map: every dated marker on its date (an
// interval as a bar), coloured by kind, with the date filter drawn over
// it. Dragging across it sets the date filter; a click clears it; Play
// steps through time, showing the markers as they appear. Undated markers
// are counted at its right end and stay on the map.
type timeline struct {
	widget.BaseWidget
	s *State

	// span is the time the strip shows; segs are its stretches with
	// markers, joined by breaks where years pass with none (1989, then
	// February 2019), so each stretch can be read.
	from, to time.Time
	segs     []timeSeg
	// dragging is the range being dragged, in strip pixels.
	dragging           bool
	dragStart, dragEnd float32

	playing bool
	// after runs f on the UI goroutine after d; tests replace it.
	after func(d time.Duration, f func())

	play    *widget.Button
	undated *widget.Label
	obj     fyne.CanvasObject
}

// newTimeline returns the timeline of s.
func newTimeline(s *State) *timeline {
	t := &timeline{s: s}
	t.after = func(d time.Duration, f func()) { time.AfterFunc(d, func() { fyne.Do(f) }) }
	t.ExtendBaseWidget(t)
	t.play = widget.NewButtonWithIcon("Play", theme.MediaPlayIcon(), t.togglePlay)
	t.undated = widget.NewLabel("")
	t.undated.SizeName = theme.SizeNameCaptionText
	t.obj = container.NewBorder(nil, nil, t.play, t.undated, t)
	t.span()
	s.Listen(func(c Change) {
		switch c {
		case ChangeDataset, ChangeEdit:
			t.span()
			t.Refresh()
		case ChangeFilter:
			t.Refresh()
		}
	})
	return t
}

// Object is the strip with its Play button and undated count.
func (t *timeline) Object() fyne.CanvasObject { return t.obj }

// span sets the time the strip shows from the dated markers, a little
// wider, and counts the undated ones.
func (t *timeline) span() {
	t.from, t.to = time.Time{}, time.Time{}
	undated := 0
	if t.s.DS != nil {
		for _, m := range t.s.DS.Markers {
			if !m.Dated() {
				undated++
				continue
			}
			if t.from.IsZero() || m.When.Start.Before(t.from) {
				t.from = m.When.Start
			}
			if t.to.IsZero() || m.When.End.After(t.to) {
				t.to = m.When.End
			}
		}
	}
	t.segs = nil
	if !t.from.IsZero() {
		t.segs = segments(t.s.DS.Markers)
		t.from, t.to = t.segs[0].a, t.segs[len(t.segs)-1].b
	}
	if t.undated != nil {
		t.undated.SetText(fmt.Sprintf("%s undated, always shown", mapmodel.Plural(undated, "marker", "markers")))
	}
}

// timeSeg is a stretch of the timeline, [a, b], and how many markers it
// holds.
type timeSeg struct {
	a, b time.Time
	n    int
}

// breakW is the width of a break between two stretches.
const breakW = 14

// segments cuts the dated markers' time into stretches: intervals less
// than a month apart are one stretch; each is padded a little.
func segments(ms []*data.Marker) []timeSeg {
	var iv []timeSeg
	for _, m := range ms {
		if m.Dated() {
			iv = append(iv, timeSeg{m.When.Start, m.When.End, 1})
		}
	}
	slices.SortFunc(iv, func(x, y timeSeg) int { return x.a.Compare(y.a) })
	var out []timeSeg
	for _, x := range iv {
		// A month and more with no marker is a break.
		if n := len(out); n > 0 && x.a.Sub(out[n-1].b) < 31*24*time.Hour {
			if x.b.After(out[n-1].b) {
				out[n-1].b = x.b
			}
			out[n-1].n++
			continue
		}
		out = append(out, x)
	}
	for i := range out {
		pad := out[i].b.Sub(out[i].a) / 20
		if pad < 24*time.Hour {
			pad = 24 * time.Hour
		}
		out[i].a, out[i].b = out[i].a.Add(-pad), out[i].b.Add(pad)
	}
	return out
}

// widths are the strip widths of the stretches at strip width w: in
// proportion to the markers they hold, so the busy weeks can be read.
func (t *timeline) widths(w float32) []float32 {
	n := len(t.segs)
	avail := w - float32(n-1)*breakW
	total := 0
	for _, s := range t.segs {
		total += s.n
	}
	out := make([]float32, n)
	for i, s := range t.segs {
		out[i] = float32(float64(s.n)/float64(total)) * avail
	}
	return out
}

// x is where instant d lies on a strip of width w.
func (t *timeline) x(d time.Time, w float32) float32 {
	if len(t.segs) == 0 {
		return 0
	}
	ws := t.widths(w)
	x := float32(0)
	for i, s := range t.segs {
		if d.Before(s.a) {
			return x - breakW/2*boolF(i > 0)
		}
		if !d.After(s.b) {
			f := float64(d.Sub(s.a)) / float64(s.b.Sub(s.a))
			return x + float32(f)*ws[i]
		}
		x += ws[i] + breakW
	}
	return w
}

// boolF is 1 for true, 0 for false.
func boolF(b bool) float32 {
	if b {
		return 1
	}
	return 0
}

// at is the instant at x on a strip of width w.
func (t *timeline) at(x, w float32) time.Time {
	if w <= 0 || len(t.segs) == 0 {
		return time.Time{}
	}
	ws := t.widths(w)
	pos := float32(0)
	for i, s := range t.segs {
		if x <= pos+ws[i] {
			f := math.Max(0, float64((x-pos)/ws[i]))
			return s.a.Add(time.Duration(f * float64(s.b.Sub(s.a)))).UTC()
		}
		pos += ws[i]
		if x < pos+breakW && i+1 < len(t.segs) {
			return t.segs[i+1].a // in a break: the next stretch starts
		}
		pos += breakW
	}
	return t.to
}

// Dragged selects the range dragged across.
func (t *timeline) Dragged(ev *fyne.DragEvent) {
	if !t.dragging {
		t.dragging = true
		t.dragStart = ev.Position.X - ev.Dragged.DX
	}
	t.dragEnd = ev.Position.X
	t.Refresh()
}

// DragEnd sets the date filter to the range dragged.
func (t *timeline) DragEnd() {
	t.dragging = false
	w := t.Size().Width
	a, b := t.at(min(t.dragStart, t.dragEnd), w), t.at(max(t.dragStart, t.dragEnd), w)
	if !b.After(a) || t.from.IsZero() {
		return
	}
	day := func(x time.Time) time.Time { return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC) }
	from, to := day(a), day(b).Add(24*time.Hour-time.Nanosecond)
	t.s.UpdateFilter(func(f *Filter) { f.From, f.To = from, to })
	tracef("timeline %s to %s", from.Format("2006-01-02"), to.Format("2006-01-02"))
}

// Tapped clears the date filter.
func (t *timeline) Tapped(*fyne.PointEvent) {
	t.stop()
	t.s.UpdateFilter(func(f *Filter) { f.From, f.To = time.Time{}, time.Time{} })
}

// playSteps is how many steps Play takes through the whole span.
const playSteps = 40

// togglePlay starts or stops stepping through time.
func (t *timeline) togglePlay() {
	if t.playing {
		t.stop()
		return
	}
	if t.from.IsZero() {
		return
	}
	t.playing = true
	t.play.SetText("Stop")
	t.play.SetIcon(theme.MediaStopIcon())
	step := t.to.Sub(t.from) / playSteps
	t.s.UpdateFilter(func(f *Filter) { f.From, f.To = time.Time{}, t.from })
	var next func()
	next = func() {
		if !t.playing {
			return
		}
		end := t.s.Filter.To.Add(step)
		if end.After(t.to) {
			t.s.UpdateFilter(func(f *Filter) { f.From, f.To = time.Time{}, time.Time{} })
			t.stop()
			return
		}
		t.s.UpdateFilter(func(f *Filter) { f.To = end })
		t.after(150*time.Millisecond, next)
	}
	t.after(150*time.Millisecond, next)
}

// stop ends Play.
func (t *timeline) stop() {
	t.playing = false
	t.play.SetText("Play")
	t.play.SetIcon(theme.MediaPlayIcon())
}

// Resize sizes the strip and draws it again at its new width.
func (t *timeline) Resize(s fyne.Size) {
	if s == t.Size() {
		return
	}
	t.BaseWidget.Resize(s)
	t.Refresh()
}

// MinSize is one short row.
func (t *timeline) MinSize() fyne.Size { return fyne.NewSize(160, 34) }

// CreateRenderer draws the strip.
func (t *timeline) CreateRenderer() fyne.WidgetRenderer {
	r := &timelineRenderer{t: t}
	r.build(t.Size())
	return r
}

// timelineRenderer draws the strip's marks, the filter and the dates.
type timelineRenderer struct {
	t       *timeline
	objects []fyne.CanvasObject
}

// build makes the strip's objects at size sz.
func (r *timelineRenderer) build(sz fyne.Size) {
	t := r.t
	w, h := sz.Width, sz.Height
	dark := fyne.CurrentApp() != nil && isDark(fyne.CurrentApp())
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.Resize(sz)
	objs := []fyne.CanvasObject{bg}
	if t.from.IsZero() {
		l := canvas.NewText("No marker is dated.", theme.Color(theme.ColorNameDisabled))
		l.TextSize = 11
		l.Move(fyne.NewPos(6, h/2-7))
		r.objects = append(objs, l)
		return
	}
	// The date filter, or the range being dragged.
	f := t.s.Filter
	if t.dragging {
		a, b := min(t.dragStart, t.dragEnd), max(t.dragStart, t.dragEnd)
		sel := canvas.NewRectangle(withAlpha(theme.Color(theme.ColorNamePrimary), 0x50))
		sel.Move(fyne.NewPos(a, 0))
		sel.Resize(fyne.NewSize(b-a, h))
		objs = append(objs, sel)
	} else if !f.From.IsZero() || !f.To.IsZero() {
		a, b := float32(0), w
		if !f.From.IsZero() {
			a = t.x(f.From, w)
		}
		if !f.To.IsZero() {
			b = t.x(f.To, w)
		}
		sel := canvas.NewRectangle(withAlpha(theme.Color(theme.ColorNamePrimary), 0x40))
		sel.Move(fyne.NewPos(a, 0))
		sel.Resize(fyne.NewSize(max(b-a, 2), h))
		objs = append(objs, sel)
	}
	// The markers: one row per kind, a bar for an interval.
	rows := float32(len(data.Kinds))
	rowH := (h - 14) / rows
	for _, m := range t.s.DS.Markers {
		if !m.Dated() {
			continue
		}
		row := float32(0)
		for i, k := range data.Kinds {
			if k == m.Kind {
				row = float32(i)
			}
		}
		a, b := t.x(m.When.Start, w), t.x(m.When.End, w)
		c := mapmodel.KindColor(m.Kind)
		if !f.Shows(m) {
			c.A = 0x50
		}
		bar := canvas.NewRectangle(color.NRGBA{c.R, c.G, c.B, c.A})
		bar.Move(fyne.NewPos(a, 2+row*rowH))
		bar.Resize(fyne.NewSize(max(b-a, 3), max(rowH-1, 2)))
		objs = append(objs, bar)
	}
	// The breaks between stretches, and each stretch's first date.
	fg := theme.Color(theme.ColorNameForeground)
	ws := t.widths(w)
	x := float32(0)
	for i, s := range t.segs {
		label := s.a.Add(s.b.Sub(s.a) / 20).Format("2 Jan 2006")
		if s.b.Sub(s.a) > 400*24*time.Hour {
			label = s.a.Format("2006") + "–" + s.b.Format("2006")
		}
		txt := canvas.NewText(label, fg)
		txt.TextSize = 10
		if ts := txt.MinSize(); ts.Width+4 <= ws[i] {
			txt.Move(fyne.NewPos(x+2, h-ts.Height))
			objs = append(objs, txt)
		}
		x += ws[i]
		if i+1 < len(t.segs) {
			br := canvas.NewText("…", theme.Color(theme.ColorNameDisabled))
			br.TextSize = 12
			br.Move(fyne.NewPos(x+2, h/2-8))
			objs = append(objs, br)
			x += breakW
		}
	}
	_ = dark
	r.objects = objs
}

// Layout places nothing: build places every object, and Resize redraws
// the strip at a new size.
func (r *timelineRenderer) Layout(fyne.Size) {}

// MinSize is the strip's.
func (r *timelineRenderer) MinSize() fyne.Size { return r.t.MinSize() }

// Refresh redraws the strip.
func (r *timelineRenderer) Refresh() {
	r.build(r.t.Size())
	canvas.Refresh(r.t)
}

// Objects are the strip's drawn objects.
func (r *timelineRenderer) Objects() []fyne.CanvasObject { return r.objects }

// Destroy releases nothing.
func (r *timelineRenderer) Destroy() {}
