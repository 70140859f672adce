package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"casmap/app/mapmodel"
	"casmap/data"
	"casmap/data/layers"
)

// export runs "casmap export": it renders a report figure of a dataset as
// PNG, SVG or PDF without opening a window.
func export(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("casmap export", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var (
		out       = fs.String("o", "", "output `file`: .png, .svg or .pdf")
		size      = fs.String("size", "", "image size `WxH` in pixels (instead of -preset)")
		preset    = fs.String("preset", "", "named size: "+presetList())
		dpi       = fs.Float64("dpi", 0, "dots per inch: recorded in a PNG, the page size of SVG and PDF; text scales with it (default: the preset's, or 150)")
		bbox      = fs.String("bbox", "", "area `minLon,minLat,maxLon,maxLat` in degrees (default: fit the markers)")
		kinds     = fs.String("kinds", "", "comma-separated `kinds` to draw (default: all)")
		title     = fs.String("title", "", "figure title")
		subtitle  = fs.String("subtitle", "", "figure subtitle")
		legend    = fs.Bool("legend", true, "draw the legend")
		key       = fs.Bool("key", false, "number the markers and add a source key")
		world     = fs.Bool("world", false, "beside a PNG, also write a world file (.pgw, EPSG:3857 metres), a .prj and a GDAL .png.aux.xml")
		theme     = fs.String("theme", "light", "`light` or dark")
		dataset   = fs.String("dataset", "", "dataset `file` (default: the embedded dataset)")
		tiles     = fs.String("tiles", "", "PNG only: online basemap tiles from the cache, osm or carto-light (default: offline vector basemap)")
		tileCache = fs.String("tile-cache", "", "tile cache `folder` for -tiles")
		online    = fs.Bool("online", false, "with -tiles, fetch tiles missing from the cache over the network")
		force     = fs.Bool("force", false, "overwrite existing files")
		layerArgs layerFlag
	)
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "casmap export: "+format+"\n", a...)
		return 1
	}
	fs.Var(&layerArgs, "layer", "draw the GeoJSON, KML, KMZ or CSV `file` as a layer (repeatable)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fmt.Fprintln(stdout, "Usage: casmap export [flags] -o OUT.png|OUT.svg|OUT.pdf")
			fs.PrintDefaults()
			return 0
		}
		return fail("%s; run \"casmap export -h\" for the flags.", strings.TrimSuffix(err.Error(), "."))
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q; flags come before nothing else (use -dataset FILE for a dataset).", fs.Arg(0))
	}
	opts := mapmodel.Options{Title: *title, Subtitle: *subtitle, Legend: *legend, Key: *key, World: *world,
		Force: *force, Tiles: *tiles, TileCache: *tileCache, Online: *online}
	switch {
	case *size != "" && *preset != "":
		return fail("give -size or -preset, not both.")
	case *size != "":
		w, h, err := parseSize(*size)
		if err != nil {
			return fail("%v.", err)
		}
		opts.Width, opts.Height, opts.DPI = w, h, 150
	default:
		name := *preset
		if name == "" {
			name = "a4-150"
		}
		p, ok := mapmodel.PresetByName(name)
		if !ok {
			return fail("unknown preset %q; want one of %s.", name, presetList())
		}
		opts.Width, opts.Height, opts.DPI = p.Width, p.Height, p.DPI
	}
	if *dpi != 0 {
		opts.DPI = *dpi
	}
	switch *theme {
	case "light":
	case "dark":
		opts.Dark = true
	default:
		return fail("unknown theme %q; want light or dark.", *theme)
	}
	if *bbox != "" {
		b, err := parseBBox(*bbox)
		if err != nil {
			return fail("%v.", err)
		}
		opts.Bound = &b
	}
	if *kinds != "" {
		for _, k := range strings.Split(*kinds, ",") {
			opts.Kinds = append(opts.Kinds, data.Kind(strings.TrimSpace(k)))
		}
	}
	if *tileCache != "" && *tiles == "" {
		return fail("-tile-cache needs -tiles osm or -tiles carto-light.")
	}
	if err := opts.Validate(); err != nil {
		return fail("%v.", err)
	}
	ds, err := loadDataset(datasetArgs(*dataset))
	if err != nil {
		printLoadError(stderr, err)
		return 1
	}
	for _, p := range layerArgs {
		l, err := layers.Load(p)
		if err != nil {
			return fail("%v.", err)
		}
		opts.Layers = append(opts.Layers, l)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := mapmodel.Export(ctx, ds, mapmodel.DefaultFilter(), opts, *out)
	if err != nil {
		return fail("%v.", strings.TrimSuffix(err.Error(), "."))
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "casmap export: %s\n", w)
	}
	fmt.Fprintf(stdout, "wrote %s (%d×%d, %g DPI, %d bytes)", res.Files[0], opts.Width, opts.Height, opts.DPI, res.Bytes)
	if len(res.Files) > 1 {
		fmt.Fprintf(stdout, " and %s", strings.Join(res.Files[1:], ", "))
	}
	fmt.Fprintln(stdout)
	return 0
}

func datasetArgs(path string) []string {
	if path == "" {
		return nil
	}
	return []string{path}
}

func presetList() string {
	var n []string
	for _, p := range mapmodel.Presets {
		n = append(n, p.Name)
	}
	return strings.Join(n, ", ")
}

// parseSize reads "WxH".
func parseSize(s string) (w, h int, err error) {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	if ok {
		w, err = strconv.Atoi(strings.TrimSpace(ws))
		if err == nil {
			h, err = strconv.Atoi(strings.TrimSpace(hs))
		}
	}
	if !ok || err != nil {
		return 0, 0, fmt.Errorf("size %q is not WxH in whole pixels, e.g. 1600x1000", s)
	}
	if w <= 0 || h <= 0 {
		return 0, 0, fmt.Errorf("size %q is not positive; give at least 1x1", s)
	}
	if w > mapmodel.MaxSide || h > mapmodel.MaxSide {
		return 0, 0, fmt.Errorf("size %q is over the limit of %d pixels a side", s, mapmodel.MaxSide)
	}
	return w, h, nil
}

// parseBBox reads "minLon,minLat,maxLon,maxLat".
func parseBBox(s string) (orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return orb.Bound{}, fmt.Errorf("bbox %q does not have four numbers minLon,minLat,maxLon,maxLat", s)
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return orb.Bound{}, fmt.Errorf("bbox %q: %q is not a number", s, strings.TrimSpace(p))
		}
		v[i] = f
	}
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, nil
}

// layerFlag collects the files of a repeatable -layer flag.
type layerFlag []string

func (l *layerFlag) String() string     { return strings.Join(*l, ",") }
func (l *layerFlag) Set(v string) error { *l = append(*l, v); return nil }
