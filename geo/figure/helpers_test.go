package figure

import (
	"image"
	"sync"
	"testing"

	"casmap/assets"
	"casmap/geo/basemap"
	"casmap/geo/internal/imgtest"
)

var (
	near      = imgtest.Near
	pixel     = imgtest.Pixel
	imageDiff = imgtest.Diff
	newImage  = imgtest.NewImage
	writePNG  = imgtest.WritePNG
	readPNG   = imgtest.ReadPNG
)

func checkGolden(tb testing.TB, name string, img *image.RGBA) {
	tb.Helper()
	imgtest.CheckGolden(tb, name, img)
}

var realBasemap struct {
	once sync.Once
	b    *basemap.Basemap
	err  error
}

// loadBorders returns a basemap of the real borders embedded by package
// casmap/assets, built once per test binary.
func loadBorders(tb testing.TB) *basemap.Basemap {
	tb.Helper()
	realBasemap.once.Do(func() {
		realBasemap.b, realBasemap.err = basemap.DecodeBasemap(assets.Borders)
	})
	if realBasemap.err != nil {
		tb.Fatalf("load embedded borders: %v", realBasemap.err)
	}
	return realBasemap.b
}
