// Command casmap is a desktop evidence map of Central Asia: every marker on
// the map is tied to the sentences of the source articles that support it.
//
// Usage:
//
//	casmap                          open the window on the embedded dataset
//	casmap DATASET.geojson          open the window on a dataset file
//	casmap check [DATASET]          validate; exit 1 and list every problem
//	casmap export [flags] -o OUT    render a map image without opening a window
//	casmap version                  print the version
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"casmap/app"
	"casmap/data"
	"casmap/data/layers"
)

// version and build are set at link time from FyneApp.toml (see Makefile).
var (
	version = "dev"
	build   = "0"
)

// started is when the process started, for the start-up trace.
var started = time.Now()

func main() {
	// No heap profile is ever taken from the app: leave the runtime's
	// sampling off, and with it its table of allocation sites (1.4 MB).
	runtime.MemProfileRate = 0
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the process exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return check(args[1:], stdout, stderr)
		case "export":
			return export(args[1:], stdout, stderr)
		case "new":
			return newDataset(args[1:], stdout, stderr)
		case "draft":
			return draft(args[1:], stdout, stderr)
		case "convert":
			return convert(args[1:], stdout, stderr)
		case "version", "-version", "--version":
			fmt.Fprintln(stdout, versionLine())
			return 0
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, usage)
			return 0
		}
	}
	app.Preload()
	info := app.Info{Version: version, Build: build, Line: versionLine(), Started: started}
	var files []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-layer" || a == "--layer":
			if i+1 >= len(args) {
				fmt.Fprintln(stderr, "casmap: -layer needs a file: casmap DATASET -layer FILE.")
				return 2
			}
			i++
			l, err := layers.Load(args[i])
			if err != nil {
				fmt.Fprintf(stderr, "casmap: %v.\n", err)
				return 1
			}
			info.Layers = append(info.Layers, l)
		case strings.HasPrefix(a, "-"):
			fmt.Fprintf(stderr, "casmap: unknown flag %s; run \"casmap help\" for usage.\n", a)
			return 2
		default:
			files = append(files, a)
		}
	}
	if len(files) > 1 {
		fmt.Fprintf(stderr, "casmap: too many arguments; run \"casmap help\" for usage.\n")
		return 2
	}
	ds, err := loadDataset(files)
	if err != nil && len(files) == 1 {
		// A file that is not a dataset may be a layer: it opens over the
		// embedded dataset, and a banner says so.
		if l, lerr := layers.Load(files[0]); lerr == nil && !looksLikeDataset(files[0]) {
			ds, err = data.Default()
			info.Layers = append([]*layers.Layer{l}, info.Layers...)
			info.Banner = fmt.Sprintf("%s is not a casmap dataset: it is open as a layer (%s, %s) over the embedded dataset. Its features cite nothing and are not evidence.",
				filepath.Base(files[0]), l.Format, count(len(l.Features), "feature", "features"))
		}
	}
	if err != nil {
		printLoadError(stderr, err)
		if !isTerminal(stderr) {
			// Started from a file manager or a menu, where no one reads
			// stderr: the window says it.
			var probs data.Problems
			msg := err.Error()
			if errors.As(err, &probs) && len(probs) > 0 {
				msg = fmt.Sprintf("%s could not be opened (%d problems), the first: %s", files[0], len(probs), probs[0].String())
			}
			if def, derr := data.Default(); derr == nil {
				info.Error = msg + " The embedded dataset is open instead."
				if err := app.Run(def, info); err == nil {
					return 1
				}
			}
		}
		return 1
	}
	if err := app.Run(ds, info); err != nil {
		fmt.Fprintf(stderr, "casmap: %v\n", err)
		return 1
	}
	return 0
}

const usage = `casmap: an evidence map of Central Asia.

Usage:
  casmap                      open the window on the embedded dataset
  casmap DATASET.geojson      open the window on a dataset file
  casmap [DATASET] -layer FILE  draw a GeoJSON, KML, KMZ or CSV file as a layer (repeatable);
                              a lone FILE that is not a dataset opens as a layer
  casmap new DATASET.geojson  create an empty dataset and its sources/ folder
  casmap draft ARTICLE.txt -o DRAFTS.geojson
  casmap draft -into DATASET.geojson ARTICLE.txt
                              draft cited markers from an article, offline
                              ("casmap draft -h" lists the flags)
  casmap convert [DATASET] -o OUT.gpkg|OUT.geojson
                              write the dataset for GIS tools: a GeoPackage with
                              markers, citations and sources, or a flat GeoJSON
  casmap check [DATASET]      validate a dataset; exit 1 and list every problem
  casmap export [flags] -o OUT.png|OUT.svg|OUT.pdf
                              render a report figure without opening a window
                              ("casmap export -h" lists the flags)
  casmap version              print the version, build, Go, OS and Fyne versions
`

