package figure

import (
	"fmt"
	"image"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"casmap/geo/draw"
)

// longQuotes are sentences of the length a source key quotes, 150 to 330
// characters.
var longQuotes = []string{
	"The defence ministry said on Tuesday that the air group at the base would be reinforced with four more helicopters and that the rotation of personnel would follow the schedule agreed with the host government last year.",
	"According to the statement, the joint exercise involved some 2,000 troops, armoured vehicles and aircraft from three member states, and it rehearsed the defence of the border against armed groups crossing from the south.",
	"Officials in the capital told reporters that the talks had been constructive, that a protocol on the use of the airfield would be signed before the end of the year, and that no new troops would be deployed.",
	"Witnesses said the convoy of about forty lorries crossed the bridge before dawn.",
	"The spokesman added that the agreement, which extends the lease of the facilities for another fifteen years with an option to prolong it by five more, had been ratified by parliament after a debate that lasted less than an hour and ended without a single vote against it.",
	"Satellite images published by the institute show new hangars, a longer runway and what appear to be fuel depots built over the past eighteen months at the edge of the existing base.",
}

// longKeyFigure returns a w×h figure at dpi of the region 46–88° E,
// 34–52° N with n numbered marks whose key entries quote long sentences,
// each ending with its number so that every quote is different.
func longKeyFigure(tb testing.TB, w, h int, dpi float64, n int) *Figure {
	tb.Helper()
	f := sampleFigure(tb, w, h, false)
	f.DPI = dpi
	f.Bound = orb.Bound{Min: orb.Point{46, 34}, Max: orb.Point{88, 52}}
	r := rand.New(rand.NewPCG(5, uint64(n)))
	f.Marks, f.Key = nil, nil
	for i := range n {
		p := orb.Point{50 + r.Float64()*34, 36 + r.Float64()*14}
		f.Marks = append(f.Marks, draw.Mark{P: p, Style: i % len(f.Styles), Label: fmt.Sprint(i + 1)})
		f.Key = append(f.Key, KeyItem{
			Number: i + 1, Title: fmt.Sprintf("Reported activity %d near the border", i+1),
			Source: []string{"Reuters", "RFE/RL", "Eurasianet", "TASS"}[i%4], Date: fmt.Sprintf("%d May 2019", 1+i%28),
			Quote: fmt.Sprintf("%s (%d)", longQuotes[i%len(longQuotes)], i+1),
		})
	}
	return f
}

// keyQuotes returns the quotes the key shows, in order, rebuilt from the
// placed texts in the quote face, with their quotation marks.
func keyQuotes(pl *pageLayout, fonts *figureFonts) []string {
	var words []string
	for _, tx := range pl.texts {
		if tx.Role == "key" && tx.Face == fonts.italic {
			words = append(words, tx.Text)
		}
	}
	var out []string
	for _, q := range strings.Split(strings.Join(words, " "), "“") {
		if q = strings.TrimSpace(q); q != "" {
			out = append(out, "“"+q)
		}
	}
	return out
}

// keyText returns all the key's texts in the order they were placed,
// entry by entry and line by line, joined by spaces.
func keyText(pl *pageLayout) string {
	var words []string
	for _, tx := range pl.texts {
		if tx.Role == "key" {
			words = append(words, tx.Text)
		}
	}
	return strings.Join(words, " ")
}

