// Package basemap draws the country borders of the region: it loads the
// embedded Natural Earth countries, shares their borders as a topology,
// simplifies them per zoom level, and renders them as antialiased tiles
// (RenderTile, with TileCache composing cached tiles into frames in the
// background) or as vector paths on any draw.Canvas (DrawView). It also
// proposes country and capital labels and finds the country under a point.
//
// Points are [lon, lat] degrees; pixels follow geo.Viewport. Colours come
// from a Theme and are alpha-premultiplied.
package basemap
