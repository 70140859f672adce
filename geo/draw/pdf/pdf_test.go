package pdf_test

import (
	"bytes"
	"compress/zlib"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"casmap/geo/draw"
	"casmap/geo/draw/pdf"

	"github.com/paulmach/orb"
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

// tool returns the path of a poppler tool, or skips the test.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not installed: check skipped", name)
	}
	return p
}

// run writes doc to a temporary file and runs the poppler tool name on it
// with args before and after the file name, returning its output.
func run(t *testing.T, doc []byte, name string, args []string, after ...string) []byte {
	t.Helper()
	bin := tool(t, name)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, a := range after {
		after[i] = strings.ReplaceAll(a, "$DIR", dir)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, append(append(args, in), after...)...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("%s: %v\n%s", name, err, stderr.Bytes())
	}
	return out
}

// rasterise renders doc with pdftoppm at one pixel per canvas pixel.
func rasterise(t *testing.T, doc []byte, dpi float64, w, h int) image.Image {
	t.Helper()
	bin := tool(t, "pdftoppm")
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out")
	if err := os.WriteFile(in, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-r", strconv.FormatFloat(dpi, 'f', -1, 64), "-singlefile", "-png", in, out)
	if msg, err := cmd.CombinedOutput(); err != nil || len(msg) > 0 {
		t.Fatalf("pdftoppm: %v\n%s", err, msg)
	}
	f, err := os.Open(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode pdftoppm output: %v", err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("rasterised %v, want %dx%d", b, w, h)
	}
	return img
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
			doc := writePDF(t, sceneW, sceneH, opt, drawScene)

			t.Run("info", func(t *testing.T) {
				out := string(run(t, doc, "pdfinfo", nil))
				for _, want := range []string{"Title:           Scene (1) & ünïcode", "Author:          casmap tests", "Creator:         casmap", "Pages:           1",
					"Page size:       " + strconv.FormatFloat(sceneW*tt.ppp, 'f', -1, 64) + " x " + strconv.FormatFloat(sceneH*tt.ppp, 'f', -1, 64) + " pts"} {
					if !strings.Contains(out, want) {
						t.Errorf("pdfinfo lacks %q:\n%s", want, out)
					}
				}
			})
			t.Run("text", func(t *testing.T) {
				// -raw keeps the content stream's order and does not merge
				// overlapping duplicates: the halo must not count as text.
				for _, mode := range [][]string{nil, {"-raw"}} {
					out := string(run(t, doc, "pdftotext", mode, "-"))
					for _, s := range sceneTexts {
						if n := strings.Count(out, s); n != 1 {
							t.Errorf("pdftotext %v finds %q %d times, want once:\n%s", mode, s, n, out)
						}
					}
				}
			})
			t.Run("fonts", func(t *testing.T) {
				fonts := fontsOf(run(t, doc, "pdffonts", nil))
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
				checkPixels(t, rasterise(t, doc, 72/tt.ppp, sceneW, sceneH))
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
	nan, inf := math.NaN(), math.Inf(1)
	black := color.RGBA{0, 0, 0, 255}
	red := color.RGBA{200, 0, 0, 255}
	blue := color.RGBA{0, 0, 255, 255}
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
			c.Path(&p, draw.Style{Fill: red, Stroke: blue, Width: 1, Dash: []float64{3, 1}, DashOffset: nan})
			c.Path(&p, draw.Style{Fill: red, Soft: true})
		}},
		{"huge coordinates", func(c draw.Canvas) {
			var p draw.Path
			p.Ring([]orb.Point{{-1e300, -1e300}, {1e300, 0}, {0, 1e300}}, false)
			p.Circle(1e20, 1e20, 1e30)
			c.Path(&p, draw.Style{Fill: red, Stroke: blue, Width: 1e300, Dash: []float64{1e300, -1}})
			c.Path(&p, draw.Style{Fill: red, Soft: true})
			c.Text("far", 1e300, -1e300, draw.TextStyle{Size: 1e300, Color: black, Halo: color.RGBA{255, 255, 255, 255}})
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
	for _, size := range [][2]float64{{100, 80}, {0, 0}, {math.NaN(), -5}} {
		doc := writePDF(t, size[0], size[1], pdf.Options{PointsPerPixel: math.NaN()}, func(c draw.Canvas) {
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
		if _, err := exec.LookPath("pdftoppm"); err == nil {
			run(t, doc, "pdftoppm", []string{"-r", "10", "-png"}, "$DIR/out")
			run(t, doc, "pdftotext", nil, "-")
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
	for _, limit := range []int{0, 100} {
		c := pdf.New(100, 100, pdf.Options{})
		drawScene(c)
		_, err := c.WriteTo(&failWriter{n: limit})
		if !errors.Is(err, errBoom) || !strings.HasPrefix(err.Error(), "pdf: write: ") {
			t.Errorf("limit %d: WriteTo = %v, want pdf: write: boom", limit, err)
		}
	}
}

// TestFigure writes the A4-like figure: every text is there once, the
// four faces embedded.
func TestFigure(t *testing.T) {
	f := newFigure()
	doc := writePDF(t, f.w, f.h, pdf.Options{PointsPerPixel: 72.0 / 300, Title: "Figure"}, f.draw)
	t.Logf("figure: %d bytes", len(doc))
	if len(doc) > 1<<20 {
		t.Errorf("figure is %d bytes, want under 1 MB", len(doc))
	}
	out := string(run(t, doc, "pdftotext", []string{"-raw"}, "-"))
	for _, s := range []string{"Site 0 Nukus", "Site 249 Nukus", "Legend entry 11", "Water infrastructure in Central Asia, 1991–2024", "Map data © Natural Earth", "(Нукус, Ташкент)"} {
		if !strings.Contains(out, s) {
			t.Errorf("pdftotext lacks %q", s)
		}
	}
	if n := strings.Count(out, " Nukus\n"); n != len(f.labels) {
		t.Errorf("%d haloed labels in the text, want %d", n, len(f.labels))
	}
	if fonts := fontsOf(run(t, doc, "pdffonts", nil)); len(fonts) != 4 {
		t.Errorf("fonts %v, want 4", fonts)
	}
}
