package app

import (
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"casmap/data"
	"casmap/data/gazetteer"
)

// placeProposal is a place a marker can be given from a place name in a
// passage: its place text, country, position and precision.
type placeProposal struct {
	Label     string // what the list shows
	Place     string
	Country   string
	Point     orb.Point
	Precision data.Precision
}

// proposePlaces returns the places the gazetteer finds in text, those
// after a word placing something ("in Tajikistan", "near Bishkek") first,
// then in the order they appear. A country is shown at its capital, with
// precision "country".
func proposePlaces(text string) []placeProposal {
	type hit struct {
		at, rank int
		p        placeProposal
	}
	var hits []hit
	seen := map[*gazetteer.Place]bool{}
	for _, m := range gazetteer.Default().Find(text) {
		p := m.Place
		if seen[p] {
			continue
		}
		seen[p] = true
		label := p.Label()
		switch p.Kind {
		case gazetteer.City, gazetteer.Capital:
			label = p.Name + ", " + data.CountryName(p.Country)
		case gazetteer.Site, gazetteer.Region:
			label = p.Name + " (" + p.Kind.String() + ", " + data.CountryName(p.Country) + ")"
		}
		place := p.Label()
		if p.Kind == gazetteer.Region || p.Kind == gazetteer.Site {
			place = p.Name + ", " + data.CountryName(p.Country)
		}
		hits = append(hits, hit{m.Start, locativeRank(text, m.Start), placeProposal{
			Label: label, Place: place, Country: p.Country, Point: orb.Point{p.Lon, p.Lat}, Precision: p.Kind.Precision(),
		}})
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		return a.at - b.at
	})
	out := make([]placeProposal, len(hits))
	for i, h := range hits {
		out[i] = h.p
	}
	return out
}

// locativeRank is 0 for a name that follows a word placing something
// ("in Tajikistan", "to Bishkek"), where the place of a claim usually is,
// and 1 for others (an actor: "Russia will send…").
func locativeRank(text string, at int) int {
	before := strings.ToLower(strings.TrimRight(text[:at], " \u00a0"))
	for _, w := range []string{" in", " at", " near", " to", " from", " into", " across", " inside", " outside", " of", " visit", " visits", " visited", " visiting"} {
		if strings.HasSuffix(before, w) || before == strings.TrimSpace(w) {
			return 0
		}
	}
	return 1
}
