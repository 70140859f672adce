package app

import (
	"testing"

	"casmap/app/mapmodel"
	"casmap/data"
)

func TestStatusLooksTentative(t *testing.T) {
	tests := []struct {
		status               data.Status
		hollow, dashed, fade bool
	}{
		{data.StatusCurrent, false, false, false},
		{data.StatusPlanned, true, false, false},
		{data.StatusPossible, true, true, false},
		{data.StatusPast, false, false, true},
	}
	for _, tt := range tests {
		st := mapmodel.MarkStyle(&data.Marker{Kind: data.KindBase, Status: tt.status}, 20, false)
		if st.Hollow != tt.hollow || st.Dashed != tt.dashed || st.Faded != tt.fade {
			t.Errorf("%s: hollow %v dashed %v faded %v", tt.status, st.Hollow, st.Dashed, st.Faded)
		}
	}
}
