package basemap

import (
	"image"
	"image/color"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/draw"
)

func TestLoadCountries(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		wantErr string
		check   func(t *testing.T, cs []Country)
	}{
		{
			name: "fixture",
			data: string(mustRead(t, "testdata/mini.geojson")),
			check: func(t *testing.T, cs []Country) {
				if len(cs) != 3 {
					t.Fatalf("got %d countries; want 3", len(cs))
				}
				a, b, c := cs[0], cs[1], cs[2]
				if a.ISO != "AA" || a.Name != "Alpha" || a.Capital != "Alphaville" || a.CapitalPt != (orb.Point{62, 41}) {
					t.Errorf("Alpha = %+v", a)
				}
				if len(a.Shape) != 1 || len(a.Shape[0]) != 2 {
					t.Errorf("Alpha should be one polygon with a hole: %v", a.Shape)
				}
				if len(b.Shape) != 2 {
					t.Errorf("Beta should have two polygons, got %d", len(b.Shape))
				}
				if c.Capital != "" || c.CapitalPt != (orb.Point{}) {
					t.Errorf("Gamma has no capital location but got %q %v", c.Capital, c.CapitalPt)
				}
				if a.Bound != (orb.Bound{Min: orb.Point{60, 40}, Max: orb.Point{65, 45}}) {
					t.Errorf("Alpha bound = %v", a.Bound)
				}
			},
		},
		{name: "not json", data: "{", wantErr: "parse countries GeoJSON"},
		{name: "no features", data: `{"type":"FeatureCollection","features":[]}`, wantErr: "no features"},
		{
			name:    "point geometry",
			data:    `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"P"},"geometry":{"type":"Point","coordinates":[1,2]}}]}`,
			wantErr: `("P"): unsupported geometry`,
		},
		{
			name:    "degenerate polygon",
			data:    `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"D"},"geometry":{"type":"Polygon","coordinates":[[[1,2],[3,4],[1,2]]]}}]}`,
			wantErr: "empty geometry",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := LoadCountries([]byte(tt.data))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v; want containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadCountries: %v", err)
			}
			tt.check(t, cs)
		})
	}
}

func TestLabelPointInsideShape(t *testing.T) {
	sets := map[string][]Country{
		"fixture": loadFixture(t, "mini.geojson"),
		"borders": loadBorders(t).Countries(),
	}
	for name, cs := range sets {
		for _, c := range cs {
			in := false
			for _, poly := range c.Shape {
				if polygonContains(poly, c.Label) {
					in = true
				}
			}
			if !in {
				t.Errorf("%s: label of %s (%v) is outside its shape", name, c.Name, c.Label)
			}
		}
	}
}

func TestTopologySharesBorders(t *testing.T) {
	cs := loadFixture(t, "mini.geojson")
	topo := buildTopology(cs)
	shared := 0
	for _, a := range topo.arcs {
		if a.users > 1 {
			shared++
		}
		if a.users > 2 {
			t.Errorf("arc used %d times", a.users)
		}
	}
	// The Alpha-Beta border and the Gamma enclave (Alpha's hole).
	if shared != 2 {
		t.Errorf("shared arcs = %d; want 2", shared)
	}
	lv := buildLevel(&topo, 6)
	for _, lc := range lv.countries {
		for _, lp := range lc.polys {
			for _, r := range lp.rings {
				if r[0] != r[len(r)-1] {
					t.Errorf("assembled ring not closed: %v", r)
				}
			}
		}
	}
}

func TestCountryAt(t *testing.T) {
	b := NewBasemap(loadFixture(t, "mini.geojson"))
	tests := []struct {
		p    orb.Point
		want string
	}{
		{orb.Point{63, 43}, "AA"},
		{orb.Point{61.5, 42}, "CC"},
		{orb.Point{67, 41}, "BB"},
		{orb.Point{71.5, 41.5}, "BB"},
		{orb.Point{50, 41}, ""},
	}
	for _, tt := range tests {
		i, ok := b.CountryAt(tt.p)
		got := ""
		if ok {
			got = b.Countries()[i].ISO
		}
		if got != tt.want {
			t.Errorf("CountryAt(%v) = %q; want %q", tt.p, got, tt.want)
		}
	}
}

func TestRenderTileFixture(t *testing.T) {
	b := NewBasemap(loadFixture(t, "mini.geojson"))
	th := LightTheme()
	v := geo.Viewport{Center: orb.Point{66, 42.5}, Zoom: 5, Width: 256, Height: 256}
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	fills := map[string]color.RGBA{"BB": draw.RGB(200, 100, 100)}
	b.RenderView(img, v, th, fills)
	probe := func(p orb.Point) [4]uint8 {
		x, y := v.Project(p)
		return pixel(img, int(x), int(y))
	}
	if got := probe(orb.Point{63, 43}); got != rgba4(th.Land) {
		t.Errorf("Alpha interior = %v; want land %v", got, th.Land)
	}
	if got := probe(orb.Point{61.5, 42}); got != rgba4(th.Land) {
		t.Errorf("Gamma enclave = %v; want land (hole filled by the enclave)", got)
	}
	if got := probe(orb.Point{67.5, 41}); got != rgba4(fills["BB"]) {
		t.Errorf("Beta interior = %v; want override %v", got, fills["BB"])
	}
	if got := probe(orb.Point{61, 39}); got != rgba4(th.Sea) {
		t.Errorf("outside = %v; want sea", got)
	}
	// The shared border is drawn in the border colour.
	x, y := v.Project(orb.Point{65, 42.5})
	if got := pixel(img, int(x), int(y)); got[0] > 200 {
		t.Errorf("border pixel %v too light", got)
	}
}

