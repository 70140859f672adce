// Package layers reads other people's geodata as layers: plain GeoJSON (all
// RFC 7946 geometries), KML and KMZ (Google My Maps, Google Earth), and CSV
// with coordinate columns (an ACLED export). A layer is drawn over a
// dataset with its simplestyle-spec keys and is never evidence: its
// features cite nothing.
//
// Readers never trust their input: files are limited in size, features in
// number and strings in length as datasets are, and every problem is one
// sentence naming the file, the feature and the field.
package layers

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"casmap/data"
)

// Limits of a layer file.
const (
	MaxFileSize = data.MaxFileSize // bytes of a file (256 MiB)
	MaxFeatures = data.MaxFeatures // features of a layer
	MaxString   = data.MaxStringLen
)

// Feature is one feature of a layer.
type Feature struct {
	Geometry orb.Geometry   // WGS 84 longitude, latitude
	Props    map[string]any // its properties, as read; style keys included
	Title    string         // what names it: "title", "name", or the first text property
}

// Layer is a file of features drawn over a dataset.
type Layer struct {
	Name     string // the file's base name, credited in figures
	Path     string
	Format   string // "GeoJSON", "KML", "KMZ" or "CSV"
	Features []Feature
	// StyleBy names the property the layer is coloured by ("event_type"
	// for ACLED), or "".
	StyleBy string
}

// Bound is the box of every feature of the layer.
func (l *Layer) Bound() (orb.Bound, bool) {
	var b orb.Bound
	ok := false
	for _, f := range l.Features {
		if f.Geometry == nil {
			continue
		}
		fb := f.Geometry.Bound()
		if !ok {
			b, ok = fb, true
			continue
		}
		b = b.Union(fb)
	}
	return b, ok
}

// Load reads the layer at path, choosing the reader by its extension:
// .geojson and .json, .kml, .kmz, .csv.
func Load(path string) (*Layer, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("layer %s cannot be read: %w", path, unwrapPath(err))
	}
	if st.IsDir() {
		return nil, fmt.Errorf("layer %s is a folder; name a GeoJSON, KML, KMZ or CSV file", path)
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("layer %s is %d MiB, over the limit of %d MiB", path, st.Size()>>20, MaxFileSize>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("layer %s cannot be read: %w", path, unwrapPath(err))
	}
	name := filepath.Base(path)
	var l *Layer
	switch strings.ToLower(filepath.Ext(path)) {
	case ".geojson", ".json":
		l, err = ReadGeoJSON(name, b)
	case ".kml":
		l, err = ReadKML(name, b)
	case ".kmz":
		l, err = ReadKMZ(name, b)
	case ".csv", ".tsv", ".txt":
		l, err = ReadCSV(name, b)
	default:
		return nil, fmt.Errorf("layer %s: casmap reads GeoJSON (.geojson), KML (.kml, .kmz) and CSV (.csv) layers, not %s files", path, filepath.Ext(path))
	}
	if err != nil {
		return nil, err
	}
	l.Path = path
	return l, nil
}

// unwrapPath drops the operation and path of an *os.PathError, which the
// sentence already names.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// titleOf names a feature from its properties.
func titleOf(props map[string]any) string {
	for _, k := range []string{"title", "name", "Name", "NAME", "location", "label"} {
		if s, ok := props[k].(string); ok && strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// checkPosition reports a position outside longitude and latitude.
func checkPosition(p orb.Point) error {
	if !(p[0] >= -180 && p[0] <= 180) || !(p[1] >= -90 && p[1] <= 90) {
		return fmt.Errorf("position [%g, %g] is not a longitude and latitude", p[0], p[1])
	}
	return nil
}

// checkGeometry checks every position of g.
func checkGeometry(g orb.Geometry) error {
	var err error
	walkPoints(g, func(p orb.Point) bool {
		err = checkPosition(p)
		return err == nil
	})
	return err
}

// walkPoints calls fn for every position of g until it returns false.
func walkPoints(g orb.Geometry, fn func(orb.Point) bool) bool {
	switch g := g.(type) {
	case orb.Point:
		return fn(g)
	case orb.MultiPoint:
		for _, p := range g {
			if !fn(p) {
				return false
			}
		}
	case orb.LineString:
		return walkPoints(orb.MultiPoint(g), fn)
	case orb.MultiLineString:
		for _, l := range g {
			if !walkPoints(orb.MultiPoint(l), fn) {
				return false
			}
		}
	case orb.Ring:
		return walkPoints(orb.MultiPoint(g), fn)
	case orb.Polygon:
		for _, r := range g {
			if !walkPoints(orb.MultiPoint(r), fn) {
				return false
			}
		}
	case orb.MultiPolygon:
		for _, p := range g {
			if !walkPoints(p, fn) {
				return false
			}
		}
	case orb.Collection:
		for _, x := range g {
			if !walkPoints(x, fn) {
				return false
			}
		}
	case orb.Bound:
		return walkPoints(g.ToPolygon(), fn)
	}
	return true
}
