package extract

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"casmap/data"
	"casmap/data/gazetteer"
)

// Article is an article file read for drafting.
type Article struct {
	Text    []byte // the text, UTF-8: the file's bytes, or their decoding
	Decoded string // the encoding the file was decoded from ("Windows-1251"), or "" for UTF-8
	Header  Header
}

// ReadArticle reads an article file, refusing in one sentence what cannot
// be an article: a missing, empty, binary or huge file (over
// data.MaxSourceSize). A file that is not UTF-8 is decoded as Windows-1251
// when it looks Cyrillic, else as Windows-1252, and Decoded says so.
func ReadArticle(path string) (*Article, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s cannot be read: %w", path, errors.Unwrap(err))
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a folder; name an article's text file", path)
	}
	if st.Size() > data.MaxSourceSize {
		return nil, fmt.Errorf("%s is %d MiB, over the limit of %d MiB for one source; split it or keep the part that matters", path, st.Size()>>20, data.MaxSourceSize>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s cannot be read: %w", path, errors.Unwrap(err))
	}
	a, err := ParseArticle(b)
	if err != nil {
		return nil, fmt.Errorf("%s %w", path, err)
	}
	return a, nil
}

// ParseArticle checks and decodes the bytes of an article; its errors read
// after the file's name ("is empty; …").
func ParseArticle(b []byte) (*Article, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, errors.New("is empty; an article needs its text")
	}
	if bytes.IndexByte(b, 0) >= 0 || controlShare(b) > 0.02 {
		return nil, errors.New("is not a text file: it holds binary data; save the article as plain text (.txt or .md)")
	}
	a := &Article{Text: b}
	if !utf8.Valid(b) {
		dec := charmap.Windows1252
		a.Decoded = "Windows-1252"
		if cyrillicShare(b) > 0.3 {
			dec, a.Decoded = charmap.Windows1251, "Windows-1251"
		}
		out, err := dec.NewDecoder().Bytes(b)
		if err != nil {
			return nil, fmt.Errorf("is neither UTF-8 nor %s text; save it as UTF-8", a.Decoded)
		}
		a.Text = out
	}
	a.Text = bytes.TrimPrefix(a.Text, []byte("\ufeff"))
	a.Header = ReadHeader(string(a.Text))
	return a, nil
}

// controlShare is the share of control bytes other than white space.
func controlShare(b []byte) float64 {
	n := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			n++
		}
	}
	return float64(n) / float64(len(b))
}

// cyrillicShare is the share of high bytes in the Windows-1251 letter range
// among all high bytes: Cyrillic text is mostly letters 0xC0–0xFF.
func cyrillicShare(b []byte) float64 {
	high, letters := 0, 0
	for _, c := range b {
		if c >= 0x80 {
			high++
			if c >= 0xC0 {
				letters++
			}
		}
	}
	if high == 0 {
		return 0
	}
	// In Windows-1252 text high bytes are rare accents among ASCII.
	return float64(letters) / float64(len(b)) * 4 * float64(letters) / float64(high)
}

// Source makes the source of an article: its metadata from meta where
// given, else from the header, and its id a slug of its title unused in
// ds (nil for none).
func Source(a *Article, meta Header, name string, ds *data.Dataset) *data.Source {
	pick := func(x, y string) string {
		if strings.TrimSpace(x) != "" {
			return strings.TrimSpace(x)
		}
		return y
	}
	title := pick(meta.Title, a.Header.Title)
	if title == "" {
		title = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	}
	s := &data.Source{
		Title:     title,
		Publisher: pick(meta.Publisher, a.Header.Publisher),
		Published: pick(meta.Published, a.Header.Published),
		URL:       pick(meta.URL, a.Header.URL),
		Text:      string(a.Text),
	}
	if a.Decoded != "" {
		s.Note = "The file was not UTF-8; its text was read as " + a.Decoded + "."
	}
	s.SHA256 = data.SourceDigest(s.Text)
	s.ID = data.UniqueID(data.Slugify(title), "article", func(id string) bool { return ds != nil && ds.Source(id) != nil })
	return s
}

// Relation says how a draft stands to a marker already in the dataset.
type Relation int

// The relations of a draft to the dataset.
const (
	New         Relation = iota // nothing in the dataset speaks of it
	Corroborate                 // a marker makes the same claim: add the sentence to it
	Disagree                    // a marker makes another claim of the same place and kind
)

// Conflict is a disagreement between a draft and a marker.
type Conflict struct {
	Draft, Marker *data.Marker
	Reason        string // "7,000 troops against some 7,500 troops"
}

// Relate finds the marker of ds that draft d speaks of: same kind, same
// country, and near enough for their precision (10 km for exact places, 30
// for cities, 250 for regions), both placed only at the country, or both
// giving a figure of the same unit. It returns
// Disagree when their figures (same unit, more than 2% apart) or their
// actors differ, Corroborate otherwise, New when there is none.
func Relate(ds *data.Dataset, d *data.Marker) (Relation, *data.Marker, string) {
	var best *data.Marker
	bestKm := math.Inf(1)
	for _, m := range ds.Markers {
		if m == d || m.Draft || m.Kind != d.Kind || m.Country != d.Country || m.Country == "" {
			continue
		}
		// Two claims placed only at the country are of the same place; a
		// claim at a city or a region is the same as another within 60 km;
		// a figure of the same unit in the same country is about the same
		// thing whatever the precision (7,000 troops in Tajikistan).
		km := distanceKm(m, d)
		countryM, countryD := m.Precision == data.PrecisionCountry, d.Precision == data.PrecisionCountry
		limit := max(reach(m.Precision), reach(d.Precision))
		switch {
		case countryM && countryD:
			km = 0
		case m.Value != nil && d.Value != nil && m.Unit == d.Unit:
			km = 0
		case countryM != countryD:
			limit = 10 // a country's claim drawn at this very place (Kant)
		}
		if km <= limit && km < bestKm {
			best, bestKm = m, km
		}
	}
	if best == nil {
		return New, nil, ""
	}
	if d.Value != nil && best.Value != nil && d.Unit == best.Unit && math.Abs(*d.Value-*best.Value) > 0.02*math.Max(*d.Value, *best.Value) {
		return Disagree, best, fmt.Sprintf("%s against %s", figureText(d), figureText(best))
	}
	if d.Actor != "" && best.Actor != "" && d.Actor != best.Actor && (d.Kind == data.KindBase || d.Kind == data.KindDeployment) {
		return Disagree, best, fmt.Sprintf("%s against %s", data.ActorName(d.Actor), data.ActorName(best.Actor))
	}
	return Corroborate, best, ""
}

