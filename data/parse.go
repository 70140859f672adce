package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Parse checks and decodes the dataset file b. name is the file's
// slash-separated path within fsys; it names the file in problems, and
// file sources are resolved within fsys relative to its folder
// (path.Dir(name)). fsys may be nil when no source is a file.
//
// When the file has problems, Parse returns a nil Dataset and an error of
// type Problems listing all of them (at most MaxProblems): first those
// outside features, then those of each feature in file order. A JSON
// syntax error is reported alone, since nothing after it can be checked.
func Parse(name string, b []byte, fsys fs.FS) (*Dataset, error) {
	return parse(name, path.Dir(name), b, fsys)
}

// parse is Parse with the display name and the source folder given apart.
func parse(name, dir string, b []byte, fsys fs.FS) (*Dataset, error) {
	p := &parser{
		file:        name,
		dir:         dir,
		fsys:        fsys,
		ds:          &Dataset{Path: name},
		sources:     make(map[string]*sourceState),
		ids:         make(map[string]*Marker),
		intern:      make(map[string]string),
		allianceIDs: make(map[string]bool),
	}
	if int64(len(b)) > MaxFileSize {
		p.add(-1, "", fieldRef{}, "the file is %s; the limit is %s", sizeString(int64(len(b))), sizeString(MaxFileSize))
		return nil, p.probs
	}
	p.doc.b = b
	p.run()
	if len(p.probs) > 0 {
		slices.SortStableFunc(p.probs, func(a, b Problem) int { return a.Feature - b.Feature })
		if p.full {
			p.probs = append(p.probs, Problem{File: name, Feature: -1,
				Message: fmt.Sprintf("there are more problems; only the first %d are listed", MaxProblems)})
		}
		return nil, p.probs
	}
	p.ds.markerIndex = p.ids
	p.ds.sourceIndex = make(map[string]*Source, len(p.sources))
	for id, st := range p.sources {
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

// sourceState is a source together with what citation checks need.
type sourceState struct {
	src    *Source
	textOK bool        // the text was read and is valid
	folded *foldedText // built on first use
	cites  int         // citations seen, counted for large sources only
}

// parser holds the state of one Parse.
type parser struct {
	file string
	dir  string
	fsys fs.FS
	doc  jdoc

	ds    *Dataset
	probs Problems
	full  bool // MaxProblems reached

	sources     map[string]*sourceState
	noSources   bool // the sources member is missing or not an array
	sourceBytes int64
	ids         map[string]*Marker // feature id -> first marker with it
	allianceIDs map[string]bool
	intern      map[string]string
	chunk       []Marker
}

// errStop ends the checking of a file early; the reason has been reported.
var errStop = errors.New("stop")

// add reports a problem.
func (p *parser) add(feature int, id string, f fieldRef, format string, args ...any) {
	if len(p.probs) >= MaxProblems {
		p.full = true
		return
	}
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	p.probs = append(p.probs, Problem{File: p.file, Feature: feature, ID: id, Field: f.String(), Message: msg})
}

// syntax reports a JSON syntax error at byte offset off.
func (p *parser) syntax(off int, msg string) {
	line, col := lineCol(p.doc.b, off)
	p.probs = append(p.probs[:0], Problem{File: p.file, Feature: -1,
		Message: fmt.Sprintf("line %d, column %d: invalid JSON: %s", line, col, msg)})
	p.full = false
}

// fail turns an error of the JSON parser into a problem of the given
// feature (or -1) and field.
func (p *parser) fail(err error, feature int, f fieldRef) {
	var se *syntaxError
	switch {
	case errors.As(err, &se):
		p.syntax(se.off, se.msg)
	case errors.Is(err, errTooManyValues):
		p.add(feature, "", f, "is too large: it has more than %d JSON values", MaxValues)
	default:
		p.add(feature, "", f, "%v", err)
	}
}

// str interns short strings that repeat across features.
func (p *parser) str(v int32) string {
	d := &p.doc
	if d.nodes[v].esc() || d.strLen(v) > 64 {
		return d.str(v)
	}
	raw := d.raw(v)
	raw = raw[1 : len(raw)-1]
	if s, ok := p.intern[string(raw)]; ok {
		return s
	}
	s := string(raw)
	p.intern[s] = s
	return s
}

// newMarker allocates markers in chunks to save allocations.
func (p *parser) newMarker() *Marker {
	if len(p.chunk) == cap(p.chunk) {
		p.chunk = make([]Marker, 0, 256)
	}
	p.chunk = p.chunk[:len(p.chunk)+1]
	return &p.chunk[len(p.chunk)-1]
}

// run checks the whole document.
func (p *parser) run() {
	d := &p.doc
	d.pos = 0
	if bytes.HasPrefix(d.b, []byte("\uFEFF")) {
		d.pos = 3 // a byte order mark, as some editors write
	}
	info, off, msg := prescan(d.b)
	if off >= 0 {
		line, col := lineCol(d.b, off)
		if strings.HasPrefix(msg, "invalid UTF-8") {
			p.add(-1, "", fieldRef{}, "line %d, column %d: %s; the file must be UTF-8 text", line, col, msg)
		} else {
			p.add(-1, "", fieldRef{}, "line %d, column %d: %s", line, col, msg)
		}
		return
	}
	if info.features > MaxFeatures {
		p.add(-1, "", fld("features"), "has about %d features; the limit is %d", info.features, MaxFeatures)
		return
	}
	if info.sources > MaxSources {
		p.add(-1, "", fld("sources"), "has about %d sources; the limit is %d", info.sources, MaxSources)
		return
	}
	// A feature takes well over 100 bytes, so a file of many empty
	// elements gets no more room than its size warrants.
	n := min(info.features, len(d.b)/100)
	p.ids = make(map[string]*Marker, n)
	p.ds.Markers = make([]*Marker, 0, n)
	switch c := d.peek(); {
	case d.pos >= len(d.b):
		p.add(-1, "", fieldRef{}, "the file is empty; want a GeoJSON FeatureCollection")
		return
	case c != '{':
		d.reset()
		if v, err := d.value(0); err == nil {
			p.add(-1, "", fieldRef{}, "the top level is %s; want a GeoJSON FeatureCollection object", describe(d, v))
		} else {
			p.fail(err, -1, fieldRef{})
		}
		return
	}
	if err := p.topLevel(); err != nil {
		if !errors.Is(err, errStop) {
			p.fail(err, -1, fieldRef{})
		}
		return
	}
	if d.peek(); d.pos < len(d.b) {
		p.syntax(d.pos, fmt.Sprintf("unexpected %s after the end of the top-level object", describeByte(d.b, d.pos)))
		return
	}
	p.checkCitations()
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
				p.add(-1, "", fld(key), "appears more than once")
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
		p.add(-1, "", fld("type"), `is missing; want "FeatureCollection"`)
	}
	if !seen["features"] {
		p.add(-1, "", fld("features"), "is missing; want an array of features")
	}
	if !seen["sources"] {
		p.noSources = true
		p.add(-1, "", fld("sources"), "is missing; want an array of the sources that citations quote")
	}
	return nil
}

// topMember reads the value of the top-level member key.
func (p *parser) topMember(key string) error {
	d := &p.doc
	switch key {
	case "features":
		return p.list(key, MaxFeatures, p.feature)
	case "sources":
		return p.list(key, MaxSources, p.source)
	case "alliances":
		return p.list(key, -1, p.alliance)
	}
	v, err := d.value(1)
	if err != nil {
		if errors.Is(err, errTooManyValues) {
			p.add(-1, "", fld(key), "is too large: it has more than %d JSON values", MaxValues)
			return errStop
		}
		return err
	}
	s := p.scope(-1, "")
	switch key {
	case "type":
		if t, ok := s.text(v, fld("type"), required|singleLine); ok && t != "FeatureCollection" {
			s.add(fld("type"), `is %q; want "FeatureCollection"`, truncate(t, 40))
		}
	case "title":
		p.ds.Title, _ = s.text(v, fld("title"), singleLine)
	case "description":
		p.ds.Description, _ = s.text(v, fld("description"), 0)
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
		p.add(-1, "", fld(key), "is %s; want an array", describe(d, v))
		p.noSources = p.noSources || key == "sources"
		return nil
	}
	d.pos++
	if d.peek() == ']' {
		d.pos++
		return nil
	}
	for i := 0; ; i++ {
		if limit >= 0 && i >= limit {
			p.add(-1, "", fld(key), "has more than %d elements", limit)
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
				p.add(feature, "", f, "is too large: it has more than %d JSON values", MaxValues)
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
	id      string
}

func (p *parser) scope(feature int, id string) *scope {
	return &scope{p: p, feature: feature, id: id}
}

func (s *scope) add(f fieldRef, format string, args ...any) {
	s.p.add(s.feature, s.id, f, format, args...)
}

// members collects the values of an object's members by key. Known keys
// are looked up in keys; duplicates are reported; other keys are passed to
// other, which may be nil to report them as unknown. parent names the
// object.
func (s *scope) members(obj int32, parent fieldRef, keys []string, vals []int32, other func(key string, v int32)) {
	d := &s.p.doc
	for k := range vals {
		vals[k] = -1
	}
	for m := range d.len(obj) {
		kn, v := d.member(obj, m)
		kb := d.keyBytes(kn)
		idx := -1
		for j, name := range keys {
			if string(kb) == name {
				idx = j
				break
			}
		}
		if idx >= 0 {
			if vals[idx] >= 0 {
				s.add(parent.child(keys[idx]), "appears more than once")
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

// suggest proposes the known key closest to an unknown one.
func suggest(key string, keys []string) string {
	best, bestDist := "", 3
	for _, k := range keys {
		if dist := editDistance(strings.ToLower(key), k); dist < bestDist {
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

// textFlags tune text and slug.
type textFlags uint8

const (
	required   textFlags = 1 << iota // report a missing or null value
	singleLine                       // refuse line breaks and other control characters
	intern                           // share the string with equal ones: for values that repeat
)

// text returns the string value v of field f. v < 0 means absent and null
// counts as absent. It reports a missing required value, a value that is
// not a string, an empty or blank string, one over MaxStringLen, and, with
// singleLine, one with a line break or other control character.
func (s *scope) text(v int32, f fieldRef, flags textFlags) (string, bool) {
	d := &s.p.doc
	if v < 0 || d.kind(v) == jNull {
		if flags&required != 0 {
			if v < 0 {
				s.add(f, "is missing")
			} else {
				s.add(f, "is null; want a string")
			}
		}
		return "", false
	}
	if d.kind(v) != jString {
		s.add(f, "is %s; want a string", describe(d, v))
		return "", false
	}
	if d.strLen(v) > 6*MaxStringLen {
		s.add(f, "is longer than the limit of %d bytes", MaxStringLen)
		return "", false
	}
	var str string
	if flags&intern != 0 {
		str = s.p.str(v)
	} else {
		str = d.str(v)
	}
	return str, s.checkText(str, f, flags&singleLine != 0)
}

// checkText reports an empty, blank, over-long or (when line is set)
// multi-line string.
func (s *scope) checkText(str string, f fieldRef, line bool) bool {
	switch {
	case len(str) > MaxStringLen:
		s.add(f, "is %d bytes long; the limit is %d", len(str), MaxStringLen)
	case strings.TrimSpace(str) == "":
		s.add(f, "is empty")
	case line && strings.ContainsFunc(str, isControl):
		s.add(f, "must be a single line without line breaks or control characters")
	default:
		return true
	}
	return false
}

// slug returns the slug value v of field f.
func (s *scope) slug(v int32, f fieldRef, flags textFlags) (string, bool) {
	str, ok := s.text(v, f, flags|singleLine)
	if !ok {
		return str, false
	}
	if !isSlug(str) {
		s.add(f, "%q is not a valid id; use lower-case letters, digits and single hyphens%s", truncate(str, 60), slugHint(str))
		return str, false
	}
	return str, true
}

// number returns the finite number value v of field f.
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

// isSlug reports whether s matches ^[a-z0-9]+(-[a-z0-9]+)*$ and is at most
// MaxIDLen bytes long.
func isSlug(s string) bool {
	if s == "" || len(s) > MaxIDLen || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := range len(s) {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-':
			if s[i-1] == '-' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// slugHint proposes a slug close to s, as the tail of a message.
func slugHint(s string) string {
	if len(s) > MaxIDLen {
		return fmt.Sprintf(", at most %d of them", MaxIDLen)
	}
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return fmt.Sprintf(", such as %q", b.String())
}

// truncate shortens s to at most n runes, marking the cut with "...".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := 0; k < n; k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i] + "..."
}

// sizeString formats a size in bytes for a message.
func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
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
