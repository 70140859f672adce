package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// This file holds a small JSON parser. It builds a compact tree of one
// value at a time (one feature, one source, ...) in reusable slices, so that
// a dataset of many features is checked in one pass over its bytes and in
// memory proportional to its largest feature. Nodes keep byte offsets into
// the input; strings and numbers are decoded only when asked for.

// jkind is the type of a JSON value.
type jkind uint8

const (
	jNull jkind = iota
	jFalse
	jTrue
	jNumber
	jString
	jArray
	jObject
)

// jnode is one JSON value. Offsets are bytes into jdoc.b; int32 suffices
// because inputs are at most MaxFileSize bytes.
type jnode struct {
	start, end int32  // the value's bytes, quotes and brackets included
	first      int32  // arrays and objects: children are kids[first:first+n]; objects store key, value pairs
	meta       uint32 // n<<4 | esc<<3 | kind, where esc is set for strings with backslash escapes
}

func (n *jnode) kind() jkind { return jkind(n.meta & 7) }
func (n *jnode) esc() bool   { return n.meta&8 != 0 }
func (n *jnode) n() int32    { return int32(n.meta >> 4) }

// jdoc parses JSON values from b.
type jdoc struct {
	b     []byte
	pos   int
	nodes []jnode
	kids  []int32
	stack []int32
}

// syntaxError is a JSON syntax error at a byte offset.
type syntaxError struct {
	off int
	msg string
}

// Error returns the message with its byte offset.
func (e *syntaxError) Error() string { return fmt.Sprintf("offset %d: %s", e.off, e.msg) }

// errTooManyValues is returned when a value has more than MaxValues parts.
var errTooManyValues = errors.New("too many JSON values")

// reset forgets every node, keeping the memory for reuse.
func (d *jdoc) reset() {
	d.nodes = d.nodes[:0]
	d.kids = d.kids[:0]
	d.stack = d.stack[:0]
}

func (d *jdoc) errorf(off int, format string, args ...any) error {
	return &syntaxError{off: off, msg: fmt.Sprintf(format, args...)}
}

