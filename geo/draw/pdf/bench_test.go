package pdf_test

import (
	"bytes"
	"testing"

	"casmap/geo/draw/pdf"
)

// BenchmarkPDFFigureLike writes the synthetic A4 figure at 300 DPI.
func BenchmarkPDFFigureLike(b *testing.B) {
	f := newFigure()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		c := pdf.New(f.w, f.h, pdf.Options{PointsPerPixel: 72.0 / 300, Title: "Figure"})
		f.draw(c)
		if _, err := c.WriteTo(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "B/file")
}
