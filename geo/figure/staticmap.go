package figure

import (
	"context"
	"image"
	"image/color"
	"math"
	"runtime"

	sm "github.com/flopp/go-staticmaps"
	"github.com/fogleman/gg"
	"github.com/golang/geo/s2"
	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/basemap"
	"casmap/geo/draw"
	"casmap/geo/internal/par"
)

// maxFigureZoom is the finest integer zoom a figure is drawn at.
const maxFigureZoom = 19

// latLng converts p, a [lon, lat] point in degrees, to an s2.LatLng. It and
// orbPoint are the only conversions between orb and s2 coordinates.
func latLng(p orb.Point) s2.LatLng {
	return s2.LatLngFromDegrees(p[1], p[0])
}

// orbPoint converts ll to a [lon, lat] point in degrees; see latLng.
func orbPoint(ll s2.LatLng) orb.Point {
	return orb.Point{ll.Lng.Degrees(), ll.Lat.Degrees()}
}

// fitZoom returns the Web Mercator centre ([lon, lat] degrees) of b and the
// largest integer zoom at which b, a [lon, lat] bound in degrees, fits into
// a w×h pixel frame, between 0 and maxFigureZoom.
func fitZoom(b orb.Bound, w, h int) (center orb.Point, zoom int) {
	center, z := exactZoom(b, w, h)
	// A hair of tolerance keeps a bound that fits exactly at its zoom.
	zoom = int(math.Floor(z + 1e-9))
	return center, max(0, min(zoom, maxFigureZoom))
}

// exactZoom returns the Web Mercator centre ([lon, lat] degrees) of b and
// the fractional zoom at which b, a [lon, lat] bound in degrees, fills a
// w×h pixel frame on its tighter axis, at most maxFigureZoom.
func exactZoom(b orb.Bound, w, h int) (center orb.Point, zoom float64) {
	x0, y1 := geo.ToUnit(b.Min)
	x1, y0 := geo.ToUnit(b.Max)
	center = geo.FromUnit((x0+x1)/2, (y0+y1)/2)
	z := float64(maxFigureZoom)
	if dx := x1 - x0; dx > 0 {
		z = math.Min(z, math.Log2(float64(w)/(dx*geo.TileSize)))
	}
	if dy := y1 - y0; dy > 0 {
		z = math.Min(z, math.Log2(float64(h)/(dy*geo.TileSize)))
	}
	return center, z
}

// newStaticContext returns a go-staticmaps context for a w×h map centred on
// center ([lon, lat] degrees) at zoom, with no tiles, a background of
// colour bg and no network access.
func newStaticContext(w, h int, center orb.Point, zoom int, bg interface{ RGBA() (r, g, b, a uint32) }) *sm.Context {
	c := sm.NewContext()
	c.SetTileProvider(sm.NewTileProviderNone())
	c.SetCache(nil)
	c.SetOnline(false)
	c.SetBackground(bg)
	c.SetSize(w, h)
	c.SetCenter(latLng(center))
	c.SetZoom(zoom)
	return c
}

// frameOf returns the part of img, the uncropped image go-staticmaps draws
// into, that becomes the w×h map, and the Viewport of that part. The crop
// is the one sm.Context.Render makes: w/2, h/2 pixels left of and above the
// pixel onto which trans maps center.
func frameOf(img *image.RGBA, trans *sm.Transformer, center orb.Point, zoom, w, h int) (*image.RGBA, geo.Viewport, image.Point) {
	cx, cy := trans.LatLngToXY(latLng(center))
	o := image.Pt(int(math.Floor(cx+0.5))-w/2, int(math.Floor(cy+0.5))-h/2)
	c := trans.XYToLatLng(float64(o.X)+float64(w)/2, float64(o.Y)+float64(h)/2)
	v := geo.Viewport{Center: orbPoint(c), Zoom: float64(zoom), Width: w, Height: h}
	r := image.Rectangle{Min: o, Max: o.Add(image.Pt(w, h))}.Intersect(img.Rect)
	sub, _ := img.SubImage(r).(*image.RGBA)
	return sub, v, o
}

// mapLayer is a go-staticmaps MapObject that draws with this package's own
// projection: Draw builds the map frame's Viewport from the transformer
// and hands the frame to draw, so that geometry never goes through the
// transformer's per-vertex wrapping.
type mapLayer struct {
	ctx    context.Context
	bound  orb.Bound // [lon, lat] degrees, for Bounds
	center orb.Point // the centre given to the context
	zoom   int
	w, h   int
	// view, when set, is the frame's view; otherwise it is derived from
	// go-staticmaps' transformer (for raster tiles, which it draws at an
	// integer zoom).
	view *geo.Viewport
	draw func(c draw.Canvas, v geo.Viewport)
}

var _ sm.MapObject = (*mapLayer)(nil)

// Bounds returns the figure's bound as an s2.Rect.
func (l *mapLayer) Bounds() s2.Rect {
	return s2.RectFromLatLng(latLng(l.bound.Min)).AddPoint(latLng(l.bound.Max))
}

// ExtraMarginPixels returns zero margins: the view is set explicitly.
func (l *mapLayer) ExtraMarginPixels() (float64, float64, float64, float64) {
	return 0, 0, 0, 0
}

// Draw draws the layer into the map frame of gc's image unless the
// figure's context is done.
func (l *mapLayer) Draw(gc *gg.Context, trans *sm.Transformer) {
	if l.ctx.Err() != nil || l.draw == nil {
		return
	}
	img, ok := gc.Image().(*image.RGBA)
	if !ok {
		return
	}
	dst, v, _ := frameOf(img, trans, l.center, l.zoom, l.w, l.h)
	if dst == nil || dst.Rect.Empty() {
		return
	}
	if l.view != nil {
		v = *l.view
	}
	l.draw(draw.NewRaster(dst), v)
}

// renderViewParallel renders the basemap of v into dst like
// Basemap.RenderView, in horizontal strips spread over the available
// cores. Every pixel's coverage depends only on the geometry over it, so
// the strips join without seams. It stops early when ctx is done.
func renderViewParallel(ctx context.Context, b *basemap.Basemap, dst *image.RGBA, v geo.Viewport, theme basemap.Theme, fills map[string]color.RGBA) {
	parallelStrips(ctx, dst.Rect, func(strip image.Rectangle) {
		sub, ok := dst.SubImage(strip).(*image.RGBA)
		if !ok {
			return
		}
		sv := v
		sv.Height = strip.Dy()
		mid := float64(strip.Min.Y-dst.Rect.Min.Y) + float64(strip.Dy())/2
		sv.Center = v.Unproject(float64(v.Width)/2, mid)
		b.RenderView(sub, sv, theme, fills)
	})
}

// stripRows returns the strip height for rendering h rows with workers
// goroutines: a few strips per worker for balance, and small enough that
// the rasteriser's buffers stay in the CPU cache.
func stripRows(h, workers int) int {
	rows := (h + 4*workers - 1) / (4 * workers)
	return max(64, min(rows, 192))
}

// parallelStrips calls fn for horizontal strips of r, each a few rows
// high, on up to GOMAXPROCS goroutines, and stops handing out strips once
// ctx is done.
func parallelStrips(ctx context.Context, r image.Rectangle, fn func(strip image.Rectangle)) {
	rows := stripRows(r.Dy(), runtime.GOMAXPROCS(0))
	n := (r.Dy() + rows - 1) / rows
	par.For(ctx, n, 0, func(i int) {
		y0 := r.Min.Y + i*rows
		fn(image.Rect(r.Min.X, y0, r.Max.X, min(y0+rows, r.Max.Y)))
	})
}
