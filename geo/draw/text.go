package draw

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// maxTextSprites bounds the rendered-text cache of a TextDrawer.
const maxTextSprites = 4096

// TextDrawer measures and draws short single-line texts (badges, labels)
// with an optional halo. Faces are created once per size and every drawn
// text is kept as a small premultiplied sprite, so redrawing the same label
// each frame is a blit. A TextDrawer is safe for concurrent use.
type TextDrawer struct {
	mu      sync.Mutex
	font    *opentype.Font
	faces   map[float64]font.Face
	sprites map[textKey]*sprite
}

// textKey identifies one rendered text sprite.
type textKey struct {
	text      string
	size      float64
	col, halo color.RGBA
}

// sprite is a premultiplied image with the offset of its anchor.
type sprite struct {
	img   *image.RGBA
	spans [][2]int
	// ax, ay is the pixel of img that lands on the drawing position.
	ax, ay int
}

// draw composites the sprite onto dst with its anchor at the pixel x, y.
func (s *sprite) draw(dst *image.RGBA, x, y int) {
	OverSprite(dst, image.Point{X: x - s.ax, Y: y - s.ay}, s.img, s.spans)
}

// NewTextDrawer returns a TextDrawer for the TrueType or OpenType font ttf;
// nil selects Go Bold.
func NewTextDrawer(ttf []byte) (*TextDrawer, error) {
	if ttf == nil {
		ttf = gobold.TTF
	}
	f, err := opentype.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("geo: parse font: %w", err)
	}
	return &TextDrawer{font: f, faces: map[float64]font.Face{}, sprites: map[textKey]*sprite{}}, nil
}

var (
	defaultTextOnce sync.Once
	defaultText     *TextDrawer
)

// DefaultText returns the shared Go Bold TextDrawer used for marker badges
// and route stop numbers, or nil if the embedded font cannot be parsed.
func DefaultText() *TextDrawer {
	defaultTextOnce.Do(func() {
		td, err := NewTextDrawer(nil)
		if err == nil {
			defaultText = td
		}
	})
	return defaultText
}

// quantSize rounds a font size to a quarter pixel so that faces and sprites
// are shared between nearly equal sizes.
func quantSize(size float64) float64 {
	return math.Max(1, math.Round(size*4)/4)
}

// face returns the cached face for size; the caller holds td.mu.
func (td *TextDrawer) face(size float64) (font.Face, error) {
	if f, ok := td.faces[size]; ok {
		return f, nil
	}
	f, err := opentype.NewFace(td.font, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("geo: font face at %.2f px: %w", size, err)
	}
	td.faces[size] = f
	return f, nil
}

// Measure returns the advance width and line height (ascent plus descent)
// of text at size, all in pixels. It returns zeros if the face cannot be
// created.
func (td *TextDrawer) Measure(text string, size float64) (w, h float64) {
	if td == nil {
		return 0, 0
	}
	size = quantSize(size)
	td.mu.Lock()
	defer td.mu.Unlock()
	f, err := td.face(size)
	if err != nil {
		return 0, 0
	}
	m := f.Metrics()
	return fix(font.MeasureString(f, text)), fix(m.Ascent + m.Descent)
}

// Draw draws text at size pixels with the top-left corner of its measured
// box (see Measure) at x, y. A halo of colour halo, HaloWidth(size) pixels
// wide, is drawn behind the glyphs unless halo is transparent. Positions are
// rounded to whole pixels.
func (td *TextDrawer) Draw(dst *image.RGBA, text string, size, x, y float64, col, halo color.RGBA) {
	if td == nil || text == "" {
		return
	}
	s := td.sprite(text, size, col, halo)
	if s == nil {
		return
	}
	s.draw(dst, int(math.Round(x)), int(math.Round(y)))
}

// DrawCentered draws text centred horizontally on cx, with the middle of
// its capital letters (and digits) at cy, so that numbers sit visually
// centred in badges (see Draw).
func (td *TextDrawer) DrawCentered(dst *image.RGBA, text string, size, cx, cy float64, col, halo color.RGBA) {
	if td == nil {
		return
	}
	w, _ := td.Measure(text, size)
	asc, capH := td.CapMetrics(size)
	td.Draw(dst, text, size, cx-w/2, cy+capH/2-asc, col, halo)
}

// CapMetrics returns the ascent and cap height at size, in pixels.
func (td *TextDrawer) CapMetrics(size float64) (ascent, capHeight float64) {
	size = quantSize(size)
	td.mu.Lock()
	defer td.mu.Unlock()
	f, err := td.face(size)
	if err != nil {
		return 0, 0
	}
	m := f.Metrics()
	capHeight = fix(m.CapHeight)
	if capHeight <= 0 {
		capHeight = fix(m.Ascent) * 0.7
	}
	return fix(m.Ascent), capHeight
}

