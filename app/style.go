package app

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"casmap/app/mapmodel"
	"casmap/data"
	"casmap/geo"
	"casmap/geo/draw"
)

// iconScale renders legend icons at this many pixels per unit, so they stay
// sharp on high-density screens.
const iconScale = 3

// kindIcon returns the legend symbol of kind k, size units across: the
// same shape and colour the map draws.
func kindIcon(k data.Kind, size float32) fyne.CanvasObject {
	st := mapmodel.MarkStyle(&data.Marker{Kind: k, Status: data.StatusCurrent}, float64(size)*iconScale*0.95, false)
	st.Halo = false
	return iconImage(st, size)
}

// statusIcon returns the legend symbol of a status, drawn as a neutral
// circle: solid, hollow, dashed or faded.
func statusIcon(s data.Status, size float32) fyne.CanvasObject {
	st := mapmodel.MarkStyle(&data.Marker{Kind: data.KindVisit, Status: s}, float64(size)*iconScale*0.95, false)
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
	p.StrokeCircle(img, c, c, c*0.62, float64(iconScale)*1.6, mapmodel.RGBA(mapmodel.ActorColor(actor, uiDark()), 0xff))
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

// uiDark reports whether the running app shows the dark theme, for legend
// symbols that follow the map's palette.
func uiDark() bool {
	a := fyne.CurrentApp()
	return a != nil && isDark(a)
}
