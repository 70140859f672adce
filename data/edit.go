package data

import (
	"errors"
	"fmt"
	"slices"

	"github.com/paulmach/orb"
)

// Edit is one undoable change to a dataset, such as adding a marker or
// moving one. An Edit is a small value that remembers only what it needs to
// undo itself, never a copy of the dataset; a History keeps the edits done
// so that they can be undone and redone.
//
// Apply makes the change. When the edit does not fit the dataset (an
// unknown id, an id already in use, a cited source, a position out of
// range) it returns an error, wrapping one of the Err values of this
// package, and changes nothing. Undo reverts the last Apply; it expects the
// dataset as Apply left it, or as later edits left it once they were
// undone, and returns an error, changing nothing, when the dataset plainly
// does not match. Apply may be called again after Undo (a redo).
//
// Edits keep the dataset's lookup tables (Dataset.Marker, Dataset.Source)
// up to date, and each marker's Index equal to its position in Markers,
// assuming Index was equal to the position before, as Load leaves it. They
// do not validate: run Validate, or a Validator, after each change.
//
// Name says what the edit does in words for an Edit menu, such as "move
// Russian air base in Kyrgyzstan"; a user interface adds "Undo " or
// "Redo ". Names use titles the edit learns when it is applied, so call
// Name after Apply; before, it names things by id.
type Edit interface {
	Apply(ds *Dataset) error
	Undo(ds *Dataset) error
	Name() string
}

// Errors wrapped by the errors of edits, for errors.Is.
var (
	ErrNoMarker     = errors.New("no marker with this id")
	ErrNoSource     = errors.New("no source with this id")
	ErrDuplicateID  = errors.New("id already in use")
	ErrSourceCited  = errors.New("source is cited")
	ErrOutOfRange   = errors.New("position out of range")
	ErrNotPoint     = errors.New("marker's geometry is not a point")
	ErrMissingValue = errors.New("no value given")

	// ErrNotApplied is the error of an Undo when the dataset is not as
	// the edit's Apply left it.
	ErrNotApplied = errors.New("dataset does not hold the change to undo")
)

// AtEnd as AddMarker.At appends the marker.
const AtEnd = -1

// maxNameTitle is the longest title, in runes, that a name quotes.
const maxNameTitle = 60

// markerLabel names a marker for an edit's name: its title, or its id when
// it has no title.
func markerLabel(m *Marker, id string) string {
	if m != nil && m.Title != "" {
		return truncate(oneLine(m.Title), maxNameTitle)
	}
	if m != nil {
		id = m.ID
	}
	return truncate(oneLine(id), maxNameTitle)
}

// sourceLabel names a source for an edit's name: its title, or its id
// when it has no title.
func sourceLabel(s *Source, id string) string {
	if s != nil && s.Title != "" {
		return truncate(oneLine(s.Title), maxNameTitle)
	}
	if s != nil {
		id = s.ID
	}
	return truncate(oneLine(id), maxNameTitle)
}

// ensureIndex builds the lookup tables when they are missing, so that
// edits look ids up, and keep them up, in constant time.
func ensureIndex(ds *Dataset) {
	if ds.markerIndex == nil || ds.sourceIndex == nil {
		ds.Reindex()
	}
}

// renumberFrom sets the Index of the markers from position i on.
func renumberFrom(ds *Dataset, i int) {
	for k := i; k < len(ds.Markers); k++ {
		if m := ds.Markers[k]; m != nil {
			m.Index = k
		}
	}
}

// markerPos returns the position of m in ds.Markers, or -1.
func markerPos(ds *Dataset, m *Marker) int {
	if i := m.Index; i >= 0 && i < len(ds.Markers) && ds.Markers[i] == m {
		return i
	}
	return slices.Index(ds.Markers, m)
}

// indexMarker records m, which is in ds.Markers, in the lookup table, where
// the first marker of an id wins as with Reindex.
func indexMarker(ds *Dataset, m *Marker) {
	if cur := ds.markerIndex[m.ID]; cur == nil || cur.Index > m.Index {
		ds.markerIndex[m.ID] = m
	}
}

