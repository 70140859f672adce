package app

import (
	"context"
	"fmt"
	"image"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"casmap/data"
	"casmap/geo"
)

// syntheticState is a dataset of n markers spread over Central Asia, with
// every kind, status and precision, for benchmarks.
func syntheticState(n int) *State {
	rng := rand.New(rand.NewPCG(1, 2))
	ds := &data.Dataset{Title: "synthetic"}
	for i := 0; i < n; i++ {
		ds.Markers = append(ds.Markers, &data.Marker{
			Index: i, ID: fmt.Sprintf("m%d", i), Title: fmt.Sprintf("Marker %d", i), Place: "Somewhere",
			Kind:      data.Kinds[rng.IntN(len(data.Kinds))],
			Status:    data.Statuses[rng.IntN(len(data.Statuses))],
			Precision: data.Precisions[rng.IntN(2)], // exact or city: no soft areas
			Actor:     []string{"RU", "US", "Taliban", ""}[rng.IntN(4)],
			Geometry:  orb.Point{50 + rng.Float64()*38, 33 + rng.Float64()*19},
		})
	}
	ds.Reindex()
	return NewState(ds)
}

// BenchmarkMapFrame10k measures what the window does for one frame while
// the user pans over 10 000 markers: lay out and cluster the markers for
// the new view, compose the basemap from warm tiles, draw symbols, labels,
// arrows and the scale bar, at 1920x1080.
func BenchmarkMapFrame10k(b *testing.B) {
	st := syntheticState(10_000)
	sc := newScene(false)
	defer sc.tiles.Close()
	sc.setDataset(st)
	v := geo.Viewport{Center: orb.Point{67.5, 41}, Zoom: 5.5, Width: 1920, Height: 1080}
	if err := sc.tiles.Warm(context.Background(), v); err != nil {
		b.Fatal(err)
	}
	dst := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	sc.draw(dst, frameInput{view: v, state: st})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Alternate between two views so the layout is recomputed each time.
		w := v
		if i%2 == 1 {
			w = v.Pan(1, 0)
		}
		sc.draw(dst, frameInput{view: w, state: st})
	}
}

// BenchmarkMapFramePan10k is BenchmarkMapFrame10k while the view pans on
// 16 pixels a frame across 4 800 pixels of the region, so the country
// names' candidate centres are sought again whenever the view leaves the
// area they cover.
func BenchmarkMapFramePan10k(b *testing.B) {
	st := syntheticState(10_000)
	sc := newScene(false)
	defer sc.tiles.Close()
	sc.setDataset(st)
	v := geo.Viewport{Center: orb.Point{67.5, 41}, Zoom: 5.5, Width: 1920, Height: 1080}
	for _, c := range []float64{61, 64, 67.5, 71, 74} {
		w := v
		w.Center[0] = c
		if err := sc.tiles.Warm(context.Background(), w); err != nil {
			b.Fatal(err)
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := v.Pan(float64(i%300-150)*16, 0)
		sc.draw(dst, frameInput{view: w, state: st})
	}
}
