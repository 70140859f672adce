package app

import (
	"context"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"casmap/app/mapmodel"
	"casmap/data"
	"casmap/geo"
	"casmap/geo/draw"
	"casmap/geo/figure"
)

// TestWindowAndFigureAgree renders one view of the embedded dataset
// through the window's path (the scene over cached tiles) and through the
// figure's path (mapmodel.BuildFigure, drawn by package figure), at the
// same box, size and symbol size, and compares the two pictures: block
// averages of the whole map must be close, and every marker the figure
// draws must show its kind's colour at the same place in both. Labels and
// the window's interactive furniture differ in detail, which the block
// averages absorb; a change of style, projection or layer in one path
// alone does not pass.
func TestWindowAndFigureAgree(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, dark := range []bool{false, true} {
		st := NewState(ds)
		st.Filter.Route = false // route badges are numbered differently on purpose
		sc := newScene(dark)
		sc.setDataset(st)
		v := geo.Viewport{Center: orb.Point{69.5, 40}, Zoom: 5.6, Width: 800, Height: 560}
		if err := sc.tiles.Warm(context.Background(), v); err != nil {
			t.Fatal(err)
		}
		win := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
		sc.draw(win, frameInput{view: v, state: st})
		sc.tiles.Close()

		b := v.Bound()
		size := markSize(v.Zoom)
		opts := mapmodel.Options{Width: v.Width, Height: v.Height, DPI: 72 * size / 11, Bound: &b, Dark: dark}
		fig, err := mapmodel.BuildFigure(ds, st.Filter, opts, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		fig.MapOnly = true
		img, ref, err := figure.RenderFigure(context.Background(), fig)
		if err != nil {
			t.Fatal(err)
		}
		if d := math.Abs(ref.View.Zoom - v.Zoom); d > 1e-6 {
			t.Fatalf("figure zoom %.4f, window zoom %.4f: the figure does not draw the box at its exact scale", ref.View.Zoom, v.Zoom)
		}
		mean := blockDiff(win, img, 16)
		t.Logf("dark=%v: block diff %.2f", dark, mean)
		if os.Getenv("CASMAP_DRIFT_DIR") != "" {
			writeBoth(t, win, img)
		}
		if mean > 4 {
			writeBoth(t, win, img)
			t.Errorf("dark=%v: window and figure differ by %.1f on average over 16 px blocks (limit 4)", dark, mean)
		}
		// Each lone marker's symbol colour, at the same pixel in both.
		checked := 0
		for _, m := range fig.Marks {
			st := fig.Styles[m.Style]
			if st.Hollow || st.Faded {
				continue
			}
			x, y := v.Project(m.P)
			if !lone(fig.Marks, v, m.P, 2*size) || x < size || y < size || x > float64(v.Width)-size || y > float64(v.Height)-size {
				continue
			}
			want := [4]uint8{st.Fill.R, st.Fill.G, st.Fill.B, st.Fill.A}
			cx, cy := int(x), int(y+2) // below the centre: clear of a number
			if !near(win, cx, cy, want) || !near(img, cx, cy, want) {
				writeBoth(t, win, img)
				t.Errorf("dark=%v: marker at %v: window %v, figure %v near pixel %d,%d, want %v", dark, m.P,
					win.RGBAAt(cx, cy), img.RGBAAt(cx, cy), cx, cy, want)
			}
			checked++
		}
		if checked < 3 {
			t.Errorf("dark=%v: only %d markers compared", dark, checked)
		}
	}
}

// lone reports whether no other mark lies within r pixels of p in v.
func lone(ms []draw.Mark, v geo.Viewport, p orb.Point, r float64) bool {
	x, y := v.Project(p)
	n := 0
	for _, m := range ms {
		mx, my := v.Project(m.P)
		if math.Hypot(mx-x, my-y) < r {
			n++
		}
	}
	return n == 1
}

// near reports whether a pixel within 2 pixels of x, y has colour want
// (each channel within 24).
func near(img *image.RGBA, x, y int, want [4]uint8) bool {
	for dy := -2; dy <= 2; dy++ {
		for dx := -2; dx <= 2; dx++ {
			c := img.RGBAAt(x+dx, y+dy)
			if absDiff(c.R, want[0]) <= 24 && absDiff(c.G, want[1]) <= 24 && absDiff(c.B, want[2]) <= 24 {
				return true
			}
		}
	}
	return false
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// blockDiff is the mean absolute difference of the RGB averages of
// n×n pixel blocks of a and b.
func blockDiff(a, b *image.RGBA, n int) float64 {
	w, h := a.Rect.Dx(), a.Rect.Dy()
	var sum float64
	blocks := 0
	for by := 0; by+n <= h; by += n {
		for bx := 0; bx+n <= w; bx += n {
			var ca, cb [3]float64
			for y := by; y < by+n; y++ {
				for x := bx; x < bx+n; x++ {
					pa, pb := a.RGBAAt(x, y), b.RGBAAt(x, y)
					ca[0], ca[1], ca[2] = ca[0]+float64(pa.R), ca[1]+float64(pa.G), ca[2]+float64(pa.B)
					cb[0], cb[1], cb[2] = cb[0]+float64(pb.R), cb[1]+float64(pb.G), cb[2]+float64(pb.B)
				}
			}
			for c := range 3 {
				sum += math.Abs(ca[c]-cb[c]) / float64(n*n)
			}
			blocks++
		}
	}
	return sum / float64(3*blocks)
}

// writeBoth leaves the two pictures in a temporary folder for a person.
func writeBoth(t *testing.T, win, fig *image.RGBA) {
	t.Helper()
	dir := t.TempDir()
	if d := os.Getenv("CASMAP_DRIFT_DIR"); d != "" {
		dir = d
	}
	for name, img := range map[string]*image.RGBA{"window.png": win, "figure.png": fig} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(f, img)
		f.Close()
	}
	t.Logf("pictures in %s", dir)
}
