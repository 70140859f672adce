package pngenc

import (
	"bytes"
	"encoding/binary"
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
)

// withStrips lowers the strip size and parallel threshold for the duration
// of a test, so that small images are cut into many strips.
func withStrips(t *testing.T, target, parallel int) {
	t.Helper()
	oldT, oldP := stripTarget, minParallel
	stripTarget, minParallel = target, parallel
	t.Cleanup(func() { stripTarget, minParallel = oldT, oldP })
}

// TestEncodeRoundTrip encodes many image types, sizes and options and checks the
// file structure and that image/png decodes the original pixels.
func TestEncodeRoundTrip(t *testing.T) {
	translucentPal := color.Palette{
		color.NRGBA{0, 0, 0, 0}, color.NRGBA{255, 0, 0, 128}, color.RGBA{0, 90, 0, 255},
		color.NRGBA{10, 20, 30, 255}, color.Gray{200},
	}
	paletted := func(w, h int, pal color.Palette) *image.Paletted {
		m := image.NewPaletted(image.Rect(0, 0, w, h), pal)
		for i := range m.Pix {
			m.Pix[i] = uint8((i*7 + i/w) % len(pal))
		}
		return m
	}
	gray := func(w, h int) *image.Gray {
		m := image.NewGray(image.Rect(0, 0, w, h))
		copy(m.Pix, randomNRGBA(w, h, 9, false).Pix)
		return m
	}
	ycbcr := func(w, h int) *image.YCbCr {
		m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
		copy(m.Y, randomNRGBA(w, h, 10, false).Pix)
		copy(m.Cb, randomNRGBA(w, h, 11, false).Pix)
		copy(m.Cr, randomNRGBA(w, h, 12, false).Pix)
		return m
	}
	rgba64 := func(w, h int) *image.RGBA64 {
		m := image.NewRGBA64(image.Rect(0, 0, w, h))
		src := randomRGBA(w, h, 13, false)
		for i, v := range src.Pix {
			// Distinct low bytes check that no precision is lost.
			m.Pix[2*i], m.Pix[2*i+1] = v, v^0x5a
			if i%4 == 3 {
				m.Pix[2*i+1] = 0xff
			}
		}
		// Keep the colours premultiplied-valid: not above alpha.
		for i := 0; i < len(m.Pix); i += 8 {
			a := binary.BigEndian.Uint16(m.Pix[i+6:])
			for k := 0; k < 6; k += 2 {
				if binary.BigEndian.Uint16(m.Pix[i+k:]) > a {
					binary.BigEndian.PutUint16(m.Pix[i+k:], a)
				}
			}
		}
		return m
	}
	gray16 := func(w, h int) *image.Gray16 {
		m := image.NewGray16(image.Rect(0, 0, w, h))
		copy(m.Pix, randomNRGBA(w, 2*h, 14, false).Pix)
		return m
	}
	alpha := func(w, h int) *image.Alpha {
		m := image.NewAlpha(image.Rect(0, 0, w, h))
		copy(m.Pix, randomNRGBA(w, h, 15, false).Pix)
		return m
	}
	bigPal := make(color.Palette, 300)
	for i := range bigPal {
		bigPal[i] = color.RGBA{uint8(i), uint8(i / 2), 7, 255}
	}

	tests := []struct {
		name      string
		img       image.Image
		opt       Options
		strips    int  // when > 0, stripTarget for this case
		colorType byte // expected IHDR colour type
		depth     byte // expected bit depth; 0 means 8
		model     color.Model
	}{
		{"opaque RGBA", randomRGBA(640, 480, 1, true), Options{}, 0, ctRGB, 0, color.NRGBA64Model},
		{"opaque RGBA many strips", randomRGBA(333, 401, 2, true), Options{Workers: 3}, 4096, ctRGB, 0, color.NRGBA64Model},
		{"map RGBA", newMapImage(800, 600, 7), Options{Workers: 2}, 0, ctRGB, 0, color.NRGBA64Model},
		{"translucent RGBA", randomRGBA(640, 480, 3, false), Options{}, 0, ctRGBAlpha, 0, color.NRGBAModel},
		{"translucent RGBA many strips", randomRGBA(257, 300, 4, false), Options{Workers: 4}, 2000, ctRGBAlpha, 0, color.NRGBAModel},
		{"opaque NRGBA", randomNRGBA(300, 200, 5, true), Options{}, 0, ctRGB, 0, color.NRGBA64Model},
		{"translucent NRGBA", randomNRGBA(300, 200, 6, false), Options{Workers: 2}, 8192, ctRGBAlpha, 0, color.NRGBA64Model},
		{"gray", gray(123, 77), Options{}, 0, ctGray, 0, color.NRGBA64Model},
		{"paletted with tRNS", paletted(99, 51, translucentPal), Options{}, 0, ctPalette, 0, color.NRGBA64Model},
		{"paletted opaque", paletted(64, 64, translucentPal[2:]), Options{Workers: 2}, 256, ctPalette, 0, color.NRGBA64Model},
		{"paletted over 256 colours", paletted(40, 30, bigPal), Options{}, 0, ctRGB, 0, color.NRGBA64Model},
		{"YCbCr generic", ycbcr(201, 99), Options{Workers: 2}, 4096, ctRGB, 0, color.NRGBAModel},
		{"alpha generic", alpha(90, 70), Options{}, 0, ctRGBAlpha, 0, color.NRGBAModel},
		{"unknown type", opaqueless{randomRGBA(50, 40, 8, true)}, Options{}, 0, ctRGBAlpha, 0, color.NRGBAModel},
		{"RGBA64 fallback", rgba64(60, 50), Options{}, 0, ctRGBAlpha, 16, color.NRGBA64Model},
		{"Gray16 fallback with DPI", gray16(60, 50), Options{DPI: 300}, 0, ctGray, 16, color.NRGBA64Model},
		{"sub-image opaque", randomRGBA(50, 40, 16, true).SubImage(image.Rect(7, 5, 43, 31)), Options{}, 0, ctRGB, 0, color.NRGBA64Model},
		{"sub-image translucent", randomRGBA(50, 40, 17, false).SubImage(image.Rect(7, 5, 43, 31)), Options{Workers: 3}, 512, ctRGBAlpha, 0, color.NRGBAModel},
		{"sub-image NRGBA", randomNRGBA(50, 40, 18, false).SubImage(image.Rect(1, 2, 49, 39)), Options{}, 0, ctRGBAlpha, 0, color.NRGBA64Model},
		{"1x1 opaque", randomRGBA(1, 1, 19, true), Options{}, 0, ctRGB, 0, color.NRGBA64Model},
		{"1x1 transparent", image.NewRGBA(image.Rect(0, 0, 1, 1)), Options{}, 0, ctRGBAlpha, 0, color.NRGBAModel},
		{"1001x7", randomRGBA(1001, 7, 20, true), Options{Workers: 2}, 1024, ctRGB, 0, color.NRGBA64Model},
		{"3x1000", randomRGBA(3, 1000, 21, false), Options{Workers: 2}, 1024, ctRGBAlpha, 0, color.NRGBAModel},
		{"fewer rows than workers", randomRGBA(7, 3, 22, true), Options{Workers: 8}, 1, ctRGB, 0, color.NRGBA64Model},
		{"one row many workers", randomRGBA(9, 1, 23, false), Options{Workers: 16}, 1, ctRGBAlpha, 0, color.NRGBAModel},
		{"wider than deflate window", newMapImage(11000, 6, 24), Options{Workers: 2}, 0, ctRGB, 0, color.NRGBA64Model},
		{"level 4", newMapImage(300, 200, 25), Options{Level: 4}, 0, ctRGB, 0, color.NRGBA64Model},
		{"level 9 translucent", randomRGBA(100, 80, 26, false), Options{Level: 9, Workers: 2}, 4096, ctRGBAlpha, 0, color.NRGBAModel},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.strips > 0 {
				withStrips(t, tc.strips, 1)
			}
			data := encodeBytes(t, tc.img, tc.opt)
			cs := parseChunks(t, data)
			depth := tc.depth
			if depth == 0 {
				depth = 8
			}
			if got := cs[0].data[9]; got != tc.colorType {
				t.Errorf("colour type %d, want %d", got, tc.colorType)
			}
			if got := cs[0].data[8]; got != depth {
				t.Errorf("bit depth %d, want %d", got, depth)
			}
			_, hasPHYs := findChunk(cs, "pHYs")
			if hasPHYs != (tc.opt.DPI > 0) {
				t.Errorf("pHYs present = %v with DPI %v", hasPHYs, tc.opt.DPI)
			}
			if depth == 8 {
				filterCounts(t, data) // verifies the zlib stream and Adler-32
			}
			got := decodeBytes(t, data)
			comparePixelsIn(t, tc.model, tc.img, got)
			if m, ok := tc.img.(*image.RGBA); ok && tc.colorType == ctRGBAlpha {
				checkPremultipliedClose(t, m, got)
			}
		})
	}
}

