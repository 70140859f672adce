package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// TileSize is the edge of a map tile in pixels. A Web Mercator world at zoom
// z is TileSize·2^z pixels wide and high.
const TileSize = 256

// MaxLatitude is the northern and southern limit of Web Mercator, in
// degrees. Latitudes beyond ±MaxLatitude are clamped to it.
const MaxLatitude = 85.05112878

// EarthRadius is the WGS 84 equatorial radius used by EPSG:3857, in metres.
const EarthRadius = 6378137.0

// WorldSize returns the width and height of the Web Mercator world at zoom,
// in pixels (TileSize·2^zoom). Zoom may be fractional.
func WorldSize(zoom float64) float64 {
	return TileSize * math.Exp2(zoom)
}

// ToUnit projects p ([lon, lat] in degrees) to Web Mercator unit space, where
// the world spans [0, 1] on both axes with the origin at lon -180°, lat
// +MaxLatitude (top-left). Latitudes are clamped to ±MaxLatitude; longitudes
// are not wrapped.
func ToUnit(p orb.Point) (x, y float64) {
	lat := math.Max(-MaxLatitude, math.Min(MaxLatitude, p[1]))
	x = (p[0] + 180) / 360
	s := math.Sin(lat * math.Pi / 180)
	y = 0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)
	return x, y
}

// FromUnit is the inverse of ToUnit: it returns the [lon, lat] point, in
// degrees, of the unit-space position x, y.
func FromUnit(x, y float64) orb.Point {
	lon := x*360 - 180
	lat := math.Atan(math.Sinh(math.Pi*(1-2*y))) * 180 / math.Pi
	return orb.Point{lon, lat}
}

// WorldPixel returns the position of p ([lon, lat] in degrees) in world
// pixels at zoom: the origin is the top-left corner of the Web Mercator world,
// which is WorldSize(zoom) pixels wide.
func WorldPixel(p orb.Point, zoom float64) (x, y float64) {
	ux, uy := ToUnit(p)
	w := WorldSize(zoom)
	return ux * w, uy * w
}

// WorldPixelToPoint is the inverse of WorldPixel: it returns the [lon, lat]
// point, in degrees, at world pixel x, y at zoom.
func WorldPixelToPoint(x, y, zoom float64) orb.Point {
	w := WorldSize(zoom)
	return FromUnit(x/w, y/w)
}

// Viewport is a Web Mercator (EPSG:3857) view of the world: a Width×Height
// pixel window centred on Center. Viewport is a small value type; its methods
// return modified copies.
type Viewport struct {
	// Center is the [lon, lat] point, in degrees, shown at the middle of
	// the view.
	Center orb.Point
	// Zoom is the fractional zoom level: the world is 256·2^Zoom pixels
	// wide.
	Zoom float64
	// Width and Height are the size of the view in pixels.
	Width, Height int
}

// Transform maps a geographic point ([lon, lat] in degrees) to pixel
// coordinates. Viewport.Project and the function returned by
// Viewport.Transform satisfy it.
type Transform func(p orb.Point) (x, y float64)

// Projector holds the per-view constants of the projection so that many
// points can be projected without recomputing the centre.
type Projector struct {
	cx, cy float64 // centre in unit space
	w      float64 // world size in pixels
	hw, hh float64 // half the view size in pixels
}

// Projector returns the projection constants of v.
func (v Viewport) Projector() Projector {
	cx, cy := ToUnit(v.Center)
	return Projector{cx: cx, cy: cy, w: WorldSize(v.Zoom), hw: float64(v.Width) / 2, hh: float64(v.Height) / 2}
}

// Unit maps unit-space coordinates to view pixels.
func (pr Projector) Unit(ux, uy float64) (x, y float64) {
	return (ux-pr.cx)*pr.w + pr.hw, (uy-pr.cy)*pr.w + pr.hh
}

// ToUnit maps view pixels to unit space.
func (pr Projector) ToUnit(x, y float64) (ux, uy float64) {
	return pr.cx + (x-pr.hw)/pr.w, pr.cy + (y-pr.hh)/pr.w
}

// Project maps a [lon, lat] point to view pixels.
func (pr Projector) Project(p orb.Point) (x, y float64) {
	return pr.Unit(ToUnit(p))
}

// Project returns the view pixel coordinates (origin top-left) of p, a
// [lon, lat] point in degrees. To project many points, Transform is faster.
func (v Viewport) Project(p orb.Point) (x, y float64) {
	return v.Projector().Project(p)
}

// Transform returns a Transform from [lon, lat] degrees to view pixels with
// the view constants computed once, for projecting many points.
func (v Viewport) Transform() Transform {
	pr := v.Projector()
	return pr.Project
}

