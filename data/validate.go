package data

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Validate checks a dataset's typed values against the rules of the
// dataset format and returns every problem found (at most MaxProblems, then
// one saying there are more), in the order of a file: problems outside
// features first (the collection's own members, then each source, then
// each alliance), then those of each marker. Each is one plain sentence
// naming the file (ds.Path), the marker (its Index and ID) and the field,
// worded as Load words it. No problems means that Save writes a file Load
// accepts, provided the file sources are in place.
//
// The rules are those on values: ids are unique slugs; kind, status and
// precision are known; country codes are assigned ISO 3166-1 codes; dates
// parse; a value has a unit; every marker and alliance cites at least one
// known source, quoting it verbatim up to white space; geometry is a Point,
// LineString or Polygon with positions on the globe; texts are valid UTF-8,
// not blank, one line where the format wants one, and within the limits.
// What only a file can get wrong (JSON syntax, unknown or repeated member
// names, JSON types, unreadable source files) is Parse's to report.
//
// Validate also sets what follows from the values it checks, and nothing
// else: each marker's When from its Date, each source's PublishedDate from
// its Published, and each citation's Start and End, the span of its quote
// in the source's Text. They are zero where their value has a problem. It
// never reads source files: a file source's Text must hold the file's
// contents, as Load leaves it.
//
// Problems name a marker by its Index, as Load sets it: keep Index equal to
// the marker's position in Markers when adding, removing or moving markers.
// A nil marker, source or alliance is reported by its position.
//
// Validate checks everything each time; to validate after every edit, use a
// Validator, which checks only what changed.
func Validate(ds *Dataset) Problems {
	return newPass(ds, nil, nil).problems()
}

// finding is a problem found in a marker, source or alliance before it is
// placed: its field and message.
type finding struct {
	field string
	msg   string
}

// findings collects findings.
type findings []finding

func (f *findings) add(field, msg string) { *f = append(*f, finding{field, msg}) }

// sourceState is a source as the citations of one validation see it.
type sourceState struct {
	src    *Source
	order  int  // position among the sources citations can find
	textOK bool // the text has no problem, so quotes are looked for in it
}

// pendingQuote is a quote search, run once every search of the validation
// is known; see (*pass).searchQuotes.
type pendingQuote struct {
	c     *Citation
	quote string // c.Quote, at hand without reading c
	st    *sourceState
	m     *Marker // the marker cited from, or nil for an alliance
	k     int32   // index of the citation
	a     int32   // index of the alliance when m is nil
	fold  bool    // the quote's white space needs folding
}

// field returns the field of the quote searched for.
func (pq *pendingQuote) field() string {
	if pq.m != nil {
		return citeField(propPath[propCitations], int(pq.k), "quote")
	}
	return citeField(index("alliances", int(pq.a))+".citations", int(pq.k), "quote")
}

// pass is one validation of a dataset.
type pass struct {
	ds    *Dataset
	file  string
	marks *parserMarks // where the parser reported problems; nil for typed values alone
	v     *Validator   // results of earlier validations; nil to check everything

	out  Problems // problems found so far
	full bool     // MaxProblems reached; without v, checking stops

	sources   map[string]*sourceState
	noSources bool // the parser could not read the list of sources
	ids       map[string]*Marker
	buf       findings

	// The searches set aside: later is where they are added. Without v,
	// all holds them all, later being a region of it sized to the
	// citations to check (entries of all whose st is nil are unused), and
	// spill any beyond.
	later []pendingQuote
	all   []pendingQuote
	spill []pendingQuote
}

// setAside adds a quote search to later.
func (ps *pass) setAside(pq pendingQuote) {
	if ps.all != nil && len(ps.later) == cap(ps.later) {
		// More citations than were counted: the dataset changed.
		ps.spill = append(ps.spill, pq)
		return
	}
	ps.later = append(ps.later, pq)
}

// citationCount returns the number of citations of ms.
func citationCount(ms []*Marker) int {
	n := 0
	for _, m := range ms {
		if m != nil {
			n += len(m.Citations)
		}
	}
	return n
}

