// Package figure lays out and draws casmap's report figures: a title, the
// map at the exact scale of the requested box, a legend that covers no
// marker, a scale bar, a numbered source key and a footer with the
// attribution. One layout and one set of drawing steps serve every output:
// RenderFigure draws a PNG through go-staticmaps (offline, with this
// package's own map objects and projection), and Draw, WriteSVG and
// WritePDF draw the same page through the vector backends of package draw,
// with text kept as text. Georef georeferences the map frame for GIS tools
// (world file, .prj and GDAL .aux.xml in EPSG:3857).
//
// Sizes of text and symbols are in points and scale with the figure's DPI;
// positions are [lon, lat] degrees.
package figure
