package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// loadReport returns what Load says of each bad fixture, one problem a
// line, under a line naming the fixture.
func loadReport(t *testing.T) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "bad", "*.geojson"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad fixtures: %v", err)
	}
	var b strings.Builder
	for _, f := range files {
		_, err := Load(f)
		var ps Problems
		if !errors.As(err, &ps) {
			t.Fatalf("Load(%s) = %v; want Problems", f, err)
		}
		fmt.Fprintf(&b, "== %s (%d)\n", filepath.Base(f), len(ps))
		for _, p := range ps {
			fmt.Fprintln(&b, p)
		}
	}
	return b.String()
}

// TestLoadBadFilesGolden pins every problem Load reports for the bad
// fixtures, in order and word for word.
func TestLoadBadFilesGolden(t *testing.T) {
	golden := filepath.Join("testdata", "bad.golden")
	got := loadReport(t)
	if *update {
		writeFile(t, golden, []byte(got))
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("problems differ from %s (run go test -update after checking the change):\n%s", golden, got)
	}
}

// inParallel runs f with every file decoded and validated in chunks of
// one feature on two goroutines at least.
func inParallel(t *testing.T, f func()) {
	t.Helper()
	fc, mc := featureChunk, markerChunk
	procs := runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0)))
	featureChunk, markerChunk = 1, 1
	defer func() {
		featureChunk, markerChunk = fc, mc
		runtime.GOMAXPROCS(procs)
	}()
	f()
}

// inSequence runs f with every file decoded and validated on one
// goroutine.
func inSequence(t *testing.T, f func()) {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	f()
}

func TestParallelMatchesSequential(t *testing.T) {
	var inputs []struct {
		name string
		b    []byte
	}
	add := func(name string, b []byte) {
		inputs = append(inputs, struct {
			name string
			b    []byte
		}{name, b})
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.geojson"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		add(f, b)
	}
	gen, err := os.ReadFile(generateDataset(t, t.TempDir(), 60, 4, 5))
	if err != nil {
		t.Fatal(err)
	}
	add("generated", gen)
	s := string(gen)
	add("generated, problems in some features", []byte(strings.NewReplacer(`"kind": "base"`, `"kind": "bse"`, `"precision": "city"`, `"precision": 1`).Replace(s)))
	add("generated, a duplicate id", []byte(strings.Replace(s, `"id": "marker-50"`, `"id": "marker-3"`, 1)))
	add("generated, a syntax error late", []byte(strings.Replace(s, `"id": "marker-55",`, `"id": "marker-55"`, 1)))
	add("generated, a bracket in a late string", []byte(strings.Replace(s, `"id": "marker-40"`, `"id": "marker-40]}"`, 1)))
	add("generated, sources after features", []byte(strings.Replace(strings.Replace(s, `"sources"`, `"x-sources"`, 1), `"features"`, `"sources": [], "features"`, 1)))
	add("generated, two feature arrays", []byte(strings.Replace(s, `"type": "FeatureCollection",`, `"type": "FeatureCollection", "features": [],`, 1)))
	// prescan does not tell a ] from a }.
	add("array closed by a brace", []byte(`{"features":[{},"0"}`))
	add("element closed twice", []byte(`{"features":[{}},{}]}`))
	add("array not closed", []byte(`{"features":[{},{}`))
	fsys := fuzzFS(t)
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			var seqDS, parDS *Dataset
			var seqErr, parErr error
			inSequence(t, func() { seqDS, seqErr = Parse("x.geojson", in.b, fsys) })
			inParallel(t, func() { parDS, parErr = Parse("x.geojson", in.b, fsys) })
			if fmt.Sprint(seqErr) != fmt.Sprint(parErr) {
				t.Fatalf("in parallel:\n%v\nin sequence:\n%v", parErr, seqErr)
			}
			if (seqDS == nil) != (parDS == nil) || seqDS != nil && (!reflect.DeepEqual(seqDS.Markers, parDS.Markers) ||
				!reflect.DeepEqual(seqDS.Sources, parDS.Sources) || !reflect.DeepEqual(seqDS.Alliances, parDS.Alliances)) {
				t.Fatal("the datasets differ")
			}
		})
	}
	// The golden problems hold in parallel too.
	inParallel(t, func() { TestLoadBadFilesGolden(t) })

	// Those results came from the parallel path, or from falling back to
	// the sequential one where a chunk does not decode.
	for _, tt := range []struct {
		name   string
		b      []byte
		chunks int
	}{
		{"valid", gen, 60},
		{"problems in values", []byte(strings.Replace(s, `"kind": "base"`, `"kind": "bse"`, -1)), 60},
		{"a syntax error", []byte(strings.Replace(s, `"id": "marker-55",`, `"id": "marker-55"`, 1)), 0},
	} {
		inParallel(t, func() {
			p := &parser{file: "x", ds: &Dataset{}}
			p.doc.b = tt.b
			p.run()
			if p.chunks != tt.chunks {
				t.Errorf("%s: %d chunks decoded in parallel; want %d", tt.name, p.chunks, tt.chunks)
			}
		})
	}
}

// TestValidateAgreesWithLoad checks that the loader and the validator
// divide the work: a fixture whose problems are all in its values gets the
// same problems from Validate, given the decoded values alone, as from
// Load; and a loaded dataset validates.
func TestValidateAgreesWithLoad(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "bad", "*.geojson"))
	typed := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := &parser{file: f, dir: filepath.Dir(f), fsys: os.DirFS("."), ds: &Dataset{Path: f}}
		p.doc.b = b
		p.run()
		if p.stopped || len(p.probs) > 0 {
			continue // a problem of the file's form
		}
		typed++
		_, err = Load(f)
		if got, want := Validate(p.ds), problemsOf(t, err); !slices.Equal(got, want) {
			t.Errorf("%s: Validate finds\n%v\nLoad\n%v", f, got, want)
		}
	}
	if typed < 20 {
		t.Errorf("only %d fixtures have problems in their values alone", typed)
	}
	ds := mustLoad(t, filepath.Join("testdata", "good", "casmap.geojson"))
	if ps := Validate(ds); len(ps) != 0 {
		t.Errorf("Validate of a loaded dataset: %v", ps)
	}
	ds.Markers[1].Kind = "bse"
	if ps := Validate(ds); len(ps) != 1 || !strings.HasSuffix(ps[0].String(), `: properties.kind: unknown kind "bse"; want one of base, deployment, visit, meeting, threat, border.`) {
		t.Errorf("Validate after an edit: %v", ps)
	}
}

func TestPropIndex(t *testing.T) {
	for i, k := range propKeys {
		if got := propIndex([]byte(k)); got != i {
			t.Errorf("propIndex(%q) = %d; want %d", k, got, i)
		}
		if propPath[i] != "properties."+k || propFields[i].String() != propPath[i] {
			t.Errorf("field of %q is %q, %q", k, propPath[i], propFields[i])
		}
	}
	for _, k := range []string{"", "ids", "Kind", "x-rank", "marker-color"} {
		if got := propIndex([]byte(k)); got != -1 {
			t.Errorf("propIndex(%q) = %d; want -1", k, got)
		}
	}
}
