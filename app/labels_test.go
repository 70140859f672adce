package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"casmap/geo"
	"casmap/geo/basemap"
)

// TestFirstViewNamesMarkerCountries checks the window's first view at the
// sizes users try: every country that holds a marker in view is named, the
// names and capitals keep clear of the symbols, and no capital's name lies
// on the route line.
func TestFirstViewNamesMarkerCountries(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 768}, {Width: 1366, Height: 768}, {Width: 1400, Height: 900}, {Width: 2560, Height: 1440}} {
		t.Run(fmt.Sprintf("%vx%v", size.Width, size.Height), func(t *testing.T) {
			w := newTestWindow(t)
			w.win.Resize(size)
			w.mapv.fitAll()
			v := w.mapv.view
			s := w.scene
			l := s.layoutFor(v)
			pv, scale := pixelView(v, v.Width, v.Height)
			placed, names := s.placeLabels(pv, scale, l, true)

			named := map[string]bool{}
			for _, n := range names {
				named[n.Text] = true
			}
			base := s.base
			for _, i := range s.visible {
				m := s.items[i].Marker
				x, y := pv.Project(s.items[i].Anchor)
				if m.Country == "" || x < 0 || y < 0 || x > float64(pv.Width) || y > float64(pv.Height) {
					continue
				}
				want := countryName(base, m.Country)
				if !named[want] {
					t.Errorf("%s (%s) holds %s in view but is not named; named: %v", want, m.Country, m.ID, named)
				}
			}

			// The symbols' boxes, and the route line's.
			var boxes [][4]float64
			for gi := range l.groups {
				x, y := s.groupPos(l, gi)
				h := markSize(v.Zoom) / 2
				boxes = append(boxes, [4]float64{x - h, y - h, x + h, y + h})
			}
			var route [][4]float64
			for _, r := range s.routes {
				for _, o := range geo.LineObstacles(pv, s.routePoints(r), 2) {
					x, y := pv.Project(o.At)
					route = append(route, [4]float64{x - 1, y - 1, x + 1, y + 1})
				}
			}
			hits := func(x0, y0, x1, y1 float64, bs [][4]float64) bool {
				for _, b := range bs {
					if x0 < b[2] && b[0] < x1 && y0 < b[3] && b[1] < y1 {
						return true
					}
				}
				return false
			}
			// The stops' dates keep clear of the symbols, or nearly: in the
			// Dushanbe pile no place is free, and the least covered is taken.
			for _, d := range s.routeDates(scale, l) {
				p, ok := s.datePlaced[d.item]
				if !ok {
					t.Errorf("the date of %s is not drawn", s.items[d.item].Marker.ID)
					continue
				}
				dw, dh := s.text.Measure(d.Text, d.Size)
				cover := 0.0
				for _, b := range boxes {
					ox := min(p[0]+dw, b[2]) - max(p[0], b[0])
					oy := min(p[1]+dh, b[3]) - max(p[1], b[1])
					if ox > 0 && oy > 0 {
						cover += ox * oy
					}
				}
				if cover > 0.1*dw*dh {
					t.Errorf("the date of %s is %.0f%% covered by symbols", s.items[d.item].Marker.ID, 100*cover/(dw*dh))
				}
			}
			for _, n := range names {
				if n.Leader == nil && hits(n.X, n.Y, n.X+n.W, n.Y+n.H, boxes) {
					t.Errorf("the name %s at %.0f,%.0f covers a symbol", n.Text, n.X, n.Y)
				}
			}
			for _, p := range placed {
				if p.Priority >= basemap.CapitalLabelPriority && p.Priority < basemap.CountryLabelPriority {
					if hits(p.X, p.Y, p.X+p.W, p.Y+p.H, route) {
						t.Errorf("the route line crosses the label %s", p.Text)
					}
					if hits(p.X, p.Y, p.X+p.W, p.Y+p.H, boxes) {
						t.Errorf("the label %s covers a symbol", p.Text)
					}
				}
			}
		})
	}
}

// countryName is the upper-case name the map gives the country iso.
func countryName(b *basemap.Basemap, iso string) string {
	for _, ci := range b.CountriesOf(iso) {
		if n := b.Countries()[ci].Name; n != "" {
			return strings.ToUpper(n)
		}
	}
	return iso
}

// TestLabelsScaleOnHiDPI checks that on a screen with two device pixels
// per unit the map's names are twice as many pixels tall, as the symbols
// are, and not the size of a deeper zoom's names.
func TestLabelsScaleOnHiDPI(t *testing.T) {
	w := newTestWindow(t)
	v := w.mapv.view
	s := w.scene
	l := s.layoutFor(v)
	sizes := func(k float64) map[string]float64 {
		pv, scale := pixelView(v, int(float64(v.Width)*k), int(float64(v.Height)*k))
		placed, names := s.placeLabels(pv, scale, l, true)
		out := map[string]float64{}
		for _, p := range placed {
			out[p.Text] = p.Size
		}
		for _, n := range names {
			out[n.Text] = n.Size
		}
		return out
	}
	one, two := sizes(1), sizes(2)
	compared := 0
	for text, a := range one {
		if b, ok := two[text]; ok {
			compared++
			if b < 1.9*a || b > 2.1*a {
				t.Errorf("%s is %.1f px at scale 1 and %.1f px at scale 2; want twice", text, a, b)
			}
		}
	}
	if compared < 5 {
		t.Errorf("only %d names on both screens: %v / %v", compared, one, two)
	}
}
