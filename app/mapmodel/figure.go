package mapmodel

import (
	"fmt"
	"image/color"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"casmap/assets"
	"casmap/data"
	"casmap/data/layers"
	"casmap/geo"
	"casmap/geo/basemap"
	"casmap/geo/draw"
	"casmap/geo/figure"
)

// EmbeddedBasemap returns the basemap of the embedded Natural Earth
// borders, decoded once per process and shared by the window and every
// figure (a Basemap is safe for concurrent use).
var EmbeddedBasemap = sync.OnceValues(func() (*basemap.Basemap, error) {
	b, err := basemap.DecodeBasemap(assets.Borders)
	if err != nil {
		return nil, fmt.Errorf("embedded borders: %w", err)
	}
	return b, nil
})

// Preset is a named figure size.
type Preset struct {
	Name          string
	Width, Height int     // pixels
	DPI           float64 // dots per inch: recorded in a PNG, the page size of SVG and PDF
	Label         string  // shown in the export dialog
}

// Presets are the figure sizes offered by name, in dialog order.
var Presets = []Preset{
	{"a4-300", 3508, 2480, 300, "A4 landscape, 300 DPI (3508×2480)"},
	{"a4-150", 1754, 1240, 150, "A4 landscape, 150 DPI (1754×1240)"},
	{"a3-300", 4961, 3508, 300, "A3 landscape, 300 DPI (4961×3508)"},
	{"hd", 1920, 1080, 144, "HD screen (1920×1080)"},
	{"web", 1200, 800, 96, "Web page (1200×800)"},
}

// PresetByName returns the preset called name (case and surrounding
// spaces ignored).
func PresetByName(name string) (Preset, bool) {
	for _, p := range Presets {
		if p.Name == strings.ToLower(strings.TrimSpace(name)) {
			return p, true
		}
	}
	return Preset{}, false
}

// PresetNames lists the preset names, comma-separated, for messages.
func PresetNames() string {
	var n []string
	for _, p := range Presets {
		n = append(n, p.Name)
	}
	return strings.Join(n, ", ")
}

// Options are the choices of one figure.
type Options struct {
	Width, Height int     // image size in pixels
	DPI           float64 // dots per inch; text and symbols scale with it
	// Bound is the area to show, [lon, lat] degrees; nil fits the markers.
	Bound *orb.Bound
	// Kinds limits the kinds drawn; nil draws those the filter shows.
	Kinds           []data.Kind
	Title, Subtitle string
	Legend          bool // draw the legend
	Key             bool // number the markers and add the source key
	World           bool // write a world file (.pgw), .prj and .png.aux.xml beside a PNG
	Dark            bool // the dark palette
	Force           bool // overwrite an existing file
	// Tiles names optional online basemap tiles ("osm", "carto-light") for
	// PNG figures; empty draws the offline vector basemap. TileCache is
	// their folder.
	Tiles, TileCache string
	Online           bool // allow fetching tiles that are not in the cache
	// Layers are other people's features drawn under the markers and
	// credited in the footer; never evidence.
	Layers []*layers.Layer
}

// MaxSide is the largest width or height of a figure, in pixels.
const MaxSide = figure.MaxFigureSide

// Validate checks the options and returns one plain sentence for the first
// problem.
func (o *Options) Validate() error {
	switch {
	case o.Width <= 0 || o.Height <= 0:
		return fmt.Errorf("the image size %d×%d is not positive; give a width and height of at least 1 pixel", o.Width, o.Height)
	case o.Width > MaxSide || o.Height > MaxSide:
		return fmt.Errorf("the image size %d×%d is over the limit of %d pixels a side", o.Width, o.Height, MaxSide)
	case !(o.DPI > 0) || o.DPI > figure.MaxFigureDPI:
		return fmt.Errorf("the DPI %g is out of range; give a value from 1 to %d", o.DPI, figure.MaxFigureDPI)
	}
	if b := o.Bound; b != nil {
		if err := CheckBound(*b); err != nil {
			return err
		}
	}
	for _, k := range o.Kinds {
		if !k.Valid() {
			return fmt.Errorf("unknown kind %q; want one of %s", k, KindNames())
		}
	}
	switch o.Tiles {
	case "", "osm", "carto-light":
	default:
		return fmt.Errorf("unknown tile provider %q; want osm or carto-light", o.Tiles)
	}
	return nil
}

