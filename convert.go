package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"casmap/data/gpkg"
)

// convert runs "casmap convert [DATASET] -o OUT.gpkg|OUT.geojson": it
// writes the dataset for GIS tools, a GeoPackage with markers, citations
// and sources tied by foreign keys, or a flat GeoJSON with one feature per
// citation.
func convert(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("casmap convert", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("o", "", "output `file`: .gpkg (GeoPackage) or .geojson (flat, one feature per citation)")
	force := fs.Bool("force", false, "overwrite an existing file")
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "casmap convert: "+format+"\n", a...)
		return 1
	}
	files, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fmt.Fprintln(stdout, "Usage: casmap convert [DATASET.geojson] -o OUT.gpkg|OUT.geojson")
			fs.PrintDefaults()
			return 0
		}
		return fail("%s; run \"casmap convert -h\" for the flags.", strings.TrimSuffix(err.Error(), "."))
	}
	if len(files) > 1 {
		return fail("one dataset at a time, not %d", len(files))
	}
	if *out == "" {
		return fail("say where to write: -o OUT.gpkg for QGIS, or -o OUT.geojson for a flat table")
	}
	if _, err := os.Lstat(*out); err == nil && !*force {
		return fail("%s exists; give -force to replace it.", *out)
	}
	ds, err := loadDataset(files)
	if err != nil {
		printLoadError(stderr, err)
		return 1
	}
	switch strings.ToLower(filepath.Ext(*out)) {
	case ".gpkg":
		err = gpkg.Write(ds, *out)
	case ".geojson", ".json":
		err = gpkg.WriteFlat(ds, *out)
	default:
		return fail("%s: write a .gpkg (GeoPackage) or a .geojson (flat) file.", *out)
	}
	if err != nil {
		return fail("%v.", err)
	}
	cites := 0
	for _, m := range ds.Markers {
		cites += len(m.Citations)
	}
	fmt.Fprintf(stdout, "wrote %s: %d markers, %d citations, %d sources\n", *out, len(ds.Markers), cites, len(ds.Sources))
	return 0
}
