package data

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCreate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "briefing.geojson")
	ds, err := Create(path, " My briefing ")
	if err != nil {
		t.Fatal(err)
	}
	if ds.Title != "My briefing" || len(ds.Markers) != 0 || len(ds.Sources) != 0 {
		t.Errorf("created %+v", ds)
	}
	if st, err := os.Stat(filepath.Join(dir, SourcesDir)); err != nil || !st.IsDir() {
		t.Errorf("no sources folder: %v", err)
	}
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), `"sources": []`) || !strings.Contains(string(b), `"FeatureCollection"`) {
		t.Errorf("file %q, %v", b, err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatalf("the new dataset does not load: %v", err)
	}
	if p := Validate(got); len(p) != 0 {
		t.Errorf("the new dataset does not validate: %v", p)
	}
	if _, err := os.Stat(path + "~"); err == nil {
		t.Error("a backup was written for a new file")
	}
}

func TestCreateRefuses(t *testing.T) {
	dir := t.TempDir()
	exists := filepath.Join(dir, "old.geojson")
	if err := os.WriteFile(exists, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, want string }{
		{exists, "exists"},
		{filepath.Join(dir, "notes.txt"), ".geojson"},
		{filepath.Join(dir, "missing", "d.geojson"), "does not exist"},
	} {
		_, err := Create(tt.path, "")
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.path) {
			t.Errorf("Create(%s): %v, want an error naming the file and %q", tt.path, err, tt.want)
		}
	}
	if b, _ := os.ReadFile(exists); string(b) != "{}" {
		t.Errorf("the existing file changed: %q", b)
	}
}
