package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"casmap/data/atomicfile"
)

// Save writes the dataset to path as GeoJSON (see MarshalJSON), atomically:
// it writes a temporary file in the same folder, flushes it to disk and
// renames it over path. When path already exists, its previous contents are
// kept as the single backup path+"~", replacing any older backup. On any
// error the file at path is left as it was. When path is a symbolic link,
// the file it points to is replaced. See atomicfile.Write.
//
// File sources are written as their file paths, relative to the dataset's
// folder, so saving to another folder needs the source files there too.
func (d *Dataset) Save(path string) error {
	out, err := d.MarshalJSON()
	if err != nil {
		return fmt.Errorf("save dataset %s: %w", path, err)
	}
	if err := atomicfile.WriteFile(path, out, 0o644, atomicfile.KeepBackup()); err != nil {
		return fmt.Errorf("save dataset: %w", err) // the error names the file
	}
	return nil
}

// MarshalJSON encodes the dataset as a GeoJSON FeatureCollection indented
// by two spaces, with members in a stable, readable order: type, title,
// description, sources, alliances, the other foreign members (Extra) sorted
// by key, then the features. Each feature has its properties in the order
// of the Marker fields, then the simplestyle keys (StyleKeys order), then
// the "x-" keys sorted, then its geometry. File sources are written as
// their file path, never with their text. Altitudes, "bbox" members and a
// feature's top-level "id" (a copy of properties.id) are not written. It
// fails on values GeoJSON cannot hold, such as a NaN coordinate or a marker
// without geometry.
func (d *Dataset) MarshalJSON() ([]byte, error) {
	w := &jsonWriter{buf: make([]byte, 0, d.sizeHint())}
	w.open('{')
	w.key("type")
	w.string("FeatureCollection")
	if d.Title != "" {
		w.key("title")
		w.string(d.Title)
	}
	if d.Description != "" {
		w.key("description")
		w.string(d.Description)
	}
	w.key("sources")
	w.open('[')
	for i, s := range d.Sources {
		if s == nil {
			return nil, fmt.Errorf("sources[%d] is nil", i)
		}
		w.elem()
		writeSource(w, s)
	}
	w.close(']')
	if len(d.Alliances) > 0 {
		w.key("alliances")
		w.open('[')
		for i, a := range d.Alliances {
			if a == nil {
				return nil, fmt.Errorf("alliances[%d] is nil", i)
			}
			w.elem()
			writeAlliance(w, a)
		}
		w.close(']')
	}
	for _, k := range slices.Sorted(maps.Keys(d.Extra)) {
		switch k {
		case "type", "features", "sources", "alliances", "title", "description":
			return nil, fmt.Errorf("extra member %q would clash with the dataset's own", k)
		}
		w.key(k)
		if err := w.raw(d.Extra[k]); err != nil {
			return nil, fmt.Errorf("extra member %q: %w", k, err)
		}
	}
	w.key("features")
	w.open('[')
	for i, m := range d.Markers {
		if m == nil {
			return nil, fmt.Errorf("features[%d] is nil", i)
		}
		w.elem()
		if err := writeMarker(w, m); err != nil {
			return nil, fmt.Errorf("feature %d (%s): %w", i, m.ID, err)
		}
	}
	w.close(']')
	w.close('}')
	w.buf = append(w.buf, '\n')
	if w.err != nil {
		return nil, w.err
	}
	return w.buf, nil
}

// sizeHint estimates the size of the dataset's JSON, so that encoding
// grows its buffer once or twice rather than some thirty times.
func (d *Dataset) sizeHint() int {
	n := 1 << 10
	for _, s := range d.Sources {
		if s != nil {
			n += 256 + len(s.Title) + len(s.Note)
			if s.File == "" {
				n += len(s.Text) + len(s.Text)/16
			}
		}
	}
	for _, m := range d.Markers {
		if m == nil {
			continue
		}
		n += 512 + len(m.Title) + len(m.Place) + len(m.Note)
		for _, c := range m.Citations {
			n += 64 + len(c.Quote) + len(c.Quote)/16
		}
	}
	return n
}

