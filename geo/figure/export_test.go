package figure

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	sm "github.com/flopp/go-staticmaps"
	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/draw"
)

func TestLatLngRoundTrip(t *testing.T) {
	tests := []orb.Point{{0, 0}, {74.5698, 42.8746}, {-179.9, -85}, {180, 85}, {-0.0001, 51.4779}}
	for _, p := range tests {
		ll := latLng(p)
		if !near(ll.Lat.Degrees(), p[1], 1e-12) || !near(ll.Lng.Degrees(), p[0], 1e-12) {
			t.Errorf("latLng(%v) = %v: latitude and longitude swapped or changed", p, ll)
		}
		if q := orbPoint(ll); !near(q[0], p[0], 1e-12) || !near(q[1], p[1], 1e-12) {
			t.Errorf("orbPoint(latLng(%v)) = %v", p, q)
		}
	}
}

// TestFrameOfMatchesTransformer checks that the Viewport built from a
// go-staticmaps transformer projects like the transformer, less the crop
// offset, for points inside the frame.
func TestFrameOfMatchesTransformer(t *testing.T) {
	tests := []struct {
		w, h   int
		center orb.Point
		zoom   int
	}{
		{800, 600, orb.Point{57.75, 43}, 6},
		{801, 599, orb.Point{67.5, 40.5}, 7},
		{300, 200, orb.Point{74.57, 42.87}, 9},
	}
	for _, tt := range tests {
		c := newStaticContext(tt.w, tt.h, tt.center, tt.zoom, color.RGBA{})
		trans, err := c.Transformer()
		if err != nil {
			t.Fatal(err)
		}
		img := image.NewRGBA(image.Rect(0, 0, tt.w+2*geo.TileSize, tt.h+2*geo.TileSize))
		sub, v, o := frameOf(img, trans, tt.center, tt.zoom, tt.w, tt.h)
		if sub.Rect.Size() != image.Pt(tt.w, tt.h) || v.Width != tt.w || v.Height != tt.h || v.Zoom != float64(tt.zoom) {
			t.Fatalf("frame %v, view %+v", sub.Rect, v)
		}
		for _, f := range [][2]float64{{0.1, 0.1}, {0.5, 0.5}, {0.9, 0.3}, {0.2, 0.95}} {
			p := v.Unproject(f[0]*float64(tt.w), f[1]*float64(tt.h))
			x, y := trans.LatLngToXY(latLng(p))
			vx, vy := v.Project(p)
			if !near(x-float64(o.X), vx, 1e-6) || !near(y-float64(o.Y), vy, 1e-6) {
				t.Errorf("%v: transformer %.4f,%.4f less offset %v, viewport %.4f,%.4f", p, x, y, o, vx, vy)
			}
		}
	}
}

func TestFitZoom(t *testing.T) {
	tests := []struct {
		b    orb.Bound
		w, h int
		want int
	}{
		{orb.Bound{Min: orb.Point{-180, -85}, Max: orb.Point{180, 85}}, 256, 256, 0},
		{orb.Bound{Min: orb.Point{-180, -85}, Max: orb.Point{180, 85}}, 255, 256, 0},
		{orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{45, 1}}, 512, 512, 4},
		{orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{45, 1}}, 511, 512, 3},
		{orb.Bound{Min: orb.Point{74, 42}, Max: orb.Point{74.0001, 42.0001}}, 800, 600, maxFigureZoom},
	}
	for _, tt := range tests {
		_, z := fitZoom(tt.b, tt.w, tt.h)
		if z != tt.want {
			t.Errorf("fitZoom(%v, %d, %d) = %d, want %d", tt.b, tt.w, tt.h, z, tt.want)
		}
	}
}

