package figure

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/draw"
)

// markedCountries are the countries of countriesFigure's marks.
var markedCountries = []string{"KG", "TJ", "TM", "AF", "KZ", "UZ"}

// countriesFigure is a w×h figure at dpi on the real borders over 46–88°
// E, 34–52° N with three numbered marks in each of markedCountries, on the
// spots where their names usually go and on their capitals, and those
// countries in LabelCountries.
func countriesFigure(tb testing.TB, w, h int, dpi float64, labels bool) *Figure {
	tb.Helper()
	f := sampleFigure(tb, w, h, false)
	f.DPI = dpi
	f.Bound = orb.Bound{Min: orb.Point{46, 34}, Max: orb.Point{88, 52}}
	f.Labels = labels
	f.Marks, f.Key = nil, nil
	b := f.Basemap
	for i, iso := range markedCountries {
		c := b.Countries()[b.CountriesOf(iso)[0]]
		for k, p := range []orb.Point{c.Label, {c.Label[0] + 1, c.Label[1]}, c.CapitalPt} {
			n := len(f.Marks) + 1
			f.Marks = append(f.Marks, draw.Mark{P: p, Style: (i + k) % len(f.Styles), Label: fmt.Sprint(n)})
			f.Key = append(f.Key, KeyItem{Number: n, Title: "Report from " + c.Name, Source: "Reuters", Date: "1 May 2019"})
		}
	}
	f.LabelCountries = append([]string{"JP", "XX"}, markedCountries...) // out of view, unknown
	return f
}

func TestFigureCountryNames(t *testing.T) {
	tests := []struct {
		name   string
		w, h   int
		dpi    float64
		labels bool
	}{
		{"A4 landscape", 3508, 2480, 300, true},
		{"A4 landscape without other labels", 3508, 2480, 300, false},
		{"A4 portrait", 2480, 3508, 300, true},
		{"A4 landscape 150 DPI", 1754, 1240, 150, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := countriesFigure(t, tt.w, tt.h, tt.dpi, tt.labels)
			c, g := record(t, f)
			pl := render(t, f).page
			fonts, _ := loadFigureFonts()
			mf := fanMarks(f.Marks, scaledStyles(f.Styles, pl.s), pl.view, fonts, pl.s)
			ox, oy := float64(g.Map.Min.X), float64(g.Map.Min.Y)
			mr := draw.RectOf(g.Map)
			b := f.Basemap
			for _, iso := range markedCountries {
				country := b.Countries()[b.CountriesOf(iso)[0]]
				name := strings.ToUpper(country.Name)
				var got []recordedText
				for _, tx := range c.texts {
					if tx.text == name {
						got = append(got, tx)
					}
				}
				if len(got) != 1 {
					t.Errorf("%s drawn %d times, want once", name, len(got))
					continue
				}
				box := got[0].box()
				if !mr.Contains(box) {
					t.Errorf("%s at %v is outside the map %v", name, box, g.Map)
				}
				if got[0].st.Color != f.Theme.CountryLabel {
					t.Errorf("%s drawn in %v, not the country label colour", name, got[0].st.Color)
				}
				// On the country, or tied to it by a leader.
				inCountry := func(x, y float64) bool {
					ci, ok := b.CountryAt(g.View.Unproject(x-ox, y-oy))
					return ok && b.Countries()[ci].ISO == iso
				}
				if cx, cy := (box.X0+box.X1)/2, (box.Y0+box.Y1)/2; !inCountry(cx, cy) && !hasLeader(c, box, f.Theme.CountryLabel, inCountry) {
					t.Errorf("%s at %v is neither on %s nor tied to it by a leader", name, box, iso)
				}
				// Clear of the marks and the furniture.
				for i := range f.Marks {
					mb := mf.boxes[i]
					if mf.show[i] && overlaps(box, rect(mb.X0+ox, mb.Y0+oy, mb.X1+ox, mb.Y1+oy)) {
						t.Errorf("%s at %v covers mark %d", name, box, i+1)
					}
				}
				for _, fr := range pl.furniture {
					if overlaps(box, draw.RectOf(fr)) {
						t.Errorf("%s at %v covers the legend or scale bar %v", name, box, fr)
					}
				}
			}
			if t.Failed() {
				return
			}
			// Names asked for but out of view are not drawn.
			for _, tx := range c.texts {
				if tx.text == "JAPAN" {
					t.Error("JAPAN drawn, out of view")
				}
			}
		})
	}
}

// hasLeader reports whether c has a two-point line in col that starts on
// the edge of box and ends where in says.
func hasLeader(c *recordCanvas, box draw.Rect, col color.RGBA, in func(x, y float64) bool) bool {
	for _, rp := range c.paths {
		if rp.st.Stroke != col {
			continue
		}
		for _, s := range rp.subs {
			if len(s.Points) != 2 {
				continue
			}
			a, e := s.Points[0], s.Points[1]
			nx := math.Min(math.Max(a[0], box.X0), box.X1)
			ny := math.Min(math.Max(a[1], box.Y0), box.Y1)
			if math.Hypot(nx-a[0], ny-a[1]) < 1.5 && in(e[0], e[1]) {
				return true
			}
		}
	}
	return false
}

func TestPlaceCountryNamesFallbacks(t *testing.T) {
	f := countriesFigure(t, 900, 600, 72, true)
	f.LabelCountries = []string{"TJ"}
	b := f.Basemap
	tj := b.Countries()[b.CountriesOf("TJ")[0]]
	vp := geo.Viewport{Center: orb.Point{69, 39}, Zoom: 5, Width: 900, Height: 600}
	pr := vp.Projector()
	x0, y1 := pr.Project(tj.Bound.Min)
	x1, y0 := pr.Project(tj.Bound.Max)
	measure := func(text string, size float64) (float64, float64) { return draw.Measure(draw.Medium, text, size) }
	tests := []struct {
		name       string
		taken      boxes
		wantLeader bool
	}{
		{"free", nil, false},
		{"country covered", boxes{rect(x0, y0, x1, y1)}, true},
		{"view covered", boxes{rect(0, 0, 900, 600)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			taken := slices.Clone(tt.taken)
			got := placeCountryNames(f, vp, &taken, measure)
			if len(got) != 1 || got[0].Text != "TAJIKISTAN" {
				t.Fatalf("placed %v, want TAJIKISTAN", got)
			}
			n := got[0]
			if (n.Leader != nil) != tt.wantLeader {
				t.Fatalf("leader %v, want one: %v", n.Leader, tt.wantLeader)
			}
			box := rect(n.X, n.Y, n.X+n.W, n.Y+n.H)
			if !rect(0, 0, 900, 600).Contains(box) {
				t.Errorf("name at %v out of view", box)
			}
			if n.Leader != nil {
				end := vp.Unproject(n.Leader[1][0], n.Leader[1][1])
				if ci, ok := b.CountryAt(end); !ok || b.Countries()[ci].ISO != "TJ" {
					t.Errorf("leader ends at %v, outside Tajikistan", end)
				}
				if !freeOf(tt.taken, box) {
					t.Errorf("name with a leader at %v overlaps what was taken", box)
				}
			}
			if len(taken) <= len(tt.taken) {
				t.Error("the name's box was not added to taken")
			}
		})
	}
}

// freeOf reports whether r, grown by LabelPadding, is clear of every box.
func freeOf(bs boxes, r draw.Rect) bool {
	p := float64(geo.LabelPadding)
	for _, b := range bs {
		if overlaps(rect(r.X0-p, r.Y0-p, r.X1+p, r.Y1+p), b) {
			return false
		}
	}
	return true
}
