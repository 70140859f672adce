package mapmodel

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"casmap/data"
	"casmap/data/atomicfile"
	"casmap/geo/figure"
)

// Format is the file format of a figure.
type Format string

// The figure formats, named by their file extension.
const (
	PNG Format = "png"
	SVG Format = "svg"
	PDF Format = "pdf"
)

// Formats lists the figure formats in dialog order.
var Formats = []Format{PNG, SVG, PDF}

// FormatOf returns the format that the extension of path names.
func FormatOf(path string) (Format, bool) {
	switch f := Format(strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))); f {
	case PNG, SVG, PDF:
		return f, true
	}
	return "", false
}

// Result says what an export wrote.
type Result struct {
	// Files are the figure, then the world file, .prj and .aux.xml if
	// asked.
	Files    []string
	Warnings []string
	// Bytes is the size of the figure file.
	Bytes int
}

// ErrExists is returned by Export when an output file exists and
// overwriting was not asked for.
var ErrExists = errors.New("the file exists")

// creator names casmap in the files it writes.
const creator = "casmap"

// Export builds the figure of ds under f and opts and writes it to out, a
// .png, .svg or .pdf path: the PNG through go-staticmaps with the DPI
// recorded, SVG and PDF as vectors with text kept as text, all from the
// same figure. Every file is written atomically (a temporary file renamed
// into place), so a failed export leaves no partial file. With opts.World,
// beside a PNG it also writes a world file (.pgw), a .prj and a GDAL
// .png.aux.xml, all naming EPSG:3857.
func Export(ctx context.Context, ds *data.Dataset, f Filter, opts Options, out string) (*Result, error) {
	format, err := checkOutput(out, opts)
	if err != nil {
		return nil, err
	}
	fig, err := BuildFigure(ds, f, opts, time.Now())
	if err != nil {
		return nil, err
	}
	if format != PNG && fig.Tiles != nil {
		return nil, fmt.Errorf("%s: raster tiles (%s) can only be drawn in PNG figures; leave out -tiles for %s", out, opts.Tiles, strings.ToUpper(string(format)))
	}
	var buf bytes.Buffer
	var ref *figure.Georef
	switch format {
	case PNG:
		img, g, err := figure.RenderFigure(ctx, fig)
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", out, err)
		}
		if err := figure.EncodePNG(&buf, img, opts.DPI); err != nil {
			return nil, fmt.Errorf("encode %s: %w", out, err)
		}
		ref = g
	case SVG:
		if ref, err = figure.WriteSVG(ctx, &buf, fig, figure.VectorOptions{Title: fig.Title, Creator: creator}); err != nil {
			return nil, fmt.Errorf("render %s: %w", out, err)
		}
	case PDF:
		if ref, err = figure.WritePDF(ctx, &buf, fig, figure.VectorOptions{Title: fig.Title, Creator: creator}); err != nil {
			return nil, fmt.Errorf("render %s: %w", out, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &Result{Warnings: ref.Warnings, Bytes: buf.Len()}
	files := map[string][]byte{out: buf.Bytes()}
	order := []string{out}
	if opts.World {
		for _, s := range sidecars(out) {
			switch s.ext {
			case ".pgw":
				files[s.path] = []byte(ref.WorldFile())
			case ".prj":
				files[s.path] = []byte(figure.PRJ3857 + "\n")
			case ".png.aux.xml":
				files[s.path] = []byte(ref.AuxXML())
			}
			order = append(order, s.path)
		}
	}
	for _, name := range order {
		if err := atomicfile.WriteFile(name, files[name], 0o644); err != nil {
			for _, done := range res.Files {
				os.Remove(done)
			}
			return nil, err
		}
		res.Files = append(res.Files, name)
	}
	return res, nil
}

// sidecar is a georeferencing file written beside a PNG.
type sidecar struct{ ext, path string }

// sidecars returns the world file, .prj and GDAL .aux.xml paths of the PNG
// out.
func sidecars(out string) []sidecar {
	base := strings.TrimSuffix(out, filepath.Ext(out))
	return []sidecar{{".pgw", base + ".pgw"}, {".prj", base + ".prj"}, {".png.aux.xml", out + ".aux.xml"}}
}

// checkOutput returns the format of out, or refuses an output path that is
// not a figure format, lies in a missing or unwritable folder, or exists
// without opts.Force.
func checkOutput(out string, opts Options) (Format, error) {
	if out == "" {
		return "", errors.New("no output file given; name one with -o FILE.png, FILE.svg or FILE.pdf")
	}
	format, ok := FormatOf(out)
	if !ok {
		return "", fmt.Errorf("%s does not end in .png, .svg or .pdf; casmap exports figures in those formats", out)
	}
	if opts.World && format != PNG {
		return "", fmt.Errorf("%s: -world georeferences PNG images; SVG and PDF figures carry no world file", out)
	}
	dir := filepath.Dir(out)
	st, err := os.Stat(dir)
	if err != nil {
		return "", fmt.Errorf("the folder %s does not exist", dir)
	}
	if !st.IsDir() {
		return "", fmt.Errorf("%s is not a folder", dir)
	}
	if fi, err := os.Stat(out); err == nil {
		if fi.IsDir() {
			return "", fmt.Errorf("%s is a folder, not a file", out)
		}
		if !opts.Force {
			return "", fmt.Errorf("%s exists; give -force to overwrite it: %w", out, ErrExists)
		}
	}
	if opts.World && !opts.Force {
		for _, s := range sidecars(out) {
			if _, err := os.Stat(s.path); err == nil {
				return "", fmt.Errorf("%s exists; give -force to overwrite it: %w", s.path, ErrExists)
			}
		}
	}
	// Try the folder now, so an unwritable one fails before the work.
	tmp, err := os.CreateTemp(dir, ".casmap-check-*")
	if err != nil {
		return "", fmt.Errorf("cannot write in the folder %s: %w", dir, errors.Unwrap(err))
	}
	tmp.Close()
	os.Remove(tmp.Name())
	return format, nil
}
