package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"casmap/data"
)

// kindColor is the colour of each kind of marker, shared by the map, the
// legend and the export.
var kindColor = map[data.Kind]color.NRGBA{
	data.KindBase:       {0xC6, 0x28, 0x28, 0xFF},
	data.KindDeployment: {0xE6, 0x7E, 0x00, 0xFF},
	data.KindVisit:      {0x15, 0x65, 0xC0, 0xFF},
	data.KindMeeting:    {0x7B, 0x1F, 0xA2, 0xFF},
	data.KindThreat:     {0xAD, 0x14, 0x57, 0xFF},
	data.KindBorder:     {0x00, 0x89, 0x7B, 0xFF},
}

// kindIcon returns the legend symbol of kind k, size points across.
func kindIcon(k data.Kind, size float32) fyne.CanvasObject {
	c := canvas.NewCircle(kindColor[k])
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSquareSize(size))
	c.Resize(fyne.NewSquareSize(size))
	return c
}

// actorIcon returns the legend symbol of an actor's ring, size points across.
func actorIcon(actor string, size float32) fyne.CanvasObject {
	c := canvas.NewCircle(color.Transparent)
	c.StrokeColor = actorColor(actor)
	c.StrokeWidth = 2
	c.Resize(fyne.NewSquareSize(size))
	return c
}

// actorColor is the ring colour of an actor.
func actorColor(actor string) color.NRGBA {
	switch actor {
	case "RU":
		return color.NRGBA{0xB0, 0x00, 0x20, 0xFF}
	case "US":
		return color.NRGBA{0x1A, 0x23, 0x7E, 0xFF}
	default:
		return color.NRGBA{0x60, 0x60, 0x60, 0xFF}
	}
}