// region returns the part of all from i to j as an empty slice of that
// capacity, so that setAside fills it in place.
func region(all []pendingQuote, i, j int) []pendingQuote { return all[i:i:j] }

func newPass(ds *Dataset, pm *parserMarks, v *Validator) *pass {
	ps := &pass{ds: ds, marks: pm, v: v}
	if ds != nil {
		ps.file = ds.Path
	}
	return ps
}

// problems runs the pass and returns its problems, finished for a caller.
func (ps *pass) problems() Problems {
	if ps.ds == nil {
		return Problems{{Feature: -1, Message: "there is no dataset to check"}}
	}
	ps.run()
	ps.searchQuotes()
	if ps.v != nil {
		ps.v.collect(ps)
	}
	return finishProblems(ps.file, ps.out, ps.full)
}

// run checks the collection, its sources and alliances, then its markers.
func (ps *pass) run() {
	ps.collection()
	ps.checkSources()
	ms := ps.ds.Markers
	var inAlliances int
	if ps.v == nil {
		for _, a := range ps.ds.Alliances {
			if a != nil {
				inAlliances += len(a.Citations)
			}
		}
		ps.all = make([]pendingQuote, inAlliances+citationCount(ms))
		ps.later = region(ps.all, 0, inAlliances)
	}
	ps.checkAlliances()
	if ps.v != nil {
		ps.v.markers(ps)
		return
	}
	ps.ids = make(map[string]*Marker, len(ms))
	workers := min(runtime.GOMAXPROCS(0), len(ms)/markerChunk)
	if workers < 2 {
		ps.later = region(ps.all, inAlliances, len(ps.all))
		ps.checkMarkers(ms, 0, nil)
		return
	}
	// Each chunk's searches go to its own region of all.
	offsets := make([]int, (len(ms)+markerChunk-1)/markerChunk+1)
	offsets[0] = inAlliances
	for c := range len(offsets) - 1 {
		offsets[c+1] = offsets[c] + citationCount(ms[c*markerChunk:min((c+1)*markerChunk, len(ms))])
	}
	// Markers are checked in chunks by several goroutines, each into its
	// own copy of the pass, then put together in chunk order. Chunks are
	// handed out in order and no new one is started once MaxProblems are
	// found, so the problems kept are the first ones, as sequentially.
	chunks := make([]*pass, (len(ms)+markerChunk-1)/markerChunk)
	var next, found atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= len(chunks) || found.Load() >= MaxProblems {
					return
				}
				w := &pass{ds: ps.ds, file: ps.file, marks: ps.marks, sources: ps.sources, noSources: ps.noSources,
					all: ps.all, later: region(ps.all, offsets[c], offsets[c+1])}
				start := c * markerChunk
				w.checkMarkers(ms[start:min(start+markerChunk, len(ms))], start, &found)
				chunks[c] = w
			}
		})
	}
	// Meanwhile, find the duplicate ids, in order.
	var dups []Problem
	for _, m := range ms {
		if m != nil {
			if dup := ps.duplicate(m); dup != nil {
				dups = append(dups, Problem{File: ps.file, Feature: m.Index, ID: displayID(m.ID), Field: propPath[propID], Message: dupMessage(m.ID, dup.Index)})
			}
		}
	}
	wg.Wait()
	for _, w := range chunks {
		if w == nil {
			break
		}
		ps.out = append(ps.out, w.out...)
		ps.spill = append(ps.spill, w.spill...)
		ps.full = ps.full || w.full
	}
	ps.out = append(ps.out, dups...)
}

// markerChunk is how many markers one goroutine checks at a time. It is
// a variable so that tests can make every dataset take the parallel path.
var markerChunk = 2048

// checkMarkers checks markers ms, the first at position start, adding the
// problems found to found. Without found, it also finds duplicate ids.
func (ps *pass) checkMarkers(ms []*Marker, start int, found *atomic.Int64) {
	for i, m := range ms {
		if ps.full {
			return
		}
		n := len(ps.out)
		if m == nil {
			ps.report(start+i, "", "", "is nil; want a marker")
		} else {
			rep := ps.marks.of(m.Index)
			buf := ps.markerRules(m, rep, ps.buf[:0], true)
			if found == nil {
				if dup := ps.duplicate(m); dup != nil {
					buf.add(propPath[propID], dupMessage(m.ID, dup.Index))
				}
			}
			ps.buf = ps.place(m, buf)
		}
		if found != nil && len(ps.out) > n {
			found.Add(int64(len(ps.out) - n))
		}
	}
}

