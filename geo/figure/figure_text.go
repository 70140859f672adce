package figure

import (
	"image/color"
	"strings"
	"sync"

	"casmap/geo/draw"
)

// ellipsis marks text cut short.
const ellipsis = "…"

// figureFonts are the Go faces of report figures.
type figureFonts struct {
	regular, medium, bold, italic draw.Face
}

// loadFigureFonts returns the figure faces. The faces are embedded in
// package draw, which every backend draws with.
func loadFigureFonts() (*figureFonts, error) {
	return &figureFonts{regular: draw.Regular, medium: draw.Medium, bold: draw.Bold, italic: draw.Italic}, nil
}

// pageText is one line of text placed on a figure: drawn in Face at Size
// pixels with the top-left corner of its measured box at X, Y.
type pageText struct {
	Text string
	Face draw.Face
	Size float64
	Col  color.RGBA
	Halo color.RGBA
	// X, Y, W, H is the measured box in image pixels.
	X, Y, W, H float64
	// Role names the part of the figure the text belongs to: "title",
	// "subtitle", "legend", "key", "scale", "footer" or "map".
	Role string
}

// box returns the text's measured box.
func (t pageText) box() draw.Rect { return rect(t.X, t.Y, t.X+t.W, t.Y+t.H) }

// draw draws the text onto c.
func (t pageText) draw(c draw.Canvas) {
	c.Text(t.Text, t.X, t.Y, draw.TextStyle{Face: t.Face, Size: t.Size, Color: t.Col, Halo: t.Halo})
}

// textStyle is a font, size in pixels and colour.
type textStyle struct {
	face draw.Face
	size float64
	col  color.RGBA
}

// measure returns the width and height of s in st, in pixels.
func (st textStyle) measure(s string) (w, h float64) { return measureText(st.face, s, st.size) }

// width returns the advance width of s in st, in pixels.
func (st textStyle) width(s string) float64 {
	w, _ := measureText(st.face, s, st.size)
	return w
}

// maxMeasured bounds the cache of measured texts.
const maxMeasured = 1 << 15

// measured caches text sizes: page layout tries many type scales and
// column widths, and measures the same words again and again.
var measured struct {
	sync.Mutex
	m map[measureKey][2]float64
}

// measureKey is a text at a font size quantised as draw measures it.
type measureKey struct {
	face draw.Face
	size float64
	text string
}

// measureText is draw.Measure with a cache.
func measureText(face draw.Face, s string, size float64) (w, h float64) {
	k := measureKey{face, draw.QuantSize(size), s}
	measured.Lock()
	wh, ok := measured.m[k]
	measured.Unlock()
	if ok {
		return wh[0], wh[1]
	}
	w, h = draw.Measure(face, s, size)
	measured.Lock()
	if measured.m == nil || len(measured.m) >= maxMeasured {
		measured.m = make(map[measureKey][2]float64)
	}
	measured.m[k] = [2]float64{w, h}
	measured.Unlock()
	return w, h
}

// place returns s in st with the top-left corner of its box at x, y.
func (st textStyle) place(s string, x, y float64, role string) pageText {
	w, h := st.measure(s)
	return pageText{Text: s, Face: st.face, Size: st.size, Col: st.col, X: x, Y: y, W: w, H: h, Role: role}
}