// sprite returns the cached rendering of text, rendering it if needed.
func (td *TextDrawer) sprite(text string, size float64, col, halo color.RGBA) *sprite {
	size = quantSize(size)
	key := textKey{text: text, size: size, col: Sanitize(col), halo: Sanitize(halo)}
	td.mu.Lock()
	defer td.mu.Unlock()
	if s, ok := td.sprites[key]; ok {
		return s
	}
	f, err := td.face(size)
	if err != nil {
		return nil
	}
	s := renderText(f, key)
	if len(td.sprites) >= maxTextSprites {
		clear(td.sprites)
	}
	td.sprites[key] = s
	return s
}

// renderText rasterises key.text with face f into a premultiplied sprite.
func renderText(f font.Face, key textKey) *sprite {
	m := f.Metrics()
	adv := fix(font.MeasureString(f, key.text))
	asc := fix(m.Ascent)
	h := asc + fix(m.Descent)
	hr := 0.0
	if key.halo.A > 0 {
		hr = HaloWidth(key.size)
	}
	pad := int(math.Ceil(hr)) + 1
	w := int(math.Ceil(adv)) + 2*pad
	ht := int(math.Ceil(h)) + 2*pad
	mask := image.NewAlpha(image.Rect(0, 0, w, ht))
	d := font.Drawer{Dst: mask, Src: image.Opaque, Face: f, Dot: fixed.Point26_6{X: fixed.I(pad), Y: fixed.I(pad) + m.Ascent}}
	d.DrawString(key.text)

	img := image.NewRGBA(mask.Rect)
	if hr > 0 {
		hm := dilate(mask, hr)
		for i, a := range hm.Pix {
			if a == 0 {
				continue
			}
			c := WithAlpha(key.halo, a)
			img.Pix[4*i], img.Pix[4*i+1], img.Pix[4*i+2], img.Pix[4*i+3] = c.R, c.G, c.B, c.A
		}
	}
	tc := key.col
	for i, a := range mask.Pix {
		if a == 0 {
			continue
		}
		c := WithAlpha(tc, a)
		inv := uint32(255 - c.A)
		px := img.Pix[4*i : 4*i+4 : 4*i+4]
		px[0] = c.R + uint8((uint32(px[0])*inv+127)/255)
		px[1] = c.G + uint8((uint32(px[1])*inv+127)/255)
		px[2] = c.B + uint8((uint32(px[2])*inv+127)/255)
		px[3] = c.A + uint8((uint32(px[3])*inv+127)/255)
	}
	return &sprite{img: img, spans: OpaqueSpans(img), ax: pad, ay: pad}
}

// dilate returns a mask whose pixels are the maximum of m over a disk of
// radius r pixels, with an antialiased rim.
func dilate(m *image.Alpha, r float64) *image.Alpha {
	type tap struct {
		dx, dy int
		w      uint32 // weight out of 256
	}
	ri := int(math.Ceil(r))
	var taps []tap
	for dy := -ri; dy <= ri; dy++ {
		for dx := -ri; dx <= ri; dx++ {
			d := math.Hypot(float64(dx), float64(dy))
			wt := math.Max(0, math.Min(1, r+0.5-d))
			if wt > 0 {
				taps = append(taps, tap{dx, dy, uint32(wt * 256)})
			}
		}
	}
	b := m.Rect
	out := image.NewAlpha(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			var best uint32
			for _, t := range taps {
				sx, sy := x+t.dx, y+t.dy
				if sx < b.Min.X || sy < b.Min.Y || sx >= b.Max.X || sy >= b.Max.Y {
					continue
				}
				v := uint32(m.Pix[m.PixOffset(sx, sy)]) * t.w >> 8
				if v > best {
					best = v
					if best >= 255 {
						break
					}
				}
			}
			out.Pix[out.PixOffset(x, y)] = uint8(min(best, 255))
		}
	}
	return out
}

// fix converts a 26.6 fixed-point value to float64 pixels.

var faceDrawers [numFaces]struct {
	once sync.Once
	td   *TextDrawer
}

// FaceDrawer returns the shared TextDrawer of the embedded face f.
func FaceDrawer(f Face) *TextDrawer {
	d := &faceDrawers[f%numFaces]
	d.once.Do(func() {
		d.td = &TextDrawer{font: f.Font(), faces: map[float64]font.Face{}, sprites: map[textKey]*sprite{}}
	})
	return d.td
}
