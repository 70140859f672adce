// Package imgtest holds the helpers of casmap's cartography tests:
// golden images under a package's testdata/ compared with a tolerance and
// rewritten with -update, pixel access, PNG files and seeded random
// points. Only tests import it.
package imgtest

import (
	"flag"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
)

// Update is the -update flag: rewrite golden images instead of comparing.
var Update = flag.Bool("update", false, "rewrite golden images in testdata")

// Golden tolerances: the mean absolute channel difference and the share of
// pixels with a channel differing by more than goldenPixelDiff.
const (
	goldenMeanDiff  = 1.5
	goldenPixelDiff = 48
	goldenMaxShare  = 0.005
)

// CheckGolden compares img with testdata/name, or rewrites the file when
// -update is set.
func CheckGolden(tb testing.TB, name string, img *image.RGBA) {
	tb.Helper()
	path := filepath.Join("testdata", name)
	if *Update {
		WritePNG(tb, path, img)
		tb.Logf("updated %s", path)
		return
	}
	want := ReadPNG(tb, path)
	mean, share, err := Diff(img, want)
	if err != nil {
		WritePNG(tb, filepath.Join(tb.TempDir(), name), img)
		tb.Fatalf("%s: %v", name, err)
	}
	if mean >= goldenMeanDiff || share >= goldenMaxShare {
		got := filepath.Join(os.TempDir(), "got_"+name)
		WritePNG(tb, got, img)
		tb.Errorf("%s differs: mean abs diff %.3f (limit %.1f), %.3f%% pixels off by > %d (limit %.1f%%); got written to %s (run with -update to accept)",
			name, mean, goldenMeanDiff, share*100, goldenPixelDiff, goldenMaxShare*100, got)
	}
}

// Diff returns the mean absolute channel difference of two images and
// the share of pixels with any channel differing by more than
// goldenPixelDiff.
func Diff(a *image.RGBA, b image.Image) (mean, share float64, err error) {
	if a.Rect.Size() != b.Bounds().Size() {
		return 0, 0, &sizeError{a.Rect.Size(), b.Bounds().Size()}
	}
	bb := image.NewRGBA(image.Rectangle{Max: b.Bounds().Size()})
	for y := 0; y < bb.Rect.Dy(); y++ {
		for x := 0; x < bb.Rect.Dx(); x++ {
			bb.Set(x, y, b.At(b.Bounds().Min.X+x, b.Bounds().Min.Y+y))
		}
	}
	var sum float64
	bad := 0
	w, h := a.Rect.Dx(), a.Rect.Dy()
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			pa := a.Pix[a.PixOffset(a.Rect.Min.X+x, a.Rect.Min.Y+y):]
			pb := bb.Pix[bb.PixOffset(x, y):]
			worst := 0.0
			for c := 0; c < 4; c++ {
				d := math.Abs(float64(pa[c]) - float64(pb[c]))
				sum += d
				worst = math.Max(worst, d)
			}
			if worst > goldenPixelDiff {
				bad++
			}
		}
	}
	n := float64(w * h)
	return sum / (n * 4), float64(bad) / n, nil
}

type sizeError struct{ got, want image.Point }

func (e *sizeError) Error() string {
	return "size " + e.got.String() + ", golden " + e.want.String()
}

// WritePNG writes img to path as PNG, failing tb on error.
func WritePNG(tb testing.TB, path string, img image.Image) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatalf("create %s: %v", path, err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		tb.Fatalf("encode %s: %v", path, err)
	}
	if err := f.Close(); err != nil {
		tb.Fatalf("close %s: %v", path, err)
	}
}

// ReadPNG decodes the PNG file at path, failing tb on error.
func ReadPNG(tb testing.TB, path string) image.Image {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatalf("open golden (run with -update to create it): %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		tb.Fatalf("decode %s: %v", path, err)
	}
	return img
}

// NewImage returns a w×h image filled with an opaque colour.
func NewImage(tb testing.TB, w, h int, bg [4]uint8) *image.RGBA {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		copy(img.Pix[i:i+4], bg[:])
	}
	return img
}

// Pixel returns the RGBA bytes at x, y.
func Pixel(img *image.RGBA, x, y int) [4]uint8 {
	o := img.PixOffset(x, y)
	return [4]uint8{img.Pix[o], img.Pix[o+1], img.Pix[o+2], img.Pix[o+3]}
}

// Near reports whether a and b differ by at most tol.
func Near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// RandomPoints returns n points spread uniformly over Central Asia (lon 50
// to 88, lat 33 to 52, degrees), the same for the same seed.
func RandomPoints(n int, seed uint64) []orb.Point {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{50 + r.Float64()*38, 33 + r.Float64()*19}
	}
	return pts
}
