package basemap

import (
	"context"
	"errors"
	"image"
	"image/color"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/draw"
)

// alignedView returns a view at zoom whose top-left corner is a whole world
// pixel, so that composed tiles match a direct rendering exactly.
func alignedView(near orb.Point, zoom float64, w, h int) geo.Viewport {
	x, y := geo.WorldPixel(near, zoom)
	x, y = float64(int(x))+float64(w)/2, float64(int(y))+float64(h)/2
	return geo.Viewport{Center: geo.WorldPixelToPoint(x, y, zoom), Zoom: zoom, Width: w, Height: h}
}

func warm(tb testing.TB, c *TileCache, v geo.Viewport) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.Warm(ctx, v); err != nil {
		tb.Fatalf("Warm: %v", err)
	}
}

func TestComposeMatchesRenderView(t *testing.T) {
	b := NewBasemap(loadFixture(t, "mini.geojson"))
	tests := []struct {
		name  string
		v     geo.Viewport
		exact bool
		mean  float64
	}{
		{"quantised zoom", alignedView(orb.Point{66, 42.5}, 5.375, 300, 200), true, 0.01},
		{"integer zoom", alignedView(orb.Point{64, 42}, 6, 256, 256), true, 0.01},
		{"between levels", geo.Viewport{Center: orb.Point{66, 42.5}, Zoom: 5.43, Width: 300, Height: 200}, false, 1.5},
		{"offset centre", geo.Viewport{Center: orb.Point{65.123, 42.456}, Zoom: 5.5, Width: 320, Height: 240}, false, 2.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewTileCache(b, CacheOptions{Theme: LightTheme()})
			defer c.Close()
			warm(t, c, tt.v)
			got := image.NewRGBA(image.Rect(0, 0, tt.v.Width, tt.v.Height))
			if !c.Compose(got, tt.v) {
				t.Fatal("Compose after Warm is not complete")
			}
			want := image.NewRGBA(got.Rect)
			b.RenderView(want, tt.v, LightTheme(), nil)
			mean, _, err := imageDiff(got, want)
			if err != nil {
				t.Fatal(err)
			}
			if mean > tt.mean {
				t.Errorf("composed view differs from direct rendering: mean %.3f > %.3f", mean, tt.mean)
			}
		})
	}
}

