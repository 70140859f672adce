package mapmodel

import (
	"image/color"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"casmap/data"
)

// Filter is what the user chose to see. The zero value shows everything
// but draws neither alliance shading nor routes.
type Filter struct {
	// HiddenKinds and HiddenActors list what is switched off; a marker with
	// no actor is hidden by the actor "" entry.
	HiddenKinds  map[data.Kind]bool
	HiddenActors map[string]bool
	// From and To bound the date range, inclusive; a zero time leaves that
	// end open. Undated markers are always shown.
	From, To time.Time
	// Query narrows the marker list (title, place, actor or quote text,
	// case-insensitive). It does not hide markers on the map.
	Query string
	// Alliance shades the countries of the dataset's alliances; Route draws
	// the trips as numbered routes.
	Alliance, Route bool
}

// DefaultFilter returns the filter a new user starts with: every kind and
// actor shown, the alliance shading and the routes on.
func DefaultFilter() Filter {
	return Filter{HiddenKinds: map[data.Kind]bool{}, HiddenActors: map[string]bool{}, Alliance: true, Route: true}
}

// Shows reports whether m is drawn on the map under f.
func (f Filter) Shows(m *data.Marker) bool {
	if f.HiddenKinds[m.Kind] || f.HiddenActors[m.Actor] {
		return false
	}
	if !m.Dated() {
		return true
	}
	if !f.From.IsZero() && m.When.End.Before(f.From) {
		return false
	}
	if !f.To.IsZero() && m.When.Start.After(f.To) {
		return false
	}
	return true
}

// Matches reports whether m matches the list query of f.
func (f Filter) Matches(m *data.Marker) bool {
	q := strings.ToLower(strings.TrimSpace(f.Query))
	if q == "" {
		return true
	}
	for _, s := range []string{m.Title, m.Place, m.Actor, data.ActorName(m.Actor), m.ID, string(m.Kind)} {
		if strings.Contains(strings.ToLower(s), q) {
			return true
		}
	}
	for _, c := range m.Citations {
		if strings.Contains(strings.ToLower(c.Quote), q) {
			return true
		}
	}
	return false
}

// Clone returns a deep copy of f, so a copy can be changed safely.
func (f Filter) Clone() Filter {
	g := f
	g.HiddenKinds = make(map[data.Kind]bool, len(f.HiddenKinds))
	for k, v := range f.HiddenKinds {
		g.HiddenKinds[k] = v
	}
	g.HiddenActors = make(map[string]bool, len(f.HiddenActors))
	for k, v := range f.HiddenActors {
		g.HiddenActors[k] = v
	}
	return g
}

// Item is one marker as the map draws it.
type Item struct {
	// Marker is the dataset's marker.
	Marker *data.Marker
	// Anchor is where its symbol sits, [lon, lat] degrees (see Anchor).
	Anchor orb.Point
	// Area and Line are its geometry when it is a polygon or a line.
	Area orb.Polygon
	Line orb.LineString
}

// Route is a trip's stops in order, as indices into Scene.Items.
type Route struct {
	Trip  string
	Stops []int
}

// Scene is a dataset as the map draws it under a filter: every marker as
// an Item, the trips, which items are visible and in which order, and the
// alliance shading. The window and the figures build their pictures from
// it. A Scene is not safe for concurrent use.
type Scene struct {
	// Items holds every marker of the dataset, in dataset order.
	Items []Item
	// Routes are the dataset's trips.
	Routes []Route
	// Visible lists the items the filter shows, in draw order (see
	// DrawRank); Shown is the same as a set, by item index.
	Visible []int
	Shown   []bool
	// Fills is the alliance shading, by ISO code; nil when off.
	Fills map[string]color.RGBA

	byMarker map[*data.Marker]int
}

// NewScene returns the scene of ds, with nothing visible until Apply.
func NewScene(ds *data.Dataset) *Scene {
	s := &Scene{byMarker: make(map[*data.Marker]int, len(ds.Markers))}
	for _, m := range ds.Markers {
		it := Item{Marker: m, Anchor: Anchor(m.Geometry)}
		switch g := m.Geometry.(type) {
		case orb.Polygon:
			it.Area = g
		case orb.LineString:
			it.Line = g
		}
		s.byMarker[m] = len(s.Items)
		s.Items = append(s.Items, it)
	}
	for _, r := range ds.Trips() {
		rt := Route{Trip: r.Trip}
		for _, m := range r.Stops {
			if i, ok := s.byMarker[m]; ok {
				rt.Stops = append(rt.Stops, i)
			}
		}
		s.Routes = append(s.Routes, rt)
	}
	return s
}

// Apply sets what f shows of ds (the dataset the scene was made from) on a
// light or dark map.
func (s *Scene) Apply(ds *data.Dataset, f Filter, dark bool) {
	s.Shown = make([]bool, len(s.Items))
	s.Visible = s.Visible[:0]
	for i, it := range s.Items {
		if f.Shows(it.Marker) {
			s.Shown[i] = true
			s.Visible = append(s.Visible, i)
		}
	}
	sort.SliceStable(s.Visible, func(a, b int) bool {
		return DrawRank(s.Items[s.Visible[a]].Marker) < DrawRank(s.Items[s.Visible[b]].Marker)
	})
	s.Fills = AllianceFills(ds, f.Alliance, dark)
}

// Index returns the item index of m and whether m is in the scene.
func (s *Scene) Index(m *data.Marker) (int, bool) {
	i, ok := s.byMarker[m]
	return i, ok
}

// VisibleMarkers returns the visible markers in draw order.
func (s *Scene) VisibleMarkers() []*data.Marker {
	ms := make([]*data.Marker, len(s.Visible))
	for k, i := range s.Visible {
		ms[k] = s.Items[i].Marker
	}
	return ms
}

// Anchor is where a geometry's symbol sits: the point itself, the middle
// vertex of a line, or the centroid of an area.
func Anchor(g orb.Geometry) orb.Point {
	switch g := g.(type) {
	case orb.Point:
		return g
	case orb.LineString:
		if len(g) == 0 {
			return orb.Point{}
		}
		return g[len(g)/2]
	case orb.Polygon:
		c, _ := planar.CentroidArea(g)
		return c
	}
	if g == nil {
		return orb.Point{}
	}
	return g.Bound().Center()
}

// RegionBound is the bound of the geometries of ms whose anchors lie in or
// near Central Asia (lon 41..91, lat 25..57): far markers, such as a
// meeting in Moscow, are left to edge arrows and the key rather than
// stretching the view.
func RegionBound(ms []*data.Marker) (orb.Bound, bool) {
	var b orb.Bound
	n := 0
	for _, m := range ms {
		p := Anchor(m.Geometry)
		if math.Abs(p[0]-66) > 25 || math.Abs(p[1]-41) > 16 {
			continue
		}
		if n == 0 {
			b = m.Geometry.Bound()
		} else {
			b = b.Union(m.Geometry.Bound())
		}
		n++
	}
	return b, n > 0
}

// GrowBound scales b about its centre by f and widens it to at least
// minHalfLon by minHalfLat degrees on each side of the centre.
func GrowBound(b orb.Bound, f, minHalfLon, minHalfLat float64) orb.Bound {
	c := b.Center()
	hw := max((b.Max[0]-b.Min[0])/2*f, minHalfLon)
	hh := max((b.Max[1]-b.Min[1])/2*f, minHalfLat)
	return orb.Bound{Min: orb.Point{c[0] - hw, c[1] - hh}, Max: orb.Point{c[0] + hw, c[1] + hh}}
}
