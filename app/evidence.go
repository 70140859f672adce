package app

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"github.com/paulmach/orb"

	"casmap/app/mapmodel"
	"casmap/data"
	"casmap/data/atomicfile"
)

// evidenceCSVHeader is the header row of the CSV evidence export; every
// following row is one citation of one marker.
var evidenceCSVHeader = []string{
	"id", "kind", "title", "place", "country", "actor", "date", "value", "unit",
	"precision", "status", "lat", "lon", "source_id", "source_title", "publisher",
	"published", "quote",
}

// evidenceMarkdown returns the evidence of ms as Markdown, one section per
// marker: a "### Title" heading, a line with the place, date, kind, actor
// and figure, the editor's note if any, then every quote as a blockquote
// followed by its attribution.
func evidenceMarkdown(ds *data.Dataset, ms []*data.Marker) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "### %s\n\n", mdEscape(m.Title))
		b.WriteString(mdEscape(markerSummary(m)))
		b.WriteString("\n\n")
		if m.Geometry != nil {
			fmt.Fprintf(&b, "Position: %s (%s)\n\n", mdEscape(coordText(m.Geometry)), mdEscape(precisionText(m.Precision)))
		}
		if m.Note != "" {
			fmt.Fprintf(&b, "*Editor’s note:* %s\n\n", mdEscape(data.FoldSpace(m.Note)))
		}
		writeQuotesMarkdown(&b, ds, m.Citations)
	}
	return endOneNewline(b.String())
}

// endOneNewline ends non-empty Markdown with exactly one line break.
func endOneNewline(s string) string {
	if s == "" {
		return ""
	}
	return strings.TrimRight(s, "\n") + "\n"
}

// allianceMarkdown returns the alliance claims about the country iso with
// their quotes, as Markdown, for copying the evidence of a country.
func allianceMarkdown(s *State, iso string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n", mdEscape(countryLabel(iso)))
	as, member := s.AllianceOf(iso)
	if len(as) == 0 {
		fmt.Fprintf(&b, "%s\n", mdEscape(allianceClaim(iso, nil, false)))
		return b.String()
	}
	for i, a := range as {
		fmt.Fprintf(&b, "%s\n\n", mdEscape(allianceClaim(iso, a, member[i])))
		writeQuotesMarkdown(&b, s.DS, allianceCitations(a, iso))
	}
	return endOneNewline(b.String())
}

// writeQuotesMarkdown writes each citation as a blockquote and its
// attribution line.
func writeQuotesMarkdown(b *strings.Builder, ds *data.Dataset, cs []data.Citation) {
	for _, c := range cs {
		fmt.Fprintf(b, "> %s\n\n", mdEscape(data.FoldSpace(c.Quote)))
		fmt.Fprintf(b, "— %s\n\n", attributionMarkdown(ds.Source(c.Source), c.Source))
		if c.Note != "" {
			fmt.Fprintf(b, "*Note:* %s\n\n", mdEscape(data.FoldSpace(c.Note)))
		}
	}
}

// attributionMarkdown is the "*Title*, publisher, date" line of a quote.
func attributionMarkdown(src *data.Source, id string) string {
	if src == nil {
		return fmt.Sprintf("source %q (missing from the dataset)", id)
	}
	parts := []string{"*" + mdEscape(sourceTitle(src)) + "*", mdEscape(publisherText(src))}
	if src.Published != "" {
		parts = append(parts, mapmodel.FormatDate(src.Published))
	}
	if src.URL != "" {
		parts = append(parts, "<"+src.URL+">")
	}
	return strings.Join(parts, ", ")
}

// evidenceDocument returns a whole Markdown file: a title naming the
// dataset, then the evidence of ms.
func evidenceDocument(ds *data.Dataset, ms []*data.Marker) string {
	var b strings.Builder
	title := ds.Title
	if title == "" {
		title = "casmap dataset"
	}
	fmt.Fprintf(&b, "# Evidence: %s\n\n", mdEscape(title))
	if ds.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", mdEscape(data.FoldSpace(ds.Description)))
	}
	n := 0
	for _, m := range ms {
		n += len(m.Citations)
	}
	fmt.Fprintf(&b, "%s with %s.\n\n", mapmodel.Plural(len(ms), "marker", "markers"), mapmodel.Plural(n, "quote", "quotes"))
	b.WriteString(evidenceMarkdown(ds, ms))
	return b.String()
}

