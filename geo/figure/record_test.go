package figure

import (
	"context"
	"image"
	"slices"
	"testing"

	"casmap/geo/draw"
)

// recordCanvas is a draw.Canvas that records what is drawn on it, in the
// canvas's pixels.
type recordCanvas struct {
	w, h  float64
	texts []recordedText
	paths []recordedPath
}

// recordedText is one Canvas.Text call.
type recordedText struct {
	text string
	x, y float64
	st   draw.TextStyle
}

// box returns the measured box of the text.
func (t recordedText) box() draw.Rect {
	w, h := draw.Measure(t.st.Face, t.text, t.st.Size)
	x, y := t.x, t.y
	if t.st.Anchor == draw.Center {
		m := draw.FaceMetrics(t.st.Face, t.st.Size)
		x, y = x-w/2, y+m.CapHeight/2-m.Ascent
	}
	return rect(x, y, x+w, y+h)
}

// recordedPath is one Canvas.Path call.
type recordedPath struct {
	subs []draw.Subpath
	st   draw.Style
}

func (c *recordCanvas) Size() (float64, float64) { return c.w, c.h }

func (c *recordCanvas) Path(p *draw.Path, st draw.Style) {
	subs := make([]draw.Subpath, len(p.Subs))
	for i, s := range p.Subs {
		s.Points = slices.Clone(s.Points)
		subs[i] = s
	}
	c.paths = append(c.paths, recordedPath{subs: subs, st: st})
}

func (c *recordCanvas) Text(text string, x, y float64, st draw.TextStyle) {
	c.texts = append(c.texts, recordedText{text: text, x: x, y: y, st: st})
}

func (c *recordCanvas) Image(image.Image, draw.Rect) {}
func (c *recordCanvas) Clip(draw.Rect)               {}
func (c *recordCanvas) Unclip()                      {}

// record draws f with Draw onto a recording canvas and returns it with
// the georeference.
func record(tb testing.TB, f *Figure) (*recordCanvas, *Georef) {
	tb.Helper()
	c := &recordCanvas{w: float64(f.Width), h: float64(f.Height)}
	g, err := Draw(context.Background(), c, f)
	if err != nil {
		tb.Fatalf("draw figure: %v", err)
	}
	return c, g
}
