package app

import (
	"context"
	"image"
	"testing"

	"github.com/paulmach/orb"

	"casmap/data/layers"
	"casmap/geo"
)

// BenchmarkLayerFrame100k is one frame of the window panning over a layer
// of 100 000 points and the embedded dataset, at 1920x1080.
func BenchmarkLayerFrame100k(b *testing.B) {
	st := syntheticState(200)
	l := &layers.Layer{Name: "big.csv", Format: "CSV"}
	for i := range 100_000 {
		l.Features = append(l.Features, layers.Feature{
			Geometry: orb.Point{55 + float64(i%3000)/100, 35 + float64(i/3000)/2},
			Props:    map[string]any{"marker-color": []string{"#e53935", "#1e88e5", "#43a047"}[i%3]},
		})
	}
	st.Layers = []*LayerView{{Layer: l, Visible: true, Opacity: 1}}
	sc := newScene(false)
	defer sc.tiles.Close()
	sc.setDataset(st)
	v := geo.Viewport{Center: orb.Point{67.5, 41}, Zoom: 5.5, Width: 1920, Height: 1080}
	if err := sc.tiles.Warm(context.Background(), v); err != nil {
		b.Fatal(err)
	}
	dst := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := v
		if i%2 == 1 {
			w = v.Pan(1, 0)
		}
		sc.draw(dst, frameInput{view: w, state: st})
	}
}
