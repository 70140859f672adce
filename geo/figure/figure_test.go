package figure

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"casmap/geo/basemap"
	"casmap/geo/draw"
)

// Places used by the figure tests, [lon, lat] degrees.
var (
	bishkek  = orb.Point{74.5698, 42.8746}
	dushanbe = orb.Point{68.7870, 38.5598}
	ashgabat = orb.Point{58.3833, 37.9500}
	tashkent = orb.Point{69.2401, 41.2995}
	almaty   = orb.Point{76.9286, 43.2220}
)

// figureStyles are the mark styles of the sample figures, sizes in points.
func figureStyles() []draw.MarkStyle {
	white := draw.RGB(0xff, 0xff, 0xff)
	return []draw.MarkStyle{
		{Shape: draw.Circle, Fill: draw.RGB(0xc0, 0x39, 0x2b), Stroke: white, Size: 11},
		{Shape: draw.Diamond, Fill: draw.RGB(0xe0, 0x7b, 0x10), Stroke: white, Size: 11},
		{Shape: draw.Triangle, Fill: draw.RGB(0x9b, 0x1b, 0x5a), Stroke: white, Size: 11},
		{Shape: draw.Square, Fill: draw.RGB(0x2e, 0x6f, 0xb7), Stroke: white, Size: 10},
		{Shape: draw.Star, Fill: draw.RGB(0x16, 0x8a, 0x7d), Size: 12, Halo: true},
		{Shape: draw.Hexagon, Fill: draw.RGB(0x3f, 0x7d, 0x20), Size: 11, Hollow: true},
	}
}

// sampleFigure returns a small report figure of Central Asia with every
// kind of overlay, a legend and a source key.
func sampleFigure(tb testing.TB, w, h int, dark bool) *Figure {
	tb.Helper()
	theme := basemap.LightTheme()
	if dark {
		theme = basemap.DarkTheme()
	}
	styles := figureStyles()
	places := []struct {
		p     orb.Point
		style int
		title string
	}{
		{bishkek, 0, "Russian air base at Kant kept under a 2012 agreement"},
		{dushanbe, 1, "Some 7,500 Russian troops stationed in Tajikistan"},
		{orb.Point{69.62, 40.28}, 2, "Border clashes reported near Khujand"},
		{tashkent, 3, "Defence ministers meet in Tashkent"},
		{almaty, 4, "Foreign minister visits Almaty"},
		{ashgabat, 5, "Turkmen border post reinforced"},
		{orb.Point{67.28, 37.22}, 0, "Logistics hub at Termez"},
		{orb.Point{72.80, 40.53}, 1, "Rapid reaction force exercise near Osh"},
		{orb.Point{67.11, 36.71}, 2, "Militant activity reported around Mazar-i-Sharif"},
		{orb.Point{51.20, 43.65}, 3, "Caspian naval talks in Aktau"},
		{orb.Point{71.43, 51.13}, 0, "Air defence agreement signed in Astana"},
	}
	f := &Figure{
		Width: w, Height: h, DPI: 96,
		Bound:   orb.Bound{Min: orb.Point{50, 35}, Max: orb.Point{82, 51.5}},
		Basemap: loadBorders(tb),
		Theme:   theme,
		Fills: map[string]color.RGBA{
			"KZ": draw.RGBA(0x8e, 0x7c, 0xc3, 0x55), "KG": draw.RGBA(0x8e, 0x7c, 0xc3, 0x55),
			"TJ": draw.RGBA(0x8e, 0x7c, 0xc3, 0x55), "UZ": draw.RGBA(0xe8, 0xb8, 0x6a, 0x40),
		},
		Title:    "Russian military presence in Central Asia",
		Subtitle: "Bases, deployments and visits reported in open sources, 2012–2020",
		Styles:   styles,
		Labels:   true,
		Exported: time.Date(2026, time.November, 25, 10, 0, 0, 0, time.UTC),
		Attribution: []string{
			"Borders: Natural Earth (public domain).",
			"Sources: Reuters, 3 February 2019; RFE/RL, 12 March 2020; Eurasianet, 4 May 2018; TASS, 9 October 2019.",
		},
	}
	for i, pl := range places {
		n := i + 1
		f.Marks = append(f.Marks, draw.Mark{P: pl.p, Style: pl.style, Label: fmt.Sprint(n)})
		f.Key = append(f.Key, KeyItem{
			Number: n, Title: pl.title, Source: []string{"Reuters", "RFE/RL", "Eurasianet", "TASS"}[i%4],
			Date:  fmt.Sprintf("%d March 20%02d", 1+i*2, 12+i%9),
			Quote: "The ministry said the deployment would continue for as long as the situation on the border required it.",
		})
	}
	f.Routes = []FigureRoute{{
		Points: []orb.Point{bishkek, dushanbe, ashgabat}, Color: draw.RGB(0x1f, 0x6f, 0xd0), Dashed: true,
		Labels: []string{"3 Feb", "5 Feb", "9 Feb 2019"},
	}}
	f.Areas = []FigureArea{{
		Polygon: orb.Polygon{{{70.2, 40.2}, {73.4, 40.4}, {73.2, 41.3}, {71.0, 41.3}, {70.2, 40.2}}},
		Fill:    draw.RGBA(0xc0, 0x39, 0x2b, 0x38), Stroke: draw.RGBA(0xc0, 0x39, 0x2b, 0xc0), Dashed: true,
	}}
	f.Lines = []FigureLine{{
		Line:  orb.LineString{{74.85, 42.9}, {73.0, 40.0}, {71.55, 37.5}},
		Color: draw.RGBA(0x9b, 0x1b, 0x5a, 0xe0), Width: 1.4, Arrow: true, Casing: true,
	}}
	f.Soft = []FigureSoft{{Center: orb.Point{68.86, 36.73}, RadiusMetres: 180e3, Color: draw.RGBA(0x9b, 0x1b, 0x5a, 0x30)}}
	kinds := []string{"Military base", "Deployment", "Threat", "Meeting", "Visit", "Border post (possible)"}
	f.Legend = append(f.Legend, LegendItem{Heading: "Kinds"})
	for i := range kinds {
		st := styles[i]
		f.Legend = append(f.Legend, LegendItem{Style: &st, Text: kinds[i]})
	}
	sw := f.Areas[0].Fill
	alliance := f.Fills["KZ"]
	f.Legend = append(f.Legend,
		LegendItem{Heading: "Areas and routes"},
		LegendItem{Swatch: &alliance, Text: "CSTO member"},
		LegendItem{Swatch: &sw, Text: "Disputed border area"},
		LegendItem{Line: &f.Lines[0], Text: "Reported movement"},
		LegendItem{Line: &FigureLine{Color: f.Routes[0].Color, Width: 2, Dashed: true}, Text: "Foreign minister's tour"},
	)
	return f
}

