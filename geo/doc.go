// Package geo is the cartography core of casmap, with no user interface
// and no drawing: the Web Mercator projection and Viewport, the spatial
// Index used for hit tests, pixel clustering and label placement.
//
// Its sub-packages each do one job: draw is the drawing contract with its
// raster backend (draw/svg and draw/pdf write vectors), basemap turns the
// embedded borders into tiles and paths, and figure lays out report pages.
//
// Geographic points are orb.Point values in [lon, lat] order, in degrees.
// Pixel coordinates have their origin at the top-left corner with y growing
// downwards.
package geo
