// Package gazetteer finds the place names of Central Asia and its
// neighbours in a text and gives their coordinates, offline.
//
// Its tables are embedded and read on first use, never at start-up:
//
//   - places.tsv: the populated places of GeoNames cities1000 (geonames.org,
//     CC BY 3.0) in the region, with their alternate names in Latin and
//     Cyrillic letters; made by internal/gen (go generate).
//   - regions.tsv: provinces and well-known regions ("Khatlon",
//     "Gorno-Badakhshan", "northern Afghanistan"), each with a centre, a
//     rough radius and the public source of its coordinates.
//   - sites.tsv: military and security sites (Kant air base, Ayni,
//     Karshi-Khanabad…), each with the public source of its coordinates.
//   - aliases.tsv: renamings and transliterations (Bokhtar =
//     Qurghonteppa = Kurgan-Tyube; Nur-Sultan = Astana).
//
// Countries are places too: a country is shown at its capital, as the
// datasets of casmap show a claim the text places only in a country.
//
// Names match with case, diacritics, hyphens and apostrophes folded, the
// longest name first ("Kant air base" over "Kant", "northern Afghanistan"
// over "Afghanistan").
package gazetteer

import (
	"bufio"
	"embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"casmap/data"
)

//go:generate sh internal/gen/fetch.sh

//go:embed *.tsv
var tables embed.FS

// Kind says what sort of place a Place is.
type Kind uint8

// The kinds of place, from the most to the least exactly placed.
const (
	Site    Kind = iota // a military or security site
	City                // a populated place
	Capital             // a country's capital
	Region              // a province or region, drawn as an area
	Country             // a country, shown at its capital
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case Site:
		return "site"
	case City:
		return "city"
	case Capital:
		return "capital"
	case Region:
		return "region"
	case Country:
		return "country"
	}
	return "unknown"
}

// Precision is how exactly a mention of a place of this kind places a
// claim, in the terms of a dataset.
func (k Kind) Precision() data.Precision {
	switch k {
	case Site:
		return data.PrecisionExact
	case City, Capital:
		return data.PrecisionCity
	case Region:
		return data.PrecisionRegion
	}
	return data.PrecisionCountry
}

// Place is a named place with its position.
type Place struct {
	Name       string  // the usual name: GeoNames' name, or the table's
	Kind       Kind    // what it is
	Country    string  // ISO 3166-1 alpha-2 code
	Lat, Lon   float64 // WGS 84 degrees; a country's are its capital's
	Population int     // GeoNames population; 0 when not known
	RadiusKm   float64 // a region's rough radius; 0 for others
	ShownAt    string  // for a country: the capital it is shown at
	Source     string  // where the coordinates come from: "GeoNames 1220747" or a URL
}

// Label is the place as a dataset names it: "Kyrgyzstan (shown at
// Bishkek)" for a country, the name otherwise.
func (p *Place) Label() string {
	if p.Kind == Country && p.ShownAt != "" {
		return p.Name + " (shown at " + p.ShownAt + ")"
	}
	return p.Name
}

// Match is a place name found in a text.
type Match struct {
	Start, End int    // byte span of the name in the text
	Place      *Place // the place it names, the likeliest when several share the name
	Others     int    // how many other places share the name
}

// Gazetteer is the index of the place names.
type Gazetteer struct {
	byName   map[string][]*Place // folded name -> places, best first
	maxWords int                 // the longest name, in words
	places   []*Place
	country  map[string]*Place
}

var (
	once sync.Once
	def  *Gazetteer
	err0 error
)

// Default returns the embedded gazetteer, reading its tables on first use.
// It panics if the embedded tables are broken, which the tests rule out.
func Default() *Gazetteer {
	once.Do(func() { def, err0 = Load(tables) })
	if err0 != nil {
		panic(err0)
	}
	return def
}

// tableFS is what Load reads the tables from.
type tableFS interface {
	ReadFile(name string) ([]byte, error)
}

