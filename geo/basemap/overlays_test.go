package basemap

import (
	"image"
	"testing"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/draw"
)

func TestOverlaysGolden(t *testing.T) {
	b := NewBasemap(loadFixture(t, "mini.geojson"))
	v := geo.Viewport{Center: orb.Point{66, 42.5}, Zoom: 5.5, Width: 400, Height: 300}
	img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	b.RenderView(img, v, LightTheme(), nil)
	draw.DrawSoftArea(img, v, orb.Point{63, 43}, 150_000, draw.RGBA(0xc0, 0x4e, 0x3c, 0x70))
	draw.DrawSoftArea(img, v, orb.Point{68, 41.5}, 90_000, draw.RGBA(0x3b, 0x6e, 0xa8, 0x80))
	route := []orb.Point{{61.5, 40.6}, {64, 41.2}, {66.5, 43.8}, {69.5, 44.3}}
	draw.DrawRoute(img, v, route, draw.RGB(0x3b, 0x6e, 0xa8), 3, false)
	draw.DrawRoute(img, v, []orb.Point{{62, 44.5}, {65.5, 44.8}, {70.5, 40.8}}, draw.RGB(0xc0, 0x4e, 0x3c), 2.5, true)
	checkGolden(t, "overlays.png", img)
}
