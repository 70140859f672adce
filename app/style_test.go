package app

import (
	"testing"

	"casmap/data"
)

// TestLegendKnowsDefaultDataset checks that every kind and actor of the
// embedded dataset has its own symbol, colour and name in the legend.
func TestLegendKnowsDefaultDataset(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range data.Kinds {
		if _, ok := kindColor[k]; !ok {
			t.Errorf("kind %s has no colour", k)
		}
		if _, ok := kindShape[k]; !ok {
			t.Errorf("kind %s has no shape", k)
		}
	}
	for _, m := range ds.Markers {
		if !m.Kind.Valid() {
			t.Errorf("%s: kind %q unknown to the legend", m.ID, m.Kind)
		}
		if m.Actor == "" {
			continue
		}
		if data.ActorName(m.Actor) == m.Actor && len(m.Actor) <= 3 {
			t.Errorf("%s: actor %q has no display name", m.ID, m.Actor)
		}
	}
	for _, a := range ds.Actors() {
		if _, ok := actorColors[a]; !ok && a != "TJ" && a != "TM" {
			t.Errorf("actor %q has no ring colour of its own", a)
		}
	}
}

func TestStatusLooksTentative(t *testing.T) {
	tests := []struct {
		status               data.Status
		hollow, dashed, fade bool
	}{
		{data.StatusCurrent, false, false, false},
		{data.StatusPlanned, true, false, false},
		{data.StatusPossible, true, true, false},
		{data.StatusPast, false, false, true},
	}
	for _, tt := range tests {
		st := markStyle(&data.Marker{Kind: data.KindBase, Status: tt.status}, 20)
		if st.Hollow != tt.hollow || st.Dashed != tt.dashed || st.Faded != tt.fade {
			t.Errorf("%s: hollow %v dashed %v faded %v", tt.status, st.Hollow, st.Dashed, st.Faded)
		}
	}
}