// Load builds a gazetteer from the four tables in fsys.
func Load(fsys tableFS) (*Gazetteer, error) {
	g := &Gazetteer{byName: map[string][]*Place{}, country: map[string]*Place{}}
	if err := g.readTable(fsys, "places.tsv", 9, g.placeRow); err != nil {
		return nil, err
	}
	g.addCountries()
	if err := g.readTable(fsys, "regions.tsv", 7, g.regionRow); err != nil {
		return nil, err
	}
	if err := g.readTable(fsys, "sites.tsv", 7, g.siteRow); err != nil {
		return nil, err
	}
	if err := g.readTable(fsys, "aliases.tsv", 3, g.aliasRow); err != nil {
		return nil, err
	}
	for k, ps := range g.byName {
		slices.SortStableFunc(ps, better)
		g.byName[k] = slices.Compact(ps)
	}
	return g, nil
}

// better orders the places that share a name: hand-made sites and
// regions, then countries, capitals, then larger places first.
func better(a, b *Place) int {
	rank := func(p *Place) int {
		switch p.Kind {
		case Site:
			return 0
		case Region:
			return 1
		case Country:
			return 2
		case Capital:
			return 3
		}
		return 4
	}
	if ra, rb := rank(a), rank(b); ra != rb {
		return ra - rb
	}
	return b.Population - a.Population
}