// writeEvidenceCSV writes one CSV row per citation of ms under
// evidenceCSVHeader.
func writeEvidenceCSV(w io.Writer, ds *data.Dataset, ms []*data.Marker) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(evidenceCSVHeader); err != nil {
		return err
	}
	for _, m := range ms {
		value := ""
		if m.Value != nil {
			value = strconv.FormatFloat(*m.Value, 'f', -1, 64)
		}
		lat, lon := "", ""
		if c, ok := geometryCentre(m.Geometry); ok {
			lat, lon = csvCoord(c.Lat()), csvCoord(c.Lon())
		}
		for _, c := range m.Citations {
			var title, publisher, published string
			if src := ds.Source(c.Source); src != nil {
				title, publisher, published = src.Title, src.Publisher, src.Published
			}
			row := []string{
				m.ID, string(m.Kind), m.Title, m.Place, m.Country, m.Actor, m.Date, value, m.Unit,
				string(m.Precision), string(m.Status), lat, lon, c.Source, title, publisher,
				published, c.Quote,
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvCoord formats a coordinate to at most six decimals, about 10 cm.
func csvCoord(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}

// exportEvidence asks for a file name and writes the evidence of the
// markers the filter shows there, atomically: CSV when the name ends in
// .csv, Markdown otherwise.
func (w *mainWindow) exportEvidence() {
	s := w.state
	ms := sortMarkers(s.Visible())
	if len(ms) == 0 {
		dialog.ShowInformation("Nothing to export", "No marker is shown: change the layers or the dates to show some, then export again.", w.win)
		return
	}
	ds := s.DS
	w.saveDialogIn("Export evidence (.md or .csv)", w.app.Preferences().String(prefExpDir), "casmap-evidence.md", []string{".md", ".csv"}, func(path string) {
		if err := writeEvidenceFile(path, ds, ms); err != nil {
			dialog.ShowError(fmt.Errorf("the evidence could not be saved to %s: %w", path, err), w.win)
			return
		}
		w.app.Preferences().SetString(prefExpDir, filepath.Dir(path))
		dialog.ShowInformation("Evidence exported",
			fmt.Sprintf("Saved the evidence of %s to %s.", mapmodel.Plural(len(ms), "marker", "markers"), filepath.Base(path)), w.win)
	})
}

// writeEvidence writes the evidence of ms to w in the format that name's
// extension asks for.
func writeEvidence(w io.Writer, name string, ds *data.Dataset, ms []*data.Marker) error {
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		return writeEvidenceCSV(w, ds, ms)
	}
	_, err := io.WriteString(w, evidenceDocument(ds, ms))
	return err
}

// writeEvidenceFile writes the evidence of ms to path atomically: to a
// temporary file in the same folder, renamed over path once complete.
func writeEvidenceFile(path string, ds *data.Dataset, ms []*data.Marker) error {
	var buf bytes.Buffer
	if err := writeEvidence(&buf, path, ds, ms); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, buf.Bytes(), 0o644)
}

// markerSummary is the "Place · date · kind · actor · figure" line of a
// marker. The kind carries the status when it is not current, so that a
// possible base never reads as an existing one.
func markerSummary(m *data.Marker) string {
	var parts []string
	if m.Place != "" {
		parts = append(parts, data.FoldSpace(m.Place))
	}
	parts = append(parts, markerDate(m))
	kind := m.Kind.Label()
	if m.Status != "" && m.Status != data.StatusCurrent {
		kind += " (" + string(m.Status) + ")"
	}
	parts = append(parts, kind)
	if m.Actor != "" {
		parts = append(parts, data.ActorName(m.Actor))
	}
	if f := formatFigure(m); f != "" {
		parts = append(parts, f)
	}
	return strings.Join(parts, " · ")
}

// mdEscaper escapes the characters that would turn a plain sentence into
// Markdown emphasis or code.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`")

// mdEscape returns s on one line with Markdown emphasis characters escaped.
func mdEscape(s string) string {
	return mdEscaper.Replace(strings.Join(strings.Fields(s), " "))
}

// sourceTitle is a source's title, or its id when it has none.
func sourceTitle(src *data.Source) string {
	if src.Title != "" {
		return data.FoldSpace(src.Title)
	}
	return src.ID
}

// publisherText is a source's publisher, said plainly when unknown.
func publisherText(src *data.Source) string {
	if src.Publisher != "" {
		return data.FoldSpace(src.Publisher)
	}
	return "publisher not named"
}

// sourceByline is "publisher · date" for a source.
func sourceByline(src *data.Source) string {
	s := publisherText(src)
	if src.Published != "" {
		s += " · published " + mapmodel.FormatDate(src.Published)
	} else {
		s += " · date not given"
	}
	return s
}

// markerDate is a marker's date for reading, or "undated".
func markerDate(m *data.Marker) string {
	if m.Date == "" {
		return "undated"
	}
	return mapmodel.FormatDate(m.Date)
}

// String writes the date as a reader expects: "1989", "April 2018" or
// "3 February 2019".

// formatFigure is a marker's quantity with its unit, "7,500 troops", or ""
// when it has none.
func formatFigure(m *data.Marker) string {
	if m.Value == nil {
		return ""
	}
	s := formatNumber(*m.Value)
	if m.Qualifier != "" {
		s = m.Qualifier + " " + s
	}
	if m.Unit != "" {
		s += " " + m.Unit
	}
	return s
}

// formatNumber writes v with thousands separators: 7500 as "7,500", 1.5 as
// "1.5".
func formatNumber(v float64) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// statusText says honestly what a status means.
func statusText(st data.Status) string {
	switch st {
	case data.StatusPossible:
		return "possible — the source says it may happen"
	case data.StatusPlanned:
		return "planned — announced or scheduled, not yet done"
	case data.StatusPast:
		return "past — over when the source was written"
	case data.StatusCurrent:
		return "current — in place when the source was written"
	case "":
		return "not stated — the dataset gives no status"
	}
	return string(st)
}

// precisionText says how exactly a marker is placed.
func precisionText(p data.Precision) string {
	switch p {
	case data.PrecisionExact:
		return "placed exactly: the source names the site"
	case data.PrecisionCity:
		return "placed at city level: somewhere in or near the city named"
	case data.PrecisionRegion:
		return "placed at region level: drawn loosely over the region the source names"
	case data.PrecisionCountry:
		return "placed at country level: the source names no exact site"
	case "":
		return "as given: the dataset does not say how exactly"
	}
	return string(p)
}

// geometryCentre is a point's position, or the centre of a line's or
// area's extent.
func geometryCentre(g orb.Geometry) (orb.Point, bool) {
	if g == nil {
		return orb.Point{}, false
	}
	if p, ok := g.(orb.Point); ok {
		return p, true
	}
	return g.Bound().Center(), true
}

// latLonText writes a position as "42.8746° N, 74.5698° E".
func latLonText(p orb.Point) string {
	ns, ew := "N", "E"
	lat, lon := p.Lat(), p.Lon()
	if lat < 0 {
		ns, lat = "S", -lat
	}
	if lon < 0 {
		ew, lon = "W", -lon
	}
	return fmt.Sprintf("%.4f° %s, %.4f° %s", lat, ns, lon, ew)
}

// coordText describes where a geometry lies: the position of a point, the
// centre and extent of a line or area.
func coordText(g orb.Geometry) string {
	c, ok := geometryCentre(g)
	if !ok {
		return "no position"
	}
	if _, isPoint := g.(orb.Point); isPoint {
		return latLonText(c)
	}
	b := g.Bound()
	what := "area"
	switch g.(type) {
	case orb.LineString, orb.MultiLineString:
		what = "line"
	}
	return fmt.Sprintf("%s centred on %s, spanning %.4f° to %.4f° latitude and %.4f° to %.4f° longitude",
		what, latLonText(c), b.Min.Lat(), b.Max.Lat(), b.Min.Lon(), b.Max.Lon())
}

// countryLabel is a country's name, or its code when unknown.
func countryLabel(iso string) string {
	if n := data.CountryName(iso); n != "" {
		return n
	}
	return iso
}

// allianceClaim is the sentence that says what the sources state about
// iso's membership of a; a nil a says the sources say nothing.
func allianceClaim(iso string, a *data.Alliance, member bool) string {
	name := countryLabel(iso)
	switch {
	case a == nil:
		return name + ": the sources do not say whether it belongs to an alliance."
	case member:
		return fmt.Sprintf("%s: member of %s, as the sources state.", name, a.Name)
	}
	return fmt.Sprintf("%s: stated non-member of %s — the sources say it does not belong.", name, a.Name)
}

// allianceCitations returns a's citations, those naming the country iso
// first.
func allianceCitations(a *data.Alliance, iso string) []data.Citation {
	name := strings.ToLower(data.CountryName(iso))
	var first, rest []data.Citation
	for _, c := range a.Citations {
		if name != "" && strings.Contains(strings.ToLower(c.Quote), name) {
			first = append(first, c)
		} else {
			rest = append(rest, c)
		}
	}
	return append(first, rest...)
}

// quoteContext returns the paragraph of text around the span [start, end):
// the text before the quote, the quote and the text after, with white space
// folded. The paragraph runs between the line breaks around the span; when
// it is longer than limit bytes, the context is trimmed at word boundaries
// and marked with "…". ok is false when the span does not lie in text.
func quoteContext(text string, start, end, limit int) (before, quote, after string, ok bool) {
	if start < 0 || end > len(text) || start >= end {
		return "", "", "", false
	}
	ps := strings.LastIndexByte(text[:start], '\n') + 1
	pe := len(text)
	if i := strings.IndexByte(text[end:], '\n'); i >= 0 {
		pe = end + i
	}
	before = strings.TrimLeft(text[ps:start], " \t\r")
	quote = text[start:end]
	after = strings.TrimRight(text[end:pe], " \t\r")
	room := max(limit-len(quote), 0)
	nb, na := room/2, room-room/2
	if len(before) < nb {
		na += nb - len(before)
		nb = len(before)
	} else if len(after) < na {
		nb += na - len(after)
		na = len(after)
	}
	return foldKeepEdges(trimBefore(before, nb)), data.FoldSpace(quote), foldKeepEdges(trimAfter(after, na)), true
}

// trimBefore keeps at most n bytes of the end of s, cut at a space, with a
// leading "…" when something was cut.
func trimBefore(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := s[len(s)-n:]
	if i := strings.IndexAny(cut, " \t\n"); i >= 0 {
		cut = cut[i:]
	}
	return "…" + strings.TrimLeft(cut, " \t\n")
}

// trimAfter keeps at most n bytes of the start of s, cut at a space, with a
// trailing "…" when something was cut.
func trimAfter(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := s[:n]
	if i := strings.LastIndexAny(cut, " \t\n"); i >= 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " \t\n") + "…"
}

// foldKeepEdges folds runs of white space to one space but keeps a single
// space at either end when s had white space there, so that the context
// still joins its quote with a space.
func foldKeepEdges(s string) string {
	if s == "" {
		return ""
	}
	f := strings.Join(strings.Fields(s), " ")
	if f == "" {
		return " "
	}
	if strings.IndexAny(s[:1], " \t\r\n") == 0 {
		f = " " + f
	}
	if strings.IndexAny(s[len(s)-1:], " \t\r\n") == 0 {
		f += " "
	}
	return f
}

// containsFold reports whether s contains sub, ignoring case.
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
