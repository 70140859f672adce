package figure

import (
	"image"
	"image/color"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/basemap"
	"casmap/geo/draw"
)

// Layout of report figures, in points (1/72 inch).
const (
	marginPt        = 28.8 // 0.4 in around the page
	titlePt         = 18
	subtitlePt      = 11
	headerGapPt     = 10 // between the header and the map
	footerPt        = 7.5
	footerGapPt     = 8 // between the map or key and the footer
	frameLinePt     = 0.75
	panelGapPt      = 14 // between the map and the key
	keyMinWidthPt   = 150
	keyMaxWidthPt   = 250
	keyColumnMinPt  = 190 // narrowest key column below the map
	keyHeadingPt    = 7.5
	keyTitlePt      = 7.5
	keyQuotePt      = 7
	keyBadgeR       = 6 // radius of a key number badge
	keyEntryGapPt   = 3.5
	legendTextPt    = 8.5
	legendHeadPt    = 7
	legendPadPt     = 7
	legendInsetPt   = 8 // from the map frame's edge
	legendRowGapPt  = 2.5
	scaleTextPt     = 7
	scaleBarPt      = 3.5
	minMapShare     = 0.3  // the map keeps at least this share of each side
	minTypeScale    = 0.6  // pixels per point below which type is illegible
	legendMapShare  = 0.2  // largest share of the map a legend box may cover
	keyBelowShare   = 0.42 // largest share of the map and key a key below the map takes
	landscapeAspect = 1.25
	legendZoomOut   = 0.5 // the map zooms out at most this far to clear a corner for the legend
	legendZoomSteps = 10
	symbolReachPt   = 8 // how far a route stop's badge reaches from its place
	markMarginPt    = 2 // kept free around a mark's symbol and badge
)

// pagePalette holds the colours of a figure's page and furniture.
type pagePalette struct {
	page, text, muted, rule, frame color.RGBA
	box                            color.RGBA // translucent page colour behind the legend and scale bar
}

// paletteFor returns the page colours that go with theme: a white page for
// light themes and a dark one for dark themes.
func paletteFor(theme basemap.Theme) pagePalette {
	if draw.Luminance(theme.Land) < 0.4 {
		return pagePalette{
			page: draw.RGB(0x14, 0x18, 0x1e), text: draw.RGB(0xe4, 0xe7, 0xec), muted: draw.RGB(0xa0, 0xa8, 0xb3),
			rule: draw.RGB(0x3a, 0x41, 0x4b), frame: draw.RGB(0x5a, 0x62, 0x6d), box: draw.RGBA(0x1b, 0x20, 0x28, 0xe6),
		}
	}
	return pagePalette{
		page: draw.RGB(0xff, 0xff, 0xff), text: draw.RGB(0x1f, 0x24, 0x2b), muted: draw.RGB(0x5b, 0x63, 0x6e),
		rule: draw.RGB(0xc9, 0xcd, 0xd3), frame: draw.RGB(0x7d, 0x84, 0x8e), box: draw.RGBA(0xff, 0xff, 0xff, 0xe6),
	}
}

// pageLayout is the placement of everything on a figure's page, in image
// pixels.
type pageLayout struct {
	s       float64 // pixels per point
	mapRect image.Rectangle
	center  orb.Point // [lon, lat] degrees, the map's centre
	zoom    int
	view    geo.Viewport // the map frame's view, as fitted

	keyRect       image.Rectangle // empty without a key
	keyBeside     bool
	keyShown      int  // key entries drawn
	keyMore       int  // key entries left out
	keyFull       bool // every key entry is drawn, its quote in full
	keyCut        int  // quotes shortened
	keyQuoteLines int  // quote lines drawn
	keyContent    keyContent
	keyCols       int
	keyTextsAt    [2]int // the key's texts are texts[keyTextsAt[0]:keyTextsAt[1]]
	keyOpsAt      [2]int // and its shapes ops[keyOpsAt[0]:keyOpsAt[1]]

	legendRect    image.Rectangle // empty without a legend
	legendOutside bool            // the legend is beside or below the map, not on it
	legendRows    int             // legend items drawn
	legendMore    int             // legend items left out
	legendCovers  int             // marks and route stops under the legend box

	// fan caches the drawn positions of the marks for fanView.
	fan     *markFan
	fanView geo.Viewport

	scaleRect   image.Rectangle // empty without a scale bar
	scaleMetres float64
	scalePx     float64
	scaleLat    float64 // latitude at which the scale bar is true, degrees

	// furniture lists boxes drawn over the map, for labels to avoid.
	furniture []image.Rectangle
	texts     []pageText
	ops       []func(c draw.Canvas)
}

// drawFurniture draws the page's shapes, then its texts, onto c.
func (pl *pageLayout) drawFurniture(c draw.Canvas) {
	for _, op := range pl.ops {
		op(c)
	}
	for _, t := range pl.texts {
		t.draw(c)
	}
}

