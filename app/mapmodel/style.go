// Package mapmodel turns a dataset and a filter into what the map draws,
// with no user interface: the one style table of marker kinds, statuses,
// precisions and actors; the scene of visible markers, routes and alliance
// shading; and report figures built from them. The window (package app),
// its export dialog and "casmap export" all draw from here, so a marker
// looks the same on screen and on paper. It imports no Fyne.
package mapmodel

import (
	"hash/fnv"
	"image/color"

	"casmap/data"
	"casmap/geo/basemap"
	"casmap/geo/draw"
)

// KindStyle is how one kind of marker is drawn.
type KindStyle struct {
	// Shape is the symbol.
	Shape draw.Shape
	// Color is the symbol colour, opaque.
	Color color.NRGBA
	// Rank orders drawing: lower kinds are drawn first, under the others.
	Rank int
}

// kinds is the style table of marker kinds: adding a kind to data.Kinds
// and a row here is all the map, the legend and the figures need.
var kinds = map[data.Kind]KindStyle{
	data.KindBorder:     {draw.Hexagon, color.NRGBA{0x00, 0x89, 0x7B, 0xFF}, 0},
	data.KindThreat:     {draw.Triangle, color.NRGBA{0xAD, 0x14, 0x57, 0xFF}, 1},
	data.KindDeployment: {draw.Diamond, color.NRGBA{0xE6, 0x7E, 0x00, 0xFF}, 2},
	data.KindMeeting:    {draw.Star, color.NRGBA{0x7B, 0x1F, 0xA2, 0xFF}, 3},
	data.KindBase:       {draw.Square, color.NRGBA{0xC6, 0x28, 0x28, 0xFF}, 4},
	data.KindVisit:      {draw.Circle, color.NRGBA{0x15, 0x65, 0xC0, 0xFF}, 5},
}

// unknownKind draws a kind missing from the table (none passes
// validation; this keeps drawing total).
var unknownKind = KindStyle{draw.Circle, color.NRGBA{0x6B, 0x6B, 0x75, 0xFF}, 6}

// Kind returns the style of kind k.
func Kind(k data.Kind) KindStyle {
	if s, ok := kinds[k]; ok {
		return s
	}
	return unknownKind
}

// KindColor returns the colour of kind k.
func KindColor(k data.Kind) color.NRGBA { return Kind(k).Color }

// DrawRank orders markers for drawing, lower first: areas and lines, then
// by kind so that bases and visits sit on top of deployments and threats.
func DrawRank(m *data.Marker) int { return Kind(m.Kind).Rank }

// actorColors are the ring colours of the actors the sources name: great
// powers and alliances, armed groups, and the states of the region, each
// distinct from its neighbours in the legend. Each entry has a light-theme
// and a dark-theme colour; the dark ones are lighter so that rings stay
// visible on a dark map.
var actorColors = map[string][2]color.NRGBA{
	"RU":      {{0xB0, 0x00, 0x20, 0xFF}, {0xFF, 0x5C, 0x6C, 0xFF}},
	"USSR":    {{0x8D, 0x4A, 0x4A, 0xFF}, {0xD4, 0x8C, 0x8C, 0xFF}},
	"US":      {{0x1A, 0x23, 0x7E, 0xFF}, {0x7C, 0x9C, 0xFF, 0xFF}},
	"NATO":    {{0x00, 0x4D, 0x99, 0xFF}, {0x5C, 0xB8, 0xFF, 0xFF}},
	"CSTO":    {{0x5E, 0x35, 0xB1, 0xFF}, {0xB3, 0x9D, 0xFF, 0xFF}},
	"CN":      {{0xD8, 0x43, 0x15, 0xFF}, {0xFF, 0x8A, 0x65, 0xFF}},
	"Taliban": {{0x55, 0x6B, 0x2F, 0xFF}, {0xA5, 0xC2, 0x6B, 0xFF}},
	"ISIS":    {{0x21, 0x21, 0x21, 0xFF}, {0xE0, 0xE0, 0xE0, 0xFF}},
	"KZ":      {{0x00, 0x83, 0x8F, 0xFF}, {0x4D, 0xD0, 0xE1, 0xFF}},
	"KG":      {{0xC2, 0x18, 0x5B, 0xFF}, {0xF4, 0x8F, 0xB1, 0xFF}},
	"TJ":      {{0x2E, 0xB8, 0x4E, 0xFF}, {0x69, 0xF0, 0xAE, 0xFF}},
	"TM":      {{0x9E, 0x77, 0x00, 0xFF}, {0xE6, 0xE6, 0x6B, 0xFF}},
	"UZ":      {{0x01, 0x57, 0x9B, 0xFF}, {0x4F, 0xC3, 0xF7, 0xFF}},
	"AF":      {{0x4E, 0x34, 0x2E, 0xFF}, {0xBC, 0xAA, 0xA4, 0xFF}},
	"IR":      {{0x33, 0x69, 0x1E, 0xFF}, {0xAE, 0xD5, 0x81, 0xFF}},
	"PK":      {{0x1B, 0x5E, 0x20, 0xFF}, {0x66, 0xBB, 0x6A, 0xFF}},
	"IN":      {{0xEF, 0x6C, 0x00, 0xFF}, {0xFF, 0xB7, 0x4D, 0xFF}},
	"TR":      {{0xB7, 0x1C, 0x1C, 0xFF}, {0xEF, 0x9A, 0x9A, 0xFF}},
}

