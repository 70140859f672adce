package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"casmap/data"
)

// newDataset runs "casmap new DATASET.geojson": it creates an empty, valid
// dataset and its sources folder. Flags may stand before or after the
// file name.
func newDataset(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("casmap new", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	title := fs.String("title", "", "the dataset's `title`")
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "casmap new: "+format+"\n", a...)
		return 1
	}
	files, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fmt.Fprintln(stdout, "Usage: casmap new [-title TITLE] DATASET.geojson")
			fs.PrintDefaults()
			return 0
		}
		return fail("%s; run \"casmap new -h\" for the flags.", strings.TrimSuffix(err.Error(), "."))
	}
	switch len(files) {
	case 0:
		return fail("name the dataset file to create, for example: casmap new briefing.geojson")
	case 1:
	default:
		return fail("one dataset file at a time, not %d", len(files))
	}
	if _, err := data.Create(files[0], *title); err != nil {
		return fail("%v.", err)
	}
	fmt.Fprintf(stdout, "created %s and its %s/ folder\n", files[0], data.SourcesDir)
	return 0
}

// parseInterspersed parses args with fs, allowing flags before and after
// the other arguments, which it returns in order.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}