// layoutPage lays out f's page. Sizes follow the DPI. The layout is
// searched for one that gives every key entry with its quote in full and
// keeps the legend off the marks: at smaller and smaller type and, with a
// key, with the key in the other place (below rather than beside the map,
// or the other way round); failing that, the best layout found is used
// (see betterLayout), with the quotes shortened only then. When the
// furniture leaves the map too little room at any legible type size, the
// map fills the whole image. attribution is the tile provider's credit
// line, or "".
func layoutPage(f *Figure, fonts *figureFonts, pal pagePalette, attribution string) *pageLayout {
	full := image.Rect(0, 0, f.Width, f.Height)
	s0 := f.dpi() / 72
	if !f.MapOnly {
		// The key says which marks are off the map, which depends on the
		// map the layout leaves: lay out again until they agree.
		notes := guessKeyNotes(f)
		var pl *pageLayout
		for range 3 {
			if pl = searchLayout(f, fonts, pal, attribution, s0, notes); pl == nil {
				break
			}
			got := keyNotes(f, pl.view)
			if slices.Equal(got, notes) {
				return pl
			}
			notes = got
		}
		if pl != nil {
			if !pl.keyRect.Empty() {
				pl.relayoutKey(keyContent{f.Key, keyNotes(f, pl.view)}, fonts, pal)
			}
			return pl
		}
	}
	pl := &pageLayout{s: s0, mapRect: full, keyFull: len(f.Key) == 0}
	pl.fitView(f)
	return pl
}

// searchLayout tries the type scales from s0 pixels per point down to
// the smallest legible one and, with a key, both places for the key: the
// one that suits the page's shape first, then the other, taken only when
// its map is at no smaller a scale. It returns the first layout with every
// key entry in full and the legend clear of the marks, or else the best
// one found; nil if none leaves the map enough room. notes are the key's
// notes on marks off the map.
func searchLayout(f *Figure, fonts *figureFonts, pal pagePalette, attribution string, s0 float64, notes []string) *pageLayout {
	landscape := float64(f.Width)/float64(f.Height) >= landscapeAspect
	sides := []bool{landscape}
	if len(f.Key) > 0 {
		sides = append(sides, !landscape)
	}
	var best *pageLayout
	for s := s0; s >= s0*0.3 && s >= minTypeScale; s *= 0.85 {
		var first *pageLayout // in the place that suits the page
		for j, beside := range sides {
			pl := tryLayout(f, fonts, pal, attribution, s, beside, notes)
			if pl == nil {
				continue
			}
			if j == 0 {
				first = pl
			}
			// The other place only at no cost to the map's scale.
			if pl.keyFull && pl.legendCovers == 0 && (first == nil || pl == first || pl.view.Zoom >= first.view.Zoom) {
				return pl
			}
			if best == nil || betterLayout(pl, best) {
				best = pl
			}
		}
	}
	return best
}

// betterLayout reports whether a is a better page than b: a legend that
// covers no mark comes first, then a key in full, then more key entries,
// then more lines of quotes, then fewer shortened quotes.
func betterLayout(a, b *pageLayout) bool {
	switch {
	case (a.legendCovers == 0) != (b.legendCovers == 0):
		return a.legendCovers == 0
	case a.keyFull != b.keyFull:
		return a.keyFull
	case a.keyShown != b.keyShown:
		return a.keyShown > b.keyShown
	case a.keyQuoteLines != b.keyQuoteLines:
		return a.keyQuoteLines > b.keyQuoteLines
	}
	return a.keyCut < b.keyCut
}

// fitView sets the zoom, centre and view of the map frame for f's bound:
// at the exact scale at which the bound fills the frame on its tighter
// axis, or, over raster tiles, which come in whole zoom levels, at the
// largest integer zoom at which it fits.
func (pl *pageLayout) fitView(f *Figure) {
	w, h := pl.mapRect.Dx(), pl.mapRect.Dy()
	pl.center, pl.zoom = fitZoom(f.Bound, w, h)
	zoom := float64(pl.zoom)
	if f.Tiles == nil {
		_, zoom = exactZoom(f.Bound, w, h)
		zoom = max(0, zoom)
	}
	pl.view = geo.Viewport{Center: pl.center, Zoom: zoom, Width: w, Height: h}
}

// tryLayout lays out the page at s pixels per point with the key beside
// the map (beside set) or below it, and the legend on the map or, when it
// is too big for that or would cover a mark, beside or below it. It
// returns nil if the map would get too little room.
func tryLayout(f *Figure, fonts *figureFonts, pal pagePalette, attribution string, s float64, beside bool, notes []string) *pageLayout {
	pl, fits := layoutAt(f, fonts, pal, attribution, s, false, beside, notes)
	if pl == nil || fits {
		return pl
	}
	if len(f.Key) > 8 && beside {
		// A long key needs the whole side panel to keep its quotes: the
		// legend goes on the map, however big, if a corner is clear.
		if pl.layoutLegend(f, fonts, pal, true, false) && pl.legendRect.Dx() > 0 {
			return pl
		}
	}
	if out, _ := layoutAt(f, fonts, pal, attribution, s, true, beside, notes); out != nil {
		return out
	}
	// No room beside the map either: the legend goes on the map after all,
	// in the corner that hides fewest symbols.
	pl.layoutLegend(f, fonts, pal, true, true)
	return pl
}

