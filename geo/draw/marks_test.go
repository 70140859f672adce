package draw

import (
	"image"
	"image/color"
	"math"
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"casmap/geo"
)

// markVariants are the rows of the marks golden.
var markVariants = []struct {
	name string
	mod  func(*MarkStyle)
}{
	{"solid", func(s *MarkStyle) {}},
	{"hollow", func(s *MarkStyle) { s.Hollow = true }},
	{"dashed", func(s *MarkStyle) { s.Dashed = true }},
	{"hollow dashed", func(s *MarkStyle) { s.Hollow, s.Dashed = true, true }},
	{"faded", func(s *MarkStyle) { s.Faded = true }},
	{"halo ring", func(s *MarkStyle) { s.Halo, s.Ring = true, RGB(0xd9, 0x8c, 0x1f) }},
	{"large", func(s *MarkStyle) { s.Size = 22 }},
}

// markPalette is a muted categorical palette.
var markPalette = []color.RGBA{
	RGB(0x3b, 0x6e, 0xa8), RGB(0xc0, 0x4e, 0x3c), RGB(0x4f, 0x8f, 0x5b),
	RGB(0x8a, 0x5a, 0xa8), RGB(0xd0, 0x8f, 0x2a), RGB(0x3a, 0x8e, 0x95), RGB(0x6b, 0x6b, 0x75),
}

func marksScene(tb testing.TB) (*image.RGBA, geo.Viewport, []Mark, []MarkStyle) {
	tb.Helper()
	const cellW, cellH, pad = 56, 46, 30
	w := pad*2 + cellW*len(Shapes)
	h := pad*2 + cellH*len(markVariants)
	v := geo.Viewport{Center: orb.Point{67, 41}, Zoom: 7, Width: w, Height: h}
	img := newImage(tb, w, h, [4]uint8{0xf4, 0xf1, 0xea, 0xff})
	var marks []Mark
	var styles []MarkStyle
	for row, variant := range markVariants {
		for col, shape := range Shapes {
			st := MarkStyle{Shape: shape, Fill: markPalette[col], Stroke: RGB(0xff, 0xff, 0xff), Size: 14}
			variant.mod(&st)
			styles = append(styles, st)
			m := Mark{P: v.Unproject(pad+float64(col*cellW)+cellW/2, pad+float64(row*cellH)+cellH/2), Style: len(styles) - 1}
			if variant.name == "large" {
				m.Label = strconv.Itoa(col + 3)
			}
			if variant.name == "solid" && col%2 == 1 {
				m.Label = strconv.Itoa(col * 4)
			}
			marks = append(marks, m)
		}
	}
	return img, v, marks, styles
}

func TestMarksGolden(t *testing.T) {
	img, v, marks, styles := marksScene(t)
	// Select the circle of the "halo ring" row.
	selected := 5 * len(Shapes)
	DrawMarks(img, v, marks, styles, selected)
	checkGolden(t, "marks.png", img)
}

func TestMarkSpriteCache(t *testing.T) {
	st := MarkStyle{Shape: Star, Fill: RGB(200, 0, 0), Size: 13}
	a, b := markSprite(st, false), markSprite(st, false)
	if a != b {
		t.Error("same style rendered twice")
	}
	if c := markSprite(st, true); c == a || c.img.Rect.Dx() <= a.img.Rect.Dx() {
		t.Error("selected sprite should be a distinct, larger sprite")
	}
	zero := markSprite(MarkStyle{Fill: RGB(0, 0, 0)}, false)
	if zero.img.Rect.Dx() < DefaultMarkSize {
		t.Errorf("default size sprite is %v wide", zero.img.Rect.Dx())
	}
}

func TestDrawMarksEdgeCases(t *testing.T) {
	v := geo.Viewport{Center: orb.Point{67, 41}, Zoom: 6, Width: 100, Height: 100}
	img := newImage(t, 100, 100, white)
	styles := []MarkStyle{{Shape: Circle, Fill: RGB(0, 0, 0), Size: 10}}
	marks := []Mark{
		{P: orb.Point{67, 41}, Style: 5},   // bad style
		{P: orb.Point{67, 41}, Style: -1},  // bad style
		{P: orb.Point{-170, 41}, Style: 0}, // far off-screen
	}
	DrawMarks(img, v, marks, styles, 7)
	DrawMarks(nil, v, marks, styles, 0)
	if got := coverage(img); got != 0 {
		t.Errorf("nothing should be drawn, painted %.1f px", got)
	}
	marks = append(marks, Mark{P: orb.Point{67, 41}, Style: 0})
	DrawMarks(img, v, marks, styles, -1)
	if got := coverage(img); !near(got, 25*3.14159, 6) {
		t.Errorf("one 10 px disk should paint about 78.5 px, got %.1f", got)
	}
	if px := pixel(img, 50, 50); px[0] != 0 {
		t.Errorf("mark not centred on its point: %v", px)
	}
}

func TestDrawSoftArea(t *testing.T) {
	v := geo.Viewport{Center: orb.Point{67, 41}, Zoom: 6, Width: 200, Height: 200}
	img := newImage(t, 200, 200, white)
	r := 100_000.0 / geo.MetresPerPixelAt(41, 6) // pixels
	DrawSoftArea(img, v, orb.Point{67, 41}, 100_000, RGB(0, 0, 0))
	if px := pixel(img, 100, 100); px[0] != 0 {
		t.Errorf("centre of soft area = %v; want full colour", px)
	}
	if px := pixel(img, 100+int(r)+1, 100); px != white {
		t.Errorf("pixel outside the radius painted: %v", px)
	}
	mid := pixel(img, 100+int(r*0.8), 100)
	if mid[0] == 0 || mid[0] == 255 {
		t.Errorf("edge should be soft, got %v at 0.8 r", mid)
	}
	DrawSoftArea(img, v, orb.Point{67, 41}, -5, RGB(0, 0, 0))
	DrawSoftArea(nil, v, orb.Point{67, 41}, 5, RGB(0, 0, 0))
}

func TestDrawMarksBandedMatchesSequential(t *testing.T) {
	marks, styles := benchMarks(3000), benchStyles()
	v := frameView
	v.Width, v.Height = 900, 500
	got := newImage(t, v.Width, v.Height, [4]uint8{0xf4, 0xf1, 0xea, 0xff})
	want := newImage(t, v.Width, v.Height, [4]uint8{0xf4, 0xf1, 0xea, 0xff})
	DrawMarks(got, v, marks, styles, -1)
	for _, m := range marks {
		x, y := v.Project(m.P)
		markSprite(styles[m.Style], false).draw(want, int(math.Round(x)), int(math.Round(y)))
	}
	if string(got.Pix) != string(want.Pix) {
		mean, share, _ := imageDiff(got, want)
		t.Errorf("banded drawing differs from sequential: mean %.4f, share %.5f", mean, share)
	}
}
