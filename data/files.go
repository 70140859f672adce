package data

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"casmap/data/atomicfile"
)

// maxSlugLen is the longest slug Slugify makes; shorter than MaxIDLen, so
// that a suffix for uniqueness still fits.
const maxSlugLen = 60

// Slugify turns a title into an id: lower-case ASCII letters and digits
// joined by single hyphens, accents dropped ("Tadjikistan: la frontière" →
// "tadjikistan-la-frontiere"), at most 60 bytes, cut at a hyphen. It returns
// "" when the title has no letter or digit it can keep.
func Slugify(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(strings.ToLower(title)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
			// accents and apostrophes vanish: "Lavrov’s" → "lavrovs"
		default:
			hyphen = true
		}
	}
	s := b.String()
	if len(s) > maxSlugLen {
		s = s[:maxSlugLen]
		if i := strings.LastIndexByte(s, '-'); i > maxSlugLen/2 {
			s = s[:i]
		}
		s = strings.TrimRight(s, "-")
	}
	return s
}

// UniqueID returns base, or base followed by "-2", "-3"… when taken says
// base is in use. An empty base becomes fallback.
func UniqueID(base, fallback string, taken func(string) bool) string {
	if base == "" {
		base = fallback
	}
	if !taken(base) {
		return base
	}
	for n := 2; ; n++ {
		id := fmt.Sprintf("%s-%d", base, n)
		if !taken(id) {
			return id
		}
	}
}

// WriteSourceText copies text, byte for byte, into the sources folder of a
// dataset file at datasetPath, as slug plus ext (".txt" or ".md"), and
// returns the file's path relative to the dataset's folder, as
// Source.File takes it. It never overwrites a different file: when the
// name is taken by other bytes it tries slug-2, slug-3…; when a file with
// the same bytes is there already, it is reused. The sources folder is
// made when missing. The write is atomic.
func WriteSourceText(datasetPath, slug, ext string, text []byte) (string, error) {
	if slug == "" {
		slug = "source"
	}
	if ext != ".md" {
		ext = ".txt"
	}
	dir := filepath.Join(filepath.Dir(datasetPath), SourcesDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("add source %s: %w", slug, err)
	}
	for n := 1; ; n++ {
		name := slug + ext
		if n > 1 {
			name = fmt.Sprintf("%s-%d%s", slug, n, ext)
		}
		full := filepath.Join(dir, name)
		old, err := os.ReadFile(full)
		switch {
		case err == nil && bytes.Equal(old, text):
			return SourcesDir + "/" + name, nil
		case err == nil:
			continue // another text has this name
		case !errors.Is(err, fs.ErrNotExist):
			return "", fmt.Errorf("add source: %w", err)
		}
		if err := atomicfile.WriteFile(full, text, 0o644); err != nil {
			return "", fmt.Errorf("add source: %w", err)
		}
		return SourcesDir + "/" + name, nil
	}
}

// SaveCopy saves the dataset as a new file at path, with its file sources:
// each source file is written beside the new file at the same relative
// path, unless a file with the same bytes is there already. It refuses to
// overwrite a different source file. On success the dataset's Path is path.
func (d *Dataset) SaveCopy(path string) error {
	dir := filepath.Dir(path)
	for _, s := range d.Sources {
		if s == nil || s.File == "" {
			continue
		}
		full := filepath.Join(dir, filepath.FromSlash(s.File))
		old, err := os.ReadFile(full)
		switch {
		case err == nil && string(old) == s.Text:
			continue
		case err == nil:
			return fmt.Errorf("save copy %s: source %s: %s exists with another text; choose another folder", path, s.ID, full)
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("save copy %s: source %s: %w", path, s.ID, err)
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return fmt.Errorf("save copy %s: source %s: %w", path, s.ID, err)
		}
		if err := atomicfile.WriteFile(full, []byte(s.Text), 0o644); err != nil {
			return fmt.Errorf("save copy %s: source %s: %w", path, s.ID, err)
		}
	}
	if err := d.Save(path); err != nil {
		return err
	}
	d.Path = path
	return nil
}
