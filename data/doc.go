// Package data holds casmap's evidence dataset: the types the map and its
// editor work with, and the code that loads, validates and saves them.
//
// A dataset is one GeoJSON FeatureCollection (RFC 7946) file. Every Feature
// is a marker: a Point for a place, a LineString for a route or border, or a
// Polygon for an area. Feature properties form a closed set described on
// [Marker]; keys starting with "x-" and the simplestyle keys (marker-color,
// stroke, fill and friends) are kept as well. Beside "type" and "features"
// the collection carries the foreign members "sources" (the documents every
// marker cites), "alliances", "title" and "description"; any other foreign
// member is kept verbatim so that loading and saving a file loses nothing.
//
// Every citation quotes its source verbatim. When a dataset is loaded each
// quote is located in its source's text, comparing both after folding runs
// of white space to a single space, and the span it covers in the original
// text is recorded in [Citation.Start] and [Citation.End].
//
// [Parse] reports every problem it finds at once, as [Problems]: one plain
// sentence per problem naming the file, the feature and the field.
package data
