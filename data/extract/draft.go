package extract

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"casmap/data"
	"casmap/data/gazetteer"
)

// Draft is a proposed marker and where it comes from.
type Draft struct {
	Marker   *data.Marker     // the draft: Draft is set, its one citation quotes Sentence
	Sentence Span             // the sentence quoted, in the source's text
	Place    *gazetteer.Place // the place it is drawn at
	Name     Span             // where the text names the place
}

// Options tune Extract.
type Options struct {
	// Taken reports whether a marker id is in use, so that the drafts'
	// ids are new; nil means none is.
	Taken func(id string) bool
	// Body is where the article's own text starts in the source's text,
	// after a header (see ReadHeader); sentences before it are not
	// drafted.
	Body int
}

// Extract drafts the markers of src: for every sentence that names a place
// of the region and makes a claim of a kind the map shows, one draft per
// place it locates (a list of stops gives one per stop), quoting the whole
// sentence. Places outside the region are not drafted. The drafts are in
// the order of the text; their notes say how each value was read.
func Extract(src *data.Source, g *gazetteer.Gazetteer, opt Options) []Draft {
	pub := publication(src.Published)
	taken := map[string]bool{}
	isTaken := func(id string) bool {
		return taken[id] || opt.Taken != nil && opt.Taken(id)
	}
	// The countries the article speaks of choose among places that share
	// a name: Murgab in Tajikistan, not in Turkmenistan, in an article
	// about Tajikistan.
	body := min(opt.Body, len(src.Text))
	all := g.Find(src.Text[body:])
	context := map[string]int{}
	for _, m := range all {
		if m.Others == 0 || m.Place.Kind == gazetteer.Country {
			context[m.Place.Country]++
		}
	}
	next := 0 // the first match not before the sentence
	var out []Draft
	for _, sp := range Sentences(src.Text) {
		if sp.Start < opt.Body {
			continue
		}
		s := src.Text[sp.Start:sp.End]
		if len(s) < 12 {
			continue // a heading or a dateline
		}
		toks := splitWords(s)
		kinds := kindsOf(s, toks)
		if len(kinds) == 0 {
			continue
		}
		// The names in the sentence, relative to it. A name never spans
		// two sentences: a sentence break is no part of a name.
		var found []gazetteer.Match
		for next < len(all) && body+all[next].Start < sp.Start {
			next++
		}
		for k := next; k < len(all) && body+all[k].End <= sp.End; k++ {
			m := all[k]
			m.Start, m.End = body+m.Start-sp.Start, body+m.End-sp.Start
			found = append(found, m)
		}
		for i, m := range found {
			if m.Others > 0 {
				found[i].Place = inContext(g.Lookup(s[m.Start:m.End]), context)
			}
		}
		inName := func(start, end int) bool {
			for _, m := range found {
				if start < m.End && end > m.Start {
					return true
				}
			}
			return false
		}
		for _, k := range kinds {
			places := located(s, found, k)
			if len(places) == 0 {
				continue
			}
			facts := readFacts(s, toks, k, pub, inName)
			for _, pm := range places {
				m := draftMarker(src, s, k, pm, facts)
				m.ID = data.UniqueID(data.Slugify(m.Title), "draft", isTaken)
				taken[m.ID] = true
				out = append(out, Draft{Marker: m, Sentence: sp, Place: pm.Place,
					Name: Span{sp.Start + pm.Start, sp.Start + pm.End}})
			}
		}
	}
	return out
}

// inContext picks among the places of one name the one in the country the
// article names most, keeping the gazetteer's order otherwise.
func inContext(ps []*gazetteer.Place, context map[string]int) *gazetteer.Place {
	best := ps[0]
	for _, p := range ps[1:] {
		if context[p.Country] > context[best.Country] {
			best = p
		}
	}
	return best
}

// publication parses a source's date of publication, or returns the zero
// time.
func publication(s string) time.Time {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t
		}
	}
	return time.Time{}
}

// locative words put the place of a claim after them.
var locative = []string{"in", "at", "near", "to", "from", "into", "across", "inside", "outside", "of", "visit", "visits", "visited", "visiting", "around", "along", "on", "over", "toward", "towards", "via"}

