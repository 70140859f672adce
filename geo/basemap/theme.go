package basemap

import (
	"image/color"

	"casmap/geo/draw"
)

// Theme is the colour scheme of the basemap and its labels. Colours are
// alpha-premultiplied.
type Theme struct {
	// Sea is the background outside every country.
	Sea color.RGBA
	// Land fills countries that have no override colour.
	Land color.RGBA
	// Border strokes land borders between countries.
	Border color.RGBA
	// Coast strokes coastlines and the outer edge of the country data.
	Coast color.RGBA
	// CountryLabel is the text colour of country names.
	CountryLabel color.RGBA
	// CapitalLabel is the text and dot colour of capitals.
	CapitalLabel color.RGBA
	// Halo surrounds label text so that it stays legible.
	Halo color.RGBA
	// BorderWidth is the width of land borders in pixels.
	BorderWidth float64
	// CoastWidth is the width of coastlines in pixels.
	CoastWidth float64
}

// LightTheme returns a calm light palette: soft blue sea, warm off-white
// land and thin warm-grey borders.
func LightTheme() Theme {
	return Theme{
		Sea:          draw.RGB(0xc3, 0xd9, 0xea),
		Land:         draw.RGB(0xf4, 0xf1, 0xea),
		Border:       draw.RGB(0x9c, 0x92, 0x9a),
		Coast:        draw.RGB(0x8e, 0xae, 0xc8),
		CountryLabel: draw.RGB(0x6f, 0x68, 0x74),
		CapitalLabel: draw.RGB(0x33, 0x33, 0x3a),
		Halo:         draw.RGBA(0xff, 0xff, 0xff, 0xd0),
		BorderWidth:  0.9,
		CoastWidth:   0.8,
	}
}

// DarkTheme returns a calm dark palette: dark navy sea, dark grey land and
// muted grey-blue borders.
func DarkTheme() Theme {
	return Theme{
		Sea:          draw.RGB(0x16, 0x20, 0x2e),
		Land:         draw.RGB(0x2d, 0x30, 0x35),
		Border:       draw.RGB(0x6a, 0x70, 0x7c),
		Coast:        draw.RGB(0x3b, 0x50, 0x68),
		CountryLabel: draw.RGB(0x98, 0xa0, 0xab),
		CapitalLabel: draw.RGB(0xd8, 0xdc, 0xe2),
		Halo:         draw.RGBA(0x16, 0x20, 0x2e, 0xc8),
		BorderWidth:  0.9,
		CoastWidth:   0.8,
	}
}