// render renders f with renderFigure and fails the test on error.
func render(tb testing.TB, f *Figure) *figureResult {
	tb.Helper()
	r, err := renderFigure(context.Background(), f)
	if err != nil {
		tb.Fatalf("render figure: %v", err)
	}
	return r
}

func TestFigureGoldens(t *testing.T) {
	tests := []struct {
		name string
		f    *Figure
	}{
		{"export_light.png", sampleFigure(t, 900, 600, false)},
		{"export_dark.png", func() *Figure {
			// Fewer sources, so that their quotes fit below the map.
			f := sampleFigure(t, 600, 900, true)
			f.Marks, f.Key = f.Marks[:6], f.Key[:6]
			return f
		}()},
		{"export_caspian.png", caspianFigure(t)},
		{"export_features.png", featuresFigure(t)},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.name, ".png"), func(t *testing.T) {
			r := render(t, tt.f)
			checkGolden(t, tt.name, r.img)
		})
	}
}

// featuresFigure is a web-sized figure with marks that stack (Kant and
// Bishkek), a mark off the map (Moscow), the names of the countries with
// marks always drawn and a key of long quotes.
func featuresFigure(tb testing.TB) *Figure {
	tb.Helper()
	f := sampleFigure(tb, 1100, 780, false)
	f.DPI = 110
	f.Bound = orb.Bound{Min: orb.Point{52, 34}, Max: orb.Point{80, 46}}
	f.Routes, f.Lines, f.Soft = nil, nil, nil
	f.Subtitle = "Marks fanned out where they stack; a meeting off the map"
	places := []struct {
		p     orb.Point
		style int
		title string
	}{
		{orb.Point{74.85, 42.85}, 0, "Russian air base at Kant"},
		{orb.Point{74.59, 42.87}, 3, "Security council meets in Bishkek"},
		{dushanbe, 1, "201st base in Dushanbe"},
		{ashgabat, 5, "Turkmen border post reinforced"},
		{orb.Point{69.17, 34.53}, 2, "Militant activity reported near Kabul"},
		{tashkent, 3, "Defence ministers meet in Tashkent"},
		{orb.Point{37.6, 55.75}, 4, "Summit in Moscow"},
	}
	f.Marks, f.Key = nil, nil
	for i, pl := range places {
		n := i + 1
		f.Marks = append(f.Marks, draw.Mark{P: pl.p, Style: pl.style, Label: fmt.Sprint(n)})
		f.Key = append(f.Key, KeyItem{Number: n, Title: pl.title, Source: "Reuters", Date: fmt.Sprintf("%d May 2019", n),
			Quote: longQuotes[i%len(longQuotes)]})
	}
	f.LabelCountries = []string{"KG", "TJ", "TM", "AF", "UZ", "KZ", "RU"}
	return f
}

