package assets_test

import (
	"math"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"casmap/assets"
	"casmap/geo/basemap"
)

// TestPackedMatchesGeoJSON checks that the embedded packed borders decode to
// exactly the countries borders.geojson loads to, label points included, so
// the two files cannot drift apart and the packing loses nothing.
func TestPackedMatchesGeoJSON(t *testing.T) {
	b, err := os.ReadFile(assets.BordersGeoJSON)
	if err != nil {
		t.Fatal(err)
	}
	want, err := basemap.LoadCountries(b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := basemap.DecodeCountries(assets.Borders)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("borders.bin has %d countries, borders.geojson %d: run go generate ./assets", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("country %d (%s) differs between borders.bin and borders.geojson: run go generate ./assets", i, want[i].Name)
		}
	}
	again, err := basemap.EncodeCountries(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(assets.Borders) {
		t.Error("packing borders.geojson again does not give borders.bin byte for byte: run go generate ./assets")
	}
}

// loadBorders decodes borders.geojson, which the embedded borders are
// packed from (TestPackedMatchesGeoJSON).
func loadBorders(t *testing.T) *geojson.FeatureCollection {
	t.Helper()
	b, err := os.ReadFile(assets.BordersGeoJSON)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatalf("decode %s: %v", assets.BordersGeoJSON, err)
	}
	if len(fc.Features) == 0 {
		t.Fatal("embedded borders have no features")
	}
	return fc
}

// polygons returns the polygons of a feature's geometry, failing the test for
// any geometry other than Polygon or MultiPolygon.
func polygons(t *testing.T, f *geojson.Feature) orb.MultiPolygon {
	t.Helper()
	switch g := f.Geometry.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{g}
	case orb.MultiPolygon:
		return g
	default:
		t.Fatalf("%s: geometry is %T, want Polygon or MultiPolygon", label(f), f.Geometry)
		return nil
	}
}

// label names a feature in failure messages.
func label(f *geojson.Feature) string {
	return f.Properties.MustString(assets.PropISOA2, "") + " " + f.Properties.MustString(assets.PropName, "")
}

// contains reports whether the feature's geometry contains p.
func contains(t *testing.T, f *geojson.Feature, p orb.Point) bool {
	t.Helper()
	return planar.MultiPolygonContains(polygons(t, f), p)
}