// unindexMarker forgets m, which is no longer in ds.Markers, in the lookup
// table, where a later marker with the same id then takes its place.
func unindexMarker(ds *Dataset, m *Marker) {
	if ds.markerIndex[m.ID] != m {
		return
	}
	delete(ds.markerIndex, m.ID)
	// With as many ids in the table as there are markers, no other
	// marker has the id: skip looking for one.
	if len(ds.markerIndex) == len(ds.Markers)-nilMarkers(ds.Markers) {
		return
	}
	for _, o := range ds.Markers {
		if o != nil && o.ID == m.ID {
			ds.markerIndex[m.ID] = o
			return
		}
	}
}

// nilMarkers counts the nil markers of ms.
func nilMarkers(ms []*Marker) int {
	n := 0
	for _, m := range ms {
		if m == nil {
			n++
		}
	}
	return n
}

// insertMarker puts m at position i of ds.Markers.
func insertMarker(ds *Dataset, i int, m *Marker) {
	ds.Markers = slices.Insert(ds.Markers, i, m)
	renumberFrom(ds, i)
	indexMarker(ds, m)
}

// deleteMarker takes the marker at position i out of ds.Markers.
func deleteMarker(ds *Dataset, i int) {
	m := ds.Markers[i]
	ds.Markers = slices.Delete(ds.Markers, i, i+1)
	renumberFrom(ds, i)
	unindexMarker(ds, m)
}

// indexSource records s, which is in ds.Sources at position i, in the
// lookup table, where the first source of an id wins as with Reindex.
func indexSource(ds *Dataset, s *Source, i int) {
	if cur := ds.sourceIndex[s.ID]; cur == nil || slices.Index(ds.Sources, cur) > i {
		ds.sourceIndex[s.ID] = s
	}
}

// unindexSource forgets s, which is no longer in ds.Sources, in the
// lookup table, where a later source with the same id then takes its
// place.
func unindexSource(ds *Dataset, s *Source) {
	if ds.sourceIndex[s.ID] != s {
		return
	}
	delete(ds.sourceIndex, s.ID)
	for _, o := range ds.Sources {
		if o != nil && o.ID == s.ID {
			ds.sourceIndex[s.ID] = o
			return
		}
	}
}

// AddMarker adds a marker to the dataset.
type AddMarker struct {
	Marker *Marker // the marker added; the dataset takes it as it is
	// At is the position the marker takes, from 0 to len(Markers); AtEnd,
	// or any negative value, appends it. See AppendMarker.
	At int

	at int // where Apply put it
}

// AppendMarker returns the edit that adds m after the other markers.
func AppendMarker(m *Marker) *AddMarker { return &AddMarker{Marker: m, At: AtEnd} }

// Name returns "add " and the marker's title.
func (e *AddMarker) Name() string { return "add " + markerLabel(e.Marker, "marker") }

// Apply inserts the marker at At and sets its Index. It fails when the
// marker's id is in use or At is past the end.
func (e *AddMarker) Apply(ds *Dataset) error {
	if e.Marker == nil {
		return fmt.Errorf("add marker: %w", ErrMissingValue)
	}
	ensureIndex(ds)
	id := e.Marker.ID
	if ds.Marker(id) != nil {
		return fmt.Errorf("add marker %s: %w", id, ErrDuplicateID)
	}
	at := e.At
	if at < 0 {
		at = len(ds.Markers)
	}
	if at > len(ds.Markers) {
		return fmt.Errorf("add marker %s at %d: %w; the dataset has %d markers", id, at, ErrOutOfRange, len(ds.Markers))
	}
	insertMarker(ds, at, e.Marker)
	e.at = at
	return nil
}