// caspianFigure is a map-only view whose left edge cuts Kazakhstan and the
// Caspian Sea: go-staticmaps moves vertices beyond the image's left or
// right edge by a world width, which fills the Caspian as land when country
// polygons go through its transformer.
func caspianFigure(tb testing.TB) *Figure {
	tb.Helper()
	return &Figure{
		Width: 800, Height: 600,
		Bound:   orb.Bound{Min: orb.Point{49.5, 39}, Max: orb.Point{66, 47}},
		Basemap: loadBorders(tb), Theme: basemap.LightTheme(), MapOnly: true,
	}
}

func TestFigureCaspianEdge(t *testing.T) {
	f := caspianFigure(t)
	r := render(t, f)
	vb := r.geo.View.Bound()
	if vb.Min[0] < 47 || vb.Min[0] > 50.4 || vb.Max[1] < 47 {
		t.Fatalf("view %v does not cut the northern Caspian and Kazakhstan at its left edge", vb)
	}
	theme := f.Theme
	tests := []struct {
		name string
		p    orb.Point
		want color.RGBA
	}{
		{"Caspian", orb.Point{50.5, 42.0}, theme.Sea},
		{"northern Caspian", orb.Point{50.3, 45.5}, theme.Sea},
		{"Kazakhstan", orb.Point{57, 46}, theme.Land},
		{"Kazakhstan at the left edge", orb.Point{vb.Min[0] + 0.5, 47.3}, theme.Land},
		{"Turkmenistan", orb.Point{59, 39.5}, theme.Land},
	}
	for _, tt := range tests {
		x, y := r.geo.Pixel(tt.p)
		got := pixel(r.img, int(x), int(y))
		if got != [4]uint8{tt.want.R, tt.want.G, tt.want.B, tt.want.A} {
			t.Errorf("%s %v at pixel %.0f,%.0f: colour %v, want %v", tt.name, tt.p, x, y, got, tt.want)
		}
	}
}

func TestFigureKeyPlacement(t *testing.T) {
	tests := []struct {
		name       string
		w, h       int
		wantBeside bool
	}{
		// Beside the map on landscape pages, below it on the others; the
		// quotes in full either way.
		{"landscape", 900, 600, true},
		{"wide landscape", 1600, 800, true},
		{"square", 800, 800, false},
		{"portrait", 600, 900, false},
		{"slightly landscape", 1000, 850, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := sampleFigure(t, tt.w, tt.h, false)
			r := render(t, f)
			pl := r.page
			if pl.keyRect.Empty() {
				t.Fatal("no key panel")
			}
			if pl.keyBeside != tt.wantBeside {
				t.Fatalf("key beside = %v, want %v", pl.keyBeside, tt.wantBeside)
			}
			if !pl.keyFull || pl.keyShown != len(f.Key) {
				t.Errorf("key shows %d of %d entries, in full %v", pl.keyShown, len(f.Key), pl.keyFull)
			}
			k, m := pl.keyRect, pl.mapRect
			if tt.wantBeside {
				if k.Min.X <= m.Max.X || k.Min.Y < m.Min.Y || k.Max.Y > m.Max.Y {
					t.Errorf("key %v not right of the map %v", k, m)
				}
			} else if k.Min.Y <= m.Max.Y || k.Min.X != m.Min.X || k.Max.X != m.Max.X {
				t.Errorf("key %v not below the map %v", k, m)
			}
			checkPage(t, r)
		})
	}
}

