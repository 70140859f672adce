package basemap

import (
	"container/heap"
	"context"
	"errors"
	"image"
	"image/color"
	"maps"
	"math"
	"runtime"
	"sync"

	"casmap/geo"
	"casmap/geo/draw"
	"casmap/geo/internal/par"
)

// Fractional zoom strategy
//
// Tiles are rendered at quantised fractional zooms, ZoomSteps (8) per zoom
// level: the tile (Level, X, Y) is a 256-pixel square of a world that is
// WorldSize(Level/8) pixels wide. A view whose zoom is a multiple of 1/8 is
// therefore composed by copying whole tiles (the view origin is rounded to a
// whole pixel, so the basemap may sit up to half a pixel off the exact
// projection). A view between two steps (during a zoom animation) uses the
// nearest level resampled bilinearly by at most ±4.4%. While a tile of the
// wanted level is not rendered yet, Compose draws the best cached
// neighbouring level (or the previous style's tile) scaled in its place and
// asks the workers for it, so no frame ever waits for rendering.

// ErrClosed is returned by TileCache.Warm after Close.
var ErrClosed = errors.New("geo: tile cache closed")

// DefaultCacheBytes is the default memory budget of a TileCache, in bytes.
const DefaultCacheBytes = 96 << 20

// tileBytes is the memory held by one cached tile.
const tileBytes = geo.TileSize * geo.TileSize * 4

// fallbackRange is how many quantised levels either side of the wanted one
// Compose searches for a stand-in tile.
const fallbackRange = 4 * ZoomSteps

// CacheOptions configures a TileCache.
type CacheOptions struct {
	// Theme is the initial theme.
	Theme Theme
	// Fills are the initial per-country fill overrides, keyed by ISO code.
	Fills map[string]color.RGBA
	// MaxBytes bounds the memory of cached tiles; zero selects
	// DefaultCacheBytes.
	MaxBytes int64
	// Workers is the number of rendering goroutines; zero selects
	// runtime.NumCPU().
	Workers int
	// OnReady, when set, is called from a worker goroutine when a new tile
	// is ready. It is called at most once between two calls of Compose, so
	// a UI can schedule one redraw per notification.
	OnReady func()
}

// CacheStats describes the state of a TileCache.
type CacheStats struct {
	// Tiles and Bytes are the number and memory of cached tiles.
	Tiles int
	Bytes int64
	// Pending is the number of queued or rendering tiles.
	Pending int
	// Generation is the style generation (see SetStyle).
	Generation uint32
}

// cacheKey is a tile of one style generation.
type cacheKey struct {
	gen uint32
	TileKey
}

// cacheEntry is a rendered tile in the LRU list.
type cacheEntry struct {
	key        cacheKey
	img        *image.RGBA
	prev, next *cacheEntry
}

// request is a queued tile render.
type request struct {
	key   cacheKey
	epoch uint64
	prio  float64 // lower first
	index int
}

type requestQueue []*request

// Len, Less, Swap, Push and Pop implement heap.Interface.
func (q requestQueue) Len() int { return len(q) }
func (q requestQueue) Less(i, j int) bool {
	if q[i].epoch != q[j].epoch {
		return q[i].epoch > q[j].epoch
	}
	return q[i].prio < q[j].prio
}
func (q requestQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index, q[j].index = i, j
}
func (q *requestQueue) Push(x any) {
	r := x.(*request)
	r.index = len(*q)
	*q = append(*q, r)
}
func (q *requestQueue) Pop() any {
	old := *q
	r := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	r.index = -1
	return r
}

