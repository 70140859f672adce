package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tok is a word of a sentence and its byte span.
type tok struct {
	text, lower string
	start, end  int
}

// words splits s into words: runs of letters and digits, with a full stop
// kept inside one when a letter follows it ("U.S"), and an apostrophe
// ending the word before it ("Russia’s" is "Russia", "s").
func splitWords(s string) []tok {
	var out []tok
	start := -1
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if !word && r == '.' && start >= 0 && i+1 < len(s) {
			if r2, _ := utf8.DecodeRuneInString(s[i+1:]); unicode.IsLetter(r2) && unicode.IsUpper(r2) {
				word = true
			}
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, tok{text: s[start:i], lower: strings.ToLower(s[start:i]), start: start, end: i})
			start = -1
		}
		i += n
	}
	if start >= 0 {
		out = append(out, tok{text: s[start:], lower: strings.ToLower(s[start:]), start: start, end: len(s)})
	}
	return out
}

// phrases maps phrases of one to a few words to the entry they belong to,
// matching lower case (fold) or exactly.
type phrases struct {
	fold  bool
	max   int
	entry map[string]int
}

// newPhrases builds a table: entries[i] lists the phrases of entry i,
// words separated by single spaces.
func newPhrases(fold bool, entries [][]string) *phrases {
	p := &phrases{fold: fold, entry: map[string]int{}}
	for i, e := range entries {
		for _, ph := range e {
			if fold {
				ph = strings.ToLower(ph)
			}
			if _, dup := p.entry[ph]; !dup {
				p.entry[ph] = i
			}
			p.max = max(p.max, strings.Count(ph, " ")+1)
		}
	}
	return p
}

// scan calls fn for every phrase of the table in toks, left to right, the
// longest at each position, until fn returns false.
func (p *phrases) scan(toks []tok, fn func(entry, start, end int) bool) {
	var b strings.Builder
	for i := 0; i < len(toks); i++ {
		for n := min(p.max, len(toks)-i); n >= 1; n-- {
			b.Reset()
			for j := i; j < i+n; j++ {
				if j > i {
					b.WriteByte(' ')
				}
				if p.fold {
					b.WriteString(toks[j].lower)
				} else {
					b.WriteString(toks[j].text)
				}
			}
			if e, ok := p.entry[b.String()]; ok {
				if !fn(e, toks[i].start, toks[i+n-1].end) {
					return
				}
				i += n - 1
				break
			}
		}
	}
}

// expand writes the forms of a stem: "base|s" gives "base" and "bases".
func expand(forms ...string) []string {
	var out []string
	for _, f := range forms {
		stem, ends, ok := strings.Cut(f, "|")
		if !ok {
			out = append(out, f)
			continue
		}
		out = append(out, stem)
		for _, e := range strings.Split(ends, ",") {
			out = append(out, stem+e)
		}
	}
	return out
}
