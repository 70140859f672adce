package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/paulmach/orb"
)

// topology is the subset of a TopoJSON topology object that the generator
// needs: the shared arcs, the optional quantization transform and the named
// geometry objects.
type topology struct {
	Type      string                     `json:"type"`
	Transform *transform                 `json:"transform"`
	Arcs      [][][]float64              `json:"arcs"`
	Objects   map[string]json.RawMessage `json:"objects"`
}

// transform maps quantized integer positions to longitude/latitude.
type transform struct {
	Scale     [2]float64 `json:"scale"`
	Translate [2]float64 `json:"translate"`
}

// geometryCollection is a TopoJSON GeometryCollection object.
type geometryCollection struct {
	Type       string         `json:"type"`
	Geometries []topoGeometry `json:"geometries"`
}

// topoGeometry is a TopoJSON geometry object whose arcs are references into
// the topology's arc table.
type topoGeometry struct {
	Type       string          `json:"type"`
	ID         json.RawMessage `json:"id"`
	Properties map[string]any  `json:"properties"`
	Arcs       json.RawMessage `json:"arcs"`
}

// arcPolygon is a polygon given as rings of arc references: the first ring is
// the exterior, the others are holes. A negative reference ~i means arc i
// traversed in reverse.
type arcPolygon [][]int

// parseTopology decodes a TopoJSON document.
func parseTopology(data []byte) (*topology, error) {
	var t topology
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("decode topology: %w", err)
	}
	if t.Type != "Topology" {
		return nil, fmt.Errorf("decode topology: type is %q, want \"Topology\"", t.Type)
	}
	return &t, nil
}

// collection returns the named object of the topology, which must be a
// GeometryCollection.
func (t *topology) collection(name string) ([]topoGeometry, error) {
	raw, ok := t.Objects[name]
	if !ok {
		return nil, fmt.Errorf("topology has no object %q", name)
	}
	var gc geometryCollection
	if err := json.Unmarshal(raw, &gc); err != nil {
		return nil, fmt.Errorf("decode object %q: %w", name, err)
	}
	if gc.Type != "GeometryCollection" {
		return nil, fmt.Errorf("object %q is a %s, want GeometryCollection", name, gc.Type)
	}
	return gc.Geometries, nil
}

// decodeArcs returns the arcs of the topology as absolute coordinates. With a
// transform, positions are delta-encoded integers: each one is added to the
// previous position of the same arc and the sum is scaled and translated.
// Without a transform, positions are used as they are.
func (t *topology) decodeArcs() ([][]orb.Point, error) {
	out := make([][]orb.Point, len(t.Arcs))
	for i, arc := range t.Arcs {
		if len(arc) < 2 {
			return nil, fmt.Errorf("arc %d has %d positions, want at least 2", i, len(arc))
		}
		pts := make([]orb.Point, len(arc))
		var x, y float64
		for j, pos := range arc {
			if len(pos) < 2 {
				return nil, fmt.Errorf("arc %d position %d has %d values, want at least 2", i, j, len(pos))
			}
			if t.Transform == nil {
				pts[j] = orb.Point{pos[0], pos[1]}
				continue
			}
			x += pos[0]
			y += pos[1]
			pts[j] = orb.Point{
				x*t.Transform.Scale[0] + t.Transform.Translate[0],
				y*t.Transform.Scale[1] + t.Transform.Translate[1],
			}
		}
		out[i] = pts
	}
	return out, nil
}

// id returns the geometry's identifier as text, accepting both the string and
// the number form allowed by TopoJSON, and "" when it has none.
func (g *topoGeometry) id() (string, error) {
	raw := bytes.TrimSpace(g.ID)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return "", nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("decode geometry id %s: %w", raw, err)
		}
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", fmt.Errorf("decode geometry id %s: %w", raw, err)
	}
	return n.String(), nil
}

// name returns the geometry's "name" property, or "" when it has none.
func (g *topoGeometry) name() string {
	s, _ := g.Properties["name"].(string)
	return s
}

// arcPolygons returns the polygons of a Polygon or MultiPolygon geometry as
// arc references. A null geometry (no type) has no polygons.
func (g *topoGeometry) arcPolygons() ([]arcPolygon, error) {
	switch g.Type {
	case "", "null":
		return nil, nil
	case "Polygon":
		var p arcPolygon
		if err := json.Unmarshal(g.Arcs, &p); err != nil {
			return nil, fmt.Errorf("decode Polygon arcs: %w", err)
		}
		return []arcPolygon{p}, nil
	case "MultiPolygon":
		var mp []arcPolygon
		if err := json.Unmarshal(g.Arcs, &mp); err != nil {
			return nil, fmt.Errorf("decode MultiPolygon arcs: %w", err)
		}
		return mp, nil
	default:
		return nil, fmt.Errorf("unsupported geometry type %q", g.Type)
	}
}

// errEmptyRing reports a ring without arc references.
var errEmptyRing = errors.New("ring has no arcs")

// stitchRing joins the referenced arcs into one ring. Reference ~i (that is
// -i-1) walks arc i backwards. Consecutive arcs share their joining point,
// so the first point of every arc after the first is skipped.
func stitchRing(arcs [][]orb.Point, refs []int) (orb.Ring, error) {
	if len(refs) == 0 {
		return nil, errEmptyRing
	}
	var ring orb.Ring
	for _, ref := range refs {
		idx, reverse := ref, false
		if ref < 0 {
			idx, reverse = ^ref, true
		}
		if idx >= len(arcs) {
			return nil, fmt.Errorf("arc reference %d out of range (%d arcs)", ref, len(arcs))
		}
		arc := arcs[idx]
		start := 0
		if len(ring) > 0 {
			start = 1
		}
		for k := start; k < len(arc); k++ {
			if reverse {
				ring = append(ring, arc[len(arc)-1-k])
			} else {
				ring = append(ring, arc[k])
			}
		}
	}
	return ring, nil
}

// stitchPolygon turns a polygon of arc references into coordinate rings.
func stitchPolygon(arcs [][]orb.Point, p arcPolygon) (orb.Polygon, error) {
	poly := make(orb.Polygon, 0, len(p))
	for i, refs := range p {
		ring, err := stitchRing(arcs, refs)
		if err != nil {
			return nil, fmt.Errorf("ring %d: %w", i, err)
		}
		poly = append(poly, ring)
	}
	return poly, nil
}

// sameCycle reports whether two rings of arc references use the same set of
// arcs, regardless of direction and starting arc. It identifies a host's hole
// that is exactly filled by an enclave.
func sameCycle(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	count := make(map[int]int, len(a))
	for _, r := range a {
		count[absArc(r)]++
	}
	for _, r := range b {
		count[absArc(r)]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

// absArc returns the arc index of a possibly reversed arc reference.
func absArc(ref int) int {
	if ref < 0 {
		return ^ref
	}
	return ref
}

// formatRefs renders arc references for error messages.
func formatRefs(refs []int) string {
	var b []byte
	for i, r := range refs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(r), 10)
	}
	return string(b)
}
