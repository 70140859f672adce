package figure

import (
	"math"
	"slices"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/draw"
)

// Fanning out of marks that hide each other.
const (
	fanOverlap  = 0.8 // marks closer than this many symbol diameters are fanned out
	fanGapPt    = 2   // between fanned-out symbols
	fanRingMax  = 8   // most marks on one ring around their centre
	fanMaxMarks = 8   // groups do not grow beyond this many marks by merging
	fanPasses   = 4   // rounds of merging groups whose fans overlap
	leaderPt    = 0.8 // width of a leader line
	leaderDotPt = 1.4 // radius of the dot at a fanned-out mark's true place
)

// markFan is where a figure's marks are drawn in a view: on their places,
// except that marks whose symbols overlap are spread on a ring around
// their common centre, each tied to its true place by a leader line. All
// positions are pixels of the view.
type markFan struct {
	at    []orb.Point // where each mark's anchor projects
	drawn []orb.Point // where each mark's anchor is drawn
	show  []bool      // the mark has a style and may show in the view
	moved []bool      // the mark is drawn away from its place
	boxes []draw.Rect // where a shown mark's symbol and number badge are drawn
	group []int       // the fanned-out group of a moved mark
	any   bool        // some mark is moved
}

// centre returns the visual centre of mark i of marks as drawn with
// styles (sizes in pixels).
func (mf *markFan) centre(marks []draw.Mark, styles []draw.MarkStyle, i int) (x, y float64) {
	st := styles[marks[i].Style]
	return draw.ShapeCentre(st.Shape, mf.drawn[i][0], mf.drawn[i][1], math.Min(st.Size, 256))
}

// fanMarks places marks, drawn with styles (sizes in pixels) at s pixels
// per point, in the view v. Marks whose visual centres lie closer than
// fanOverlap times the largest footprint (symbol and number badge, see
// markFootprint) are grouped, greedily as geo.ClusterPixels groups, and a
// group is fanned out around the mean of its members' centres, on one ring
// or, for more than fanRingMax marks, on several, fanGapPt apart so that
// no two symbols touch. Members keep their bearing from the centre where
// they have one. Groups whose fans still overlap are merged, up to
// fanMaxMarks marks, for at most fanPasses rounds. The result depends only
// on the input.
func fanMarks(marks []draw.Mark, styles []draw.MarkStyle, v geo.Viewport, fonts *figureFonts, s float64) *markFan {
	n := len(marks)
	mf := &markFan{at: make([]orb.Point, n), drawn: make([]orb.Point, n), show: make([]bool, n), moved: make([]bool, n), boxes: make([]draw.Rect, n), group: make([]int, n)}
	defer mf.setBoxes(marks, styles, fonts, s)
	pr := v.Projector()
	w, h := float64(v.Width), float64(v.Height)
	var idx []int        // marks that may show
	var cen []orb.Point  // their visual centres
	var diam []float64   // and footprints, pixels
	var offs []orb.Point // anchor less visual centre
	maxD := 0.0
	for i, m := range marks {
		if m.Style < 0 || m.Style >= len(styles) {
			continue
		}
		x, y := pr.Project(m.P)
		mf.at[i], mf.drawn[i] = orb.Point{x, y}, orb.Point{x, y}
		st := styles[m.Style]
		size := math.Min(st.Size, 256)
		if r := 3*size + 8*s; !(x > -r && y > -r && x < w+r && y < h+r) {
			continue
		}
		mf.show[i] = true
		vx, vy := draw.ShapeCentre(st.Shape, x, y, size)
		d := markFootprint(fonts, st, m.Label, s)
		idx = append(idx, i)
		cen = append(cen, orb.Point{vx, vy})
		offs = append(offs, orb.Point{x - vx, y - vy})
		diam = append(diam, d)
		maxD = math.Max(maxD, d)
	}
	if len(idx) < 2 || !(maxD > 0) {
		return mf
	}
	radius := fanOverlap * maxD
	groups := geo.ClusterPixels(cen, radius)
	if len(groups) == len(idx) {
		return mf // nothing overlaps
	}
	// group[k] is the group of idx[k]; groups merge by union-find.
	parent := make([]int, len(groups))
	for g := range parent {
		parent[g] = g
	}
	find := func(g int) int {
		for parent[g] != g {
			parent[g] = parent[parent[g]]
			g = parent[g]
		}
		return g
	}
	groupOf := make([]int, len(idx))
	for g, members := range groups {
		for _, k := range members {
			groupOf[k] = g
		}
	}
	pos := slices.Clone(cen) // fanned visual centres
	gap := fanGapPt * s
	members := make([][]int, len(groups)) // by root group
	for pass := 0; ; pass++ {
		for g := range members {
			members[g] = members[g][:0]
		}
		for k := range idx {
			r := find(groupOf[k])
			members[r] = append(members[r], k)
		}
		for _, ks := range members {
			if len(ks) > 1 {
				fanGroup(ks, cen, diam, gap, pos)
			}
		}
		if pass+1 >= fanPasses {
			break
		}
		// Merge groups whose fanned symbols still overlap.
		merged := false
		for _, c := range geo.ClusterPixels(pos, radius) {
			a := find(groupOf[c[0]])
			for _, k := range c[1:] {
				b := find(groupOf[k])
				if a == b || len(members[a])+len(members[b]) > fanMaxMarks {
					continue
				}
				parent[b] = a
				members[a] = append(members[a], members[b]...)
				members[b] = members[b][:0]
				merged = true
			}
		}
		if !merged {
			break
		}
	}
	for k, i := range idx {
		if pos[k] == cen[k] {
			continue
		}
		mf.drawn[i] = orb.Point{pos[k][0] + offs[k][0], pos[k][1] + offs[k][1]}
		mf.moved[i], mf.any = true, true
		mf.group[i] = find(groupOf[k])
	}
	return mf
}

