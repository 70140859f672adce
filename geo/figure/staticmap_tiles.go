package figure

import (
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"strconv"

	sm "github.com/flopp/go-staticmaps"
	"github.com/paulmach/orb"
)

// tileCachePerm is the permission of tile cache folders go-staticmaps
// creates.
const tileCachePerm = 0o755

// tileProvider returns the go-staticmaps provider named by a TileSource.
func tileProvider(name string) (*sm.TileProvider, error) {
	switch name {
	case "osm":
		return sm.NewTileProviderOpenStreetMaps(), nil
	case "carto-light":
		return sm.NewTileProviderCartoLight(), nil
	}
	return nil, fmt.Errorf("unknown tile provider %q (want \"osm\" or \"carto-light\")", name)
}

// tileSetup prepares the raster tiles of one figure.
type tileSetup struct {
	src         *TileSource
	provider    *sm.TileProvider
	attribution string
	need        []tileXY // the tiles of the map frame, after check
	zoom        int
}

// tileXY is a standard tile at the setup's zoom.
type tileXY struct{ x, y int }

// newTileSetup returns the setup for src.
func newTileSetup(src *TileSource) (*tileSetup, error) {
	p, err := tileProvider(src.Provider)
	if err != nil {
		return nil, fmt.Errorf("geo: figure tiles: %w", err)
	}
	c := sm.NewContext()
	c.SetTileProvider(p)
	return &tileSetup{src: src, provider: p, attribution: c.Attribution()}, nil
}

// path returns the cache file of tile t, in go-staticmaps' layout:
// CacheDir/provider name/zoom/x/y, without an extension.
func (ts *tileSetup) path(t tileXY) string {
	return filepath.Join(ts.src.CacheDir, ts.provider.Name, strconv.Itoa(ts.zoom), strconv.Itoa(t.x), strconv.Itoa(t.y))
}

// missing returns how many of the needed tiles are not readable images in
// the cache.
func (ts *tileSetup) missing() int {
	if ts.src.CacheDir == "" {
		return len(ts.need)
	}
	n := 0
	for _, t := range ts.need {
		if !readableImage(ts.path(t)) {
			n++
		}
	}
	return n
}

// readableImage reports whether the file at path starts like an image
// that can be decoded.
func readableImage(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	_, _, err = image.DecodeConfig(f)
	return err == nil
}

// check works out the tiles of a w×h map centred on center ([lon, lat]
// degrees) at zoom and returns a warning when they cannot all be drawn:
// when offline and some are not in the cache.
func (ts *tileSetup) check(w, h int, center orb.Point, zoom int) string {
	c := newStaticContext(w, h, center, zoom, nil)
	c.SetTileProvider(ts.provider)
	trans, err := c.Transformer()
	if err != nil {
		return fmt.Sprintf("%s tiles: %v; drawn with the vector basemap", ts.src.Provider, err)
	}
	ts.zoom = zoom
	ts.need = tilesOf(trans, zoom)
	if ts.src.Online {
		return ""
	}
	if n := ts.missing(); n > 0 {
		where := ts.src.CacheDir
		if where == "" {
			where = "(no cache folder given)"
		}
		return fmt.Sprintf("%s tiles are not all in the cache at %s (%d of %d missing) and downloading is off; drawn with the vector basemap",
			ts.src.Provider, where, n, len(ts.need))
	}
	return ""
}

// apply makes c draw the tiles: the provider without its attribution
// (go-staticmaps would print it inside the map; the figure prints it in
// its footer), the cache folder and the online setting.
func (ts *tileSetup) apply(c *sm.Context) {
	p := *ts.provider
	p.Attribution = ""
	c.SetTileProvider(&p)
	if ts.src.CacheDir != "" {
		c.SetCache(sm.NewTileCache(ts.src.CacheDir, tileCachePerm))
	} else {
		c.SetCache(nil)
	}
	c.SetOnline(ts.src.Online)
}

// afterRender returns a warning when tiles could not be downloaded, as far
// as the cache shows.
func (ts *tileSetup) afterRender() string {
	if !ts.src.Online || ts.src.CacheDir == "" {
		return ""
	}
	if n := ts.missing(); n > 0 {
		return fmt.Sprintf("%d of %d %s tiles could not be downloaded; those parts of the map show only the background",
			n, len(ts.need), ts.src.Provider)
	}
	return ""
}

// tilesOf lists the standard tiles go-staticmaps fetches for trans at
// zoom, with columns wrapped around the world as it does.
func tilesOf(trans *sm.Transformer, zoom int) []tileXY {
	n := 1 << zoom
	nf := float64(n)
	r := trans.Rect()
	x0 := int(math.Round((r.Lng.Lo/math.Pi + 1) / 2 * nf))
	x1 := int(math.Round((r.Lng.Hi/math.Pi + 1) / 2 * nf))
	tileY := func(lat float64) int {
		return int(math.Round((math.Pi - math.Asinh(math.Tan(lat))) / (2 * math.Pi) * nf))
	}
	y0, y1 := tileY(r.Lat.Hi), tileY(r.Lat.Lo)
	var out []tileXY
	for x := x0; x < x1; x++ {
		wx := ((x % n) + n) % n
		for y := y0; y < y1; y++ {
			if y >= 0 && y < n {
				out = append(out, tileXY{wx, y})
			}
		}
	}
	return out
}
