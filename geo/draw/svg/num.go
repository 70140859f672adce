package svg

import (
	"math"
	"strconv"
)

// maxCoord bounds coordinates, in pixels, so that renderers with fixed-point
// rasterisers stay within range; anything beyond is far off the canvas.
const maxCoord = 1e6

// hundredths rounds v pixels to hundredths, clamped to ±maxCoord. NaN
// becomes 0; callers drop non-finite points before they get here.
func hundredths(v float64) int64 {
	switch {
	case v != v:
		return 0
	case v > maxCoord:
		v = maxCoord
	case v < -maxCoord:
		v = -maxCoord
	}
	return int64(math.Round(v * 100))
}

// appendHundredths appends the number v/100 in its shortest form: no
// trailing zeros, no leading zero before the point ("-.05", "12.5", "3").
func appendHundredths(b []byte, v int64) []byte {
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

// appendNum appends v rounded to two decimals.
func appendNum(b []byte, v float64) []byte {
	return appendHundredths(b, hundredths(v))
}

// appendUnit appends v, a value from 0 to 1 such as an opacity, rounded to
// three decimals.
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

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return v-v == 0 }

// pathData writes SVG path data compactly: numbers in hundredths of a
// pixel, relative line-tos, separators only where the grammar needs them.
type pathData struct {
	b      []byte
	x, y   int64 // current point in hundredths
	sep    bool  // a number was just written
	hasDot bool  // and it contains a decimal point
}

// cmd appends a command letter.
func (d *pathData) cmd(c byte) {
	d.b = append(d.b, c)
	d.sep = false
}

// num appends one number, with a separator if the grammar requires it.
func (d *pathData) num(v int64) {
	if d.sep {
		neg := v < 0
		dot := !neg && v%100 != 0 && v < 100
		if !neg && !(dot && d.hasDot) {
			d.b = append(d.b, ' ')
		}
	}
	d.hasDot = v%100 != 0
	d.b = appendHundredths(d.b, v)
	d.sep = true
}

// moveTo starts a subpath at the absolute point x, y (hundredths).
func (d *pathData) moveTo(x, y int64) {
	d.cmd('M')
	d.num(x)
	d.num(y)
	d.x, d.y = x, y
}

// lineTo appends a line to x, y as a relative pair after an 'l' command
// (the caller writes the command once per run).
func (d *pathData) lineTo(x, y int64) {
	d.num(x - d.x)
	d.num(y - d.y)
	d.x, d.y = x, y
}
