package gpkg

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"casmap/data"
	"casmap/data/layers"
)

// TestGeoPackageReadsInGDAL writes the embedded dataset as a GeoPackage and
// reads it with ogrinfo, as QGIS does: three tables, every marker with its
// geometry, every citation with its marker and source.
func TestGeoPackageReadsInGDAL(t *testing.T) {
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Fatal("ogrinfo is missing: install gdal-bin (make setup does)")
	}
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "casmap.gpkg")
	if err := Write(ds, path); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(ogrinfo, append([]string{"-ro"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	all := run("-so", path)
	for _, want := range []string{"1: markers", "2: citations (None)", "3: sources (None)"} {
		if !strings.Contains(all, want) {
			t.Errorf("ogrinfo lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Warning") {
		t.Errorf("GDAL warns:\n%s", all)
	}
	cites := 0
	for _, m := range ds.Markers {
		cites += len(m.Citations)
	}
	for table, n := range map[string]int{"markers": len(ds.Markers), "citations": cites, "sources": len(ds.Sources)} {
		if out := run("-so", path, table); !strings.Contains(out, "Feature Count: "+itoa(n)) {
			t.Errorf("%s: want %d rows:\n%s", table, n, out)
		}
	}
	out := run("-sql", "SELECT m.id, c.quote, s.title FROM citations c JOIN markers m ON m.id = c.marker_id JOIN sources s ON s.id = c.source_id WHERE m.id = 'kyrgyzstan-russian-airbase'", path)
	if !strings.Contains(out, "Russia has an airbase") {
		t.Errorf("the join of a marker, its citations and their sources:\n%s", out)
	}
	if out := run("-so", path, "markers"); !strings.Contains(out, "EPSG") && !strings.Contains(out, "WGS 84") {
		t.Errorf("markers have no WGS 84 SRS:\n%s", out)
	}
}

func TestFlatGeoJSON(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "flat.geojson")
	if err := WriteFlat(ds, path); err != nil {
		t.Fatal(err)
	}
	l, err := layers.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	cites := 0
	for _, m := range ds.Markers {
		cites += len(m.Citations)
	}
	if len(l.Features) != cites || l.Features[0].Props["quote"] == nil || l.Features[0].Props["source_title"] == nil {
		t.Fatalf("%d features, want one per citation (%d): %v", len(l.Features), cites, l.Features[0].Props)
	}
	b, _ := os.ReadFile(path)
	if strings.Contains(string(b), `"sources"`) {
		t.Error("the flat file is a dataset")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
