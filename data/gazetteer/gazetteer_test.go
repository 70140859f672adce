package gazetteer

import (
	"os"
	"strings"
	"testing"
)

func TestTablesLoad(t *testing.T) {
	g := Default()
	if g.Len() < 3000 {
		t.Fatalf("%d places", g.Len())
	}
	for _, tt := range []struct{ name, want, country string }{
		{"Dushanbe", "Dushanbe", "TJ"},
		{"Stalinabad", "Dushanbe", "TJ"},
		{"Bokhtar", "Qŭrghonteppa", "TJ"},
		{"Kurgan-Tyube", "Qŭrghonteppa", "TJ"},
		{"Nur-Sultan", "Astana", "KZ"},
		{"Leninabad", "Khŭjand", "TJ"},
		{"Ashkhabad", "Ashgabat", "TM"},
		{"Душанбе", "Dushanbe", "TJ"},
		{"Kant air base", "Kant air base", "KG"},
		{"Khatlon", "Khatlon Region", "TJ"},
		{"northern Afghanistan", "northern Afghanistan", "AF"},
		{"Kyrgyzstan", "Kyrgyzstan", "KG"},
	} {
		ps := g.Lookup(tt.name)
		if len(ps) == 0 {
			t.Errorf("%q: not found", tt.name)
			continue
		}
		if !strings.EqualFold(ps[0].Name, tt.want) || ps[0].Country != tt.country {
			t.Errorf("%q = %s (%s), want %s (%s)", tt.name, ps[0].Name, ps[0].Country, tt.want, tt.country)
		}
		if ps[0].Source == "" {
			t.Errorf("%q has no source for its coordinates", tt.name)
		}
	}
	if c := g.CountryPlace("KG"); c == nil || c.Label() != "Kyrgyzstan (shown at Bishkek)" {
		t.Errorf("Kyrgyzstan: %+v", c)
	}
}

func TestHandTablesHaveSources(t *testing.T) {
	for _, name := range []string{"sites.tsv", "regions.tsv"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n")[1:] {
			if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "name\t") {
				continue
			}
			f := strings.Split(line, "\t")
			if src := f[len(f)-1]; !strings.HasPrefix(src, "https://") && !strings.HasPrefix(src, "http://") {
				t.Errorf("%s line %d: the source %q is not an address", name, i+2, src)
			}
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"Qŭrghonteppa": "qurghonteppa", "Mazār-e Sharīf": "mazar e sharif", "Xi’an": "xian", "KANT  Air-Base": "kant air base"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFindSkipsOrdinaryWords(t *testing.T) {
	g := Default()
	for _, m := range g.Find("The Bank of the Union said the state will. Bay leaves.") {
		t.Errorf("found %q", m.Place.Name)
	}
}

// article5000 is a text of about 5 000 words in the manner of a news
// report, for the benchmarks.
func article5000() string {
	s := "Russian troops stationed at Kant air base in Kyrgyzstan joined drills near Dushanbe, while officials in Bokhtar and Khujand said the Taliban had gathered in northern Afghanistan across the Panj river from Khatlon. "
	return strings.Repeat(s, 5000/len(strings.Fields(s))+1)
}

func BenchmarkFind5000Words(b *testing.B) {
	g := Default()
	text := article5000()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if len(g.Find(text)) == 0 {
			b.Fatal("nothing found")
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Load(tables); err != nil {
			b.Fatal(err)
		}
	}
}
