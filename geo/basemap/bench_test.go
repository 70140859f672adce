package basemap

import (
	"image"
	"testing"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/draw"
)

var frameView = geo.Viewport{Center: orb.Point{67.5, 41}, Zoom: 5.5, Width: 1920, Height: 1080}

func BenchmarkFrame10k(b *testing.B) {
	bm := loadBorders(b)
	c := NewTileCache(bm, CacheOptions{Theme: LightTheme()})
	defer c.Close()
	warm(b, c, frameView)
	marks, styles := benchMarks(10_000), benchStyles()
	dst := image.NewRGBA(image.Rect(0, 0, frameView.Width, frameView.Height))
	c.Compose(dst, frameView)
	draw.DrawMarks(dst, frameView, marks, styles, 17)
	b.ReportAllocs()
	for b.Loop() {
		if !c.Compose(dst, frameView) {
			b.Fatal("frame not complete from warm tiles")
		}
		draw.DrawMarks(dst, frameView, marks, styles, 17)
	}
}

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

func BenchmarkTileRender(b *testing.B) {
	bm := loadBorders(b)
	x, y := geo.WorldPixel(orb.Point{68.78, 38.56}, 6)
	tile := Tile{Z: 6, X: int(x) / geo.TileSize, Y: int(y) / geo.TileSize}
	dst := image.NewRGBA(image.Rect(0, 0, geo.TileSize, geo.TileSize))
	th := LightTheme()
	bm.RenderTile(dst, tile, th, nil)
	b.ReportAllocs()
	for b.Loop() {
		bm.RenderTile(dst, tile, th, nil)
	}
}

// benchStyles are six typical marker styles.
func benchStyles() []draw.MarkStyle {
	w := draw.RGB(255, 255, 255)
	return []draw.MarkStyle{
		{Shape: draw.Circle, Fill: draw.RGB(0x3b, 0x6e, 0xa8), Stroke: w, Size: 12},
		{Shape: draw.Square, Fill: draw.RGB(0xc0, 0x4e, 0x3c), Stroke: w, Size: 11},
		{Shape: draw.Triangle, Fill: draw.RGB(0x4f, 0x8f, 0x5b), Size: 13, Hollow: true},
		{Shape: draw.Diamond, Fill: draw.RGB(0x8a, 0x5a, 0xa8), Stroke: w, Size: 12, Faded: true},
		{Shape: draw.Star, Fill: draw.RGB(0xd0, 0x8f, 0x2a), Size: 14, Halo: true},
		{Shape: draw.Hexagon, Fill: draw.RGB(0x3a, 0x8e, 0x95), Size: 12, Dashed: true},
	}
}

func benchMarks(n int) []draw.Mark {
	pts := randomPoints(n, 42)
	marks := make([]draw.Mark, n)
	for i, p := range pts {
		marks[i] = draw.Mark{P: p, Style: i % 6}
	}
	return marks
}

// BenchmarkPlaceCountryNames measures naming the countries of Central Asia
// in a 1920×1080 view: fresh (PlaceCountryNames, as a figure does), and
// with a NamePlacer seeking the candidate centres anew each time (the
// window's cost when the view leaves the area it covers) or reusing them
// (the window's cost while it pans nearby).
func BenchmarkPlaceCountryNames(b *testing.B) {
	bm := loadBorders(b)
	isos := []string{"AF", "KG", "KZ", "PK", "TJ", "TM", "UZ"}
	measure := func(text string, size float64) (float64, float64) { return draw.Measure(draw.Medium, text, size) }
	opt := NameOptions{Spacing: 24, MinSize: 9, Tolerance: 3}
	b.Run("fresh", func(b *testing.B) {
		for b.Loop() {
			bm.PlaceCountryNames(frameView, isos, nil, NameOptions{Spacing: 9, MinSize: 7}, measure)
		}
	})
	b.Run("placer-miss", func(b *testing.B) {
		for b.Loop() {
			NewNamePlacer(bm).Place(frameView, isos, nil, opt, measure)
		}
	})
	b.Run("placer-hit", func(b *testing.B) {
		np := NewNamePlacer(bm)
		np.Place(frameView, isos, nil, opt, measure)
		for b.Loop() {
			np.Place(frameView.Pan(40, 0), isos, nil, opt, measure)
		}
	})
}
