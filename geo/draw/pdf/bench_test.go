package pdf_test

import (
	"bytes"
	"testing"

	"casmap/geo/draw/drawtest"
	"casmap/geo/draw/pdf"
)

// BenchmarkPDFFigureLike writes the synthetic A4 figure at 300 DPI.
func BenchmarkPDFFigureLike(b *testing.B) {
	f := drawtest.NewFigure()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		c := pdf.New(f.W, f.H, pdf.Options{PointsPerPixel: 72.0 / 300, Title: "Figure"})
		f.Draw(c)
		if _, err := c.WriteTo(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "B/file")
}
