package geo

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// LabelPadding is the free space kept around every placed label, in pixels.
const LabelPadding = 3

// Label is a text to place on the map.
type Label struct {
	// Text is the label text.
	Text string
	// At is the anchor, [lon, lat] in degrees; the label box is centred on
	// it, shifted by DX, DY.
	At orb.Point
	// DX, DY shift the label box centre from the anchor, in pixels (for
	// example to put a capital's name beside its dot).
	DX, DY float64
	// Alt lists further DX, DY shifts, in pixels, tried in order when the
	// label does not fit at DX, DY.
	Alt [][2]float64
	// Priority orders placement: higher first.
	Priority int
	// Size is the font size in pixels; for an Obstacle, the edge of its
	// square box.
	Size float64
	// Obstacle marks a box that labels must avoid, such as a point
	// symbol: a Size×Size square centred on At, reserved before any label
	// is placed and not returned.
	Obstacle bool
}

// Placed is a label that found room.
type Placed struct {
	Label
	// X, Y is the top-left corner of the label box, in view pixels.
	X, Y float64
	// W, H is the size of the label box, in pixels.
	W, H float64
}

// PlaceLabels places labels in the view v greedily by descending Priority
// (ties keep input order): a label goes at the first of its shifts (DX, DY,
// then Alt) where its box, grown by LabelPadding, overlaps no label placed
// before and lies fully inside the view; otherwise it is skipped. Placed
// labels report the shift used in DX, DY. measure returns a text's box size in pixels at a font
// size; TextDrawer.Measure fits. The result is in placement order.
func PlaceLabels(v Viewport, labels []Label, measure func(text string, size float64) (w, h float64)) []Placed {
	if len(labels) == 0 || measure == nil {
		return nil
	}
	order := make([]int, len(labels))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return labels[b].Priority - labels[a].Priority })

	grid := map[[2]int][]int{}
	var out []Placed
	pr := v.Projector()
	register := func(p Placed) {
		out = append(out, p)
		// Register the unpadded box; the padding of the next candidate
		// keeps the gap.
		for gy := floorDiv(p.Y, labelCell); gy <= floorDiv(p.Y+p.H, labelCell); gy++ {
			for gx := floorDiv(p.X, labelCell); gx <= floorDiv(p.X+p.W, labelCell); gx++ {
				grid[[2]int{gx, gy}] = append(grid[[2]int{gx, gy}], len(out)-1)
			}
		}
	}
	for _, l := range labels {
		if l.Obstacle && l.Size > 0 {
			x, y := pr.Project(l.At)
			register(Placed{Label: l, X: x - l.Size/2, Y: y - l.Size/2, W: l.Size, H: l.Size})
		}
	}
	obstacles := len(out)
	vw, vh := float64(v.Width), float64(v.Height)
	for _, li := range order {
		l := labels[li]
		if l.Text == "" || l.Obstacle {
			continue
		}
		w, h := measure(l.Text, l.Size)
		if !(w > 0 && h > 0) {
			continue
		}
		cx, cy := pr.Project(l.At)
		shifts := append([][2]float64{{l.DX, l.DY}}, l.Alt...)
		for _, sh := range shifts {
			x, y := cx+sh[0]-w/2, cy+sh[1]-h/2
			if !(x >= 0 && y >= 0 && x+w <= vw && y+h <= vh) || collides(grid, out, x, y, w, h) {
				continue
			}
			placed := Placed{Label: l, X: x, Y: y, W: w, H: h}
			placed.DX, placed.DY = sh[0], sh[1]
			register(placed)
			break
		}
	}
	if obstacles == len(out) {
		return nil
	}
	return out[obstacles:]
}

// labelCell is the size of the collision grid cells, in pixels.
const labelCell = 64.0

// collides reports whether the box x, y, w, h grown by LabelPadding
// overlaps a placed label.
func collides(grid map[[2]int][]int, placed []Placed, x, y, w, h float64) bool {
	x0, y0 := x-LabelPadding, y-LabelPadding
	x1, y1 := x+w+LabelPadding, y+h+LabelPadding
	for gy := floorDiv(y0, labelCell); gy <= floorDiv(y1, labelCell); gy++ {
		for gx := floorDiv(x0, labelCell); gx <= floorDiv(x1, labelCell); gx++ {
			for _, pi := range grid[[2]int{gx, gy}] {
				p := &placed[pi]
				if x0 < p.X+p.W && p.X < x1 && y0 < p.Y+p.H && p.Y < y1 {
					return true
				}
			}
		}
	}
	return false
}

// LineObstacles covers the visible part of the line through pts ([lon,
// lat] degrees) in the view vp with square label obstacles of edge w,
// spaced w apart.
func LineObstacles(vp Viewport, pts []orb.Point, w float64) []Label {
	var out []Label
	pr := vp.Projector()
	vw, vh := float64(vp.Width), float64(vp.Height)
	for i := 1; i < len(pts); i++ {
		ax, ay := pr.Project(pts[i-1])
		bx, by := pr.Project(pts[i])
		n := int(math.Min(math.Ceil(math.Hypot(bx-ax, by-ay)/w), 1e4))
		for k := 0; k <= n; k++ {
			t := float64(k) / float64(max(n, 1))
			x, y := ax+(bx-ax)*t, ay+(by-ay)*t
			if x < -w || y < -w || x > vw+w || y > vh+w {
				continue
			}
			out = append(out, Label{At: vp.Unproject(x, y), Size: w, Obstacle: true})
		}
	}
	return out
}

// RectObstacles covers the rectangle x0, y0, w, h in vp's pixels with
// square label obstacles.
func RectObstacles(vp Viewport, x0, y0, w, h float64) []Label {
	side := math.Min(w, h)
	if !(side > 0) {
		return nil
	}
	var out []Label
	for y := 0.0; y < h; y += side {
		cy := y0 + math.Min(y+side/2, h-side/2)
		for x := 0.0; x < w; x += side {
			cx := x0 + math.Min(x+side/2, w-side/2)
			out = append(out, Label{At: vp.Unproject(cx, cy), Size: side, Obstacle: true})
		}
	}
	return out
}