func rgba4(c color.RGBA) [4]uint8 { return [4]uint8{c.R, c.G, c.B, c.A} }

func TestRenderTileMatchesView(t *testing.T) {
	b := NewBasemap(loadFixture(t, "mini.geojson"))
	th := LightTheme()
	level := 5*ZoomSteps + 3
	z := float64(level) / ZoomSteps
	wx, wy := geo.WorldPixel(orb.Point{65, 42}, z)
	k := TileKey{Level: level, X: int(wx) / geo.TileSize, Y: int(wy) / geo.TileSize}
	// A view whose top-left is the tile's corner.
	c := geo.WorldPixelToPoint(float64(k.X*geo.TileSize+128), float64(k.Y*geo.TileSize+128), z)
	tile := image.NewRGBA(image.Rect(0, 0, geo.TileSize, geo.TileSize))
	b.RenderTileKey(tile, k, th, nil)
	view := image.NewRGBA(image.Rect(0, 0, geo.TileSize, geo.TileSize))
	b.RenderView(view, geo.Viewport{Center: c, Zoom: z, Width: geo.TileSize, Height: geo.TileSize}, th, nil)
	if mean, share, _ := imageDiff(tile, view); mean > 0.05 || share > 0 {
		t.Errorf("tile and view differ: mean %.3f, share %.4f", mean, share)
	}
	if coverageOf(tile, th.Sea) > 0.99 {
		t.Error("tile shows only sea; wrong test tile")
	}
}

// coverageOf returns the share of pixels equal to c.
func coverageOf(img *image.RGBA, c color.RGBA) float64 {
	n := 0
	for i := 0; i < len(img.Pix); i += 4 {
		if img.Pix[i] == c.R && img.Pix[i+1] == c.G && img.Pix[i+2] == c.B && img.Pix[i+3] == c.A {
			n++
		}
	}
	return float64(n) / float64(len(img.Pix)/4)
}

func TestRenderTileConcurrent(t *testing.T) {
	b := loadBorders(t)
	th := LightTheme()
	// The tile containing Dushanbe at zoom 6.
	x, y := geo.WorldPixel(orb.Point{68.78, 38.56}, 6)
	tile := Tile{Z: 6, X: int(x) / geo.TileSize, Y: int(y) / geo.TileSize}
	want := image.NewRGBA(image.Rect(0, 0, geo.TileSize, geo.TileSize))
	b.RenderTile(want, tile, th, nil)
	var wg sync.WaitGroup
	imgs := make([]*image.RGBA, 8)
	for i := range imgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			img := image.NewRGBA(image.Rect(0, 0, geo.TileSize, geo.TileSize))
			b.RenderTile(img, tile, th, map[string]color.RGBA{"TJ": draw.RGB(220, 200, 160)})
			b.RenderTile(img, tile, th, nil)
			imgs[i] = img
		}()
	}
	wg.Wait()
	for i, img := range imgs {
		if string(img.Pix) != string(want.Pix) {
			t.Errorf("goroutine %d rendered a different tile", i)
		}
	}
}

func TestBasemapGoldens(t *testing.T) {
	b := loadBorders(t)
	td := draw.DefaultText()
	v := geo.Viewport{Center: orb.Point{67, 42}, Zoom: 4.3, Width: 512, Height: 384}
	tests := []struct {
		name  string
		theme Theme
		fills map[string]color.RGBA
	}{
		{"basemap_light.png", LightTheme(), nil},
		{"basemap_dark.png", DarkTheme(), nil},
		{"basemap_fills.png", LightTheme(), map[string]color.RGBA{
			"KZ": draw.RGB(0xdc, 0xe6, 0xd2), "UZ": draw.RGB(0xdc, 0xe6, 0xd2),
			"TJ": draw.RGB(0xf0, 0xdc, 0xc8), "AF": draw.RGB(0xf0, 0xdc, 0xc8),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
			b.RenderView(img, v, tt.theme, tt.fills)
			b.DrawLabels(img, v, tt.theme, td)
			checkGolden(t, tt.name, img)
		})
	}
}

func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("read %s: %v", path, err)
	}
	return data
}

func TestQuantizeZoom(t *testing.T) {
	tests := []struct {
		in, want float64
		level    int
	}{
		{5.5, 5.5, 44},
		{5.43, 5.375, 43},
		{5.44, 5.5, 44},
		{0, 0, 0},
		{-0.06, 0, 0},
		{12.99, 13, 104},
	}
	for _, tt := range tests {
		if got := QuantizeZoom(tt.in); got != tt.want {
			t.Errorf("QuantizeZoom(%v) = %v; want %v", tt.in, got, tt.want)
		}
		if got := LevelFor(tt.in); got != tt.level {
			t.Errorf("LevelFor(%v) = %v; want %v", tt.in, got, tt.level)
		}
	}
	if k := (Tile{Z: 3, X: 5, Y: 2}).Key(); k != (TileKey{Level: 24, X: 5, Y: 2}) || k.Zoom() != 3 {
		t.Errorf("Tile.Key = %+v", k)
	}
}
