package svg

import "casmap/geo/draw/internal/vector"

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
	d.b = vector.AppendHundredths(d.b, v)
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