// TileCache renders basemap tiles in the background and composes views from
// them. Rendered tiles are immutable and kept in an LRU cache bounded by a
// byte budget. Missing tiles are rendered by a pool of worker goroutines;
// requests are deduplicated, the tiles nearest the centre of the latest view
// come first, and requests no longer wanted by the latest Compose or Warm
// are dropped. A style change (SetStyle) starts a new generation, so stale
// tiles are never shown as current.
//
// All methods are safe for concurrent use, but the cache serves one view:
// each Compose or Warm supersedes the requests of the previous one, so give
// each independent view its own cache. Call Close to stop the workers.
type TileCache struct {
	b       *Basemap
	onReady func()

	mu       sync.Mutex
	cond     *sync.Cond
	closed   bool
	gen      uint32
	theme    Theme
	fills    map[string]color.RGBA
	entries  map[cacheKey]*cacheEntry
	head     *cacheEntry // most recently used
	tail     *cacheEntry
	bytes    int64
	maxBytes int64
	pending  map[cacheKey]*request
	queue    requestQueue
	inflight map[cacheKey]struct{}
	epoch    uint64
	notified bool
	ready    chan struct{} // closed and replaced when a tile lands

	wg sync.WaitGroup
}

// NewTileCache starts a tile cache for b with its worker goroutines.
func NewTileCache(b *Basemap, opt CacheOptions) *TileCache {
	c := &TileCache{
		b:        b,
		onReady:  opt.OnReady,
		theme:    opt.Theme,
		fills:    maps.Clone(opt.Fills),
		entries:  map[cacheKey]*cacheEntry{},
		maxBytes: opt.MaxBytes,
		pending:  map[cacheKey]*request{},
		inflight: map[cacheKey]struct{}{},
		ready:    make(chan struct{}),
	}
	if c.maxBytes <= 0 {
		c.maxBytes = DefaultCacheBytes
	}
	c.cond = sync.NewCond(&c.mu)
	n := opt.Workers
	if n <= 0 {
		n = runtime.NumCPU()
	}
	c.wg.Add(n)
	for i := 0; i < n; i++ {
		go c.worker()
	}
	return c
}

// Close stops the workers and waits for them. The cache still composes
// from the tiles it holds but renders no more. Close may be called more
// than once.
func (c *TileCache) Close() {
	c.mu.Lock()
	c.closed = true
	c.queue = nil
	clear(c.pending)
	c.cond.Broadcast()
	c.mu.Unlock()
	c.wg.Wait()
}

// SetStyle changes the theme and the per-country fill overrides (keyed by
// ISO code). Tiles of the previous style are no longer current; they stay
// available as stand-ins until the new ones are rendered, and older ones are
// discarded.
func (c *TileCache) SetStyle(theme Theme, fills map[string]color.RGBA) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.theme = theme
	c.fills = maps.Clone(fills)
	c.queue = c.queue[:0]
	clear(c.pending)
	for e := c.tail; e != nil; {
		prev := e.prev
		if e.key.gen+1 < c.gen {
			c.remove(e)
		}
		e = prev
	}
}

// Style returns the current theme.
func (c *TileCache) Style() Theme {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.theme
}

// Stats returns the cache's current counters.
func (c *TileCache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Tiles: len(c.entries), Bytes: c.bytes, Pending: len(c.pending) + len(c.inflight), Generation: c.gen}
}

func (c *TileCache) worker() {
	defer c.wg.Done()
	// The worker's painter holds scratch buffers as big as the largest
	// tile's geometry; while no tile is queued they go back to the shared
	// pool, which the collector empties when the map stays idle.
	var p *draw.Painter
	for {
		c.mu.Lock()
		for !c.closed && len(c.queue) == 0 {
			if p != nil {
				draw.PutPainter(p)
				p = nil
			}
			c.cond.Wait()
		}
		if c.closed {
			c.mu.Unlock()
			return
		}
		r := heap.Pop(&c.queue).(*request)
		delete(c.pending, r.key)
		if r.epoch != c.epoch || r.key.gen != c.gen {
			c.mu.Unlock()
			continue
		}
		if _, ok := c.entries[r.key]; ok {
			c.mu.Unlock()
			continue
		}
		c.inflight[r.key] = struct{}{}
		theme, fills := c.theme, c.fills
		c.mu.Unlock()

		img := image.NewRGBA(image.Rect(0, 0, geo.TileSize, geo.TileSize))
		if p == nil {
			p = draw.GetPainter()
		}
		c.b.renderTile(p, img, r.key.TileKey, theme, fills)

		c.mu.Lock()
		delete(c.inflight, r.key)
		if c.closed || r.key.gen != c.gen {
			c.mu.Unlock()
			continue
		}
		c.insert(r.key, img)
		close(c.ready)
		c.ready = make(chan struct{})
		notify := c.onReady != nil && !c.notified
		c.notified = true
		c.mu.Unlock()
		if notify {
			c.onReady()
		}
	}
}

