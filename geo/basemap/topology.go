package basemap

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"

	"casmap/geo"
	"casmap/geo/draw"
)

// The basemap keeps the country rings as sequences of shared arcs, as
// TopoJSON does: a border between two countries is stored once and
// simplified once, so both neighbours keep exactly the same simplified
// line. Without this, independently simplified rings drift apart and the
// map shows doubled borders and slivers of sea between countries.

// topology is the arc decomposition of the countries in unit space.
type topology struct {
	arcs      []topoArc
	countries []topoCountry
}

// topoArc is a line shared by one or more rings, in unit space.
type topoArc struct {
	pts   []orb.Point
	users int
}

// arcRef is a use of an arc by a ring, possibly reversed.
type arcRef struct {
	arc int
	rev bool
}

type topoRing []arcRef

type topoPoly struct {
	rings []topoRing
	bound draw.Rect
}

type topoCountry struct {
	polys []topoPoly
	bound draw.Rect
}

// arcKey identifies an arc in canonical orientation for deduplication.
type arcKey struct {
	first, second, last orb.Point
	n                   int
}

// vertexInfo records the neighbours a vertex was first seen with.
type vertexInfo struct {
	prev, next orb.Point
	junction   bool
}

// buildTopology splits every ring of countries into arcs at junctions (the
// vertices where the set of neighbouring rings changes) and deduplicates
// the arcs.
func buildTopology(countries []Country) topology {
	t, _ := cutTopology(countries, false)
	return t
}

// arcsLonLat is what EncodeCountries packs besides the topology: each
// arc's points in [lon, lat] degrees, and where each ring of the countries
// (in order) starts in the ring its arcs make.
type arcsLonLat struct {
	arcs   [][]orb.Point
	starts []int
}

// cutTopology is buildTopology that also returns, when lonLat is set, the
// arcs in degrees and the rings' starts.
func cutTopology(countries []Country, lonLat bool) (topology, arcsLonLat) {
	var ll arcsLonLat
	// Pass 1: find junctions on the original [lon, lat] coordinates.
	verts := make(map[orb.Point]*vertexInfo)
	forEachRing(countries, func(r []orb.Point) {
		n := len(r)
		for i, q := range r {
			prev, next := r[(i+n-1)%n], r[(i+1)%n]
			vi, ok := verts[q]
			if !ok {
				verts[q] = &vertexInfo{prev: prev, next: next}
				continue
			}
			if vi.junction {
				continue
			}
			if !(vi.prev == prev && vi.next == next) && !(vi.prev == next && vi.next == prev) {
				vi.junction = true
			}
		}
	})

	// Pass 2: cut rings into arcs.
	t := topology{}
	index := make(map[arcKey]int)
	addArc := func(pts []orb.Point) arcRef {
		rev := arcReversed(pts)
		canon := pts
		if rev {
			canon = make([]orb.Point, len(pts))
			for i, q := range pts {
				canon[len(pts)-1-i] = q
			}
		}
		key := arcKey{first: canon[0], second: canon[1], last: canon[len(canon)-1], n: len(canon)}
		if i, ok := index[key]; ok {
			t.arcs[i].users++
			return arcRef{arc: i, rev: rev}
		}
		unit := make([]orb.Point, len(canon))
		for i, q := range canon {
			x, y := geo.ToUnit(q)
			unit[i] = orb.Point{x, y}
		}
		index[key] = len(t.arcs)
		t.arcs = append(t.arcs, topoArc{pts: unit, users: 1})
		if lonLat {
			ll.arcs = append(ll.arcs, slices.Clone(canon))
		}
		return arcRef{arc: len(t.arcs) - 1, rev: rev}
	}

	for _, c := range countries {
		tc := topoCountry{bound: emptyRect()}
		for _, poly := range c.Shape {
			tp := topoPoly{bound: emptyRect()}
			for ri, ring := range poly {
				r := openRing(ring)
				if len(r) < 3 {
					continue
				}
				if ri == 0 {
					for _, q := range r {
						x, y := geo.ToUnit(q)
						tp.bound = tp.bound.Union(rect(x, y, x, y))
					}
				}
				tr, start := cutRing(r, verts, addArc)
				tp.rings = append(tp.rings, tr)
				if lonLat {
					ll.starts = append(ll.starts, start)
				}
			}
			if len(tp.rings) == 0 {
				continue
			}
			tc.polys = append(tc.polys, tp)
			tc.bound = tc.bound.Union(tp.bound)
		}
		t.countries = append(t.countries, tc)
	}
	return t, ll
}

// forEachRing calls fn with every ring of every country, without the
// repeated closing point.
func forEachRing(countries []Country, fn func([]orb.Point)) {
	for _, c := range countries {
		for _, poly := range c.Shape {
			for _, ring := range poly {
				if r := openRing(ring); len(r) >= 3 {
					fn(r)
				}
			}
		}
	}
}

// openRing returns ring without its closing point.
func openRing(ring orb.Ring) []orb.Point {
	r := []orb.Point(ring)
	if n := len(r); n > 1 && r[0] == r[n-1] {
		r = r[:n-1]
	}
	return r
}

