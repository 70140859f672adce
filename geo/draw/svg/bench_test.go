package svg_test

import (
	"bytes"
	"testing"

	"casmap/geo/draw/drawtest"
	"casmap/geo/draw/svg"
)

// BenchmarkSVGFigureLike writes the synthetic A4 figure at 300 DPI, with
// the used faces embedded as subsets and with the family named only.
func BenchmarkSVGFigureLike(b *testing.B) {
	for _, bc := range []struct {
		name string
		opt  svg.Options
	}{
		{"embedded", svg.Options{PointsPerPixel: 72.0 / 300, Title: "Figure"}},
		{"named", svg.Options{PointsPerPixel: 72.0 / 300, Title: "Figure", NoFontEmbed: true}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			f := drawtest.NewFigure()
			var buf bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				c := svg.New(&buf, f.W, f.H, bc.opt)
				f.Draw(c)
				if err := c.Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "B/file")
		})
	}
}