func TestFigureKeyFullQuotes(t *testing.T) {
	fonts, err := loadFigureFonts()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		w, h int
		dpi  float64
		n    int
	}{
		{"A4 landscape 300 DPI", 3508, 2480, 300, 20},
		{"A4 portrait 300 DPI", 2480, 3508, 300, 20},
		{"A4 landscape 150 DPI", 1754, 1240, 150, 20},
		{"web page", 1200, 800, 96, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := longKeyFigure(t, tt.w, tt.h, tt.dpi, tt.n)
			r := render(t, f)
			pl := r.page
			if !pl.keyFull || pl.keyShown != tt.n || pl.keyCut != 0 {
				t.Fatalf("key shows %d of %d entries, %d cut, full %v; want all in full", pl.keyShown, tt.n, pl.keyCut, pl.keyFull)
			}
			got := keyQuotes(pl, fonts)
			if len(got) != tt.n {
				t.Fatalf("key shows %d quotes, want %d", len(got), tt.n)
			}
			for i, it := range f.Key {
				if want := "“" + it.Quote + "”"; got[i] != want {
					t.Errorf("entry %d quotes\n%s\nwant\n%s", it.Number, got[i], want)
				}
			}
			all := keyText(pl)
			if strings.Contains(all, ellipsis) {
				t.Errorf("the key shortens something: %q", all)
			}
			for _, it := range f.Key {
				if !strings.Contains(all, it.Title) || !strings.Contains(all, it.Date) {
					t.Errorf("entry %d lacks its title or date in %q", it.Number, all)
				}
			}
			if s0 := f.dpi() / 72; pl.s < s0*0.3-1e-9 || pl.s > s0+1e-9 {
				t.Errorf("type at %.3f pixels per point, outside %.3f..%.3f", pl.s, s0*0.3, s0)
			}
			checkPage(t, r)
		})
	}
}

// TestFigureKeyLastResort checks a key far too long for its page: its
// quotes are shortened, each to at least its first line and with an
// ellipsis, and the entries that do not fit are counted.
func TestFigureKeyLastResort(t *testing.T) {
	fonts, err := loadFigureFonts()
	if err != nil {
		t.Fatal(err)
	}
	f := longKeyFigure(t, 900, 600, 96, 40)
	r := render(t, f)
	pl := r.page
	if pl.keyFull || pl.keyCut == 0 {
		t.Fatalf("key full %v with %d quotes cut; want quotes cut", pl.keyFull, pl.keyCut)
	}
	if pl.keyShown+pl.keyMore != len(f.Key) {
		t.Errorf("key shows %d and %d more of %d", pl.keyShown, pl.keyMore, len(f.Key))
	}
	got := keyQuotes(pl, fonts)
	if len(got) != pl.keyShown {
		t.Fatalf("%d quotes for %d entries shown", len(got), pl.keyShown)
	}
	for i, q := range got {
		want := "“" + f.Key[i].Quote + "”"
		if q == want {
			continue
		}
		short, cut := strings.CutSuffix(q, ellipsis)
		if !cut || !strings.HasPrefix(want, short) || len([]rune(short)) < 10 {
			t.Errorf("entry %d quotes %q: want the start of %q ending in %q", i+1, q, want, ellipsis)
		}
	}
	checkPage(t, r)
}

// TestFigureKeyTiny lays out a long key on pages too small for it.
func TestFigureKeyTiny(t *testing.T) {
	for _, sz := range [][2]int{{160, 120}, {60, 40}, {1, 1}, {3508, 40}, {40, 3508}, {300, 3000}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			f := longKeyFigure(t, sz[0], sz[1], 300, 20)
			r := render(t, f)
			if r.img.Rect.Size() != image.Pt(sz[0], sz[1]) {
				t.Fatalf("image %v", r.img.Rect)
			}
			if pl := r.page; !pl.keyRect.Empty() && pl.keyShown+pl.keyMore != len(f.Key) {
				t.Errorf("key shows %d and %d more of %d", pl.keyShown, pl.keyMore, len(f.Key))
			}
		})
	}
}

func TestCompass(t *testing.T) {
	tests := []struct {
		dx, dy float64
		want   string
	}{
		{10, 0, "east"}, {10, -10, "north-east"}, {0, -10, "north"}, {-10, -10, "north-west"},
		{-10, 0, "west"}, {-10, 10, "south-west"}, {0, 10, "south"}, {10, 10, "south-east"},
		{10, -3, "east"}, {-3, -10, "north"}, {-10, 4, "west"}, {9, 11, "south-east"},
	}
	for _, tt := range tests {
		if got := compass(tt.dx, tt.dy); got != tt.want {
			t.Errorf("compass(%g, %g) = %q, want %q", tt.dx, tt.dy, got, tt.want)
		}
	}
}

