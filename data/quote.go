package data

import (
	"index/suffixarray"
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
	b := make([]byte, 0, len(s))
	cur := 0
	for i := 0; i < len(s); {
		sp, size := spaceAt(s, i)
		if !sp {
			b = append(b, s[i:i+size]...)
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			sp, size := spaceAt(s, j)
			if !sp {
				break
			}
			j += size
		}
		fp := len(b)
		if d := i - fp; d != cur {
			f.at, f.delta, cur = append(f.at, fp), append(f.delta, d), d
		}
		b = append(b, ' ')
		if d := j - (fp + 1); d != cur {
			f.at, f.delta, cur = append(f.at, fp+1), append(f.delta, d), d
		}
		i = j
	}
	f.text = string(b)
	for i := range len(b) {
		f.freq[b[i]]++
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
// [start, end) in the original text.
func (f *foldedText) find(quote string) (start, end int, ok bool) {
	if quote == "" {
		return 0, 0, false
	}
	i := f.index(quote)
	if i < 0 {
		return 0, 0, false
	}
	return f.orig(i), f.orig(i+len(quote)-1) + 1, true
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
	prevSpace := true // a leading space needs folding
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' {
				if prevSpace {
					return true
				}
				prevSpace = true
			} else if isSpaceByte(c) {
				return true
			} else {
				prevSpace = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return true
		}
		prevSpace = false
		i += size
	}
	return prevSpace && len(s) > 0 // a trailing space
}
