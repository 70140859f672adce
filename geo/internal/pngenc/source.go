package pngenc

import (
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"sync"
	"sync/atomic"
)

// srcKind says how raw scanline bytes are obtained from the image.
type srcKind uint8

const (
	kindView     srcKind = iota // rows are used straight from pix
	kindDropA                   // 4-byte RGBA/NRGBA rows written as RGB
	kindUnpremul                // *image.RGBA rows un-premultiplied to NRGBA
	kindGeneric                 // any image, converted pixel by pixel
)

// source yields the raw (unfiltered) bytes of each row of an image in the
// layout of the chosen PNG colour type.
type source struct {
	kind      srcKind
	colorType byte
	bpp       int // bytes per pixel in the PNG
	width     int
	height    int

	pix    []byte // pixel buffer of *image.RGBA, NRGBA, Gray or Paletted
	stride int
	img    image.Image // kindGeneric only
	minX   int
	minY   int

	palette color.Palette // ctPalette only
}

// newSource inspects img and picks the colour type and row conversion.
// workers bounds the parallelism of the opacity scan.
func newSource(img image.Image, workers int) (*source, error) {
	b := img.Bounds()
	s := &source{width: b.Dx(), height: b.Dy(), minX: b.Min.X, minY: b.Min.Y}
	switch m := img.(type) {
	case *image.RGBA:
		s.pix, s.stride = m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride
		if opaque32(s.pix, s.stride, s.width, s.height, workers) {
			s.kind, s.colorType, s.bpp = kindDropA, ctRGB, 3
		} else {
			s.kind, s.colorType, s.bpp = kindUnpremul, ctRGBAlpha, 4
		}
	case *image.NRGBA:
		s.pix, s.stride = m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride
		if opaque32(s.pix, s.stride, s.width, s.height, workers) {
			s.kind, s.colorType, s.bpp = kindDropA, ctRGB, 3
		} else {
			s.kind, s.colorType, s.bpp = kindView, ctRGBAlpha, 4
		}
	case *image.Gray:
		s.pix, s.stride = m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride
		s.kind, s.colorType, s.bpp = kindView, ctGray, 1
	case *image.Paletted:
		if len(m.Palette) == 0 {
			return nil, errors.New("pngenc: paletted image has an empty palette")
		}
		if len(m.Palette) > 256 {
			// Too many entries for PLTE. Paletted.Opaque cannot be used
			// here either: it indexes a 256-entry array by palette index.
			opaque := true
			for _, c := range m.Palette {
				if _, _, _, a := c.RGBA(); a != 0xffff {
					opaque = false
				}
			}
			s.setGeneric(img, opaque)
			break
		}
		s.pix, s.stride = m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride
		s.kind, s.colorType, s.bpp = kindView, ctPalette, 1
		s.palette = m.Palette
	default:
		o, ok := img.(interface{ Opaque() bool })
		s.setGeneric(img, ok && o.Opaque())
	}
	return s, nil
}

// setGeneric selects per-pixel conversion, to RGB when the image is known
// to be opaque and to non-premultiplied RGBA otherwise.
func (s *source) setGeneric(img image.Image, opaque bool) {
	s.kind, s.img = kindGeneric, img
	s.colorType, s.bpp = ctRGBAlpha, 4
	if opaque {
		s.colorType, s.bpp = ctRGB, 3
	}
}

// rowLen is the number of raw bytes per row, without the filter byte.
func (s *source) rowLen() int { return s.width * s.bpp }

// row returns the raw bytes of row y (0 = top). The result either aliases
// the image or is written into scratch, which must hold rowLen bytes.
func (s *source) row(y int, scratch []byte) []byte {
	n := s.rowLen()
	switch s.kind {
	case kindView:
		off := y * s.stride
		return s.pix[off : off+n : off+n]
	case kindDropA:
		off := y * s.stride
		dropAlpha(scratch[:n], s.pix[off:off+s.width*4])
	case kindUnpremul:
		off := y * s.stride
		unpremultiply(scratch[:n], s.pix[off:off+n])
	case kindGeneric:
		s.convertRow(y, scratch[:n])
	}
	return scratch[:n]
}

// dropAlpha copies the RGB bytes of 4-byte pixels in src to 3-byte pixels
// in dst.
func dropAlpha(dst, src []byte) {
	// Two pixels per step: one 8-byte load, one 8-byte store of which the
	// first 6 bytes are kept.
	for len(src) >= 8 && len(dst) >= 8 {
		v := binary.LittleEndian.Uint64(src)
		u := v&0xffffff | (v>>8)&0xffffff000000
		binary.LittleEndian.PutUint64(dst, u)
		src, dst = src[8:], dst[6:]
	}
	for len(src) >= 4 && len(dst) >= 3 {
		dst[0], dst[1], dst[2] = src[0], src[1], src[2]
		src, dst = src[4:], dst[3:]
	}
}