// otherActors colour actors missing from actorColors, chosen by a hash of
// the name so that one actor always gets the same ring.
var otherActors = [][2]color.NRGBA{
	{{0x6A, 0x1B, 0x9A, 0xFF}, {0xCE, 0x93, 0xD8, 0xFF}},
	{{0x00, 0x69, 0x5C, 0xFF}, {0x80, 0xCB, 0xC4, 0xFF}},
	{{0x9E, 0x9D, 0x24, 0xFF}, {0xE6, 0xEE, 0x9C, 0xFF}},
	{{0x45, 0x5A, 0x64, 0xFF}, {0xB0, 0xBE, 0xC5, 0xFF}},
	{{0xAD, 0x14, 0x57, 0xFF}, {0xF0, 0x62, 0x92, 0xFF}},
	{{0x28, 0x35, 0x93, 0xFF}, {0x9F, 0xA8, 0xDA, 0xFF}},
}

// ActorColor returns the ring colour of actor for a light (dark unset) or
// dark map.
func ActorColor(actor string, dark bool) color.NRGBA {
	i := 0
	if dark {
		i = 1
	}
	if c, ok := actorColors[actor]; ok {
		return c[i]
	}
	h := fnv.New32a()
	h.Write([]byte(actor))
	return otherActors[h.Sum32()%uint32(len(otherActors))][i]
}

// MarkStyle is the look of marker m at diameter size (pixels, or points in
// figures) on a light or dark map: the kind gives shape and colour, the
// actor the ring, the status how firm it looks (possible: hollow and
// dashed; planned: hollow; past: faded).
func MarkStyle(m *data.Marker, size float64, dark bool) draw.MarkStyle {
	k := Kind(m.Kind)
	st := draw.MarkStyle{
		Shape:  k.Shape,
		Fill:   RGBA(k.Color, 0xff),
		Stroke: draw.RGB(0xff, 0xff, 0xff),
		Size:   size,
		Halo:   true,
	}
	if m.Actor != "" {
		st.Ring = RGBA(ActorColor(m.Actor, dark), 0xff)
	}
	switch m.Status {
	case data.StatusPossible:
		st.Hollow, st.Dashed = true, true
	case data.StatusPlanned:
		st.Hollow = true
	case data.StatusPast:
		st.Faded = true
	case "":
		st.Hollow, st.Faded = true, true // not stated: never drawn as current
	}
	switch {
	case m.Draft:
		// A draft is not yet a claim anyone stands by: a dashed amber
		// outline until a person accepts it.
		st.Dashed, st.Stroke = true, DraftColor
	case m.Disagrees != "":
		st.Stroke = DisagreeColor
	}
	return st
}

// DraftColor outlines a draft marker; DisagreeColor a marker whose sources
// disagree with another's.
var (
	DraftColor    = draw.RGB(0xff, 0xa0, 0x00)
	DisagreeColor = draw.RGB(0xe5, 0x39, 0x35)
)

// Badges are the words a list, a panel or a key adds to a marker's title:
// "draft", "sources disagree".
func Badges(ds *data.Dataset, m *data.Marker) []string {
	var out []string
	if m.Draft {
		out = append(out, "draft")
	}
	if Disputed(ds, m) != nil {
		out = append(out, "sources disagree")
	}
	return out
}

// Disputed returns the marker whose claim disagrees with m's (m names it,
// or it names m), or nil.
func Disputed(ds *data.Dataset, m *data.Marker) *data.Marker {
	if m.Disagrees != "" {
		if o := ds.Marker(m.Disagrees); o != nil && o != m {
			return o
		}
	}
	for _, o := range ds.Markers {
		if o != m && o.Disagrees == m.ID && !o.Draft {
			return o
		}
	}
	return nil
}

