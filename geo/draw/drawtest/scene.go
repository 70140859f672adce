// Package drawtest holds the test support shared by casmap's vector
// backends of draw.Canvas (draw/svg and draw/pdf): a test scene drawn
// through the Canvas with the pixel checks that its rasterisation must
// pass, degenerate and hostile input that must not break a document, a
// synthetic report figure for size checks and benchmarks, and helpers
// that run external tools and read the PNG files they write. Only tests
// import it.
package drawtest

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"casmap/geo/draw"
)

// SceneW and SceneH are the size of the test scene in pixels.
const SceneW, SceneH = 240, 160

var (
	white   = color.RGBA{255, 255, 255, 255}
	red     = color.RGBA{200, 0, 0, 255}
	green   = color.RGBA{0, 160, 0, 255}
	blue    = color.RGBA{0, 0, 255, 255}
	magenta = color.RGBA{255, 0, 255, 255}
	black   = color.RGBA{0, 0, 0, 255}
	yellow  = color.RGBA{255, 220, 0, 255}
)

// SceneTexts are the strings drawn by Scene, one per face in the order
// of draw.Face.
var SceneTexts = [4]string{"Regular Hm", "Medium Hm", "Bold Hm", "Italic & <Hm>"}

// square returns the corners of a square, clockwise on screen or not.
func square(x0, y0, x1, y1 float64, cw bool) []orb.Point {
	pts := []orb.Point{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}
	if !cw {
		pts[1], pts[3] = pts[3], pts[1]
	}
	return pts
}

// Scene draws the test scene on c, a canvas of SceneW by SceneH pixels:
// fills with holes and overlaps, a dashed stroke, circles plain and soft,
// translucency, nested clips, an image and haloed text in every face.
// CheckPixels checks its rasterisation.
func Scene(c draw.Canvas) {
	var p draw.Path
	p.Rect(draw.Rect{X0: 0, Y0: 0, X1: SceneW, Y1: SceneH})
	c.Path(&p, draw.Style{Fill: white})

	// A ring with a hole, the hole given in the same orientation as the
	// outline; the backend must wind it the other way.
	p.Reset()
	p.Ring(square(10, 10, 70, 70, false), false)
	p.Ring(square(30, 30, 50, 50, false), true)
	c.Path(&p, draw.Style{Fill: red})

	// Two overlapping outlines of opposite orientation: nonzero must fill
	// the overlap once.
	p.Reset()
	p.Ring(square(80, 10, 110, 40, true), false)
	p.Ring(square(95, 25, 125, 55, false), false)
	c.Path(&p, draw.Style{Fill: green})

	// A dashed stroke, butt caps.
	p.Reset()
	p.Line([]orb.Point{{10, 85}, {110, 85}})
	c.Path(&p, draw.Style{Stroke: blue, Width: 6, Dash: []float64{10, 10}, Cap: draw.ButtCap})

	// A circle with a stroke.
	p.Reset()
	p.Circle(150, 30, 15)
	c.Path(&p, draw.Style{Fill: green, Stroke: black, Width: 2})

	// A soft circle.
	p.Reset()
	p.Circle(205, 35, 30)
	c.Path(&p, draw.Style{Fill: black, Soft: true})

	// Half-transparent blue, premultiplied.
	p.Reset()
	p.Rect(draw.Rect{X0: 130, Y0: 60, X1: 170, Y1: 80})
	c.Path(&p, draw.Style{Fill: color.RGBA{0, 0, 128, 128}})

	// A clipped rectangle, with a clip nested inside that is undone.
	c.Clip(draw.Rect{X0: 10, Y0: 100, X1: 60, Y1: 150})
	c.Clip(draw.Rect{X0: 0, Y0: 0, X1: 20, Y1: 20})
	c.Unclip()
	p.Reset()
	p.Rect(draw.Rect{X0: 0, Y0: 95, X1: 90, Y1: 160})
	c.Path(&p, draw.Style{Fill: magenta})
	c.Unclip()

	// An image of four colour blocks.
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for y := range 8 {
		for x := range 8 {
			col := [4]color.RGBA{red, green, blue, black}[y/4*2+x/4]
			img.SetRGBA(x, y, col)
		}
	}
	c.Image(img, draw.Rect{X0: 70, Y0: 100, X1: 110, Y1: 140})

	// Text in each face with a halo.
	for i, s := range SceneTexts {
		c.Text(s, 120, 95+float64(i)*16, draw.TextStyle{Face: draw.Face(i), Size: 13, Color: black, Halo: yellow})
	}
}

// probe is a pixel check on the rasterised scene.
type probe struct {
	name string
	x, y int
	want color.RGBA
	tol  int
}

var probes = []probe{
	{"ring fill", 20, 20, red, 30},
	{"hole empty", 40, 40, white, 30},
	{"outside ring", 75, 75, white, 30},
	{"union left", 85, 15, green, 30},
	{"union overlap", 102, 32, green, 30},
	{"union right", 120, 50, green, 30},
	{"dash on", 15, 85, blue, 40},
	{"dash gap", 25, 85, white, 40},
	{"dash on again", 35, 85, blue, 40},
	{"circle fill", 150, 30, green, 30},
	{"circle outside", 150, 50, white, 30},
	{"soft core", 205, 35, black, 30},
	{"soft rim", 205 + 21, 35, gray(draw.SoftAlpha(0.7)), 30},
	{"soft edge", 205, 35 + 29, gray(draw.SoftAlpha(29.0 / 30)), 30},
	{"translucent blue", 150, 70, color.RGBA{127, 127, 255, 255}, 30},
	{"clip inside", 30, 120, magenta, 30},
	{"clip outside", 80, 97, white, 30},
	{"clip below", 30, 155, white, 30},
	{"image red", 80, 110, red, 40},
	{"image green", 100, 110, green, 40},
	{"image blue", 80, 130, blue, 40},
	{"image black", 100, 130, black, 40},
}

// gray is black at opacity a over white.
func gray(a float64) color.RGBA {
	v := uint8(math.Round(255 * (1 - a)))
	return color.RGBA{v, v, v, 255}
}

// CheckPixels runs the pixel probes on img, the scene rasterised at one
// pixel per canvas pixel over white, and checks that each line of text
// drew dark glyphs and a yellow halo.
func CheckPixels(tb testing.TB, img image.Image) {
	tb.Helper()
	for _, p := range probes {
		got := color.RGBAModel.Convert(img.At(p.x, p.y)).(color.RGBA)
		if d := maxDiff(got, p.want); d > p.tol {
			tb.Errorf("%s at %d,%d: got %v, want %v", p.name, p.x, p.y, got, p.want)
		}
	}
	for i := range SceneTexts {
		y0 := 95 + i*16
		var dark, halo int
		for y := y0; y < y0+16; y++ {
			for x := 118; x < SceneW; x++ {
				c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
				switch {
				case c.R < 80 && c.G < 80 && c.B < 80:
					dark++
				case c.R > 200 && c.G > 170 && c.B < 90:
					halo++
				}
			}
		}
		if dark < 40 || halo < 40 {
			tb.Errorf("text %q: %d dark and %d halo pixels, want ink of both", SceneTexts[i], dark, halo)
		}
	}
}

// maxDiff returns the largest difference of the colour channels of a and b.
func maxDiff(a, b color.RGBA) int {
	d := 0
	for _, v := range [3][2]uint8{{a.R, b.R}, {a.G, b.G}, {a.B, b.B}} {
		d = max(d, int(v[0])-int(v[1]), int(v[1])-int(v[0]))
	}
	return d
}