// checkLegendClear checks that the legend box covers no mark (its symbol
// or number badge, where it is drawn, or the true place of one fanned out)
// and no route stop's badge, and that a legend beside or below the map
// stays off the map and the key.
func checkLegendClear(t *testing.T, f *Figure, pl *pageLayout) {
	t.Helper()
	lr := draw.RectOf(pl.legendRect)
	if pl.legendRect.Empty() {
		return
	}
	if pl.legendOutside {
		if overlaps(lr, draw.RectOf(pl.mapRect)) || overlaps(lr, draw.RectOf(pl.keyRect)) {
			t.Errorf("legend %v overlaps the map %v or the key %v", pl.legendRect, pl.mapRect, pl.keyRect)
		}
		return
	}
	if pl.legendCovers != 0 {
		t.Errorf("legend placed over %d marks", pl.legendCovers)
	}
	fonts, _ := loadFigureFonts()
	mf := fanMarks(f.Marks, scaledStyles(f.Styles, pl.s), pl.view, fonts, pl.s)
	ox, oy := float64(pl.mapRect.Min.X), float64(pl.mapRect.Min.Y)
	for i := range f.Marks {
		if !mf.show[i] {
			continue
		}
		b := mf.boxes[i]
		if overlaps(lr, rect(b.X0+ox, b.Y0+oy, b.X1+ox, b.Y1+oy)) {
			t.Errorf("legend %v covers mark %d at %v", pl.legendRect, i+1, b)
		}
		if mf.moved[i] {
			if x, y := mf.at[i][0]+ox, mf.at[i][1]+oy; x >= lr.X0 && x <= lr.X1 && y >= lr.Y0 && y <= lr.Y1 {
				t.Errorf("legend %v covers the place of mark %d", pl.legendRect, i+1)
			}
		}
	}
	rr := (routeBadgePt + casingPt) * pl.s
	for _, rt := range f.Routes {
		for j, q := range rt.Points {
			x, y := pl.view.Project(q)
			if overlaps(lr, rect(x+ox-rr, y+oy-rr, x+ox+rr, y+oy+rr)) {
				t.Errorf("legend %v covers route stop %d", pl.legendRect, j+1)
			}
		}
	}
}

func TestFigureLegendClear(t *testing.T) {
	tests := []struct {
		name string
		f    *Figure
	}{
		{"landscape", sampleFigure(t, 900, 600, false)},
		{"portrait dark", sampleFigure(t, 600, 900, true)},
		{"square", sampleFigure(t, 800, 800, false)},
		{"wide", sampleFigure(t, 1600, 800, false)},
		{"A4", a4Figure(t)},
		{"A4 portrait", func() *Figure { f := a4Figure(t); f.Width, f.Height = 2480, 3508; return f }()},
		{"long quotes", longKeyFigure(t, 3508, 2480, 300, 20)},
		{"stacked marks", stackFigure(t, []orb.Point{kant, bishkek2, kantRoad, kant}, []int{0, 1, 2, 3})},
		{"marks in the corners", func() *Figure {
			f := sampleFigure(t, 900, 600, false)
			b := f.Bound
			for i, p := range []orb.Point{{b.Min[0] + 1, b.Max[1] - 1}, {b.Max[0] - 1, b.Max[1] - 1}, {b.Max[0] - 1, b.Min[1] + 1}} {
				f.Marks = append(f.Marks, draw.Mark{P: p, Style: i, Label: fmt.Sprint(20 + i)})
			}
			return f
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := render(t, tt.f)
			if r.page.legendRect.Empty() {
				t.Fatal("no legend")
			}
			checkLegendClear(t, tt.f, r.page)
		})
	}
}

// TestFigureExactScale checks that the map frame shows the requested bound
// centred and at the exact scale at which it fills the frame on its
// tighter axis, to a pixel, unless the map was zoomed out a little to
// clear a corner for the legend.
func TestFigureExactScale(t *testing.T) {
	tests := []struct {
		name string
		f    *Figure
	}{
		{"map only", caspianFigure(t)},
		{"map only, tall", func() *Figure { f := caspianFigure(t); f.Width, f.Height = 500, 900; return f }()},
		{"no legend", func() *Figure { f := sampleFigure(t, 900, 600, false); f.Legend = nil; return f }()},
		{"no legend, portrait", func() *Figure { f := sampleFigure(t, 600, 900, false); f.Legend = nil; return f }()},
		{"landscape", sampleFigure(t, 900, 600, false)},
		{"A4", a4Figure(t)},
		{"long quotes", longKeyFigure(t, 2480, 3508, 300, 20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := render(t, tt.f)
			v := r.geo.View
			w, h := float64(v.Width), float64(v.Height)
			x0, y1 := v.Project(tt.f.Bound.Min)
			x1, y0 := v.Project(tt.f.Bound.Max)
			if !near((x0+x1)/2, w/2, 1) || !near((y0+y1)/2, h/2, 1) {
				t.Errorf("bound centred on %.1f,%.1f in a %gx%g frame", (x0+x1)/2, (y0+y1)/2, w, h)
			}
			if x0 < -1 || y0 < -1 || x1 > w+1 || y1 > h+1 {
				t.Errorf("bound at %.1f,%.1f-%.1f,%.1f is not all in the %gx%g frame", x0, y0, x1, y1, w, h)
			}
			_, exact := exactZoom(tt.f.Bound, v.Width, v.Height)
			switch {
			case near(v.Zoom, exact, 1e-9):
				if !near(x1-x0, w, 1) && !near(y1-y0, h, 1) {
					t.Errorf("bound %.1f×%.1f px does not fill the %gx%g frame on either axis", x1-x0, y1-y0, w, h)
				}
			case len(tt.f.Legend) == 0 || v.Zoom > exact || v.Zoom < exact-legendZoomOut-1e-9:
				t.Errorf("zoom %.4f, exact %.4f", v.Zoom, exact)
			}
		})
	}
}

