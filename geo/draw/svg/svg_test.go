package svg_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"casmap/geo/draw"
	"casmap/geo/draw/drawtest"
	"casmap/geo/draw/svg"
)

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
// rasterise renders doc with rsvg-convert at one pixel per canvas pixel
// over white, or skips the test when the tool is not installed.
func rasterise(t *testing.T, doc []byte, w, h int) image.Image {
	t.Helper()
	return drawtest.Rasterise(t, doc, "svg", "rsvg-convert", false, w, h,
		"-w", strconv.Itoa(w), "-h", strconv.Itoa(h), "-b", "white", "-o", "$DIR/out.png", "$IN")
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
			doc := writeSVG(t, drawtest.SceneW, drawtest.SceneH, tt.opt, drawtest.Scene)
			texts, elems := parse(t, doc)
			if strings.Join(texts, "|") != strings.Join(drawtest.SceneTexts[:], "|") {
				t.Errorf("texts %q, want %q", texts, drawtest.SceneTexts)
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
			drawtest.CheckPixels(t, rasterise(t, doc, drawtest.SceneW, drawtest.SceneH))
		})
	}
}

// TestOddInputs draws degenerate and hostile input: the document must stay
// valid and nothing may panic.
func TestOddInputs(t *testing.T) {
	for _, size := range drawtest.OddSizes {
		doc := writeSVG(t, size[0], size[1], svg.Options{PointsPerPixel: math.NaN()}, func(c draw.Canvas) { drawtest.DrawOdd(t, c) })
		parse(t, doc)
		if bytes.Contains(doc, []byte("NaN")) || bytes.Contains(doc, []byte("Inf")) {
			t.Errorf("size %v: document contains a non-finite number", size)
		}
		if drawtest.HasTool("rsvg-convert") && size[0] > 0 {
			drawtest.Run(t, doc, "svg", "rsvg-convert", false, "-o", "$DIR/odd.png", "$IN")
		}
	}
}

func TestWriteError(t *testing.T) {
	for _, limit := range []int{0, 100, 70 << 10} {
		c := svg.New(&drawtest.FailWriter{N: limit}, 100, 100, svg.Options{})
		drawtest.NewFigure().Draw(c)
		err := c.Close()
		if !errors.Is(err, drawtest.ErrBoom) || !strings.HasPrefix(err.Error(), "svg: write: ") {
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
	f := drawtest.NewFigure()
	doc := writeSVG(t, f.W, f.H, svg.Options{PointsPerPixel: 72.0 / 300, Title: "Figure"}, f.Draw)
	texts, _ := parse(t, doc)
	if len(texts) != f.Texts() {
		t.Errorf("%d texts, want %d", len(texts), f.Texts())
	}
	if n := bytes.Count(doc, []byte("@font-face")); n != 4 {
		t.Errorf("%d fonts embedded, want 4", n)
	}
	if len(doc) > 1<<20 {
		t.Errorf("figure is %d bytes, want under 1 MB", len(doc))
	}
	t.Logf("figure: %d bytes", len(doc))
}