// setBoxes sets the boxes of the shown marks where they are drawn.
func (mf *markFan) setBoxes(marks []draw.Mark, styles []draw.MarkStyle, fonts *figureFonts, s float64) {
	for i, m := range marks {
		if !mf.show[i] {
			continue
		}
		st := styles[m.Style]
		size := math.Min(st.Size, 256)
		cx, cy := mf.centre(marks, styles, i)
		b := rect(cx-size/2, cy-size/2, cx+size/2, cy+size/2)
		if m.Label != "" && fonts != nil {
			if _, ok := numberInside(fonts.bold, st, m.Label, s); !ok {
				rin := draw.ShapeInradius(st.Shape, size)
				bw, bh := numberBadge(fonts.bold, m.Label, s)
				// As drawMarkNumber places it.
				b.X1 = math.Max(b.X1, cx+rin*0.55+bw)
				b.Y0 = math.Min(b.Y0, cy-rin*0.85-bh/2)
			}
		}
		mf.boxes[i] = b
	}
}

// fanGroup sets pos[k] for the members ks of one group (indices into
// cen, their visual centres, and diam, their footprints): unchanged for a
// lone mark, else spread around the members' mean centre, gap pixels
// apart.
func fanGroup(ks []int, cen []orb.Point, diam []float64, gap float64, pos []orb.Point) {
	n := len(ks)
	if n < 2 {
		for _, k := range ks {
			pos[k] = cen[k]
		}
		return
	}
	ks = slices.Clone(ks)
	slices.Sort(ks)
	var cx, cy, d float64
	for _, k := range ks {
		cx += cen[k][0]
		cy += cen[k][1]
		d = math.Max(d, diam[k])
	}
	cx /= float64(n)
	cy /= float64(n)
	step := d + gap
	if n > fanRingMax {
		// Rings of growing radius, each as full as its length allows,
		// in the members' order, from the top clockwise.
		j := 0
		for ring := 1; j < n; ring++ {
			r := float64(ring) * step
			c := min(n-j, int(2*math.Pi*r/step))
			for q := range c {
				a := -math.Pi/2 + 2*math.Pi*float64(q)/float64(c) + float64(ring)*0.5
				pos[ks[j]] = orb.Point{cx + r*math.Cos(a), cy + r*math.Sin(a)}
				j++
			}
		}
		return
	}
	// One ring: members in the order of their bearing from the centre,
	// turned so that each stays as near its own bearing as it can.
	r := step / (2 * math.Sin(math.Pi/float64(n)))
	bearing := make(map[int]float64, n)
	var sx, sy float64
	for _, k := range ks {
		dx, dy := cen[k][0]-cx, cen[k][1]-cy
		if math.Hypot(dx, dy) > 1e-6 {
			bearing[k] = math.Atan2(dy, dx)
		}
	}
	slices.SortStableFunc(ks, func(a, b int) int {
		ba, oka := bearing[a]
		bb, okb := bearing[b]
		switch {
		case oka && okb && ba != bb:
			if ba < bb {
				return -1
			}
			return 1
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		}
		return 0
	})
	start := -math.Pi / 2 // marks on one spot: from the top, clockwise
	if n == 2 {
		start = math.Pi // side by side
	}
	if len(bearing) > 0 {
		for j, k := range ks {
			if b, ok := bearing[k]; ok {
				a := b - 2*math.Pi*float64(j)/float64(n)
				sx += math.Cos(a)
				sy += math.Sin(a)
			}
		}
		if math.Hypot(sx, sy) > 1e-9 {
			start = math.Atan2(sy, sx)
		}
	}
	for j, k := range ks {
		a := start + 2*math.Pi*float64(j)/float64(n)
		pos[k] = orb.Point{cx + r*math.Cos(a), cy + r*math.Sin(a)}
	}
}

