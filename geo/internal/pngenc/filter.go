package pngenc

// PNG filter types used (PNG specification, section 9.2).
const (
	ftNone = 0
	ftSub  = 1
	ftUp   = 2
)

// deflateWindow is the largest distance a deflate match may reach back.
const deflateWindow = 32768

// busyShift sets the busy-row threshold: a row is busy when more than
// len(row)>>busyShift of its bytes differ both from the byte above and
// from the same channel of the pixel to the left.
const busyShift = 2

// filterer chooses and applies the filter of each row.
//
// The choice is tuned for maps: large flat areas, antialiased edges and
// text, and the occasional smooth gradient or photo-like inset.
//
//   - Quiet rows, whose bytes mostly repeat the pixel above or to the
//     left, are left unfiltered (None). Deflate then finds long matches
//     both along the row and against the row above, which on such content
//     gives files 5-10% smaller than filtering and costs nothing. When a
//     scanline is longer than the deflate window the row above is out of
//     reach, and Up, which turns repeated rows into zeros, is used instead.
//   - Busy rows (gradients, photographs) get Sub or Up, whichever has the
//     smaller sum of absolute values, the PNG specification's heuristic.
//
// Paeth and Average rarely beat this on maps and cost several times more.
type filterer struct {
	up  []byte
	sub []byte
}

// filter returns the filter type and filtered bytes for row cur, whose
// preceding row is prev (all zeros for the first row of the image), with
// bpp bytes per pixel. The result is cur itself for None and otherwise
// aliases the filterer's buffers until the next call.
func (f *filterer) filter(cur, prev []byte, bpp int) (byte, []byte) {
	n := len(cur)
	f.up = grow(f.up, n)
	busy := upScan(f.up, cur, prev, bpp)
	if busy <= n>>busyShift {
		if n+1 <= deflateWindow {
			return ftNone, cur
		}
		return ftUp, f.up
	}
	f.sub = grow(f.sub, n)
	su := sumAbs8(f.up, int(^uint(0)>>1))
	if ss := subFilter(f.sub, cur, bpp, su); ss < su {
		return ftSub, f.sub
	}
	return ftUp, f.up
}
