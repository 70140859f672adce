package svg_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"casmap/geo/draw"
	"casmap/geo/draw/svg"

	"github.com/paulmach/orb"
)

const sceneW, sceneH = 240, 160

var (
	white   = color.RGBA{255, 255, 255, 255}
	red     = color.RGBA{200, 0, 0, 255}
	green   = color.RGBA{0, 160, 0, 255}
	blue    = color.RGBA{0, 0, 255, 255}
	magenta = color.RGBA{255, 0, 255, 255}
	black   = color.RGBA{0, 0, 0, 255}
	yellow  = color.RGBA{255, 220, 0, 255}
)

// sceneTexts are the strings drawn by drawScene, one per face.
var sceneTexts = [4]string{"Regular Hm", "Medium Hm", "Bold Hm", "Italic & <Hm>"}

// square returns the corners of a square, clockwise on screen or not.
func square(x0, y0, x1, y1 float64, cw bool) []orb.Point {
	pts := []orb.Point{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}
	if !cw {
		pts[1], pts[3] = pts[3], pts[1]
	}
	return pts
}

// drawScene draws the test scene that the pixel checks probe.
func drawScene(c draw.Canvas) {
	var p draw.Path
	p.Rect(draw.Rect{X0: 0, Y0: 0, X1: sceneW, Y1: sceneH})
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
	for i, s := range sceneTexts {
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

// checkPixels runs the probes and checks that each line of text drew
// dark glyphs and a yellow halo.
func checkPixels(t *testing.T, img image.Image) {
	t.Helper()
	for _, p := range probes {
		got := color.RGBAModel.Convert(img.At(p.x, p.y)).(color.RGBA)
		if d := maxDiff(got, p.want); d > p.tol {
			t.Errorf("%s at %d,%d: got %v, want %v", p.name, p.x, p.y, got, p.want)
		}
	}
	for i := range sceneTexts {
		y0 := 95 + i*16
		var dark, halo int
		for y := y0; y < y0+16; y++ {
			for x := 118; x < sceneW; x++ {
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
			t.Errorf("text %q: %d dark and %d halo pixels, want ink of both", sceneTexts[i], dark, halo)
		}
	}
}

func maxDiff(a, b color.RGBA) int {
	d := 0
	for _, v := range [3][2]uint8{{a.R, b.R}, {a.G, b.G}, {a.B, b.B}} {
		d = max(d, int(v[0])-int(v[1]), int(v[1])-int(v[0]))
	}
	return d
}

// writeSVG draws with fn on a new canvas and returns the document.
func writeSVG(t *testing.T, w, h float64, opt svg.Options, fn func(draw.Canvas)) []byte {
	t.Helper()
	var buf bytes.Buffer
	c := svg.New(&buf, w, h, opt)
	fn(c)
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	return buf.Bytes()
}

// parse checks that doc is well-formed XML with an <svg> root and
// returns the character data of its <text> elements and its element
// names.
func parse(t *testing.T, doc []byte) (texts []string, elems map[string]int) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	elems = map[string]int{}
	depth, inText := 0, false
	var cur strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 && tok.Name.Local != "svg" {
				t.Fatalf("root element %q, want svg", tok.Name.Local)
			}
			depth++
			elems[tok.Name.Local]++
			if tok.Name.Local == "text" {
				inText = true
				cur.Reset()
			}
		case xml.EndElement:
			depth--
			if tok.Name.Local == "text" {
				texts = append(texts, cur.String())
				inText = false
			}
		case xml.CharData:
			if inText {
				cur.Write(tok)
			}
		}
	}
	if depth != 0 || elems["svg"] != 1 {
		t.Fatalf("unbalanced document (depth %d, %d svg elements)", depth, elems["svg"])
	}
	return texts, elems
}

// rasterise renders doc with rsvg-convert at one pixel per canvas pixel,
// or skips the test when the tool is not installed.
func rasterise(t *testing.T, doc []byte, w, h int) image.Image {
	t.Helper()
	tool, err := exec.LookPath("rsvg-convert")
	if err != nil {
		t.Skip("rsvg-convert not installed: pixel checks skipped")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.svg"), filepath.Join(dir, "out.png")
	if err := os.WriteFile(in, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool, "-w", strconv.Itoa(w), "-h", strconv.Itoa(h), "-b", "white", "-o", out, in)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("rsvg-convert: %v\n%s", err, msg)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode rsvg-convert output: %v", err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("rasterised %v, want %dx%d", b, w, h)
	}
	return img
}