// insert adds a tile as most recently used and evicts over budget; the
// caller holds c.mu.
func (c *TileCache) insert(k cacheKey, img *image.RGBA) {
	if e, ok := c.entries[k]; ok {
		e.img = img
		c.touch(e)
		return
	}
	e := &cacheEntry{key: k, img: img}
	c.entries[k] = e
	c.pushFront(e)
	c.bytes += tileBytes
	for c.bytes > c.maxBytes && c.tail != nil && c.tail != e {
		c.remove(c.tail)
	}
}

func (c *TileCache) pushFront(e *cacheEntry) {
	e.prev, e.next = nil, c.head
	if c.head != nil {
		c.head.prev = e
	}
	c.head = e
	if c.tail == nil {
		c.tail = e
	}
}

func (c *TileCache) unlink(e *cacheEntry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		c.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		c.tail = e.prev
	}
	e.prev, e.next = nil, nil
}

func (c *TileCache) touch(e *cacheEntry) {
	if c.head == e {
		return
	}
	c.unlink(e)
	c.pushFront(e)
}

func (c *TileCache) remove(e *cacheEntry) {
	c.unlink(e)
	delete(c.entries, e.key)
	c.bytes -= tileBytes
}

// lookup returns a cached tile and marks it used; the caller holds c.mu.
func (c *TileCache) lookup(k cacheKey) *image.RGBA {
	e, ok := c.entries[k]
	if !ok {
		return nil
	}
	c.touch(e)
	return e.img
}

// request queues a render of k for the current epoch; the caller holds
// c.mu.
func (c *TileCache) request(k cacheKey, prio float64) {
	if c.closed {
		return
	}
	if _, ok := c.inflight[k]; ok {
		return
	}
	if r, ok := c.pending[k]; ok {
		r.epoch, r.prio = c.epoch, prio
		heap.Fix(&c.queue, r.index)
		return
	}
	r := &request{key: k, epoch: c.epoch, prio: prio}
	c.pending[k] = r
	heap.Push(&c.queue, r)
	c.cond.Signal()
}

// plan is the tile layout of a view.
type plan struct {
	level    int
	w        float64 // world size at the level, pixels
	scale    float64 // view pixels per level pixel
	ox, oy   float64 // level world pixel at the view's top-left
	exact    bool
	tx0, ty0 int     // first tile
	tx1, ty1 int     // last tile (inclusive)
	ntx, nty int     // tiles in the world per axis
	cx, cy   float64 // view centre in level world pixels
}

func makePlan(v geo.Viewport) plan {
	pl := plan{level: LevelFor(v.Zoom)}
	zq := float64(pl.level) / ZoomSteps
	pl.w = geo.WorldSize(zq)
	pl.scale = math.Exp2(v.Zoom - zq)
	pl.exact = math.Abs(v.Zoom*ZoomSteps-float64(pl.level)) < 1e-6
	ux, uy := geo.ToUnit(v.Center)
	pl.cx, pl.cy = ux*pl.w, uy*pl.w
	pl.ox = pl.cx - float64(v.Width)/2/pl.scale
	pl.oy = pl.cy - float64(v.Height)/2/pl.scale
	if pl.exact {
		pl.scale = 1
		pl.ox, pl.oy = math.Round(pl.ox), math.Round(pl.oy)
	}
	pl.tx0 = int(math.Floor(pl.ox / geo.TileSize))
	pl.ty0 = int(math.Floor(pl.oy / geo.TileSize))
	pl.tx1 = int(math.Floor((pl.ox + float64(v.Width)/pl.scale - 1e-9) / geo.TileSize))
	pl.ty1 = int(math.Floor((pl.oy + float64(v.Height)/pl.scale - 1e-9) / geo.TileSize))
	pl.ntx = int(math.Ceil(pl.w / geo.TileSize))
	pl.nty = pl.ntx
	return pl
}

