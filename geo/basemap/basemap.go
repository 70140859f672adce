package basemap

import (
	"image"
	"image/color"
	"maps"
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/draw"
)

// ZoomSteps is the number of quantised zoom levels per zoom level used by
// the tile cache: tiles exist at zooms that are multiples of 1/ZoomSteps.
const ZoomSteps = 8

// maxGeomZoom is the finest integer zoom with its own simplified geometry;
// Natural Earth 1:10m has no detail beyond it.
const maxGeomZoom = 12

// Tile identifies a standard 256×256 pixel Web Mercator tile at integer
// zoom Z, column X and row Y (XYZ scheme, origin top-left).
type Tile struct {
	Z    int
	X, Y int
}

// TileKey identifies a 256×256 pixel tile at the quantised fractional zoom
// Level/ZoomSteps, in a world of WorldSize(Level/ZoomSteps) pixels cut into
// 256-pixel tiles from its top-left corner. When Level is not a multiple of
// ZoomSteps the world is not a whole number of tiles wide; the last column
// and row extend past its edge and show sea there.
type TileKey struct {
	Level int
	X, Y  int
}

// Key returns the TileKey of the standard tile t.
func (t Tile) Key() TileKey { return TileKey{Level: t.Z * ZoomSteps, X: t.X, Y: t.Y} }

// Zoom returns the zoom of the key's level.
func (k TileKey) Zoom() float64 { return float64(k.Level) / ZoomSteps }

// LevelFor returns the quantised level (zoom·ZoomSteps rounded) nearest to
// zoom.
func LevelFor(zoom float64) int { return int(math.Round(zoom * ZoomSteps)) }

// QuantizeZoom rounds zoom to the nearest multiple of 1/ZoomSteps. Views at
// quantised zooms are composed from cached tiles by plain copies.
func QuantizeZoom(zoom float64) float64 { return float64(LevelFor(zoom)) / ZoomSteps }

// Basemap renders the country basemap. It is built once from the
// countries: the geometry is projected to Web Mercator, decomposed into
// shared arcs and, on first use of each integer zoom, simplified with a
// tolerance of half a pixel at that zoom. All methods are safe for
// concurrent use.
type Basemap struct {
	countries []Country
	topo      topology
	levels    [maxGeomZoom + 1]struct {
		once sync.Once
		lv   *level
	}
	byISO map[string][]int
}

// NewBasemap builds a basemap from countries, which it keeps; the caller
// must not modify them afterwards.
func NewBasemap(countries []Country) *Basemap {
	return newBasemap(countries, buildTopology(countries))
}

// newBasemap makes the basemap of countries whose topology is t.
func newBasemap(countries []Country, t topology) *Basemap {
	b := &Basemap{countries: countries, byISO: map[string][]int{}, topo: t}
	for i, c := range countries {
		if c.ISO != "" {
			b.byISO[c.ISO] = append(b.byISO[c.ISO], i)
		}
	}
	return b
}

// Countries returns the countries of the basemap; do not modify them.
func (b *Basemap) Countries() []Country { return b.countries }

// level returns the geometry for the integer zoom z, building it on first
// use.
func (b *Basemap) level(z int) *level {
	z = max(0, min(z, maxGeomZoom))
	s := &b.levels[z]
	s.once.Do(func() { s.lv = buildLevel(&b.topo, z) })
	return s.lv
}

// geomZoom returns the integer zoom whose simplification suits zoom: the
// next integer up, so that the error stays under half a pixel.
func geomZoom(zoom float64) int {
	return int(math.Ceil(zoom - 1e-9))
}

// RenderTile renders the standard tile t into the 256×256 pixel area at the
// top-left of dst's bounds (clipped to dst): sea, land filled with
// theme.Land or with fills[country ISO] when present (for alliance
// shading), then antialiased coastlines and borders. It is safe to call from
// several goroutines at once.
func (b *Basemap) RenderTile(dst *image.RGBA, t Tile, theme Theme, fills map[string]color.RGBA) {
	b.RenderTileKey(dst, t.Key(), theme, fills)
}

// RenderTileKey renders the tile k at its quantised fractional zoom; see
// RenderTile.
func (b *Basemap) RenderTileKey(dst *image.RGBA, k TileKey, theme Theme, fills map[string]color.RGBA) {
	p := draw.GetPainter()
	defer draw.PutPainter(p)
	b.renderTile(p, dst, k, theme, fills)
}

