package app

import (
	"testing"
	"time"
)

func TestListenRemove(t *testing.T) {
	s := newDefaultState(t)
	var a, b int
	removeA := s.Listen(func(Change) { a++ })
	s.Listen(func(Change) { b++ })
	s.Select(nil, false)
	removeA()
	removeA() // a second call does nothing
	s.Select(nil, false)
	if a != 1 || b != 2 {
		t.Fatalf("calls a=%d b=%d, want 1 and 2", a, b)
	}
}

func TestFilterShows(t *testing.T) {
	s := newDefaultState(t)
	visit := s.DS.Marker("lavrov-visit-bishkek")
	undated := s.DS.Marker("kyrgyzstan-russian-airbase")
	tests := []struct {
		name   string
		change func(*Filter)
		m      string
		want   bool
	}{
		{"default shows", func(*Filter) {}, visit.ID, true},
		{"hidden kind", func(f *Filter) { f.HiddenKinds["visit"] = true }, visit.ID, false},
		{"hidden actor", func(f *Filter) { f.HiddenActors["RU"] = true }, visit.ID, false},
		{"date after", func(f *Filter) { f.From = mustDate(t, "2019-03-01") }, visit.ID, false},
		{"date before", func(f *Filter) { f.To = mustDate(t, "2019-01-01") }, visit.ID, false},
		{"date inside", func(f *Filter) { f.From, f.To = mustDate(t, "2019-02-01"), mustDate(t, "2019-02-28") }, visit.ID, true},
		{"undated stays", func(f *Filter) { f.From = mustDate(t, "2030-01-01") }, undated.ID, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := DefaultFilter().Clone()
			tt.change(&f)
			if got := f.Shows(s.DS.Marker(tt.m)); got != tt.want {
				t.Errorf("Shows(%s) = %v, want %v", tt.m, got, tt.want)
			}
		})
	}
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
