package recovery

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casmap/data"
)

// useTempCache points the user's cache folder at a temporary folder.
func useTempCache(t *testing.T) {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
}

// newDataset writes the embedded dataset, with its sources, to a temporary
// folder and loads it from there.
func newDataset(t *testing.T) *data.Dataset {
	t.Helper()
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "brief.geojson")
	if err := ds.SaveCopy(path); err != nil {
		t.Fatal(err)
	}
	ds, err = data.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestJournalRoundTrip(t *testing.T) {
	useTempCache(t)
	ds := newDataset(t)
	if _, ok := Pending(ds.Path); ok {
		t.Fatal("a journal is pending before any was written")
	}
	var h data.History
	id := ds.Markers[0].ID
	if err := h.Do(ds, &data.RemoveMarker{ID: id}); err != nil {
		t.Fatal(err)
	}
	// The journal is newer than the file only if the clock moved on.
	time.Sleep(20 * time.Millisecond)
	if err := Write(ds); err != nil {
		t.Fatal(err)
	}
	j, _ := PathFor(ds.Path)
	if !strings.HasPrefix(filepath.Base(j), "brief-") || !strings.HasSuffix(j, ".geojson") {
		t.Errorf("journal named %s", j)
	}
	if _, ok := Pending(ds.Path); !ok {
		t.Fatal("no journal pending after Write")
	}
	got, err := Load(ds.Path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Path != ds.Path || got.Marker(id) != nil || len(got.Markers) != len(ds.Markers) {
		t.Fatalf("restored %d markers at %s", len(got.Markers), got.Path)
	}
	// Saving the dataset makes the journal stale; Remove deletes it.
	time.Sleep(20 * time.Millisecond)
	if err := got.Save(got.Path); err != nil {
		t.Fatal(err)
	}
	if _, ok := Pending(ds.Path); ok {
		t.Error("a journal older than the file is still pending")
	}
	if err := Remove(ds.Path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(j); !os.IsNotExist(err) {
		t.Errorf("journal still there: %v", err)
	}
	if err := Remove(ds.Path); err != nil {
		t.Errorf("removing no journal: %v", err)
	}
}

func TestJournalsOfSameNameDiffer(t *testing.T) {
	useTempCache(t)
	a, _ := PathFor("/one/brief.geojson")
	b, _ := PathFor("/two/brief.geojson")
	if a == b {
		t.Fatal("two datasets of one name share a journal")
	}
}

func TestLoadBadJournal(t *testing.T) {
	useTempCache(t)
	ds := newDataset(t)
	j, _ := PathFor(ds.Path)
	os.MkdirAll(filepath.Dir(j), 0o700)
	os.WriteFile(j, []byte(`{"type": "FeatureCollection", "features": [`), 0o600)
	_, err := Load(ds.Path)
	if err == nil || !strings.Contains(err.Error(), "recovery journal of "+ds.Path) {
		t.Fatalf("a broken journal: %v", err)
	}
}