func TestProperties(t *testing.T) {
	want := []string{assets.PropCapital, assets.PropCapitalLat, assets.PropCapitalLon, assets.PropISOA2, assets.PropName}
	for _, f := range loadBorders(t).Features {
		var keys []string
		for k := range f.Properties {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if strings.Join(keys, ",") != strings.Join(want, ",") {
			t.Errorf("%s: property keys %v, want %v", label(f), keys, want)
		}
		if f.Properties.MustString(assets.PropName, "") == "" {
			t.Errorf("%s: empty name", label(f))
		}
		if iso := f.Properties.MustString(assets.PropISOA2, "-"); iso != "" && len(iso) != 2 {
			t.Errorf("%s: iso_a2 %q is not two letters", label(f), iso)
		}
	}
}

func TestRequiredCountries(t *testing.T) {
	fc := loadBorders(t)
	tests := []struct {
		iso, name, capital string
	}{
		{"KZ", "Kazakhstan", "Astana"},
		{"KG", "Kyrgyzstan", "Bishkek"},
		{"TJ", "Tajikistan", "Dushanbe"},
		{"TM", "Turkmenistan", "Ashgabat"},
		{"UZ", "Uzbekistan", "Tashkent"},
		{"AF", "Afghanistan", "Kabul"},
		{"PK", "Pakistan", "Islamabad"},
		{"IR", "Iran", "Tehran"},
		{"CN", "China", "Beijing"},
		{"RU", "Russia", "Moscow"},
		{"MN", "Mongolia", "Ulaanbaatar"},
		{"IN", "India", "New Delhi"},
		{"AZ", "Azerbaijan", "Baku"},
	}
	for _, tc := range tests {
		t.Run(tc.iso, func(t *testing.T) {
			var found []*geojson.Feature
			for _, f := range fc.Features {
				if f.Properties.MustString(assets.PropISOA2, "") == tc.iso {
					found = append(found, f)
				}
			}
			if len(found) != 1 {
				t.Fatalf("found %d features, want exactly 1", len(found))
			}
			p := found[0].Properties
			if got := p.MustString(assets.PropName, ""); got != tc.name {
				t.Errorf("name = %q, want %q", got, tc.name)
			}
			if got := p.MustString(assets.PropCapital, ""); got != tc.capital {
				t.Errorf("capital = %q, want %q", got, tc.capital)
			}
		})
	}
}

func TestUniqueAndSorted(t *testing.T) {
	fc := loadBorders(t)
	seen := make(map[string]bool)
	prev := ""
	for i, f := range fc.Features {
		iso := f.Properties.MustString(assets.PropISOA2, "")
		if i > 0 && iso < prev {
			t.Errorf("feature %d (%s) is out of iso_a2 order after %q", i, label(f), prev)
		}
		prev = iso
		if iso != "" && seen[iso] {
			t.Errorf("iso_a2 %q appears more than once", iso)
		}
		seen[iso] = true
	}
}

func TestRings(t *testing.T) {
	for _, f := range loadBorders(t).Features {
		t.Run(label(f), func(t *testing.T) {
			for pi, poly := range polygons(t, f) {
				if len(poly) == 0 {
					t.Fatalf("polygon %d has no rings", pi)
				}
				for ri, r := range poly {
					want := orb.CW
					if ri == 0 {
						want = orb.CCW
					}
					checkRing(t, r, want)
				}
			}
		})
	}
}

// checkRing asserts that r is closed, has at least 4 points, holds only
// finite in-range coordinates rounded to 5 decimals, never jumps across the
// antimeridian and has the wanted orientation.
func checkRing(t *testing.T, r orb.Ring, want orb.Orientation) {
	t.Helper()
	if len(r) < 4 {
		t.Fatalf("ring has %d points, want at least 4", len(r))
	}
	if r[0] != r[len(r)-1] {
		t.Errorf("ring is not closed: first %v, last %v", r[0], r[len(r)-1])
	}
	for i, p := range r {
		lon, lat := p[0], p[1]
		if math.IsNaN(lon) || math.IsNaN(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 {
			t.Fatalf("point %d %v is out of range", i, p)
		}
		if d := math.Abs(lon*1e5 - math.Round(lon*1e5)); d > 1e-6 {
			t.Fatalf("point %d %v has more than 5 decimals", i, p)
		}
		if i > 0 && math.Abs(lon-r[i-1][0]) > 180 {
			t.Fatalf("segment %d→%d crosses the antimeridian", i-1, i)
		}
	}
	if got := r.Orientation(); got != want {
		t.Errorf("ring orientation = %v, want %v", got, want)
	}
}

func TestCapitalsInsideCountry(t *testing.T) {
	for _, f := range loadBorders(t).Features {
		t.Run(label(f), func(t *testing.T) {
			p := f.Properties
			if p.MustString(assets.PropCapital, "") == "" {
				if p[assets.PropCapitalLon] != nil || p[assets.PropCapitalLat] != nil {
					t.Errorf("unit without capital has capital coordinates %v, %v", p[assets.PropCapitalLon], p[assets.PropCapitalLat])
				}
				return
			}
			lon, lonOK := p[assets.PropCapitalLon].(float64)
			lat, latOK := p[assets.PropCapitalLat].(float64)
			if !lonOK || !latOK {
				t.Fatalf("capital coordinates %v, %v are not numbers", p[assets.PropCapitalLon], p[assets.PropCapitalLat])
			}
			if !contains(t, f, orb.Point{lon, lat}) {
				t.Errorf("capital %s (%v, %v) is outside the country", p.MustString(assets.PropCapital), lon, lat)
			}
		})
	}
}

func TestPointLocation(t *testing.T) {
	fc := loadBorders(t)
	tests := []struct {
		name     string
		lon, lat float64
		want     string // feature name; "" means no feature (water)
	}{
		{"Caspian Sea", 50.5, 42.0, ""},
		{"Persian Gulf", 51.0, 27.5, ""},
		{"Bishkek", 74.59, 42.87, "Kyrgyzstan"},
		{"Almaty", 76.95, 43.24, "Kazakhstan"},
		{"Samarkand", 66.96, 39.65, "Uzbekistan"},
		{"Baikonur, leased enclave merged into Kazakhstan", 63.31, 45.62, "Kazakhstan"},
		{"Siachen Glacier", 77.2, 35.4, "Siachen Glacier"},
		// Natural Earth admin-0 polygons do not cut out the Aral Sea, so it
		// is land of Kazakhstan (north) and Uzbekistan (south).
		{"North Aral Sea", 61.0, 46.5, "Kazakhstan"},
		{"Chukotka next to the 180° cut", 179.9, 67.0, "Russia"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range fc.Features {
				if contains(t, f, orb.Point{tc.lon, tc.lat}) {
					got = append(got, f.Properties.MustString(assets.PropName, ""))
				}
			}
			switch {
			case tc.want == "" && len(got) != 0:
				t.Errorf("(%v, %v) lies in %v, want no country", tc.lon, tc.lat, got)
			case tc.want != "" && (len(got) != 1 || got[0] != tc.want):
				t.Errorf("(%v, %v) lies in %v, want only %s", tc.lon, tc.lat, got, tc.want)
			}
		})
	}
}

func TestAttribution(t *testing.T) {
	if !strings.Contains(assets.Attribution, "Natural Earth") {
		t.Errorf("Attribution %q does not credit Natural Earth", assets.Attribution)
	}
}
