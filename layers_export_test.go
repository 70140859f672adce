package main

import (
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestExportLayersAtTheirPixel exports a figure with a GeoJSON, a KML and
// a CSV layer, each a magenta point, and checks through the world file that
// each is drawn at its own pixel.
func TestExportLayersAtTheirPixel(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"p.geojson": `{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"properties":{"marker-color":"#ff00ff","marker-size":"large"},"geometry":{"type":"Point","coordinates":[61.5,46.5]}}]}`,
		"p.kml": `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Style id="m"><IconStyle><color>ffff00ff</color></IconStyle></Style>` +
			`<Placemark><name>K</name><styleUrl>#m</styleUrl><Point><coordinates>63.5,46.5,0</coordinates></Point></Placemark></Document></kml>`,
		"p.csv": "name,latitude,longitude,marker-color\nC,46.5,65.5,#ff00ff\n",
	}
	var args []string
	for name, text := range files {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o644)
		args = append(args, "-layer", p)
	}
	out := filepath.Join(dir, "fig.png")
	args = append([]string{"export", "-size", "800x500", "-bbox", "60,45,67,48", "-legend=false", "-world", "-o", out}, args...)
	if code, _, stderr := runCmd(t, args...); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	w := readWorldFile(t, strings.TrimSuffix(out, ".png")+".pgw")
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, lon := range []float64{61.5, 63.5, 65.5} {
		x, y := w.pixel(lon, 46.5)
		found := false
		for dy := -2; dy <= 2 && !found; dy++ {
			for dx := -2; dx <= 2 && !found; dx++ {
				r, g, b, _ := img.At(x+dx, y+dy).RGBA()
				found = r>>8 > 200 && g>>8 < 80 && b>>8 > 200
			}
		}
		if !found {
			r, g, b, _ := img.At(x, y).RGBA()
			t.Errorf("no magenta layer point at %g,46.5 (pixel %d,%d is %d,%d,%d)", lon, x, y, r>>8, g>>8, b>>8)
		}
	}
}

// worldFile is the six numbers of a world file.
type worldFile struct{ a, d, b, e, c, f float64 }

func readWorldFile(t *testing.T, path string) worldFile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v [6]float64
	for i, s := range strings.Fields(string(b))[:6] {
		v[i], _ = strconv.ParseFloat(s, 64)
	}
	return worldFile{v[0], v[1], v[2], v[3], v[4], v[5]}
}

// pixel is where lon, lat falls in the image, through EPSG:3857.
func (w worldFile) pixel(lon, lat float64) (int, int) {
	const r = 6378137.0
	mx := lon * math.Pi / 180 * r
	my := math.Log(math.Tan(math.Pi/4+lat*math.Pi/360)) * r
	return int(math.Round((mx - w.c) / w.a)), int(math.Round((my - w.f) / w.e))
}

// TestExportFixtureLayersAtTheirPixel exports each fixture from other tools
// (RFC 7946's example, GDAL's output, geojson.io, Google My Maps, ACLED)
// with and without it as a layer, and checks through the world file that
// the pixel of its first point changes: it is drawn where it is.
func TestExportFixtureLayersAtTheirPixel(t *testing.T) {
	tests := []struct {
		file     string
		lon, lat float64
	}{
		{"rfc7946-example.geojson", 102.0, 0.5},
		{"gdal-points.geojson", 69.099, 37.236},
		{"geojsonio.geojson", 68.5441, 38.5922},
		{"mymaps.kml", 74.5698, 42.8746},
		{"acled.csv", 69.099, 37.236},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			bbox := strconv.FormatFloat(tt.lon-1.5, 'f', 4, 64) + "," + strconv.FormatFloat(tt.lat-1, 'f', 4, 64) + "," +
				strconv.FormatFloat(tt.lon+1.5, 'f', 4, 64) + "," + strconv.FormatFloat(tt.lat+1, 'f', 4, 64)
			render := func(name string, layer bool) (image.Image, worldFile) {
				out := filepath.Join(dir, name)
				args := []string{"export", "-size", "600x400", "-bbox", bbox, "-legend=false", "-kinds", "border", "-world", "-force", "-o", out}
				if layer {
					args = append(args, "-layer", filepath.Join("data", "layers", "testdata", tt.file))
				}
				if code, _, stderr := runCmd(t, args...); code != 0 {
					t.Fatalf("export: %s", stderr)
				}
				f, err := os.Open(out)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				img, err := png.Decode(f)
				if err != nil {
					t.Fatal(err)
				}
				return img, readWorldFile(t, strings.TrimSuffix(out, ".png")+".pgw")
			}
			base, _ := render(tt.file+"-base.png", false)
			with, w := render(tt.file+"-layer.png", true)
			x, y := w.pixel(tt.lon, tt.lat)
			r0, g0, b0, _ := base.At(x, y).RGBA()
			r1, g1, b1, _ := with.At(x, y).RGBA()
			if r0 == r1 && g0 == g1 && b0 == b1 {
				t.Errorf("the pixel %d,%d of %g,%g is the same with and without the layer", x, y, tt.lon, tt.lat)
			}
		})
	}
}
