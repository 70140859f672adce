// Command gen builds assets/borders.geojson, and its packed form
// assets/borders.bin that the app embeds (see basemap.EncodeCountries),
// from the world-atlas TopoJSON file countries-10m.json (Natural Earth 1:10m
// admin-0 countries).
//
// It decodes the TopoJSON arcs, keeps the units listed in regions, merges
// listed enclaves into their hosts, rounds coordinates to 5 decimals, drops
// degenerate rings, orients rings as RFC 7946 asks (exterior
// counter-clockwise, holes clockwise), keeps every ring on one side of the
// antimeridian and writes a FeatureCollection sorted by ISO code. It then
// loads that GeoJSON as the app would and packs what it loaded.
//
// Usage:
//
//	go run ./internal/gen -in countries-10m.json -out borders.geojson -packed borders.bin
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"casmap/data/atomicfile"
	"casmap/geo/basemap"
)

// coordScale sets the rounding of output coordinates: 1e5 keeps 5 decimals,
// about 1 m.
const coordScale = 1e5

func main() {
	in := flag.String("in", "", "path to world-atlas countries-10m.json")
	out := flag.String("out", "borders.geojson", "path of the GeoJSON file to write")
	packed := flag.String("packed", "borders.bin", "path of the packed file to write, the form the app embeds (see basemap.EncodeCountries)")
	object := flag.String("object", "countries", "name of the TopoJSON object holding the countries")
	flag.Parse()
	if *in == "" {
		fmt.Fprintln(os.Stderr, "gen: -in is required")
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*in, *out, *packed, *object); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run reads the topology at in, builds the feature collection and writes it
// to out as GeoJSON and to packed in the packed form read back from that
// GeoJSON.
func run(in, out, packed, object string) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return fmt.Errorf("read input: %w", err)
	}
	topo, err := parseTopology(data)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	fc, err := build(topo, object, regions)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	js, err := fc.MarshalJSON()
	if err != nil {
		return fmt.Errorf("marshal GeoJSON: %w", err)
	}
	js = append(js, '\n')
	if err := atomicfile.WriteFile(out, js, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: wrote %s: %d features, %d bytes\n", out, len(fc.Features), len(js))
	cs, err := basemap.LoadCountries(js)
	if err != nil {
		return fmt.Errorf("read back %s: %w", out, err)
	}
	pk, err := basemap.EncodeCountries(cs)
	if err != nil {
		return fmt.Errorf("pack %s: %w", out, err)
	}
	if err := atomicfile.WriteFile(packed, pk, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: wrote %s: %d countries, %d bytes\n", packed, len(cs), len(pk))
	return nil
}

// build converts the listed regions of the named topology object into a
// GeoJSON feature collection sorted by ISO alpha-2 code, then name.
func build(topo *topology, object string, list []region) (*geojson.FeatureCollection, error) {
	arcs, err := topo.decodeArcs()
	if err != nil {
		return nil, err
	}
	geoms, err := topo.collection(object)
	if err != nil {
		return nil, err
	}
	byID := make(map[string][]*topoGeometry)
	byName := make(map[string][]*topoGeometry)
	for i := range geoms {
		g := &geoms[i]
		id, err := g.id()
		if err != nil {
			return nil, fmt.Errorf("geometry %d: %w", i, err)
		}
		if id != "" {
			byID[id] = append(byID[id], g)
		}
		if n := g.name(); n != "" {
			byName[n] = append(byName[n], g)
		}
	}

	fc := geojson.NewFeatureCollection()
	for _, r := range list {
		label := r.Name
		var found []*topoGeometry
		if r.Numeric != "" {
			found = byID[r.Numeric]
		} else {
			found = byName[r.SourceName]
		}
		if len(found) != 1 {
			return nil, fmt.Errorf("%s: found %d source geometries, want 1", label, len(found))
		}
		polys, err := found[0].arcPolygons()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", label, err)
		}
		for _, enclave := range r.Absorb {
			if len(byName[enclave]) != 1 {
				return nil, fmt.Errorf("%s: enclave %q: found %d source geometries, want 1", label, enclave, len(byName[enclave]))
			}
			encl, err := byName[enclave][0].arcPolygons()
			if err != nil {
				return nil, fmt.Errorf("%s: enclave %q: %w", label, enclave, err)
			}
			if polys, err = absorb(polys, encl); err != nil {
				return nil, fmt.Errorf("%s: enclave %q: %w", label, enclave, err)
			}
		}
		geom, err := buildGeometry(arcs, polys, r.EastOnly)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", label, err)
		}
		f := geojson.NewFeature(geom)
		f.Properties = properties(r)
		fc.Append(f)
	}
	sort.SliceStable(fc.Features, func(i, j int) bool {
		a, b := fc.Features[i].Properties, fc.Features[j].Properties
		if a.MustString("iso_a2") != b.MustString("iso_a2") {
			return a.MustString("iso_a2") < b.MustString("iso_a2")
		}
		return a.MustString("name") < b.MustString("name")
	})
	return fc, nil
}

// properties returns the GeoJSON properties of a region. A unit without a
// capital has an empty capital name and null capital coordinates.
func properties(r region) geojson.Properties {
	p := geojson.Properties{
		"iso_a2":      r.Alpha2,
		"name":        r.Name,
		"capital":     r.Capital,
		"capital_lon": nil,
		"capital_lat": nil,
	}
	if r.Capital != "" {
		p["capital_lon"] = r.CapitalLon
		p["capital_lat"] = r.CapitalLat
	}
	return p
}