func (b *Basemap) renderTile(p *draw.Painter, dst *image.RGBA, k TileKey, theme Theme, fills map[string]color.RGBA) {
	r := image.Rectangle{Min: dst.Rect.Min, Max: dst.Rect.Min.Add(image.Pt(geo.TileSize, geo.TileSize))}.Intersect(dst.Rect)
	if r.Empty() {
		return
	}
	sub, ok := dst.SubImage(r).(*image.RGBA)
	if !ok {
		return
	}
	b.render(p, sub, k.Zoom(), float64(k.X*geo.TileSize), float64(k.Y*geo.TileSize), theme, fills)
}

// RenderView renders the basemap of v directly into dst (v.Width×v.Height
// pixels from dst's top-left) at v's exact zoom, without tiles. It suits
// one-off images such as exports; interactive views should use a
// TileCache.
func (b *Basemap) RenderView(dst *image.RGBA, v geo.Viewport, theme Theme, fills map[string]color.RGBA) {
	r := image.Rectangle{Min: dst.Rect.Min, Max: dst.Rect.Min.Add(image.Pt(v.Width, v.Height))}.Intersect(dst.Rect)
	sub, ok := dst.SubImage(r).(*image.RGBA)
	if !ok || r.Empty() {
		return
	}
	cx, cy := geo.WorldPixel(v.Center, v.Zoom)
	p := draw.GetPainter()
	defer draw.PutPainter(p)
	b.render(p, sub, v.Zoom, cx-float64(v.Width)/2, cy-float64(v.Height)/2, theme, fills)
}

// render draws the basemap at zoom into dst, whose top-left pixel corner is
// the world pixel ox, oy.
func (b *Basemap) render(p *draw.Painter, dst *image.RGBA, zoom, ox, oy float64, theme Theme, fills map[string]color.RGBA) {
	draw.FillRect(dst, dst.Rect, theme.Sea)
	lv := b.level(geomZoom(zoom))
	w := geo.WorldSize(zoom)
	dx, dy := float64(dst.Rect.Min.X), float64(dst.Rect.Min.Y)
	pad := (math.Max(theme.BorderWidth, theme.CoastWidth) + 2) / w
	view := draw.Rect{
		X0: ox/w - pad, Y0: oy/w - pad,
		X1: (ox+float64(dst.Rect.Dx()))/w + pad, Y1: (oy+float64(dst.Rect.Dy()))/w + pad,
	}
	tx := func(q orb.Point) orb.Point { return orb.Point{q[0]*w - ox + dx, q[1]*w - oy + dy} }
	p.Clip = dst.Rect
	defer func() { p.Clip = image.Rectangle{} }()

	var scratch []orb.Point
	addCountry := func(lc *levelCountry) {
		lc.eachRing(view, func(ring []orb.Point, hole bool) {
			buf := scratch[:0]
			for _, q := range ring {
				buf = append(buf, tx(q))
			}
			scratch = buf
			p.AddRing(buf, hole)
		})
	}
	// All land in one pass, so that neighbours meet without seams.
	for i := range lv.countries {
		addCountry(&lv.countries[i])
	}
	p.Fill(dst, theme.Land)
	// Override fills, in a fixed order so that output is deterministic.
	for _, iso := range slices.Sorted(maps.Keys(fills)) {
		c := fills[iso]
		if c.A == 0 {
			continue
		}
		for _, ci := range b.byISO[iso] {
			if ci < len(lv.countries) {
				addCountry(&lv.countries[ci])
			}
		}
		p.Fill(dst, c)
	}
	// Coastlines, then land borders on top.
	for pass := 0; pass < 2; pass++ {
		shared := pass == 1
		width, col := theme.CoastWidth, theme.Coast
		if shared {
			width, col = theme.BorderWidth, theme.Border
		}
		if width <= 0 || col.A == 0 {
			continue
		}
		st := draw.Stroke{Width: width, RoundCaps: true}
		var line []orb.Point
		for i := range lv.strokes {
			s := &lv.strokes[i]
			if s.shared != shared || !s.bound.Intersects(view) {
				continue
			}
			line = line[:0]
			for _, q := range s.pts {
				line = append(line, tx(q))
			}
			p.AddStroke(line, st)
		}
		p.Fill(dst, col)
	}
}

