package data

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
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
	for _, tt := range tests {
		start, end, ok := f.find(FoldSpace(tt.quote))
		got := ""
		if ok {
			got = text[start:end]
		}
		if got != tt.want {
			t.Errorf("find(%q) = %q; want %q", tt.quote, got, tt.want)
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