// CheckBound reports a box whose sides are reversed or outside the world.
func CheckBound(b orb.Bound) error {
	switch {
	case b.Min[0] >= b.Max[0] || b.Min[1] >= b.Max[1]:
		return fmt.Errorf("the box %s has its minimum not below its maximum; give minLon,minLat,maxLon,maxLat", BoundText(b))
	case b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -geo.MaxLatitude || b.Max[1] > geo.MaxLatitude:
		return fmt.Errorf("the box %s is outside the world; longitudes run from -180 to 180 and latitudes from -85 to 85", BoundText(b))
	}
	return nil
}

// BoundText writes b as minLon,minLat,maxLon,maxLat.
func BoundText(b orb.Bound) string {
	return fmt.Sprintf("%g,%g,%g,%g", b.Min[0], b.Min[1], b.Max[0], b.Max[1])
}

// KindNames lists the marker kinds, comma-separated, for messages.
func KindNames() string {
	var n []string
	for _, k := range data.Kinds {
		n = append(n, string(k))
	}
	return strings.Join(n, ", ")
}

// DefaultTitle is the title a new figure of ds starts with: the dataset's
// own title, else a line naming its sources.
func DefaultTitle(ds *data.Dataset) string {
	if t := strings.TrimSpace(ds.Title); t != "" {
		return t
	}
	return "Evidence map of Central Asia"
}

// markSizePt is the diameter of a figure's symbols, in points.
const markSizePt = 11

// BuildFigure turns the markers of ds that f shows (and opts.Kinds allows)
// into a report figure: the same scene, symbols, areas, lines and shading
// as the window, a legend of exactly what is drawn, and, when asked,
// numbers with a source key that quotes each marker's first citation in
// full.
func BuildFigure(ds *data.Dataset, f Filter, opts Options, now time.Time) (*figure.Figure, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	base, err := EmbeddedBasemap()
	if err != nil {
		return nil, err
	}
	fig := &figure.Figure{
		Width: opts.Width, Height: opts.Height, DPI: opts.DPI,
		Basemap: base, Theme: Theme(opts.Dark), Title: opts.Title, Subtitle: opts.Subtitle,
		Exported: now, Labels: true,
	}
	if opts.Tiles != "" {
		fig.Tiles = &figure.TileSource{Provider: opts.Tiles, CacheDir: opts.TileCache, Online: opts.Online}
	}
	sc := NewScene(ds)
	sc.Apply(ds, f, opts.Dark)
	allowed := map[data.Kind]bool{}
	for _, k := range opts.Kinds {
		allowed[k] = true
	}
	var shown []int // item indices
	for _, i := range sc.Visible {
		if len(allowed) == 0 || allowed[sc.Items[i].Marker.Kind] {
			shown = append(shown, i)
		}
	}
	if opts.Bound != nil {
		fig.Bound = *opts.Bound
		var in []int
		for _, i := range shown {
			if fig.Bound.Intersects(sc.Items[i].Marker.Geometry.Bound()) {
				in = append(in, i)
			}
		}
		shown = in
	} else {
		ms := make([]*data.Marker, len(shown))
		for k, i := range shown {
			ms[k] = sc.Items[i].Marker
		}
		fig.Bound = FitMarkers(ms)
	}
	// Number the markers in reading order: by kind, then date, then title;
	// draw them in the scene's order.
	numbered := append([]int(nil), shown...)
	sort.SliceStable(numbered, func(a, b int) bool {
		ma, mb := sc.Items[numbered[a]].Marker, sc.Items[numbered[b]].Marker
		if ka, kb := KindRank(ma.Kind), KindRank(mb.Kind); ka != kb {
			return ka < kb
		}
		if !ma.When.Start.Equal(mb.When.Start) {
			return ma.When.Start.Before(mb.When.Start)
		}
		return ma.Title < mb.Title
	})
	number := map[int]int{}
	for n, i := range numbered {
		number[i] = n + 1
	}

	styleIdx := map[draw.MarkStyle]int{}
	sources := map[string]bool{}
	countries := map[string]bool{}
	letters := sourceLetters(ds, sc, shown)
	for _, i := range shown {
		it := sc.Items[i]
		m := it.Marker
		g := GeometryOf(m, false)
		switch {
		case it.Area != nil:
			fig.Areas = append(fig.Areas, figure.FigureArea{Polygon: it.Area, Fill: g.AreaFill, Stroke: g.AreaStroke, Dashed: true})
		case it.Line != nil:
			fig.Lines = append(fig.Lines, figure.FigureLine{Line: it.Line, Color: g.Line, Band: g.Band, Width: 1.4,
				Dashed: g.Dashed, Arrow: g.Arrow, Casing: true})
		case g.SoftRadius > 0:
			fig.Soft = append(fig.Soft, figure.FigureSoft{Center: it.Anchor, RadiusMetres: g.SoftRadius, Color: g.Soft})
		}
		st := MarkStyle(m, markSizePt, opts.Dark)
		si, ok := styleIdx[st]
		if !ok {
			si = len(fig.Styles)
			styleIdx[st] = si
			fig.Styles = append(fig.Styles, st)
		}
		mk := draw.Mark{P: it.Anchor, Style: si}
		if opts.Key {
			mk.Label = strconv.Itoa(number[i])
		} else if m.Kind == data.KindVisit && m.Stop > 0 {
			mk.Label = strconv.Itoa(m.Stop)
		}
		fig.Marks = append(fig.Marks, mk)
		for _, c := range m.Citations {
			sources[c.Source] = true
		}
		if m.Country != "" {
			countries[m.Country] = true
		}
	}
	if opts.Key {
		for _, i := range numbered {
			fig.Key = append(fig.Key, keyItem(ds, sc.Items[i].Marker, number[i], letters))
		}
	}
	if len(opts.Layers) > 0 {
		// Layers go under the markers: their marks first.
		marks := fig.Marks
		fig.Marks = nil
		addLayers(fig, opts.Layers, markSizePt)
		fig.Marks = append(fig.Marks, marks...)
	}
	if f.Route {
		fig.Routes = figureRoutes(sc, shown)
	}
	fig.Fills = sc.Fills
	fig.LabelCountries = slices.Sorted(maps.Keys(countries))
	if opts.Legend {
		fig.Legend = Legend(ds, sc, shown, f, opts.Dark, len(fig.Routes) > 0)
	}
	fig.Attribution = append(fig.Attribution, assets.Attribution+".")
	for _, i := range shown {
		if sc.Items[i].Marker.Draft {
			fig.Attribution = append(fig.Attribution, "Places of drafts: GeoNames (geonames.org, CC BY 3.0).")
			break
		}
	}
	if !opts.Key {
		letters = nil // no key cites them by letter
	}
	if s := sourcesLine(ds, sources, letters); s != "" {
		fig.Attribution = append(fig.Attribution, s)
	}
	return fig, nil
}

