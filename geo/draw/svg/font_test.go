package svg

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"casmap/geo/draw"
)

// TestSubset checks that a subset keeps the outlines, metrics and glyph
// ids of the used characters (composites included), drops the others,
// and, where ots-sanitize (the validator browsers use) is installed,
// passes it.
func TestSubset(t *testing.T) {
	tests := []struct {
		name string
		text string
	}{
		{"ascii", "Site 12 Nukus"},
		{"accents and cyrillic", "Ä Ö Ü ß é Ташкент Нукус –"},
		{"nothing", ""},
	}
	unused := []rune{'Q', 'z', 'Ж'}
	for _, tt := range tests {
		for f := range 4 {
			face := draw.Face(f)
			t.Run(tt.name+"/"+face.String(), func(t *testing.T) {
				runes := map[rune]struct{}{}
				for _, r := range tt.text {
					runes[r] = struct{}{}
				}
				ttf, err := faceSubset(face, runes)
				if err != nil {
					t.Fatal(err)
				}
				if len(ttf) >= len(face.TTF())/2 {
					t.Errorf("subset is %d bytes of %d", len(ttf), len(face.TTF()))
				}
				sub, err := sfnt.Parse(ttf)
				if err != nil {
					t.Fatalf("parse subset: %v", err)
				}
				orig := face.Font()
				var b1, b2 sfnt.Buffer
				ppem := fixed.I(2048)
				for r := range runes {
					g1, _ := orig.GlyphIndex(&b1, r)
					g2, err := sub.GlyphIndex(&b2, r)
					if err != nil || g1 != g2 {
						t.Fatalf("%q: glyph %d in the subset, %d in the font (%v)", r, g2, g1, err)
					}
					s1, err1 := orig.LoadGlyph(&b1, g1, ppem, nil)
					s2, err2 := sub.LoadGlyph(&b2, g2, ppem, nil)
					if err1 != nil || err2 != nil || !slices.Equal(s1, s2) {
						t.Errorf("%q: outline differs (%v, %v)", r, err1, err2)
					}
					a1, _ := orig.GlyphAdvance(&b1, g1, ppem, font.HintingNone)
					a2, _ := sub.GlyphAdvance(&b2, g2, ppem, font.HintingNone)
					if a1 != a2 {
						t.Errorf("%q: advance %v, want %v", r, a2, a1)
					}
				}
				for _, r := range unused {
					g, _ := sub.GlyphIndex(&b2, r)
					if s, err := sub.LoadGlyph(&b2, g, ppem, nil); err != nil || len(s) != 0 {
						t.Errorf("%q: unused glyph kept (%d segments, %v)", r, len(s), err)
					}
				}
				if tool, err := exec.LookPath("ots-sanitize"); err == nil {
					dir := t.TempDir()
					in := filepath.Join(dir, "sub.ttf")
					if err := os.WriteFile(in, ttf, 0o644); err != nil {
						t.Fatal(err)
					}
					if msg, err := exec.Command(tool, in, filepath.Join(dir, "out.ttf")).CombinedOutput(); err != nil {
						t.Errorf("ots-sanitize rejects the subset: %v\n%s", err, msg)
					}
				}
			})
		}
	}
}

func TestSubsetMalformed(t *testing.T) {
	good := draw.Regular.TTF()
	for _, ttf := range [][]byte{nil, good[:11], good[:40], append(good[:12:12], make([]byte, 16*14)...)} {
		if _, err := subsetTTF(ttf, []uint16{0, 5}); err == nil {
			t.Errorf("%d-byte font: no error", len(ttf))
		}
	}
}
