package layers

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// maxDepth is the deepest nesting of KML elements read.
const maxDepth = 64

// kmlStyle is the colours of a KML style, as simplestyle keys.
type kmlStyle map[string]any

// ReadKMZ reads a KMZ file: a zip archive holding a KML document (doc.kml,
// or the first .kml file).
func ReadKMZ(name string, b []byte) (*Layer, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("layer %s is not a KMZ (zip) file: %v", name, err)
	}
	var doc *zip.File
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, "doc.kml") || doc == nil && strings.HasSuffix(strings.ToLower(f.Name), ".kml") {
			doc = f
		}
	}
	if doc == nil {
		return nil, fmt.Errorf("layer %s holds no KML document", name)
	}
	if doc.UncompressedSize64 > MaxFileSize {
		return nil, fmt.Errorf("layer %s: %s is over the limit of %d MiB", name, doc.Name, MaxFileSize>>20)
	}
	rc, err := doc.Open()
	if err != nil {
		return nil, fmt.Errorf("layer %s: %v", name, err)
	}
	defer rc.Close()
	kml, err := io.ReadAll(io.LimitReader(rc, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("layer %s: %v", name, err)
	}
	l, err := ReadKML(name, kml)
	if l != nil {
		l.Format = "KMZ"
	}
	return l, err
}

// ReadKML reads the Placemarks of a KML document, in folders or not, with
// Point, LineString, Polygon and MultiGeometry; their name and
// description; and the colours of their IconStyle, LineStyle and
// PolyStyle, inline or shared by styleUrl (and StyleMap), as simplestyle
// keys.
func ReadKML(name string, b []byte) (*Layer, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	l := &Layer{Name: name, Format: "KML"}
	styles := map[string]kmlStyle{}
	maps := map[string]string{}
	type pending struct {
		f   Feature
		url string
	}
	var marks []pending
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("layer %s is not KML: %v", name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxDepth {
				return nil, fmt.Errorf("layer %s nests elements deeper than %d", name, maxDepth)
			}
			switch t.Name.Local {
			case "Style":
				var s xmlStyle
				if err := d.DecodeElement(&s, &t); err != nil {
					return nil, fmt.Errorf("layer %s, Style: %v", name, err)
				}
				depth--
				styles[s.ID] = s.simple()
			case "StyleMap":
				var m xmlStyleMap
				if err := d.DecodeElement(&m, &t); err != nil {
					return nil, fmt.Errorf("layer %s, StyleMap: %v", name, err)
				}
				depth--
				for _, p := range m.Pairs {
					if p.Key == "normal" {
						maps[m.ID] = strings.TrimPrefix(p.StyleURL, "#")
					}
				}
			case "Placemark":
				var p xmlPlacemark
				if err := d.DecodeElement(&p, &t); err != nil {
					return nil, fmt.Errorf("layer %s, Placemark %d: %v", name, len(marks)+1, err)
				}
				depth--
				if len(marks) >= MaxFeatures {
					return nil, fmt.Errorf("layer %s has more than %d placemarks, the limit", name, MaxFeatures)
				}
				g, err := p.geometry()
				if err != nil {
					return nil, fmt.Errorf("layer %s, Placemark %d (%q): %v", name, len(marks)+1, p.Name, err)
				}
				if g == nil {
					continue
				}
				props := map[string]any{}
				if p.Name != "" {
					props["name"] = strings.TrimSpace(p.Name)
				}
				if s := strings.TrimSpace(p.Description); s != "" {
					if len(s) > MaxString {
						s = s[:MaxString]
					}
					props["description"] = s
				}
				for _, e := range p.Extended {
					props[e.Name] = strings.TrimSpace(e.Value)
				}
				if p.Style != nil {
					for k, v := range p.Style.simple() {
						props[k] = v
					}
				}
				marks = append(marks, pending{Feature{Geometry: g, Props: props, Title: titleOf(props)}, strings.TrimPrefix(p.StyleURL, "#")})
			}
		case xml.EndElement:
			depth--
		}
	}
	for _, m := range marks {
		id := m.url
		if to, ok := maps[id]; ok {
			id = to
		}
		for k, v := range styles[id] {
			if _, set := m.f.Props[k]; !set {
				m.f.Props[k] = v
			}
		}
		l.Features = append(l.Features, m.f)
	}
	return l, nil
}

// xmlPlacemark is a KML Placemark.
type xmlPlacemark struct {
	Name        string      `xml:"name"`
	Description string      `xml:"description"`
	StyleURL    string      `xml:"styleUrl"`
	Style       *xmlStyle   `xml:"Style"`
	Point       *xmlCoords  `xml:"Point"`
	Line        *xmlCoords  `xml:"LineString"`
	Polygon     *xmlPolygon `xml:"Polygon"`
	Multi       *xmlMulti   `xml:"MultiGeometry"`
	Extended    []xmlData   `xml:"ExtendedData>Data"`
}

