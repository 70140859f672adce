package app

import (
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// BenchmarkWrapParagraph lays out a new 400-character paragraph in a
// label 300 units wide, as the evidence panel does with every quote and
// note it shows (Fyne keeps the width of every string it has measured, so
// each round's text is new).
func BenchmarkWrapParagraph(b *testing.B) {
	test.NewTempApp(b)
	para := strings.Repeat("Russia seeks a Central Asian buffer ahead of the US withdrawal from Afghanistan, the article says. ", 4)
	i := 0
	for b.Loop() {
		i++
		l := widget.NewLabel(strconv.Itoa(i) + " " + para)
		l.Wrapping = fyne.TextWrapWord
		l.Resize(fyne.NewSize(300, 400))
	}
}
