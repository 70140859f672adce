package basemap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/draw"
)

// The packed form of a country list: what the app embeds in place of the
// GeoJSON it is made from (assets/borders.bin beside borders.geojson). It
// is the countries' rings as shared arcs, as TopoJSON keeps them, with what
// costs time to compute stored as computed: decoding it gives exactly the
// []Country that LoadCountries gives for the GeoJSON, bit for bit, and the
// topology NewBasemap would build from them, in a fiftieth of the time, from
// a fifth of the bytes. Coordinates on the GeoJSON's grid of 1e-5 degree are
// stored as integers on that grid, each point as the zigzag varint
// difference from the one before.
//
//	"casmap-borders" 0x00 version(uvarint = 2) scale(uvarint = 100000)
//	countries(uvarint), then for each:
//	  iso, name, capital: uvarint length and UTF-8 bytes
//	  capital lon, lat (varint grid units; only when capital is not empty)
//	  label lon, lat: float64 bits, little-endian
//	arcs(uvarint), then for each: points(uvarint, at least 2), then per
//	  point varint dx, dy in grid units from the point before (the first
//	  arc's first point from 0, 0), [lon, lat]
//	then for each country, in order:
//	  polygons(uvarint), then for each: its outer ring's bound x0, y0, x1, y1
//	  in unit space (float64 bits), rings(uvarint), then for each:
//	    start(uvarint): the index, in the GeoJSON's ring, of the point its
//	    arcs start at; arcs(uvarint), then per arc uvarint index*2, plus 1
//	    when the ring runs it backwards
const (
	packedMagic   = "casmap-borders\x00"
	packedVersion = 2
	packedScale   = 1e5
)

// EncodeCountries writes cs, as LoadCountries returns them, in the packed
// form DecodeCountries reads. It fails when a coordinate is not on the grid
// of 1e-5 degree, or a ring is not closed, which the packed form could not
// keep exactly.
func EncodeCountries(cs []Country) ([]byte, error) {
	var b []byte
	b = append(b, packedMagic...)
	b = binary.AppendUvarint(b, packedVersion)
	b = binary.AppendUvarint(b, packedScale)
	b = binary.AppendUvarint(b, uint64(len(cs)))
	for _, c := range cs {
		for _, s := range []string{c.ISO, c.Name, c.Capital} {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
		if c.Capital != "" {
			for _, v := range c.CapitalPt {
				q, err := onGrid(v)
				if err != nil {
					return nil, fmt.Errorf("encode %s capital: %w", c.Name, err)
				}
				b = binary.AppendVarint(b, q)
			}
		}
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c.Label[0]))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c.Label[1]))
		for _, poly := range c.Shape {
			for _, ring := range poly {
				for _, p := range ring {
					for _, v := range p {
						if _, err := onGrid(v); err != nil {
							return nil, fmt.Errorf("encode %s: %w", c.Name, err)
						}
					}
				}
				if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
					return nil, fmt.Errorf("encode %s: a ring of %d points is not closed", c.Name, len(ring))
				}
			}
		}
	}
	t, ll := cutTopology(cs, true)
	b = binary.AppendUvarint(b, uint64(len(ll.arcs)))
	var last [2]int64
	for _, a := range ll.arcs {
		b = binary.AppendUvarint(b, uint64(len(a)))
		for _, p := range a {
			for k, v := range p {
				q, err := onGrid(v)
				if err != nil {
					return nil, fmt.Errorf("encode arcs: %w", err)
				}
				b = binary.AppendVarint(b, q-last[k])
				last[k] = q
			}
		}
	}
	ring := 0
	for i, tc := range t.countries {
		if len(tc.polys) != len(cs[i].Shape) {
			return nil, fmt.Errorf("encode %s: %d of its %d polygons have rings of three points or more", cs[i].Name, len(tc.polys), len(cs[i].Shape))
		}
		b = binary.AppendUvarint(b, uint64(len(tc.polys)))
		for j, tp := range tc.polys {
			if len(tp.rings) != len(cs[i].Shape[j]) {
				return nil, fmt.Errorf("encode %s: a ring has fewer than three points", cs[i].Name)
			}
			for _, v := range []float64{tp.bound.X0, tp.bound.Y0, tp.bound.X1, tp.bound.Y1} {
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
			}
			b = binary.AppendUvarint(b, uint64(len(tp.rings)))
			for _, tr := range tp.rings {
				b = binary.AppendUvarint(b, uint64(ll.starts[ring]))
				ring++
				b = binary.AppendUvarint(b, uint64(len(tr)))
				for _, ref := range tr {
					v := uint64(ref.arc) * 2
					if ref.rev {
						v++
					}
					b = binary.AppendUvarint(b, v)
				}
			}
		}
	}
	return b, nil
}

