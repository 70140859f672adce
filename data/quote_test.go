package data

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

func TestFoldSpace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{"a b", "a b"},
		{"  a  b  ", "a b"},
		{"a\nb", "a b"},
		{"a\r\n\tb", "a b"},
		{"a\u00a0b", "a b"},
		{"a \u2003\u3000 b", "a b"},
		{"\n\n", ""},
		{"ä  ö", "ä ö"},
	}
	for _, tt := range tests {
		if got := FoldSpace(tt.in); got != tt.want {
			t.Errorf("FoldSpace(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldedTextFind(t *testing.T) {
	text := "  Foreign minister\n  began a\u00a0tour\ton Sunday,\r\nwith   stops in Bishkek.\n"
	tests := []struct {
		quote string
		want  string // text[start:end], "" when not found
	}{
		{"Foreign minister began", "Foreign minister\n  began"},
		{"began a tour on Sunday, with stops", "began a\u00a0tour\ton Sunday,\r\nwith   stops"},
		{"  stops in Bishkek.  ", "stops in Bishkek."},
		{"F", "F"},
		{"Bishkek.", "Bishkek."},
		{"minister  began", "minister\n  began"},
		{"ministerbegan", ""},
		{"Osh", ""},
		{"", ""},
	}
	f := foldText(text)
	if f.text != " Foreign minister began a tour on Sunday, with stops in Bishkek. " {
		t.Errorf("folded text = %q", f.text)
	}
	for _, g := range []*gramIndex{nil, newGramIndex(f.text)} {
		for _, tt := range tests {
			start, end, ok := f.find(FoldSpace(tt.quote), g)
			got := ""
			if ok {
				got = text[start:end]
			}
			if got != tt.want {
				t.Errorf("find(%q) with gram index %v = %q; want %q", tt.quote, g != nil, got, tt.want)
			}
		}
	}
}

func TestFoldedTextOffsets(t *testing.T) {
	// Every non-space byte of the folded text maps back to the same byte.
	text := strings.Repeat("word \n\t  wörd\u2028\u00a0x ", 50)
	f := foldText(text)
	for i := 0; i < len(f.text); i++ {
		if f.text[i] == ' ' {
			continue
		}
		if o := f.orig(i); text[o] != f.text[i] {
			t.Fatalf("orig(%d) = %d: %q != %q", i, o, text[o], f.text[i])
		}
	}
}

func TestLongestPrefix(t *testing.T) {
	f := foldText("The Kant air base is near Bishkek.")
	if n := f.longestPrefix("The Kant air base is in Osh"); n != len("The Kant air base is ") {
		t.Errorf("longestPrefix = %d", n)
	}
	if n := f.longestPrefix("Zürich"); n != 0 {
		t.Errorf("longestPrefix = %d; want 0", n)
	}
}

func TestFoldedTextIndexMatchesStringsIndex(t *testing.T) {
	texts := []string{
		strings.Repeat("a", 5000) + "b",
		strings.Repeat("ab", 3000) + "abc",
		"the quick brown fox jumps over the lazy dog and the quick brown cat",
	}
	quotes := []string{"aaab", "aaaa", "abc", "bab", "zzzz", "quick brown cat", "the", "dog and", "x", "lazy dog and the quick brown cat", strings.Repeat("a", 300) + "b"}
	for _, text := range texts {
		f := foldText(text)
		for _, q := range quotes {
			if got, want := f.index(q), strings.Index(f.text, q); got != want {
				t.Errorf("index(%.20q in %.20q) = %d; want %d", q, text, got, want)
			}
		}
	}
}

func TestManyQuotesOfALargeSource(t *testing.T) {
	// A large source cited many times, each quote near its end, is
	// searched with a suffix array instead of scanning the text each time.
	var text strings.Builder
	for i := 0; text.Len() < 2<<20; i++ {
		fmt.Fprintf(&text, "Line %d of the report says the convoy moved on.\n", i)
	}
	text.WriteString("The final  paragraph\nnames the base at Kant.\n")
	var cites []string
	for range 2000 {
		cites = append(cites, `{"source": "big", "quote": "The final paragraph names the base at Kant."}`)
	}
	cites = append(cites, `{"source": "big", "quote": "Line 7 of the report says the convoy moved on."}`)
	cites = append(cites, `{"source": "big", "quote": "Line 7 of the report says the convoy stopped."}`)
	b := []byte(`{"type": "FeatureCollection",
 "sources": [{"id": "big", "title": "Big", "text": ` + strconv.Quote(text.String()) + `}],
 "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [74.8, 42.8]},
  "properties": {"id": "kant", "kind": "base", "title": "Kant", "place": "Kant", "precision": "exact", "status": "current",
   "citations": [` + strings.Join(cites[:MaxCitations-2], ",") + `,` + strings.Join(cites[len(cites)-2:], ",") + `]}}]}`)
	// Repeat the feature to get many citations in all.
	var feats []string
	for i := range 20 {
		feats = append(feats, strings.Replace(string(b[strings.Index(string(b), `{"type": "Feature"`):len(b)-2]), `"id": "kant"`, fmt.Sprintf(`"id": "kant-%d"`, i), 1))
	}
	b = []byte(string(b[:strings.Index(string(b), `{"type": "Feature"`)]) + strings.Join(feats, ",") + "]}")
	start := time.Now()
	_, err := Parse("big.geojson", b, nil)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Parse took %v", d)
	}
	ps := problemsOf(t, err)
	if len(ps) != 20 {
		t.Fatalf("got %d problems; want 20 (one missing quote in each feature):\n%v", len(ps), ps)
	}
	for i, p := range ps {
		if p.Feature != i || p.Field != fmt.Sprintf("properties.citations[%d].quote", MaxCitations-1) ||
			!strings.Contains(p.Message, `matches the quote up to "...of the report says the convoy "`) {
			t.Errorf("problem %d: %v", i, p)
		}
	}
	// Without the missing quote the spans are right, the first occurrence.
	fixed := strings.ReplaceAll(string(b), `"Line 7 of the report says the convoy stopped."`, `"Line 8 of the report says the convoy moved on."`)
	ds, err := Parse("big.geojson", []byte(fixed), nil)
	if err != nil {
		t.Fatal(err)
	}
	src := ds.Sources[0].Text
	for _, m := range ds.Markers {
		for _, c := range m.Citations {
			if want := strings.Index(src, strings.Fields(c.Quote)[0]+" "+strings.Fields(c.Quote)[1]); c.Start != want {
				t.Fatalf("%s: span starts at %d; want %d", m.ID, c.Start, want)
			}
			if FoldSpace(src[c.Start:c.End]) != c.Quote {
				t.Fatalf("%s: span %q", m.ID, src[c.Start:c.End])
			}
		}
	}
}

// randomText returns a text of n pieces from alphabet.
func randomText(rng *rand.Rand, alphabet []string, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(alphabet[rng.IntN(len(alphabet))])
	}
	return b.String()
}

func TestGramIndexMatchesIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabets := [][]string{
		{"a", "b"},
		{"the ", "minister ", "said ", "base ", "near "},
		{"x", "y", "z", " ", "é"},
	}
	for range 300 {
		alphabet := alphabets[rng.IntN(len(alphabets))]
		text := randomText(rng, alphabet, 1+rng.IntN(400))
		g := newGramIndex(text)
		if len(text) < gramLen {
			if g != nil {
				t.Fatalf("an index of %d bytes", len(text))
			}
			continue
		}
		for range 30 {
			var q string
			if rng.IntN(2) == 0 && len(text) > gramLen+gramStep {
				i := rng.IntN(len(text) - gramLen - gramStep + 1)
				q = text[i : i+gramLen+gramStep-1+rng.IntN(len(text)-i-gramLen-gramStep+2)]
			} else {
				q = randomText(rng, alphabet, 20+rng.IntN(20))
			}
			if len(q) < gramLen+gramStep-1 {
				continue
			}
			if got, want := g.index(text, q), strings.Index(text, q); got != want {
				t.Fatalf("index(%.40q in %.40q) = %d; want %d", q, text, got, want)
			}
		}
	}
}

func TestQuoteFlaw(t *testing.T) {
	tests := []struct {
		q    string
		flaw string
		fold bool
	}{
		{"plain words", "", false},
		{"exactly 8", "", false},
		{"sixteen bytes ok", "", false},
		{"abcdefg  hijklmn", "", true}, // a double space across two blocks
		{"abcdefgh  ijklmn", "", true}, // at the start of the second
		{"abcdef  ghijklmn", "", true}, // inside the first
		{" leading", "", true},         // spaces at the ends
		{"trailing ", "", true},        // spaces at the ends
		{"a\tb", "", true},             // other white space
		{"a\u00a0b and more words", "", true},
		{"caf\u00e9 au lait, no fold", "", false},
		{"a\x01b", "", false}, // a control character, not white space
		{"\x7fdelete", "", false},
		{"   \n\t  ", "is empty", false},
		{"bad \xff byte", "is not valid UTF-8", false},
		{strings.Repeat("a", MaxStringLen+1), "is 65537 bytes long; the limit is 65536", false},
	}
	for _, tt := range tests {
		flaw, fold := quoteFlaw(tt.q)
		if flaw != tt.flaw || fold != tt.fold {
			t.Errorf("quoteFlaw(%.30q) = %q, %v; want %q, %v", tt.q, flaw, fold, tt.flaw, tt.fold)
		}
	}
	// Random strings: the same as textFlaw and needsFold.
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "b", " ", "  ", "\n", "\t", "\x01", "\x7f", "é", "\u00a0", "\u2003", "\xff", "x", "yz", "."}
	for range 100000 {
		q := randomText(rng, alphabet, 1+rng.IntN(40))
		flaw, fold := quoteFlaw(q)
		if want := textFlaw(q, false); flaw != want {
			t.Fatalf("quoteFlaw(%q) finds %q; textFlaw %q", q, flaw, want)
		}
		if flaw == "" && fold != needsFold(q) {
			t.Fatalf("quoteFlaw(%q) says fold %v; needsFold %v", q, fold, needsFold(q))
		}
		if needsFold(q) != (FoldSpace(q) != q) {
			t.Fatalf("needsFold(%q) = %v; FoldSpace gives %q", q, needsFold(q), FoldSpace(q))
		}
	}
}

