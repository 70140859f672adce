package pngenc

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"testing"
)

// pngChunk is one chunk of a parsed PNG file.
type pngChunk struct {
	typ  string
	data []byte
}

// encodeBytes encodes img with opt and fails the test on error.
func encodeBytes(t testing.TB, img image.Image, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, img, opt); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return buf.Bytes()
}

// decodeBytes decodes data with image/png and fails the test on error.
func decodeBytes(t testing.TB, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("png.Decode: %v", err)
	}
	return img
}

// parseChunks splits a PNG file into chunks, checking the signature, every
// CRC, the chunk order required by the PNG specification and the IDAT
// size limit.
func parseChunks(t testing.TB, data []byte) []pngChunk {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(pngHeader)) {
		t.Fatalf("missing PNG signature")
	}
	p := data[len(pngHeader):]
	var out []pngChunk
	for len(p) > 0 {
		if len(p) < 12 {
			t.Fatalf("truncated chunk header at %d", len(data)-len(p))
		}
		n := int(binary.BigEndian.Uint32(p))
		if len(p) < 12+n {
			t.Fatalf("truncated %q chunk", p[4:8])
		}
		typ := string(p[4:8])
		body := p[8 : 8+n]
		want := crc32.ChecksumIEEE(p[4 : 8+n])
		if got := binary.BigEndian.Uint32(p[8+n:]); got != want {
			t.Errorf("%s chunk %d: CRC %08x, want %08x", typ, len(out), got, want)
		}
		if typ == "IDAT" && n > maxIDAT {
			t.Errorf("IDAT chunk of %d bytes exceeds %d", n, maxIDAT)
		}
		out = append(out, pngChunk{typ, body})
		p = p[12+n:]
	}
	if len(out) < 3 || out[0].typ != "IHDR" || out[len(out)-1].typ != "IEND" {
		t.Fatalf("chunk order %v: want IHDR first and IEND last", chunkTypes(out))
	}
	seenIDAT, idatDone := false, false
	for _, c := range out {
		switch {
		case c.typ == "IDAT" && idatDone:
			t.Errorf("IDAT chunks are not consecutive: %v", chunkTypes(out))
		case c.typ == "IDAT":
			seenIDAT = true
		case seenIDAT:
			idatDone = true
			if c.typ == "pHYs" || c.typ == "PLTE" || c.typ == "tRNS" {
				t.Errorf("%s after IDAT: %v", c.typ, chunkTypes(out))
			}
		}
	}
	if !seenIDAT {
		t.Errorf("no IDAT chunk: %v", chunkTypes(out))
	}
	return out
}

// chunkTypes lists the chunk types in order.
func chunkTypes(cs []pngChunk) []string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = c.typ
	}
	return s
}

// findChunk returns the first chunk of type typ.
func findChunk(cs []pngChunk, typ string) (pngChunk, bool) {
	for _, c := range cs {
		if c.typ == typ {
			return c, true
		}
	}
	return pngChunk{}, false
}

// filterCounts inflates the IDAT stream of a non-interlaced 8-bit PNG with
// compress/zlib (which verifies the Adler-32 checksum) and counts the
// scanlines using each filter type.
func filterCounts(t testing.TB, data []byte) [5]int {
	t.Helper()
	cs := parseChunks(t, data)
	ihdr := cs[0].data
	w, h := int(binary.BigEndian.Uint32(ihdr)), int(binary.BigEndian.Uint32(ihdr[4:]))
	channels := map[byte]int{ctGray: 1, ctRGB: 3, ctPalette: 1, ctRGBAlpha: 4}[ihdr[9]]
	if ihdr[8] != 8 || channels == 0 {
		t.Fatalf("unexpected IHDR %x", ihdr)
	}
	var z bytes.Buffer
	for _, c := range cs {
		if c.typ == "IDAT" {
			z.Write(c.data)
		}
	}
	zr, err := zlib.NewReader(&z)
	if err != nil {
		t.Fatalf("zlib header: %v", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("inflating IDAT: %v", err)
	}
	line := 1 + w*channels
	if len(raw) != h*line {
		t.Fatalf("inflated %d bytes, want %d", len(raw), h*line)
	}
	var n [5]int
	for y := range h {
		ft := raw[y*line]
		if ft > 4 {
			t.Fatalf("row %d: filter type %d", y, ft)
		}
		n[ft]++
	}
	return n
}

// randomRGBA returns a w x h image with random pixels from seed. Alpha is
// 0xff when opaque; otherwise a mix of 0, 0xff and random values. Colour
// channels are valid premultiplied values (not above alpha).
func randomRGBA(w, h int, seed uint64, opaque bool) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, 1))
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(m.Pix); i += 4 {
		a := uint8(0xff)
		if !opaque {
			switch rng.IntN(4) {
			case 0:
				a = 0
			case 1:
				a = 0xff
			default:
				a = uint8(rng.IntN(256))
			}
		}
		// Runs of equal pixels make some rows compressible, exercising
		// every filter choice.
		if i >= 4 && rng.IntN(3) > 0 {
			copy(m.Pix[i:i+4], m.Pix[i-4:i])
			if !opaque {
				m.Pix[i+3] = a
				for k := range 3 {
					m.Pix[i+k] = min(m.Pix[i+k], a)
				}
			}
			continue
		}
		for k := range 3 {
			m.Pix[i+k] = uint8(rng.IntN(int(a) + 1))
		}
		m.Pix[i+3] = a
	}
	return m
}

// randomNRGBA returns a w x h non-premultiplied image with random pixels.
func randomNRGBA(w, h int, seed uint64, opaque bool) *image.NRGBA {
	rng := rand.New(rand.NewPCG(seed, 2))
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = uint8(rng.IntN(256))
		if i%4 == 3 && opaque {
			m.Pix[i] = 0xff
		}
	}
	return m
}

// comparePixels checks that got has want's size and that every pixel,
// converted to non-premultiplied 16-bit colour, matches exactly.
func comparePixels(t testing.TB, want, got image.Image) {
	t.Helper()
	wb, gb := want.Bounds(), got.Bounds()
	if wb.Size() != gb.Size() {
		t.Fatalf("decoded size %v, want %v", gb.Size(), wb.Size())
	}
	errs := 0
	for y := range wb.Dy() {
		for x := range wb.Dx() {
			w := color.NRGBA64Model.Convert(want.At(wb.Min.X+x, wb.Min.Y+y))
			g := color.NRGBA64Model.Convert(got.At(gb.Min.X+x, gb.Min.Y+y))
			if w != g {
				t.Errorf("pixel (%d,%d): got %v, want %v", x, y, g, w)
				if errs++; errs > 10 {
					t.Fatalf("too many mismatches")
				}
			}
		}
	}
}

// opaqueless wraps an image so that the encoder sees neither a known type
// nor an Opaque method.
type opaqueless struct{ image.Image }

// failWriter fails every write once limit bytes have been accepted.
type failWriter struct {
	limit      int
	written    int
	afterFail  int
	failedOnce bool
}

var errWriterFull = io.ErrShortWrite

// Write accepts bytes up to the limit, then fails.
func (f *failWriter) Write(p []byte) (int, error) {
	if f.failedOnce {
		f.afterFail++
	}
	if f.written+len(p) > f.limit {
		f.failedOnce = true
		n := f.limit - f.written
		f.written = f.limit
		return n, errWriterFull
	}
	f.written += len(p)
	return len(p), nil
}
