package pngenc

import (
	"encoding/binary"
	"math/bits"
)

// Helpers working on eight bytes packed in a uint64 ("SIMD within a
// register"), used by the filters.
const (
	lo7 = 0x7f7f7f7f7f7f7f7f
	hi1 = 0x8080808080808080
	evn = 0x00ff00ff00ff00ff
)

// sub8 returns the bytewise differences a-b mod 256.
func sub8(a, b uint64) uint64 {
	return ((a | hi1) - (b & lo7)) ^ ((a ^ ^b) & hi1)
}

// nonzero8 returns the high bit of every byte of x that is not zero.
func nonzero8(x uint64) uint64 {
	return (((x & lo7) + lo7) | x) & hi1
}

// abs8x8 returns |int8(b)| for every byte b of x.
func abs8x8(x uint64) uint64 {
	m := ((x & hi1) >> 7) * 0xff
	return (sub8(0, x) & m) | (x &^ m)
}

// lanes16 adds the bytes of x pairwise into four 16-bit lanes.
func lanes16(x uint64) uint64 {
	return (x & evn) + ((x >> 8) & evn)
}

// foldLanes returns the sum of the four 16-bit lanes of acc.
func foldLanes(acc uint64) int {
	return int(acc&0xffff + acc>>16&0xffff + acc>>32&0xffff + acc>>48)
}

// abs8 returns |int8(b)|, the cost of one filtered byte.
func abs8(b byte) int {
	x := int(int8(b))
	m := x >> 63
	return (x ^ m) - m
}

// swarBlock is how many 8-byte words may be added into 16-bit lanes
// (each word adds at most 2*128 per lane) before they must be folded.
const swarBlock = 255

// upScan writes the Up filter of cur (cur-prev) to dst and returns the
// number of bytes that differ both from the byte above and from the
// corresponding byte of the pixel to the left, a measure of how busy the
// row is.
func upScan(dst, cur, prev []byte, bpp int) (busy int) {
	n := len(cur)
	dst = dst[:n]
	prev = prev[:n]
	i := 0
	for ; i < bpp && i < n; i++ {
		d := cur[i] - prev[i]
		dst[i] = d
		if d != 0 && cur[i] != 0 {
			busy++
		}
	}
	for ; i+8 <= n; i += 8 {
		c := binary.LittleEndian.Uint64(cur[i:])
		u := sub8(c, binary.LittleEndian.Uint64(prev[i:]))
		v := sub8(c, binary.LittleEndian.Uint64(cur[i-bpp:]))
		binary.LittleEndian.PutUint64(dst[i:], u)
		busy += bits.OnesCount64(nonzero8(u) & nonzero8(v))
	}
	for ; i < n; i++ {
		d := cur[i] - prev[i]
		dst[i] = d
		if d != 0 && cur[i] != cur[i-bpp] {
			busy++
		}
	}
	return busy
}

// sumAbs8 returns the sum of |int8(b)| over p, stopping early once it
// reaches limit.
func sumAbs8(p []byte, limit int) int {
	s := 0
	for len(p) >= 8 {
		k := min(len(p)/8, swarBlock)
		var acc uint64
		for j := range k {
			acc += lanes16(abs8x8(binary.LittleEndian.Uint64(p[8*j:])))
		}
		s += foldLanes(acc)
		p = p[8*k:]
		if s >= limit {
			return s
		}
	}
	for _, b := range p {
		s += abs8(b)
	}
	return s
}

// subFilter writes the Sub filter of cur to dst and returns its cost (sum
// of |int8|), or a value >= limit once the cost reaches limit.
func subFilter(dst, cur []byte, bpp, limit int) int {
	n := len(cur)
	dst = dst[:n]
	s := 0
	i := 0
	for ; i < bpp && i < n; i++ {
		dst[i] = cur[i]
		s += abs8(cur[i])
	}
	for i+8 <= n {
		k := min((n-i)/8, swarBlock)
		var acc uint64
		for range k {
			v := sub8(binary.LittleEndian.Uint64(cur[i:]), binary.LittleEndian.Uint64(cur[i-bpp:]))
			binary.LittleEndian.PutUint64(dst[i:], v)
			acc += lanes16(abs8x8(v))
			i += 8
		}
		s += foldLanes(acc)
		if s >= limit {
			return s
		}
	}
	for ; i < n; i++ {
		v := cur[i] - cur[i-bpp]
		dst[i] = v
		s += abs8(v)
	}
	return s
}
