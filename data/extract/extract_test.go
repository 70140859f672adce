package extract

import (
	"strings"
	"testing"
	"time"

	"casmap/data"
	"casmap/data/gazetteer"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Mr. Lavrov met Gen. Mirzo. They spoke.", []string{"Mr. Lavrov met Gen. Mirzo.", "They spoke."}},
		{"The U.S. base closed in 2005. Troops left.", []string{"The U.S. base closed in 2005.", "Troops left."}},
		{"J. R. Smith said so. “We are ready,” he said. Really?", []string{"J. R. Smith said so.", "“We are ready,” he said.", "Really?"}},
		{"Headline without a stop\n\nDushanbe, 12 October. Units began drills.", []string{"Headline without a stop", "Dushanbe, 12 October.", "Units began drills."}},
		{"It cost 1.5 million dollars. Done", []string{"It cost 1.5 million dollars.", "Done"}},
		{"He left at 5 p.m. on Sunday.", []string{"He left at 5 p.m. on Sunday."}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range Sentences(tt.text) {
			got = append(got, tt.text[s.Start:s.End])
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Sentences(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestResolveDate(t *testing.T) {
	pub := time.Date(2019, 2, 4, 0, 0, 0, 0, time.UTC) // a Monday
	tests := []struct {
		sentence string
		future   bool
		want     string
	}{
		{"Lavrov embarked on a tour on February 3.", false, "2019-02-03"},
		{"He arrived on 21 May 2018.", false, "2018-05-21"},
		{"The base opened in October 2012.", false, "2012-10"},
		{"Kabolov traveled to Pakistan last week.", false, "2019-01-28/2019-02-03"},
		{"He met them yesterday.", false, "2019-02-03"},
		{"The tour began on Sunday.", false, "2019-02-03"},
		{"He will arrive on Tuesday.", true, "2019-02-05"},
		{"Drills are planned in late April.", true, "2019-04"},
		{"Troops arrived in late November.", false, "2018-11"},
		{"An exercise will follow next month.", true, "2019-03"},
		{"The Soviets withdrew in 1989.", false, "1989"},
		{"Troops may stay.", false, ""},
	}
	for _, tt := range tests {
		got, _ := ResolveDate(tt.sentence, pub, tt.future)
		if got.Date != tt.want {
			t.Errorf("ResolveDate(%q) = %q (%s), want %q", tt.sentence, got.Date, got.Note, tt.want)
		}
	}
}

func TestReadHeader(t *testing.T) {
	h := ReadHeader("Title: Drills\nPublisher: Wire\nPublished: 2019-05-29\nURL: https://example.org/a\n\nText starts.")
	if h.Title != "Drills" || h.Publisher != "Wire" || h.Published != "2019-05-29" || h.URL != "https://example.org/a" || !strings.HasPrefix("Title: Drills\nPublisher: Wire\nPublished: 2019-05-29\nURL: https://example.org/a\n\nText starts."[h.Body:], "Text starts.") {
		t.Errorf("labelled header: %+v", h)
	}
	h = ReadHeader("Drills near the border\n\n4 February 2019\n\nText.")
	if h.Title != "Drills near the border" || h.Published != "2019-02-04" || h.Body != 0 {
		t.Errorf("plain header: %+v", h)
	}
}

func TestDraftsValidate(t *testing.T) {
	g := gazetteer.Default()
	for _, a := range articles(t) {
		ds := &data.Dataset{Path: "drafts.geojson"}
		ds.Reindex()
		a.src.ID = data.Slugify(a.name)
		im := Import(ds, a.src, a.body, g)
		if err := im.Edit.Apply(ds); err != nil {
			t.Fatalf("%s: %v", a.name, err)
		}
		if probs := data.Validate(ds); len(probs) > 0 {
			t.Errorf("%s: the drafts do not validate: %v", a.name, probs[0])
		}
	}
}

func TestLongestPlaceName(t *testing.T) {
	g := gazetteer.Default()
	for _, tt := range []struct{ text, want string }{
		{"Russian jets landed at Kant air base on Monday.", "Kant air base"},
		{"Fighters gathered in northern Afghanistan, officials said.", "northern Afghanistan"},
		{"Units moved to Bokhtar.", "Qŭrghonteppa"},
		{"Units moved to Kurgan-Tyube.", "Qŭrghonteppa"},
	} {
		ms := g.Find(tt.text)
		if len(ms) == 0 {
			t.Errorf("%q: no place found", tt.text)
			continue
		}
		if ms[0].Place.Name != tt.want && !strings.EqualFold(tt.text[ms[0].Start:ms[0].End], tt.want) {
			t.Errorf("%q: found %q (%s), want %q", tt.text, tt.text[ms[0].Start:ms[0].End], ms[0].Place.Name, tt.want)
		}
	}
}

func TestDisagreement(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	src := &data.Source{ID: "may-2019", Title: "May 2019 article", Published: "2019-05-29",
		Text: "A total of some 7,000 Russian troops are now stationed in Tajikistan."}
	im := Import(ds, src, 0, gazetteer.Default())
	if len(im.Conflicts) != 1 {
		t.Fatalf("%d conflicts, want 1: %+v", len(im.Conflicts), im.Drafts)
	}
	c := im.Conflicts[0]
	if c.Marker.ID != "tajikistan-russian-troops" || !strings.Contains(c.Reason, "7,000 troops against some 7,500 troops") {
		t.Errorf("conflict with %s: %s", c.Marker.ID, c.Reason)
	}
}

func TestArticleDisagreesWithItself(t *testing.T) {
	for _, a := range articles(t) {
		if a.name != "asiaplus-murgab-chinese-frontier-post-2019" {
			continue
		}
		ds := &data.Dataset{}
		ds.Reindex()
		im := Import(ds, a.src, a.body, gazetteer.Default())
		for _, c := range im.Conflicts {
			t.Logf("%s / %s: %s", c.Draft.Title, c.Marker.Title, c.Reason)
			if strings.Contains(c.Reason, "China") && strings.Contains(c.Reason, "Tajikistan") {
				return
			}
		}
		t.Fatalf("no disagreement between the Tajik and the Chinese post in Murgab: %+v", im.Conflicts)
	}
	t.Fatal("the Murgab article is missing")
}

func FuzzExtract(f *testing.F) {
	f.Add("Russian troops are stationed at Kant air base in Kyrgyzstan. Mr. Lavrov will visit Dushanbe on Tuesday.", "2019-02-04")
	f.Add("Some 7,000 troops. In late April, ISIS fighters gathered in northern Afghanistan.", "")
	f.Add("\xff\xfe\x00", "2019")
	g := gazetteer.Default()
	f.Fuzz(func(t *testing.T, text, published string) {
		src := &data.Source{ID: "a", Title: "a", Text: text, Published: published}
		for _, d := range Extract(src, g, Options{}) {
			q := d.Marker.Citations[0].Quote
			if text[d.Sentence.Start:d.Sentence.End] != q || !strings.Contains(text, q) {
				t.Fatalf("draft quote %q is not the sentence %q", q, text[d.Sentence.Start:d.Sentence.End])
			}
			if d.Name.Start < d.Sentence.Start || d.Name.End > d.Sentence.End {
				t.Fatalf("place span %v outside sentence %v", d.Name, d.Sentence)
			}
		}
		ParseArticle([]byte(text))
	})
}

// BenchmarkDraft5000Words drafts an article of about 5 000 words.
func BenchmarkDraft5000Words(b *testing.B) {
	g := gazetteer.Default()
	unit := "Some 7,000 Russian troops are stationed at Kant air base in Kyrgyzstan, the ministry said on Tuesday. Mr. Lavrov will visit Dushanbe next week. Militants gathered in northern Afghanistan across the Panj from Khatlon. The talks in Bokhtar ended. "
	text := strings.Repeat(unit, 5000/len(strings.Fields(unit))+1)
	src := &data.Source{ID: "a", Title: "a", Text: text, Published: "2019-05-29"}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if len(Extract(src, g, Options{})) == 0 {
			b.Fatal("no drafts")
		}
	}
}
