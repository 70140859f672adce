package figure

import (
	"math"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/basemap"
	"casmap/geo/draw"
)

// Placement of the country names a figure must show, in points.
const (
	countryNameMinPt   = 7   // smallest a required country name shrinks to
	countrySpotPt      = 9   // spacing of the candidate centres inside a country
	countryLeaderPt    = 0.6 // width of a leader to a country name
	countryLeaderRings = 14  // rings of places tried around a country for a name with a leader
)

// countryNameScales are the sizes, relative to the usual size of country
// names, that a required name is tried at.
var countryNameScales = []float64{1, 0.85, 0.72, 0.6}

// placedName is a required country name: the label, and the leader from
// its box to the country, in the point view's pixels (nil when the name is
// inside the country).
type placedName struct {
	geo.Placed
	leader []orb.Point
}

// boxes is a set of rectangles that labels keep LabelPadding clear of.
type boxes []draw.Rect

// free reports whether r, grown by LabelPadding, lies inside the w×h view
// and clear of every box.
func (bs boxes) free(r draw.Rect, w, h float64) bool {
	if r.X0 < 0 || r.Y0 < 0 || r.X1 > w || r.Y1 > h {
		return false
	}
	p := float64(geo.LabelPadding)
	g := rect(r.X0-p, r.Y0-p, r.X1+p, r.Y1+p)
	for _, b := range bs {
		if overlaps(g, b) {
			return false
		}
	}
	return true
}

// obstacleBoxes returns the boxes of label obstacles in the view vp.
func obstacleBoxes(vp geo.Viewport, obstacles []geo.Label) boxes {
	pr := vp.Projector()
	out := make(boxes, 0, len(obstacles))
	for _, o := range obstacles {
		if o.Obstacle && o.Size > 0 {
			x, y := pr.Project(o.At)
			out = append(out, rect(x-o.Size/2, y-o.Size/2, x+o.Size/2, y+o.Size/2))
		}
	}
	return out
}

// placeCountryNames places the names of f.LabelCountries that are in the
// point view vp (sizes in points), clear of taken: each inside its
// country at its usual size where it finds room, else smaller, down to
// countryNameMinPt, else near the country with a leader line to it, and
// as a last resort on the country regardless of what it covers. Bigger
// countries are placed first. The boxes of the placed names are added to
// taken.
func placeCountryNames(f *Figure, vp geo.Viewport, taken *boxes, measure func(text string, size float64) (w, h float64)) []placedName {
	if len(f.LabelCountries) == 0 {
		return nil
	}
	cls := f.Basemap.CountryLabels(vp, f.LabelCountries, countrySpotPt)
	pr := vp.Projector()
	vw, vh := float64(vp.Width), float64(vp.Height)
	var out []placedName
	for _, cl := range cls {
		var sizes []float64
		for _, k := range countryNameScales {
			if sz := cl.Size * k; sz >= countryNameMinPt || len(sizes) == 0 {
				sizes = append(sizes, math.Max(sz, countryNameMinPt))
			}
		}
		pts := make([]orb.Point, len(cl.Spots))
		for i, sp := range cl.Spots {
			x, y := pr.Project(sp)
			pts[i] = orb.Point{x, y}
		}
		pn, ok := nameInside(cl, pts, sizes, *taken, vw, vh, measure)
		if !ok {
			pn, ok = nameWithLeader(cl, pts[0], sizes[len(sizes)-1], *taken, vw, vh, measure)
		}
		if !ok {
			pn, ok = nameAnyway(cl, pts[0], sizes[len(sizes)-1], vw, vh, measure)
		}
		if !ok {
			continue
		}
		pn.At = vp.Unproject(pn.X+pn.W/2, pn.Y+pn.H/2)
		*taken = append(*taken, rect(pn.X, pn.Y, pn.X+pn.W, pn.Y+pn.H))
		if pn.leader != nil {
			*taken = append(*taken, leaderBoxes(pn.leader)...)
		}
		out = append(out, pn)
	}
	return out
}

// newPlacedName returns the name of cl at size centred on x, y.
func newPlacedName(cl basemap.CountryLabel, size, x, y, w, h float64) placedName {
	return placedName{Placed: geo.Placed{
		Label: geo.Label{Text: cl.Text, Size: size, Priority: cl.Priority},
		X:     x - w/2, Y: y - h/2, W: w, H: h,
	}}
}

// nameInside places cl centred on the first of pts (view pixels, inside
// the country) where it is free, at the first of sizes that fits.
func nameInside(cl basemap.CountryLabel, pts []orb.Point, sizes []float64, taken boxes, vw, vh float64, measure func(string, float64) (float64, float64)) (placedName, bool) {
	for _, size := range sizes {
		w, h := measure(cl.Text, size)
		if !(w > 0 && h > 0) {
			continue
		}
		for _, p := range pts {
			if taken.free(rect(p[0]-w/2, p[1]-h/2, p[0]+w/2, p[1]+h/2), vw, vh) {
				return newPlacedName(cl, size, p[0], p[1], w, h), true
			}
		}
	}
	return placedName{}, false
}

// nameWithLeader places cl at size in the nearest free place around p
// (view pixels, inside the country), trying rings of places farther and
// farther out, with a leader from the box's edge to p.
func nameWithLeader(cl basemap.CountryLabel, p orb.Point, size float64, taken boxes, vw, vh float64, measure func(string, float64) (float64, float64)) (placedName, bool) {
	w, h := measure(cl.Text, size)
	if !(w > 0 && h > 0) {
		return placedName{}, false
	}
	const dirs = 16
	for k := 1; k <= countryLeaderRings; k++ {
		out := float64(k) * h
		for d := range dirs {
			a := 2 * math.Pi * float64(d) / dirs
			x := p[0] + math.Cos(a)*(w/2+out)
			y := p[1] + math.Sin(a)*(h/2+out)
			r := rect(x-w/2, y-h/2, x+w/2, y+h/2)
			if !taken.free(r, vw, vh) {
				continue
			}
			pn := newPlacedName(cl, size, x, y, w, h)
			pn.leader = []orb.Point{nearestOnRect(r, p), p}
			return pn, true
		}
	}
	return placedName{}, false
}

// nameAnyway places cl at size centred on p (view pixels), moved inside
// the view, whatever it covers; false only when the name is bigger than
// the view.
func nameAnyway(cl basemap.CountryLabel, p orb.Point, size, vw, vh float64, measure func(string, float64) (float64, float64)) (placedName, bool) {
	w, h := measure(cl.Text, size)
	if !(w > 0 && h > 0) || w > vw || h > vh {
		return placedName{}, false
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
func leaderBoxes(l []orb.Point) boxes {
	a, b := l[0], l[len(l)-1]
	n := int(math.Min(math.Ceil(math.Hypot(b[0]-a[0], b[1]-a[1])/3), 400))
	out := make(boxes, 0, n+1)
	for k := 0; k <= n; k++ {
		t := float64(k) / float64(max(n, 1))
		x, y := a[0]+(b[0]-a[0])*t, a[1]+(b[1]-a[1])*t
		out = append(out, rect(x-1, y-1, x+1, y+1))
	}
	return out
}