// comparePixelsIn compares want and got after converting both to model.
func comparePixelsIn(t *testing.T, model color.Model, want, got image.Image) {
	t.Helper()
	if model == color.NRGBA64Model {
		comparePixels(t, want, got)
		return
	}
	comparePixels(t, convertImage(want, model), convertImage(got, model))
}

// convertImage returns img converted pixel by pixel to an NRGBA image
// through model.
func convertImage(img image.Image, model color.Model) *image.NRGBA {
	b := img.Bounds()
	out := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := range b.Dy() {
		for x := range b.Dx() {
			c := color.NRGBAModel.Convert(model.Convert(img.At(b.Min.X+x, b.Min.Y+y)))
			out.SetNRGBA(x, y, c.(color.NRGBA))
		}
	}
	return out
}

// checkPremultipliedClose checks that the decoded non-premultiplied pixels,
// premultiplied again, are within 1 of the original premultiplied ones.
func checkPremultipliedClose(t *testing.T, want *image.RGBA, got image.Image) {
	t.Helper()
	b := want.Bounds()
	gb := got.Bounds()
	for y := range b.Dy() {
		for x := range b.Dx() {
			w := want.RGBAAt(b.Min.X+x, b.Min.Y+y)
			g := color.NRGBAModel.Convert(got.At(gb.Min.X+x, gb.Min.Y+y)).(color.NRGBA)
			if g.A != w.A {
				t.Fatalf("pixel (%d,%d): alpha %d, want %d", x, y, g.A, w.A)
			}
			for k, pair := range [3][2]uint8{{g.R, w.R}, {g.G, w.G}, {g.B, w.B}} {
				p := math.Round(float64(pair[0]) * float64(g.A) / 255)
				if math.Abs(p-float64(pair[1])) > 1 {
					t.Fatalf("pixel (%d,%d) channel %d: %v premultiplies to %v, want %d±1", x, y, k, g, p, pair[1])
				}
			}
		}
	}
}