// onGrid returns v in grid units, or an error when v is not on the grid.
func onGrid(v float64) (int64, error) {
	q := math.Round(v * packedScale)
	if q/packedScale != v || math.Abs(q) > 1<<40 {
		return 0, fmt.Errorf("coordinate %v is not a multiple of 1e-5 degree", v)
	}
	return int64(q), nil
}

// errPacked is the error for a truncated or malformed packed list.
var errPacked = errors.New("malformed packed borders")

// DecodeCountries reads a country list written by EncodeCountries.
func DecodeCountries(data []byte) ([]Country, error) {
	cs, _, err := decodePacked(data)
	return cs, err
}

// DecodeBasemap reads a country list written by EncodeCountries into the
// basemap NewBasemap makes of the countries, without cutting their rings
// into arcs again.
func DecodeBasemap(data []byte) (*Basemap, error) {
	cs, t, err := decodePacked(data)
	if err != nil {
		return nil, err
	}
	return newBasemap(cs, t), nil
}

// decodePacked reads the countries and the topology of a packed list.
func decodePacked(data []byte) ([]Country, topology, error) {
	if !bytes.HasPrefix(data, []byte(packedMagic)) {
		return nil, topology{}, errors.New("geo: decode borders: not packed borders")
	}
	r := packedReader{b: data[len(packedMagic):]}
	if v := r.uvarint(); v != packedVersion {
		return nil, topology{}, fmt.Errorf("geo: decode borders: version %d, want %d", v, packedVersion)
	}
	if s := r.uvarint(); s != packedScale {
		return nil, topology{}, fmt.Errorf("geo: decode borders: scale %d, want %d", s, int(packedScale))
	}
	cs := make([]Country, r.count(19))
	for i := range cs {
		c := Country{ISO: r.str(), Name: r.str(), Capital: r.str()}
		if c.Capital != "" {
			c.CapitalPt = orb.Point{fromGrid(r.varint()), fromGrid(r.varint())}
		}
		c.Label = orb.Point{r.float(), r.float()}
		cs[i] = c
	}
	arcs, t, err := r.arcs()
	if err == nil {
		err = r.rings(cs, arcs, &t)
	}
	if err == nil && r.err != nil {
		err = r.err
	}
	if err == nil && len(r.b) != 0 {
		err = fmt.Errorf("%d bytes after the last ring", len(r.b))
	}
	if err != nil {
		return nil, topology{}, fmt.Errorf("geo: decode borders: %w", err)
	}
	return cs, t, nil
}

// arcs reads the arcs, in degrees and, for the topology, in unit space.
func (r *packedReader) arcs() ([][]orb.Point, topology, error) {
	var t topology
	arcs := make([][]orb.Point, r.count(5))
	t.arcs = make([]topoArc, len(arcs))
	var last [2]int64
	for i := range arcs {
		n := r.count(2)
		if r.err != nil {
			return nil, t, r.err
		}
		if n < 2 {
			return nil, t, fmt.Errorf("arc %d has %d points", i, n)
		}
		deg, unit := make([]orb.Point, n), make([]orb.Point, n)
		for j := range deg {
			last[0] += r.varint()
			last[1] += r.varint()
			if last[0] < -180*packedScale || last[0] > 180*packedScale || last[1] < -90*packedScale || last[1] > 90*packedScale {
				return nil, t, fmt.Errorf("point %d of arc %d is off the globe", j, i)
			}
			deg[j] = orb.Point{fromGrid(last[0]), fromGrid(last[1])}
			x, y := geo.ToUnit(deg[j])
			unit[j] = orb.Point{x, y}
		}
		arcs[i], t.arcs[i].pts = deg, unit
	}
	return arcs, t, r.err
}

