package data

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/paulmach/orb"
)

func TestLoadBadFiles(t *testing.T) {
	tests := []struct {
		file    string
		feature int
		id      string
		field   string
		message string
	}{
		{"bad-json.geojson", -1, "", "", "line 23, column 9: invalid JSON: unexpected character '\"' in an object; want ',' or '}'"},
		{"trailing-garbage.geojson", -1, "", "", "invalid JSON: unexpected character '}' after the end of the top-level object"},
		{"invalid-utf8.geojson", -1, "", "", "line 31, column 32: invalid UTF-8 (byte 0xff at offset 645)"},
		{"too-deep.geojson", -1, "", "", "nesting is deeper than 64 levels"},
		{"top-level-array.geojson", -1, "", "", "the top level is an array; want a GeoJSON FeatureCollection object"},
		{"not-a-collection.geojson", -1, "", "type", `is "Feature"; want "FeatureCollection"`},
		{"features-not-array.geojson", -1, "", "features", "is an object; want an array"},
		{"feature-not-object.geojson", 1, "", "", "is a number; want a GeoJSON Feature object"},
		{"properties-not-object.geojson", 1, "", "properties", "is an array; want an object"},
		{"feature-unknown-member.geojson", 1, "", "propertes", `unknown field "propertes"; did you mean "properties"?`},
		{"missing-sources.geojson", -1, "", "sources", "is missing"},
		{"unknown-kind.geojson", 1, "kant-air-base", "properties.kind", `unknown kind "bse"; want one of base, deployment, visit, meeting, threat, border`},
		{"missing-title.geojson", 1, "kant-air-base", "properties.title", "is missing"},
		{"multiline-title.geojson", 1, "kant-air-base", "properties.title", "single line"},
		{"unknown-field.geojson", 1, "kant-air-base", "properties.titel", `unknown field "titel"; did you mean "title"?`},
		{"duplicate-key.geojson", 1, "kant-air-base", "properties.kind", "appears more than once"},
		{"lon-out-of-range.geojson", 1, "kant-air-base", "geometry.coordinates", "longitude 181 is outside -180 to 180"},
		{"lat-not-number.geojson", 1, "kant-air-base", "geometry.coordinates", `latitude is the string "42.8"; want a number`},
		{"unclosed-ring.geojson", 1, "kant-air-base", "geometry.coordinates", "ring 0 is not closed: first position [68, 36.5] differs from last [68, 37.2]"},
		{"short-linestring.geojson", 1, "kant-air-base", "geometry.coordinates", "want at least 2"},
		{"multipoint.geojson", 1, "kant-air-base", "geometry.type", "MultiPoint is not allowed"},
		{"missing-geometry.geojson", 1, "kant-air-base", "geometry", "is missing"},
		{"duplicate-id.geojson", 1, "first-marker", "properties.id", `duplicate id "first-marker"; feature 0 already uses it`},
		{"bad-id-slug.geojson", 1, "Kant Air Base", "properties.id", `"Kant Air Base" is not a valid id; use lower-case letters, digits and single hyphens, such as "kant-air-base"`},
		{"unknown-source.geojson", 1, "kant-air-base", "properties.citations[0].source", `unknown source "nope"`},
		{"citation-unknown-key.geojson", 1, "kant-air-base", "properties.citations[0].page", `unknown field "page"`},
		{"no-citations.geojson", 1, "kant-air-base", "properties.citations", "is empty"},
		{"quote-not-in-source.geojson", 1, "kant-air-base", "properties.citations[0].quote", `the quote is not in source "report"`},
		{"duplicate-source.geojson", -1, "", "sources[1].id", `duplicate source id "report"`},
		{"source-file-missing.geojson", -1, "", "sources[0].file", `"sources/missing.txt" does not exist`},
		{"source-outside-folder.geojson", -1, "", "sources[0].file", "leaves the dataset's folder"},
		{"source-absolute-path.geojson", -1, "", "sources[0].file", `"/etc/passwd" is an absolute path`},
		{"source-file-and-text.geojson", -1, "", "sources[0]", "has both file and text"},
		{"bad-url.geojson", -1, "", "sources[0].url", "is not an absolute http or https URL"},
		{"bad-date.geojson", 1, "kant-air-base", "properties.date", `"2019-02-30" is not a valid date: February 2019 has 28 days`},
		{"reversed-interval.geojson", 1, "kant-air-base", "properties.date", `interval "2020/2019" ends before it starts`},
		{"bad-country.geojson", 1, "kant-air-base", "properties.country", `unknown country code "XX"`},
		{"value-without-unit.geojson", 1, "kant-air-base", "properties.unit", "a value needs a unit"},
		{"value-not-finite.geojson", 1, "kant-air-base", "properties.value", "1e400 is not a finite number"},
		{"bad-status.geojson", 1, "kant-air-base", "properties.status", `unknown status "active"; want one of current, planned, possible, past`},
		{"bad-precision.geojson", 1, "kant-air-base", "properties.precision", `unknown precision "approximate"; want one of exact, city, region, country`},
		{"stop-missing.geojson", 1, "kant-air-base", "properties.stop", `a visit in trip "tour-2019" needs its stop number`},
		{"bad-marker-color.geojson", 1, "kant-air-base", "properties.marker-color", `"red" is not a colour; want #rgb or #rrggbb`},
		{"bad-stroke-opacity.geojson", 1, "kant-air-base", "properties.stroke-opacity", "is a string; want a number"},
		{"alliance-member-nonmember.geojson", -1, "", "alliances[0].nonMembers[1]", `"KG" is also listed in members`},
		{"alliance-bad-country.geojson", -1, "", "alliances[0].members[1]", `unknown country code "XX"`},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".geojson"), func(t *testing.T) {
			path := filepath.Join("testdata", "bad", tt.file)
			ds, err := Load(path)
			if ds != nil {
				t.Error("Load returned a dataset along with its problems")
			}
			ps := problemsOf(t, err)
			p := findProblem(t, ps, tt.field)
			if p.Feature != tt.feature || p.ID != tt.id {
				t.Errorf("problem in feature %d (%q); want feature %d (%q): %v", p.Feature, p.ID, tt.feature, tt.id, p)
			}
			if !strings.Contains(p.Message, tt.message) {
				t.Errorf("message %q does not contain %q", p.Message, tt.message)
			}
			if p.File != path {
				t.Errorf("File = %q; want %q", p.File, path)
			}
			s := p.String()
			if !strings.HasPrefix(s, path+": ") || !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") {
				t.Errorf("String() = %q; want it to start with the file name and end a sentence", s)
			}
			if tt.field != "" && !strings.Contains(s, ": "+tt.field+": ") {
				t.Errorf("String() = %q does not name the field %q", s, tt.field)
			}
			for _, p := range ps {
				if strings.ContainsAny(p.String(), "\n\r") {
					t.Errorf("String() is not one line: %q", p.String())
				}
			}
			if got := err.Error(); strings.Count(got, "\n") != len(ps)-1 {
				t.Errorf("Error() has %d lines; want %d", strings.Count(got, "\n")+1, len(ps))
			}
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	path := filepath.Join("testdata", "bad", "several-problems.geojson")
	_, err := Load(path)
	ps := problemsOf(t, err)
	want := []Problem{
		{File: path, Feature: -1, Field: "sources[1]", Message: "has neither file nor text; want exactly one of them, holding the source's full text"},
		{File: path, Feature: 1, ID: "second-marker", Field: "properties.kind", Message: `unknown kind "bse"; want one of base, deployment, visit, meeting, threat, border`},
		{File: path, Feature: 2, ID: "third-marker", Field: "geometry.coordinates", Message: "latitude 95 is outside -90 to 90 (positions are [longitude, latitude])"},
		{File: path, Feature: 3, ID: "fourth-marker", Field: "properties.citations[0].quote", Message: `the quote is not in source "report", even allowing for differences in white space`},
	}
	if len(ps) != len(want) {
		t.Fatalf("got %d problems; want %d:\n%v", len(ps), len(want), ps)
	}
	for i := range want {
		if ps[i] != want[i] {
			t.Errorf("problem %d =\n%#v\nwant\n%#v", i, ps[i], want[i])
		}
	}
	wantString := path + `: feature 1 (second-marker): properties.kind: unknown kind "bse"; want one of base, deployment, visit, meeting, threat, border.`
	if got := ps[1].String(); got != wantString {
		t.Errorf("String() = %q; want %q", got, wantString)
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{File: "casmap.geojson", Feature: 3, ID: "kant-air-base", Field: "properties.kind", Message: "unknown kind"},
			"casmap.geojson: feature 3 (kant-air-base): properties.kind: unknown kind."},
		{Problem{File: "casmap.geojson", Feature: 3, Field: "properties", Message: "is null."},
			"casmap.geojson: feature 3: properties: is null."},
		{Problem{File: "casmap.geojson", Feature: -1, Field: "sources[1].file", Message: "bad"},
			"casmap.geojson: sources[1].file: bad."},
		{Problem{File: "a.geojson", Feature: -1, Message: "line 1, column 2: invalid JSON: x"},
			"a.geojson: line 1, column 2: invalid JSON: x."},
		{Problem{File: "a.geojson", Feature: 0, ID: "x\ny", Field: "title", Message: "two\nlines"},
			"a.geojson: feature 0 (x y): title: two lines."},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q; want %q", got, tt.want)
		}
	}
}

