package svg

import (
	"bytes"
	"strings"
	"testing"

	"casmap/geo/draw"
)

// TestStampWritesPictureOnce checks that a marker drawn many times is
// kept once in <defs> and placed with <use>, and that other pictures get
// their own definition.
func TestStampWritesPictureOnce(t *testing.T) {
	var buf bytes.Buffer
	c := New(&buf, 400, 300, Options{NoFontEmbed: true})
	base := draw.MarkStyle{Shape: draw.Diamond, Fill: draw.RGB(0xe6, 0x7e, 0x00), Stroke: draw.RGB(255, 255, 255), Ring: draw.RGB(0xb0, 0, 0x20), Size: 14, Halo: true}
	for i := range 100 {
		draw.MarkOn(c, base, float64(10+i*3), 150)
	}
	other := base
	other.Hollow = true
	draw.MarkOn(c, other, 200, 200)
	draw.MarkOn(draw.Offset(c, 5, 5), other, 200, 200)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	if n := strings.Count(svg, "<defs><g id="); n != 2 {
		t.Errorf("%d pictures defined, want 2 (one per style)", n)
	}
	if n := strings.Count(svg, "<use "); n != 102 {
		t.Errorf("%d uses, want 102", n)
	}
	if !strings.Contains(svg, `<use xlink:href="#p`) || !strings.Contains(svg, `x="205" y="205"`) {
		t.Errorf("uses do not name their picture or the offset position:\n%s", svg[:min(len(svg), 2000)])
	}
}
