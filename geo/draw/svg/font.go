package svg

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"slices"
	"strconv"

	"golang.org/x/image/font/sfnt"

	"casmap/geo/draw"
)

// writeFonts writes an @font-face rule with a subset of each face that
// text used.
func (c *Canvas) writeFonts() {
	started := false
	for f := range c.runes {
		if len(c.runes[f]) == 0 {
			continue
		}
		face := draw.Face(f)
		ttf, err := faceSubset(face, c.runes[f])
		if err != nil {
			// The text still names the family; a broken subset would only
			// make viewers reject the font.
			continue
		}
		if !started {
			c.buf = append(c.buf, "<defs><style type=\"text/css\"><![CDATA[\n"...)
			started = true
		}
		family, weight, italic := face.Family()
		b := append(c.buf, "@font-face{font-family:'"...)
		b = append(b, family...)
		b = append(b, "';font-weight:"...)
		b = strconv.AppendInt(b, int64(weight), 10)
		if italic {
			b = append(b, ";font-style:italic"...)
		} else {
			b = append(b, ";font-style:normal"...)
		}
		b = append(b, ";src:url(data:font/ttf;base64,"...)
		b = base64.StdEncoding.AppendEncode(b, ttf)
		c.buf = append(b, ") format('truetype')}\n"...)
		c.flushBuf()
	}
	if started {
		c.buf = append(c.buf, "]]></style></defs>\n"...)
		c.flushBuf()
	}
}

// faceSubset returns the TrueType file of face reduced to the glyphs of
// runes.
func faceSubset(face draw.Face, runes map[rune]struct{}) ([]byte, error) {
	f := face.Font()
	var buf sfnt.Buffer
	gids := make([]uint16, 0, len(runes)+1)
	gids = append(gids, 0)
	for r := range runes {
		g, err := f.GlyphIndex(&buf, r)
		if err == nil && g != 0 {
			gids = append(gids, uint16(g))
		}
	}
	return subsetTTF(face.TTF(), gids)
}

var errFont = errors.New("svg: malformed TrueType font")

