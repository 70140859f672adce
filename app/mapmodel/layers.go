package mapmodel

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"casmap/data/layers"
	"casmap/geo/draw"
	"casmap/geo/figure"
)

// LayerStyle is how a layer feature is drawn, from its simplestyle-spec
// keys: marker-color and marker-size for points, stroke, stroke-width and
// stroke-opacity for lines and outlines, fill and fill-opacity for areas.
type LayerStyle struct {
	Marker      color.RGBA
	MarkerScale float64 // 1 for "medium"; 0.75 small, 1.35 large
	Stroke      color.RGBA
	Width       float64 // points
	Fill        color.RGBA
}

// Layer defaults, as geojson.io and uMap draw an unstyled feature.
var (
	layerMarker = draw.RGB(0x7e, 0x7e, 0x7e)
	layerStroke = draw.RGB(0x55, 0x55, 0x55)
)

// FeatureStyle reads the style of a layer feature, with opacity (0 to 1)
// applied to every colour.
func FeatureStyle(f *layers.Feature, opacity float64) LayerStyle {
	p := f.Props
	st := LayerStyle{Marker: layerMarker, MarkerScale: 1, Stroke: layerStroke, Width: 2, Fill: layerStroke}
	st.Fill.A = 0x66
	if c, ok := hexColor(p["marker-color"]); ok {
		st.Marker = c
	}
	switch p["marker-size"] {
	case "small":
		st.MarkerScale = 0.75
	case "large":
		st.MarkerScale = 1.35
	}
	if c, ok := hexColor(p["stroke"]); ok {
		st.Stroke = c
	}
	if w, ok := number(p["stroke-width"]); ok && w >= 0 && w <= 20 {
		st.Width = w
	}
	if a, ok := number(p["stroke-opacity"]); ok && a >= 0 && a <= 1 {
		st.Stroke.A = uint8(math.Round(a * 255))
	}
	if c, ok := hexColor(p["fill"]); ok {
		st.Fill = c
		st.Fill.A = 0x66
	}
	if a, ok := number(p["fill-opacity"]); ok && a >= 0 && a <= 1 {
		st.Fill.A = uint8(math.Round(a * 255))
	}
	fade := func(c color.RGBA) color.RGBA {
		c.A = uint8(math.Round(float64(c.A) * math.Max(0, math.Min(1, opacity))))
		return c
	}
	st.Marker, st.Stroke, st.Fill = fade(st.Marker), fade(st.Stroke), fade(st.Fill)
	return st
}

// hexColor reads "#rgb" or "#rrggbb".
func hexColor(v any) (color.RGBA, bool) {
	s, ok := v.(string)
	if !ok {
		return color.RGBA{}, false
	}
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(s) == 3 {
		s = string([]byte{s[0], s[0], s[1], s[1], s[2], s[2]})
	}
	if len(s) != 6 {
		return color.RGBA{}, false
	}
	n, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return color.RGBA{}, false
	}
	return draw.RGB(uint8(n>>16), uint8(n>>8), uint8(n)), true
}

// number reads a JSON number or a numeric string.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}

// LayerMarkStyle is the symbol of a layer point: a plain circle, never a
// casmap kind, so a layer never reads as evidence.
func LayerMarkStyle(st LayerStyle, size float64) draw.MarkStyle {
	return draw.MarkStyle{Shape: draw.Circle, Fill: st.Marker, Stroke: draw.RGB(0xff, 0xff, 0xff), Size: size * 0.7 * st.MarkerScale, Halo: true}
}

// addLayers draws the layers over a figure, under its markers, and credits
// each in the footer.
func addLayers(fig *figure.Figure, ls []*layers.Layer, size float64) {
	styleIdx := map[draw.MarkStyle]int{}
	for _, l := range ls {
		for i := range l.Features {
			f := &l.Features[i]
			st := FeatureStyle(f, 1)
			var add func(g orb.Geometry)
			add = func(g orb.Geometry) {
				switch g := g.(type) {
				case orb.Point:
					ms := LayerMarkStyle(st, size)
					si, ok := styleIdx[ms]
					if !ok {
						si = len(fig.Styles)
						styleIdx[ms] = si
						fig.Styles = append(fig.Styles, ms)
					}
					fig.Marks = append(fig.Marks, draw.Mark{P: g, Style: si})
				case orb.MultiPoint:
					for _, p := range g {
						add(p)
					}
				case orb.LineString:
					fig.Lines = append(fig.Lines, figure.FigureLine{Line: g, Color: st.Stroke, Width: st.Width * 0.75})
				case orb.MultiLineString:
					for _, x := range g {
						add(x)
					}
				case orb.Polygon:
					fig.Areas = append(fig.Areas, figure.FigureArea{Polygon: g, Fill: st.Fill, Stroke: st.Stroke})
				case orb.MultiPolygon:
					for _, x := range g {
						add(x)
					}
				case orb.Collection:
					for _, x := range g {
						add(x)
					}
				}
			}
			add(f.Geometry)
		}
		fig.Attribution = append(fig.Attribution, "Layer "+l.Name+" ("+l.Format+", uncited, not evidence).")
	}
}
