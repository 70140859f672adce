package app

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"casmap/app/mapmodel"
	"casmap/data"
)

// updateGolden rewrites the golden files under testdata instead of
// comparing with them: go test ./app -run Evidence -update.
var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

// checkGolden compares got with the golden file name, or rewrites it with
// -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run with -update to accept):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestEvidenceMarkdownGolden(t *testing.T) {
	s := newDefaultState(t)
	ms := []*data.Marker{
		mustMarker(t, s, "tajikistan-russian-troops"),
		mustMarker(t, s, "northern-afghanistan-militants"),
	}
	checkGolden(t, "evidence.md", evidenceMarkdown(s.DS, ms))
}

func TestEvidenceMarkdownLines(t *testing.T) {
	s := newDefaultState(t)
	tests := []struct {
		id   string
		want []string
	}{
		{"kyrgyzstan-second-russian-base", []string{
			"### Possible second Russian military base in Kyrgyzstan\n",
			"\nKyrgyzstan (site not named) · undated · Base (possible) · Russia\n",
			"\n> The impoverished country may agree to Russia establishing a second military base",
			"\n— *Russia seeks Central Asian buffer ahead of US withdrawal from Afghanistan*, publisher not named, 3 February 2019\n",
		}},
		{"lavrov-visit-dushanbe", []string{
			"\nTajikistan (shown at Dushanbe) · 4–9 February 2019 · Visit (planned) · Russia\n",
			"*Editor’s note:* The sources name the country",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got := evidenceMarkdown(s.DS, []*data.Marker{mustMarker(t, s, tt.id)})
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Markdown lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

// trickyDataset is a dataset whose quotes carry commas, straight and
// curly quotes and a line break.
func trickyDataset() *data.Dataset {
	v := 1300.5
	src := &data.Source{ID: "s1", Title: "A title, with a comma", Publisher: "The “Daily”", Published: "2019-02"}
	ds := &data.Dataset{
		Sources: []*data.Source{src},
		Markers: []*data.Marker{{
			ID: "tricky", Kind: data.KindBorder, Title: `Border "line", drawn`, Place: "Pamir, Tajikistan",
			Country: "TJ", Actor: "TJ", Date: "2019-02-03/2019-02-09", Value: &v, Unit: "km",
			Precision: data.PrecisionRegion, Status: data.StatusCurrent,
			Geometry: orb.LineString{{70, 37}, {72, 38}},
			Citations: []data.Citation{
				{Source: "s1", Quote: "He said, “we are worried,” and left."},
				{Source: "s1", Quote: "A \"straight\" quote,\nover two lines; and *stars*."},
			},
		}, {
			ID: "plain", Kind: data.KindBase, Title: "Plain", Geometry: orb.Point{74.5698, 42.8746},
			Citations: []data.Citation{{Source: "missing", Quote: "No source."}},
		}},
	}
	ds.Reindex()
	return ds
}

func TestEvidenceCSVRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		ds   func(t *testing.T) *data.Dataset
	}{
		{"default", func(t *testing.T) *data.Dataset { return newDefaultState(t).DS }},
		{"tricky", func(*testing.T) *data.Dataset { return trickyDataset() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := tc.ds(t)
			var buf bytes.Buffer
			if err := writeEvidenceCSV(&buf, ds, ds.Markers); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatalf("reading the CSV back: %v", err)
			}
			if !slices.Equal(rows[0], evidenceCSVHeader) {
				t.Fatalf("header = %v", rows[0])
			}
			col := func(name string) int { return slices.Index(evidenceCSVHeader, name) }
			rows = rows[1:]
			k := 0
			for _, m := range ds.Markers {
				for _, c := range m.Citations {
					if k >= len(rows) {
						t.Fatalf("only %d rows", len(rows))
					}
					r := rows[k]
					k++
					if r[col("id")] != m.ID || r[col("title")] != m.Title || r[col("quote")] != c.Quote || r[col("source_id")] != c.Source {
						t.Errorf("row %d = %q; want %s citing %q", k, r, m.ID, c.Quote)
					}
				}
			}
			if k != len(rows) {
				t.Errorf("%d rows for %d citations", len(rows), k)
			}
		})
	}
}

func TestEvidenceCSVFields(t *testing.T) {
	ds := trickyDataset()
	var buf bytes.Buffer
	if err := writeEvidenceCSV(&buf, ds, ds.Markers); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"tricky", "border", `Border "line", drawn`, "Pamir, Tajikistan", "TJ", "TJ", "2019-02-03/2019-02-09", "1300.5", "km",
			"region", "current", "37.5", "71", "s1", "A title, with a comma", "The “Daily”", "2019-02", "He said, “we are worried,” and left."},
		{"plain", "base", "Plain", "", "", "", "", "", "", "", "", "42.8746", "74.5698", "missing", "", "", "", "No source."},
	}
	for i, w := range want {
		row := rows[[]int{1, 3}[i]]
		if !slices.Equal(row, w) {
			t.Errorf("row %d:\n got %q\nwant %q", i, row, w)
		}
	}
}