type xmlData struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value"`
}

type xmlCoords struct {
	Coordinates string `xml:"coordinates"`
}

type xmlPolygon struct {
	Outer string   `xml:"outerBoundaryIs>LinearRing>coordinates"`
	Inner []string `xml:"innerBoundaryIs>LinearRing>coordinates"`
}

type xmlMulti struct {
	Points   []xmlCoords  `xml:"Point"`
	Lines    []xmlCoords  `xml:"LineString"`
	Polygons []xmlPolygon `xml:"Polygon"`
}

// geometry builds the placemark's geometry, or nil when it has none.
func (p *xmlPlacemark) geometry() (orb.Geometry, error) {
	switch {
	case p.Point != nil:
		pts, err := parseCoords(p.Point.Coordinates)
		if err != nil || len(pts) == 0 {
			return nil, coordsErr(err)
		}
		return pts[0], nil
	case p.Line != nil:
		pts, err := parseCoords(p.Line.Coordinates)
		if err != nil || len(pts) < 2 {
			return nil, coordsErr(err)
		}
		return orb.LineString(pts), nil
	case p.Polygon != nil:
		return p.Polygon.polygon()
	case p.Multi != nil:
		var c orb.Collection
		for _, x := range p.Multi.Points {
			pts, err := parseCoords(x.Coordinates)
			if err != nil || len(pts) == 0 {
				return nil, coordsErr(err)
			}
			c = append(c, pts[0])
		}
		for _, x := range p.Multi.Lines {
			pts, err := parseCoords(x.Coordinates)
			if err != nil || len(pts) < 2 {
				return nil, coordsErr(err)
			}
			c = append(c, orb.LineString(pts))
		}
		for _, x := range p.Multi.Polygons {
			poly, err := x.polygon()
			if err != nil {
				return nil, err
			}
			c = append(c, poly)
		}
		if len(c) == 0 {
			return nil, nil
		}
		return c, nil
	}
	return nil, nil
}

// polygon builds a KML polygon.
func (x *xmlPolygon) polygon() (orb.Geometry, error) {
	outer, err := parseCoords(x.Outer)
	if err != nil || len(outer) < 3 {
		return nil, coordsErr(err)
	}
	poly := orb.Polygon{orb.Ring(outer)}
	for _, in := range x.Inner {
		r, err := parseCoords(in)
		if err != nil {
			return nil, coordsErr(err)
		}
		poly = append(poly, orb.Ring(r))
	}
	return poly, nil
}

// coordsErr is the error of unusable coordinates.
func coordsErr(err error) error {
	if err != nil {
		return fmt.Errorf("coordinates: %v", err)
	}
	return errors.New("coordinates: too few positions")
}

// parseCoords reads KML's "lon,lat[,alt] lon,lat[,alt] …".
func parseCoords(s string) ([]orb.Point, error) {
	var out []orb.Point
	for _, t := range strings.Fields(s) {
		parts := strings.Split(t, ",")
		if len(parts) < 2 {
			return nil, fmt.Errorf("%q is not lon,lat", t)
		}
		lon, err1 := strconv.ParseFloat(parts[0], 64)
		lat, err2 := strconv.ParseFloat(parts[1], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%q is not lon,lat", t)
		}
		p := orb.Point{lon, lat}
		if err := checkPosition(p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// xmlStyle is a KML Style.
type xmlStyle struct {
	ID    string `xml:"id,attr"`
	Icon  string `xml:"IconStyle>color"`
	Line  string `xml:"LineStyle>color"`
	Width string `xml:"LineStyle>width"`
	Poly  string `xml:"PolyStyle>color"`
}

type xmlStyleMap struct {
	ID    string `xml:"id,attr"`
	Pairs []struct {
		Key      string `xml:"key"`
		StyleURL string `xml:"styleUrl"`
	} `xml:"Pair"`
}

// simple turns the style into simplestyle keys.
func (s xmlStyle) simple() kmlStyle {
	out := kmlStyle{}
	if c, a, ok := kmlColor(s.Icon); ok {
		out["marker-color"] = c
		_ = a
	}
	if c, a, ok := kmlColor(s.Line); ok {
		out["stroke"], out["stroke-opacity"] = c, a
	}
	if w, err := strconv.ParseFloat(strings.TrimSpace(s.Width), 64); err == nil && w > 0 {
		out["stroke-width"] = w
	}
	if c, a, ok := kmlColor(s.Poly); ok {
		out["fill"], out["fill-opacity"] = c, a
	}
	return out
}

// kmlColor turns KML's aabbggrr into "#rrggbb" and an opacity.
func kmlColor(s string) (string, float64, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "#"))
	if len(s) != 8 {
		return "", 0, false
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return "", 0, false
	}
	a, b, g, r := v>>24&0xff, v>>16&0xff, v>>8&0xff, v&0xff
	return fmt.Sprintf("#%02x%02x%02x", r, g, b), float64(a) / 255, true
}