// layoutAt lays out the page at s pixels per point with the key beside
// the map (beside set) or below it, and the legend beside or below the map
// when legendOut is set. Without legendOut it reports whether the legend
// fitted on the map; if not, the legend is left out. notes are the key's
// notes on marks off the map.
func layoutAt(f *Figure, fonts *figureFonts, pal pagePalette, attribution string, s float64, legendOut, beside bool, notes []string) (*pageLayout, bool) {
	W, H := float64(f.Width), float64(f.Height)
	m := math.Round(marginPt * s)
	x0, x1 := m, W-m
	cw := x1 - x0
	if cw < 32 || H-2*m < 32 {
		return nil, false
	}
	pl := &pageLayout{s: s, keyFull: len(f.Key) == 0}
	y := m

	// Header.
	if f.Title != "" {
		st := textStyle{fonts.bold, titlePt * s, pal.text}
		lines, _ := wrapRuns([]textRun{{f.Title, st}}, cw, 2)
		adv := titlePt * 1.22 * s
		pl.texts = append(pl.texts, placeLines(lines, x0, y, adv, "title")...)
		y += float64(len(lines)) * adv
	}
	if f.Subtitle != "" {
		if f.Title != "" {
			y += 2 * s
		}
		st := textStyle{fonts.regular, subtitlePt * s, pal.muted}
		lines, _ := wrapRuns([]textRun{{f.Subtitle, st}}, cw, 2)
		adv := subtitlePt * 1.3 * s
		pl.texts = append(pl.texts, placeLines(lines, x0, y, adv, "subtitle")...)
		y += float64(len(lines)) * adv
	}
	if f.Title != "" || f.Subtitle != "" {
		y += headerGapPt * s
	}
	top := math.Round(y)

	// Footer, from the bottom up.
	bottom := H - m
	foot := textStyle{fonts.regular, footerPt * s, pal.muted}
	exported := ""
	if !f.Exported.IsZero() {
		exported = "Exported " + f.Exported.Format("2 January 2006")
	}
	var credits []string
	if attribution != "" {
		credits = append(credits, attribution)
	}
	for _, a := range f.Attribution {
		if a = strings.TrimSpace(a); a != "" {
			credits = append(credits, a)
		}
	}
	if exported != "" || len(credits) > 0 {
		wrapW := cw
		ew := 0.0
		if exported != "" {
			ew = foot.width(exported)
			wrapW = cw - ew - 16*s
		}
		var lines []textLine
		if wrapW > 40*s {
			for _, c := range credits {
				ls, _ := wrapRuns([]textRun{{c, foot}}, wrapW, 3)
				lines = append(lines, ls...)
			}
		}
		n := max(len(lines), 1)
		adv := footerPt * 1.35 * s
		ft := bottom - float64(n)*adv
		pl.texts = append(pl.texts, placeLines(lines, x0, ft, adv, "footer")...)
		if exported != "" && ew <= cw {
			pl.texts = append(pl.texts, foot.place(exported, x1-ew, ft, "footer"))
		}
		bottom = math.Round(ft - footerGapPt*s)
	}
	mh := bottom - top
	if mh < 32 {
		return nil, false
	}

	// Map, legend and key.
	mapR := rect(x0, top, x1, bottom)
	legendOut = legendOut && len(f.Legend) > 0
	gap := panelGapPt * s
	kc := keyContent{items: f.Key, notes: notes}
	if len(f.Key) > 0 || legendOut {
		if beside {
			// A panel on the right: the legend, then the key.
			kw := math.Round(math.Max(keyMinWidthPt*s, math.Min(keyMaxWidthPt*s, cw*0.3)))
			kw = math.Min(kw, math.Round(cw*0.42))
			// A long key gets two columns rather than losing its quotes.
			cols := 1
			if len(f.Key) > 0 {
				if h1, _ := pl.keyHeight(kc, fonts, pal, kw, 1, fullQuote); h1 > mh {
					kw2 := math.Round(math.Min(2*keyMaxWidthPt*s+gap, cw*0.46))
					if h2, _ := pl.keyHeight(kc, fonts, pal, kw2, 2, fullQuote); h2 < h1 {
						kw, cols = kw2, 2
					}
				}
			}
			mapR.X1 = x1 - kw - gap
			panelTop := top
			if legendOut {
				maxH := mh
				if len(f.Key) > 0 {
					maxH = mh * 0.5
				}
				if lh := pl.layoutLegendOutside(f, fonts, pal, x1-kw, top, kw, maxH); lh > 0 {
					panelTop = math.Round(top + lh + gap)
				}
			}
			if len(f.Key) > 0 {
				pl.keyRect = image.Rect(int(x1-kw), int(panelTop), int(x1), int(bottom))
				pl.keyBeside = true
				pl.layoutKey(kc, fonts, pal, cols)
			}
		} else {
			// Below the map: the legend, then the key at the bottom.
			kh := 0.0
			var cols int
			if len(f.Key) > 0 {
				cols = max(1, min(3, int((cw+gap)/(keyColumnMinPt*s+gap))))
				// The key in full if it fits under the cap; otherwise the
				// tallest key that does, its quotes shortened evenly.
				kh = mh * keyBelowShare
				need, longest := pl.keyHeight(kc, fonts, pal, cw, cols, fullQuote)
				if need <= kh {
					kh = need
				} else if ql := mostQuoteLines(longest, func(ql int) bool {
					need, _ := pl.keyHeight(kc, fonts, pal, cw, cols, ql)
					return need <= kh
				}); ql > 0 {
					kh, _ = pl.keyHeight(kc, fonts, pal, cw, cols, ql)
				}
				kh = math.Ceil(kh)
				pl.keyRect = image.Rect(int(x0), int(bottom-kh), int(x1), int(bottom))
				pl.layoutKey(kc, fonts, pal, cols)
				mapR.Y1 = bottom - kh - gap
			}
			if legendOut {
				lp := planLegend(f.Legend, fonts, pal, s, cw-16*s)
				c := max(1, min(len(lp.rows), int((cw+lp.gap)/(lp.colW+lp.gap))))
				need := math.Min(lp.balancedHeight(c), (mapR.Y1-top)*0.3)
				_, lh := lp.fit(c, need)
				ly := math.Round(mapR.Y1 - lh)
				if got := pl.layoutLegendOutside(f, fonts, pal, x0, ly, cw, need); got > 0 {
					mapR.Y1 = ly - gap
				}
			}
		}
	}
	pl.mapRect = image.Rect(int(mapR.X0), int(mapR.Y0), int(mapR.X1), int(mapR.Y1))
	if float64(pl.mapRect.Dx()) < minMapShare*W || float64(pl.mapRect.Dy()) < minMapShare*H ||
		pl.mapRect.Dx() < 32 || pl.mapRect.Dy() < 32 {
		return nil, false
	}
	pl.fitView(f)
	if !legendOut {
		pl.clearLegendCorner(f, fonts, pal)
	}
	pl.ops = append(pl.ops, func(c draw.Canvas) {
		strokeRect(c, draw.RectOf(pl.mapRect), frameLinePt*s, pal.frame)
	})
	pl.layoutScaleBar(fonts, pal)
	fits := true
	if !legendOut {
		fits = pl.layoutLegend(f, fonts, pal, false, false)
	}
	return pl, fits
}

