package figure

import (
	"context"
	"fmt"
	"io"

	"casmap/geo/draw"
	"casmap/geo/draw/pdf"
	"casmap/geo/draw/svg"
)

// Draw draws f onto c, which must be f.Width×f.Height pixels: the same
// page as RenderFigure, with the basemap, overlays and symbols as vector
// paths and every text as text. It returns the georeference of the map
// frame. Raster tiles (f.Tiles) are refused: they exist only as images.
func Draw(ctx context.Context, c draw.Canvas, f *Figure) (*Georef, error) {
	pr, err := prepare(ctx, f, false)
	if err != nil {
		return nil, err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	page := pr.page
	var p draw.Path
	c.Path(p.Rect(draw.Rect{X1: float64(f.Width), Y1: float64(f.Height)}), draw.Style{Fill: pr.pal.page})
	mr := draw.RectOf(page.mapRect)
	c.Clip(mr)
	mc := draw.Offset(c, mr.X0, mr.Y0)
	sc := newMapScene(ctx, f, page, pr.fonts, pr.pal, false)
	for _, layer := range sc.layers() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		layer(mc, page.view)
	}
	c.Unclip()
	if page.mapRect != fullRect(f) {
		page.drawFurniture(c)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	g := newGeoref(page.mapRect, page.view)
	g.Warnings = pr.warnings
	return g, nil
}

// VectorOptions describe a vector figure file.
type VectorOptions struct {
	// Title is the document title (SVG <title>, PDF information).
	Title string
	// Creator names the program in the PDF information.
	Creator string
}

// pointsPerPixel returns the physical size of one figure pixel in points,
// so that the file prints at the figure's DPI.
func (f *Figure) pointsPerPixel() float64 { return 72 / f.dpi() }

// WriteSVG writes f to w as an SVG document that prints at f's DPI, with
// its text as text in embedded subsets of the Go fonts. On error part of a
// document may have been written.
func WriteSVG(ctx context.Context, w io.Writer, f *Figure, opt VectorOptions) (*Georef, error) {
	if f == nil {
		return nil, fmt.Errorf("%w: nil figure", ErrInvalidFigure)
	}
	c := svg.New(w, float64(f.Width), float64(f.Height), svg.Options{PointsPerPixel: f.pointsPerPixel(), Title: opt.Title})
	g, err := Draw(ctx, c, f)
	if cerr := c.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("geo: write SVG: %w", cerr)
	}
	if err != nil {
		return nil, err
	}
	return g, nil
}

// WritePDF writes f to w as a one-page PDF document whose page is f's size
// at its DPI, with its text searchable in embedded subsets of the Go
// fonts.
func WritePDF(ctx context.Context, w io.Writer, f *Figure, opt VectorOptions) (*Georef, error) {
	if f == nil {
		return nil, fmt.Errorf("%w: nil figure", ErrInvalidFigure)
	}
	c := pdf.New(float64(f.Width), float64(f.Height), pdf.Options{PointsPerPixel: f.pointsPerPixel(), Title: opt.Title, Creator: opt.Creator, Date: f.Exported})
	g, err := Draw(ctx, c, f)
	if err != nil {
		return nil, err
	}
	if _, err := c.WriteTo(w); err != nil {
		return nil, fmt.Errorf("geo: write PDF: %w", err)
	}
	return g, nil
}
