package geo

import (
	"reflect"
	"testing"

	"github.com/paulmach/orb"
)

func TestCluster(t *testing.T) {
	v := Viewport{Center: orb.Point{67, 41}, Zoom: 6, Width: 800, Height: 600}
	at := func(x, y float64) orb.Point { return v.Unproject(x, y) }
	tests := []struct {
		name    string
		v       Viewport
		pts     []orb.Point
		visible []int
		radius  float64
		want    [][]int
	}{
		{"5 px apart cluster", v, []orb.Point{at(400, 300), at(405, 300)}, nil, 20, [][]int{{0, 1}}},
		{"100 px apart stay apart", v, []orb.Point{at(400, 300), at(500, 300)}, nil, 20, [][]int{{0}, {1}}},
		{"split when zoomed in", v.ZoomAbout(400, 300, 9), []orb.Point{at(400, 300), at(405, 300)}, nil, 20, [][]int{{0}, {1}}},
		{"only visible", v, []orb.Point{at(400, 300), at(402, 300), at(404, 300)}, []int{0, 2}, 20, [][]int{{0, 2}}},
		{"greedy from first", v, []orb.Point{at(100, 100), at(115, 100), at(130, 100), at(145, 100)}, nil, 20, [][]int{{0, 1}, {2, 3}}},
		{"grid boundaries", v, []orb.Point{at(399, 299), at(401, 301), at(381, 300)}, nil, 20, [][]int{{0, 1, 2}}},
		{"empty", v, nil, nil, 20, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			groups := Cluster(tt.v, tt.pts, tt.visible, tt.radius)
			var got [][]int
			for _, g := range groups {
				got = append(got, g.Members)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("groups = %v; want %v", got, tt.want)
			}
			again := Cluster(tt.v, tt.pts, tt.visible, tt.radius)
			if !reflect.DeepEqual(groups, again) {
				t.Error("clustering is not deterministic")
			}
		})
	}
}

func TestClusterCenter(t *testing.T) {
	v := Viewport{Center: orb.Point{67, 41}, Zoom: 6, Width: 800, Height: 600}
	pts := []orb.Point{v.Unproject(400, 300), v.Unproject(410, 300)}
	g := Cluster(v, pts, nil, 30)
	if len(g) != 1 {
		t.Fatalf("got %d groups", len(g))
	}
	x, y := v.Project(g[0].Center)
	if !near(x, 405, 1e-6) || !near(y, 300, 1e-6) {
		t.Errorf("centre at %v, %v; want 405, 300", x, y)
	}
	single := Cluster(v, pts[:1], nil, 30)
	if single[0].Center != pts[0] {
		t.Errorf("single point group moved: %v", single[0].Center)
	}
}
