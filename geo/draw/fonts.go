package draw

import (
	"fmt"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Face is one of the embedded Go fonts (BSD licence) that every backend
// draws with, so a figure measures and wraps the same in PNG, SVG and PDF.
type Face uint8

// The embedded faces.
const (
	Regular Face = iota
	Medium
	Bold
	Italic
	numFaces
)

var faceInfo = [numFaces]struct {
	name   string
	family string // the family a vector backend names
	weight int
	italic bool
	ttf    []byte
}{
	Regular: {"Go Regular", "Go", 400, false, goregular.TTF},
	Medium:  {"Go Medium", "Go Medium", 500, false, gomedium.TTF},
	Bold:    {"Go Bold", "Go", 700, false, gobold.TTF},
	Italic:  {"Go Italic", "Go", 400, true, goitalic.TTF},
}

// String returns the full font name, for example "Go Bold".
func (f Face) String() string {
	if f >= numFaces {
		return fmt.Sprintf("Face(%d)", uint8(f))
	}
	return faceInfo[f].name
}

// TTF returns the TrueType file of f, for backends that embed it.
func (f Face) TTF() []byte { return faceInfo[f%numFaces].ttf }

// Family returns the CSS font family, weight (100-900) and italic flag of f.
func (f Face) Family() (family string, weight int, italic bool) {
	i := faceInfo[f%numFaces]
	return i.family, i.weight, i.italic
}

// Font returns the parsed font of f. It panics only if an embedded font is
// corrupt, which the tests rule out.
func (f Face) Font() *opentype.Font {
	parsed.once.Do(func() {
		for i := range faceInfo {
			fo, err := opentype.Parse(faceInfo[i].ttf)
			if err != nil {
				panic(fmt.Sprintf("draw: parse embedded %s: %v", faceInfo[i].name, err))
			}
			parsed.fonts[i] = fo
		}
	})
	return parsed.fonts[f%numFaces]
}

var parsed struct {
	once  sync.Once
	fonts [numFaces]*opentype.Font
}

// metrics caches per face and size (in quarter pixels) the measuring face.
var metrics struct {
	sync.Mutex
	faces map[faceSize]font.Face
}

type faceSize struct {
	face Face
	q    int // size in quarter pixels
}

// QuantSize rounds a font size in pixels to the quarter pixel that every
// backend draws and measures at.
func QuantSize(size float64) float64 {
	return math.Max(1, math.Round(size*4)/4)
}

// withFace calls fn with the measuring face of f at size pixels.
func withFace(f Face, size float64, fn func(font.Face)) {
	size = QuantSize(size)
	k := faceSize{f % numFaces, int(size * 4)}
	metrics.Lock()
	defer metrics.Unlock()
	if metrics.faces == nil {
		metrics.faces = map[faceSize]font.Face{}
	}
	ff, ok := metrics.faces[k]
	if !ok {
		var err error
		ff, err = opentype.NewFace(f.Font(), &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			return
		}
		if len(metrics.faces) > 512 {
			clear(metrics.faces)
		}
		metrics.faces[k] = ff
	}
	fn(ff)
}

// Metrics are the vertical measures of a face at one size, in pixels.
type Metrics struct {
	// Ascent and Descent are the distances above and below the baseline
	// of the measured box.
	Ascent, Descent float64
	// CapHeight is the height of capital letters above the baseline.
	CapHeight float64
}

// FaceMetrics returns the metrics of f at size pixels (see QuantSize).
func FaceMetrics(f Face, size float64) Metrics {
	var m Metrics
	withFace(f, size, func(ff font.Face) {
		fm := ff.Metrics()
		m = Metrics{Ascent: fix(fm.Ascent), Descent: fix(fm.Descent), CapHeight: fix(fm.CapHeight)}
		if m.CapHeight <= 0 {
			m.CapHeight = m.Ascent * 0.7
		}
	})
	return m
}

// Measure returns the advance width and the box height (ascent plus
// descent) of text in f at size pixels.
func Measure(f Face, text string, size float64) (w, h float64) {
	withFace(f, size, func(ff font.Face) {
		fm := ff.Metrics()
		w, h = fix(font.MeasureString(ff, text)), fix(fm.Ascent+fm.Descent)
	})
	return w, h
}

// Origin returns the baseline-left point at which text measured w pixels
// wide in f at size pixels starts when anchored at x, y with a.
func Origin(f Face, size, w, x, y float64, a Anchor) (bx, by float64) {
	m := FaceMetrics(f, size)
	switch a {
	case Center:
		return x - w/2, y + m.CapHeight/2
	case BaselineLeft:
		return x, y
	default:
		return x, y + m.Ascent
	}
}

// HaloWidth returns the width in pixels of the halo around text of size
// pixels.
func HaloWidth(size float64) float64 {
	return math.Max(1.5, math.Min(3, size/6))
}

func fix(v fixed.Int26_6) float64 { return float64(v) / 64 }
