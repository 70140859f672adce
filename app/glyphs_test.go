package app

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
)

// TestUIStringsHaveGlyphs checks that every character of the app's string
// literals is in the theme's text font, so no label shows a missing-glyph
// box on a system without fallback fonts.
func TestUIStringsHaveGlyphs(t *testing.T) {
	face, err := font.ParseTTF(bytes.NewReader(theme.DefaultTextFont().Content()))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("*.go")
	missing := map[rune][]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, r := range s {
				if r < 0x80 {
					continue
				}
				if _, ok := face.NominalGlyph(r); !ok {
					missing[r] = append(missing[r], fset.Position(lit.Pos()).String())
				}
			}
			return true
		})
	}
	var rs []rune
	for r := range missing {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	for _, r := range rs {
		t.Errorf("%q (U+%04X) is not in the text font; used at %s", r, r, strings.Join(missing[r], ", "))
	}
}