// ClusterStyle is the look of a numbered cluster of size pixels.
func ClusterStyle(size float64, dark bool) draw.MarkStyle {
	fill := draw.RGB(0x37, 0x47, 0x4f)
	if dark {
		fill = draw.RGB(0x90, 0xa4, 0xae)
	}
	// A pile, not a stop: a second, dashed ring around the count sets it
	// apart from a route's numbered stops.
	ring := draw.RGB(0x90, 0xa4, 0xae)
	if dark {
		ring = draw.RGB(0xcf, 0xd8, 0xdc)
	}
	return draw.MarkStyle{Shape: draw.Circle, Fill: fill, Stroke: draw.RGB(0xff, 0xff, 0xff), Ring: ring, Dashed: true, Size: size, Halo: true}
}

// SoftRadius is the radius, in metres, of the soft area drawn for a claim
// of precision p; exact and city claims get none.
func SoftRadius(p data.Precision) float64 {
	switch p {
	case data.PrecisionCountry:
		return 140_000
	case data.PrecisionRegion:
		return 90_000
	}
	return 0
}

// Theme is the basemap palette for a light or dark map.
func Theme(dark bool) basemap.Theme {
	if dark {
		return basemap.DarkTheme()
	}
	return basemap.LightTheme()
}

// MemberFill is the land tint of a country an alliance counts as a member.
func MemberFill(dark bool) color.RGBA {
	if dark {
		return draw.RGB(0x3b, 0x3a, 0x5c)
	}
	return draw.RGB(0xdc, 0xd6, 0xf0)
}

// NonMemberFill is the land tint of a country the sources state is not a
// member of an alliance.
func NonMemberFill(dark bool) color.RGBA {
	if dark {
		return draw.RGB(0x4a, 0x42, 0x33)
	}
	return draw.RGB(0xf3, 0xe3, 0xc4)
}

// AllianceFills shades the members and stated non-members of the
// dataset's alliances, keyed by ISO code; nil when on is unset.
func AllianceFills(ds *data.Dataset, on, dark bool) map[string]color.RGBA {
	if !on || ds == nil {
		return nil
	}
	member, non := MemberFill(dark), NonMemberFill(dark)
	f := map[string]color.RGBA{}
	for _, a := range ds.Alliances {
		for _, c := range a.NonMembers {
			f[c] = non
		}
		for _, c := range a.Members {
			f[c] = member
		}
	}
	return f
}

// RGBA returns the opaque colour c at alpha a, premultiplied.
func RGBA(c color.NRGBA, a uint8) color.RGBA {
	return draw.RGBA(c.R, c.G, c.B, a)
}

// RouteColor is the colour of a trip's route line and stop badges.
func RouteColor() color.RGBA { return RGBA(KindColor(data.KindVisit), 0xd0) }

// Geometry is how a marker's own geometry is drawn besides its symbol: the
// same colours, dashes and arrows in the window and in figures, which
// choose only the widths of their medium.
type Geometry struct {
	// AreaFill and AreaStroke colour a polygon's interior and its dashed
	// outline.
	AreaFill, AreaStroke color.RGBA
	// Line colours a line, drawn over a translucent Band in the kind's
	// colour; Dashed marks a planned or possible line and Arrow a
	// directed one (every kind but a border).
	Line, Band    color.RGBA
	Dashed, Arrow bool
	// SoftRadius, in metres, and Soft, the colour at the centre, draw the
	// soft area of a claim the text places only at country or region
	// level; zero radius for none.
	SoftRadius float64
	Soft       color.RGBA
}

// GeometryOf returns how m's geometry is drawn, stronger when selected.
func GeometryOf(m *data.Marker, selected bool) Geometry {
	col := KindColor(m.Kind)
	g := Geometry{
		AreaFill: RGBA(col, 0x38), AreaStroke: RGBA(col, 0xc0),
		Line: RGBA(col, 0xe0), Band: RGBA(col, 0x50),
		Dashed:     Tentative(m.Status),
		Arrow:      m.Kind != data.KindBorder,
		SoftRadius: SoftRadius(m.Precision), Soft: RGBA(col, 0x2c),
	}
	if selected {
		g.AreaFill, g.Soft = RGBA(col, 0x60), RGBA(col, 0x55)
	}
	return g
}

// Tentative reports whether a claim of status st is drawn as not firm:
// planned or possible.
func Tentative(st data.Status) bool {
	return st == data.StatusPlanned || st == data.StatusPossible
}