func TestWriteEvidenceFile(t *testing.T) {
	s := newDefaultState(t)
	ms := listMarkers(s)
	dir := t.TempDir()
	tests := []struct {
		name, prefix string
	}{
		{"evidence.md", "# Evidence: Russia and Central Asia, February 2019\n"},
		{"evidence.CSV", strings.Join(evidenceCSVHeader, ",") + "\n"},
		{"evidence.txt", "# Evidence:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			if err := os.WriteFile(path, []byte("old content"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := writeEvidenceFile(path, s.DS, ms); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(b), tt.prefix) {
				t.Errorf("%s starts %q, want %q", tt.name, b[:min(len(b), 80)], tt.prefix)
			}
		})
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	if err := writeEvidenceFile(filepath.Join(dir, "no-such-dir", "e.md"), s.DS, ms); err == nil {
		t.Error("writing into a missing folder did not fail")
	}
}

func TestFormatDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "undated"},
		{"2019-02-03", "3 February 2019"},
		{"2018-04", "April 2018"},
		{"1989", "1989"},
		{"2019-02-03/2019-02-09", "3–9 February 2019"},
		{"2019-01-28/2019-02-03", "28 January – 3 February 2019"},
		{"2018-12-30/2019-01-02", "30 December 2018 – 2 January 2019"},
		{"2019-02/2019-05", "February – May 2019"},
		{"1979/1989", "1979–1989"},
		{"2019/2019-05", "2019 – May 2019"},
		{"2019-02-03/2019-02-03", "3 February 2019"},
		{"soon", "soon"},
	}
	for _, tt := range tests {
		if got := mapmodel.FormatDate(tt.in); got != tt.want {
			t.Errorf("mapmodel.FormatDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{7500, "7,500"}, {14000, "14,000"}, {1300.5, "1,300.5"}, {12, "12"}, {1234567, "1,234,567"}, {-4200, "-4,200"}, {0.25, "0.25"},
	}
	for _, tt := range tests {
		if got := formatNumber(tt.in); got != tt.want {
			t.Errorf("formatNumber(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCoordText(t *testing.T) {
	tests := []struct {
		name string
		g    orb.Geometry
		want string
	}{
		{"point", orb.Point{74.5698, 42.8746}, "42.8746° N, 74.5698° E"},
		{"south west", orb.Point{-58.38, -34.6}, "34.6000° S, 58.3800° W"},
		{"line", orb.LineString{{70, 37}, {72, 38}}, "line centred on 37.5000° N, 71.0000° E, spanning 37.0000° to 38.0000° latitude and 70.0000° to 72.0000° longitude"},
		{"none", nil, "no position"},
	}
	for _, tt := range tests {
		if got := coordText(tt.g); got != tt.want {
			t.Errorf("%s: coordText = %q, want %q", tt.name, got, tt.want)
		}
	}
}
