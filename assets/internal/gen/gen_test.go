package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// loadFixture parses testdata/tiny.topojson. The fixture has a 0.5×0.25
// quantization grid translated to (10, 20) and these geometries:
//
//	Square  (id "001") Polygon 10..12 × 20..21 written clockwise from the
//	        reversed arcs ~2,~1,~0, with a counter-clockwise hole ~3
//	North   (id 2)     MultiPolygon: 10..12 × 21..22 sharing arc 1 with
//	        Square, plus a triangle
//	Enclave (no id)    Polygon filling Square's hole (arc 3)
//	Empty   (id "003") null geometry
func loadFixture(t *testing.T) *topology {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "tiny.topojson"))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	topo, err := parseTopology(data)
	if err != nil {
		t.Fatalf("parse fixture: %v", err)
	}
	return topo
}

// fixtureGeometry returns the fixture geometry with the given name.
func fixtureGeometry(t *testing.T, topo *topology, name string) *topoGeometry {
	t.Helper()
	geoms, err := topo.collection("countries")
	if err != nil {
		t.Fatalf("collection: %v", err)
	}
	for i := range geoms {
		if geoms[i].name() == name {
			return &geoms[i]
		}
	}
	t.Fatalf("fixture has no geometry %q", name)
	return nil
}

func TestDecodeArcs(t *testing.T) {
	quantized := loadFixture(t)
	absolute := &topology{Type: "Topology", Arcs: [][][]float64{{{71.5, 51.25}, {72, 51}}}}

	tests := []struct {
		name string
		topo *topology
		want [][]orb.Point
	}{
		{
			name: "delta decoding with transform",
			topo: quantized,
			want: [][]orb.Point{
				{{10, 20}, {12, 20}, {12, 21}},
				{{12, 21}, {10, 21}},
				{{10, 21}, {10, 20}},
				{{10.5, 20.25}, {10.5, 20.75}, {11.5, 20.75}, {11.5, 20.25}, {10.5, 20.25}},
				{{10, 21}, {10, 22}, {12, 22}, {12, 21}},
				{{13, 21.5}, {13.5, 21.5}, {13.5, 21.75}, {13, 21.5}},
			},
		},
		{
			name: "absolute positions without transform",
			topo: absolute,
			want: [][]orb.Point{{{71.5, 51.25}, {72, 51}}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.topo.decodeArcs()
			if err != nil {
				t.Fatalf("decodeArcs: %v", err)
			}
			assertArcs(t, got, tc.want)
		})
	}
}

