package app

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// Widths of the side columns, in units: the marker list and the evidence
// panel take a share of the window between a floor, below which their
// text would be cramped, and a ceiling, past which lines grow too long to
// read and the map should have the room.
const (
	listShare, listMin, listMax    = 0.22, 230, 440
	panelShare, panelMin, panelMax = 0.26, 270, 620
)

// columnsLayout sizes the window's three columns (list, map, evidence) for
// its width: on a large screen the map gets the room the side columns do
// not need. Once the user drags a divider, the columns keep what the user
// chose.
type columnsLayout struct {
	outer, inner *container.Split
	// set are the offsets this layout set last; a split whose offset
	// differs was moved by the user.
	setOuter, setInner float64
	userMoved          bool
}

// widths returns the list's and the panel's widths for a window w units
// wide.
func columnWidths(w float32) (list, panel float64) {
	W := float64(w)
	list = math.Min(math.Max(listShare*W, listMin), listMax)
	panel = math.Min(math.Max(panelShare*W, panelMin), panelMax)
	if list+panel > 0.7*W { // a very narrow window: shares only
		list, panel = listShare*W, panelShare*W
	}
	return list, panel
}

// Layout places the splits and, unless the user moved a divider, sets
// their offsets for the width.
func (c *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if c.setOuter != 0 && (c.outer.Offset != c.setOuter || c.inner.Offset != c.setInner) {
		c.userMoved = true
	}
	changed := false
	if !c.userMoved && size.Width > 0 {
		list, panel := columnWidths(size.Width)
		W := float64(size.Width)
		outer, inner := list/W, (W-list-panel)/(W-list)
		changed = outer != c.outer.Offset || inner != c.inner.Offset
		c.setOuter, c.setInner = outer, inner
		c.outer.Offset, c.inner.Offset = outer, inner
	}
	for _, o := range objs {
		resized := o.Size() != size
		o.Move(fyne.Position{})
		o.Resize(size)
		// A resize lays the splits out with the new offsets; at the same
		// size they must be told.
		if changed && !resized {
			c.inner.Refresh()
			c.outer.Refresh()
		}
	}
}

// MinSize is the splits' own.
func (c *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}
