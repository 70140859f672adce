package pdf_test

import (
	"bytes"
	"compress/zlib"
	"errors"
	"image"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"casmap/geo/draw"
	"casmap/geo/draw/drawtest"
	"casmap/geo/draw/pdf"
)

// writePDF draws with fn on a new canvas and returns the document.
func writePDF(t *testing.T, w, h float64, opt pdf.Options, fn func(draw.Canvas)) []byte {
	t.Helper()
	var buf bytes.Buffer
	c := pdf.New(w, h, opt)
	fn(c)
	n, err := c.WriteTo(&buf)
	if err != nil {
		t.Fatalf("WriteTo: %v", err)
	}
	if n != int64(buf.Len()) {
		t.Errorf("WriteTo reported %d bytes, wrote %d", n, buf.Len())
	}
	if _, err := c.WriteTo(io.Discard); err == nil {
		t.Error("second WriteTo: no error")
	}
	doc := buf.Bytes()
	if !bytes.HasPrefix(doc, []byte("%PDF-1.")) || !bytes.HasSuffix(bytes.TrimSpace(doc), []byte("%%EOF")) {
		t.Fatalf("not a PDF file: %.20q…%q", doc, doc[max(0, len(doc)-10):])
	}
	return doc
}

// run writes doc to a temporary file and runs the poppler tool name on it
// with args, in which "$IN" stands for the file and "$DIR" for its
// directory, returning its output. The tool must not complain.
func run(t *testing.T, doc []byte, name string, args ...string) []byte {
	t.Helper()
	out, _ := drawtest.Run(t, doc, "pdf", name, true, args...)
	return out
}

// rasterise renders doc with pdftoppm at dpi, which must make it w by h
// pixels.
func rasterise(t *testing.T, doc []byte, dpi float64, w, h int) image.Image {
	t.Helper()
	return drawtest.Rasterise(t, doc, "pdf", "pdftoppm", true, w, h,
		"-r", strconv.FormatFloat(dpi, 'f', -1, 64), "-singlefile", "-png", "$IN", "$DIR/out")
}

// fontsOf parses pdffonts output into name → "emb sub" flags.
func fontsOf(out []byte) map[string]string {
	fonts := map[string]string{}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for _, l := range lines[min(2, len(lines)):] {
		f := strings.Fields(l)
		if len(f) >= 7 {
			fonts[f[0]] = f[len(f)-5] + " " + f[len(f)-4]
		}
	}
	return fonts
}

func TestScene(t *testing.T) {
	tests := []struct {
		name string
		ppp  float64
	}{
		{"96 dpi", 0.75},
		{"192 dpi", 0.375},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := pdf.Options{PointsPerPixel: tt.ppp, Title: "Scene (1) & ünïcode", Author: "casmap tests", Creator: "casmap", Date: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
			doc := writePDF(t, drawtest.SceneW, drawtest.SceneH, opt, drawtest.Scene)

			t.Run("info", func(t *testing.T) {
				out := string(run(t, doc, "pdfinfo", "$IN"))
				for _, want := range []string{"Title:           Scene (1) & ünïcode", "Author:          casmap tests", "Creator:         casmap", "Pages:           1",
					"Page size:       " + strconv.FormatFloat(drawtest.SceneW*tt.ppp, 'f', -1, 64) + " x " + strconv.FormatFloat(drawtest.SceneH*tt.ppp, 'f', -1, 64) + " pts"} {
					if !strings.Contains(out, want) {
						t.Errorf("pdfinfo lacks %q:\n%s", want, out)
					}
				}
			})
			t.Run("text", func(t *testing.T) {
				// -raw keeps the content stream's order and does not merge
				// overlapping duplicates: the halo must not count as text.
				for _, mode := range [][]string{nil, {"-raw"}} {
					out := string(run(t, doc, "pdftotext", append(mode, "$IN", "-")...))
					for _, s := range drawtest.SceneTexts {
						if n := strings.Count(out, s); n != 1 {
							t.Errorf("pdftotext %v finds %q %d times, want once:\n%s", mode, s, n, out)
						}
					}
				}
			})
			t.Run("fonts", func(t *testing.T) {
				fonts := fontsOf(run(t, doc, "pdffonts", "$IN"))
				if len(fonts) != 4 {
					t.Errorf("%d fonts, want 4: %v", len(fonts), fonts)
				}
				for name, flags := range fonts {
					if !strings.HasPrefix(flags, "yes ") || !strings.Contains(strings.ToLower(name), "go") {
						t.Errorf("font %s: emb/sub %q, want an embedded Go face", name, flags)
					}
				}
			})
			t.Run("pixels", func(t *testing.T) {
				drawtest.CheckPixels(t, rasterise(t, doc, 72/tt.ppp, drawtest.SceneW, drawtest.SceneH))
			})
		})
	}
}

