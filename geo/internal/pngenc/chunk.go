package pngenc

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
)

// maxIDAT is the largest IDAT payload written. Smaller chunks cost 12 bytes
// each; larger ones only delay output.
const maxIDAT = 1 << 20

// chunkWriter writes PNG chunks to w and remembers the first write error;
// once an error occurred every further write is skipped.
type chunkWriter struct {
	w    io.Writer
	err  error
	hdr  [8]byte
	idat []byte // pending IDAT payload, at most maxIDAT bytes
}

// Write implements io.Writer on top of write, so that chunkWriter can wrap
// the destination of other encoders.
func (c *chunkWriter) Write(p []byte) (int, error) {
	c.write(p)
	if c.err != nil {
		return 0, c.err
	}
	return len(p), nil
}

// write writes p to the underlying writer unless an error occurred.
func (c *chunkWriter) write(p []byte) {
	if c.err != nil || len(p) == 0 {
		return
	}
	if _, err := c.w.Write(p); err != nil {
		c.err = fmt.Errorf("pngenc: write: %w", err)
	}
}

// chunk writes one chunk with the given four-letter type and payload.
func (c *chunkWriter) chunk(typ string, data []byte) {
	if c.err != nil {
		return
	}
	binary.BigEndian.PutUint32(c.hdr[:4], uint32(len(data)))
	copy(c.hdr[4:], typ)
	crc := crc32.Update(crc32.ChecksumIEEE(c.hdr[4:8]), crc32.IEEETable, data)
	c.write(c.hdr[:])
	c.write(data)
	binary.BigEndian.PutUint32(c.hdr[:4], crc)
	c.write(c.hdr[:4])
}

// header writes the PNG signature and the IHDR chunk.
func (c *chunkWriter) header(width, height int, colorType byte) {
	c.write([]byte(pngHeader))
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8] = 8 // bit depth
	ihdr[9] = colorType
	// ihdr[10..12]: deflate, adaptive filtering, no interlace, all zero.
	c.chunk("IHDR", ihdr[:])
}

// phys writes a pHYs chunk giving ppm pixels per metre on both axes.
func (c *chunkWriter) phys(ppm uint32) {
	var d [9]byte
	binary.BigEndian.PutUint32(d[0:], ppm)
	binary.BigEndian.PutUint32(d[4:], ppm)
	d[8] = 1 // unit: metre
	c.chunk("pHYs", d[:])
}

// writeIDAT appends p to the IDAT data, emitting chunks of maxIDAT bytes.
func (c *chunkWriter) writeIDAT(p []byte) {
	for len(p) > 0 && c.err == nil {
		if len(c.idat) == 0 && len(p) >= maxIDAT {
			c.chunk("IDAT", p[:maxIDAT])
			p = p[maxIDAT:]
			continue
		}
		n := min(len(p), maxIDAT-len(c.idat))
		c.idat = append(c.idat, p[:n]...)
		p = p[n:]
		if len(c.idat) == maxIDAT {
			c.flushIDAT()
		}
	}
}

// flushIDAT writes any pending IDAT data as one chunk.
func (c *chunkWriter) flushIDAT() {
	if len(c.idat) > 0 {
		c.chunk("IDAT", c.idat)
		c.idat = c.idat[:0]
	}
}

// DPI reads the chunks of the PNG in r that precede its image data and
// returns the resolution stored in its pHYs chunk, in dots per inch
// rounded to one decimal place (so a file written by Encode with
// Options.DPI 300 reads back as exactly 300). ok is false when the file
// has no pHYs chunk, when its unit is not the metre, or when the
// horizontal and vertical resolutions differ. Chunk CRCs are verified.
// DPI reads r through a buffer, so it may consume bytes beyond the chunks
// it inspects.
func DPI(r io.Reader) (dpi float64, ok bool, err error) {
	br := bufio.NewReader(r)
	var sig [len(pngHeader)]byte
	if _, err := io.ReadFull(br, sig[:]); err != nil {
		return 0, false, fmt.Errorf("pngenc: reading signature: %w", err)
	}
	if string(sig[:]) != pngHeader {
		return 0, false, errors.New("pngenc: not a PNG file")
	}
	var hdr [8]byte
	var buf []byte
	for {
		if _, err := io.ReadFull(br, hdr[:]); err != nil {
			return 0, false, fmt.Errorf("pngenc: reading chunk header: %w", err)
		}
		n := binary.BigEndian.Uint32(hdr[:4])
		typ := string(hdr[4:])
		switch typ {
		case "IDAT", "IEND":
			return 0, false, nil
		}
		if n > 1<<24 {
			return 0, false, fmt.Errorf("pngenc: %q chunk too large (%d bytes)", typ, n)
		}
		if cap(buf) < int(n)+4 {
			buf = make([]byte, n+4)
		}
		buf = buf[:n+4]
		if _, err := io.ReadFull(br, buf); err != nil {
			return 0, false, fmt.Errorf("pngenc: reading %q chunk: %w", typ, err)
		}
		data := buf[:n]
		crc := crc32.Update(crc32.ChecksumIEEE(hdr[4:]), crc32.IEEETable, data)
		if crc != binary.BigEndian.Uint32(buf[n:]) {
			return 0, false, fmt.Errorf("pngenc: %q chunk: CRC mismatch", typ)
		}
		if typ != "pHYs" {
			continue
		}
		if n != 9 {
			return 0, false, fmt.Errorf("pngenc: pHYs chunk has %d bytes, want 9", n)
		}
		x := binary.BigEndian.Uint32(data[0:])
		y := binary.BigEndian.Uint32(data[4:])
		if data[8] != 1 || x != y || x == 0 {
			return 0, false, nil
		}
		return math.Round(float64(x)*metrePerInc*10) / 10, true, nil
	}
}