// readTable reads the rows of a TSV table with a header line and at least
// min fields per row, skipping blank and "#" lines.
func (g *Gazetteer) readTable(fsys tableFS, name string, min int, row func(f []string) error) error {
	b, err := fsys.ReadFile(name)
	if err != nil {
		return fmt.Errorf("gazetteer: %w", err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	header := true
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header {
			header = false
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < min {
			return fmt.Errorf("gazetteer: %s line %d: %d fields, want %d", name, n, len(f), min)
		}
		if err := row(f); err != nil {
			return fmt.Errorf("gazetteer: %s line %d: %w", name, n, err)
		}
	}
	return sc.Err()
}

// coords parses a latitude and a longitude.
func coords(lat, lon string) (float64, float64, error) {
	a, err1 := strconv.ParseFloat(strings.TrimSpace(lat), 64)
	b, err2 := strconv.ParseFloat(strings.TrimSpace(lon), 64)
	if err1 != nil || err2 != nil || a < -90 || a > 90 || b < -180 || b > 180 {
		return 0, 0, fmt.Errorf("bad coordinates %q, %q", lat, lon)
	}
	return a, b, nil
}

// placeRow reads a GeoNames row: id, name, country, admin1, lat, lon,
// population, feature code, alternates.
func (g *Gazetteer) placeRow(f []string) error {
	lat, lon, err := coords(f[4], f[5])
	if err != nil {
		return err
	}
	pop, _ := strconv.Atoi(f[6])
	p := &Place{Name: f[1], Kind: City, Country: f[2], Lat: lat, Lon: lon, Population: pop, Source: "GeoNames " + f[0]}
	if f[7] == "PPLC" {
		p.Kind = Capital
	}
	g.places = append(g.places, p)
	g.index(f[1], p)
	for _, a := range strings.Split(f[8], "|") {
		g.index(a, p)
	}
	return nil
}

// countryNames are other names of the region's countries in English texts.
var countryNames = map[string][]string{
	"KG": {"Kyrgyz Republic", "Kirghizia", "Kirgizia"},
	"RU": {"Russian Federation"},
	"CN": {"People's Republic of China", "PRC"},
	"US": {"United States", "United States of America", "USA", "U.S.", "US", "America"},
	"IR": {"Islamic Republic of Iran"},
	"AF": {"Islamic Republic of Afghanistan"},
	"UZ": {"Republic of Uzbekistan"},
	"TJ": {"Republic of Tajikistan", "Tadjikistan", "Tadzhikistan"},
	"KZ": {"Republic of Kazakhstan"},
	"TM": {"Turkmenia"},
}

// addCountries adds the countries whose capital the places hold, each
// shown at its capital.
func (g *Gazetteer) addCountries() {
	for _, p := range g.places {
		if p.Kind != Capital || g.country[p.Country] != nil {
			continue
		}
		name := data.CountryName(p.Country)
		if name == "" {
			continue
		}
		c := &Place{Name: name, Kind: Country, Country: p.Country, Lat: p.Lat, Lon: p.Lon, ShownAt: p.Name,
			Source: p.Source + " (the capital)"}
		g.country[p.Country] = c
		g.index(name, c)
		for _, a := range countryNames[p.Country] {
			g.index(a, c)
		}
	}
}

// regionRow reads a region: name, aliases, country, lat, lon, radius_km,
// source.
func (g *Gazetteer) regionRow(f []string) error {
	lat, lon, err := coords(f[3], f[4])
	if err != nil {
		return err
	}
	r, _ := strconv.ParseFloat(strings.TrimSpace(f[5]), 64)
	p := &Place{Name: f[0], Kind: Region, Country: strings.TrimSpace(f[2]), Lat: lat, Lon: lon, RadiusKm: r, Source: f[6]}
	g.places = append(g.places, p)
	g.index(f[0], p)
	for _, a := range strings.Split(f[1], "|") {
		g.index(a, p)
	}
	return nil
}

// siteRow reads a site: name, aliases, country, lat, lon, kind, source.
func (g *Gazetteer) siteRow(f []string) error {
	lat, lon, err := coords(f[3], f[4])
	if err != nil {
		return err
	}
	p := &Place{Name: f[0], Kind: Site, Country: strings.TrimSpace(f[2]), Lat: lat, Lon: lon, Source: f[6]}
	g.places = append(g.places, p)
	g.index(f[0], p)
	for _, a := range strings.Split(f[1], "|") {
		g.index(a, p)
	}
	return nil
}

// aliasRow reads a renaming: alias, GeoNames name, country. The alias
// names every place of that name and country.
func (g *Gazetteer) aliasRow(f []string) error {
	alias, name, cc := f[0], f[1], strings.TrimSpace(f[2])
	n := 0
	for _, p := range g.byName[Fold(name)] {
		if p.Country == cc {
			g.index(alias, p)
			n++
		}
	}
	if n == 0 {
		return fmt.Errorf("alias %q: no place %q in %s", alias, name, cc)
	}
	return nil
}

// index records p under name.
func (g *Gazetteer) index(name string, p *Place) {
	k := Fold(name)
	if k == "" {
		return
	}
	if w := strings.Count(k, " ") + 1; w > g.maxWords {
		g.maxWords = w
	}
	if !slices.Contains(g.byName[k], p) {
		g.byName[k] = append(g.byName[k], p)
	}
}

// Lookup returns the places of a name, best first.
func (g *Gazetteer) Lookup(name string) []*Place { return g.byName[Fold(name)] }

// CountryPlace returns the country of an ISO code, shown at its capital,
// or nil.
func (g *Gazetteer) CountryPlace(iso string) *Place { return g.country[iso] }

// Len is the number of places.
func (g *Gazetteer) Len() int { return len(g.places) }

// Fold turns a name into its key: lower case, diacritics dropped,
// apostrophes removed, hyphens and runs of other separators as one space.
func Fold(s string) string {
	if w, ok := foldASCIIWord(s); ok {
		return w
	}
	var b strings.Builder
	space := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '\'' || r == '’' || r == 'ʼ' || r == '‘' || r == 'ʻ':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}

// foldASCIIWord folds a word of ASCII letters and digits without the
// Unicode tables, the common case of an English text.
func foldASCIIWord(s string) (string, bool) {
	lower := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			lower = false
		default:
			return "", false
		}
	}
	if s == "" {
		return "", false
	}
	if lower {
		return s, true
	}
	return strings.ToLower(s), true
}

// token is a word of a text: its folded form and its byte span.
type token struct {
	key        string
	start, end int
}

