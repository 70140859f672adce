package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheckDefault(t *testing.T) {
	code, out, errs := runCmd(t, "check")
	if code != 0 {
		t.Fatalf("check exit %d, stderr:\n%s", code, errs)
	}
	for _, want := range []string{"embedded dataset: ok", "markers", "base", "visit", "meeting", "threat", "deployment", "border", "2 sources", "alliances: csto"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output %q lacks %q", out, want)
		}
	}
	if strings.Count(strings.TrimSpace(out), "\n") != 0 {
		t.Errorf("check output is not one line: %q", out)
	}
}

func TestCheckGoodFile(t *testing.T) {
	code, out, errs := runCmd(t, "check", filepath.Join("data", "default", "casmap.geojson"))
	if code != 0 || !strings.Contains(out, "casmap.geojson: ok") {
		t.Fatalf("check exit %d, out %q, err %q", code, out, errs)
	}
}

// TestCheckBadFiles runs the checker on every bad fixture of the data
// package: each must exit 1 with one plain sentence per problem naming the
// file, and a count.
func TestCheckBadFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("data", "testdata", "bad", "*.geojson"))
	if err != nil || len(files) < 20 {
		t.Fatalf("want at least 20 bad fixtures, got %d (%v)", len(files), err)
	}
	count := regexp.MustCompile(`^\d+ problem\(s\) found\.$`)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			code, out, errs := runCmd(t, "check", f)
			if code != 1 {
				t.Fatalf("exit %d, want 1; stdout %q", code, out)
			}
			lines := strings.Split(strings.TrimRight(errs, "\n"), "\n")
			if len(lines) < 2 {
				t.Fatalf("want problems and a count, got %q", errs)
			}
			if !count.MatchString(lines[len(lines)-1]) {
				t.Errorf("last line %q is not a problem count", lines[len(lines)-1])
			}
			for _, l := range lines[:len(lines)-1] {
				if !strings.HasPrefix(l, f+": ") || !(strings.HasSuffix(l, ".") || strings.HasSuffix(l, "?")) {
					t.Errorf("problem %q does not name the file %s and end as a sentence", l, f)
				}
			}
		})
	}
}

func TestCheckMissingFile(t *testing.T) {
	code, _, errs := runCmd(t, "check", filepath.Join(t.TempDir(), "nope.geojson"))
	if code != 1 || !strings.Contains(errs, "nope.geojson") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

func TestVersionAndUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		out  string
		err  string
	}{
		{"version", []string{"version"}, 0, "casmap dev (build 0, go", ""},
		{"help", []string{"help"}, 0, "casmap check [DATASET]", ""},
		{"unknown flag", []string{"-zoom"}, 2, "", "unknown flag -zoom"},
		{"too many", []string{"a.geojson", "b.geojson"}, 2, "", "too many arguments"},
		{"check two", []string{"check", "a", "b"}, 2, "", "at most one dataset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCmd(t, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errs, tt.err) {
				t.Fatalf("run(%q) = %d, %q, %q; want %d, %q, %q", tt.args, code, out, errs, tt.code, tt.out, tt.err)
			}
		})
	}
}

func TestCheckPlainGeoJSONSaysSo(t *testing.T) {
	code, _, stderr := runCmd(t, "check", filepath.Join("data", "layers", "testdata", "rfc7946-example.geojson"))
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if code != 1 || !strings.Contains(lines[0], "is plain GeoJSON, not a casmap dataset: 3 features") || len(lines) > 6 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "-layer") || strings.Contains(stderr, "did you mean") {
		t.Errorf("no hint to open it as a layer, or a misleading suggestion:\n%s", stderr)
	}
}

func TestConvert(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"casmap.gpkg", "flat.geojson"} {
		out := filepath.Join(dir, name)
		code, stdout, stderr := runCmd(t, "convert", "-o", out)
		if code != 0 || !strings.Contains(stdout, "21 markers, 45 citations, 2 sources") {
			t.Fatalf("%s: exit %d, %s%s", name, code, stdout, stderr)
		}
		if code, _, stderr := runCmd(t, "convert", "-o", out); code != 1 || !strings.Contains(stderr, "exists") {
			t.Errorf("%s: overwrote without -force: %s", name, stderr)
		}
	}
	if code, _, stderr := runCmd(t, "convert", "-o", filepath.Join(dir, "x.shp")); code != 1 || !strings.Contains(stderr, ".gpkg") {
		t.Errorf("a .shp: %s", stderr)
	}
}
