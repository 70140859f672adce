package main

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/draw"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// figureArgs are the flags of the figure every format test exports: the
// web preset (1200×800 at 96 DPI) with title, legend and a numbered source
// key.
var figureArgs = []string{"export", "-preset", "web", "-title", "Russian posture in Central Asia", "-key"}

// exportTo runs casmap export to dir/name and returns the file's path.
func exportTo(t *testing.T, dir, name string, extra ...string) string {
	t.Helper()
	out := filepath.Join(dir, name)
	args := append(append(append([]string{}, figureArgs...), extra...), "-o", out)
	if code, _, stderr := runCmd(t, args...); code != 0 {
		t.Fatalf("export %s: exit %d: %s", name, code, stderr)
	}
	return out
}

// TestExportFormatsLookAlike exports the same figure as PNG, SVG and PDF,
// rasterises the SVG with rsvg-convert and the PDF with pdftoppm, and
// compares both with the PNG: the three files show the same figure.
func TestExportFormatsLookAlike(t *testing.T) {
	dir := t.TempDir()
	pngPath := exportTo(t, dir, "fig.png")
	svgPath := exportTo(t, dir, "fig.svg")
	pdfPath := exportTo(t, dir, "fig.pdf")
	want := readRGBA(t, pngPath)

	rasters := map[string]string{}
	if tool, err := exec.LookPath("rsvg-convert"); err == nil {
		out := filepath.Join(dir, "svg.png")
		runTool(t, tool, "-w", "1200", "-h", "800", "-o", out, svgPath)
		rasters["SVG"] = out
	} else {
		t.Log("rsvg-convert is not installed: the SVG is not rasterised")
	}
	if tool, err := exec.LookPath("pdftoppm"); err == nil {
		runTool(t, tool, "-png", "-r", "96", "-singlefile", pdfPath, filepath.Join(dir, "pdf"))
		rasters["PDF"] = filepath.Join(dir, "pdf.png")
	} else {
		t.Log("pdftoppm is not installed: the PDF is not rasterised")
	}
	for format, path := range rasters {
		got := readRGBA(t, path)
		if got.Rect.Size() != want.Rect.Size() {
			t.Errorf("%s rasterises to %v, the PNG is %v", format, got.Rect.Size(), want.Rect.Size())
			continue
		}
		block, px := imageDiffs(got, want)
		t.Logf("%s vs PNG: %.2f mean over 8 px blocks, %.2f%% pixels off by more than 64", format, block, 100*px)
		if block > 3 || px > 0.03 {
			t.Errorf("%s differs from the PNG: %.2f mean over 8 px blocks (limit 3), %.2f%% pixels off (limit 3%%); files in %s", format, block, 100*px, dir)
		}
	}
}

// TestExportVectorFiles checks what a reader of the vector files gets:
// an SVG that parses, keeps its text as text and prints at A4; a PDF whose
// text is searchable and whose fonts are embedded.
func TestExportVectorFiles(t *testing.T) {
	dir := t.TempDir()
	svgPath := exportTo(t, dir, "fig.svg", "-preset", "a4-150")
	b, err := os.ReadFile(svgPath)
	if err != nil {
		t.Fatal(err)
	}
	texts, root := svgTexts(t, b)
	if root.w != "297mm" && !strings.HasPrefix(root.w, "841.") && !strings.HasPrefix(root.w, "842") {
		t.Errorf("SVG width %q, want A4 landscape (297 mm, 841.9 pt)", root.w)
	}
	joined := strings.Join(texts, " ")
	for _, want := range []string{"Russian", "posture", "SOURCES", "Natural", "Earth"} {
		if !strings.Contains(joined, want) {
			t.Errorf("SVG text lacks %q", want)
		}
	}
	if len(b) > 1<<20 {
		t.Errorf("SVG is %d bytes, over 1 MB", len(b))
	}

	pdfPath := exportTo(t, dir, "fig.pdf", "-preset", "a4-150")
	if fi, err := os.Stat(pdfPath); err != nil || fi.Size() > 1<<20 {
		t.Errorf("PDF: %v, %v bytes (limit 1 MB)", err, fi.Size())
	}
	if tool, err := exec.LookPath("pdftotext"); err == nil {
		text := runTool(t, tool, "-layout", pdfPath, "-")
		for _, want := range []string{"Russian posture in Central Asia", "SOURCES", "Natural Earth", "Lavrov"} {
			if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
				t.Errorf("pdftotext lacks %q", want)
			}
		}
	}
	if tool, err := exec.LookPath("pdffonts"); err == nil {
		out := runTool(t, tool, pdfPath)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) < 3 {
			t.Fatalf("pdffonts lists no font:\n%s", out)
		}
		for _, l := range lines[2:] {
			if f := strings.Fields(l); len(f) < 5 || !strings.Contains(l, " yes ") {
				t.Errorf("font not embedded: %s", l)
			}
		}
	}
	if tool, err := exec.LookPath("pdfinfo"); err == nil {
		info := runTool(t, tool, pdfPath)
		if !strings.Contains(info, "841.") || !strings.Contains(info, "595.") {
			t.Errorf("PDF page is not A4 landscape:\n%s", info)
		}
	}
}

