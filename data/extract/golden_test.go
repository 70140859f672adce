package extract

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"casmap/data"
	"casmap/data/gazetteer"
)

// keyRow is one located claim a careful reader maps.
type keyRow struct{ place, kind, country string }

// readKey reads an answer key: place, kind, country, note.
func readKey(t *testing.T, path string) []keyRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.Comment, r.FieldsPerRecord, r.LazyQuotes = '\t', '#', -1, true
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []keyRow
	for _, rec := range recs[1:] {
		if len(rec) >= 3 {
			out = append(out, keyRow{rec[0], rec[1], rec[2]})
		}
	}
	return out
}

// article is a test text and its key.
type article struct {
	name string
	src  *data.Source
	body int
	key  []keyRow
}

// articles loads the test articles and the two seed articles.
func articles(t *testing.T) []article {
	t.Helper()
	var out []article
	keys, _ := filepath.Glob("testdata/articles/*.key.tsv")
	for _, k := range keys {
		name := strings.TrimSuffix(filepath.Base(k), ".key.tsv")
		var text, published string
		body := 0
		switch name {
		case "seed-lavrov-tour":
			b, err := os.ReadFile("../default/sources/lavrov-tour-afghan-peace.txt")
			if err != nil {
				t.Fatal(err)
			}
			text, published = string(b), "2019-02-04"
		case "seed-buffer":
			b, err := os.ReadFile("../default/sources/russia-central-asian-buffer.txt")
			if err != nil {
				t.Fatal(err)
			}
			text, published = string(b), "2019-02-03"
		default:
			b, err := os.ReadFile(strings.TrimSuffix(k, ".key.tsv") + ".txt")
			if err != nil {
				t.Fatal(err)
			}
			text = string(b)
			h := ReadHeader(text)
			published, body = h.Published, h.Body
		}
		out = append(out, article{name, &data.Source{ID: "src", Title: name, Text: text, Published: published}, body, readKey(t, k)})
	}
	return out
}

// matches reports whether draft d is the claim of key row k.
func matches(d Draft, text string, k keyRow) bool {
	m := d.Marker
	if string(m.Kind) != k.kind || m.Country != k.country {
		return false
	}
	named := gazetteer.Fold(text[d.Name.Start:d.Name.End])
	want := gazetteer.Fold(k.place)
	if named == want || gazetteer.Fold(d.Place.Name) == want {
		return true
	}
	for _, p := range gazetteer.Default().Lookup(k.place) {
		if p == d.Place {
			return true
		}
	}
	return false
}

// score counts the drafts that match a key row and the key rows a draft
// matches.
func score(a article, ds []Draft) (good, found int, bad []string, missed []string) {
	hit := make([]bool, len(a.key))
	for _, d := range ds {
		ok := false
		for i, k := range a.key {
			if matches(d, a.src.Text, k) {
				hit[i], ok = true, true
			}
		}
		if ok {
			good++
		} else {
			bad = append(bad, fmt.Sprintf("%s %q", d.Marker.Kind, a.src.Text[d.Name.Start:d.Name.End]))
		}
	}
	for i, h := range hit {
		if h {
			found++
		} else {
			missed = append(missed, a.key[i].kind+" "+a.key[i].place)
		}
	}
	return good, found, bad, missed
}

// TestPrecisionRecall drafts every test article and compares the drafts
// with the hand-made keys, reporting precision (drafts a careful reader
// keeps) and recall (claims of the key that a draft makes).
func TestPrecisionRecall(t *testing.T) {
	g := gazetteer.Default()
	var allGood, allDrafts, allFound, allKey int
	var table []string
	for _, a := range articles(t) {
		ds := imported(a, g)
		good, found, bad, missed := score(a, ds)
		allGood, allDrafts, allFound, allKey = allGood+good, allDrafts+len(ds), allFound+found, allKey+len(a.key)
		table = append(table, fmt.Sprintf("| %s | %d | %d | %.0f%% | %.0f%% |", a.name, len(ds), len(a.key),
			100*ratio(good, len(ds)), 100*ratio(found, len(a.key))))
		if testing.Verbose() {
			t.Logf("%s: rejected %v; missed %v", a.name, bad, missed)
		}
		for _, d := range ds {
			if d.Marker.Citations[0].Quote != a.src.Text[d.Sentence.Start:d.Sentence.End] {
				t.Errorf("%s: draft %s does not quote its sentence verbatim", a.name, d.Marker.ID)
			}
		}
	}
	sort.Strings(table)
	t.Logf("\n| article | drafts | key | precision | recall |\n| --- | --- | --- | --- | --- |\n%s\n| all | %d | %d | %.0f%% | %.0f%% |",
		strings.Join(table, "\n"), allDrafts, allKey, 100*ratio(allGood, allDrafts), 100*ratio(allFound, allKey))
}

// imported are the drafts an import of the article into an empty dataset
// proposes: the same claim made twice is one draft.
func imported(a article, g *gazetteer.Gazetteer) []Draft {
	ds := &data.Dataset{}
	ds.Reindex()
	return Import(ds, a.src, a.body, g).Drafts
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestSeedArticles checks the budget on the two seed articles: the drafts
// find at least 90% of the places of the embedded dataset, and fewer than
// 20% of the drafts are ones a careful reader rejects.
func TestSeedArticles(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	g := gazetteer.Default()
	var drafts []Draft
	var good, total int
	for _, a := range articles(t) {
		if !strings.HasPrefix(a.name, "seed-") {
			continue
		}
		d := imported(a, g)
		gd, _, _, _ := score(a, d)
		good, total = good+gd, total+len(d)
		drafts = append(drafts, d...)
	}
	// The places of the embedded dataset inside the region: their
	// countries, and the named places among them.
	type want struct {
		kind    data.Kind
		country string
	}
	found, places := 0, 0
	seen := map[want]bool{}
	for _, m := range ds.Markers {
		if m.Country == "" || g.CountryPlace(m.Country) == nil {
			continue // outside the region (Moscow), or no country
		}
		w := want{m.Kind, m.Country}
		if seen[w] {
			continue
		}
		seen[w] = true
		places++
		for _, d := range drafts {
			if d.Marker.Country == m.Country {
				found++
				break
			}
		}
	}
	if r := ratio(found, places); r < 0.9 {
		t.Errorf("the drafts find %d of the %d places of the embedded dataset (%.0f%%), want 90%%", found, places, 100*r)
	}
	if p := ratio(good, total); p < 0.8 {
		t.Errorf("%d of %d drafts would be rejected (precision %.0f%%), want under 20%%", total-good, total, 100*p)
	}
	t.Logf("seed articles: %d drafts, %d kept by the keys; %d of %d places found", total, good, found, places)
}