// FitMarkers is the bound that shows the markers of the region, as the
// window's first view does, grown by a margin; Central Asia when none is
// in the region.
func FitMarkers(ms []*data.Marker) orb.Bound {
	b, ok := RegionBound(ms)
	if !ok {
		return orb.Bound{Min: orb.Point{46, 30}, Max: orb.Point{88, 52}}
	}
	return GrowBound(b, 1.15, 4, 3)
}

// sourceLetters gives each source cited by the shown items a letter, A,
// B, …, in dataset order, so the key can cite "[A]" and the footer spell
// it out.
func sourceLetters(ds *data.Dataset, sc *Scene, shown []int) map[string]string {
	cited := map[string]bool{}
	for _, i := range shown {
		for _, c := range sc.Items[i].Marker.Citations {
			cited[c.Source] = true
		}
	}
	out := map[string]string{}
	for _, s := range ds.Sources {
		if cited[s.ID] {
			n := len(out)
			l := string(rune('A' + n%26))
			if n >= 26 {
				l += strconv.Itoa(n / 26)
			}
			out[s.ID] = l
		}
	}
	return out
}

// keyItem is the source key entry of marker m, numbered n: its first
// citation's source (by letter, spelt out in the footer), the source's
// date, and the quoted sentence in full.
func keyItem(ds *data.Dataset, m *data.Marker, n int, letters map[string]string) figure.KeyItem {
	it := figure.KeyItem{Number: n, Title: m.Title}
	if b := Badges(ds, m); len(b) > 0 {
		it.Title += " [" + strings.Join(b, ", ") + "]"
	}
	if len(m.Citations) == 0 {
		return it
	}
	c := m.Citations[0]
	if src := ds.Source(c.Source); src != nil {
		it.Source = "[" + letters[src.ID] + "]"
		it.Date = FormatDate(src.Published)
	}
	it.Quote = strings.Trim(data.FoldSpace(c.Quote), "“”\"")
	if len(m.Citations) > 1 {
		it.Quote += fmt.Sprintf(" (+%s)", Plural(len(m.Citations)-1, "more quote", "more quotes"))
	}
	return it
}

