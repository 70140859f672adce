package mapmodel

import (
	"image/color"
	"math"
	"testing"

	"casmap/data"
	"casmap/geo/draw"
)

// TestStyleTableCoversKinds checks that every kind has its own symbol and
// colour, and that the draw order is a total order of the kinds.
func TestStyleTableCoversKinds(t *testing.T) {
	shapes := map[draw.Shape]data.Kind{}
	ranks := map[int]data.Kind{}
	for _, k := range data.Kinds {
		st, ok := kinds[k]
		if !ok {
			t.Fatalf("kind %s has no row in the style table", k)
		}
		if o, dup := shapes[st.Shape]; dup {
			t.Errorf("kinds %s and %s share the symbol %v", k, o, st.Shape)
		}
		if o, dup := ranks[st.Rank]; dup {
			t.Errorf("kinds %s and %s share draw rank %d", k, o, st.Rank)
		}
		shapes[st.Shape], ranks[st.Rank] = k, k
	}
	if len(kinds) != len(data.Kinds) {
		t.Errorf("style table has %d rows for %d kinds", len(kinds), len(data.Kinds))
	}
}

// TestLegendKnowsDefaultDataset checks that every actor of the embedded
// dataset has a display name and a ring colour of its own.
func TestLegendKnowsDefaultDataset(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ds.Markers {
		if m.Actor != "" && data.ActorName(m.Actor) == m.Actor && len(m.Actor) <= 3 {
			t.Errorf("%s: actor %q has no display name", m.ID, m.Actor)
		}
	}
	for _, a := range ds.Actors() {
		if _, ok := actorColors[a]; !ok {
			t.Errorf("actor %q has no ring colour of its own", a)
		}
	}
}

// TestActorRingsDistinct checks that the ring colours of the actors of the
// embedded dataset differ from each other on both maps, and that on the
// dark map every ring stands out from the land.
func TestActorRingsDistinct(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	actors := ds.Actors()
	for _, dark := range []bool{false, true} {
		land := Theme(dark).Land
		for i, a := range actors {
			ca := ActorColor(a, dark)
			if dark {
				if c := contrast(ca, land); c < 3 {
					t.Errorf("dark map: ring of %s %v has contrast %.2f with the land, want at least 3", a, ca, c)
				}
			}
			for _, b := range actors[i+1:] {
				if d := colourDistance(ca, ActorColor(b, dark)); d < 60 {
					t.Errorf("dark=%v: rings of %s and %s are too close (%v, %v: distance %.0f)", dark, a, b, ca, ActorColor(b, dark), d)
				}
			}
		}
	}
}

func colourDistance(a, b color.NRGBA) float64 {
	dr, dg, db := float64(a.R)-float64(b.R), float64(a.G)-float64(b.G), float64(a.B)-float64(b.B)
	return math.Sqrt(dr*dr + dg*dg + db*db)
}

// contrast is the WCAG contrast ratio of two opaque colours.
func contrast(a color.NRGBA, b color.RGBA) float64 {
	la := relLum(a.R, a.G, a.B)
	lb := relLum(b.R, b.G, b.B)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func relLum(r, g, b uint8) float64 {
	f := func(v uint8) float64 {
		c := float64(v) / 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*f(r) + 0.7152*f(g) + 0.0722*f(b)
}

func TestMarkStyleByStatus(t *testing.T) {
	tests := []struct {
		status                data.Status
		hollow, dashed, faded bool
	}{
		{data.StatusCurrent, false, false, false},
		{data.StatusPossible, true, true, false},
		{data.StatusPlanned, true, false, false},
		{data.StatusPast, false, false, true},
		{"", true, false, true}, // not stated: never drawn as current
	}
	for _, tt := range tests {
		st := MarkStyle(&data.Marker{Kind: data.KindBase, Status: tt.status, Actor: "RU"}, 12, false)
		if st.Hollow != tt.hollow || st.Dashed != tt.dashed || st.Faded != tt.faded {
			t.Errorf("status %q: hollow %v dashed %v faded %v, want %v %v %v", tt.status, st.Hollow, st.Dashed, st.Faded, tt.hollow, tt.dashed, tt.faded)
		}
		if st.Shape != draw.Square || st.Ring.A == 0 {
			t.Errorf("status %q: shape %v ring %v", tt.status, st.Shape, st.Ring)
		}
	}
}

// TestClusterNotAStop checks that a cluster does not look like a route's
// numbered stop: it has a dashed second ring and another colour.
func TestClusterNotAStop(t *testing.T) {
	for _, dark := range []bool{false, true} {
		c := ClusterStyle(20, dark)
		stop := MarkStyle(&data.Marker{Kind: data.KindVisit, Stop: 2, Status: data.StatusCurrent}, 20, dark)
		if !c.Dashed || c.Ring.A == 0 || c.Fill == stop.Fill {
			t.Errorf("dark %v: cluster %+v looks like a stop %+v", dark, c, stop)
		}
	}
}

// TestActorRingsStandOutInDark checks that every actor's ring contrasts
// with the dark map's land, the CSTO shading and the sea (a contrast ratio
// of at least 3, WCAG's for graphics).
func TestActorRingsStandOutInDark(t *testing.T) {
	th := Theme(true)
	grounds := map[string]color.RGBA{"land": th.Land, "sea": th.Sea, "CSTO member": MemberFill(true)}
	for actor := range actorColors {
		ring := ActorColor(actor, true)
		for name, g := range grounds {
			if r := contrast(ring, g); r < 3 {
				t.Errorf("%s's ring %v on the dark %s %v: contrast %.2f, want 3", actor, ring, name, g, r)
			}
		}
	}
}
