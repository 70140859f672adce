package app

import (
	"casmap/data/layers"
	"runtime/debug"
	"time"

	"fyne.io/fyne/v2"

	"casmap/assets"
)

// Info describes the running build, for the About dialog and the title.
type Info struct {
	Version string // e.g. "0.1.0"
	Build   string // build number
	// Line is the one-line version text of "casmap version" (version,
	// build, Go, OS/architecture, Fyne), shown in the About dialog.
	Line string
	// Started is when the process started, for the start-up trace; zero
	// means when the window was built.
	Started time.Time
	// Layers are drawn over the dataset from the start.
	Layers []*layers.Layer
	// Banner is a sentence shown above the map at the start ("x.geojson is
	// not a casmap dataset: it is open as a layer…"); Error one shown in a
	// dialog (a file a file manager asked to open could not be).
	Banner, Error string
}

// FyneVersion is the version of the Fyne toolkit linked into the binary, or
// "unknown" when the build carries no module information.
var FyneVersion = moduleVersion("fyne.io/fyne/v2")

func moduleVersion(path string) string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, d := range bi.Deps {
		if d.Path == path {
			if d.Replace != nil {
				return d.Replace.Version
			}
			return d.Version
		}
	}
	return "unknown"
}

// appIcon is the application icon shown by the window and the desktop.
var appIcon = fyne.NewStaticResource("casmap.png", assets.Icon)

// attributions is the credit text of the data the map draws.
func attributions() string {
	return assets.Attribution + ". Country borders from Natural Earth 1:10m admin-0 countries, " +
		"via the world-atlas 2.0.2 package (ISC licence). Place names of the gazetteer from GeoNames " +
		"(geonames.org, CC BY 3.0), with hand-made tables of regions and military sites, each row with its public source."
}
