package geo

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Index finds markers under the pointer and in the view. It stores the
// points in Web Mercator unit space in a uniform grid sized to hold about
// two points per cell, so a query touches only the cells near the pointer
// at any zoom where markers can be told apart.
//
// An Index is immutable once built, apart from Filter; it is not safe for
// concurrent mutation, so do not change Filter while queries run. Rebuild
// the index when points move.
type Index struct {
	// Filter, when set, hides the points for which it returns false
	// (filtered-out markers). Alternatively build the index from the
	// visible points only and map the returned positions back.
	Filter func(i int) bool

	xs, ys []float64 // unit-space coordinates by point index
	cells  []int32   // point indices grouped by cell
	starts []int32   // start of each cell in cells; len = nx*ny+1
	minX   float64
	minY   float64
	inv    float64 // cells per unit
	nx, ny int
}

// NewIndex builds an index over pts ([lon, lat] degrees); query results are
// positions in pts.
func NewIndex(pts []orb.Point) *Index {
	ix := &Index{xs: make([]float64, len(pts)), ys: make([]float64, len(pts))}
	if len(pts) == 0 {
		return ix
	}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for i, p := range pts {
		x, y := ToUnit(p)
		ix.xs[i], ix.ys[i] = x, y
		minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		minY, maxY = math.Min(minY, y), math.Max(maxY, y)
	}
	w, h := math.Max(maxX-minX, 1e-12), math.Max(maxY-minY, 1e-12)
	// About two points per square cell.
	cell := math.Sqrt(w * h * 2 / float64(len(pts)))
	cell = math.Max(cell, math.Max(w, h)/4096)
	ix.minX, ix.minY = minX, minY
	ix.inv = 1 / cell
	ix.nx = min(4096, int(w*ix.inv)+1)
	ix.ny = min(4096, int(h*ix.inv)+1)
	counts := make([]int32, ix.nx*ix.ny+1)
	cellOf := make([]int32, len(pts))
	for i := range pts {
		c := ix.cellIndex(ix.xs[i], ix.ys[i])
		cellOf[i] = int32(c)
		counts[c+1]++
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	ix.starts = counts
	ix.cells = make([]int32, len(pts))
	fill := append([]int32(nil), counts[:len(counts)-1]...)
	for i, c := range cellOf {
		ix.cells[fill[c]] = int32(i)
		fill[c]++
	}
	return ix
}

// Len returns the number of indexed points.
func (ix *Index) Len() int { return len(ix.xs) }

func (ix *Index) cellXY(x, y float64) (int, int) {
	cx := int((x - ix.minX) * ix.inv)
	cy := int((y - ix.minY) * ix.inv)
	return max(0, min(cx, ix.nx-1)), max(0, min(cy, ix.ny-1))
}

func (ix *Index) cellIndex(x, y float64) int {
	cx, cy := ix.cellXY(x, y)
	return cy*ix.nx + cx
}

// cellRange returns the inclusive cell range overlapping the unit-space
// rectangle, and false if it misses the grid.
func (ix *Index) cellRange(x0, y0, x1, y1 float64) (cx0, cy0, cx1, cy1 int, ok bool) {
	gx1 := ix.minX + float64(ix.nx)/ix.inv
	gy1 := ix.minY + float64(ix.ny)/ix.inv
	if x1 < ix.minX || y1 < ix.minY || x0 > gx1 || y0 > gy1 {
		return 0, 0, 0, 0, false
	}
	cx0, cy0 = ix.cellXY(x0, y0)
	cx1, cy1 = ix.cellXY(x1, y1)
	return cx0, cy0, cx1, cy1, true
}

// Nearest returns the point whose centre is nearest to the view pixel x, y
// of v within radiusPx pixels (the radius of the drawn markers), ignoring
// points hidden by Filter. Among equally near points the later one, which
// is drawn on top, wins.
func (ix *Index) Nearest(v Viewport, x, y, radiusPx float64) (i int, ok bool) {
	if len(ix.xs) == 0 || !(radiusPx >= 0) {
		return -1, false
	}
	pr := v.Projector()
	ux, uy := pr.ToUnit(x, y)
	r := radiusPx / pr.w
	cx0, cy0, cx1, cy1, ok := ix.cellRange(ux-r, uy-r, ux+r, uy+r)
	if !ok {
		return -1, false
	}
	best, bestD := -1, r*r
	for cy := cy0; cy <= cy1; cy++ {
		row := cy * ix.nx
		for _, pi := range ix.cells[ix.starts[row+cx0]:ix.starts[row+cx1+1]] {
			j := int(pi)
			dx, dy := ix.xs[j]-ux, ix.ys[j]-uy
			d := dx*dx + dy*dy
			if d > bestD || (d == bestD && j < best) {
				continue
			}
			if ix.Filter != nil && !ix.Filter(j) {
				continue
			}
			best, bestD = j, d
		}
	}
	return best, best >= 0
}

// InView appends to buf[:0] the indices of the points inside v, ignoring
// points hidden by Filter, in ascending order of index, and returns it.
func (ix *Index) InView(v Viewport, buf []int) []int {
	buf = buf[:0]
	if len(ix.xs) == 0 {
		return buf
	}
	pr := v.Projector()
	x0, y0 := pr.ToUnit(0, 0)
	x1, y1 := pr.ToUnit(float64(v.Width), float64(v.Height))
	cx0, cy0, cx1, cy1, ok := ix.cellRange(x0, y0, x1, y1)
	if !ok {
		return buf
	}
	if (cx1-cx0+1)*(cy1-cy0+1) >= ix.nx*ix.ny/2 {
		// Most of the grid: a linear scan keeps the index order for free.
		for j := range ix.xs {
			if ix.xs[j] >= x0 && ix.xs[j] <= x1 && ix.ys[j] >= y0 && ix.ys[j] <= y1 && (ix.Filter == nil || ix.Filter(j)) {
				buf = append(buf, j)
			}
		}
		return buf
	}
	for cy := cy0; cy <= cy1; cy++ {
		row := cy * ix.nx
		for _, pi := range ix.cells[ix.starts[row+cx0]:ix.starts[row+cx1+1]] {
			j := int(pi)
			if ix.xs[j] >= x0 && ix.xs[j] <= x1 && ix.ys[j] >= y0 && ix.ys[j] <= y1 && (ix.Filter == nil || ix.Filter(j)) {
				buf = append(buf, j)
			}
		}
	}
	slices.Sort(buf)
	return buf
}
