package data

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Parse checks and decodes the dataset file b. name is the file's
// slash-separated path within fsys; it names the file in problems, and
// file sources are resolved within fsys relative to its folder
// (path.Dir(name)). fsys may be nil when no source is a file.
//
// Parse decodes the file into typed values, reporting what only the file
// can get wrong (JSON syntax, unknown or repeated member names, JSON types,
// unreadable source files), then checks the values with Validate; a value
// Parse has reported is not reported again. When the file has problems,
// Parse returns a nil Dataset and an error of type Problems listing all of
// them (at most MaxProblems) in the order Validate lists them. A JSON
// syntax error is reported alone, since nothing after it can be checked.
func Parse(name string, b []byte, fsys fs.FS) (*Dataset, error) {
	return parse(name, path.Dir(name), b, fsys)
}

// parse is Parse with the display name and the source folder given apart.
func parse(name, dir string, b []byte, fsys fs.FS) (*Dataset, error) {
	if int64(len(b)) > MaxFileSize {
		return nil, tooLarge(name, int64(len(b)))
	}
	p := &parser{
		file: name,
		dir:  dir,
		fsys: fsys,
		ds:   &Dataset{Path: name},
	}
	p.doc.b = b
	p.run()
	if p.stopped {
		return nil, finishProblems(name, p.probs, p.full)
	}
	ps := newPass(p.ds, &p.marks, nil)
	ps.run()
	ps.searchQuotes()
	if len(p.probs) > 0 || len(ps.out) > 0 {
		return nil, finishProblems(name, append(p.probs, ps.out...), p.full || ps.full)
	}
	p.ds.markerIndex = ps.ids
	p.ds.sourceIndex = make(map[string]*Source, len(ps.sources))
	for id, st := range ps.sources {
		p.ds.sourceIndex[id] = st.src
	}
	return p.ds, nil
}

// fieldRef names a field without building the string until a problem is
// reported: base, then "[i]" when an index is set, then "." and name when
// name is set. The zero fieldRef names no field.
type fieldRef struct {
	base string
	n    int // index + 1; 0 when there is no index
	name string
}

// fld names a plain field.
func fld(base string) fieldRef { return fieldRef{base: base} }

// sub names member name of base.
func sub(base, name string) fieldRef { return fieldRef{base: base, name: name} }

// at names element i of base, or member name of that element.
func at(base string, i int, name string) fieldRef {
	return fieldRef{base: base, n: i + 1, name: name}
}

// child names member name of f.
func (f fieldRef) child(name string) fieldRef {
	if f.name == "" {
		f.name = name
		return f
	}
	return sub(f.String(), name)
}

// String returns the dotted field path, such as "properties.citations[0].quote".
func (f fieldRef) String() string {
	s := f.base
	if f.n > 0 {
		s += "[" + strconv.Itoa(f.n-1) + "]"
	}
	if f.name != "" {
		if s != "" {
			s += "."
		}
		s += f.name
	}
	return s
}

// parser holds the state of one Parse.
type parser struct {
	file string
	dir  string
	fsys fs.FS
	doc  jdoc

	ds      *Dataset
	probs   Problems
	marks   parserMarks // where problems were reported
	full    bool        // MaxProblems reached
	stopped bool        // the file cannot be checked further: its problem is reported alone

	info        scanInfo
	chunks      int  // chunks of features decoded in parallel; 0 when decoded in order
	sourcesRead bool // the sources member was read to its end
	sourceBytes int64
	intern      *internTable // allocated on first use
	chunk       []Marker
	floats      []float64
}

// errStop ends the checking of a file early; the reason has been reported.
var errStop = errors.New("stop")

// add reports a problem of the given feature (or -1) and field, and marks
// the field as reported.
func (p *parser) add(feature int, f fieldRef, format string, args ...any) {
	p.marks.add(feature, f.String())
	p.report(feature, f, format, args...)
}

