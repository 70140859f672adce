package app

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"casmap/data"
	"casmap/geo"
	"casmap/geo/draw"
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

// actorColors are the ring colours of the actors the legend knows; any
// other actor gets neutralActor.
var actorColors = map[string]color.NRGBA{
	"RU":      {0xB0, 0x00, 0x20, 0xFF},
	"USSR":    {0x8D, 0x4A, 0x4A, 0xFF},
	"US":      {0x1A, 0x23, 0x7E, 0xFF},
	"CSTO":    {0x5E, 0x35, 0xB1, 0xFF},
	"Taliban": {0x55, 0x6B, 0x2F, 0xFF},
	"ISIS":    {0x21, 0x21, 0x21, 0xFF},
}

var neutralActor = color.NRGBA{0x78, 0x78, 0x78, 0xFF}

// actorColor is the ring colour of an actor.
func actorColor(actor string) color.NRGBA {
	if c, ok := actorColors[actor]; ok {
		return c
	}
	return neutralActor
}

// iconScale renders legend icons at this many pixels per unit, so they stay
// sharp on high-density screens.
const iconScale = 3

// kindIcon returns the legend symbol of kind k, size units across: the
// same shape and colour the map draws.
func kindIcon(k data.Kind, size float32) fyne.CanvasObject {
	st := markStyle(&data.Marker{Kind: k, Status: data.StatusCurrent}, float64(size)*iconScale*0.95)
	st.Halo = false
	return iconImage(st, size)
}

// statusIcon returns the legend symbol of a status, drawn as a neutral
// circle: solid, hollow, dashed or faded.
func statusIcon(s data.Status, size float32) fyne.CanvasObject {
	st := markStyle(&data.Marker{Kind: data.KindVisit, Status: s}, float64(size)*iconScale*0.95)
	st.Fill = draw.RGB(0x60, 0x60, 0x60)
	st.Halo = false
	return iconImage(st, size)
}

// actorIcon returns the legend symbol of an actor's ring, size units
// across.
func actorIcon(actor string, size float32) fyne.CanvasObject {
	px := int(size * iconScale)
	img := image.NewRGBA(image.Rect(0, 0, px, px))
	var p draw.Painter
	c := float64(px) / 2
	p.StrokeCircle(img, c, c, c*0.62, float64(iconScale)*1.6, rgbaOf(actorColor(actor), 0xff))
	return iconFrom(img, size)
}

// swatchIcon returns a filled rounded square of colour c, for area legends.
func swatchIcon(c color.RGBA, size float32) fyne.CanvasObject {
	r := canvas.NewRectangle(c)
	r.CornerRadius = 3
	r.StrokeColor = color.NRGBA{0x80, 0x80, 0x80, 0xff}
	r.StrokeWidth = 1
	r.SetMinSize(fyne.NewSquareSize(size))
	return r
}

func iconImage(st draw.MarkStyle, size float32) fyne.CanvasObject {
	px := int(size * iconScale)
	img := image.NewRGBA(image.Rect(0, 0, px, px))
	draw.DrawMarks(img, geo.Viewport{Center: geo.FromUnit(0.5, 0.5), Zoom: 0, Width: px, Height: px},
		[]draw.Mark{{P: geo.FromUnit(0.5, 0.5)}}, []draw.MarkStyle{st}, -1)
	return iconFrom(img, size)
}

func iconFrom(img image.Image, size float32) fyne.CanvasObject {
	ci := canvas.NewImageFromImage(img)
	ci.FillMode = canvas.ImageFillContain
	ci.ScaleMode = canvas.ImageScaleSmooth
	ci.SetMinSize(fyne.NewSquareSize(size))
	return ci
}
