package figure

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"time"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/basemap"
	"casmap/geo/draw"
)

// MaxFigureSide is the largest accepted figure width or height, in pixels.
const MaxFigureSide = 12000

// MaxFigureDPI is the highest accepted figure resolution, in dots per inch.
const MaxFigureDPI = 2400

// DefaultFigureDPI is the resolution of a Figure whose DPI is zero, in dots
// per inch; at it one point is one pixel.
const DefaultFigureDPI = 72

// ErrInvalidFigure is wrapped by the errors RenderFigure returns for a
// Figure it cannot draw; test with errors.Is.
var ErrInvalidFigure = errors.New("geo: invalid figure")

// Figure describes a report map image: a title, the map with a legend and a
// scale bar, an optional numbered source key and a footer with the
// attribution and export date.
//
// Sizes of text and symbols are in points (1/72 inch) and scale with DPI;
// image sizes are in pixels. A 300 DPI A4 page (3508×2480 pixels) has the
// same layout as a 150 DPI one at twice the pixels. Geographic positions are
// [lon, lat] points in degrees. Colours are alpha-premultiplied.
type Figure struct {
	// Width and Height are the size of the whole image in pixels, 1 to
	// MaxFigureSide.
	Width, Height int
	// DPI is the print resolution in dots per inch, up to MaxFigureDPI;
	// zero means DefaultFigureDPI.
	DPI float64
	// Bound is the area to show, [lon, lat] in degrees, within ±180° of
	// longitude and ±MaxLatitude of latitude. The map is drawn centred on
	// it at the exact (fractional) Web Mercator zoom at which Bound fills
	// the map frame on its tighter axis; it zooms out a little further
	// only to clear a corner for the legend. Over raster Tiles, which
	// come in whole zoom levels, it is the largest integer zoom at which
	// Bound fits.
	Bound orb.Bound
	// Basemap draws the countries; it must not be nil.
	Basemap *basemap.Basemap
	// Theme colours the map; the page, text and furniture follow it (a
	// dark theme gives a dark page).
	Theme basemap.Theme
	// Fills overrides the land colour of countries, keyed by ISO 3166-1
	// alpha-2 code, for example to shade alliances.
	Fills map[string]color.RGBA
	// Title and Subtitle head the figure; either may be empty.
	Title, Subtitle string
	// Areas are outlined polygons, drawn above the basemap.
	Areas []FigureArea
	// Lines are polylines, optionally with an arrowhead, drawn above the
	// areas.
	Lines []FigureLine
	// Soft are soft-edged disks for approximate regions (see
	// DrawSoftArea), drawn above the areas.
	Soft []FigureSoft
	// Routes are numbered sequences of stops, drawn above the lines.
	Routes []FigureRoute
	// Marks are the point symbols, drawn last, as with DrawMarks; a mark's
	// Label is drawn as its number, inside the symbol when it fits and as
	// a badge beside it otherwise. Marks whose symbols would overlap are
	// fanned out around their common centre, with thin leaders to their
	// true positions.
	Marks []draw.Mark
	// Styles are the mark styles Mark.Style indexes, with Size in points.
	Styles []draw.MarkStyle
	// Legend lists exactly the legend rows, in order; an empty legend draws
	// no legend box.
	Legend []LegendItem
	// Key is the numbered source key; empty means no key panel.
	Key []KeyItem
	// Attribution lines are printed in the footer, for example
	// "Borders: Natural Earth (public domain)".
	Attribution []string
	// Exported is printed in the footer as "Exported 25 November 2026";
	// the zero time prints nothing.
	Exported time.Time
	// Labels draws country and capital names (on the vector basemap only:
	// raster tiles carry their own).
	Labels bool
	// LabelCountries lists countries by ISO 3166-1 alpha-2 code, such as
	// those that hold a mark, whose names are always drawn on the vector
	// basemap when any of their territory is in view, even with Labels
	// unset: inside the country where there is room, in smaller type
	// (down to 7 pt) if need be, else beside it with a leader line, and
	// as a last resort over whatever is there. Unknown codes are ignored.
	LabelCountries []string
	// Tiles, when set, draws the map on raster tiles instead of the
	// vector basemap; see TileSource.
	Tiles *TileSource
	// MapOnly draws just the map, filling the whole image, without title,
	// legend, scale bar, key or footer.
	MapOnly bool
}

// FigureArea is a polygon on a figure.
type FigureArea struct {
	// Polygon is the area, rings of [lon, lat] points in degrees; the
	// first ring is the outline and the others are holes.
	Polygon orb.Polygon
	// Fill is the interior colour; transparent for none.
	Fill color.RGBA
	// Stroke is the outline colour, drawn 1 pt wide; transparent for none.
	Stroke color.RGBA
	// Dashed dashes the outline.
	Dashed bool
}

