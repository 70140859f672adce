package figure

import (
	"fmt"
	"image"
	"image/color"

	sm "github.com/flopp/go-staticmaps"
	"github.com/golang/geo/s2"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"

	"casmap/geo"
	"casmap/geo/draw"
)

// RenderPlainStaticmaps draws the map of f the plain go-staticmaps way, as
// the yardstick RenderFigure is measured against. The whole image is the
// map, at the zoom and centre RenderFigure uses with MapOnly; every ring of
// every country, clipped to the view in [lon, lat], is one
// sm.Area filled with the land colour (f.Fills blended over it) and
// stroked with the border colour; every mark is one sm.Circle of its
// style's fill, stroke and size (points, scaled by the DPI). go-staticmaps
// draws everything; there are no labels, overlays or furniture.
func RenderPlainStaticmaps(f *Figure) (*image.RGBA, error) {
	if f == nil {
		return nil, fmt.Errorf("%w: nil figure", ErrInvalidFigure)
	}
	g := *f
	g.Tiles = nil
	if err := g.validate(); err != nil {
		return nil, err
	}
	s := g.dpi() / 72
	center, zoom := fitZoom(g.Bound, g.Width, g.Height)
	c := newStaticContext(g.Width, g.Height, center, zoom, g.Theme.Sea)
	v := geo.Viewport{Center: center, Zoom: float64(zoom), Width: g.Width, Height: g.Height}
	// go-staticmaps moves every vertex left or right of the image by a
	// world width, so longitudes are clipped to just inside the view;
	// latitudes get a margin.
	vb := v.Bound()
	dx, dy := (vb.Max[0]-vb.Min[0])*1e-4, (vb.Max[1]-vb.Min[1])*0.02
	vb = orb.Bound{Min: orb.Point{vb.Min[0] + dx, vb.Min[1] - dy}, Max: orb.Point{vb.Max[0] - dx, vb.Max[1] + dy}}

	for _, cn := range g.Basemap.Countries() {
		if !cn.Bound.Intersects(vb) {
			continue
		}
		fill := g.Theme.Land
		if o, ok := g.Fills[cn.ISO]; ok {
			fill = over(draw.Sanitize(o), fill)
		}
		for _, poly := range clip.MultiPolygon(vb, cn.Shape.Clone()) {
			for _, ring := range poly {
				pos := make([]s2.LatLng, len(ring))
				for i, q := range ring {
					pos[i] = latLng(q)
				}
				c.AddObject(sm.NewArea(pos, g.Theme.Border, fill, g.Theme.BorderWidth*s))
			}
		}
	}
	for _, m := range g.Marks {
		if m.Style < 0 || m.Style >= len(g.Styles) || !vb.Contains(m.P) {
			continue
		}
		st := scaledStyle(g.Styles[m.Style], s)
		r := st.Size / 2 * geo.MetresPerPixelAt(m.P[1], float64(zoom))
		c.AddObject(sm.NewCircle(latLng(m.P), draw.Sanitize(st.Stroke), draw.Sanitize(st.Fill), r, s))
	}
	img, err := c.Render()
	if err != nil {
		return nil, fmt.Errorf("geo: plain go-staticmaps render: %w", err)
	}
	rgba, ok := img.(*image.RGBA)
	if !ok {
		return nil, fmt.Errorf("geo: plain go-staticmaps render: unexpected image type %T", img)
	}
	return rgba, nil
}

// over composites the premultiplied colour c over base.
func over(c, base color.RGBA) color.RGBA {
	ia := uint32(255 - c.A)
	return color.RGBA{
		R: c.R + uint8((uint32(base.R)*ia+127)/255),
		G: c.G + uint8((uint32(base.G)*ia+127)/255),
		B: c.B + uint8((uint32(base.B)*ia+127)/255),
		A: c.A + uint8((uint32(base.A)*ia+127)/255),
	}
}
