package figure

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"casmap/geo/basemap"
)

// peerRenders is the number of timed Mapnik renders per benchmark run.
const peerRenders = 10

// Files of the Mapnik peer in testdata/peer.
var (
	peerScript = filepath.Join("testdata", "peer", "mapnik_render.py")
	peerStyle  = filepath.Join("testdata", "peer", "mapnik_style.xml")
)

var peerPython struct {
	once sync.Once
	path string
	err  error
}

// mapnikPython returns a Python interpreter that imports mapnik, or skips
// tb. It tries $CASMAP_MAPNIK_PYTHON, then python3 on the PATH, then
// /usr/bin/python3, where Debian's python3-mapnik package installs the
// module when the PATH's python3 is another build (pyenv, a venv).
func mapnikPython(tb testing.TB) string {
	tb.Helper()
	peerPython.once.Do(func() {
		var tried []string
		for _, py := range []string{os.Getenv("CASMAP_MAPNIK_PYTHON"), "python3", "/usr/bin/python3"} {
			if py == "" {
				continue
			}
			if err := exec.Command(py, "-c", "import mapnik").Run(); err == nil {
				peerPython.path = py
				return
			}
			tried = append(tried, py)
		}
		peerPython.err = fmt.Errorf("no Python with mapnik (tried %s; install the Debian packages python3-mapnik and mapnik-utils, or set CASMAP_MAPNIK_PYTHON)", strings.Join(tried, ", "))
	})
	if peerPython.err != nil {
		tb.Skipf("Mapnik peer: %v", peerPython.err)
	}
	return peerPython.path
}

// peerWorkload is the figure of export1000Figure written for Mapnik.
type peerWorkload struct {
	dir           string     // holds borders.geojson and marks.geojson
	extent        [4]float64 // min x, min y, max x, max y in EPSG:3857 metres
	width, height int        // image size in pixels
}

