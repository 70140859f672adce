package data

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

func TestActorName(t *testing.T) {
	tests := []struct{ code, want string }{
		{"RU", "Russia"},
		{"US", "United States"},
		{"CSTO", "Collective Security Treaty Organization (CSTO)"},
		{"Taliban", "Taliban"},
		{"ISIS", "Islamic State (ISIS)"},
		{"USSR", "Soviet Union"},
		{"KG", "Kyrgyzstan"},
		{"TJ", "Tajikistan"},
		{"TM", "Turkmenistan"},
		{"AF", "Afghanistan"},
		{"PK", "Pakistan"},
		{"FR", "France"},
		{"Wagner", "Wagner"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := ActorName(tt.code); got != tt.want {
			t.Errorf("ActorName(%q) = %q; want %q", tt.code, got, tt.want)
		}
	}
}

func TestCountryCodes(t *testing.T) {
	codes := CountryCodes()
	if len(codes) != 249 {
		t.Errorf("%d country codes; want the 249 officially assigned", len(codes))
	}
	for _, c := range []string{"KG", "TJ", "TM", "UZ", "KZ", "AF", "PK", "RU", "CN", "US", "AX", "SS", "BQ"} {
		if !IsCountryCode(c) {
			t.Errorf("IsCountryCode(%q) = false", c)
		}
	}
	for _, c := range []string{"XX", "kg", "EU", "UK", "SU", "", "KGZ"} {
		if IsCountryCode(c) {
			t.Errorf("IsCountryCode(%q) = true", c)
		}
	}
}

func TestLabelsAndValid(t *testing.T) {
	if KindBase.Label() != "Base" || StatusPast.Label() != "Past" || PrecisionCity.Label() != "City" {
		t.Error("labels are not capitalised")
	}
	if Kind("bse").Valid() || !KindBorder.Valid() || Status("").Valid() || !PrecisionCountry.Valid() {
		t.Error("Valid gives wrong answers")
	}
	if len(Kinds) != 6 || len(Statuses) != 4 || len(Precisions) != 4 {
		t.Error("wrong number of kinds, statuses or precisions")
	}
}

func TestDatasetLookups(t *testing.T) {
	visit := func(id, trip string, stop int, date string) *Marker {
		m := &Marker{ID: id, Kind: KindVisit, Trip: trip, Stop: stop, Date: date, Geometry: orb.Point{}}
		m.When, _ = ParseDate(date)
		return m
	}
	ds := &Dataset{Markers: []*Marker{
		visit("c", "t1", 2, "2019-02-05"),
		visit("a", "t1", 1, "2019-02-04"),
		visit("b", "t1", 1, "2019-02-03"),
		visit("x", "t0", 1, ""),
		{ID: "m", Kind: KindMeeting, Trip: "t1", Actor: "RU"},
		{ID: "n", Kind: KindBase, Actor: "US"},
		{ID: "o", Kind: KindBase, Actor: "RU"},
	}}
	for i, m := range ds.Markers {
		m.Index = i
	}
	trips := ds.Trips()
	var got []string
	for _, r := range trips {
		for _, s := range r.Stops {
			got = append(got, r.Trip+":"+s.ID)
		}
	}
	if want := []string{"t0:x", "t1:b", "t1:a", "t1:c"}; !slices.Equal(got, want) {
		t.Errorf("Trips() = %v; want %v", got, want)
	}
	if got := ds.Actors(); !slices.Equal(got, []string{"RU", "US"}) {
		t.Errorf("Actors() = %v", got)
	}
	if c := ds.CountByKind(); c[KindVisit] != 4 || c[KindBase] != 2 || c[KindMeeting] != 1 || c[KindThreat] != 0 {
		t.Errorf("CountByKind() = %v", c)
	}
	// Without an index, lookups scan; after Reindex they use the index.
	if ds.Marker("o") == nil || ds.Marker("zz") != nil {
		t.Error("Marker lookup without index failed")
	}
	ds.Reindex()
	extra := &Marker{ID: "p"}
	ds.Markers = append(ds.Markers, extra)
	if ds.Marker("p") != nil {
		t.Error("the index saw a marker added after Reindex")
	}
	ds.Reindex()
	if ds.Marker("p") != extra {
		t.Error("Reindex did not pick up the new marker")
	}
}
