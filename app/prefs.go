package app

import (
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/paulmach/orb"

	"casmap/data"
	"casmap/geo"
)

// Preference keys. The window remembers its size, the map view and the
// layer choices between runs.
const (
	prefWidth     = "window.width"
	prefHeight    = "window.height"
	prefLon       = "view.lon"
	prefLat       = "view.lat"
	prefZoom      = "view.zoom"
	prefHideKinds = "filter.hiddenKinds"
	prefHideActor = "filter.hiddenActors"
	prefFrom      = "filter.from"
	prefTo        = "filter.to"
	prefAlliance  = "filter.alliance"
	prefRoute     = "filter.route"
	prefTheme     = "theme"
	prefRecent    = "recent.datasets"
	prefMapLegend = "view.legend"
)

// maxRecent is how many datasets File → Open recent lists.
const maxRecent = 8

// recent returns the datasets opened last, newest first, that still exist.
func (p *prefs) recent() []string {
	var out []string
	for _, s := range p.p.StringList(prefRecent) {
		if _, err := os.Stat(s); err == nil {
			out = append(out, s)
		}
	}
	return out
}

// addRecent puts path first among the recent datasets.
func (p *prefs) addRecent(path string) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	list := []string{path}
	for _, s := range p.p.StringList(prefRecent) {
		if s != path && len(list) < maxRecent {
			list = append(list, s)
		}
	}
	p.p.SetStringList(prefRecent, list)
}

// prefs reads and writes the window's preferences.
type prefs struct{ p fyne.Preferences }

func newPrefs(p fyne.Preferences) *prefs { return &prefs{p: p} }

// windowSize returns the remembered window size, or def.
func (p *prefs) windowSize(def fyne.Size) fyne.Size {
	w := p.p.FloatWithFallback(prefWidth, float64(def.Width))
	h := p.p.FloatWithFallback(prefHeight, float64(def.Height))
	if w < 480 || h < 360 || w > 10000 || h > 10000 {
		return def
	}
	return fyne.NewSize(float32(w), float32(h))
}

func (p *prefs) saveWindowSize(s fyne.Size) {
	if s.Width > 0 && s.Height > 0 {
		p.p.SetFloat(prefWidth, float64(s.Width))
		p.p.SetFloat(prefHeight, float64(s.Height))
	}
}

// view returns the remembered map centre and zoom.
func (p *prefs) view() (orb.Point, float64, bool) {
	z := p.p.FloatWithFallback(prefZoom, -1)
	if z < minZoom || z > maxZoom {
		return orb.Point{}, 0, false
	}
	c := orb.Point{p.p.Float(prefLon), p.p.Float(prefLat)}
	if c[0] < -180 || c[0] > 180 || c[1] < -85 || c[1] > 85 {
		return orb.Point{}, 0, false
	}
	return c, z, true
}

func (p *prefs) saveView(v geo.Viewport) {
	p.p.SetFloat(prefLon, v.Center[0])
	p.p.SetFloat(prefLat, v.Center[1])
	p.p.SetFloat(prefZoom, v.Zoom)
}

// filter returns def with the remembered layer choices applied.
func (p *prefs) filter(def Filter) Filter {
	f := def.Clone()
	for _, k := range p.p.StringList(prefHideKinds) {
		f.HiddenKinds[data.Kind(k)] = true
	}
	for _, a := range p.p.StringList(prefHideActor) {
		f.HiddenActors[a] = true
	}
	if t, err := time.Parse(time.DateOnly, p.p.String(prefFrom)); err == nil {
		f.From = t
	}
	if t, err := time.Parse(time.DateOnly, p.p.String(prefTo)); err == nil {
		f.To = t
	}
	f.Alliance = p.p.BoolWithFallback(prefAlliance, def.Alliance)
	f.Route = p.p.BoolWithFallback(prefRoute, def.Route)
	return f
}

func (p *prefs) saveFilter(f Filter) {
	var kinds, actors []string
	for k, v := range f.HiddenKinds {
		if v {
			kinds = append(kinds, string(k))
		}
	}
	for a, v := range f.HiddenActors {
		if v {
			actors = append(actors, a)
		}
	}
	p.p.SetStringList(prefHideKinds, kinds)
	p.p.SetStringList(prefHideActor, actors)
	p.p.SetString(prefFrom, dateString(f.From))
	p.p.SetString(prefTo, dateString(f.To))
	p.p.SetBool(prefAlliance, f.Alliance)
	p.p.SetBool(prefRoute, f.Route)
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// forcedTheme is Fyne's default theme held to one variant, for the View >
// Theme choice.
type forcedTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

// Color returns the colour of the forced variant.
func (t forcedTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// applyThemePreference applies the theme chosen in View > Theme.
func applyThemePreference(a fyne.App) {
	switch strings.ToLower(a.Preferences().String(prefTheme)) {
	case "light":
		a.Settings().SetTheme(forcedTheme{theme.DefaultTheme(), theme.VariantLight})
	case "dark":
		a.Settings().SetTheme(forcedTheme{theme.DefaultTheme(), theme.VariantDark})
	default:
		a.Settings().SetTheme(theme.DefaultTheme())
	}
}

// isDark reports whether the app shows the dark theme.
func isDark(a fyne.App) bool {
	switch strings.ToLower(a.Preferences().String(prefTheme)) {
	case "light":
		return false
	case "dark":
		return true
	}
	return a.Settings().ThemeVariant() == theme.VariantDark
}
