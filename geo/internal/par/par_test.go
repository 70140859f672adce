package par

import (
	"context"
	"sync/atomic"
	"testing"
)

func TestForVisitsEachIndexOnce(t *testing.T) {
	for _, tt := range []struct{ n, workers int }{{0, 0}, {1, 0}, {1, 4}, {7, 1}, {100, 0}, {1000, 3}} {
		seen := make([]atomic.Int32, tt.n)
		For(context.Background(), tt.n, tt.workers, func(i int) { seen[i].Add(1) })
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Errorf("n=%d workers=%d: index %d called %d times", tt.n, tt.workers, i, c)
			}
		}
	}
}

func TestForStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	For(ctx, 1_000_000, 2, func(i int) {
		if calls.Add(1) == 10 {
			cancel()
		}
	})
	if c := calls.Load(); c >= 1_000_000 || c < 10 {
		t.Errorf("%d calls after cancelling at the 10th", c)
	}
	For(nil, 3, 0, func(int) {}) // a nil context never ends
}
