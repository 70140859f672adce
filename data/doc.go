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
// Every citation quotes its source verbatim. When a dataset is validated
// each quote is located in its source's text, comparing both after folding
// runs of white space to a single space, and the span it covers in the
// original text is recorded in [Citation.Start] and [Citation.End].
//
// [Parse] (and [Load]) decodes a file into the typed values and reports
// what only a file can get wrong: JSON syntax, unknown or repeated member
// names, JSON types, unreadable source files. It then checks the values
// with [Validate], which applies every rule on values (ids, kinds, dates,
// countries, citations and quotes, geometry, limits) and works as well on a
// dataset built or edited in Go; a [Validator] does the same after every
// edit, checking only what changed. Both report every problem at once, as
// [Problems]: one plain sentence per problem naming the file, the feature
// and the field, in the same words.
//
// Package [casmap/data/atomicfile] writes files atomically; [Dataset.Save]
// uses it.
package data