// report adds a problem.
func (ps *pass) report(feature int, id, field, msg string) {
	if len(ps.out) >= MaxProblems {
		ps.full = true
		if ps.v == nil {
			return
		}
	}
	ps.out = append(ps.out, Problem{File: ps.file, Feature: feature, ID: id, Field: field, Message: msg})
}

// place reports the findings of marker m, in the order of its fields.
func (ps *pass) place(m *Marker, fs findings) findings {
	if len(fs) == 0 {
		return fs
	}
	if len(fs) > 1 {
		slices.SortStableFunc(fs, func(a, b finding) int {
			return problemCmp(Problem{Feature: 0, Field: a.field}, Problem{Feature: 0, Field: b.field})
		})
	}
	id := displayID(m.ID)
	for _, f := range fs {
		ps.report(m.Index, id, f.field, f.msg)
	}
	return fs
}

// duplicate returns the earlier marker with m's id, or nil; m's id counts
// only when it is a valid slug.
func (ps *pass) duplicate(m *Marker) *Marker {
	if !isSlug(m.ID) {
		return nil
	}
	if prev, dup := ps.ids[m.ID]; dup {
		return prev
	}
	ps.ids[m.ID] = m
	return nil
}

func dupMessage(id string, prev int) string {
	return fmt.Sprintf("duplicate id %q; feature %d already uses it", id, prev)
}

// The collection's own members, which an extra member may not take.
var ownMembers = []string{"type", "features", "sources", "alliances", "title", "description"}

// collection checks the collection's own values.
func (ps *pass) collection() {
	ds := ps.ds
	rep := ps.marks.of(-1)
	var f findings
	f.text(rep, "title", ds.Title, false, true)
	f.text(rep, "description", ds.Description, false, false)
	if len(ds.Extra) > 0 {
		for _, k := range slices.Sorted(maps.Keys(ds.Extra)) {
			switch {
			case rep.has(k):
			case slices.Contains(ownMembers, k):
				f.add(k, "is one of the collection's own members; it cannot be kept as an extra member")
			case !json.Valid(ds.Extra[k]):
				f.add(k, "is not valid JSON")
			}
		}
	}
	if len(ds.Markers) > MaxFeatures {
		f.add("features", fmt.Sprintf("has %d features; the limit is %d", len(ds.Markers), MaxFeatures))
	}
	if len(ds.Sources) > MaxSources {
		f.add("sources", fmt.Sprintf("has %d sources; the limit is %d", len(ds.Sources), MaxSources))
	}
	for _, x := range f {
		ps.report(-1, "", x.field, x.msg)
	}
}

// text checks the text field of the given path: required or optional,
// single line or not. It reports nothing when the parser has reported the
// field, and returns whether the value can be used.
func (f *findings) text(rep marks, field, s string, required, line bool) bool {
	if rep.has(field) {
		return false
	}
	if s == "" {
		if required {
			f.add(field, "is missing")
			return false
		}
		return true
	}
	if msg := textFlaw(s, line); msg != "" {
		f.add(field, msg)
		return false
	}
	return true
}

// slug checks the id field of the given path, required or optional, and
// returns whether the value is a valid slug.
func (f *findings) slug(rep marks, field, s string, required bool) bool {
	if rep.has(field) {
		return false
	}
	if s == "" {
		if required {
			f.add(field, "is missing")
		}
		return false
	}
	if msg := slugFlaw(s); msg != "" {
		f.add(field, msg)
		return false
	}
	return true
}

