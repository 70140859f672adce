package data

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

// Texts of the sources of validDataset.
const (
	reportText = "The Kant air base is near Bishkek.\nAbout 500 troops  are stationed there."
	tourText   = "Foreign minister visits Bishkek and Dushanbe on a tour of Central Asia."
)

// validDataset returns a small valid dataset built in Go, not loaded: a
// base, a visit in a trip and an area; an inline source and a file source
// whose Text holds the file, as Load leaves it; an alliance.
func validDataset() *Dataset {
	troops := 500.0
	return &Dataset{
		Path:        "test.geojson",
		Title:       "Test",
		Description: "A description\non two lines.",
		Sources: []*Source{
			{ID: "report", Title: "Report", Publisher: "Daily", Published: "2019-02", URL: "https://example.org/report", Note: "n", Text: reportText},
			{ID: "tour", Title: "Tour", File: "sources/tour.txt", Text: tourText},
		},
		Alliances: []*Alliance{{
			ID: "csto", Name: "CSTO", Leader: "RU", Members: []string{"RU", "KG"}, NonMembers: []string{"UZ"},
			Citations: []Citation{{Source: "tour", Quote: "Central Asia"}},
		}},
		Markers: []*Marker{
			{
				Index: 0, ID: "kant", Kind: KindBase, Title: "Kant air base", Place: "Kant", Country: "KG", Actor: "RU",
				Date: "2019", Value: &troops, Unit: "troops", Precision: PrecisionExact, Status: StatusCurrent,
				Citations: []Citation{{Source: "report", Quote: "500 troops are\tstationed"}},
				Geometry:  orb.Point{74.8, 42.8},
				Style:     map[string]any{"marker-color": "#c0392b", "marker-size": "large", "stroke-width": 2.0, "fill-opacity": 0.5},
				Extra:     map[string]json.RawMessage{"x-rank": json.RawMessage("1")},
			},
			{
				Index: 1, ID: "visit-bishkek", Kind: KindVisit, Title: "Visit", Place: "Bishkek", Date: "2019-02-03/2019-02-04",
				Precision: PrecisionCity, Status: StatusPast, Trip: "tour-2019", Stop: 1, Participants: []string{"Lavrov", "Japarov"},
				Citations: []Citation{{Source: "tour", Quote: "visits Bishkek"}, {Source: "report", Quote: "near Bishkek", Note: "Also."}},
				Geometry:  orb.LineString{{74.6, 42.9}, {68.8, 38.6}},
			},
			{
				Index: 2, ID: "kunduz", Kind: KindThreat, Title: "Militants", Place: "Kunduz", Country: "AF",
				Precision: PrecisionRegion, Status: StatusPossible, Note: "Rough area.\nFrom two reports.",
				Citations: []Citation{{Source: "report", Quote: "Kant air base"}},
				Geometry:  orb.Polygon{{{68, 36.5}, {69, 36.5}, {69, 37.2}, {68, 36.5}}},
			},
		},
	}
}

func TestValidateValidDataset(t *testing.T) {
	ds := validDataset()
	if ps := Validate(ds); len(ps) != 0 {
		t.Fatalf("Validate of a valid dataset:\n%v", ps)
	}
	// The values that follow from the checked ones are set.
	if got, want := ds.Markers[0].When.Start, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC); got != want {
		t.Errorf("When.Start = %v; want %v", got, want)
	}
	if got, want := ds.Markers[1].When.End, time.Date(2019, 2, 4, 23, 59, 59, 999999999, time.UTC); got != want {
		t.Errorf("When.End = %v; want %v", got, want)
	}
	if got, want := ds.Sources[0].PublishedDate.End, time.Date(2019, 2, 28, 23, 59, 59, 999999999, time.UTC); got != want {
		t.Errorf("PublishedDate.End = %v; want %v", got, want)
	}
	spans := []struct {
		c    Citation
		text string
		want string
	}{
		{ds.Markers[0].Citations[0], reportText, "500 troops  are stationed"},
		{ds.Markers[1].Citations[0], tourText, "visits Bishkek"},
		{ds.Markers[1].Citations[1], reportText, "near Bishkek"},
		{ds.Alliances[0].Citations[0], tourText, "Central Asia"},
	}
	for _, s := range spans {
		if got := s.text[s.c.Start:s.c.End]; got != s.want {
			t.Errorf("span of %q = %q; want %q", s.c.Quote, got, s.want)
		}
	}
}

