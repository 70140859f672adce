package basemap

import (
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"casmap/assets"
)

// TestPackedRoundTrip packs fixtures and reads them back unchanged.
func TestPackedRoundTrip(t *testing.T) {
	for _, name := range []string{"mini.geojson"} {
		t.Run(name, func(t *testing.T) {
			want := loadFixture(t, name)
			b, err := EncodeCountries(want)
			if err != nil {
				t.Fatal(err)
			}
			got, err := DecodeCountries(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("decoded %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestPackedTopology checks that the embedded borders carry exactly the
// topology NewBasemap builds from their countries.
func TestPackedTopology(t *testing.T) {
	cs, got, err := decodePacked(assets.Borders)
	if err != nil {
		t.Fatal(err)
	}
	want := buildTopology(cs)
	if len(got.arcs) != len(want.arcs) || len(got.countries) != len(want.countries) {
		t.Fatalf("packed topology has %d arcs and %d countries; built %d and %d: run go generate ./assets", len(got.arcs), len(got.countries), len(want.arcs), len(want.countries))
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the packed topology differs from the one built from its countries: run go generate ./assets")
	}
	b, err := DecodeBasemap(assets.Borders)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(b.topo, want) || !reflect.DeepEqual(b.countries, cs) || len(b.byISO) == 0 {
		t.Error("DecodeBasemap does not make the basemap NewBasemap makes")
	}
}

func TestEncodeCountriesOffGrid(t *testing.T) {
	square := orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}
	tests := []struct {
		name string
		c    Country
		want string
	}{
		{"a corner between grid points", Country{Name: "A", Shape: orb.MultiPolygon{{{{0, 0}, {1.000001, 0}, {1, 1}, {0, 0}}}}}, `encode A: coordinate 1.000001 is not a multiple of 1e-5 degree`},
		{"a capital between grid points", Country{Name: "B", Capital: "b", CapitalPt: orb.Point{0.123456, 0}, Shape: square}, `encode B capital: coordinate 0.123456`},
		{"not a number", Country{Name: "C", Shape: orb.MultiPolygon{{{{math.NaN(), 0}, {1, 0}, {1, 1}, {0, 0}}}}}, `encode C: coordinate NaN`},
		{"an open ring", Country{Name: "D", Shape: orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}}}, `encode D: a ring of 4 points is not closed`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := EncodeCountries([]Country{tt.c})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v; want one containing %q", err, tt.want)
			}
		})
	}
}

func TestDecodeCountriesErrors(t *testing.T) {
	good, err := EncodeCountries(loadFixture(t, "mini.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	header := func(version, scale, n uint64) []byte {
		b := []byte(packedMagic)
		b = binary.AppendUvarint(b, version)
		b = binary.AppendUvarint(b, scale)
		return binary.AppendUvarint(b, n)
	}
	// country is one country "X" without a capital, at label 0, 0, and
	// then rest: its arcs and rings.
	country := func(rest ...byte) []byte {
		b := append(header(packedVersion, packedScale, 1), 1, 'X', 1, 'X', 0)
		b = append(b, make([]byte, 16)...)
		return append(b, rest...)
	}
	// polygon is one polygon of one ring, with a zero bound, that starts at
	// start and runs the arcs refs.
	polygon := func(start byte, refs ...byte) []byte {
		b := append([]byte{1}, make([]byte, 32)...)
		b = append(b, 1, start, byte(len(refs)))
		return append(b, refs...)
	}
	// a triangle arc of 0,0 1,0 1,1 0,0 (grid units, zigzag varints).
	closed := []byte{1, 4, 0, 0, 2, 0, 0, 2, 1, 1}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not packed borders"},
		{"GeoJSON", []byte(`{"type":"FeatureCollection","features":[]}`), "not packed borders"},
		{"a later version", header(3, packedScale, 0), "version 3, want 2"},
		{"another grid", header(packedVersion, 1e6, 0), "scale 1000000, want 100000"},
		{"truncated", good[:len(good)-3], "malformed packed borders"},
		{"a count larger than the file", header(packedVersion, packedScale, 1<<40), "malformed packed borders"},
		{"bytes after the end", append(append([]byte{}, good...), 0), "1 bytes after the last ring"},
		{"a point off the globe", country(1, 4, 0xfe, 0xff, 0xff, 0xff, 0x0f, 0, 0, 0, 0, 0, 0, 0), "point 0 of arc 0 is off the globe"},
		{"an arc of one point", country(1, 1, 0, 0, 0, 0, 0, 0), "arc 0 has 1 points"},
		{"a country without polygons", country(0, 0), `country 0 ("X"): empty geometry`},
		{"a ring on a missing arc", country(append(closed, polygon(0, 2)...)...), `country 0 ("X"): ring 0 of polygon 0 uses arc 1 of 1`},
		{"a ring that does not close", country(append([]byte{1, 3, 0, 0, 2, 0, 0, 2}, polygon(0, 0)...)...), "its arcs make no closed ring"},
		{"a ring starting past its end", country(append(closed, polygon(3, 0)...)...), "it starts at point 3 of 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeCountries(tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v; want one containing %q", err, tt.want)
			}
		})
	}
	// The triangle itself decodes.
	cs, err := DecodeCountries(country(append(closed, polygon(1, 0)...)...))
	if err != nil {
		t.Fatal(err)
	}
	// Its arcs start at point 1 of the ring.
	if want := (orb.Ring{{1e-5, 1e-5}, {0, 0}, {1e-5, 0}, {1e-5, 1e-5}}); !reflect.DeepEqual(cs[0].Shape, orb.MultiPolygon{{want}}) {
		t.Errorf("triangle decoded as %v; want %v", cs[0].Shape, want)
	}
}

// FuzzDecodeCountries feeds the reader corrupt packed borders: it must
// return countries or an error, never panic or allocate beyond its input.
func FuzzDecodeCountries(f *testing.F) {
	f.Add(assets.Borders[:min(len(assets.Borders), 4096)])
	if b, err := EncodeCountries(loadFixture(f, "mini.geojson")); err == nil {
		f.Add(b)
	}
	f.Add([]byte(packedMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, err := DecodeCountries(data)
		if err != nil {
			return
		}
		if _, err := EncodeCountries(cs); err != nil {
			t.Errorf("decoded countries do not pack again: %v", err)
		}
	})
}

// BenchmarkDecodeBasemap makes the basemap of the embedded packed borders,
// what the window does at start; BenchmarkLoadBasemapGeoJSON makes it from
// the GeoJSON they are packed from, as the window did before.
func BenchmarkDecodeBasemap(b *testing.B) {
	for b.Loop() {
		if _, err := DecodeBasemap(assets.Borders); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadBasemapGeoJSON(b *testing.B) {
	data := readAsset(b, assets.BordersGeoJSON)
	for b.Loop() {
		cs, err := LoadCountries(data)
		if err != nil {
			b.Fatal(err)
		}
		NewBasemap(cs)
	}
}

// readAsset reads a file of package casmap/assets.
func readAsset(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "assets", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
