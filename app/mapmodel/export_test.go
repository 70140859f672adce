package mapmodel

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casmap/data"
)

func TestFormatOf(t *testing.T) {
	for _, tt := range []struct {
		path string
		want Format
		ok   bool
	}{
		{"fig.png", PNG, true}, {"FIG.PDF", PDF, true}, {"a/b.svg", SVG, true},
		{"fig.jpg", "", false}, {"fig", "", false}, {"fig.png.txt", "", false},
	} {
		if got, ok := FormatOf(tt.path); got != tt.want || ok != tt.ok {
			t.Errorf("FormatOf(%q) = %q, %v; want %q, %v", tt.path, got, ok, tt.want, tt.ok)
		}
	}
}

// TestExportWritesEachFormat exports the embedded dataset in each format
// and checks the files, the georeferencing sidecars of a PNG, and that a
// refused export leaves nothing behind.
func TestExportWritesEachFormat(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opts := Options{Width: 600, Height: 400, DPI: 72, Legend: true, Key: true, Title: "T"}
	for _, tt := range []struct {
		name, magic string
		world       bool
		files       int
	}{
		{"f.png", "\x89PNG", true, 4}, {"f.svg", "<?xml", false, 1}, {"f.pdf", "%PDF-", false, 1},
	} {
		o := opts
		o.World = tt.world
		out := filepath.Join(dir, tt.name)
		res, err := Export(context.Background(), ds, DefaultFilter(), o, out)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if len(res.Files) != tt.files || res.Files[0] != out {
			t.Errorf("%s: wrote %v", tt.name, res.Files)
		}
		b, err := os.ReadFile(out)
		if err != nil || !strings.HasPrefix(string(b), tt.magic) || len(b) != res.Bytes {
			t.Errorf("%s: %v; %d bytes, result says %d", tt.name, err, len(b), res.Bytes)
		}
	}
	aux, err := os.ReadFile(filepath.Join(dir, "f.png.aux.xml"))
	if err != nil || !strings.Contains(string(aux), "3857") {
		t.Errorf("aux.xml: %v %q", err, aux)
	}
	// Refusals name the file and write nothing.
	for _, tt := range []struct {
		name string
		o    Options
		want string
	}{
		{"g.svg", Options{Width: 600, Height: 400, DPI: 72, World: true}, "-world"},
		{"g.pdf", Options{Width: 600, Height: 400, DPI: 72, Tiles: "osm"}, "raster tiles"},
		{"g.gif", opts, ".png, .svg or .pdf"},
		{"f.pdf", opts, "exists"},
	} {
		out := filepath.Join(dir, tt.name)
		_, err := Export(context.Background(), ds, DefaultFilter(), tt.o, out)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one naming %q", tt.name, err, tt.want)
		}
		if tt.name != "f.pdf" {
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written", tt.name)
			}
		} else if !errors.Is(err, ErrExists) {
			t.Errorf("%s: %v is not ErrExists", tt.name, err)
		}
	}
}

// TestBuildFigureKey checks what a citable figure carries: every shown
// marker numbered in the key with its first quote in full, the marked
// countries to be named, and the source letters spelt out in the footer.
func TestBuildFigureKey(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	fig, err := BuildFigure(ds, DefaultFilter(), Options{Width: 3508, Height: 2480, DPI: 300, Key: true, Legend: true}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(fig.Key) != len(ds.Markers) {
		t.Fatalf("%d key entries for %d markers", len(fig.Key), len(ds.Markers))
	}
	quotes := map[string]bool{}
	for _, m := range ds.Markers {
		quotes[strings.Trim(data.FoldSpace(m.Citations[0].Quote), "“”\"")] = true
	}
	for _, k := range fig.Key {
		q := k.Quote
		if i := strings.Index(q, " (+"); i > 0 {
			q = q[:i]
		}
		if !quotes[q] {
			t.Errorf("key %d quotes %q, not a first citation in full", k.Number, k.Quote)
		}
	}
	for _, iso := range []string{"KG", "TJ", "TM", "AF"} {
		found := false
		for _, c := range fig.LabelCountries {
			found = found || c == iso
		}
		if !found {
			t.Errorf("%s holds markers but is not among the countries to name: %v", iso, fig.LabelCountries)
		}
	}
	if len(fig.Routes) != 1 || len(fig.Routes[0].Points) != 3 {
		t.Errorf("routes %+v, want the three-stop tour", fig.Routes)
	}
}
