package basemap

import (
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"casmap/geo"
	"casmap/geo/draw"
)

func TestCountryLabels(t *testing.T) {
	b := loadBorders(t)
	tests := []struct {
		name string
		v    geo.Viewport
		isos []string
		want []string // ISO codes, in order
	}{
		{"Central Asia", geo.Viewport{Center: orb.Point{67, 43}, Zoom: 4.5, Width: 900, Height: 600},
			[]string{"TJ", "KG", "XX", "KG", "JP", "KZ", ""}, []string{"KZ", "KG", "TJ"}},
		{"Fergana valley", geo.Viewport{Center: orb.Point{71.5, 40.8}, Zoom: 7, Width: 600, Height: 400},
			[]string{"UZ", "KG", "TJ", "KZ", "AF"}, []string{"KZ", "UZ", "KG", "TJ"}},
		{"nothing asked", geo.Viewport{Center: orb.Point{67, 43}, Zoom: 4.5, Width: 900, Height: 600}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := b.CountryLabels(tt.v, tt.isos, 10)
			var isos []string
			for _, cl := range got {
				isos = append(isos, cl.ISO)
			}
			if !slices.Equal(isos, tt.want) {
				t.Fatalf("countries %q, want %q", isos, tt.want)
			}
			pr := tt.v.Projector()
			for _, cl := range got {
				ci := b.CountriesOf(cl.ISO)[0]
				c := b.Countries()[ci]
				if cl.Text != strings.ToUpper(c.Name) || cl.Size != CountryLabelSize(tt.v.Zoom) || cl.Priority < CountryLabelPriority {
					t.Errorf("%s: text %q size %g priority %d", cl.ISO, cl.Text, cl.Size, cl.Priority)
				}
				if len(cl.Spots) < 2 || len(cl.Spots) > maxLabelSpots {
					t.Errorf("%s: %d spots", cl.ISO, len(cl.Spots))
				}
				for i, sp := range cl.Spots {
					x, y := pr.Project(sp)
					if x < 0 || y < 0 || x > float64(tt.v.Width) || y > float64(tt.v.Height) {
						t.Errorf("%s: spot %d %v at %.0f,%.0f is out of view", cl.ISO, i, sp, x, y)
					}
					if at, ok := b.CountryAt(sp); !ok || b.Countries()[at].ISO != cl.ISO {
						t.Errorf("%s: spot %d %v is not in the country", cl.ISO, i, sp)
					}
				}
			}
		})
	}
}

func TestLabelsExcept(t *testing.T) {
	b := loadBorders(t)
	v := geo.Viewport{Center: orb.Point{67, 43}, Zoom: 4.5, Width: 900, Height: 600}
	measure := draw.DefaultText().Measure
	texts := func(ls []geo.Label) []string {
		var out []string
		for _, l := range ls {
			if l.Text != "" {
				out = append(out, l.Text)
			}
		}
		return out
	}
	all, except := texts(b.Labels(v, measure)), texts(b.LabelsExcept(v, measure, []string{"KG", "TJ"}))
	for _, want := range []string{"KYRGYZSTAN", "TAJIKISTAN", "KAZAKHSTAN", "Bishkek", "Dushanbe"} {
		if !slices.Contains(all, want) {
			t.Errorf("Labels lacks %q", want)
		}
	}
	for _, name := range []string{"KYRGYZSTAN", "TAJIKISTAN"} {
		if slices.Contains(except, name) {
			t.Errorf("LabelsExcept keeps %q", name)
		}
	}
	for _, want := range []string{"KAZAKHSTAN", "Bishkek", "Dushanbe"} {
		if !slices.Contains(except, want) {
			t.Errorf("LabelsExcept lacks %q", want)
		}
	}
}
