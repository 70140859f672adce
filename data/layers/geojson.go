package layers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/paulmach/orb/geojson"
)

// crsMember is the 2008 "crs" member.
type crsMember struct {
	Type       string `json:"type"`
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
}

// ReadGeoJSON reads a GeoJSON file: a FeatureCollection, a Feature or a
// bare geometry, with every RFC 7946 geometry (Multi* and
// GeometryCollection included). The 2008 "crs" member is accepted when it
// names WGS 84 (CRS84, EPSG:4326); another is refused with a sentence
// naming it.
func ReadGeoJSON(name string, b []byte) (*Layer, error) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	// The top level once, its features once more.
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("layer %s is not GeoJSON: %v", name, jsonErr(err))
	}
	var typ string
	if t, ok := raw["type"]; ok {
		if err := json.Unmarshal(t, &typ); err != nil {
			return nil, fmt.Errorf("layer %s: \"type\" is not a string", name)
		}
	}
	if c, ok := raw["crs"]; ok && string(c) != "null" {
		var m crsMember
		json.Unmarshal(c, &m)
		crs := m.Properties.Name
		if !strings.Contains(crs, "CRS84") && !strings.HasSuffix(crs, "4326") && crs != "" {
			return nil, fmt.Errorf("layer %s uses the coordinate system %s; casmap reads WGS 84 longitude and latitude only: reproject it first, for example with ogr2ogr -t_srs EPSG:4326", name, crs)
		}
	}
	l := &Layer{Name: name, Format: "GeoJSON"}
	switch typ {
	case "FeatureCollection":
		var features []*geojson.Feature
		if err := json.Unmarshal(raw["features"], &features); err != nil && raw["features"] != nil {
			return nil, fmt.Errorf("layer %s, features: %v", name, jsonErr(err))
		}
		if len(features) > MaxFeatures {
			return nil, fmt.Errorf("layer %s has %d features, over the limit of %d", name, len(features), MaxFeatures)
		}
		for i, f := range features {
			if f == nil {
				return nil, fmt.Errorf("layer %s, feature %d is null; want a Feature", name, i)
			}
			if err := l.add(f); err != nil {
				return nil, fmt.Errorf("layer %s, feature %d%s: %v", name, i, idText(f), err)
			}
		}
	case "Feature":
		f, err := geojson.UnmarshalFeature(b)
		if err != nil {
			return nil, fmt.Errorf("layer %s: %v", name, jsonErr(err))
		}
		if err := l.add(f); err != nil {
			return nil, fmt.Errorf("layer %s: %v", name, err)
		}
	case "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection":
		g, err := geojson.UnmarshalGeometry(b)
		if err != nil {
			return nil, fmt.Errorf("layer %s: %v", name, jsonErr(err))
		}
		if err := l.add(geojson.NewFeature(g.Geometry())); err != nil {
			return nil, fmt.Errorf("layer %s: %v", name, err)
		}
	case "":
		return nil, fmt.Errorf("layer %s is JSON but not GeoJSON: it has no \"type\" member", name)
	default:
		return nil, fmt.Errorf("layer %s: type %q is not a GeoJSON type", name, typ)
	}
	return l, nil
}

// add appends a feature, checking its positions and strings.
func (l *Layer) add(f *geojson.Feature) error {
	if f.Geometry == nil {
		return nil // a feature with no place is not drawn
	}
	if err := checkGeometry(f.Geometry); err != nil {
		return fmt.Errorf("geometry: %v", err)
	}
	props := map[string]any(f.Properties)
	for k, v := range props {
		if s, ok := v.(string); ok && len(s) > MaxString {
			return fmt.Errorf("properties.%s is longer than the limit of %d bytes", k, MaxString)
		}
	}
	if props == nil {
		props = map[string]any{}
	}
	l.Features = append(l.Features, Feature{Geometry: f.Geometry, Props: props, Title: titleOf(props)})
	return nil
}

// idText names a feature by its id, when it has one.
func idText(f *geojson.Feature) string {
	if f.ID != nil {
		return fmt.Sprintf(" (id %v)", f.ID)
	}
	if t := titleOf(f.Properties); t != "" {
		return fmt.Sprintf(" (%q)", t)
	}
	return ""
}

// jsonErr says a JSON error in plain words.
func jsonErr(err error) string {
	if se, ok := err.(*json.SyntaxError); ok {
		return fmt.Sprintf("JSON syntax error at byte %d: %v", se.Offset, se)
	}
	return err.Error()
}