// inWorld reports whether the tile exists in the world.
func (pl *plan) inWorld(tx, ty int) bool {
	return tx >= 0 && ty >= 0 && tx < pl.ntx && ty < pl.nty
}

// prio orders tiles by distance from the view centre.
func (pl *plan) prio(tx, ty int) float64 {
	dx := (float64(tx)+0.5)*geo.TileSize - pl.cx
	dy := (float64(ty)+0.5)*geo.TileSize - pl.cy
	return dx*dx + dy*dy
}

// tileRect returns the view pixel rectangle of tile (tx, ty): the pixels
// whose centres fall inside it.
func (pl *plan) tileRect(tx, ty int) image.Rectangle {
	x0 := (float64(tx)*geo.TileSize - pl.ox) * pl.scale
	y0 := (float64(ty)*geo.TileSize - pl.oy) * pl.scale
	x1 := (float64(tx+1)*geo.TileSize - pl.ox) * pl.scale
	y1 := (float64(ty+1)*geo.TileSize - pl.oy) * pl.scale
	return image.Rect(int(math.Ceil(x0-0.5)), int(math.Ceil(y0-0.5)), int(math.Ceil(x1-0.5)), int(math.Ceil(y1-0.5)))
}

// placed is a tile image with its affine placement in the view.
type placed struct {
	img   *image.RGBA
	clip  image.Rectangle // view pixels to cover
	scale float64         // view pixels per tile pixel
	x, y  float64         // view position of the tile's top-left corner
	blit  bool            // whole-pixel copy
}

// Compose draws the basemap of v into dst, whose top-left v.Width×v.Height
// pixels are the view. Cached tiles of the current style at v's quantised
// level are copied (or resampled when v.Zoom is between levels); missing
// ones are requested from the workers and replaced by scaled stand-ins from
// neighbouring levels, or sea. It reports whether every tile was exact.
// Compose never waits for rendering.
func (c *TileCache) Compose(dst *image.RGBA, v geo.Viewport) (complete bool) {
	pl := makePlan(v)
	var draws []placed
	var missing [][2]int
	complete = true

	c.mu.Lock()
	c.epoch++
	c.notified = false
	gen, sea := c.gen, c.theme.Sea
	for ty := pl.ty0; ty <= pl.ty1; ty++ {
		for tx := pl.tx0; tx <= pl.tx1; tx++ {
			if !pl.inWorld(tx, ty) {
				continue // sea
			}
			k := cacheKey{gen: gen, TileKey: TileKey{Level: pl.level, X: tx, Y: ty}}
			if img := c.lookup(k); img != nil {
				draws = append(draws, pl.placement(img, tx, ty))
				continue
			}
			complete = false
			missing = append(missing, [2]int{tx, ty})
			c.request(k, pl.prio(tx, ty))
		}
	}
	var stand []placed
	for _, m := range missing {
		stand = append(stand, c.standIns(&pl, gen, m[0], m[1])...)
	}
	c.prune(&pl, v)
	c.mu.Unlock()

	view := image.Rectangle{Min: dst.Rect.Min, Max: dst.Rect.Min.Add(image.Pt(v.Width, v.Height))}.Intersect(dst.Rect)
	if len(draws) < (pl.tx1-pl.tx0+1)*(pl.ty1-pl.ty0+1) || !pl.exact {
		draw.FillRect(dst, view, sea)
	}
	for _, d := range stand {
		d.draw(dst, view)
	}
	drawTiles(dst, view, draws, !pl.exact)
	return complete
}