// Undo removes the marker again.
func (e *AddMarker) Undo(ds *Dataset) error {
	if e.Marker == nil || e.at >= len(ds.Markers) || ds.Markers[e.at] != e.Marker {
		return fmt.Errorf("undo add marker %s: %w", e.markerID(), ErrNotApplied)
	}
	ensureIndex(ds)
	deleteMarker(ds, e.at)
	return nil
}

func (e *AddMarker) markerID() string {
	if e.Marker == nil {
		return ""
	}
	return e.Marker.ID
}

// RemoveMarker deletes a marker from the dataset. The markers after it
// move up one position, and their Index with them.
type RemoveMarker struct {
	ID string // id of the marker deleted

	m        *Marker // the marker deleted
	at       int     // its position
	shadowed *Marker // the later marker with the same id, in a dataset with duplicate ids
}

// Name returns "delete " and the marker's title.
func (e *RemoveMarker) Name() string { return "delete " + markerLabel(e.m, e.ID) }

// Apply deletes the marker, remembering it and its position. It fails when
// no marker has the id.
func (e *RemoveMarker) Apply(ds *Dataset) error {
	ensureIndex(ds)
	m := ds.Marker(e.ID)
	if m == nil {
		return fmt.Errorf("delete marker %s: %w", e.ID, ErrNoMarker)
	}
	at := markerPos(ds, m)
	deleteMarker(ds, at)
	e.m, e.at, e.shadowed = m, at, ds.Marker(e.ID)
	return nil
}

// Undo puts the marker back at its position.
func (e *RemoveMarker) Undo(ds *Dataset) error {
	ensureIndex(ds)
	if e.m == nil || e.at > len(ds.Markers) || ds.Marker(e.ID) != e.shadowed {
		return fmt.Errorf("undo delete marker %s: %w", e.ID, ErrNotApplied)
	}
	insertMarker(ds, e.at, e.m)
	return nil
}

// SetMarker replaces a marker by a new value, which takes its position:
// this is how an editor changes a marker's fields. The new value may have
// another id, provided no other marker has it.
type SetMarker struct {
	ID  string  // id of the marker replaced
	New *Marker // the new value; a new *Marker, not the marker being replaced

	old *Marker // the marker replaced
	at  int     // its position
}

// Name returns "edit " and the title of the marker replaced.
func (e *SetMarker) Name() string { return "edit " + markerLabel(e.old, e.ID) }

// Apply puts New in the marker's place, with its Index, remembering the
// marker replaced. It fails when no marker has the id or when New's id is
// another marker's.
func (e *SetMarker) Apply(ds *Dataset) error {
	if e.New == nil {
		return fmt.Errorf("edit marker %s: %w", e.ID, ErrMissingValue)
	}
	ensureIndex(ds)
	old := ds.Marker(e.ID)
	if old == nil {
		return fmt.Errorf("edit marker %s: %w", e.ID, ErrNoMarker)
	}
	if old == e.New {
		return fmt.Errorf("edit marker %s: the new value is the marker itself; give a copy", e.ID)
	}
	if e.New.ID != e.ID && ds.Marker(e.New.ID) != nil {
		return fmt.Errorf("edit marker %s: new id %s: %w", e.ID, e.New.ID, ErrDuplicateID)
	}
	at := markerPos(ds, old)
	replaceMarker(ds, at, old, e.New)
	e.old, e.at = old, at
	return nil
}

// Undo puts the marker replaced back.
func (e *SetMarker) Undo(ds *Dataset) error {
	if e.old == nil || e.at >= len(ds.Markers) || ds.Markers[e.at] != e.New {
		return fmt.Errorf("undo edit marker %s: %w", e.ID, ErrNotApplied)
	}
	ensureIndex(ds)
	replaceMarker(ds, e.at, e.New, e.old)
	return nil
}

// replaceMarker puts m in the place of old at position i.
func replaceMarker(ds *Dataset, i int, old, m *Marker) {
	ds.Markers[i] = m
	m.Index = i
	if old.ID == m.ID {
		if ds.markerIndex[m.ID] == old {
			ds.markerIndex[m.ID] = m
		} else {
			indexMarker(ds, m)
		}
		return
	}
	unindexMarker(ds, old)
	indexMarker(ds, m)
}