// date checks the date field of the given path and returns its span.
func (f *findings) date(rep marks, field, s string) DateRange {
	if s == "" || rep.has(field) {
		return DateRange{}
	}
	r, err := ParseDate(s)
	if err != nil {
		if msg := textFlaw(s, true); msg != "" {
			f.add(field, msg)
		} else {
			f.add(field, err.Error())
		}
		return DateRange{}
	}
	return r
}

// index returns base[i], as in "sources[3]".
func index(base string, i int) string {
	return base + "[" + strconv.Itoa(i) + "]"
}

// The fields of a source, as sourceFieldsOf lists them.
const (
	srcBase = iota
	srcID
	srcTitle
	srcPublisher
	srcPublished
	srcURL
	srcNote
	srcFile
	srcText
	srcSHA256
	numSourceFields
)

// sourceFieldsOf returns the fields of sources[i]: itself, then its
// members.
func sourceFieldsOf(i int) (f [numSourceFields]string) {
	base := index("sources", i)
	f[srcBase] = base
	for k, name := range sourceKeys { // in the order of the constants
		f[srcID+k] = base + "." + name
	}
	return f
}

// checkSources checks every source and builds the table that citations
// are checked against.
func (ps *pass) checkSources() {
	rep := ps.marks.of(-1)
	ps.noSources = rep.has("sources")
	ps.sources = make(map[string]*sourceState, len(ps.ds.Sources))
	var total int64
	var f findings
	for i, s := range ps.ds.Sources {
		var fs *[numSourceFields]string
		if ps.v != nil {
			fs = ps.v.sourceFields(i)
		} else {
			all := sourceFieldsOf(i)
			fs = &all
		}
		if s == nil {
			f.add(fs[srcBase], "is nil; want a source")
			continue
		}
		st := &sourceState{src: s}
		idOK := f.slug(rep, fs[srcID], s.ID, true)
		if idOK && ps.sources[s.ID] != nil {
			f.add(fs[srcID], fmt.Sprintf("duplicate source id %q", s.ID))
			idOK = false
		}
		f.text(rep, fs[srcTitle], s.Title, true, true)
		f.text(rep, fs[srcPublisher], s.Publisher, false, true)
		s.PublishedDate = DateRange{}
		if f.text(rep, fs[srcPublished], s.Published, false, true) {
			s.PublishedDate = f.date(rep, fs[srcPublished], s.Published)
		}
		if f.text(rep, fs[srcURL], s.URL, false, true) && s.URL != "" {
			if msg := checkURL(s.URL); msg != "" {
				f.add(fs[srcURL], msg)
			}
		}
		f.text(rep, fs[srcNote], s.Note, false, false)
		st.textOK = ps.sourceText(&f, rep, fs, s)
		if s.SHA256 != "" && !rep.has(fs[srcSHA256]) {
			checkDigest(&f, fs[srcSHA256], s, st.textOK)
		}
		if st.textOK {
			total += int64(len(s.Text))
			if total > MaxTotalSourceSize {
				f.add(fs[srcBase], fmt.Sprintf("brings the sources' texts over the limit of %s in all", sizeString(MaxTotalSourceSize)))
				st.textOK = false
			}
		}
		if idOK {
			st.order = len(ps.sources)
			ps.sources[s.ID] = st
		}
	}
	for _, x := range f {
		ps.report(-1, "", x.field, x.msg)
	}
	if ps.v != nil {
		ps.v.sourcesChecked(ps)
	}
}

