package figure

import (
	"casmap/geo"
	"casmap/geo/basemap"
	"casmap/geo/draw"
)

// Placement of the country names a figure must show, in points.
const (
	countryNameMinPt = 7   // smallest a required country name shrinks to
	countrySpotPt    = 9   // spacing of the candidate centres inside a country
	countryLeaderPt  = 0.6 // width of a leader to a country name
)

// boxes is a set of rectangles that labels keep LabelPadding clear of.
type boxes []draw.Rect

// obstacleBoxes returns the boxes of label obstacles in the view vp.
func obstacleBoxes(vp geo.Viewport, obstacles []geo.Label) boxes {
	return basemap.ObstacleBoxes(vp, obstacles)
}

// placeCountryNames places the names of f.LabelCountries that are in the
// point view vp (sizes in points), clear of taken (see
// basemap.PlaceCountryNames), and adds their boxes to taken.
func placeCountryNames(f *Figure, vp geo.Viewport, taken *boxes, measure func(text string, size float64) (w, h float64)) []basemap.CountryName {
	names := f.Basemap.PlaceCountryNames(vp, f.LabelCountries, *taken, basemap.NameOptions{Spacing: countrySpotPt, MinSize: countryNameMinPt}, measure)
	for _, n := range names {
		*taken = append(*taken, rect(n.X, n.Y, n.X+n.W, n.Y+n.H))
	}
	return names
}