// absorb removes from host every hole that is exactly filled by the exterior
// ring of one of the enclave's polygons. It fails when some enclave polygon
// fills no hole, since the enclave would then be lost from the map.
func absorb(host, enclave []arcPolygon) ([]arcPolygon, error) {
	out := make([]arcPolygon, len(host))
	for i, p := range host {
		out[i] = append(arcPolygon(nil), p...)
	}
	for _, e := range enclave {
		if len(e) == 0 {
			continue
		}
		found := false
		for i := range out {
			for k := 1; k < len(out[i]); k++ {
				if sameCycle(out[i][k], e[0]) {
					out[i] = append(out[i][:k], out[i][k+1:]...)
					found = true
					break
				}
			}
			if found {
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("no hole of the host matches enclave ring [%s]", formatRefs(e[0]))
		}
	}
	return out, nil
}

// buildGeometry stitches and cleans the polygons of one unit and returns a
// Polygon when one remains or a MultiPolygon otherwise. With eastOnly,
// polygons whose exterior lies wholly at negative longitudes are dropped.
func buildGeometry(arcs [][]orb.Point, polys []arcPolygon, eastOnly bool) (orb.Geometry, error) {
	var mp orb.MultiPolygon
	for i, ap := range polys {
		raw, err := stitchPolygon(arcs, ap)
		if err != nil {
			return nil, fmt.Errorf("polygon %d: %w", i, err)
		}
		poly, err := cleanPolygon(raw)
		if err != nil {
			return nil, fmt.Errorf("polygon %d: %w", i, err)
		}
		if poly == nil || (eastOnly && westOfMeridian(poly[0])) {
			continue
		}
		mp = append(mp, poly)
	}
	switch len(mp) {
	case 0:
		return nil, fmt.Errorf("no polygons left after cleaning")
	case 1:
		return mp[0], nil
	default:
		return mp, nil
	}
}

// westOfMeridian reports whether every point of r has a negative longitude.
func westOfMeridian(r orb.Ring) bool {
	for _, p := range r {
		if p[0] >= 0 {
			return false
		}
	}
	return true
}

// cleanPolygon cleans every ring of p and orients them: exterior
// counter-clockwise, holes clockwise. It returns nil when the exterior ring
// is degenerate; degenerate holes are dropped.
func cleanPolygon(p orb.Polygon) (orb.Polygon, error) {
	if len(p) == 0 {
		return nil, nil
	}
	var out orb.Polygon
	for i, raw := range p {
		r, err := cleanRing(raw)
		if err != nil {
			return nil, fmt.Errorf("ring %d: %w", i, err)
		}
		if r == nil {
			if i == 0 {
				return nil, nil
			}
			continue
		}
		want := orb.CCW
		if i > 0 {
			want = orb.CW
		}
		if r.Orientation() != want {
			r.Reverse()
		}
		out = append(out, r)
	}
	return out, nil
}

// cleanRing rounds the ring's coordinates, moves points on the antimeridian
// to the ring's side of it, removes consecutive duplicate points and closes
// the ring. It returns nil for a degenerate ring: fewer than 4 points or no
// area.
func cleanRing(in orb.Ring) (orb.Ring, error) {
	rounded := make(orb.Ring, len(in))
	for i, p := range in {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
			return nil, fmt.Errorf("non-finite coordinate %v", p)
		}
		rounded[i] = orb.Point{round(p[0]), round(p[1])}
	}
	if err := fixAntimeridian(rounded); err != nil {
		return nil, err
	}
	r := make(orb.Ring, 0, len(rounded)+1)
	for _, p := range rounded {
		if len(r) == 0 || r[len(r)-1] != p {
			r = append(r, p)
		}
	}
	if len(r) > 0 && r[0] != r[len(r)-1] {
		r = append(r, r[0])
	}
	if len(r) < 4 || r.Orientation() == 0 {
		return nil, nil
	}
	return r, nil
}

// fixAntimeridian makes a ring that touches the antimeridian stay on one side
// of it. Natural Earth cuts polygons at 180°, but quantization stores some of
// the cut points as -180 while the rest of the ring lies east (or as 180
// while it lies west). Such points are moved to the ring's side in place. A
// ring that really spans both hemispheres across 180° is an error.
func fixAntimeridian(r orb.Ring) error {
	if !crossesAntimeridian(r) {
		return nil
	}
	eastOnEdge, westOnEdge := true, true
	for _, p := range r {
		if p[0] < 0 && p[0] != -180 {
			eastOnEdge = false
		}
		if p[0] > 0 && p[0] != 180 {
			westOnEdge = false
		}
	}
	switch {
	case eastOnEdge:
		for i := range r {
			if r[i][0] == -180 {
				r[i][0] = 180
			}
		}
	case westOnEdge:
		for i := range r {
			if r[i][0] == 180 {
				r[i][0] = -180
			}
		}
	default:
		return fmt.Errorf("ring crosses the antimeridian")
	}
	return nil
}

// crossesAntimeridian reports whether any segment of r jumps by more than
// 180° of longitude, which only happens when it wraps across 180°.
func crossesAntimeridian(r orb.Ring) bool {
	for i := 1; i < len(r); i++ {
		if math.Abs(r[i][0]-r[i-1][0]) > 180 {
			return true
		}
	}
	return false
}

// round rounds v to the output precision.
func round(v float64) float64 {
	return math.Round(v*coordScale) / coordScale
}
