package draw

import (
	"image"
	"image/color"
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"casmap/geo"
)

var white = [4]uint8{255, 255, 255, 255}

// coverage sums how much of c was painted over a white image, in pixels.
func coverage(img *image.RGBA) float64 {
	var sum float64
	for i := 0; i < len(img.Pix); i += 4 {
		sum += float64(255-img.Pix[i+1]) / 255 // green drops as black/red is painted
	}
	return sum
}

var black = RGB(0, 0, 0)

func TestPainterFillArea(t *testing.T) {
	square := orb.Polygon{{{10, 10}, {60, 10}, {60, 60}, {10, 60}}}
	squareCW := orb.Polygon{{{10, 10}, {10, 60}, {60, 60}, {60, 10}}}
	holeSame := orb.Polygon{{{10, 10}, {60, 10}, {60, 60}, {10, 60}}, {{20, 20}, {40, 20}, {40, 40}, {20, 40}}}
	holeOpp := orb.Polygon{{{10, 10}, {60, 10}, {60, 60}, {10, 60}}, {{20, 20}, {20, 40}, {40, 40}, {40, 20}}}
	half := orb.Polygon{{{10.5, 10}, {20.5, 10}, {20.5, 20}, {10.5, 20}}}
	tests := []struct {
		name  string
		poly  orb.Polygon
		area  float64
		probe image.Point // a pixel that must stay white, or none
	}{
		{"ccw square", square, 2500, image.Point{5, 5}},
		{"cw square", squareCW, 2500, image.Point{61, 61}},
		{"hole same winding", holeSame, 2100, image.Point{30, 30}},
		{"hole opposite winding", holeOpp, 2100, image.Point{30, 30}},
		{"half-pixel edges", half, 100, image.Point{5, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := newImage(t, 80, 80, white)
			var p Painter
			p.FillPolygon(img, tt.poly, black)
			if got := coverage(img); !near(got, tt.area, 1) {
				t.Errorf("painted area = %.2f px; want %.0f", got, tt.area)
			}
			if px := pixel(img, tt.probe.X, tt.probe.Y); px != white {
				t.Errorf("pixel %v = %v; want untouched", tt.probe, px)
			}
		})
	}
}

func TestPainterUnionDoesNotDoubleBlend(t *testing.T) {
	img := newImage(t, 100, 40, white)
	var p Painter
	half := WithAlpha(black, 128)
	// Two overlapping rectangles and a polyline with a sharp turn, one pass.
	p.AddRing([]orb.Point{{10, 10}, {40, 10}, {40, 30}, {10, 30}}, false)
	p.AddRing([]orb.Point{{30, 10}, {60, 10}, {60, 30}, {30, 30}}, false)
	p.AddStroke([]orb.Point{{70, 5}, {90, 20}, {70, 35}}, Stroke{Width: 4})
	p.Fill(img, half)
	single, overlap := pixel(img, 20, 20), pixel(img, 35, 20)
	if single != overlap {
		t.Errorf("overlap pixel %v differs from single %v", overlap, single)
	}
	if corner := pixel(img, 89, 20); corner[0] < single[0] {
		t.Errorf("stroke join pixel %v darker than a single layer %v", corner, single)
	}
}

func TestPainterStroke(t *testing.T) {
	tests := []struct {
		name string
		pts  []orb.Point
		s    Stroke
		area float64
		tol  float64
	}{
		{"butt", []orb.Point{{10, 50}, {90, 50}}, Stroke{Width: 3}, 240, 1},
		{"round caps", []orb.Point{{10, 50}, {90, 50}}, Stroke{Width: 4, RoundCaps: true}, 320 + 4*math.Pi, 1.5},
		{"thin", []orb.Point{{10.5, 20.25}, {80.5, 70.25}}, Stroke{Width: 1}, math.Hypot(70, 50), 1},
		{"dashed", []orb.Point{{10, 50}, {90, 50}}, Stroke{Width: 2, Dash: []float64{10, 10}}, 80, 1},
		{"dash offset", []orb.Point{{10, 50}, {90, 50}}, Stroke{Width: 2, Dash: []float64{10, 10}, DashOffset: 5}, 80, 1},
		{"odd dash pattern", []orb.Point{{0, 50}, {90, 50}}, Stroke{Width: 2, Dash: []float64{10}}, 100, 1},
		{"closed square", []orb.Point{{20, 20}, {60, 20}, {60, 60}, {20, 60}}, Stroke{Width: 2, Closed: true}, 42*42 - 38*38, 3},
		{"zero width", []orb.Point{{10, 50}, {90, 50}}, Stroke{}, 0, 0},
		{"bad dash falls back to solid", []orb.Point{{10, 50}, {90, 50}}, Stroke{Width: 2, Dash: []float64{-1, 2}}, 160, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := newImage(t, 100, 100, white)
			var p Painter
			p.StrokePolyline(img, tt.pts, tt.s, black)
			if got := coverage(img); !near(got, tt.area, tt.tol) {
				t.Errorf("stroke area = %.2f px; want %.2f±%.1f", got, tt.area, tt.tol)
			}
		})
	}
}

