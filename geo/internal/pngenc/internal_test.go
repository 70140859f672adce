package pngenc

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/adler32"
	"image/color"
	"math/rand/v2"
	"testing"
)

// randomBytes returns n random bytes; when sparse, most bytes repeat the
// one bpp earlier so that filters see both quiet and busy stretches.
func randomBytes(rng *rand.Rand, n int, sparse bool) []byte {
	b := make([]byte, n)
	for i := range b {
		if sparse && i >= 4 && rng.IntN(4) > 0 {
			b[i] = b[i-4]
			continue
		}
		b[i] = uint8(rng.Uint32())
	}
	return b
}

// TestAdler32Update checks the Adler-32 implementation against hash/adler32.
func TestAdler32Update(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"one byte", []byte{0xff}},
		{"seven bytes", []byte("abcdefg")},
		{"all 0xff past the reduction limit", bytes.Repeat([]byte{0xff}, 3*adlerNMax+13)},
		{"random", randomBytes(rng, 100_003, false)},
		{"sparse", randomBytes(rng, 20_011, true)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := adler32Update(1, tc.data), adler32.Checksum(tc.data); got != want {
				t.Fatalf("adler32Update = %08x, want %08x", got, want)
			}
			// Split at arbitrary points, as per-row updates do.
			for _, cut := range []int{1, 7, 8, 9, adlerNMax - 1, adlerNMax + 3} {
				if cut > len(tc.data) {
					continue
				}
				got := adler32Update(adler32Update(1, tc.data[:cut]), tc.data[cut:])
				if want := adler32.Checksum(tc.data); got != want {
					t.Errorf("split at %d: %08x, want %08x", cut, got, want)
				}
			}
		})
	}
}

// TestAdler32Combine checks joining checksums of consecutive pieces.
func TestAdler32Combine(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	data := append(bytes.Repeat([]byte{0xff}, 70_000), randomBytes(rng, 200_000, false)...)
	for _, cut := range []int{0, 1, 5552, 65521, 65522, 70_000, 131_042, len(data) - 1, len(data)} {
		a, b := data[:cut], data[cut:]
		got := adler32Combine(adler32.Checksum(a), adler32.Checksum(b), int64(len(b)))
		if want := adler32.Checksum(data); got != want {
			t.Errorf("cut %d: %08x, want %08x", cut, got, want)
		}
	}
}

// TestSWARHelpers checks the packed-byte helpers against byte-wise arithmetic.
func TestSWARHelpers(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		a, b := rng.Uint64(), rng.Uint64()
		// Force some equal, zero and 0x80 bytes.
		for k := range 8 {
			switch rng.IntN(6) {
			case 0:
				b = b&^(0xff<<(8*k)) | a&(0xff<<(8*k))
			case 1:
				a &^= 0xff << (8 * k)
			case 2:
				a = a&^(0xff<<(8*k)) | 0x80<<(8*k)
			}
		}
		var wantSub, wantNZ, wantAbs uint64
		for k := range 8 {
			x, y := uint8(a>>(8*k)), uint8(b>>(8*k))
			wantSub |= uint64(x-y) << (8 * k)
			if x != 0 {
				wantNZ |= 0x80 << (8 * k)
			}
			wantAbs |= uint64(abs8(x)) << (8 * k)
		}
		if got := sub8(a, b); got != wantSub {
			t.Fatalf("sub8(%016x, %016x) = %016x, want %016x", a, b, got, wantSub)
		}
		if got := nonzero8(a); got != wantNZ {
			t.Fatalf("nonzero8(%016x) = %016x, want %016x", a, got, wantNZ)
		}
		if got := abs8x8(a); got != wantAbs {
			t.Fatalf("abs8x8(%016x) = %016x, want %016x", a, got, wantAbs)
		}
	}
}

// Reference filters, byte by byte as in the PNG specification.
func refUp(cur, prev []byte) []byte {
	out := make([]byte, len(cur))
	for i := range cur {
		out[i] = cur[i] - prev[i]
	}
	return out
}

func refSub(cur []byte, bpp int) []byte {
	out := make([]byte, len(cur))
	for i := range cur {
		left := byte(0)
		if i >= bpp {
			left = cur[i-bpp]
		}
		out[i] = cur[i] - left
	}
	return out
}

