package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

// fixedMeasure sizes every character 6 px wide and the line 10 px high.
func fixedMeasure(text string, size float64) (float64, float64) {
	return float64(len(text)) * 6, 10
}

func TestPlaceLabels(t *testing.T) {
	v := Viewport{Center: orb.Point{67, 41}, Zoom: 6, Width: 400, Height: 300}
	at := func(x, y float64) orb.Point { return v.Unproject(x, y) }
	tests := []struct {
		name   string
		labels []Label
		want   []string
	}{
		{"no overlap", []Label{{Text: "AAAA", At: at(100, 100)}, {Text: "BBBB", At: at(300, 200)}}, []string{"AAAA", "BBBB"}},
		{"overlap keeps higher priority", []Label{{Text: "LOW", At: at(100, 100), Priority: 1}, {Text: "HIGH", At: at(105, 102), Priority: 5}}, []string{"HIGH"}},
		{"padding counts", []Label{{Text: "AAAA", At: at(100, 100)}, {Text: "BBBB", At: at(100, 100+10+LabelPadding-1)}}, []string{"AAAA"}},
		{"just clear of padding", []Label{{Text: "AAAA", At: at(100, 100)}, {Text: "BBBB", At: at(100, 100+10+LabelPadding+1)}}, []string{"AAAA", "BBBB"}},
		{"ties keep input order", []Label{{Text: "FIRST", At: at(100, 100)}, {Text: "SECOND", At: at(100, 100)}}, []string{"FIRST"}},
		{"off-screen skipped", []Label{{Text: "EDGE", At: at(5, 100)}, {Text: "OUT", At: at(-50, 100)}, {Text: "IN", At: at(200, 150)}}, []string{"IN"}},
		{"offset moves the box", []Label{{Text: "CAP", At: at(100, 100), DX: 20}, {Text: "X", At: at(100, 100)}}, []string{"CAP", "X"}},
		{"empty text skipped", []Label{{Text: "", At: at(100, 100)}}, nil},
		{"alternate shift", []Label{{Text: "AAAA", At: at(100, 100), Priority: 2}, {Text: "BBBB", At: at(100, 100), Alt: [][2]float64{{0, 5}, {0, 20}}}}, []string{"AAAA", "BBBB"}},
		{"obstacle blocks", []Label{{At: at(100, 100), Size: 10, Obstacle: true}, {Text: "AAAA", At: at(100, 100)}, {Text: "BBBB", At: at(300, 100)}}, []string{"BBBB"}},
		{"only obstacles", []Label{{At: at(100, 100), Size: 10, Obstacle: true}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			placed := PlaceLabels(v, tt.labels, fixedMeasure)
			var got []string
			for _, p := range placed {
				got = append(got, p.Text)
				if p.X < 0 || p.Y < 0 || p.X+p.W > 400 || p.Y+p.H > 300 {
					t.Errorf("%s placed partly off-screen at %v,%v", p.Text, p.X, p.Y)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("placed %v; want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("placed %v; want %v", got, tt.want)
				}
			}
			for i := range placed {
				for j := i + 1; j < len(placed); j++ {
					a, b := placed[i], placed[j]
					if a.X < b.X+b.W+LabelPadding && b.X < a.X+a.W+LabelPadding && a.Y < b.Y+b.H+LabelPadding && b.Y < a.Y+a.H+LabelPadding {
						t.Errorf("%s and %s overlap", a.Text, b.Text)
					}
				}
			}
		})
	}
}

func TestPlaceLabelsBox(t *testing.T) {
	v := Viewport{Center: orb.Point{67, 41}, Zoom: 6, Width: 400, Height: 300}
	p := PlaceLabels(v, []Label{{Text: "ABC", At: v.Unproject(200, 150), DX: 10, DY: -5, Size: 12}}, fixedMeasure)
	if len(p) != 1 {
		t.Fatal("label not placed")
	}
	if !near(p[0].X, 200+10-9, 1e-9) || !near(p[0].Y, 150-5-5, 1e-9) || p[0].W != 18 || p[0].H != 10 {
		t.Errorf("box = %+v", p[0])
	}
	alt := PlaceLabels(v, []Label{
		{Text: "AAAA", At: v.Unproject(200, 150), Priority: 1},
		{Text: "BBBB", At: v.Unproject(200, 150), Alt: [][2]float64{{0, 30}}},
	}, fixedMeasure)
	if len(alt) != 2 || alt[1].DX != 0 || alt[1].DY != 30 || !near(alt[1].Y, 175, 1e-9) {
		t.Errorf("alternate placement = %+v", alt)
	}
	if PlaceLabels(v, nil, fixedMeasure) != nil || PlaceLabels(v, []Label{{Text: "A"}}, nil) != nil {
		t.Error("degenerate input placed labels")
	}
}
