package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewDataset creates a dataset from the command line, with the flag
// before and after the file, and checks that "casmap check" passes on it.
func TestNewDataset(t *testing.T) {
	dir := t.TempDir()
	for i, args := range [][]string{
		{"new", "-title", "Briefing", filepath.Join(dir, "a.geojson")},
		{"new", filepath.Join(dir, "b.geojson"), "-title", "Briefing"},
	} {
		code, stdout, stderr := runCmd(t, args...)
		if code != 0 || !strings.Contains(stdout, "created ") {
			t.Fatalf("%d: exit %d, %q %q", i, code, stdout, stderr)
		}
		path := args[len(args)-1]
		if i == 1 {
			path = args[1]
		}
		if code, out, errOut := runCmd(t, "check", path); code != 0 {
			t.Errorf("check %s: exit %d: %s %s", path, code, out, errOut)
		}
		b, _ := os.ReadFile(path)
		if !strings.Contains(string(b), `"title": "Briefing"`) {
			t.Errorf("%s has no title:\n%s", path, b)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "sources")); err != nil {
		t.Error(err)
	}
	// Refusals: one sentence, exit 1, nothing written.
	for _, args := range [][]string{
		{"new"},
		{"new", filepath.Join(dir, "a.geojson")},
		{"new", filepath.Join(dir, "x.txt")},
		{"new", filepath.Join(dir, "c.geojson"), filepath.Join(dir, "d.geojson")},
		{"new", "-bogus", filepath.Join(dir, "e.geojson")},
	} {
		code, _, stderr := runCmd(t, args...)
		if code != 1 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.HasPrefix(stderr, "casmap new: ") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	for _, name := range []string{"x.txt", "c.geojson", "d.geojson", "e.geojson"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s was written", name)
		}
	}
}