func writeSource(w *jsonWriter, s *Source) {
	w.open('{')
	w.key("id")
	w.string(s.ID)
	w.key("title")
	w.string(s.Title)
	w.optString("publisher", s.Publisher)
	w.optString("published", s.Published)
	w.optString("url", s.URL)
	w.optString("note", s.Note)
	if s.File != "" {
		w.key("file")
		w.string(s.File)
	} else {
		w.key("text")
		w.string(s.Text)
	}
	w.optString("sha256", s.SHA256)
	w.close('}')
}

func writeAlliance(w *jsonWriter, a *Alliance) {
	w.open('{')
	w.key("id")
	w.string(a.ID)
	w.key("name")
	w.string(a.Name)
	w.optString("leader", a.Leader)
	w.key("members")
	w.inlineStrings(a.Members)
	if len(a.NonMembers) > 0 {
		w.key("nonMembers")
		w.inlineStrings(a.NonMembers)
	}
	writeCitations(w, a.Citations)
	w.close('}')
}

func writeCitations(w *jsonWriter, cites []Citation) {
	w.key("citations")
	w.open('[')
	for _, c := range cites {
		w.elem()
		w.open('{')
		w.key("source")
		w.string(c.Source)
		w.key("quote")
		w.string(c.Quote)
		w.optString("note", c.Note)
		w.close('}')
	}
	w.close(']')
}