func TestFoldTextMatchesReference(t *testing.T) {
	// reference folds every run of white space to one space, keeping a
	// leading and a trailing one, and maps each folded byte back.
	reference := func(s string) (string, []int) {
		var b strings.Builder
		var orig []int
		space := false
		for i, r := range s {
			if unicode.IsSpace(r) {
				if !space {
					b.WriteByte(' ')
					orig = append(orig, i)
				}
				space = true
				continue
			}
			space = false
			for k := range utf8.RuneLen(r) {
				if r == utf8.RuneError && k > 0 {
					break
				}
				b.WriteByte(s[i+k])
				orig = append(orig, i+k)
			}
		}
		return b.String(), orig
	}
	rng := rand.New(rand.NewPCG(5, 6))
	alphabet := []string{"word", " ", "  ", "\n", "\r\n", "\t", "é", "\u00a0", "\u3000", "x", ".", "\xff"}
	for range 3000 {
		s := randomText(rng, alphabet, rng.IntN(60))
		want, orig := reference(s)
		f := foldText(s)
		if f.text != want {
			t.Fatalf("foldText(%q) = %q; want %q", s, f.text, want)
		}
		for i := range len(want) {
			if want[i] != ' ' && f.orig(i) != orig[i] {
				t.Fatalf("foldText(%q).orig(%d) = %d; want %d", s, i, f.orig(i), orig[i])
			}
		}
	}
}

func TestSpecialInString(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 200000 {
		var b [8]byte
		for i := range b {
			switch rng.IntN(4) {
			case 0:
				b[i] = byte(rng.IntN(256))
			default:
				b[i] = byte(0x20 + rng.IntN(0x60))
			}
		}
		want := false
		for _, c := range b {
			want = want || c < 0x20 || c == '"' || c == '\\'
		}
		if got := specialInString(binary.LittleEndian.Uint64(b[:])); got != want {
			t.Fatalf("specialInString(%q) = %v; want %v", b, got, want)
		}
	}
}

func TestInternedStringsStayApart(t *testing.T) {
	// Places that share their length, first 16 and last 8 bytes take the
	// same slot of the intern table, and must still be told apart.
	var feats []string
	for i := range 300 {
		feats = append(feats, fmt.Sprintf(`{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]},
  "properties": {"id": "m-%d", "kind": "base", "title": "T", "place": "A long place name %03d, the end", "precision": "city", "status": "past",
   "citations": [{"source": "s", "quote": "Kant"}]}}`, i, i%7))
	}
	b := []byte(`{"type": "FeatureCollection", "sources": [{"id": "s", "title": "S", "text": "Kant"}], "features": [` + strings.Join(feats, ",") + `]}`)
	ds, err := Parse("intern.geojson", b, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ds.Markers {
		if want := fmt.Sprintf("A long place name %03d, the end", i%7); m.Place != want {
			t.Fatalf("marker %d: place %q; want %q", i, m.Place, want)
		}
	}
}
