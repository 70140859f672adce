package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// fuzzFS holds the source files the fixtures refer to.
func fuzzFS(t testing.TB) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range []string{"bad/sources/report.txt", "good/sources/tour-report.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		fsys["sources/"+filepath.Base(name)] = &fstest.MapFile{Data: b}
	}
	return fsys
}

func FuzzLoad(f *testing.F) {
	for _, pattern := range []string{"testdata/bad/*.geojson", "testdata/good/*.geojson", "testdata/good/*.golden"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Add(minimalDataset("", ""))
	fsys := fuzzFS(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, err := Parse("fuzz.geojson", b, fsys)
		if err != nil {
			if ds != nil {
				t.Fatal("a dataset came with an error")
			}
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %v is not a non-empty Problems", err)
			}
			for _, p := range ps {
				if s := p.String(); strings.ContainsAny(s, "\n\r") || !strings.HasPrefix(s, "fuzz.geojson: ") {
					t.Fatalf("bad problem line %q", s)
				}
			}
			return
		}
		// The typed validator agrees: what Parse accepts is valid.
		if ps := Validate(ds); len(ps) != 0 {
			t.Fatalf("Validate of a parsed dataset: %v", ps)
		}
		if ps := new(Validator).Validate(ds); len(ps) != 0 {
			t.Fatalf("Validator.Validate of a parsed dataset: %v", ps)
		}
		// Every quote span folds to its quote.
		for _, m := range ds.Markers {
			for _, c := range m.Citations {
				src := ds.Source(c.Source)
				if src == nil || c.Start < 0 || c.Start > c.End || c.End > len(src.Text) {
					t.Fatalf("%s: bad citation %+v", m.ID, c)
				}
				if got, want := FoldSpace(src.Text[c.Start:c.End]), FoldSpace(c.Quote); got != want {
					t.Fatalf("%s: span folds to %q; want %q", m.ID, got, want)
				}
			}
		}
		// Saving and loading again gives the same dataset.
		out, err := ds.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON of a valid dataset: %v", err)
		}
		again, err := Parse("fuzz.geojson", out, fsys)
		if err != nil {
			t.Fatalf("the saved dataset does not load: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(ds.Markers, again.Markers) || !reflect.DeepEqual(ds.Sources, again.Sources) ||
			!reflect.DeepEqual(ds.Alliances, again.Alliances) || !reflect.DeepEqual(ds.Extra, again.Extra) ||
			ds.Title != again.Title || ds.Description != again.Description {
			t.Fatalf("the saved dataset differs after loading:\n%s", out)
		}
	})
}

// FuzzParallelParse checks that decoding and validating in parallel
// chunks, as large files are, gives what doing it in order gives.
func FuzzParallelParse(f *testing.F) {
	for _, pattern := range []string{"testdata/bad/*.geojson", "testdata/good/*.geojson"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	fsys := fuzzFS(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		parse := func(chunk int) (*Dataset, error) {
			fc, mc := featureChunk, markerChunk
			featureChunk, markerChunk = chunk, chunk
			defer func() { featureChunk, markerChunk = fc, mc }()
			return Parse("fuzz.geojson", b, fsys)
		}
		seqDS, seqErr := parse(1 << 30)
		parDS, parErr := parse(1)
		if fmt.Sprint(seqErr) != fmt.Sprint(parErr) {
			t.Fatalf("in parallel:\n%v\nin order:\n%v", parErr, seqErr)
		}
		if seqDS != nil && (!reflect.DeepEqual(seqDS.Markers, parDS.Markers) || !reflect.DeepEqual(seqDS.Sources, parDS.Sources) ||
			!reflect.DeepEqual(seqDS.Alliances, parDS.Alliances)) {
			t.Fatal("the datasets differ")
		}
	})
}
