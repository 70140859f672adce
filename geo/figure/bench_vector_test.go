package figure

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"casmap/geo/draw"
)

// a4Figure1000 is a4Figure with 1 000 more unnumbered marks, the workload
// of the print-layout comparison (31 countries, 1 000 points, title,
// legend, scale bar and a 20-line key).
func a4Figure1000(tb testing.TB) *Figure {
	tb.Helper()
	f := a4Figure(tb)
	r := rand.New(rand.NewPCG(3, 1000))
	for i := range 1000 {
		p := orb.Point{f.Bound.Min[0] + r.Float64()*(f.Bound.Max[0]-f.Bound.Min[0]), f.Bound.Min[1] + r.Float64()*(f.Bound.Max[1]-f.Bound.Min[1])}
		f.Marks = append(f.Marks, draw.Mark{P: p, Style: i % len(f.Styles)})
	}
	return f
}

// benchVector measures write, one vector export of f, and reports the
// file size.
func benchVector(b *testing.B, f *Figure, write func(context.Context, io.Writer, *Figure, VectorOptions) (*Georef, error)) {
	var buf bytes.Buffer
	if _, err := write(context.Background(), &buf, f, VectorOptions{Title: f.Title}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if _, err := write(context.Background(), &buf, f, VectorOptions{Title: f.Title}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "B/file")
}

// BenchmarkExportSVG writes the A4 figure of BenchmarkExportA4 as SVG, and
// the same page with 1 000 more points.
func BenchmarkExportSVG(b *testing.B) {
	b.Run("a4", func(b *testing.B) { benchVector(b, a4Figure(b), WriteSVG) })
	b.Run("a4+1000", func(b *testing.B) { benchVector(b, a4Figure1000(b), WriteSVG) })
}

// BenchmarkExportPDF writes the A4 figure of BenchmarkExportA4 as PDF, and
// the same page with 1 000 more points.
func BenchmarkExportPDF(b *testing.B) {
	b.Run("a4", func(b *testing.B) { benchVector(b, a4Figure(b), WritePDF) })
	b.Run("a4+1000", func(b *testing.B) { benchVector(b, a4Figure1000(b), WritePDF) })
}
