package layers

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestReadFixtures(t *testing.T) {
	tests := []struct {
		file     string
		format   string
		features int
		check    func(t *testing.T, l *Layer)
	}{
		{"rfc7946-example.geojson", "GeoJSON", 3, func(t *testing.T, l *Layer) {
			if p, ok := l.Features[0].Geometry.(orb.Point); !ok || p != (orb.Point{102, 0.5}) {
				t.Errorf("first feature %v", l.Features[0].Geometry)
			}
			if _, ok := l.Features[2].Geometry.(orb.Polygon); !ok || l.Features[2].Props["prop1"] == nil {
				t.Errorf("third feature %T %v", l.Features[2].Geometry, l.Features[2].Props)
			}
		}},
		{"geojsonio.geojson", "GeoJSON", 4, func(t *testing.T, l *Layer) {
			if l.Features[0].Props["marker-color"] != "#7e7e7e" || l.Features[0].Title != "Ayni airfield" {
				t.Errorf("simplestyle or title lost: %v", l.Features[0].Props)
			}
			if _, ok := l.Features[2].Geometry.(orb.MultiPoint); !ok {
				t.Errorf("MultiPoint read as %T", l.Features[2].Geometry)
			}
			if _, ok := l.Features[3].Geometry.(orb.Collection); !ok {
				t.Errorf("GeometryCollection read as %T", l.Features[3].Geometry)
			}
		}},
		{"gdal-points.geojson", "GeoJSON", 3, func(t *testing.T, l *Layer) {
			if l.Features[2].Title != "Kunduz" || l.Features[2].Props["fatalities"] != "12" {
				t.Errorf("GDAL properties: %v", l.Features[2].Props)
			}
		}},
		{"mymaps.kml", "KML", 3, func(t *testing.T, l *Layer) {
			f := l.Features[0]
			if f.Title != "Bishkek" || f.Props["marker-color"] != "#0288d1" || f.Props["day"] != "1" {
				t.Errorf("My Maps placemark: %q %v", f.Title, f.Props)
			}
			if p := f.Geometry.(orb.Point); p != (orb.Point{74.5698, 42.8746}) {
				t.Errorf("position %v", p)
			}
			road := l.Features[2]
			if _, ok := road.Geometry.(orb.LineString); !ok || road.Props["stroke"] != "#e65100" || road.Props["stroke-width"] != 5.0 {
				t.Errorf("road: %T %v", road.Geometry, road.Props)
			}
		}},
		{"acled.csv", "CSV", 3, func(t *testing.T, l *Layer) {
			if l.StyleBy != "event_type" || l.Features[0].Props["marker-color"] != l.Features[1].Props["marker-color"] ||
				l.Features[0].Props["marker-color"] == l.Features[2].Props["marker-color"] {
				t.Errorf("ACLED not coloured by event type: %v", l.Features)
			}
			if l.Features[2].Title != "Kunduz" || !strings.Contains(l.Features[2].Props["notes"].(string), "Taliban") {
				t.Errorf("row 3: %v", l.Features[2].Props)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			l, err := Load(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if l.Format != tt.format || len(l.Features) != tt.features || l.Name != tt.file {
				t.Fatalf("%s: %s, %d features, named %q", tt.file, l.Format, len(l.Features), l.Name)
			}
			tt.check(t, l)
		})
	}
}

func TestReadKMZ(t *testing.T) {
	kml, err := os.ReadFile(filepath.Join("testdata", "mymaps.kml"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("doc.kml")
	w.Write(kml)
	zw.Close()
	l, err := ReadKMZ("trip.kmz", buf.Bytes())
	if err != nil || l.Format != "KMZ" || len(l.Features) != 3 {
		t.Fatalf("KMZ: %v, %+v", err, l)
	}
}

func TestBadLayers(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"mercator.geojson", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},"features":[]}`, "uses the coordinate system urn:ogc:def:crs:EPSG::3857"},
		{"bad.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[8330000,4680000]}}]}`, "feature 0: geometry: position [8.33e+06, 4.68e+06] is not a longitude and latitude"},
		{"syntax.geojson", `{"type":"FeatureCollection",`, "is not GeoJSON"},
		{"notype.json", `{"features":[]}`, "has no \"type\" member"},
		{"nolatlon.csv", "a,b\n1,2\n", "has no latitude and longitude columns"},
		{"badrow.csv", "name,lat,lon\nx,north,70\n", "row 2, column lat: \"north\" is not a number"},
		{"bad.kml", "<kml><Placemark><name>P</name><Point><coordinates>abc</coordinates></Point></Placemark></kml>", "Placemark 1 (\"P\"): coordinates: \"abc\" is not lon,lat"},
		{"deep.kml", strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100), "nests elements deeper"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		p := filepath.Join(dir, tt.name)
		os.WriteFile(p, []byte(tt.text), 0o644)
		_, err := Load(p)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%s: %v, want a sentence naming the file with %q", tt.name, err, tt.want)
		}
	}
}

func FuzzReadGeoJSON(f *testing.F) {
	for _, n := range []string{"rfc7946-example.geojson", "geojsonio.geojson"} {
		b, _ := os.ReadFile(filepath.Join("testdata", n))
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { ReadGeoJSON("f.geojson", b) })
}

func FuzzReadKML(f *testing.F) {
	b, _ := os.ReadFile(filepath.Join("testdata", "mymaps.kml"))
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) { ReadKML("f.kml", b) })
}

func FuzzReadCSV(f *testing.F) {
	b, _ := os.ReadFile(filepath.Join("testdata", "acled.csv"))
	f.Add(b)
	f.Add([]byte("lat;lon;name\n1,5;2;x\n"))
	f.Fuzz(func(t *testing.T, b []byte) { ReadCSV("f.csv", b) })
}

// BenchmarkCSV100k reads a CSV layer of 100 000 points.
func BenchmarkCSV100k(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("name,lat,lon,kind\n")
	for i := range 100_000 {
		fmt.Fprintf(&buf, "p%d,%.4f,%.4f,event\n", i, 35+float64(i%1000)/100, 60+float64(i%2000)/100)
	}
	benchRead(b, buf.Bytes(), ReadCSV)
}

// BenchmarkGeoJSON100k reads a GeoJSON layer of 100 000 points.
func BenchmarkGeoJSON100k(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString(`{"type":"FeatureCollection","features":[`)
	for i := range 100_000 {
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `{"type":"Feature","properties":{"name":"p%d","marker-color":"#e53935"},"geometry":{"type":"Point","coordinates":[%.4f,%.4f]}}`, i, 60+float64(i%2000)/100, 35+float64(i%1000)/100)
	}
	buf.WriteString("]}")
	benchRead(b, buf.Bytes(), ReadGeoJSON)
}

// BenchmarkKML50MB reads a KML file of about 50 MB.
func BenchmarkKML50MB(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>`)
	for i := 0; buf.Len() < 50<<20; i++ {
		fmt.Fprintf(&buf, "<Placemark><name>p%d</name><description>a point of the benchmark</description><Point><coordinates>%.4f,%.4f,0</coordinates></Point></Placemark>\n", i, 60+float64(i%2000)/100, 35+float64(i%1000)/100)
	}
	buf.WriteString("</Document></kml>")
	benchRead(b, buf.Bytes(), ReadKML)
}

func benchRead(b *testing.B, data []byte, read func(string, []byte) (*Layer, error)) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := read("bench", data); err != nil {
			b.Fatal(err)
		}
	}
}