// TestEncodeDeterministicAcrossWorkers checks that the output bytes do not depend
// on the number of workers.
func TestEncodeDeterministicAcrossWorkers(t *testing.T) {
	for _, img := range []image.Image{newMapImage(1200, 900, 31), randomRGBA(300, 200, 32, false), randomRGBA(30, 20, 33, true)} {
		want := encodeBytes(t, img, Options{Workers: 1})
		for _, workers := range []int{1, 2, 3, 8, 64} {
			for range 2 {
				if got := encodeBytes(t, img, Options{Workers: workers}); !bytes.Equal(got, want) {
					t.Fatalf("%v, workers %d: output differs from one worker's (%d vs %d bytes)", img.Bounds(), workers, len(got), len(want))
				}
			}
		}
	}
}

// panicky is an image whose At panics on one row.
type panicky struct {
	image.Image
	row int
}

// At panics on row p.row.
func (p panicky) At(x, y int) color.Color {
	if y == p.row {
		panic("bad pixel")
	}
	return p.Image.At(x, y)
}

// TestEncodePanicReachesCaller checks that a panic while reading pixels is
// raised on the caller's goroutine.
func TestEncodePanicReachesCaller(t *testing.T) {
	withStrips(t, 4096, 1)
	for _, workers := range []int{1, 2, 4} {
		img := panicky{randomRGBA(100, 300, 34, false), 250}
		func() {
			defer func() {
				if p := recover(); p != "bad pixel" {
					t.Errorf("workers %d: recovered %v, want the image's panic", workers, p)
				}
			}()
			_ = Encode(io.Discard, img, Options{Workers: workers})
		}()
	}
}

