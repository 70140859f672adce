package basemap

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/draw"
)

// nameLeaderRings is how many rings of places around a country are tried
// for a name with a leader.
const nameLeaderRings = 14

// nameScales are the sizes, relative to the usual size of country names,
// that a required name is tried at.
var nameScales = []float64{1, 0.85, 0.72, 0.6}

// NameOptions sets how PlaceCountryNames places names, in the view's
// pixels.
type NameOptions struct {
	// Spacing is the spacing of the candidate centres inside a country.
	Spacing float64
	// MinSize is the smallest font size a name shrinks to before it is
	// placed beside its country with a leader.
	MinSize float64
	// InsideOnly places a name only inside its country at its usual size,
	// where it finds room, and leaves it out otherwise: for the names a
	// map may show rather than must.
	InsideOnly bool
	// Tolerance is how far, in pixels, the borders may be simplified
	// before the candidate centres are sought; zero means half a pixel.
	// A few pixels make placing much cheaper, for a window redrawn while
	// it pans.
	Tolerance float64
	// Scale is the device pixels per unit of a HiDPI view, which the
	// names' sizes grow with; zero means 1.
	Scale float64
}

// CountryName is a country name placed by PlaceCountryNames: its box in
// the view's pixels, with At at the box's centre, and Leader, from the
// box's edge to a point inside the country, when the name lies outside it.
type CountryName struct {
	geo.Placed
	Leader []orb.Point
}

// nameBoxes is a set of rectangles that names keep LabelPadding clear of.
type nameBoxes []draw.Rect

// free reports whether r, grown by LabelPadding, lies inside the w×h view
// and clear of every box.
func (bs nameBoxes) free(r draw.Rect, w, h float64) bool {
	if r.X0 < 0 || r.Y0 < 0 || r.X1 > w || r.Y1 > h {
		return false
	}
	p := float64(geo.LabelPadding)
	g := nameRect(r.X0-p, r.Y0-p, r.X1+p, r.Y1+p)
	for _, b := range bs {
		if g.X0 < b.X1 && b.X0 < g.X1 && g.Y0 < b.Y1 && b.Y0 < g.Y1 {
			return false
		}
	}
	return true
}

func nameRect(x0, y0, x1, y1 float64) draw.Rect { return draw.Rect{X0: x0, Y0: y0, X1: x1, Y1: y1} }

// ObstacleBoxes returns the boxes, in v's pixels, of the obstacles among
// labels (Labels with Obstacle set and a size).
func ObstacleBoxes(v geo.Viewport, labels []geo.Label) []draw.Rect {
	pr := v.Projector()
	out := make([]draw.Rect, 0, len(labels))
	for _, o := range labels {
		if o.Obstacle && o.Size > 0 {
			x, y := pr.Project(o.At)
			out = append(out, nameRect(x-o.Size/2, y-o.Size/2, x+o.Size/2, y+o.Size/2))
		}
	}
	return out
}

// PlaceCountryNames places the names of the countries isos (ISO 3166-1
// alpha-2 codes) that are in the view v, clear of the boxes taken (v's
// pixels) and of each other: each inside its country at its usual size
// (CountryLabelSize) where it finds room, else smaller, down to
// opt.MinSize, else near the country with a leader line to it, and as a
// last resort on the country regardless of what it covers. Bigger
// countries are placed first. It is for the countries a map must name,
// such as those that hold its markers; the other names are placed by
// PlaceLabels where they fit (see LabelsExcept).
func (b *Basemap) PlaceCountryNames(v geo.Viewport, isos []string, taken []draw.Rect, opt NameOptions, measure func(text string, size float64) (w, h float64)) []CountryName {
	if len(isos) == 0 {
		return nil
	}
	return b.placeNames(v, b.countryLabels(v, isos, opt.Spacing, opt.tolerance(), maxLabelSpots, opt.Scale), taken, opt, measure)
}

// tolerance is Tolerance or its default.
func (o NameOptions) tolerance() float64 {
	if o.Tolerance > 0 {
		return o.Tolerance
	}
	return 0.5
}

// NamePlacer places country names as PlaceCountryNames does, for a window
// redrawn as it pans: it seeks each country's candidate centres over twice
// the view's width and height around the view, and reuses them for the next
// views at the same zoom until one leaves that area. It is not safe for
// concurrent use.
type NamePlacer struct {
	b     *Basemap
	cache map[nameKey]nameEntry
}

// nameKey is what a country's candidate centres depend on.
type nameKey struct {
	iso                       string
	zoom, spacing, tol, scale float64
}

// nameEntry is a country's candidate centres over an area of unit space.
type nameEntry struct {
	covered orb.Bound
	cl      CountryLabel
	ok      bool // false when the country has no territory in the area
}

