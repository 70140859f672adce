package app

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// fynePatched reports whether this test binary was built against Fyne
// with the patches of third_party/fyne, as make unit builds it (and says
// so in CASMAP_FYNE_PATCHED), rather than the release go.mod names.
func fynePatched() bool { return os.Getenv("CASMAP_FYNE_PATCHED") == "1" }

// fontIndexes lists the system font index files Fyne writes into dir the
// first time it looks for a system font.
func fontIndexes(dir string) []string {
	m, _ := filepath.Glob(filepath.Join(dir, "font_index_v*.cache"))
	return m
}

// TestSystemFontOnlyForMissingGlyphs checks third_party/fyne's patch: text
// the bundled fonts can draw, in every style the window uses, does not make
// Fyne index the system fonts or load one (megabytes each), and a character
// they lack still finds a system font. It runs in a child process, so that
// no earlier test has loaded a font.
func TestSystemFontOnlyForMissingGlyphs(t *testing.T) {
	if os.Getenv("CASMAP_FONT_CHILD") != "" {
		fontChild()
		return
	}
	if !fynePatched() {
		t.Skip("Fyne is not built with third_party/fyne's patches here: run make unit")
	}
	cache := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSystemFontOnlyForMissingGlyphs$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CASMAP_FONT_CHILD=1", "XDG_CACHE_HOME="+cache)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	got := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok && strings.HasPrefix(k, "fonts ") {
			got[k] = v
		}
	}
	if got["fonts after latin"] != "0" {
		t.Errorf("the system fonts were indexed for text the bundled fonts draw (index files: %q)\n%s", got["fonts after latin"], out)
	}
	if hasSystemFonts() && got["fonts after cjk"] == "0" {
		t.Errorf("a character missing from the bundled fonts did not look for a system font\n%s", out)
	}
}

// fontChild measures text as the window does and prints how many font
// index files exist after Latin text and after Chinese text.
func fontChild() {
	a := test.NewApp()
	defer a.Quit()
	dir := os.Getenv("XDG_CACHE_HOME")
	for _, st := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Monospace: true}} {
		fyne.MeasureText("Kyrgyzstan — “Kant” air base, 3–4 Feb 2019 · Ашхабад", 14, st)
	}
	fmt.Printf("fonts after latin=%d\n", len(fontIndexes(dir)))
	fyne.MeasureText("塔吉克斯坦", 14, fyne.TextStyle{})
	fmt.Printf("fonts after cjk=%d\n", len(fontIndexes(dir)))
}

// hasSystemFonts reports whether the machine has a font file where Fyne
// looks for them.
func hasSystemFonts() bool {
	found := false
	_ = filepath.WalkDir("/usr/share/fonts", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".ttf") || strings.HasSuffix(p, ".otf")) {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}
