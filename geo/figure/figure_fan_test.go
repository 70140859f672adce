package figure

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"casmap/geo/draw"
)

// Kant air base and its neighbours, [lon, lat] degrees.
var (
	kant     = orb.Point{74.85, 42.85}
	bishkek2 = orb.Point{74.59, 42.87}
	kantRoad = orb.Point{74.72, 42.84}
)

// stackFigure is a 300 DPI A4 figure of the region with marks at pts,
// numbered from 1, each with a key entry.
func stackFigure(tb testing.TB, pts []orb.Point, styles []int) *Figure {
	tb.Helper()
	f := sampleFigure(tb, 3508, 2480, false)
	f.DPI = 300
	f.Bound = orb.Bound{Min: orb.Point{46, 34}, Max: orb.Point{88, 52}}
	f.Marks, f.Key, f.Routes, f.Lines, f.Areas, f.Soft = nil, nil, nil, nil, nil, nil
	for i, p := range pts {
		n := i + 1
		f.Marks = append(f.Marks, draw.Mark{P: p, Style: styles[i%len(styles)], Label: fmt.Sprint(n)})
		f.Key = append(f.Key, KeyItem{Number: n, Title: fmt.Sprintf("Item %d", n), Source: "Reuters", Date: "1 May 2019"})
	}
	return f
}

func TestFigureFanOut(t *testing.T) {
	tests := []struct {
		name   string
		pts    []orb.Point
		styles []int
	}{
		{"Kant and Bishkek", []orb.Point{kant, bishkek2}, []int{0, 3}},
		{"three near Kant", []orb.Point{kant, bishkek2, kantRoad}, []int{0, 3, 1}},
		{"three on one spot", []orb.Point{kant, kant, kant}, []int{0, 1, 3}},
		{"badges", []orb.Point{kant, bishkek2, kantRoad}, []int{2, 4, 2}}, // numbers in badges
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := stackFigure(t, tt.pts, tt.styles)
			r := render(t, f)
			pl := r.page
			fonts, _ := loadFigureFonts()
			styles := scaledStyles(f.Styles, pl.s)
			mf := fanMarks(f.Marks, styles, pl.view, fonts, pl.s)
			again := fanMarks(f.Marks, styles, pl.view, fonts, pl.s)
			if !slices.Equal(mf.drawn, again.drawn) {
				t.Fatal("fanning out is not deterministic")
			}
			// Every mark moved, the symbols apart, none far from home.
			for i := range f.Marks {
				if !mf.moved[i] {
					t.Errorf("mark %d not fanned out", i+1)
				}
				size := styles[f.Marks[i].Style].Size
				if d := math.Hypot(mf.drawn[i][0]-mf.at[i][0], mf.drawn[i][1]-mf.at[i][1]); d > 4*size {
					t.Errorf("mark %d drawn %.0f px from its place, symbol %.0f px", i+1, d, size)
				}
				for j := range i {
					ci, cj := centreOf(mf, f.Marks, styles, i), centreOf(mf, f.Marks, styles, j)
					apart := (size + styles[f.Marks[j].Style].Size) / 2
					if d := math.Hypot(ci[0]-cj[0], ci[1]-cj[1]); d < apart {
						t.Errorf("marks %d and %d drawn %.1f px apart, symbols %.1f px: they overlap", j+1, i+1, d, apart)
					}
				}
			}

			// As drawn: each number once, inside the map frame, not under
			// another mark's symbol, and a leader from each true place.
			c, g := record(t, f)
			ox, oy := float64(g.Map.Min.X), float64(g.Map.Min.Y)
			for i, m := range f.Marks {
				var got []recordedText
				for _, tx := range c.texts {
					b := tx.box()
					if tx.text == m.Label && b.X0 >= ox && b.Y0 >= oy && b.X1 <= float64(g.Map.Max.X) && b.Y1 <= float64(g.Map.Max.Y) {
						got = append(got, tx)
					}
				}
				if len(got) != 1 {
					t.Fatalf("number %s drawn %d times on the map", m.Label, len(got))
				}
				nb := got[0].box()
				for j := range f.Marks {
					if j == i {
						continue
					}
					st := styles[f.Marks[j].Style]
					cj := centreOf(mf, f.Marks, styles, j)
					sym := rect(cj[0]+ox-st.Size/2, cj[1]+oy-st.Size/2, cj[0]+ox+st.Size/2, cj[1]+oy+st.Size/2)
					if overlaps(inset(nb, 1), inset(sym, st.Size*0.15)) {
						t.Errorf("number %s at %v lies under mark %d at %v", m.Label, nb, j+1, sym)
					}
				}
				at := orb.Point{mf.at[i][0] + ox, mf.at[i][1] + oy}
				if !hasLineFrom(c, at) {
					t.Errorf("no leader from mark %d's place %v", i+1, at)
				}
			}

			// On the raster, each symbol shows its own colour beside its
			// number.
			for i, m := range f.Marks {
				st := styles[m.Style]
				if st.Shape != draw.Circle && st.Shape != draw.Square && st.Shape != draw.Diamond {
					continue
				}
				cx, cy := centreOf(mf, f.Marks, styles, i)[0]+ox, centreOf(mf, f.Marks, styles, i)[1]+oy
				want := [4]uint8{st.Fill.R, st.Fill.G, st.Fill.B, st.Fill.A}
				got := pixel(r.img, int(math.Round(cx+0.2*st.Size)), int(math.Round(cy+0.2*st.Size)))
				if !nearColour(got, want, 24) {
					t.Errorf("mark %d: pixel below right of its centre %v, want its fill %v", i+1, got, want)
				}
			}
		})
	}
}

