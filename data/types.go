package data

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/paulmach/orb"
)

// Kind is what a marker shows.
type Kind string

// The marker kinds.
const (
	KindBase       Kind = "base"       // a military base or facility
	KindDeployment Kind = "deployment" // forces deployed somewhere
	KindVisit      Kind = "visit"      // an official visit; visits sharing a trip form a route
	KindMeeting    Kind = "meeting"    // a meeting between named participants
	KindThreat     Kind = "threat"     // a threat or an area of instability
	KindBorder     Kind = "border"     // a border or frontier
)

// Kinds lists every kind in legend order.
var Kinds = []Kind{KindBase, KindDeployment, KindVisit, KindMeeting, KindThreat, KindBorder}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Label returns the kind's name for a legend, e.g. "Base".
func (k Kind) Label() string { return label(string(k)) }

// Status is whether what a marker shows is in place, planned, possible or
// over.
type Status string

// The marker statuses.
const (
	StatusCurrent  Status = "current"  // in place now
	StatusPlanned  Status = "planned"  // announced or scheduled
	StatusPossible Status = "possible" // discussed or suspected
	StatusPast     Status = "past"     // over
)

// Statuses lists every status in legend order.
var Statuses = []Status{StatusCurrent, StatusPlanned, StatusPossible, StatusPast}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Label returns the status's name for a legend, e.g. "Current".
func (s Status) Label() string { return label(string(s)) }

// Precision is how exactly a marker's geometry places what it shows.
type Precision string

// The marker precisions, from the most to the least exact.
const (
	PrecisionExact   Precision = "exact"   // the very spot
	PrecisionCity    Precision = "city"    // somewhere in or near a city
	PrecisionRegion  Precision = "region"  // somewhere in a region or province
	PrecisionCountry Precision = "country" // somewhere in a country
)

// Precisions lists every precision from the most to the least exact.
var Precisions = []Precision{PrecisionExact, PrecisionCity, PrecisionRegion, PrecisionCountry}

// Valid reports whether p is one of Precisions.
func (p Precision) Valid() bool { return slices.Contains(Precisions, p) }

// Label returns the precision's name for a legend, e.g. "Exact".
func (p Precision) Label() string { return label(string(p)) }