func refCost(p []byte) int {
	s := 0
	for _, b := range p {
		s += int(min(b, -b))
	}
	return s
}

// TestFilters checks the Up and Sub filters and their costs against the
// specification for all pixel sizes and many row lengths.
func TestFilters(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const noLimit = int(^uint(0) >> 1)
	for _, bpp := range []int{1, 3, 4} {
		for _, n := range []int{0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 63, 1000, 2047, 2048 + 5, 8*swarBlock + 11, 30000} {
			if n%bpp != 0 {
				n -= n % bpp
			}
			for _, sparse := range []bool{false, true} {
				cur, prev := randomBytes(rng, n, sparse), randomBytes(rng, n, sparse)
				if sparse && n > 0 {
					copy(prev[:n/2], cur[:n/2])
				}
				up := make([]byte, n)
				busy := upScan(up, cur, prev, bpp)
				wantUp, wantSub := refUp(cur, prev), refSub(cur, bpp)
				wantBusy := 0
				for i := range cur {
					if wantUp[i] != 0 && wantSub[i] != 0 {
						wantBusy++
					}
				}
				if !bytes.Equal(up, wantUp) || busy != wantBusy {
					t.Fatalf("bpp %d n %d: upScan busy %d, want %d (rows equal %v)", bpp, n, busy, wantBusy, bytes.Equal(up, wantUp))
				}
				if got, want := sumAbs8(up, noLimit), refCost(wantUp); got != want {
					t.Fatalf("bpp %d n %d: sumAbs8 = %d, want %d", bpp, n, got, want)
				}
				sub := make([]byte, n)
				if got, want := subFilter(sub, cur, bpp, noLimit), refCost(wantSub); got != want || !bytes.Equal(sub, wantSub) {
					t.Fatalf("bpp %d n %d: subFilter cost %d, want %d (rows equal %v)", bpp, n, got, want, bytes.Equal(sub, wantSub))
				}
				if want := refCost(wantSub); want > 0 {
					if got := subFilter(sub, cur, bpp, 1); got < 1 {
						t.Fatalf("bpp %d n %d: subFilter with limit 1 returned %d", bpp, n, got)
					}
				}
			}
		}
	}
}

// TestFiltererChoice checks the filter chosen for typical rows.
func TestFiltererChoice(t *testing.T) {
	tests := []struct {
		name string
		cur  []byte
		prev []byte
		bpp  int
		want byte
	}{
		{"flat row", bytes.Repeat([]byte{10, 20, 30}, 100), make([]byte, 300), 3, ftNone},
		{"same as above", bytes.Repeat([]byte{1, 2, 3, 4, 5}, 60), bytes.Repeat([]byte{1, 2, 3, 4, 5}, 60), 3, ftNone},
		{"flat row too wide for the window", bytes.Repeat([]byte{10, 20, 30}, deflateWindow/3+1), make([]byte, deflateWindow+3), 3, ftUp},
		{"horizontal ramp", ramp(300, 1, 0), make([]byte, 300), 1, ftSub},
		{"vertical ramp", texture(300, 7), texture(300, 6), 1, ftUp},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var f filterer
			ft, data := f.filter(tc.cur, tc.prev, tc.bpp)
			if ft != tc.want {
				t.Fatalf("filter type %d, want %d", ft, tc.want)
			}
			var want []byte
			switch ft {
			case ftNone:
				want = tc.cur
			case ftSub:
				want = refSub(tc.cur, tc.bpp)
			case ftUp:
				want = refUp(tc.cur, tc.prev)
			}
			if !bytes.Equal(data, want) {
				t.Fatalf("filtered bytes differ from the reference")
			}
		})
	}
}

// ramp returns n bytes rising by dx per byte from 3*seed with slight
// irregularity, a horizontal gradient row.
func ramp(n, dx, seed int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = uint8(3*seed + dx*i + (i*i)%7)
	}
	return b
}

// texture returns n bytes of a fixed irregular pattern offset by level;
// rows with increasing levels form a vertical gradient.
func texture(n, level int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = uint8((i*i*37)%251 + level)
	}
	return b
}

