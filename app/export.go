package app

import (
	"bytes"
	"casmap/geo"
	"casmap/geo/draw"
	"casmap/geo/figure"
	"context"
	"errors"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"casmap/assets"
	"casmap/data"
)

// Preset is a named export size.
type Preset struct {
	Name          string
	Width, Height int     // pixels
	DPI           float64 // dots per inch recorded in the PNG
	Label         string  // shown in the export dialog
}

// Presets are the export sizes offered by name, in dialog order.
var Presets = []Preset{
	{"a4-300", 3508, 2480, 300, "A4 landscape, 300 DPI (3508×2480)"},
	{"a4-150", 1754, 1240, 150, "A4 landscape, 150 DPI (1754×1240)"},
	{"a3-300", 4961, 3508, 300, "A3 landscape, 300 DPI (4961×3508)"},
	{"hd", 1920, 1080, 144, "HD screen (1920×1080)"},
	{"web", 1200, 800, 96, "Web page (1200×800)"},
}

// PresetByName returns the preset called name.
func PresetByName(name string) (Preset, bool) {
	for _, p := range Presets {
		if p.Name == strings.ToLower(strings.TrimSpace(name)) {
			return p, true
		}
	}
	return Preset{}, false
}

// presetNames lists the preset names for messages.
func presetNames() string {
	var n []string
	for _, p := range Presets {
		n = append(n, p.Name)
	}
	return strings.Join(n, ", ")
}

// ExportOptions are the choices of one map export.
type ExportOptions struct {
	Width, Height int     // image size in pixels
	DPI           float64 // dots per inch; text and symbols scale with it
	// Bound is the area to show, [lon, lat] degrees; nil fits the markers.
	Bound *orb.Bound
	// Kinds limits the kinds drawn; nil draws those the filter shows.
	Kinds           []data.Kind
	Title, Subtitle string
	Legend          bool // draw the legend
	Key             bool // number the markers and add the source key
	World           bool // write a world file (.pgw) and a .prj beside the PNG
	Dark            bool // the dark palette
	Force           bool // overwrite an existing file
	// Tiles names optional online basemap tiles ("osm", "carto-light");
	// empty draws the offline vector basemap. TileCache is their folder.
	Tiles, TileCache string
	Online           bool // allow fetching tiles that are not in the cache
}

// MaxExportSide is the largest width or height of an export, in pixels.
const MaxExportSide = figure.MaxFigureSide

// Validate checks the options and returns one plain sentence for the first
// problem.
func (o *ExportOptions) Validate() error {
	switch {
	case o.Width <= 0 || o.Height <= 0:
		return fmt.Errorf("the image size %d×%d is not positive; give a width and height of at least 1 pixel", o.Width, o.Height)
	case o.Width > MaxExportSide || o.Height > MaxExportSide:
		return fmt.Errorf("the image size %d×%d is over the limit of %d pixels a side", o.Width, o.Height, MaxExportSide)
	case !(o.DPI > 0) || o.DPI > 2400:
		return fmt.Errorf("the DPI %g is out of range; give a value from 1 to 2400", o.DPI)
	}
	if b := o.Bound; b != nil {
		if err := checkBound(*b); err != nil {
			return err
		}
	}
	for _, k := range o.Kinds {
		if !k.Valid() {
			return fmt.Errorf("unknown kind %q; want one of %s", k, kindNames())
		}
	}
	switch o.Tiles {
	case "", "osm", "carto-light":
	default:
		return fmt.Errorf("unknown tile provider %q; want osm or carto-light", o.Tiles)
	}
	return nil
}

// checkBound reports a box whose sides are reversed or outside the world.
func checkBound(b orb.Bound) error {
	switch {
	case b.Min[0] >= b.Max[0] || b.Min[1] >= b.Max[1]:
		return fmt.Errorf("the box %s has its minimum not below its maximum; give minLon,minLat,maxLon,maxLat", boundText(b))
	case b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -geo.MaxLatitude || b.Max[1] > geo.MaxLatitude:
		return fmt.Errorf("the box %s is outside the world; longitudes run from -180 to 180 and latitudes from -85 to 85", boundText(b))
	}
	return nil
}

func boundText(b orb.Bound) string {
	return fmt.Sprintf("%g,%g,%g,%g", b.Min[0], b.Min[1], b.Max[0], b.Max[1])
}

func kindNames() string {
	var n []string
	for _, k := range data.Kinds {
		n = append(n, string(k))
	}
	return strings.Join(n, ", ")
}

