package pdf

import (
	"math"
	"strconv"
)

// maxCoord bounds coordinates, in pixels, so that viewers with fixed-point
// rasterisers stay within range; anything beyond is far off the page.
const maxCoord = 1e6

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return v-v == 0 }

// clamp limits v pixels to ±maxCoord; NaN becomes 0.
func clamp(v float64) float64 {
	switch {
	case v != v:
		return 0
	case v > maxCoord:
		return maxCoord
	case v < -maxCoord:
		return -maxCoord
	}
	return v
}

// appendNum appends v rounded to two decimals in its shortest form: no
// trailing zeros, no leading zero before the point ("-.05", "12.5", "3").
func appendNum(b []byte, v float64) []byte {
	q := int64(math.Round(v * 100))
	if q < 0 {
		b = append(b, '-')
		q = -q
	}
	ip, fp := q/100, q%100
	if ip != 0 || fp == 0 {
		b = strconv.AppendInt(b, ip, 10)
	}
	if fp != 0 {
		b = append(b, '.', byte('0'+fp/10))
		if fp%10 != 0 {
			b = append(b, byte('0'+fp%10))
		}
	}
	return b
}

// appendUnit appends v, clamped to 0..1, rounded to three decimals.
func appendUnit(b []byte, v float64) []byte {
	q := int(math.Round(min(1, max(0, v)) * 1000))
	switch q {
	case 0:
		return append(b, '0')
	case 1000:
		return append(b, '1')
	}
	b = append(b, '.', byte('0'+q/100))
	q %= 100
	if q != 0 {
		b = append(b, byte('0'+q/10))
		if q%10 != 0 {
			b = append(b, byte('0'+q%10))
		}
	}
	return b
}
