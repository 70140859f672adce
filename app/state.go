package app

import (
	"slices"

	"casmap/app/mapmodel"
	"casmap/data"
	"casmap/data/layers"
)

// Filter is what the user chose to see; see mapmodel.Filter.
type Filter = mapmodel.Filter

// DefaultFilter returns the filter a new user starts with: every kind and
// actor shown, the alliance shading and the routes on.
func DefaultFilter() Filter { return mapmodel.DefaultFilter() }

// Change says what changed in a [State].
type Change int

// The changes a [State] reports to its listeners.
const (
	ChangeDataset   Change = iota // a new dataset replaced the old one
	ChangeFilter                  // the filter changed
	ChangeSelection               // the selected marker or country changed
	// ChangeEdit says the dataset was edited in place (an edit, undo or
	// redo): markers, sources or citations changed, and the selection
	// may point at the edited marker's new value.
	ChangeEdit
	// ChangeLayers says a layer was added or removed, or shown, hidden or
	// faded.
	ChangeLayers
)

// State is the shared state of one window: the dataset, the filter and the
// selection. The map, the list and the panels read it and listen to it.
// It must only be used from the UI goroutine.
type State struct {
	DS     *data.Dataset
	Filter Filter
	// Selected is the selected marker, or nil.
	Selected *data.Marker
	// Country is the ISO code of the selected country (an alliance shading
	// click), or "" when a marker or nothing is selected.
	Country string
	// Pan asks the map to bring the selection into view; the map clears it.
	Pan bool
	// Passage is the text last selected in a source window, for a new
	// marker or citation; the zero Passage when none.
	Passage Passage
	// Layers are other people's files drawn over the dataset; never
	// evidence.
	Layers []*LayerView
	// Picked is the layer feature selected, when Picked.View is not nil.
	Picked LayerPick
	// Command runs a window command by name for the source windows'
	// keys: "new-marker", "add-citation", "undo", "redo", "save". Nil in
	// a state without a window.
	Command func(name string)

	listeners []*listener
}

// NewState returns the state for ds with the default filter.
func NewState(ds *data.Dataset) *State {
	return &State{DS: ds, Filter: DefaultFilter()}
}

// Listen registers fn to be called after every change and returns a
// function that unregisters it (for views that close before the window).
func (s *State) Listen(fn func(Change)) (remove func()) {
	l := &listener{fn: fn}
	s.listeners = append(s.listeners, l)
	return func() {
		for i, x := range s.listeners {
			if x == l {
				s.listeners = append(s.listeners[:i:i], s.listeners[i+1:]...)
				return
			}
		}
	}
}

// Passage is a span of a source's text selected by the user.
type Passage struct {
	Source     string // id of the source
	Start, End int    // byte offsets of the span [Start, End) in its Text
}

// Empty reports whether no text is selected.
func (p Passage) Empty() bool { return p.Source == "" || p.End <= p.Start }

// SetPassage records the text selected in a source window.
func (s *State) SetPassage(p Passage) { s.Passage = p }

// listener is one registered change callback.
type listener struct{ fn func(Change) }

func (s *State) notify(c Change) {
	// A listener may unregister itself (or others) while being notified;
	// iterate over a snapshot.
	for _, l := range append([]*listener(nil), s.listeners...) {
		l.fn(c)
	}
}

// SetDataset replaces the dataset, clears the selection and keeps the filter.
func (s *State) SetDataset(ds *data.Dataset) {
	s.DS, s.Selected, s.Country, s.Pan = ds, nil, "", false
	s.notify(ChangeDataset)
}

// SetFilter replaces the filter. A selected marker that the filter hides is
// deselected.
func (s *State) SetFilter(f Filter) {
	s.Filter = f
	if s.Selected != nil && !f.Shows(s.Selected) {
		s.Selected = nil
		s.notify(ChangeSelection)
	}
	s.notify(ChangeFilter)
}

// UpdateFilter changes a copy of the filter with fn and applies it.
func (s *State) UpdateFilter(fn func(*Filter)) {
	f := s.Filter.Clone()
	fn(&f)
	s.SetFilter(f)
}