// report reports a problem of the given feature (or -1) and field without
// marking the field: the field's typed value is what the file says, or the
// caller marks what is not.
func (p *parser) report(feature int, f fieldRef, format string, args ...any) {
	if len(p.probs) >= MaxProblems {
		p.full = true
		return
	}
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	p.probs = append(p.probs, Problem{File: p.file, Feature: feature, Field: f.String(), Message: msg})
}

// stop reports a problem that ends the checking of the file.
func (p *parser) stop(format string, args ...any) {
	p.add(-1, fieldRef{}, format, args...)
	p.stopped = true
}

// syntax reports a JSON syntax error at byte offset off, alone.
func (p *parser) syntax(off int, msg string) {
	line, col := lineCol(p.doc.b, off)
	p.probs = append(p.probs[:0], Problem{File: p.file, Feature: -1,
		Message: fmt.Sprintf("line %d, column %d: invalid JSON: %s", line, col, msg)})
	p.full = false
	p.stopped = true
}

// fail turns an error of the JSON parser into a problem of the given
// feature (or -1) and field.
func (p *parser) fail(err error, feature int, f fieldRef) {
	var se *syntaxError
	switch {
	case errors.As(err, &se):
		p.syntax(se.off, se.msg)
	case errors.Is(err, errTooManyValues):
		p.add(feature, f, "is too large: it has more than %d JSON values", MaxValues)
	default:
		p.add(feature, f, "%v", err)
	}
}

// str interns short strings that repeat across features, such as kinds,
// places and dates, in a table indexed by a hash of the string; a string
// that takes another's slot replaces it.
func (p *parser) str(v int32) string {
	d := &p.doc
	if d.nodes[v].esc() || d.strLen(v) > 64 {
		return d.str(v)
	}
	raw := d.raw(v)
	raw = raw[1 : len(raw)-1]
	if p.intern == nil {
		p.intern = new(internTable)
	}
	a, b := wordAt(raw, 0), wordAt(raw, 8)
	h := (a*0x9e3779b97f4a7c15 ^ b*0xc2b2ae3d27d4eb4f ^ wordAt(raw, len(raw)-8) ^ uint64(len(raw))) * 0xff51afd7ed558ccd
	slot := &p.intern[h>>(64-internBits)]
	// The slot holds the string's first 16 bytes, so that a short string
	// is found without reading the one interned.
	if len(slot.s) == len(raw) && slot.a == a && slot.b == b && (len(raw) <= 16 || slot.s == string(raw)) {
		return slot.s
	}
	*slot = internSlot{a, b, string(raw)}
	return slot.s
}

// internBits is the log2 of the number of slots of an internTable.
const internBits = 14

// internTable holds the strings interned by one parser.
type internTable [1 << internBits]internSlot

// internSlot is an interned string s and its first 16 bytes, zero-padded.
type internSlot struct {
	a, b uint64
	s    string
}

// wordAt returns the up to 8 bytes of b from offset i (which may be
// negative) as a number, zero-padded.
func wordAt(b []byte, i int) uint64 {
	i = max(i, 0)
	if i+8 <= len(b) {
		return binary.LittleEndian.Uint64(b[i:])
	}
	var x uint64
	for k := i; k < len(b); k++ {
		x |= uint64(b[k]) << (8 * (k - i))
	}
	return x
}

// newMarker allocates markers in chunks to save allocations.
func (p *parser) newMarker() *Marker {
	if len(p.chunk) == cap(p.chunk) {
		p.chunk = make([]Marker, 0, 256)
	}
	p.chunk = p.chunk[:len(p.chunk)+1]
	return &p.chunk[len(p.chunk)-1]
}

// newFloat returns a pointer to a new float64 holding x, allocated in
// chunks.
func (p *parser) newFloat(x float64) *float64 {
	if len(p.floats) == cap(p.floats) {
		p.floats = make([]float64, 0, 256)
	}
	p.floats = append(p.floats, x)
	return &p.floats[len(p.floats)-1]
}

