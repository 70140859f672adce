package draw

import (
	"encoding/binary"
	"image"
	"image/color"
)

// RGB returns the opaque colour with the given 8-bit channels.
func RGB(r, g, b uint8) color.RGBA {
	return color.RGBA{R: r, G: g, B: b, A: 0xff}
}

// RGBA returns the alpha-premultiplied colour for the straight (not
// premultiplied) channels r, g, b and opacity a, all 8-bit.
func RGBA(r, g, b, a uint8) color.RGBA {
	return WithAlpha(RGB(r, g, b), a)
}

// WithAlpha returns c with its opacity multiplied by a/255, keeping the
// result alpha-premultiplied.
func WithAlpha(c color.RGBA, a uint8) color.RGBA {
	m := uint32(a)
	return color.RGBA{
		R: uint8((uint32(c.R)*m + 127) / 255),
		G: uint8((uint32(c.G)*m + 127) / 255),
		B: uint8((uint32(c.B)*m + 127) / 255),
		A: uint8((uint32(c.A)*m + 127) / 255),
	}
}

// Sanitize clamps the colour channels of c to its alpha so that c is a valid
// premultiplied colour; blending an invalid one would overflow.
func Sanitize(c color.RGBA) color.RGBA {
	c.R = min(c.R, c.A)
	c.G = min(c.G, c.A)
	c.B = min(c.B, c.A)
	return c
}

// Luminance returns the approximate relative Luminance of c's straight
// colour in [0, 1].
func Luminance(c color.RGBA) float64 {
	if c.A == 0 {
		return 1
	}
	a := float64(c.A)
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / a
}

// FillRect fills r (clipped to dst) with the opaque or translucent colour c
// using the Src operator.
func FillRect(dst *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(dst.Rect)
	if r.Empty() {
		return
	}
	w := r.Dx() * 4
	row := dst.Pix[dst.PixOffset(r.Min.X, r.Min.Y):]
	first := row[:w]
	for i := 0; i < w; i += 4 {
		first[i], first[i+1], first[i+2], first[i+3] = c.R, c.G, c.B, c.A
	}
	for y := r.Min.Y + 1; y < r.Max.Y; y++ {
		off := dst.PixOffset(r.Min.X, y)
		copy(dst.Pix[off:off+w], first)
	}
}

// blendMask composites the uniform colour c through the coverage mask m onto
// dst with the Over operator; the mask's top-left pixel lands on at.
func blendMask(dst *image.RGBA, at image.Point, m *image.Alpha, c color.RGBA) {
	c = Sanitize(c)
	if c.A == 0 {
		return
	}
	r := image.Rectangle{Min: at, Max: at.Add(m.Rect.Size())}.Intersect(dst.Rect)
	if r.Empty() {
		return
	}
	src := uint32(c.R) | uint32(c.G)<<8 | uint32(c.B)<<16 | uint32(c.A)<<24
	sa := uint32(c.A)
	w := r.Dx()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		mo := m.PixOffset(r.Min.X-at.X+m.Rect.Min.X, y-at.Y+m.Rect.Min.Y)
		mrow := m.Pix[mo : mo+w : mo+w]
		do := dst.PixOffset(r.Min.X, y)
		drow := dst.Pix[do : do+4*w : do+4*w]
		for x := 0; x < len(mrow); x++ {
			// Eight mask bytes at a time: runs of no coverage are skipped
			// and runs of full coverage by an opaque colour are stored.
			if x&7 == 0 && x+8 <= len(mrow) {
				switch v := binary.LittleEndian.Uint64(mrow[x:]); {
				case v == 0:
					x += 7
					continue
				case v == ^uint64(0) && sa == 0xff:
					run := drow[4*x : 4*x+32 : 4*x+32]
					for i := 0; i < 32; i += 4 {
						binary.LittleEndian.PutUint32(run[i:], src)
					}
					x += 7
					continue
				}
			}
			ma := mrow[x]
			if ma == 0 {
				continue
			}
			if ma == 0xff && sa == 0xff {
				binary.LittleEndian.PutUint32(drow[4*x:], src)
				continue
			}
			// Source scaled by coverage, destination by what is left.
			s := scalePixel(src, uint32(ma))
			d := scalePixel(binary.LittleEndian.Uint32(drow[4*x:]), 255-s>>24)
			binary.LittleEndian.PutUint32(drow[4*x:], s+d)
		}
	}
}

// OverSprite composites the premultiplied sprite src onto dst with the Over
// operator, placing src's top-left pixel at at. Rows are limited to the
// sprite's non-transparent spans when spans is non-nil.
func OverSprite(dst *image.RGBA, at image.Point, src *image.RGBA, spans [][2]int) {
	overSpriteClip(dst, at, src, spans, dst.Rect)
}

// overSpriteClip is OverSprite limited to the pixels of clip.
func overSpriteClip(dst *image.RGBA, at image.Point, src *image.RGBA, spans [][2]int, clip image.Rectangle) {
	sb := src.Rect
	r := image.Rectangle{Min: at, Max: at.Add(sb.Size())}.Intersect(dst.Rect).Intersect(clip)
	if r.Empty() {
		return
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		sy := y - at.Y
		x0, x1 := r.Min.X-at.X, r.Max.X-at.X
		if spans != nil {
			s := spans[sy]
			x0, x1 = max(x0, s[0]), min(x1, s[1])
			if x0 >= x1 {
				continue
			}
		}
		so := src.PixOffset(sb.Min.X+x0, sb.Min.Y+sy)
		n := 4 * (x1 - x0)
		srow := src.Pix[so : so+n : so+n]
		do := dst.PixOffset(at.X+x0, y)
		drow := dst.Pix[do : do+n : do+n]
		for i := 0; i+4 <= n; i += 4 {
			sp := binary.LittleEndian.Uint32(srow[i:])
			a := sp >> 24
			if a == 0 {
				continue
			}
			if a == 0xff {
				binary.LittleEndian.PutUint32(drow[i:], sp)
				continue
			}
			binary.LittleEndian.PutUint32(drow[i:], sp+scalePixel(binary.LittleEndian.Uint32(drow[i:]), 255-a))
		}
	}
}

// scalePixel multiplies the four 8-bit channels of the packed pixel p by
// m/255 with rounding, two channels per 32-bit multiplication.
func scalePixel(p, m uint32) uint32 {
	rb := (p&0xff00ff)*m + 0x800080
	rb = ((rb + ((rb >> 8) & 0xff00ff)) >> 8) & 0xff00ff
	ag := ((p>>8)&0xff00ff)*m + 0x800080
	ag = (ag + ((ag >> 8) & 0xff00ff)) & 0xff00ff00
	return rb | ag
}

// OpaqueSpans returns, for each row of img, the half-open range of columns
// (relative to img.Rect.Min.X) that hold non-transparent pixels.
func OpaqueSpans(img *image.RGBA) [][2]int {
	b := img.Rect
	spans := make([][2]int, b.Dy())
	for y := 0; y < b.Dy(); y++ {
		lo, hi := b.Dx(), 0
		for x := 0; x < b.Dx(); x++ {
			if img.Pix[img.PixOffset(b.Min.X+x, b.Min.Y+y)+3] != 0 {
				lo = min(lo, x)
				hi = x + 1
			}
		}
		if lo >= hi {
			lo, hi = 0, 0
		}
		spans[y] = [2]int{lo, hi}
	}
	return spans
}
