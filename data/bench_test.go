package data

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
)

// benchWords are the words of generated source texts.
var benchWords = strings.Fields(`the minister said that forces would remain at the base near the border
while talks on security cooperation continued in Bishkek Dushanbe Ashgabat Tashkent and Astana
officials reported new deployments of troops aircraft and equipment along the river valley
analysts noted the visit followed reports of militants crossing from northern Afghanistan`)

// generateDataset writes a dataset of markers Point markers citing sources
// inline-text sources of about 3 KB each, every marker quoting one or two
// passages from a source, and returns its path. The same seed gives the
// same file.
func generateDataset(t testing.TB, dir string, markers, sources int, seed uint64) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	type src struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Text  string `json:"text"`
	}
	type cite struct {
		Source string `json:"source"`
		Quote  string `json:"quote"`
	}
	type props struct {
		ID        string   `json:"id"`
		Kind      string   `json:"kind"`
		Title     string   `json:"title"`
		Place     string   `json:"place"`
		Country   string   `json:"country"`
		Actor     string   `json:"actor"`
		Date      string   `json:"date"`
		Precision string   `json:"precision"`
		Status    string   `json:"status"`
		Citations []cite   `json:"citations"`
		Value     *float64 `json:"value,omitempty"`
		Unit      string   `json:"unit,omitempty"`
	}
	type geom struct {
		Type        string     `json:"type"`
		Coordinates [2]float64 `json:"coordinates"`
	}
	type feature struct {
		Type       string `json:"type"`
		Geometry   geom   `json:"geometry"`
		Properties props  `json:"properties"`
	}
	doc := struct {
		Type     string    `json:"type"`
		Sources  []src     `json:"sources"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection"}

	words := make([][]string, sources)
	for i := range sources {
		var b strings.Builder
		var ws []string
		for b.Len() < 3000 {
			w := benchWords[rng.IntN(len(benchWords))]
			ws = append(ws, w)
			b.WriteString(w)
			switch rng.IntN(12) {
			case 0:
				b.WriteString("\n")
			case 1:
				b.WriteString("  ")
			default:
				b.WriteString(" ")
			}
		}
		words[i] = ws
		doc.Sources = append(doc.Sources, src{ID: fmt.Sprintf("source-%d", i), Title: fmt.Sprintf("Source %d", i), Text: b.String()})
	}
	places := []string{"Bishkek", "Dushanbe", "Ashgabat", "Kant", "Osh", "Khorog", "Termez", "Kunduz"}
	countries := []string{"KG", "TJ", "TM", "KG", "KG", "TJ", "UZ", "AF"}
	kinds := []Kind{KindBase, KindDeployment, KindVisit, KindMeeting, KindThreat}
	for i := range markers {
		s := rng.IntN(sources)
		var cites []cite
		for range 1 + rng.IntN(2) {
			ws := words[s]
			start := rng.IntN(len(ws) - 20)
			cites = append(cites, cite{Source: doc.Sources[s].ID, Quote: strings.Join(ws[start:start+5+rng.IntN(15)], " ")})
		}
		p := rng.IntN(len(places))
		f := feature{Type: "Feature",
			Geometry: geom{Type: "Point", Coordinates: [2]float64{60 + rng.Float64()*20, 35 + rng.Float64()*10}},
			Properties: props{
				ID: fmt.Sprintf("marker-%d", i), Kind: string(kinds[rng.IntN(len(kinds))]),
				Title: fmt.Sprintf("Marker number %d near %s", i, places[p]), Place: places[p], Country: countries[p],
				Actor: "RU", Date: fmt.Sprintf("%d-%02d-%02d", 2000+rng.IntN(25), 1+rng.IntN(12), 1+rng.IntN(28)),
				Precision: "city", Status: "current", Citations: cites,
			}}
		if i%4 == 0 {
			v := float64(rng.IntN(5000))
			f.Properties.Value, f.Properties.Unit = &v, "troops"
		}
		doc.Features = append(doc.Features, f)
	}
	b, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "casmap.geojson")
	writeFile(t, path, b)
	return path
}

func TestGeneratedDataset(t *testing.T) {
	path := generateDataset(t, t.TempDir(), 500, 20, 1)
	ds := mustLoad(t, path)
	if len(ds.Markers) != 500 || len(ds.Sources) != 20 {
		t.Fatalf("%d markers, %d sources", len(ds.Markers), len(ds.Sources))
	}
	for _, m := range ds.Markers {
		for _, c := range m.Citations {
			if got := FoldSpace(ds.Source(c.Source).Text[c.Start:c.End]); got != c.Quote {
				t.Fatalf("%s: span folds to %q; want %q", m.ID, got, c.Quote)
			}
		}
	}
}

func BenchmarkLoad100k(b *testing.B) {
	path := generateDataset(b, b.TempDir(), 100_000, 1_000, 1)
	b.ReportAllocs()
	for b.Loop() {
		ds, err := Load(path)
		if err != nil {
			b.Fatal(err)
		}
		if len(ds.Markers) != 100_000 {
			b.Fatalf("%d markers", len(ds.Markers))
		}
	}
}

// loadBench loads the dataset of BenchmarkLoad100k.
func loadBench(b *testing.B) *Dataset {
	b.Helper()
	ds, err := Load(generateDataset(b, b.TempDir(), 100_000, 1_000, 1))
	if err != nil {
		b.Fatal(err)
	}
	return ds
}

// BenchmarkValidate100k validates a loaded dataset of 100 000 markers from
// scratch, as Load does.
func BenchmarkValidate100k(b *testing.B) {
	ds := loadBench(b)
	b.ReportAllocs()
	for b.Loop() {
		if ps := Validate(ds); len(ps) != 0 {
			b.Fatal(ps)
		}
	}
}

// BenchmarkRevalidateOneEdit100k validates a dataset of 100 000 markers
// after editing one marker's title and quote, with a Validator that has
// validated it before, as an editor does after every change.
func BenchmarkRevalidateOneEdit100k(b *testing.B) {
	ds := loadBench(b)
	var v Validator
	if ps := v.Validate(ds); len(ps) != 0 {
		b.Fatal(ps)
	}
	m := ds.Markers[len(ds.Markers)/2]
	quotes := [2]string{m.Citations[0].Quote, FoldSpace(ds.Source(m.Citations[0].Source).Text)[:40]}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		m.Title = fmt.Sprintf("Edited title %d", i)
		m.Citations[0].Quote = strings.TrimSpace(quotes[i%2])
		if ps := v.Validate(ds); len(ps) != 0 {
			b.Fatal(ps)
		}
	}
}