// TestFilterChoice checks which filters whole images get.
func TestFilterChoice(t *testing.T) {
	tests := []struct {
		name     string
		img      image.Image
		wantNone bool // quiet rows present, left unfiltered
		wantFilt bool // busy or wide rows present, filtered with Sub or Up
	}{
		{"map", newMapImage(900, 600, 41), true, true},
		{"photo", newPhotoImage(300, 200, 42), false, true},
		{"wider than window", newMapImage(11000, 4, 43), false, true},
		{"flat", image.NewRGBA(image.Rect(0, 0, 500, 50)), true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := filterCounts(t, encodeBytes(t, tc.img, Options{}))
			if n[ftAvg] != 0 || n[ftPaeth] != 0 {
				t.Errorf("unexpected Average/Paeth rows: %v", n)
			}
			if got := n[ftNone] > 0; got != tc.wantNone {
				t.Errorf("None rows %v, want some: %v", n, tc.wantNone)
			}
			if got := n[ftSub]+n[ftUp] > 0; got != tc.wantFilt {
				t.Errorf("Sub/Up rows %v, want some: %v", n, tc.wantFilt)
			}
		})
	}
}

const (
	ftAvg   = 3
	ftPaeth = 4
)

// TestPHYs checks the pHYs chunk written for Options.DPI and that DPI reads it
// back.
func TestPHYs(t *testing.T) {
	tests := []struct {
		name    string
		img     image.Image
		dpi     float64
		wantPPM uint32
		wantDPI float64
	}{
		{"300 dpi", randomRGBA(20, 10, 51, true), 300, 11811, 300},
		{"72 dpi", randomRGBA(20, 10, 52, false), 72, 2835, 72},
		{"96 dpi", randomNRGBA(20, 10, 53, true), 96, 3780, 96},
		{"150.5 dpi", randomNRGBA(20, 10, 54, false), 150.5, 5925, 150.5},
		{"600 dpi fallback", image.NewGray16(image.Rect(0, 0, 8, 8)), 600, 23622, 600},
		{"no pHYs", randomRGBA(20, 10, 55, true), 0, 0, 0},
		{"no pHYs fallback", image.NewRGBA64(image.Rect(0, 0, 8, 8)), 0, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := encodeBytes(t, tc.img, Options{DPI: tc.dpi})
			cs := parseChunks(t, data)
			c, ok := findChunk(cs, "pHYs")
			dpi, dok, err := DPI(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("DPI: %v", err)
			}
			if tc.dpi == 0 {
				if ok || dok || dpi != 0 {
					t.Fatalf("pHYs chunk %v / DPI() = %v, %v for DPI 0", ok, dpi, dok)
				}
				return
			}
			if !ok {
				t.Fatalf("no pHYs chunk in %v", chunkTypes(cs))
			}
			if cs[1].typ != "pHYs" {
				t.Errorf("pHYs is chunk %d, want right after IHDR: %v", 1, chunkTypes(cs))
			}
			x, y := binary.BigEndian.Uint32(c.data), binary.BigEndian.Uint32(c.data[4:])
			if len(c.data) != 9 || x != tc.wantPPM || y != tc.wantPPM || c.data[8] != 1 {
				t.Errorf("pHYs %x, want %d px/m twice and unit 1", c.data, tc.wantPPM)
			}
			if !dok || dpi != tc.wantDPI {
				t.Errorf("DPI() = %v, %v; want %v, true", dpi, dok, tc.wantDPI)
			}
			decodeBytes(t, data)
		})
	}
}

// TestDPIFixtures reads the resolution of files written by other programs.
func TestDPIFixtures(t *testing.T) {
	tests := []struct {
		file    string
		want    float64
		wantOK  bool
		wantErr string
	}{
		{"magick-300dpi.png", 300, true, ""},
		{"magick-72dpi-cm.png", 72, true, ""},
		{"no-phys.png", 0, false, ""},
		{"aspect-only.png", 0, false, ""},
		{"anisotropic.png", 0, false, ""},
		{"bad-crc.png", 0, false, "CRC mismatch"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			dpi, ok, err := DPI(f)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.HasPrefix(err.Error(), "pngenc: ") {
					t.Fatalf("DPI() error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || dpi != tc.want || ok != tc.wantOK {
				t.Fatalf("DPI() = %v, %v, %v; want %v, %v, nil", dpi, ok, err, tc.want, tc.wantOK)
			}
		})
	}
}

