package vector

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"casmap/geo/draw"
)

func TestAppendNumbers(t *testing.T) {
	nums := []struct {
		v          float64
		num, coord string
		hundredths int64
	}{
		{0, "0", "0", 0},
		{3, "3", "3", 300},
		{12.5, "12.5", "12.5", 1250},
		{-0.05, "-.05", "-.05", -5},
		{0.004, "0", "0", 0},
		{1.005, "1", "1", 100}, // 1.005 is just below in binary
		{-123.456, "-123.46", "-123.46", -12346},
		{2e6, "2000000", "1000000", 1e8},
		{-2e6, "-2000000", "-1000000", -1e8},
		{math.NaN(), "", "0", 0},
	}
	for _, tt := range nums {
		if tt.num != "" {
			if got := string(AppendNum(nil, tt.v)); got != tt.num {
				t.Errorf("AppendNum(%v) = %q, want %q", tt.v, got, tt.num)
			}
		}
		if got := string(AppendCoord(nil, tt.v)); got != tt.coord {
			t.Errorf("AppendCoord(%v) = %q, want %q", tt.v, got, tt.coord)
		}
		if got := Hundredths(tt.v); got != tt.hundredths {
			t.Errorf("Hundredths(%v) = %d, want %d", tt.v, got, tt.hundredths)
		}
	}
	for _, tt := range []struct {
		v    float64
		want string
	}{{-1, "0"}, {0, "0"}, {0.0004, "0"}, {0.5, ".5"}, {0.25, ".25"}, {0.125, ".125"}, {0.9996, "1"}, {2, "1"}, {128.0 / 255, ".502"}} {
		if got := string(AppendUnit(nil, tt.v)); got != tt.want {
			t.Errorf("AppendUnit(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestUnpremultiply(t *testing.T) {
	for _, tt := range []struct {
		c       color.RGBA
		r, g, b uint8
	}{
		{color.RGBA{}, 0, 0, 0},
		{color.RGBA{10, 20, 30, 255}, 10, 20, 30},
		{color.RGBA{0, 0, 128, 128}, 0, 0, 255},
		{color.RGBA{64, 32, 0, 128}, 128, 64, 0},
		{color.RGBA{200, 200, 200, 100}, 255, 255, 255}, // out of range: clamped
	} {
		if r, g, b := Unpremultiply(tt.c); r != tt.r || g != tt.g || b != tt.b {
			t.Errorf("Unpremultiply(%v) = %d %d %d, want %d %d %d", tt.c, r, g, b, tt.r, tt.g, tt.b)
		}
	}
}

func TestVertices(t *testing.T) {
	nan := math.NaN()
	cw := []orb.Point{{0, 0}, {10, 0}, {10, 10}, {0, 10}}
	ccw := []orb.Point{{0, 0}, {0, 10}, {10, 10}, {10, 0}}
	for _, tt := range []struct {
		name   string
		s      draw.Subpath
		filled bool
		want   []orb.Point
	}{
		{"outline kept", draw.Subpath{Points: cw, Closed: true}, true, cw},
		{"outline reversed", draw.Subpath{Points: ccw, Closed: true}, true, []orb.Point{{10, 0}, {10, 10}, {0, 10}, {0, 0}}},
		{"hole reversed", draw.Subpath{Points: cw, Closed: true, Hole: true}, true, []orb.Point{{0, 10}, {10, 10}, {10, 0}, {0, 0}}},
		{"closing point dropped", draw.Subpath{Points: append(slices.Clone(cw), cw[0]), Closed: true}, false, cw},
		{"open line kept", draw.Subpath{Points: ccw}, false, ccw},
		{"filled open line wound", draw.Subpath{Points: ccw}, true, []orb.Point{{10, 0}, {10, 10}, {0, 10}, {0, 0}}},
		{"non-finite dropped", draw.Subpath{Points: []orb.Point{{nan, 1}, {1, 2}, {math.Inf(1), 0}, {3, 4}}}, false, []orb.Point{{1, 2}, {3, 4}}},
		{"too few", draw.Subpath{Points: []orb.Point{{1, 1}, {nan, 0}}, Closed: true}, true, []orb.Point{{1, 1}}},
	} {
		in := slices.Clone(tt.s.Points)
		buf := make([]orb.Point, 1, 2)
		got := Vertices(buf, &tt.s, tt.filled)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
		if fmt.Sprint(tt.s.Points) != fmt.Sprint(in) {
			t.Errorf("%s: input changed to %v", tt.name, tt.s.Points)
		}
	}
}

func TestChecks(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	if PageScale(nan, 0.75) != 0.75 || PageScale(-1, 0.75) != 0.75 || PageScale(inf, 0.75) != 0.75 || PageScale(0.5, 0.75) != 0.5 {
		t.Error("PageScale keeps an unusable scale or drops a usable one")
	}
	if w, h := PageSize(nan, -5); w != 0 || h != 0 {
		t.Errorf("PageSize(NaN, -5) = %v, %v", w, h)
	}
	if w, h := PageSize(1e300, 20); w != MaxCoord || h != 20 {
		t.Errorf("PageSize(1e300, 20) = %v, %v", w, h)
	}
	if ValidDash([]float64{1, nan}) != nil || ValidDash([]float64{1, -1}) != nil || ValidDash([]float64{0, 0.001}) != nil || ValidDash([]float64{3, 0}) == nil {
		t.Error("ValidDash")
	}
	if Strokes(&draw.Style{Stroke: color.RGBA{A: 255}, Width: nan}) || !Strokes(&draw.Style{Stroke: color.RGBA{A: 1}, Width: 0.1}) {
		t.Error("Strokes")
	}
	if FiniteRect(draw.Rect{X1: inf}) || !FiniteRect(draw.Rect{X0: -1, X1: 1}) || FiniteCircle(&draw.Subpath{R: nan}) {
		t.Error("FiniteRect or FiniteCircle")
	}
	st := draw.TextStyle{Size: 12, Halo: color.RGBA{A: 1}}
	if !TextShown("a", 1, 2, &st) || TextShown("", 1, 2, &st) || TextShown("a", nan, 2, &st) || TextShown("a", 1, 2, &draw.TextStyle{Size: 12}) {
		t.Error("TextShown")
	}
}
