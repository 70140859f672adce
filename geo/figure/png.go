package figure

import (
	"image"
	"io"

	"casmap/geo/internal/pngenc"
)

// EncodePNG writes img to w as a PNG file that records dpi (dots per inch;
// zero records none) in its pHYs chunk. It compresses strips in parallel
// and is several times faster than image/png for figure-sized images.
func EncodePNG(w io.Writer, img image.Image, dpi float64) error {
	return pngenc.Encode(w, img, pngenc.Options{DPI: dpi})
}

// PNGResolution reads the resolution, in dots per inch, that a PNG file
// records; ok is false when it records none in inches-compatible units.
func PNGResolution(r io.Reader) (dpi float64, ok bool, err error) {
	return pngenc.DPI(r)
}