// checkPage checks that every text of a rendered figure lies inside the
// image, that no two texts overlap, and that the texts of each part stay
// in their place: furniture inside the map frame, the rest outside it.
func checkPage(t *testing.T, r *figureResult) {
	t.Helper()
	pl := r.page
	img := draw.RectOf(r.img.Rect)
	mr := draw.RectOf(pl.mapRect)
	texts := pl.sortedTexts()
	for i, tx := range texts {
		b := tx.box()
		if !img.Contains(b) {
			t.Errorf("%s text %q at %v outside the image %v", tx.Role, tx.Text, b, r.img.Rect)
		}
		switch tx.Role {
		case "legend":
			if !draw.RectOf(pl.legendRect).Contains(b) {
				t.Errorf("legend text %q at %v outside the legend box %v", tx.Text, b, pl.legendRect)
			}
		case "scale":
			if !draw.RectOf(pl.scaleRect).Contains(b) {
				t.Errorf("scale text %q at %v outside the scale bar box %v", tx.Text, b, pl.scaleRect)
			}
		case "key":
			if !draw.RectOf(pl.keyRect).Contains(b) {
				t.Errorf("key text %q at %v outside the key panel %v", tx.Text, b, pl.keyRect)
			}
			fallthrough
		default:
			if overlaps(b, mr) {
				t.Errorf("%s text %q at %v overlaps the map %v", tx.Role, tx.Text, b, pl.mapRect)
			}
		}
		for _, u := range texts[i+1:] {
			// Pieces of one line touch; glyph boxes of different lines
			// must not overlap by more than a pixel.
			ub := u.box()
			ib := rect(math.Max(b.X0, ub.X0), math.Max(b.Y0, ub.Y0), math.Min(b.X1, ub.X1), math.Min(b.Y1, ub.Y1))
			if ib.X1-ib.X0 > 1 && ib.Y1-ib.Y0 > 1 {
				t.Errorf("texts %q %v and %q %v overlap", tx.Text, b, u.Text, ub)
			}
		}
	}
	if overlaps(draw.RectOf(pl.legendRect), draw.RectOf(pl.scaleRect)) {
		t.Errorf("legend %v overlaps the scale bar %v", pl.legendRect, pl.scaleRect)
	}
	for _, fr := range pl.furniture {
		if !mr.Contains(draw.RectOf(fr)) {
			t.Errorf("map furniture %v outside the map %v", fr, pl.mapRect)
		}
	}
}

func TestFigurePageLayout(t *testing.T) {
	long := sampleFigure(t, 700, 500, false)
	long.Title = strings.Repeat("A very long title about deployments ", 6)
	long.Subtitle = strings.Repeat("and a subtitle that goes on ", 8)
	long.Attribution = append(long.Attribution, strings.Repeat("Sources: a long list; ", 30))
	for i := range long.Key {
		long.Key[i].Title = strings.Repeat("Lengthy ", 12) + "title"
	}
	tiny := sampleFigure(t, 160, 120, false)
	tests := []struct {
		name string
		f    *Figure
	}{
		{"light landscape", sampleFigure(t, 900, 600, false)},
		{"dark portrait", sampleFigure(t, 600, 900, true)},
		{"A4 300 DPI", a4Figure(t)},
		{"A4 portrait 150 DPI", func() *Figure { f := a4Figure(t); f.Width, f.Height, f.DPI = 1240, 1754, 150; return f }()},
		{"long texts", long},
		{"tiny", tiny},
		{"1 DPI", func() *Figure { f := sampleFigure(t, 900, 600, false); f.DPI = 1; return f }()},
		{"2400 DPI", func() *Figure { f := sampleFigure(t, 900, 600, false); f.DPI = MaxFigureDPI; return f }()},
		{"no texts", func() *Figure {
			f := sampleFigure(t, 500, 400, true)
			f.Title, f.Subtitle, f.Legend, f.Key, f.Attribution, f.Exported = "", "", nil, nil, nil, time.Time{}
			return f
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkPage(t, render(t, tt.f))
		})
	}
}