func TestPainterHugeCoordinatesAreClipped(t *testing.T) {
	img := newImage(t, 64, 64, white)
	var p Painter
	start := time.Now()
	p.FillPolygon(img, orb.Polygon{{{-1e7, -1e7}, {1e7, -1e7}, {1e7, 1e7}, {-1e7, 1e7}}}, black)
	p.StrokePolyline(img, []orb.Point{{-1e8, 32}, {1e8, 33}}, Stroke{Width: 2}, RGB(255, 0, 0))
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("drawing far-off geometry took %v", d)
	}
	if got := coverage(img); !near(got, 64*64, 0.5) {
		t.Errorf("coverage %.1f; want the whole image", got)
	}
	if px := pixel(img, 10, 32); px[0] != 255 || px[1] != 0 {
		t.Errorf("stroke missing at 10,32: %v", px)
	}
}

func TestPainterCircleAndShapes(t *testing.T) {
	img := newImage(t, 100, 100, white)
	var p Painter
	p.FillCircle(img, 50, 50, 20, black)
	if got := coverage(img); !near(got, math.Pi*400, 3) {
		t.Errorf("disk area = %.1f; want %.1f", got, math.Pi*400)
	}
	img = newImage(t, 100, 100, white)
	p.StrokeCircle(img, 50, 50, 20, 2, black)
	if got := coverage(img); !near(got, 2*math.Pi*20*2, 3) {
		t.Errorf("circle outline area = %.1f; want %.1f", got, 2*math.Pi*40)
	}
	for _, s := range Shapes {
		if s.String() == "" || s.String() == Shape(200).String() {
			t.Errorf("shape %d has no name", s)
		}
		img := newImage(t, 100, 100, white)
		p.DrawShape(img, s, 50, 60, 30, black, RGB(255, 0, 0), 2)
		if got := coverage(img); got < 200 || got > 30*30*1.3 {
			t.Errorf("%v: painted %.1f px, implausible for size 30", s, got)
		}
		if s != Pin {
			if px := pixel(img, 50, 60); px[1] != 0 {
				t.Errorf("%v: centre pixel not filled: %v", s, px)
			}
		}
	}
}

func TestPainterEdgeCases(t *testing.T) {
	var p Painter
	p.FillPolygon(nil, orb.Polygon{{{0, 0}, {1, 0}, {1, 1}}}, black) // nil dst
	if !p.Empty() {
		t.Error("geometry kept after Fill")
	}
	img := newImage(t, 10, 10, white)
	p.FillPolygon(img, orb.Polygon{{{0, 0}, {5, 5}}}, black) // degenerate
	p.StrokePolyline(img, []orb.Point{{5, 5}}, Stroke{Width: 3}, black)
	p.FillCircle(img, 5, 5, -1, black)
	if got := coverage(img); got != 0 {
		t.Errorf("degenerate input painted %.1f px", got)
	}
	// An invalid premultiplied colour must not wrap around.
	p.FillPolygon(img, orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}}, color.RGBA{R: 255, G: 10, B: 10, A: 100})
	if px := pixel(img, 5, 5); px[0] != 255 || px[1] < 150 {
		t.Errorf("invalid colour blended to %v", px)
	}
	// Sub-image destinations paint in their own coordinates.
	big := newImage(t, 40, 40, white)
	sub := big.SubImage(image.Rect(20, 20, 40, 40)).(*image.RGBA)
	p.FillPolygon(sub, orb.Polygon{{{0, 0}, {40, 0}, {40, 40}, {0, 40}}}, black)
	if px := pixel(big, 10, 10); px != white {
		t.Errorf("painting a sub-image leaked outside it: %v", px)
	}
	if px := pixel(big, 30, 30); px[0] != 0 {
		t.Errorf("sub-image not painted: %v", px)
	}
}

func TestPainterGeo(t *testing.T) {
	v := geo.Viewport{Center: orb.Point{65, 42.5}, Zoom: 5, Width: 200, Height: 200}
	img := newImage(t, 200, 200, white)
	var p Painter
	p.FillGeo(img, orb.MultiPolygon{{{{64, 42}, {66, 42}, {66, 43}, {64, 43}, {64, 42}}}}, v.Transform(), black)
	if px := pixel(img, 100, 100); px[0] != 0 {
		t.Errorf("centre of projected square not filled: %v", px)
	}
	for _, g := range []orb.Geometry{
		orb.Polygon{{{63, 44}, {63.5, 44}, {63.5, 44.5}, {63, 44}}},
		orb.Ring{{66.5, 44}, {67, 44}, {67, 44.5}, {66.5, 44}},
		orb.Point{1, 2}, // ignored
	} {
		before := coverage(img)
		p.FillGeo(img, g, v.Transform(), black)
		if _, isPoint := g.(orb.Point); coverage(img) <= before && !isPoint {
			t.Errorf("%T not filled", g)
		}
	}
	p.StrokeGeo(img, orb.LineString{{60, 40}, {70, 45}}, v.Transform(), Stroke{Width: 2}, RGB(255, 0, 0))
	if px := pixel(img, 0, 0); px != white {
		t.Errorf("corner painted: %v", px)
	}
}