// Select selects m (nil clears the selection); pan asks the map to bring it
// into view.
func (s *State) Select(m *data.Marker, pan bool) {
	s.Selected, s.Country, s.Pan, s.Picked = m, "", pan && m != nil, LayerPick{}
	s.notify(ChangeSelection)
}

// SelectCountry selects a country by ISO code, for the alliance evidence.
func (s *State) SelectCountry(iso string) {
	s.Selected, s.Country, s.Pan, s.Picked = nil, iso, false, LayerPick{}
	s.notify(ChangeSelection)
}

// Visible returns the markers the filter shows, in dataset order.
func (s *State) Visible() []*data.Marker {
	var out []*data.Marker
	for _, m := range s.DS.Markers {
		if s.Filter.Shows(m) {
			out = append(out, m)
		}
	}
	return out
}

// AllianceOf returns the alliances that say something about iso, with
// whether iso is a member.
func (s *State) AllianceOf(iso string) (as []*data.Alliance, member []bool) {
	for _, a := range s.DS.Alliances {
		for _, c := range a.Members {
			if c == iso {
				as, member = append(as, a), append(member, true)
			}
		}
		for _, c := range a.NonMembers {
			if c == iso {
				as, member = append(as, a), append(member, false)
			}
		}
	}
	return as, member
}

// LayerView is a layer as the window shows it.
type LayerView struct {
	Layer   *layers.Layer
	Visible bool
	Opacity float64 // 0 to 1

	// styles are the features' styles at styledAt opacity, read once;
	// looks are their distinct point looks, lookOf each feature's.
	styles   []mapmodel.LayerStyle
	styledAt float64
	looks    []mapmodel.LayerStyle
	lookOf   []int32
}

// Styles returns the style of every feature at the layer's opacity,
// reading the simplestyle keys only when the opacity changed.
func (v *LayerView) Styles() []mapmodel.LayerStyle {
	if v.styles == nil || v.styledAt != v.Opacity {
		v.styles = make([]mapmodel.LayerStyle, len(v.Layer.Features))
		v.lookOf = make([]int32, len(v.Layer.Features))
		v.looks = v.looks[:0]
		seen := map[[2]any]int32{}
		for i := range v.Layer.Features {
			st := mapmodel.FeatureStyle(&v.Layer.Features[i], v.Opacity)
			v.styles[i] = st
			k := [2]any{st.Marker, st.MarkerScale}
			li, ok := seen[k]
			if !ok {
				li = int32(len(v.looks))
				seen[k] = li
				v.looks = append(v.looks, st)
			}
			v.lookOf[i] = li
		}
		v.styledAt = v.Opacity
	}
	return v.styles
}

// LayerPick is a feature of a layer picked on the map.
type LayerPick struct {
	View  *LayerView
	Index int
}

// AddLayer shows l over the dataset.
func (s *State) AddLayer(l *layers.Layer) *LayerView {
	v := &LayerView{Layer: l, Visible: true, Opacity: 1}
	s.Layers = append(s.Layers, v)
	s.notify(ChangeLayers)
	return v
}

// RemoveLayer takes v off the map.
func (s *State) RemoveLayer(v *LayerView) {
	if i := slices.Index(s.Layers, v); i >= 0 {
		s.Layers = slices.Delete(s.Layers, i, i+1)
	}
	if s.Picked.View == v {
		s.Picked = LayerPick{}
		s.notify(ChangeSelection)
	}
	s.notify(ChangeLayers)
}

// LayersChanged tells the views that a layer was shown, hidden or faded.
func (s *State) LayersChanged() { s.notify(ChangeLayers) }

// PickLayerFeature selects feature i of layer v, for its properties.
func (s *State) PickLayerFeature(v *LayerView, i int) {
	s.Selected, s.Country, s.Pan = nil, "", false
	s.Picked = LayerPick{View: v, Index: i}
	s.notify(ChangeSelection)
}