// BuildFigure turns the markers of ds that f shows (and opts.Kinds allows)
// into a report figure: the same symbols, areas, lines and shading as the
// window, a legend of exactly what is drawn, and, when asked, numbers with a
// source key.
func BuildFigure(ds *data.Dataset, f Filter, opts ExportOptions, now time.Time) (*figure.Figure, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	base, err := embeddedBasemap()
	if err != nil {
		return nil, err
	}
	theme := mapTheme(opts.Dark)
	fig := &figure.Figure{
		Width: opts.Width, Height: opts.Height, DPI: opts.DPI,
		Basemap: base, Theme: theme, Title: opts.Title, Subtitle: opts.Subtitle,
		Exported: now, Labels: true,
	}
	if opts.Tiles != "" {
		fig.Tiles = &figure.TileSource{Provider: opts.Tiles, CacheDir: opts.TileCache, Online: opts.Online}
	}
	allowed := map[data.Kind]bool{}
	for _, k := range opts.Kinds {
		allowed[k] = true
	}
	var shown []*data.Marker
	for _, m := range ds.Markers {
		if !f.Shows(m) || (len(allowed) > 0 && !allowed[m.Kind]) {
			continue
		}
		shown = append(shown, m)
	}
	if opts.Bound != nil {
		fig.Bound = *opts.Bound
		var in []*data.Marker
		for _, m := range shown {
			if fig.Bound.Intersects(m.Geometry.Bound()) {
				in = append(in, m)
			}
		}
		shown = in
	} else {
		fig.Bound = fitMarkers(shown)
		if opts.Legend {
			// Leave room on the west, where the legend box goes first.
			w := fig.Bound.Max[0] - fig.Bound.Min[0]
			fig.Bound.Min[0] = max(-180, fig.Bound.Min[0]-0.6*w)
		}
	}
	// Number the markers in reading order: by kind, then date, then title.
	sort.SliceStable(shown, func(a, b int) bool {
		ka, kb := kindRank(shown[a].Kind), kindRank(shown[b].Kind)
		if ka != kb {
			return ka < kb
		}
		if !shown[a].When.Start.Equal(shown[b].When.Start) {
			return shown[a].When.Start.Before(shown[b].When.Start)
		}
		return shown[a].Title < shown[b].Title
	})

	styleIdx := map[look]int{}
	sources := map[string]bool{}
	letters := sourceLetters(ds, shown)
	for n, m := range shown {
		col := kindColor[m.Kind]
		switch g := m.Geometry.(type) {
		case orb.Polygon:
			fig.Areas = append(fig.Areas, figure.FigureArea{Polygon: g, Fill: rgbaOf(col, 0x38), Stroke: rgbaOf(col, 0xc0), Dashed: true})
		case orb.LineString:
			tentative := m.Status == data.StatusPossible || m.Status == data.StatusPlanned
			fig.Lines = append(fig.Lines, figure.FigureLine{Line: g, Color: rgbaOf(col, 0xe0), Width: 1.4,
				Dashed: tentative, Arrow: m.Kind != data.KindBorder, Casing: true})
		default:
			if r := softRadius(m.Precision); r > 0 {
				fig.Soft = append(fig.Soft, figure.FigureSoft{Center: anchorOf(m.Geometry), RadiusMetres: r, Color: rgbaOf(col, 0x2c)})
			}
		}
		k := lookOf(m)
		si, ok := styleIdx[k]
		if !ok {
			si = len(fig.Styles)
			styleIdx[k] = si
			fig.Styles = append(fig.Styles, markStyle(m, 11)) // points
		}
		mk := draw.Mark{P: anchorOf(m.Geometry), Style: si}
		if opts.Key {
			mk.Label = strconv.Itoa(n + 1)
		} else if m.Kind == data.KindVisit && m.Stop > 0 {
			mk.Label = strconv.Itoa(m.Stop)
		}
		fig.Marks = append(fig.Marks, mk)
		if opts.Key {
			fig.Key = append(fig.Key, keyItem(ds, m, n+1, letters))
		}
		for _, c := range m.Citations {
			sources[c.Source] = true
		}
	}
	if f.Route {
		fig.Routes = figureRoutes(ds, shown)
	}
	hasRoute := len(fig.Routes) > 0
	if f.Alliance {
		fig.Fills = allianceFills(ds, true, opts.Dark)
	}
	if opts.Legend {
		fig.Legend = figureLegend(ds, shown, f, opts.Dark, hasRoute)
	}
	fig.Attribution = append(fig.Attribution, assets.Attribution+".")
	if !opts.Key {
		letters = nil // no key cites them by letter
	}
	if s := sourcesLine(ds, sources, letters); s != "" {
		fig.Attribution = append(fig.Attribution, s)
	}
	return fig, nil
}