func TestFigureLegendItems(t *testing.T) {
	f := sampleFigure(t, 900, 600, false)
	r := render(t, f)
	// The rows in their order, as placed (column by column).
	var got, want []string
	for _, tx := range r.page.texts {
		if tx.Role == "legend" {
			got = append(got, tx.Text)
		}
	}
	items := 0
	for _, it := range f.Legend {
		if it.Heading != "" {
			want = append(want, strings.ToUpper(it.Heading))
		} else {
			want = append(want, it.Text)
			items++
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("legend texts\n got %q\nwant %q", got, want)
	}
	if r.page.legendRows != items || r.page.legendMore != 0 {
		t.Errorf("legend rows %d (+%d more), want %d", r.page.legendRows, r.page.legendMore, items)
	}
	if r.page.legendOutside || !r.page.mapRect.Intersect(r.page.legendRect).Eq(r.page.legendRect) {
		t.Errorf("legend %v not on the map %v", r.page.legendRect, r.page.mapRect)
	}
	checkLegendClear(t, f, r.page)

	f.Legend = nil
	if r := render(t, f); !r.page.legendRect.Empty() {
		t.Errorf("legend box %v drawn for an empty legend", r.page.legendRect)
	}
}

func shortKey(f *Figure) *Figure {
	f.Key = f.Key[:min(len(f.Key), 6)]
	return f
}

// TestFigureLongKey checks a long key with a big legend on a landscape
// page: the key beside the map with every quote, and the legend where it
// covers no mark.
func TestFigureLongKey(t *testing.T) {
	f := sampleFigure(t, 1200, 800, false)
	for len(f.Key) < 12 {
		k := f.Key[0]
		k.Number = len(f.Key) + 1
		f.Key = append(f.Key, k)
	}
	for i := range 14 {
		f.Legend = append(f.Legend, LegendItem{Swatch: &f.Areas[0].Fill, Text: fmt.Sprintf("Extra item %d", i)})
	}
	r := render(t, f)
	pl := r.page
	if !pl.keyBeside || !pl.keyFull {
		t.Errorf("key beside the map %v, in full %v", pl.keyBeside, pl.keyFull)
	}
	if pl.legendMore != 0 {
		t.Errorf("legend leaves %d rows out", pl.legendMore)
	}
	checkLegendClear(t, f, pl)
	checkPage(t, r)
}

func TestFigureLegendOffMap(t *testing.T) {
	big := func(w, h int) *Figure {
		f := sampleFigure(t, w, h, false)
		for i := range 60 {
			f.Legend = append(f.Legend, LegendItem{Swatch: &f.Areas[0].Fill, Text: fmt.Sprintf("Extra item %d", i)})
		}
		return f
	}
	tests := []struct {
		name      string
		f         *Figure
		wantBelow bool
	}{
		// A legend too big for the map goes beside it on a landscape page
		// and below it on a portrait one.
		{"landscape", shortKey(big(1200, 800)), false},
		{"portrait", big(800, 1200), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := render(t, tt.f)
			pl := r.page
			if !pl.legendOutside {
				t.Fatalf("legend %v drawn on the map %v", pl.legendRect, pl.mapRect)
			}
			if below := pl.legendRect.Min.Y >= pl.mapRect.Max.Y; below != tt.wantBelow {
				t.Errorf("legend %v below the map %v: %v, want %v", pl.legendRect, pl.mapRect, below, tt.wantBelow)
			}
			checkLegendClear(t, tt.f, pl)
			checkPage(t, r)
		})
	}
}

func TestFigureLegendOverflow(t *testing.T) {
	f := sampleFigure(t, 500, 340, false)
	f.Key = nil
	for i := range 60 {
		f.Legend = append(f.Legend, LegendItem{Swatch: &f.Areas[0].Fill, Text: fmt.Sprintf("Extra item %d", i)})
	}
	items := 0
	for _, it := range f.Legend {
		if it.Heading == "" {
			items++
		}
	}
	r := render(t, f)
	pl := r.page
	if pl.legendMore == 0 || pl.legendRows+pl.legendMore != items {
		t.Fatalf("legend rows %d, %d more; want some left out of %d", pl.legendRows, pl.legendMore, items)
	}
	found := false
	for _, tx := range pl.texts {
		if tx.Role == "legend" && tx.Text == fmt.Sprintf("+%d more", pl.legendMore) {
			found = true
		}
	}
	if !found {
		t.Errorf("no \"+%d more\" line in the legend", pl.legendMore)
	}
	checkPage(t, r)
}