func TestScene(t *testing.T) {
	tests := []struct {
		name    string
		opt     svg.Options
		fonts   int    // @font-face rules
		width   string // width attribute
		inTitle string
	}{
		{"embedded fonts", svg.Options{PointsPerPixel: 0.5, Title: "Scene <1> & co"}, 4, `width="120pt"`, "<title>Scene &lt;1&gt; &amp; co</title>"},
		{"named fonts", svg.Options{NoFontEmbed: true}, 0, `width="180pt"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := writeSVG(t, sceneW, sceneH, tt.opt, drawScene)
			texts, elems := parse(t, doc)
			if strings.Join(texts, "|") != strings.Join(sceneTexts[:], "|") {
				t.Errorf("texts %q, want %q", texts, sceneTexts)
			}
			if n := bytes.Count(doc, []byte("@font-face")); n != tt.fonts {
				t.Errorf("%d @font-face rules, want %d", n, tt.fonts)
			}
			for _, want := range []string{tt.width, `viewBox="0 0 240 160"`, tt.inTitle, `paint-order="stroke"`, `font-weight="700"`, `font-style="italic"`} {
				if !bytes.Contains(doc, []byte(want)) {
					t.Errorf("document lacks %s", want)
				}
			}
			for _, e := range []string{"clipPath", "radialGradient", "image", "circle", "path"} {
				if elems[e] == 0 {
					t.Errorf("no <%s> element", e)
				}
			}
			if tt.opt.Title == "" && elems["title"] != 0 {
				t.Error("<title> without a title")
			}
			checkPixels(t, rasterise(t, doc, sceneW, sceneH))
		})
	}
}

// TestOddInputs draws degenerate and hostile input: the document must stay
// valid and nothing may panic.
func TestOddInputs(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	steps := []struct {
		name string
		fn   func(c draw.Canvas)
	}{
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
			c.Path(&p, draw.Style{Fill: red, Soft: true})
		}},
		{"huge coordinates", func(c draw.Canvas) {
			var p draw.Path
			p.Ring([]orb.Point{{-1e300, -1e300}, {1e300, 0}, {0, 1e300}}, false)
			p.Circle(1e20, 1e20, 1e30)
			c.Path(&p, draw.Style{Fill: red, Stroke: blue, Width: 1e300, Dash: []float64{1e300, -1}})
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
			c.Text("invisible", 10, 10, draw.TextStyle{Size: 12})
			c.Text("outside the fonts: 😀 𝄞 中文 \ufffd", 10, 10, draw.TextStyle{Size: 12, Color: black, Halo: black})
		}},
		{"odd images", func(c draw.Canvas) {
			c.Image(nil, draw.Rect{X1: 10, Y1: 10})
			c.Image(image.NewRGBA(image.Rect(0, 0, 0, 0)), draw.Rect{X1: 10, Y1: 10})
			c.Image(image.NewRGBA(image.Rect(0, 0, 2, 2)), draw.Rect{X0: 10, Y0: 10, X1: 5, Y1: 5})
			c.Image(image.NewRGBA(image.Rect(0, 0, 2, 2)), draw.Rect{X0: nan, X1: 5, Y1: 5})
		}},
		{"clip misuse", func(c draw.Canvas) {
			c.Unclip()
			c.Unclip()
			c.Clip(draw.Rect{X0: nan, Y0: 0, X1: 10, Y1: 10})
			c.Clip(draw.Rect{X0: 10, Y0: 10, X1: 0, Y1: 0})
			c.Unclip()
			c.Clip(draw.Rect{X0: 0, Y0: 0, X1: 10, Y1: 10}) // left open
		}},
	}
	for _, size := range [][2]float64{{100, 80}, {0, 0}, {math.NaN(), -5}} {
		doc := writeSVG(t, size[0], size[1], svg.Options{PointsPerPixel: math.NaN()}, func(c draw.Canvas) {
			for _, s := range steps {
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("%s: panic: %v", s.name, r)
						}
					}()
					s.fn(c)
				}()
			}
		})
		parse(t, doc)
		if bytes.Contains(doc, []byte("NaN")) || bytes.Contains(doc, []byte("Inf")) {
			t.Errorf("size %v: document contains a non-finite number", size)
		}
		if tool, err := exec.LookPath("rsvg-convert"); err == nil && size[0] > 0 {
			dir := t.TempDir()
			in := filepath.Join(dir, "odd.svg")
			if err := os.WriteFile(in, doc, 0o644); err != nil {
				t.Fatal(err)
			}
			if msg, err := exec.Command(tool, "-o", filepath.Join(dir, "odd.png"), in).CombinedOutput(); err != nil {
				t.Errorf("rsvg-convert rejects the document: %v\n%s", err, msg)
			}
		}
	}
}

var errBoom = errors.New("boom")

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errBoom
	}
	return len(p), nil
}

func TestWriteError(t *testing.T) {
	for _, limit := range []int{0, 100, 70 << 10} {
		c := svg.New(&failWriter{n: limit}, 100, 100, svg.Options{})
		f := newFigure()
		f.draw(c)
		err := c.Close()
		if !errors.Is(err, errBoom) || !strings.HasPrefix(err.Error(), "svg: write: ") {
			t.Errorf("limit %d: Close = %v, want svg: write: boom", limit, err)
		}
		if err2 := c.Close(); err2 != err {
			t.Errorf("second Close = %v, want %v", err2, err)
		}
	}
}

// TestFigureSize writes the A4-like figure: it must stay well-formed and
// under 1 MB with the fonts embedded.
func TestFigureSize(t *testing.T) {
	f := newFigure()
	doc := writeSVG(t, f.w, f.h, svg.Options{PointsPerPixel: 72.0 / 300, Title: "Figure"}, f.draw)
	texts, _ := parse(t, doc)
	if len(texts) != f.texts() {
		t.Errorf("%d texts, want %d", len(texts), f.texts())
	}
	if n := bytes.Count(doc, []byte("@font-face")); n != 4 {
		t.Errorf("%d fonts embedded, want 4", n)
	}
	if len(doc) > 1<<20 {
		t.Errorf("figure is %d bytes, want under 1 MB", len(doc))
	}
	t.Logf("figure: %d bytes", len(doc))
}