// TestExportWorldFileGDAL checks that GDAL reads the coordinate system and
// the corners of an exported PNG from its world file and .aux.xml.
func TestExportWorldFileGDAL(t *testing.T) {
	tool, err := exec.LookPath("gdalinfo")
	if err != nil {
		t.Skip("gdalinfo is not installed")
	}
	dir := t.TempDir()
	p := exportTo(t, dir, "fig.png", "-world", "-bbox", "55,33,80,46")
	for _, side := range []string{"fig.pgw", "fig.prj", "fig.png.aux.xml"} {
		if _, err := os.Stat(filepath.Join(dir, side)); err != nil {
			t.Errorf("no %s beside the figure: %v", side, err)
		}
	}
	info := runTool(t, tool, p)
	if !strings.Contains(info, "Pseudo-Mercator") || !strings.Contains(info, "3857") {
		t.Errorf("gdalinfo does not name EPSG:3857:\n%s", info)
	}
}

// TestExportRefusesWorldForVectors checks the one-sentence refusal of
// -world for SVG and PDF, which leaves no file.
func TestExportRefusesWorldForVectors(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"fig.svg", "fig.pdf"} {
		out := filepath.Join(dir, name)
		code, _, stderr := runCmd(t, "export", "-world", "-o", out)
		if code != 1 || !strings.Contains(stderr, "-world") || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%s: exit %d, stderr %q", name, code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s was written", name)
		}
	}
}

type svgRoot struct{ w, h string }

// svgTexts parses an SVG document and returns its text contents and the
// root's width and height.
func svgTexts(t *testing.T, b []byte) ([]string, svgRoot) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var texts []string
	var root svgRoot
	inText := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if el.Name.Local == "svg" && root.w == "" {
				for _, a := range el.Attr {
					switch a.Name.Local {
					case "width":
						root.w = a.Value
					case "height":
						root.h = a.Value
					}
				}
			}
			if el.Name.Local == "text" {
				inText++
			}
		case xml.EndElement:
			if el.Name.Local == "text" {
				inText--
			}
		case xml.CharData:
			if inText > 0 {
				texts = append(texts, string(el))
			}
		}
	}
	return texts, root
}

// runTool runs a tool and returns its standard output, failing t on error.
func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %s: %v %s", name, strings.Join(args, " "), err, msg)
	}
	return string(out)
}

func readRGBA(t *testing.T, path string) *image.RGBA {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	out := image.NewRGBA(image.Rectangle{Max: img.Bounds().Size()})
	draw.Draw(out, out.Rect, img, img.Bounds().Min, draw.Src)
	return out
}

// imageDiffs returns the mean absolute difference of 8×8 block averages of
// a and b, and the share of pixels with a channel off by more than 64.
func imageDiffs(a, b *image.RGBA) (block, px float64) {
	const n = 8
	w, h := a.Rect.Dx(), a.Rect.Dy()
	var sum float64
	blocks, bad := 0, 0
	for by := 0; by+n <= h; by += n {
		for bx := 0; bx+n <= w; bx += n {
			var ca, cb [3]float64
			for y := by; y < by+n; y++ {
				for x := bx; x < bx+n; x++ {
					pa, pb := a.RGBAAt(x, y), b.RGBAAt(x, y)
					ca[0], ca[1], ca[2] = ca[0]+float64(pa.R), ca[1]+float64(pa.G), ca[2]+float64(pa.B)
					cb[0], cb[1], cb[2] = cb[0]+float64(pb.R), cb[1]+float64(pb.G), cb[2]+float64(pb.B)
					if absd(pa.R, pb.R) > 64 || absd(pa.G, pb.G) > 64 || absd(pa.B, pb.B) > 64 {
						bad++
					}
				}
			}
			for c := range 3 {
				sum += math.Abs(ca[c]-cb[c]) / (n * n)
			}
			blocks++
		}
	}
	return sum / float64(3*blocks), float64(bad) / float64(blocks*n*n)
}

func absd(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}
