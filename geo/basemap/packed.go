package basemap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// The packed form of a country list: what the app embeds in place of the
// GeoJSON it is made from (assets/borders.bin beside borders.geojson).
// Decoding it gives exactly the []Country that LoadCountries gives for the
// GeoJSON, bit for bit, in a hundredth of the time and a fifth of the
// bytes: coordinates on the GeoJSON's grid of 1e-5 degree are stored as
// integers on that grid, each point as the zigzag varint difference from
// the one before, and the label points, which cost LoadCountries most of
// its time, as the float64 values it computed.
//
//	"casmap-borders" 0x00 version(uvarint = 1) scale(uvarint = 100000)
//	countries(uvarint), then for each:
//	  iso, name, capital: uvarint length and UTF-8 bytes
//	  capital lon, lat (varint grid units; only when capital is not empty)
//	  label lon, lat: float64 bits, little-endian
//	  polygons(uvarint), then for each: rings(uvarint), then for each:
//	    points(uvarint), then per point varint dx, dy from the point before
//	    (the country's first point is relative to 0, 0)
const (
	packedMagic   = "casmap-borders\x00"
	packedVersion = 1
	packedScale   = 1e5
)

// EncodeCountries writes cs, as LoadCountries returns them, in the packed
// form DecodeCountries reads. It fails when a coordinate is not on the
// grid of 1e-5 degree, which the packed form could not keep exactly.
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
		b = binary.AppendUvarint(b, uint64(len(c.Shape)))
		var last [2]int64
		for _, poly := range c.Shape {
			b = binary.AppendUvarint(b, uint64(len(poly)))
			for _, ring := range poly {
				b = binary.AppendUvarint(b, uint64(len(ring)))
				for _, p := range ring {
					for k, v := range p {
						q, err := onGrid(v)
						if err != nil {
							return nil, fmt.Errorf("encode %s: %w", c.Name, err)
						}
						b = binary.AppendVarint(b, q-last[k])
						last[k] = q
					}
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
	r := packedReader{b: data}
	if !bytes.HasPrefix(data, []byte(packedMagic)) {
		return nil, errors.New("geo: decode borders: not packed borders")
	}
	r.b = r.b[len(packedMagic):]
	if v := r.uvarint(); v != packedVersion {
		return nil, fmt.Errorf("geo: decode borders: version %d, want %d", v, packedVersion)
	}
	if s := r.uvarint(); s != packedScale {
		return nil, fmt.Errorf("geo: decode borders: scale %d, want %d", s, int(packedScale))
	}
	n := r.count(1)
	out := make([]Country, 0, n)
	for i := 0; i < n && r.err == nil; i++ {
		c := Country{ISO: r.str(), Name: r.str(), Capital: r.str()}
		if c.Capital != "" {
			c.CapitalPt = orb.Point{fromGrid(r.varint()), fromGrid(r.varint())}
		}
		c.Label = orb.Point{r.float(), r.float()}
		c.Shape = make(orb.MultiPolygon, r.count(1))
		var last [2]int64
		for j := range c.Shape {
			poly := make(orb.Polygon, r.count(1))
			for k := range poly {
				ring := make(orb.Ring, r.count(2))
				for m := range ring {
					last[0] += r.varint()
					last[1] += r.varint()
					if last[0] < -180*packedScale || last[0] > 180*packedScale || last[1] < -90*packedScale || last[1] > 90*packedScale {
						return nil, fmt.Errorf("geo: decode borders: country %d (%q): point %d of ring %d of polygon %d is off the globe", i, c.Name, m, k, j)
					}
					ring[m] = orb.Point{fromGrid(last[0]), fromGrid(last[1])}
				}
				poly[k] = ring
			}
			c.Shape[j] = poly
		}
		if r.err == nil && len(c.Shape) == 0 {
			return nil, fmt.Errorf("geo: decode borders: country %d (%q): empty geometry", i, c.Name)
		}
		c.Bound = c.Shape.Bound()
		out = append(out, c)
	}
	if r.err != nil {
		return nil, fmt.Errorf("geo: decode borders: %w", r.err)
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("geo: decode borders: %d bytes after the last country", len(r.b))
	}
	return out, nil
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
