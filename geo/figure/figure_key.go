package figure

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/draw"
)

// fullQuote, as a quote line limit, draws every quote in full.
const fullQuote = 0

// keyContent is what a figure's key says: its items and, for each, a note
// on where its mark lies when that is off the map ("" when it is on it).
type keyContent struct {
	items []KeyItem
	notes []string
}

// keyEntry is a key item laid out in a column of some width: its lines
// relative to the entry's top-left corner.
type keyEntry struct {
	texts      []pageText
	badge      [2]float64 // centre of the number badge
	badgeW     float64
	number     string
	h          float64
	quoteLines int  // lines of the quote drawn
	cut        bool // the quote, or the title and source, was shortened
}

// keyStyles are the text styles of the key.
type keyStyles struct {
	head, title, source, quote, note, number, more textStyle
}

func newKeyStyles(fonts *figureFonts, pal pagePalette, s float64) keyStyles {
	return keyStyles{
		head:   textStyle{fonts.bold, keyHeadingPt * s, pal.muted},
		title:  textStyle{fonts.bold, keyTitlePt * s, pal.text},
		source: textStyle{fonts.regular, keyTitlePt * s, pal.muted},
		quote:  textStyle{fonts.italic, keyQuotePt * s, pal.muted},
		note:   textStyle{fonts.medium, keyQuotePt * s, pal.text},
		number: textStyle{fonts.bold, 6.5 * s, pal.page},
		more:   textStyle{fonts.medium, keyQuotePt * s, pal.muted},
	}
}

// keyGutter returns the width of the number column of the key: the widest
// badge and a gap.
func keyGutter(items []KeyItem, st keyStyles, s float64) float64 {
	w := 2 * keyBadgeR * s
	for _, it := range items {
		w = math.Max(w, st.number.width(strconv.Itoa(it.Number))+4*s)
	}
	return w + 5*s
}

// maxTitleLines is the most lines of a key entry's title and source when
// its quote is shortened.
const maxTitleLines = 3

// layoutKeyEntry lays out it in a column colW pixels wide: its title and
// source, the note on where its mark is (if any), and its quote. With
// quoteLines fullQuote everything is given in full; otherwise the quote
// is wrapped to at most quoteLines lines and the title and source to
// maxTitleLines, the last line of each ending in an ellipsis when cut.
//
// Unless place is set only the entry's height and quote lines are worked
// out, not its texts.
func layoutKeyEntry(it KeyItem, note string, st keyStyles, colW, gutter, s float64, quoteLines int, place bool) keyEntry {
	tw := colW - gutter
	var runs []textRun
	if it.Title != "" {
		runs = append(runs, textRun{it.Title, st.title})
	}
	var tail []string
	for _, x := range []string{it.Source, it.Date} {
		if x = strings.TrimSpace(x); x != "" {
			tail = append(tail, x)
		}
	}
	if len(tail) > 0 {
		sep := ""
		if len(runs) > 0 {
			sep = " — "
		}
		runs = append(runs, textRun{sep + strings.Join(tail, ", "), st.source})
	}
	adv := keyTitlePt * 1.3 * s
	titleLines := maxTitleLines
	if quoteLines == fullQuote {
		titleLines = 0
	}
	lines, titleCut := wrapRuns(runs, tw, titleLines)
	e := keyEntry{number: strconv.Itoa(it.Number)}
	if place {
		e.texts = placeLines(lines, gutter, 0, adv, "key")
	}
	y := float64(len(lines)) * adv
	e.h = math.Max(y, 2*keyBadgeR*s)
	qa := keyQuotePt * 1.3 * s
	if note != "" {
		nl, _ := wrapRuns([]textRun{{note, st.note}}, tw, 0)
		if place {
			e.texts = append(e.texts, placeLines(nl, gutter, y, qa, "key")...)
		}
		y += float64(len(nl)) * qa
		e.h = math.Max(e.h, y)
	}
	if q := strings.TrimSpace(it.Quote); q != "" {
		ql, cut := wrapRuns([]textRun{{"“" + q + "”", st.quote}}, tw, quoteLines)
		y += 1.5 * s
		if place {
			e.texts = append(e.texts, placeLines(ql, gutter, y, qa, "key")...)
		}
		e.h = math.Max(e.h, y+float64(len(ql))*qa)
		e.quoteLines, e.cut = len(ql), cut
	}
	e.cut = e.cut || titleCut
	_, th := st.title.measure("0")
	e.badgeW = math.Max(2*keyBadgeR*s, st.number.width(e.number)+4*s)
	e.badge = [2]float64{e.badgeW / 2, th / 2}
	return e
}

