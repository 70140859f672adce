package main

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/figure"
)

// TestExportBadInput runs every bad export: each must fail with one plain
// sentence on stderr, exit 1, and leave no file behind.
func TestExportBadInput(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "exists.png")
	if err := os.WriteFile(existing, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	readonly := filepath.Join(dir, "ro")
	os.Mkdir(readonly, 0o555)
	out := filepath.Join(dir, "fig.png")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown preset", []string{"-preset", "a5-600", "-o", out}, `unknown preset "a5-600"`},
		{"zero size", []string{"-size", "0x100", "-o", out}, "not positive"},
		{"negative size", []string{"-size", "-5x100", "-o", out}, "not positive"},
		{"bad size", []string{"-size", "big", "-o", out}, "is not WxH"},
		{"huge size", []string{"-size", "20000x100", "-o", out}, "over the limit of 12000"},
		{"size and preset", []string{"-size", "100x100", "-preset", "web", "-o", out}, "not both"},
		{"reversed bbox", []string{"-bbox", "80,30,60,50", "-o", out}, "minimum not below its maximum"},
		{"bbox outside world", []string{"-bbox", "170,30,190,50", "-o", out}, "outside the world"},
		{"bbox not numbers", []string{"-bbox", "a,b,c,d", "-o", out}, "is not a number"},
		{"bbox three numbers", []string{"-bbox", "1,2,3", "-o", out}, "four numbers"},
		{"unknown kind", []string{"-kinds", "base,castle", "-o", out}, `unknown kind "castle"`},
		{"bad dpi", []string{"-dpi", "-3", "-o", out}, "DPI -3 is out of range"},
		{"bad theme", []string{"-theme", "sepia", "-o", out}, `unknown theme "sepia"`},
		{"unknown tiles", []string{"-tiles", "google", "-o", out}, `unknown tile provider "google"`},
		{"no output", []string{"-preset", "web"}, "no output file given"},
		{"not png", []string{"-o", filepath.Join(dir, "fig.jpg")}, "does not end in .png"},
		{"missing folder", []string{"-o", filepath.Join(dir, "nope", "fig.png")}, "does not exist"},
		{"existing file", []string{"-o", existing}, "exists; give -force"},
		{"unknown flag", []string{"-zoom", "3", "-o", out}, "flag provided but not defined"},
		{"bad dataset", []string{"-dataset", filepath.Join("data", "testdata", "bad", "unknown-kind.geojson"), "-o", out}, "unknown kind"},
	}
	if os.Geteuid() != 0 { // root writes anywhere
		tests = append(tests, struct {
			name string
			args []string
			want string
		}{"unwritable folder", []string{"-o", filepath.Join(readonly, "fig.png")}, "cannot write in the folder"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, append([]string{"export"}, tt.args...)...)
			if code != 1 {
				t.Fatalf("exit %d, want 1 (stdout %q, stderr %q)", code, stdout, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q lacks %q", stderr, tt.want)
			}
			if lines := strings.Count(strings.TrimSpace(stderr), "\n"); lines > 0 && tt.name != "bad dataset" {
				t.Errorf("stderr is %d lines, want one sentence: %q", lines+1, stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("a file was written: %s", out)
			}
			if b, _ := os.ReadFile(existing); string(b) != "keep me" {
				t.Error("the existing file was changed")
			}
			left, _ := filepath.Glob(filepath.Join(dir, ".*"))
			if len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// TestExportFigure writes a small figure with a key and a world file and
// checks its size, DPI, and that the world file puts Bishkek where its
// marker is drawn.
func TestExportFigure(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "fig.png")
	code, stdout, stderr := runCmd(t, "export", "-size", "900x600", "-dpi", "120", "-title", "Test figure",
		"-key", "-world", "-bbox", "55,30,80,46", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "wrote "+out) {
		t.Errorf("stdout %q", stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if s := img.Bounds().Size(); s.X != 900 || s.Y != 600 {
		t.Errorf("size %v, want 900x600", s)
	}
	dpi, ok, err := figure.PNGResolution(bytes.NewReader(b))
	if err != nil || !ok || math.Abs(dpi-120) > 0.1 {
		t.Errorf("DPI %v (%v, %v), want 120", dpi, ok, err)
	}
	wf, err := os.ReadFile(filepath.Join(dir, "fig.pgw"))
	if err != nil {
		t.Fatal(err)
	}
	prj, err := os.ReadFile(filepath.Join(dir, "fig.prj"))
	if err != nil || !strings.Contains(string(prj), "Pseudo-Mercator") {
		t.Errorf("prj %q, %v", prj, err)
	}
	var w [6]float64
	for i, f := range strings.Fields(string(wf)) {
		if i < 6 {
			w[i], _ = strconv.ParseFloat(f, 64)
		}
	}
	// The US troops in Afghanistan in EPSG:3857 metres, then to the
	// image pixel by the world file; the pixel must carry the deployment
	// marker's orange.
	troops := orb.Point{66.0, 33.9}
	ux, uy := geo.ToUnit(troops)
	const half = 20037508.342789244
	mx, my := ux*2*half-half, half-uy*2*half
	px := (mx - w[4]) / w[0]
	py := (my - w[5]) / w[3]
	if px < 0 || py < 0 || px >= 900 || py >= 600 {
		t.Fatalf("the world file puts the marker at %v,%v, outside the image", px, py)
	}
	found := false
	for dy := -3; dy <= 3 && !found; dy++ {
		for dx := -3; dx <= 3 && !found; dx++ {
			r, g, bl, _ := img.At(int(px)+dx, int(py)+dy).RGBA()
			// The deployment orange (0xE6, 0x7E, 0x00), allowing for blending.
			if r>>8 > 0xc0 && g>>8 > 0x60 && g>>8 < 0xa0 && bl>>8 < 0x40 {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("no deployment marker at the pixel %v,%v where the world file puts it", px, py)
	}
}