// tokens splits text into words as Fold folds them.
func tokens(text string) []token {
	out := make([]token, 0, len(text)/6)
	start := -1
	flush := func(end int) {
		if start >= 0 {
			w := text[start:end]
			if strings.ContainsAny(w, "'’") {
				w = strings.NewReplacer("'", "", "’", "").Replace(w)
			}
			out = append(out, token{key: Fold(w), start: start, end: end})
		}
		start = -1
	}
	for i, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if start < 0 {
				start = i
			}
		case (r == '\'' || r == '’') && start >= 0 && i+1 < len(text) && next(text, i+utf8.RuneLen(r)):
			// "Xi'an" is one word
		default:
			flush(i)
		}
	}
	flush(len(text))
	return out
}

// next reports whether a letter follows at byte i.
func next(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r)
}

// stop lists common English words (and given names) that are also the
// names of small places, and never name a place in a text on their own.
var stop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the a an and or of in on at to for by with from as is was are be been it its this that these those
		he she they we you his her their our not no yes but if than then there here also more most many some any all one two three
		bank bay bor union state states islamic president minister ministry foreign defence defense army navy air force forces military
		base bases national central north south east west northern southern eastern western new old great mount lake river city
		region republic province district border borders march may june july august april january february september october november
		december monday tuesday wednesday thursday friday saturday sunday today week month year russian chinese american afghan tajik
		uzbek kyrgyz kazakh turkmen pakistani iranian ali abbas omar hassan hussain khan karim rahim mir shah gul said nur amir aziz
		imam mullah sultan emir general gen mr mrs ms dr col lt sir lord king prince council talks peace war group party front
		security service services news agency reuters tass interfax times post daily star sun mail press company china russia
		sputnik radio free europe liberty voice world west east asia asian europe european islam muslim muslims sheikh
		kala bala bagh bazar kot pir tor sar dara darya qala qal shahr abad`) {
		stop[w] = true
	}
	// Countries and the region's capitals stay places.
	for _, w := range []string{"china", "russia"} {
		delete(stop, w)
	}
}

// Find returns the place names in text, left to right, each the longest
// name at its position. A single word must begin with a capital letter and
// not be a common English word; names the hand-made tables hold
// ("northern Afghanistan") match in any case.
func (g *Gazetteer) Find(text string) []Match {
	toks := tokens(text)
	var out []Match
	key := make([]byte, 0, 64)
	for i := 0; i < len(toks); {
		found := false
		for n := min(g.maxWords, len(toks)-i); n >= 1; n-- {
			key = key[:0]
			for j := i; j < i+n; j++ {
				if j > i {
					key = append(key, ' ')
				}
				key = append(key, toks[j].key...)
			}
			ps := g.byName[string(key)] // no allocation: the compiler looks up the bytes
			if len(ps) == 0 {
				continue
			}
			start, end := toks[i].start, toks[i+n-1].end
			if !g.plausible(text, start, end, n, ps[0]) {
				continue
			}
			out = append(out, Match{Start: start, End: end, Place: ps[0], Others: len(ps) - 1})
			i += n
			found = true
			break
		}
		if !found {
			i++
		}
	}
	return out
}

// plausible reports whether text[start:end], n words long, names p rather
// than being an ordinary word.
func (g *Gazetteer) plausible(text string, start, end, n int, p *Place) bool {
	if p.Kind == Site || p.Kind == Region {
		return true // the hand-made tables' names are never ordinary words
	}
	r, _ := utf8.DecodeRuneInString(text[start:])
	if !unicode.IsUpper(r) {
		return false
	}
	if n == 1 && stop[Fold(text[start:end])] && p.Kind != Country {
		return false
	}
	// "US" is a country; "us" is not, and neither is "US" inside "US$".
	if p.Kind == Country && end-start <= 3 && strings.ToUpper(text[start:end]) != text[start:end] {
		return false
	}
	return true
}