// strokeRect draws a line width pixels wide along the inside of r, as a
// stroke of the rectangle inset by half the width.
func strokeRect(c draw.Canvas, r draw.Rect, width float64, col color.RGBA) {
	w := math.Min(width, math.Min(r.X1-r.X0, r.Y1-r.Y0)/2)
	h := w / 2
	var p draw.Path
	c.Path(p.Rect(rect(r.X0+h, r.Y0+h, r.X1-h, r.Y1-h)), draw.Style{Stroke: col, Width: w, Join: draw.MiterJoin})
}

// fillBox fills r with col, its corners rounded to radius pixels, and
// outlines it with a line of width pixels in edge (none when transparent).
func fillBox(c draw.Canvas, r draw.Rect, radius float64, col color.RGBA, width float64, edge color.RGBA) {
	var p draw.Path
	c.Path(p.Ring(roundRect(r.X0, r.Y0, r.X1, r.Y1, radius), false), draw.Style{Fill: col})
	if edge.A > 0 && width > 0 {
		h := width / 2
		p.Reset()
		p.Ring(roundRect(r.X0+h, r.Y0+h, r.X1-h, r.Y1-h, math.Max(0, radius-h)), false)
		c.Path(&p, draw.Style{Stroke: edge, Width: width})
	}
}

// niceScale returns the longest round distance (1, 2 or 5 times a power of
// ten metres) whose scale bar is at most maxPx pixels long at mpp metres
// per pixel, and its length in pixels.
func niceScale(mpp, maxPx float64) (metres, px float64) {
	if !(mpp > 0) || !(maxPx > 0) {
		return 0, 0
	}
	limit := mpp * maxPx
	p := math.Pow(10, math.Floor(math.Log10(limit)))
	for _, m := range []float64{5, 2, 1} {
		if m*p <= limit*(1+1e-12) {
			metres = m * p
			break
		}
	}
	return metres, metres / mpp
}

// formatDistance formats metres as "200 km" or "500 m".
func formatDistance(metres float64) string {
	if metres >= 1000 {
		return strconv.FormatFloat(metres/1000, 'f', -1, 64) + " km"
	}
	return strconv.FormatFloat(metres, 'f', -1, 64) + " m"
}

// formatLatitude formats lat (degrees) rounded to a whole degree, as
// "41° N", "12° S" or "0°".
func formatLatitude(lat float64) string {
	d := int(math.Round(math.Abs(lat)))
	switch {
	case d == 0:
		return "0°"
	case lat > 0:
		return strconv.Itoa(d) + "° N"
	}
	return strconv.Itoa(d) + "° S"
}