var (
	unpremulOnce  sync.Once
	unpremulTable *[256][256]byte // [alpha][premultiplied value]
)

// unpremultiply converts alpha-premultiplied RGBA pixels in src to
// non-premultiplied ones in dst with exactly the rounding of
// color.NRGBAModel, as image/png does.
func unpremultiply(dst, src []byte) {
	unpremulOnce.Do(func() {
		t := new([256][256]byte)
		for a := 1; a < 256; a++ {
			// m combines 0x101 (8- to 16-bit) and 0xffff (divide by alpha).
			const m = 0x101 * 0xffff
			a16 := uint32(a) * 0x101
			for v := range 256 {
				t[a][v] = uint8((uint32(v) * m / a16) >> 8)
			}
		}
		unpremulTable = t
	})
	t := unpremulTable
	for len(src) >= 4 && len(dst) >= 4 {
		s, d := (*[4]byte)(src), (*[4]byte)(dst)
		switch a := s[3]; a {
		case 0xff:
			*d = *s
		case 0:
			*d = [4]byte{}
		default:
			ta := &t[a]
			d[0], d[1], d[2], d[3] = ta[s[0]], ta[s[1]], ta[s[2]], a
		}
		src, dst = src[4:], dst[4:]
	}
}

// convertRow fills dst with row y of a generic image.
func (s *source) convertRow(y int, dst []byte) {
	py := s.minY + y
	x := s.minX
	if s.bpp == 3 {
		for i := 0; i+3 <= len(dst); i += 3 {
			r, g, b, _ := s.img.At(x, py).RGBA()
			dst[i], dst[i+1], dst[i+2] = uint8(r>>8), uint8(g>>8), uint8(b>>8)
			x++
		}
		return
	}
	for i := 0; i+4 <= len(dst); i += 4 {
		c := color.NRGBAModel.Convert(s.img.At(x, py)).(color.NRGBA)
		dst[i], dst[i+1], dst[i+2], dst[i+3] = c.R, c.G, c.B, c.A
		x++
	}
}

// plteTRNS returns the PLTE payload and, when some entry is not opaque, the
// tRNS payload for a paletted source.
func (s *source) plteTRNS() (plte, trns []byte) {
	plte = make([]byte, 3*len(s.palette))
	alpha := make([]byte, len(s.palette))
	last := -1
	for i, c := range s.palette {
		n := color.NRGBAModel.Convert(c).(color.NRGBA)
		plte[3*i], plte[3*i+1], plte[3*i+2] = n.R, n.G, n.B
		alpha[i] = n.A
		if n.A != 0xff {
			last = i
		}
	}
	return plte, alpha[:last+1]
}

// opaque32 reports whether every alpha byte of the 4-byte pixels in the
// w x h region of pix is 0xff, scanning in parallel for large regions.
func opaque32(pix []byte, stride, w, h, workers int) bool {
	const minRowsPerWorker = 64
	workers = min(workers, h/minRowsPerWorker)
	if workers <= 1 || w*h < 1<<18 {
		return opaqueRows(pix, stride, w, 0, h, nil)
	}
	var (
		wg     sync.WaitGroup
		failed atomic.Bool
	)
	per := (h + workers - 1) / workers
	for y0 := 0; y0 < h; y0 += per {
		y1 := min(y0+per, h)
		wg.Go(func() {
			if !opaqueRows(pix, stride, w, y0, y1, &failed) {
				failed.Store(true)
			}
		})
	}
	wg.Wait()
	return !failed.Load()
}

// opaqueRows reports whether rows y0..y1-1 are opaque. It gives up early,
// returning true, once stop is set by another goroutine.
func opaqueRows(pix []byte, stride, w, y0, y1 int, stop *atomic.Bool) bool {
	const mask = 0xff000000ff000000
	n := w * 4
	for y := y0; y < y1; y++ {
		p := pix[y*stride : y*stride+n]
		acc := uint64(mask)
		for len(p) >= 32 {
			acc &= binary.LittleEndian.Uint64(p) & binary.LittleEndian.Uint64(p[8:]) &
				binary.LittleEndian.Uint64(p[16:]) & binary.LittleEndian.Uint64(p[24:])
			p = p[32:]
		}
		if acc&mask != mask {
			return false
		}
		for ; len(p) >= 4; p = p[4:] {
			if p[3] != 0xff {
				return false
			}
		}
		if stop != nil && y&63 == 0 && stop.Load() {
			return true
		}
	}
	return true
}
