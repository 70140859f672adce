package drawtest

import (
	"image"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"casmap/geo/draw"
)

// OddSizes are canvas sizes, in pixels, to draw the odd input on: a usual
// one, an empty one and a non-finite, negative one.
var OddSizes = [][2]float64{{100, 80}, {0, 0}, {math.NaN(), -5}}

// oddStep is one group of degenerate or hostile drawing calls.
type oddStep struct {
	name string
	fn   func(c draw.Canvas)
}

// oddSteps are the calls of DrawOdd: nil and empty paths, non-finite and
// huge coordinates, sizes and dashes, text that is empty, invisible, full
// of control and markup characters or outside the fonts, empty and
// inverted images, and clips misused.
var oddSteps = func() []oddStep {
	nan, inf := math.NaN(), math.Inf(1)
	return []oddStep{
		{"nil path", func(c draw.Canvas) { c.Path(nil, draw.Style{Fill: red}) }},
		{"empty path", func(c draw.Canvas) { c.Path(&draw.Path{}, draw.Style{Fill: red, Stroke: blue, Width: 1}) }},
		{"empty subpaths", func(c draw.Canvas) {
			c.Path(&draw.Path{Subs: []draw.Subpath{{}, {Points: []orb.Point{{1, 1}}}, {Closed: true, Hole: true}}}, draw.Style{Fill: red, Stroke: blue, Width: 1})
		}},
		{"NaN points", func(c draw.Canvas) {
			var p draw.Path
			p.Ring([]orb.Point{{nan, 1}, {2, nan}, {inf, 3}, {-inf, 4}}, false)
			p.Line([]orb.Point{{nan, nan}, {10, 10}, {20, 20}})
			p.Circle(nan, 5, 5)
			p.Subs = append(p.Subs, draw.Subpath{C: orb.Point{5, 5}, R: inf})
			c.Path(&p, draw.Style{Fill: red, Stroke: blue, Width: nan, Dash: []float64{nan, 1}, DashOffset: inf})
			c.Path(&p, draw.Style{Fill: red, Stroke: blue, Width: 1, Dash: []float64{3, 1}, DashOffset: nan})
			c.Path(&p, draw.Style{Fill: red, Soft: true})
		}},
		{"huge coordinates", func(c draw.Canvas) {
			var p draw.Path
			p.Ring([]orb.Point{{-1e300, -1e300}, {1e300, 0}, {0, 1e300}}, false)
			p.Circle(1e20, 1e20, 1e30)
			c.Path(&p, draw.Style{Fill: red, Stroke: blue, Width: 1e300, Dash: []float64{1e300, -1}})
			c.Path(&p, draw.Style{Fill: red, Soft: true})
			c.Text("far", 1e300, -1e300, draw.TextStyle{Size: 1e300, Color: black, Halo: white})
			c.Image(image.NewRGBA(image.Rect(0, 0, 1, 1)), draw.Rect{X0: -1e300, Y0: 0, X1: 1e300, Y1: 1})
		}},
		{"zero dash", func(c draw.Canvas) {
			var p draw.Path
			p.Line([]orb.Point{{0, 0}, {10, 10}})
			c.Path(&p, draw.Style{Stroke: blue, Width: 1, Dash: []float64{0, 0}, Cap: 9, Join: 9})
		}},
		{"odd text", func(c draw.Canvas) {
			c.Text("", 10, 10, draw.TextStyle{Size: 12, Color: black})
			c.Text("zero", 10, 10, draw.TextStyle{Size: 0, Color: black})
			c.Text("negative", 10, 10, draw.TextStyle{Size: -3, Color: black})
			c.Text("nan", nan, 10, draw.TextStyle{Size: 12, Color: black})
			c.Text("nan size", 10, 10, draw.TextStyle{Size: nan, Color: black})
			c.Text("ctrl\x00\x01\x1b\t\n]]>\xff\xfe", 10, 10, draw.TextStyle{Face: 200, Size: 12, Color: black, Anchor: 77})
			c.Text("ctrl\x00\x01\x1b\t\n()\\\xff\xfe", 10, 10, draw.TextStyle{Face: 200, Size: 12, Color: black, Anchor: 77})
			c.Text("invisible", 10, 10, draw.TextStyle{Size: 12})
			c.Text("   ", 10, 10, draw.TextStyle{Size: 12, Color: black})
			c.Text("outside the fonts: 😀 𝄞 中文 \ufffd", 10, 10, draw.TextStyle{Size: 12, Color: black, Halo: black})
		}},
		{"odd images", func(c draw.Canvas) {
			c.Image(nil, draw.Rect{X1: 10, Y1: 10})
			c.Image(image.NewRGBA(image.Rect(0, 0, 0, 0)), draw.Rect{X1: 10, Y1: 10})
			c.Image(image.NewRGBA(image.Rect(0, 0, 2, 2)), draw.Rect{X0: 10, Y0: 10, X1: 5, Y1: 5})
			c.Image(image.NewRGBA(image.Rect(0, 0, 2, 2)), draw.Rect{X0: nan, X1: 5, Y1: 5})
			c.Image(image.NewGray16(image.Rect(0, 0, 3, 3)), draw.Rect{X1: 5, Y1: 5})
		}},
		{"clip misuse", func(c draw.Canvas) {
			c.Unclip()
			c.Unclip()
			c.Clip(draw.Rect{X0: nan, Y0: 0, X1: 10, Y1: 10})
			c.Clip(draw.Rect{X0: 10, Y0: 10, X1: 0, Y1: 0})
			c.Unclip()
			c.Text("inside", 10, 10, draw.TextStyle{Size: 12, Color: black})
			c.Unclip()
			c.Text("after", 10, 10, draw.TextStyle{Size: 12, Color: black})
			c.Clip(draw.Rect{X0: 0, Y0: 0, X1: 10, Y1: 10}) // left open
		}},
	}
}()

// DrawOdd draws degenerate and hostile input on c, reporting a panic of
// any group of calls as an error of tb. It leaves a clip open, which the
// backend must close when it finishes the document.
func DrawOdd(tb testing.TB, c draw.Canvas) {
	tb.Helper()
	for _, s := range oddSteps {
		func() {
			defer func() {
				if r := recover(); r != nil {
					tb.Errorf("%s: panic: %v", s.name, r)
				}
			}()
			s.fn(c)
		}()
	}
}