func TestFigureKeyOffMap(t *testing.T) {
	moscow := orb.Point{37.6, 55.75}
	tests := []struct {
		name string
		p    orb.Point
		want string // the direction, "" for on the map
	}{
		{"Moscow", moscow, "north-west"},
		{"Bishkek", bishkek, ""},
		{"Tokyo", orb.Point{139.7, 35.7}, "east"},
		{"Indian Ocean", orb.Point{68, 5}, "south"},
		{"Istanbul", orb.Point{29, 41}, "west"},
		{"Novosibirsk", orb.Point{95, 55}, "north-east"},
	}
	for _, size := range [][2]int{{1200, 800}, {800, 1200}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			f := sampleFigure(t, size[0], size[1], false)
			f.Bound = orb.Bound{Min: orb.Point{46, 34}, Max: orb.Point{88, 52}}
			f.Marks, f.Key = nil, nil
			for i, tt := range tests {
				n := i + 1
				f.Marks = append(f.Marks, draw.Mark{P: tt.p, Style: i % len(f.Styles), Label: fmt.Sprint(n)})
				f.Key = append(f.Key, KeyItem{Number: n, Title: "Meeting in " + tt.name, Source: "TASS", Date: "1 May 2019"})
			}
			// An entry without a mark says nothing about one.
			f.Key = append(f.Key, KeyItem{Number: len(f.Key) + 1, Title: "A statement", Source: "Reuters"})
			r := render(t, f)
			pl := r.page
			if !pl.keyFull {
				t.Fatal("key not in full")
			}
			notes := pl.keyContent.notes
			all := keyText(pl)
			for i, it := range f.Key {
				want := ""
				if i < len(tests) && tests[i].want != "" {
					want = offMapNote(tests[i].want)
				}
				if got := pl.keyContent.note(i); got != want {
					t.Errorf("entry %d (%s): note %q, want %q", it.Number, it.Title, got, want)
				}
				// The note agrees with the map drawn.
				if i < len(tests) {
					x, y := r.geo.Pixel(tests[i].p)
					m := r.geo.Map
					off := x < float64(m.Min.X) || y < float64(m.Min.Y) || x > float64(m.Max.X) || y > float64(m.Max.Y)
					if off != (want != "") {
						t.Errorf("entry %d: mark at %.0f,%.0f, map %v, note %q", it.Number, x, y, m, want)
					}
				}
			}
			if len(notes) != len(f.Key) {
				t.Fatalf("%d notes for %d entries", len(notes), len(f.Key))
			}
			if c := strings.Count(all, "Off the map, to the "); c != 5 {
				t.Errorf("key says \"Off the map\" %d times, want 5: %q", c, all)
			}
			if !strings.Contains(all, "Off the map, to the north-west") {
				t.Errorf("key lacks the note on Moscow: %q", all)
			}
			checkPage(t, r)
		})
	}
}

// TestRelayoutKey checks the key laid out again in its panel: its texts
// and shapes replaced, everything else kept.
func TestRelayoutKey(t *testing.T) {
	fonts, err := loadFigureFonts()
	if err != nil {
		t.Fatal(err)
	}
	f := sampleFigure(t, 900, 600, false)
	pl := render(t, f).page
	others := func(pl *pageLayout) []pageText {
		var out []pageText
		for _, tx := range pl.texts {
			if tx.Role != "key" {
				out = append(out, tx)
			}
		}
		return out
	}
	before, ops, keyTexts := others(pl), len(pl.ops), pl.keyTextsAt[1]-pl.keyTextsAt[0]
	notes := make([]string, len(f.Key))
	notes[0] = offMapNote("north-west")
	pl.relayoutKey(keyContent{f.Key, notes}, fonts, paletteFor(f.Theme))
	if got := others(pl); len(got) != len(before) {
		t.Errorf("%d other texts after relaying out the key, %d before", len(got), len(before))
	}
	if len(pl.ops) != ops {
		t.Errorf("%d shapes after relaying out the key, %d before", len(pl.ops), ops)
	}
	all := keyText(pl)
	if strings.Count(all, "SOURCES") != 1 || !strings.Contains(all, "Off the map, to the north-west") {
		t.Errorf("key after relaying out: %q", all)
	}
	if n := pl.keyTextsAt[1] - pl.keyTextsAt[0]; n <= keyTexts {
		t.Errorf("key has %d texts with a note, %d without", n, keyTexts)
	}
}
