package data

import (
	"fmt"
	"hash/maphash"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// Validator validates a dataset again and again, as an editor does after
// every change, remembering what it found so that validating again costs
// little when little has changed: a marker whose values are the same as at
// the last call is not checked again, and a quote is not searched for again
// in an unchanged source text. Changes are found by comparing each marker
// with a copy of the values it had at the last call (strings are compared
// cheaply, since an unchanged string is the same string; positions and the
// style and extension maps by a 64-bit hash of their contents), so the
// dataset may be edited in any way between calls, in place or by replacing
// values, without telling the Validator what changed.
//
// The zero Validator is ready to use. A Validator is not safe for
// concurrent use, and the dataset must not change while Validate runs. It
// holds memory in proportion to the dataset: about as much again as the
// sources' texts, a few hundred bytes per marker, and the values it last
// saw; drop it to release that.
type Validator struct {
	seed maphash.Seed
	gen  uint64 // number of the current validation

	entries map[*Marker]*markerEntry
	order   []*markerEntry // the entry of each position in Markers; nil for a nil marker
	spare   []*markerEntry // the order before, reused
	dups    []int32        // for each position, the Index of the earlier marker with the same id, or -1
	ids     map[string]*Marker
	live    int // distinct markers seen in the current validation
	cites   int // their citations

	srcFields [][numSourceFields]string // the fields of each position in Sources

	// srcGen counts changes of the sources as citations see them: the
	// citation findings of an entry are up to date when its srcGen is.
	srcGen      uint64
	srcSig      []sourceSig
	pruneQuotes bool // every citation is looked up in this validation

	texts  map[*Source]*textEntry
	quotes map[quoteKey]quoteEntry
}

// markerEntry is what the Validator remembers of one marker.
type markerEntry struct {
	m      *Marker
	snap   markerSnap // the values the findings are of
	seen   uint64     // the last validation that met the marker
	srcGen uint64     // the sources generation of cites; 0 when local is not up to date either
	local  findings   // findings that depend on the marker alone
	cites  findings   // findings of looking up its citations in the sources
	index  int        // the marker's Index then
}

// markerSnap is a copy of the values of a marker that rules read, leaving
// out those that validation sets (When, and the citations' Start and End)
// and Index. Slices are copied; positions, style and extension properties
// are kept as hashes of their contents.
type markerSnap struct {
	id, kind, title, place, country, actor, date   string
	value                                          uint64 // bits of *Value
	hasValue                                       bool
	unit, qualifier, precision, status, trip, note string
	corroborates, disagrees                        string
	draft                                          bool
	stop                                           int
	participants                                   []string
	cites                                          []citeSnap
	citesNil                                       bool
	point                                          orb.Point // when the geometry is a Point
	geometry, style, extra                         uint64    // hashes
}

// citeSnap is the part of a citation that rules read.
type citeSnap struct{ source, quote, note string }

// snapshot returns the values of m as a markerSnap, reusing the slices of
// old.
func (v *Validator) snapshot(m *Marker, old *markerSnap) markerSnap {
	s := markerSnap{
		id: m.ID, kind: string(m.Kind), title: m.Title, place: m.Place, country: m.Country, actor: m.Actor, date: m.Date,
		unit: m.Unit, qualifier: m.Qualifier, draft: m.Draft, corroborates: m.Corroborates, disagrees: m.Disagrees, precision: string(m.Precision), status: string(m.Status), trip: m.Trip, note: m.Note, stop: m.Stop,
		participants: append(old.participants[:0], m.Participants...),
		cites:        old.cites[:0],
		citesNil:     m.Citations == nil,
	}
	if m.Value != nil {
		s.value, s.hasValue = math.Float64bits(*m.Value), true
	}
	for i := range m.Citations {
		c := &m.Citations[i]
		s.cites = append(s.cites, citeSnap{c.Source, c.Quote, c.Note})
	}
	s.point, s.geometry = v.geometryHash(m.Geometry)
	s.style, s.extra = v.mapHashes(m)
	return s
}

// same reports whether m still has the values of s.
func (v *Validator) same(s *markerSnap, m *Marker) bool {
	if s.id != m.ID || s.kind != string(m.Kind) || s.title != m.Title || s.place != m.Place ||
		s.country != m.Country || s.actor != m.Actor || s.date != m.Date || s.unit != m.Unit || s.qualifier != m.Qualifier || s.draft != m.Draft || s.corroborates != m.Corroborates || s.disagrees != m.Disagrees ||
		s.precision != string(m.Precision) || s.status != string(m.Status) || s.trip != m.Trip ||
		s.note != m.Note || s.stop != m.Stop || s.hasValue != (m.Value != nil) ||
		(m.Value != nil && s.value != math.Float64bits(*m.Value)) ||
		len(s.participants) != len(m.Participants) || len(s.cites) != len(m.Citations) || s.citesNil != (m.Citations == nil) {
		return false
	}
	for i, p := range m.Participants {
		if s.participants[i] != p {
			return false
		}
	}
	for i := range m.Citations {
		c := &m.Citations[i]
		if x := &s.cites[i]; x.source != c.Source || x.quote != c.Quote || x.note != c.Note {
			return false
		}
	}
	if pt, g := v.geometryHash(m.Geometry); math.Float64bits(pt[0]) != math.Float64bits(s.point[0]) ||
		math.Float64bits(pt[1]) != math.Float64bits(s.point[1]) || g != s.geometry {
		return false
	}
	if len(m.Style) > 0 || len(m.Extra) > 0 || s.style != 0 || s.extra != 0 {
		if st, ex := v.mapHashes(m); st != s.style || ex != s.extra {
			return false
		}
	}
	return true
}

// sourceSig is what the citations of markers depend on in one source.
type sourceSig struct {
	src        *Source
	id, text   string
	registered bool // citations of id find this source
	textOK     bool
}

// textEntry is what the Validator remembers of a source's text.
type textEntry struct {
	text   string
	blank  bool
	bad    string // see utf8Flaw
	folded *foldedText
	seen   uint64
}

// quoteKey names a quote of a source.
type quoteKey struct{ source, quote string }

// quoteEntry is the result of searching for a quote in a source's text.
type quoteEntry struct {
	text       string // the text searched
	start, end int
	msg        string // why the quote is not found, or ""
	made, seen uint64 // the validations that searched and last used it
}

// Validate checks ds as the package function Validate does, and returns
// the same problems, but checks again only what changed since the last
// call: markers whose fingerprint changed and, when a source changed, the
// citations (searching only for quotes of changed sources). Like Validate,
// it sets the values that follow from the checked ones.
func (v *Validator) Validate(ds *Dataset) Problems {
	if v.entries == nil {
		v.seed = maphash.MakeSeed()
		v.entries = make(map[*Marker]*markerEntry)
		v.texts = make(map[*Source]*textEntry)
		v.quotes = make(map[quoteKey]quoteEntry)
		v.srcGen = 1
	}
	v.gen++
	return newPass(ds, nil, v).problems()
}

// sourcesChecked notes whether the sources changed, as citations see
// them, since the last validation.
func (v *Validator) sourcesChecked(ps *pass) {
	srcs := ps.ds.Sources
	changed := len(srcs) != len(v.srcSig)
	if changed {
		v.srcSig = make([]sourceSig, len(srcs))
	}
	for i, s := range srcs {
		sig := sourceSig{src: s}
		if s != nil {
			st := ps.sources[s.ID]
			sig.id, sig.text = s.ID, s.Text
			sig.registered = st != nil && st.src == s
			sig.textOK = sig.registered && st.textOK
		}
		if v.srcSig[i] != sig {
			v.srcSig[i] = sig
			changed = true
		}
	}
	v.pruneQuotes = changed
	if changed {
		v.srcGen++
	}
}

// markers checks the markers whose values changed and notes duplicates.
func (v *Validator) markers(ps *pass) {
	ms := ps.ds.Markers
	// Duplicates are found again only when an id changed or markers were
	// added, removed or moved.
	idsChanged := len(ms) != len(v.order)
	prev := v.order
	v.order = slices.Grow(v.spare[:0], len(ms))[:len(ms)]
	defer func() { v.spare = prev }()
	v.live, v.cites = 0, 0
	for pos, m := range ms {
		if m == nil {
			idsChanged = idsChanged || pos >= len(prev) || prev[pos] != nil
			v.order[pos] = nil
			ps.report(pos, "", "", "is nil; want a marker")
			continue
		}
		var e *markerEntry
		if pos < len(prev) && prev[pos] != nil && prev[pos].m == m {
			e = prev[pos]
		} else {
			idsChanged = true
			if e = v.entries[m]; e == nil {
				e = &markerEntry{m: m}
				v.entries[m] = e
			}
		}
		v.order[pos] = e
		if e.seen == v.gen {
			idsChanged = true // a marker listed twice is checked once
			continue
		}
		e.seen = v.gen
		v.live++
		v.cites += len(m.Citations)
		if e.index != m.Index {
			e.index, idsChanged = m.Index, true
		}
		if e.srcGen == 0 || !v.same(&e.snap, m) {
			idsChanged = idsChanged || e.snap.id != m.ID || e.srcGen == 0
			e.snap = v.snapshot(m, &e.snap)
			e.srcGen = 0
			e.local = ps.markerRules(m, nil, e.local[:0], false)
		}
		if e.srcGen != v.srcGen {
			e.cites = e.cites[:0]
			ps.citations(&e.cites, nil, propPath[propCitations], m.Citations, false, true, m, -1)
			e.srcGen = v.srcGen
		}
	}
	if !idsChanged && len(v.dups) == len(ms) {
		return
	}
	v.dups = slices.Grow(v.dups[:0], len(ms))[:len(ms)]
	if v.ids == nil {
		v.ids = make(map[string]*Marker, len(ms))
	} else {
		clear(v.ids)
	}
	ps.ids = v.ids
	for pos, m := range ms {
		v.dups[pos] = -1
		if m != nil {
			if prev := ps.duplicate(m); prev != nil {
				v.dups[pos] = int32(prev.Index)
			}
		}
	}
}

// collect reports the findings of the markers, once every search is done,
// and forgets what is no longer in the dataset.
func (v *Validator) collect(ps *pass) {
	ms := ps.ds.Markers
	var buf findings
	for pos, e := range v.order {
		if e == nil || (len(e.local) == 0 && len(e.cites) == 0 && v.dups[pos] < 0) {
			continue
		}
		m := ms[pos]
		buf = append(buf[:0], e.local...)
		if v.dups[pos] >= 0 {
			buf.add(propPath[propID], dupMessage(m.ID, int(v.dups[pos])))
		}
		buf = append(buf, e.cites...)
		ps.place(m, buf)
	}
	if len(v.entries) > v.live+v.live/4+64 {
		for m, e := range v.entries {
			if e.seen != v.gen {
				delete(v.entries, m)
			}
		}
	}
	for s, e := range v.texts {
		if e.seen != v.gen {
			delete(v.texts, s)
		}
	}
	switch {
	case v.pruneQuotes:
		for k, e := range v.quotes {
			if e.seen != v.gen {
				delete(v.quotes, k)
			}
		}
	case len(v.quotes) > 2*v.cites+1024:
		// Edited quotes have left results behind: look every quote
		// up next time, which finds which results are still used.
		v.srcGen++
	}
}

// sourceFields returns the fields of the source at position i, built once.
func (v *Validator) sourceFields(i int) *[numSourceFields]string {
	for len(v.srcFields) <= i {
		v.srcFields = append(v.srcFields, sourceFieldsOf(len(v.srcFields)))
	}
	return &v.srcFields[i]
}

// text returns what the Validator knows of a source's text.
func (v *Validator) text(s *Source) *textEntry {
	e := v.texts[s]
	if e == nil || e.text != s.Text {
		e = &textEntry{text: s.Text, blank: strings.TrimSpace(s.Text) == "", bad: utf8Flaw(s.Text)}
		v.texts[s] = e
	}
	e.seen = v.gen
	return e
}

// scanText is (*pass).scanText, remembered.
func (v *Validator) scanText(s *Source) (blank bool, bad string) {
	e := v.text(s)
	return e.blank, e.bad
}

// fold returns the folded text of a source, remembered.
func (v *Validator) fold(s *Source) *foldedText {
	e := v.text(s)
	if e.folded == nil {
		e.folded = foldText(s.Text)
	}
	return e.folded
}

// cachedQuote applies the remembered result of searching for citation k
// of base in its source, and reports whether there was one.
func (v *Validator) cachedQuote(st *sourceState, c *Citation, f *findings, base string, k int) bool {
	key := quoteKey{c.Source, c.Quote}
	e, ok := v.quotes[key]
	if !ok || e.text != st.src.Text {
		return false
	}
	if e.seen != v.gen {
		e.seen = v.gen
		v.quotes[key] = e
	}
	if e.msg != "" {
		f.add(citeField(base, k, "quote"), e.msg)
	} else {
		c.Start, c.End = e.start, e.end
	}
	return true
}

// storeQuote remembers the result of searching for quote in source.
func (v *Validator) storeQuote(st *sourceState, source, quote string, start, end int, msg string) {
	v.quotes[quoteKey{source, quote}] = quoteEntry{text: st.src.Text, start: start, end: end, msg: msg, made: v.gen, seen: v.gen}
}

// geometryHash returns a Point's position, or a hash of another
// geometry's type and positions.
func (v *Validator) geometryHash(g orb.Geometry) (orb.Point, uint64) {
	if pt, ok := g.(orb.Point); ok {
		return pt, 1
	}
	h := hasher{seed: v.seed}
	h.geometry(g)
	return orb.Point{}, h.h
}

// mapHashes returns hashes of the contents of a marker's Style and Extra,
// in any order of their keys; 0 when they are empty.
func (v *Validator) mapHashes(m *Marker) (style, extra uint64) {
	for k, val := range m.Style {
		e := hasher{seed: v.seed}
		e.str(k)
		switch x := val.(type) {
		case string:
			e.u64(1)
			e.str(x)
		case float64:
			e.u64(2)
			e.u64(math.Float64bits(x))
		default:
			e.u64(3)
			e.str(fmt.Sprintf("%T %#v", val, val))
		}
		style += e.h | 1
	}
	for k, raw := range m.Extra {
		e := hasher{seed: v.seed}
		e.str(k)
		e.u64(maphash.Bytes(v.seed, raw))
		extra += e.h | 1
	}
	return style, extra
}

// hasher combines 64-bit values into a hash; each step is a bijection of
// the state, so sequences of equal length that differ give different
// hashes unless maphash itself collides.
type hasher struct {
	seed maphash.Seed
	h    uint64
}

func (h *hasher) u64(x uint64) { h.h = (bits.RotateLeft64(h.h, 23) ^ x) * 0x9e3779b97f4a7c15 }

func (h *hasher) str(s string) { h.u64(maphash.String(h.seed, s)) }

func (h *hasher) points(pts []orb.Point) {
	h.u64(uint64(len(pts)))
	for _, p := range pts {
		h.u64(math.Float64bits(p[0]))
		h.u64(math.Float64bits(p[1]))
	}
}

func (h *hasher) geometry(g orb.Geometry) {
	switch g := g.(type) {
	case nil:
		h.u64(0)
	case orb.Point:
		h.u64(1)
		h.points([]orb.Point{g})
	case orb.LineString:
		h.u64(2)
		h.points(g)
	case orb.Polygon:
		h.u64(3)
		h.u64(uint64(len(g)))
		for _, r := range g {
			h.points(r)
		}
	default:
		// Not allowed; the rules say so whatever its positions.
		h.u64(4)
		h.str(fmt.Sprintf("%T", g))
	}
}
