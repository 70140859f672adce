package data

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// minimalDataset returns a valid dataset file with one feature whose
// properties end with extraProps (a JSON fragment starting with a comma, or
// ""), and extraTop as additional top-level members (likewise).
func minimalDataset(extraProps, extraTop string) []byte {
	return []byte(`{"type": "FeatureCollection"` + extraTop + `,
 "sources": [{"id": "s", "title": "S", "text": "The Kant air base is near Bishkek."}],
 "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [74.8, 42.8]},
  "properties": {"id": "kant", "kind": "base", "title": "Kant", "place": "Kant", "precision": "exact", "status": "current",
   "citations": [{"source": "s", "quote": "Kant air base"}]` + extraProps + `}}]}`)
}

// parseTimed parses b, failing when that takes longer than limit.
func parseTimed(t testing.TB, b []byte, limit time.Duration) error {
	t.Helper()
	start := time.Now()
	_, err := Parse("limits.geojson", b, nil)
	if d := time.Since(start); d > limit {
		t.Errorf("Parse took %v; want under %v", d, limit)
	}
	return err
}

func TestMinimalDatasetIsValid(t *testing.T) {
	if _, err := Parse("limits.geojson", minimalDataset("", ""), nil); err != nil {
		t.Fatal(err)
	}
}

func TestLimits(t *testing.T) {
	nested := func(depth int) string {
		return strings.Repeat("[", depth) + strings.Repeat("]", depth)
	}
	longTitle := strings.Repeat("a", MaxStringLen+1)
	citations := `, "x-pad": 0, "citations": [` + strings.TrimSuffix(strings.Repeat(`{"source": "s", "quote": "Kant"},`, MaxCitations+1), ",") + `]`
	tests := []struct {
		name    string
		b       []byte
		field   string
		message string // "" when the file is valid
	}{
		{"depth at the limit", minimalDataset("", `, "x-deep": `+nested(MaxDepth-1)), "", ""},
		{"depth over the limit", minimalDataset("", `, "x-deep": `+nested(MaxDepth)), "", "deeper than 64 levels"},
		{"hostile depth", []byte(strings.Repeat("[", 1<<20)), "", "deeper than 64 levels"},
		{"hostile depth in a string-free object", []byte(strings.Repeat(`{"a":`, 1<<20)), "", "deeper than 64 levels"},
		{"string at the limit", minimalDataset(`, "note": "`+longTitle[1:]+`"`, ""), "", ""},
		{"string over the limit", minimalDataset(`, "note": "`+longTitle+`"`, ""), "properties.note", "the limit is 65536"},
		{"escaped string over the limit", minimalDataset(`, "note": "`+strings.Repeat(`\u00e9`, MaxStringLen)+`"`, ""), "properties.note", "the limit is 65536"},
		{"too many citations", []byte(strings.Replace(string(minimalDataset(citations, "")), `"citations": [{"source": "s", "quote": "Kant air base"}],`, "", 1)), "properties.citations", "has 101 citations; the limit is 100"},
		{"too many features", []byte(`{"type": "FeatureCollection", "sources": [], "features": [` + strings.Repeat("{},", MaxFeatures) + `{}]}`), "features", "the limit is 1000000"},
		{"too many sources", []byte(`{"type": "FeatureCollection", "features": [], "sources": [` + strings.Repeat("{},", MaxSources) + `{}]}`), "sources", "the limit is 10000"},
		{"too many values", minimalDataset("", `, "x-big": [`+strings.Repeat("0,", MaxValues)+`0]`), "x-big", "more than 1048576 JSON values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			err := parseTimed(t, tt.b, time.Second)
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			if tt.message == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			ps := problemsOf(t, err)
			p := findProblem(t, ps, tt.field)
			if !strings.Contains(p.Message, tt.message) {
				t.Errorf("message %q does not contain %q", p.Message, tt.message)
			}
			// Refusing a file costs little memory, except for a value at
			// the MaxValues limit, which is parsed before it is refused.
			allowance := uint64(16 << 20)
			if tt.field == "x-big" {
				allowance = 128 << 20
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > allowance {
				t.Errorf("refusing a %d-byte file allocated %d bytes", len(tt.b), alloc)
			}
		})
	}
}

func TestFileSizeLimits(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.geojson")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: no disk space is used, and Load must not read it.
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Skipf("cannot make a sparse file: %v", err)
	}
	f.Close()
	start := time.Now()
	_, err = Load(huge)
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("refusing a huge file took %v", d)
	}
	if p := problemsOf(t, err)[0]; !strings.Contains(p.Message, "the limit is 256 MiB") {
		t.Errorf("message = %q", p.Message)
	}

	big := filepath.Join(dir, "big.txt")
	if f, err = os.Create(big); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxSourceSize + 1); err != nil {
		t.Skipf("cannot make a sparse file: %v", err)
	}
	f.Close()
	ds := strings.Replace(string(minimalDataset("", "")), `"text": "The Kant air base is near Bishkek."`, `"file": "big.txt"`, 1)
	path := filepath.Join(dir, "casmap.geojson")
	writeFile(t, path, []byte(ds))
	_, err = Load(path)
	if p := findProblem(t, problemsOf(t, err), "sources[0].file"); !strings.Contains(p.Message, "the limit is 16 MiB") {
		t.Errorf("message = %q", p.Message)
	}
}

func TestMaxProblems(t *testing.T) {
	feature := `{"type": "Feature", "geometry": null, "properties": {}},`
	b := []byte(`{"type": "FeatureCollection", "sources": [], "features": [` + strings.Repeat(feature, 2000) + `0]}`)
	ps := problemsOf(t, parseTimed(t, b, time.Second))
	if len(ps) != MaxProblems+1 || !strings.Contains(ps[len(ps)-1].Message, "there are more problems") {
		t.Errorf("got %d problems, the last %v", len(ps), ps[len(ps)-1])
	}
}
