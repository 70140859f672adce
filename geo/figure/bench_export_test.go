package figure

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/basemap"
	"casmap/geo/draw"
	"casmap/geo/internal/pngenc"
)

// a4Figure is a 300 DPI landscape A4 figure of Central Asia with 21
// numbered marks, a legend of 12 items and a key of 21 entries.
func a4Figure(tb testing.TB) *Figure {
	tb.Helper()
	f := sampleFigure(tb, 3508, 2480, false)
	f.DPI = 300
	f.Bound = orb.Bound{Min: orb.Point{46, 30}, Max: orb.Point{88, 56}}
	r := rand.New(rand.NewPCG(7, 11))
	f.Marks, f.Key = nil, nil
	for i := range 21 {
		p := orb.Point{52 + r.Float64()*30, 34 + r.Float64()*17}
		f.Marks = append(f.Marks, draw.Mark{P: p, Style: i % len(f.Styles), Label: fmt.Sprint(i + 1)})
		f.Key = append(f.Key, KeyItem{
			Number: i + 1, Title: fmt.Sprintf("Reported deployment %d near the border", i+1),
			Source: "Open-source report", Date: fmt.Sprintf("%d May 2019", 1+i),
			Quote: "Officials said the unit would stay until the situation on the border had calmed down.",
		})
	}
	// Twelve legend items besides the headings.
	border := FigureLine{Color: draw.RGB(0x6a, 0x70, 0x7c), Width: 1, Dashed: true}
	f.Legend = append(f.Legend, LegendItem{Line: &border, Text: "Disputed border"}, LegendItem{Text: "Location approximate"})
	return f
}

// export1000Figure is a 3000×2000 map-only figure at Web Mercator zoom 7
// centred on lon 67.5, lat 40.5 with all embedded borders and 1 000 marks
// in six styles.
func export1000Figure(tb testing.TB) *Figure {
	tb.Helper()
	v := geo.Viewport{Center: orb.Point{67.5, 40.5}, Zoom: 7, Width: 3000, Height: 2000}
	// A bound just inside the view, so that zoom 7 is the fitting zoom.
	pr := v.Projector()
	x0, y0 := pr.ToUnit(15, 15)
	x1, y1 := pr.ToUnit(float64(v.Width)-15, float64(v.Height)-15)
	b := orb.Bound{Min: geo.FromUnit(x0, y1), Max: geo.FromUnit(x1, y0)}
	r := rand.New(rand.NewPCG(42, 1000))
	marks := make([]draw.Mark, 1000)
	for i := range marks {
		marks[i] = draw.Mark{P: orb.Point{b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])}, Style: i % 6}
	}
	styles := benchStyles()
	for i := range styles {
		styles[i].Size = 8 // points: 16.7 pixels at 150 DPI
	}
	return &Figure{
		Width: v.Width, Height: v.Height, DPI: 150, Bound: b,
		Basemap: loadBorders(tb), Theme: basemap.LightTheme(),
		Marks: marks, Styles: styles, MapOnly: true,
	}
}

// encodeFigure encodes img as a PNG at dpi into buf, reset first.
func encodeFigure(b *testing.B, buf *bytes.Buffer, img image.Image, dpi float64) {
	b.Helper()
	buf.Reset()
	if err := pngenc.Encode(buf, img, pngenc.Options{DPI: dpi}); err != nil {
		b.Fatal(err)
	}
}

// benchExport renders and encodes f in every iteration.
func benchExport(b *testing.B, f *Figure) {
	b.Helper()
	var buf bytes.Buffer
	ctx := context.Background()
	if _, _, err := RenderFigure(ctx, f); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		img, _, err := RenderFigure(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		encodeFigure(b, &buf, img, f.dpi())
	}
	b.ReportMetric(float64(buf.Len()), "png-bytes")
}

// BenchmarkExportA4 renders and encodes a 300 DPI A4 report figure.
func BenchmarkExportA4(b *testing.B) {
	f := a4Figure(b)
	f.Exported = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	benchExport(b, f)
}

// BenchmarkExport1000 renders and encodes a 3000×2000 map of Central Asia
// with 1 000 marks.
func BenchmarkExport1000(b *testing.B) {
	benchExport(b, export1000Figure(b))
}

// BenchmarkExportPlainStaticmaps is the yardstick for BenchmarkExport1000:
// the same map drawn the plain go-staticmaps way and encoded with
// image/png.
func BenchmarkExportPlainStaticmaps(b *testing.B) {
	f := export1000Figure(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		img, err := RenderPlainStaticmaps(f)
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		if err := png.Encode(&buf, img); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "png-bytes")
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