func versionLine() string {
	return fmt.Sprintf("casmap %s (build %s, %s, %s/%s, Fyne %s)", version, build,
		runtime.Version(), runtime.GOOS, runtime.GOARCH, app.FyneVersion)
}

// loadDataset loads the dataset named by args, or the embedded default.
func loadDataset(args []string) (*data.Dataset, error) {
	if len(args) == 0 {
		return data.Default()
	}
	return data.Load(args[0])
}

// printLoadError writes every problem of a failed load, one per line.
func printLoadError(w io.Writer, err error) {
	var probs data.Problems
	if errors.As(err, &probs) {
		for _, p := range probs {
			fmt.Fprintln(w, p.String())
		}
		return
	}
	fmt.Fprintf(w, "casmap: %v\n", err)
}

// check validates a dataset and prints a summary or every problem.
func check(args []string, stdout, stderr io.Writer) int {
	if len(args) > 1 {
		fmt.Fprintln(stderr, "casmap check: give at most one dataset file.")
		return 2
	}
	ds, err := loadDataset(args)
	if err != nil && len(args) == 1 && !looksLikeDataset(args[0]) {
		if l, lerr := layers.Load(args[0]); lerr == nil {
			notADataset(stderr, args[0], l)
			return 1
		}
	}
	if err != nil {
		printLoadError(stderr, err)
		var probs data.Problems
		if errors.As(err, &probs) {
			fmt.Fprintf(stderr, "%d problem(s) found.\n", len(probs))
		}
		return 1
	}
	fmt.Fprintln(stdout, summary(ds))
	return 0
}

// count is n and the noun in the number n asks for: "1 source", "2 sources".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// summary is the one-line report of a valid dataset: counts per kind.
func summary(ds *data.Dataset) string {
	name := ds.Path
	if name == "" || name == "embedded" {
		name = "embedded dataset"
	}
	counts := ds.CountByKind()
	var parts []string
	for _, k := range data.Kinds {
		if n := counts[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	cites := 0
	for _, m := range ds.Markers {
		cites += len(m.Citations)
	}
	var alliances []string
	for _, a := range ds.Alliances {
		alliances = append(alliances, a.ID)
	}
	sort.Strings(alliances)
	s := fmt.Sprintf("%s: ok: %s", name, count(len(ds.Markers), "marker", "markers"))
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	s += ", " + count(cites, "citation", "citations") + ", " + count(len(ds.Sources), "source", "sources")
	if len(alliances) > 0 {
		s += fmt.Sprintf(", alliances: %s", strings.Join(alliances, ", "))
	}
	return s + "."
}

// looksLikeDataset reports whether a file is meant as a casmap dataset: a
// GeoJSON collection with a "sources" member, or features with a kind or
// citations.
func looksLikeDataset(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var top struct {
		Sources  json.RawMessage `json:"sources"`
		Features []struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"features"`
	}
	if json.Unmarshal(b, &top) != nil {
		return false
	}
	if top.Sources != nil {
		return true
	}
	for _, f := range top.Features {
		if f.Properties["citations"] != nil || f.Properties["kind"] != nil {
			return true
		}
	}
	return false
}

// isTerminal reports whether w is a terminal, where a person reads what
// the program writes.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return true // a test's buffer: it reads the output
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// notADataset says, in a few lines, that a file is plain geodata and not a
// casmap dataset, what a dataset needs, and how to open the file as a
// layer.
func notADataset(w io.Writer, path string, l *layers.Layer) {
	fmt.Fprintf(w, "%s is plain %s, not a casmap dataset: %s and no \"sources\" member.\n", path, l.Format,
		count(len(l.Features), "feature", "features"))
	fmt.Fprintln(w, "A casmap dataset quotes its evidence: a \"sources\" list of the texts it cites, and on every feature an id, a")
	fmt.Fprintln(w, "kind (base, deployment, visit, meeting, threat, border), a title, a place, a precision, a status and at least one")
	fmt.Fprintln(w, "citation quoting a source word for word (see the README's section on the dataset).")
	fmt.Fprintf(w, "To draw it as a layer over a dataset: casmap DATASET.geojson -layer %s, or casmap %s to open it over the embedded one.\n", path, path)
}
