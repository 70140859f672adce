package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestWorldPixelKnownValues(t *testing.T) {
	tests := []struct {
		name   string
		p      orb.Point
		zoom   float64
		wx, wy float64
	}{
		{"origin z0", orb.Point{0, 0}, 0, 128, 128},
		{"origin z1", orb.Point{0, 0}, 1, 256, 256},
		{"west edge", orb.Point{-180, 0}, 0, 0, 128},
		{"east edge", orb.Point{180, 0}, 2, 1024, 512},
		{"north limit", orb.Point{0, MaxLatitude}, 0, 128, 0},
		{"south limit", orb.Point{0, -MaxLatitude}, 0, 128, 256},
		{"clamped beyond pole", orb.Point{0, 89.9}, 0, 128, 0},
		{"fractional zoom", orb.Point{0, 0}, 0.5, 128 * math.Sqrt2, 128 * math.Sqrt2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, y := WorldPixel(tt.p, tt.zoom)
			if !near(x, tt.wx, 1e-6) || !near(y, tt.wy, 1e-6) {
				t.Errorf("WorldPixel(%v, %v) = %.6f, %.6f; want %.6f, %.6f", tt.p, tt.zoom, x, y, tt.wx, tt.wy)
			}
			if math.Abs(tt.p[1]) <= MaxLatitude {
				back := WorldPixelToPoint(x, y, tt.zoom)
				if !near(back[0], tt.p[0], 1e-9) || !near(back[1], tt.p[1], 1e-7) {
					t.Errorf("WorldPixelToPoint round trip = %v; want %v", back, tt.p)
				}
			}
		})
	}
}

func TestViewportProjectKnown(t *testing.T) {
	v := Viewport{Center: orb.Point{0, 0}, Zoom: 0, Width: 256, Height: 256}
	x, y := v.Project(orb.Point{0, 0})
	if x != 128 || y != 128 {
		t.Fatalf("Project(0,0) at z0 = %v, %v; want 128, 128", x, y)
	}
	x, y = v.Project(orb.Point{-180, MaxLatitude})
	if !near(x, 0, 1e-9) || !near(y, 0, 1e-6) {
		t.Fatalf("Project(world corner) = %v, %v; want 0, 0", x, y)
	}
}

func TestViewportRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		center orb.Point
		zoom   float64
	}{
		{"z2", orb.Point{0, 0}, 2},
		{"fractional low", orb.Point{67.5, 41}, 3.37},
		{"fractional mid", orb.Point{69.2, 38.5}, 7.125},
		{"fractional high", orb.Point{71.45, 40.99}, 13.875},
		{"southern", orb.Point{-58.4, -34.6}, 9.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Viewport{Center: tt.center, Zoom: tt.zoom, Width: 1280, Height: 720}
			for _, px := range [][2]float64{{0, 0}, {640, 360}, {1279.5, 719.5}, {17.25, 600.75}} {
				p := v.Unproject(px[0], px[1])
				x, y := v.Project(p)
				if !near(x, px[0], 1e-6) || !near(y, px[1], 1e-6) {
					t.Errorf("Project(Unproject(%v)) = %v, %v", px, x, y)
				}
				x2, y2 := v.Transform()(p)
				if !near(x, x2, 1e-9) || !near(y, y2, 1e-9) {
					t.Errorf("Transform and Project disagree: %v,%v vs %v,%v", x, y, x2, y2)
				}
			}
			cx, cy := v.Project(tt.center)
			if !near(cx, 640, 1e-9) || !near(cy, 360, 1e-9) {
				t.Errorf("centre projects to %v, %v; want 640, 360", cx, cy)
			}
		})
	}
}

func TestViewportZoomAboutKeepsPointFixed(t *testing.T) {
	base := Viewport{Center: orb.Point{67.5, 41}, Zoom: 5.5, Width: 1920, Height: 1080}
	tests := []struct {
		name string
		x, y float64
		zoom float64
	}{
		{"centre in", 960, 540, 6.5},
		{"corner in", 0, 0, 7.25},
		{"corner out", 1920, 1080, 3.125},
		{"off-centre small step", 301.5, 811.25, 5.625},
		{"same zoom", 100, 100, 5.5},
		{"big jump", 1500, 200, 11.9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := base.Unproject(tt.x, tt.y)
			v := base.ZoomAbout(tt.x, tt.y, tt.zoom)
			if v.Zoom != tt.zoom {
				t.Fatalf("zoom = %v; want %v", v.Zoom, tt.zoom)
			}
			x, y := v.Project(before)
			if !near(x, tt.x, 1e-6) || !near(y, tt.y, 1e-6) {
				t.Errorf("point under pointer moved to %.6f, %.6f; want %v, %v", x, y, tt.x, tt.y)
			}
		})
	}
}

func TestViewportPan(t *testing.T) {
	v := Viewport{Center: orb.Point{67.5, 41}, Zoom: 6.3, Width: 800, Height: 600}
	p := v.Unproject(100, 100)
	moved := v.Pan(37.5, -12.25)
	x, y := moved.Project(p)
	if !near(x, 137.5, 1e-6) || !near(y, 87.75, 1e-6) {
		t.Fatalf("dragged content at %v, %v; want 137.5, 87.75", x, y)
	}
	if moved.Center[0] >= v.Center[0] {
		t.Errorf("dragging right should move the centre west: %v -> %v", v.Center, moved.Center)
	}
}