// TestDPIMalformed checks that DPI rejects damaged files.
func TestDPIMalformed(t *testing.T) {
	valid := encodeBytes(t, randomRGBA(4, 4, 61, true), Options{DPI: 300})
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not PNG", []byte("GIF89a and more bytes")},
		{"truncated header", valid[:len(pngHeader)+4]},
		{"truncated chunk", valid[:len(pngHeader)+8+5]},
		{"truncated pHYs", valid[:len(pngHeader)+25+12]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := DPI(bytes.NewReader(tc.data)); err == nil || !strings.HasPrefix(err.Error(), "pngenc: ") {
				t.Fatalf("DPI() error = %v, want a pngenc error", err)
			}
		})
	}
}

// TestEncodeErrors checks the argument validation of Encode.
func TestEncodeErrors(t *testing.T) {
	ok := randomRGBA(4, 4, 71, true)
	tests := []struct {
		name string
		img  image.Image
		opt  Options
		want error
	}{
		{"nil image", nil, Options{}, ErrNilImage},
		{"typed nil image", (*image.RGBA)(nil), Options{}, ErrNilImage},
		{"zero width", image.NewRGBA(image.Rect(0, 0, 0, 10)), Options{}, ErrBadSize},
		{"zero height", image.NewNRGBA(image.Rect(5, 5, 10, 5)), Options{}, ErrBadSize},
		{"too wide", image.NewGray(image.Rect(0, 0, MaxSide+1, 1)), Options{}, ErrBadSize},
		{"too tall", image.NewGray(image.Rect(0, 0, 1, MaxSide+1)), Options{}, ErrBadSize},
		{"negative level", ok, Options{Level: -1}, ErrBadOptions},
		{"level 10", ok, Options{Level: 10}, ErrBadOptions},
		{"negative workers", ok, Options{Workers: -1}, ErrBadOptions},
		{"negative DPI", ok, Options{DPI: -300}, ErrBadOptions},
		{"NaN DPI", ok, Options{DPI: math.NaN()}, ErrBadOptions},
		{"infinite DPI", ok, Options{DPI: math.Inf(1)}, ErrBadOptions},
		{"huge DPI", ok, Options{DPI: 1e12}, ErrBadOptions},
		{"empty palette", image.NewPaletted(image.Rect(0, 0, 2, 2), nil), Options{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Encode(&buf, tc.img, tc.opt)
			if err == nil {
				t.Fatal("Encode succeeded, want an error")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "pngenc: ") {
				t.Errorf("error %q lacks the pngenc prefix", err)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written despite the error", buf.Len())
			}
		})
	}
	// The largest accepted side works.
	data := encodeBytes(t, image.NewGray(image.Rect(0, 0, MaxSide, 1)), Options{})
	decodeBytes(t, data)
}

// TestEncodeWriterError checks that a failing writer stops Encode with its error
// and is not written to again.
func TestEncodeWriterError(t *testing.T) {
	images := []struct {
		name   string
		img    image.Image
		opt    Options
		strips int
	}{
		{"serial", randomRGBA(40, 30, 81, false), Options{DPI: 300}, 0},
		{"parallel", randomRGBA(300, 300, 82, true), Options{Workers: 3}, 8192},
		{"fallback", image.NewRGBA64(image.Rect(0, 0, 30, 30)), Options{}, 0},
		{"fallback with DPI", image.NewGray16(image.Rect(0, 0, 30, 30)), Options{DPI: 96}, 0},
	}
	for _, im := range images {
		t.Run(im.name, func(t *testing.T) {
			if im.strips > 0 {
				withStrips(t, im.strips, 1)
			}
			full := len(encodeBytes(t, im.img, im.opt))
			for _, limit := range []int{0, 7, 8, 33, 60, full / 2, full - 13, full - 1} {
				fw := &failWriter{limit: limit}
				err := Encode(fw, im.img, im.opt)
				if !errors.Is(err, errWriterFull) {
					t.Fatalf("limit %d of %d: error %v, want %v", limit, full, err, errWriterFull)
				}
				if !strings.HasPrefix(err.Error(), "pngenc: ") {
					t.Errorf("error %q lacks the pngenc prefix", err)
				}
				if fw.afterFail != 0 {
					t.Errorf("limit %d: %d writes after the first failure", limit, fw.afterFail)
				}
			}
		})
	}
}