// keepViews is how far from a view, in half-diagonals of the view, cached
// tiles are kept for panning back; farther ones are dropped.
const keepViews = 3

// prune drops the tiles that cannot serve the view v or a view near it: those
// more than fallbackRange levels away, which Compose never uses even as
// stand-ins, and those whose centre is more than keepViews half-diagonals of
// the view from its centre. The LRU budget bounds the rest. The caller
// holds c.mu.
func (c *TileCache) prune(pl *plan, v geo.Viewport) {
	ux, uy := geo.ToUnit(v.Center)
	world := pl.w * pl.scale // the world's width in pixels at v.Zoom
	keep := keepViews * math.Hypot(float64(v.Width), float64(v.Height)) / 2 / world
	for e := c.tail; e != nil; {
		prev := e.prev
		k := e.key.TileKey
		far := k.Level > pl.level+fallbackRange || k.Level < pl.level-fallbackRange
		if !far {
			n := geo.WorldSize(float64(k.Level)/ZoomSteps) / geo.TileSize // tiles across the world at k's level
			tx, ty := (float64(k.X)+0.5)/n, (float64(k.Y)+0.5)/n
			far = math.Hypot(tx-ux, ty-uy) > keep+0.71/n
		}
		if far {
			c.remove(e)
		}
		e = prev
	}
}

// drawTiles draws tiles that cover disjoint pixels; resampled ones are
// spread over the available cores.
func drawTiles(dst *image.RGBA, view image.Rectangle, draws []placed, parallel bool) {
	workers := 4
	if !parallel {
		workers = 1
	}
	par.For(nil, len(draws), workers, func(i int) { draws[i].draw(dst, view) })
}

// placement returns how tile (tx, ty) of the plan's level is drawn.
func (pl *plan) placement(img *image.RGBA, tx, ty int) placed {
	return placed{
		img:   img,
		clip:  pl.tileRect(tx, ty),
		scale: pl.scale,
		x:     (float64(tx)*geo.TileSize - pl.ox) * pl.scale,
		y:     (float64(ty)*geo.TileSize - pl.oy) * pl.scale,
		blit:  pl.exact,
	}
}

// standIns finds cached tiles that can stand in for the missing tile
// (tx, ty): the previous style's tile if present, otherwise tiles of the
// nearest levels, searched outwards until one level covers the whole area.
// Partly covered nearer levels are kept and drawn over the full one, so the
// result is returned farthest level first. The caller holds c.mu.
func (c *TileCache) standIns(pl *plan, gen uint32, tx, ty int) []placed {
	clip := pl.tileRect(tx, ty)
	if gen > 0 {
		k := cacheKey{gen: gen - 1, TileKey: TileKey{Level: pl.level, X: tx, Y: ty}}
		if img := c.lookup(k); img != nil {
			return []placed{pl.placement(img, tx, ty)}
		}
	}
	// Unit-space area of the missing tile.
	u0x, u0y := float64(tx)*geo.TileSize/pl.w, float64(ty)*geo.TileSize/pl.w
	u1x, u1y := float64(tx+1)*geo.TileSize/pl.w, float64(ty+1)*geo.TileSize/pl.w
	viewW := pl.w * pl.scale // view world size in pixels
	var layers [][]placed
	for d := 1; d <= fallbackRange && len(layers) < maxStandInLayers; d++ {
		for _, lvl := range [2]int{pl.level - d, pl.level + d} {
			if lvl < 0 {
				continue
			}
			w := geo.WorldSize(float64(lvl) / ZoomSteps)
			ax0 := int(math.Floor(u0x * w / geo.TileSize))
			ay0 := int(math.Floor(u0y * w / geo.TileSize))
			ax1 := int(math.Floor((u1x*w - 1e-6) / geo.TileSize))
			ay1 := int(math.Floor((u1y*w - 1e-6) / geo.TileSize))
			if (ax1-ax0+1)*(ay1-ay0+1) > 16 {
				continue
			}
			n := int(math.Ceil(w / geo.TileSize))
			var layer []placed
			full := true
			for ay := ay0; ay <= ay1; ay++ {
				for ax := ax0; ax <= ax1; ax++ {
					if ax < 0 || ay < 0 || ax >= n || ay >= n {
						continue
					}
					img := c.lookup(cacheKey{gen: gen, TileKey: TileKey{Level: lvl, X: ax, Y: ay}})
					if img == nil {
						full = false
						continue
					}
					layer = append(layer, placed{
						img:   img,
						clip:  clip,
						scale: viewW / w,
						x:     (float64(ax)*geo.TileSize/w*pl.w - pl.ox) * pl.scale,
						y:     (float64(ay)*geo.TileSize/w*pl.w - pl.oy) * pl.scale,
					})
				}
			}
			if len(layer) > 0 {
				layers = append(layers, layer)
			}
			if full && len(layer) > 0 {
				return flattenReverse(layers)
			}
		}
	}
	return flattenReverse(layers)
}

