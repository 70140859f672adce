package vector

import (
	"math"
	"strconv"
)

// MaxCoord bounds coordinates, in pixels, so that viewers with fixed-point
// rasterisers stay within range; anything beyond is far off the canvas.
const MaxCoord = 1e6

// Finite reports whether v is neither NaN nor infinite.
func Finite(v float64) bool { return v-v == 0 }

// Clamp limits v pixels to ±MaxCoord; NaN becomes 0.
func Clamp(v float64) float64 {
	switch {
	case v != v:
		return 0
	case v > MaxCoord:
		return MaxCoord
	case v < -MaxCoord:
		return -MaxCoord
	}
	return v
}

// Hundredths rounds v pixels to hundredths, clamped to ±MaxCoord. NaN
// becomes 0; callers drop non-finite points before they get here.
func Hundredths(v float64) int64 {
	return int64(math.Round(Clamp(v) * 100))
}

// AppendHundredths appends the number v/100 in its shortest form: no
// trailing zeros, no leading zero before the point ("-.05", "12.5", "3").
func AppendHundredths(b []byte, v int64) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	ip, fp := v/100, v%100
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

// AppendNum appends v rounded to two decimals in the form of
// AppendHundredths. It does not clamp: callers pass values within range.
func AppendNum(b []byte, v float64) []byte {
	return AppendHundredths(b, int64(math.Round(v*100)))
}

// AppendCoord appends v pixels clamped to ±MaxCoord and rounded to two
// decimals in the form of AppendHundredths.
func AppendCoord(b []byte, v float64) []byte {
	return AppendHundredths(b, Hundredths(v))
}

// AppendUnit appends v, a value from 0 to 1 such as an opacity or a colour
// channel, clamped to that range and rounded to three decimals, without
// trailing zeros or a leading zero (".5", "1").
func AppendUnit(b []byte, v float64) []byte {
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