// MoveMarker gives a point marker a new position. To change the shape of a
// line or area, use SetMarker.
type MoveMarker struct {
	ID string    // id of the marker moved
	To orb.Point // its new position, [longitude, latitude]

	m   *Marker      // the marker moved
	old orb.Geometry // its geometry before
}

// Name returns "move " and the marker's title.
func (e *MoveMarker) Name() string { return "move " + markerLabel(e.m, e.ID) }

// Apply sets the marker's geometry to To, remembering the geometry before.
// It fails when no marker has the id or when the marker's geometry is a
// line or an area.
func (e *MoveMarker) Apply(ds *Dataset) error {
	ensureIndex(ds)
	m := ds.Marker(e.ID)
	if m == nil {
		return fmt.Errorf("move %s: %w", e.ID, ErrNoMarker)
	}
	if _, ok := m.Geometry.(orb.Point); !ok && m.Geometry != nil {
		return fmt.Errorf("move %s: %w but a %s", e.ID, ErrNotPoint, m.Geometry.GeoJSONType())
	}
	e.m, e.old = m, m.Geometry
	m.Geometry = e.To
	return nil
}

// Undo gives the marker its geometry back.
func (e *MoveMarker) Undo(ds *Dataset) error {
	ensureIndex(ds)
	if e.m == nil || ds.Marker(e.ID) != e.m {
		return fmt.Errorf("undo move %s: %w", e.ID, ErrNotApplied)
	}
	e.m.Geometry = e.old
	return nil
}

// citationEdit is what AddCitation and RemoveCitation remember: the marker
// and its citations before. Both edits give the marker a new Citations
// slice and never write to the one it had, which may be shared with
// another value, such as the marker a SetMarker replaced.
type citationEdit struct {
	m   *Marker
	old []Citation
}

// undo gives the marker its citations back.
func (c *citationEdit) undo(ds *Dataset, verb, id string, n int) error {
	ensureIndex(ds)
	if c.m == nil || ds.Marker(id) != c.m || len(c.m.Citations) != n {
		return fmt.Errorf("undo %s %s: %w", verb, id, ErrNotApplied)
	}
	c.m.Citations = c.old
	return nil
}

// AddCitation adds a citation after a marker's other citations.
type AddCitation struct {
	ID       string   // id of the marker citing
	Citation Citation // the citation added; its source must be in the dataset

	citationEdit
}

// Name returns "add citation to " and the marker's title.
func (e *AddCitation) Name() string { return "add citation to " + markerLabel(e.m, e.ID) }

// Apply appends the citation. It fails when no marker has the id or no
// source has the citation's source id.
func (e *AddCitation) Apply(ds *Dataset) error {
	ensureIndex(ds)
	m := ds.Marker(e.ID)
	if m == nil {
		return fmt.Errorf("add citation to %s: %w", e.ID, ErrNoMarker)
	}
	if ds.Source(e.Citation.Source) == nil {
		return fmt.Errorf("add citation to %s: source %s: %w", e.ID, e.Citation.Source, ErrNoSource)
	}
	e.m, e.old = m, m.Citations
	m.Citations = append(slices.Clip(m.Citations), e.Citation)
	return nil
}

// Undo takes the citation out again.
func (e *AddCitation) Undo(ds *Dataset) error {
	return e.undo(ds, "add citation to", e.ID, len(e.old)+1)
}

// RemoveCitation deletes one citation of a marker.
type RemoveCitation struct {
	ID string // id of the marker citing
	At int    // position of the citation in the marker's Citations, from 0

	citationEdit
}

// Name returns "delete citation from " and the marker's title.
func (e *RemoveCitation) Name() string { return "delete citation from " + markerLabel(e.m, e.ID) }

