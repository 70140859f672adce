package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"casmap/data"
	"casmap/data/extract"
	"casmap/data/gazetteer"
)

// draft runs "casmap draft ARTICLE.txt -o DRAFTS.geojson" and "casmap draft
// -into DATASET.geojson ARTICLE.txt": it drafts cited markers from an
// article, offline, and writes them as a new dataset or adds them, with
// the article as a source, to an existing one.
func draft(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("casmap draft", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("o", "", "write a new dataset holding the article and its drafts to `FILE`.geojson")
	into := fs.String("into", "", "add the article and its drafts to the dataset `FILE`.geojson, saving it atomically")
	var meta extract.Header
	fs.StringVar(&meta.Title, "title", "", "the article's `title` (default: its title line)")
	fs.StringVar(&meta.Publisher, "publisher", "", "who published it")
	fs.StringVar(&meta.Published, "published", "", "its date of publication, `YYYY-MM-DD` (default: its date line)")
	fs.StringVar(&meta.URL, "url", "", "its address")
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "casmap draft: "+format+"\n", a...)
		return 1
	}
	files, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fmt.Fprintln(stdout, "Usage: casmap draft ARTICLE.txt -o DRAFTS.geojson\n       casmap draft -into DATASET.geojson ARTICLE.txt")
			fs.PrintDefaults()
			return 0
		}
		return fail("%s; run \"casmap draft -h\" for the flags.", strings.TrimSuffix(err.Error(), "."))
	}
	switch {
	case len(files) != 1:
		return fail("name one article file, for example: casmap draft article.txt -o drafts.geojson")
	case (*out == "") == (*into == ""):
		return fail("say where the drafts go: -o NEW.geojson, or -into DATASET.geojson")
	}
	if meta.Published != "" {
		if _, err := data.ParseDate(meta.Published); err != nil {
			return fail("-published %q is not a date; write it as YYYY-MM-DD.", meta.Published)
		}
	}
	a, err := extract.ReadArticle(files[0])
	if err != nil {
		return fail("%v.", err)
	}
	if a.Decoded != "" {
		fmt.Fprintf(stderr, "casmap draft: %s is not UTF-8; read it as %s.\n", files[0], a.Decoded)
	}

	var ds *data.Dataset
	target := *out
	if *into != "" {
		target = *into
		if ds, err = data.Load(*into); err != nil {
			printLoadError(stderr, err)
			return 1
		}
	} else {
		if _, err := os.Lstat(*out); err == nil {
			return fail("%s exists; choose another name, or add to it with -into %s.", *out, *out)
		}
		ds = &data.Dataset{Path: *out, Title: "Drafts from " + filepath.Base(files[0])}
		ds.Reindex()
	}
	src := extract.Source(a, meta, files[0], ds)
	im := extract.Import(ds, src, a.Header.Body, gazetteer.Default())
	if *into != "" {
		// The text goes into the dataset's sources folder, byte for byte.
		rel, err := data.WriteSourceText(*into, src.ID, ".txt", []byte(src.Text))
		if err != nil {
			return fail("%v.", err)
		}
		src.File = rel
	}
	if err := im.Edit.Apply(ds); err != nil {
		return fail("%v.", err)
	}
	if probs := data.Validate(ds); len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(stderr, p.String())
		}
		return fail("the drafts do not validate; nothing was written.")
	}
	if err := ds.Save(target); err != nil {
		return fail("%v.", err)
	}
	for _, c := range im.Conflicts {
		fmt.Fprintf(stdout, "sources disagree: draft %s (%s) and marker %s (%s): %s\n",
			c.Draft.ID, sourceDate(src), c.Marker.ID, markerSources(ds, c.Marker), c.Reason)
	}
	corroborating := 0
	for _, d := range im.Drafts {
		if d.Marker.Corroborates != "" {
			corroborating++
		}
	}
	fmt.Fprintf(stdout, "drafted %d markers from %s (%d corroborate markers already there, %d disagree) into %s\n",
		len(im.Drafts), files[0], corroborating, len(im.Conflicts), target)
	return 0
}

// sourceDate names a source with its date.
func sourceDate(s *data.Source) string {
	if s.Published == "" {
		return s.Title
	}
	return s.Title + ", " + s.Published
}

// markerSources names the sources a marker cites, with their dates.
func markerSources(ds *data.Dataset, m *data.Marker) string {
	var names []string
	seen := map[string]bool{}
	for _, c := range m.Citations {
		if s := ds.Source(c.Source); s != nil && !seen[s.ID] {
			seen[s.ID] = true
			names = append(names, sourceDate(s))
		}
	}
	return strings.Join(names, "; ")
}