// CountryAt returns the index in Countries of the country containing p
// ([lon, lat] degrees), if any.
func (b *Basemap) CountryAt(p orb.Point) (int, bool) {
	for i, c := range b.countries {
		if !c.Bound.Contains(p) {
			continue
		}
		for _, poly := range c.Shape {
			if polygonContains(poly, p) {
				return i, true
			}
		}
	}
	return -1, false
}

// polygonContains reports whether p lies inside poly (even-odd over all
// rings).
func polygonContains(poly orb.Polygon, p orb.Point) bool {
	in := false
	for _, r := range poly {
		n := len(r)
		for i, j := 0, n-1; i < n; j, i = i, i+1 {
			a, c := r[i], r[j]
			if (a[1] > p[1]) != (c[1] > p[1]) && p[0] < (c[0]-a[0])*(p[1]-a[1])/(c[1]-a[1])+a[0] {
				in = !in
			}
		}
	}
	return in
}

// CountriesOf returns the indices into Countries of the shapes whose ISO
// code is iso; the caller must not modify the slice.
func (b *Basemap) CountriesOf(iso string) []int { return b.byISO[iso] }

// DrawView draws the basemap of v on c as vector paths, for vector
// figures: the sea, the land filled with theme.Land or fills[ISO], then
// the coastlines and the land borders as strokes. It uses the geometry
// simplified for v's zoom, so its detail matches RenderView's; c's (0, 0)
// is v's top-left pixel.
func (b *Basemap) DrawView(c draw.Canvas, v geo.Viewport, theme Theme, fills map[string]color.RGBA) {
	var p draw.Path
	w, h := float64(v.Width), float64(v.Height)
	c.Path(p.Rect(draw.Rect{X1: w, Y1: h}), draw.Style{Fill: theme.Sea})
	lv := b.level(geomZoom(v.Zoom))
	ws := geo.WorldSize(v.Zoom)
	cx, cy := geo.WorldPixel(v.Center, v.Zoom)
	ox, oy := cx-w/2, cy-h/2
	pad := (math.Max(theme.BorderWidth, theme.CoastWidth) + 2) / ws
	view := draw.Rect{X0: ox/ws - pad, Y0: oy/ws - pad, X1: (ox+w)/ws + pad, Y1: (oy+h)/ws + pad}
	tx := func(pts []orb.Point) []orb.Point {
		out := make([]orb.Point, len(pts))
		for i, q := range pts {
			out[i] = orb.Point{q[0]*ws - ox, q[1]*ws - oy}
		}
		return out
	}
	addCountry := func(lc *levelCountry) {
		lc.eachRing(view, func(ring []orb.Point, hole bool) { p.Ring(tx(ring), hole) })
	}
	p.Reset()
	for i := range lv.countries {
		addCountry(&lv.countries[i])
	}
	c.Path(&p, draw.Style{Fill: theme.Land})
	for _, iso := range slices.Sorted(maps.Keys(fills)) {
		col := fills[iso]
		if col.A == 0 {
			continue
		}
		p.Reset()
		for _, ci := range b.byISO[iso] {
			if ci < len(lv.countries) {
				addCountry(&lv.countries[ci])
			}
		}
		c.Path(&p, draw.Style{Fill: col})
	}
	for pass := 0; pass < 2; pass++ {
		shared := pass == 1
		width, col := theme.CoastWidth, theme.Coast
		if shared {
			width, col = theme.BorderWidth, theme.Border
		}
		if width <= 0 || col.A == 0 {
			continue
		}
		p.Reset()
		for i := range lv.strokes {
			s := &lv.strokes[i]
			if s.shared != shared || !s.bound.Intersects(view) {
				continue
			}
			p.Line(tx(s.pts))
		}
		c.Path(&p, draw.Style{Stroke: col, Width: width, Cap: draw.RoundCap})
	}
}

// eachRing calls fn for the rings of lc's polygons whose bounds meet view
// (unit space), outline first, then its holes.
func (lc *levelCountry) eachRing(view draw.Rect, fn func(ring []orb.Point, hole bool)) {
	if !lc.bound.Intersects(view) {
		return
	}
	for i := range lc.polys {
		lp := &lc.polys[i]
		if !lp.bound.Intersects(view) {
			continue
		}
		for ri, ring := range lp.rings {
			fn(ring, ri > 0)
		}
	}
}