// subsetTTF returns ttf with the outlines of all glyphs but gids, and the
// components of composite glyphs among them, removed. Glyph ids, cmap and
// metrics stay as they are, so the file stays consistent with only glyf,
// loca, post (glyph names dropped) and head rewritten.
func subsetTTF(ttf []byte, gids []uint16) ([]byte, error) {
	be := binary.BigEndian
	if len(ttf) < 12 {
		return nil, errFont
	}
	type table struct {
		tag  string
		data []byte
	}
	n := int(be.Uint16(ttf[4:]))
	if len(ttf) < 12+16*n {
		return nil, errFont
	}
	tables := make([]table, 0, n)
	find := func(tag string) []byte {
		for _, t := range tables {
			if t.tag == tag {
				return t.data
			}
		}
		return nil
	}
	for i := range n {
		rec := ttf[12+16*i:]
		off, ln := be.Uint32(rec[8:]), be.Uint32(rec[12:])
		if uint64(off)+uint64(ln) > uint64(len(ttf)) {
			return nil, errFont
		}
		tables = append(tables, table{string(rec[:4]), ttf[off : off+ln]})
	}
	head, maxp, loca, glyf := find("head"), find("maxp"), find("loca"), find("glyf")
	if len(head) < 54 || len(maxp) < 6 || loca == nil || glyf == nil {
		return nil, errFont
	}
	numGlyphs := int(be.Uint16(maxp[4:]))
	long := be.Uint16(head[50:]) != 0
	if long && len(loca) < 4*(numGlyphs+1) || !long && len(loca) < 2*(numGlyphs+1) {
		return nil, errFont
	}
	glyph := func(g int) ([]byte, error) {
		var a, b uint32
		if long {
			a, b = be.Uint32(loca[4*g:]), be.Uint32(loca[4*g+4:])
		} else {
			a, b = 2*uint32(be.Uint16(loca[2*g:])), 2*uint32(be.Uint16(loca[2*g+2:]))
		}
		if a > b || b > uint32(len(glyf)) {
			return nil, errFont
		}
		return glyf[a:b], nil
	}

	// Mark the glyphs to keep, following composite glyphs' components.
	keep := make([]bool, numGlyphs)
	stack := slices.Clone(gids)
	for len(stack) > 0 {
		g := int(stack[len(stack)-1])
		stack = stack[:len(stack)-1]
		if g >= numGlyphs || keep[g] {
			continue
		}
		keep[g] = true
		data, err := glyph(g)
		if err != nil {
			return nil, err
		}
		if len(data) < 10 || int16(be.Uint16(data)) >= 0 {
			continue
		}
		for p := 10; p+4 <= len(data); {
			flags := be.Uint16(data[p:])
			stack = append(stack, be.Uint16(data[p+2:]))
			p += 4
			if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
				p += 4
			} else {
				p += 2
			}
			switch {
			case flags&0x0008 != 0: // WE_HAVE_A_SCALE
				p += 2
			case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
				p += 4
			case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
				p += 8
			}
			if flags&0x0020 == 0 { // MORE_COMPONENTS
				break
			}
		}
	}

	// New glyf and loca; glyphs start on four-byte boundaries.
	var newGlyf []byte
	offsets := make([]uint32, numGlyphs+1)
	for g := range numGlyphs {
		offsets[g] = uint32(len(newGlyf))
		if !keep[g] {
			continue
		}
		data, err := glyph(g)
		if err != nil {
			return nil, err
		}
		newGlyf = append(newGlyf, data...)
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
	}
	offsets[numGlyphs] = uint32(len(newGlyf))
	long = len(newGlyf) > 0x1fffe
	var newLoca []byte
	for _, o := range offsets {
		if long {
			newLoca = be.AppendUint32(newLoca, o)
		} else {
			newLoca = be.AppendUint16(newLoca, uint16(o/2))
		}
	}
	newHead := slices.Clone(head)
	be.PutUint32(newHead[8:], 0) // checkSumAdjustment, set below
	if long {
		be.PutUint16(newHead[50:], 1)
	} else {
		be.PutUint16(newHead[50:], 0)
	}
	for i := range tables {
		switch tables[i].tag {
		case "glyf":
			tables[i].data = newGlyf
		case "loca":
			tables[i].data = newLoca
		case "head":
			tables[i].data = newHead
		case "post":
			if p := tables[i].data; len(p) >= 32 && be.Uint32(p) == 0x00020000 {
				p = slices.Clone(p[:32])
				be.PutUint32(p, 0x00030000)
				tables[i].data = p
			}
		}
	}
	slices.SortFunc(tables, func(a, b table) int {
		switch {
		case a.tag < b.tag:
			return -1
		case a.tag > b.tag:
			return 1
		}
		return 0
	})

	// Assemble the file.
	n = len(tables)
	entrySelector := 0
	for 1<<(entrySelector+1) <= n {
		entrySelector++
	}
	searchRange := 16 << entrySelector
	out := make([]byte, 12+16*n, len(ttf)/2)
	copy(out, ttf[:4])
	be.PutUint16(out[4:], uint16(n))
	be.PutUint16(out[6:], uint16(searchRange))
	be.PutUint16(out[8:], uint16(entrySelector))
	be.PutUint16(out[10:], uint16(16*n-searchRange))
	headAt := 0
	for i, t := range tables {
		rec := out[12+16*i:]
		copy(rec, t.tag)
		be.PutUint32(rec[4:], checksum(t.data))
		be.PutUint32(rec[8:], uint32(len(out)))
		be.PutUint32(rec[12:], uint32(len(t.data)))
		if t.tag == "head" {
			headAt = len(out)
		}
		out = append(out, t.data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	be.PutUint32(out[headAt+8:], 0xb1b0afba-checksum(out))
	return out, nil
}

// checksum is the TrueType table checksum of b, zero-padded to a multiple
// of four bytes.
func checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var t [4]byte
		copy(t[:], b)
		sum += binary.BigEndian.Uint32(t[:])
	}
	return sum
}