// want is an expected problem: its feature (-1 outside features), field
// and message, which must match exactly unless it ends with "...", when it
// must start with the rest.
type want struct {
	feature int
	field   string
	message string
}

func (w want) matches(p Problem) bool {
	if p.Feature != w.feature || p.Field != w.field {
		return false
	}
	if prefix, ok := strings.CutSuffix(w.message, "..."); ok {
		return strings.HasPrefix(p.Message, prefix)
	}
	return p.Message == w.message
}

func TestValidateRules(t *testing.T) {
	long := strings.Repeat("a", MaxStringLen+1)
	tests := []struct {
		name   string
		edit   func(ds *Dataset)
		want   []want
		noMore bool // the problems listed are all there are
	}{
		// The collection.
		{"title on two lines", func(ds *Dataset) { ds.Title = "a\nb" }, []want{{-1, "title", msgSingleLine}}, true},
		{"blank title", func(ds *Dataset) { ds.Title = " \t" }, []want{{-1, "title", "is empty"}}, true},
		{"title not UTF-8", func(ds *Dataset) { ds.Title = "a\xffb" }, []want{{-1, "title", "is not valid UTF-8"}}, true},
		{"long description", func(ds *Dataset) { ds.Description = long }, []want{{-1, "description", "is 65537 bytes long; the limit is 65536"}}, true},
		{"extra member named like the format's own", func(ds *Dataset) { ds.Extra = map[string]json.RawMessage{"features": json.RawMessage("[]")} },
			[]want{{-1, "features", "is one of the collection's own members; it cannot be kept as an extra member"}}, true},
		{"extra member not JSON", func(ds *Dataset) { ds.Extra = map[string]json.RawMessage{"x-editor": json.RawMessage("{")} },
			[]want{{-1, "x-editor", "is not valid JSON"}}, true},
		{"too many sources", func(ds *Dataset) { ds.Sources = append(ds.Sources, make([]*Source, MaxSources)...) },
			[]want{{-1, "sources", "has 10002 sources; the limit is 10000"}, {-1, "sources[2]", "is nil; want a source"}}, false},
		{"too many markers", func(ds *Dataset) { ds.Markers = append(ds.Markers, make([]*Marker, MaxFeatures)...) },
			[]want{{-1, "features", "has 1000003 features; the limit is 1000000"}, {3, "", "is nil; want a marker"}}, false},

		// Sources.
		{"nil source", func(ds *Dataset) { ds.Sources = append(ds.Sources, nil) }, []want{{-1, "sources[2]", "is nil; want a source"}}, true},
		{"source id missing", func(ds *Dataset) { ds.Sources[1].ID = "" }, []want{
			{-1, "sources[1].id", "is missing"},
			{-1, "alliances[0].citations[0].source", `unknown source "tour"; add it to the sources list`},
			{1, "properties.citations[0].source", `unknown source "tour"; add it to the sources list`},
		}, true},
		{"source id not a slug", func(ds *Dataset) { ds.Sources[0].ID = "Report One" }, []want{
			{-1, "sources[0].id", `"Report One" is not a valid id; use lower-case letters, digits and single hyphens, such as "report-one"`},
		}, false},
		{"duplicate source id", func(ds *Dataset) { ds.Sources[1].ID = "report" }, []want{{-1, "sources[1].id", `duplicate source id "report"`}}, false},
		{"source title missing", func(ds *Dataset) { ds.Sources[0].Title = "" }, []want{{-1, "sources[0].title", "is missing"}}, true},
		{"source title on two lines", func(ds *Dataset) { ds.Sources[0].Title = "a\r\nb" }, []want{{-1, "sources[0].title", msgSingleLine}}, true},
		{"publisher with a control character", func(ds *Dataset) { ds.Sources[0].Publisher = "a\x00b" }, []want{{-1, "sources[0].publisher", msgSingleLine}}, true},
		{"published not a date", func(ds *Dataset) { ds.Sources[0].Published = "2019-13" },
			[]want{{-1, "sources[0].published", `"2019-13" is not a valid date: there is no month 13`}}, true},
		{"url not http", func(ds *Dataset) { ds.Sources[0].URL = "ftp://example.org/x" },
			[]want{{-1, "sources[0].url", `"ftp://example.org/x" is not an absolute http or https URL`}}, true},
		{"url without host", func(ds *Dataset) { ds.Sources[0].URL = "https:///x" }, []want{{-1, "sources[0].url", `"https:///x" has no host`}}, true},
		{"source note too long", func(ds *Dataset) { ds.Sources[0].Note = long }, []want{{-1, "sources[0].note", "is 65537 bytes long; the limit is 65536"}}, true},
		{"source without text", func(ds *Dataset) { ds.Sources[0].Text = "" },
			[]want{{-1, "sources[0]", "has neither file nor text; want exactly one of them, holding the source's full text"}}, true},
		{"blank inline text", func(ds *Dataset) { ds.Sources[0].Text = "\n \n" }, []want{{-1, "sources[0].text", "is empty"}}, true},
		{"inline text too large", func(ds *Dataset) { ds.Sources[0].Text = strings.Repeat("a", MaxSourceSize+1) },
			[]want{{-1, "sources[0].text", "is 16.0 MiB; the limit is 16 MiB"}}, true},
		{"inline text not UTF-8", func(ds *Dataset) { ds.Sources[0].Text = "ab\nc\xff" + reportText },
			[]want{{-1, "sources[0].text", "is not valid UTF-8 text: bad byte 0xff at offset 4 (line 2, column 2)"}}, true},
		{"file path absolute", func(ds *Dataset) { ds.Sources[1].File = "/etc/tour.txt" },
			[]want{{-1, "sources[1].file", `"/etc/tour.txt" is an absolute path; want a path relative to the dataset's folder, such as "sources/report.txt"`}}, true},
		{"file path with a backslash", func(ds *Dataset) { ds.Sources[1].File = `sources\tour.txt` },
			[]want{{-1, "sources[1].file", `"sources\\tour.txt" contains a backslash; separate folders with forward slashes`}}, true},
		{"file path leaving the folder", func(ds *Dataset) { ds.Sources[1].File = "../tour.txt" },
			[]want{{-1, "sources[1].file", `"../tour.txt" leaves the dataset's folder; source files must be inside it`}}, true},
		{"file path not clean", func(ds *Dataset) { ds.Sources[1].File = "sources/./tour.txt" },
			[]want{{-1, "sources[1].file", `"sources/./tour.txt" is not a clean relative path; want a path such as "sources/report.txt"`}}, true},
		{"file source without its text", func(ds *Dataset) { ds.Sources[1].Text = "" },
			[]want{{-1, "sources[1].file", `"sources/tour.txt" is empty`}}, true},
		{"texts over the total limit", func(ds *Dataset) {
			big := strings.Repeat("x", MaxSourceSize)
			for i := range MaxTotalSourceSize/MaxSourceSize + 1 {
				ds.Sources = append(ds.Sources, &Source{ID: "big-" + string(rune('a'+i)), Title: "Big", Text: big})
			}
		}, []want{{-1, "sources[17]", "brings the sources' texts over the limit of 256 MiB in all"}, {-1, "sources[18]", "brings the sources' texts over the limit of 256 MiB in all"}}, true},

		// Alliances.
		{"nil alliance", func(ds *Dataset) { ds.Alliances = append(ds.Alliances, nil) }, []want{{-1, "alliances[1]", "is nil; want an alliance"}}, true},
		{"alliance id missing", func(ds *Dataset) { ds.Alliances[0].ID = "" }, []want{{-1, "alliances[0].id", "is missing"}}, true},
		{"duplicate alliance id", func(ds *Dataset) {
			ds.Alliances = append(ds.Alliances, &Alliance{ID: "csto", Name: "Again", Members: []string{"RU"}, Citations: ds.Alliances[0].Citations})
		},
			[]want{{-1, "alliances[1].id", `duplicate alliance id "csto"`}}, true},
		{"alliance name missing", func(ds *Dataset) { ds.Alliances[0].Name = "" }, []want{{-1, "alliances[0].name", "is missing"}}, true},
		{"leader on two lines", func(ds *Dataset) { ds.Alliances[0].Leader = "R\nU" }, []want{{-1, "alliances[0].leader", msgSingleLine}}, true},
		{"members missing", func(ds *Dataset) { ds.Alliances[0].Members = nil },
			[]want{{-1, "alliances[0].members", `is missing; want an array of country codes such as ["KG", "TJ"]`}}, true},
		{"members empty", func(ds *Dataset) { ds.Alliances[0].Members = []string{} },
			[]want{{-1, "alliances[0].members", "is empty; want at least one country code"}}, true},
		{"member empty", func(ds *Dataset) { ds.Alliances[0].Members[1] = "" }, []want{{-1, "alliances[0].members[1]", "is empty"}}, true},
		{"member unknown", func(ds *Dataset) { ds.Alliances[0].Members[1] = "XX" },
			[]want{{-1, "alliances[0].members[1]", `unknown country code "XX"; want an ISO 3166-1 alpha-2 code such as "KG"`}}, true},
		{"member twice", func(ds *Dataset) { ds.Alliances[0].Members = append(ds.Alliances[0].Members, "RU") },
			[]want{{-1, "alliances[0].members[2]", `"RU" is listed twice`}}, true},
		{"member also a non-member", func(ds *Dataset) { ds.Alliances[0].NonMembers = append(ds.Alliances[0].NonMembers, "KG") },
			[]want{{-1, "alliances[0].nonMembers[1]", `"KG" is also listed in members`}}, true},
		{"non-member unknown", func(ds *Dataset) { ds.Alliances[0].NonMembers[0] = "uz" },
			[]want{{-1, "alliances[0].nonMembers[0]", `unknown country code "uz"; want an ISO 3166-1 alpha-2 code such as "KG"`}}, true},
		{"alliance without citations", func(ds *Dataset) { ds.Alliances[0].Citations = nil },
			[]want{{-1, "alliances[0].citations", "is missing; cite at least one source with a verbatim quote"}}, true},
		{"alliance quote not found", func(ds *Dataset) { ds.Alliances[0].Citations[0].Quote = "Southern Asia" },
			[]want{{-1, "alliances[0].citations[0].quote", `the quote is not in source "tour", even allowing for differences in white space`}}, true},

		// Markers: properties.
		{"nil marker", func(ds *Dataset) { ds.Markers[1] = nil }, []want{{1, "", "is nil; want a marker"}}, true},
		{"id missing", func(ds *Dataset) { ds.Markers[0].ID = "" }, []want{{0, "properties.id", "is missing"}}, true},
		{"id not a slug", func(ds *Dataset) { ds.Markers[0].ID = "Kant Air Base" },
			[]want{{0, "properties.id", `"Kant Air Base" is not a valid id; use lower-case letters, digits and single hyphens, such as "kant-air-base"`}}, true},
		{"id too long", func(ds *Dataset) { ds.Markers[0].ID = strings.Repeat("a", MaxIDLen+1) },
			[]want{{0, "properties.id", `"aaaa...`}}, true},
		{"duplicate id", func(ds *Dataset) { ds.Markers[2].ID = "kant" }, []want{{2, "properties.id", `duplicate id "kant"; feature 0 already uses it`}}, true},
		{"kind missing", func(ds *Dataset) { ds.Markers[0].Kind = "" }, []want{{0, "properties.kind", "is missing"}}, true},
		{"kind unknown", func(ds *Dataset) { ds.Markers[0].Kind = "bse" },
			[]want{{0, "properties.kind", `unknown kind "bse"; want one of base, deployment, visit, meeting, threat, border`}}, true},
		{"kind on two lines", func(ds *Dataset) { ds.Markers[0].Kind = "ba\nse" }, []want{{0, "properties.kind", msgSingleLine}}, true},
		{"title missing", func(ds *Dataset) { ds.Markers[0].Title = "" }, []want{{0, "properties.title", "is missing"}}, true},
		{"title on two lines", func(ds *Dataset) { ds.Markers[0].Title = "Kant\nair base" }, []want{{0, "properties.title", msgSingleLine}}, true},
		{"title with a line separator", func(ds *Dataset) { ds.Markers[0].Title = "Kant\u2028air base" }, []want{{0, "properties.title", msgSingleLine}}, true},
		{"place missing", func(ds *Dataset) { ds.Markers[0].Place = "" }, []want{{0, "properties.place", "is missing"}}, true},
		{"country in lower case", func(ds *Dataset) { ds.Markers[0].Country = "kg" },
			[]want{{0, "properties.country", `"kg" is not an ISO 3166-1 alpha-2 code; did you mean "KG"?`}}, true},
		{"country unknown", func(ds *Dataset) { ds.Markers[0].Country = "XX" },
			[]want{{0, "properties.country", `unknown country code "XX"; want an ISO 3166-1 alpha-2 code such as "KG"`}}, true},
		{"actor on two lines", func(ds *Dataset) { ds.Markers[0].Actor = "R\nU" }, []want{{0, "properties.actor", msgSingleLine}}, true},
		{"date invalid", func(ds *Dataset) { ds.Markers[0].Date = "2019-02-30" },
			[]want{{0, "properties.date", `"2019-02-30" is not a valid date: February 2019 has 28 days`}}, true},
		{"date not a date", func(ds *Dataset) { ds.Markers[0].Date = "soon" },
			[]want{{0, "properties.date", `"soon" is not a date: want YYYY, YYYY-MM, YYYY-MM-DD or an interval of two of those such as 2019-02/2019-05`}}, true},
		{"interval reversed", func(ds *Dataset) { ds.Markers[0].Date = "2020/2019" },
			[]want{{0, "properties.date", `interval "2020/2019" ends before it starts`}}, true},
		{"value not finite", func(ds *Dataset) { x := math.NaN(); ds.Markers[0].Value = &x },
			[]want{{0, "properties.value", "NaN is not a finite number"}}, true},
		{"value infinite", func(ds *Dataset) { x := math.Inf(-1); ds.Markers[0].Value = &x },
			[]want{{0, "properties.value", "-Inf is not a finite number"}}, true},
		{"value without unit", func(ds *Dataset) { ds.Markers[0].Unit = "" },
			[]want{{0, "properties.unit", `is missing; a value needs a unit such as "troops" or "km"`}}, true},
		{"unit without value", func(ds *Dataset) { ds.Markers[0].Value = nil },
			[]want{{0, "properties.unit", "is set but properties.value is not"}}, true},
		{"unit on two lines", func(ds *Dataset) { ds.Markers[0].Unit = "tr\noops" }, []want{{0, "properties.unit", msgSingleLine}}, true},
		{"precision missing: as given", func(ds *Dataset) { ds.Markers[0].Precision = "" }, nil, true},
		{"precision unknown", func(ds *Dataset) { ds.Markers[0].Precision = "approximate" },
			[]want{{0, "properties.precision", `unknown precision "approximate"; want one of exact, city, region, country`}}, true},
		{"status missing: not stated", func(ds *Dataset) { ds.Markers[0].Status = "" }, nil, true},
		{"status unknown", func(ds *Dataset) { ds.Markers[0].Status = "active" },
			[]want{{0, "properties.status", `unknown status "active"; want one of current, planned, possible, past`}}, true},
		{"trip not a slug", func(ds *Dataset) { ds.Markers[1].Trip = "Tour 2019" },
			[]want{{1, "properties.trip", `"Tour 2019" is not a valid id; use lower-case letters, digits and single hyphens, such as "tour-2019"`}}, true},
		{"stop negative", func(ds *Dataset) { ds.Markers[1].Stop = -1 },
			[]want{{1, "properties.stop", "is -1; want a whole number from 1 to 1000000"}}, true},
		{"stop too large", func(ds *Dataset) { ds.Markers[1].Stop = maxStop + 1 },
			[]want{{1, "properties.stop", "is 1000001; want a whole number from 1 to 1000000"}}, true},
		{"stop without trip", func(ds *Dataset) { ds.Markers[0].Stop = 2 },
			[]want{{0, "properties.stop", "is set but properties.trip is not"}}, true},
		{"visit in a trip without stop", func(ds *Dataset) { ds.Markers[1].Stop = 0 },
			[]want{{1, "properties.stop", `is missing; a visit in trip "tour-2019" needs its stop number, from 1`}}, true},
		{"participant empty", func(ds *Dataset) { ds.Markers[1].Participants[1] = "" }, []want{{1, "properties.participants[1]", "is empty"}}, true},
		{"participant on two lines", func(ds *Dataset) { ds.Markers[1].Participants[0] = "Sergey\nLavrov" },
			[]want{{1, "properties.participants[0]", msgSingleLine}}, true},
		{"note too long", func(ds *Dataset) { ds.Markers[2].Note = long }, []want{{2, "properties.note", "is 65537 bytes long; the limit is 65536"}}, true},

		// Markers: citations.
		{"citations missing", func(ds *Dataset) { ds.Markers[0].Citations = nil },
			[]want{{0, "properties.citations", "is missing; cite at least one source with a verbatim quote"}}, true},
		{"citations empty", func(ds *Dataset) { ds.Markers[0].Citations = []Citation{} },
			[]want{{0, "properties.citations", "is empty; cite at least one source with a verbatim quote"}}, true},
		{"too many citations", func(ds *Dataset) {
			for range MaxCitations {
				ds.Markers[0].Citations = append(ds.Markers[0].Citations, Citation{Source: "report", Quote: "Kant"})
			}
		}, []want{{0, "properties.citations", "has 101 citations; the limit is 100"}}, true},
		{"citation source missing", func(ds *Dataset) { ds.Markers[1].Citations[1].Source = "" },
			[]want{{1, "properties.citations[1].source", "is missing"}}, true},
		{"citation source not a slug", func(ds *Dataset) { ds.Markers[1].Citations[1].Source = "Report" },
			[]want{{1, "properties.citations[1].source", `"Report" is not a valid id; use lower-case letters, digits and single hyphens, such as "report"`}}, true},
		{"citation source unknown", func(ds *Dataset) { ds.Markers[1].Citations[1].Source = "nope" },
			[]want{{1, "properties.citations[1].source", `unknown source "nope"; add it to the sources list`}}, true},
		{"quote missing", func(ds *Dataset) { ds.Markers[0].Citations[0].Quote = "" },
			[]want{{0, "properties.citations[0].quote", "is missing"}}, true},
		{"quote blank", func(ds *Dataset) { ds.Markers[0].Citations[0].Quote = " \n " },
			[]want{{0, "properties.citations[0].quote", "is empty"}}, true},
		{"quote too long", func(ds *Dataset) { ds.Markers[0].Citations[0].Quote = long },
			[]want{{0, "properties.citations[0].quote", "is 65537 bytes long; the limit is 65536"}}, true},
		{"quote not in its source", func(ds *Dataset) { ds.Markers[0].Citations[0].Quote = "The Kant air base is in Osh." },
			[]want{{0, "properties.citations[0].quote", `the quote is not in source "report", even allowing for differences in white space; the source matches the quote up to "The Kant air base is ", then differs`}}, true},
		{"quote of the other source", func(ds *Dataset) { ds.Markers[1].Citations[1].Source = "tour" },
			[]want{{1, "properties.citations[1].quote", `the quote is not in source "tour", even allowing for differences in white space`}}, true},
		{"quote of a source with a problem", func(ds *Dataset) {
			ds.Sources[0].Text = "\n"
			ds.Markers[0].Citations[0].Quote = "not there"
		}, []want{{-1, "sources[0].text", "is empty"}}, true},
		{"citation note not UTF-8", func(ds *Dataset) { ds.Markers[1].Citations[1].Note = "\xc3" },
			[]want{{1, "properties.citations[1].note", "is not valid UTF-8"}}, true},

		// Markers: style and extension properties.
		{"marker colour not a colour", func(ds *Dataset) { ds.Markers[0].Style["marker-color"] = "red" },
			[]want{{0, "properties.marker-color", `"red" is not a colour; want #rgb or #rrggbb, such as "#c0392b"`}}, true},
		{"stroke not a string", func(ds *Dataset) { ds.Markers[0].Style["stroke"] = 3.0 },
			[]want{{0, "properties.stroke", "is a Go float64; want a string"}}, true},
		{"marker size unknown", func(ds *Dataset) { ds.Markers[0].Style["marker-size"] = "huge" },
			[]want{{0, "properties.marker-size", `"huge" is not a marker size; want small, medium or large`}}, true},
		{"marker symbol on two lines", func(ds *Dataset) { ds.Markers[0].Style["marker-symbol"] = "air\nfield" },
			[]want{{0, "properties.marker-symbol", msgSingleLine}}, true},
		{"opacity out of range", func(ds *Dataset) { ds.Markers[0].Style["fill-opacity"] = 1.5 },
			[]want{{0, "properties.fill-opacity", "is 1.5; want a number from 0 to 1"}}, true},
		{"opacity not finite", func(ds *Dataset) { ds.Markers[0].Style["stroke-opacity"] = math.NaN() },
			[]want{{0, "properties.stroke-opacity", "NaN is not a finite number"}}, true},
		{"stroke width negative", func(ds *Dataset) { ds.Markers[0].Style["stroke-width"] = -1 },
			[]want{{0, "properties.stroke-width", "is -1; want a number of at least 0"}}, true},
		{"stroke width not a number", func(ds *Dataset) { ds.Markers[0].Style["stroke-width"] = "2" },
			[]want{{0, "properties.stroke-width", "is a Go string; want a number"}}, true},
		{"style key unknown", func(ds *Dataset) { ds.Markers[0].Style["colour"] = "#fff" },
			[]want{{0, "properties.colour", "is not a simplestyle key; want one of marker-color, marker-size, marker-symbol, stroke, stroke-opacity, stroke-width, fill, fill-opacity"}}, true},
		{"extension key without x-", func(ds *Dataset) { ds.Markers[0].Extra["rank"] = json.RawMessage("1") },
			[]want{{0, "properties.rank", `is not an extension property; their keys start with "x-"`}}, true},
		{"extension value not JSON", func(ds *Dataset) { ds.Markers[0].Extra["x-rank"] = json.RawMessage("[1,") },
			[]want{{0, "properties.x-rank", "is not valid JSON"}}, true},

		// Markers: geometry.
		{"geometry missing", func(ds *Dataset) { ds.Markers[0].Geometry = nil }, []want{{0, "geometry", "is missing"}}, true},
		{"geometry a MultiPoint", func(ds *Dataset) { ds.Markers[0].Geometry = orb.MultiPoint{{1, 2}} },
			[]want{{0, "geometry.type", "MultiPoint is not allowed; want Point, LineString or Polygon, one marker each"}}, true},
		{"geometry a Ring", func(ds *Dataset) { ds.Markers[0].Geometry = orb.Ring{{1, 2}} },
			[]want{{0, "geometry.type", "a Go orb.Ring is not allowed; want an orb.Point, orb.LineString or orb.Polygon"}}, true},
		{"longitude out of range", func(ds *Dataset) { ds.Markers[0].Geometry = orb.Point{181, 42} },
			[]want{{0, "geometry.coordinates", "longitude 181 is outside -180 to 180 (positions are [longitude, latitude])"}}, true},
		{"latitude not finite", func(ds *Dataset) { ds.Markers[0].Geometry = orb.Point{74, math.Inf(1)} },
			[]want{{0, "geometry.coordinates", "latitude +Inf is not a finite number"}}, true},
		{"both coordinates out of range", func(ds *Dataset) { ds.Markers[0].Geometry = orb.Point{-190, 95} }, []want{
			{0, "geometry.coordinates", "longitude -190 is outside -180 to 180 (positions are [longitude, latitude])"},
			{0, "geometry.coordinates", "latitude 95 is outside -90 to 90 (positions are [longitude, latitude])"},
		}, true},
		{"line too short", func(ds *Dataset) { ds.Markers[1].Geometry = orb.LineString{{74.6, 42.9}} },
			[]want{{1, "geometry.coordinates", "a LineString has 1 position(s); want at least 2"}}, true},
		{"line position out of range", func(ds *Dataset) { ds.Markers[1].Geometry.(orb.LineString)[1][1] = 95 },
			[]want{{1, "geometry.coordinates", "position 1: latitude 95 is outside -90 to 90 (positions are [longitude, latitude])"}}, true},
		{"polygon without rings", func(ds *Dataset) { ds.Markers[2].Geometry = orb.Polygon{} },
			[]want{{2, "geometry.coordinates", "a Polygon has no rings; want at least one"}}, true},
		{"ring too short", func(ds *Dataset) { ds.Markers[2].Geometry = orb.Polygon{{{68, 36.5}, {69, 36.5}, {68, 36.5}}} },
			[]want{{2, "geometry.coordinates", "ring 0 has 3 position(s); want at least 4, the last equal to the first"}}, true},
		{"ring not closed", func(ds *Dataset) { ds.Markers[2].Geometry.(orb.Polygon)[0][3] = orb.Point{68, 37.2} },
			[]want{{2, "geometry.coordinates", "ring 0 is not closed: first position [68, 36.5] differs from last [68, 37.2]"}}, true},
		{"ring position out of range", func(ds *Dataset) { ds.Markers[2].Geometry.(orb.Polygon)[0][1][0] = 200 },
			[]want{{2, "geometry.coordinates", "ring 0, position 1: longitude 200 is outside -180 to 180 (positions are [longitude, latitude])"}}, true},

		// Several at once, in the order of a file.
		{"several problems", func(ds *Dataset) {
			ds.Markers[2].Geometry = nil
			ds.Markers[2].Kind = "bse"
			ds.Markers[0].Citations[0].Source = "nope"
			ds.Sources[1].Title = ""
			ds.Title = "\n"
		}, []want{
			{-1, "title", "is empty"},
			{-1, "sources[1].title", "is missing"},
			{0, "properties.citations[0].source", `unknown source "nope"; add it to the sources list`},
			{2, "properties.kind", `unknown kind "bse"; want one of base, deployment, visit, meeting, threat, border`},
			{2, "geometry", "is missing"},
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := validDataset()
			tt.edit(ds)
			ps := Validate(ds)
			k := 0 // the wanted problems come in order, maybe with others between
			for _, p := range ps {
				if k < len(tt.want) && tt.want[k].matches(p) {
					k++
				} else if tt.noMore {
					t.Errorf("unexpected problem %v", p)
				}
			}
			if k < len(tt.want) {
				t.Errorf("no problem %+v, in order, among:\n%v", tt.want[k], ps)
			}
			for _, p := range ps {
				s := p.String()
				if !strings.HasPrefix(s, "test.geojson: ") || strings.ContainsAny(s, "\n\r") || !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") {
					t.Errorf("problem %q is not one sentence naming the file", s)
				}
				if p.Feature >= 0 && p.Field != "" && p.ID != displayID(ds.Markers[p.Feature].ID) {
					t.Errorf("problem %v names marker %q; want %q", p, p.ID, ds.Markers[p.Feature].ID)
				}
			}
		})
	}
}