// skipSpace moves past JSON white space.
func (d *jdoc) skipSpace() {
	for d.pos < len(d.b) {
		switch d.b[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// peek returns the next byte after white space, or 0 at the end of input.
func (d *jdoc) peek() byte {
	d.skipSpace()
	if d.pos >= len(d.b) {
		return 0
	}
	return d.b[d.pos]
}

// newNode appends a node starting at the current position.
func (d *jdoc) newNode(k jkind) (int32, error) {
	if len(d.nodes) >= MaxValues {
		return 0, errTooManyValues
	}
	if len(d.nodes) == cap(d.nodes) {
		d.nodes = slices.Grow(d.nodes, max(len(d.nodes), 64))
	}
	d.nodes = append(d.nodes, jnode{meta: uint32(k), start: int32(d.pos)})
	return int32(len(d.nodes) - 1), nil
}

// push records a child of the container being parsed. Slices grow by
// doubling so that a large value costs at most twice its final size.
func (d *jdoc) push(i int32) {
	if len(d.stack) == cap(d.stack) {
		d.stack = slices.Grow(d.stack, max(len(d.stack), 64))
	}
	d.stack = append(d.stack, i)
}

// value parses one value at the current position. depth is the nesting
// depth of the value's container.
func (d *jdoc) value(depth int) (int32, error) {
	switch c := d.peek(); {
	case d.pos >= len(d.b):
		return 0, d.errorf(d.pos, "unexpected end of file; want a value")
	case c == '{':
		return d.object(depth + 1)
	case c == '[':
		return d.array(depth + 1)
	case c == '"':
		return d.string()
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	case c == 't':
		return d.literal("true", jTrue)
	case c == 'f':
		return d.literal("false", jFalse)
	case c == 'n':
		return d.literal("null", jNull)
	default:
		return 0, d.errorf(d.pos, "unexpected %s; want a value", describeByte(d.b, d.pos))
	}
}

// finish records the children pushed on the stack since mark as the
// children of container i, which ends at the current position.
func (d *jdoc) finish(i int32, mark int) {
	n := &d.nodes[i]
	n.first = int32(len(d.kids))
	n.meta |= uint32(len(d.stack)-mark) << 4
	n.end = int32(d.pos)
	d.kids = append(slices.Grow(d.kids, max(len(d.kids), len(d.stack)-mark)), d.stack[mark:]...)
	d.stack = d.stack[:mark]
}

func (d *jdoc) object(depth int) (int32, error) {
	if depth > MaxDepth {
		return 0, d.errorf(d.pos, "nesting deeper than %d levels", MaxDepth)
	}
	i, err := d.newNode(jObject)
	if err != nil {
		return 0, err
	}
	d.pos++ // {
	mark := len(d.stack)
	if d.peek() == '}' {
		d.pos++
		d.finish(i, mark)
		return i, nil
	}
	for {
		if d.peek() != '"' {
			if d.pos >= len(d.b) {
				return 0, d.errorf(d.pos, "unexpected end of file in an object; want a key")
			}
			return 0, d.errorf(d.pos, "unexpected %s in an object; want a key in double quotes", describeByte(d.b, d.pos))
		}
		k, err := d.string()
		if err != nil {
			return 0, err
		}
		d.push(k)
		if d.peek() != ':' {
			return 0, d.errorf(d.pos, "unexpected %s after an object key; want ':'", describeByte(d.b, d.pos))
		}
		d.pos++
		v, err := d.value(depth)
		if err != nil {
			return 0, err
		}
		d.push(v)
		switch d.peek() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			d.finish(i, mark)
			return i, nil
		default:
			return 0, d.errorf(d.pos, "unexpected %s in an object; want ',' or '}'", describeByte(d.b, d.pos))
		}
	}
}

func (d *jdoc) array(depth int) (int32, error) {
	if depth > MaxDepth {
		return 0, d.errorf(d.pos, "nesting deeper than %d levels", MaxDepth)
	}
	i, err := d.newNode(jArray)
	if err != nil {
		return 0, err
	}
	d.pos++ // [
	mark := len(d.stack)
	if d.peek() == ']' {
		d.pos++
		d.finish(i, mark)
		return i, nil
	}
	for {
		v, err := d.value(depth)
		if err != nil {
			return 0, err
		}
		d.push(v)
		switch d.peek() {
		case ',':
			d.pos++
		case ']':
			d.pos++
			d.finish(i, mark)
			return i, nil
		default:
			return 0, d.errorf(d.pos, "unexpected %s in an array; want ',' or ']'", describeByte(d.b, d.pos))
		}
	}
}

// string parses a string; the input is known to be valid UTF-8.
func (d *jdoc) string() (int32, error) {
	i, err := d.newNode(jString)
	if err != nil {
		return 0, err
	}
	start := d.pos
	p := d.pos + 1
	b := d.b
	esc := false
	for {
		// Fast path over ordinary bytes, eight at a time while none is a
		// quote, a backslash or a control character.
		for p+8 <= len(b) && !specialInString(binary.LittleEndian.Uint64(b[p:])) {
			p += 8
		}
		for p < len(b) && b[p] >= 0x20 && b[p] != '"' && b[p] != '\\' {
			p++
		}
		if p >= len(b) {
			return 0, d.errorf(start, "string never ends")
		}
		switch c := b[p]; {
		case c == '"':
			p++
			d.pos = p
			n := &d.nodes[i]
			n.end = int32(p)
			if esc {
				n.meta |= 8
			}
			return i, nil
		case c == '\\':
			esc = true
			if p+1 >= len(b) {
				return 0, d.errorf(start, "string never ends")
			}
			switch b[p+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p += 2
			case 'u':
				if p+6 > len(b) || !isHex4(b[p+2:p+6]) {
					return 0, d.errorf(p, `invalid escape in a string; want \u followed by four hex digits`)
				}
				p += 6
			default:
				return 0, d.errorf(p, "invalid escape %s in a string", describeByte(b, p+1))
			}
		default:
			return 0, d.errorf(p, "control character %U in a string; write it as an escape such as \\n", rune(c))
		}
	}
}

func (d *jdoc) number() (int32, error) {
	i, err := d.newNode(jNumber)
	if err != nil {
		return 0, err
	}
	b := d.b
	p := d.pos
	start := p
	if b[p] == '-' {
		p++
	}
	switch {
	case p < len(b) && b[p] == '0':
		p++
	case p < len(b) && b[p] >= '1' && b[p] <= '9':
		for p < len(b) && b[p] >= '0' && b[p] <= '9' {
			p++
		}
	default:
		return 0, d.errorf(start, "invalid number; want a digit after '-'")
	}
	if p < len(b) && b[p] == '.' {
		p++
		if p >= len(b) || b[p] < '0' || b[p] > '9' {
			return 0, d.errorf(start, "invalid number; want a digit after '.'")
		}
		for p < len(b) && b[p] >= '0' && b[p] <= '9' {
			p++
		}
	}
	if p < len(b) && (b[p] == 'e' || b[p] == 'E') {
		p++
		if p < len(b) && (b[p] == '+' || b[p] == '-') {
			p++
		}
		if p >= len(b) || b[p] < '0' || b[p] > '9' {
			return 0, d.errorf(start, "invalid number; want a digit in the exponent")
		}
		for p < len(b) && b[p] >= '0' && b[p] <= '9' {
			p++
		}
	}
	d.pos = p
	d.nodes[i].end = int32(p)
	return i, nil
}

func (d *jdoc) literal(word string, k jkind) (int32, error) {
	if !bytes.HasPrefix(d.b[d.pos:], []byte(word)) {
		return 0, d.errorf(d.pos, "unexpected %s; want a value", describeByte(d.b, d.pos))
	}
	i, err := d.newNode(k)
	if err != nil {
		return 0, err
	}
	d.pos += len(word)
	d.nodes[i].end = int32(d.pos)
	return i, nil
}

// specialInString reports whether any of the eight bytes of x ends or
// escapes a string or is a control character: a quote, a backslash or a
// byte below 0x20.
func specialInString(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote := x ^ ('"' * ones)
	backslash := x ^ ('\\' * ones)
	zero := func(v uint64) uint64 { return (v - ones) & ^v & highs }
	control := (x - 0x20*ones) & ^x & highs
	return zero(quote)|zero(backslash)|control != 0
}

// Accessors. They never fail on a node index obtained from the parser.

func (d *jdoc) kind(i int32) jkind { return d.nodes[i].kind() }

// raw returns the bytes of value i as written.
func (d *jdoc) raw(i int32) []byte {
	n := &d.nodes[i]
	return d.b[n.start:n.end]
}

// len returns the number of elements of an array or members of an object.
func (d *jdoc) len(i int32) int {
	n := &d.nodes[i]
	if n.kind() == jObject {
		return int(n.n() / 2)
	}
	return int(n.n())
}

// elem returns element k of array i.
func (d *jdoc) elem(i int32, k int) int32 { return d.kids[int(d.nodes[i].first)+k] }

// member returns the key and value of member k of object i.
func (d *jdoc) member(i int32, k int) (key, val int32) {
	f := int(d.nodes[i].first) + 2*k
	return d.kids[f], d.kids[f+1]
}

// keyBytes returns the bytes of string i between its quotes, decoding
// escapes only when there are any.
func (d *jdoc) keyBytes(i int32) []byte {
	n := &d.nodes[i]
	raw := d.b[n.start+1 : n.end-1]
	if !n.esc() {
		return raw
	}
	return []byte(unescape(raw))
}

// str returns string i decoded.
func (d *jdoc) str(i int32) string {
	n := &d.nodes[i]
	raw := d.b[n.start+1 : n.end-1]
	if !n.esc() {
		return string(raw)
	}
	return unescape(raw)
}

// strLen returns an upper bound of the decoded length of string i, in bytes.
func (d *jdoc) strLen(i int32) int {
	n := &d.nodes[i]
	return int(n.end-n.start) - 2
}

// num returns number i as a float64; it fails when the number is out of
// the range of float64.
func (d *jdoc) num(i int32) (float64, error) {
	return strconv.ParseFloat(string(d.raw(i)), 64)
}

// unescape decodes the escapes of a JSON string's contents. Escaped lone
// surrogates become U+FFFD, as with encoding/json.
func unescape(raw []byte) string {
	out := make([]byte, 0, len(raw))
	for p := 0; p < len(raw); {
		c := raw[p]
		if c != '\\' || p+1 >= len(raw) {
			out = append(out, c)
			p++
			continue
		}
		switch raw[p+1] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			if p+6 > len(raw) {
				out = append(out, raw[p:]...)
				return string(out)
			}
			r := rune(hex4(raw[p+2 : p+6]))
			p += 6
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if p+6 <= len(raw) && raw[p] == '\\' && raw[p+1] == 'u' && isHex4(raw[p+2:p+6]) {
					r2 = rune(hex4(raw[p+2 : p+6]))
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					r = dec
					p += 6
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
			continue
		default: // '"', '\\', '/'
			out = append(out, raw[p+1])
		}
		p += 2
	}
	return string(out)
}

func isHex4(b []byte) bool {
	if len(b) < 4 {
		return false
	}
	for _, c := range b[:4] {
		if hexVal(c) < 0 {
			return false
		}
	}
	return true
}

func hex4(b []byte) int {
	v := 0
	for _, c := range b[:4] {
		v = v<<4 | max(hexVal(c), 0)
	}
	return v
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// describeByte names the character at b[p] for an error message.
func describeByte(b []byte, p int) string {
	if p >= len(b) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(b[p:])
	switch {
	case r == utf8.RuneError:
		return fmt.Sprintf("byte 0x%02x", b[p])
	case isControl(r) || r == ' ':
		return fmt.Sprintf("character %U", r)
	default:
		return fmt.Sprintf("character %q", r)
	}
}

// lineCol returns the 1-based line and column of byte offset off in b;
// columns count characters.
func lineCol(b []byte, off int) (line, col int) {
	off = min(max(off, 0), len(b))
	line = 1 + bytes.Count(b[:off], []byte{'\n'})
	lineStart := bytes.LastIndexByte(b[:off], '\n') + 1
	col = 1 + utf8.RuneCount(b[lineStart:off])
	return line, col
}

// closingQuote returns the offset of the quote closing the string that
// starts at b[open], or len(b) when there is none.
func closingQuote(b []byte, open int) int {
	q := open + 1
	for {
		k := bytes.IndexByte(b[q:], '"')
		if k < 0 {
			return len(b)
		}
		q += k
		backslashes := 0
		for j := q - 1; j > open && b[j] == '\\'; j-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return q
		}
		q++
	}
}

// scanInfo is what prescan learns about a document.
type scanInfo struct {
	features int // upper bound of the number of elements of the top-level "features" array
	sources  int // upper bound of the number of elements of the top-level "sources" array

	// Where the top-level "features" array is, if there is exactly one:
	// the offsets of its brackets and of every featureChunk-th comma
	// between its elements, which split it into chunks that can be
	// decoded apart (see (*parser).parallelFeatures).
	featArrays        int
	featOpen, featEnd int
	featBounds        []int
}

// structural marks the bytes prescan looks at.
var structural = [256]bool{'"': true, '{': true, '}': true, '[': true, ']': true, ',': true}

// prescan checks that b is valid UTF-8 and nests at most MaxDepth deep,
// without decoding anything, and counts the elements of the top-level
// "features" and "sources" arrays so that their limits are enforced before
// any of them is decoded. It returns the offset of the first problem and a
// message, or -1.
func prescan(b []byte) (info scanInfo, off int, msg string) {
	if !utf8.Valid(b) {
		for p := 0; p < len(b); {
			r, size := utf8.DecodeRune(b[p:])
			if r == utf8.RuneError && size <= 1 {
				return info, p, fmt.Sprintf("invalid UTF-8 (byte 0x%02x at offset %d)", b[p], p)
			}
			p += size
		}
	}
	depth := 0
	var lastKey []byte // last string seen directly inside the top-level object
	counter := (*int)(nil)
	for p := 0; p < len(b); p++ {
		for p < len(b) && !structural[b[p]] {
			p++
		}
		if p == len(b) {
			break
		}
		switch b[p] {
		case '"':
			q := closingQuote(b, p)
			if depth == 1 && q <= len(b) {
				lastKey = b[p+1 : q]
			}
			p = q
		case '{', '[':
			depth++
			if depth > MaxDepth {
				return info, p, fmt.Sprintf("JSON nesting is deeper than %d levels", MaxDepth)
			}
			if depth == 2 && b[p] == '[' {
				switch string(lastKey) {
				case "features":
					counter = &info.features
					info.featArrays++
					info.featOpen, info.featBounds = p, info.featBounds[:0]
				case "sources":
					counter = &info.sources
				}
				if counter != nil {
					*counter = 1
				}
			}
		case '}', ']':
			if depth == 2 {
				if counter == &info.features {
					info.featEnd = p
				}
				counter = nil
			}
			depth--
		case ',':
			if depth == 2 && counter != nil {
				*counter++
				if counter == &info.features && (info.features-1)%featureChunk == 0 {
					info.featBounds = append(info.featBounds, p)
				}
			}
		}
	}
	return info, -1, ""
}