// rings reads every country's rings as arcs into t and makes the
// countries' shapes from the arcs in degrees.
func (r *packedReader) rings(cs []Country, arcs [][]orb.Point, t *topology) error {
	t.countries = make([]topoCountry, len(cs))
	for i := range cs {
		c := &cs[i]
		tc := topoCountry{polys: make([]topoPoly, r.count(34)), bound: emptyRect()}
		if r.err == nil && len(tc.polys) == 0 {
			return fmt.Errorf("country %d (%q): empty geometry", i, c.Name)
		}
		c.Shape = make(orb.MultiPolygon, len(tc.polys))
		for j := range tc.polys {
			tp := topoPoly{bound: draw.Rect{X0: r.float(), Y0: r.float(), X1: r.float(), Y1: r.float()}}
			tp.rings = make([]topoRing, r.count(2))
			poly := make(orb.Polygon, len(tp.rings))
			for k := range tp.rings {
				start := r.uvarint()
				tr := make(topoRing, r.count(1))
				for m := range tr {
					v := r.uvarint()
					if r.err != nil {
						return r.err
					}
					if v/2 >= uint64(len(arcs)) {
						return fmt.Errorf("country %d (%q): ring %d of polygon %d uses arc %d of %d", i, c.Name, k, j, v/2, len(arcs))
					}
					tr[m] = arcRef{arc: int(v / 2), rev: v%2 == 1}
					t.arcs[v/2].users++
				}
				if r.err != nil {
					return r.err
				}
				ring, err := unrotate(assembleRing(tr, arcs), start)
				if err != nil {
					return fmt.Errorf("country %d (%q): ring %d of polygon %d: %w", i, c.Name, k, j, err)
				}
				tp.rings[k], poly[k] = tr, ring
			}
			tc.polys[j], c.Shape[j] = tp, poly
			tc.bound = tc.bound.Union(tp.bound)
		}
		c.Bound = c.Shape.Bound()
		t.countries[i] = tc
	}
	return r.err
}

// unrotate turns the closed ring its arcs make, which starts where cutRing
// cut it (point start of the GeoJSON's ring), back into the ring as the
// GeoJSON has it.
func unrotate(arcRing []orb.Point, start uint64) (orb.Ring, error) {
	n := len(arcRing) - 1 // the distinct points
	if n < 3 || arcRing[0] != arcRing[n] {
		return nil, fmt.Errorf("its arcs make no closed ring (%d points)", len(arcRing))
	}
	if start >= uint64(n) {
		return nil, fmt.Errorf("it starts at point %d of %d", start, n)
	}
	ring := make(orb.Ring, n+1)
	back := n - int(start)
	copy(ring, arcRing[back:n])
	copy(ring[n-back:], arcRing[:back])
	ring[n] = ring[0]
	return ring, nil
}

// fromGrid converts grid units to degrees, as the GeoJSON's numbers read.
func fromGrid(q int64) float64 { return float64(q) / packedScale }

// packedReader reads the packed form; after the first error every read
// returns zero and err keeps that error.
type packedReader struct {
	b   []byte
	err error
}

func (r *packedReader) fail() { r.err, r.b = errPacked, nil }

func (r *packedReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *packedReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a length whose items take at least size bytes each, and
// refuses one that the bytes left cannot hold, so a corrupt length never
// makes a huge allocation.
func (r *packedReader) count(size int) int {
	v := r.uvarint()
	if v > uint64(len(r.b)/size) {
		r.fail()
		return 0
	}
	return int(v)
}

func (r *packedReader) str() string {
	n := r.count(1)
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *packedReader) float() float64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}
