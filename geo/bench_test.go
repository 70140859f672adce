package geo

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

var frameView = Viewport{Center: orb.Point{67.5, 41}, Zoom: 5.5, Width: 1920, Height: 1080}

func pointers(v Viewport, n int) [][2]float64 {
	r := rand.New(rand.NewPCG(5, 6))
	out := make([][2]float64, n)
	for i := range out {
		out[i] = [2]float64{r.Float64() * float64(v.Width), r.Float64() * float64(v.Height)}
	}
	return out
}

func BenchmarkHitTest100k(b *testing.B) {
	ix := NewIndex(randomPoints(100_000, 42))
	ptr := pointers(frameView, 1024)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := ptr[i&1023]
		ix.Nearest(frameView, p[0], p[1], 10)
		i++
	}
}

func BenchmarkHitTest100kNaive(b *testing.B) {
	pts := randomPoints(100_000, 42)
	xs, ys := make([]float64, len(pts)), make([]float64, len(pts))
	for i, p := range pts {
		xs[i], ys[i] = ToUnit(p)
	}
	ptr := pointers(frameView, 1024)
	pr := frameView.Projector()
	r := 10 / pr.w
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := ptr[i&1023]
		ux, uy := pr.ToUnit(p[0], p[1])
		best, bestD := -1, r*r
		for j := range xs {
			dx, dy := xs[j]-ux, ys[j]-uy
			if d := dx*dx + dy*dy; d <= bestD {
				best, bestD = j, d
			}
		}
		_ = best
		i++
	}
}

func BenchmarkCluster10k(b *testing.B) {
	pts := randomPoints(10_000, 42)
	ix := NewIndex(pts)
	visible := ix.InView(frameView, nil)
	b.ReportAllocs()
	for b.Loop() {
		Cluster(frameView, pts, visible, 24)
	}
}