func TestLoadGood(t *testing.T) {
	ds := mustLoad(t, filepath.Join("testdata", "good", "casmap.geojson"))
	if ds.Path != filepath.Join("testdata", "good", "casmap.geojson") {
		t.Errorf("Path = %q", ds.Path)
	}
	counts := ds.CountByKind()
	for _, k := range Kinds {
		if counts[k] == 0 {
			t.Errorf("no marker of kind %s", k)
		}
	}
	kant := ds.Marker("kant-air-base")
	if kant == nil {
		t.Fatal("Marker(kant-air-base) = nil")
	}
	if kant.Value == nil || *kant.Value != 500 || kant.Unit != "troops" {
		t.Errorf("kant value = %v %q; want 500 troops", kant.Value, kant.Unit)
	}
	if got := kant.Style["marker-color"]; got != "#c0392b" {
		t.Errorf("marker-color = %v", got)
	}
	if got := string(kant.Extra["x-rank"]); got != "1" {
		t.Errorf("x-rank = %s", got)
	}
	if !kant.Dated() || kant.When.Start != time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("When = %v", kant.When)
	}
	if got, ok := ds.Marker("base-201").Geometry.(orb.Point); !ok || got != (orb.Point{68.7791, 38.5598}) {
		t.Errorf("base-201 geometry = %#v (the altitude is dropped)", ds.Marker("base-201").Geometry)
	}
	if ds.Marker("tajik-afghan-border").Dated() {
		t.Error("an undated marker reports Dated")
	}
	if _, ok := ds.Marker("kunduz-militants").Geometry.(orb.Polygon); !ok {
		t.Error("kunduz-militants is not a Polygon")
	}
	if src := ds.Source("tour-report"); src == nil || src.File != "sources/tour-report.txt" || !strings.HasPrefix(src.Text, "Foreign minister") {
		t.Errorf("Source(tour-report) = %+v", src)
	}
	if src := ds.Source("border-note"); src == nil || src.PublishedDate.End != time.Date(2019, 6, 30, 23, 59, 59, 999999999, time.UTC) {
		t.Errorf("Source(border-note) = %+v", src)
	}
	if ds.Source("nope") != nil || ds.Marker("nope") != nil {
		t.Error("lookups of unknown ids are not nil")
	}
	if string(ds.Extra["x-editor"]) != `{"name":"casmap","version":2}` {
		t.Errorf("Extra[x-editor] = %s", ds.Extra["x-editor"])
	}
	if got := ds.Actors(); strings.Join(got, ",") != "ISIS,RU" {
		t.Errorf("Actors() = %v", got)
	}
	trips := ds.Trips()
	if len(trips) != 1 || trips[0].Trip != "tour-2019" || len(trips[0].Stops) != 2 ||
		trips[0].Stops[0].ID != "visit-bishkek" || trips[0].Stops[1].ID != "visit-dushanbe" {
		t.Errorf("Trips() = %+v", trips)
	}
	a := ds.Alliances[0]
	if a.ID != "csto" || a.Leader != "RU" || len(a.Members) != 6 || len(a.NonMembers) != 2 || a.Citations[0].End == 0 {
		t.Errorf("alliance = %+v", a)
	}
}