// keyEntries lays out every item of kc in columns colW pixels wide with
// quotes of at most quoteLines lines (fullQuote for no limit), with their
// texts when place is set.
func keyEntries(kc keyContent, st keyStyles, colW, gutter, s float64, quoteLines int, place bool) []keyEntry {
	out := make([]keyEntry, len(kc.items))
	for i, it := range kc.items {
		out[i] = layoutKeyEntry(it, kc.note(i), st, colW, gutter, s, quoteLines, place)
	}
	return out
}

// mostQuoteLines returns the largest quote line limit below longest, down
// to 1, for which fits holds, or 0 if none does. fits must hold for every
// limit below one for which it holds, as fewer lines take less room.
func mostQuoteLines(longest int, fits func(quoteLines int) bool) int {
	lo, hi := 0, longest-1 // fits(lo) is taken to hold; hi is the best hope
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// note returns the note of item i.
func (kc keyContent) note(i int) string {
	if i < len(kc.notes) {
		return kc.notes[i]
	}
	return ""
}

// keyHeight returns the height the whole key needs in cols balanced
// columns within a panel w pixels wide, with quotes of at most quoteLines
// lines (fullQuote for no limit), and the most lines any quote takes.
func (pl *pageLayout) keyHeight(kc keyContent, fonts *figureFonts, pal pagePalette, w float64, cols, quoteLines int) (h float64, longest int) {
	s := pl.s
	st := newKeyStyles(fonts, pal, s)
	colW := (w - float64(cols-1)*panelGapPt*s) / float64(cols)
	gutter := keyGutter(kc.items, st, s)
	hs := make([]float64, len(kc.items))
	total, tallest := 0.0, 0.0
	for i, e := range keyEntries(kc, st, colW, gutter, s, quoteLines, false) {
		hs[i] = e.h + keyEntryGapPt*s
		total += hs[i]
		tallest = math.Max(tallest, hs[i])
		longest = max(longest, e.quoteLines)
	}
	// The smallest column height that holds every entry.
	lo, hi := math.Max(tallest, total/float64(cols)), total
	for i := 0; i < 30 && hi-lo > 0.5; i++ {
		mid := (lo + hi) / 2
		if packColumns(hs, cols, mid) == len(hs) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return pl.keyHeadHeight(st) + hi, longest
}

// keyHeadHeight returns the height of the key's heading and rule.
func (pl *pageLayout) keyHeadHeight(st keyStyles) float64 {
	_, h := st.head.measure("SOURCES")
	return h + 6*pl.s
}

// packColumns returns how many entries of heights hs fit, in order, into
// cols columns h pixels high.
func packColumns(hs []float64, cols int, h float64) int {
	n, col, used := 0, 0, 0.0
	for _, eh := range hs {
		if used+eh > h+0.01 {
			col++
			used = 0
			if col >= cols || eh > h+0.01 {
				return n
			}
		}
		used += eh
		n++
	}
	return n
}

// layoutKey lays out the key panel in pl.keyRect in cols columns. Every
// quote is given in full when the whole key fits that way; failing that
// the quotes are shortened, evenly, down to their first line, and as a
// last resort the entries that do not fit are left out with "+N more" at
// the end. pl.keyFull reports whether every entry is there in full.
func (pl *pageLayout) layoutKey(kc keyContent, fonts *figureFonts, pal pagePalette, cols int) {
	pl.keyContent, pl.keyCols = kc, cols
	pl.keyTextsAt[0], pl.keyOpsAt[0] = len(pl.texts), len(pl.ops)
	defer func() { pl.keyTextsAt[1], pl.keyOpsAt[1] = len(pl.texts), len(pl.ops) }()
	items := kc.items
	s := pl.s
	st := newKeyStyles(fonts, pal, s)
	r := draw.RectOf(pl.keyRect)
	gap := panelGapPt * s
	colW := (r.X1 - r.X0 - float64(cols-1)*gap) / float64(cols)
	gutter := keyGutter(items, st, s)
	pl.keyShown, pl.keyMore, pl.keyFull, pl.keyCut, pl.keyQuoteLines = 0, len(items), false, 0, 0

	head := st.head.place("SOURCES", r.X0, r.Y0, "key")
	if head.W > r.X1-r.X0 || head.H > r.Y1-r.Y0 {
		return
	}
	pl.texts = append(pl.texts, head)
	ruleY := r.Y0 + head.H + 2.5*s
	pl.ops = append(pl.ops, func(c draw.Canvas) {
		var p draw.Path
		c.Path(p.Line([]orb.Point{{r.X0, ruleY}, {r.X1, ruleY}}), draw.Style{Stroke: pal.rule, Width: 0.6 * s})
	})
	top := r.Y0 + pl.keyHeadHeight(st)
	_, moreH := st.more.measure("+0 more")

	// Every quote in full if the whole key fits so; otherwise the quotes
	// cut to fewer and fewer lines, down to one; failing that, as many
	// entries as fit, with room for "+N more" after the last one.
	gapY := keyEntryGapPt * s
	fit := func(entries []keyEntry) int {
		n, _, _, _ := flowKey(entries, len(entries), cols, top, r.Y1, gapY)
		return n
	}
	ql := fullQuote
	entries := keyEntries(kc, st, colW, gutter, s, ql, false)
	if fit(entries) < len(entries) {
		longest := 0
		for _, e := range entries {
			longest = max(longest, e.quoteLines)
		}
		ql = max(1, mostQuoteLines(longest, func(ql int) bool {
			return fit(keyEntries(kc, st, colW, gutter, s, ql, false)) == len(entries)
		}))
	}
	entries = keyEntries(kc, st, colW, gutter, s, ql, true)
	n := fit(entries)
	for n < len(entries) && n > 0 {
		_, _, endY, _ := flowKey(entries, n, cols, top, r.Y1, gapY)
		if endY+moreH <= r.Y1 {
			break
		}
		n--
	}
	_, col, y, slots := flowKey(entries, n, cols, top, r.Y1, gapY)
	for i, e := range entries[:n] {
		x := r.X0 + float64(slots[i].col)*(colW+gap)
		ey := slots[i].y
		for _, t := range e.texts {
			t.X += x
			t.Y += ey
			pl.texts = append(pl.texts, t)
		}
		bx, by, bw := x+e.badge[0], ey+e.badge[1], e.badgeW
		pl.ops = append(pl.ops, func(c draw.Canvas) {
			rr := keyBadgeR * s
			var p draw.Path
			c.Path(p.Ring(roundRect(bx-bw/2, by-rr, bx+bw/2, by+rr, rr), false), draw.Style{Fill: pal.text})
		})
		nt := st.number.place(e.number, 0, 0, "key")
		m := draw.FaceMetrics(st.number.face, st.number.size)
		nt.X, nt.Y = bx-nt.W/2, by+m.CapHeight/2-m.Ascent
		pl.texts = append(pl.texts, nt)
		pl.keyQuoteLines += e.quoteLines
		if e.cut {
			pl.keyCut++
		}
	}
	pl.keyShown = n
	pl.keyMore = len(items) - n
	pl.keyFull = pl.keyMore == 0 && pl.keyCut == 0
	if pl.keyMore > 0 && y+moreH <= r.Y1+0.01 {
		x := r.X0 + float64(col)*(colW+gap)
		pl.texts = append(pl.texts, st.more.place("+"+strconv.Itoa(pl.keyMore)+" more", x+gutter, y, "key"))
	}
}

// relayoutKey lays the key out again in its panel with the notes of kc,
// replacing the texts and shapes it had.
func (pl *pageLayout) relayoutKey(kc keyContent, fonts *figureFonts, pal pagePalette) {
	t, o := pl.keyTextsAt, pl.keyOpsAt
	pl.texts = append(pl.texts[:t[0]:t[0]], pl.texts[t[1]:]...)
	pl.ops = append(pl.ops[:o[0]:o[0]], pl.ops[o[1]:]...)
	pl.layoutKey(kc, fonts, pal, pl.keyCols)
}

// keySlot is where a key entry goes: its column and top.
type keySlot struct {
	col int
	y   float64
}

// flowKey flows the first n entries down cols columns between top and
// bottom, gap pixels apart. It returns how many fit, the column and height
// where the next line would go, and the slot of each entry that fits.
func flowKey(entries []keyEntry, n, cols int, top, bottom, gap float64) (fit, col int, y float64, slots []keySlot) {
	y = top
	for _, e := range entries[:n] {
		if y+e.h > bottom+0.01 && y > top {
			if col+1 >= cols {
				return fit, col, y, slots
			}
			col++
			y = top
		}
		if y+e.h > bottom+0.01 {
			return fit, col, y, slots
		}
		slots = append(slots, keySlot{col, y})
		y += e.h + gap
		fit++
	}
	return fit, col, y, slots
}

// compassPoints are the eight compass directions, anticlockwise from east.
var compassPoints = [8]string{"east", "north-east", "north", "north-west", "west", "south-west", "south", "south-east"}

// compass returns the compass direction, one of eight, of the offset dx,
// dy (pixels, y downwards).
func compass(dx, dy float64) string {
	a := math.Atan2(-dy, dx) / (math.Pi / 4)
	return compassPoints[(int(math.Round(a))%8+8)%8]
}

// offMapNote is the key note of an item whose mark lies off the map in
// the direction dir.
func offMapNote(dir string) string { return "Off the map, to the " + dir }

// keyNotes returns, for each key item of f, the note saying in which
// direction from the map's centre its mark lies when no mark numbered
// like it (Mark.Label equal to the item's Number) falls inside the map
// frame of the view v, and "" otherwise; items without such a mark get
// no note.
func keyNotes(f *Figure, v geo.Viewport) []string {
	if len(f.Key) == 0 || len(f.Marks) == 0 {
		return nil
	}
	pr := v.Projector()
	w, h := float64(v.Width), float64(v.Height)
	return notesBy(f, func(p orb.Point) (dx, dy float64, in bool) {
		x, y := pr.Project(p)
		return x - w/2, y - h/2, x >= 0 && y >= 0 && x <= w && y <= h
	})
}

// guessKeyNotes is keyNotes before the map is laid out: marks outside
// f.Bound count as off the map. The frame always shows the whole bound, so
// it can only be wrong about marks just beyond it.
func guessKeyNotes(f *Figure) []string {
	if len(f.Key) == 0 || len(f.Marks) == 0 {
		return nil
	}
	x0, y1 := geo.ToUnit(f.Bound.Min)
	x1, y0 := geo.ToUnit(f.Bound.Max)
	return notesBy(f, func(p orb.Point) (dx, dy float64, in bool) {
		x, y := geo.ToUnit(p)
		return x - (x0+x1)/2, y - (y0+y1)/2, x >= x0 && x <= x1 && y >= y0 && y <= y1
	})
}

// notesBy returns the key notes of f with where telling, for a mark's
// position, its offset from the map's centre (y downwards) and whether it
// is on the map.
func notesBy(f *Figure, where func(p orb.Point) (dx, dy float64, in bool)) []string {
	type spot struct {
		dx, dy  float64
		in, any bool
	}
	byLabel := map[string]*spot{}
	for _, it := range f.Key {
		byLabel[strconv.Itoa(it.Number)] = &spot{}
	}
	for _, m := range f.Marks {
		sp := byLabel[m.Label]
		if sp == nil || sp.in || m.Style < 0 || m.Style >= len(f.Styles) {
			continue
		}
		dx, dy, in := where(m.P)
		if !sp.any || in {
			sp.dx, sp.dy, sp.in, sp.any = dx, dy, in, true
		}
	}
	out := make([]string, len(f.Key))
	some := false
	for i, it := range f.Key {
		if sp := byLabel[strconv.Itoa(it.Number)]; sp.any && !sp.in {
			out[i] = offMapNote(compass(sp.dx, sp.dy))
			some = true
		}
	}
	if !some {
		return nil
	}
	return out
}