func TestComposeFallbackAndReady(t *testing.T) {
	b := NewBasemap(loadFixture(t, "mini.geojson"))
	var ready atomic.Int32
	c := NewTileCache(b, CacheOptions{Theme: LightTheme(), OnReady: func() { ready.Add(1) }})
	defer c.Close()
	v := alignedView(orb.Point{66, 42.5}, 5, 400, 300)
	warm(t, c, v)
	if n := ready.Load(); n != 1 {
		t.Errorf("OnReady called %d times without Compose; want 1", n)
	}
	img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	if !c.Compose(img, v) {
		t.Fatal("warm view not complete")
	}
	// One level up is not cached: the frame comes from scaled stand-ins.
	up := v.ZoomAbout(200, 150, 5.125)
	if c.Compose(img, up) {
		t.Fatal("uncached level reported complete")
	}
	want := image.NewRGBA(img.Rect)
	b.RenderView(want, up, LightTheme(), nil)
	if mean, _, _ := imageDiff(img, want); mean > 3 {
		t.Errorf("stand-in frame too far from the real one: mean diff %.2f", mean)
	}
	// The missing tiles arrive in the background and OnReady fires again.
	deadline := time.Now().Add(30 * time.Second)
	for !c.Compose(img, up) {
		if time.Now().After(deadline) {
			t.Fatal("tiles never arrived")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if ready.Load() < 2 {
		t.Errorf("OnReady not called after new tiles: %d", ready.Load())
	}
}

func TestSetStyleInvalidates(t *testing.T) {
	b := NewBasemap(loadFixture(t, "mini.geojson"))
	c := NewTileCache(b, CacheOptions{Theme: LightTheme()})
	defer c.Close()
	v := alignedView(orb.Point{66, 42.5}, 5, 256, 256)
	warm(t, c, v)
	img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	c.Compose(img, v)
	light := coverageOf(img, LightTheme().Land)

	fills := map[string]color.RGBA{"AA": draw.RGB(10, 120, 10)}
	c.SetStyle(DarkTheme(), fills)
	fills["AA"] = draw.RGB(0, 0, 0) // the cache keeps its own copy
	if c.Compose(img, v) {
		t.Fatal("Compose complete right after a style change")
	}
	if got := coverageOf(img, LightTheme().Land); !near(got, light, 1e-9) {
		t.Errorf("previous style not used as stand-in: land share %.3f; want %.3f", got, light)
	}
	warm(t, c, v)
	if !c.Compose(img, v) {
		t.Fatal("not complete after Warm")
	}
	want := image.NewRGBA(img.Rect)
	b.RenderView(want, v, DarkTheme(), map[string]color.RGBA{"AA": draw.RGB(10, 120, 10)})
	if mean, _, _ := imageDiff(img, want); mean > 0.01 {
		t.Errorf("restyled frame differs from direct rendering: %.3f", mean)
	}
	if st := c.Stats(); st.Generation != 1 {
		t.Errorf("generation = %d; want 1", st.Generation)
	}
}

func TestTileCacheBudget(t *testing.T) {
	b := NewBasemap(loadFixture(t, "mini.geojson"))
	c := NewTileCache(b, CacheOptions{Theme: LightTheme(), MaxBytes: 6 * tileBytes, Workers: 2})
	defer c.Close()
	for _, lon := range []float64{60, 62.5, 65, 67.5, 70} {
		warm(t, c, alignedView(orb.Point{lon, 42}, 8, 200, 200))
		if st := c.Stats(); st.Bytes > 6*tileBytes || st.Tiles > 6 {
			t.Fatalf("cache over budget: %+v", st)
		}
	}
	if st := c.Stats(); st.Tiles != 6 || st.Bytes != 6*tileBytes {
		t.Errorf("cache should be full after evictions: %+v", st)
	}
	// The most recent view is still cached.
	v := alignedView(orb.Point{70, 42}, 8, 200, 200)
	if !c.Compose(image.NewRGBA(image.Rect(0, 0, 200, 200)), v) {
		t.Error("latest view was evicted")
	}
	if c.Style() != LightTheme() {
		t.Error("Style does not return the current theme")
	}
}

func TestStaleRequestsDropped(t *testing.T) {
	b := NewBasemap(loadFixture(t, "mini.geojson"))
	c := NewTileCache(b, CacheOptions{Theme: LightTheme(), Workers: 1})
	defer c.Close()
	far := geo.Viewport{Center: orb.Point{66, 42.5}, Zoom: 9, Width: 1920, Height: 1080}
	farLevel := LevelFor(far.Zoom)
	countFar := func() int {
		c.mu.Lock()
		defer c.mu.Unlock()
		n := 0
		for k := range c.entries {
			if k.Level == farLevel {
				n++
			}
		}
		return n
	}
	c.Compose(image.NewRGBA(image.Rect(0, 0, far.Width, far.Height)), far) // queues about 40 tiles
	near := alignedView(orb.Point{66, 42.5}, 4, 256, 256)
	c.Compose(image.NewRGBA(image.Rect(0, 0, near.Width, near.Height)), near)
	before := countFar()
	warm(t, c, near)
	time.Sleep(20 * time.Millisecond)
	// Only the tile being rendered when the view changed may still land.
	if after := countFar(); after > before+1 {
		t.Errorf("%d tiles of the abandoned view were rendered after it was left (had %d)", after, before)
	}
	if st := c.Stats(); st.Pending != 0 {
		t.Errorf("pending = %d after the view was warmed", st.Pending)
	}
}

func TestTileCacheClose(t *testing.T) {
	b := NewBasemap(loadFixture(t, "mini.geojson"))
	c := NewTileCache(b, CacheOptions{Theme: LightTheme()})
	v := alignedView(orb.Point{66, 42.5}, 5, 256, 256)
	warm(t, c, v)
	c.Close()
	c.Close()
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	if !c.Compose(img, v) {
		t.Error("closed cache lost its tiles")
	}
	if err := c.Warm(context.Background(), v.Pan(500, 0)); !errors.Is(err, ErrClosed) {
		t.Errorf("Warm after Close = %v; want ErrClosed", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c2 := NewTileCache(b, CacheOptions{Theme: LightTheme(), Workers: 1})
	defer c2.Close()
	if err := c2.Warm(ctx, v); !errors.Is(err, context.Canceled) {
		t.Errorf("Warm with cancelled context = %v", err)
	}
}

func TestComposeOutsideWorld(t *testing.T) {
	b := NewBasemap(loadFixture(t, "mini.geojson"))
	c := NewTileCache(b, CacheOptions{Theme: DarkTheme()})
	defer c.Close()
	v := geo.Viewport{Center: orb.Point{0, 0}, Zoom: 0.5, Width: 800, Height: 800}
	warm(t, c, v)
	img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	if !c.Compose(img, v) {
		t.Fatal("not complete")
	}
	if px := pixel(img, 2, 2); px != rgba4(DarkTheme().Sea) {
		t.Errorf("area outside the world = %v; want sea", px)
	}
}

func TestComposeDropsFarTiles(t *testing.T) {
	b := NewBasemap(loadFixture(t, "mini.geojson"))
	c := NewTileCache(b, CacheOptions{Theme: LightTheme(), Workers: 2})
	defer c.Close()
	img := image.NewRGBA(image.Rect(0, 0, 200, 200))
	home := alignedView(orb.Point{60, 42}, 8, 200, 200)
	near := alignedView(orb.Point{60.3, 42}, 8, 200, 200)
	far := alignedView(orb.Point{70, 42}, 8, 200, 200)
	deep := alignedView(orb.Point{70, 42}, 8+float64(fallbackRange)/ZoomSteps+1, 200, 200)
	levels := func() map[int]int {
		c.mu.Lock()
		defer c.mu.Unlock()
		n := map[int]int{}
		for k := range c.entries {
			n[k.Level]++
		}
		return n
	}
	tests := []struct {
		name string
		v    geo.Viewport
		keep func(k TileKey) bool // which of home's tiles must stay
	}{
		{"a short pan keeps the tiles around", near, func(TileKey) bool { return true }},
		{"a long pan drops the tiles left behind", far, func(TileKey) bool { return false }},
		{"zooming past the stand-in range drops the other levels", deep, func(TileKey) bool { return false }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warm(t, c, home)
			c.Compose(img, home)
			before := levels()[LevelFor(home.Zoom)]
			warm(t, c, tt.v)
			c.Compose(img, tt.v)
			c.mu.Lock()
			defer c.mu.Unlock()
			pl := makePlan(home)
			for ty := pl.ty0; ty <= pl.ty1; ty++ {
				for tx := pl.tx0; tx <= pl.tx1; tx++ {
					k := TileKey{Level: pl.level, X: tx, Y: ty}
					_, ok := c.entries[cacheKey{gen: c.gen, TileKey: k}]
					if ok != tt.keep(k) {
						t.Errorf("tile %+v cached = %v after the move; want %v", k, ok, !ok)
					}
				}
			}
			if before == 0 {
				t.Fatal("the home view left no tiles")
			}
		})
	}
}

// TestPrefetch checks that Prefetch renders a view's tiles without a
// Compose, and that a later Prefetch supersedes an earlier one's requests,
// as the window's layout at its minimum size is superseded by its real one.
func TestPrefetch(t *testing.T) {
	b := NewBasemap(loadFixture(t, "mini.geojson"))
	var ready atomic.Int32
	c := NewTileCache(b, CacheOptions{Theme: LightTheme(), Workers: 1, OnReady: func() { ready.Add(1) }})
	defer c.Close()
	small := alignedView(orb.Point{60, 42}, 3, 300, 200)
	v := alignedView(orb.Point{66, 42.5}, 6, 600, 400)
	// Both requests before the worker can take one (Prefetch locks the
	// same way).
	c.mu.Lock()
	ps := makePlan(small)
	c.requestView(&ps)
	c.mu.Unlock()
	c.Prefetch(v)
	pv := makePlan(v)
	want := 0
	for ty := pv.ty0; ty <= pv.ty1; ty++ {
		for tx := pv.tx0; tx <= pv.tx1; tx++ {
			if pv.inWorld(tx, ty) {
				want++
			}
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for c.Stats().Tiles < want {
		if time.Now().After(deadline) {
			t.Fatalf("%d of the %d prefetched tiles arrived", c.Stats().Tiles, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if ready.Load() == 0 {
		t.Error("OnReady was not called for the prefetched tiles")
	}
	img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	if !c.Compose(img, v) {
		t.Error("the prefetched view is not complete")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if k.Level == ps.level {
			t.Errorf("tile %v of the superseded view was rendered", k.TileKey)
		}
	}
}