// Apply deletes the citation. It fails when no marker has the id or the
// marker has no citation at At.
func (e *RemoveCitation) Apply(ds *Dataset) error {
	ensureIndex(ds)
	m := ds.Marker(e.ID)
	if m == nil {
		return fmt.Errorf("delete citation from %s: %w", e.ID, ErrNoMarker)
	}
	if e.At < 0 || e.At >= len(m.Citations) {
		return fmt.Errorf("delete citation %d from %s: %w; the marker has %d citations", e.At, e.ID, ErrOutOfRange, len(m.Citations))
	}
	e.m, e.old = m, m.Citations
	m.Citations = slices.Concat(m.Citations[:e.At], m.Citations[e.At+1:])
	return nil
}

// Undo puts the citation back.
func (e *RemoveCitation) Undo(ds *Dataset) error {
	return e.undo(ds, "delete citation from", e.ID, len(e.old)-1)
}

// AddSource adds a source after the dataset's other sources.
type AddSource struct {
	Source *Source // the source added; the dataset takes it as it is
}

// Name returns "add source " and the source's title.
func (e *AddSource) Name() string { return "add source " + sourceLabel(e.Source, "") }

// Apply appends the source. It fails when its id is in use.
func (e *AddSource) Apply(ds *Dataset) error {
	if e.Source == nil {
		return fmt.Errorf("add source: %w", ErrMissingValue)
	}
	ensureIndex(ds)
	if ds.Source(e.Source.ID) != nil {
		return fmt.Errorf("add source %s: %w", e.Source.ID, ErrDuplicateID)
	}
	ds.Sources = append(ds.Sources, e.Source)
	indexSource(ds, e.Source, len(ds.Sources)-1)
	return nil
}

// Undo removes the source again.
func (e *AddSource) Undo(ds *Dataset) error {
	n := len(ds.Sources)
	if e.Source == nil || n == 0 || ds.Sources[n-1] != e.Source {
		id := ""
		if e.Source != nil {
			id = e.Source.ID
		}
		return fmt.Errorf("undo add source %s: %w", id, ErrNotApplied)
	}
	ensureIndex(ds)
	ds.Sources[n-1] = nil
	ds.Sources = ds.Sources[:n-1]
	unindexSource(ds, e.Source)
	return nil
}

// RemoveSource deletes a source that nothing cites. To delete a cited
// source, use RemoveSourceWithCitations.
type RemoveSource struct {
	ID string // id of the source deleted

	s        *Source // the source deleted
	at       int     // its position
	shadowed *Source // the later source with the same id, in a dataset with duplicate ids
}

// Name returns "delete source " and the source's title.
func (e *RemoveSource) Name() string { return "delete source " + sourceLabel(e.s, e.ID) }

// Apply deletes the source, remembering it and its position. It fails when
// no source has the id, or when a marker or alliance cites it.
func (e *RemoveSource) Apply(ds *Dataset) error {
	ensureIndex(ds)
	s := ds.Source(e.ID)
	if s == nil {
		return fmt.Errorf("delete source %s: %w", e.ID, ErrNoSource)
	}
	if n, first := citers(ds, e.ID); n > 0 {
		return fmt.Errorf("delete source %s: %w by %d markers or alliances, first %s", e.ID, ErrSourceCited, n, first)
	}
	at := slices.Index(ds.Sources, s)
	ds.Sources = slices.Delete(ds.Sources, at, at+1)
	unindexSource(ds, s)
	e.s, e.at, e.shadowed = s, at, ds.Source(e.ID)
	return nil
}

// Undo puts the source back at its position.
func (e *RemoveSource) Undo(ds *Dataset) error {
	ensureIndex(ds)
	if e.s == nil || e.at > len(ds.Sources) || ds.Source(e.ID) != e.shadowed {
		return fmt.Errorf("undo delete source %s: %w", e.ID, ErrNotApplied)
	}
	ds.Sources = slices.Insert(ds.Sources, e.at, e.s)
	indexSource(ds, e.s, e.at)
	return nil
}