// TestUnpremultiply checks every alpha and value against color.NRGBAModel.
func TestUnpremultiply(t *testing.T) {
	var src, dst []byte
	for a := range 256 {
		for v := range 256 {
			src = append(src, uint8(v), uint8(255-v), uint8(v/2), uint8(a))
		}
	}
	dst = make([]byte, len(src))
	unpremultiply(dst, src)
	for i := 0; i < len(src); i += 4 {
		c := color.RGBA{src[i], src[i+1], src[i+2], src[i+3]}
		if c.R > c.A || c.G > c.A || c.B > c.A {
			continue // not a valid premultiplied colour
		}
		want := color.NRGBAModel.Convert(c).(color.NRGBA)
		got := color.NRGBA{dst[i], dst[i+1], dst[i+2], dst[i+3]}
		if got != want {
			t.Fatalf("unpremultiply(%v) = %v, want %v", c, got, want)
		}
	}
}

// TestDropAlpha checks the RGBA to RGB row conversion.
func TestDropAlpha(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for n := range 40 {
		src := randomBytes(rng, 4*n, false)
		dst := make([]byte, 3*n)
		dropAlpha(dst, src)
		for i := range n {
			if !bytes.Equal(dst[3*i:3*i+3], src[4*i:4*i+3]) {
				t.Fatalf("%d pixels: pixel %d is %v, want %v", n, i, dst[3*i:3*i+3], src[4*i:4*i+3])
			}
		}
	}
}

// TestOpaque32 checks the opacity scan finds a single translucent pixel
// anywhere, serially and in parallel, and ignores row padding.
func TestOpaque32(t *testing.T) {
	const w, h, stride = 301, 700, 301*4 + 8
	for _, workers := range []int{1, 4} {
		for _, at := range [][2]int{{-1, -1}, {0, 0}, {300, 699}, {150, 350}, {297, 0}, {300, 64}} {
			pix := bytes.Repeat([]byte{1, 2, 3, 0xff}, stride*h/4)
			// Padding between rows is not part of the image.
			for y := range h {
				clear(pix[y*stride+w*4 : (y+1)*stride])
			}
			if at[0] >= 0 {
				pix[at[1]*stride+at[0]*4+3] = 0xfe
			}
			if got, want := opaque32(pix, stride, w, h, workers), at[0] < 0; got != want {
				t.Errorf("workers %d, translucent pixel at %v: opaque32 = %v, want %v", workers, at, got, want)
			}
		}
	}
}

// TestZlibHeader compares the zlib header with compress/zlib's.
func TestZlibHeader(t *testing.T) {
	for level := 1; level <= 9; level++ {
		var buf bytes.Buffer
		zw, err := zlib.NewWriterLevel(&buf, level)
		if err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		h := zlibHeader(level)
		if !bytes.Equal(h[:], buf.Bytes()[:2]) || binary.BigEndian.Uint16(h[:])%31 != 0 {
			t.Errorf("level %d: header %x, compress/zlib writes %x", level, h, buf.Bytes()[:2])
		}
	}
}

// TestLayout checks that strips tile the image and are neither too few nor
// too large.
func TestLayout(t *testing.T) {
	withStrips(t, 512<<10, 128<<10)
	for _, tc := range []struct{ w, h, bpp int }{
		{1, 1, 3}, {1, 1, 4}, {3000, 2000, 3}, {3000, 2000, 4}, {12000, 12000, 3}, {100, 7, 4},
		{MaxSide, 1, 4}, {1, MaxSide, 3}, {800, 600, 3}, {20000, 200, 4}, {200, 200, 4}, {MaxSide, MaxSide, 4},
	} {
		e := encoder{src: &source{width: tc.w, height: tc.h, bpp: tc.bpp}}
		rows, n := e.layout()
		if rows < 1 || n < 1 || (n-1)*rows >= tc.h || n*rows < tc.h {
			t.Errorf("%+v: %d strips of %d rows do not tile %d rows", tc, n, rows, tc.h)
		}
		total := tc.h * (tc.w*tc.bpp + 1)
		if total >= minParallel && n < min(minStrips, tc.h, total/minStripBytes) {
			t.Errorf("%+v: only %d strips", tc, n)
		}
		if n > 1 && rows*(tc.w*tc.bpp+1) > 2*stripTarget && rows > 1 {
			t.Errorf("%+v: strips of %d rows exceed the target size", tc, rows)
		}
	}
}
