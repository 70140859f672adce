// Package pngenc is a fast, lossless PNG encoder for large report images.
//
// Encode produces standard PNG files that any decoder reads. It is tuned for
// *image.RGBA and *image.NRGBA maps of several megapixels: the image is cut
// into horizontal strips that are filtered and deflate-compressed in
// parallel, and the independent deflate streams are joined into a single
// zlib stream. Fully opaque colour images are written as 8-bit RGB (3
// bytes per pixel), others as 8-bit RGBA; grey and paletted images keep
// their compact forms. An optional pHYs chunk records the intended print
// resolution, and DPI reads it back.
package pngenc

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"reflect"
	"runtime"
	"sync"
)

// MaxSide is the largest accepted width or height, in pixels.
const MaxSide = 1 << 15

// Options control Encode. The zero value is a good default: fast
// compression, no pHYs chunk, one worker per available CPU.
type Options struct {
	// DPI, when > 0, is recorded in a pHYs chunk as pixels per metre
	// (round(DPI/0.0254)), so that office and print programs reproduce the
	// image at its intended physical size. 0 writes no pHYs chunk.
	DPI float64

	// Level selects the deflate effort. Every level uses the same
	// filtering (see below); only the deflate level changes. Deflate is
	// github.com/klauspost/compress/flate, a drop-in for compress/flate
	// that is about 1.45 times as fast at level 1 on map images, with 4%
	// smaller files (BenchmarkEncodePNG: 33 ms against 48 ms):
	//
	//	0     the default, DefaultLevel.
	//	1     BestSpeed, the fastest.
	//	2..9  levels 2..9: slower, smaller.
	//
	// On a typical 3000x2000 map, relative to level 1, level 2 is about
	// 4% smaller at nearly the same speed, level 4 about 15% smaller and
	// 1.4 times slower, level 6 about 17% smaller and twice as slow, and
	// level 9 over ten times slower for 2% more. On photographic content
	// levels above 1 cost about twice as much for 5-10%. Other values are
	// an error.
	//
	// Each row is filtered with None, Sub or Up: rows that mostly repeat
	// their neighbours are left unfiltered, which deflate compresses best
	// on flat map content, and busy rows such as gradients get the cheaper
	// of Sub and Up by the PNG specification's sum-of-absolute-values
	// heuristic.
	Level int

	// Workers is the number of goroutines compressing strips in parallel.
	// 0 means runtime.GOMAXPROCS(0). Small images use fewer.
	Workers int
}

// DefaultLevel is the compression level that Options.Level 0 stands for:
// the fastest, whose files are about the size image/png writes at its
// default level.
const DefaultLevel = 1

// Errors reported by Encode, wrapped with context; test with errors.Is.
var (
	// ErrNilImage reports a nil image.
	ErrNilImage = errors.New("pngenc: nil image")
	// ErrBadSize reports an empty image or one wider or taller than MaxSide.
	ErrBadSize = errors.New("pngenc: unsupported image size")
	// ErrBadOptions reports an invalid Options value.
	ErrBadOptions = errors.New("pngenc: invalid options")
)

// PNG colour types (PNG specification, section 11.2.2).
const (
	ctGray      = 0
	ctRGB       = 2
	ctPalette   = 3
	ctRGBAlpha  = 6
	pngHeader   = "\x89PNG\r\n\x1a\n"
	metrePerInc = 0.0254
)