// sourceText checks a source's file or inline text and reports whether
// quotes can be looked for in it; fs are the source's fields.
func (ps *pass) sourceText(f *findings, rep marks, fs *[numSourceFields]string, s *Source) bool {
	base, fileField, textField := fs[srcBase], fs[srcFile], fs[srcText]
	if s.File == "" {
		switch {
		case rep.has(fileField) || rep.has(textField):
			return false
		case s.Text == "":
			f.add(base, "has neither file nor text; want exactly one of them, holding the source's full text")
			return false
		}
		blank, bad := ps.scanText(s)
		switch {
		case len(s.Text) > MaxSourceSize:
			f.add(textField, fmt.Sprintf("is %s; the limit is %s", sizeString(int64(len(s.Text))), sizeString(MaxSourceSize)))
		case blank:
			f.add(textField, "is empty")
		case bad != "":
			f.add(textField, "is not valid UTF-8 text: "+bad)
		default:
			return true
		}
		return false
	}
	if rep.has(fileField) {
		return false
	}
	if msg := textFlaw(s.File, true); msg != "" {
		f.add(fileField, msg)
		return false
	}
	if msg := checkRelPath(s.File); msg != "" {
		f.add(fileField, fmt.Sprintf("%q %s", truncate(s.File, 60), msg))
		return false
	}
	blank, bad := ps.scanText(s)
	switch {
	case len(s.Text) > MaxSourceSize:
		f.add(fileField, fmt.Sprintf("%q is %s; the limit is %s", s.File, sizeString(int64(len(s.Text))), sizeString(MaxSourceSize)))
	case blank:
		f.add(fileField, fmt.Sprintf("%q is empty", s.File))
	case bad != "":
		f.add(fileField, fmt.Sprintf("%q is not valid UTF-8 text: %s", s.File, bad))
	default:
		return true
	}
	return false
}

// checkDigest reports a recorded SHA-256 that is not a digest, or, when
// the text could be read, one the text no longer matches.
func checkDigest(f *findings, field string, s *Source, textOK bool) {
	if !isDigest(s.SHA256) {
		f.add(field, fmt.Sprintf("%q is not a SHA-256 digest; want 64 hexadecimal digits", truncate(s.SHA256, 80)))
		return
	}
	if !textOK || strings.EqualFold(SourceDigest(s.Text), s.SHA256) {
		return
	}
	what := "the inline text"
	if s.File != "" {
		what = fmt.Sprintf("%q", s.File)
	}
	f.add(field, fmt.Sprintf("does not match %s: the source's text changed after it was recorded, so check it against the original before relying on its citations", what))
}