func TestFanMarksApart(t *testing.T) {
	// Marks apart from each other stay where they are.
	f := stackFigure(t, []orb.Point{kant, {69.24, 41.3}, {68.79, 38.56}, {58.38, 37.95}}, []int{0, 1, 2, 3})
	pl := render(t, f).page
	fonts, _ := loadFigureFonts()
	mf := fanMarks(f.Marks, scaledStyles(f.Styles, pl.s), pl.view, fonts, pl.s)
	if mf.any || !slices.Equal(mf.at, mf.drawn) {
		t.Errorf("marks apart were moved: at %v, drawn %v", mf.at, mf.drawn)
	}
	// And marks with no style are not drawn or counted.
	f.Marks = append(f.Marks, draw.Mark{P: kant, Style: 99, Label: "9"})
	mf = fanMarks(f.Marks, scaledStyles(f.Styles, pl.s), pl.view, fonts, pl.s)
	if mf.show[len(f.Marks)-1] || mf.any {
		t.Error("a mark without a style is shown or moves others")
	}
}

func TestFanMarksMany(t *testing.T) {
	// A stack bigger than one ring spreads over several, none touching.
	pts := make([]orb.Point, 14)
	for i := range pts {
		pts[i] = kant
	}
	f := stackFigure(t, pts, []int{0, 1, 3})
	pl := render(t, f).page
	fonts, _ := loadFigureFonts()
	styles := scaledStyles(f.Styles, pl.s)
	mf := fanMarks(f.Marks, styles, pl.view, fonts, pl.s)
	for i := range f.Marks {
		for j := range i {
			ci, cj := centreOf(mf, f.Marks, styles, i), centreOf(mf, f.Marks, styles, j)
			if d := math.Hypot(ci[0]-cj[0], ci[1]-cj[1]); d < styles[0].Size {
				t.Errorf("marks %d and %d drawn %.1f px apart", j+1, i+1, d)
			}
		}
	}
}

// centreOf returns the visual centre of mark i as drawn, in view pixels.
func centreOf(mf *markFan, marks []draw.Mark, styles []draw.MarkStyle, i int) orb.Point {
	x, y := mf.centre(marks, styles, i)
	return orb.Point{x, y}
}

// inset returns r shrunk by d on every side.
func inset(r draw.Rect, d float64) draw.Rect { return rect(r.X0+d, r.Y0+d, r.X1-d, r.Y1-d) }

// hasLineFrom reports whether c has a stroked open line starting at p.
func hasLineFrom(c *recordCanvas, p orb.Point) bool {
	for _, rp := range c.paths {
		if rp.st.Stroke.A == 0 {
			continue
		}
		for _, s := range rp.subs {
			if len(s.Points) == 2 && math.Hypot(s.Points[0][0]-p[0], s.Points[0][1]-p[1]) < 0.5 {
				return true
			}
		}
	}
	return false
}

// nearColour reports whether the pixel got is within tol of want in every
// channel.
func nearColour(got [4]uint8, want [4]uint8, tol int) bool {
	for i := range got {
		if d := int(got[i]) - int(want[i]); d > tol || d < -tol {
			return false
		}
	}
	return true
}