// Encode writes img as a PNG to w.
//
// *image.RGBA, *image.NRGBA, *image.Gray and *image.Paletted are encoded
// directly in parallel. Images with 16-bit colour models (Gray16, RGBA64,
// NRGBA64, Alpha16) are encoded by image/png so that no precision is lost,
// and a pHYs chunk is added when requested. Any other image is converted
// pixel by pixel to 8-bit non-premultiplied RGB(A), again in parallel.
//
// The work is split into horizontal strips compressed by opt.Workers
// goroutines; the output does not depend on the number of workers. The
// first error from w stops the encoding and is returned, wrapped. Encode
// may be called concurrently; img must not change while it runs.
func Encode(w io.Writer, img image.Image, opt Options) error {
	if img == nil {
		return ErrNilImage
	}
	if v := reflect.ValueOf(img); v.Kind() == reflect.Pointer && v.IsNil() {
		return fmt.Errorf("%w: %T", ErrNilImage, img)
	}
	b := img.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 || b.Dx() > MaxSide || b.Dy() > MaxSide {
		return fmt.Errorf("%w: %dx%d (each side must be 1..%d)", ErrBadSize, b.Dx(), b.Dy(), MaxSide)
	}
	ppm, err := pixelsPerMetre(opt.DPI)
	if err != nil {
		return err
	}
	if opt.Level < 0 || opt.Level > 9 {
		return fmt.Errorf("%w: level %d not in 0..9", ErrBadOptions, opt.Level)
	}
	if opt.Workers < 0 {
		return fmt.Errorf("%w: %d workers", ErrBadOptions, opt.Workers)
	}
	level := opt.Level
	if level == 0 {
		level = DefaultLevel
	}
	workers := opt.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}

	switch img.ColorModel() {
	case color.Gray16Model, color.RGBA64Model, color.NRGBA64Model, color.Alpha16Model:
		return encodeFallback(w, img, level, ppm)
	}

	src, err := newSource(img, workers)
	if err != nil {
		return err
	}
	e := encoder{
		src:     src,
		level:   level,
		workers: workers,
		ppm:     ppm,
	}
	return e.encode(w)
}

// pixelsPerMetre converts dpi to the pHYs unit; 0 means no chunk.
func pixelsPerMetre(dpi float64) (uint32, error) {
	switch {
	case dpi == 0:
		return 0, nil
	case !(dpi > 0) || math.IsInf(dpi, 0):
		return 0, fmt.Errorf("%w: DPI %v", ErrBadOptions, dpi)
	}
	ppm := math.Round(dpi / metrePerInc)
	if ppm < 1 || ppm > math.MaxInt32 {
		return 0, fmt.Errorf("%w: DPI %v out of range", ErrBadOptions, dpi)
	}
	return uint32(ppm), nil
}

// fallbackBuffers lets image/png reuse its large buffers between calls.
type fallbackBuffers struct{ p sync.Pool }

func (f *fallbackBuffers) Get() *png.EncoderBuffer {
	b, _ := f.p.Get().(*png.EncoderBuffer)
	return b
}

func (f *fallbackBuffers) Put(b *png.EncoderBuffer) { f.p.Put(b) }

var (
	fallbackPool fallbackBuffers
	bufferPool   = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

// encodeFallback encodes img with image/png and inserts a pHYs chunk after
// IHDR when ppm > 0.
func encodeFallback(w io.Writer, img image.Image, level int, ppm uint32) error {
	enc := png.Encoder{BufferPool: &fallbackPool}
	switch {
	case level <= 3:
		enc.CompressionLevel = png.BestSpeed
	case level <= 6:
		enc.CompressionLevel = png.DefaultCompression
	default:
		enc.CompressionLevel = png.BestCompression
	}
	if ppm == 0 {
		cw := chunkWriter{w: w}
		if err := enc.Encode(&cw, img); err != nil {
			if cw.err != nil {
				return cw.err
			}
			return fmt.Errorf("pngenc: image/png: %w", err)
		}
		return nil
	}

	buf := bufferPool.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		bufferPool.Put(buf)
	}()
	buf.Reset()
	if err := enc.Encode(buf, img); err != nil {
		return fmt.Errorf("pngenc: image/png: %w", err)
	}
	data := buf.Bytes()
	// Signature (8 bytes) and IHDR (4+4+13+4 bytes) always come first.
	const ihdrEnd = len(pngHeader) + 12 + 13
	if len(data) < ihdrEnd || string(data[12:16]) != "IHDR" {
		return errors.New("pngenc: image/png produced no IHDR chunk")
	}
	cw := chunkWriter{w: w}
	cw.write(data[:ihdrEnd])
	cw.phys(ppm)
	cw.write(data[ihdrEnd:])
	return cw.err
}
