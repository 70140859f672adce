package app

import (
	"slices"
	"strings"
	"unicode"

	"github.com/paulmach/orb"

	"casmap/data"
)

// capital is a country of the region and its capital, where a marker the
// text places only in the country is shown.
type capital struct {
	iso     string
	city    string
	lon     float64
	lat     float64
	aliases []string // other names of the country in English texts
}

// capitals lists the countries of Central Asia and of the powers around it,
// with their capitals' positions from GeoNames (geonames.org, CC BY 4.0).
// The full gazetteer replaces this short table.
var capitals = []capital{
	{"AF", "Kabul", 69.17233, 34.52813, []string{"Afghan"}},
	{"KZ", "Astana", 71.44598, 51.1801, []string{"Kazakh"}},
	{"KG", "Bishkek", 74.59, 42.87, []string{"Kyrgyz", "Kirghizia"}},
	{"TJ", "Dushanbe", 68.77905, 38.53575, []string{"Tajik"}},
	{"TM", "Ashgabat", 58.38333, 37.95, []string{"Turkmen"}},
	{"UZ", "Tashkent", 69.21627, 41.26465, []string{"Uzbek"}},
	{"RU", "Moscow", 37.61556, 55.75222, []string{"Russian Federation"}},
	{"CN", "Beijing", 116.39723, 39.9075, []string{"Chinese"}},
	{"IR", "Tehran", 51.42151, 35.69439, []string{"Iranian"}},
	{"PK", "Islamabad", 73.04329, 33.72148, []string{"Pakistani"}},
	{"IN", "New Delhi", 77.22445, 28.63576, []string{"Indian"}},
	{"MN", "Ulaanbaatar", 106.88324, 47.90771, nil},
	{"AZ", "Baku", 49.89201, 40.37767, nil},
	{"GE", "Tbilisi", 44.83368, 41.69411, nil},
	{"AM", "Yerevan", 44.51361, 40.18111, nil},
	{"TR", "Ankara", 32.85427, 39.91987, []string{"Turkey"}},
	{"BY", "Minsk", 27.56667, 53.9, nil},
	{"UA", "Kyiv", 30.5238, 50.45466, []string{"Kiev"}},
	{"US", "Washington", -77.03637, 38.89511, []string{"United States", "U.S.", "America"}},
}

// placeProposal is a place a marker can be given from a place name in a
// passage: its place text, country, position and precision.
type placeProposal struct {
	Label     string // what the list shows
	Place     string
	Country   string
	Point     orb.Point
	Precision data.Precision
}

// proposePlaces returns the places named in text, in the order they first
// appear: a capital gives the city, a country gives the country shown at
// its capital (precision "country", with a note saying so). Names match
// whole words, case sensitively, as place names are written.
func proposePlaces(text string) []placeProposal {
	type hit struct {
		at, rank int
		p        placeProposal
	}
	var hits []hit
	seen := map[string]bool{}
	add := func(at int, p placeProposal) {
		if at < 0 || seen[p.Label] {
			return
		}
		seen[p.Label] = true
		hits = append(hits, hit{at, locativeRank(text, at), p})
	}
	for _, c := range capitals {
		pt := orb.Point{c.lon, c.lat}
		add(wordIndex(text, c.city), placeProposal{
			Label: c.city + ", " + data.CountryName(c.iso), Place: c.city, Country: c.iso, Point: pt, Precision: data.PrecisionCity,
		})
		at := wordIndex(text, data.CountryName(c.iso))
		for _, a := range c.aliases {
			if i := wordIndex(text, a); i >= 0 && (at < 0 || i < at) {
				at = i
			}
		}
		name := data.CountryName(c.iso)
		add(at, placeProposal{
			Label: name + " (shown at " + c.city + ")", Place: name + " (shown at " + c.city + ")", Country: c.iso, Point: pt, Precision: data.PrecisionCountry,
		})
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

// wordIndex is the offset of the first occurrence of word in text that is
// not part of a longer word, or -1.
func wordIndex(text, word string) int {
	if word == "" {
		return -1
	}
	for off := 0; ; {
		i := strings.Index(text[off:], word)
		if i < 0 {
			return -1
		}
		i += off
		end := i + len(word)
		before := i == 0 || !isWordByte(text[i-1])
		after := end >= len(text) || !isWordByte(text[end]) || strings.HasPrefix(text[end:], "’s") || text[end] == 's' && (end+1 >= len(text) || !isWordByte(text[end+1]))
		if before && after {
			return i
		}
		off = i + 1
	}
}

// isWordByte reports whether b is an ASCII letter or digit, or part of a
// non-ASCII rune (taken as a letter).
func isWordByte(b byte) bool {
	return b >= 0x80 || unicode.IsLetter(rune(b)) || unicode.IsDigit(rune(b))
}
