package pngenc

import (
	"encoding/binary"
	"io"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/flate"
)

// Strip sizing. Every strip is compressed by its own deflate stream, so a
// strip boundary loses the matches across it and costs a few bytes of
// flush marker and block header; large strips make that negligible while
// still giving the workers enough pieces to balance the load.
var (
	// stripTarget is the preferred amount of raw scanline data per strip.
	stripTarget = 512 << 10
	// minParallel is the raw size below which the image is one strip.
	minParallel = 128 << 10
)

// Medium-sized images are cut into at least minStrips strips of at least
// minStripBytes each.
const (
	minStrips     = 8
	minStripBytes = 32 << 10
)

// encoder holds the parameters of one Encode call.
type encoder struct {
	src     *source
	level   int
	workers int
	ppm     uint32
}

// strip is the compressed form of a run of rows of the image.
type strip struct {
	out   *[]byte // raw deflate data, from outPool
	adler uint32  // Adler-32 of the uncompressed scanlines
	n     int64   // uncompressed length
	panic any     // non-nil when compressing panicked (runParallel only)
}

// worker is the per-goroutine state, pooled per compression level.
type worker struct {
	fw   *flate.Writer
	sink sliceWriter
	filt filterer
	rows [2][]byte // scratch for converted rows
	zero []byte    // the all-zero row above the image
	ft   [1]byte   // filter type byte of the current scanline
}

// sliceWriter is an io.Writer appending to a byte slice.
type sliceWriter struct{ b []byte }

// Write appends p; it never fails.
func (s *sliceWriter) Write(p []byte) (int, error) {
	s.b = append(s.b, p...)
	return len(p), nil
}

var (
	workerPools [10]sync.Pool // indexed by compression level
	outPool     sync.Pool     // *[]byte strip outputs
	idatPool    sync.Pool     // *[]byte IDAT buffers
)

// getWorker returns a worker compressing at level with row buffers for
// rowLen bytes.
func getWorker(level, rowLen int) *worker {
	wk, _ := workerPools[level].Get().(*worker)
	if wk == nil {
		wk = new(worker)
		// NewWriter only fails for an invalid level, excluded by Encode.
		fw, err := flate.NewWriter(&wk.sink, level)
		if err != nil {
			panic("pngenc: " + err.Error())
		}
		wk.fw = fw
	}
	for i := range wk.rows {
		wk.rows[i] = grow(wk.rows[i], rowLen)
	}
	wk.zero = grow(wk.zero, rowLen)
	clear(wk.zero)
	return wk
}

// putWorker returns wk to its pool.
func putWorker(level int, wk *worker) {
	wk.sink.b = nil
	workerPools[level].Put(wk)
}

// grow returns b resliced or reallocated to length n.
func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

// zlibHeader returns the two zlib header bytes for a deflate stream with a
// 32 KiB window compressed at level, as compress/zlib writes them.
func zlibHeader(level int) [2]byte {
	const cmf = 0x78
	var flevel byte
	switch {
	case level <= 1:
		flevel = 0
	case level <= 5:
		flevel = 1
	case level == 6:
		flevel = 2
	default:
		flevel = 3
	}
	flg := flevel << 6
	flg += byte(31 - (uint16(cmf)<<8|uint16(flg))%31)
	return [2]byte{cmf, flg}
}

// layout returns the rows per strip and the number of strips. It depends
// only on the image size, never on the number of workers, so the output
// is the same whatever the parallelism.
func (e *encoder) layout() (rowsPer, nStrips int) {
	h := e.src.height
	total := (e.src.rowLen() + 1) * h
	n := 1
	if total >= minParallel {
		// Enough strips for several workers even on medium-sized images,
		// but none so small that restarting deflate costs much.
		n = max((total+stripTarget-1)/stripTarget, min(minStrips, total/minStripBytes))
	}
	rowsPer = max(1, (h+n-1)/n)
	return rowsPer, (h + rowsPer - 1) / rowsPer
}

// encode writes the whole PNG to w.
func (e *encoder) encode(w io.Writer) error {
	cw := chunkWriter{w: w}
	if p, _ := idatPool.Get().(*[]byte); p != nil {
		cw.idat = (*p)[:0]
	}
	defer func() {
		if cw.idat != nil {
			b := cw.idat[:0]
			idatPool.Put(&b)
		}
	}()

	cw.header(e.src.width, e.src.height, e.src.colorType)
	if e.src.colorType == ctPalette {
		plte, trns := e.src.plteTRNS()
		cw.chunk("PLTE", plte)
		if len(trns) > 0 {
			cw.chunk("tRNS", trns)
		}
	}
	if e.ppm > 0 {
		cw.phys(e.ppm)
	}
	zh := zlibHeader(e.level)
	cw.writeIDAT(zh[:])

	rowsPer, nStrips := e.layout()
	var adler uint32
	if e.workers <= 1 || nStrips == 1 {
		adler = e.runSerial(&cw, rowsPer, nStrips)
	} else {
		adler = e.runParallel(&cw, rowsPer, nStrips)
	}

	var tail [4]byte // zlib trailer: Adler-32 of all scanlines
	binary.BigEndian.PutUint32(tail[:], adler)
	cw.writeIDAT(tail[:])
	cw.flushIDAT()
	cw.chunk("IEND", nil)
	return cw.err
}