// isDigest reports whether s is 64 hexadecimal digits.
func isDigest(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// SourceDigest returns the hexadecimal SHA-256 digest of a source's text,
// as Source.SHA256 records it.
func SourceDigest(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// scanText reports whether a source's text is blank, and where it is not
// valid UTF-8 (see utf8Flaw).
func (ps *pass) scanText(s *Source) (blank bool, bad string) {
	if ps.v != nil {
		return ps.v.scanText(s)
	}
	return strings.TrimSpace(s.Text) == "", utf8Flaw(s.Text)
}

// checkAlliances checks every alliance and its citations.
func (ps *pass) checkAlliances() {
	rep := ps.marks.of(-1)
	seen := make(map[string]bool, len(ps.ds.Alliances))
	var f findings
	for i, a := range ps.ds.Alliances {
		base := index("alliances", i)
		if a == nil {
			f.add(base, "is nil; want an alliance")
			continue
		}
		if f.slug(rep, base+".id", a.ID, true) {
			if seen[a.ID] {
				f.add(base+".id", fmt.Sprintf("duplicate alliance id %q", a.ID))
			}
			seen[a.ID] = true
		}
		f.text(rep, base+".name", a.Name, true, true)
		f.text(rep, base+".leader", a.Leader, false, true)
		members := f.countries(rep, base+".members", a.Members, true)
		f.countries(rep, base+".nonMembers", a.NonMembers, false)
		for k, c := range a.NonMembers {
			if c != "" && members[c] && !rep.has(index(base+".nonMembers", k)) {
				f.add(index(base+".nonMembers", k), fmt.Sprintf("%q is also listed in members", c))
			}
		}
		ps.citations(&f, rep, base+".citations", a.Citations, true, true, nil, i)
	}
	for _, x := range f {
		ps.report(-1, "", x.field, x.msg)
	}
}

// countries checks a list of ISO 3166-1 alpha-2 codes, which must not be
// empty when mandatory, and returns the valid codes.
func (f *findings) countries(rep marks, field string, codes []string, mandatory bool) map[string]bool {
	if rep.has(field) {
		return nil
	}
	switch {
	case mandatory && codes == nil:
		f.add(field, "is missing; want an array of country codes such as [\"KG\", \"TJ\"]")
		return nil
	case mandatory && len(codes) == 0:
		f.add(field, "is empty; want at least one country code")
		return nil
	}
	seen := make(map[string]bool, len(codes))
	for k, c := range codes {
		if IsCountryCode(c) && !seen[c] {
			seen[c] = true
			continue
		}
		ef := index(field, k)
		switch {
		case rep.has(ef):
		case c == "":
			f.add(ef, "is empty")
		case IsCountryCode(c):
			f.add(ef, fmt.Sprintf("%q is listed twice", c))
		default:
			if msg := textFlaw(c, true); msg != "" {
				f.add(ef, msg)
			} else {
				f.add(ef, fmt.Sprintf("unknown country code %q; want an ISO 3166-1 alpha-2 code such as \"KG\"", truncate(c, 40)))
			}
		}
	}
	return seen
}

// citations checks a list of citations whose field is base, those of
// marker m or, when m is nil, of alliance a. With local set it reports the
// rules on the citations themselves; with cite set it looks each one up in
// its source, reporting an unknown source, and sets the search for its
// quote aside (see searchQuotes).
func (ps *pass) citations(f *findings, rep marks, base string, cites []Citation, local, cite bool, m *Marker, a int) {
	switch {
	case rep.has(base):
		return
	case cites == nil:
		if local {
			f.add(base, "is missing; cite at least one source with a verbatim quote")
		}
		return
	case len(cites) == 0:
		if local {
			f.add(base, "is empty; cite at least one source with a verbatim quote")
		}
		return
	case len(cites) > MaxCitations:
		if local {
			f.add(base, fmt.Sprintf("has %d citations; the limit is %d", len(cites), MaxCitations))
		}
		return
	}
	for k := range cites {
		c := &cites[k]
		if cite {
			c.Start, c.End = 0, 0
		}
		srcRep, quoteRep := false, false // the parser reported the field
		if rep != nil {
			srcRep, quoteRep = rep.has(citeField(base, k, "source")), rep.has(citeField(base, k, "quote"))
		}
		srcOK := !srcRep && isSlug(c.Source)
		if local && !srcRep && !srcOK {
			if c.Source == "" {
				f.add(citeField(base, k, "source"), "is missing")
			} else {
				f.add(citeField(base, k, "source"), slugFlaw(c.Source))
			}
		}
		quoteOK := !quoteRep && c.Quote != ""
		var flaw string
		var fold bool
		if quoteOK {
			flaw, fold = quoteFlaw(c.Quote)
			quoteOK = flaw == ""
		}
		if local && !quoteRep && !quoteOK {
			if c.Quote == "" {
				f.add(citeField(base, k, "quote"), "is missing")
			} else {
				f.add(citeField(base, k, "quote"), flaw)
			}
		}
		if local && c.Note != "" {
			if msg := textFlaw(c.Note, false); msg != "" {
				if nf := citeField(base, k, "note"); !rep.has(nf) {
					f.add(nf, msg)
				}
			}
		}
		if cite && srcOK && quoteOK {
			ps.quote(f, c, base, k, m, a, fold)
		}
	}
}

// citeField returns the field of member name of citation k of base.
func citeField(base string, k int, name string) string {
	return base + "[" + strconv.Itoa(k) + "]." + name
}

// quote looks up citation k of base in its source, or sets the search
// for its quote aside; see searchQuotes. fold says whether the quote's
// white space needs folding.
func (ps *pass) quote(f *findings, c *Citation, base string, k int, m *Marker, a int, fold bool) {
	st := ps.sources[c.Source]
	if st == nil {
		if !ps.noSources {
			f.add(citeField(base, k, "source"), fmt.Sprintf("unknown source %q; add it to the sources list", c.Source))
		}
		return
	}
	if !st.textOK {
		return // the source's problem is reported
	}
	if ps.v != nil && ps.v.cachedQuote(st, c, f, base, k) {
		return
	}
	ps.setAside(pendingQuote{c: c, quote: c.Quote, st: st, m: m, k: int32(k), a: int32(a), fold: fold})
}

// Sources searched for more than indexAfter quotes in one validation are
// indexed first: with a suffix array when they are larger than bigSource,
// else with a gramIndex.
const (
	indexAfter = 8
	bigSource  = 256 << 10
)

// searchQuotes runs the quote searches set aside by quote, source by
// source, so that each source's text is folded once, searched while it is
// at hand and, when it is searched often, indexed first; the folded text
// and index are dropped once the source is done. Sources are searched on
// several goroutines when there are many searches.
func (ps *pass) searchQuotes() {
	all := ps.all
	if all == nil {
		all = ps.later
	}
	all = append(all, ps.spill...)
	ps.all, ps.later, ps.spill = nil, nil, nil
	// Group the searches by source, in order within each source, as
	// indices into all.
	start := make([]int, len(ps.sources)+1)
	n := 0
	for i := range all {
		if st := all[i].st; st != nil {
			start[st.order+1]++
			n++
		}
	}
	if n == 0 {
		return
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	grouped := make([]int32, n)
	fill := slices.Clone(start[:len(start)-1])
	for i := range all {
		if st := all[i].st; st != nil {
			grouped[fill[st.order]] = int32(i)
			fill[st.order]++
		}
	}

	type found struct {
		pq  *pendingQuote
		msg string
	}
	search := func(group []int32, out []found) []found {
		st := all[group[0]].st
		ft := ps.fold(st.src)
		var g *gramIndex
		switch {
		case len(group) <= indexAfter:
		case len(st.src.Text) > bigSource:
			ft.buildSuffixArray()
		default:
			g = newGramIndex(ft.text)
		}
		for _, i := range group {
			pq := &all[i]
			if msg := ps.findQuote(ft, st, pq.c, pq.quote, pq.fold, g); msg != "" {
				out = append(out, found{pq, msg})
			}
		}
		ft.sa = nil
		return out
	}
	groups := len(start) - 1
	workers := 1
	if ps.v == nil && n >= 4*markerChunk {
		workers = min(runtime.GOMAXPROCS(0), groups)
	}
	results := make([][]found, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		run := func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= groups {
					return
				}
				if start[i] < start[i+1] {
					results[w] = search(grouped[start[i]:start[i+1]], results[w])
				}
			}
		}
		if workers == 1 {
			run()
		} else {
			wg.Go(run)
		}
	}
	wg.Wait()
	for _, r := range results {
		for _, x := range r {
			switch pq := x.pq; {
			case pq.m != nil && ps.v != nil:
				e := ps.v.entries[pq.m]
				e.cites = append(e.cites, finding{pq.field(), x.msg})
			case pq.m != nil:
				// Not capped: these problems may come before the last
				// one reported, and finishProblems keeps the first.
				ps.out = append(ps.out, Problem{File: ps.file, Feature: pq.m.Index, ID: displayID(pq.m.ID), Field: pq.field(), Message: x.msg})
			default:
				ps.out = append(ps.out, Problem{File: ps.file, Feature: -1, Field: pq.field(), Message: x.msg})
			}
		}
	}
}

// fold returns the folded text of a source.
func (ps *pass) fold(s *Source) *foldedText {
	if ps.v != nil {
		return ps.v.fold(s)
	}
	return foldText(s.Text)
}

// findQuote locates quote, the quote of citation c, in ft, the folded text
// of its source, using g when it is not nil, and records its span; fold
// says whether the quote needs folding. It returns why the quote is not
// found, or "".
func (ps *pass) findQuote(ft *foldedText, st *sourceState, c *Citation, quote string, fold bool, g *gramIndex) string {
	q := quote
	if fold {
		q = FoldSpace(q)
	}
	start, end, ok := ft.find(q, g)
	msg := ""
	if ok {
		c.Start, c.End = start, end
	} else {
		msg = fmt.Sprintf("the quote is not in source %q, even allowing for differences in white space", st.src.ID)
		if n := ft.longestPrefix(q); n >= 12 {
			msg += fmt.Sprintf("; the source matches the quote up to %q, then differs", lastRunes(q[:n], 30))
		}
	}
	if ps.v != nil {
		ps.v.storeQuote(st, c.Source, quote, start, end, msg)
	}
	return msg
}