func TestDecodeArcsErrors(t *testing.T) {
	tests := []struct {
		name string
		arcs [][][]float64
	}{
		{"single position", [][][]float64{{{0, 0}}}},
		{"short position", [][][]float64{{{0, 0}, {1}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			topo := &topology{Type: "Topology", Arcs: tc.arcs}
			if _, err := topo.decodeArcs(); err == nil {
				t.Fatal("decodeArcs succeeded, want error")
			}
		})
	}
}

func TestStitch(t *testing.T) {
	topo := loadFixture(t)
	arcs, err := topo.decodeArcs()
	if err != nil {
		t.Fatalf("decodeArcs: %v", err)
	}
	tests := []struct {
		name string
		want orb.MultiPolygon
	}{
		{
			name: "Square",
			want: orb.MultiPolygon{{
				{{10, 20}, {10, 21}, {12, 21}, {12, 20}, {10, 20}},
				{{10.5, 20.25}, {11.5, 20.25}, {11.5, 20.75}, {10.5, 20.75}, {10.5, 20.25}},
			}},
		},
		{
			name: "North",
			want: orb.MultiPolygon{
				{{{10, 21}, {10, 22}, {12, 22}, {12, 21}, {10, 21}}},
				{{{13, 21.5}, {13.5, 21.5}, {13.5, 21.75}, {13, 21.5}}},
			},
		},
		{
			name: "Enclave",
			want: orb.MultiPolygon{{
				{{10.5, 20.25}, {10.5, 20.75}, {11.5, 20.75}, {11.5, 20.25}, {10.5, 20.25}},
			}},
		},
		{name: "Empty", want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			polys, err := fixtureGeometry(t, topo, tc.name).arcPolygons()
			if err != nil {
				t.Fatalf("arcPolygons: %v", err)
			}
			var got orb.MultiPolygon
			for _, p := range polys {
				poly, err := stitchPolygon(arcs, p)
				if err != nil {
					t.Fatalf("stitchPolygon: %v", err)
				}
				got = append(got, poly)
			}
			if !got.Equal(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestStitchRingErrors(t *testing.T) {
	arcs := [][]orb.Point{{{0, 0}, {1, 0}}}
	tests := []struct {
		name string
		refs []int
	}{
		{"empty ring", nil},
		{"index past end", []int{1}},
		{"reversed index past end", []int{^1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := stitchRing(arcs, tc.refs); err == nil {
				t.Fatal("stitchRing succeeded, want error")
			}
		})
	}
	if _, err := stitchRing(arcs, nil); !errors.Is(err, errEmptyRing) {
		t.Errorf("empty ring error = %v, want errEmptyRing", err)
	}
}

func TestGeometryID(t *testing.T) {
	tests := []struct {
		raw  string
		want string
	}{
		{`"004"`, "004"},
		{`2`, "2"},
		{`null`, ""},
		{``, ""},
	}
	for _, tc := range tests {
		t.Run(tc.raw, func(t *testing.T) {
			g := topoGeometry{ID: []byte(tc.raw)}
			got, err := g.id()
			if err != nil {
				t.Fatalf("id: %v", err)
			}
			if got != tc.want {
				t.Errorf("id = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCleanRing(t *testing.T) {
	tests := []struct {
		name    string
		in      orb.Ring
		want    orb.Ring
		wantErr bool
	}{
		{
			name: "rounds to 5 decimals and drops duplicates",
			in:   orb.Ring{{0.000001, 0}, {0.000004, 0.000001}, {1, 0}, {1, 1}, {1.000001, 1}, {0, 0}},
			want: orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 0}},
		},
		{
			name: "closes an open ring",
			in:   orb.Ring{{0, 0}, {1, 0}, {1, 1}},
			want: orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 0}},
		},
		{
			name: "too few points after rounding",
			in:   orb.Ring{{0, 0}, {0.000001, 0}, {1, 1}, {0, 0}},
			want: nil,
		},
		{
			name: "no area",
			in:   orb.Ring{{0, 0}, {1, 1}, {2, 2}, {0, 0}},
			want: nil,
		},
		{
			name: "east ring with cut points stored as -180",
			in:   orb.Ring{{-180, 65}, {179.5, 65}, {179.5, 69}, {-180, 69}, {-180, 65}},
			want: orb.Ring{{180, 65}, {179.5, 65}, {179.5, 69}, {180, 69}, {180, 65}},
		},
		{
			name: "west ring with cut points stored as 180",
			in:   orb.Ring{{180, 65}, {-179.5, 65}, {-179.5, 69}, {180, 65}},
			want: orb.Ring{{-180, 65}, {-179.5, 65}, {-179.5, 69}, {-180, 65}},
		},
		{
			name:    "ring spanning the antimeridian",
			in:      orb.Ring{{179, 65}, {-179, 65}, {-179, 66}, {179, 65}},
			wantErr: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := cleanRing(tc.in)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("cleanRing = %v, want error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("cleanRing: %v", err)
			}
			if !got.Equal(tc.want) {
				t.Errorf("cleanRing = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestBuild(t *testing.T) {
	topo := loadFixture(t)
	tests := []struct {
		name    string
		regions []region
		check   func(t *testing.T, fc *geojson.FeatureCollection)
		wantErr string
	}{
		{
			name: "orientation, sorting and properties",
			regions: []region{
				{Numeric: "2", Alpha2: "ZB", Name: "North"},
				{Numeric: "001", Alpha2: "ZA", Name: "Square", Capital: "Middle", CapitalLon: 10.25, CapitalLat: 20.5},
			},
			check: func(t *testing.T, fc *geojson.FeatureCollection) {
				if len(fc.Features) != 2 {
					t.Fatalf("got %d features, want 2", len(fc.Features))
				}
				sq := fc.Features[0]
				if got := sq.Properties.MustString("iso_a2"); got != "ZA" {
					t.Fatalf("first feature is %q, want ZA", got)
				}
				if sq.Properties["capital"] != "Middle" || sq.Properties["capital_lon"] != 10.25 || sq.Properties["capital_lat"] != 20.5 {
					t.Errorf("Square properties = %v", sq.Properties)
				}
				poly, ok := sq.Geometry.(orb.Polygon)
				if !ok || len(poly) != 2 {
					t.Fatalf("Square geometry = %#v, want Polygon with a hole", sq.Geometry)
				}
				if poly[0].Orientation() != orb.CCW || poly[1].Orientation() != orb.CW {
					t.Errorf("Square orientations = %v, %v; want CCW, CW", poly[0].Orientation(), poly[1].Orientation())
				}
				mp, ok := fc.Features[1].Geometry.(orb.MultiPolygon)
				if !ok || len(mp) != 2 {
					t.Fatalf("North geometry = %#v, want MultiPolygon of 2", fc.Features[1].Geometry)
				}
				for i, p := range mp {
					if p[0].Orientation() != orb.CCW {
						t.Errorf("North polygon %d exterior is %v, want CCW", i, p[0].Orientation())
					}
				}
			},
		},
		{
			name: "enclave absorbed and unit without capital",
			regions: []region{
				{Numeric: "001", Alpha2: "ZA", Name: "Square", Absorb: []string{"Enclave"}},
				{SourceName: "Enclave", Name: "Enclave"},
			},
			check: func(t *testing.T, fc *geojson.FeatureCollection) {
				if got := fc.Features[0].Properties.MustString("name"); got != "Enclave" {
					t.Fatalf("first feature is %q, want Enclave (empty iso_a2 sorts first)", got)
				}
				if v, ok := fc.Features[0].Properties["capital_lon"]; !ok || v != nil {
					t.Errorf("Enclave capital_lon = %v (present %v), want null", v, ok)
				}
				poly, ok := fc.Features[1].Geometry.(orb.Polygon)
				if !ok || len(poly) != 1 {
					t.Errorf("Square geometry = %#v, want Polygon without holes", fc.Features[1].Geometry)
				}
			},
		},
		{
			name:    "missing source geometry",
			regions: []region{{Numeric: "999", Name: "Nowhere"}},
			wantErr: "Nowhere",
		},
		{
			name:    "enclave that fills no hole",
			regions: []region{{Numeric: "2", Name: "North", Absorb: []string{"Enclave"}}},
			wantErr: "no hole",
		},
		{
			name:    "null geometry",
			regions: []region{{Numeric: "003", Name: "Empty"}},
			wantErr: "no polygons",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fc, err := build(topo, "countries", tc.regions)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("build error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			tc.check(t, fc)
		})
	}
}

func TestEastOnly(t *testing.T) {
	arcs := [][]orb.Point{
		{{170, 60}, {175, 60}, {175, 65}, {170, 60}},
		{{-175, 60}, {-170, 60}, {-170, 65}, {-175, 60}},
	}
	polys := []arcPolygon{{{0}}, {{1}}}
	tests := []struct {
		eastOnly bool
		want     int
	}{
		{false, 2},
		{true, 1},
	}
	for _, tc := range tests {
		geom, err := buildGeometry(arcs, polys, tc.eastOnly)
		if err != nil {
			t.Fatalf("buildGeometry(eastOnly=%v): %v", tc.eastOnly, err)
		}
		got := 1
		if mp, ok := geom.(orb.MultiPolygon); ok {
			got = len(mp)
		}
		if got != tc.want {
			t.Errorf("buildGeometry(eastOnly=%v) kept %d polygons, want %d", tc.eastOnly, got, tc.want)
		}
	}
}

func TestRegionsTable(t *testing.T) {
	seen := make(map[string]bool)
	for _, r := range regions {
		key := r.Alpha2 + "/" + r.Name
		if seen[key] {
			t.Errorf("duplicate region %s", key)
		}
		seen[key] = true
		if (r.Numeric == "") == (r.SourceName == "") {
			t.Errorf("%s: exactly one of Numeric and SourceName must be set", r.Name)
		}
		if r.Capital != "" && (r.CapitalLon < -180 || r.CapitalLon > 180 || r.CapitalLat < -90 || r.CapitalLat > 90) {
			t.Errorf("%s: capital %v,%v out of range", r.Name, r.CapitalLon, r.CapitalLat)
		}
	}
}

// assertArcs compares decoded arcs exactly; the fixture uses values that are
// exact in binary floating point.
func assertArcs(t *testing.T, got, want [][]orb.Point) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d arcs, want %d", len(got), len(want))
	}
	for i := range want {
		if !orb.LineString(got[i]).Equal(orb.LineString(want[i])) {
			t.Errorf("arc %d = %v, want %v", i, got[i], want[i])
		}
	}
}
