package layers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// latNames and lonNames are the column names of coordinates, lower case.
var (
	latNames = []string{"latitude", "lat", "y", "lat_dd", "decimallatitude"}
	lonNames = []string{"longitude", "lon", "lng", "long", "x", "lon_dd", "decimallongitude"}
)

// palette colours a layer by the values of one column (ACLED's event
// types), in the order they first appear.
var palette = []string{"#e53935", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41", "#3949ab", "#c0ca33", "#d81b60"}

// ReadCSV reads a table with a header row and latitude and longitude
// columns (lat/latitude/y and lon/lng/long/longitude/x, in any case), as a
// layer of points; the other columns are each point's properties. Commas,
// semicolons or tabs separate the fields. An ACLED export is coloured by
// its event_type column.
func ReadCSV(name string, b []byte) (*Layer, error) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = sniffComma(b)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	head, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("layer %s is empty; a CSV layer needs a header row and one row per point", name)
		}
		return nil, fmt.Errorf("layer %s: %v", name, err)
	}
	lat, lon := column(head, latNames), column(head, lonNames)
	if lat < 0 || lon < 0 {
		return nil, fmt.Errorf("layer %s has no latitude and longitude columns; name them lat and lon (or latitude and longitude, y and x)", name)
	}
	l := &Layer{Name: name, Format: "CSV"}
	styleBy := column(head, []string{"event_type"})
	colours := map[string]string{}
	if styleBy >= 0 {
		l.StyleBy = head[styleBy]
	}
	for row := 2; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("layer %s, row %d: %v", name, row, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(l.Features) >= MaxFeatures {
			return nil, fmt.Errorf("layer %s has more than %d rows, the limit", name, MaxFeatures)
		}
		y, err1 := coord(rec, lat)
		x, err2 := coord(rec, lon)
		switch {
		case err1 != nil:
			return nil, fmt.Errorf("layer %s, row %d, column %s: %v", name, row, head[lat], err1)
		case err2 != nil:
			return nil, fmt.Errorf("layer %s, row %d, column %s: %v", name, row, head[lon], err2)
		}
		p := orb.Point{x, y}
		if err := checkPosition(p); err != nil {
			return nil, fmt.Errorf("layer %s, row %d: %v", name, row, err)
		}
		props := map[string]any{}
		for i, v := range rec {
			if i == lat || i == lon || i >= len(head) {
				continue
			}
			if len(v) > MaxString {
				return nil, fmt.Errorf("layer %s, row %d, column %s: longer than the limit of %d bytes", name, row, head[i], MaxString)
			}
			props[head[i]] = v
		}
		if styleBy >= 0 && styleBy < len(rec) {
			v := rec[styleBy]
			c, ok := colours[v]
			if !ok {
				c = palette[len(colours)%len(palette)]
				colours[v] = c
			}
			if _, set := props["marker-color"]; !set {
				props["marker-color"] = c
			}
		}
		l.Features = append(l.Features, Feature{Geometry: p, Props: props, Title: titleOf(props)})
	}
	return l, nil
}

// sniffComma picks the separator the header row uses most.
func sniffComma(b []byte) rune {
	line := b
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		line = b[:i]
	}
	best, n := ',', bytes.Count(line, []byte{','})
	for _, c := range []rune{';', '\t'} {
		if k := bytes.Count(line, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best
}

// column is the index of the first header among names, or -1.
func column(head []string, names []string) int {
	for _, n := range names {
		for i, h := range head {
			if strings.EqualFold(strings.TrimSpace(h), n) {
				return i
			}
		}
	}
	return -1
}

// coord parses a coordinate field.
func coord(rec []string, i int) (float64, error) {
	if i >= len(rec) {
		return 0, errors.New("is missing")
	}
	s := strings.TrimSpace(rec[i])
	if s == "" {
		return 0, errors.New("is empty")
	}
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}