// markFootprint returns the diameter in pixels that the mark of style st
// (size in pixels) takes with its number label, at s pixels per point.
func markFootprint(fonts *figureFonts, st draw.MarkStyle, label string, s float64) float64 {
	size := math.Min(st.Size, 256)
	if label == "" || fonts == nil {
		return size
	}
	if _, ok := numberInside(fonts.bold, st, label, s); ok {
		return size
	}
	// The badge sits at the upper right, over the symbol's edge: half its
	// width is what keeps a neighbour's symbol off it.
	bw, _ := numberBadge(fonts.bold, label, s)
	return size + bw/2
}

// drawLeaders draws a thin leader from the true place of every
// fanned-out mark to where its symbol is drawn, with a dot on the place
// unless a route stop's badge marks it. It is drawn under the routes and
// the marks, one group of marks at a time so that a raster only ever
// works on the small area of one group.
func (sc *mapScene) drawLeaders(c draw.Canvas, v geo.Viewport) {
	mf := sc.fanFor(v)
	if !mf.any {
		return
	}
	s := sc.s
	col := draw.WithAlpha(sc.pal.text, 0xd8)
	var order []int
	for i := range sc.f.Marks {
		if mf.moved[i] && mf.show[i] {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return mf.group[a] - mf.group[b] })
	var line, dot, halo draw.Path
	flush := func() {
		c.Path(&line, draw.Style{Stroke: sc.theme.Halo, Width: (leaderPt + 1.2*casingPt) * s, Cap: draw.RoundCap})
		c.Path(&line, draw.Style{Stroke: col, Width: leaderPt * s, Cap: draw.RoundCap})
		c.Path(&halo, draw.Style{Fill: sc.theme.Halo})
		c.Path(&dot, draw.Style{Fill: col})
		line.Reset()
		dot.Reset()
		halo.Reset()
	}
	for j, i := range order {
		x, y := mf.centre(sc.f.Marks, sc.styles, i)
		at := mf.at[i]
		line.Line([]orb.Point{at, {x, y}})
		if !sc.onRouteStop(at[0], at[1], v) {
			halo.Circle(at[0], at[1], (leaderDotPt+0.6*casingPt)*s)
			dot.Circle(at[0], at[1], leaderDotPt*s)
		}
		if j+1 == len(order) || mf.group[order[j+1]] != mf.group[i] {
			flush()
		}
	}
}