// located picks the places a sentence locates its claim at: the most
// specific places after a locative word, with the others of a list they
// stand in ("Kyrgyzstan, Tajikistan and Turkmenistan"). A country is
// dropped when a place inside it is named.
func located(s string, ms []gazetteer.Match, k kindHit) []gazetteer.Match {
	kind := k.kind
	if len(ms) == 0 {
		return nil
	}
	// A country named beside one of its places adds nothing.
	var keep []gazetteer.Match
	for _, m := range ms {
		if m.Place.Kind == gazetteer.Country {
			inner := false
			for _, o := range ms {
				if o.Place.Kind != gazetteer.Country && o.Place.Country == m.Place.Country {
					inner = true
				}
			}
			if inner {
				continue
			}
		}
		keep = append(keep, m)
	}
	ms = keep
	if len(ms) == 0 {
		return nil
	}
	// Words between the cue and a place: a claim is where its words are.
	gap := func(m gazetteer.Match) int {
		lo, hi := min(k.at, m.Start), max(k.at, m.Start)
		return strings.Count(s[lo:hi], " ")
	}
	if kind == data.KindMeeting || kind == data.KindVisit {
		// Talks are held, and visits made, where the sentence says near
		// the word: "held talks in Dushanbe", "will visit Kyrgyzstan".
		var near []gazetteer.Match
		for _, m := range ms {
			if gap(m) <= 12 {
				near = append(near, m)
			}
		}
		ms = near
		if len(ms) == 0 {
			return nil
		}
	}
	score := func(m gazetteer.Match) int {
		sc := 10*int(m.Place.Kind) + gap(m)
		if kind == data.KindBorder && m.Start > k.at {
			sc += 50 // a border is the subject's: "Turkmenistan, which also borders Afghanistan"
		}
		if afterLocative(s, m.Start) {
			sc -= 25
		}
		return sc
	}
	best := 0
	for i := range ms {
		if score(ms[i]) < score(ms[best]) {
			best = i
		}
	}
	out := []gazetteer.Match{ms[best]}
	// The list the best place stands in: neighbours joined by "," or "and".
	if kind != data.KindBorder {
		for i := best + 1; i < len(ms) && listed(s[ms[i-1].End:ms[i].Start]); i++ {
			out = append(out, ms[i])
		}
		for i := best - 1; i >= 0 && listed(s[ms[i].End:ms[i+1].Start]); i-- {
			out = append([]gazetteer.Match{ms[i]}, out...)
		}
	}
	return out
}

// afterLocative reports whether the word before offset at is a locative
// one, perhaps with "the" or an adjective like "northern" between.
func afterLocative(s string, at int) bool {
	before := strings.Fields(strings.ToLower(s[:at]))
	for k := 1; k <= 3 && k <= len(before); k++ {
		w := strings.Trim(before[len(before)-k], ",;:()“”\"'")
		for _, l := range locative {
			if w == l {
				return true
			}
		}
		if w != "the" && !strings.HasSuffix(w, "ern") && w != "neighbouring" && w != "neighboring" {
			return false
		}
	}
	return false
}

// listed reports whether gap, the text between two place names, joins them
// in a list.
func listed(gap string) bool {
	g := strings.TrimSpace(gap)
	switch g {
	case ",", "and", ", and", "or", ", or", "&", "/":
		return true
	}
	return false
}

// draftMarker builds the draft for one place of a sentence.
// facts are what a sentence says of one kind of claim, read once for all
// the places it names.
type facts struct {
	actor, actorWord   string
	status             data.Status
	statusWord         string
	figure             figure
	hasFigure, hasDate bool
	date               Resolved
}

// readFacts reads the actor, status, figure and date of the claim k of
// sentence s.
func readFacts(s string, toks []tok, k kindHit, pub time.Time, inName func(int, int) bool) facts {
	var f facts
	f.actor, f.actorWord = actorOf(toks, s, k.kind, k.at, inName)
	f.status, f.statusWord = statusOf(clause(s, k.at))
	if k.kind == data.KindBorder {
		f.status, f.statusWord = data.StatusCurrent, ""
	}
	if k.kind == data.KindDeployment || k.kind == data.KindThreat || k.kind == data.KindBorder {
		f.figure, f.hasFigure = figureOf(s, k.kind)
	}
	if mayHaveDate(s) {
		f.date, f.hasDate = ResolveDate(s, pub, f.status == data.StatusPlanned)
	}
	return f
}

// dateWords are the words without which a sentence has no date to read.
var dateWords = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
	"day", "week", "month", "year", "today", "tomorrow"}