// emit writes a finished strip and folds its checksum into adler.
func emit(cw *chunkWriter, s strip, adler uint32) uint32 {
	cw.writeIDAT(*s.out)
	*s.out = (*s.out)[:0]
	outPool.Put(s.out)
	return adler32Combine(adler, s.adler, s.n)
}

// runSerial compresses all strips on the calling goroutine.
func (e *encoder) runSerial(cw *chunkWriter, rowsPer, nStrips int) uint32 {
	wk := getWorker(e.level, e.src.rowLen())
	defer putWorker(e.level, wk)
	adler := uint32(1)
	for i := 0; i < nStrips && cw.err == nil; i++ {
		adler = emit(cw, e.compress(wk, i, rowsPer, nStrips), adler)
	}
	return adler
}

// runParallel compresses strips on e.workers goroutines while the calling
// goroutine writes them out in order. At most window strips are in flight,
// which bounds memory use for very large images.
func (e *encoder) runParallel(cw *chunkWriter, rowsPer, nStrips int) uint32 {
	workers := min(e.workers, nStrips)
	window := 2 * workers
	var (
		ring  = make([]strip, window)
		ready = make([]bool, window)
		done  = make(chan int, window)
		slots = make(chan struct{}, window)
		quit  = make(chan struct{})
		next  atomic.Int64
		wg    sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			wk := getWorker(e.level, e.src.rowLen())
			defer putWorker(e.level, wk)
			for {
				select {
				case slots <- struct{}{}:
				case <-quit:
					return
				}
				i := int(next.Add(1) - 1)
				if i >= nStrips {
					<-slots
					return
				}
				ring[i%window] = e.compressRecover(wk, i, rowsPer, nStrips)
				done <- i
			}
		})
	}

	adler := uint32(1)
	for i := 0; i < nStrips; i++ {
		for !ready[i%window] {
			ready[<-done%window] = true
		}
		ready[i%window] = false
		if p := ring[i%window].panic; p != nil {
			// Re-raise on the caller's goroutine, where it can be
			// recovered, after the workers have stopped.
			close(quit)
			wg.Wait()
			panic(p)
		}
		adler = emit(cw, ring[i%window], adler)
		<-slots
		if cw.err != nil {
			break
		}
	}
	close(quit)
	wg.Wait()
	return adler
}

// compressRecover is compress, reporting a panic (such as one from the
// At method of a custom image) in the result instead of crashing the
// program from a worker goroutine.
func (e *encoder) compressRecover(wk *worker, i, rowsPer, nStrips int) (s strip) {
	defer func() {
		if p := recover(); p != nil {
			s = strip{panic: p}
		}
	}()
	return e.compress(wk, i, rowsPer, nStrips)
}

// compress filters and deflates strip i. All but the last strip end with
// a sync flush, which byte-aligns the stream without ending it, so the
// strips concatenate into one deflate stream; the last strip closes it.
func (e *encoder) compress(wk *worker, i, rowsPer, nStrips int) strip {
	src := e.src
	y0 := i * rowsPer
	y1 := min(y0+rowsPer, src.height)
	rowLen := src.rowLen()

	out, _ := outPool.Get().(*[]byte)
	if out == nil {
		b := make([]byte, 0, min(rowsPer*(rowLen+1)/4+1024, 4<<20))
		out = &b
	}
	wk.sink.b = (*out)[:0]
	wk.fw.Reset(&wk.sink)

	prev := wk.zero
	slot := 0
	if y0 > 0 {
		prev = src.row(y0-1, wk.rows[slot])
		slot ^= 1
	}
	adler := uint32(1)
	for y := y0; y < y1; y++ {
		cur := src.row(y, wk.rows[slot])
		slot ^= 1
		ft, data := wk.filt.filter(cur, prev, src.bpp)
		wk.ft[0] = ft
		adler = adler32Update(adler32Update(adler, wk.ft[:]), data)
		// Writes to a sliceWriter cannot fail.
		_, _ = wk.fw.Write(wk.ft[:])
		_, _ = wk.fw.Write(data)
		prev = cur
	}
	if i == nStrips-1 {
		_ = wk.fw.Close()
	} else {
		_ = wk.fw.Flush()
	}
	*out = wk.sink.b
	wk.sink.b = nil
	return strip{out: out, adler: adler, n: int64(y1-y0) * int64(rowLen+1)}
}
