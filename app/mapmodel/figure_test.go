package mapmodel

import (
	"strings"
	"testing"
	"time"

	"casmap/data"
)

func TestBuildFigureLegendMatchesDrawn(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	f := DefaultFilter()
	opts := Options{Width: 1200, Height: 800, DPI: 96, Legend: true, Key: true, Kinds: []data.Kind{data.KindBase, data.KindVisit}}
	fig, err := BuildFigure(ds, f, opts, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	inKinds := false
	for _, it := range fig.Legend {
		switch {
		case it.Heading != "":
			inKinds = it.Heading == "Kinds"
		case inKinds:
			kinds = append(kinds, it.Text)
		}
	}
	if strings.Join(kinds, ",") != "Base,Visit" {
		t.Errorf("legend kinds %v, want Base and Visit only", kinds)
	}
	if len(fig.Key) != len(fig.Marks) || len(fig.Key) != 5 {
		t.Errorf("%d key entries for %d marks, want 5 each (2 bases, 3 visits)", len(fig.Key), len(fig.Marks))
	}
	for i, k := range fig.Key {
		if k.Number != i+1 || fig.Marks[i].Label == "" || k.Quote == "" || !strings.HasPrefix(k.Source, "[") {
			t.Errorf("key entry %d: %+v (mark label %q)", i, k, fig.Marks[i].Label)
		}
	}
	if len(fig.Attribution) < 2 || !strings.Contains(fig.Attribution[0], "Natural Earth") || !strings.Contains(fig.Attribution[1], "[A]") {
		t.Errorf("attribution %q", fig.Attribution)
	}
}
