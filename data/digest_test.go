package data

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSourceDigest checks that a recorded SHA-256 that matches its text
// passes, survives a save, and that a changed file is reported in one
// sentence naming the file and the field.
func TestSourceDigest(t *testing.T) {
	ds, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ds.Sources {
		if s.SHA256 == "" || s.SHA256 != SourceDigest(s.Text) {
			t.Errorf("embedded source %s: recorded digest %q, text digest %s", s.ID, s.SHA256, SourceDigest(s.Text))
		}
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "sources"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range ds.Sources {
		if err := os.WriteFile(filepath.Join(dir, s.File), []byte(s.Text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "copy.geojson")
	if err := ds.Save(path); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if strings.Count(string(b), `"sha256": "`) != len(ds.Sources) {
		t.Errorf("saved file keeps %d digests for %d sources", strings.Count(string(b), `"sha256": "`), len(ds.Sources))
	}
	if _, err := Load(path); err != nil {
		t.Fatalf("saved copy does not load: %v", err)
	}
	// One changed byte in a cited text is reported.
	f := filepath.Join(dir, ds.Sources[0].File)
	text, _ := os.ReadFile(f)
	if err := os.WriteFile(f, append([]byte("X"), text[1:]...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(path)
	if err == nil || !strings.Contains(err.Error(), "sources[0].sha256: does not match \""+ds.Sources[0].File+"\"") {
		t.Errorf("changed source: %v", err)
	}
	// The typed validator says the same of a dataset built in Go.
	src := &Source{ID: "s", Title: "T", Text: "Some text.", SHA256: SourceDigest("Other text.")}
	got := Validate(&Dataset{Path: "mem.geojson", Sources: []*Source{src}})
	if len(got) != 1 || !strings.Contains(got[0].String(), "sources[0].sha256: does not match the inline text") {
		t.Errorf("Validate: %v", got)
	}
}
