package data

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// problemsOf returns the Problems in err, failing the test when err is not
// Problems.
func problemsOf(t testing.TB, err error) Problems {
	t.Helper()
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error is %T (%v); want Problems", err, err)
	}
	if len(ps) == 0 {
		t.Fatal("error is an empty Problems")
	}
	return ps
}

// findProblem returns the first problem with the given field, or fails.
func findProblem(t testing.TB, ps Problems, field string) Problem {
	t.Helper()
	for _, p := range ps {
		if p.Field == field {
			return p
		}
	}
	t.Fatalf("no problem with field %q in:\n%v", field, ps)
	return Problem{}
}

// copyDir copies the regular files under src into a new temporary folder
// and returns its path.
func copyDir(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatalf("copy %s: %v", src, err)
	}
	return dst
}

// mustLoad loads a dataset file, failing the test on error.
func mustLoad(t testing.TB, path string) *Dataset {
	t.Helper()
	ds, err := Load(path)
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	return ds
}

// writeFile writes a file, failing the test on error.
func writeFile(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// assertSameDataset compares two datasets, ignoring Path, and reports the
// first difference found in each part.
func assertSameDataset(t testing.TB, want, got *Dataset) {
	t.Helper()
	if want.Title != got.Title || want.Description != got.Description {
		t.Errorf("title/description = %q/%q; want %q/%q", got.Title, got.Description, want.Title, want.Description)
	}
	if !reflect.DeepEqual(want.Extra, got.Extra) {
		t.Errorf("Extra = %s; want %s", dumpExtra(got.Extra), dumpExtra(want.Extra))
	}
	if len(want.Sources) != len(got.Sources) {
		t.Errorf("%d sources; want %d", len(got.Sources), len(want.Sources))
	} else {
		for i := range want.Sources {
			if !reflect.DeepEqual(want.Sources[i], got.Sources[i]) {
				t.Errorf("sources[%d] = %+v; want %+v", i, *got.Sources[i], *want.Sources[i])
			}
		}
	}
	if len(want.Alliances) != len(got.Alliances) {
		t.Errorf("%d alliances; want %d", len(got.Alliances), len(want.Alliances))
	} else {
		for i := range want.Alliances {
			if !reflect.DeepEqual(want.Alliances[i], got.Alliances[i]) {
				t.Errorf("alliances[%d] = %+v; want %+v", i, *got.Alliances[i], *want.Alliances[i])
			}
		}
	}
	if len(want.Markers) != len(got.Markers) {
		t.Errorf("%d markers; want %d", len(got.Markers), len(want.Markers))
		return
	}
	for i := range want.Markers {
		if !reflect.DeepEqual(want.Markers[i], got.Markers[i]) {
			t.Errorf("markers[%d] = %+v; want %+v", i, *got.Markers[i], *want.Markers[i])
		}
	}
}

func dumpExtra(m map[string]json.RawMessage) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, k+"="+string(v))
	}
	return "{" + strings.Join(parts, " ") + "}"
}
