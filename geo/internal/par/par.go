// Package par runs the data-parallel loops of casmap's cartography: tiles
// composed into a frame, marker bands and figure strips. One loop, used by
// every package under geo, instead of one per package.
package par

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls fn(i) for every i in [0, n), on up to maxWorkers goroutines
// (GOMAXPROCS when maxWorkers is 0 or more than GOMAXPROCS), handing out
// indices in increasing order. It returns when every call has returned.
// Once ctx is done no further index is handed out; a nil ctx never ends.
// With one worker, or n below 2, the calls run in order on the calling
// goroutine.
func For(ctx context.Context, n, maxWorkers int, fn func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	if maxWorkers > 0 {
		workers = min(workers, maxWorkers)
	}
	workers = min(workers, n)
	done := func() bool { return ctx != nil && ctx.Err() != nil }
	if workers < 2 {
		for i := 0; i < n && !done(); i++ {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for !done() {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}
