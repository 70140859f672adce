package geo

import (
	"image"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// frameView is the benchmark view: Central Asia at zoom 5.5 on a full-HD
// screen.
var frameView = Viewport{Center: orb.Point{67.5, 41}, Zoom: 5.5, Width: 1920, Height: 1080}

// benchStyles are six typical marker styles.
func benchStyles() []MarkStyle {
	return []MarkStyle{
		{Shape: Circle, Fill: markPalette[0], Stroke: RGB(255, 255, 255), Size: 12},
		{Shape: Square, Fill: markPalette[1], Stroke: RGB(255, 255, 255), Size: 11},
		{Shape: Triangle, Fill: markPalette[2], Size: 13, Hollow: true},
		{Shape: Diamond, Fill: markPalette[3], Stroke: RGB(255, 255, 255), Size: 12, Faded: true},
		{Shape: Star, Fill: markPalette[4], Size: 14, Halo: true},
		{Shape: Hexagon, Fill: markPalette[5], Size: 12, Dashed: true},
	}
}

func benchMarks(n int) []Mark {
	pts := randomPoints(n, 42)
	marks := make([]Mark, n)
	for i, p := range pts {
		marks[i] = Mark{P: p, Style: i % 6}
	}
	return marks
}

// BenchmarkFrame10k composes one full-HD frame from warm tiles and draws
// 10 000 markers on it.
func BenchmarkFrame10k(b *testing.B) {
	bm := loadBorders(b)
	c := NewTileCache(bm, CacheOptions{Theme: LightTheme()})
	defer c.Close()
	warm(b, c, frameView)
	marks, styles := benchMarks(10_000), benchStyles()
	dst := image.NewRGBA(image.Rect(0, 0, frameView.Width, frameView.Height))
	c.Compose(dst, frameView)
	DrawMarks(dst, frameView, marks, styles, 17)
	b.ReportAllocs()
	for b.Loop() {
		if !c.Compose(dst, frameView) {
			b.Fatal("frame not complete from warm tiles")
		}
		DrawMarks(dst, frameView, marks, styles, 17)
	}
}

// BenchmarkComposeWarm is the basemap part of BenchmarkFrame10k.
func BenchmarkComposeWarm(b *testing.B) {
	bm := loadBorders(b)
	c := NewTileCache(bm, CacheOptions{Theme: LightTheme()})
	defer c.Close()
	warm(b, c, frameView)
	dst := image.NewRGBA(image.Rect(0, 0, frameView.Width, frameView.Height))
	b.ReportAllocs()
	for b.Loop() {
		c.Compose(dst, frameView)
	}
}

// BenchmarkComposeBetweenLevels composes a frame whose zoom lies between
// two quantised levels, so that tiles are resampled.
func BenchmarkComposeBetweenLevels(b *testing.B) {
	bm := loadBorders(b)
	c := NewTileCache(bm, CacheOptions{Theme: LightTheme()})
	defer c.Close()
	v := frameView
	v.Zoom = 5.53
	warm(b, c, v)
	dst := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	b.ReportAllocs()
	for b.Loop() {
		c.Compose(dst, v)
	}
}

// BenchmarkDrawMarks10k is the marker part of BenchmarkFrame10k.
func BenchmarkDrawMarks10k(b *testing.B) {
	marks, styles := benchMarks(10_000), benchStyles()
	dst := image.NewRGBA(image.Rect(0, 0, frameView.Width, frameView.Height))
	DrawMarks(dst, frameView, marks, styles, -1)
	b.ReportAllocs()
	for b.Loop() {
		DrawMarks(dst, frameView, marks, styles, -1)
	}
}

// pointers returns n random pointer positions in v.
func pointers(v Viewport, n int) [][2]float64 {
	r := rand.New(rand.NewPCG(5, 6))
	out := make([][2]float64, n)
	for i := range out {
		out[i] = [2]float64{r.Float64() * float64(v.Width), r.Float64() * float64(v.Height)}
	}
	return out
}

// BenchmarkHitTest100k finds the marker under a random pointer among
// 100 000 markers.
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

// BenchmarkHitTest100kNaive is the linear-scan baseline for
// BenchmarkHitTest100k, over points already in Mercator unit space.
func BenchmarkHitTest100kNaive(b *testing.B) {
	pts := randomPoints(100_000, 42)
	xs, ys := make([]float64, len(pts)), make([]float64, len(pts))
	for i, p := range pts {
		xs[i], ys[i] = ToUnit(p)
	}
	ptr := pointers(frameView, 1024)
	pr := frameView.projector()
	r := 10 / pr.w
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := ptr[i&1023]
		ux, uy := pr.toUnit(p[0], p[1])
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

// BenchmarkTileRender renders the zoom-6 tile containing Dushanbe, which
// shows all of Tajikistan, from the real borders.
func BenchmarkTileRender(b *testing.B) {
	bm := loadBorders(b)
	x, y := WorldPixel(orb.Point{68.78, 38.56}, 6)
	tile := Tile{Z: 6, X: int(x) / TileSize, Y: int(y) / TileSize}
	dst := image.NewRGBA(image.Rect(0, 0, TileSize, TileSize))
	th := LightTheme()
	bm.RenderTile(dst, tile, th, nil)
	b.ReportAllocs()
	for b.Loop() {
		bm.RenderTile(dst, tile, th, nil)
	}
}

// BenchmarkCluster10k clusters 10 000 markers in the benchmark view.
func BenchmarkCluster10k(b *testing.B) {
	pts := randomPoints(10_000, 42)
	ix := NewIndex(pts)
	visible := ix.InView(frameView, nil)
	b.ReportAllocs()
	for b.Loop() {
		Cluster(frameView, pts, visible, 24)
	}
}
