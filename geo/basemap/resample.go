package basemap

import (
	"encoding/binary"
	"image"
	"math"
)

// scaleBilinear draws src scaled by s (destination pixels per source pixel)
// with its top-left corner at x, y in dst's pixel coordinates, replacing
// the pixels of clip (Src operator). Samples are bilinear with the source
// edges clamped, in 8-bit fixed point; the vertical pass runs once per
// source column and destination row.
func scaleBilinear(dst *image.RGBA, clip image.Rectangle, src *image.RGBA, x, y, s float64) {
	clip = clip.Intersect(dst.Rect)
	if clip.Empty() || !(s > 0) {
		return
	}
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	if sw == 0 || sh == 0 {
		return
	}
	n := clip.Dx()
	xs := make([]int32, 2*n) // left source column, weight of the right one
	lo, hi := sw, 0
	for i := 0; i < n; i++ {
		sx := (float64(clip.Min.X+i)+0.5-x)/s - 0.5
		x0 := int(math.Floor(sx))
		f := int32((sx - float64(x0)) * 256)
		if x0 < 0 {
			x0, f = 0, 0
		} else if x0 >= sw-1 {
			x0, f = sw-2, 256
			if sw == 1 {
				x0, f = 0, 0
			}
		}
		xs[2*i], xs[2*i+1] = int32(x0), f
		lo = min(lo, x0)
		hi = max(hi, min(x0+1, sw-1))
	}
	row := make([]uint32, sw+1)
	for py := clip.Min.Y; py < clip.Max.Y; py++ {
		sy := (float64(py)+0.5-y)/s - 0.5
		y0 := int(math.Floor(sy))
		fy := uint32((sy - float64(y0)) * 256)
		y1 := y0 + 1
		y0 = max(0, min(y0, sh-1))
		y1 = max(0, min(y1, sh-1))
		o0 := src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y+y0)
		o1 := src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y+y1)
		r0 := src.Pix[o0 : o0+4*sw : o0+4*sw]
		r1 := src.Pix[o1 : o1+4*sw : o1+4*sw]
		if fy == 0 || y0 == y1 {
			for c := lo; c <= hi; c++ {
				row[c] = binary.LittleEndian.Uint32(r0[4*c:])
			}
		} else {
			gy := 256 - fy
			for c := lo; c <= hi; c++ {
				row[c] = lerpPixel(binary.LittleEndian.Uint32(r0[4*c:]), binary.LittleEndian.Uint32(r1[4*c:]), fy, gy)
			}
		}
		do := dst.PixOffset(clip.Min.X, py)
		drow := dst.Pix[do : do+4*n : do+4*n]
		for i := 0; i < n; i++ {
			c, f := xs[2*i], uint32(xs[2*i+1])
			binary.LittleEndian.PutUint32(drow[4*i:], lerpPixel(row[c], row[c+1], f, 256-f))
		}
	}
}

// lerpPixel blends two packed 8-bit RGBA pixels: (a·g + b·f) / 256 per
// channel, with f + g = 256. Two channels share each 32-bit lane pair.
func lerpPixel(a, b, f, g uint32) uint32 {
	rb := (((a&0xff00ff)*g + (b&0xff00ff)*f) >> 8) & 0xff00ff
	ag := (((a>>8)&0xff00ff)*g + ((b>>8)&0xff00ff)*f) & 0xff00ff00
	return rb | ag
}
