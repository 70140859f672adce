package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// derived returns what validation sets in ds, as text.
func derived(ds *Dataset) string {
	var b strings.Builder
	for _, s := range ds.Sources {
		if s != nil {
			fmt.Fprintf(&b, "%v;", s.PublishedDate)
		}
	}
	for _, m := range ds.Markers {
		if m == nil {
			continue
		}
		fmt.Fprintf(&b, "%v", m.When)
		for _, c := range m.Citations {
			fmt.Fprintf(&b, "[%d,%d]", c.Start, c.End)
		}
	}
	for _, a := range ds.Alliances {
		if a != nil {
			for _, c := range a.Citations {
				fmt.Fprintf(&b, "[%d,%d]", c.Start, c.End)
			}
		}
	}
	return b.String()
}

// renumber sets each marker's Index to its position.
func renumber(ds *Dataset) {
	for i, m := range ds.Markers {
		if m != nil {
			m.Index = i
		}
	}
}

func TestValidatorMatchesValidate(t *testing.T) {
	ds := mustLoad(t, generateDataset(t, t.TempDir(), 300, 12, 7))
	ds.Alliances = validDataset().Alliances
	ds.Alliances[0].Citations[0].Source = ds.Sources[0].ID
	ds.Alliances[0].Citations[0].Quote = FoldSpace(ds.Sources[0].Text)[10:40]
	rng := rand.New(rand.NewPCG(11, 12))
	pick := func() *Marker {
		for {
			if m := ds.Markers[rng.IntN(len(ds.Markers))]; m != nil {
				return m
			}
		}
	}
	quoteOf := func(s *Source) string {
		f := FoldSpace(s.Text)
		i := rng.IntN(len(f) - 60)
		return strings.TrimSpace(f[i : i+20+rng.IntN(40)])
	}
	edits := []func(){
		func() { pick().Title = []string{"A new title", "two\nlines", "", "  "}[rng.IntN(4)] },
		func() { pick().Kind = []Kind{KindBase, KindVisit, "bse"}[rng.IntN(3)] },
		func() { pick().Date = []string{"2020", "2020-02-30", "2019/2020-05", ""}[rng.IntN(4)] },
		func() { pick().ID = pick().ID }, // a duplicate, often
		func() { pick().ID = fmt.Sprintf("new-%d", rng.IntN(1000)) },
		func() {
			m := pick()
			c := &m.Citations[rng.IntN(len(m.Citations))]
			if rng.IntN(3) == 0 {
				c.Quote = "not in any source at all"
			} else {
				c.Quote = quoteOf(ds.Source(c.Source))
			}
		},
		func() {
			m := pick()
			m.Citations[0].Source = []string{ds.Sources[rng.IntN(len(ds.Sources))].ID, "nope"}[rng.IntN(2)]
		},
		func() {
			m := pick()
			m.Citations = append(slices.Clone(m.Citations), Citation{Source: ds.Sources[0].ID, Quote: quoteOf(ds.Sources[0])})
		},
		func() { pick().Geometry = orb.Point{rng.Float64()*400 - 200, rng.Float64()*100 - 50} },
		func() {
			m := pick()
			if m.Value != nil {
				*m.Value = []float64{1, math.NaN(), 7}[rng.IntN(3)] // in place
			} else {
				m.Unit = []string{"", "troops"}[rng.IntN(2)]
			}
		},
		func() {
			m := pick()
			if m.Style == nil {
				m.Style = map[string]any{}
			}
			m.Style["marker-color"] = []string{"#fff", "red"}[rng.IntN(2)] // in place
		},
		func() { pick().Participants = []string{"Lavrov", ""}[:1+rng.IntN(2)] },
		func() { pick().Trip, pick().Stop = "tour", rng.IntN(3) },
		func() { // remove a marker
			i := rng.IntN(len(ds.Markers))
			ds.Markers = slices.Delete(ds.Markers, i, i+1)
			renumber(ds)
		},
		func() { // insert a copy
			m := *pick()
			m.ID = fmt.Sprintf("copy-%d", rng.IntN(1000))
			m.Citations = slices.Clone(m.Citations)
			ds.Markers = slices.Insert(ds.Markers, rng.IntN(len(ds.Markers)), &m)
			renumber(ds)
		},
		func() { // move
			i, j := rng.IntN(len(ds.Markers)), rng.IntN(len(ds.Markers))
			ds.Markers[i], ds.Markers[j] = ds.Markers[j], ds.Markers[i]
			if rng.IntN(2) == 0 {
				renumber(ds)
			}
		},
		func() { // a nil marker, or back
			i := rng.IntN(len(ds.Markers))
			if ds.Markers[i] == nil {
				ds.Markers[i] = &Marker{Index: i, ID: "restored", Kind: KindBase, Title: "R", Place: "P", Precision: PrecisionCity, Status: StatusPast,
					Citations: []Citation{{Source: ds.Sources[0].ID, Quote: quoteOf(ds.Sources[0])}}, Geometry: orb.Point{1, 2}}
			} else {
				ds.Markers[i] = nil
			}
		},
		func() { // edit a source's text
			s := ds.Sources[rng.IntN(len(ds.Sources))]
			if rng.IntN(2) == 0 {
				s.Text = "Prefix. " + s.Text
			} else {
				s.Text = strings.Replace(s.Text, "the", "a", 3)
			}
		},
		func() { // rename a source, or add one
			if rng.IntN(2) == 0 {
				ds.Sources[rng.IntN(len(ds.Sources))].ID = fmt.Sprintf("renamed-%d", rng.IntN(5))
			} else {
				ds.Sources = append(ds.Sources, &Source{ID: fmt.Sprintf("added-%d", rng.IntN(5)), Title: "Added", Text: "Some text."})
			}
		},
		func() { ds.Sources[rng.IntN(len(ds.Sources))].Published = []string{"2019", "2019-99"}[rng.IntN(2)] },
		func() { ds.Alliances[0].Members = []string{"RU", "XX"}[:1+rng.IntN(2)] },
	}
	var v Validator
	for i := range 400 {
		if i > 0 {
			edits[rng.IntN(len(edits))]()
		}
		got := v.Validate(ds)
		gotDerived := derived(ds)
		want := Validate(ds)
		if !slices.Equal(got, want) {
			t.Fatalf("after %d edits the Validator finds\n%v\nand Validate\n%v", i, got, want)
		}
		if d := derived(ds); d != gotDerived {
			t.Fatalf("after %d edits the Validator set other derived values than Validate", i)
		}
	}
}

