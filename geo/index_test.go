package geo

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// naiveNearest is the linear-scan reference for Index.Nearest.
func naiveNearest(v Viewport, pts []orb.Point, x, y, radius float64, keep func(int) bool) (int, bool) {
	tr := v.Transform()
	best, bestD := -1, radius*radius
	for i, p := range pts {
		if keep != nil && !keep(i) {
			continue
		}
		px, py := tr(p)
		d := (px-x)*(px-x) + (py-y)*(py-y)
		if d <= bestD {
			best, bestD = i, d
		}
	}
	return best, best >= 0
}

func TestIndexNearestMatchesNaive(t *testing.T) {
	pts := randomPoints(5000, 1)
	ix := NewIndex(pts)
	tests := []struct {
		name   string
		v      Viewport
		radius float64
	}{
		{"overview", Viewport{Center: orb.Point{67.5, 41}, Zoom: 3.5, Width: 1280, Height: 720}, 8},
		{"regional", Viewport{Center: orb.Point{67.5, 41}, Zoom: 5.5, Width: 1920, Height: 1080}, 10},
		{"close", Viewport{Center: orb.Point{69.3, 41.3}, Zoom: 9.25, Width: 800, Height: 600}, 12},
		{"outside data", Viewport{Center: orb.Point{10, 10}, Zoom: 6, Width: 800, Height: 600}, 12},
	}
	r := rand.New(rand.NewPCG(2, 3))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 500 {
				x, y := r.Float64()*float64(tt.v.Width), r.Float64()*float64(tt.v.Height)
				gi, gok := ix.Nearest(tt.v, x, y, tt.radius)
				wi, wok := naiveNearest(tt.v, pts, x, y, tt.radius, nil)
				if gok != wok || gi != wi {
					t.Fatalf("Nearest(%.1f, %.1f) = %d, %v; want %d, %v", x, y, gi, gok, wi, wok)
				}
			}
		})
	}
}

func TestIndexNearestFilterAndTies(t *testing.T) {
	p := orb.Point{67, 41}
	pts := []orb.Point{p, p, {67.001, 41}}
	ix := NewIndex(pts)
	v := Viewport{Center: p, Zoom: 8, Width: 200, Height: 200}
	if i, ok := ix.Nearest(v, 100, 100, 5); !ok || i != 1 {
		t.Errorf("tie: got %d, %v; want the later point 1", i, ok)
	}
	ix.Filter = func(i int) bool { return i == 2 }
	if i, ok := ix.Nearest(v, 100, 100, 5); !ok || i != 2 {
		t.Errorf("filtered: got %d, %v; want 2", i, ok)
	}
	if _, ok := ix.Nearest(v, 150, 150, 5); ok {
		t.Error("found a point far from the pointer")
	}
	empty := NewIndex(nil)
	if _, ok := empty.Nearest(v, 100, 100, 5); ok || empty.Len() != 0 {
		t.Error("empty index found a point")
	}
	if got := empty.InView(v, nil); len(got) != 0 {
		t.Errorf("empty InView = %v", got)
	}
}

func TestIndexInView(t *testing.T) {
	pts := randomPoints(3000, 7)
	ix := NewIndex(pts)
	tests := []Viewport{
		{Center: orb.Point{67.5, 41}, Zoom: 4, Width: 1280, Height: 720},
		{Center: orb.Point{60, 45}, Zoom: 7, Width: 800, Height: 600},
		{Center: orb.Point{120, 45}, Zoom: 7, Width: 800, Height: 600},
	}
	buf := make([]int, 0, 16)
	for _, v := range tests {
		for _, filtered := range []bool{false, true} {
			ix.Filter = nil
			if filtered {
				ix.Filter = func(i int) bool { return i%3 != 0 }
			}
			var want []int
			tr := v.Transform()
			for i, p := range pts {
				x, y := tr(p)
				if x >= 0 && y >= 0 && x <= float64(v.Width) && y <= float64(v.Height) && (ix.Filter == nil || ix.Filter(i)) {
					want = append(want, i)
				}
			}
			buf = ix.InView(v, buf)
			if !slices.Equal(buf, want) {
				t.Errorf("InView(%+v, filtered %v): %d points, want %d", v, filtered, len(buf), len(want))
			}
		}
	}
}

func TestIndexDegenerate(t *testing.T) {
	p := orb.Point{67, 41}
	ix := NewIndex([]orb.Point{p, p, p})
	v := Viewport{Center: p, Zoom: 5, Width: 100, Height: 100}
	if got := ix.InView(v, nil); len(got) != 3 {
		t.Errorf("InView of coincident points = %v", got)
	}
	if _, ok := ix.Nearest(v, 50, 50, math.NaN()); ok {
		t.Error("NaN radius matched")
	}
}