// FigureLine is a polyline on a figure.
type FigureLine struct {
	// Line is the path, [lon, lat] points in degrees; segments are straight
	// on the Mercator map.
	Line orb.LineString
	// Color is the line colour.
	Color color.RGBA
	// Width is the line width in points; zero means 1.5 pt.
	Width float64
	// Dashed dashes the line, for planned or uncertain links.
	Dashed bool
	// Arrow ends the line with an arrowhead at its last point.
	Arrow bool
	// Casing draws a light edge under the line so that it stays legible
	// over borders.
	Casing bool
	// Band, unless transparent, is a wide translucent band under the
	// line (and its casing), BandWidth times its width, that marks the
	// line's extent as the window does.
	Band color.RGBA
}

// BandWidth is the width of a FigureLine's Band relative to the line.
const BandWidth = 2.8

// FigureSoft is a soft-edged disk on a figure (see DrawSoftArea).
type FigureSoft struct {
	// Center is the disk centre, [lon, lat] in degrees.
	Center orb.Point
	// RadiusMetres is the ground radius in metres.
	RadiusMetres float64
	// Color is the colour at the centre.
	Color color.RGBA
}

// FigureRoute is a route through numbered stops on a figure.
type FigureRoute struct {
	// Points are the stops in order, [lon, lat] in degrees; they are
	// numbered from 1.
	Points []orb.Point
	// Color is the line and badge colour.
	Color color.RGBA
	// Dashed dashes the line, for planned routes.
	Dashed bool
	// Labels are optional texts beside each stop, such as dates; missing
	// or empty entries draw nothing.
	Labels []string
}

// LegendItem is one row of a figure's legend: a section heading, or a
// sample (a mark symbol, an area swatch or a line) with its text. A row
// with no sample shows just the text.
type LegendItem struct {
	// Heading, when not empty, makes the row a section heading; the other
	// fields are then ignored.
	Heading string
	// Style is a mark symbol sample, Size in points (drawn at most 14 pt).
	Style *draw.MarkStyle
	// Swatch is an area colour sample.
	Swatch *color.RGBA
	// Line is a line sample; its Line geometry is ignored.
	Line *FigureLine
	// Text describes the sample.
	Text string
}

// KeyItem is one entry of a figure's numbered source key.
type KeyItem struct {
	// Number is the number shown on the map's marks.
	Number int
	// Title is what the entry is about.
	Title string
	// Source names the source document and Date its date; both optional.
	Source, Date string
	// Quote is the quoted sentence, printed in italics and wrapped in
	// full (shortened with an ellipsis only when nothing else makes the
	// key fit); optional.
	Quote string
}

// TileSource selects raster tiles from an online tile service drawn under
// a figure's overlays instead of the vector basemap. Tiles come from a
// disk cache in go-staticmaps' layout (CacheDir/Provider/zoom/x/y); only
// when Online is set are missing tiles downloaded, and otherwise a figure
// whose tiles are not all cached is drawn with the vector basemap and a
// warning.
type TileSource struct {
	// Provider is "osm" (OpenStreetMap) or "carto-light" (CARTO Positron).
	Provider string
	// CacheDir is the tile cache folder; empty means no cache.
	CacheDir string
	// Online allows downloading tiles missing from the cache.
	Online bool
}

// dpi returns the figure's resolution in dots per inch.
func (f *Figure) dpi() float64 {
	if f.DPI == 0 {
		return DefaultFigureDPI
	}
	return f.DPI
}

// validate reports the first problem that keeps f from being drawn.
func (f *Figure) validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInvalidFigure}, args...)...)
	}
	switch {
	case f == nil:
		return bad("nil figure")
	case f.Width < 1 || f.Width > MaxFigureSide:
		return bad("width %d pixels is outside 1..%d", f.Width, MaxFigureSide)
	case f.Height < 1 || f.Height > MaxFigureSide:
		return bad("height %d pixels is outside 1..%d", f.Height, MaxFigureSide)
	case math.IsNaN(f.DPI) || f.DPI < 0 || f.DPI > MaxFigureDPI:
		return bad("resolution %g DPI is outside (0, %d]", f.DPI, MaxFigureDPI)
	case f.Basemap == nil:
		return bad("no basemap")
	}
	b := f.Bound
	for _, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return bad("bound %v has a coordinate that is not a number", b)
		}
	}
	switch {
	case b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1]:
		return bad("bound %v has its minimum above its maximum", b)
	case b.Min[0] == b.Max[0] || b.Min[1] == b.Max[1]:
		return bad("bound %v is empty: it needs an extent in both longitude and latitude", b)
	case b.Min[0] < -180 || b.Max[0] > 180:
		return bad("bound %v reaches beyond longitude ±180°", b)
	case b.Min[1] < -geo.MaxLatitude || b.Max[1] > geo.MaxLatitude:
		return bad("bound %v reaches beyond latitude ±%.2f°", b, geo.MaxLatitude)
	}
	if f.Tiles != nil {
		if _, err := tileProvider(f.Tiles.Provider); err != nil {
			return bad("%v", err)
		}
	}
	return nil
}

// figureResult is everything renderFigure produced, for RenderFigure and
// for tests that inspect the layout.
type figureResult struct {
	img  *image.RGBA
	geo  *Georef
	page *pageLayout
}

