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
	// then shape, its polygons.
	country := func(shape ...byte) []byte {
		b := append(header(1, packedScale, 1), 1, 'X', 1, 'X', 0)
		b = append(b, make([]byte, 16)...)
		return append(b, shape...)
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not packed borders"},
		{"GeoJSON", []byte(`{"type":"FeatureCollection","features":[]}`), "not packed borders"},
		{"a later version", header(2, packedScale, 0), "version 2, want 1"},
		{"another grid", header(1, 1e6, 0), "scale 1000000, want 100000"},
		{"truncated", good[:len(good)-3], "malformed packed borders"},
		{"a count larger than the file", header(1, packedScale, 1<<40), "malformed packed borders"},
		{"bytes after the end", append(append([]byte{}, good...), 0), "1 bytes after the last country"},
		{"a point off the globe", country(1, 1, 4, 0xfe, 0xff, 0xff, 0xff, 0x0f, 0, 0, 0, 0, 0, 0, 0), `country 0 ("X"): point 0 of ring 0 of polygon 0 is off the globe`},
		{"a country without polygons", country(0), `country 0 ("X"): empty geometry`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeCountries(tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v; want one containing %q", err, tt.want)
			}
		})
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

// BenchmarkDecodeCountries decodes the embedded packed borders, what the
// window does at start; BenchmarkLoadCountriesGeoJSON loads the GeoJSON it
// is packed from, as the window did before.
func BenchmarkDecodeCountries(b *testing.B) {
	for b.Loop() {
		if _, err := DecodeCountries(assets.Borders); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadCountriesGeoJSON(b *testing.B) {
	data := readAsset(b, assets.BordersGeoJSON)
	for b.Loop() {
		if _, err := LoadCountries(data); err != nil {
			b.Fatal(err)
		}
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