// contentStreams returns the decompressed streams of doc that draw, that
// is the page content rather than fonts or images.
func contentStreams(t *testing.T, doc []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for rest := doc; ; {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			return out
		}
		rest = rest[i+len("stream\n"):]
		j := bytes.Index(rest, []byte("endstream"))
		if j < 0 {
			t.Fatal("stream without endstream")
		}
		zr, err := zlib.NewReader(bytes.NewReader(rest[:j]))
		rest = rest[j+len("endstream"):]
		if err != nil {
			continue
		}
		data, err := io.ReadAll(zr)
		if err != nil {
			continue
		}
		if bytes.Contains(data, []byte(" re W n\n")) || bytes.Contains(data, []byte(" rg\n")) {
			out = append(out, data)
		}
	}
}

var nonFinite = regexp.MustCompile(`(?i)\b(nan|[+-]?inf)\b`)

// TestOddInputs draws degenerate and hostile input: the document must stay
// valid and nothing may panic.
func TestOddInputs(t *testing.T) {
	for _, size := range drawtest.OddSizes {
		doc := writePDF(t, size[0], size[1], pdf.Options{PointsPerPixel: math.NaN()}, func(c draw.Canvas) { drawtest.DrawOdd(t, c) })
		streams := contentStreams(t, doc)
		if len(streams) == 0 {
			t.Fatalf("size %v: no content stream", size)
		}
		for _, s := range streams {
			if m := nonFinite.Find(s); m != nil {
				t.Errorf("size %v: content stream contains %q", size, m)
			}
			if q, Q := bytes.Count(s, []byte("q ")), bytes.Count(s, []byte("Q\n"))+bytes.Count(s, []byte("Q ")); q > Q {
				t.Errorf("size %v: %d q and %d Q", size, q, Q)
			}
		}
		if drawtest.HasTool("pdftoppm") {
			run(t, doc, "pdftoppm", "-r", "10", "-png", "$IN", "$DIR/out")
			run(t, doc, "pdftotext", "$IN", "-")
		}
	}
}

func TestWriteError(t *testing.T) {
	for _, limit := range []int{0, 100} {
		c := pdf.New(100, 100, pdf.Options{})
		drawtest.Scene(c)
		_, err := c.WriteTo(&drawtest.FailWriter{N: limit})
		if !errors.Is(err, drawtest.ErrBoom) || !strings.HasPrefix(err.Error(), "pdf: write: ") {
			t.Errorf("limit %d: WriteTo = %v, want pdf: write: boom", limit, err)
		}
	}
}

// TestFigure writes the A4-like figure: every text is there once, the
// four faces embedded.
func TestFigure(t *testing.T) {
	f := drawtest.NewFigure()
	doc := writePDF(t, f.W, f.H, pdf.Options{PointsPerPixel: 72.0 / 300, Title: "Figure"}, f.Draw)
	t.Logf("figure: %d bytes", len(doc))
	if len(doc) > 1<<20 {
		t.Errorf("figure is %d bytes, want under 1 MB", len(doc))
	}
	out := string(run(t, doc, "pdftotext", "-raw", "$IN", "-"))
	for _, s := range []string{"Site 0 Nukus", "Site 249 Nukus", "Legend entry 11", "Water infrastructure in Central Asia, 1991–2024", "Map data © Natural Earth", "(Нукус, Ташкент)"} {
		if !strings.Contains(out, s) {
			t.Errorf("pdftotext lacks %q", s)
		}
	}
	if n := strings.Count(out, " Nukus\n"); n != len(f.Labels) {
		t.Errorf("%d haloed labels in the text, want %d", n, len(f.Labels))
	}
	if fonts := fontsOf(run(t, doc, "pdffonts", "$IN")); len(fonts) != 4 {
		t.Errorf("fonts %v, want 4", fonts)
	}
}