// RenderFigure draws f and returns the image and the georeference of its
// map frame. The map is rendered with go-staticmaps (offline, with no
// tiles unless f.Tiles asks for them), with this package's basemap,
// overlays, labels and marks drawn as its map objects in this package's
// own projection at the exact scale; the page furniture is laid out around
// it. It returns an error
// wrapping ErrInvalidFigure for unusable input, ctx.Err() when ctx is done
// before the figure is finished, and other errors prefixed "geo: ".
// Non-fatal problems are reported in Georef.Warnings. RenderFigure is safe
// for concurrent use.
func RenderFigure(ctx context.Context, f *Figure) (*image.RGBA, *Georef, error) {
	r, err := renderFigure(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	return r.img, r.geo, nil
}

func renderFigure(ctx context.Context, f *Figure) (*figureResult, error) {
	pr, err := prepare(ctx, f, true)
	if err != nil {
		return nil, err
	}
	page, fonts, pal, tiles, warnings := pr.page, pr.fonts, pr.pal, pr.tiles, pr.warnings
	mapImg, view, err := renderMap(ctx, f, page, fonts, pal, tiles)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if tiles != nil {
		if warn := tiles.afterRender(); warn != "" {
			warnings = append(warnings, warn)
		}
	}

	var img *image.RGBA
	if page.mapRect == image.Rect(0, 0, f.Width, f.Height) {
		img = mapImg
	} else {
		img = image.NewRGBA(image.Rect(0, 0, f.Width, f.Height))
		// The page colour around the map, then the map.
		m := page.mapRect
		for _, r := range []image.Rectangle{
			image.Rect(0, 0, f.Width, m.Min.Y), image.Rect(0, m.Max.Y, f.Width, f.Height),
			image.Rect(0, m.Min.Y, m.Min.X, m.Max.Y), image.Rect(m.Max.X, m.Min.Y, f.Width, m.Max.Y),
		} {
			draw.FillRect(img, r, pal.page)
		}
		copyRGBA(img, m.Min, mapImg)
		page.drawFurniture(draw.NewRaster(img))
	}
	g := newGeoref(page.mapRect, view)
	g.Warnings = warnings
	return &figureResult{img: img, geo: g, page: page}, nil
}

// prepared is a figure checked and laid out, ready to draw.
type prepared struct {
	page     *pageLayout
	fonts    *figureFonts
	pal      pagePalette
	tiles    *tileSetup // nil for the vector basemap
	warnings []string
}

// prepare checks f and lays out its page. With raster unset, for vector
// output, raster tiles are refused.
func prepare(ctx context.Context, f *Figure, raster bool) (*prepared, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	if !raster && f.Tiles != nil {
		return nil, fmt.Errorf("%w: raster tiles (%s) can only be drawn in PNG figures; SVG and PDF use the vector basemap", ErrInvalidFigure, f.Tiles.Provider)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fonts, err := loadFigureFonts()
	if err != nil {
		return nil, err
	}
	pr := &prepared{fonts: fonts, pal: paletteFor(f.Theme)}
	// Tiles: find out first whether they can be drawn, since their
	// attribution takes a footer line.
	if f.Tiles != nil {
		if pr.tiles, err = newTileSetup(f.Tiles); err != nil {
			return nil, err
		}
	}
	attribution := ""
	if pr.tiles != nil {
		attribution = pr.tiles.attribution
	}
	pr.page = layoutPage(f, fonts, pr.pal, attribution)
	if pr.tiles != nil {
		if warn := pr.tiles.check(pr.page.mapRect.Dx(), pr.page.mapRect.Dy(), pr.page.center, pr.page.zoom); warn != "" {
			pr.warnings = append(pr.warnings, warn)
			pr.tiles = nil
			pr.page = layoutPage(f, fonts, pr.pal, "")
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return pr, nil
}

// copyRGBA copies src onto dst with src's top-left pixel at at.
func copyRGBA(dst *image.RGBA, at image.Point, src *image.RGBA) {
	r := image.Rectangle{Min: at, Max: at.Add(src.Rect.Size())}.Intersect(dst.Rect)
	if r.Empty() {
		return
	}
	n := r.Dx() * 4
	for y := r.Min.Y; y < r.Max.Y; y++ {
		so := src.PixOffset(src.Rect.Min.X+r.Min.X-at.X, src.Rect.Min.Y+y-at.Y)
		do := dst.PixOffset(r.Min.X, y)
		copy(dst.Pix[do:do+n], src.Pix[so:so+n])
	}
}

// rebase returns img with its top-left pixel at the origin, sharing its
// pixels (and its stride) without a copy.
func rebase(img *image.RGBA) *image.RGBA {
	if img.Rect.Min == (image.Point{}) {
		return img
	}
	if img.Rect.Empty() {
		return &image.RGBA{}
	}
	o := img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y)
	end := o + (img.Rect.Dy()-1)*img.Stride + 4*img.Rect.Dx()
	return &image.RGBA{Pix: img.Pix[o:end:end], Stride: img.Stride, Rect: image.Rectangle{Max: img.Rect.Size()}}
}

// fullRect returns the whole image of f.
func fullRect(f *Figure) image.Rectangle { return image.Rect(0, 0, f.Width, f.Height) }
