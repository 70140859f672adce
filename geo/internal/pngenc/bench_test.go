package pngenc

import (
	"bytes"
	"image/png"
	"testing"
)

// benchEncode runs enc on the shared map image and reports the file size.
func benchEncode(b *testing.B, enc func(*bytes.Buffer) error) {
	b.Helper()
	img := mapImage3000()
	var buf bytes.Buffer
	if err := enc(&buf); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(img.Pix)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := enc(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}

// BenchmarkEncodePNG encodes the 3000x2000 map image with the default options.
func BenchmarkEncodePNG(b *testing.B) {
	img := mapImage3000()
	benchEncode(b, func(buf *bytes.Buffer) error { return Encode(buf, img, Options{}) })
}

// BenchmarkEncodePNGStdlib is the image/png baseline at its default level.
func BenchmarkEncodePNGStdlib(b *testing.B) {
	img := mapImage3000()
	benchEncode(b, func(buf *bytes.Buffer) error { return png.Encode(buf, img) })
}

// BenchmarkEncodePNGStdlibBestSpeed is the image/png baseline at png.BestSpeed.
func BenchmarkEncodePNGStdlibBestSpeed(b *testing.B) {
	img := mapImage3000()
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	benchEncode(b, func(buf *bytes.Buffer) error { return enc.Encode(buf, img) })
}