func TestQuoteSpans(t *testing.T) {
	ds := mustLoad(t, filepath.Join("testdata", "good", "casmap.geojson"))
	spansLineBreak := false
	for _, m := range ds.Markers {
		for _, c := range m.Citations {
			src := ds.Source(c.Source)
			if c.Start < 0 || c.End > len(src.Text) || c.Start >= c.End {
				t.Fatalf("%s: span [%d, %d) outside source of %d bytes", m.ID, c.Start, c.End, len(src.Text))
			}
			got := src.Text[c.Start:c.End]
			if FoldSpace(got) != FoldSpace(c.Quote) {
				t.Errorf("%s: Text[%d:%d] = %q; want %q folded", m.ID, c.Start, c.End, got, c.Quote)
			}
			if strings.Contains(got, "\n") {
				spansLineBreak = true
			}
		}
	}
	if !spansLineBreak {
		t.Error("no quote spans a line break; the fixture should have one")
	}
	m := ds.Marker("meeting-bishkek")
	c := m.Citations[1]
	want := "Their talks covered security cooperation,\ntrade and the situation in Afghanistan."
	if got := ds.Source(c.Source).Text[c.Start:c.End]; got != want {
		t.Errorf("span = %q; want %q", got, want)
	}
}

func TestSourceSymlinkEscape(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.txt")
	writeFile(t, secret, []byte("The Kant air base is near Bishkek."))
	dir := copyDir(t, filepath.Join("testdata", "bad"))
	if err := os.Symlink(secret, filepath.Join(dir, "sources", "link.txt")); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "unknown-kind.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Replace(string(b), "sources/report.txt", "sources/link.txt", 1))
	b = []byte(strings.Replace(string(b), `"bse"`, `"base"`, 1))
	path := filepath.Join(dir, "escape.geojson")
	writeFile(t, path, b)
	_, err = Load(path)
	p := findProblem(t, problemsOf(t, err), "sources[0].file")
	if !strings.Contains(p.Message, `cannot read "sources/link.txt"`) {
		t.Errorf("message = %q; want it to refuse the link", p.Message)
	}
}