// writePeerWorkload renders f once to learn its map frame and writes into
// a temporary directory what the frame draws: the basemap's countries as
// MultiPolygon features with their iso_a2, and the marks as Point features
// with their style index. f must be MapOnly, so that the frame is the whole
// image.
func writePeerWorkload(tb testing.TB, f *Figure) peerWorkload {
	tb.Helper()
	_, g, err := RenderFigure(context.Background(), f)
	if err != nil {
		tb.Fatal(err)
	}
	if g.Map != fullRect(f) {
		tb.Fatalf("map frame %v is not the whole %d×%d image", g.Map, f.Width, f.Height)
	}
	// X0 and Y0 are the centre of the top-left pixel; the extent is the
	// outer edge of the image.
	mpp := g.MetresPerPixel
	minX, maxY := g.X0-mpp/2, g.Y0+mpp/2
	w := peerWorkload{
		dir:    tb.TempDir(),
		extent: [4]float64{minX, maxY - float64(f.Height)*mpp, minX + float64(f.Width)*mpp, maxY},
		width:  f.Width, height: f.Height,
	}

	borders := geojson.NewFeatureCollection()
	for _, c := range f.Basemap.Countries() {
		ft := geojson.NewFeature(c.Shape)
		ft.Properties["iso_a2"] = c.ISO
		borders.Append(ft)
	}
	marks := geojson.NewFeatureCollection()
	for _, m := range f.Marks {
		ft := geojson.NewFeature(m.P)
		ft.Properties["style"] = m.Style
		marks.Append(ft)
	}
	for name, fc := range map[string]*geojson.FeatureCollection{"borders.geojson": borders, "marks.geojson": marks} {
		data, err := fc.MarshalJSON()
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(w.dir, name), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return w
}

// peerResult is what one run of the Mapnik script measured.
type peerResult struct {
	msPerRender float64
	pngBytes    int
	png         string // path of the last PNG
}

// runMapnik runs the Mapnik script on w with n timed renders.
func runMapnik(tb testing.TB, py string, w peerWorkload, n int) peerResult {
	tb.Helper()
	// Stat the peer files so that go test's cache notices edits to them.
	for _, name := range []string{peerScript, peerStyle} {
		if _, err := os.Stat(name); err != nil {
			tb.Fatal(err)
		}
	}
	out := filepath.Join(w.dir, "mapnik.png")
	e := w.extent
	cmd := exec.Command(py, peerScript, peerStyle, w.dir,
		fmt.Sprintf("%.6f,%.6f,%.6f,%.6f", e[0], e[1], e[2], e[3]),
		strconv.Itoa(w.width), strconv.Itoa(w.height), strconv.Itoa(n), out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		tb.Fatalf("%s: %v\n%s", peerScript, err, stderr.Bytes())
	}
	r := peerResult{png: out}
	var renders int
	line := strings.TrimSpace(string(stdout))
	if _, err := fmt.Sscanf(line, "mapnik ms_per_render=%g png_bytes=%d renders=%d", &r.msPerRender, &r.pngBytes, &renders); err != nil || renders != n {
		tb.Fatalf("%s: unexpected output %q (%v)", peerScript, line, err)
	}
	return r
}

// BenchmarkExportMapnik is the Mapnik yardstick for BenchmarkExport1000:
// the same frame, borders and marks rendered by Mapnik (python3-mapnik)
// and encoded as a truecolour PNG in memory, with the map loaded once
// beforehand. It is skipped when no Python imports mapnik.
//
// The timing is done by testdata/peer/mapnik_render.py, which renders
// peerRenders times per run. The script runs once per benchmark run,
// inside the first b.Loop iteration. With b.Loop the function is called
// once per -count, and the loop ends after that iteration with
// -benchtime 1x or when it took longer than the default -benchtime of 1s,
// as the map load and ten renders do; should it end sooner, the further
// iterations do nothing. ns/op and ns/render both report the mean Mapnik
// time of one render and encode, replacing the wall time of the script;
// mapnik-ms is the same in milliseconds and png-bytes the file size. B/op
// and allocs/op count only the Go side of the run.
func BenchmarkExportMapnik(b *testing.B) {
	py := mapnikPython(b)
	w := writePeerWorkload(b, export1000Figure(b))
	var r peerResult
	ran := false
	for b.Loop() {
		if !ran {
			r = runMapnik(b, py, w, peerRenders)
			ran = true
		}
	}
	ns := r.msPerRender * 1e6
	b.ReportMetric(ns, "ns/op")
	b.ReportMetric(ns, "ns/render")
	b.ReportMetric(r.msPerRender, "mapnik-ms")
	b.ReportMetric(float64(r.pngBytes), "png-bytes")
}

// peerClass classifies a pixel as sea (0), land (1) or neither (-1),
// by its distance to the theme's sea and land colours.
func peerClass(c color.Color, th basemap.Theme) int {
	r, g, b, _ := c.RGBA()
	dist := func(t color.RGBA) int {
		d := 0
		for _, p := range [][2]uint32{{r >> 8, uint32(t.R)}, {g >> 8, uint32(t.G)}, {b >> 8, uint32(t.B)}} {
			d = max(d, int(p[0])-int(p[1]), int(p[1])-int(p[0]))
		}
		return d
	}
	switch {
	case dist(th.Sea) <= 6:
		return 0
	case dist(th.Land) <= 6:
		return 1
	}
	return -1
}

// TestPeerWorkloadMatches checks that the Mapnik peer draws the area of
// export1000Figure at its size: the image is 3000×2000, known places are
// sea or land in it as in ours, and sea and land agree over a grid of the
// whole frame.
func TestPeerWorkloadMatches(t *testing.T) {
	py := mapnikPython(t)
	f := export1000Figure(t)
	w := writePeerWorkload(t, f)
	r := runMapnik(t, py, w, 1)
	peer := readPNG(t, r.png)
	if got := peer.Bounds(); got != image.Rect(0, 0, f.Width, f.Height) {
		t.Fatalf("Mapnik image is %v, want %d×%d", got, f.Width, f.Height)
	}
	ours, g, err := RenderFigure(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}

	places := []struct {
		name string
		p    orb.Point
		want int
	}{
		{"Caspian Sea", orb.Point{51.5, 42}, 0},
		{"southern Caspian Sea", orb.Point{51.5, 38.5}, 0},
		{"central Kazakhstan", orb.Point{67, 48}, 1},
		{"Uzbekistan", orb.Point{64, 41}, 1},
		{"Xinjiang", orb.Point{82, 40}, 1},
	}
	for _, pl := range places {
		x, y := g.Pixel(pl.p)
		if x < 0 || y < 0 || x >= float64(f.Width) || y >= float64(f.Height) {
			t.Errorf("%s %v is outside the frame", pl.name, pl.p)
			continue
		}
		// The majority class of a 9×9 patch, so that a mark or a
		// border on the spot does not decide.
		count := func(img image.Image, class int) int {
			n := 0
			for dy := -4; dy <= 4; dy++ {
				for dx := -4; dx <= 4; dx++ {
					if peerClass(img.At(int(x)+dx, int(y)+dy), f.Theme) == class {
						n++
					}
				}
			}
			return n
		}
		for _, im := range []struct {
			name string
			img  image.Image
		}{{"ours", ours}, {"Mapnik", peer}} {
			if n, other := count(im.img, pl.want), count(im.img, 1-pl.want); n <= other {
				t.Errorf("%s %v in %s image: %d pixels of the expected class, %d of the other", pl.name, pl.p, im.name, n, other)
			}
		}
	}

	// Every 10th pixel that is plain sea or land in both images.
	var agree, both, sea int
	for y := 5; y < f.Height; y += 10 {
		for x := 5; x < f.Width; x += 10 {
			a, b := peerClass(ours.At(x, y), f.Theme), peerClass(peer.At(x, y), f.Theme)
			if a < 0 || b < 0 {
				continue
			}
			both++
			if a == b {
				agree++
				if a == 0 {
					sea++
				}
			}
		}
	}
	t.Logf("%d of %d grid pixels agree (%d sea); Mapnik PNG %d bytes", agree, both, sea, r.pngBytes)
	if both < 40000 || sea < 500 || float64(agree) < 0.995*float64(both) {
		t.Errorf("sea and land agree at %d of %d grid pixels (%d sea), want ≥ 99.5%% of ≥ 40000 with ≥ 500 sea", agree, both, sea)
	}
}