// reach is how far apart, in km, two claims of a precision may be and
// still speak of one place.
func reach(p data.Precision) float64 {
	switch p {
	case data.PrecisionExact:
		return 10
	case data.PrecisionCity:
		return 30
	case data.PrecisionRegion:
		return 250
	}
	return 0
}

// figureText is "some 7,500 troops".
func figureText(m *data.Marker) string {
	return strings.TrimSpace(m.Qualifier + " " + formatCount(*m.Value) + " " + m.Unit)
}

// distanceKm is the great-circle distance between the anchors of two
// markers, or +Inf when either has none.
func distanceKm(a, b *data.Marker) float64 {
	pa, ok1 := anchor(a)
	pb, ok2 := anchor(b)
	if !ok1 || !ok2 {
		return math.Inf(1)
	}
	const r = 6371.0
	la1, la2 := pa[1]*math.Pi/180, pb[1]*math.Pi/180
	dla, dlo := la2-la1, (pb[0]-pa[0])*math.Pi/180
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// anchor is the centre of a marker's geometry.
func anchor(m *data.Marker) ([2]float64, bool) {
	if m.Geometry == nil {
		return [2]float64{}, false
	}
	c := m.Geometry.Bound().Center()
	return [2]float64{c[0], c[1]}, true
}

// Imported is the outcome of importing an article into a dataset.
type Imported struct {
	Source    *data.Source
	Drafts    []Draft
	Conflicts []Conflict
	Edit      *data.Composite // adds the source and the drafts, as one undoable edit
}

// Import drafts the article src (whose Text and metadata are set; body is
// where the text starts after its header) for ds: it relates every draft to
// the markers of ds, marking corroborations and disagreements, and returns
// the one edit that adds the source and the drafts. ds is not changed.
func Import(ds *data.Dataset, src *data.Source, body int, g *gazetteer.Gazetteer) *Imported {
	drafts := Extract(src, g, Options{Body: body, Taken: func(id string) bool { return ds.Marker(id) != nil }})
	im := &Imported{Source: src, Drafts: drafts}
	edits := []data.Edit{&data.AddSource{Source: src}}
	var kept []Draft
	for _, d := range drafts {
		// The same claim made again in the article is one draft with
		// both sentences; another claim about the same place and kind
		// (a Tajik post that a newspaper calls Chinese) disagrees.
		if prev, rel, why := relateDrafts(kept, d.Marker); prev != nil {
			if rel == Corroborate {
				prev.Citations = append(prev.Citations, d.Marker.Citations...)
				continue
			}
			if prev.Disagrees == "" {
				d.Marker.Disagrees = prev.ID
				d.Marker.Note += fmt.Sprintf(" The article disagrees with itself (see %s): %s.", prev.ID, why)
				im.Conflicts = append(im.Conflicts, Conflict{Draft: d.Marker, Marker: prev, Reason: why})
			}
		}
		kept = append(kept, d)
		rel, other, why := Relate(ds, d.Marker)
		switch rel {
		case Corroborate:
			d.Marker.Corroborates = other.ID
			d.Marker.Note += fmt.Sprintf(" Corroborates %s: accepting it adds this sentence to that marker.", other.ID)
		case Disagree:
			d.Marker.Disagrees = other.ID
			d.Marker.Note += fmt.Sprintf(" Sources disagree with %s: %s.", other.ID, why)
			im.Conflicts = append(im.Conflicts, Conflict{Draft: d.Marker, Marker: other, Reason: why})
		}
		edits = append(edits, data.AppendMarker(d.Marker))
	}
	im.Drafts = kept
	im.Edit = &data.Composite{Label: fmt.Sprintf("import %s (%d drafts)", truncate(src.Title, 50), len(drafts)), Edits: edits}
	return im
}

// relateDrafts compares draft d with the drafts kept before it from the
// same article: the first of the same kind and place (same name, or both
// at the country) corroborates it or disagrees with it.
func relateDrafts(kept []Draft, d *data.Marker) (*data.Marker, Relation, string) {
	for _, k := range kept {
		m := k.Marker
		if m.Kind != d.Kind || m.Country != d.Country || m.Place != d.Place {
			continue
		}
		if m.Value != nil && d.Value != nil && m.Unit == d.Unit && math.Abs(*d.Value-*m.Value) > 0.02*math.Max(*d.Value, *m.Value) {
			return m, Disagree, fmt.Sprintf("%s against %s", figureText(d), figureText(m))
		}
		if d.Actor != "" && m.Actor != "" && d.Actor != m.Actor && (d.Kind == data.KindBase || d.Kind == data.KindDeployment) {
			return m, Disagree, fmt.Sprintf("%s against %s", data.ActorName(d.Actor), data.ActorName(m.Actor))
		}
		return m, Corroborate, ""
	}
	return nil, New, ""
}

// truncate shortens s to n runes with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