func TestLoadErrors(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "missing.geojson"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of a missing file: %v; want fs.ErrNotExist", err)
	}
	var ps Problems
	if errors.As(err, &ps) {
		t.Error("a missing file is reported as Problems")
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("Load of a folder succeeded")
	}
	_, err = LoadFS(fstest.MapFS{}, "casmap.geojson")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadFS of a missing file: %v; want fs.ErrNotExist", err)
	}
}

func TestParseWithoutFS(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "bad", "unknown-kind.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse("x.geojson", b, nil)
	p := findProblem(t, problemsOf(t, err), "sources[0].file")
	if !strings.Contains(p.Message, "not loaded from a folder") {
		t.Errorf("message = %q", p.Message)
	}
}

func TestLoadFS(t *testing.T) {
	fsys := os.DirFS("testdata")
	ds, err := LoadFS(fsys, "good/casmap.geojson")
	if err != nil {
		t.Fatal(err)
	}
	want := mustLoad(t, filepath.Join("testdata", "good", "casmap.geojson"))
	assertSameDataset(t, want, ds)
	if ds.Path != "good/casmap.geojson" {
		t.Errorf("Path = %q", ds.Path)
	}
}

func TestByteOrderMark(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "good", "casmap.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(filepath.Join("testdata", "good"))
	if _, err := Parse("casmap.geojson", append([]byte("\uFEFF"), b...), fsys); err != nil {
		t.Errorf("a leading byte order mark is refused: %v", err)
	}
}

func TestDefault(t *testing.T) {
	if _, err := fs.Stat(DefaultFS(), DefaultName); err != nil {
		if _, err := Default(); err == nil {
			t.Error("Default succeeded without " + DefaultName)
		}
		t.Skipf("%s is not there yet", DefaultName)
	}
	ds, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	if ds.Path != DefaultPath || len(ds.Markers) == 0 {
		t.Errorf("Default() has Path %q and %d markers", ds.Path, len(ds.Markers))
	}
	// Round trip: save next to copies of the sources and load again.
	dir := t.TempDir()
	for _, s := range ds.Sources {
		if s.File != "" {
			writeFile(t, filepath.Join(dir, filepath.FromSlash(s.File)), []byte(s.Text))
		}
	}
	path := filepath.Join(dir, "casmap.geojson")
	if err := ds.Save(path); err != nil {
		t.Fatal(err)
	}
	assertSameDataset(t, ds, mustLoad(t, path))
}

// TestMinimalDatasetFromSomeoneElse loads a dataset that leaves out
// precision and status, and carries geojson.io's empty marker-symbol.
func TestMinimalDatasetFromSomeoneElse(t *testing.T) {
	text := `{"type":"FeatureCollection","sources":[{"id":"s","title":"S","text":"The post is near Murgab."}],
"features":[{"type":"Feature","properties":{"id":"post","kind":"base","title":"Post","place":"Murgab",
"marker-symbol":"","marker-color":"#7e7e7e","citations":[{"source":"s","quote":"The post is near Murgab."}]},
"geometry":{"type":"Point","coordinates":[73.97,38.17]}}]}`
	ds, err := Parse("minimal.geojson", []byte(text), nil)
	if err != nil {
		t.Fatalf("a minimal dataset does not load: %v", err)
	}
	m := ds.Markers[0]
	if m.Status != "" || m.Precision != "" || m.Style["marker-symbol"] != nil {
		t.Errorf("marker %+v", m)
	}
}