// TestEncodeAllocs checks that repeated encodes reuse their buffers.
func TestEncodeAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation count needs warm pools and no race detector")
	}
	img := newMapImage(1500, 1000, 91)
	enc := func() {
		if err := Encode(io.Discard, img, Options{Workers: 2, DPI: 300}); err != nil {
			t.Fatal(err)
		}
	}
	enc()
	n := testing.AllocsPerRun(5, enc)
	t.Logf("%v allocations per Encode", n)
	if n > 40 {
		t.Errorf("%v allocations per Encode, want at most 40", n)
	}
}

// TestIndependentTools checks the output with pngcheck and ImageMagick when they
// are installed.
func TestIndependentTools(t *testing.T) {
	files := map[string]image.Image{
		"map.png":         newMapImage(900, 600, 101),
		"translucent.png": randomRGBA(300, 200, 102, false),
		"gray.png":        image.NewGray(image.Rect(0, 0, 64, 32)),
		"wide.png":        newMapImage(11000, 3, 103),
	}
	dir := t.TempDir()
	for name, img := range files {
		if err := os.WriteFile(filepath.Join(dir, name), encodeBytes(t, img, Options{DPI: 300}), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("pngcheck", func(t *testing.T) {
		path, err := exec.LookPath("pngcheck")
		if err != nil {
			t.Skip("pngcheck not installed")
		}
		for name := range files {
			out, err := exec.Command(path, "-v", filepath.Join(dir, name)).CombinedOutput()
			if err != nil {
				t.Errorf("pngcheck %s: %v\n%s", name, err, out)
				continue
			}
			if !bytes.Contains(out, []byte("11811x11811 pixels/meter (300 dpi)")) {
				t.Errorf("pngcheck %s: no 300 dpi pHYs in\n%s", name, out)
			}
		}
	})
	t.Run("identify", func(t *testing.T) {
		path, err := exec.LookPath("identify")
		if err != nil {
			t.Skip("ImageMagick identify not installed")
		}
		for name, img := range files {
			out, err := exec.Command(path, "-units", "PixelsPerInch", "-verbose", filepath.Join(dir, name)).CombinedOutput()
			if err != nil {
				t.Errorf("identify %s: %v\n%s", name, err, out)
				continue
			}
			s := string(out)
			size := img.Bounds().Size()
			for _, want := range []string{
				"Resolution: 300x300", "Units: PixelsPerInch",
				"png:pHYs: x_res=11811, y_res=11811, units=1",
				"Geometry: " + strconv.Itoa(size.X) + "x" + strconv.Itoa(size.Y) + "+0+0",
			} {
				if !strings.Contains(s, want) {
					t.Errorf("identify %s: %q missing", name, want)
				}
			}
			if name == "map.png" && !strings.Contains(s, "Print size: 3x2\n") {
				t.Errorf("identify %s: print size is not 3x2 inches", name)
			}
			if strings.Contains(s, "warning") || strings.Contains(s, "error") {
				t.Errorf("identify %s reported problems:\n%s", name, s)
			}
		}
	})
}

// TestBenchmarkImage checks the benchmark image round-trips exactly and
// that the output stays within 1.5 times the size of image/png's.
func TestBenchmarkImage(t *testing.T) {
	if testing.Short() {
		t.Skip("large image")
	}
	img := mapImage3000()
	var std bytes.Buffer
	if err := png.Encode(&std, img); err != nil {
		t.Fatal(err)
	}
	ours := encodeBytes(t, img, Options{})
	got := decodeBytes(t, ours)
	rgba, ok := got.(*image.RGBA)
	if !ok {
		t.Fatalf("decoded %T, want *image.RGBA", got)
	}
	if !bytes.Equal(rgba.Pix, img.Pix) {
		t.Fatal("decoded pixels differ from the original")
	}
	ratio := float64(len(ours)) / float64(std.Len())
	t.Logf("sizes: pngenc %d, image/png %d (ratio %.3f)", len(ours), std.Len(), ratio)
	if ratio > 1.5 {
		t.Errorf("output %.2fx the size of image/png's", ratio)
	}
}