// run reads the whole document.
func (p *parser) run() {
	d := &p.doc
	d.pos = 0
	if bytes.HasPrefix(d.b, []byte("\uFEFF")) {
		d.pos = 3 // a byte order mark, as some editors write
	}
	info, off, msg := prescan(d.b)
	p.info = info
	if off >= 0 {
		line, col := lineCol(d.b, off)
		if strings.HasPrefix(msg, "invalid UTF-8") {
			p.stop("line %d, column %d: %s; the file must be UTF-8 text", line, col, msg)
		} else {
			p.stop("line %d, column %d: %s", line, col, msg)
		}
		return
	}
	if info.features > MaxFeatures {
		p.add(-1, fld("features"), "has about %d features; the limit is %d", info.features, MaxFeatures)
		p.stopped = true
		return
	}
	if info.sources > MaxSources {
		p.add(-1, fld("sources"), "has about %d sources; the limit is %d", info.sources, MaxSources)
		p.stopped = true
		return
	}
	// A feature takes well over 100 bytes, so a file of many empty
	// elements gets no more room than its size warrants.
	p.ds.Markers = make([]*Marker, 0, min(info.features, len(d.b)/100))
	switch c := d.peek(); {
	case d.pos >= len(d.b):
		p.stop("the file is empty; want a GeoJSON FeatureCollection")
		return
	case c != '{':
		d.reset()
		if v, err := d.value(0); err == nil {
			p.stop("the top level is %s; want a GeoJSON FeatureCollection object", describe(d, v))
		} else {
			p.fail(err, -1, fieldRef{})
			p.stopped = true
		}
		return
	}
	err := p.topLevel()
	switch {
	case err != nil && !errors.Is(err, errStop):
		p.fail(err, -1, fieldRef{})
		p.stopped = true
	case err == nil:
		if d.peek(); d.pos < len(d.b) {
			p.syntax(d.pos, fmt.Sprintf("unexpected %s after the end of the top-level object", describeByte(d.b, d.pos)))
		}
	}
	if !p.sourcesRead {
		// Citations cannot be checked against an unknown list.
		p.marks.add(-1, "sources")
	}
}

// topLevel reads the members of the top-level object.
func (p *parser) topLevel() error {
	d := &p.doc
	d.pos++ // {
	seen := make(map[string]bool)
	if d.peek() == '}' {
		d.pos++
	} else {
		for {
			d.reset()
			if d.peek() != '"' {
				return d.errorf(d.pos, "unexpected %s in an object; want a key in double quotes", describeByte(d.b, d.pos))
			}
			k, err := d.string()
			if err != nil {
				return err
			}
			key := d.str(k)
			if d.peek() != ':' {
				return d.errorf(d.pos, "unexpected %s after an object key; want ':'", describeByte(d.b, d.pos))
			}
			d.pos++
			if seen[key] {
				p.report(-1, fld(key), "appears more than once") // the last value counts
			}
			seen[key] = true
			if err := p.topMember(key); err != nil {
				return err
			}
			switch d.peek() {
			case ',':
				d.pos++
				continue
			case '}':
				d.pos++
			default:
				return d.errorf(d.pos, "unexpected %s in an object; want ',' or '}'", describeByte(d.b, d.pos))
			}
			break
		}
	}
	if !seen["type"] {
		p.add(-1, fld("type"), `is missing; want "FeatureCollection"`)
	}
	if !seen["features"] {
		p.add(-1, fld("features"), "is missing; want an array of features")
	}
	if !seen["sources"] {
		p.add(-1, fld("sources"), "is missing; want an array of the sources that citations quote")
	}
	return nil
}

