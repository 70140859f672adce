package drawtest

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// HasTool reports whether the external tool name is installed.
func HasTool(name string) bool {
	_, err := exec.LookPath(name)
	return err == nil
}

// LookTool returns the path of the external tool name, or skips tb when
// it is not installed.
func LookTool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		tb.Skipf("%s not installed: check skipped", name)
	}
	return p
}

// Run writes doc to the file in.<ext> of a new temporary directory and
// runs the external tool name with args, in which "$IN" stands for that
// file and "$DIR" for the directory. It returns the tool's standard output
// and the directory. It skips tb when the tool is not installed and fails
// it when the tool exits with an error or, if quiet, writes anything to its
// standard error.
func Run(tb testing.TB, doc []byte, ext, name string, quiet bool, args ...string) (stdout []byte, dir string) {
	tb.Helper()
	bin := LookTool(tb, name)
	dir = tb.TempDir()
	in := filepath.Join(dir, "in."+ext)
	if err := os.WriteFile(in, doc, 0o644); err != nil {
		tb.Fatal(err)
	}
	argv := make([]string, len(args))
	for i, a := range args {
		argv[i] = strings.ReplaceAll(strings.ReplaceAll(a, "$IN", in), "$DIR", dir)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, argv...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || quiet && stderr.Len() > 0 {
		tb.Fatalf("%s: %v\n%s", name, err, stderr.Bytes())
	}
	return out, dir
}

// Rasterise renders doc with the external tool name as Run does, args
// telling it to write the PNG file "$DIR/out.png", and returns that image,
// which must be w by h pixels. With quiet the tool must write nothing to
// its standard output either.
func Rasterise(tb testing.TB, doc []byte, ext, name string, quiet bool, w, h int, args ...string) image.Image {
	tb.Helper()
	out, dir := Run(tb, doc, ext, name, quiet, args...)
	if quiet && len(out) > 0 {
		tb.Fatalf("%s: unexpected output\n%s", name, out)
	}
	img := ReadPNG(tb, filepath.Join(dir, "out.png"))
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		tb.Fatalf("%s rasterised %v, want %dx%d", name, b, w, h)
	}
	return img
}

// ReadPNG decodes the PNG file at path, failing tb on error.
func ReadPNG(tb testing.TB, path string) image.Image {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		tb.Fatalf("decode %s: %v", path, err)
	}
	return img
}

// ErrBoom is the error of a FailWriter.
var ErrBoom = errors.New("boom")

// FailWriter is an io.Writer that accepts N bytes and then fails with
// ErrBoom.
type FailWriter struct{ N int }

// Write counts p against N, failing with ErrBoom once N is exceeded.
func (w *FailWriter) Write(p []byte) (int, error) {
	if w.N -= len(p); w.N < 0 {
		return 0, ErrBoom
	}
	return len(p), nil
}
