package mapmodel

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoUIOutsideApp checks the direction of the packages: the map model,
// the cartography and the domain import no Fyne, so that "casmap export"
// and the other commands run without the user interface.
func TestNoUIOutsideApp(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	for _, pkgs := range [][]string{{"casmap/app/mapmodel"}, {"casmap/geo/..."}, {"casmap/data/..."}} {
		out, err := exec.Command(gobin, append([]string{"list", "-deps"}, pkgs...)...).Output()
		if err != nil {
			t.Fatalf("go list -deps %v: %v", pkgs, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasPrefix(dep, "fyne.io/") {
				t.Errorf("%v depends on %s", pkgs, dep)
			}
		}
	}
	// data and geo import neither each other.
	for _, tt := range []struct{ pkg, forbidden string }{{"casmap/data/...", "casmap/geo"}, {"casmap/geo/...", "casmap/data"}} {
		out, err := exec.Command(gobin, "list", "-deps", tt.pkg).Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == tt.forbidden || strings.HasPrefix(dep, tt.forbidden+"/") {
				t.Errorf("%s imports %s", tt.pkg, dep)
			}
		}
	}
}
