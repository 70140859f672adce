package pngenc

import "encoding/binary"

// adlerMod is the Adler-32 modulus, the largest prime below 1<<16.
const adlerMod = 65521

// adlerNMax is the largest n such that 255*n*(n+1)/2 + (n+1)*(adlerMod-1)
// fits in a uint32, the most bytes that can be summed before reducing.
const adlerNMax = 5552

// adler32Update returns the Adler-32 checksum of the data whose checksum
// is adler followed by p (RFC 1950, section 8.2). The checksum of no data
// is 1.
func adler32Update(adler uint32, p []byte) uint32 {
	s1, s2 := adler&0xffff, adler>>16
	for len(p) > 0 {
		q := p
		if len(q) > adlerNMax {
			q = q[:adlerNMax]
		}
		p = p[len(q):]
		// Eight bytes per step: s2 gains 8*s1 plus the bytes weighted
		// 8, 7, ..., 1, and s1 their sum. The weighted sum and the sum are
		// formed with one multiplication each on four 16-bit lanes, whose
		// top lane collects the total; no lane exceeds 16 bits.
		for len(q) >= 8 {
			x := binary.LittleEndian.Uint64(q)
			ev := x & 0x00ff00ff00ff00ff        // bytes 0, 2, 4, 6
			od := (x >> 8) & 0x00ff00ff00ff00ff // bytes 1, 3, 5, 7
			w := (ev*0x0008000600040002)>>48 + (od*0x0007000500030001)>>48
			s2 += 8*s1 + uint32(w)
			s1 += uint32(((ev + od) * 0x0001000100010001) >> 48)
			q = q[8:]
		}
		for _, x := range q {
			s1 += uint32(x)
			s2 += s1
		}
		s1 %= adlerMod
		s2 %= adlerMod
	}
	return s2<<16 | s1
}

// adler32Combine returns the Adler-32 checksum of the concatenation of two
// byte sequences given their checksums a1 and a2 and the length n2 of the
// second, as zlib's adler32_combine does.
func adler32Combine(a1, a2 uint32, n2 int64) uint32 {
	rem := uint32(n2 % adlerMod)
	s1 := a1 & 0xffff
	s2 := rem * s1 % adlerMod
	s1 += (a2 & 0xffff) + adlerMod - 1
	s2 += (a1 >> 16) + (a2 >> 16) + adlerMod - rem
	if s1 >= adlerMod {
		s1 -= adlerMod
	}
	if s1 >= adlerMod {
		s1 -= adlerMod
	}
	if s2 >= 2*adlerMod {
		s2 -= 2 * adlerMod
	}
	if s2 >= adlerMod {
		s2 -= adlerMod
	}
	return s2<<16 | s1
}