// Unproject returns the [lon, lat] point, in degrees, under view pixel x, y.
func (v Viewport) Unproject(x, y float64) orb.Point {
	return FromUnit(v.Projector().ToUnit(x, y))
}

// Pan returns the view moved by a pointer drag of dx, dy pixels: the content
// follows the pointer, so dragging right reveals what lies to the west.
func (v Viewport) Pan(dx, dy float64) Viewport {
	pr := v.Projector()
	v.Center = FromUnit(pr.ToUnit(pr.hw-dx, pr.hh-dy))
	return v
}

// ZoomAbout returns the view at zoom with the [lon, lat] point under view
// pixel x, y kept under that pixel, as when zooming with a mouse wheel.
func (v Viewport) ZoomAbout(x, y, zoom float64) Viewport {
	pr := v.Projector()
	ux, uy := pr.ToUnit(x, y)
	w := WorldSize(zoom)
	v.Zoom = zoom
	v.Center = FromUnit(ux-(x-pr.hw)/w, uy-(y-pr.hh)/w)
	return v
}

// Fit returns the view centred on b (a [lon, lat] bound in degrees) at the
// largest fractional zoom that shows all of b with marginPx pixels of free
// space on every side. A bound of zero size keeps the current zoom. Margins
// larger than the view are reduced so that at least one pixel remains.
func (v Viewport) Fit(b orb.Bound, marginPx float64) Viewport {
	x0, y1 := ToUnit(b.Min)
	x1, y0 := ToUnit(b.Max)
	v.Center = FromUnit((x0+x1)/2, (y0+y1)/2)
	dx, dy := x1-x0, y1-y0
	availW := math.Max(1, float64(v.Width)-2*marginPx)
	availH := math.Max(1, float64(v.Height)-2*marginPx)
	z := math.Inf(1)
	if dx > 0 {
		z = math.Log2(availW / (dx * TileSize))
	}
	if dy > 0 {
		z = math.Min(z, math.Log2(availH/(dy*TileSize)))
	}
	if !math.IsInf(z, 1) {
		v.Zoom = z
	}
	return v
}

// Bound returns the [lon, lat] bound, in degrees, of the area shown. The
// longitudes are not wrapped, so a view wider than the world can extend past
// ±180°; latitudes stay within ±MaxLatitude.
func (v Viewport) Bound() orb.Bound {
	pr := v.Projector()
	ux0, uy0 := pr.ToUnit(0, 0)
	ux1, uy1 := pr.ToUnit(float64(v.Width), float64(v.Height))
	uy0 = math.Max(0, uy0)
	uy1 = math.Min(1, uy1)
	nw := FromUnit(ux0, uy0)
	se := FromUnit(ux1, uy1)
	return orb.Bound{Min: orb.Point{nw[0], se[1]}, Max: orb.Point{se[0], nw[1]}}
}

// Clamp returns the view with Zoom limited to [minZoom, maxZoom] and Center
// moved inside limit, a [lon, lat] bound in degrees. A zero or empty limit
// leaves the centre unconstrained.
func (v Viewport) Clamp(minZoom, maxZoom float64, limit orb.Bound) Viewport {
	if maxZoom < minZoom {
		maxZoom = minZoom
	}
	v.Zoom = math.Max(minZoom, math.Min(maxZoom, v.Zoom))
	if !limit.IsZero() && !limit.IsEmpty() {
		v.Center[0] = math.Max(limit.Min[0], math.Min(limit.Max[0], v.Center[0]))
		v.Center[1] = math.Max(limit.Min[1], math.Min(limit.Max[1], v.Center[1]))
	}
	v.Center[1] = math.Max(-MaxLatitude, math.Min(MaxLatitude, v.Center[1]))
	return v
}

// MetresPerPixel returns the ground distance covered by one pixel at the
// centre latitude, in metres.
func (v Viewport) MetresPerPixel() float64 {
	return MetresPerPixelAt(v.Center[1], v.Zoom)
}

// MetresPerPixelAt is the Web Mercator ground resolution at lat (degrees) and
// zoom, in metres per pixel.
func MetresPerPixelAt(lat, zoom float64) float64 {
	lat = math.Max(-MaxLatitude, math.Min(MaxLatitude, lat))
	return 2 * math.Pi * EarthRadius * math.Cos(lat*math.Pi/180) / WorldSize(zoom)
}

// ProjectUnits appends to dst[:0] the view pixels of positions given in
// unit space (see ToUnit) and returns it. Projecting many points to unit
// space once and placing them with ProjectUnits in every new view avoids
// the trigonometry of Project.
func (v Viewport) ProjectUnits(dst, units []orb.Point) []orb.Point {
	pr := v.Projector()
	dst = dst[:0]
	for _, u := range units {
		x, y := pr.Unit(u[0], u[1])
		dst = append(dst, orb.Point{x, y})
	}
	return dst
}