func TestValidatorChecksOnlyChanges(t *testing.T) {
	ds := validDataset()
	var v Validator
	if ps := v.Validate(ds); len(ps) != 0 {
		t.Fatal(ps)
	}
	// The quotes of markers searched for, or only looked up in the
	// results remembered, by the last validation; alliances, being few,
	// are checked every time.
	used := func(searched bool) map[quoteKey]bool {
		s := make(map[quoteKey]bool)
		for k, e := range v.quotes {
			if k.quote != "Central Asia" && (searched && e.made == v.gen || !searched && e.seen == v.gen && e.made != v.gen) {
				s[k] = true
			}
		}
		return s
	}
	v.Validate(ds)
	if s, l := used(true), used(false); len(s) != 0 || len(l) != 0 {
		t.Errorf("with nothing changed, quotes searched for %v, looked up %v", s, l)
	}
	// A marker's title changed: its quotes are looked up, not searched
	// for; the others' are left alone.
	ds.Markers[1].Title = "Another title"
	v.Validate(ds)
	if s, l := used(true), used(false); len(s) != 0 || len(l) != 2 || !l[quoteKey{"tour", "visits Bishkek"}] || !l[quoteKey{"report", "near Bishkek"}] {
		t.Errorf("after editing marker 1's title, quotes searched for %v, looked up %v", s, l)
	}
	// A quote changed: it alone is searched for.
	ds.Markers[0].Citations[0].Quote = "About 500 troops"
	v.Validate(ds)
	if s, l := used(true), used(false); len(s) != 1 || !s[quoteKey{"report", "About 500 troops"}] || len(l) != 0 {
		t.Errorf("after editing a quote, quotes searched for %v, looked up %v", s, l)
	}
	// A source's text changed: every marker's quotes are looked up, and
	// only those of the changed source searched for anew.
	ds.Sources[1].Text = "Visits: " + tourText
	before := ds.Markers[1].Citations[0].Start
	v.Validate(ds)
	if s := used(true); len(s) != 1 || !s[quoteKey{"tour", "visits Bishkek"}] {
		t.Errorf("after editing source tour, quotes searched for %v", s)
	}
	if got := ds.Markers[1].Citations[0].Start; got != before+len("Visits: ") {
		t.Errorf("span starts at %d after the source grew; want %d", got, before+len("Visits: "))
	}
	if len(v.quotes) != 5 {
		t.Errorf("%d remembered quotes; want the 5 of the dataset", len(v.quotes))
	}
}

func TestValidatorForgetsRemovedMarkers(t *testing.T) {
	ds := mustLoad(t, generateDataset(t, t.TempDir(), 2000, 5, 3))
	var v Validator
	v.Validate(ds)
	ds.Markers = ds.Markers[:100]
	v.Validate(ds)
	if len(v.entries) > 200 {
		t.Errorf("%d markers remembered; want about the 100 left", len(v.entries))
	}
}