func TestValidateResetsDerivedValues(t *testing.T) {
	ds := validDataset()
	Validate(ds)
	ds.Markers[0].Date = "2019-13"
	ds.Markers[0].Citations[0].Quote = "not in the report"
	ds.Sources[0].Published = "someday"
	Validate(ds)
	if !ds.Markers[0].When.IsZero() || !ds.Sources[0].PublishedDate.IsZero() {
		t.Errorf("When = %v, PublishedDate = %v after they became invalid", ds.Markers[0].When, ds.Sources[0].PublishedDate)
	}
	if c := ds.Markers[0].Citations[0]; c.Start != 0 || c.End != 0 {
		t.Errorf("span [%d, %d) of a quote not found", c.Start, c.End)
	}
}

func TestValidateUsesIndexAndPath(t *testing.T) {
	ds := validDataset()
	ds.Path = "elsewhere/edited.geojson"
	ds.Markers[0], ds.Markers[2] = ds.Markers[2], ds.Markers[0] // moved, Index not updated
	ds.Markers[0].Kind = "bse"
	ps := Validate(ds)
	if len(ps) != 1 || ps[0].Feature != 2 || ps[0].ID != "kunduz" || ps[0].File != "elsewhere/edited.geojson" {
		t.Errorf("problems = %v; want one of feature 2 (kunduz), by its Index, in edited.geojson", ps)
	}
}