// label capitalises the first letter of an ASCII word.
func label(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// Citation is a verbatim quote from a source backing a marker or alliance.
type Citation struct {
	Source string // id of the cited source
	Quote  string // the quoted text, as written in the dataset
	Note   string // optional editor's note on the citation

	// Start and End locate the quote in the source's Text as byte
	// offsets of the half-open span [Start, End): Text[Start:End] is the
	// quoted passage as it appears in the source, which may differ from
	// Quote in white space only. They are set by Validate, which Load
	// and Parse run, and ignored by Save.
	Start, End int
}

// Source is a document cited by markers and alliances.
type Source struct {
	ID        string // unique slug
	Title     string // title of the document
	Publisher string // optional publisher, e.g. a newspaper
	Published string // optional publication date as written (ISO 8601, see ParseDate)
	Note      string // optional editor's note
	URL       string // optional absolute http or https address of the original
	File      string // path of the text file, relative to the dataset's folder; "" for an inline text
	// SHA256 is the hexadecimal SHA-256 digest of Text recorded when the
	// source was added (see SourceDigest); Validate reports a text that no
	// longer matches it. Optional.
	SHA256 string

	// Text is the source's full text: the contents of File, or the
	// inline "text" member when File is "". Save writes Text only for
	// inline sources.
	Text string

	// PublishedDate is Published parsed, as Validate sets it; the zero
	// DateRange when Published is "" or not a date.
	PublishedDate DateRange
}

// Marker is one feature of the dataset: something placed on the map and
// backed by citations.
type Marker struct {
	Index   int    // position in the dataset's features when loaded, from 0
	ID      string // unique slug, at most MaxIDLen bytes
	Kind    Kind
	Title   string // one line
	Place   string // place name as a reader knows it
	Country string // optional ISO 3166-1 alpha-2 code
	Actor   string // optional actor code or name, e.g. "RU", "CSTO", "Taliban"; see ActorName

	Date string    // optional ISO 8601 date or interval as written; see ParseDate
	When DateRange // Date parsed, as Validate sets it; the zero DateRange when undated

	Value *float64 // optional quantity, e.g. a number of troops; nil when absent
	Unit  string   // unit of Value, e.g. "troops" or "km"; set exactly when Value is
	// Qualifier is how the text qualifies Value, as it words it: "about",
	// "some", "up to", "more than"; optional, and only with a Value.
	Qualifier string

	Precision Precision
	Status    Status

	Trip         string   // optional slug of the trip this marker belongs to
	Stop         int      // order of a visit within its trip, from 1; 0 when not in a trip
	Participants []string // optional: who meets
	Note         string   // optional editor's note on placement or inference

	// Draft is set on a marker drafted from an article and not yet
	// accepted by a person; it is drawn as a draft.
	Draft bool
	// Corroborates is the id of another marker that this draft speaks of
	// (same place and kind, no contradiction): accepting it adds its
	// citations to that marker instead. Only on drafts; optional.
	Corroborates string
	// Disagrees is the id of another marker whose claim this one
	// contradicts (another figure, another actor for the same place and
	// kind): both are shown as "sources disagree". Optional.
	Disagrees string

	Citations []Citation // at least one

	// Geometry is an orb.Point, orb.LineString or orb.Polygon, with
	// positions as [longitude, latitude] in degrees (WGS 84). An
	// altitude given in the file is not kept.
	Geometry orb.Geometry

	// Style holds the simplestyle keys present (marker-color,
	// marker-size, marker-symbol, stroke, stroke-opacity, stroke-width,
	// fill, fill-opacity); values are strings for colours, marker-size
	// and marker-symbol, and float64 for the others. Nil when none.
	Style map[string]any

	// Extra holds the user extension properties, those whose key starts
	// with "x-", as compact JSON. Nil when none.
	Extra map[string]json.RawMessage
}

// Dated reports whether the marker has a date.
func (m *Marker) Dated() bool { return !m.When.IsZero() }

// Alliance is a group of countries, such as a military alliance, with the
// citations that establish who belongs to it.
type Alliance struct {
	ID         string     // unique slug
	Name       string     // display name, e.g. "Collective Security Treaty Organization"
	Leader     string     // optional leading actor, e.g. "RU"
	Members    []string   // ISO 3166-1 alpha-2 codes of the members
	NonMembers []string   // ISO 3166-1 alpha-2 codes of countries explicitly outside
	Citations  []Citation // at least one
}

// Dataset is a loaded evidence dataset.
//
// After adding, removing or renaming markers or sources, call Reindex so
// that Source and Marker see the change. Validate, or a Validator, checks
// an edited dataset with the rules Load applies.
type Dataset struct {
	Path        string // file it was loaded from; "embedded" for the default dataset
	Title       string // optional title of the dataset
	Description string // optional description of the dataset

	Sources   []*Source
	Markers   []*Marker
	Alliances []*Alliance

	// Extra holds the collection's foreign members that this package
	// does not know, as compact JSON, so that Save writes them back.
	Extra map[string]json.RawMessage

	sourceIndex map[string]*Source
	markerIndex map[string]*Marker
}

// Reindex rebuilds the lookup tables used by Source and Marker. Call it
// after changing Sources or Markers.
func (d *Dataset) Reindex() {
	d.sourceIndex = make(map[string]*Source, len(d.Sources))
	for _, s := range d.Sources {
		if s != nil {
			if _, dup := d.sourceIndex[s.ID]; !dup {
				d.sourceIndex[s.ID] = s
			}
		}
	}
	d.markerIndex = make(map[string]*Marker, len(d.Markers))
	for _, m := range d.Markers {
		if m != nil {
			if _, dup := d.markerIndex[m.ID]; !dup {
				d.markerIndex[m.ID] = m
			}
		}
	}
}

// Source returns the source with the given id, or nil.
func (d *Dataset) Source(id string) *Source {
	if d.sourceIndex != nil {
		return d.sourceIndex[id]
	}
	for _, s := range d.Sources {
		if s != nil && s.ID == id {
			return s
		}
	}
	return nil
}

// Marker returns the marker with the given id, or nil.
func (d *Dataset) Marker(id string) *Marker {
	if d.markerIndex != nil {
		return d.markerIndex[id]
	}
	for _, m := range d.Markers {
		if m != nil && m.ID == id {
			return m
		}
	}
	return nil
}

// Route is the visits of one trip, in order.
type Route struct {
	Trip  string    // the trip's slug
	Stops []*Marker // visits ordered by Stop, then by start date, then by position in the dataset
}

// Trips returns the routes formed by the visits (markers of KindVisit) that
// name a trip, sorted by trip slug. Other kinds of marker naming a trip are
// not stops of its route.
func (d *Dataset) Trips() []Route {
	byTrip := make(map[string][]*Marker)
	for _, m := range d.Markers {
		if m != nil && m.Kind == KindVisit && m.Trip != "" {
			byTrip[m.Trip] = append(byTrip[m.Trip], m)
		}
	}
	routes := make([]Route, 0, len(byTrip))
	for trip, stops := range byTrip {
		slices.SortStableFunc(stops, func(a, b *Marker) int {
			return cmp.Or(
				cmp.Compare(a.Stop, b.Stop),
				a.When.Start.Compare(b.When.Start),
				cmp.Compare(a.Index, b.Index),
			)
		})
		routes = append(routes, Route{Trip: trip, Stops: stops})
	}
	slices.SortFunc(routes, func(a, b Route) int { return cmp.Compare(a.Trip, b.Trip) })
	return routes
}

// CountByKind returns how many markers there are of each kind. Kinds with no
// marker are absent.
func (d *Dataset) CountByKind() map[Kind]int {
	counts := make(map[Kind]int, len(Kinds))
	for _, m := range d.Markers {
		if m != nil {
			counts[m.Kind]++
		}
	}
	return counts
}

// Actors returns the distinct non-empty actors of the markers, sorted.
func (d *Dataset) Actors() []string {
	seen := make(map[string]bool)
	var actors []string
	for _, m := range d.Markers {
		if m != nil && m.Actor != "" && !seen[m.Actor] {
			seen[m.Actor] = true
			actors = append(actors, m.Actor)
		}
	}
	slices.Sort(actors)
	return actors
}