func TestFigureGeoref(t *testing.T) {
	f := sampleFigure(t, 900, 600, false)
	city := draw.MarkStyle{Shape: draw.Circle, Fill: draw.RGB(0x12, 0xa4, 0x3c), Size: 14}
	f.Styles = append(f.Styles, city)
	f.Marks = append(f.Marks, draw.Mark{P: bishkek, Style: len(f.Styles) - 1})
	r := render(t, f)
	g := r.geo
	if g.Map != r.page.mapRect || g.View.Width != g.Map.Dx() || g.View.Height != g.Map.Dy() {
		t.Fatalf("georef map %v, view %dx%d; layout map %v", g.Map, g.View.Width, g.View.Height, r.page.mapRect)
	}
	// The mark's body, beside the number drawn on its centre.
	x, y := g.Pixel(bishkek)
	px, py := int(math.Floor(x)), int(math.Floor(y))
	if got := pixel(r.img, px+4, py); got != [4]uint8{city.Fill.R, city.Fill.G, city.Fill.B, city.Fill.A} {
		t.Errorf("pixel %d,%d beside Bishkek is %v, want the mark's %v", px+4, py, got, city.Fill)
	}

	// The world file maps that pixel's centre back to Bishkek.
	wf := strings.Split(strings.TrimSpace(g.WorldFile()), "\n")
	if len(wf) != 6 {
		t.Fatalf("world file has %d lines:\n%s", len(wf), g.WorldFile())
	}
	var c [6]float64
	for i, s := range wf {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("world file line %d %q: %v", i+1, s, err)
		}
		if !strings.Contains(s, ".") || len(s)-strings.Index(s, ".")-1 != 10 {
			t.Errorf("world file line %q does not have ten decimals", s)
		}
		c[i] = v
	}
	if c[1] != 0 || c[2] != 0 || c[0] <= 0 || c[3] != -c[0] {
		t.Fatalf("world file %v: want A > 0, D = B = 0, E = -A", c)
	}
	if want := mercatorExtent / geo.WorldSize(g.View.Zoom); !near(c[0], want, 1e-6) {
		t.Errorf("pixel size %.4f m, want %.4f", c[0], want)
	}
	wx := c[4] + c[0]*float64(px) + c[2]*float64(py)
	wy := c[5] + c[1]*float64(px) + c[3]*float64(py)
	mx, my := Mercator(bishkek)
	if math.Abs(wx-mx) > c[0] || math.Abs(wy-my) > c[0] {
		t.Errorf("world file maps pixel %d,%d to %.1f,%.1f m; Bishkek is at %.1f,%.1f m (pixel %.1f m)", px, py, wx, wy, mx, my, c[0])
	}

	// The transform covers the whole image: the top-left pixel's centre
	// is half a pixel in from the image corner, beyond the map frame.
	corner := g.View.Unproject(-float64(g.Map.Min.X), -float64(g.Map.Min.Y))
	cx, cy := Mercator(corner)
	if !near(g.X0, cx+c[0]/2, 1e-3) || !near(g.Y0, cy-c[0]/2, 1e-3) {
		t.Errorf("X0, Y0 = %.3f, %.3f; image corner at %.3f, %.3f", g.X0, g.Y0, cx, cy)
	}
}

func TestPRJ3857(t *testing.T) {
	if !strings.HasPrefix(PRJ3857, `PROJCS["WGS 84 / Pseudo-Mercator",`) || !strings.HasSuffix(PRJ3857, `AUTHORITY["EPSG","3857"]]`) {
		t.Errorf("PRJ3857 is not the EPSG:3857 WKT: %s", PRJ3857)
	}
	if strings.Count(PRJ3857, "[") != strings.Count(PRJ3857, "]") || strings.Count(PRJ3857, `"`)%2 != 0 {
		t.Error("PRJ3857 has unbalanced brackets or quotes")
	}
	for _, want := range []string{"6378137", `PROJECTION["Mercator_1SP"]`, `UNIT["metre",1`} {
		if !strings.Contains(PRJ3857, want) {
			t.Errorf("PRJ3857 lacks %s", want)
		}
	}
}