// mayHaveDate reports whether s has a digit or a word of dates, before the
// date patterns are tried.
func mayHaveDate(s string) bool {
	if strings.ContainsAny(s, "0123456789") {
		return true
	}
	l := strings.ToLower(s)
	for _, w := range dateWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

func draftMarker(src *data.Source, s string, k kindHit, pm gazetteer.Match, f facts) *data.Marker {
	p := pm.Place
	kind, kindWord := k.kind, k.word
	named := s[pm.Start:pm.End]
	m := &data.Marker{
		Kind:      kind,
		Place:     p.Label(),
		Country:   p.Country,
		Precision: p.Kind.Precision(),
		Draft:     true,
		Geometry:  orb.Point{round(p.Lon), round(p.Lat)},
		Citations: []data.Citation{{Source: src.ID, Quote: s}},
	}
	var notes []string
	notes = append(notes, fmt.Sprintf("Drafted from the article, to check. Place: “%s”, %s", named, placeNote(p, pm.Others)))
	notes = append(notes, fmt.Sprintf("kind %s from “%s”", kind, kindWord))
	actor, actorWord := f.actor, f.actorWord
	if actor != "" {
		m.Actor = actor
		notes = append(notes, fmt.Sprintf("actor %s from “%s”", actor, actorWord))
	}
	status, statusWord := f.status, f.statusWord
	m.Status = status
	if kind == data.KindBorder {
		notes = append(notes, "status current: a border stands")
	} else if statusWord != "" {
		notes = append(notes, fmt.Sprintf("status %s from “%s”", status, statusWord))
	} else {
		notes = append(notes, "status current: the sentence states it without a modal word")
	}
	if f.hasFigure {
		v := f.figure.value
		m.Value, m.Unit, m.Qualifier = &v, f.figure.unit, f.figure.qualifier
		notes = append(notes, fmt.Sprintf("figure from “%s”", f.figure.phrase))
	}
	if f.hasDate {
		m.Date = f.date.Date
		notes = append(notes, "date "+f.date.Note)
	}
	m.Title = draftTitle(m, p, actorWord)
	m.Note = strings.Join(notes, "; ") + "."
	return m
}

// placeNote says where a place's position comes from.
func placeNote(p *gazetteer.Place, others int) string {
	var b strings.Builder
	switch p.Kind {
	case gazetteer.Country:
		fmt.Fprintf(&b, "the country, shown at its capital %s", p.ShownAt)
	case gazetteer.Region:
		fmt.Fprintf(&b, "the region %s, shown at its centre (%s)", p.Name, p.Source)
	case gazetteer.Site:
		fmt.Fprintf(&b, "the site %s (%s)", p.Name, p.Source)
	default:
		fmt.Fprintf(&b, "%s, %s (%s)", p.Name, data.CountryName(p.Country), p.Source)
	}
	if others > 0 {
		fmt.Fprintf(&b, "; %d other places share the name, this is the likeliest", others)
	}
	return b.String()
}

// kindNouns name a claim of each kind in a title.
var kindNouns = map[data.Kind]string{
	data.KindBase: "base", data.KindDeployment: "forces", data.KindVisit: "visit",
	data.KindMeeting: "meeting", data.KindThreat: "threat", data.KindBorder: "border",
}

// draftTitle writes a short title from what was read: "7,000 RU troops in
// Tajikistan", "Russian base at Kant air base".
func draftTitle(m *data.Marker, p *gazetteer.Place, actorWord string) string {
	var b strings.Builder
	if m.Value != nil {
		if m.Qualifier != "" {
			b.WriteString(m.Qualifier + " ")
		}
		b.WriteString(formatCount(*m.Value) + " ")
		if actorWord != "" && m.Kind != data.KindBorder {
			b.WriteString(adjective(m.Actor, actorWord) + " ")
		}
		b.WriteString(m.Unit)
	} else {
		if actorWord != "" {
			b.WriteString(adjective(m.Actor, actorWord) + " ")
		}
		b.WriteString(kindNouns[m.Kind])
	}
	if m.Kind == data.KindBorder {
		t := p.Name + " border"
		if p.Kind == gazetteer.Country {
			t = data.CountryName(p.Country) + " border"
		}
		if m.Value != nil {
			t += ", " + strings.TrimSpace(m.Qualifier+" "+formatCount(*m.Value)+" "+m.Unit)
		}
		return t
	}
	prep := " in "
	if p.Kind == gazetteer.Site {
		prep = " at "
	}
	b.WriteString(prep + p.Name)
	t := b.String()
	return strings.ToUpper(t[:1]) + t[1:]
}

// adjectives name an actor before a noun.
var adjectives = map[string]string{
	"RU": "Russian", "CN": "Chinese", "US": "US", "TJ": "Tajik", "KG": "Kyrgyz", "UZ": "Uzbek", "KZ": "Kazakh",
	"TM": "Turkmen", "AF": "Afghan", "IR": "Iranian", "PK": "Pakistani", "IN": "Indian",
}

// adjective names the actor before a noun.
func adjective(actor, word string) string {
	if a, ok := adjectives[actor]; ok {
		return a
	}
	return actor
}

// formatCount writes a count with thousands separators.
func formatCount(v float64) string {
	if v != math.Trunc(v) {
		return fmt.Sprintf("%g", v)
	}
	s := fmt.Sprintf("%d", int64(v))
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// round keeps 4 decimals of a coordinate, about 10 m.
func round(x float64) float64 { return math.Round(x*1e4) / 1e4 }