// cutRing splits the open ring r at its junctions into arcs. A ring without
// junctions becomes one closed arc starting at its smallest vertex, so that
// identical rings of two countries (an enclave and its host's hole) map to
// the same arc. It also returns the index in r where the arcs start.
func cutRing(r []orb.Point, verts map[orb.Point]*vertexInfo, addArc func([]orb.Point) arcRef) (topoRing, int) {
	n := len(r)
	start := -1
	for i, q := range r {
		if verts[q].junction {
			start = i
			break
		}
	}
	if start < 0 {
		start = 0
		for i, q := range r {
			if lessPoint(q, r[start]) {
				start = i
			}
		}
		pts := make([]orb.Point, 0, n+1)
		for i := 0; i <= n; i++ {
			pts = append(pts, r[(start+i)%n])
		}
		return topoRing{addArc(pts)}, start
	}
	var ring topoRing
	arc := []orb.Point{r[start]}
	for i := 1; i <= n; i++ {
		q := r[(start+i)%n]
		arc = append(arc, q)
		if verts[q].junction {
			ring = append(ring, addArc(arc))
			arc = []orb.Point{q}
		}
	}
	return ring, start
}

// arcReversed reports whether pts must be reversed to be in canonical
// orientation.
func arcReversed(pts []orb.Point) bool {
	first, last := pts[0], pts[len(pts)-1]
	if first != last {
		return lessPoint(last, first)
	}
	// Closed arc: orient by the points next to the ends.
	n := len(pts)
	if n < 3 {
		return false
	}
	return lessPoint(pts[n-2], pts[1])
}

func lessPoint(a, b orb.Point) bool {
	if a[0] != b[0] {
		return a[0] < b[0]
	}
	return a[1] < b[1]
}

func emptyRect() draw.Rect {
	return draw.Rect{X0: math.Inf(1), Y0: math.Inf(1), X1: math.Inf(-1), Y1: math.Inf(-1)}
}

// level is the basemap geometry simplified for one integer zoom, in unit
// space.
type level struct {
	countries []levelCountry
	// strokes are the arcs cut into short chunks for culling.
	strokes []levelStroke
}

type levelCountry struct {
	polys []levelPoly
	bound draw.Rect
}

type levelPoly struct {
	rings [][]orb.Point
	bound draw.Rect
}

// levelStroke is a piece of an arc; shared pieces are land borders, the
// others coastline.
type levelStroke struct {
	pts    []orb.Point
	bound  draw.Rect
	shared bool
}

// strokeChunk is the most points in one levelStroke.
const strokeChunk = 64

// buildLevel simplifies the topology for zoom z with a tolerance of half a
// pixel and drops rings smaller than about a pixel.
func buildLevel(t *topology, z int) *level {
	px := 1 / geo.WorldSize(float64(z)) // one pixel in unit space
	dp := simplify.DouglasPeucker(0.5 * px)
	// Each arc is simplified in a scratch copy (the simplifier works in
	// place) and kept at its simplified length: the level lives as long as
	// the basemap, and a copy of the whole arc would keep every point's
	// room at every level.
	arcs := make([][]orb.Point, len(t.arcs))
	var scratch []orb.Point
	for i, a := range t.arcs {
		pts := a.pts // shared with the topology, never modified
		if len(pts) > 2 {
			scratch = append(scratch[:0], a.pts...)
			// An arc the tolerance leaves whole (most of them at the deeper
			// zooms) is the topology's own.
			if s := dp.LineString(orb.LineString(scratch)); len(s) < len(pts) {
				pts = slices.Clone([]orb.Point(s))
			}
		}
		arcs[i] = pts
	}
	lv := &level{}
	minSize := 0.75 * px
	for _, tc := range t.countries {
		lc := levelCountry{bound: emptyRect()}
		for _, tp := range tc.polys {
			lp := levelPoly{}
			for ri, tr := range tp.rings {
				ring := assembleRing(tr, arcs)
				if len(ring) < 4 {
					if ri == 0 {
						break
					}
					continue
				}
				b := draw.PointsBound(ring)
				if math.Max(b.X1-b.X0, b.Y1-b.Y0) < minSize {
					if ri == 0 {
						break
					}
					continue
				}
				if ri == 0 {
					lp.bound = b
				}
				lp.rings = append(lp.rings, ring)
			}
			if len(lp.rings) == 0 {
				continue
			}
			lc.polys = append(lc.polys, lp)
			lc.bound = lc.bound.Union(lp.bound)
		}
		lv.countries = append(lv.countries, lc)
	}
	for i, pts := range arcs {
		if len(pts) < 2 {
			continue
		}
		b := draw.PointsBound(pts)
		if pts[0] == pts[len(pts)-1] && math.Max(b.X1-b.X0, b.Y1-b.Y0) < minSize {
			continue
		}
		shared := t.arcs[i].users > 1
		for s := 0; s < len(pts)-1; s += strokeChunk - 1 {
			e := min(len(pts), s+strokeChunk)
			chunk := pts[s:e]
			lv.strokes = append(lv.strokes, levelStroke{pts: chunk, bound: draw.PointsBound(chunk), shared: shared})
		}
	}
	return lv
}

// assembleRing concatenates the simplified arcs of a ring into a closed
// point list.
func assembleRing(tr topoRing, arcs [][]orb.Point) []orb.Point {
	n := 1
	for _, ref := range tr {
		n += max(len(arcs[ref.arc])-1, 0)
	}
	ring := make([]orb.Point, 0, n)
	for _, ref := range tr {
		a := arcs[ref.arc]
		if ref.rev {
			for i := len(a) - 1; i >= 0; i-- {
				if i == len(a)-1 && len(ring) > 0 {
					continue
				}
				ring = append(ring, a[i])
			}
			continue
		}
		for i, q := range a {
			if i == 0 && len(ring) > 0 {
				continue
			}
			ring = append(ring, q)
		}
	}
	return ring
}

// rect returns the rectangle x0, y0, x1, y1.
func rect(x0, y0, x1, y1 float64) draw.Rect { return draw.Rect{X0: x0, Y0: y0, X1: x1, Y1: y1} }