// NewNamePlacer returns a NamePlacer over b.
func NewNamePlacer(b *Basemap) *NamePlacer {
	return &NamePlacer{b: b, cache: map[nameKey]nameEntry{}}
}

// Place is PlaceCountryNames with the candidate centres reused.
func (np *NamePlacer) Place(v geo.Viewport, isos []string, taken []draw.Rect, opt NameOptions, measure func(text string, size float64) (w, h float64)) []CountryName {
	if len(isos) == 0 {
		return nil
	}
	pr := v.Projector()
	ux0, uy0 := pr.ToUnit(0, 0)
	ux1, uy1 := pr.ToUnit(float64(v.Width), float64(v.Height))
	view := orb.Bound{Min: orb.Point{ux0, uy0}, Max: orb.Point{ux1, uy1}}
	wide := v
	wide.Width, wide.Height = 2*v.Width, 2*v.Height
	wpr := wide.Projector()
	wx0, wy0 := wpr.ToUnit(0, 0)
	wx1, wy1 := wpr.ToUnit(float64(wide.Width), float64(wide.Height))
	var cls []CountryLabel
	for _, iso := range isos {
		k := nameKey{iso: iso, zoom: v.Zoom, spacing: opt.Spacing, tol: opt.tolerance(), scale: opt.Scale}
		e, hit := np.cache[k]
		if !hit || !e.covered.Contains(view.Min) || !e.covered.Contains(view.Max) {
			if len(np.cache) > 4096 {
				clear(np.cache)
			}
			e = nameEntry{covered: orb.Bound{Min: orb.Point{wx0, wy0}, Max: orb.Point{wx1, wy1}}}
			if got := np.b.countryLabels(wide, []string{iso}, opt.Spacing, opt.tolerance(), 4*maxLabelSpots, opt.Scale); len(got) == 1 {
				e.cl, e.ok = got[0], true
			}
			np.cache[k] = e
		}
		if !e.ok {
			continue
		}
		// The centres in this view, the best first.
		cl := e.cl
		cl.Spots = nil
		for _, sp := range e.cl.Spots {
			x, y := pr.Project(sp)
			if x >= 0 && y >= 0 && x <= float64(v.Width) && y <= float64(v.Height) {
				cl.Spots = append(cl.Spots, sp)
			}
		}
		if len(cl.Spots) > 0 {
			cls = append(cls, cl)
		}
	}
	slices.SortStableFunc(cls, func(a, b CountryLabel) int {
		if a.Priority != b.Priority {
			return cmp.Compare(b.Priority, a.Priority)
		}
		return cmp.Compare(a.ISO, b.ISO)
	})
	return np.b.placeNames(v, cls, taken, opt, measure)
}

// placeNames places the names cls, in order, in the view v (see
// PlaceCountryNames).
func (b *Basemap) placeNames(v geo.Viewport, cls []CountryLabel, taken []draw.Rect, opt NameOptions, measure func(text string, size float64) (w, h float64)) []CountryName {
	pr := v.Projector()
	vw, vh := float64(v.Width), float64(v.Height)
	boxes := append(nameBoxes(nil), taken...)
	var out []CountryName
	for _, cl := range cls {
		var sizes []float64
		if opt.InsideOnly {
			if w, _ := measure(cl.Text, cl.Size); w*0.9 > b.widthOn(v, cl.ISO) {
				continue // as in Labels: a name wider than its country is left out
			}
			sizes = []float64{cl.Size}
		}
		for _, k := range nameScales {
			if opt.InsideOnly {
				break
			}
			if sz := cl.Size * k; sz >= opt.MinSize || len(sizes) == 0 {
				sizes = append(sizes, math.Max(sz, opt.MinSize))
			}
		}
		pts := make([]orb.Point, len(cl.Spots))
		for i, sp := range cl.Spots {
			x, y := pr.Project(sp)
			pts[i] = orb.Point{x, y}
		}
		pn, ok := nameInside(cl, pts, sizes, boxes, vw, vh, measure)
		if !ok && opt.InsideOnly {
			continue
		}
		if !ok {
			pn, ok = nameWithLeader(cl, pts[0], sizes[len(sizes)-1], boxes, vw, vh, measure)
		}
		if !ok {
			pn, ok = nameAnyway(cl, pts[0], sizes[len(sizes)-1], vw, vh, measure)
		}
		if !ok {
			continue
		}
		pn.At = v.Unproject(pn.X+pn.W/2, pn.Y+pn.H/2)
		boxes = append(boxes, nameRect(pn.X, pn.Y, pn.X+pn.W, pn.Y+pn.H))
		if pn.Leader != nil {
			boxes = append(boxes, leaderBoxes(pn.Leader)...)
		}
		out = append(out, pn)
	}
	return out
}