func TestViewportFit(t *testing.T) {
	tests := []struct {
		name   string
		b      orb.Bound
		w, h   int
		margin float64
	}{
		{"central asia", orb.Bound{Min: orb.Point{46.5, 35.1}, Max: orb.Point{87.3, 55.4}}, 1280, 720, 20},
		{"tall", orb.Bound{Min: orb.Point{66, 30}, Max: orb.Point{68, 50}}, 1280, 720, 10},
		{"tiny", orb.Bound{Min: orb.Point{69.27, 41.29}, Max: orb.Point{69.29, 41.31}}, 400, 300, 0},
		{"huge margin", orb.Bound{Min: orb.Point{60, 40}, Max: orb.Point{70, 45}}, 200, 200, 150},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Viewport{Width: tt.w, Height: tt.h, Zoom: 2}.Fit(tt.b, tt.margin)
			vb := v.Bound().Pad(1e-9)
			if !vb.Contains(tt.b.Min) || !vb.Contains(tt.b.Max) {
				t.Fatalf("view bound %v does not contain %v", vb, tt.b)
			}
			x0, y1 := v.Project(tt.b.Min)
			x1, y0 := v.Project(tt.b.Max)
			m := math.Min(tt.margin, math.Min(float64(tt.w), float64(tt.h))/2-0.5)
			const eps = 1e-6
			if x0 < m-eps || y0 < m-eps || x1 > float64(tt.w)-m+eps || y1 > float64(tt.h)-m+eps {
				t.Errorf("bound projects to [%v,%v]-[%v,%v], outside margin %v", x0, y0, x1, y1, m)
			}
			// Tight on at least one axis.
			if !near(x1-x0, math.Max(1, float64(tt.w)-2*tt.margin), 1e-6) && !near(y1-y0, math.Max(1, float64(tt.h)-2*tt.margin), 1e-6) {
				t.Errorf("fit not tight: %v x %v in %v x %v", x1-x0, y1-y0, tt.w, tt.h)
			}
		})
	}
	pt := orb.Point{69, 41}
	v := Viewport{Width: 100, Height: 100, Zoom: 4.5}.Fit(orb.Bound{Min: pt, Max: pt}, 10)
	if v.Zoom != 4.5 || !near(v.Center[0], 69, 1e-9) || !near(v.Center[1], 41, 1e-9) {
		t.Errorf("point fit = %+v; want centre %v at zoom 4.5", v, pt)
	}
}

func TestViewportClamp(t *testing.T) {
	limit := orb.Bound{Min: orb.Point{40, 30}, Max: orb.Point{90, 56}}
	tests := []struct {
		name string
		in   Viewport
		want Viewport
	}{
		{"inside", Viewport{Center: orb.Point{60, 40}, Zoom: 5}, Viewport{Center: orb.Point{60, 40}, Zoom: 5}},
		{"zoom low", Viewport{Center: orb.Point{60, 40}, Zoom: 1}, Viewport{Center: orb.Point{60, 40}, Zoom: 3}},
		{"zoom high", Viewport{Center: orb.Point{60, 40}, Zoom: 19}, Viewport{Center: orb.Point{60, 40}, Zoom: 12}},
		{"centre out", Viewport{Center: orb.Point{10, 70}, Zoom: 5}, Viewport{Center: orb.Point{40, 56}, Zoom: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in.Clamp(3, 12, limit)
			if got != tt.want {
				t.Errorf("Clamp = %+v; want %+v", got, tt.want)
			}
		})
	}
	free := Viewport{Center: orb.Point{10, 70}, Zoom: 5}.Clamp(0, 20, orb.Bound{})
	if free.Center != (orb.Point{10, 70}) {
		t.Errorf("zero limit moved the centre to %v", free.Center)
	}
}

func TestMetresPerPixel(t *testing.T) {
	tests := []struct {
		lat, zoom, want float64
	}{
		{0, 0, 156543.03392804097},
		{0, 10, 152.8740565703525},
		{60, 10, 76.43702828517625},
	}
	for _, tt := range tests {
		v := Viewport{Center: orb.Point{0, tt.lat}, Zoom: tt.zoom}
		if got := v.MetresPerPixel(); !near(got, tt.want, tt.want*1e-9) {
			t.Errorf("MetresPerPixel(lat %v, z %v) = %v; want %v", tt.lat, tt.zoom, got, tt.want)
		}
	}
}

func TestProjectUnits(t *testing.T) {
	v := Viewport{Center: orb.Point{67.5, 41}, Zoom: 5.375, Width: 801, Height: 600}
	pts := []orb.Point{{67.5, 41}, {74.57, 42.87}, {37.62, 55.76}, {-170, -80}}
	units := make([]orb.Point, len(pts))
	for i, p := range pts {
		x, y := ToUnit(p)
		units[i] = orb.Point{x, y}
	}
	got := v.ProjectUnits(nil, units)
	for i, p := range pts {
		x, y := v.Project(p)
		if math.Abs(got[i][0]-x) > 1e-9 || math.Abs(got[i][1]-y) > 1e-9 {
			t.Errorf("point %v: ProjectUnits %v, Project %v,%v", p, got[i], x, y)
		}
	}
}