// citers returns how many markers and alliances cite the source id, and
// the id of the first.
func citers(ds *Dataset, id string) (n int, first string) {
	cites := func(cs []Citation) bool {
		return slices.ContainsFunc(cs, func(c Citation) bool { return c.Source == id })
	}
	for _, m := range ds.Markers {
		if m != nil && cites(m.Citations) {
			if n++; n == 1 {
				first = "marker " + m.ID
			}
		}
	}
	for _, a := range ds.Alliances {
		if a != nil && cites(a.Citations) {
			if n++; n == 1 {
				first = "alliance " + a.ID
			}
		}
	}
	return n, first
}

// RemoveSourceWithCitations deletes a source together with every citation
// of it, in markers and alliances, as one edit. It may leave a marker or
// alliance without citations, which validation then reports.
type RemoveSourceWithCitations struct {
	ID string // id of the source deleted

	title string
	drop  *dropCitations
	all   *Composite
}

// Name returns "delete source ", the source's title and how many
// citations went with it.
func (e *RemoveSourceWithCitations) Name() string {
	title := e.title
	if title == "" {
		title = truncate(oneLine(e.ID), maxNameTitle)
	}
	switch n := e.drop.count(); n {
	case 0:
		return "delete source " + title
	case 1:
		return "delete source " + title + " and its citation"
	default:
		return fmt.Sprintf("delete source %s and its %d citations", title, n)
	}
}

// Apply deletes the citations of the source, then the source. It fails
// when no source has the id.
func (e *RemoveSourceWithCitations) Apply(ds *Dataset) error {
	ensureIndex(ds)
	s := ds.Source(e.ID)
	if s == nil {
		return fmt.Errorf("delete source %s: %w", e.ID, ErrNoSource)
	}
	drop := &dropCitations{source: e.ID}
	all := &Composite{Label: "delete source " + e.ID, Edits: []Edit{drop, &RemoveSource{ID: e.ID}}}
	if err := all.Apply(ds); err != nil {
		return err
	}
	e.title, e.drop, e.all = sourceLabel(s, e.ID), drop, all
	return nil
}

// Undo puts the source and its citations back.
func (e *RemoveSourceWithCitations) Undo(ds *Dataset) error {
	if e.all == nil {
		return fmt.Errorf("undo delete source %s: %w", e.ID, ErrNotApplied)
	}
	return e.all.Undo(ds)
}

// dropCitations deletes every citation of a source.
type dropCitations struct {
	source string

	markers   []citationEdit
	alliances []allianceCitations
	n         int // citations deleted
}

// allianceCitations is an alliance and its citations before.
type allianceCitations struct {
	a   *Alliance
	old []Citation
}

func (e *dropCitations) count() int {
	if e == nil {
		return 0
	}
	return e.n
}

func (e *dropCitations) Name() string { return "delete citations of source " + e.source }

func (e *dropCitations) Apply(ds *Dataset) error {
	e.markers, e.alliances, e.n = nil, nil, 0
	keep := func(c Citation) bool { return c.Source != e.source }
	filter := func(cs []Citation) ([]Citation, bool) {
		if !slices.ContainsFunc(cs, func(c Citation) bool { return !keep(c) }) {
			return nil, false
		}
		var out []Citation
		for _, c := range cs {
			if keep(c) {
				out = append(out, c)
			} else {
				e.n++
			}
		}
		if out == nil {
			out = []Citation{}
		}
		return out, true
	}
	for _, m := range ds.Markers {
		if m == nil {
			continue
		}
		if cs, ok := filter(m.Citations); ok {
			e.markers = append(e.markers, citationEdit{m, m.Citations})
			m.Citations = cs
		}
	}
	for _, a := range ds.Alliances {
		if a == nil {
			continue
		}
		if cs, ok := filter(a.Citations); ok {
			e.alliances = append(e.alliances, allianceCitations{a, a.Citations})
			a.Citations = cs
		}
	}
	return nil
}