// fitText returns s shortened with an ellipsis so that it is at most maxW
// pixels wide in st, or "" if not even the ellipsis fits.
func fitText(st textStyle, s string, maxW float64) string {
	if st.width(s) <= maxW {
		return s
	}
	if st.width(ellipsis) > maxW {
		return ""
	}
	// Binary search on the number of runes kept.
	runes := []rune(strings.TrimSpace(s))
	lo, hi := 0, len(runes)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if st.width(strings.TrimRight(string(runes[:mid]), " ,;:—–-")+ellipsis) <= maxW {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRight(string(runes[:lo]), " ,;:—–-") + ellipsis
}

// textRun is a stretch of text in one style within a paragraph.
type textRun struct {
	text string
	st   textStyle
}

// piece is the part of a word that lies in one run.
type piece struct {
	text string
	st   textStyle
	w    float64
}

// word is an unbreakable sequence of pieces.
type word struct {
	pieces []piece
	w      float64
	space  float64 // width of the space before the word
}

// textLine is one wrapped line of a paragraph.
type textLine struct {
	words []word
	w     float64
}

// splitWords cuts runs into words at spaces. A run that does not start
// with a space continues the previous word.
func splitWords(runs []textRun) []word {
	var words []word
	for _, r := range runs {
		if r.text == "" {
			continue
		}
		glue := !strings.HasPrefix(r.text, " ")
		for i, f := range strings.Fields(r.text) {
			p := piece{text: f, st: r.st, w: r.st.width(f)}
			if i == 0 && glue && len(words) > 0 {
				last := &words[len(words)-1]
				last.pieces = append(last.pieces, p)
				last.w += p.w
				continue
			}
			words = append(words, word{pieces: []piece{p}, w: p.w, space: r.st.width(" ")})
		}
	}
	return words
}

// wrapRuns breaks the paragraph runs into lines at most maxW pixels wide
// and at most maxLines long (no limit when maxLines < 1). It reports
// whether text was cut; the last kept line then ends with an ellipsis.
func wrapRuns(runs []textRun, maxW float64, maxLines int) (lines []textLine, cut bool) {
	words := splitWords(runs)
	for i := 0; i < len(words); {
		var ln textLine
		for i < len(words) {
			wd := words[i]
			if len(ln.words) == 0 {
				if wd.w > maxW {
					wd = shortenWord(wd, maxW)
					cut = true
				}
				ln.words = append(ln.words, wd)
				ln.w = wd.w
				i++
				continue
			}
			if ln.w+wd.space+wd.w > maxW {
				break
			}
			ln.words = append(ln.words, wd)
			ln.w += wd.space + wd.w
			i++
		}
		if maxLines > 0 && len(lines) == maxLines-1 && i < len(words) {
			lines = append(lines, withEllipsis(ln, maxW))
			return lines, true
		}
		lines = append(lines, ln)
	}
	return lines, cut
}

// shortenWord cuts the word to maxW pixels with an ellipsis, keeping the
// style of its first piece.
func shortenWord(wd word, maxW float64) word {
	var s strings.Builder
	for _, p := range wd.pieces {
		s.WriteString(p.text)
	}
	st := wd.pieces[0].st
	t := fitText(st, s.String(), maxW)
	return word{pieces: []piece{{text: t, st: st, w: st.width(t)}}, w: st.width(t), space: wd.space}
}

// withEllipsis appends an ellipsis to ln, dropping or shortening words so
// that the line stays within maxW pixels.
func withEllipsis(ln textLine, maxW float64) textLine {
	for len(ln.words) > 0 {
		last := &ln.words[len(ln.words)-1]
		lp := &last.pieces[len(last.pieces)-1]
		ew := lp.st.width(ellipsis)
		if ln.w+ew <= maxW {
			lp.text += ellipsis
			lp.w += ew
			last.w += ew
			ln.w += ew
			return ln
		}
		if len(ln.words) == 1 {
			ln.words[0] = shortenWord(ln.words[0], maxW)
			ln.w = ln.words[0].w
			if !strings.HasSuffix(ln.words[0].pieces[0].text, ellipsis) {
				ln.words[0].pieces[0].text = fitText(ln.words[0].pieces[0].st, ln.words[0].pieces[0].text+ellipsis, maxW)
			}
			return ln
		}
		ln.w -= last.w + last.space
		ln.words = ln.words[:len(ln.words)-1]
	}
	return ln
}

// placeLines returns the texts of wrapped lines whose first line's box
// top is at y, advancing lineH pixels per line, starting at x.
func placeLines(lines []textLine, x, y, lineH float64, role string) []pageText {
	var out []pageText
	for i, ln := range lines {
		cx := x
		for j, wd := range ln.words {
			if j > 0 {
				cx += wd.space
			}
			for _, p := range wd.pieces {
				if p.text != "" {
					out = append(out, p.st.place(p.text, cx, y+float64(i)*lineH, role))
				}
				cx += p.w
			}
		}
	}
	return out
}
