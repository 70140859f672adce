package data

import (
	"index/suffixarray"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldedText is a text with every run of Unicode white space replaced by a
// single space, together with a map from offsets in the folded text back
// to offsets in the original. The map is stored as the points where the
// difference between the two changes, so it stays small.
type foldedText struct {
	text  string
	at    []int       // folded offsets where delta changes, ascending
	delta []int       // original offset minus folded offset, from at[i] on
	freq  [256]uint32 // how often each byte occurs in text

	sa *suffixarray.Index // of text, when built by buildSuffixArray
}

// buildSuffixArray indexes the folded text so that index and
// longestPrefix take time proportional to the quote, not the text.
func (f *foldedText) buildSuffixArray() {
	f.sa = suffixarray.New([]byte(f.text))
}

// maxSuffixHits is how many occurrences of a quote index asks the suffix
// array for; with more, the first one is found by scanning instead.
const maxSuffixHits = 1024

// isSpaceByte reports whether an ASCII byte is white space.
func isSpaceByte(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

// spaceAt reports whether s has white space at byte i, and its size.
func spaceAt(s string, i int) (bool, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return isSpaceByte(c), 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r), size
}

// foldText folds the white space of s and records the offset map.
func foldText(s string) *foldedText {
	f := &foldedText{}
	var b strings.Builder // grows once, and String does not copy
	b.Grow(len(s))
	cur := 0
	for i := 0; i < len(s); {
		// Copy a run of printable ASCII and single spaces at once.
		j := i
		for j < len(s) {
			c := s[j]
			if c > ' ' && c < utf8.RuneSelf {
				j++
			} else if c == ' ' && j+1 < len(s) && s[j+1] > ' ' && s[j+1] < utf8.RuneSelf {
				j += 2
			} else {
				break
			}
		}
		if j > i {
			b.WriteString(s[i:j])
			i = j
			continue
		}
		sp, size := spaceAt(s, i)
		if !sp {
			b.WriteString(s[i : i+size])
			i += size
			continue
		}
		j = i + size
		for j < len(s) {
			sp, size := spaceAt(s, j)
			if !sp {
				break
			}
			j += size
		}
		fp := b.Len()
		if d := i - fp; d != cur {
			f.at, f.delta, cur = append(f.at, fp), append(f.delta, d), d
		}
		b.WriteByte(' ')
		if d := j - (fp + 1); d != cur {
			f.at, f.delta, cur = append(f.at, fp+1), append(f.delta, d), d
		}
		i = j
	}
	f.text = b.String()
	for i := range len(f.text) {
		f.freq[f.text[i]]++
	}
	return f
}

// orig maps an offset in the folded text to the original text.
func (f *foldedText) orig(p int) int {
	i := sort.SearchInts(f.at, p+1) - 1
	if i < 0 {
		return p
	}
	return p + f.delta[i]
}

// find locates quote, which must already be folded, and returns its span
// [start, end) in the original text. g, which may be nil, is a gramIndex
// of the folded text.
func (f *foldedText) find(quote string, g *gramIndex) (start, end int, ok bool) {
	if quote == "" {
		return 0, 0, false
	}
	i := -1
	if g != nil && len(quote) >= gramLen+gramStep-1 {
		i = g.index(f.text, quote)
	} else {
		i = f.index(quote)
	}
	if i < 0 {
		return 0, 0, false
	}
	return f.orig(i), f.orig(i+len(quote)-1) + 1, true
}

// gramIndex finds quotes in a text in time that hardly depends on the
// text's length, for texts searched many times. It chains every gramStep-th
// position of the text by the gramLen bytes starting there, in ascending
// order; it takes two to three bytes per byte of text.
type gramIndex struct {
	head  []int32 // per slot, the first position (divided by gramStep) of its chain, or -1
	next  []int32 // per position divided by gramStep, the next one of its chain, or -1
	shift uint
}

const (
	gramLen  = 16
	gramStep = 4
)

// word returns the 8 bytes of s at i as a number.
func word(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// slot returns the chain of the gram made of words a and b.
func (g *gramIndex) slot(a, b uint64) uint64 {
	return (a*0x9e3779b97f4a7c15 ^ b*0xc2b2ae3d27d4eb4f) >> g.shift
}

// newGramIndex indexes t, which must be shorter than 2 GiB, or returns nil
// when t is too short to index.
func newGramIndex(t string) *gramIndex {
	if len(t) < gramLen {
		return nil
	}
	n := (len(t)-gramLen)/gramStep + 1
	b := uint(bits.Len(uint(n)))
	g := &gramIndex{head: make([]int32, 1<<b), next: make([]int32, n), shift: 64 - b}
	for i := range g.head {
		g.head[i] = -1
	}
	for k := n - 1; k >= 0; k-- {
		i := k * gramStep
		s := g.slot(word(t, i), word(t, i+8))
		g.next[k] = g.head[s]
		g.head[s] = int32(k)
	}
	return g
}

// index returns the offset of the first occurrence of q in t, the indexed
// text, or -1; q must be at least gramLen+gramStep-1 bytes long. An
// occurrence at p has exactly one of p, p+1, ..., p+gramStep-1 indexed,
// where the text holds q[j:j+gramLen] for the matching j.
func (g *gramIndex) index(t, q string) int {
	best := -1
	for j := range gramStep {
		a, b := word(q, j), word(q, j+8)
		for k := g.head[g.slot(a, b)]; k >= 0; k = g.next[k] {
			i := int(k) * gramStep
			p := i - j
			if best >= 0 && p >= best {
				break // chains ascend
			}
			if p >= 0 && p+len(q) <= len(t) && word(t, i) == a && word(t, i+8) == b && t[p:p+len(q)] == q {
				best = p
				break
			}
		}
	}
	return best
}

// index returns the offset of the first occurrence of quote in the folded
// text, or -1. It looks for the quote's rarest byte in the text with the
// fast strings.IndexByte and compares the quote only there, falling back
// to strings.Index when the text makes that slow.
func (f *foldedText) index(quote string) int {
	t := f.text
	if f.sa != nil && quote != "" {
		hits := f.sa.Lookup([]byte(quote), maxSuffixHits)
		if len(hits) < maxSuffixHits {
			if len(hits) == 0 {
				return -1
			}
			return slices.Min(hits)
		}
	}
	if len(quote) < 4 || len(quote) > len(t) {
		return strings.Index(t, quote)
	}
	anchor := 0
	for j := 1; j < min(len(quote), 256); j++ {
		if f.freq[quote[j]] < f.freq[quote[anchor]] {
			anchor = j
		}
	}
	c := quote[anchor]
	if f.freq[c] == 0 {
		return -1
	}
	budget := 64 + len(t)/64
	for off := anchor; off < len(t); {
		i := strings.IndexByte(t[off:], c)
		if i < 0 {
			return -1
		}
		pos := off + i - anchor
		if pos+len(quote) > len(t) {
			return -1
		}
		if t[pos:pos+len(quote)] == quote {
			return pos
		}
		off += i + 1
		if budget--; budget == 0 {
			if j := strings.Index(t[off-anchor:], quote); j >= 0 {
				return off - anchor + j
			}
			return -1
		}
	}
	return -1
}

// longestPrefix returns the length in bytes of the longest prefix of quote
// found in the folded text, at a rune boundary.
func (f *foldedText) longestPrefix(quote string) int {
	n := sort.Search(len(quote)+1, func(n int) bool {
		if f.sa != nil {
			return len(f.sa.Lookup([]byte(quote[:n]), 1)) == 0
		}
		return !strings.Contains(f.text, quote[:n])
	}) - 1
	for n > 0 && n < len(quote) && !utf8.RuneStart(quote[n]) {
		n--
	}
	return max(n, 0)
}

// FoldSpace returns s with leading and trailing white space removed and
// every inner run of Unicode white space replaced by a single space. It is
// how quotes and source texts are compared.
func FoldSpace(s string) string {
	if !needsFold(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for i := 0; i < len(s); {
		sp, size := spaceAt(s, i)
		if sp {
			pending = b.Len() > 0
		} else {
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// needsFold reports whether FoldSpace would change s.
func needsFold(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c > ' ' && c < utf8.RuneSelf:
		case c == ' ':
			if s[i+1] == ' ' { // s does not end with a space
				return true
			}
		case c < utf8.RuneSelf:
			if isSpaceByte(c) {
				return true
			}
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return true
			}
			i += size - 1
		}
	}
	return false
}