// layoutScaleBar places a scale bar in the bottom-left corner of the map,
// true at the latitude of the map's centre, which its label names, as in
// "500 km at 41° N".
func (pl *pageLayout) layoutScaleBar(fonts *figureFonts, pal pagePalette) {
	s := pl.s
	mr := draw.RectOf(pl.mapRect)
	inset := legendInsetPt * s
	pad := 4 * s
	maxPx := math.Min((mr.X1-mr.X0)*0.25, 108*s)
	if maxPx < 24*s {
		return
	}
	mpp := geo.MetresPerPixelAt(pl.view.Center[1], pl.view.Zoom)
	metres, px := niceScale(mpp, maxPx)
	if metres == 0 {
		return
	}
	st := textStyle{fonts.regular, scaleTextPt * s, pal.text}
	pl.scaleLat = pl.view.Center[1]
	end := formatDistance(metres) + " at " + formatLatitude(pl.scaleLat)
	num := strings.Fields(end)[0]
	half := formatDistance(metres / 2)
	halfNum := strings.Fields(half)[0]
	zw, th := st.measure("0")
	nw := st.width(num)
	ew := st.width(end)
	left := math.Max(zw/2, 0)
	right := math.Max(ew-nw/2, 0)
	bw := left + px + right + 2*pad
	bh := pad + th + 2*s + scaleBarPt*s + pad
	box := rect(mr.X0+inset, mr.Y1-inset-bh, mr.X0+inset+bw, mr.Y1-inset)
	if box.Y0 < mr.Y0+inset {
		return
	}
	pl.scaleRect = image.Rect(int(math.Floor(box.X0)), int(math.Floor(box.Y0)), int(math.Ceil(box.X1)), int(math.Ceil(box.Y1)))
	pl.scaleMetres, pl.scalePx = metres, px
	pl.furniture = append(pl.furniture, pl.scaleRect)
	bx0 := box.X0 + pad + left
	ty := box.Y0 + pad
	barY := ty + th + 2*s
	pl.texts = append(pl.texts, st.place("0", bx0-zw/2, ty, "scale"))
	if hw := st.width(halfNum); hw+zw < px/2 {
		pl.texts = append(pl.texts, st.place(halfNum, bx0+px/2-hw/2, ty, "scale"))
	}
	pl.texts = append(pl.texts, st.place(end, bx0+px-nw/2, ty, "scale"))
	bar := scaleBarPt * s
	pl.ops = append(pl.ops, func(c draw.Canvas) {
		fillBox(c, box, 2*s, pal.box, 0, color.RGBA{})
		lw := 0.6 * s
		var p draw.Path
		c.Path(p.Rect(rect(bx0, barY, bx0+px/2, barY+bar)), draw.Style{Fill: pal.text})
		p.Reset()
		c.Path(p.Rect(rect(bx0+px/2, barY, bx0+px, barY+bar)), draw.Style{Fill: pal.page})
		strokeRect(c, rect(bx0-lw/2, barY-lw/2, bx0+px+lw/2, barY+bar+lw/2), lw, pal.text)
	})
}

// legendRow is one laid-out legend row.
type legendRow struct {
	item    LegendItem
	h       float64
	heading bool
	text    string
}

// legendPlan is a legend measured for a column of some text width.
type legendPlan struct {
	rows    []legendRow
	heights []float64
	symW    float64 // width of the sample column
	colW    float64 // width of a column: samples, gap and text
	gap     float64 // between columns
	moreH   float64 // height of the "+N more" line
	textSt  textStyle
	headSt  textStyle
	moreSt  textStyle
	s       float64
	textH   float64
}

// planLegend measures items with their texts at most maxTextW pixels wide.
func planLegend(items []LegendItem, fonts *figureFonts, pal pagePalette, s, maxTextW float64) *legendPlan {
	lp := &legendPlan{
		textSt: textStyle{fonts.regular, legendTextPt * s, pal.text},
		headSt: textStyle{fonts.bold, legendHeadPt * s, pal.muted},
		moreSt: textStyle{fonts.medium, legendTextPt * s, pal.muted},
		gap:    12 * s, s: s,
	}
	_, lp.textH = lp.textSt.measure("0")
	_, headH := lp.headSt.measure("0")
	_, lp.moreH = lp.moreSt.measure("+0 more")
	// The sample column fits the largest sample.
	lp.symW = 10 * s
	for _, it := range items {
		switch {
		case it.Heading != "":
		case it.Style != nil:
			lp.symW = math.Max(lp.symW, legendSymbolSize(*it.Style, s)+2*s)
		case it.Swatch != nil:
			lp.symW = math.Max(lp.symW, 14*s)
		case it.Line != nil:
			lp.symW = math.Max(lp.symW, 20*s)
		}
	}
	maxTextW = math.Max(maxTextW, 30*s)
	textW := 0.0
	for i, it := range items {
		r := legendRow{item: it}
		if it.Heading != "" {
			r.heading = true
			r.text = fitText(lp.headSt, strings.ToUpper(it.Heading), lp.symW+6*s+maxTextW)
			r.h = headH + legendRowGapPt*s
			if i > 0 {
				r.h += 4 * s
			}
			textW = math.Max(textW, lp.headSt.width(r.text)-lp.symW-6*s)
		} else {
			r.text = fitText(lp.textSt, it.Text, maxTextW)
			sym := 0.0
			switch {
			case it.Style != nil:
				sym = legendSymbolSize(*it.Style, s)
			case it.Swatch != nil:
				sym = 9 * s
			}
			r.h = math.Max(lp.textH, sym) + legendRowGapPt*s
			textW = math.Max(textW, lp.textSt.width(r.text))
		}
		lp.rows = append(lp.rows, r)
		lp.heights = append(lp.heights, r.h)
	}
	lp.colW = lp.symW + 6*s + textW
	return lp
}

