package data

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGDALRoundTrip sends the embedded dataset through GDAL, GeoJSON to
// GeoPackage and back, as a GIS user does, and loads the result: GDAL's
// "(N:a,b,c)" lists and its nulls are read back.
func TestGDALRoundTrip(t *testing.T) {
	ogr, err := exec.LookPath("ogr2ogr")
	if err != nil {
		t.Fatal("ogr2ogr is missing: install gdal-bin (make setup does)")
	}
	ds, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "casmap.geojson")
	if err := ds.SaveCopy(in); err != nil {
		t.Fatal(err)
	}
	gpkg, back := filepath.Join(dir, "casmap.gpkg"), filepath.Join(dir, "back.geojson")
	for _, args := range [][]string{{"-f", "GPKG", gpkg, in}, {"-f", "GeoJSON", back, gpkg}} {
		cmd := exec.Command(ogr, args...)
		cmd.Env = append(os.Environ(), "CPL_LOG="+os.DevNull)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ogr2ogr %v: %v\n%s", args, err, out)
		}
	}
	got, err := Load(back)
	if err != nil {
		t.Fatalf("the dataset does not load after GDAL: %v", err)
	}
	if len(got.Markers) != len(ds.Markers) {
		t.Fatalf("%d markers after GDAL, want %d", len(got.Markers), len(ds.Markers))
	}
	m := got.Marker("meeting-bishkek-jeenbekov")
	if m == nil || len(m.Participants) != len(ds.Marker("meeting-bishkek-jeenbekov").Participants) {
		t.Fatalf("participants after GDAL: %+v", m)
	}
}

func TestGDALStringList(t *testing.T) {
	for in, want := range map[string]int{"(3:a,b,c)": 3, "(1:Sergei Lavrov)": 1, "(0:)": 0} {
		got, ok := gdalStringList(in)
		if !ok || len(got) != want {
			t.Errorf("%q: %v %v", in, got, ok)
		}
	}
	for _, bad := range []string{"a,b", "(2:a)", "(x:a)", "(3:a,b,c"} {
		if _, ok := gdalStringList(bad); ok {
			t.Errorf("%q read as a list", bad)
		}
	}
}