// fitMarkers is the bound that shows the markers of the region, as the
// window's first view does, grown by a margin.
func fitMarkers(ms []*data.Marker) orb.Bound {
	b, ok := regionBound(ms)
	if !ok {
		return orb.Bound{Min: orb.Point{46, 30}, Max: orb.Point{88, 52}}
	}
	return growBound(b, 1.15, 4, 3)
}

// sourceLetters gives each source cited by ms a letter, A, B, …, in
// dataset order, so the key can cite "[A]" and the footer spell it out.
func sourceLetters(ds *data.Dataset, ms []*data.Marker) map[string]string {
	cited := map[string]bool{}
	for _, m := range ms {
		for _, c := range m.Citations {
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

// keyItem is the source key line of marker m, numbered n: its first
// citation's source (by letter, spelt out in the footer) and a short quote.
func keyItem(ds *data.Dataset, m *data.Marker, n int, letters map[string]string) figure.KeyItem {
	it := figure.KeyItem{Number: n, Title: m.Title}
	if len(m.Citations) == 0 {
		return it
	}
	c := m.Citations[0]
	if src := ds.Source(c.Source); src != nil {
		it.Source = "[" + letters[src.ID] + "]"
		it.Date = formatDate(src.Published)
	}
	it.Quote = shortQuote(strings.Trim(data.FoldSpace(c.Quote), "“”\""), 110)
	if len(m.Citations) > 1 {
		it.Quote += fmt.Sprintf(" (+%d more %s)", len(m.Citations)-1, plural(len(m.Citations)-1, "quote", "quotes")[2:])
	}
	return it
}

// shortQuote cuts q at a word boundary to at most n bytes, with an
// ellipsis.
func shortQuote(q string, n int) string {
	if len(q) <= n {
		return q
	}
	cut := strings.LastIndexByte(q[:n], ' ')
	if cut < n/2 {
		cut = n
	}
	return strings.TrimRight(q[:cut], " ,;:") + "…"
}

// figureRoutes are the trips through the shown stops, dated.
func figureRoutes(ds *data.Dataset, shown []*data.Marker) []figure.FigureRoute {
	on := map[*data.Marker]bool{}
	for _, m := range shown {
		on[m] = true
	}
	var out []figure.FigureRoute
	for _, r := range ds.Trips() {
		var fr figure.FigureRoute
		for _, m := range r.Stops {
			if !on[m] {
				continue
			}
			fr.Points = append(fr.Points, anchorOf(m.Geometry))
			label := ""
			if m.Dated() {
				label = shortDate(m)
			}
			fr.Labels = append(fr.Labels, label)
			if m.Status == data.StatusPlanned || m.Status == data.StatusPossible {
				fr.Dashed = true
			}
		}
		if len(fr.Points) >= 2 {
			fr.Color = rgbaOf(kindColor[data.KindVisit], 0xd0)
			out = append(out, fr)
		}
	}
	return out
}

// figureLegend lists exactly what the figure draws: its kinds, statuses and
// actors, and the shading and route layers when present (route says
// whether a route is drawn).
func figureLegend(ds *data.Dataset, shown []*data.Marker, f Filter, dark, route bool) []figure.LegendItem {
	kinds := map[data.Kind]bool{}
	statuses := map[data.Status]bool{}
	actors := map[string]bool{}
	for _, m := range shown {
		kinds[m.Kind], statuses[m.Status], actors[m.Actor] = true, true, true
	}
	var out []figure.LegendItem
	out = append(out, figure.LegendItem{Heading: "Kinds"})
	for _, k := range data.Kinds {
		if kinds[k] {
			st := markStyle(&data.Marker{Kind: k, Status: data.StatusCurrent}, 9)
			st.Ring = color.RGBA{}
			out = append(out, figure.LegendItem{Style: &st, Text: k.Label()})
		}
	}
	if len(statuses) > 1 || !statuses[data.StatusCurrent] {
		out = append(out, figure.LegendItem{Heading: "As the sources state it"})
		for _, s := range data.Statuses {
			if statuses[s] {
				st := markStyle(&data.Marker{Kind: data.KindVisit, Status: s}, 9)
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
			st := draw.MarkStyle{Shape: draw.Circle, Fill: color.RGBA{}, Ring: rgbaOf(actorColor(a), 0xff), Size: 6}
			out = append(out, figure.LegendItem{Style: &st, Text: data.ActorName(a)})
		}
	}
	if f.Alliance && len(ds.Alliances) > 0 {
		out = append(out, figure.LegendItem{Heading: allianceShortName(ds.Alliances[0])})
		m, n := memberFill(dark), nonMemberFill(dark)
		out = append(out, figure.LegendItem{Swatch: &m, Text: "Member (as stated)"},
			figure.LegendItem{Swatch: &n, Text: "Non-member (as stated)"})
	}
	if route {
		line := figure.FigureLine{Color: rgbaOf(kindColor[data.KindVisit], 0xd0), Width: 2, Dashed: true}
		out = append(out, figure.LegendItem{Line: &line, Text: "Tour route"})
	}
	return out
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
			p += ", " + formatDate(s.Published)
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return ""
	}
	return "Sources: " + strings.Join(parts, "; ") + "."
}

// ExportResult says what an export wrote.
type ExportResult struct {
	Files    []string // the PNG, then the world file and .prj if asked
	Warnings []string
	Bytes    int
}

// ErrExists is returned by Export when the output file exists and
// overwriting was not asked for.
var ErrExists = errors.New("the file exists")

// Export renders the figure of ds under f and opts and writes it to out
// (a .png path): atomically, through a temporary file renamed into place,
// so a failed export leaves no partial file. With opts.World it also writes
// a world file (.pgw) and a .prj (EPSG:3857) beside it.
func Export(ctx context.Context, ds *data.Dataset, f Filter, opts ExportOptions, out string) (*ExportResult, error) {
	if err := checkOutput(out, opts); err != nil {
		return nil, err
	}
	fig, err := BuildFigure(ds, f, opts, time.Now())
	if err != nil {
		return nil, err
	}
	img, ref, err := figure.RenderFigure(ctx, fig)
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", out, err)
	}
	var buf bytes.Buffer
	if err := figure.EncodePNG(&buf, img, opts.DPI); err != nil {
		return nil, fmt.Errorf("encode %s: %w", out, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &ExportResult{Warnings: ref.Warnings, Bytes: buf.Len()}
	files := map[string][]byte{out: buf.Bytes()}
	order := []string{out}
	if opts.World {
		base := strings.TrimSuffix(out, filepath.Ext(out))
		files[base+".pgw"] = []byte(ref.WorldFile())
		files[base+".prj"] = []byte(figure.PRJ3857 + "\n")
		order = append(order, base+".pgw", base+".prj")
	}
	for _, name := range order {
		if err := writeFileAtomic(name, files[name]); err != nil {
			for _, done := range res.Files {
				os.Remove(done)
			}
			return nil, err
		}
		res.Files = append(res.Files, name)
	}
	return res, nil
}

// checkOutput refuses an output path that is not a .png, lies in a missing
// or unwritable folder, or exists without Force.
func checkOutput(out string, opts ExportOptions) error {
	if out == "" {
		return errors.New("no output file given; name one with -o FILE.png")
	}
	if !strings.EqualFold(filepath.Ext(out), ".png") {
		return fmt.Errorf("%s does not end in .png; casmap exports PNG images", out)
	}
	dir := filepath.Dir(out)
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("the folder %s does not exist", dir)
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	if fi, err := os.Stat(out); err == nil {
		if fi.IsDir() {
			return fmt.Errorf("%s is a folder, not a file", out)
		}
		if !opts.Force {
			return fmt.Errorf("%s exists; give -force to overwrite it: %w", out, ErrExists)
		}
	}
	if opts.World && !opts.Force {
		base := strings.TrimSuffix(out, filepath.Ext(out))
		for _, ext := range []string{".pgw", ".prj"} {
			if _, err := os.Stat(base + ext); err == nil {
				return fmt.Errorf("%s exists; give -force to overwrite it: %w", base+ext, ErrExists)
			}
		}
	}
	// Try the folder now, so an unwritable one fails before the work.
	tmp, err := os.CreateTemp(dir, ".casmap-check-*")
	if err != nil {
		return fmt.Errorf("cannot write in the folder %s: %w", dir, errors.Unwrap(err))
	}
	tmp.Close()
	os.Remove(tmp.Name())
	return nil
}

// writeFileAtomic writes b to name through a temporary file in the same
// folder, synced and renamed into place.
func writeFileAtomic(name string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
