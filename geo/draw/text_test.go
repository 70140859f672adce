package draw

import (
	"image"
	"testing"

	"github.com/paulmach/orb"

	"casmap/geo"
)

func TestTextDrawer(t *testing.T) {
	td := DefaultText()
	if td == nil {
		t.Fatal("no default text drawer")
	}
	tests := []struct {
		text string
		size float64
	}{
		{"1", 10},
		{"12", 10},
		{"Samarkand", 12},
		{"SAMARKAND", 14.2},
	}
	var prevW float64
	for _, tt := range tests {
		w, h := td.Measure(tt.text, tt.size)
		if w <= 0 || h < tt.size || h > tt.size*1.6 {
			t.Errorf("Measure(%q, %v) = %v, %v", tt.text, tt.size, w, h)
		}
		if len(tt.text) > 1 && w <= prevW && tt.size >= 10 {
			t.Errorf("longer text %q not wider: %v <= %v", tt.text, w, prevW)
		}
		prevW = w
	}
	img := newImage(t, 120, 40, white)
	td.Draw(img, "Tashkent", 14, 10, 10, RGB(0, 0, 0), RGB(255, 0, 0))
	dark, red := 0, 0
	for y := 0; y < 40; y++ {
		for x := 0; x < 120; x++ {
			p := pixel(img, x, y)
			if p[0] < 60 && p[1] < 60 {
				dark++
			}
			if p[0] > 200 && p[1] < 60 {
				red++
			}
		}
	}
	if dark < 30 || red < 30 {
		t.Errorf("text or halo missing: %d dark, %d halo pixels", dark, red)
	}
	if px := pixel(img, 1, 1); px != white {
		t.Errorf("corner painted: %v", px)
	}
	// Cached sprites are reused.
	if a, b := td.sprite("X", 10, RGB(0, 0, 0), RGB(1, 1, 1)), td.sprite("X", 10, RGB(0, 0, 0), RGB(1, 1, 1)); a != b {
		t.Error("sprite not cached")
	}
	var nilTD *TextDrawer
	nilTD.Draw(img, "x", 10, 0, 0, RGB(0, 0, 0), RGB(0, 0, 0))
	if w, h := nilTD.Measure("x", 10); w != 0 || h != 0 {
		t.Error("nil drawer measured text")
	}
	if _, err := NewTextDrawer([]byte("not a font")); err == nil {
		t.Error("bad font accepted")
	}
	td.Draw(image.NewRGBA(image.Rect(0, 0, 1, 1)), "", 10, 0, 0, RGB(0, 0, 0), RGB(0, 0, 0))
}

func TestDrawRoute(t *testing.T) {
	v := geo.Viewport{Center: orb.Point{67, 41}, Zoom: 6, Width: 300, Height: 200}
	img := newImage(t, 300, 200, white)
	pts := []orb.Point{v.Unproject(50, 100), v.Unproject(250, 100)}
	DrawRoute(img, v, pts, RGB(0, 0, 200), 3, true)
	if px := pixel(img, 50, 105); px[2] < 150 || px[0] > 100 {
		t.Errorf("stop badge missing: %v", px)
	}
	if px := pixel(img, 150, 10); px != white {
		t.Errorf("route painted far from its line: %v", px)
	}
	blue := 0
	for x := 70; x < 230; x++ {
		if p := pixel(img, x, 100); p[2] > 150 && p[0] < 100 {
			blue++
		}
	}
	if blue < 60 || blue > 130 {
		t.Errorf("dashed line covers %d of 160 px; want roughly 60%%", blue)
	}
	DrawRoute(nil, v, pts, RGB(0, 0, 0), 3, false)
	DrawRoute(img, v, nil, RGB(0, 0, 0), 3, false)
}