// figureRoutes are the trips through the shown stops, dated.
func figureRoutes(sc *Scene, shown []int) []figure.FigureRoute {
	on := map[int]bool{}
	for _, i := range shown {
		on[i] = true
	}
	var out []figure.FigureRoute
	for _, r := range sc.Routes {
		var fr figure.FigureRoute
		for _, i := range r.Stops {
			if !on[i] {
				continue
			}
			m := sc.Items[i].Marker
			fr.Points = append(fr.Points, sc.Items[i].Anchor)
			label := ""
			if m.Dated() {
				label = ShortDate(m)
			}
			fr.Labels = append(fr.Labels, label)
			if Tentative(m.Status) {
				fr.Dashed = true
			}
		}
		if len(fr.Points) >= 2 {
			fr.Color = RouteColor()
			out = append(out, fr)
		}
	}
	return out
}

// Legend lists exactly what a map of the markers shown (indices into
// sc.Items) draws: their kinds, statuses and actors, and the shading and
// route layers when present (route says whether a route is drawn). Figures
// and the window's on-map legend both show it.
func Legend(ds *data.Dataset, sc *Scene, shown []int, f Filter, dark, route bool) []figure.LegendItem {
	kinds := map[data.Kind]bool{}
	statuses := map[data.Status]bool{}
	actors := map[string]bool{}
	for _, i := range shown {
		m := sc.Items[i].Marker
		kinds[m.Kind], statuses[m.Status], actors[m.Actor] = true, true, true
	}
	var out []figure.LegendItem
	out = append(out, figure.LegendItem{Heading: "Kinds"})
	for _, k := range data.Kinds {
		if kinds[k] {
			st := MarkStyle(&data.Marker{Kind: k, Status: data.StatusCurrent}, 9, dark)
			st.Ring = color.RGBA{}
			out = append(out, figure.LegendItem{Style: &st, Text: k.Label()})
		}
	}
	if len(statuses) > 1 || !statuses[data.StatusCurrent] {
		out = append(out, figure.LegendItem{Heading: "As the sources state it"})
		for _, s := range data.Statuses {
			if statuses[s] {
				st := MarkStyle(&data.Marker{Kind: data.KindVisit, Status: s}, 9, dark)
				st.Fill, st.Ring = draw.RGB(0x70, 0x70, 0x70), color.RGBA{}
				out = append(out, figure.LegendItem{Style: &st, Text: s.Label()})
			}
		}
	}
	var names []string
	for a := range actors {
		if a != "" {
			names = append(names, a)
		}
	}
	sort.Strings(names)
	if len(names) > 0 {
		out = append(out, figure.LegendItem{Heading: "Ring: actor"})
		for _, a := range names {
			st := RingSample(a, dark)
			out = append(out, figure.LegendItem{Style: &st, Text: data.ActorName(a)})
		}
	}
	if f.Alliance && len(ds.Alliances) > 0 {
		out = append(out, figure.LegendItem{Heading: AllianceShortName(ds.Alliances[0])})
		m, n := MemberFill(dark), NonMemberFill(dark)
		out = append(out, figure.LegendItem{Swatch: &m, Text: "Member (as stated)"},
			figure.LegendItem{Swatch: &n, Text: "Non-member (as stated)"})
	}
	if route {
		line := figure.FigureLine{Color: RouteColor(), Width: 2, Dashed: true}
		out = append(out, figure.LegendItem{Line: &line, Text: "Tour route"})
	}
	return out
}

// RingSample is the legend sample of an actor's ring: a hollow circle
// drawn in the ring's colour, thick enough to tell the colours apart.
func RingSample(actor string, dark bool) draw.MarkStyle {
	return draw.MarkStyle{Shape: draw.Circle, Fill: RGBA(ActorColor(actor, dark), 0xff), Hollow: true, Size: 8}
}

// sourcesLine credits the sources the figure cites, with their key
// letters.
func sourcesLine(ds *data.Dataset, ids map[string]bool, letters map[string]string) string {
	var parts []string
	for _, s := range ds.Sources {
		if !ids[s.ID] {
			continue
		}
		p := s.Title
		if l := letters[s.ID]; l != "" {
			p = "[" + l + "] " + p
		}
		if s.Publisher != "" {
			p += ", " + s.Publisher
		}
		if s.Published != "" {
			p += ", " + FormatDate(s.Published)
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return ""
	}
	return "Sources: " + strings.Join(parts, "; ") + "."
}