// topMember reads the value of the top-level member key.
func (p *parser) topMember(key string) error {
	d := &p.doc
	switch key {
	case "features":
		if done, err := p.parallelFeatures(); done {
			return err
		}
		return p.list(key, MaxFeatures, p.feature)
	case "sources":
		if err := p.list(key, MaxSources, p.source); err != nil {
			return err
		}
		p.sourcesRead = !p.marks.of(-1).has("sources")
		return nil
	case "alliances":
		return p.list(key, -1, p.alliance)
	}
	v, err := d.value(1)
	if err != nil {
		if errors.Is(err, errTooManyValues) {
			p.add(-1, fld(key), "is too large: it has more than %d JSON values", MaxValues)
			return errStop
		}
		return err
	}
	s := p.scope(-1)
	switch key {
	case "type":
		if t := s.text(v, fld("type"), required); t != "" {
			if msg := textFlaw(t, true); msg != "" {
				s.add(fld("type"), "%s", msg)
			} else if t != "FeatureCollection" {
				s.add(fld("type"), `is %q; want "FeatureCollection"`, truncate(t, 40))
			}
		}
	case "title":
		p.ds.Title = s.text(v, fld("title"), 0)
	case "description":
		p.ds.Description = s.text(v, fld("description"), 0)
	default:
		var buf bytes.Buffer
		if err := json.Compact(&buf, d.raw(v)); err != nil {
			s.add(fld(key), "cannot be kept: %v", err)
			return nil
		}
		if p.ds.Extra == nil {
			p.ds.Extra = make(map[string]json.RawMessage)
		}
		p.ds.Extra[key] = buf.Bytes()
	}
	return nil
}

// list reads the array that is the value of top-level member key one
// element at a time, calling each with the element's index and value.
// limit < 0 means no limit beyond MaxValues per element.
func (p *parser) list(key string, limit int, each func(i int, v int32)) error {
	d := &p.doc
	if d.peek() != '[' {
		d.reset()
		v, err := d.value(1)
		if err != nil {
			return err
		}
		p.add(-1, fld(key), "is %s; want an array", describe(d, v))
		return nil
	}
	d.pos++
	if d.peek() == ']' {
		d.pos++
		return nil
	}
	for i := 0; ; i++ {
		if limit >= 0 && i >= limit {
			p.add(-1, fld(key), "has more than %d elements", limit)
			return errStop
		}
		if p.full {
			return errStop
		}
		d.reset()
		v, err := d.value(2)
		if err != nil {
			if errors.Is(err, errTooManyValues) {
				f := at(key, i, "")
				feature := -1
				if key == "features" {
					f, feature = fieldRef{}, i
				}
				p.add(feature, f, "is too large: it has more than %d JSON values", MaxValues)
				return errStop
			}
			return err
		}
		each(i, v)
		switch d.peek() {
		case ',':
			d.pos++
		case ']':
			d.pos++
			return nil
		default:
			return d.errorf(d.pos, "unexpected %s in an array; want ',' or ']'", describeByte(d.b, d.pos))
		}
	}
}

// describe names the type of value v for a message, with an article.
func describe(d *jdoc, v int32) string {
	switch d.kind(v) {
	case jNull:
		return "null"
	case jTrue, jFalse:
		return "a boolean"
	case jNumber:
		return "a number"
	case jString:
		return "a string"
	case jArray:
		return "an array"
	default:
		return "an object"
	}
}

// scope reports problems for one feature, or outside features when
// feature is -1.
type scope struct {
	p       *parser
	feature int
}

func (p *parser) scope(feature int) *scope {
	return &scope{p: p, feature: feature}
}

func (s *scope) add(f fieldRef, format string, args ...any) {
	s.p.add(s.feature, f, format, args...)
}

// members collects the values of an object's members by key. Known keys
// are looked up in keys; duplicates are reported (the last value counts);
// other keys are passed to other, which may be nil to report them as
// unknown. parent names the object.
func (s *scope) members(obj int32, parent fieldRef, keys []string, vals []int32, other func(key string, v int32)) {
	s.membersBy(obj, parent, keys, func(kb []byte) int {
		for j, name := range keys {
			if string(kb) == name {
				return j
			}
		}
		return -1
	}, vals, other)
}