// widthOn returns the width in v's pixels of the bounds of the country
// iso.
func (b *Basemap) widthOn(v geo.Viewport, iso string) float64 {
	var bd orb.Bound
	for i, ci := range b.byISO[iso] {
		if i == 0 {
			bd = b.countries[ci].Bound
		} else {
			bd = bd.Union(b.countries[ci].Bound)
		}
	}
	x0, _ := geo.ToUnit(bd.Min)
	x1, _ := geo.ToUnit(bd.Max)
	return (x1 - x0) * geo.WorldSize(v.Zoom)
}

// newPlacedName returns the name of cl at size centred on x, y.
func newPlacedName(cl CountryLabel, size, x, y, w, h float64) CountryName {
	return CountryName{Placed: geo.Placed{
		Label: geo.Label{Text: cl.Text, Size: size, Priority: cl.Priority},
		X:     x - w/2, Y: y - h/2, W: w, H: h,
	}}
}

// nameInside places cl centred on the first of pts (view pixels, inside
// the country) where it is free, at the first of sizes that fits.
func nameInside(cl CountryLabel, pts []orb.Point, sizes []float64, taken nameBoxes, vw, vh float64, measure func(string, float64) (float64, float64)) (CountryName, bool) {
	for _, size := range sizes {
		w, h := measure(cl.Text, size)
		if !(w > 0 && h > 0) {
			continue
		}
		for _, p := range pts {
			if taken.free(nameRect(p[0]-w/2, p[1]-h/2, p[0]+w/2, p[1]+h/2), vw, vh) {
				return newPlacedName(cl, size, p[0], p[1], w, h), true
			}
		}
	}
	return CountryName{}, false
}

// nameWithLeader places cl at size in the nearest free place around p
// (view pixels, inside the country), trying rings of places farther and
// farther out, with a leader from the box's edge to p.
func nameWithLeader(cl CountryLabel, p orb.Point, size float64, taken nameBoxes, vw, vh float64, measure func(string, float64) (float64, float64)) (CountryName, bool) {
	w, h := measure(cl.Text, size)
	if !(w > 0 && h > 0) {
		return CountryName{}, false
	}
	const dirs = 16
	for k := 1; k <= nameLeaderRings; k++ {
		out := float64(k) * h
		for d := range dirs {
			a := 2 * math.Pi * float64(d) / dirs
			x := p[0] + math.Cos(a)*(w/2+out)
			y := p[1] + math.Sin(a)*(h/2+out)
			r := nameRect(x-w/2, y-h/2, x+w/2, y+h/2)
			if !taken.free(r, vw, vh) {
				continue
			}
			pn := newPlacedName(cl, size, x, y, w, h)
			pn.Leader = []orb.Point{nearestOnRect(r, p), p}
			return pn, true
		}
	}
	return CountryName{}, false
}

// nameAnyway places cl at size centred on p (view pixels), moved inside
// the view, whatever it covers; false only when the name is bigger than
// the view.
func nameAnyway(cl CountryLabel, p orb.Point, size, vw, vh float64, measure func(string, float64) (float64, float64)) (CountryName, bool) {
	w, h := measure(cl.Text, size)
	if !(w > 0 && h > 0) || w > vw || h > vh {
		return CountryName{}, false
	}
	x := math.Min(math.Max(p[0], w/2), vw-w/2)
	y := math.Min(math.Max(p[1], h/2), vh-h/2)
	return newPlacedName(cl, size, x, y, w, h), true
}

// nearestOnRect returns the point of r's edge nearest p, which lies
// outside r.
func nearestOnRect(r draw.Rect, p orb.Point) orb.Point {
	return orb.Point{math.Min(math.Max(p[0], r.X0), r.X1), math.Min(math.Max(p[1], r.Y0), r.Y1)}
}

// leaderBoxes covers a leader line with small boxes, for later labels to
// keep clear of.
func leaderBoxes(l []orb.Point) nameBoxes {
	a, b := l[0], l[len(l)-1]
	n := int(math.Min(math.Ceil(math.Hypot(b[0]-a[0], b[1]-a[1])/3), 400))
	out := make(nameBoxes, 0, n+1)
	for k := 0; k <= n; k++ {
		t := float64(k) / float64(max(n, 1))
		x, y := a[0]+(b[0]-a[0])*t, a[1]+(b[1]-a[1])*t
		out = append(out, nameRect(x-1, y-1, x+1, y+1))
	}
	return out
}
