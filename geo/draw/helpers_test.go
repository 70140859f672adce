package draw

import (
	"image"
	"testing"

	"casmap/geo/internal/imgtest"
)

var (
	randomPoints = imgtest.RandomPoints
	near         = imgtest.Near
	newImage     = imgtest.NewImage
	pixel        = imgtest.Pixel
	imageDiff    = imgtest.Diff
)

func checkGolden(tb testing.TB, name string, img *image.RGBA) {
	tb.Helper()
	imgtest.CheckGolden(tb, name, img)
}