func writeMarker(w *jsonWriter, m *Marker) error {
	w.open('{')
	w.key("type")
	w.string("Feature")
	w.key("properties")
	w.open('{')
	w.key("id")
	w.string(m.ID)
	w.key("kind")
	w.string(string(m.Kind))
	w.key("title")
	w.string(m.Title)
	w.key("place")
	w.string(m.Place)
	w.optString("country", m.Country)
	w.optString("actor", m.Actor)
	w.optString("date", m.Date)
	if m.Value != nil {
		w.key("value")
		if err := w.number(*m.Value); err != nil {
			return fmt.Errorf("value: %w", err)
		}
	}
	w.optString("unit", m.Unit)
	w.optString("qualifier", m.Qualifier)
	w.key("precision")
	w.string(string(m.Precision))
	w.key("status")
	w.string(string(m.Status))
	w.optString("trip", m.Trip)
	if m.Stop != 0 {
		w.key("stop")
		w.buf = strconv.AppendInt(w.buf, int64(m.Stop), 10)
	}
	if len(m.Participants) > 0 {
		w.key("participants")
		w.inlineStrings(m.Participants)
	}
	w.optString("note", m.Note)
	if m.Draft {
		w.key("draft")
		w.buf = append(w.buf, "true"...)
	}
	w.optString("corroborates", m.Corroborates)
	w.optString("disagrees", m.Disagrees)
	writeCitations(w, m.Citations)
	for _, k := range StyleKeys {
		v, ok := m.Style[k]
		if !ok {
			continue
		}
		w.key(k)
		if err := w.any(v); err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
	}
	for k := range m.Style {
		if !isStyleKey(k) {
			return fmt.Errorf("style key %q is not a simplestyle key", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m.Extra)) {
		if len(k) <= 2 || k[:2] != "x-" {
			return fmt.Errorf("extra property %q does not start with \"x-\"", k)
		}
		w.key(k)
		if err := w.raw(m.Extra[k]); err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
	}
	w.close('}')
	w.key("geometry")
	if err := writeGeometry(w, m.Geometry); err != nil {
		return fmt.Errorf("geometry: %w", err)
	}
	w.close('}')
	return nil
}

func writeGeometry(w *jsonWriter, g orb.Geometry) error {
	w.open('{')
	w.key("type")
	switch g := g.(type) {
	case orb.Point:
		w.string("Point")
		w.key("coordinates")
		if err := w.position(g); err != nil {
			return err
		}
	case orb.LineString:
		w.string("LineString")
		w.key("coordinates")
		if err := w.positions(g); err != nil {
			return err
		}
	case orb.Polygon:
		w.string("Polygon")
		w.key("coordinates")
		w.open('[')
		for _, ring := range g {
			w.elem()
			if err := w.positions(ring); err != nil {
				return err
			}
		}
		w.close(']')
	case nil:
		return errors.New("is missing")
	default:
		return fmt.Errorf("%s is not allowed; want Point, LineString or Polygon", g.GeoJSONType())
	}
	w.close('}')
	return nil
}

// jsonWriter writes indented JSON. Containers are opened with open, each
// array element is introduced by elem and each object member by key.
type jsonWriter struct {
	buf   []byte
	depth int
	first bool // nothing written yet in the current container
	err   error
}

func (w *jsonWriter) newline() {
	w.buf = append(w.buf, '\n')
	for range w.depth {
		w.buf = append(w.buf, ' ', ' ')
	}
}

func (w *jsonWriter) open(c byte) {
	w.buf = append(w.buf, c)
	w.depth++
	w.first = true
}

func (w *jsonWriter) close(c byte) {
	w.depth--
	if !w.first {
		w.newline()
	}
	w.buf = append(w.buf, c)
	w.first = false
}

func (w *jsonWriter) elem() {
	if !w.first {
		w.buf = append(w.buf, ',')
	}
	w.first = false
	w.newline()
}

func (w *jsonWriter) key(k string) {
	w.elem()
	w.string(k)
	w.buf = append(w.buf, ':', ' ')
}

func (w *jsonWriter) optString(k, v string) {
	if v != "" {
		w.key(k)
		w.string(v)
	}
}

// inlineStrings writes an array of strings on one line.
func (w *jsonWriter) inlineStrings(ss []string) {
	w.buf = append(w.buf, '[')
	for i, s := range ss {
		if i > 0 {
			w.buf = append(w.buf, ',', ' ')
		}
		w.string(s)
	}
	w.buf = append(w.buf, ']')
}

// string writes s quoted, escaping only what JSON requires (and U+2028,
// U+2029), so that text stays readable. Invalid UTF-8 becomes U+FFFD.
func (w *jsonWriter) string(s string) {
	const hex = "0123456789abcdef"
	b := append(w.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			switch r {
			case '\u2028':
				b = append(b, `\u2028`...)
			case '\u2029':
				b = append(b, `\u2029`...)
			default:
				b = append(b, `\ufffd`...)
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	w.buf = append(b, '"')
}

// number writes a finite float64 the way encoding/json does.
func (w *jsonWriter) number(f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("%v is not a finite number", f)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(w.buf, f, format, -1, 64)
	if format == 'e' {
		// Shorten e-09 to e-9.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	w.buf = b
	return nil
}

// position writes [longitude, latitude] on one line.
func (w *jsonWriter) position(p orb.Point) error {
	w.buf = append(w.buf, '[')
	if err := w.number(p[0]); err != nil {
		return err
	}
	w.buf = append(w.buf, ',', ' ')
	if err := w.number(p[1]); err != nil {
		return err
	}
	w.buf = append(w.buf, ']')
	return nil
}

// positions writes an array of positions, one per line.
func (w *jsonWriter) positions(pts []orb.Point) error {
	w.open('[')
	for _, p := range pts {
		w.elem()
		if err := w.position(p); err != nil {
			return err
		}
	}
	w.close(']')
	return nil
}

// any writes a style value: a string, a number or, failing those, whatever
// encoding/json makes of it.
func (w *jsonWriter) any(v any) error {
	switch v := v.(type) {
	case string:
		w.string(v)
		return nil
	case float64:
		return w.number(v)
	case int:
		w.buf = strconv.AppendInt(w.buf, int64(v), 10)
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return w.raw(b)
}

// raw writes a JSON value: on one line when it is short, else re-indented
// to fit.
func (w *jsonWriter) raw(v json.RawMessage) error {
	var buf bytes.Buffer
	if err := json.Compact(&buf, v); err != nil {
		return fmt.Errorf("is not valid JSON: %w", err)
	}
	if buf.Len() <= 60 {
		w.buf = append(w.buf, buf.Bytes()...)
		return nil
	}
	v = bytes.Clone(buf.Bytes())
	buf.Reset()
	prefix := make([]byte, 2*w.depth)
	for i := range prefix {
		prefix[i] = ' '
	}
	if err := json.Indent(&buf, v, string(prefix), "  "); err != nil {
		return err
	}
	w.buf = append(w.buf, buf.Bytes()...)
	return nil
}