// width returns the width of cols columns.
func (lp *legendPlan) width(cols int) float64 {
	return float64(cols)*lp.colW + float64(cols-1)*lp.gap
}

// balancedHeight returns the smallest column height that holds every row
// in cols columns.
func (lp *legendPlan) balancedHeight(cols int) float64 {
	total, tallest := 0.0, 0.0
	for _, h := range lp.heights {
		total += h
		tallest = math.Max(tallest, h)
	}
	lo, hi := math.Max(tallest, total/float64(cols)), total
	for i := 0; i < 30 && hi-lo > 0.5; i++ {
		mid := (lo + hi) / 2
		if packColumns(lp.heights, cols, mid) == len(lp.heights) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// fit returns how many rows go into cols columns colH pixels high, with
// room for "+N more" when some are left out, and the height used.
func (lp *legendPlan) fit(cols int, colH float64) (n int, usedH float64) {
	n = packColumns(lp.heights, cols, colH)
	if n < len(lp.rows) {
		for n > 0 && packColumns(lp.heights[:n], cols, colH-lp.moreH) < n {
			n--
		}
	}
	y := 0.0
	for _, h := range lp.heights[:n] {
		if y+h > colH+0.01 {
			y = 0
		}
		y += h
		usedH = math.Max(usedH, y-legendRowGapPt*lp.s)
	}
	if n < len(lp.rows) {
		usedH = math.Max(usedH, y+lp.moreH)
	}
	return n, usedH
}

// placeLegend lays out the first n rows of lp in cols columns colH pixels
// high with the top-left corner of the first at x, y, and "+N more" for
// the rest.
func (pl *pageLayout) placeLegend(lp *legendPlan, x, y float64, cols int, colH float64, n int, pal pagePalette) {
	s := pl.s
	pl.legendRows, pl.legendMore = 0, 0
	col, cy := 0, 0.0
	for i, r := range lp.rows[:n] {
		if cy+r.h > colH+0.01 {
			col++
			cy = 0
		}
		cx := x + float64(col)*(lp.colW+lp.gap)
		top := y + cy
		if r.heading {
			if i > 0 && cy > 0 {
				top += 4 * s
			}
			pl.texts = append(pl.texts, lp.headSt.place(r.text, cx, top, "legend"))
		} else {
			pl.legendRows++
			mid := top + (r.h-legendRowGapPt*s)/2
			pl.texts = append(pl.texts, lp.textSt.place(r.text, cx+lp.symW+6*s, mid-lp.textH/2, "legend"))
			it, sx, symW := r.item, cx+lp.symW/2, lp.symW
			pl.ops = append(pl.ops, func(c draw.Canvas) {
				drawLegendSample(c, it, sx, mid, symW, s, pal)
			})
		}
		cy += r.h
	}
	for _, r := range lp.rows[n:] {
		if !r.heading {
			pl.legendMore++
		}
	}
	if pl.legendMore > 0 {
		cx := x + float64(col)*(lp.colW+lp.gap)
		pl.texts = append(pl.texts, lp.moreSt.place("+"+strconv.Itoa(pl.legendMore)+" more", cx+lp.symW+6*s, y+cy, "legend"))
	}
}

// layoutLegend places the legend in a box inside the map's top-left,
// top-right or bottom-right corner, whichever covers the fewest marks and
// route stops, in one or two columns. It reports false, placing nothing,
// when every corner would cover a mark or a route stop (unless covering
// is set), or, unless force is set, when the legend is too big for the
// map: when it cannot show every row or would cover more than
// legendMapShare of the map.
func (pl *pageLayout) layoutLegend(f *Figure, fonts *figureFonts, pal pagePalette, force, covering bool) bool {
	if len(f.Legend) == 0 {
		return true
	}
	s := pl.s
	lb, ok := pl.legendBox(f, fonts, pal, force)
	if !ok {
		return force
	}
	box, best := pl.legendCorner(f, lb)
	if best < 0 {
		return force
	}
	if best > 0 && !covering {
		return false
	}
	lp, cols, colH, n, pad := lb.lp, lb.cols, lb.colH, lb.n, lb.pad
	pl.legendCovers = best
	pl.legendRect = image.Rect(int(math.Floor(box.X0)), int(math.Floor(box.Y0)), int(math.Ceil(box.X1)), int(math.Ceil(box.Y1)))
	pl.furniture = append(pl.furniture, pl.legendRect)
	pl.ops = append(pl.ops, func(c draw.Canvas) {
		fillBox(c, box, 3*s, pal.box, 0.6*s, pal.rule)
	})
	pl.placeLegend(lp, box.X0+pad, box.Y0+pad, cols, colH, n, pal)
	return true
}

// legendLayout is the size of a legend box on the map.
type legendLayout struct {
	lp         *legendPlan
	cols, n    int
	colH, pad  float64
	boxW, boxH float64
}

// legendBox plans the legend box for the map: one column if it fits, else
// two, else as many rows as fit. It reports false when the legend is too
// big for the map (unless force): when it cannot show every row, or would
// cover more than legendMapShare of the map.
func (pl *pageLayout) legendBox(f *Figure, fonts *figureFonts, pal pagePalette, force bool) (legendLayout, bool) {
	s := pl.s
	mr := draw.RectOf(pl.mapRect)
	inset := legendInsetPt * s
	pad := legendPadPt * s
	lp := planLegend(f.Legend, fonts, pal, s, (mr.X1-mr.X0)*0.4-2*pad)
	avail := mr.Y1 - mr.Y0 - 2*inset - 2*pad
	cols := 1
	colH := lp.balancedHeight(1)
	if colH > avail {
		cols = 2
		colH = math.Min(lp.balancedHeight(2), avail)
	}
	boxW := lp.width(cols) + 2*pad
	if boxW > (mr.X1-mr.X0)-2*inset || colH < lp.textH {
		return legendLayout{}, false
	}
	n, usedH := lp.fit(cols, colH)
	boxH := usedH + 2*pad
	if !force && (n < len(lp.rows) || boxW*boxH > legendMapShare*(mr.X1-mr.X0)*(mr.Y1-mr.Y0)) {
		return legendLayout{}, false
	}
	return legendLayout{lp: lp, cols: cols, n: n, colH: colH, pad: pad, boxW: boxW, boxH: boxH}, true
}

// legendCorner returns the map corner (top-left, top-right or
// bottom-right, clear of the scale bar) for a legend box of lb's size that
// covers the fewest marks and route stops, and how many it covers; -1
// when no corner is free of the scale bar.
func (pl *pageLayout) legendCorner(f *Figure, lb legendLayout) (draw.Rect, int) {
	mr := draw.RectOf(pl.mapRect)
	inset := legendInsetPt * pl.s
	boxW, boxH := lb.boxW, lb.boxH
	corners := []draw.Rect{
		rect(mr.X0+inset, mr.Y0+inset, mr.X0+inset+boxW, mr.Y0+inset+boxH),
		rect(mr.X1-inset-boxW, mr.Y0+inset, mr.X1-inset, mr.Y0+inset+boxH),
		rect(mr.X1-inset-boxW, mr.Y1-inset-boxH, mr.X1-inset, mr.Y1-inset),
	}
	box, best := draw.Rect{}, -1
	for _, c := range corners {
		if overlaps(c, draw.RectOf(pl.scaleRect)) {
			continue
		}
		if k := pl.symbolsIn(f, c); best < 0 || k < best {
			box, best = c, k
		}
	}
	return box, best
}

// clearLegendCorner zooms the map out, in small steps down to
// legendZoomOut levels, until a corner can hold the legend without
// covering a mark or a route stop; the requested bound stays in view.
// Over raster tiles, which come in whole zoom levels, it does nothing.
func (pl *pageLayout) clearLegendCorner(f *Figure, fonts *figureFonts, pal pagePalette) {
	if len(f.Legend) == 0 || f.Tiles != nil || len(f.Marks)+len(f.Routes) == 0 {
		return
	}
	lb, ok := pl.legendBox(f, fonts, pal, true)
	if !ok {
		return
	}
	z0 := pl.view.Zoom
	// Zooming out moves every symbol towards the centre, away from the
	// corners: when the farthest step clears no corner, none does.
	pl.view.Zoom = z0 - legendZoomOut
	if _, best := pl.legendCorner(f, lb); best != 0 {
		pl.view.Zoom = z0
		return
	}
	for step := 0; step <= legendZoomSteps; step++ {
		pl.view.Zoom = z0 - legendZoomOut*float64(step)/legendZoomSteps
		if _, best := pl.legendCorner(f, lb); best == 0 {
			return
		}
	}
	pl.view.Zoom = z0
}

// layoutLegendOutside places the legend on the page at x, y in a panel w
// pixels wide and at most maxH high, in as many columns as fit, and
// returns the height it takes.
func (pl *pageLayout) layoutLegendOutside(f *Figure, fonts *figureFonts, pal pagePalette, x, y, w, maxH float64) float64 {
	s := pl.s
	lp := planLegend(f.Legend, fonts, pal, s, w-16*s)
	cols := max(1, int((w+lp.gap)/(lp.colW+lp.gap)))
	cols = min(cols, len(lp.rows))
	colH := math.Min(lp.balancedHeight(cols), maxH)
	if colH < lp.textH {
		return 0
	}
	n, usedH := lp.fit(cols, colH)
	pl.legendRect = image.Rect(int(math.Floor(x)), int(math.Floor(y)), int(math.Ceil(x+lp.width(cols))), int(math.Ceil(y+usedH)))
	pl.legendOutside = true
	pl.placeLegend(lp, x, y, cols, colH, n, pal)
	return usedH
}

// overlaps reports whether two rectangles share an interior.
func overlaps(a, b draw.Rect) bool {
	return a.X0 < b.X1 && b.X0 < a.X1 && a.Y0 < b.Y1 && b.Y0 < a.Y1
}

// symbolsIn counts the marks and route stops that fall inside r (image
// pixels) in the fitted view: marks whose symbol or number badge, where it
// is drawn, comes within markMarginPt of r or whose true place, when
// fanned out, lies in r grown by symbolReachPt, and route stops within
// symbolReachPt of it.
func (pl *pageLayout) symbolsIn(f *Figure, r draw.Rect) int {
	pr := pl.view.Projector()
	ox, oy := float64(pl.mapRect.Min.X), float64(pl.mapRect.Min.Y)
	// A symbol counts when any of it would be under r.
	g := symbolReachPt * pl.s
	r = rect(r.X0-g, r.Y0-g, r.X1+g, r.Y1+g)
	in := func(x, y float64) bool {
		x, y = x+ox, y+oy
		return x >= r.X0 && x <= r.X1 && y >= r.Y0 && y <= r.Y1
	}
	n := 0
	if len(f.Marks) > 0 {
		// Marks by the box of their symbol and number badge, and the dot
		// at the true place of those fanned out.
		mf := pl.markFan(f)
		m := markMarginPt * pl.s
		mr := rect(r.X0-ox+g-m, r.Y0-oy+g-m, r.X1-ox-g+m, r.Y1-oy-g+m)
		for i := range f.Marks {
			if mf.show[i] && (overlaps(mf.boxes[i], mr) || (mf.moved[i] && in(mf.at[i][0], mf.at[i][1]))) {
				n++
			}
		}
	}
	for _, rt := range f.Routes {
		for _, q := range rt.Points {
			if in(pr.Project(q)) {
				n++
			}
		}
	}
	return n
}

// markFan returns where f's marks are drawn in the fitted view.
func (pl *pageLayout) markFan(f *Figure) *markFan {
	if pl.fan == nil || pl.fanView != pl.view {
		fonts, _ := loadFigureFonts()
		pl.fan, pl.fanView = fanMarks(f.Marks, scaledStyles(f.Styles, pl.s), pl.view, fonts, pl.s), pl.view
	}
	return pl.fan
}

// legendSymbolSize returns the drawn size of a legend symbol in pixels.
func legendSymbolSize(st draw.MarkStyle, s float64) float64 {
	size := st.Size
	if !(size > 0) {
		size = draw.DefaultMarkSize
	}
	return math.Min(size, legendSymbolMax) * s
}

// drawLegendSample draws the sample of it centred on cx, cy in a symbol
// column w pixels wide.
func drawLegendSample(c draw.Canvas, it LegendItem, cx, cy, w, s float64, pal pagePalette) {
	switch {
	case it.Style != nil:
		st := *it.Style
		st.Size = legendSymbolSize(st, s)
		vx, vy := draw.ShapeCentre(st.Shape, 0, 0, st.Size)
		draw.MarkOn(c, st, math.Round(cx-vx), math.Round(cy-vy))
	case it.Swatch != nil:
		col := draw.Sanitize(*it.Swatch)
		r := rect(cx-7*s, cy-4.5*s, cx+7*s, cy+4.5*s)
		fillBox(c, r, 1.5*s, col, 0.8*s, opaque(col))
	case it.Line != nil:
		l := *it.Line
		width := l.Width
		if !(width > 0) {
			width = defaultLinePt
		}
		width = math.Min(width, 4) * s
		half := w/2 - 1*s
		a, b := orb.Point{cx - half, cy}, orb.Point{cx + half, cy}
		var arrow []orb.Point
		if l.Arrow {
			arrow = arrowHead(a, b, width, s)
		}
		ls := lineStyle{col: draw.Sanitize(l.Color), width: width, dashed: l.Dashed}
		if l.Casing {
			ls.casing = pal.box
		}
		strokePieces(c, [][]orb.Point{{a, b}}, arrow, ls, s)
	}
}

// opaque returns the premultiplied colour c at full opacity.
func opaque(c color.RGBA) color.RGBA {
	if c.A == 0 {
		return c
	}
	f := func(v uint8) uint8 { return uint8(min(255, (uint32(v)*255+uint32(c.A)/2)/uint32(c.A))) }
	return color.RGBA{R: f(c.R), G: f(c.G), B: f(c.B), A: 0xff}
}

// sortedTexts returns the page texts ordered top to bottom, then left to
// right; for tests and debugging.
func (pl *pageLayout) sortedTexts() []pageText {
	out := append([]pageText(nil), pl.texts...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Y != out[j].Y {
			return out[i].Y < out[j].Y
		}
		return out[i].X < out[j].X
	})
	return out
}

// rect returns the rectangle x0, y0, x1, y1 in pixels.
func rect(x0, y0, x1, y1 float64) draw.Rect { return draw.Rect{X0: x0, Y0: y0, X1: x1, Y1: y1} }