// membersBy is members with the index of a known key in keys given by
// index, or -1.
func (s *scope) membersBy(obj int32, parent fieldRef, keys []string, index func([]byte) int, vals []int32, other func(key string, v int32)) {
	d := &s.p.doc
	for k := range vals {
		vals[k] = -1
	}
	for m := range d.len(obj) {
		kn, v := d.member(obj, m)
		kb := d.keyBytes(kn)
		idx := index(kb)
		if idx >= 0 {
			if vals[idx] >= 0 {
				s.p.report(s.feature, parent.child(keys[idx]), "appears more than once") // the last value counts
			}
			vals[idx] = v
			continue
		}
		key := string(kb)
		if other != nil {
			other(key, v)
			continue
		}
		s.add(parent.child(key), "unknown field%s", suggest(key, keys))
	}
}

// suggest proposes the known key closest to an unknown one, when it is
// close: one edit away, or two in a word of five letters or more that
// starts as the known one does ("titel" → "title", but "name" is no
// "date").
func suggest(key string, keys []string) string {
	best, bestDist := "", 3
	low := strings.ToLower(key)
	for _, k := range keys {
		dist := editDistance(low, k)
		if dist == 2 && (len(low) < 5 || low[0] != k[0]) {
			continue
		}
		if dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best == "" {
		return fmt.Sprintf(" %q", truncate(key, 40))
	}
	return fmt.Sprintf(" %q; did you mean %q?", truncate(key, 40), best)
}

// editDistance is the Levenshtein distance between short strings, in bytes;
// long strings are simply "far".
func editDistance(a, b string) int {
	if len(a) > 40 || len(b) > 40 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// textFlags tune text.
type textFlags uint8

const (
	required textFlags = 1 << iota // report a null value: the field needs one (Validate reports it missing)
	present                        // report an absent value too: for members with no typed value, such as "type"
	intern                         // share the string with equal ones: for values that repeat
)

// text returns the string value v of field f; v < 0 means absent and null
// counts as absent. It reports what the typed value cannot show: a value
// that is not a string, an empty string (which would read as absent), a
// null or, with present, absent value, and one far over MaxStringLen,
// which is not decoded. It returns "" for all of those; every other rule
// on strings is Validate's.
func (s *scope) text(v int32, f fieldRef, flags textFlags) string {
	d := &s.p.doc
	switch {
	case v < 0:
		if flags&present != 0 {
			s.add(f, "is missing")
		}
		return ""
	case d.kind(v) == jNull:
		if flags&(required|present) != 0 {
			s.add(f, "is null; want a string")
		}
		return ""
	case d.kind(v) != jString:
		s.add(f, "is %s; want a string", describe(d, v))
		return ""
	case d.strLen(v) > 6*MaxStringLen:
		s.add(f, "is longer than the limit of %d bytes", MaxStringLen)
		return ""
	case d.strLen(v) == 0:
		s.add(f, "is empty")
		return ""
	case flags&intern != 0:
		return s.p.str(v)
	}
	return d.str(v)
}

// number returns the number value v of field f, which must be a finite
// float64.
func (s *scope) number(v int32, f fieldRef) (float64, bool) {
	d := &s.p.doc
	if d.kind(v) != jNumber {
		s.add(f, "is %s; want a number", describe(d, v))
		return 0, false
	}
	x, err := d.num(v)
	if err != nil {
		s.add(f, "%s is not a finite number", truncate(string(d.raw(v)), 40))
		return 0, false
	}
	return x, true
}

// readLimited reads r to the end, refusing more than limit bytes; size is
// the expected size, used to allocate once.
func readLimited(r io.Reader, size, limit int64) (b []byte, tooBig bool, err error) {
	if size < 0 || size > limit {
		size = limit
	}
	b = make([]byte, 0, size+1)
	for {
		if len(b) == cap(b) {
			if int64(len(b)) > limit {
				return nil, true, nil
			}
			b = slices.Grow(b, int(min(int64(len(b)), limit+1-int64(len(b))))+1)
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return nil, true, nil
		}
		if err == io.EOF {
			return b, false, nil
		}
		if err != nil {
			return nil, false, err
		}
	}
}

// featureChunk is how many features one goroutine decodes at a time. It
// is a variable so that tests can make every file take the parallel path.
var featureChunk = 1024

// parallelFeatures decodes the elements of the features array in chunks,
// on several goroutines, when the file is large enough for that to pay and
// prescan found the chunks' bounds. It reports whether it did: when a
// chunk does not decode cleanly up to its bound (a syntax error, a feature
// with too many values), nothing is kept and the caller decodes the array
// one element at a time, which reports the problem just as for a small
// file. The result is the same as decoding in order.
func (p *parser) parallelFeatures() (bool, error) {
	d := &p.doc
	info := &p.info
	d.skipSpace()
	// The chunks decode their features and the commas between them; the
	// brackets around are checked here, prescan not telling a ] from a }.
	workers := min(runtime.GOMAXPROCS(0), len(info.featBounds)+1)
	if workers < 2 || info.featArrays != 1 || d.pos != info.featOpen || d.b[info.featEnd] != ']' || p.full {
		return false, nil
	}
	// Each worker decodes the chunks it takes into its own parser; a
	// chunk's markers and problems are ranges of its worker's.
	type chunk struct {
		w              *parser
		markers, probs [2]int
	}
	chunks := make([]chunk, len(info.featBounds)+1)
	ws := make([]*parser, workers)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for k := range ws {
		w := &parser{file: p.file, ds: &Dataset{}}
		w.doc.b = d.b
		ws[k] = w
		wg.Go(func() {
			for !failed.Load() {
				c := int(next.Add(1) - 1)
				if c >= len(chunks) {
					return
				}
				start, end := info.featOpen+1, info.featEnd
				if c > 0 {
					start = info.featBounds[c-1] + 1
				}
				if c < len(chunks)-1 {
					end = info.featBounds[c]
				}
				m, pr := len(w.ds.Markers), len(w.probs)
				if !w.featureChunk(start, end, c*featureChunk, c < len(chunks)-1) {
					failed.Store(true)
					return
				}
				chunks[c] = chunk{w, [2]int{m, len(w.ds.Markers)}, [2]int{pr, len(w.probs)}}
			}
		})
	}
	wg.Wait()
	if failed.Load() {
		return false, nil
	}
	for _, c := range chunks {
		p.ds.Markers = append(p.ds.Markers, c.w.ds.Markers[c.markers[0]:c.markers[1]]...)
		for _, pr := range c.w.probs[c.probs[0]:c.probs[1]] {
			if len(p.probs) >= MaxProblems {
				p.full = true
				break
			}
			p.probs = append(p.probs, pr)
		}
	}
	for _, w := range ws {
		// A worker that reached MaxProblems dropped problems that come
		// after MaxProblems others in the file.
		p.full = p.full || w.full
		for f, ms := range w.marks.paths {
			for _, path := range ms {
				p.marks.add(f, path)
			}
		}
	}
	d.pos = info.featEnd + 1
	p.chunks = len(chunks)
	if p.full {
		return true, errStop // as list stops
	}
	return true, nil
}

// featureChunk decodes the features from offset start to end, numbering
// them from first; a full chunk holds featureChunk features. It reports
// whether they decoded cleanly and exactly up to end.
func (p *parser) featureChunk(start, end, first int, full bool) bool {
	d := &p.doc
	d.pos = start
	for i := first; ; i++ {
		d.reset()
		v, err := d.value(2)
		if err != nil {
			return false
		}
		p.feature(i, v)
		switch d.peek(); {
		case d.pos == end:
			return !full || i-first+1 == featureChunk
		case d.pos > end || d.b[d.pos] != ',':
			return false
		}
		d.pos++
	}
}