func TestFigureKeyOverflow(t *testing.T) {
	f := sampleFigure(t, 900, 600, false)
	for i := 12; i <= 200; i++ {
		f.Key = append(f.Key, KeyItem{Number: i, Title: fmt.Sprintf("Entry %d", i), Source: "Reuters", Date: "1 May 2019"})
	}
	r := render(t, f)
	pl := r.page
	if pl.keyMore == 0 || pl.keyShown+pl.keyMore != len(f.Key) {
		t.Fatalf("key shows %d, %d more, of %d", pl.keyShown, pl.keyMore, len(f.Key))
	}
	// "+N more" comes after the last entry shown, in its column.
	var last pageText
	for _, tx := range pl.texts {
		if tx.Role == "key" {
			last = tx
		}
	}
	if want := fmt.Sprintf("+%d more", pl.keyMore); last.Text != want {
		t.Errorf("last key text %q, want %q", last.Text, want)
	}
	checkPage(t, r)
}

func TestFigureDPIScaling(t *testing.T) {
	lo := a4Figure(t)
	lo.Width, lo.Height, lo.DPI = 1754, 1240, 150
	hi := a4Figure(t)
	a, b := render(t, lo).page, render(t, hi).page
	if b.zoom != a.zoom+1 {
		t.Errorf("zoom %d at 300 DPI, %d at 150 DPI; want one more", b.zoom, a.zoom)
	}
	near2 := func(x, y int) bool { return x*2-y >= -3 && x*2-y <= 3 }
	for _, r := range [][2]image.Rectangle{{a.mapRect, b.mapRect}, {a.keyRect, b.keyRect}, {a.legendRect, b.legendRect}} {
		if !near2(r[0].Min.X, r[1].Min.X) || !near2(r[0].Min.Y, r[1].Min.Y) || !near2(r[0].Max.X, r[1].Max.X) || !near2(r[0].Max.Y, r[1].Max.Y) {
			t.Errorf("150 DPI %v does not scale to 300 DPI %v", r[0], r[1])
		}
	}
	if len(a.texts) != len(b.texts) || a.keyShown != b.keyShown {
		t.Errorf("150 DPI has %d texts and %d key entries, 300 DPI %d and %d", len(a.texts), a.keyShown, len(b.texts), b.keyShown)
	}
}

func TestFigureMapOnly(t *testing.T) {
	f := sampleFigure(t, 640, 480, false)
	f.MapOnly = true
	r := render(t, f)
	if r.img.Rect != image.Rect(0, 0, 640, 480) || r.geo.Map != r.img.Rect {
		t.Fatalf("image %v, map %v; want the map to fill 640x480", r.img.Rect, r.geo.Map)
	}
	if len(r.page.texts) != 0 || len(r.page.ops) != 0 {
		t.Errorf("map-only figure has %d texts and %d furniture shapes", len(r.page.texts), len(r.page.ops))
	}
}

func TestFigureValidation(t *testing.T) {
	good := func() *Figure { return sampleFigure(t, 300, 200, false) }
	tests := []struct {
		name string
		edit func(f *Figure)
		want string
	}{
		{"zero width", func(f *Figure) { f.Width = 0 }, "width 0"},
		{"huge width", func(f *Figure) { f.Width = MaxFigureSide + 1 }, "width 12001"},
		{"negative height", func(f *Figure) { f.Height = -5 }, "height -5"},
		{"huge height", func(f *Figure) { f.Height = MaxFigureSide + 1 }, "height 12001"},
		{"negative DPI", func(f *Figure) { f.DPI = -1 }, "resolution -1"},
		{"huge DPI", func(f *Figure) { f.DPI = 2401 }, "resolution 2401"},
		{"NaN DPI", func(f *Figure) { f.DPI = math.NaN() }, "resolution NaN"},
		{"no basemap", func(f *Figure) { f.Basemap = nil }, "no basemap"},
		{"zero bound", func(f *Figure) { f.Bound = orb.Bound{} }, "is empty"},
		{"point bound", func(f *Figure) { f.Bound = orb.Bound{Min: bishkek, Max: bishkek} }, "is empty"},
		{"flat bound", func(f *Figure) { f.Bound = orb.Bound{Min: orb.Point{60, 40}, Max: orb.Point{70, 40}} }, "is empty"},
		{"inverted longitude", func(f *Figure) { f.Bound = orb.Bound{Min: orb.Point{70, 35}, Max: orb.Point{60, 45}} }, "minimum above"},
		{"inverted latitude", func(f *Figure) { f.Bound = orb.Bound{Min: orb.Point{60, 45}, Max: orb.Point{70, 35}} }, "minimum above"},
		{"beyond 180", func(f *Figure) { f.Bound.Max[0] = 181 }, "longitude"},
		{"beyond -180", func(f *Figure) { f.Bound.Min[0] = -180.5 }, "longitude"},
		{"beyond Mercator", func(f *Figure) { f.Bound.Max[1] = 86 }, "latitude"},
		{"NaN coordinate", func(f *Figure) { f.Bound.Min[1] = math.NaN() }, "not a number"},
		{"unknown tiles", func(f *Figure) { f.Tiles = &TileSource{Provider: "satellite"} }, "unknown tile provider"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := good()
			tt.edit(f)
			img, g, err := RenderFigure(context.Background(), f)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrInvalidFigure) || !strings.HasPrefix(err.Error(), "geo: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q: want ErrInvalidFigure mentioning %q", err, tt.want)
			}
			if img != nil || g != nil {
				t.Error("image or georeference returned with the error")
			}
		})
	}
	if _, _, err := RenderFigure(context.Background(), nil); !errors.Is(err, ErrInvalidFigure) {
		t.Errorf("nil figure: error %v", err)
	}
	f := good()
	f.DPI = 0
	if _, _, err := RenderFigure(context.Background(), f); err != nil {
		t.Errorf("zero DPI (72): %v", err)
	}
}

