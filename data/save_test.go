package data

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func TestSaveRoundTrip(t *testing.T) {
	dir := copyDir(t, filepath.Join("testdata", "good"))
	orig := mustLoad(t, filepath.Join(dir, "casmap.geojson"))
	out := filepath.Join(dir, "saved.geojson")
	if err := orig.Save(out); err != nil {
		t.Fatalf("Save: %v", err)
	}
	again := mustLoad(t, out)
	assertSameDataset(t, orig, again)

	// Saving what was loaded from a save changes nothing.
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	second, err := again.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Error("saving a reloaded dataset gives different bytes")
	}
	golden := filepath.Join("testdata", "good", "saved.golden")
	if *update {
		writeFile(t, golden, first)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(first, want) {
		t.Errorf("saved file differs from %s (run go test -update after checking the change):\n%s", golden, first)
	}
	if !json.Valid(first) {
		t.Error("saved file is not valid JSON")
	}
	// A file source is written as its path, never inlined.
	if strings.Contains(string(first), "Foreign minister tours Central Asia\\n") {
		t.Error("the text of a file source was inlined")
	}
}

func TestSaveKeepsOneBackup(t *testing.T) {
	dir := copyDir(t, filepath.Join("testdata", "good"))
	path := filepath.Join(dir, "casmap.geojson")
	original, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ds := mustLoad(t, path)
	ds.Title = "Second version"
	if err := ds.Save(path); err != nil {
		t.Fatal(err)
	}
	backup, err := os.ReadFile(path + "~")
	if err != nil {
		t.Fatalf("no backup: %v", err)
	}
	if !bytes.Equal(backup, original) {
		t.Error("the backup is not the original file")
	}
	second, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ds.Title = "Third version"
	if err := ds.Save(path); err != nil {
		t.Fatal(err)
	}
	if backup, _ := os.ReadFile(path + "~"); !bytes.Equal(backup, second) {
		t.Error("the backup was not replaced by the previous version")
	}
	if got := mustLoad(t, path).Title; got != "Third version" {
		t.Errorf("Title = %q after saving", got)
	}
	assertNoTempFiles(t, dir)
}

func TestSaveNewFileHasNoBackup(t *testing.T) {
	dir := copyDir(t, filepath.Join("testdata", "good"))
	ds := mustLoad(t, filepath.Join(dir, "casmap.geojson"))
	path := filepath.Join(dir, "new.geojson")
	if err := ds.Save(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "~"); !os.IsNotExist(err) {
		t.Errorf("a backup of a new file exists: %v", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Errorf("new file has mode %v; want 0644", info.Mode().Perm())
	}
}

func TestSaveFailureLeavesOriginal(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, ds *Dataset, path string)
	}{
		{"backup cannot be written", func(t *testing.T, _ *Dataset, path string) {
			// A non-empty folder where the backup goes makes the last
			// step before the rename fail.
			writeFile(t, filepath.Join(path+"~", "keep"), []byte("x"))
		}},
		{"NaN coordinate", func(t *testing.T, ds *Dataset, _ string) {
			ds.Markers[0].Geometry = orb.Point{math.NaN(), 0}
		}},
		{"infinite value", func(t *testing.T, ds *Dataset, _ string) {
			v := math.Inf(1)
			ds.Markers[0].Value = &v
		}},
		{"missing geometry", func(t *testing.T, ds *Dataset, _ string) {
			ds.Markers[1].Geometry = nil
		}},
		{"multipolygon", func(t *testing.T, ds *Dataset, _ string) {
			ds.Markers[1].Geometry = orb.MultiPoint{{1, 2}}
		}},
		{"nil marker", func(t *testing.T, ds *Dataset, _ string) {
			ds.Markers[2] = nil
		}},
		{"invalid extra", func(t *testing.T, ds *Dataset, _ string) {
			ds.Extra["x-bad"] = json.RawMessage("{")
		}},
		{"read-only folder", func(t *testing.T, _ *Dataset, path string) {
			if os.Geteuid() == 0 {
				t.Skip("the superuser can write to read-only folders")
			}
			dir := filepath.Dir(path)
			if err := os.Chmod(dir, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyDir(t, filepath.Join("testdata", "good"))
			path := filepath.Join(dir, "casmap.geojson")
			original, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ds := mustLoad(t, path)
			ds.Title = "Changed"
			tt.setup(t, ds, path)
			if err := ds.Save(path); err == nil {
				t.Fatal("Save succeeded")
			} else if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
			if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, original) {
				t.Errorf("the original file changed (err %v)", err)
			}
			assertNoTempFiles(t, dir)
		})
	}
}

func TestSaveThroughSymlink(t *testing.T) {
	dir := copyDir(t, filepath.Join("testdata", "good"))
	path := filepath.Join(dir, "casmap.geojson")
	link := filepath.Join(dir, "link.geojson")
	if err := os.Symlink("casmap.geojson", link); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	ds := mustLoad(t, link)
	ds.Title = "Via link"
	if err := ds.Save(link); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if got := mustLoad(t, path).Title; got != "Via link" {
		t.Errorf("target Title = %q", got)
	}
}

// assertNoTempFiles fails when Save left temporary files in dir.
func assertNoTempFiles(t testing.TB, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestMarshalJSONEscapes(t *testing.T) {
	var w jsonWriter
	w.string("a\"b\\c\nd\te\x01f<g>&h\u2028i\xffj")
	want := `"a\"b\\c\nd\te\u0001f<g>&h\u2028i\ufffdj"`
	if got := string(w.buf); got != want {
		t.Errorf("string = %s; want %s", got, want)
	}
	var s string
	if err := json.Unmarshal(w.buf, &s); err != nil {
		t.Errorf("not valid JSON: %v", err)
	}
	tests := []struct {
		f    float64
		want string
	}{
		{0, "0"}, {-0.5, "-0.5"}, {74.8464, "74.8464"}, {1e21, "1e+21"}, {1e-7, "1e-7"}, {123456789, "123456789"},
	}
	for _, tt := range tests {
		w.buf = w.buf[:0]
		if err := w.number(tt.f); err != nil || string(w.buf) != tt.want {
			t.Errorf("number(%v) = %s, %v; want %s", tt.f, w.buf, err, tt.want)
		}
	}
}
