package draw

import (
	"image"
	"testing"

	"github.com/paulmach/orb"

	"casmap/geo"
)

var frameView = geo.Viewport{Center: orb.Point{67.5, 41}, Zoom: 5.5, Width: 1920, Height: 1080}

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

func BenchmarkDrawMarks10k(b *testing.B) {
	marks, styles := benchMarks(10_000), benchStyles()
	dst := image.NewRGBA(image.Rect(0, 0, frameView.Width, frameView.Height))
	DrawMarks(dst, frameView, marks, styles, -1)
	b.ReportAllocs()
	for b.Loop() {
		DrawMarks(dst, frameView, marks, styles, -1)
	}
}