func TestGeorefAuxXML(t *testing.T) {
	f := caspianFigure(t)
	f.Width, f.Height = 320, 240
	r := render(t, f)
	g := r.geo
	aux := g.AuxXML()
	var pam struct {
		XMLName xml.Name `xml:"PAMDataset"`
		SRS     struct {
			Mapping string `xml:"dataAxisToSRSAxisMapping,attr"`
			WKT     string `xml:",chardata"`
		} `xml:"SRS"`
	}
	if err := xml.Unmarshal([]byte(aux), &pam); err != nil {
		t.Fatalf("aux.xml does not parse: %v\n%s", err, aux)
	}
	if pam.SRS.WKT != PRJ3857 || pam.SRS.Mapping != "1,2" {
		t.Errorf("aux.xml SRS %q (mapping %q), want PRJ3857 with mapping 1,2", pam.SRS.WKT, pam.SRS.Mapping)
	}

	dir := t.TempDir()
	name := filepath.Join(dir, "figure.png")
	out, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := EncodePNG(out, r.img, f.dpi()); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	for file, text := range map[string]string{"figure.pgw": g.WorldFile(), "figure.png.aux.xml": aux} {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gdalinfo, err := exec.LookPath("gdalinfo")
	if err != nil {
		t.Skip("gdalinfo not on PATH")
	}
	js, err := exec.Command(gdalinfo, "-json", name).Output()
	if err != nil {
		t.Fatalf("gdalinfo: %v", err)
	}
	var info struct {
		CoordinateSystem struct {
			WKT string `json:"wkt"`
		} `json:"coordinateSystem"`
		CornerCoordinates map[string][2]float64 `json:"cornerCoordinates"`
		Size              [2]int                `json:"size"`
	}
	if err := json.Unmarshal(js, &info); err != nil {
		t.Fatalf("gdalinfo -json: %v\n%s", err, js)
	}
	if wkt := info.CoordinateSystem.WKT; !strings.Contains(wkt, `"WGS 84 / Pseudo-Mercator"`) || !strings.Contains(wkt, `ID["EPSG",3857]`) {
		t.Errorf("gdalinfo coordinate system is not EPSG:3857:\n%s", wkt)
	}
	if info.Size != [2]int{f.Width, f.Height} {
		t.Errorf("gdalinfo size %v", info.Size)
	}
	// The outer corners of the image: X0, Y0 is the centre of the top-left
	// pixel.
	mpp := g.MetresPerPixel
	x0, y0 := g.X0-mpp/2, g.Y0+mpp/2
	x1, y1 := x0+float64(f.Width)*mpp, y0-float64(f.Height)*mpp
	for corner, want := range map[string][2]float64{
		"upperLeft": {x0, y0}, "upperRight": {x1, y0}, "lowerLeft": {x0, y1}, "lowerRight": {x1, y1},
		"center": {(x0 + x1) / 2, (y0 + y1) / 2},
	} {
		got, ok := info.CornerCoordinates[corner]
		if !ok || math.Abs(got[0]-want[0]) > 1 || math.Abs(got[1]-want[1]) > 1 {
			t.Errorf("gdalinfo %s corner %v, want %v within a metre", corner, got, want)
		}
	}
	// And the map's centre is where the georeference says.
	cx, cy := Mercator(g.View.Center)
	px, py := g.Pixel(g.View.Center)
	if gx, gy := x0+px*mpp, y0-py*mpp; math.Abs(gx-cx) > 1 || math.Abs(gy-cy) > 1 {
		t.Errorf("map centre at %.1f,%.1f by the world file, %.1f,%.1f by Mercator", gx, gy, cx, cy)
	}
}

func TestNiceScale(t *testing.T) {
	tests := []struct {
		mpp, maxPx float64
		metres     float64
		label      string
	}{
		{1000, 150, 100_000, "100 km"},
		{1000, 200, 200_000, "200 km"},
		{1000, 99, 50_000, "50 km"},
		{2445.98, 108, 200_000, "200 km"},
		{10, 75, 500, "500 m"},
		{0.5, 30, 10, "10 m"},
		{3000, 500, 1_000_000, "1000 km"},
		{4, 300, 1000, "1 km"},
	}
	for _, tt := range tests {
		m, px := niceScale(tt.mpp, tt.maxPx)
		if m != tt.metres || formatDistance(m) != tt.label {
			t.Errorf("niceScale(%g, %g) = %g m (%q), want %g (%q)", tt.mpp, tt.maxPx, m, formatDistance(m), tt.metres, tt.label)
		}
		if px > tt.maxPx+1e-9 || px < tt.maxPx*0.4 || !near(px*tt.mpp, m, 1e-6) {
			t.Errorf("niceScale(%g, %g): bar %g px for %g m", tt.mpp, tt.maxPx, px, m)
		}
	}
	if m, px := niceScale(0, 100); m != 0 || px != 0 {
		t.Errorf("niceScale(0, 100) = %g, %g", m, px)
	}
}

func TestFigureScaleBar(t *testing.T) {
	for _, f := range []*Figure{sampleFigure(t, 900, 600, false), a4Figure(t)} {
		r := render(t, f)
		pl := r.page
		if pl.scaleRect.Empty() {
			t.Fatal("no scale bar")
		}
		// Ground metres per pixel at the latitude of the view's centre.
		mpp := 2 * math.Pi * geo.EarthRadius * math.Cos(r.geo.View.Center[1]*math.Pi/180) / geo.WorldSize(r.geo.View.Zoom)
		if got := pl.scaleMetres / pl.scalePx; !near(got, mpp, mpp*1e-3) {
			t.Errorf("scale bar %g m over %.1f px = %.1f m/px; the map has %.1f m/px at %.2f°N",
				pl.scaleMetres, pl.scalePx, got, mpp, r.geo.View.Center[1])
		}
		// The label names the latitude at which the bar is true.
		var label string
		for _, tx := range pl.texts {
			if tx.Role == "scale" && strings.Contains(tx.Text, " at ") {
				label = tx.Text
			}
		}
		lat := int(math.Round(r.geo.View.Center[1]))
		if want := fmt.Sprintf("%s at %d° N", formatDistance(pl.scaleMetres), lat); label != want || pl.scaleLat != r.geo.View.Center[1] {
			t.Errorf("scale label %q (true at %.2f°), want %q", label, pl.scaleLat, want)
		}
		if !r.page.mapRect.Intersect(pl.scaleRect).Eq(pl.scaleRect) || pl.scaleRect.Min.X-pl.mapRect.Min.X > pl.mapRect.Dx()/4 ||
			pl.mapRect.Max.Y-pl.scaleRect.Max.Y > pl.mapRect.Dy()/4 {
			t.Errorf("scale bar %v not in the bottom-left of the map %v", pl.scaleRect, pl.mapRect)
		}
	}
}

func TestFormatLatitude(t *testing.T) {
	tests := []struct {
		lat  float64
		want string
	}{
		{41.3, "41° N"}, {40.5, "41° N"}, {0.4, "0°"}, {-0.4, "0°"}, {-33.9, "34° S"}, {85.05, "85° N"}, {-12.5, "13° S"},
	}
	for _, tt := range tests {
		if got := formatLatitude(tt.lat); got != tt.want {
			t.Errorf("formatLatitude(%g) = %q, want %q", tt.lat, got, tt.want)
		}
	}
}

// tileColour is the colour of the test's self-made tiles.
var tileColour = draw.RGB(0xd4, 0x3f, 0xa8)

// writeTiles writes a solid tileColour PNG for every tile the figure needs
// into dir, in go-staticmaps' cache layout, and returns their paths.
func writeTiles(tb testing.TB, f *Figure, dir string) []string {
	tb.Helper()
	fonts, err := loadFigureFonts()
	if err != nil {
		tb.Fatal(err)
	}
	ts, err := newTileSetup(f.Tiles)
	if err != nil {
		tb.Fatal(err)
	}
	page := layoutPage(f, fonts, paletteFor(f.Theme), ts.attribution)
	ts.check(page.mapRect.Dx(), page.mapRect.Dy(), page.center, page.zoom)
	if len(ts.need) == 0 {
		tb.Fatal("no tiles needed")
	}
	tile := newImage(tb, geo.TileSize, geo.TileSize, [4]uint8{tileColour.R, tileColour.G, tileColour.B, 0xff})
	var paths []string
	for _, t := range ts.need {
		p := ts.path(t)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		out, err := os.Create(p)
		if err != nil {
			tb.Fatal(err)
		}
		if err := png.Encode(out, tile); err != nil {
			tb.Fatal(err)
		}
		if err := out.Close(); err != nil {
			tb.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

func TestFigureTiles(t *testing.T) {
	for _, provider := range []string{"osm", "carto-light"} {
		t.Run(provider, func(t *testing.T) {
			dir := t.TempDir()
			f := sampleFigure(t, 700, 480, false)
			f.Marks, f.Routes, f.Lines, f.Areas, f.Soft, f.Fills = nil, nil, nil, nil, nil, nil
			f.Legend = nil // keep the probed map pixels clear of furniture
			f.Tiles = &TileSource{Provider: provider, CacheDir: dir}
			paths := writeTiles(t, f, dir)
			want, _ := tileProvider(provider)
			attribution := sm.NewContext()
			attribution.SetTileProvider(want)

			// Every tile cached: drawn, credited in the footer, no warning.
			r := render(t, f)
			if len(r.geo.Warnings) != 0 {
				t.Fatalf("warnings with a full cache: %q", r.geo.Warnings)
			}
			x, y := r.geo.Pixel(orb.Point{66, 47})
			if got := pixel(r.img, int(x), int(y)); got != [4]uint8{tileColour.R, tileColour.G, tileColour.B, 0xff} {
				t.Errorf("map pixel %v, want the tile colour %v", got, tileColour)
			}
			if !hasFooterText(r, attribution.Attribution()) {
				t.Errorf("footer lacks the provider's attribution %q", attribution.Attribution())
			}
			checkPage(t, r)

			// One tile missing and offline: one warning, the vector basemap.
			if err := os.Remove(paths[len(paths)/2]); err != nil {
				t.Fatal(err)
			}
			r = render(t, f)
			if len(r.geo.Warnings) != 1 || !strings.Contains(r.geo.Warnings[0], "1 of") || !strings.Contains(r.geo.Warnings[0], "vector basemap") {
				t.Fatalf("warnings %q, want one about the missing tile", r.geo.Warnings)
			}
			x, y = r.geo.Pixel(orb.Point{66, 47})
			if got, land := pixel(r.img, int(x), int(y)), f.Theme.Land; got != [4]uint8{land.R, land.G, land.B, land.A} {
				t.Errorf("map pixel %v, want the vector basemap's land %v", got, land)
			}
			if hasFooterText(r, "openstreetmap") || hasFooterText(r, "Carto") {
				t.Error("footer credits tiles that were not drawn")
			}
		})
	}
}

func TestFigureTilesNoCache(t *testing.T) {
	f := sampleFigure(t, 500, 400, false)
	f.Tiles = &TileSource{Provider: "osm"}
	r := render(t, f)
	if len(r.geo.Warnings) != 1 || !strings.Contains(r.geo.Warnings[0], "no cache folder") {
		t.Fatalf("warnings %q, want one about the missing cache", r.geo.Warnings)
	}
}

// hasFooterText reports whether the footer's words contain s.
func hasFooterText(r *figureResult, s string) bool {
	var sb strings.Builder
	for _, tx := range r.page.sortedTexts() {
		if tx.Role == "footer" {
			sb.WriteString(tx.Text + " ")
		}
	}
	return strings.Contains(strings.Join(strings.Fields(sb.String()), " "), s)
}

func TestRenderPlainStaticmaps(t *testing.T) {
	f := caspianFigure(t)
	f.Styles = figureStyles()
	f.Marks = []draw.Mark{{P: orb.Point{57, 44}, Style: 0}}
	img, err := RenderPlainStaticmaps(f)
	if err != nil {
		t.Fatal(err)
	}
	if img.Rect.Size() != image.Pt(f.Width, f.Height) {
		t.Fatalf("size %v", img.Rect.Size())
	}
	// The plain rendering is at go-staticmaps' integer zoom.
	center, zoom := fitZoom(f.Bound, f.Width, f.Height)
	pv := geo.Viewport{Center: center, Zoom: float64(zoom), Width: f.Width, Height: f.Height}
	sea, land := f.Theme.Sea, f.Theme.Land
	for _, tt := range []struct {
		p    orb.Point
		want color.RGBA
	}{{orb.Point{50.5, 42}, sea}, {orb.Point{57, 46}, land}, {orb.Point{57, 44}, f.Styles[0].Fill}} {
		x, y := pv.Project(tt.p)
		if got := pixel(img, int(x), int(y)); got != [4]uint8{tt.want.R, tt.want.G, tt.want.B, tt.want.A} {
			t.Errorf("plain rendering at %v: %v, want %v", tt.p, got, tt.want)
		}
	}
	if _, err := RenderPlainStaticmaps(&Figure{Width: 10, Height: 10}); err == nil {
		t.Error("no error for an invalid figure")
	}
}

func TestFigureConcurrent(t *testing.T) {
	f := sampleFigure(t, 400, 300, false)
	want := render(t, f).img
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			img, _, err := RenderFigure(context.Background(), f)
			if err == nil {
				var mean float64
				if mean, _, err = imageDiff(img, want); err == nil && mean != 0 {
					err = fmt.Errorf("concurrent render differs: mean difference %g", mean)
				}
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