// maxStandInLayers bounds how many partly covered levels are drawn under a
// missing tile.
const maxStandInLayers = 3

// flattenReverse concatenates layers, last layer first.
func flattenReverse(layers [][]placed) []placed {
	var out []placed
	for i := len(layers) - 1; i >= 0; i-- {
		out = append(out, layers[i]...)
	}
	return out
}

// draw paints the placed tile into dst, limited to its clip and to view
// (both in dst pixels relative to view's top-left).
func (d placed) draw(dst *image.RGBA, view image.Rectangle) {
	r := d.clip.Add(view.Min).Intersect(view)
	if r.Empty() {
		return
	}
	if d.blit {
		// Whole-pixel copy: the tile's top-left is at an integer offset.
		sx := r.Min.X - view.Min.X - int(math.Round(d.x))
		sy := r.Min.Y - view.Min.Y - int(math.Round(d.y))
		n := 4 * r.Dx()
		for y := r.Min.Y; y < r.Max.Y; y++ {
			so := d.img.PixOffset(sx, sy+y-r.Min.Y)
			do := dst.PixOffset(r.Min.X, y)
			copy(dst.Pix[do:do+n], d.img.Pix[so:so+n])
		}
		return
	}
	scaleBilinear(dst, r, d.img, float64(view.Min.X)+d.x, float64(view.Min.Y)+d.y, d.scale)
}

// Prefetch requests every tile of v that is not cached and returns at
// once, so that a view about to be drawn (the window's first) finds its
// tiles rendered or under way. Like Compose it supersedes earlier requests.
func (c *TileCache) Prefetch(v geo.Viewport) {
	pl := makePlan(v)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requestView(&pl)
}

// requestView requests, for a new epoch, the tiles of pl that are not
// cached and returns how many; the caller holds c.mu.
func (c *TileCache) requestView(pl *plan) (missing int) {
	c.epoch++
	for ty := pl.ty0; ty <= pl.ty1; ty++ {
		for tx := pl.tx0; tx <= pl.tx1; tx++ {
			if !pl.inWorld(tx, ty) {
				continue
			}
			k := cacheKey{gen: c.gen, TileKey: TileKey{Level: pl.level, X: tx, Y: ty}}
			if _, ok := c.entries[k]; ok {
				continue
			}
			missing++
			c.request(k, pl.prio(tx, ty))
		}
	}
	return missing
}

// Warm requests every tile of v and waits until all are cached or ctx is
// done. It is meant for tests, benchmarks and exports; like Compose it
// supersedes earlier requests. The view's tiles must fit in the byte
// budget.
func (c *TileCache) Warm(ctx context.Context, v geo.Viewport) error {
	pl := makePlan(v)
	for {
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return ErrClosed
		}
		missing := c.requestView(&pl)
		ch := c.ready
		c.mu.Unlock()
		if missing == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}
