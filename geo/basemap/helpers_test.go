package basemap

import (
	"image"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"casmap/assets"
	"casmap/geo/internal/imgtest"
)

var (
	randomPoints = imgtest.RandomPoints
	near         = imgtest.Near
	pixel        = imgtest.Pixel
	imageDiff    = imgtest.Diff
	newImage     = imgtest.NewImage
)

func checkGolden(tb testing.TB, name string, img *image.RGBA) {
	tb.Helper()
	imgtest.CheckGolden(tb, name, img)
}

// loadFixture returns the countries of a GeoJSON file under testdata.
func loadFixture(tb testing.TB, name string) []Country {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatalf("read fixture: %v", err)
	}
	cs, err := LoadCountries(data)
	if err != nil {
		tb.Fatalf("load fixture %s: %v", name, err)
	}
	return cs
}

var realBasemap struct {
	once sync.Once
	b    *Basemap
	err  error
}

// loadBorders returns a basemap of the real borders embedded by package
// casmap/assets, built once per test binary.
func loadBorders(tb testing.TB) *Basemap {
	tb.Helper()
	realBasemap.once.Do(func() {
		realBasemap.b, realBasemap.err = DecodeBasemap(assets.Borders)
	})
	if realBasemap.err != nil {
		tb.Fatalf("load embedded borders: %v", realBasemap.err)
	}
	return realBasemap.b
}
