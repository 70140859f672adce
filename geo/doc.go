// Package geo does the projection, rasterisation and spatial work behind the
// casmap evidence map: the Web Mercator viewport, a small antialiased
// drawing toolkit for *image.RGBA, the country basemap with its tile cache,
// marker sprites, routes and soft areas, text, hit-testing, clustering and
// label placement.
//
// Geographic points are orb.Point values in [lon, lat] order, in degrees.
// Pixel coordinates have their origin at the top-left corner with y growing
// downwards. Colours are alpha-premultiplied color.RGBA values, as defined by
// package image/color; channels above the alpha are clamped to it.
//
// Nothing in this package depends on a GUI toolkit, so the same code draws
// the interactive map and exported images.
package geo