func (e *dropCitations) Undo(ds *Dataset) error {
	ensureIndex(ds)
	for _, c := range e.markers {
		if ds.Marker(c.m.ID) != c.m {
			return fmt.Errorf("undo delete citations of %s: marker %s: %w", e.source, c.m.ID, ErrNotApplied)
		}
	}
	for _, c := range e.markers {
		c.m.Citations = c.old
	}
	for _, c := range e.alliances {
		c.a.Citations = c.old
	}
	return nil
}

// Composite groups edits into one: they are applied in order and undone in
// reverse order, as one step of a History.
type Composite struct {
	Label string // the name, e.g. "align 3 markers"
	Edits []Edit
}

// Name returns Label; when Label is "", the only edit's name, or how many
// changes the composite makes.
func (c *Composite) Name() string {
	switch {
	case c.Label != "":
		return c.Label
	case len(c.Edits) == 1:
		return c.Edits[0].Name()
	default:
		return fmt.Sprintf("%d changes", len(c.Edits))
	}
}

// Apply applies the edits in order. When one fails, it undoes those applied
// before, so that the dataset is left as it was, and returns the error.
func (c *Composite) Apply(ds *Dataset) error {
	for i, e := range c.Edits {
		if err := e.Apply(ds); err != nil {
			err = fmt.Errorf("%s: %w", c.Name(), err)
			for j := i - 1; j >= 0; j-- {
				if uerr := c.Edits[j].Undo(ds); uerr != nil {
					return errors.Join(err, fmt.Errorf("roll back: %w", uerr))
				}
			}
			return err
		}
	}
	return nil
}

// Undo undoes the edits in reverse order. When one fails, it applies again
// those undone before, so that the dataset is left as it was, and returns
// the error.
func (c *Composite) Undo(ds *Dataset) error {
	for i := len(c.Edits) - 1; i >= 0; i-- {
		if err := c.Edits[i].Undo(ds); err != nil {
			err = fmt.Errorf("undo %s: %w", c.Name(), err)
			for j := i + 1; j < len(c.Edits); j++ {
				if aerr := c.Edits[j].Apply(ds); aerr != nil {
					return errors.Join(err, fmt.Errorf("roll forward: %w", aerr))
				}
			}
			return err
		}
	}
	return nil
}

// SetSource replaces a source's metadata (title, publisher, date of
// publication, URL, note) by those of New. The text, its file and its
// digest stay: a cited text is never changed by an edit.
type SetSource struct {
	ID  string  // id of the source changed
	New *Source // the new metadata; a new *Source; its ID, File, Text and SHA256 are ignored

	old *Source // the source replaced
	at  int
	set *Source // the source put in its place
}

// Name returns "edit source " and the source's title.
func (e *SetSource) Name() string { return "edit source " + sourceLabel(e.old, e.ID) }

// Apply puts a copy of the old source with New's metadata in its place.
func (e *SetSource) Apply(ds *Dataset) error {
	if e.New == nil {
		return fmt.Errorf("edit source %s: %w", e.ID, ErrMissingValue)
	}
	ensureIndex(ds)
	old := ds.Source(e.ID)
	if old == nil {
		return fmt.Errorf("edit source %s: %w", e.ID, ErrNoSource)
	}
	at := slices.Index(ds.Sources, old)
	s := *old
	s.Title, s.Publisher, s.Published, s.URL, s.Note = e.New.Title, e.New.Publisher, e.New.Published, e.New.URL, e.New.Note
	s.PublishedDate = DateRange{}
	ds.Sources[at] = &s
	ds.sourceIndex[s.ID] = &s
	e.old, e.at, e.set = old, at, &s
	return nil
}

// Undo puts the old source back.
func (e *SetSource) Undo(ds *Dataset) error {
	if e.old == nil || e.at >= len(ds.Sources) || ds.Sources[e.at] != e.set {
		return fmt.Errorf("undo edit source %s: %w", e.ID, ErrNotApplied)
	}
	ensureIndex(ds)
	ds.Sources[e.at] = e.old
	ds.sourceIndex[e.old.ID] = e.old
	return nil
}