// countdownCtx is a context whose Err reports cancellation from its n-th
// call on, to cancel a render between two given stages.
type countdownCtx struct {
	context.Context
	n atomic.Int32
}

func (c *countdownCtx) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func TestFigureCancel(t *testing.T) {
	f := sampleFigure(t, 600, 400, false)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if img, _, err := RenderFigure(ctx, f); err != context.Canceled || img != nil {
		t.Fatalf("cancelled context: image %v, error %v", img != nil, err)
	}
	dctx, dcancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer dcancel()
	if _, _, err := RenderFigure(dctx, f); err != context.DeadlineExceeded {
		t.Fatalf("expired context: error %v", err)
	}
	// Cancelled at each later check in turn: every stage stops the render.
	for n := int32(1); ; n++ {
		c := &countdownCtx{Context: context.Background()}
		c.n.Store(n)
		_, _, err := RenderFigure(c, f)
		if err == nil {
			if n < 3 {
				t.Fatalf("render finished after only %d context checks", n)
			}
			break
		}
		if err != context.Canceled {
			t.Fatalf("cancelled after %d checks: error %v", n, err)
		}
		if n > 10000 {
			t.Fatal("render never finishes")
		}
	}
}

func TestWrapRuns(t *testing.T) {
	fonts, err := loadFigureFonts()
	if err != nil {
		t.Fatal(err)
	}
	st := textStyle{fonts.regular, 12, draw.RGB(0, 0, 0)}
	bold := textStyle{fonts.bold, 12, draw.RGB(0, 0, 0)}
	text := "The quick brown fox jumps over the lazy dog near the river bank"
	tests := []struct {
		name     string
		runs     []textRun
		maxW     float64
		maxLines int
		lines    int // -1: three or more
		cut      bool
	}{
		{"one line", []textRun{{"short text", st}}, 200, 0, 1, false},
		{"wrapped", []textRun{{text, st}}, 120, 0, -1, false},
		{"cut", []textRun{{text, st}}, 120, 2, 2, true},
		{"two styles", []textRun{{"Title", bold}, {" — Source, 1 May 2019", st}}, 90, 0, 2, false},
		{"long word", []textRun{{"Supercalifragilisticexpialidocious", st}}, 60, 0, 1, true},
		{"empty", []textRun{{"", st}}, 60, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, cut := wrapRuns(tt.runs, tt.maxW, tt.maxLines)
			if (tt.lines >= 0 && len(lines) != tt.lines) || (tt.lines < 0 && len(lines) < 3) || cut != tt.cut {
				t.Fatalf("%d lines, cut %v; want %d, %v", len(lines), cut, tt.lines, tt.cut)
			}
			for _, ln := range placeLinesOf(lines) {
				if ln.W > tt.maxW+0.01 {
					t.Errorf("line %q is %.1f px wide, limit %.0f", ln.Text, ln.W, tt.maxW)
				}
			}
			if tt.cut {
				last := lines[len(lines)-1]
				w := last.words[len(last.words)-1]
				if !strings.HasSuffix(w.pieces[len(w.pieces)-1].text, ellipsis) {
					t.Errorf("cut text does not end with an ellipsis")
				}
			}
		})
	}
}

// placeLinesOf returns each wrapped line as one text with the line's
// width, for width checks.
func placeLinesOf(lines []textLine) []pageText {
	var out []pageText
	for _, ln := range lines {
		var sb strings.Builder
		for i, w := range ln.words {
			if i > 0 {
				sb.WriteString(" ")
			}
			for _, p := range w.pieces {
				sb.WriteString(p.text)
			}
		}
		out = append(out, pageText{Text: sb.String(), W: ln.w})
	}
	return out
}