func TestValidateNeverPanics(t *testing.T) {
	tests := []struct {
		name string
		ds   *Dataset
		want []string // messages, in order; nil when the dataset is valid
	}{
		{"nil dataset", nil, []string{": there is no dataset to check."}},
		{"zero dataset", &Dataset{}, nil},
		{"nil entries", &Dataset{Path: "x", Sources: []*Source{nil}, Markers: []*Marker{nil}, Alliances: []*Alliance{nil}}, []string{
			"x: sources[0]: is nil; want a source.",
			"x: alliances[0]: is nil; want an alliance.",
			"x: feature 0: is nil; want a marker.",
		}},
		{"zero entries", &Dataset{Path: "x", Sources: []*Source{{}}, Markers: []*Marker{{}}, Alliances: []*Alliance{{}}}, []string{
			"x: sources[0].id: is missing.",
			"x: sources[0].title: is missing.",
			"x: sources[0]: has neither file nor text; want exactly one of them, holding the source's full text.",
			"x: alliances[0].id: is missing.",
			"x: alliances[0].name: is missing.",
			`x: alliances[0].members: is missing; want an array of country codes such as ["KG", "TJ"].`,
			"x: alliances[0].citations: is missing; cite at least one source with a verbatim quote.",
			"x: feature 0: properties.id: is missing.",
			"x: feature 0: properties.kind: is missing.",
			"x: feature 0: properties.title: is missing.",
			"x: feature 0: properties.place: is missing.",
			"x: feature 0: properties.citations: is missing; cite at least one source with a verbatim quote.",
			"x: feature 0: geometry: is missing.",
		}},
		{"zero citation and nil maps", &Dataset{Markers: []*Marker{{ID: "a", Kind: KindBase, Title: "A", Place: "P", Precision: PrecisionCity, Status: StatusPast,
			Citations: []Citation{{}}, Geometry: orb.Polygon{nil}, Style: map[string]any{"stroke": nil}, Extra: map[string]json.RawMessage{"x-a": nil}}}}, []string{
			": feature 0 (a): properties.stroke: is a Go <nil>; want a string.",
			": feature 0 (a): properties.x-a: is not valid JSON.",
			": feature 0 (a): properties.citations[0].source: is missing.",
			": feature 0 (a): properties.citations[0].quote: is missing.",
			": feature 0 (a): geometry.coordinates: ring 0 has 0 position(s); want at least 4, the last equal to the first.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, validate := range []func(*Dataset) Problems{Validate, new(Validator).Validate} {
				var got []string
				for _, p := range validate(tt.ds) {
					got = append(got, p.String())
				}
				if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
					t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
				}
			}
		})
	}
}
